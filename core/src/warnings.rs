//! The catalogue of warning codes: every code a result's `warnings` can give, with its stable
//! wire string and a short Chinese and English title.
//!
//! A warning says what a result rests on that a reader should know: an illustrative figure, an
//! expired source, a rule not encoded, an answer not given. Its message gives the particulars
//! (the parameter, the source, the member); the code and title are fixed here, so a result, a
//! test and a portal page name the same code. The catalogue is listed in the docs
//! (`docs/engine.md`), written to `schema/warnings.json` and the TypeScript types, and exported
//! to Python (`minzheng.WARNING_CODES`).

crate::catalogue::code_catalogue! {
    /// What a result's warning is about: a code of the catalogue.
    pub enum WarningCode;
    /// A parameter used has an illustrative value (not yet verified against its source).
    IllustrativeParameter => "illustrative_parameter", "使用了示例数值", "an illustrative figure was used",
    /// A rule used is illustrative (the local rule is not encoded).
    IllustrativeRule => "illustrative_rule", "使用了示例规则", "an illustrative rule was used",
    /// A source document has expired and no successor is encoded.
    SourceExpired => "source_expired", "文件已到期，未收录后续文件", "a source expired with no successor encoded",
    /// A figure's start date is not in its source: an earlier value may apply on the date.
    EffectiveDateUncertain => "effective_date_uncertain", "数值的起始日期未确定", "a figure's start date is uncertain",
    /// A 特困 care standard could not be determined on the date.
    CareStandardUndetermined => "care_standard_undetermined", "照料护理标准无法确定", "a care standard could not be determined",
    /// A rule that may apply is not encoded.
    RuleNotEncoded => "rule_not_encoded", "有规则尚未收录", "a rule that may apply is not encoded",
    /// A parameter has no value in force on the date (that part is undetermined).
    ParameterNotInForce => "parameter_not_in_force", "该日期没有适用的数值", "no value in force on the date",
    /// A mandatory standard was not yet in force on the assessment date.
    StandardNotInForce => "standard_not_in_force", "强制性标准在该日期尚未实施", "a mandatory standard was not yet in force",
    /// An answer a rule needs was not given (the message names the field).
    InputNotGiven => "input_not_given", "未提供所需资料", "an answer the rule needs was not given",
    /// Guangdong's 2026 home-visit assessment may still apply.
    HomeVisitRoute => "home_visit_route", "可能进入入户综合评估", "the home-visit assessment may still apply",
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_snake_case_and_titled() {
        let mut seen = std::collections::HashSet::new();
        for w in WarningCode::ALL {
            let code = w.code();
            assert!(seen.insert(code), "{code} twice");
            assert!(
                code.chars().all(|c| c.is_ascii_lowercase() || c == '_'),
                "{code}"
            );
            assert!(
                !w.title_zh().is_empty() && !w.title_en().is_empty(),
                "{code}"
            );
        }
    }
}

//! The calculation context: the date, the region, the parameter store, and what the
//! calculation used (for warnings and the receipt).

use crate::date::Date;
use crate::error::{Error, ErrorCode};
use crate::params::{Citation, ParamRef, ParameterStore, ParameterUse, Status};
use crate::region::{Area, District};
use crate::warnings::WarningCode;
use crate::wire::Warning;

/// The parameter uses a context has room for before it grows.
const USED_CAPACITY: usize = 16;

/// Everything a programme needs besides the household.
pub struct Context<'a> {
    store: &'a ParameterStore,
    /// The calculation date.
    pub date: Date,
    /// The district, when the calculation concerns one.
    pub district: Option<District>,
    /// The area (urban / rural), when the calculation concerns one.
    pub area: Option<Area>,
    /// Whether to build step-by-step explanations.
    pub explain: bool,
    used: Vec<ParamRef<'a>>,
    warnings: Vec<Warning>,
}

impl<'a> Context<'a> {
    /// A context for one calculation in `district` and `area` (`None` for city-wide rules).
    pub fn new(
        store: &'a ParameterStore,
        date: Date,
        district: Option<District>,
        area: Option<Area>,
        explain: bool,
    ) -> Context<'a> {
        Context {
            store,
            date,
            district,
            area,
            explain,
            // Room for the uses of a household's calculation at once (eight in a typical one).
            used: Vec::with_capacity(USED_CAPACITY),
            warnings: Vec::new(),
        }
    }

    /// The parameter store.
    pub fn store(&self) -> &'a ParameterStore {
        self.store
    }

    /// Records `p` as used (for warnings and the receipt), as [`Context::param`] does.
    pub fn record(&mut self, p: ParamRef<'a>) -> ParamRef<'a> {
        self.used.push(p);
        p
    }

    /// The value of `key` in force, recorded as used. A date no value covers is an error.
    pub fn param(&mut self, key: &str) -> Result<ParamRef<'a>, Error> {
        let p = self
            .store
            .lookup(key, self.district, self.area, self.date)?;
        self.used.push(p);
        Ok(p)
    }

    /// Like [`Context::param`], but a date no value covers gives `None` (the caller reports the
    /// part of the determination as undetermined) and a warning.
    pub fn param_if_in_force(&mut self, key: &str) -> Result<Option<ParamRef<'a>>, Error> {
        match self.param(key) {
            Ok(p) => Ok(Some(p)),
            Err(e) if e.code == ErrorCode::ParameterNotInForce => {
                self.warn(
                    WarningCode::ParameterNotInForce,
                    Some(key),
                    &e.message,
                    &e.message,
                );
                Ok(None)
            }
            Err(e) => Err(e),
        }
    }

    /// A citation of `article` in the source `key` of the store.
    pub fn cite(&self, key: &str, article: &str) -> Citation {
        self.store.cite(key, article)
    }

    /// The explanation form of parameters, or nothing when explanations are off.
    pub fn uses(&self, params: &[ParamRef<'_>]) -> Vec<ParameterUse> {
        if self.explain {
            params.iter().map(ParameterUse::from).collect()
        } else {
            Vec::new()
        }
    }

    /// Whether a warning of `code` about `parameter` was added.
    fn has_warning(&self, code: &str, parameter: Option<&str>) -> bool {
        self.warnings
            .iter()
            .any(|w| w.code == code && w.parameter.as_deref() == parameter)
    }

    /// Adds a warning (once per code and parameter).
    pub fn warn(&mut self, code: WarningCode, parameter: Option<&str>, zh: &str, en: &str) {
        let code = code.code();
        if !self.has_warning(code, parameter) {
            self.warnings.push(Warning {
                code: code.to_string(),
                parameter: parameter.map(str::to_string),
                source: None,
                parameters: Vec::new(),
                message_zh: zh.to_string(),
                message_en: en.to_string(),
            });
        }
    }

    /// Finishes: adds the warnings implied by the parameters used (illustrative figures; one
    /// per expired source and one per source whose figure's start date is uncertain on the
    /// date, each naming the parameters resting on it) and returns the warnings and the
    /// parameters used.
    pub fn finish(mut self) -> (Vec<Warning>, Vec<ParamRef<'a>>) {
        let used = std::mem::take(&mut self.used);
        let mut expired: Vec<(&'a crate::params::Source, Vec<ParamRef<'a>>)> = Vec::new();
        let mut uncertain: Vec<(&'a crate::params::Source, Vec<ParamRef<'a>>)> = Vec::new();
        for p in &used {
            let key = p.parameter.key.as_str();
            // A parameter used more than once is warned about once (as `warn` would keep it):
            // its messages are written only for the first use.
            if p.value.status == Status::Illustrative
                && !self.has_warning(WarningCode::IllustrativeParameter.code(), Some(key))
            {
                self.warn(
                    WarningCode::IllustrativeParameter,
                    Some(key),
                    &format!(
                        "本结果使用了示例数值：{}＝{}（官方数值尚未核实，仅供演示）",
                        p.parameter.label_zh, p.value.value
                    ),
                    &format!(
                        "This result used an illustrative figure: {} = {} (the official figure has not been verified)",
                        p.parameter.label_en, p.value.value
                    ),
                );
            }
            if p.source.expires.is_some_and(|e| self.date >= e) {
                group(&mut expired, p);
            }
            if p.value.uncertain_on(self.date) {
                group(&mut uncertain, p);
            }
        }
        for (source, params) in expired {
            let expires = source.expires.map(|d| d.to_string()).unwrap_or_default();
            let zh: Vec<&str> = params
                .iter()
                .map(|p| p.parameter.label_zh.as_str())
                .collect();
            let en: Vec<&str> = params
                .iter()
                .map(|p| p.parameter.label_en.as_str())
                .collect();
            let warning = Warning {
                code: WarningCode::SourceExpired.code().into(),
                parameter: None,
                source: Some(source.key.to_string()),
                parameters: params.iter().map(|p| p.parameter.key.clone()).collect(),
                message_zh: format!(
                    "文件{}（{}）已于{expires}到期，尚未收录后续文件；以下数值沿用最后数值，可能已有新标准：{}",
                    source.number,
                    source.key,
                    zh.join("、")
                ),
                message_en: format!(
                    "The document {} ({}) expired on {expires} and no successor is encoded; the last value is kept, and a newer figure may exist, for: {}",
                    source.key,
                    source.number,
                    en.join("; ")
                ),
            };
            self.warnings.push(warning);
        }
        for (source, params) in uncertain {
            let zh: Vec<String> = params
                .iter()
                .map(|p| {
                    format!(
                        "{}（按{}起取用，至{}止未确定）",
                        p.parameter.label_zh,
                        p.value.from,
                        until(p)
                    )
                })
                .collect();
            let en: Vec<String> = params
                .iter()
                .map(|p| {
                    format!(
                        "{} (taken from {}; uncertain up to {})",
                        p.parameter.label_en,
                        p.value.from,
                        until(p)
                    )
                })
                .collect();
            self.warnings.push(Warning {
                code: WarningCode::EffectiveDateUncertain.code().into(),
                parameter: None,
                source: Some(source.key.to_string()),
                parameters: params.iter().map(|p| p.parameter.key.clone()).collect(),
                message_zh: format!(
                    "{}（{}）所定数值的起始日期未见原文：按1月1日起取用，在本计算日期可能仍适用此前的数值：{}",
                    source.number,
                    source.key,
                    zh.join("、")
                ),
                message_en: format!(
                    "The effective-from date of the figures of {} ({}) was not seen: they are taken from 1 January, but on this date an earlier figure may still have applied: {}",
                    source.key,
                    source.number,
                    en.join("; ")
                ),
            });
        }
        (self.warnings, used)
    }
}

/// Adds `p` to the group of its source, once per parameter, keeping the order of first use.
fn group<'a>(groups: &mut Vec<(&'a crate::params::Source, Vec<ParamRef<'a>>)>, p: &ParamRef<'a>) {
    let position = groups.iter().position(|(s, _)| s.key == p.source.key);
    let params = match position.and_then(|i| groups.get_mut(i)) {
        Some((_, params)) => params,
        None => {
            groups.push((p.source, Vec::new()));
            match groups.last_mut() {
                Some((_, params)) => params,
                None => return,
            }
        }
    };
    if !params.iter().any(|q| q.parameter.key == p.parameter.key) {
        params.push(*p);
    }
}

/// The last day of a value's uncertain window.
fn until(p: &ParamRef<'_>) -> String {
    p.value
        .uncertain_until
        .map(|d| d.to_string())
        .unwrap_or_default()
}

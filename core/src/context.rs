//! The calculation context: the date, the region, the parameter store, and what the
//! calculation used (for warnings and the receipt).

use crate::date::Date;
use crate::error::{Error, ErrorCode};
use crate::params::{Citation, ParamRef, ParameterStore, ParameterUse, Status};
use crate::region::{Area, District};
use crate::wire::Warning;

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
            used: Vec::new(),
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
                self.warn("parameter_not_in_force", Some(key), &e.message, &e.message);
                Ok(None)
            }
            Err(e) => Err(e),
        }
    }

    /// A citation of `article` in the source `key` of the store.
    pub fn cite(&self, key: &str, article: &str) -> Citation {
        match self.store.source(key) {
            Some(source) => Citation::of(source, article),
            None => Citation {
                source: key.to_string(),
                document: key.to_string(),
                issuer: String::new(),
                number: String::new(),
                article: article.to_string(),
                url: String::new(),
            },
        }
    }

    /// The explanation form of parameters, or nothing when explanations are off.
    pub fn uses(&self, params: &[ParamRef<'_>]) -> Vec<ParameterUse> {
        if self.explain {
            params.iter().map(ParameterUse::from).collect()
        } else {
            Vec::new()
        }
    }

    /// Adds a warning (once per code and parameter).
    pub fn warn(&mut self, code: &str, parameter: Option<&str>, zh: &str, en: &str) {
        let exists = self
            .warnings
            .iter()
            .any(|w| w.code == code && w.parameter.as_deref() == parameter);
        if !exists {
            self.warnings.push(Warning {
                code: code.to_string(),
                parameter: parameter.map(str::to_string),
                message_zh: zh.to_string(),
                message_en: en.to_string(),
            });
        }
    }

    /// Finishes: adds the warnings implied by the parameters used (illustrative figures, expired
    /// sources) and returns the warnings and the parameters used.
    pub fn finish(mut self) -> (Vec<Warning>, Vec<ParamRef<'a>>) {
        let used = std::mem::take(&mut self.used);
        for p in &used {
            let key = p.parameter.key.as_str();
            if p.value.status == Status::Illustrative {
                self.warn(
                    "illustrative_parameter",
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
            if let Some(expires) = p.source.expires.filter(|e| self.date >= *e) {
                self.warn(
                    "source_expired",
                    Some(key),
                    &format!(
                        "{}所依据的文件{}已于{}到期，尚未收录后续文件，沿用最后数值；可能已有新标准",
                        p.parameter.label_zh, p.source.number, expires
                    ),
                    &format!(
                        "The document behind {} ({}) expired on {}; no successor is encoded, so the last value is kept and a newer figure may exist",
                        p.parameter.label_en, p.source.key, expires
                    ),
                );
            }
        }
        (self.warnings, used)
    }
}

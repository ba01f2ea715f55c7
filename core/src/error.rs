//! Typed errors with stable machine codes and the field they concern.
//!
//! "Not eligible" is never an error: it is a result with a reason. Errors are for input that
//! cannot be calculated (malformed, out of range, inconsistent) and for a date no parameter covers.
//! The `code` strings are stable API: portals and notebooks branch on them, tests assert on them.

use serde::Serialize;
use std::fmt;

/// Marks a stable code inside a serde error message: `\u{1}code\u{1}message`. Custom
/// deserializers use it so that a failure deep inside serde keeps its code.
pub(crate) const CODE_TAG: char = '\u{1}';

/// `message` tagged with its stable `code` ([`CODE_TAG`]), for a custom deserializer's error.
pub(crate) fn tagged(code: &str, message: &str) -> String {
    format!("{CODE_TAG}{code}{CODE_TAG}{message}")
}

/// The stable error codes. Each serializes to its snake_case name.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub enum ErrorCode {
    /// The request is not valid JSON (syntax, truncated, or nested too deeply).
    InvalidJson,
    /// The request exceeds an input limit (size in bytes, number of members).
    InputTooLarge,
    /// A field has the wrong JSON type.
    InvalidType,
    /// A required field is missing.
    MissingField,
    /// A field is not part of the request format.
    UnknownField,
    /// A value is not one of the allowed values (e.g. an unknown district).
    InvalidValue,
    /// An amount is not a decimal string in 元 with at most two decimals, or is too large.
    InvalidMoney,
    /// An amount is negative.
    NegativeAmount,
    /// A date is not `YYYY-MM-DD` or is outside 1900–2199.
    InvalidDate,
    /// A number is outside its allowed range (age, disability grade).
    OutOfRange,
    /// Two fields contradict each other (e.g. both age and birth date, or a birth after the
    /// calculation date).
    ConflictingFields,
    /// Two members share an id.
    DuplicateId,
    /// The household has no members.
    NoMembers,
    /// No parameter value is in force on the calculation date (e.g. a date before any encoded
    /// standard).
    ParameterNotInForce,
    /// The embedded parameter data is invalid (a defect of the build, never of the request).
    InvalidParameterData,
    /// A defect of the engine itself, never of the request or the parameter data: a worker
    /// thread stopped, a result could not be encoded, an invariant the engine keeps did not
    /// hold.
    #[serde(rename = "internal_error")]
    Internal,
}

impl ErrorCode {
    /// The stable machine code.
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorCode::InvalidJson => "invalid_json",
            ErrorCode::InputTooLarge => "input_too_large",
            ErrorCode::InvalidType => "invalid_type",
            ErrorCode::MissingField => "missing_field",
            ErrorCode::UnknownField => "unknown_field",
            ErrorCode::InvalidValue => "invalid_value",
            ErrorCode::InvalidMoney => "invalid_money",
            ErrorCode::NegativeAmount => "negative_amount",
            ErrorCode::InvalidDate => "invalid_date",
            ErrorCode::OutOfRange => "out_of_range",
            ErrorCode::ConflictingFields => "conflicting_fields",
            ErrorCode::DuplicateId => "duplicate_id",
            ErrorCode::NoMembers => "no_members",
            ErrorCode::ParameterNotInForce => "parameter_not_in_force",
            ErrorCode::InvalidParameterData => "invalid_parameter_data",
            ErrorCode::Internal => "internal_error",
        }
    }

    /// Every code, for documentation and for bindings that mirror them.
    pub const ALL: [ErrorCode; 16] = [
        ErrorCode::InvalidJson,
        ErrorCode::InputTooLarge,
        ErrorCode::InvalidType,
        ErrorCode::MissingField,
        ErrorCode::UnknownField,
        ErrorCode::InvalidValue,
        ErrorCode::InvalidMoney,
        ErrorCode::NegativeAmount,
        ErrorCode::InvalidDate,
        ErrorCode::OutOfRange,
        ErrorCode::ConflictingFields,
        ErrorCode::DuplicateId,
        ErrorCode::NoMembers,
        ErrorCode::ParameterNotInForce,
        ErrorCode::InvalidParameterData,
        ErrorCode::Internal,
    ];

    fn from_tag(tag: &str) -> Option<ErrorCode> {
        ErrorCode::ALL.into_iter().find(|c| c.as_str() == tag)
    }

    /// Whether the error concerns the request (as opposed to parameter coverage or data, or a
    /// defect of the engine).
    pub fn is_input_error(self) -> bool {
        !matches!(
            self,
            ErrorCode::ParameterNotInForce | ErrorCode::InvalidParameterData | ErrorCode::Internal
        )
    }
}

impl fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// An error: a stable code, the path of the field concerned (`household.members[2].income.wages`,
/// empty for the whole request) and a human-readable message.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Error {
    /// Stable machine code.
    pub code: ErrorCode,
    /// Path of the offending field in the request, `""` for the request as a whole.
    pub path: String,
    /// Explanation for people.
    pub message: String,
}

impl Error {
    /// Builds an error.
    pub fn new(code: ErrorCode, path: impl Into<String>, message: impl Into<String>) -> Error {
        Error {
            code,
            path: path.into(),
            message: message.into(),
        }
    }

    /// The error as a JSON object string `{"code":…,"path":…,"message":…}`.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_else(|_| {
            format!(
                "{{\"code\":\"{}\",\"path\":\"\",\"message\":\"\"}}",
                self.code
            )
        })
    }

    /// Maps a serde_json error met at `path` to a typed error.
    pub(crate) fn from_serde(path: String, err: &serde_json::Error) -> Error {
        use serde_json::error::Category;
        let raw = err.to_string();
        if matches!(
            err.classify(),
            Category::Syntax | Category::Eof | Category::Io
        ) {
            // Not JSON: there is no field to name; the message keeps line and column.
            let message = if raw.contains("recursion limit") {
                format!("the JSON is nested too deeply ({raw})")
            } else if raw.starts_with("unexpected end of hex escape")
                || raw.starts_with("lone leading surrogate in hex escape")
            {
                // serde_json's names for a `\u` escape of half a UTF-16 pair without its other
                // half (a leading one not followed by a trailing one, or a trailing one alone).
                let at = raw
                    .rfind(" at line ")
                    .and_then(|i| raw.get(i..))
                    .unwrap_or("");
                format!(
                    "the text is not valid Unicode: a \\u escape holds a lone surrogate (half \
                     of a UTF-16 pair){at}"
                )
            } else {
                raw
            };
            return Error::new(ErrorCode::InvalidJson, String::new(), message);
        }
        // serde_json appends " at line L column C"; keep the message, drop the position.
        let message = match raw.rfind(" at line ") {
            Some(i) => raw.get(..i).unwrap_or(&raw).to_string(),
            None => raw.clone(),
        };
        if let Some((code, text)) = split_tag(&message) {
            return Error::new(code, path, text);
        }
        let code = if message.starts_with("missing field") {
            ErrorCode::MissingField
        } else if message.starts_with("unknown field") {
            ErrorCode::UnknownField
        } else if message.starts_with("invalid type") {
            ErrorCode::InvalidType
        } else {
            ErrorCode::InvalidValue
        };
        Error::new(code, path, message)
    }
}

pub(crate) fn split_tag(message: &str) -> Option<(ErrorCode, String)> {
    let start = message.find(CODE_TAG)?;
    let rest = message.get(start + CODE_TAG.len_utf8()..)?;
    let end = rest.find(CODE_TAG)?;
    let code = ErrorCode::from_tag(rest.get(..end)?)?;
    let text = rest.get(end + CODE_TAG.len_utf8()..)?.to_string();
    Some((code, text))
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.path.is_empty() {
            write!(f, "{}: {}", self.code, self.message)
        } else {
            write!(f, "{} at {}: {}", self.code, self.path, self.message)
        }
    }
}

impl std::error::Error for Error {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_code_serializes_as_its_stable_string() {
        for code in ErrorCode::ALL {
            let wire = serde_json::to_value(code).ok();
            assert_eq!(wire.as_ref().and_then(|v| v.as_str()), Some(code.as_str()));
            assert_eq!(ErrorCode::from_tag(code.as_str()), Some(code));
        }
    }

    #[test]
    fn a_lone_surrogate_escape_is_named_as_such_with_its_place() {
        for text in [
            r#"{"a":"\ud800"}"#,
            r#"{"a":"\ud800x"}"#,
            r#"{"a":"\udc00"}"#,
            r#"{"a":"\ud800\u0041"}"#,
        ] {
            let err = serde_json::from_str::<serde_json::Value>(text).expect_err(text);
            let e = Error::from_serde(String::new(), &err);
            assert_eq!(e.code, ErrorCode::InvalidJson, "{text}");
            assert!(
                e.message.contains("lone surrogate"),
                "{text}: {}",
                e.message
            );
            assert!(
                e.message.contains(" at line 1 column "),
                "{text}: {}",
                e.message
            );
        }
        // A pair is text like any other.
        assert!(serde_json::from_str::<serde_json::Value>(r#"{"a":"\ud83d\ude00"}"#).is_ok());
    }
}

//! Maps core errors to the Python exception hierarchy of `minzheng.errors`, and checks text
//! arguments.

use std::borrow::Cow;

use minzheng::{Error, ErrorCode};
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyString};

/// The Python module defining the exception classes.
const ERRORS_MODULE: &str = "minzheng.errors";

/// Builds the Python exception for a core error: `InputError` for a bad request,
/// `ParameterError` for parameter coverage or data, `InternalError` for a defect of the engine.
/// If the classes cannot be loaded, the import error itself is returned (still a Python
/// exception, never a crash).
pub(crate) fn to_py_err(py: Python<'_>, error: &Error) -> PyErr {
    build(py, error).unwrap_or_else(|e| e)
}

fn build(py: Python<'_>, error: &Error) -> PyResult<PyErr> {
    let class_name = match error.code {
        ErrorCode::Internal => "InternalError",
        code if code.is_input_error() => "InputError",
        _ => "ParameterError",
    };
    let class = py.import(ERRORS_MODULE)?.getattr(class_name)?;
    let instance = class.call1((error.code.as_str(), &error.path, &error.message))?;
    Ok(PyErr::from_value(instance))
}

/// Reads a text argument: `InputError` `invalid_type` at `path` if it is not a `str` (or, for
/// the request, UTF-8 `bytes`), `invalid_json` at `path` if it is not valid Unicode (a lone
/// surrogate, bytes that are not UTF-8: read strictly, as in every runtime).
pub(crate) fn text_arg<'a>(
    py: Python<'_>,
    value: &'a Bound<'_, PyAny>,
    path: &str,
) -> PyResult<Cow<'a, str>> {
    if path.is_empty() {
        if let Ok(bytes) = value.cast::<PyBytes>() {
            return minzheng::request_text(bytes.as_bytes())
                .map(|text| Cow::Owned(text.to_string()))
                .map_err(|e| to_py_err(py, &e));
        }
    }
    let text = value.cast::<PyString>().map_err(|_| {
        let kind = value
            .get_type()
            .name()
            .map(|n| n.to_string())
            .unwrap_or_else(|_| "object".to_string());
        let what = if path.is_empty() { "the request" } else { path };
        let message = format!("{what} must be text (a str), not {kind}");
        to_py_err(py, &Error::new(ErrorCode::InvalidType, path, message))
    })?;
    text.to_cow().map_err(|e| {
        let message = format!("the text is not valid Unicode: {e}");
        to_py_err(py, &Error::new(ErrorCode::InvalidJson, path, message))
    })
}

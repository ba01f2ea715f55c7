//! Maps core errors to the Python exception hierarchy of `minzheng.errors`.

use minzheng::Error;
use pyo3::prelude::*;

/// The Python module defining the exception classes.
const ERRORS_MODULE: &str = "minzheng.errors";

/// Builds the Python exception for a core error: `InputError` for a bad request,
/// `ParameterError` for parameter coverage or data. If the classes cannot be loaded, the import
/// error itself is returned (still a Python exception, never a crash).
pub(crate) fn to_py_err(py: Python<'_>, error: &Error) -> PyErr {
    build(py, error).unwrap_or_else(|e| e)
}

fn build(py: Python<'_>, error: &Error) -> PyResult<PyErr> {
    let class_name = if error.code.is_input_error() {
        "InputError"
    } else {
        "ParameterError"
    };
    let class = py.import(ERRORS_MODULE)?.getattr(class_name)?;
    let instance = class.call1((error.code.as_str(), &error.path, &error.message))?;
    Ok(PyErr::from_value(instance))
}

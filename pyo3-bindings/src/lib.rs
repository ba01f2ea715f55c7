//! Python binding of [`minzheng`]: the native module `minzheng._native`.
//!
//! A thin shim over the one wire entry point, [`minzheng::calculate_json`], so that Python gets
//! exactly the decoding, validation, error codes and paths of the Rust and WASM packages. The
//! pure-Python layer (`minzheng/__init__.py`) turns dictionaries into JSON text and decimal result
//! fields into `decimal.Decimal`.
//!
//! Errors are raised as instances of the classes defined in `minzheng/errors.py`:
//! `InputError` for a request that cannot be calculated, `ParameterError` when no parameter
//! covers the calculation date or the embedded parameter data is invalid. Both carry the stable
//! `code`, the offending field's `path` and a `message`.

mod error;

use pyo3::prelude::*;

/// The native module, imported as `minzheng._native`.
#[pymodule]
mod _native {
    use minzheng::{Error, ErrorCode};
    use pyo3::prelude::*;
    use pyo3::types::PyString;

    use crate::error::to_py_err;

    /// Sets `__version__` to this Python package's version (the binding crate's version).
    #[pymodule_init]
    fn init(module: &Bound<'_, PyModule>) -> PyResult<()> {
        module.add("__version__", env!("CARGO_PKG_VERSION"))
    }

    /// Calculates every programme for a request given as JSON text and returns the result as
    /// JSON text. The GIL is released during the calculation.
    ///
    /// Raises `InputError` (code `invalid_type`) when `request` is not a `str`, `InputError`
    /// (code `invalid_json`) when it is not valid Unicode (a lone surrogate), and the core's
    /// typed error otherwise.
    #[pyfunction]
    fn calculate_json(py: Python<'_>, request: &Bound<'_, PyAny>) -> PyResult<String> {
        let text = request.cast::<PyString>().map_err(|_| {
            let kind = request
                .get_type()
                .name()
                .map(|n| n.to_string())
                .unwrap_or_else(|_| "object".to_string());
            to_py_err(
                py,
                &Error::new(
                    ErrorCode::InvalidType,
                    "",
                    format!("the request must be JSON text (a str), not {kind}"),
                ),
            )
        })?;
        let text = text.to_cow().map_err(|e| {
            to_py_err(
                py,
                &Error::new(
                    ErrorCode::InvalidJson,
                    "",
                    format!("the request is not valid Unicode text: {e}"),
                ),
            )
        })?;
        let json: &str = &text;
        py.detach(|| minzheng::calculate_json(json))
            .map_err(|e| to_py_err(py, &e))
    }

    /// The engine version (the core crate's version), as recorded in every receipt.
    #[pyfunction]
    fn engine_version() -> &'static str {
        minzheng::receipt::ENGINE_VERSION
    }

    /// The result fields whose values are always exact decimal strings.
    #[pyfunction]
    fn decimal_fields() -> Vec<&'static str> {
        minzheng::DECIMAL_FIELDS.to_vec()
    }

    /// Every stable error code the engine can raise.
    #[pyfunction]
    fn error_codes() -> Vec<&'static str> {
        ErrorCode::ALL.iter().map(|c| c.as_str()).collect()
    }
}

//! Python binding of [`minzheng`]: the native module `minzheng._native`.
//!
//! A thin shim over the wire APIs ([`minzheng::call_json`], [`minzheng::calculate_json`]), so
//! that Python gets exactly the decoding, validation, error codes and paths of the Rust and WASM
//! packages. The pure-Python layer (`minzheng/__init__.py`) turns dictionaries into JSON text;
//! `calculate` builds its result as Python objects directly (`objects`, with `decimal.Decimal`
//! for the decimal fields), the other APIs' JSON text is parsed in Python.
//!
//! Errors are raised as instances of the classes defined in `minzheng/errors.py`:
//! `InputError` for a request that cannot be calculated, `ParameterError` when no parameter
//! covers the calculation date or the embedded parameter data is invalid. Both carry the stable
//! `code`, the offending field's `path` and a `message`.

mod aggregate;
mod analysis;
mod columnar;
mod error;
mod export;
mod memo;
mod objects;
mod parts;
mod request;
mod stream;

use pyo3::prelude::*;

/// The native module, imported as `minzheng._native`.
#[pymodule]
mod _native {
    use minzheng::ErrorCode;
    use pyo3::prelude::*;
    use pyo3::types::PyString;

    use crate::error::{text_arg, to_py_err};

    #[pymodule_export]
    use crate::aggregate::{aggregate_columns, aggregate_outcome, aggregate_statuses};
    #[pymodule_export]
    use crate::analysis::{
        Scenario, baseline_scenario, calculate_reform_json, cliff_json, columns_with_errors,
        population_requests, reform_scenario, run_population, run_requests,
    };
    #[pymodule_export]
    use crate::columnar::{
        Columns, columnar_programmes, simulate_arrow, simulate_arrow_batches, simulate_requests,
        status_names,
    };
    #[pymodule_export]
    use crate::stream::{
        decile_boundaries, merge_one_pass, merge_partials, partition_one_pass, partition_partial,
        summarise_arrow_batches,
    };

    /// Sets `__version__` to this Python package's version (the binding crate's version).
    #[pymodule_init]
    fn init(module: &Bound<'_, PyModule>) -> PyResult<()> {
        module.add("__version__", env!("CARGO_PKG_VERSION"))
    }

    /// Calls the wire API named `api` with a request given as JSON text and returns the result
    /// as JSON text. The GIL is released during the calculation.
    ///
    /// Raises `InputError` with code `invalid_type` when an argument is not a `str`,
    /// `invalid_json` when the request is not valid Unicode (a lone surrogate),
    /// `invalid_value` at path `api` for an unknown API, and the core's typed error otherwise.
    #[pyfunction]
    fn call_json(
        py: Python<'_>,
        api: &Bound<'_, PyAny>,
        request: &Bound<'_, PyAny>,
    ) -> PyResult<String> {
        let api = text_arg(py, api, "api")?;
        let request = text_arg(py, request, "")?;
        let (api, request): (&str, &str) = (&api, &request);
        py.detach(|| minzheng::call_json(api, request))
            .map_err(|e| to_py_err(py, &e))
    }

    /// Calculates every programme for a request given as JSON text (`call_json("calculate",
    /// request)`). The GIL is released during the calculation.
    #[pyfunction]
    fn calculate_json(py: Python<'_>, request: &Bound<'_, PyAny>) -> PyResult<String> {
        let request = text_arg(py, request, "")?;
        let request: &str = &request;
        py.detach(|| minzheng::calculate_json(request))
            .map_err(|e| to_py_err(py, &e))
    }

    /// Calculates every programme for a request given as JSON text and returns the result as
    /// Python objects built directly (`dict`, `list`, `str`, `int`, `bool`, `None`, and
    /// `decimal.Decimal` for the decimal fields): what `json.loads` of `calculate_json` gives
    /// with the package's decimal hook, without the JSON text. The GIL is released during the
    /// calculation.
    #[pyfunction]
    fn calculate_object<'py>(
        py: Python<'py>,
        request: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let request = text_arg(py, request, "")?;
        let request: &str = &request;
        let result = py
            .detach(|| minzheng::parse_request(request).and_then(|r| minzheng::calculate(&r)))
            .map_err(|e| to_py_err(py, &e))?;
        crate::objects::calculation_objects(py, &result)
    }

    /// Calculates every programme for a request given as a `dict`, read in Rust without JSON
    /// text (`request`), and returns the result as `calculate_object` does; or
    /// `NotImplemented` when the request holds something that reader leaves to
    /// `encode_request` (a float, another type, a value near a limit: see `request.rs`), which
    /// then gives the answer or the error. The GIL is released during the calculation.
    #[pyfunction]
    fn calculate_dict<'py>(
        py: Python<'py>,
        request: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let Ok(result) = crate::request::with_request_value(request, |value| {
            py.detach(|| minzheng::parse_request_value(value).and_then(|r| minzheng::calculate(&r)))
        }) else {
            return Ok(py.NotImplemented().into_bound(py));
        };
        let result = result.map_err(|e| to_py_err(py, &e))?;
        crate::objects::calculation_objects(py, &result)
    }

    /// Calls the wire API named `api` with a request given as a `dict`, read as
    /// `calculate_dict` reads it, and returns the result as JSON text; or `NotImplemented`
    /// when the reader leaves the request to `encode_request`. The GIL is released during the
    /// calculation.
    #[pyfunction]
    fn call_dict<'py>(
        py: Python<'py>,
        api: &Bound<'py, PyAny>,
        request: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let api = text_arg(py, api, "api")?;
        let api: &str = &api;
        let Ok(text) = crate::request::with_request_value(request, |value| {
            py.detach(|| minzheng::call_value(api, value))
        }) else {
            return Ok(py.NotImplemented().into_bound(py));
        };
        let text = text.map_err(|e| to_py_err(py, &e))?;
        Ok(PyString::new(py, &text).into_any())
    }

    /// The names of every wire API.
    #[pyfunction]
    fn api_names() -> Vec<&'static str> {
        minzheng::api_names()
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

    /// Every reason code a result can give, with its Chinese and English title, in the order of
    /// a population run's reason columns.
    #[pyfunction]
    fn reason_codes() -> Vec<(&'static str, &'static str, &'static str)> {
        minzheng::engine::reasons::ReasonCode::ALL
            .iter()
            .map(|r| (r.code(), r.title_zh(), r.title_en()))
            .collect()
    }

    /// Every warning code a result can give, with its Chinese and English title.
    #[pyfunction]
    fn warning_codes() -> Vec<(&'static str, &'static str, &'static str)> {
        minzheng::warnings::WarningCode::ALL
            .iter()
            .map(|w| (w.code(), w.title_zh(), w.title_en()))
            .collect()
    }
}

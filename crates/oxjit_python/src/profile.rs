//! Per-line profiling from Python (`oxjit.profile`, `f.profile`): runs an instrumented entry
//! with the runtime's line counters on and hands the counts, with what each slot means, to
//! `oxjit/_profile.py`, which builds the report.

use crate::errors::internal_error;
use oxjit_compiler::Compiled;
use pyo3::prelude::*;
use pyo3::types::PyTuple;

/// Run `call` (the instrumented entry of `code`) with line counters:
/// `(result, error, functions, lines)`. `error` is the exception the call raised (then
/// `result` is `None`); `functions` is `[(name, filename, first_line, [source lines])]` per
/// function instance; `lines` is `[(function index, line, hits, seconds)]` per line slot.
pub(crate) fn run<'py>(
    py: Python<'py>,
    code: &Compiled,
    call: impl FnOnce() -> PyResult<Py<PyAny>>,
) -> PyResult<Bound<'py, PyTuple>> {
    let map = code
        .profile
        .as_ref()
        .ok_or_else(|| internal_error(py, "profiled entry compiled without line slots"))?;
    oxjit_runtime::profile::start(map.slots.len());
    let result = call();
    let counts = oxjit_runtime::profile::finish()
        .ok_or_else(|| internal_error(py, "the line-profiling session ended early"))?;
    let functions: Vec<(String, String, u32, Vec<String>)> = map
        .functions
        .iter()
        .map(|f| {
            (
                f.name.clone(),
                f.filename.clone(),
                f.first_line,
                f.source.clone(),
            )
        })
        .collect();
    let lines: Vec<(usize, u32, u64, f64)> = map
        .slots
        .iter()
        .zip(counts.hits.iter().zip(&counts.seconds))
        .map(|(&(instance, line), (&hits, &seconds))| (instance, line, hits, seconds))
        .collect();
    let (value, error) = match result {
        Ok(v) => (v, py.None()),
        Err(e) => (py.None(), e.into_value(py).into_any()),
    };
    (value, error, functions, lines).into_pyobject(py)
}

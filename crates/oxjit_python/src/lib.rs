//! The Python binding of oxjit (the only crate that uses PyO3): the `Dispatcher`, argument
//! typing and boxing, and the mapping of errors to Python exceptions.

mod boxing;
mod dispatcher;
mod env;
mod errors;

use pyo3::prelude::*;

/// Runtime allocations not yet freed (for leak tests).
#[pyfunction]
fn live_allocations() -> i64 {
    oxjit_runtime::memory::live_allocations()
}

#[pymodule]
fn _oxjit(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<dispatcher::Dispatcher>()?;
    m.add_function(wrap_pyfunction!(live_allocations, m)?)?;
    Ok(())
}

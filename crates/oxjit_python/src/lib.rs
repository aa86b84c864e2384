//! The Python binding of oxjit (the only crate that uses PyO3): the `Dispatcher`, argument
//! typing and boxing, and the mapping of errors to Python exceptions.

mod boxing;
mod cache;
mod cfunc;
mod classes;
mod dicts;
mod dispatcher;
mod env;
mod errors;
mod gufunc;
mod lists;
mod print;
mod profile;
mod records;
mod signature;
mod strings;
mod typed;
mod typed_dict;
mod ufunc;

use pyo3::prelude::*;

/// Runtime allocations not yet freed (for leak tests).
#[pyfunction]
fn live_allocations() -> i64 {
    oxjit_runtime::memory::live_allocations()
}

/// Set the number of threads of the pool `parallel=True` code runs on.
#[pyfunction]
fn set_num_threads(n: usize) -> PyResult<()> {
    oxjit_runtime::parallel::set_num_threads(n).map_err(pyo3::exceptions::PyValueError::new_err)
}

/// The number of threads of the pool `parallel=True` code runs on.
#[pyfunction]
fn get_num_threads() -> usize {
    oxjit_runtime::parallel::get_num_threads()
}

/// The names of the compiler's passes, in order.
#[pyfunction]
fn pass_names() -> Vec<&'static str> {
    oxjit_compiler::passes::PASSES
        .iter()
        .map(|p| p.name)
        .collect()
}

#[pymodule]
fn _oxjit(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<dispatcher::Dispatcher>()?;
    m.add_class::<typed::TypedList>()?;
    m.add_class::<typed_dict::TypedDict>()?;
    m.add_function(wrap_pyfunction!(live_allocations, m)?)?;
    m.add_function(wrap_pyfunction!(set_num_threads, m)?)?;
    m.add_function(wrap_pyfunction!(get_num_threads, m)?)?;
    m.add_function(wrap_pyfunction!(pass_names, m)?)?;
    print::install();
    ufunc::register(m)?;
    gufunc::register(m)?;
    cfunc::register(m)?;
    classes::register(m)?;
    Ok(())
}

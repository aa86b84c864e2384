//! `oxjit.cfunc`: a jitted function compiled once for a scalar C signature, with a C-ABI
//! trampoline (`oxjit_compiler::codegen::cabi`) whose address C code, `ctypes` and
//! `scipy.LowLevelCallable` can call.
//!
//! `_compile_cfunc(func_id, params, ret, boundscheck)` compiles the function registered under a
//! dispatcher id for the compiled types of the C parameter types and returns a [`CFuncCode`]
//! owning the machine code of both. An error raised by the compiled body cannot propagate
//! through C: it is reported with `sys.unraisablehook` (as Numba does) and the trampoline
//! returns zero.

use crate::errors::{compile_error, runtime_error};
use crate::ufunc::compile_function;
use oxjit_compiler::codegen::cabi::{c_trampoline, CTrampoline, CType};
use oxjit_compiler::Compiled;
use oxjit_runtime::errors::{take_error, ErrorKind, RuntimeError};
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::PyString;

/// The compiled function and its trampoline (kept alive by the Python `CFunc` object).
#[pyclass(frozen, module = "oxjit._oxjit")]
pub struct CFuncCode {
    trampoline: CTrampoline,
    _compiled: Compiled,
    /// What the unraisable report names (the trampoline holds a pointer to it).
    _label: Box<Label>,
}

/// The name an unraisable report shows (boxed: the trampoline keeps its address).
struct Label(String);

#[pymethods]
impl CFuncCode {
    /// The address of the C function.
    #[getter]
    fn address(&self) -> usize {
        self.trampoline.code() as usize
    }
}

/// Called by a trampoline whose entry failed: report the pending error as unraisable.
extern "C" fn report_error(label: *const u8) {
    // SAFETY: `label` is the `Box<Label>` of the `CFuncCode` whose code is running.
    let label = unsafe { &(*(label as *const Label)).0 };
    let error = take_error().unwrap_or_else(|| {
        RuntimeError::new(
            ErrorKind::ValueError,
            "an oxjit cfunc failed with no error set",
        )
    });
    Python::attach(|py| {
        let err = runtime_error(py, error);
        let obj = PyString::new(py, label);
        err.write_unraisable(py, Some(obj.as_any()));
    });
}

fn ctype(name: &str) -> PyResult<CType> {
    CType::from_name(name).ok_or_else(|| {
        PyTypeError::new_err(format!(
            "oxjit.cfunc does not support the type `{name}` (scalar types: int8 ... int64, \
             uint8 ... uint64, float32, float64, boolean)"
        ))
    })
}

/// Compile the function registered under `func_id` for the C signature `ret(params)`.
#[pyfunction]
#[pyo3(signature = (func_id, name, params, ret, boundscheck = true))]
fn _compile_cfunc(
    py: Python<'_>,
    func_id: u64,
    name: String,
    params: Vec<String>,
    ret: Option<String>,
    boundscheck: bool,
) -> PyResult<CFuncCode> {
    let params = params
        .iter()
        .map(|n| ctype(n))
        .collect::<PyResult<Vec<_>>>()?;
    let ret = ret.as_deref().map(ctype).transpose()?;
    let types: Vec<_> = params.iter().map(|c| c.compiled()).collect();
    let compiled = compile_function(py, func_id, &types, boundscheck)?;
    let label = Box::new(Label(format!("<oxjit cfunc {name}>")));
    let trampoline = c_trampoline(
        compiled.entry(),
        &params,
        ret,
        &compiled.ret,
        report_error,
        &*label as *const Label as *const u8,
    )
    .map_err(|e| compile_error(py, e))?;
    Ok(CFuncCode {
        trampoline,
        _compiled: compiled,
        _label: label,
    })
}

/// Register the cfunc compiler in the extension module.
pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<CFuncCode>()?;
    m.add_function(wrap_pyfunction!(_compile_cfunc, m)?)?;
    Ok(())
}

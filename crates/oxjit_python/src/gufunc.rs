//! Generalized ufunc builders (`oxjit.guvectorize`): a function over core arrays (e.g.
//! `def f(x, y, res): res[0] = ...` with the layout `"(n),(n)->()"`) compiled once per dtype
//! signature and wrapped in a `numpy.ufunc` with a core signature
//! (`PyUFunc_FromFuncAndDataAndSignature`), so NumPy loops over the outer (broadcast)
//! dimensions and allocates the outputs.
//!
//! Per outer element, [`gufunc_loop`] passes each operand as the compiled ABI expects: a scalar
//! input (core dimensions `()` with a scalar type) as its 8-byte slot, an array as
//! `{meminfo, data, shape..., strides...}` with a null meminfo (borrowed memory: compiled code
//! never counts references to it) and the core shape and strides NumPy gives. An output with
//! core dimensions `()` is passed as a 1-element 1-d array (Numba's convention: `res[0] = ...`).
//! The loops are owned by the ufunc as in `ufunc.rs`.

use crate::ufunc::{compile_function, failed, loop_panic, make_ufunc, report, Kind, LoopTables};
use numpy::npyffi::npy_intp;
use oxjit_compiler::types::{Dtype, Layout, Type};
use oxjit_compiler::Compiled;
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use std::ffi::{c_char, c_void};
use std::panic::{catch_unwind, AssertUnwindSafe};

type EntryFn = extern "C" fn(*const u64, *mut u64) -> i32;

/// How one operand is passed.
struct Operand {
    kind: Kind,
    /// `None`: a scalar (core dimensions `()`, scalar type); else the array rank passed.
    ndim: Option<usize>,
    /// Indices into NumPy's core dimension sizes (`dims[1 + ix]`), one per core dimension.
    core: Vec<usize>,
}

struct GufuncData {
    entry: EntryFn,
    operands: Vec<Operand>,
}

/// One compiled signature of a generalized ufunc.
#[pyclass(frozen, weakref, module = "oxjit._oxjit")]
pub struct GufuncLoop {
    data: Box<GufuncData>,
    /// Keeps the machine code alive.
    _code: Compiled,
}

#[pymethods]
impl GufuncLoop {
    /// The dtype name of each operand (inputs, then outputs).
    #[getter]
    fn dtypes(&self) -> Vec<&'static str> {
        self.data.operands.iter().map(|o| o.kind.name()).collect()
    }
}

/// Compile the function registered under `func_id` for `operands`, each
/// `(dtype, ndim or None for a scalar, core dimension indices)`, inputs first.
#[pyfunction]
#[pyo3(signature = (func_id, operands, boundscheck = true))]
#[allow(clippy::type_complexity)]
fn _compile_gufunc_loop(
    py: Python<'_>,
    func_id: u64,
    operands: Vec<(String, Option<usize>, Vec<usize>)>,
    boundscheck: bool,
) -> PyResult<GufuncLoop> {
    let mut types = Vec::with_capacity(operands.len());
    let mut ops = Vec::with_capacity(operands.len());
    for (dtype, ndim, core) in operands {
        let kind = Kind::from_name(&dtype)?;
        let t = match ndim {
            None => {
                if !core.is_empty() {
                    return Err(PyTypeError::new_err(
                        "an operand with core dimensions must be an array type",
                    ));
                }
                kind.scalar()
            }
            Some(nd) => {
                if nd != core.len() && !(core.is_empty() && nd == 1) {
                    return Err(PyTypeError::new_err(format!(
                        "an array of {nd} dimension(s) for an operand of {} core dimension(s)",
                        core.len()
                    )));
                }
                let d = Dtype::from_name(kind.name())
                    .ok_or_else(|| PyTypeError::new_err("unsupported array dtype"))?;
                Type::array(d, nd as u8, Layout::A)
            }
        };
        types.push(t);
        ops.push(Operand { kind, ndim, core });
    }
    let compiled = compile_function(py, func_id, &types, boundscheck)?;
    if compiled.ret != Type::None {
        return Err(PyTypeError::new_err(format!(
            "a guvectorized function writes its outputs and returns None, not `{}`",
            compiled.ret
        )));
    }
    // SAFETY: every compiled entry has this signature (see oxjit_compiler::codegen).
    let entry: EntryFn = unsafe { std::mem::transmute(compiled.entry()) };
    Ok(GufuncLoop {
        data: Box::new(GufuncData {
            entry,
            operands: ops,
        }),
        _code: compiled,
    })
}

/// A generalized `numpy.ufunc` named `name` with the core `signature` over `loops`.
#[pyfunction]
#[allow(clippy::too_many_arguments)]
fn _build_gufunc(
    py: Python<'_>,
    name: &str,
    doc: &str,
    nin: usize,
    nout: usize,
    signature: &str,
    loops: Vec<Py<GufuncLoop>>,
) -> PyResult<Py<PyAny>> {
    let mut types = Vec::new();
    let mut refs: Vec<*const GufuncData> = Vec::new();
    for l in &loops {
        let d = &l.get().data;
        if d.operands.len() != nin + nout {
            return Err(PyValueError::new_err(
                "a loop with the wrong number of operands",
            ));
        }
        types.extend(d.operands.iter().map(|o| o.kind.type_num()));
        refs.push(&**d as *const GufuncData);
    }
    let data = refs.iter().map(|r| *r as *mut c_void).collect();
    let tables = LoopTables {
        funcs: vec![Some(gufunc_loop); loops.len()],
        loops: loops.into_iter().map(|l| l.into_any()).collect(),
        refs: Box::new(refs),
        data,
        types,
    };
    make_ufunc(py, name, doc, nin, nout, -1, Some(signature), tables)
}

/// The inner loop of every oxjit generalized ufunc.
unsafe extern "C" fn gufunc_loop(
    args: *mut *mut c_char,
    dims: *mut npy_intp,
    steps: *mut npy_intp,
    data: *mut c_void,
) {
    // SAFETY: `data` is the `GufuncData` of this loop; NumPy passes one pointer and outer step
    // per operand, the outer count in `dims[0]`, core sizes after it, and the core strides of
    // each operand in order after the outer steps.
    let result = catch_unwind(AssertUnwindSafe(|| unsafe {
        let d = &*(data as *const GufuncData);
        let nargs = d.operands.len();
        let n = (*dims).max(0);
        let mut slots: Vec<u64> = Vec::with_capacity(8 * nargs);
        let mut ret = [0u64; 4];
        for i in 0..n {
            slots.clear();
            let mut core_step = nargs;
            for (k, op) in d.operands.iter().enumerate() {
                let p = (*args.add(k) as *mut u8).offset(i * *steps.add(k));
                match op.ndim {
                    None => slots.push(op.kind.load(p)),
                    Some(nd) => {
                        slots.push(0);
                        slots.push(p as u64);
                        if op.core.is_empty() {
                            // `()` passed as a 1-element 1-d array.
                            slots.extend(std::iter::repeat_n(1, nd));
                            slots.extend(std::iter::repeat_n(0, nd));
                        } else {
                            for &ix in &op.core {
                                slots.push(*dims.add(1 + ix) as u64);
                            }
                            for j in 0..op.core.len() {
                                slots.push(*steps.add(core_step + j) as u64);
                            }
                        }
                    }
                }
                core_step += op.core.len();
            }
            if (d.entry)(slots.as_ptr(), ret.as_mut_ptr()) != 0 {
                return Err(failed());
            }
        }
        Ok(())
    }));
    match result {
        Ok(Ok(())) => {}
        Ok(Err(e)) => report(e),
        Err(_) => report(loop_panic()),
    }
}

/// Register the generalized ufunc builders in the extension module.
pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<GufuncLoop>()?;
    m.add_function(wrap_pyfunction!(_compile_gufunc_loop, m)?)?;
    m.add_function(wrap_pyfunction!(_build_gufunc, m)?)?;
    Ok(())
}

//! The printer behind compiled code's `print()`: it rebuilds the Python objects (ints, floats,
//! `numpy.float32`, bools, `None`, tuples, NumPy arrays sharing the compiled code's memory) and
//! calls Python's own `print`, so the text is exactly CPython's and NumPy's and goes through
//! `sys.stdout` in order with the program's other output (with the GIL, also from `nogil`
//! functions and parallel kernels).

use crate::boxing::box_array;
use oxjit_compiler::types::Dtype;
use oxjit_runtime::print::Item;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyTuple};

/// Route compiled `print()` calls to Python.
pub fn install() {
    oxjit_runtime::print::set_hook(hook);
}

fn hook(items: &[Item], sep: &str, end: &str) -> Result<(), String> {
    Python::attach(|py| -> PyResult<()> {
        let mut objs = Vec::new();
        let mut i = 0;
        while i < items.len() {
            let (obj, used) = object(py, &items[i..])?;
            objs.push(obj);
            i += used;
        }
        let kwargs = PyDict::new(py);
        kwargs.set_item("sep", sep)?;
        kwargs.set_item("end", end)?;
        let print = py.import("builtins")?.getattr("print")?;
        print.call(PyTuple::new(py, objs)?, Some(&kwargs))?;
        Ok(())
    })
    .map_err(|e| e.to_string())
}

/// The object of the item at the head of `items`, and how many items it used.
fn object(py: Python<'_>, items: &[Item]) -> PyResult<(Py<PyAny>, usize)> {
    let obj = match &items[0] {
        Item::Text(t) => t.into_pyobject(py)?.into_any().unbind(),
        Item::Int(x) => x.into_pyobject(py)?.into_any().unbind(),
        Item::Uint(x) => x.into_pyobject(py)?.into_any().unbind(),
        Item::Float(x) => x.into_pyobject(py)?.into_any().unbind(),
        Item::Float32(x) => py
            .import("numpy")?
            .getattr("float32")?
            .call1((*x as f64,))?
            .unbind(),
        Item::Complex(re, im) => pyo3::types::PyComplex::from_doubles(py, *re, *im)
            .into_any()
            .unbind(),
        Item::Bool(b) => b.into_pyobject(py)?.to_owned().into_any().unbind(),
        Item::None => py.None(),
        Item::Array { parts, ndim, dtype } => {
            let d = Dtype::from_name(dtype).ok_or_else(|| {
                pyo3::exceptions::PyRuntimeError::new_err(format!("print(): dtype {dtype}"))
            })?;
            let meminfo = parts[0];
            if meminfo != 0 && meminfo & 1 == 0 {
                // The array object keeps its own reference (released with it).
                // SAFETY: a live meminfo of the compiled code's array.
                unsafe { oxjit_runtime::memory::oxjit_rt_incref(meminfo as *mut _) };
            }
            box_array(py, d, *ndim, parts)?
        }
        Item::Tuple(n) => {
            let mut used = 1;
            let mut inner = Vec::new();
            for _ in 0..*n {
                let (o, u) = object(py, &items[used..])?;
                inner.push(o);
                used += u;
            }
            return Ok((PyTuple::new(py, inner)?.into_any().unbind(), used));
        }
    };
    Ok((obj, 1))
}

//! Python `str` arguments and results: a `str` argument is copied into a runtime string
//! (`oxjit_runtime::str`) for the call and released after it; a returned string becomes a new
//! Python `str` and its runtime reference is released.

use oxjit_compiler::heap::{heap_refs, HeapKind};
use oxjit_compiler::types::Type;
use oxjit_runtime::memory::{oxjit_rt_decref, MemInfo};
use oxjit_runtime::str::{new_str, str_of};
use pyo3::prelude::*;
use pyo3::types::PyString;

/// A runtime copy of the Python string `obj` (the caller owns it).
pub fn unbox_str(obj: &Bound<'_, PyAny>) -> PyResult<*mut MemInfo> {
    let s = obj.cast::<PyString>()?;
    Ok(new_str(s.to_cow()?.into_owned()))
}

/// A Python `str` with the text of `m`, taking its reference.
pub fn box_str(py: Python<'_>, m: *mut MemInfo) -> PyResult<Py<PyAny>> {
    // SAFETY: the compiled code handed us a live string.
    let s = PyString::new(py, &unsafe { str_of(m) }.text);
    // SAFETY: as above; the text was copied.
    unsafe { oxjit_rt_decref(m) };
    Ok(s.into_any().unbind())
}

/// Does an argument of type `t` hold a string (then the call releases its copy)?
pub fn has_str(t: &Type) -> bool {
    match t {
        Type::Str => true,
        Type::Tuple(items) => items.iter().any(has_str),
        _ => false,
    }
}

/// Release the runtime strings among the arguments of types `ts` flattened in `slots` (after
/// the call, or after a later argument failed to convert).
pub fn release_args(ts: &[Type], slots: &[u64]) {
    let t = Type::Tuple(ts.to_vec());
    for r in heap_refs(&t) {
        if r.kind == HeapKind::Str && r.slot < slots.len() {
            // SAFETY: the dispatcher owns the copies it made.
            unsafe { oxjit_rt_decref(slots[r.slot] as *mut MemInfo) };
        }
    }
}

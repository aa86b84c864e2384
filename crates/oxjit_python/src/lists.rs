//! Python lists across the boundary.
//!
//! - **In**: a Python list argument is typed by its elements (all of one type; an empty list is
//!   refused, its element type being unknown) and copied into a new runtime list
//!   (`oxjit_runtime::list`), element by element: O(n) per call.
//! - **Reflection** (Numba's "reflected list"): after the call — also when it raised — a list
//!   argument the compiled code changed (its `dirty` flag) is written back into the caller's
//!   list (`lst[:] = new items`), another O(n); lists nested in an unchanged list are
//!   reflected into their own Python lists. Then the runtime copy is released.
//! - **Out**: a returned list becomes a new Python list of boxed elements; the runtime list is
//!   released.

use crate::boxing::{box_result, flatten_arg, type_of, Slots};
use oxjit_compiler::heap::{heap_refs, list_layout, HeapKind};
use oxjit_compiler::types::{components, Type};
use oxjit_runtime::list::{oxjit_rt_list_new, List};
use oxjit_runtime::memory::{oxjit_rt_decref, oxjit_rt_incref, MemInfo};
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::{PyList, PyTuple};

/// The type of a Python list argument: `list(T)` when every element has type `T`.
pub fn list_type(py: Python<'_>, l: &Bound<'_, PyList>) -> PyResult<Type> {
    if l.is_empty() {
        return Err(PyTypeError::new_err(
            "oxjit cannot pass an empty list: its element type is unknown (pass a non-empty list, or create the list inside the jitted function)",
        ));
    }
    let mut found: Vec<Type> = Vec::new();
    let mut empty_inner = false;
    for item in l.iter() {
        // An empty inner list (`[[1, 2], []]`) takes its type from the other rows.
        if item.cast::<PyList>().is_ok_and(|x| x.is_empty()) {
            empty_inner = true;
            continue;
        }
        let t = type_of(py, &item)?;
        if !found.contains(&t) {
            found.push(t);
        }
    }
    if empty_inner && !found.iter().all(|t| matches!(t, Type::List(_))) || found.is_empty() {
        return Err(PyTypeError::new_err(
            "oxjit cannot pass a list holding empty lists whose element type is unknown (or mixed with other values)",
        ));
    }
    if found.len() > 1 {
        let names: Vec<String> = found.iter().map(|t| format!("`{t}`")).collect();
        return Err(PyTypeError::new_err(format!(
            "oxjit cannot pass a list with elements of different types: found {} (oxjit lists are homogeneous)",
            names.join(", ")
        )));
    }
    let e = found.remove(0);
    fn allowed(t: &Type) -> bool {
        match t {
            Type::Int
            | Type::Float
            | Type::Float32
            | Type::Bool
            | Type::List(_)
            | Type::Str
            | Type::Instance(_)
            // NumPy arrays: borrowed for the call, as array arguments are.
            | Type::Array { .. } => true,
            Type::Tuple(items) => !items.is_empty() && items.iter().all(allowed),
            _ => false,
        }
    }
    if !allowed(&e) || components(&e).len() > 16 {
        return Err(PyTypeError::new_err(format!(
            "oxjit cannot pass a list of `{e}` (lists of numbers, strings, arrays, tuples and lists are supported)"
        )));
    }
    Ok(Type::List(Box::new(e)))
}

/// Add a reference to each `jitclass` instance among the flattened value `s` of type `e`,
/// for the container that keeps it (the Python object only lends its own).
pub(crate) fn own_instances(e: &Type, s: &Slots) {
    for r in heap_refs(e).iter().filter(|r| r.kind == HeapKind::Instance) {
        // SAFETY: a live instance, kept alive by the Python object it was unboxed from.
        unsafe { oxjit_rt_incref(s.as_slice()[r.slot] as *mut MemInfo) };
    }
}

/// A new runtime list with the elements of `l` (of type `list(e)`); the caller owns it.
pub fn unbox_list(py: Python<'_>, l: &Bound<'_, PyList>, e: &Type) -> PyResult<*mut MemInfo> {
    let (w, schema) = list_layout(e);
    let n = l.len();
    let m = oxjit_rt_list_new(w, schema, n as i64);
    // SAFETY: a fresh list of `n` elements of `w` slots.
    let items = unsafe { (*((*m).data as *mut List)).items };
    for (i, item) in l.iter().enumerate() {
        let mut s = Slots::new();
        if let Err(err) = flatten_arg(py, &item, e, &mut s) {
            // SAFETY: the list owns what was stored so far; releasing it frees that too.
            unsafe {
                (*((*m).data as *mut List)).len = i as i64;
                oxjit_rt_decref(m);
            }
            return Err(err);
        }
        own_instances(e, &s);
        // SAFETY: element `i` has `w` slots.
        unsafe { std::ptr::copy_nonoverlapping(s.as_ptr(), items.add(i * w as usize), w as usize) };
    }
    Ok(m)
}

/// A Python list with the elements of the runtime list `m` (borrowed: the caller still owns
/// its reference).
fn box_elements(py: Python<'_>, m: *mut MemInfo, e: &Type) -> PyResult<Vec<Py<PyAny>>> {
    // SAFETY: a live list.
    let l = unsafe { &*((*m).data as *const List) };
    let w = l.width as usize;
    let refs = heap_refs(e);
    let mut out = Vec::with_capacity(l.len as usize);
    for i in 0..l.len as usize {
        // SAFETY: element `i` has `w` slots.
        let slots = unsafe { std::slice::from_raw_parts(l.items.add(i * w), w) };
        // Boxing takes a reference to each object inside the element: add them first.
        for r in &refs {
            // SAFETY: the list's REF slots hold live meminfos.
            unsafe { oxjit_rt_incref(slots[r.slot] as *mut MemInfo) };
        }
        let mut pos = 0;
        out.push(box_result(py, e, slots, &mut pos)?);
    }
    Ok(out)
}

/// Box a returned list, taking its reference.
pub fn box_list(py: Python<'_>, m: *mut MemInfo, e: &Type) -> PyResult<Py<PyAny>> {
    let items = box_elements(py, m, e);
    // SAFETY: the compiled code handed us this reference.
    unsafe { oxjit_rt_decref(m) };
    Ok(PyList::new(py, items?)?.into_any().unbind())
}

/// After a call: write the runtime copy `m` of the list argument `obj` back if it changed
/// (recursively into nested lists otherwise).
fn reflect_list(
    py: Python<'_>,
    obj: &Bound<'_, PyList>,
    m: *mut MemInfo,
    e: &Type,
) -> PyResult<()> {
    // SAFETY: a live list.
    let l = unsafe { &*((*m).data as *const List) };
    if l.dirty != 0 {
        let items = box_elements(py, m, e)?;
        let new = PyList::new(py, items)?;
        obj.set_slice(0, obj.len(), &new)?;
        return Ok(());
    }
    if let Type::List(inner) = e {
        for (i, item) in obj.iter().enumerate() {
            if let Ok(pl) = item.cast::<PyList>() {
                // SAFETY: element `i` of an unchanged list is the runtime copy of item `i`.
                let im = unsafe { *l.items.add(i) } as *mut MemInfo;
                reflect_list(py, pl, im, inner)?;
            }
        }
    }
    Ok(())
}

/// Reflect the list arguments inside `obj` (of type `t`, flattened at `slots[*pos..]`) and
/// release the runtime copies.
pub fn reflect_arg(
    py: Python<'_>,
    obj: &Bound<'_, PyAny>,
    t: &Type,
    slots: &[u64],
    pos: &mut usize,
) -> PyResult<()> {
    match t {
        Type::List(e) => {
            let m = slots[*pos] as *mut MemInfo;
            *pos += 1;
            let r = match obj.cast::<PyList>() {
                Ok(l) => reflect_list(py, l, m, e),
                Err(_) => Ok(()),
            };
            // SAFETY: the dispatcher owns the copy it made for the call.
            unsafe { oxjit_rt_decref(m) };
            r
        }
        Type::Dict(..) | Type::Set(_) => {
            let m = slots[*pos] as *mut MemInfo;
            *pos += 1;
            if crate::typed_dict::typed_of(obj).is_some() {
                // A typed Dict was passed as itself: nothing to reflect.
                // SAFETY: the reference `flatten_arg` took for the call.
                unsafe { oxjit_rt_decref(m) };
                return Ok(());
            }
            crate::dicts::reflect_table(py, obj, m, t)
        }
        Type::Tuple(items) => {
            let tup = obj.cast::<PyTuple>()?;
            let mut first_err = None;
            for (i, it) in items.iter().enumerate() {
                let item = tup.get_item(i)?;
                if let Err(err) = reflect_arg(py, &item, it, slots, pos) {
                    first_err.get_or_insert(err);
                }
            }
            first_err.map_or(Ok(()), Err)
        }
        t => {
            *pos += components(t).len();
            Ok(())
        }
    }
}

/// Release the runtime lists among arguments of types `ts` flattened in `slots` (an argument
/// that failed to convert: nothing is reflected).
pub fn release_args(ts: &[Type], slots: &[u64]) {
    let t = Type::Tuple(ts.to_vec());
    for r in heap_refs(&t) {
        use oxjit_compiler::heap::HeapKind;
        if matches!(r.kind, HeapKind::List | HeapKind::Dict | HeapKind::Set) {
            // SAFETY: the dispatcher owns the copies it made.
            unsafe { oxjit_rt_decref(slots[r.slot] as *mut MemInfo) };
        }
    }
}

/// Does an argument of type `t` hold a list (then the call must reflect and release it)?
pub fn has_list(t: &Type) -> bool {
    match t {
        Type::List(_) | Type::Dict(..) | Type::Set(_) => true,
        Type::Tuple(items) => items.iter().any(has_list),
        _ => false,
    }
}

//! Python dicts and sets across the boundary (as lists, see `lists.rs`).
//!
//! - **In**: a dict argument is typed by its keys and values (each all of one type; an empty
//!   dict or set is refused, its types being unknown) and copied into a new runtime table
//!   (`oxjit_runtime::table`): O(n) per call.
//! - **Reflection**: after the call (also when it raised), a dict or set argument the compiled
//!   code changed (its `dirty` flag; a dict holding lists, dicts or sets always) is written
//!   back into the caller's object (`clear()` then `update(...)`; values are new objects), and
//!   the runtime copy is released.
//! - **Out**: a returned dict or set becomes a new Python dict or set; the runtime table is
//!   released.

use crate::boxing::{box_result, flatten_arg, type_of, Slots};
use oxjit_compiler::heap::{heap_refs, table_layout};
use oxjit_compiler::types::{components, Type};
use oxjit_runtime::memory::{oxjit_rt_decref, oxjit_rt_incref, MemInfo};
use oxjit_runtime::table::{oxjit_rt_table_new, table};
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PySet};

/// The one type of `items`, or a `TypeError` naming the types found.
fn one_type<'py>(
    py: Python<'py>,
    items: impl Iterator<Item = Bound<'py, PyAny>>,
    what: &str,
) -> PyResult<Type> {
    let mut found: Vec<Type> = Vec::new();
    for item in items {
        let t = type_of(py, &item)?;
        if !found.contains(&t) {
            found.push(t);
        }
    }
    if found.len() > 1 {
        let names: Vec<String> = found.iter().map(|t| format!("`{t}`")).collect();
        return Err(PyTypeError::new_err(format!(
            "oxjit cannot pass a {what} of different types: found {} (oxjit dicts and sets are homogeneous)",
            names.join(", ")
        )));
    }
    Ok(found.remove(0))
}

pub(crate) fn key_ok(t: &Type) -> bool {
    match t {
        Type::Int | Type::Float | Type::Bool | Type::Str => true,
        Type::Tuple(items) => {
            !items.is_empty() && items.iter().all(|t| t.is_number() || *t == Type::Str)
        }
        _ => false,
    }
}

fn value_ok(t: &Type) -> bool {
    match t {
        Type::Int | Type::Float | Type::Float32 | Type::Bool | Type::Str | Type::List(_) => true,
        // NumPy arrays: borrowed for the call (the caller's dict holds them), as in lists.
        Type::Array { .. } => true,
        // `jitclass` instances: shared with the caller (identity), as in lists.
        Type::Instance(_) => true,
        Type::Tuple(items) => !items.is_empty() && items.iter().all(value_ok),
        Type::Dict(_, v) => value_ok(v),
        Type::Set(_) => true,
        _ => false,
    }
}

fn check_key(k: &Type) -> PyResult<()> {
    if !key_ok(k) || components(k).len() > 16 {
        return Err(PyTypeError::new_err(format!(
            "oxjit cannot pass dict or set keys of type `{k}` (numbers, strings and flat tuples of numbers and strings)"
        )));
    }
    Ok(())
}

/// The type of a Python dict argument: `dict(K, V)`.
pub fn dict_type(py: Python<'_>, d: &Bound<'_, PyDict>) -> PyResult<Type> {
    if d.is_empty() {
        return Err(PyTypeError::new_err(
            "oxjit cannot pass an empty dict: its key and value types are unknown (pass a non-empty dict, or create it inside the jitted function)",
        ));
    }
    let k = one_type(py, d.keys().iter(), "dict with keys")?;
    check_key(&k)?;
    let v = one_type(py, d.values().iter(), "dict with values")?;
    if !value_ok(&v) || components(&v).len() > 16 {
        return Err(PyTypeError::new_err(format!(
            "oxjit cannot pass a dict with values of type `{v}` (numbers, strings, arrays, jitclass instances, tuples, lists, dicts and sets)"
        )));
    }
    Ok(Type::Dict(Box::new(k), Box::new(v)))
}

/// The type of a Python set argument: `set(K)`.
pub fn set_type(py: Python<'_>, s: &Bound<'_, PySet>) -> PyResult<Type> {
    if s.is_empty() {
        return Err(PyTypeError::new_err(
            "oxjit cannot pass an empty set: its element type is unknown (pass a non-empty set, or create it inside the jitted function)",
        ));
    }
    let k = one_type(py, s.iter(), "set with elements")?;
    check_key(&k)?;
    Ok(Type::Set(Box::new(k)))
}

/// A new runtime table with the entries of `obj` (a dict or set of type `t`); the caller owns
/// it.
pub fn unbox_table(py: Python<'_>, obj: &Bound<'_, PyAny>, t: &Type) -> PyResult<*mut MemInfo> {
    let (kw, ks, vw, vs, kt) = table_layout(t);
    let (k, v) = match t {
        Type::Dict(k, v) => (&**k, Some(&**v)),
        Type::Set(k) => (&**k, None),
        _ => return Err(PyTypeError::new_err("not a dict or set")),
    };
    let key_refs = heap_refs(k);
    let m = oxjit_rt_table_new(kw, ks, vw, vs, kt);
    let fill = || -> PyResult<()> {
        let put = |key: &Bound<'_, PyAny>, value: Option<&Bound<'_, PyAny>>| -> PyResult<()> {
            let mut ksl = Slots::new();
            flatten_arg(py, key, k, &mut ksl)?;
            // SAFETY: a live table; the key has `kw` slots.
            let p = unsafe { table(m).put(ksl.as_ptr()).0 };
            // The table took its own reference to a string key: release the one made here.
            for r in &key_refs {
                // SAFETY: a string made by `flatten_arg` for this key.
                unsafe { oxjit_rt_decref(ksl.as_ptr().add(r.slot).read() as *mut MemInfo) };
            }
            if let (Some(v), Some(value)) = (v, value) {
                let mut vsl = Slots::new();
                flatten_arg(py, value, v, &mut vsl)?;
                crate::lists::own_instances(v, &vsl);
                // SAFETY: the entry's `vw` value slots; the table takes the references.
                unsafe { std::ptr::copy_nonoverlapping(vsl.as_ptr(), p, vw as usize) };
            }
            Ok(())
        };
        if let Ok(d) = obj.cast::<PyDict>() {
            for (key, value) in d.iter() {
                put(&key, Some(&value))?;
            }
        } else {
            for key in obj.cast::<PySet>()?.iter() {
                put(&key, None)?;
            }
        }
        Ok(())
    };
    if let Err(e) = fill() {
        // SAFETY: the table owns what was stored so far (zeroed values release nothing).
        unsafe { oxjit_rt_decref(m) };
        return Err(e);
    }
    // SAFETY: fresh.
    unsafe { table(m).dirty = 0 };
    Ok(m)
}

/// A boxed entry: the key and (for a dict) the value.
type Entry = (Py<PyAny>, Option<Py<PyAny>>);

/// The boxed `(key, value)` entries of the live table `m` of type `t` (borrowed: the caller
/// still owns its reference).
fn box_entries(py: Python<'_>, m: *mut MemInfo, t: &Type) -> PyResult<Vec<Entry>> {
    // SAFETY: a live table.
    let tb = unsafe { table(m) };
    let (kw, vw) = (tb.kw as usize, tb.vw as usize);
    let (k, v) = match t {
        Type::Dict(k, v) => (&**k, Some(&**v)),
        Type::Set(k) => (&**k, None),
        _ => return Err(PyTypeError::new_err("not a dict or set")),
    };
    let key_refs = heap_refs(k);
    // A set has no values.
    let value_refs = match v {
        Some(v) => heap_refs(v),
        None => Vec::new(),
    };
    let mut out = Vec::with_capacity(tb.len as usize);
    for e in tb.live() {
        // SAFETY: a live entry of `kw + vw` slots.
        let slots = unsafe { std::slice::from_raw_parts(e, kw + vw) };
        // Boxing takes a reference to each object inside the key and the value: add them first.
        for r in &key_refs {
            // SAFETY: the table's key slots hold live strings.
            unsafe { oxjit_rt_incref(slots[r.slot] as *mut MemInfo) };
        }
        let key = box_result(py, k, &slots[..kw], &mut 0)?;
        let value = match v {
            Some(v) => {
                for r in &value_refs {
                    // SAFETY: the table's reference slots hold live meminfos.
                    unsafe { oxjit_rt_incref(slots[kw + r.slot] as *mut MemInfo) };
                }
                Some(box_result(py, v, &slots[kw..], &mut 0)?)
            }
            None => None,
        };
        out.push((key, value));
    }
    Ok(out)
}

fn to_python(py: Python<'_>, t: &Type, entries: Vec<Entry>) -> PyResult<Py<PyAny>> {
    if matches!(t, Type::Set(_)) {
        let s = PySet::empty(py)?;
        for (k, _) in entries {
            s.add(k)?;
        }
        return Ok(s.into_any().unbind());
    }
    let d = PyDict::new(py);
    for (k, v) in entries {
        d.set_item(k, v)?;
    }
    Ok(d.into_any().unbind())
}

/// Box a returned dict or set, taking its reference.
pub fn box_table(py: Python<'_>, m: *mut MemInfo, t: &Type) -> PyResult<Py<PyAny>> {
    let entries = box_entries(py, m, t);
    // SAFETY: the compiled code handed us this reference.
    unsafe { oxjit_rt_decref(m) };
    to_python(py, t, entries?)
}

/// After a call: write the runtime copy `m` of the dict or set argument `obj` back if it
/// changed (or may have, through objects among its values), then release the copy.
pub fn reflect_table(
    py: Python<'_>,
    obj: &Bound<'_, PyAny>,
    m: *mut MemInfo,
    t: &Type,
) -> PyResult<()> {
    // SAFETY: a live table.
    let tb = unsafe { table(m) };
    let r = if tb.dirty != 0 || values_hold_refs(t) {
        box_entries(py, m, t).and_then(|entries| {
            let new = to_python(py, t, entries)?;
            obj.call_method0("clear")?;
            obj.call_method1("update", (new,))?;
            Ok(())
        })
    } else {
        Ok(())
    };
    // SAFETY: the dispatcher owns the copy it made for the call.
    unsafe { oxjit_rt_decref(m) };
    r
}

/// Do the values of this dict type hold objects (which compiled code may change in place)?
fn values_hold_refs(t: &Type) -> bool {
    matches!(t, Type::Dict(_, v) if v.holds_references())
}

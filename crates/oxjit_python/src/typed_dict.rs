//! `oxjit.typed.Dict`: a Python object holding a runtime table (`oxjit_runtime::table`) and
//! its key and value types, as Numba's `numba.typed.Dict`. Ownership, typing and passing to
//! compiled code follow `crate::typed` (the List counterpart): one owned reference, typed
//! once (`Dict.empty(K, V)` or the first `d[k] = v`), passed without copy or reflection as a
//! `dict(K, V)` argument. Keys and values are unboxed into slots for each operation and
//! boxed one at a time; nested Lists and Dicts among the values are boxed as typed
//! containers sharing the runtime object.

use crate::boxing::type_of;
use crate::errors::argument_error;
use crate::typed::{box_value, list_elem_ok, numba_name, pending, Handle, Typed, Unboxed};
use oxjit_compiler::heap::table_layout;
use oxjit_compiler::types::{components, Type};
use oxjit_runtime::memory::{oxjit_rt_incref, MemInfo};
use oxjit_runtime::table as rt;
use oxjit_runtime::typed_api as api;
use pyo3::exceptions::{PyKeyError, PyTypeError};
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyDict, PyTuple, PyType};
use std::sync::OnceLock;

/// Can a typed Dict hold values of type `t`? Numbers, strings, tuples of those, typed Lists
/// and typed Dicts.
pub fn value_ok(t: &Type) -> bool {
    match t {
        Type::List(_) => list_elem_ok(t),
        Type::Dict(k, v) => crate::dicts::key_ok(k) && value_ok(v),
        t => list_elem_ok(t) && !matches!(t, Type::List(_)),
    }
}

fn check_types(py: Python<'_>, k: &Type, v: &Type) -> PyResult<()> {
    if !crate::dicts::key_ok(k) || components(k).len() > 16 {
        return Err(crate::typed::unsupported_elem(py, "Dict keys", k));
    }
    if !value_ok(v) {
        return Err(crate::typed::unsupported_elem(py, "Dict values", v));
    }
    Ok(())
}

fn new_table(t: &Type) -> Typed {
    let (kw, ks, vw, vs, kt) = table_layout(t);
    let m = rt::oxjit_rt_table_new(kw, ks, vw, vs, kt);
    // SAFETY: a fresh table.
    unsafe { api::mark_typed(m) };
    Typed {
        m: Handle(m),
        t: t.clone(),
    }
}

fn parts(t: &Type) -> (&Type, &Type) {
    match t {
        Type::Dict(k, v) => (k, v),
        _ => unreachable!("a typed Dict has a dict type"),
    }
}

static DICT_CLASS: PyOnceLock<Py<PyType>> = PyOnceLock::new();

/// A new `oxjit.typed.Dict` owning the reference `m` to a runtime table of type `t`.
pub fn wrap_dict(py: Python<'_>, m: *mut MemInfo, t: Type) -> PyResult<Py<PyAny>> {
    // SAFETY: a live table.
    unsafe { api::mark_typed(m) };
    let typed = Typed { m: Handle(m), t };
    let obj = DICT_CLASS.import(py, "oxjit.typed", "Dict")?.call0()?;
    let d = obj.cast::<TypedDict>()?;
    if d.get().inner.set(typed).is_err() {
        return Err(crate::errors::internal_error(
            py,
            "a new Dict was typed twice",
        ));
    }
    Ok(obj.unbind())
}

/// `Some(state)` when `obj` is a typed Dict (`Some(None)` while untyped).
pub(crate) fn typed_of<'a>(obj: &'a Bound<'_, PyAny>) -> Option<Option<&'a Typed>> {
    obj.cast::<TypedDict>().ok().map(|d| d.get().inner.get())
}

/// The runtime table of a typed Dict argument of type `t` (a new reference), typing an
/// untyped one; `None` when `obj` is not a typed Dict of that type.
pub fn dict_arg(obj: &Bound<'_, PyAny>, t: &Type) -> Option<*mut MemInfo> {
    let d = obj.cast::<TypedDict>().ok()?;
    let inner = d.get().inner.get_or_init(|| new_table(t));
    if inner.t != *t {
        return None;
    }
    // SAFETY: a live table owned by the object; the caller owns the new reference.
    unsafe { oxjit_rt_incref(inner.m.0) };
    Some(inner.m.0)
}

/// Is `obj` a typed Dict of type `t`? (The dispatcher's fast path.)
pub fn is_dict_of(obj: &Bound<'_, PyAny>, t: &Type) -> bool {
    typed_of(obj).is_some_and(|x| x.is_some_and(|x| x.t == *t))
}

/// The argument type of a typed Dict, or the error for an untyped one.
pub fn dict_type_of(py: Python<'_>, obj: &Bound<'_, PyAny>) -> Option<PyResult<Type>> {
    Some(match typed_of(obj)? {
        Some(x) => Ok(x.t.clone()),
        None => Err(argument_error(
            py,
            "oxjit cannot pass an untyped empty oxjit.typed.Dict (its key and value types are unknown): create it with Dict.empty(key_type, value_type) or store an item first".into(),
        )),
    })
}

/// The Rust half of `oxjit.typed.Dict` (subclassed in Python).
#[pyclass(subclass, frozen, module = "oxjit._oxjit", name = "_TypedDict")]
pub struct TypedDict {
    inner: OnceLock<Typed>,
}

impl TypedDict {
    fn typed(&self) -> Option<&Typed> {
        self.inner.get()
    }
    /// The value slots of `key`'s entry (null when missing or when `key` cannot be a key).
    fn find(&self, py: Python<'_>, key: &Bound<'_, PyAny>) -> Option<(&Typed, *mut u64)> {
        let x = self.typed()?;
        let k = Unboxed::new(py, key, parts(&x.t).0, "Dict").ok()?;
        // SAFETY: a live table; `k` holds its key slots.
        let p = unsafe { rt::table(x.m.0).find(k.as_ptr()) };
        (!p.is_null()).then_some((x, p))
    }
    /// Remove `key`, returning its boxed value (`None` when missing).
    fn remove(&self, py: Python<'_>, key: &Bound<'_, PyAny>) -> PyResult<Option<Py<PyAny>>> {
        let Some(x) = self.typed() else {
            return Ok(None);
        };
        let (k, v) = parts(&x.t);
        let Ok(ku) = Unboxed::new(py, key, k, "Dict") else {
            return Ok(None);
        };
        let mut out = vec![0u64; components(v).len().max(1)];
        // SAFETY: a live table; the removed value's references move to `out`.
        if !unsafe { rt::table(x.m.0).remove(ku.as_ptr(), out.as_mut_ptr()) } {
            return Ok(None);
        }
        let r = box_value(py, v, out.as_ptr());
        // SAFETY: the removed value's references are ours.
        unsafe {
            let t = rt::table(x.m.0);
            api::release_slots(t.vschema, t.vw as usize, out.as_ptr());
        }
        r.map(Some)
    }
    /// Entry `i` in order (for iteration): key slots, then the value's.
    fn entry(&self, py: Python<'_>, i: i64) -> PyResult<(&Typed, *const u64)> {
        let Some(x) = self.typed() else {
            return Err(pyo3::exceptions::PyRuntimeError::new_err(
                "dictionary changed size during iteration",
            ));
        };
        // SAFETY: a live table.
        let p = unsafe { rt::oxjit_rt_table_entry(x.m.0, i) };
        if p.is_null() {
            return Err(pending(py));
        }
        Ok((x, p))
    }
}

#[pymethods]
impl TypedDict {
    #[new]
    #[pyo3(signature = (*_args, **_kwargs))]
    fn new(_args: &Bound<'_, PyTuple>, _kwargs: Option<&Bound<'_, PyDict>>) -> Self {
        TypedDict {
            inner: OnceLock::new(),
        }
    }

    /// Give an untyped dict the key and value types of two `oxjit.types` specs (`empty`).
    fn _set_types(
        &self,
        py: Python<'_>,
        kspec: &Bound<'_, PyAny>,
        vspec: &Bound<'_, PyAny>,
    ) -> PyResult<()> {
        let k = crate::signature::type_from_spec(kspec)?;
        let v = crate::signature::type_from_spec(vspec)?;
        check_types(py, &k, &v)?;
        let t = Type::Dict(Box::new(k), Box::new(v));
        if self.inner.get_or_init(|| new_table(&t)).t != t {
            return Err(PyTypeError::new_err("this Dict already has other types"));
        }
        Ok(())
    }

    /// The `oxjit.types` spec of the dict's type (`None` while untyped), for pickling.
    fn _spec<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyTuple>>> {
        self.typed()
            .map(|x| crate::signature::spec_of(py, &x.t))
            .transpose()
    }

    /// Numba's name of the type (`None` while untyped).
    fn _type_name(&self) -> Option<String> {
        self.typed().map(|x| numba_name(&x.t))
    }

    fn __len__(&self) -> usize {
        // SAFETY: a live table.
        self.typed()
            .map_or(0, |x| unsafe { rt::table(x.m.0) }.len as usize)
    }

    fn __getitem__(&self, py: Python<'_>, key: &Bound<'_, PyAny>) -> PyResult<Py<PyAny>> {
        match self.find(py, key) {
            Some((x, p)) => box_value(py, parts(&x.t).1, p),
            None => Err(PyKeyError::new_err(key.clone().unbind())),
        }
    }

    fn __setitem__(
        &self,
        py: Python<'_>,
        key: &Bound<'_, PyAny>,
        value: &Bound<'_, PyAny>,
    ) -> PyResult<()> {
        let x = match self.typed() {
            Some(x) => x,
            None => {
                let (k, v) = (type_of(py, key)?, type_of(py, value)?);
                check_types(py, &k, &v)?;
                let t = Type::Dict(Box::new(k), Box::new(v));
                self.inner.get_or_init(|| new_table(&t))
            }
        };
        let (k, v) = parts(&x.t);
        let ku = Unboxed::new(py, key, k, "Dict")?;
        let vu = Unboxed::new(py, value, v, "Dict")?;
        // SAFETY: a live table; it takes its own reference to a new key and the value's.
        unsafe { api::table_set(x.m.0, ku.as_ptr(), vu.as_ptr()) };
        vu.disown();
        Ok(())
    }

    fn __delitem__(&self, py: Python<'_>, key: &Bound<'_, PyAny>) -> PyResult<()> {
        match self.remove(py, key)? {
            Some(_) => Ok(()),
            None => Err(PyKeyError::new_err(key.clone().unbind())),
        }
    }

    fn __contains__(&self, py: Python<'_>, key: &Bound<'_, PyAny>) -> bool {
        self.find(py, key).is_some()
    }

    #[pyo3(signature = (key, default = None))]
    fn get(
        &self,
        py: Python<'_>,
        key: &Bound<'_, PyAny>,
        default: Option<Py<PyAny>>,
    ) -> PyResult<Py<PyAny>> {
        match self.find(py, key) {
            Some((x, p)) => box_value(py, parts(&x.t).1, p),
            None => Ok(default.unwrap_or_else(|| py.None())),
        }
    }

    #[pyo3(signature = (key, *default))]
    fn pop(
        &self,
        py: Python<'_>,
        key: &Bound<'_, PyAny>,
        default: &Bound<'_, PyTuple>,
    ) -> PyResult<Py<PyAny>> {
        if default.len() > 1 {
            return Err(PyTypeError::new_err(format!(
                "pop expected at most 2 arguments, got {}",
                default.len() + 1
            )));
        }
        match self.remove(py, key)? {
            Some(v) => Ok(v),
            None if default.len() == 1 => Ok(default.get_item(0)?.unbind()),
            None => Err(PyKeyError::new_err(key.clone().unbind())),
        }
    }

    fn popitem(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        let Some(x) = self.typed() else {
            return Err(PyKeyError::new_err("popitem(): dictionary is empty"));
        };
        let (k, v) = parts(&x.t);
        let kw = components(k).len();
        let mut out = vec![0u64; kw + components(v).len()];
        // SAFETY: a live table; the entry's references move to `out`.
        if unsafe { rt::oxjit_rt_table_popitem(x.m.0, out.as_mut_ptr()) } != 0 {
            // The runtime's message is the repr of CPython's (`'popitem(): ...'`).
            let _ = oxjit_runtime::errors::take_error();
            return Err(PyKeyError::new_err("popitem(): dictionary is empty"));
        }
        let key = box_value(py, k, out.as_ptr());
        // SAFETY: `out` holds the key, then the value.
        let value = box_value(py, v, unsafe { out.as_ptr().add(kw) });
        // SAFETY: the entry's references are ours.
        unsafe {
            let t = rt::table(x.m.0);
            api::release_slots(t.kschema, kw, out.as_ptr());
            api::release_slots(t.vschema, t.vw as usize, out.as_ptr().add(kw));
        }
        Ok(PyTuple::new(py, [key?, value?])?.into_any().unbind())
    }

    #[pyo3(signature = (key, default = None))]
    fn setdefault(
        &self,
        py: Python<'_>,
        key: &Bound<'_, PyAny>,
        default: Option<Bound<'_, PyAny>>,
    ) -> PyResult<Py<PyAny>> {
        if let Some((x, p)) = self.find(py, key) {
            return box_value(py, parts(&x.t).1, p);
        }
        let default = default.unwrap_or_else(|| py.None().into_bound(py));
        self.__setitem__(py, key, &default)?;
        self.__getitem__(py, key)
    }

    fn clear(&self) {
        if let Some(x) = self.typed() {
            // SAFETY: a live table.
            unsafe { rt::oxjit_rt_table_clear(x.m.0) };
        }
    }

    fn copy(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        match self.typed() {
            // SAFETY: a live table.
            Some(x) => crate::typed_dict::wrap_dict(
                py,
                unsafe { rt::oxjit_rt_table_copy(x.m.0) },
                x.t.clone(),
            ),
            None => Ok(DICT_CLASS
                .import(py, "oxjit.typed", "Dict")?
                .call0()?
                .unbind()),
        }
    }

    /// `update` by another typed Dict of the same type (typing an untyped one from it);
    /// false when the types differ (the Python layer stores item by item).
    fn _update_same(&self, other: &Bound<'_, TypedDict>) -> bool {
        let Some(o) = other.get().typed() else {
            return true;
        };
        let x = self.inner.get_or_init(|| new_table(&o.t));
        if x.t != o.t {
            return false;
        }
        // SAFETY: live tables of one layout.
        unsafe { rt::oxjit_rt_table_update(x.m.0, o.m.0) };
        true
    }

    /// `==` with another typed Dict: `None` when the types differ.
    fn _eq(&self, other: &Bound<'_, TypedDict>) -> Option<bool> {
        match (self.typed(), other.get().typed()) {
            // SAFETY: live tables of one type.
            (Some(a), Some(b)) if a.t == b.t => {
                Some(unsafe { rt::oxjit_rt_table_eq(a.m.0, b.m.0) } != 0)
            }
            _ => None,
        }
    }

    /// The key of entry `i` in insertion order (iteration).
    fn _key_at(&self, py: Python<'_>, i: i64) -> PyResult<Py<PyAny>> {
        let (x, p) = self.entry(py, i)?;
        box_value(py, parts(&x.t).0, p)
    }

    /// The value of entry `i`.
    fn _value_at(&self, py: Python<'_>, i: i64) -> PyResult<Py<PyAny>> {
        let (x, p) = self.entry(py, i)?;
        let (k, v) = parts(&x.t);
        // SAFETY: the value follows the key slots.
        box_value(py, v, unsafe { p.add(components(k).len()) })
    }

    /// `(key, value)` of entry `i`.
    fn _item_at(&self, py: Python<'_>, i: i64) -> PyResult<Py<PyAny>> {
        let (x, p) = self.entry(py, i)?;
        let (k, v) = parts(&x.t);
        let key = box_value(py, k, p)?;
        // SAFETY: as `_value_at`.
        let value = box_value(py, v, unsafe { p.add(components(k).len()) })?;
        Ok(PyTuple::new(py, [key, value])?.into_any().unbind())
    }
}

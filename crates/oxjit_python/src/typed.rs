//! `oxjit.typed.List`: a Python object holding a runtime list (`oxjit_runtime::list`) and its
//! element type, as Numba's `numba.typed.List`.
//!
//! - The object owns one reference to the runtime list; freeing the object releases it (a
//!   list also held by compiled code, or stored in another container, stays alive).
//! - Python-side methods box and unbox one element at a time (`crate::boxing`), and the
//!   element-level helpers of `oxjit_runtime::typed_api`; whole-list operations (slices,
//!   `copy`, `sort`, `reverse`, `extend` by a typed List, `==`) are the runtime's functions.
//! - Passed to compiled code, the argument is the runtime list itself (no copy, no
//!   reflection: `crate::boxing::flatten_arg` pushes it with one reference the dispatcher
//!   releases after the call). The argument type is `list(T)`, as for a Python list, so both
//!   share compiled code.
//! - A `List()` is untyped until its first element (or `List.empty_list(T)`), as in Numba; the
//!   type never changes afterwards (a `OnceLock`, read without locking by the dispatcher).
//!
//! The Python layer (`python/oxjit/typed.py`) subclasses [`TypedList`] and adds what is
//! naturally Python: slices as subscripts, iteration, `repr`, `sort(key=...)`.
//! `crate::typed_dict` is the dict counterpart; shared pieces (element checks, boxing one
//! value) live here.

use crate::boxing::{box_result, flatten_arg, type_of, Slots};
use crate::errors::argument_error;
use oxjit_compiler::heap::{heap_refs, list_layout};
use oxjit_compiler::types::{components, Type};
use oxjit_runtime::list as rl;
use oxjit_runtime::memory::{oxjit_rt_decref, oxjit_rt_incref, MemInfo};
use oxjit_runtime::typed_api as api;
use pyo3::exceptions::{PyIndexError, PyTypeError};
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyDict, PyList, PyTuple, PyType};
use std::sync::OnceLock;

/// One owned reference to a runtime object; dropping it releases the reference.
pub(crate) struct Handle(pub(crate) *mut MemInfo);
// SAFETY: reference counts are atomic; Python-side access is serialised by the GIL, and
// compiled code sharing the object across threads is the user's responsibility (as Numba).
unsafe impl Send for Handle {}
// SAFETY: as above.
unsafe impl Sync for Handle {}

impl Drop for Handle {
    fn drop(&mut self) {
        // SAFETY: the handle owns this reference.
        unsafe { oxjit_rt_decref(self.0) };
    }
}

/// A typed container's runtime object and its type (`list(T)` or `dict(K, V)`).
pub(crate) struct Typed {
    pub(crate) m: Handle,
    pub(crate) t: Type,
}

/// Numba's name of a type (`int64`, `unicode_type`, `UniTuple(int64 x 2)`,
/// `ListType[float64]`), as its `repr` shows.
pub fn numba_name(t: &Type) -> String {
    match t {
        Type::Int => "int64".into(),
        Type::Float => "float64".into(),
        Type::Float32 => "float32".into(),
        Type::Bool => "bool".into(),
        Type::Str => "unicode_type".into(),
        Type::Tuple(items) if !items.is_empty() && items.iter().all(|i| *i == items[0]) => {
            format!("UniTuple({} x {})", numba_name(&items[0]), items.len())
        }
        Type::Tuple(items) => {
            let names: Vec<String> = items.iter().map(numba_name).collect();
            format!("Tuple({})", names.join(", "))
        }
        Type::List(e) => format!("ListType[{}]", numba_name(e)),
        Type::Dict(k, v) => format!("DictType[{},{}]<iv=None>", numba_name(k), numba_name(v)),
        other => other.to_string(),
    }
}

/// Can a typed List hold elements of type `t`? Numbers, strings, tuples of numbers and
/// strings, and typed Lists of those (what runtime lists compare, sort and box).
pub fn list_elem_ok(t: &Type) -> bool {
    let ok = match t {
        Type::Int | Type::Float | Type::Float32 | Type::Bool | Type::Str => true,
        Type::Tuple(items) => {
            !items.is_empty() && items.iter().all(|i| i.is_number() || *i == Type::Str)
        }
        Type::List(e) => list_elem_ok(e),
        _ => false,
    };
    ok && components(t).len() <= 16
}

/// `TypingError` for an element type a typed container cannot hold (`what`: `List`,
/// `Dict keys`, `Dict values`).
pub fn unsupported_elem(py: Python<'_>, what: &str, t: &Type) -> PyErr {
    let supported = match what {
        "List" => "int64, float64, float32, bool, unicode_type, tuples of those, and typed Lists of them",
        "Dict keys" => "int64, float64, bool, unicode_type and tuples of numbers",
        _ => "int64, float64, float32, bool, unicode_type, tuples of those, typed Lists and typed Dicts",
    };
    argument_error(
        py,
        format!(
            "oxjit.typed.{what} cannot hold `{}` (supported: {supported})",
            numba_name(t)
        ),
    )
}

/// Does the Python value `obj` fit a slot of type `t` (Numba's safe casts: bool → int,
/// int/bool → float)?
pub fn fits(py: Python<'_>, obj: &Bound<'_, PyAny>, t: &Type) -> bool {
    match t {
        Type::Tuple(items) => obj.cast::<PyTuple>().is_ok_and(|tup| {
            tup.len() == items.len() && items.iter().zip(tup.iter()).all(|(it, x)| fits(py, &x, it))
        }),
        Type::List(e) => {
            if let Ok(l) = obj.cast::<TypedList>() {
                return l.get().inner.get().is_none_or(|x| x.t == **e);
            }
            obj.cast::<PyList>()
                .is_ok_and(|l| crate::lists::list_type(py, l).is_ok_and(|lt| lt == *t))
        }
        Type::Dict(..) => {
            if let Some(d) = crate::typed_dict::typed_of(obj) {
                return d.is_none_or(|x| x.t == *t);
            }
            obj.cast::<PyDict>()
                .is_ok_and(|d| crate::dicts::dict_type(py, d).is_ok_and(|dt| dt == *t))
        }
        t => {
            let Ok(got) = type_of(py, obj) else {
                return false;
            };
            match t {
                Type::Int => matches!(got, Type::Int | Type::Bool),
                Type::Float | Type::Float32 => matches!(got, Type::Int | Type::Bool | Type::Float),
                other => got == *other,
            }
        }
    }
}

/// A Python value unboxed into the slots of type `t`, owning the references among them
/// until [`Unboxed::disown`] (a container took them) or drop (released).
pub struct Unboxed {
    s: Slots,
    refs: Vec<usize>,
    owned: bool,
}

impl Unboxed {
    /// Unbox `obj` as type `t`; `TypingError` when it does not fit (`what` names the
    /// container for the message).
    pub fn new(py: Python<'_>, obj: &Bound<'_, PyAny>, t: &Type, what: &str) -> PyResult<Self> {
        if !fits(py, obj, t) {
            let got = type_of(py, obj)
                .map(|g| format!("`{}`", numba_name(&g)))
                .unwrap_or_else(|_| format!("`{}`", type_name(obj)));
            return Err(argument_error(
                py,
                format!(
                    "oxjit.typed.{what} of `{}` cannot hold the value {} of type {got}",
                    numba_name(t),
                    obj.repr().map(|r| r.to_string()).unwrap_or_default(),
                ),
            ));
        }
        let mut u = Unboxed {
            s: Slots::new(),
            refs: heap_refs(t).iter().map(|r| r.slot).collect(),
            owned: true,
        };
        flatten_arg(py, obj, t, &mut u.s)?;
        Ok(u)
    }
    pub fn as_ptr(&self) -> *const u64 {
        self.s.as_ptr()
    }
    /// A container took the references: do not release them.
    pub fn disown(mut self) {
        self.owned = false;
    }
}

impl Drop for Unboxed {
    fn drop(&mut self) {
        if !self.owned {
            return;
        }
        let s = self.s.as_slice();
        for &r in self.refs.iter().filter(|&&r| r < s.len()) {
            // SAFETY: references made by `flatten_arg` for this value.
            unsafe { oxjit_rt_decref(s[r] as *mut MemInfo) };
        }
    }
}

/// The Python type name of `obj`.
pub fn type_name(obj: &Bound<'_, PyAny>) -> String {
    obj.get_type()
        .name()
        .map(|n| n.to_string())
        .unwrap_or_default()
}

/// Box the value of type `t` at `slots` (borrowed: the container keeps its references).
/// Lists and dicts become typed containers sharing the runtime object.
pub fn box_value(py: Python<'_>, t: &Type, slots: *const u64) -> PyResult<Py<PyAny>> {
    let w = components(t).len();
    // SAFETY: the caller passes a live element of type `t`.
    let s = unsafe { std::slice::from_raw_parts(slots, w) };
    match t {
        Type::List(e) => {
            let m = s[0] as *mut MemInfo;
            // SAFETY: a live list held by the container; the new object takes a reference.
            unsafe { oxjit_rt_incref(m) };
            wrap_list(py, m, (**e).clone())
        }
        Type::Dict(..) => {
            let m = s[0] as *mut MemInfo;
            // SAFETY: as above.
            unsafe { oxjit_rt_incref(m) };
            crate::typed_dict::wrap_dict(py, m, t.clone())
        }
        _ => {
            for r in heap_refs(t) {
                // SAFETY: boxing takes a reference to each object (strings) inside the value.
                unsafe { oxjit_rt_incref(s[r.slot] as *mut MemInfo) };
            }
            box_result(py, t, s, &mut 0)
        }
    }
}

/// The Python error pending in the runtime's slot (after a runtime function failed).
pub fn pending(py: Python<'_>) -> PyErr {
    match oxjit_runtime::errors::take_error() {
        Some(e) => crate::errors::runtime_error(py, e),
        None => crate::errors::internal_error(py, "a runtime list operation failed silently"),
    }
}

static LIST_CLASS: PyOnceLock<Py<PyType>> = PyOnceLock::new();

/// A new `oxjit.typed.List` owning the reference `m` to a runtime list of `elem`.
pub fn wrap_list(py: Python<'_>, m: *mut MemInfo, elem: Type) -> PyResult<Py<PyAny>> {
    // SAFETY: a live list.
    unsafe { api::mark_typed(m) };
    let typed = Typed {
        m: Handle(m),
        t: elem,
    };
    let obj = LIST_CLASS.import(py, "oxjit.typed", "List")?.call0()?;
    let l = obj.cast::<TypedList>()?;
    if l.get().inner.set(typed).is_err() {
        return Err(crate::errors::internal_error(
            py,
            "a new List was typed twice",
        ));
    }
    Ok(obj.unbind())
}

/// The runtime list of a typed List argument of element type `e` (a new reference, or
/// `None` when `obj` is not such a List). An untyped (empty) List is typed as `e` here.
pub fn list_arg(obj: &Bound<'_, PyAny>, e: &Type) -> Option<*mut MemInfo> {
    let l = obj.cast::<TypedList>().ok()?;
    let inner = l.get().inner.get_or_init(|| new_typed(e));
    if inner.t != *e {
        return None;
    }
    // SAFETY: a live list owned by the object; the caller owns the new reference.
    unsafe { oxjit_rt_incref(inner.m.0) };
    Some(inner.m.0)
}

/// Is `obj` a typed List of element type `e`? (The dispatcher's fast path.)
pub fn is_list_of(obj: &Bound<'_, PyAny>, e: &Type) -> bool {
    obj.cast::<TypedList>()
        .is_ok_and(|l| l.get().inner.get().is_some_and(|x| x.t == *e))
}

/// The argument type of a typed List (`list(T)`), or the error for an untyped one.
pub fn list_type_of(py: Python<'_>, obj: &Bound<'_, PyAny>) -> Option<PyResult<Type>> {
    let l = obj.cast::<TypedList>().ok()?;
    Some(match l.get().inner.get() {
        Some(x) => Ok(Type::List(Box::new(x.t.clone()))),
        None => Err(argument_error(
            py,
            "oxjit cannot pass an untyped empty oxjit.typed.List (its element type is unknown): create it with List.empty_list(T) or append an element first".into(),
        )),
    })
}

fn new_typed(e: &Type) -> Typed {
    let (w, schema) = list_layout(e);
    let m = rl::oxjit_rt_list_new(w, schema, 0);
    // SAFETY: a fresh list.
    unsafe { api::mark_typed(m) };
    Typed {
        m: Handle(m),
        t: e.clone(),
    }
}

/// The Rust half of `oxjit.typed.List` (subclassed in Python).
#[pyclass(subclass, frozen, module = "oxjit._oxjit", name = "_TypedList")]
pub struct TypedList {
    inner: OnceLock<Typed>,
}

impl TypedList {
    fn typed(&self) -> Option<&Typed> {
        self.inner.get()
    }
    fn len(&self) -> i64 {
        // SAFETY: a live list.
        self.typed()
            .map_or(0, |x| unsafe { api::list_of(x.m.0) }.len)
    }
    /// The typed state, typing the list from `x` when it has no type yet.
    fn typed_for(&self, py: Python<'_>, x: &Bound<'_, PyAny>) -> PyResult<&Typed> {
        if let Some(t) = self.typed() {
            return Ok(t);
        }
        let e = type_of(py, x)?;
        if !list_elem_ok(&e) {
            return Err(unsupported_elem(py, "List", &e));
        }
        Ok(self.inner.get_or_init(|| new_typed(&e)))
    }
    /// A non-negative index for `i` (negative indices wrap), or `IndexError(msg)`.
    fn index(&self, i: i64, msg: &'static str) -> PyResult<usize> {
        let n = self.len();
        let j = if i < 0 { i + n } else { i };
        if j < 0 || j >= n {
            return Err(PyIndexError::new_err(msg));
        }
        Ok(j as usize)
    }
}

#[pymethods]
impl TypedList {
    #[new]
    #[pyo3(signature = (*_args, **_kwargs))]
    fn new(_args: &Bound<'_, PyTuple>, _kwargs: Option<&Bound<'_, PyDict>>) -> Self {
        TypedList {
            inner: OnceLock::new(),
        }
    }

    /// Give an untyped list the element type of an `oxjit.types` spec (`empty_list`).
    fn _set_type(&self, py: Python<'_>, spec: &Bound<'_, PyAny>) -> PyResult<()> {
        let e = crate::signature::type_from_spec(spec)?;
        if !list_elem_ok(&e) {
            return Err(unsupported_elem(py, "List", &e));
        }
        let x = self.inner.get_or_init(|| new_typed(&e));
        if x.t != e {
            return Err(PyTypeError::new_err(
                "this List already has another element type",
            ));
        }
        Ok(())
    }

    /// The `oxjit.types` spec of the list's type (`None` while untyped), for pickling.
    fn _spec<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyTuple>>> {
        self.typed()
            .map(|x| crate::signature::spec_of(py, &x.t))
            .transpose()
    }

    /// Numba's name of the element type (`None` while untyped).
    fn _elem_name(&self) -> Option<String> {
        self.typed().map(|x| numba_name(&x.t))
    }

    fn __len__(&self) -> usize {
        self.len() as usize
    }

    fn _get(&self, py: Python<'_>, i: i64) -> PyResult<Py<PyAny>> {
        let j = self.index(i, "list index out of range")?;
        let x = self.typed().expect("in range, so typed");
        // SAFETY: `j < len`.
        box_value(py, &x.t, unsafe { api::list_elem(x.m.0, j) })
    }

    fn _set(&self, py: Python<'_>, i: i64, value: &Bound<'_, PyAny>) -> PyResult<()> {
        let j = self.index(i, "list assignment index out of range")?;
        let x = self.typed().expect("in range, so typed");
        let u = Unboxed::new(py, value, &x.t, "List")?;
        // SAFETY: `j < len`; the list takes the value's references.
        unsafe { api::list_set(x.m.0, j, u.as_ptr()) };
        u.disown();
        Ok(())
    }

    fn _del(&self, i: i64) -> PyResult<()> {
        let j = self.index(i, "list assignment index out of range")?;
        let x = self.typed().expect("in range, so typed");
        // SAFETY: `j < len`.
        unsafe { rl::oxjit_rt_list_delete(x.m.0, j as i64) };
        Ok(())
    }

    /// `lst[start:stop:step]` (`has` bit 0/1/2: start/stop/step given), a new List.
    fn _slice(
        &self,
        py: Python<'_>,
        start: i64,
        stop: i64,
        step: i64,
        has: i64,
    ) -> PyResult<Py<PyAny>> {
        let Some(x) = self.typed() else {
            if has & 4 != 0 && step == 0 {
                return Err(pyo3::exceptions::PyValueError::new_err(
                    "slice step cannot be zero",
                ));
            }
            return Ok(LIST_CLASS
                .import(py, "oxjit.typed", "List")?
                .call0()?
                .unbind());
        };
        // SAFETY: a live list.
        let m = unsafe { rl::oxjit_rt_list_slice(x.m.0, start, stop, step, has) };
        if m.is_null() {
            return Err(pending(py));
        }
        wrap_list(py, m, x.t.clone())
    }

    fn append(&self, py: Python<'_>, value: &Bound<'_, PyAny>) -> PyResult<()> {
        let x = self.typed_for(py, value)?;
        let u = Unboxed::new(py, value, &x.t, "List")?;
        // SAFETY: a live list; it takes the value's references.
        unsafe { api::list_append(x.m.0, u.as_ptr()) };
        u.disown();
        Ok(())
    }

    fn insert(&self, py: Python<'_>, i: i64, value: &Bound<'_, PyAny>) -> PyResult<()> {
        let x = self.typed_for(py, value)?;
        let u = Unboxed::new(py, value, &x.t, "List")?;
        // SAFETY: as `append`.
        unsafe { api::list_insert(x.m.0, i, u.as_ptr()) };
        u.disown();
        Ok(())
    }

    #[pyo3(signature = (i = -1))]
    fn pop(&self, py: Python<'_>, i: i64) -> PyResult<Py<PyAny>> {
        let Some(x) = self.typed() else {
            return Err(PyIndexError::new_err("pop from empty list"));
        };
        let mut out = vec![0u64; components(&x.t).len().max(1)];
        // SAFETY: a live list; `out` holds one element.
        if unsafe { rl::oxjit_rt_list_pop(x.m.0, i, out.as_mut_ptr()) } != 0 {
            return Err(pending(py));
        }
        let r = box_value(py, &x.t, out.as_ptr());
        let (w, schema) = list_layout(&x.t);
        // SAFETY: the popped element's references are ours.
        unsafe { api::release_slots(schema, w as usize, out.as_ptr()) };
        r
    }

    /// Position of the first element equal to `value` in `[start, stop)`, or -1 (also for a
    /// value that cannot be an element: it equals none).
    fn _find(&self, py: Python<'_>, value: &Bound<'_, PyAny>, start: i64, stop: i64) -> i64 {
        let Some(x) = self.typed() else { return -1 };
        let Ok(u) = Unboxed::new(py, value, &x.t, "List") else {
            return -1;
        };
        // SAFETY: a live list; `u` holds one element.
        unsafe { rl::oxjit_rt_list_find(x.m.0, u.as_ptr(), start, stop) }
    }

    fn __contains__(&self, py: Python<'_>, value: &Bound<'_, PyAny>) -> bool {
        self._find(py, value, 0, i64::MAX) >= 0
    }

    fn count(&self, py: Python<'_>, value: &Bound<'_, PyAny>) -> i64 {
        let Some(x) = self.typed() else { return 0 };
        let Ok(u) = Unboxed::new(py, value, &x.t, "List") else {
            return 0;
        };
        // SAFETY: as `_find`.
        unsafe { rl::oxjit_rt_list_count(x.m.0, u.as_ptr()) }
    }

    /// Sort in place by the runtime's stable sort; false (nothing done) for lists of lists,
    /// which the Python layer sorts.
    fn _sort(&self, reverse: bool) -> bool {
        let Some(x) = self.typed() else { return true };
        if matches!(x.t, Type::List(_)) {
            return false;
        }
        // SAFETY: a live list without `REF` slots.
        unsafe { rl::oxjit_rt_list_sort(x.m.0, reverse as i8) };
        true
    }

    fn reverse(&self) {
        if let Some(x) = self.typed() {
            // SAFETY: a live list.
            unsafe { rl::oxjit_rt_list_reverse(x.m.0) };
        }
    }

    fn copy(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        match self.typed() {
            // SAFETY: a live list.
            Some(x) => wrap_list(py, unsafe { rl::oxjit_rt_list_copy(x.m.0) }, x.t.clone()),
            None => Ok(LIST_CLASS
                .import(py, "oxjit.typed", "List")?
                .call0()?
                .unbind()),
        }
    }

    fn clear(&self) {
        if let Some(x) = self.typed() {
            // SAFETY: a live list.
            unsafe { rl::oxjit_rt_list_clear(x.m.0) };
        }
    }

    /// `extend` by another typed List of the same element type (also itself), typing an
    /// untyped list from it; false when the types differ (the Python layer appends one by
    /// one, converting or refusing each element).
    fn _extend_same(&self, other: &Bound<'_, TypedList>) -> bool {
        let Some(o) = other.get().typed() else {
            return true;
        };
        let x = self.inner.get_or_init(|| new_typed(&o.t));
        if x.t != o.t {
            return false;
        }
        // SAFETY: live lists of one layout (possibly the same list).
        unsafe { rl::oxjit_rt_list_extend(x.m.0, o.m.0) };
        true
    }

    /// `==` with another typed List: `None` when the element types differ (the Python layer
    /// compares the boxed elements).
    fn _eq(&self, other: &Bound<'_, TypedList>) -> Option<bool> {
        match (self.typed(), other.get().typed()) {
            // SAFETY: live lists of one element type.
            (Some(a), Some(b)) if a.t == b.t => {
                Some(unsafe { rl::oxjit_rt_list_eq(a.m.0, b.m.0) } != 0)
            }
            (None, None) => Some(true),
            (None, Some(_)) | (Some(_), None) => Some(self.len() == 0 && other.get().len() == 0),
            _ => None,
        }
    }
}

/// The typed List or Dict among `args` whose runtime object is `m` (a returned argument is
/// returned as the same Python object, as Numba does).
pub fn returned_arg(args: &Bound<'_, PyTuple>, m: u64) -> Option<Py<PyAny>> {
    args.iter()
        .find(|a| {
            let list = a
                .cast::<TypedList>()
                .is_ok_and(|l| l.get().inner.get().is_some_and(|x| x.m.0 as u64 == m));
            list || crate::typed_dict::typed_of(a)
                .is_some_and(|x| x.is_some_and(|x| x.m.0 as u64 == m))
        })
        .map(|a| a.unbind())
}

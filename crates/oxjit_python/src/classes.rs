//! `jitclass` instances on the Python side: every instance is a Python object of the class
//! `oxjit.experimental` builds, a subclass of [`JitClassInstance`], which owns one reference to
//! the runtime instance (`oxjit_runtime::instance`). Passing it to compiled code passes that
//! pointer (borrowed for the call); an instance returned by compiled code becomes a new Python
//! object owning the returned reference, except when it is one of the call's arguments: then
//! the argument itself comes back (`f(p) is p`).
//!
//! Fields, methods and properties are reached from Python through small jitted accessors that
//! `oxjit.experimental` generates per class, so this file only moves the pointer in and out.
//! It also installs the runtime's hook that adopts borrowed NumPy arrays stored into fields.

use oxjit_compiler::types::{ClassRef, Type};
use oxjit_runtime::memory::{new_object, oxjit_rt_decref, MemInfo};
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::{PyTuple, PyType};
use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, OnceLock};

/// The base class of every `jitclass`'s Python class: the runtime instance it owns.
#[pyclass(subclass, frozen, module = "oxjit._oxjit")]
pub struct JitClassInstance {
    meminfo: AtomicU64,
    class_id: AtomicU64,
}

#[pymethods]
impl JitClassInstance {
    #[new]
    #[pyo3(signature = (*_args, **_kwargs))]
    fn new(_args: &Bound<'_, PyTuple>, _kwargs: Option<&Bound<'_, pyo3::types::PyDict>>) -> Self {
        JitClassInstance {
            meminfo: AtomicU64::new(0),
            class_id: AtomicU64::new(u64::MAX),
        }
    }

    /// The address of the runtime instance (equal for two Python objects sharing one
    /// instance).
    #[getter]
    fn _meminfo(&self) -> u64 {
        self.meminfo.load(Ordering::Relaxed)
    }
}

impl Drop for JitClassInstance {
    fn drop(&mut self) {
        let m = *self.meminfo.get_mut() as *mut MemInfo;
        // SAFETY: this object owns one reference (or holds null).
        unsafe { oxjit_rt_decref(m) };
    }
}

struct Registered {
    class: Py<PyType>,
    name: Arc<str>,
}

/// The Python class of each `jitclass`, by id.
fn registry() -> &'static Mutex<HashMap<u64, Registered>> {
    static REG: OnceLock<Mutex<HashMap<u64, Registered>>> = OnceLock::new();
    REG.get_or_init(|| Mutex::new(HashMap::new()))
}

/// Record the Python class of `jitclass` `id` (called once per class at decoration).
#[pyfunction]
fn _register_jitclass(id: u64, class: Bound<'_, PyType>, name: String) -> PyResult<()> {
    let mut reg = registry()
        .lock()
        .map_err(|_| PyTypeError::new_err("jitclass registry poisoned"))?;
    reg.insert(
        id,
        Registered {
            class: class.unbind(),
            name: Arc::from(name.as_str()),
        },
    );
    Ok(())
}

/// The compiler's reference to class `id`.
pub fn class_ref(id: u64) -> PyResult<ClassRef> {
    let reg = registry()
        .lock()
        .map_err(|_| PyTypeError::new_err("jitclass registry poisoned"))?;
    let r = reg
        .get(&id)
        .ok_or_else(|| PyTypeError::new_err(format!("unknown jitclass {id}")))?;
    Ok(ClassRef {
        id,
        name: r.name.clone(),
    })
}

/// The type of a `jitclass` instance object, if `obj` is one.
pub fn instance_type(obj: &Bound<'_, PyAny>) -> Option<PyResult<Type>> {
    let inst = obj.cast::<JitClassInstance>().ok()?;
    let id = inst.get().class_id.load(Ordering::Relaxed);
    Some(class_ref(id).map(Type::Instance))
}

/// Is `obj` an instance of class `id`? (The dispatcher's fast path.)
pub fn is_instance_of(obj: &Bound<'_, PyAny>, id: u64) -> bool {
    obj.cast::<JitClassInstance>()
        .is_ok_and(|i| i.get().class_id.load(Ordering::Relaxed) == id)
}

/// The runtime instance of `obj` (borrowed: `obj` keeps it alive).
pub fn unbox_instance(obj: &Bound<'_, PyAny>) -> PyResult<u64> {
    let inst = obj.cast::<JitClassInstance>()?;
    let m = inst.get().meminfo.load(Ordering::Relaxed);
    if m == 0 {
        return Err(PyTypeError::new_err(
            "this jitclass instance was never initialised",
        ));
    }
    Ok(m)
}

/// A Python object of class `id` owning the reference `m`.
pub fn box_instance(py: Python<'_>, m: *mut MemInfo, id: u64) -> PyResult<Py<PyAny>> {
    let class = {
        let reg = registry()
            .lock()
            .map_err(|_| PyTypeError::new_err("jitclass registry poisoned"))?;
        reg.get(&id).map(|r| r.class.clone_ref(py))
    };
    let Some(class) = class else {
        // SAFETY: the reference we were given is released unboxed.
        unsafe { oxjit_rt_decref(m) };
        return Err(PyTypeError::new_err(format!("unknown jitclass {id}")));
    };
    // The base's `__new__`, not the class's (which constructs through `__init__`).
    let obj = py
        .get_type::<JitClassInstance>()
        .call_method1("__new__", (class,))
        .inspect_err(|_| {
            // SAFETY: as above.
            unsafe { oxjit_rt_decref(m) }
        })?;
    let inst = obj.cast::<JitClassInstance>()?.get();
    inst.meminfo.store(m as u64, Ordering::Relaxed);
    inst.class_id.store(id, Ordering::Relaxed);
    Ok(obj.unbind())
}

/// The argument among `args` holding runtime instance `m`, if any (so that returning an
/// argument gives back the very object).
pub fn argument_holding(args: &Bound<'_, PyTuple>, m: u64) -> Option<Py<PyAny>> {
    args.iter()
        .find(|a| {
            a.cast::<JitClassInstance>()
                .is_ok_and(|i| i.get().meminfo.load(Ordering::Relaxed) == m)
        })
        .map(|a| a.unbind())
}

/// Adopt a borrowed NumPy array (a tagged pointer to the array object) into a runtime
/// `MemInfo` that keeps the array alive: how a field keeps an array passed in from Python.
unsafe fn adopt_array(m: *mut MemInfo) -> *mut MemInfo {
    let obj = ((m as usize) & !3) as *mut pyo3::ffi::PyObject;
    Python::attach(|_| {
        // SAFETY: the tagged pointer is a live ndarray the caller keeps alive for the call.
        unsafe { pyo3::ffi::Py_IncRef(obj) }
    });
    new_object(obj.cast(), release_array)
}

unsafe fn release_array(obj: *mut u8) {
    Python::attach(|_| {
        // SAFETY: the reference taken by `adopt_array`.
        unsafe { pyo3::ffi::Py_DecRef(obj.cast()) }
    });
}

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<JitClassInstance>()?;
    m.add_function(wrap_pyfunction!(_register_jitclass, m)?)?;
    oxjit_runtime::instance::set_adopt_hook(adopt_array);
    Ok(())
}

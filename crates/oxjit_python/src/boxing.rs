//! Python values in and out of compiled code: typing arguments, flattening them into 8-byte
//! slots, and boxing results (NumPy arrays that own runtime memory, or views of the inputs).

use numpy::npyffi::{self, NpyTypes, PY_ARRAY_API};
use oxjit_compiler::heap::heap_refs;
use oxjit_compiler::types::{components, Callable, Dtype, Layout, Type};
use oxjit_runtime::memory::{oxjit_rt_decref, MemInfo};
use pyo3::exceptions::PyTypeError;
use pyo3::ffi;
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyCapsule, PyComplex, PyDict, PyFloat, PyInt, PyList, PySet, PyTuple};
use std::ffi::c_void;

const NPY_C_CONTIGUOUS: i32 = 0x0001;
const NPY_F_CONTIGUOUS: i32 = 0x0002;
const NPY_WRITEABLE: i32 = 0x0400;

fn dtype_of_num(num: i32) -> Option<Dtype> {
    Some(match num {
        0 => Dtype::Bool,
        1 => Dtype::Int8,
        2 => Dtype::Uint8,
        3 => Dtype::Int16,
        4 => Dtype::Uint16,
        5 => Dtype::Int32,
        6 => Dtype::Uint32,
        7 | 9 => Dtype::Int64,
        8 | 10 => Dtype::Uint64,
        11 => Dtype::Float32,
        12 => Dtype::Float64,
        14 => Dtype::Complex64,
        15 => Dtype::Complex128,
        _ => return None,
    })
}

fn type_num(d: Dtype) -> i32 {
    match d {
        Dtype::Bool => 0,
        Dtype::Int8 => 1,
        Dtype::Uint8 => 2,
        Dtype::Int16 => 3,
        Dtype::Uint16 => 4,
        Dtype::Int32 => 5,
        Dtype::Uint32 => 6,
        Dtype::Int64 => 7,
        Dtype::Uint64 => 8,
        Dtype::Float32 => 11,
        Dtype::Float64 => 12,
        Dtype::Complex64 => 14,
        Dtype::Complex128 => 15,
        // NPY_VOID (boxed with the dtype object itself, `records::descr`).
        Dtype::Record(_) => 20,
    }
}

/// The raw numpy array behind `obj`, if it is one.
fn as_array(py: Python<'_>, obj: &Bound<'_, PyAny>) -> Option<*mut npyffi::PyArrayObject> {
    // SAFETY: a type check on a live object.
    let is_array = unsafe { npyffi::PyArray_Check(py, obj.as_ptr()) } != 0;
    is_array.then(|| obj.as_ptr().cast())
}

fn array_type(py: Python<'_>, arr: *mut npyffi::PyArrayObject) -> Result<Type, String> {
    // SAFETY: `arr` is a live ndarray; its fields are NumPy's public struct.
    let f = unsafe { &(*arr).fields };
    let descr = unsafe { &(*f.descr).fields };
    let byteorder = descr.byteorder as u8;
    if descr.type_num == 20 {
        // A structured dtype (`records`): its layout, interned.
        // SAFETY: the descr is a live dtype object owned by the array.
        let dt = unsafe { Bound::from_borrowed_ptr(py, f.descr.cast()) };
        let dtype = crate::records::record_dtype(py, &dt).map_err(|e| e.value(py).to_string())?;
        return Ok(Type::array(dtype, f.nd as u8, array_layout(f.flags)));
    }
    let Some(dtype) = dtype_of_num(descr.type_num).filter(|_| byteorder != b'>') else {
        return Err(format!(
            "arrays of dtype number {} (byte order `{}`) are not supported yet; supported: float64, float32, complex128, complex64, int8 to int64, uint8 to uint64, bool",
            descr.type_num, byteorder as char
        ));
    };
    Ok(Type::array(dtype, f.nd as u8, array_layout(f.flags)))
}

fn array_layout(flags: i32) -> Layout {
    if flags & NPY_C_CONTIGUOUS != 0 {
        Layout::C
    } else if flags & NPY_F_CONTIGUOUS != 0 {
        Layout::F
    } else {
        Layout::A
    }
}

/// The oxjit type of a Python argument.
pub fn type_of(py: Python<'_>, obj: &Bound<'_, PyAny>) -> PyResult<Type> {
    if obj.is_exact_instance_of::<PyBool>() {
        return Ok(Type::Bool);
    }
    if obj.is_exact_instance_of::<PyInt>() {
        return Ok(Type::Int);
    }
    if obj.is_instance_of::<PyFloat>() {
        return Ok(Type::Float);
    }
    // Python `complex` (and `numpy.complex128`, a subclass of it).
    if obj.is_instance_of::<PyComplex>() {
        return Ok(Type::Complex);
    }
    if obj.is_none() {
        return Ok(Type::None);
    }
    if obj.is_instance_of::<pyo3::types::PyString>() {
        return Ok(Type::Str);
    }
    if obj.is_exact_instance_of::<pyo3::types::PyRange>() {
        return Ok(Type::Range);
    }
    // A jitted function passed as a value: compile time only (no slots), one specialisation
    // per callee.
    if let Ok(d) = obj.cast::<crate::dispatcher::Dispatcher>() {
        return Ok(Type::Function(Callable::Jitted(d.get().id())));
    }
    if let Some(t) = crate::classes::instance_type(obj) {
        return t;
    }
    if let Ok(t) = obj.cast::<PyTuple>() {
        let items = t
            .iter()
            .map(|i| type_of(py, &i))
            .collect::<PyResult<Vec<_>>>()?;
        return Ok(Type::Tuple(items));
    }
    if let Ok(l) = obj.cast::<PyList>() {
        return crate::lists::list_type(py, l);
    }
    if let Ok(d) = obj.cast::<PyDict>() {
        return crate::dicts::dict_type(py, d);
    }
    if let Ok(s) = obj.cast::<PySet>() {
        return crate::dicts::set_type(py, s);
    }
    // Typed containers (`oxjit.typed`): their stored type, O(1).
    if let Some(t) = crate::typed::list_type_of(py, obj) {
        return t;
    }
    if let Some(t) = crate::typed_dict::dict_type_of(py, obj) {
        return t;
    }
    if let Some(arr) = as_array(py, obj) {
        // SAFETY: a live ndarray and its dtype.
        if unsafe { (*(*arr).fields.descr).fields.type_num } == 20 {
            let dt = obj.getattr("dtype")?;
            let dtype = crate::records::record_dtype(py, &dt)?;
            let flags = unsafe { (*arr).fields.flags };
            // SAFETY: as above.
            let nd = unsafe { (*arr).fields.nd } as u8;
            return Ok(Type::array(dtype, nd, array_layout(flags)));
        }
        return array_type(py, arr).map_err(|e| {
            let dtype = obj
                .getattr("dtype")
                .and_then(|d| d.str())
                .map(|d| d.to_string())
                .unwrap_or_default();
            let ndim = obj.getattr("ndim").and_then(|n| n.extract::<i64>()).unwrap_or(-1);
            if ndim == 0 {
                PyTypeError::new_err(e)
            } else {
                PyTypeError::new_err(format!(
                    "oxjit cannot pass an array of dtype `{dtype}`: supported dtypes are float64, float32, complex128, complex64, int8, int16, int32, int64, uint8, uint16, uint32, uint64 and bool (in native byte order)"
                ))
            }
        });
    }
    // A record (`numpy.void`, e.g. `a[0]` of a structured array).
    if let Some(t) = crate::records::scalar_type(py, obj) {
        return t;
    }
    // NumPy scalars (numpy.int64(3), numpy.bool_(True), numpy.float32(1.5)).
    if let Ok(kind) = obj
        .getattr("dtype")
        .and_then(|d| d.getattr("kind"))
        .and_then(|k| k.extract::<String>())
    {
        let wide = obj
            .getattr("dtype")
            .and_then(|d| d.getattr("itemsize"))
            .and_then(|k| k.extract::<i64>())
            .is_ok_and(|n| n == 8);
        match kind.as_str() {
            "b" => return Ok(Type::Bool),
            "u" if wide => return Ok(Type::Uint64),
            "i" | "u" => return Ok(Type::Int),
            "f" => return Ok(Type::Float),
            // `numpy.complex64` (widened, as NumPy's `complex(z)`).
            "c" => return Ok(Type::Complex),
            _ => {}
        }
    }
    if obj.is_instance_of::<pyo3::types::PyFunction>() || obj.is_callable() {
        return Err(PyTypeError::new_err(format!(
            "oxjit cannot pass the Python callable {obj} to a jitted function: only jitted \
             functions can be passed (decorate it with `@oxjit.njit`)"
        )));
    }
    Err(PyTypeError::new_err(format!(
        "oxjit cannot pass an argument of type `{}` to a jitted function (supported: int, float, complex, bool, None, tuples, NumPy arrays)",
        obj.get_type().name().map(|n| n.to_string()).unwrap_or_default()
    )))
}

/// Does `obj` have exactly type `t`? (The dispatcher's fast path: no allocation.)
pub fn matches(py: Python<'_>, obj: &Bound<'_, PyAny>, t: &Type) -> bool {
    match t {
        Type::Bool => obj.is_exact_instance_of::<PyBool>(),
        Type::Int => obj.is_exact_instance_of::<PyInt>(),
        Type::Float => obj.is_exact_instance_of::<PyFloat>(),
        Type::Complex => obj.is_exact_instance_of::<PyComplex>(),
        Type::Range => obj.is_exact_instance_of::<pyo3::types::PyRange>(),
        Type::None => obj.is_none(),
        Type::Str => obj.is_instance_of::<pyo3::types::PyString>(),
        Type::Instance(c) => crate::classes::is_instance_of(obj, c.id),
        Type::Array { .. } => match as_array(py, obj) {
            Some(arr) => array_type(py, arr).is_ok_and(|a| a == *t),
            None => false,
        },
        // Typed containers are passed as they are (a Python list or dict is copied: slow way).
        Type::List(e) => crate::typed::is_list_of(obj, e),
        Type::Dict(..) => crate::typed_dict::is_dict_of(obj, t),
        // Tuples and NumPy scalars go the slow way.
        _ => false,
    }
}

/// Append the 8-byte slots of `obj` (of type `t`) to `out`.
/// Fixed-capacity argument slots on the stack (most calls), spilling to the heap.
pub struct Slots {
    small: [u64; 8],
    len: usize,
    big: Vec<u64>,
}

impl Slots {
    pub fn new() -> Self {
        Slots {
            small: [0; 8],
            len: 0,
            big: Vec::new(),
        }
    }
    fn push(&mut self, v: u64) {
        if self.len < self.small.len() {
            self.small[self.len] = v;
        } else {
            if self.big.is_empty() {
                self.big.extend_from_slice(&self.small);
            }
            self.big.push(v);
        }
        self.len += 1;
    }
    /// The slots pushed so far.
    pub fn as_slice(&self) -> &[u64] {
        if self.len <= self.small.len() {
            &self.small[..self.len]
        } else {
            &self.big
        }
    }
    pub fn as_ptr(&self) -> *const u64 {
        if self.len <= self.small.len() {
            self.small.as_ptr()
        } else {
            self.big.as_ptr()
        }
    }
}

pub fn flatten_arg(
    py: Python<'_>,
    obj: &Bound<'_, PyAny>,
    t: &Type,
    out: &mut Slots,
) -> PyResult<()> {
    match t {
        Type::Bool => out.push(obj.is_truthy()? as u64),
        Type::Int => out.push(obj.extract::<i64>()? as u64),
        Type::Uint64 => out.push(obj.call_method0("__int__")?.extract::<u64>()?),
        Type::Float => out.push(obj.extract::<f64>()?.to_bits()),
        Type::Range => {
            // Start, stop and step as int64 (`OverflowError` beyond, from the extraction).
            for name in ["start", "stop", "step"] {
                out.push(obj.getattr(name)?.extract::<i64>()? as u64);
            }
        }
        Type::Complex => {
            let z = obj.call_method0("__complex__")?;
            let z = z.cast::<PyComplex>()?;
            out.push(z.real().to_bits());
            out.push(z.imag().to_bits());
        }
        Type::None | Type::Function(Callable::Jitted(_)) => {}
        Type::Tuple(items) => {
            let tup = obj.cast::<PyTuple>()?;
            for (i, it) in items.iter().enumerate() {
                flatten_arg(py, &tup.get_item(i)?, it, out)?;
            }
        }
        Type::Str => out.push(crate::strings::unbox_str(obj)? as u64),
        Type::Instance(_) => out.push(crate::classes::unbox_instance(obj)?),
        Type::Record(_) => crate::records::flatten_scalar(obj)?
            .into_iter()
            .for_each(|w| out.push(w)),
        Type::Optional(inner) => {
            // An optional parameter (a jitclass field's accessor): a flag, then the value.
            if obj.is_none() {
                out.push(0);
                for _ in 0..components(inner).len() {
                    out.push(0);
                }
            } else {
                out.push(1);
                flatten_arg(py, obj, inner, out)?;
            }
        }
        Type::List(e) => match crate::typed::list_arg(obj, e) {
            // A typed List: its runtime list itself (one reference for the call, no copy).
            Some(m) => out.push(m as u64),
            None => {
                let l = obj.cast::<PyList>()?;
                out.push(crate::lists::unbox_list(py, l, e)? as u64);
            }
        },
        Type::Dict(..) | Type::Set(_) => match crate::typed_dict::dict_arg(obj, t) {
            Some(m) => out.push(m as u64),
            None => out.push(crate::dicts::unbox_table(py, obj, t)? as u64),
        },
        Type::Array { .. } => {
            let arr = as_array(py, obj).ok_or_else(|| PyTypeError::new_err("expected an array"))?;
            // SAFETY: live ndarray; the caller keeps `obj` alive for the call.
            let f = unsafe { &(*arr).fields };
            // A borrowed array: the meminfo slot holds the object pointer, tagged (bit 0);
            // bit 1 marks a read-only array (compiled code checks it before writes).
            let read_only = if f.flags & NPY_WRITEABLE == 0 { 2 } else { 0 };
            out.push(obj.as_ptr() as u64 | 1 | read_only);
            out.push(f.data as u64);
            for k in 0..f.nd as usize {
                out.push(unsafe { *f.dimensions.add(k) } as u64);
            }
            for k in 0..f.nd as usize {
                out.push(unsafe { *f.strides.add(k) } as u64);
            }
        }
        other => {
            return Err(PyTypeError::new_err(format!(
                "cannot pass a value of type `{other}`"
            )))
        }
    }
    Ok(())
}

/// Owns one reference to a runtime allocation; dropping it releases the reference.
struct MemRef(*mut MemInfo);
// SAFETY: the reference count is atomic; the memory may be freed from any thread.
unsafe impl Send for MemRef {}

/// Box the flattened result `slots[*pos..]` of type `t` as a Python object, taking ownership of
/// any runtime memory inside it.
pub fn box_result(py: Python<'_>, t: &Type, slots: &[u64], pos: &mut usize) -> PyResult<Py<PyAny>> {
    Ok(match t {
        Type::Int => {
            let v = slots[*pos] as i64;
            *pos += 1;
            v.into_pyobject(py)?.into_any().unbind()
        }
        Type::Uint64 => {
            let v = slots[*pos];
            *pos += 1;
            v.into_pyobject(py)?.into_any().unbind()
        }
        Type::Float => {
            let v = f64::from_bits(slots[*pos]);
            *pos += 1;
            PyFloat::new(py, v).into_any().unbind()
        }
        Type::Float32 => {
            let v = f32::from_bits(slots[*pos] as u32) as f64;
            *pos += 1;
            PyFloat::new(py, v).into_any().unbind()
        }
        Type::Range => {
            let [a, b, c] = [0, 1, 2].map(|k| slots[*pos + k] as i64 as isize);
            *pos += 3;
            pyo3::types::PyRange::new_with_step(py, a, b, c)?
                .into_any()
                .unbind()
        }
        Type::Complex => {
            let (re, im) = (f64::from_bits(slots[*pos]), f64::from_bits(slots[*pos + 1]));
            *pos += 2;
            PyComplex::from_doubles(py, re, im).into_any().unbind()
        }
        Type::Bool => {
            let v = (slots[*pos] & 0xff) != 0;
            *pos += 1;
            PyBool::new(py, v).to_owned().into_any().unbind()
        }
        Type::None => py.None(),
        Type::Optional(inner) => {
            let present = (slots[*pos] & 0xff) != 0;
            *pos += 1;
            if present {
                box_result(py, inner, slots, pos)?
            } else {
                *pos += components(inner).len();
                py.None()
            }
        }
        Type::Tuple(items) => {
            let objs = items
                .iter()
                .map(|it| box_result(py, it, slots, pos))
                .collect::<PyResult<Vec<_>>>()?;
            PyTuple::new(py, objs)?.into_any().unbind()
        }
        Type::List(e) => {
            let m = slots[*pos] as *mut MemInfo;
            *pos += 1;
            // SAFETY: a live list handed over by compiled code.
            if unsafe { oxjit_runtime::typed_api::is_typed(m) } {
                // Made by `List()` (or held by an `oxjit.typed.List`): stays one, no copy.
                crate::typed::wrap_list(py, m, (**e).clone())?
            } else {
                crate::lists::box_list(py, m, e)?
            }
        }
        Type::Str => {
            let m = slots[*pos] as *mut MemInfo;
            *pos += 1;
            crate::strings::box_str(py, m)?
        }
        Type::Dict(..) | Type::Set(_) => {
            let m = slots[*pos] as *mut MemInfo;
            *pos += 1;
            // SAFETY: a live table handed over by compiled code.
            if matches!(t, Type::Dict(..)) && unsafe { oxjit_runtime::typed_api::is_typed(m) } {
                crate::typed_dict::wrap_dict(py, m, t.clone())?
            } else {
                crate::dicts::box_table(py, m, t)?
            }
        }
        Type::Instance(c) => {
            let m = slots[*pos] as *mut MemInfo;
            *pos += 1;
            crate::classes::box_instance(py, m, c.id)?
        }
        Type::ExceptionArgs => {
            let m = slots[*pos] as *mut MemInfo;
            *pos += 1;
            crate::errors::box_exception_args(py, m)?
        }
        Type::Array { dtype, ndim, .. } => {
            let nd = *ndim as usize;
            let n = components(t).len();
            let s = &slots[*pos..*pos + n];
            *pos += n;
            box_array(py, *dtype, nd, s)?
        }
        other => {
            return Err(PyTypeError::new_err(format!(
                "cannot return a value of type `{other}`"
            )))
        }
    })
}

pub(crate) fn box_array(py: Python<'_>, dtype: Dtype, nd: usize, s: &[u64]) -> PyResult<Py<PyAny>> {
    let meminfo = s[0];
    let data = s[1] as *mut c_void;
    let mut dims: Vec<npyffi::npy_intp> = s[2..2 + nd].iter().map(|v| *v as isize).collect();
    let mut strides: Vec<npyffi::npy_intp> =
        s[2 + nd..2 + 2 * nd].iter().map(|v| *v as isize).collect();
    // SAFETY: NumPy's C API with valid shapes/strides describing memory kept alive by `base`.
    unsafe {
        let (base, writeable): (*mut ffi::PyObject, bool) = if meminfo & 1 == 1 {
            // A view of (or the same as) an input array.
            let origin = (meminfo & !3) as *mut ffi::PyObject;
            let arr = origin as *mut npyffi::PyArrayObject;
            let f = &(*arr).fields;
            // (`a.real` of a complex `a` starts at the same address with another dtype.)
            let same = f.data as *mut c_void == data
                && (*f.descr).fields.type_num == type_num(dtype)
                && f.nd as usize == nd
                && (0..nd)
                    .all(|k| *f.dimensions.add(k) == dims[k] && *f.strides.add(k) == strides[k]);
            if same {
                return Ok(Bound::from_borrowed_ptr(py, origin).unbind());
            }
            ffi::Py_IncRef(origin);
            (origin, f.flags & NPY_WRITEABLE != 0)
        } else {
            let owner = MemRef(meminfo as *mut MemInfo);
            let capsule = PyCapsule::new_with_value_and_destructor(
                py,
                owner,
                c"oxjit.memory",
                |m: MemRef, _| oxjit_rt_decref(m.0),
            )?;
            (capsule.into_ptr(), true)
        };
        let descr = match dtype {
            Dtype::Record(id) => match crate::records::descr(py, id) {
                Ok(d) => d.cast(),
                Err(e) => {
                    ffi::Py_DecRef(base);
                    return Err(e);
                }
            },
            d => PY_ARRAY_API.PyArray_DescrFromType(py, type_num(d)),
        };
        let flags = if writeable { NPY_WRITEABLE } else { 0 };
        let subtype = npyffi::get_type_object(py, NpyTypes::PyArray_Type);
        let arr = PY_ARRAY_API.PyArray_NewFromDescr(
            py,
            subtype,
            descr,
            nd as i32,
            dims.as_mut_ptr(),
            strides.as_mut_ptr(),
            data,
            flags,
            std::ptr::null_mut(),
        );
        if arr.is_null() {
            ffi::Py_DecRef(base);
            return Err(PyErr::fetch(py));
        }
        if PY_ARRAY_API.PyArray_SetBaseObject(py, arr.cast(), base) < 0 {
            ffi::Py_DecRef(arr);
            return Err(PyErr::fetch(py));
        }
        Ok(Bound::from_owned_ptr(py, arr).unbind())
    }
}

/// Release runtime memory held by a result that will not be boxed (an error after the call).
pub fn release_result(t: &Type, slots: &[u64]) {
    for r in heap_refs(t) {
        // SAFETY: the compiled function handed us this reference.
        unsafe { oxjit_rt_decref(slots[r.slot] as *mut MemInfo) };
    }
}

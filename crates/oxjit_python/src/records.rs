//! Structured NumPy dtypes in and out of compiled code (`oxjit_compiler::records`): reading a
//! dtype's fields into an interned layout, typing `numpy.void` record scalars, and the dtype
//! object to box a record array returned from compiled code.
//!
//! Each dtype object seen is remembered with its id (and a strong reference, so its address
//! is never reused by another dtype while remembered): the dispatcher's per-call check of a
//! record array argument is then a lookup, not a walk over the fields. Renaming the fields of
//! a dtype in place (`dt.names = ...`) replaces its `names` tuple, which is part of the key.

use crate::errors::unsupported_error;
use oxjit_compiler::records::{intern, Field, RecordId, RecordLayout};
use oxjit_compiler::types::{Dtype, Type};
use pyo3::prelude::*;
use pyo3::types::PyTuple;
use std::collections::HashMap;
use std::sync::Mutex;

/// A dtype object seen, its `names` tuple (both kept alive) and its layout's id.
struct Known {
    _dtype: Py<PyAny>,
    _names: Py<PyAny>,
    id: RecordId,
}

struct Seen {
    /// By the addresses of (dtype object, its `names` tuple).
    by_descr: HashMap<(usize, usize), Known>,
    /// A dtype object for each id, to box arrays returned from compiled code.
    descr: HashMap<RecordId, Py<PyAny>>,
}

static SEEN: Mutex<Option<Seen>> = Mutex::new(None);

fn with_seen<R>(f: impl FnOnce(&mut Seen) -> R) -> R {
    let mut g = SEEN.lock().unwrap_or_else(|e| e.into_inner());
    let seen = g.get_or_insert_with(|| Seen {
        by_descr: HashMap::new(),
        descr: HashMap::new(),
    });
    f(seen)
}

/// The element dtype of one field (a numeric scalar in native byte order), or why not.
fn field_dtype(fd: &Bound<'_, PyAny>) -> Result<Dtype, String> {
    let shape = fd.getattr("shape").map_err(|e| e.to_string())?;
    if shape.len().map_err(|e| e.to_string())? != 0 {
        return Err("sub-array fields are not supported".into());
    }
    if !fd.getattr("names").map_err(|e| e.to_string())?.is_none() {
        return Err("nested structured fields are not supported".into());
    }
    let native = fd
        .getattr("isnative")
        .and_then(|n| n.extract::<bool>())
        .map_err(|e| e.to_string())?;
    let name: String = fd
        .getattr("name")
        .and_then(|n| n.extract())
        .map_err(|e| e.to_string())?;
    let kind: String = fd
        .getattr("kind")
        .and_then(|n| n.extract())
        .map_err(|e| e.to_string())?;
    match Dtype::from_name(&name) {
        Some(d) if native && !d.is_complex() && matches!(kind.as_str(), "b" | "i" | "u" | "f") => {
            Ok(d)
        }
        _ => Err(format!(
            "fields of dtype `{}` are not supported (numeric scalars in native byte order are: \
             bool, int8 to int64, uint8 to uint64, float32, float64)",
            fd.str().map(|s| s.to_string()).unwrap_or(name)
        )),
    }
}

/// The layout of a structured dtype object, read from its fields.
fn read_layout(py: Python<'_>, dt: &Bound<'_, PyAny>) -> PyResult<RecordLayout> {
    let names = dt.getattr("names")?;
    let names = names.cast::<PyTuple>()?;
    let fields = dt.getattr("fields")?;
    let mut out = Vec::new();
    for n in names.iter() {
        let name: String = n.extract()?;
        let entry = fields.get_item(&n)?;
        let fd = entry.get_item(0)?;
        let offset: i64 = entry.get_item(1)?.extract()?;
        let dtype = field_dtype(&fd).map_err(|why| {
            unsupported_error(
                py,
                format!(
                    "record field `{name}` of the dtype `{}`: {why}",
                    dt.str().map(|s| s.to_string()).unwrap_or_default()
                ),
            )
        })?;
        out.push(Field {
            name,
            dtype,
            offset,
        });
    }
    Ok(RecordLayout {
        fields: out,
        itemsize: dt.getattr("itemsize")?.extract()?,
        aligned: dt.getattr("isalignedstruct")?.extract()?,
    })
}

/// The `Dtype::Record` of a structured dtype object (`UnsupportedError` naming the field
/// oxjit cannot read).
pub fn record_dtype(py: Python<'_>, dt: &Bound<'_, PyAny>) -> PyResult<Dtype> {
    let names = dt.getattr("names")?;
    let key = (dt.as_ptr() as usize, names.as_ptr() as usize);
    if let Some(id) = with_seen(|s| s.by_descr.get(&key).map(|e| e.id)) {
        return Ok(Dtype::Record(id));
    }
    if names.is_none() {
        return Err(unsupported_error(
            py,
            format!(
                "arrays of the unstructured dtype `{}` are not supported",
                dt.str()?
            ),
        ));
    }
    let id = intern(read_layout(py, dt)?);
    let (d, n) = (dt.clone().unbind(), names.unbind());
    with_seen(|s| {
        s.descr.entry(id).or_insert_with(|| d.clone_ref(py));
        s.by_descr.insert(
            key,
            Known {
                _dtype: d,
                _names: n,
                id,
            },
        );
    });
    Ok(Dtype::Record(id))
}

/// A new reference to a dtype object for record layout `id` (for `PyArray_NewFromDescr`).
pub fn descr(py: Python<'_>, id: RecordId) -> PyResult<*mut pyo3::ffi::PyObject> {
    with_seen(|s| s.descr.get(&id).map(|d| d.clone_ref(py).into_ptr())).ok_or_else(|| {
        crate::errors::internal_error(py, "a record dtype was boxed before it was seen")
    })
}

/// A `numpy.void` record scalar (`a[0]` in Python): `Type::Record`, or `None` for any other
/// object.
pub fn scalar_type(py: Python<'_>, obj: &Bound<'_, PyAny>) -> Option<PyResult<Type>> {
    let void = py.import("numpy").and_then(|np| np.getattr("void")).ok()?;
    if !obj.is_instance(&void).ok()? {
        return None;
    }
    Some(
        obj.getattr("dtype")
            .and_then(|dt| match record_dtype(py, &dt)? {
                Dtype::Record(id) => Ok(Type::Record(id)),
                _ => Err(crate::errors::internal_error(py, "not a record dtype")),
            }),
    )
}

/// The two slots of a record argument: a read-only tag (as for arrays, bit 1) and the address
/// of its bytes (inside its array for a record taken from one, so writes reach the array).
pub fn flatten_scalar(obj: &Bound<'_, PyAny>) -> PyResult<[u64; 2]> {
    let data = obj.getattr("__array_interface__")?.get_item("data")?;
    let ptr: usize = data.get_item(0)?.extract()?;
    let read_only: bool = data.get_item(1)?.extract()?;
    Ok([if read_only { 2 } else { 0 }, ptr as u64])
}

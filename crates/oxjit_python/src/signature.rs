//! Explicit signatures: the plain type specs of `oxjit.types` (tuples such as
//! `("array", "float64", 2, "C")`) turned into compiler types, for eager compilation; and back
//! ([`spec_of`]), for pickling typed containers.

use oxjit_compiler::types::{Dtype, Layout, Type};
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::{PyString, PyTuple};

/// The compiler type of one spec made by `oxjit.types`.
pub fn type_from_spec(spec: &Bound<'_, PyAny>) -> PyResult<Type> {
    let t = spec.cast::<PyTuple>()?;
    let kind: String = t.get_item(0)?.extract()?;
    Ok(match kind.as_str() {
        "int" => Type::Int,
        "uint64" => Type::Uint64,
        "float" => Type::Float,
        "float32" => Type::Float32,
        "complex" | "complex128" => Type::Complex,
        "bool" => Type::Bool,
        "none" => Type::None,
        "str" => Type::Str,
        "list" => Type::List(Box::new(type_from_spec(&t.get_item(1)?)?)),
        "dict" => Type::Dict(
            Box::new(type_from_spec(&t.get_item(1)?)?),
            Box::new(type_from_spec(&t.get_item(2)?)?),
        ),
        "tuple" => Type::Tuple(
            t.get_item(1)?
                .cast::<PyTuple>()?
                .iter()
                .map(|item| type_from_spec(&item))
                .collect::<PyResult<Vec<_>>>()?,
        ),
        "instance" => Type::Instance(crate::classes::class_ref(t.get_item(1)?.extract()?)?),
        "optional" => {
            let inner = type_from_spec(&t.get_item(1)?)?;
            if !inner.can_be_optional() {
                return Err(PyTypeError::new_err(format!(
                    "`{inner}` cannot be optional"
                )));
            }
            Type::Optional(Box::new(inner))
        }
        "array" => {
            let name: String = t.get_item(1)?.extract()?;
            let dtype = Dtype::from_name(&name).ok_or_else(|| {
                PyTypeError::new_err(format!("oxjit has no arrays of dtype `{name}` yet"))
            })?;
            let ndim: u8 = t.get_item(2)?.extract()?;
            let layout = match t.get_item(3)?.extract::<String>()?.as_str() {
                "C" => Layout::C,
                "F" => Layout::F,
                "A" => Layout::A,
                other => return Err(PyTypeError::new_err(format!("unknown layout `{other}`"))),
            };
            Type::array(dtype, ndim, layout)
        }
        other => return Err(PyTypeError::new_err(format!("unknown type spec `{other}`"))),
    })
}

/// The spec `oxjit.types` would give `t` (the inverse of [`type_from_spec`]) for the types a
/// typed container can hold in a pickle: numbers, strings, tuples, lists and dicts of them.
pub fn spec_of<'py>(py: Python<'py>, t: &Type) -> PyResult<Bound<'py, PyTuple>> {
    let word = |w: &str| PyString::new(py, w).into_any();
    let items: Vec<Bound<'py, PyAny>> = match t {
        Type::Int => vec![word("int")],
        Type::Uint64 => vec![word("uint64")],
        Type::Float => vec![word("float")],
        Type::Float32 => vec![word("float32")],
        Type::Complex => vec![word("complex")],
        Type::Bool => vec![word("bool")],
        Type::Str => vec![word("str")],
        Type::List(e) => vec![word("list"), spec_of(py, e)?.into_any()],
        Type::Dict(k, v) => vec![
            word("dict"),
            spec_of(py, k)?.into_any(),
            spec_of(py, v)?.into_any(),
        ],
        Type::Tuple(items) => {
            let inner = items
                .iter()
                .map(|i| spec_of(py, i))
                .collect::<PyResult<Vec<_>>>()?;
            vec![word("tuple"), PyTuple::new(py, inner)?.into_any()]
        }
        t => {
            return Err(PyTypeError::new_err(format!(
                "cannot pickle a typed container holding `{t}`"
            )))
        }
    };
    PyTuple::new(py, items)
}

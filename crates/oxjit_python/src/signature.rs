//! Explicit signatures: the plain type specs of `oxjit.types` (tuples such as
//! `("array", "float64", 2, "C")`) turned into compiler types, for eager compilation.

use oxjit_compiler::types::{Dtype, Layout, Type};
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::PyTuple;

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

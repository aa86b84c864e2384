//! `isinstance(x, C)`: decided from the type of `x` at compile time (oxjit's types are static),
//! for the classes `int`, `float`, `bool` and `list` and tuples of them. Branches on
//! `isinstance(param, C)` are decided before typing too ([`super::prune`]), so the branch not
//! taken is never typed, as for `param is None`.
//!
//! The rules are Python's for the values oxjit has: `bool` is a subclass of `int`; a
//! `numpy.float32` is not a `float`. Difference: an `int64` value is an `int` even when it was
//! read from a NumPy array (CPython: `numpy.int64` is not an `int` subclass), as in Numba.

use crate::error::{CompileError, Result, Span};
use crate::intrinsics::Intrinsic as I;
use crate::ir::{Const, ValueId};
use crate::types::{Callable, Type};

/// A class `isinstance` can test.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum PyClass {
    Int,
    Float,
    Bool,
    List,
}

impl PyClass {
    /// The class a builtin's name stands for.
    pub(crate) fn from_builtin(name: &str) -> Option<PyClass> {
        Some(match name {
            "int" => PyClass::Int,
            "float" => PyClass::Float,
            "bool" => PyClass::Bool,
            "list" => PyClass::List,
            _ => return None,
        })
    }

    fn from_type(t: &Type) -> Option<Vec<PyClass>> {
        Some(match t {
            Type::Function(Callable::Intrinsic(f)) => vec![match f {
                I::BuiltinInt => PyClass::Int,
                I::BuiltinFloat => PyClass::Float,
                I::BuiltinBool => PyClass::Bool,
                I::BuiltinList => PyClass::List,
                _ => return None,
            }],
            Type::Tuple(items) => {
                let mut out = Vec::new();
                for i in items {
                    out.extend(PyClass::from_type(i)?);
                }
                out
            }
            _ => return None,
        })
    }
}

/// Is a value of type `t` an instance of one of `classes`? `None` when only the run time
/// knows (an optional value).
pub(crate) fn is_instance(t: &Type, classes: &[PyClass]) -> Option<bool> {
    if matches!(t, Type::Optional(_)) {
        return None;
    }
    Some(classes.iter().any(|c| match c {
        PyClass::Int => matches!(t, Type::Int | Type::Uint64 | Type::Bool),
        PyClass::Float => *t == Type::Float,
        PyClass::Bool => *t == Type::Bool,
        PyClass::List => matches!(t, Type::List(_)),
    }))
}

impl super::Inference<'_> {
    /// `isinstance(x, C)`: a constant `bool`.
    pub(super) fn isinstance(
        &mut self,
        result: ValueId,
        args: &[Type],
        span: Span,
    ) -> Result<Type> {
        let [x, c] = args else {
            return Err(CompileError::typing(
                format!("isinstance expected 2 arguments, got {}", args.len()),
                span,
            ));
        };
        let Some(classes) = PyClass::from_type(c) else {
            return Err(CompileError::unsupported(
                format!("`isinstance` with `{c}` is not supported (int, float, bool, list or a tuple of them)"),
                span,
            ));
        };
        let Some(yes) = is_instance(x, &classes) else {
            return Err(CompileError::unsupported(
                format!("`isinstance` of `{x}` is known only at run time: test `is None` first"),
                span,
            ));
        };
        self.consts.insert(result, Const::Bool(yes));
        Ok(Type::Bool)
    }
}

//! Typing of the array manipulation routines (the `Rule::Manip` entries of the intrinsics
//! table): `tile`, `repeat`, `diff`, `unique` on 1-D and 2-D arrays, with int counts and an int
//! (or absent) axis.

use super::numpy::Arg;
use crate::error::{CompileError, Result, Span};
use crate::intrinsics::ManipRule;
use crate::types::{Layout, Type};

/// Type a call of a manipulation routine (arguments bound to its parameters).
pub fn call(rule: ManipRule, b: &[Option<Arg>], what: &str, span: Span) -> Result<Type> {
    let (dtype, ndim) = match b[0].as_ref().map(|a| &a.ty) {
        Some(Type::Array { dtype, ndim, .. }) if (1..=2).contains(ndim) => (*dtype, *ndim),
        Some(t) => {
            return Err(CompileError::unsupported(
                format!("`{what}` of `{t}` is not supported yet (1-D or 2-D arrays only)"),
                span,
            ))
        }
        None => {
            return Err(CompileError::typing(
                format!("`{what}` needs an array"),
                span,
            ))
        }
    };
    // Counts (`reps`, `repeats`, `n`) and `axis`: ints (an absent axis keeps its default).
    for a in b.iter().skip(1).flatten() {
        match &a.ty {
            Type::Int => {}
            Type::None if rule == ManipRule::Repeat => {}
            t => {
                return Err(CompileError::unsupported(
                    format!(
                        "`{what}` with an argument of type `{t}` is not supported yet (ints only)"
                    ),
                    span,
                ))
            }
        }
    }
    let axis_given = matches!(
        b.get(2).and_then(|a| a.as_ref()).map(|a| &a.ty),
        Some(Type::Int)
    );
    Ok(match rule {
        ManipRule::Same => Type::array(dtype, ndim, Layout::C),
        ManipRule::Repeat if axis_given => Type::array(dtype, ndim, Layout::C),
        ManipRule::Repeat | ManipRule::Vector => Type::array(dtype, 1, Layout::C),
    })
}

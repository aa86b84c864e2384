//! Typing of the array manipulation routines (the `Rule::Manip` entries of the intrinsics
//! table): `tile`, `repeat`, `diff`, `unique` on 1-D and 2-D arrays, with int counts and an int
//! (or absent) axis; `triu`/`tril` of a matrix; `average` over the whole array.

use super::numpy::Arg;
use crate::error::{CompileError, Result, Span};
use crate::intrinsics::{Intrinsic, ManipRule};
use crate::types::{Dtype, Layout, Type};

/// Type a call of a manipulation routine (arguments bound to its parameters).
pub fn call(
    f: Intrinsic,
    rule: ManipRule,
    b: &[Option<Arg>],
    what: &str,
    span: Span,
) -> Result<Type> {
    if rule.any_ndim() {
        return super::rearrange::call(f, rule, b, what, span);
    }
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
    if rule == ManipRule::Average {
        return average(dtype, b, what, span);
    }
    if rule == ManipRule::Matrix && ndim != 2 {
        return Err(CompileError::unsupported(
            format!("`{what}` of a {ndim}-D array is not supported yet (matrices only)"),
            span,
        ));
    }
    // Counts (`reps`, `repeats`, `n`, `k`) and `axis`: ints (an absent axis keeps its default).
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
        ManipRule::Same | ManipRule::Matrix => Type::array(dtype, ndim, Layout::C),
        ManipRule::Repeat if axis_given => Type::array(dtype, ndim, Layout::C),
        ManipRule::Repeat | ManipRule::Vector => Type::array(dtype, 1, Layout::C),
        ManipRule::Average => average(dtype, b, what, span)?,
        // Taken by `any_ndim` above.
        _ => return super::rearrange::call(f, rule, b, what, span),
    })
}

/// `average(a, axis=None, weights=None)`: float32 when `a` (and `weights`) are float32.
fn average(dtype: Dtype, b: &[Option<Arg>], what: &str, span: Span) -> Result<Type> {
    if !matches!(b[1].as_ref().map(|a| &a.ty), None | Some(Type::None)) {
        return Err(CompileError::unsupported(
            format!("`axis` of `{what}` is not supported yet (whole array only)"),
            span,
        ));
    }
    let single = match b[2].as_ref().map(|a| &a.ty) {
        None | Some(Type::None) => dtype == Dtype::Float32,
        Some(Type::Array { dtype: w, ndim, .. }) if (1..=2).contains(ndim) => {
            dtype == Dtype::Float32 && *w == Dtype::Float32
        }
        Some(t) => {
            return Err(CompileError::unsupported(
                format!("`weights` of `{what}` must be a 1-D or 2-D array, not `{t}`"),
                span,
            ))
        }
    };
    Ok(if single { Type::Float32 } else { Type::Float })
}

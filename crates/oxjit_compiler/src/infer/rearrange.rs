//! Typing of the routines that rearrange elements of arrays of any number of axes (the
//! `Rule::Manip` entries lowered to the runtime's `join.rs`, `reorder.rs` and `shape_ops.rs`):
//! joins of a sequence of arrays, `stack`, `split`/`array_split` (a tuple of pieces whose
//! number is known when compiling), and the reordering and shape helpers.
//!
//! What depends on values (shapes that must match, axes in range, sections that divide) is
//! checked by the routines at run time with NumPy's errors; what decides the result's type
//! (the number of axes, the number of pieces) must be known here.

use super::numpy::Arg;
use crate::error::{CompileError, Result, Span};
use crate::intrinsics::ManipRule;
use crate::types::{Dtype, Layout, Type};
use oxjit_runtime::slots::MAX_NDIM;

/// Type a call of a rearranging routine (arguments bound to its parameters).
pub fn call(rule: ManipRule, b: &[Option<Arg>], what: &str, span: Span) -> Result<Type> {
    let get = |i: usize| b.get(i).and_then(|a| a.as_ref());
    match rule {
        ManipRule::Join { min_ndim } => {
            let (dtype, ndim) = sequence(get(0), what, span)?;
            // `concatenate(..., axis=None)` joins the flattened arrays.
            let flat = b.len() > 1 && matches!(get(1).map(|a| &a.ty), Some(Type::None));
            if b.len() > 1 {
                axis_or_none(get(1), what, span)?;
            }
            let nd = if flat { 1 } else { ndim.max(min_ndim) };
            Ok(Type::array(dtype, nd, Layout::C))
        }
        ManipRule::Stack => {
            let (dtype, ndim) = sequence(get(0), what, span)?;
            int_axis(get(1), what, span)?;
            result_ndim(ndim + 1, what, span)?;
            Ok(Type::array(dtype, ndim + 1, Layout::C))
        }
        ManipRule::Split => {
            let (dtype, ndim) = array(get(0), what, span)?;
            let pieces = sections(get(1), what, span)?;
            int_axis(get(2), what, span)?;
            Ok(Type::Tuple(vec![
                Type::array(dtype, ndim, Layout::C);
                pieces
            ]))
        }
        other => Err(CompileError::internal(
            "infer",
            format!("`{what}`: rule {other:?} is not a rearranging rule"),
        )),
    }
}

/// An array argument of at least one axis: its dtype and number of axes.
pub(super) fn array(a: Option<&Arg>, what: &str, span: Span) -> Result<(Dtype, u8)> {
    match a.map(|a| &a.ty) {
        Some(Type::Array { dtype, ndim, .. }) => {
            result_ndim(*ndim, what, span)?;
            Ok((*dtype, *ndim))
        }
        Some(t) => Err(CompileError::unsupported(
            format!("`{what}` of `{t}` is not supported (arrays only)"),
            span,
        )),
        None => Err(CompileError::typing(
            format!("`{what}` needs an array"),
            span,
        )),
    }
}

/// A number of axes the slot routines can pass.
fn result_ndim(ndim: u8, what: &str, span: Span) -> Result<()> {
    if ndim as usize > MAX_NDIM {
        return Err(CompileError::unsupported(
            format!("`{what}` of arrays of more than {MAX_NDIM} dimensions is not supported"),
            span,
        ));
    }
    Ok(())
}

/// A tuple (or list display) of arrays: their promoted dtype and the first one's number of
/// axes (arrays of other numbers of axes raise NumPy's `ValueError` at run time).
fn sequence(a: Option<&Arg>, what: &str, span: Span) -> Result<(Dtype, u8)> {
    let items = match a.map(|a| &a.ty) {
        Some(Type::Tuple(items)) => items,
        Some(t) => {
            return Err(CompileError::unsupported(
                format!("`{what}` takes a tuple or a list display of arrays, not `{t}`"),
                span,
            ))
        }
        None => {
            return Err(CompileError::typing(
                format!("`{what}` needs a sequence of arrays"),
                span,
            ))
        }
    };
    let mut out: Option<(Dtype, u8)> = None;
    for t in items {
        let Type::Array { dtype, ndim, .. } = t else {
            return Err(CompileError::unsupported(
                format!("`{what}` of a sequence holding `{t}` is not supported (arrays only)"),
                span,
            ));
        };
        if *ndim == 0 {
            return Err(CompileError::unsupported(
                format!("`{what}` of 0-d arrays is not supported"),
                span,
            ));
        }
        result_ndim(*ndim, what, span)?;
        out = Some(match out {
            None => (*dtype, *ndim),
            Some((d, n)) => (Dtype::promote(d, *dtype), n),
        });
    }
    out.ok_or_else(|| {
        CompileError::typing(
            format!("`{what}` needs at least one array (NumPy raises `ValueError`)"),
            span,
        )
    })
}

/// An `axis` argument that is an int (or absent).
pub(super) fn int_axis(a: Option<&Arg>, what: &str, span: Span) -> Result<()> {
    match a.map(|a| &a.ty) {
        None | Some(Type::Int) => Ok(()),
        Some(t) => Err(CompileError::unsupported(
            format!("`axis` of `{what}` must be an int, not `{t}`"),
            span,
        )),
    }
}

/// An `axis` argument that is an int, `None` or absent.
pub(super) fn axis_or_none(a: Option<&Arg>, what: &str, span: Span) -> Result<()> {
    match a.map(|a| &a.ty) {
        Some(Type::None) => Ok(()),
        _ => int_axis(a, what, span),
    }
}

/// The number of pieces of `split`: a literal int of sections, or one more than the indices
/// of a tuple or list display.
fn sections(a: Option<&Arg>, what: &str, span: Span) -> Result<usize> {
    match a {
        Some(Arg {
            ty: Type::Int,
            konst: Some(k),
            ..
        }) => Ok((*k).max(0) as usize),
        Some(Arg { ty: Type::Int, .. }) => Err(CompileError::unsupported(
            format!(
                "the number of sections of `{what}` must be a literal int: the pieces are a \
                 tuple, whose length must be known when compiling"
            ),
            span,
        )
        .with_hint("write the number (`split(a, 3)`) or give the split points as a tuple")),
        Some(Arg {
            ty: Type::Tuple(items),
            ..
        }) if items.iter().all(|t| matches!(t, Type::Int | Type::Bool)) => Ok(items.len() + 1),
        Some(a) => Err(CompileError::unsupported(
            format!(
                "`indices_or_sections` of `{what}` must be a literal int or a tuple of ints, not \
                 `{}`",
                a.ty
            ),
            span,
        )),
        None => Err(CompileError::typing(
            format!("`{what}` needs `indices_or_sections`"),
            span,
        )),
    }
}

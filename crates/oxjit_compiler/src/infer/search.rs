//! Typing of the searching, counting and set routines (the `Rule::Search` entries of the
//! intrinsics table): `searchsorted`, `digitize`, `bincount`, `isin`,
//! `intersect1d`, `union1d`, `setdiff1d` on 1-D (and, for values and `isin`, 2-D) arrays;
//! `lexsort`, `partition`, `argpartition` (`histogram` and `histogram2d`: `infer::histogram`).
//! The runtime (`oxjit_runtime::search`) computes the same result dtypes.

use super::numpy::Arg;
use crate::error::{CompileError, Result, Span};
use crate::intrinsics::{SearchRule, Word};
use crate::types::{Dtype, Layout, Type};

/// Type a call of a search routine (arguments bound to its parameters).
pub fn call(rule: SearchRule, b: &[Option<Arg>], what: &str, span: Span) -> Result<Type> {
    let arg = |i: usize| b.get(i).and_then(|a| a.as_ref());
    let ty = |i: usize| arg(i).map(|a| &a.ty);
    let vector = Type::array(Dtype::Int64, 1, Layout::C);
    match rule {
        SearchRule::Unique => {
            let (d, nd) = array(ty(0), 1..=2, what, span)?;
            let mut flags = [false; 3];
            for (k, name) in ["return_index", "return_inverse", "return_counts"]
                .iter()
                .enumerate()
            {
                flags[k] = match arg(k + 1) {
                    None => false,
                    Some(Arg {
                        ty: Type::Bool,
                        flag: Some(f),
                        ..
                    }) => *f,
                    Some(_) => {
                        return Err(CompileError::unsupported(
                            format!("`{name}` of `{what}` must be the literal True or False"),
                            span,
                        ))
                    }
                };
            }
            let values = Type::array(d, 1, Layout::C);
            if !flags.iter().any(|f| *f) {
                return Ok(values);
            }
            let mut items = vec![values];
            if flags[0] {
                items.push(vector.clone());
            }
            if flags[1] {
                items.push(Type::array(Dtype::Int64, nd, Layout::C));
            }
            if flags[2] {
                items.push(vector.clone());
            }
            Ok(Type::Tuple(items))
        }
        SearchRule::Positions { values } => {
            let values = values as usize;
            let sorted = 1 - values;
            array(ty(sorted), 1..=1, what, span)?;
            if values == 1 {
                match arg(2) {
                    None
                    | Some(Arg {
                        word: Some(Word::Left | Word::Right),
                        ..
                    }) => {}
                    Some(_) => {
                        return Err(CompileError::unsupported(
                            format!("`side` of `{what}` must be the literal 'left' or 'right'"),
                            span,
                        ))
                    }
                }
            }
            if values == 0 && !matches!(ty(2), None | Some(Type::Bool)) {
                return Err(CompileError::typing(
                    format!("`right` of `{what}` must be a bool"),
                    span,
                ));
            }
            Ok(match ty(values) {
                Some(t) if t.is_real_scalar() => Type::Int,
                t => Type::array(Dtype::Int64, array(t, 1..=2, what, span)?.1, Layout::C),
            })
        }
        SearchRule::Counts => {
            let (d, _) = array(ty(0), 1..=1, what, span)?;
            if d.is_float() {
                return Err(CompileError::typing(
                    format!(
                        "Cannot cast array data from dtype('{}') to dtype('int64') according \
                         to the rule 'safe'",
                        d.name()
                    ),
                    span,
                ));
            }
            if !matches!(ty(2), None | Some(Type::Int)) {
                return Err(CompileError::typing(
                    format!("`minlength` of `{what}` must be an int"),
                    span,
                ));
            }
            Ok(match ty(1) {
                None | Some(Type::None) => vector,
                t => {
                    array(t, 1..=1, what, span)?;
                    Type::array(Dtype::Float64, 1, Layout::C)
                }
            })
        }
        SearchRule::Histogram => super::histogram::histogram(b, what, span),
        SearchRule::Histogram2d => super::histogram::histogram2d(b, what, span),
        SearchRule::Membership => {
            let (_, nd) = array(ty(0), 1..=2, what, span)?;
            array(ty(1), 1..=2, what, span)?;
            for (i, name) in [(2, "assume_unique"), (3, "invert")] {
                if !matches!(ty(i), None | Some(Type::Bool)) {
                    return Err(CompileError::typing(
                        format!("`{name}` of `{what}` must be a bool"),
                        span,
                    ));
                }
            }
            Ok(Type::array(Dtype::Bool, nd, Layout::C))
        }
        SearchRule::Lexsort => {
            match ty(0) {
                Some(Type::Tuple(items)) if !items.is_empty() => {
                    for t in items {
                        real(array(Some(t), 1..=1, what, span)?.0, what, span)?;
                    }
                }
                Some(t @ Type::Array { ndim: 1, .. }) => {
                    return Err(CompileError::unsupported(
                        format!(
                            "`keys` of `{what}` must be a tuple of 1-D arrays or a 2-D array,                              not `{t}` (NumPy reads a 1-D array as scalar keys)"
                        ),
                        span,
                    ))
                }
                t => {
                    real(array(t, 2..=2, what, span)?.0, what, span)?;
                }
            }
            if !matches!(arg(1).map(|a| a.konst), None | Some(Some(-1))) {
                return Err(CompileError::unsupported(
                    format!("`axis` of `{what}` must be -1 (1-D keys)"),
                    span,
                ));
            }
            Ok(vector)
        }
        SearchRule::Partition { indices } => {
            let (d, nd) = array(ty(0), 1..=8, what, span)?;
            real(d, what, span)?;
            if !matches!(ty(1), Some(Type::Int)) {
                return Err(CompileError::unsupported(
                    format!("`kth` of `{what}` must be an int (a sequence is not supported)"),
                    span,
                ));
            }
            if !matches!(ty(2), None | Some(Type::Int)) {
                return Err(CompileError::unsupported(
                    format!("`axis` of `{what}` must be an int (None is not supported)"),
                    span,
                ));
            }
            Ok(Type::array(
                if indices { Dtype::Int64 } else { d },
                nd,
                Layout::C,
            ))
        }
        SearchRule::Set => {
            let (d1, _) = array(ty(0), 1..=2, what, span)?;
            let (d2, _) = array(ty(1), 1..=2, what, span)?;
            if d1 != d2 {
                return Err(CompileError::unsupported(
                    format!(
                        "`{what}` of arrays of different dtypes ({} and {}) is not supported yet",
                        d1.name(),
                        d2.name()
                    ),
                    span,
                ));
            }
            Ok(Type::array(d1, 1, Layout::C))
        }
    }
}

/// Refuse complex elements (they have no order here).
fn real(d: Dtype, what: &str, span: Span) -> Result<()> {
    if d.is_complex() {
        return Err(CompileError::unsupported(
            format!("`{what}` of complex arrays is not supported"),
            span,
        ));
    }
    Ok(())
}

/// The dtype and number of axes of an array argument with `ndims` axes.
pub(super) fn array(
    t: Option<&Type>,
    ndims: std::ops::RangeInclusive<u8>,
    what: &str,
    span: Span,
) -> Result<(Dtype, u8)> {
    match t {
        Some(Type::Array { dtype, ndim, .. }) if ndims.contains(ndim) => Ok((*dtype, *ndim)),
        Some(t) => Err(CompileError::unsupported(
            format!(
                "`{what}` of `{t}` is not supported yet ({}-D arrays only)",
                if ndims.start() == ndims.end() {
                    ndims.start().to_string()
                } else {
                    format!("{} to {}", ndims.start(), ndims.end())
                }
            ),
            span,
        )),
        None => Err(CompileError::typing(
            format!("`{what}` needs an array"),
            span,
        )),
    }
}

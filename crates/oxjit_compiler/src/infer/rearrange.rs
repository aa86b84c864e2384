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
use crate::intrinsics::{Intrinsic as I, ManipRule, Word};
use crate::types::{Dtype, Layout, Type};
use oxjit_runtime::slots::MAX_NDIM;

/// Type a call of a rearranging routine (arguments bound to its parameters).
pub fn call(f: I, rule: ManipRule, b: &[Option<Arg>], what: &str, span: Span) -> Result<Type> {
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
        ManipRule::Reorder => {
            let (dtype, ndim) = array(get(0), what, span)?;
            match f {
                I::Flip => axis_or_none(get(1), what, span)?,
                I::Roll => {
                    int(get(1), "shift", what, span)?;
                    axis_or_none(get(2), what, span)?;
                }
                I::Swapaxes | I::Moveaxis => {
                    int(get(1), f.params()[1].name, what, span)?;
                    int(get(2), f.params()[2].name, what, span)?;
                }
                I::Pad => pad(b, ndim, what, span)?,
                I::Rot90 => {
                    int_arg(get(1), "k", what, span)?;
                    let axes_ok = match get(2).map(|a| &a.ty) {
                        None => true,
                        Some(Type::Tuple(items)) => {
                            items.len() == 2 && items.iter().all(|t| *t == Type::Int)
                        }
                        Some(_) => false,
                    };
                    if !axes_ok {
                        return Err(CompileError::unsupported(
                            format!("`axes` of `{what}` must be a tuple of two ints"),
                            span,
                        ));
                    }
                }
                _ => {}
            }
            Ok(Type::array(dtype, ndim, Layout::C))
        }
        ManipRule::Edit => {
            let (dtype, ndim) = array(get(0), what, span)?;
            let axis_at = if f == I::Insert { 3 } else { 2 };
            axis_or_none(get(axis_at), what, span)?;
            let flat = matches!(get(axis_at).map(|a| &a.ty), None | Some(Type::None));
            let dtype = match f {
                I::Append => Dtype::promote(dtype, values(get(1), what, span)?),
                I::Insert => {
                    indices(get(1), what, span)?;
                    values(get(2), what, span)?;
                    dtype
                }
                _ => {
                    indices(get(1), what, span)?;
                    dtype
                }
            };
            Ok(Type::array(dtype, if flat { 1 } else { ndim }, Layout::C))
        }
        ManipRule::AddAxis => {
            let (dtype, ndim) = array(get(0), what, span)?;
            int(get(1), "axis", what, span)?;
            result_ndim(ndim + 1, what, span)?;
            Ok(Type::array(dtype, ndim + 1, Layout::C))
        }
        ManipRule::DropAxis => {
            let (dtype, ndim) = array(get(0), what, span)?;
            if !matches!(get(1).map(|a| &a.ty), Some(Type::Int)) {
                return Err(CompileError::unsupported(
                    format!(
                        "`{what}` without an int `axis` is not supported: the number of axes of \
                         the result would depend on the shape"
                    ),
                    span,
                )
                .with_hint("name the axis to remove (`numpy.squeeze(a, axis=0)`)"));
            }
            Ok(Type::array(dtype, ndim - 1, Layout::C))
        }
        ManipRule::Broadcast => {
            let (dtype, _) = array(get(0), what, span)?;
            let nd = match get(1).map(|a| &a.ty) {
                Some(Type::Int) => 1,
                Some(Type::Tuple(items)) if items.iter().all(|t| *t == Type::Int) => items.len(),
                Some(t) => {
                    return Err(CompileError::unsupported(
                        format!("`shape` of `{what}` must be an int or a tuple of ints, not `{t}`"),
                        span,
                    ))
                }
                None => {
                    return Err(CompileError::typing(
                        format!("`{what}` needs a shape"),
                        span,
                    ))
                }
            };
            result_ndim(nd as u8, what, span)?;
            Ok(Type::array(dtype, nd as u8, Layout::C))
        }
        ManipRule::Meshgrid => {
            let mut dtypes = vec![array(get(0), what, span)?.0, array(get(1), what, span)?.0];
            if !matches!(get(2).map(|a| &a.ty), None | Some(Type::None)) {
                dtypes.push(array(get(2), what, span)?.0);
            }
            word(get(3), "indexing", &[Word::Xy, Word::Ij], what, span)?;
            let n = dtypes.len() as u8;
            Ok(Type::Tuple(
                dtypes
                    .into_iter()
                    .map(|d| Type::array(d, n, Layout::C))
                    .collect(),
            ))
        }
        ManipRule::AtLeast(n) => {
            let (dtype, ndim) = array(get(0), what, span)?;
            Ok(Type::array(dtype, ndim.max(n), Layout::C))
        }
        ManipRule::Diag => {
            let (dtype, ndim) = array(get(0), what, span)?;
            int_arg(get(1), "k", what, span)?;
            match ndim {
                1 => Ok(Type::array(dtype, 2, Layout::C)),
                2 => Ok(Type::array(dtype, 1, Layout::C)),
                _ => Err(CompileError::unsupported(
                    format!("`{what}` of a {ndim}-D array (NumPy: `ValueError`, 1-D or 2-D only)"),
                    span,
                )),
            }
        }
        ManipRule::Diagonal => {
            let (dtype, ndim) = array(get(0), what, span)?;
            for (i, name) in [(1, "offset"), (2, "axis1"), (3, "axis2")] {
                int_arg(get(i), name, what, span)?;
            }
            if ndim < 2 {
                return Err(CompileError::unsupported(
                    format!("`{what}` of a 1-D array (NumPy: `ValueError`, at least 2-D)"),
                    span,
                ));
            }
            Ok(Type::array(dtype, ndim - 1, Layout::C))
        }
        ManipRule::Trace => {
            let (dtype, ndim) = array(get(0), what, span)?;
            int_arg(get(1), "offset", what, span)?;
            if ndim != 2 {
                return Err(CompileError::unsupported(
                    format!("`{what}` of a {ndim}-D array is not supported (matrices only)"),
                    span,
                ));
            }
            Ok(super::numpy::acc_dtype(dtype).scalar())
        }
        ManipRule::Product => {
            let (da, na) = array(get(0), what, span)?;
            let (db, nb) = array(get(1), what, span)?;
            if f == I::Cross && (na > 2 || nb > 2) {
                return Err(CompileError::unsupported(
                    format!("`{what}` of arrays of more than 2 dimensions is not supported"),
                    span,
                ));
            }
            Ok(Type::array(Dtype::promote(da, db), na.max(nb), Layout::C))
        }
        ManipRule::Nonzero => nonzero(get(0), what, span),
        ManipRule::Argwhere => {
            array(get(0), what, span)?;
            Ok(Type::array(Dtype::Int64, 2, Layout::C))
        }
        ManipRule::Flatnonzero => {
            array(get(0), what, span)?;
            Ok(Type::array(Dtype::Int64, 1, Layout::C))
        }
        ManipRule::Take => {
            let (dtype, ndim) = array(get(0), what, span)?;
            let taken = match get(1).map(|a| &a.ty) {
                Some(Type::Int) => 0,
                Some(Type::Tuple(items)) if items.iter().all(|t| *t == Type::Int) => 1,
                Some(Type::Array { dtype: d, ndim, .. }) if d.is_int() => *ndim,
                Some(t) => {
                    return Err(CompileError::unsupported(
                        format!(
                            "`indices` of `{what}` must be an int, a tuple of ints or an \
                                 integer array, not `{t}`"
                        ),
                        span,
                    ))
                }
                None => {
                    return Err(CompileError::typing(
                        format!("`{what}` needs `indices`"),
                        span,
                    ))
                }
            };
            axis_or_none(get(2), what, span)?;
            let kept = if matches!(get(2).map(|a| &a.ty), Some(Type::Int)) {
                ndim - 1
            } else {
                0
            };
            let nd = kept + taken;
            result_ndim(nd, what, span)?;
            Ok(if nd == 0 {
                dtype.scalar()
            } else {
                Type::array(dtype, nd, Layout::C)
            })
        }
        ManipRule::Item => {
            let (dtype, _) = array(get(0), what, span)?;
            Ok(if dtype.is_float() {
                Type::Float
            } else if dtype == Dtype::Bool {
                Type::Bool
            } else {
                Type::Int
            })
        }
        other => Err(CompileError::internal(
            "infer",
            format!("`{what}`: rule {other:?} is not a rearranging rule"),
        )),
    }
}

/// `nonzero(a)`: one int64 index vector per axis of `a`.
pub(super) fn nonzero(a: Option<&Arg>, what: &str, span: Span) -> Result<Type> {
    let (_, ndim) = array(a, what, span)?;
    Ok(Type::Tuple(vec![
        Type::array(Dtype::Int64, 1, Layout::C);
        ndim as usize
    ]))
}

/// An int argument `name` (required).
fn int(a: Option<&Arg>, name: &str, what: &str, span: Span) -> Result<()> {
    match a.map(|a| &a.ty) {
        Some(Type::Int) => Ok(()),
        Some(t) => Err(CompileError::unsupported(
            format!("`{name}` of `{what}` must be an int, not `{t}`"),
            span,
        )),
        None => Err(CompileError::typing(
            format!("`{what}` needs `{name}`"),
            span,
        )),
    }
}

/// An optional int argument `name` (absent: its default).
fn int_arg(a: Option<&Arg>, name: &str, what: &str, span: Span) -> Result<()> {
    match a {
        None => Ok(()),
        a => int(a, name, what, span),
    }
}

/// A literal string argument `name` naming one of `choices` (absent: the default).
pub(super) fn word(
    a: Option<&Arg>,
    name: &str,
    choices: &[Word],
    what: &str,
    span: Span,
) -> Result<()> {
    match a {
        None => Ok(()),
        Some(Arg { word: Some(w), .. }) if choices.contains(w) => Ok(()),
        Some(_) => {
            let names: Vec<String> = choices.iter().map(|w| format!("'{}'", w.text())).collect();
            Err(CompileError::unsupported(
                format!(
                    "`{name}` of `{what}` must be a literal string, one of {}",
                    names.join(", ")
                ),
                span,
            ))
        }
    }
}

/// The `values` of `append`/`insert`: an array or a number; its dtype as `numpy.asarray`
/// gives it (a Python int is int64, a float float64).
fn values(a: Option<&Arg>, what: &str, span: Span) -> Result<Dtype> {
    match a.map(|a| &a.ty) {
        Some(Type::Array { dtype, ndim, .. }) if (*ndim as usize) <= MAX_NDIM => Ok(*dtype),
        Some(t @ (Type::Int | Type::Float | Type::Bool)) => Dtype::of_scalar(t)
            .ok_or_else(|| CompileError::internal("infer", format!("no dtype for `{t}`"))),
        Some(t) => Err(CompileError::unsupported(
            format!("`values` of `{what}` must be an array or a number, not `{t}`"),
            span,
        )),
        None => Err(CompileError::typing(
            format!("`{what}` needs `values`"),
            span,
        )),
    }
}

/// The `obj` of `insert`/`delete`: an int, a tuple (or list display) of ints or a 1-D integer
/// array.
fn indices(a: Option<&Arg>, what: &str, span: Span) -> Result<()> {
    match a.map(|a| &a.ty) {
        Some(Type::Int) => Ok(()),
        Some(Type::Tuple(items)) if items.iter().all(|t| *t == Type::Int) => Ok(()),
        Some(Type::Array { dtype, ndim: 1, .. }) if dtype.is_int() => Ok(()),
        Some(t) => Err(CompileError::unsupported(
            format!(
                "`obj` of `{what}` must be an int, a tuple of ints or a 1-D integer array, not \
                 `{t}` (slices and boolean masks are not supported)"
            ),
            span,
        )),
        None => Err(CompileError::typing(format!("`{what}` needs `obj`"), span)),
    }
}

/// `pad(array, pad_width, mode, constant_values)`: `pad_width` an int, `(w,)`, `(before,
/// after)`, `((before, after),)` or one pair per axis; `mode` a literal `'constant'`,
/// `'edge'` or `'reflect'`; `constant_values` a number.
fn pad(b: &[Option<Arg>], ndim: u8, what: &str, span: Span) -> Result<()> {
    let get = |i: usize| b.get(i).and_then(|a| a.as_ref());
    let ints = |items: &[Type], n: &[usize]| {
        n.contains(&items.len()) && items.iter().all(|t| *t == Type::Int)
    };
    let ok = match get(1).map(|a| &a.ty) {
        Some(Type::Int) => true,
        Some(Type::Tuple(items)) if ints(items, &[1, 2]) => true,
        Some(Type::Tuple(rows)) => {
            (rows.len() == 1 || rows.len() == ndim as usize)
                && rows
                    .iter()
                    .all(|r| matches!(r, Type::Tuple(items) if ints(items, &[2])))
        }
        _ => false,
    };
    if !ok {
        return Err(CompileError::unsupported(
            format!(
                "`pad_width` of `{what}` must be an int, a `(before, after)` pair of ints or \
                 one such pair per axis"
            ),
            span,
        ));
    }
    word(
        get(2),
        "mode",
        &[Word::Constant, Word::Edge, Word::Reflect],
        what,
        span,
    )?;
    match get(3).map(|a| &a.ty) {
        None | Some(Type::Int | Type::Float | Type::Bool) => Ok(()),
        Some(t) => Err(CompileError::unsupported(
            format!("`constant_values` of `{what}` must be a number, not `{t}`"),
            span,
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

//! Typing of the `numpy.fft` helpers (the `Rule::Fft` entries of the intrinsics table):
//! `fftfreq`/`rfftfreq` give float64 vectors, `fftshift`/`ifftshift` a rolled copy of a 1-D or
//! 2-D array. The transforms (`fft`, `ifft`, `rfft`, `irfft` along one axis; `fft2`, `ifft2`,
//! `fftn`, `ifftn`, `rfft2`, `irfft2`, `rfftn`, `irfftn` over several) take arrays of any
//! number of axes (up to the slot routines' limit) and any real or complex dtype; `norm` is a
//! literal string (its code, or its text for NumPy's error).

use super::numpy::Arg;
use crate::error::{CompileError, Result, Span};
use crate::intrinsics::{FftRule, Word};
use crate::types::{Dtype, Layout, Type};

/// Type a call of a `numpy.fft` helper (arguments bound to its parameters).
pub fn call(rule: FftRule, b: &[Option<Arg>], what: &str, span: Span) -> Result<Type> {
    match rule {
        FftRule::Freq => {
            match b[0].as_ref().map(|a| &a.ty) {
                Some(Type::Int) => {}
                Some(t) => {
                    return Err(CompileError::typing(
                        format!("`n` of `{what}` must be an int, not `{t}`"),
                        span,
                    ))
                }
                None => return Err(CompileError::typing(format!("`{what}` needs `n`"), span)),
            }
            match b[1].as_ref().map(|a| &a.ty) {
                None | Some(Type::Int | Type::Float | Type::Float32 | Type::Bool) => {}
                Some(t) => {
                    return Err(CompileError::typing(
                        format!("`d` of `{what}` must be a number, not `{t}`"),
                        span,
                    ))
                }
            }
            Ok(Type::array(Dtype::Float64, 1, Layout::C))
        }
        FftRule::Shift => {
            let (dtype, ndim) = match b[0].as_ref().map(|a| &a.ty) {
                Some(Type::Array { dtype, ndim, .. }) if (1..=2).contains(ndim) => (*dtype, *ndim),
                Some(t) => {
                    return Err(CompileError::unsupported(
                        format!("`{what}` of `{t}` is not supported (1-D or 2-D arrays only)"),
                        span,
                    ))
                }
                None => return Err(CompileError::typing(format!("`{what}` needs `x`"), span)),
            };
            match b[1].as_ref().map(|a| &a.ty) {
                None | Some(Type::None | Type::Int) => {}
                Some(t) => {
                    return Err(CompileError::unsupported(
                        format!("`axes` of `{what}` must be an int or None, not `{t}`"),
                        span,
                    ))
                }
            }
            Ok(Type::array(dtype, ndim, Layout::C))
        }
        FftRule::Transform
        | FftRule::TransformAll
        | FftRule::Rfft
        | FftRule::Irfft
        | FftRule::RfftAll
        | FftRule::IrfftAll => transform(rule, b, what, span),
    }
}

/// `fft`, `ifft`, `rfft`, `irfft` (`a, n=None, axis=-1, norm=None`) and `fft2`, `ifft2`,
/// `fftn`, `ifftn`, `rfft2`, `irfft2`, `rfftn`, `irfftn` (`a, s=None, axes=..., norm=None`;
/// `s` and `axes` tuples or lists of ints) of arrays of 1 to 8 axes.
fn transform(rule: FftRule, b: &[Option<Arg>], what: &str, span: Span) -> Result<Type> {
    let max = oxjit_runtime::slots::MAX_NDIM as u8;
    let (dtype, ndim) = match b[0].as_ref().map(|a| &a.ty) {
        Some(Type::Array { dtype, ndim, .. }) if (1..=max).contains(ndim) => (*dtype, *ndim),
        Some(t @ Type::Array { .. }) => {
            return Err(CompileError::unsupported(
                format!("`{what}` of `{t}` is not supported (arrays of 1 to {max} axes only)"),
                span,
            ))
        }
        Some(t) => {
            return Err(CompileError::typing(
                format!("`{what}` expects an array, not `{t}`"),
                span,
            ))
        }
        None => return Err(CompileError::typing(format!("`{what}` needs `a`"), span)),
    };
    let real_in = matches!(rule, FftRule::Rfft | FftRule::RfftAll);
    if real_in && dtype.is_complex() {
        return Err(CompileError::typing(
            format!(
                "`{what}` expects a real array, not `{dtype}`",
                dtype = dtype.name()
            ),
            span,
        ));
    }
    if matches!(
        rule,
        FftRule::TransformAll | FftRule::RfftAll | FftRule::IrfftAll
    ) {
        for (k, name) in [(1, "s"), (2, "axes")] {
            shape_ints(b[k].as_ref(), name, what, span)?;
        }
    } else {
        for (k, name) in [(1, "n"), (2, "axis")] {
            match b[k].as_ref().map(|a| &a.ty) {
                None | Some(Type::Int) => {}
                // `n=None` is the default; NumPy refuses `axis=None`.
                Some(Type::None) if k == 1 => {}
                Some(t) => {
                    return Err(CompileError::typing(
                        format!("`{name}` of `{what}` must be an int, not `{t}`"),
                        span,
                    ))
                }
            }
        }
    }
    norm(b[3].as_ref(), what, span)?;
    // NumPy keeps single precision (float32 and complex64 in; complex64 or float32 out).
    let single = matches!(dtype, Dtype::Float32 | Dtype::Complex64);
    let real_out = matches!(rule, FftRule::Irfft | FftRule::IrfftAll);
    let out = match (real_out, single) {
        (true, false) => Dtype::Float64,
        (true, true) => Dtype::Float32,
        (false, false) => Dtype::Complex128,
        (false, true) => Dtype::Complex64,
    };
    Ok(Type::array(out, ndim, Layout::C))
}

/// `s=` or `axes=`: None, or a non-empty tuple or list of ints (each checked at run time).
fn shape_ints(a: Option<&Arg>, name: &str, what: &str, span: Span) -> Result<()> {
    let ok = match a.map(|a| &a.ty) {
        None | Some(Type::None) => true,
        Some(Type::Tuple(items)) if items.is_empty() => {
            return Err(CompileError::unsupported(
                format!("an empty `{name}` of `{what}` is not supported (no axis is transformed)"),
                span,
            ))
        }
        Some(Type::Tuple(items)) => items.iter().all(|t| matches!(t, Type::Int)),
        Some(Type::List(e)) => matches!(**e, Type::Int),
        Some(_) => false,
    };
    if ok {
        return Ok(());
    }
    Err(CompileError::typing(
        format!(
            "`{name}` of `{what}` must be a tuple or list of ints, not `{}`",
            a.map_or_else(String::new, |a| a.ty.to_string())
        ),
        span,
    ))
}

/// `norm=`: None, or a literal string. `"backward"`, `"ortho"` and `"forward"` pass their codes;
/// any other literal is passed as text, and the routine raises NumPy's `ValueError` quoting it
/// (where NumPy checks it: after `n`).
fn norm(a: Option<&Arg>, what: &str, span: Span) -> Result<()> {
    match a {
        None
        | Some(Arg { ty: Type::None, .. })
        | Some(Arg {
            word: Some(Word::Backward | Word::Ortho | Word::Forward),
            ..
        }) => Ok(()),
        Some(Arg {
            ty: Type::Str,
            literal: true,
            word: None,
            ..
        }) => Ok(()),
        Some(_) => Err(CompileError::unsupported(
            format!(
                "`norm` of `{what}` must be None or a literal string (\"backward\", \"ortho\" \
                 or \"forward\")"
            ),
            span,
        )),
    }
}

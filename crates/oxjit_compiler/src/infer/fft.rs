//! Typing of the `numpy.fft` helpers (the `Rule::Fft` entries of the intrinsics table):
//! `fftfreq`/`rfftfreq` give float64 vectors, `fftshift`/`ifftshift` a rolled copy of a 1-D or
//! 2-D array. The transforms (`fft`, `ifft`, `rfft`, `irfft` along one axis; `fft2`, `ifft2`,
//! `fftn`, `ifftn` over every axis) take 1-D or 2-D arrays of any real or complex dtype.

use super::numpy::Arg;
use crate::error::{CompileError, Result, Span};
use crate::intrinsics::FftRule;
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
        FftRule::Transform | FftRule::TransformAll | FftRule::Rfft | FftRule::Irfft => {
            transform(rule, b, what, span)
        }
    }
}

/// `fft`, `ifft`, `rfft`, `irfft` (`a, n=None, axis=-1, norm=None`) and `fft2`, `ifft2`,
/// `fftn`, `ifftn` (`a, s=None, axes=..., norm=None`; `s` and `axes` only as defaults).
fn transform(rule: FftRule, b: &[Option<Arg>], what: &str, span: Span) -> Result<Type> {
    let (dtype, ndim) = match b[0].as_ref().map(|a| &a.ty) {
        Some(Type::Array { dtype, ndim, .. }) if (1..=2).contains(ndim) => (*dtype, *ndim),
        Some(t @ Type::Array { .. }) => {
            return Err(CompileError::unsupported(
                format!("`{what}` of `{t}` is not supported (1-D and 2-D arrays only)"),
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
    if rule == FftRule::Rfft && dtype.is_complex() {
        return Err(CompileError::typing(
            format!(
                "`{what}` expects a real array, not `{dtype}`",
                dtype = dtype.name()
            ),
            span,
        ));
    }
    if rule == FftRule::TransformAll {
        for (k, name) in [(1, "s"), (2, "axes")] {
            if !matches!(b[k].as_ref().map(|a| &a.ty), None | Some(Type::None)) {
                return Err(CompileError::unsupported(
                    format!("`{name}=` of `{what}` is not supported yet (the whole array is transformed)"),
                    span,
                ));
            }
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
    if !matches!(b[3].as_ref().map(|a| &a.ty), None | Some(Type::None)) {
        return Err(CompileError::unsupported(
            format!(
                "`norm=` of `{what}` is not supported yet (the default, \"backward\", is used)"
            ),
            span,
        ));
    }
    // NumPy keeps single precision (float32 and complex64 in; complex64 or float32 out).
    let single = matches!(dtype, Dtype::Float32 | Dtype::Complex64);
    let out = match (rule == FftRule::Irfft, single) {
        (true, false) => Dtype::Float64,
        (true, true) => Dtype::Float32,
        (false, false) => Dtype::Complex128,
        (false, true) => Dtype::Complex64,
    };
    Ok(Type::array(out, ndim, Layout::C))
}

//! Typing of the `numpy.fft` helpers (the `Rule::Fft` entries of the intrinsics table):
//! `fftfreq`/`rfftfreq` give float64 vectors, `fftshift`/`ifftshift` a rolled copy of a 1-D or
//! 2-D array. The transforms need complex arrays and do not resolve.

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
    }
}

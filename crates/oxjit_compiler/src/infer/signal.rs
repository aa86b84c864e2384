//! Typing of the interpolation, convolution, integration and comparison routines (the
//! `Rule::Signal` entries of the intrinsics table): `interp`, `convolve`, `correlate`,
//! `trapezoid`, `isclose`, `allclose`, `array_equal`, `cov`, `corrcoef`, `gradient`. The runtime (`oxjit_runtime::signal`)
//! computes the same result dtypes.

use super::numpy::Arg;
use crate::error::{CompileError, Result, Span};
use crate::intrinsics::{SignalRule, Word};
use crate::types::{Dtype, Layout, Type};

/// A real array argument of `ndims` axes: its dtype and number of axes.
fn real_array(
    t: Option<&Type>,
    name: &str,
    ndims: std::ops::RangeInclusive<u8>,
    what: &str,
    span: Span,
) -> Result<(Dtype, u8)> {
    match t {
        Some(Type::Array { dtype, ndim, .. }) if ndims.contains(ndim) && !dtype.is_complex() => {
            Ok((*dtype, *ndim))
        }
        Some(t) => Err(CompileError::unsupported(
            format!(
                "`{name}` of `{what}` must be a real array of {}..={} axes, not `{t}`",
                ndims.start(),
                ndims.end()
            ),
            span,
        )),
        None => Err(CompileError::typing(
            format!("`{what}` needs `{name}`"),
            span,
        )),
    }
}

/// A number argument, or absent/None.
fn optional_number(t: Option<&Type>, name: &str, what: &str, span: Span) -> Result<()> {
    match t {
        None | Some(Type::None) => Ok(()),
        Some(t) if t.is_real_scalar() => Ok(()),
        Some(t) => Err(CompileError::typing(
            format!("`{name}` of `{what}` must be a number, not `{t}`"),
            span,
        )),
    }
}

/// An array (at most two axes, real) or a number: its number of axes (0 for a number).
fn operand(t: Option<&Type>, name: &str, what: &str, span: Span) -> Result<u8> {
    match t {
        Some(t) if t.is_real_scalar() => Ok(0),
        t => Ok(real_array(t, name, 1..=2, what, span)?.1),
    }
}

/// Type a call of a signal routine (arguments bound to its parameters).
pub fn call(rule: SignalRule, b: &[Option<Arg>], what: &str, span: Span) -> Result<Type> {
    let arg = |i: usize| b.get(i).and_then(|a| a.as_ref());
    let ty = |i: usize| arg(i).map(|a| &a.ty);
    match rule {
        SignalRule::Interp => {
            real_array(ty(1), "xp", 1..=1, what, span)?;
            real_array(ty(2), "fp", 1..=1, what, span)?;
            optional_number(ty(3), "left", what, span)?;
            optional_number(ty(4), "right", what, span)?;
            Ok(match operand(ty(0), "x", what, span)? {
                0 => Type::Float,
                nd => Type::array(Dtype::Float64, nd, Layout::C),
            })
        }
        SignalRule::Convolve => {
            let (da, _) = real_array(ty(0), "a", 1..=1, what, span)?;
            let (dv, _) = real_array(ty(1), "v", 1..=1, what, span)?;
            match arg(2) {
                None
                | Some(Arg {
                    word: Some(Word::Full | Word::Same | Word::Valid),
                    ..
                }) => {}
                Some(_) => {
                    return Err(CompileError::unsupported(
                        format!("`mode` of `{what}` must be the literal 'full', 'same' or 'valid'"),
                        span,
                    ))
                }
            }
            let rd = match (da, dv) {
                (Dtype::Float32, Dtype::Float32) => Dtype::Float32,
                (a, v) if a.is_float() || v.is_float() => Dtype::Float64,
                (Dtype::Int64, v) | (v, Dtype::Int64) if v != Dtype::Bool => Dtype::Int64,
                (a, v) => {
                    return Err(CompileError::unsupported(
                        format!(
                            "`{what}` of `{}` and `{}` arrays is not supported yet (integers \
                             must include an int64 array; bools are not supported)",
                            a.name(),
                            v.name()
                        ),
                        span,
                    ))
                }
            };
            Ok(Type::array(rd, 1, Layout::C))
        }
        SignalRule::Gradient => {
            let (d, nd) = real_array(ty(0), "f", 1..=8, what, span)?;
            if matches!(d, Dtype::Float32 | Dtype::Bool) {
                return Err(CompileError::unsupported(
                    format!("`{what}` of a {} array is not supported", d.name()),
                    span,
                ));
            }
            if !matches!(ty(1), None | Some(Type::Int | Type::Float)) {
                return Err(CompileError::unsupported(
                    format!("the spacing of `{what}` must be one number (arrays of coordinates are not supported)"),
                    span,
                ));
            }
            if !matches!(ty(3), None | Some(Type::Int)) {
                return Err(CompileError::typing(
                    format!("`edge_order` of `{what}` must be an int"),
                    span,
                ));
            }
            let one = Type::array(Dtype::Float64, nd, Layout::C);
            match arg(2) {
                None => {}
                Some(a) if a.ty == Type::None => {}
                Some(Arg { konst: Some(k), .. }) => {
                    if *k < -(nd as i64) || *k >= nd as i64 {
                        return Err(CompileError::typing(
                            format!("axis {k} is out of bounds for array of dimension {nd}"),
                            span,
                        ));
                    }
                    return Ok(one);
                }
                Some(_) => {
                    return Err(CompileError::unsupported(
                        format!("`axis` of `{what}` must be an integer literal or None"),
                        span,
                    ))
                }
            }
            Ok(if nd == 1 {
                one
            } else {
                Type::Tuple(vec![one; nd as usize])
            })
        }
        SignalRule::Integral => {
            let (dy, _) = real_array(ty(0), "y", 1..=1, what, span)?;
            if dy == Dtype::Bool {
                return Err(CompileError::unsupported(
                    format!("`{what}` of a bool array is not supported"),
                    span,
                ));
            }
            let single_x = match ty(1) {
                None | Some(Type::None) => true,
                t => real_array(t, "x", 1..=1, what, span)?.0 == Dtype::Float32,
            };
            optional_number(ty(2), "dx", what, span)?;
            Ok(if dy == Dtype::Float32 && single_x {
                Type::Float32
            } else {
                Type::Float
            })
        }
        SignalRule::Covariance | SignalRule::Correlation => {
            let (_, nm) = real_array(ty(0), "m", 1..=2, what, span)?;
            if !matches!(ty(1), None | Some(Type::None)) {
                real_array(ty(1), "y", 1..=2, what, span)?;
            }
            for (slot, name) in [(2, "rowvar"), (3, "bias")] {
                if !matches!(ty(slot), None | Some(Type::Bool)) {
                    return Err(CompileError::typing(
                        format!("`{name}` of `{what}` must be a bool"),
                        span,
                    ));
                }
            }
            if !matches!(ty(4), None | Some(Type::None | Type::Int)) {
                return Err(CompileError::typing(
                    format!("`ddof` of `{what}` must be an int or None"),
                    span,
                ));
            }
            let one = nm == 1 && matches!(ty(1), None | Some(Type::None));
            Ok(match (rule, one) {
                (SignalRule::Covariance, true) => Type::array(Dtype::Float64, 0, Layout::C),
                (_, true) => Type::Float,
                _ => Type::array(Dtype::Float64, 2, Layout::C),
            })
        }
        SignalRule::Close | SignalRule::Test => {
            // `b` has a slot per parameter: `array_equal(a1, a2, equal_nan=False)` has three
            // and takes arrays only; `isclose`/`allclose` take numbers too.
            let (n1, n2) = if b.len() == 3 {
                let n1 = real_array(ty(0), "a1", 1..=2, what, span)?.1;
                let n2 = real_array(ty(1), "a2", 1..=2, what, span)?.1;
                (n1, n2)
            } else {
                (
                    operand(ty(0), "a", what, span)?,
                    operand(ty(1), "b", what, span)?,
                )
            };
            if b.len() == 5 {
                optional_number(ty(2), "rtol", what, span)?;
                optional_number(ty(3), "atol", what, span)?;
            }
            let flag = if b.len() == 5 { 4 } else { 2 };
            if !matches!(ty(flag), None | Some(Type::Bool)) {
                return Err(CompileError::typing(
                    format!("`equal_nan` of `{what}` must be a bool"),
                    span,
                ));
            }
            Ok(match (rule, n1.max(n2)) {
                (SignalRule::Close, 0) | (SignalRule::Test, _) => Type::Bool,
                (_, nd) => Type::array(Dtype::Bool, nd, Layout::C),
            })
        }
    }
}

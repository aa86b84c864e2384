//! Typing of the statistics routines (the `Rule::Stats` entries of the intrinsics table):
//! `median`, `quantile`/`percentile` and their `nan` forms, the `nan` reductions, `ptp` and
//! `count_nonzero`, on 1-D and 2-D arrays, whole array (`axis` absent or None) or along an int
//! `axis` of a matrix. The runtime (`oxjit_runtime::stats`) computes the same result dtypes.

use super::numpy::{acc_dtype, float_of, Arg};
use crate::error::{CompileError, Result, Span};
use crate::intrinsics::{Intrinsic, StatsRule};
use crate::types::{Dtype, Layout, Type};

/// NumPy's `TypeError` for subtracting bools (`ptp`, quantiles of bool arrays).
const BOOL_SUBTRACT: &str = "numpy boolean subtract, the `-` operator, is not supported, use \
     the bitwise_xor, the `^` operator, or the logical_xor function instead.";

/// Type a call of a statistics routine (arguments bound to its parameters).
pub fn call(
    f: Intrinsic,
    rule: StatsRule,
    b: &[Option<Arg>],
    what: &str,
    span: Span,
) -> Result<Type> {
    let ty = |i: usize| b.get(i).and_then(|a| a.as_ref()).map(|a| &a.ty);
    if matches!(rule, StatsRule::Fsum | StatsRule::Prod | StatsRule::Dist) {
        return super::math_seq::call(rule, b, what, span);
    }
    let (dtype, ndim) = match ty(0) {
        Some(Type::Array { dtype, ndim, .. }) if (1..=2).contains(ndim) => (*dtype, *ndim),
        Some(t) => {
            return Err(CompileError::unsupported(
                format!("`{what}` of `{t}` is not supported yet (1-D or 2-D arrays only)"),
                span,
            ))
        }
        None => return Err(CompileError::typing(format!("`{what}` needs `a`"), span)),
    };
    let axis_slot = if rule == StatsRule::Quantile { 2 } else { 1 };
    let per_lane = match ty(axis_slot) {
        None | Some(Type::None) => false,
        Some(Type::Int) => ndim == 2,
        Some(t) => {
            return Err(CompileError::unsupported(
                format!("`axis` of `{what}` must be an int or None, not `{t}`"),
                span,
            ))
        }
    };
    if dtype == Dtype::Bool && matches!(rule, StatsRule::Quantile | StatsRule::Range) {
        return Err(CompileError::typing(BOOL_SUBTRACT, span));
    }
    if rule == StatsRule::Moment {
        if let Some(t) = ty(2).filter(|t| !matches!(t, Type::Int | Type::Float | Type::Bool)) {
            return Err(CompileError::typing(
                format!("`ddof` of `{what}` must be a number, not `{t}`"),
                span,
            ));
        }
    }
    let q_array = rule == StatsRule::Quantile && quantile_is_array(ty(1), what, span)?;
    // An int `q` of `quantile` picks elements (NumPy takes them, no interpolation).
    let picks = matches!(f, Intrinsic::Quantile | Intrinsic::Nanquantile)
        && matches!(ty(1), Some(Type::Int | Type::Bool));
    let rd = match rule {
        StatsRule::Quantile if picks => dtype,
        StatsRule::Quantile if q_array => Dtype::Float64,
        StatsRule::Median | StatsRule::Quantile | StatsRule::Moment => float_of(dtype),
        StatsRule::Sum => acc_dtype(dtype),
        StatsRule::Extreme | StatsRule::Range => dtype,
        StatsRule::Index => Dtype::Int64,
        StatsRule::Fsum | StatsRule::Prod | StatsRule::Dist => Dtype::Float64,
    };
    let nd = per_lane as u8 + q_array as u8;
    Ok(if nd == 0 {
        rd.scalar()
    } else {
        Type::array(rd, nd, Layout::C)
    })
}

/// Whether `q` is a 1-D array or a tuple of numbers (else a number).
fn quantile_is_array(q: Option<&Type>, what: &str, span: Span) -> Result<bool> {
    match q {
        Some(Type::Int | Type::Float | Type::Float32 | Type::Bool) => Ok(false),
        Some(Type::Array { ndim: 1, dtype, .. }) if *dtype != Dtype::Bool => Ok(true),
        // A tuple (or list display) of numbers reaches the runtime as a 1-D array.
        Some(Type::Tuple(items))
            if !items.is_empty()
                && items
                    .iter()
                    .all(|t| matches!(t, Type::Int | Type::Float | Type::Float32)) =>
        {
            Ok(true)
        }
        Some(t) => Err(CompileError::unsupported(
            format!("`q` of `{what}` must be a number or a 1-D array, not `{t}`"),
            span,
        )),
        None => Err(CompileError::typing(format!("`{what}` needs `q`"), span)),
    }
}

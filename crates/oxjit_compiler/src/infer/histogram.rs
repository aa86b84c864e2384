//! Typing of `histogram` and `histogram2d` (the `SearchRule::Histogram*` entries of the
//! intrinsics table). The runtime (`oxjit_runtime::histogram`) computes the same result
//! dtypes.

use super::numpy::Arg;
use super::search::array;
use crate::error::{CompileError, Result, Span};
use crate::types::{Dtype, Layout, Type};

/// `histogram(a, bins=10, range=None, density=None)`: `(hist, bin_edges)`.
pub(super) fn histogram(b: &[Option<Arg>], what: &str, span: Span) -> Result<Type> {
    let arg = |i: usize| b.get(i).and_then(|a| a.as_ref());
    let ty = |i: usize| arg(i).map(|a| &a.ty);
    let (d, _) = array(ty(0), 1..=2, what, span)?;
    if d == Dtype::Float32 {
        return Err(CompileError::unsupported(
            format!("`{what}` of float32 data is not supported yet (float32 edges)"),
            span,
        ));
    }
    let edges = match ty(1) {
        None | Some(Type::Int) => Dtype::Float64,
        t => array(t, 1..=1, what, span)?.0,
    };
    match ty(2) {
        None | Some(Type::None) => {}
        Some(Type::Tuple(items)) if items.len() == 2 && items.iter().all(Type::is_real_scalar) => {}
        Some(t) => {
            return Err(CompileError::unsupported(
                format!("`range` of `{what}` must be a pair of numbers, not `{t}`"),
                span,
            ))
        }
    }
    let density = match arg(3) {
        None => false,
        Some(a) if a.ty == Type::None => false,
        Some(a) => a.flag.ok_or_else(|| {
            CompileError::unsupported(
                format!("`density` of `{what}` must be the literal True, False or None"),
                span,
            )
        })?,
    };
    let hist = if density {
        Dtype::Float64
    } else {
        Dtype::Int64
    };
    Ok(Type::Tuple(vec![
        Type::array(hist, 1, Layout::C),
        Type::array(edges, 1, Layout::C),
    ]))
}

/// The dtypes the histogram routines read (`oxjit_runtime::slots` codes, no complex).
fn readable(d: Dtype) -> bool {
    matches!(
        d,
        Dtype::Float64 | Dtype::Float32 | Dtype::Int64 | Dtype::Int32 | Dtype::Uint8 | Dtype::Bool
    )
}

/// A 1-D real array argument of `histogram2d` (`name`), its dtype.
fn vector(t: Option<&Type>, name: &str, what: &str, span: Span) -> Result<Dtype> {
    let (d, _) = array(t, 1..=1, what, span)?;
    if !readable(d) {
        return Err(CompileError::unsupported(
            format!(
                "`{name}` of `{what}` of dtype {} is not supported",
                d.name()
            ),
            span,
        ));
    }
    Ok(d)
}

/// `histogram2d(x, y, bins=10, range=None, density=None, weights=None)`:
/// `(H, xedges, yedges)`, `H` float64. `bins` is an int, a pair of ints or 1-D edge arrays
/// (mixed too), or a 1-D float64 edge array for both axes (an int array is refused: NumPy reads one
/// of length 2 as two bin counts, whose float64 edges typing could not tell from the
/// array's); `range` a pair of pairs of numbers.
pub(super) fn histogram2d(b: &[Option<Arg>], what: &str, span: Span) -> Result<Type> {
    let arg = |i: usize| b.get(i).and_then(|a| a.as_ref());
    let ty = |i: usize| arg(i).map(|a| &a.ty);
    let dx = vector(ty(0), "x", what, span)?;
    let dy = vector(ty(1), "y", what, span)?;
    if Dtype::promote(dx, dy) == Dtype::Float32 {
        return Err(CompileError::unsupported(
            format!(
                "`{what}` of float32 samples is not supported yet (NumPy's edges are float32 \
                 or float64 depending on the data)"
            ),
            span,
        ));
    }
    let edge = |t: &Type, i: usize| -> Result<Dtype> {
        let d = vector(Some(t), &format!("bins[{i}]"), what, span)?;
        if d == Dtype::Bool {
            return Err(CompileError::unsupported(
                format!("bool edges in `bins` of `{what}` are not supported"),
                span,
            ));
        }
        Ok(d)
    };
    let edges = match ty(2) {
        None | Some(Type::Int | Type::Bool) => [Dtype::Float64; 2],
        Some(Type::Float | Type::Float32) => {
            return Err(CompileError::typing(
                "`bins[0]` must be an integer, when a scalar",
                span,
            ))
        }
        Some(Type::Array {
            dtype: Dtype::Float64,
            ndim: 1,
            ..
        }) => [Dtype::Float64; 2],
        // Per axis an int (a count) or a 1-D array (the edges).
        Some(Type::Tuple(items)) if items.len() == 2 => {
            let mut out = [Dtype::Float64; 2];
            for (i, t) in items.iter().enumerate() {
                out[i] = match t {
                    Type::Int | Type::Bool => Dtype::Float64,
                    Type::Float | Type::Float32 => {
                        return Err(CompileError::typing(
                            format!("`bins[{i}]` must be an integer, when a scalar"),
                            span,
                        ))
                    }
                    t => edge(t, i)?,
                };
            }
            out
        }
        Some(t) => {
            return Err(CompileError::unsupported(
                format!(
                    "`bins` of `{what}` must be an int, a pair of ints, a pair of 1-D edge \
                     arrays or a 1-D float64 array of edges, not `{t}`"
                ),
                span,
            ))
        }
    };
    match ty(3) {
        None | Some(Type::None) => {}
        Some(Type::Tuple(rs))
            if rs.len() == 2
                && rs.iter().all(
                    |r| matches!(r, Type::Tuple(p) if p.len() == 2 && p.iter().all(Type::is_real_scalar)),
                ) => {}
        Some(t) => {
            return Err(CompileError::unsupported(
                format!("`range` of `{what}` must be a pair of pairs of numbers, not `{t}`"),
                span,
            ))
        }
    }
    if !matches!(ty(4), None | Some(Type::None | Type::Bool)) {
        return Err(CompileError::typing(
            format!("`density` of `{what}` must be a bool or None"),
            span,
        ));
    }
    match ty(5) {
        None | Some(Type::None) => {}
        t => {
            vector(t, "weights", what, span)?;
        }
    }
    Ok(Type::Tuple(vec![
        Type::array(Dtype::Float64, 2, Layout::C),
        Type::array(edges[0], 1, Layout::C),
        Type::array(edges[1], 1, Layout::C),
    ]))
}

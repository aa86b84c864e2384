//! `math.prod` and `math.dist` of 1-D sequences (arrays, lists and tuples of numbers, which
//! compiled code passes as 1-D array slots, `crate::slots`), as CPython computes them.
//! `math.fsum` of the same sequences is `stats::oxjit_rt_math_fsum`.

use crate::slots::{value_error, Args, Out, Res};

use crate::slots::run_routine as run;

/// `math.prod(seq, start=1)`: multiplied left to right from `start`; an int when `start` and
/// the elements are ints or bools (wrapping at 64 bits, as oxjit's ints), else a float.
fn prod(args: &Args, o: &mut Out) -> Res<()> {
    let x = args.array(0);
    let n = x.shape[0];
    if x.is_float() || args.is_float(1) {
        let mut acc = args.float(1).unwrap_or(1.0);
        for i in 0..n {
            acc *= x.get(i, 0);
        }
        o.float(acc);
    } else {
        let mut acc = args.int(1).unwrap_or(1);
        for i in 0..n {
            acc = acc.wrapping_mul(x.get_int(i));
        }
        o.int(acc);
    }
    Ok(())
}

/// `math.dist(p, q)`: the Euclidean distance, ValueError for points of different lengths.
fn dist(args: &Args, o: &mut Out) -> Res<()> {
    let (p, q) = (args.array(0), args.array(1));
    if p.shape[0] != q.shape[0] {
        return value_error("both points must have the same number of dimensions");
    }
    let d: Vec<f64> = (0..p.shape[0])
        .map(|i| (p.get(i, 0) - q.get(i, 0)).abs())
        .collect();
    o.float(norm(&d));
    Ok(())
}

/// `x * y` as an unevaluated sum `hi + lo` (exact, by a fused multiply-add).
fn two_product(x: f64, y: f64) -> (f64, f64) {
    let hi = x * y;
    (hi, x.mul_add(y, -hi))
}

/// The Euclidean norm of non-negative `d`, accurate to about half an ulp: the values are
/// scaled by a power of two near the largest, their squares summed exactly as partials
/// (`crate::fsum`), and the square root corrected once by the exact residual.
pub fn norm(d: &[f64]) -> f64 {
    if d.iter().any(|x| x.is_infinite()) {
        return f64::INFINITY;
    }
    if d.iter().any(|x| x.is_nan()) {
        return f64::NAN;
    }
    let max = d.iter().copied().fold(0.0f64, f64::max);
    if max == 0.0 || d.len() == 1 {
        return max;
    }
    // A power of two scale: exact, and it keeps the squares away from overflow and underflow.
    let e = max.log2().floor() as i32;
    let scale = 2f64.powi(-e.clamp(-1000, 1000));
    let mut parts = Vec::with_capacity(2 * d.len());
    for x in d {
        let y = x * scale;
        let (hi, lo) = two_product(y, y);
        parts.push(hi);
        parts.push(lo);
    }
    // The partials are finite and each square is below 4: the exact sum cannot fail.
    let Ok(total) = crate::fsum::fsum(parts.iter().copied()) else {
        return f64::INFINITY;
    };
    let mut h = total.sqrt();
    // Residual total - h*h, exactly enough: the partials of the sum minus the exact square.
    let (sq_hi, sq_lo) = two_product(h, h);
    parts.push(-sq_hi);
    parts.push(-sq_lo);
    if let Ok(residual) = crate::fsum::fsum(parts.iter().copied()) {
        h += residual / (2.0 * h);
    }
    h / scale
}

/// Compiled code: `math.prod(seq, start)` (slots: the sequence, `start`).
///
/// # Safety
/// `args` and `out` follow [`crate::slots`].
pub unsafe extern "C" fn oxjit_rt_math_prod(args: *const i64, out: *mut i64) -> i32 {
    run(args, out, prod)
}

/// Compiled code: `math.dist(p, q)` (slots: the two sequences).
///
/// # Safety
/// `args` and `out` follow [`crate::slots`].
pub unsafe extern "C" fn oxjit_rt_math_dist(args: *const i64, out: *mut i64) -> i32 {
    run(args, out, dist)
}

#[cfg(test)]
mod tests {
    use super::norm;

    #[test]
    fn norm_is_accurate() {
        assert_eq!(norm(&[3.0, 4.0]), 5.0);
        assert_eq!(norm(&[1e300, 1e300]), 1e300 * 2f64.sqrt());
        assert_eq!(norm(&[0.0, 0.0]), 0.0);
        assert_eq!(norm(&[5e-324, 0.0]), 5e-324);
        assert!(norm(&[f64::NAN, f64::INFINITY]).is_infinite());
    }
}

//! `arctan`: `atan(|x|) = atan(c) + atan(t)` with `t = (|x| - c) / (1 + c·|x|)` for a
//! breakpoint `c` in {0, ½, 1, 3/2} picked by the interval of `|x|` (edges 7/16, 11/16, 19/16,
//! 39/16), and `atan(|x|) = π/2 + atan(-1/|x|)` above 39/16, so `|t| <= 7/16`. The quotient is
//! kept as a double-double (`t` and the residual of the division by a fused multiply-add, the
//! denominator itself as an exact two-sum); `atan(t)` is its Taylor series to `t^47`;
//! `atan(c)` is a double-double constant, added by a two-sum so the result rounds once. The
//! sign of `x` is copied last (`atan(-0) = -0`). Fast range: finite `x`.

use super::{horner, two_sum};

/// `atan(c)` (or `π/2`) rounded, and the rest.
const ATAN_HALF: (f64, f64) = (
    f64::from_bits(0x3fdd_ac67_0561_bb4f),
    f64::from_bits(0x3c7a_2b7f_222f_65e2),
);
const ATAN_ONE: (f64, f64) = (
    f64::from_bits(0x3fe9_21fb_5444_2d18),
    f64::from_bits(0x3c81_a626_3314_5c07),
);
const ATAN_ONE_HALF: (f64, f64) = (
    f64::from_bits(0x3fef_730b_d281_f69b),
    f64::from_bits(0x3c70_0788_7af0_cbbd),
);
const PI_2: (f64, f64) = (
    f64::from_bits(0x3ff9_21fb_5444_2d18),
    f64::from_bits(0x3c91_a626_3314_5c07),
);

/// `(-1)^(k+1) / (2k+3)` for `k = 0..=22`: `atan t = t + t³·A(t²)`.
const A: [f64; 23] = {
    let mut a = [0.0; 23];
    let mut k = 0;
    while k < 23 {
        let v = 1.0 / (2 * k + 3) as f64;
        a[k] = if k % 2 == 0 { -v } else { v };
        k += 1;
    }
    a
};

#[inline(always)]
pub fn atan_fast(x: f64) -> bool {
    x.abs() < f64::INFINITY
}

#[inline(always)]
pub fn atan_lane(x: f64) -> f64 {
    let a = x.abs().min(f64::MAX);
    let large = a >= 39.0 / 16.0;
    let (c, base) = if a < 7.0 / 16.0 {
        (0.0, (0.0, 0.0))
    } else if a < 11.0 / 16.0 {
        (0.5, ATAN_HALF)
    } else if a < 19.0 / 16.0 {
        (1.0, ATAN_ONE)
    } else {
        (1.5, ATAN_ONE_HALF)
    };
    // num / (den + den_lo), exactly representable parts: a - c is exact (Sterbenz) and
    // 1 + c·a is an exact two-sum of 1 and the exact product (its rounding in `p_err`).
    let p = a * c;
    let p_err = a.mul_add(c, -p);
    let (d, d_err) = two_sum(1.0, p);
    let (num, den, den_lo, base) = if large {
        (-1.0, a, 0.0, PI_2)
    } else {
        (a - c, d, d_err + p_err, base)
    };
    let t = num / den;
    let t_lo = ((-t).mul_add(den, num) - t * den_lo) / den;
    let z = t * t;
    // atan(t + t_lo) ≈ atan t + t_lo·(1 - t²)
    let small = (t * z).mul_add(horner(z, &A), (-t_lo).mul_add(z, t_lo) + base.1);
    let (s, e) = two_sum(base.0, t);
    (s + (e + small)).copysign(x)
}

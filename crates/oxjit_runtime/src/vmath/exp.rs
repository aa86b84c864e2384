//! `exp`: `x = k·ln 2 + r` with `|r| <= ln 2 / 2` (Cody–Waite: `ln 2` in two parts, the
//! first with 32 significant bits so `k·hi` is exact), `e^r` by its Taylor polynomial to
//! degree 13 written as `1 + (r + r²·P(r))` (one final rounding), and `2^k` from the exponent
//! bits. Fast range `|x| <= 708`, where `2^k` and the result stay normal.
//!
//! `expm1`: the same reduction, `e^r - 1 = r + tail` kept unrounded, and
//! `e^x - 1 = (2^k - 1) + 2^k·r + 2^k·tail` with the first two terms added exactly (two-sum),
//! so only the last addition rounds. Fast range `-36 <= x <= 708` (below, the result rounds to
//! -1); tiny `|x|` return `x` (keeping the sign of zero).

use super::{horner, round_int};

const LOG2E: f64 = f64::from_bits(0x3ff7_1547_652b_82fe);
/// `ln 2` rounded down to 32 significant bits, and the rest.
const LN2_HI: f64 = f64::from_bits(0x3fe6_2e42_fee0_0000);
const LN2_LO: f64 = f64::from_bits(0x3dea_39ef_3579_3c76);

/// `1/(k+2)!` for `k = 0..=11`: `e^r = 1 + r + r²·Σ r^k/(k+2)!`.
const P: [f64; 12] = [
    1.0 / 2.0,
    1.0 / 6.0,
    1.0 / 24.0,
    1.0 / 120.0,
    1.0 / 720.0,
    1.0 / 5040.0,
    1.0 / 40320.0,
    1.0 / 362880.0,
    1.0 / 3628800.0,
    1.0 / 39916800.0,
    1.0 / 479001600.0,
    1.0 / 6227020800.0,
];

#[inline(always)]
pub fn exp_fast(x: f64) -> bool {
    x.abs() <= 708.0
}

/// `(2^k, r, c, P(r))` with `x = k·ln 2 + r + c` (`c`: the reduction's rounding) and
/// `e^(r+c) - 1 ≈ r + c + r²·P(r)`, for `|x| <= 708`.
#[inline(always)]
fn reduce(x: f64) -> (f64, f64, f64, f64) {
    let (k, ki) = round_int(x * LOG2E);
    // x - k·hi is exact (Sterbenz); the rounding of the second step is kept in `c`.
    let r1 = (-k).mul_add(LN2_HI, x);
    let r = (-k).mul_add(LN2_LO, r1);
    let c = (-k).mul_add(LN2_LO, r1 - r);
    let scale = f64::from_bits(((ki + 1023) as u64) << 52);
    (scale, r, c, horner(r, &P))
}

#[inline(always)]
pub fn exp_lane(x: f64) -> f64 {
    let (scale, r, c, p) = reduce(x.clamp(-708.0, 708.0));
    (1.0 + (r * r).mul_add(p, r + c)) * scale
}

#[inline(always)]
pub fn expm1_fast(x: f64) -> bool {
    (-36.0..=708.0).contains(&x)
}

#[inline(always)]
pub fn expm1_lane(x: f64) -> f64 {
    let (scale, r, c, p) = reduce(x.clamp(-36.0, 708.0));
    let tail = (r * r).mul_add(p, c);
    // (2^k - 1) and 2^k·r are exact; their sum is kept as s + e.
    let (s, e) = super::two_sum(scale - 1.0, scale * r);
    let v = s + scale.mul_add(tail, e);
    if x.abs() < 1e-18 {
        x
    } else {
        v
    }
}

//! `log`: `x = 2^k·m` with `m` in `[√½, √2)` (from the bits), `f = m - 1` (exact),
//! `s = f / (2 + f)`, and `log(1 + f) = 2·atanh(s) = f - f²/2 + s·(f²/2 + R(s²))` with `R` the
//! atanh series to `s^23` (`|s| <= 0.172`), then `k·ln 2` added in two parts so the large
//! term is exact. Fast range: positive normal finite `x`.
//!
//! `log1p`: `u = 1 + x` by an exact two-sum `u + e`, then `log(u) + e/u` (the first-order
//! correction, added to the small terms). Fast range `-1 < x <= MAX`; tiny `|x|` return `x`.

use super::horner;

const LN2_HI: f64 = f64::from_bits(0x3fe6_2e42_fee0_0000);
const LN2_LO: f64 = f64::from_bits(0x3dea_39ef_3579_3c76);
const SQRT_HALF_BITS: u64 = 0x3fe6_a09e_667f_3bcd;

/// `2/(2k+3)` for `k = 0..=10`: `R(z) = z·Σ 2 z^k/(2k+3)`.
const R: [f64; 11] = [
    2.0 / 3.0,
    2.0 / 5.0,
    2.0 / 7.0,
    2.0 / 9.0,
    2.0 / 11.0,
    2.0 / 13.0,
    2.0 / 15.0,
    2.0 / 17.0,
    2.0 / 19.0,
    2.0 / 21.0,
    2.0 / 23.0,
];

#[inline(always)]
pub fn log_fast(x: f64) -> bool {
    (f64::MIN_POSITIVE..f64::INFINITY).contains(&x)
}

#[inline(always)]
pub fn log_lane(x: f64) -> f64 {
    log_plus(x.clamp(f64::MIN_POSITIVE, f64::MAX), 0.0)
}

#[inline(always)]
pub fn log1p_fast(x: f64) -> bool {
    x > -1.0 && x <= f64::MAX
}

#[inline(always)]
pub fn log1p_lane(x: f64) -> f64 {
    let xc = x.clamp(-1.0 + f64::EPSILON, f64::MAX);
    let (u, e) = super::two_sum(1.0, xc);
    let v = log_plus(u, e / u);
    if x.abs() < 1e-18 {
        x
    } else {
        v
    }
}

/// `log(x) + cor` for a positive normal `x` and a small correction `cor`.
#[inline(always)]
fn log_plus(x: f64, cor: f64) -> f64 {
    // Shift the bits so that mantissas from √½ up map to exponent 0: `k` is the exponent of
    // `x / √½` rounded down, `m` keeps x's mantissa bits with an exponent making it [√½, √2).
    let u = x
        .to_bits()
        .wrapping_sub(SQRT_HALF_BITS)
        .wrapping_add(0x3ff0_0000_0000_0000);
    let k = ((u >> 52) as i64 - 1023) as f64;
    let m = f64::from_bits((u & 0x000f_ffff_ffff_ffff) + SQRT_HALF_BITS);
    let f = m - 1.0;
    let s = f / (2.0 + f);
    let z = s * s;
    let hfsq = 0.5 * f * f;
    let rz = z * horner(z, &R);
    let tail = s.mul_add(hfsq + rz, k.mul_add(LN2_LO, cor));
    k.mul_add(LN2_HI, f - (hfsq - tail))
}

//! `sin` and `cos`: `x = k·π/2 + r` with `|r| <= π/4`, `π/2` in four parts (three of 33
//! significant bits, so `k·part` is exact for `|k| < 2^20`), the remainder kept as a
//! double-double `rhi + rlo` (error-free sums), then the Taylor polynomials of `sin` (to
//! `r^19`) and `cos` (to `r^20`) on `rhi` with first-order corrections for `rlo`; the quadrant
//! `k mod 4` picks `±sin r` or `±cos r` by selects. Fast range `|x| <= 10^6` (and tiny
//! arguments of `sin` return `x`, keeping the sign of zero). `tan` divides the double-double
//! values of `sin r` and `cos r`.

use super::{horner, round_int, two_sum};

const TWO_OVER_PI: f64 = f64::from_bits(0x3fe4_5f30_6dc9_c883);
const PIO2_1: f64 = f64::from_bits(0x3ff9_21fb_5440_0000);
const PIO2_2: f64 = f64::from_bits(0x3dd0_b461_1a60_0000);
const PIO2_3: f64 = f64::from_bits(0x3ba3_198a_2e00_0000);
const PIO2_4: f64 = f64::from_bits(0x397b_839a_2520_49c1);

/// `(-1)^(k+1) / (2k+3)!` for `k = 0..=8`: `sin r = r + r³·S(r²)`.
const S: [f64; 9] = [
    -1.0 / 6.0,
    1.0 / 120.0,
    -1.0 / 5040.0,
    1.0 / 362880.0,
    -1.0 / 39916800.0,
    1.0 / 6227020800.0,
    -1.0 / 1307674368000.0,
    1.0 / 355687428096000.0,
    -1.0 / 121645100408832000.0,
];

/// `(-1)^k / (2k+4)!` for `k = 0..=8`: `cos r = 1 - r²/2 + r⁴·C(r²)`.
const C: [f64; 9] = [
    1.0 / 24.0,
    -1.0 / 720.0,
    1.0 / 40320.0,
    -1.0 / 3628800.0,
    1.0 / 479001600.0,
    -1.0 / 87178291200.0,
    1.0 / 20922789888000.0,
    -1.0 / 6402373705728000.0,
    1.0 / 2432902008176640000.0,
];

#[inline(always)]
pub fn trig_fast(x: f64) -> bool {
    x.abs() <= 1.0e6
}

/// `(k mod 4, sin r, its low part, cos r, its low part)` for `x = k·π/2 + r`.
#[inline(always)]
fn sin_cos_r(x: f64) -> (i64, f64, f64, f64, f64) {
    let xc = x.clamp(-1.0e6, 1.0e6);
    let (k, ki) = round_int(xc * TWO_OVER_PI);
    let r1 = (-k).mul_add(PIO2_1, xc);
    let (r2, e2) = two_sum(r1, -k * PIO2_2);
    let (rhi, e3) = two_sum(r2, -k * PIO2_3);
    let rlo = (-k).mul_add(PIO2_4, e2 + e3);
    let z = rhi * rhi;
    // sin(rhi + rlo) ≈ sin rhi + rlo·(1 - z/2)
    let sin_tail = (rhi * z).mul_add(horner(z, &S), rlo * (-0.5f64).mul_add(z, 1.0));
    let (sin_r, sin_lo) = two_sum(rhi, sin_tail);
    // cos(rhi + rlo) ≈ cos rhi - rlo·rhi; 1 - z/2 with its rounding error recovered.
    let hz = 0.5 * z;
    let w = 1.0 - hz;
    let cos_tail = ((1.0 - w) - hz) + (z * z).mul_add(horner(z, &C), -(rhi * rlo));
    let (cos_r, cos_lo) = two_sum(w, cos_tail);
    (ki & 3, sin_r, sin_lo, cos_r, cos_lo)
}

/// `sin(x)` when `quarter` is 0, `cos(x)` when it is 1 (`cos x = sin(x + π/2)`).
#[inline(always)]
fn sin_quadrant(x: f64, quarter: i64) -> f64 {
    let (k, sin_r, _, cos_r, _) = sin_cos_r(x);
    let q = (k + quarter) & 3;
    let v = if q & 1 == 0 { sin_r } else { cos_r };
    let v = f64::from_bits(v.to_bits() ^ (((q as u64) >> 1) << 63));
    if quarter == 0 && x.abs() < 3.7e-9 {
        x
    } else {
        v
    }
}

#[inline(always)]
pub fn sin_lane(x: f64) -> f64 {
    sin_quadrant(x, 0)
}

#[inline(always)]
pub fn cos_lane(x: f64) -> f64 {
    sin_quadrant(x, 1)
}

/// `tan x = sin r / cos r` (even quadrant) or `-cos r / sin r` (odd), the division done on the
/// double-double values (quotient, then its residual by a fused multiply-add).
#[inline(always)]
pub fn tan_lane(x: f64) -> f64 {
    let (q, s, s_lo, c, c_lo) = sin_cos_r(x);
    let odd = q & 1 == 1;
    let (n, n_lo, d, d_lo) = if odd {
        (-c, -c_lo, s, s_lo)
    } else {
        (s, s_lo, c, c_lo)
    };
    let t = n / d;
    let resid = (-t).mul_add(d, n);
    let v = t + (resid + (-t).mul_add(d_lo, n_lo)) / d;
    if x.abs() < 3.7e-9 {
        x
    } else {
        v
    }
}

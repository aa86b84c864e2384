//! `math.gamma` and `math.lgamma` computed the way CPython computes them, so results are equal
//! bit for bit: a Lanczos approximation (N = 13, g = 6.024680040776729583740234375, the published
//! double-precision coefficients of Godfrey/Pugh as tabulated by Boost) evaluated as a rational
//! function, exact factorials for the integers 1..=23, and the reflection formula with an
//! accurate `sin(pi x)` for negative arguments. The elementary functions (`exp`, `log`, `pow`,
//! `sin`, `cos`) are the C library's, as CPython's are. Poles, `-inf` and overflow are checked by
//! the compiled code around these calls (domain `GammaPole` / `NonPositiveInteger`, range check).

// The constants are written with their published digits (more than a double holds).
#![allow(clippy::excessive_precision)]

use crate::math::clib;
use std::f64::consts::PI;

/// The C library's `exp` (CPython's), not a toolchain copy that may round differently.
fn exp(x: f64) -> f64 {
    // SAFETY: a pure C math function.
    unsafe { clib::exp()(x) }
}

/// The C library's `log`.
fn ln(x: f64) -> f64 {
    // SAFETY: a pure C math function.
    unsafe { clib::log()(x) }
}

/// The C library's `pow`.
fn pow(x: f64, y: f64) -> f64 {
    // SAFETY: a pure C math function.
    unsafe { clib::pow()(x, y) }
}

/// The C library's `sin`.
fn sin(x: f64) -> f64 {
    // SAFETY: a pure C math function.
    unsafe { clib::sin()(x) }
}

/// The C library's `cos`.
fn cos(x: f64) -> f64 {
    // SAFETY: a pure C math function.
    unsafe { clib::cos()(x) }
}

/// The Lanczos parameter g (exactly representable).
const G: f64 = 6.024680040776729583740234375;
/// g - 1/2 (exactly representable).
const G_MINUS_HALF: f64 = 5.524680040776729583740234375;

/// Numerator coefficients of the rational Lanczos sum, lowest power first.
const NUM: [f64; 13] = [
    23531376880.410759688572007674451636754734846804940,
    42919803642.649098768957899047001988850926355848959,
    35711959237.355668049440185451547166705960488635843,
    17921034426.037209699919755754458931112671403265390,
    6039542586.3520280050642916443072979210699388420708,
    1439720407.3117216736632230727949123939715485786772,
    248874557.86205415651146038641322942321632125127801,
    31426415.585400194380614231628318205362874684987640,
    2876370.6289353724412254090516208496135991145378768,
    186056.26539522349504029498971604569928220784236328,
    8071.6720023658162106380029022722506138218516325024,
    210.82427775157934587250973392071336271166969580291,
    2.5066282746310002701649081771338373386264310793408,
];

/// Denominator: the coefficients of x (x + 1) ... (x + 11), lowest power first.
const DEN: [f64; 13] = [
    0.0,
    39916800.0,
    120543840.0,
    150917976.0,
    105258076.0,
    45995730.0,
    13339535.0,
    2637558.0,
    357423.0,
    32670.0,
    1925.0,
    66.0,
    1.0,
];

/// log(pi).
const LOG_PI: f64 = 1.144729885849400174143427351353058711647;

/// Number of integers whose gamma is taken from the factorial table (gamma(n) = (n-1)!).
const EXACT_INTEGERS: usize = 23;

/// The Lanczos rational sum for `x > 0`: Horner in `x` below 5, in `1/x` above (no overflow).
fn lanczos_sum(x: f64) -> f64 {
    let (mut num, mut den) = (0.0f64, 0.0f64);
    if x < 5.0 {
        for (n, d) in NUM.iter().zip(DEN.iter()).rev() {
            num = num * x + n;
            den = den * x + d;
        }
    } else {
        for (n, d) in NUM.iter().zip(DEN.iter()) {
            num = num / x + n;
            den = den / x + d;
        }
    }
    num / den
}

/// `sin(pi x)` with the argument reduced to [-1/4, 1/4] periods first, so it is accurate near
/// integers (where `sin(pi * x)` itself would lose every digit).
fn sin_pi(x: f64) -> f64 {
    let y = x.abs() % 2.0;
    let octant = (2.0 * y).round() as i32;
    let r = match octant {
        0 => sin(PI * y),
        1 => cos(PI * (y - 0.5)),
        2 => sin(PI * (1.0 - y)),
        3 => -cos(PI * (y - 1.5)),
        _ => sin(PI * (y - 2.0)),
    };
    1.0f64.copysign(x) * r
}

/// (n - 1)! for n = 1..=23, exact in a double.
fn factorial_of_predecessor(n: usize) -> f64 {
    let mut r = 1.0f64;
    for k in 2..n {
        r *= k as f64;
    }
    r
}

/// `y ** e` applied to `r` by multiplying (`divide == false`) or dividing; above 140 the power is
/// split in two square roots' worth so that it does not overflow before the product does.
fn scale_by_power(r: f64, y: f64, absx: f64, divide: bool) -> f64 {
    if absx < 140.0 {
        let p = pow(y, absx - 0.5);
        if divide {
            r / p
        } else {
            r * p
        }
    } else {
        let half = pow(y, absx / 2.0 - 0.25);
        if divide {
            r / half / half
        } else {
            r * half * half
        }
    }
}

/// Gamma of `x` (finite, not a pole: the caller handles those; NaN and +inf pass through).
pub fn gamma(x: f64) -> f64 {
    if !x.is_finite() {
        return if x.is_nan() || x > 0.0 { x } else { f64::NAN };
    }
    if x == 0.0 {
        return f64::INFINITY.copysign(x);
    }
    if x == x.floor() {
        if x < 0.0 {
            return f64::NAN;
        }
        if x <= EXACT_INTEGERS as f64 {
            return factorial_of_predecessor(x as usize);
        }
    }
    let absx = x.abs();
    if absx < 1e-20 {
        return 1.0 / x;
    }
    if absx > 200.0 {
        return if x < 0.0 {
            0.0 / sin_pi(x)
        } else {
            f64::INFINITY
        };
    }
    let y = absx + G_MINUS_HALF;
    // z: the rounding error of y, scaled, to correct the power below.
    let z = if absx > G_MINUS_HALF {
        let q = y - absx;
        q - G_MINUS_HALF
    } else {
        let q = y - G_MINUS_HALF;
        q - absx
    };
    let z = z * G / y;
    if x < 0.0 {
        let mut r = -PI / sin_pi(absx) / absx * exp(y) / lanczos_sum(absx);
        r -= z * r;
        scale_by_power(r, y, absx, true)
    } else {
        let mut r = lanczos_sum(absx) / exp(y);
        r += z * r;
        scale_by_power(r, y, absx, false)
    }
}

/// log|gamma(x)| (poles are the caller's; NaN passes through, infinities give +inf).
pub fn lgamma(x: f64) -> f64 {
    if !x.is_finite() {
        return if x.is_nan() { x } else { f64::INFINITY };
    }
    if x == x.floor() && x <= 2.0 {
        return if x <= 0.0 { f64::INFINITY } else { 0.0 };
    }
    let absx = x.abs();
    if absx < 1e-20 {
        return -ln(absx);
    }
    let mut r = ln(lanczos_sum(absx)) - G;
    r += (absx - 0.5) * (ln(absx + G - 0.5) - 1.0);
    if x < 0.0 {
        r = LOG_PI - ln(sin_pi(absx).abs()) - ln(absx) - r;
    }
    r
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn integers_are_exact_factorials() {
        assert_eq!(gamma(1.0), 1.0);
        assert_eq!(gamma(5.0), 24.0);
        assert_eq!(gamma(23.0), 1_124_000_727_777_607_680_000.0);
        assert_eq!(lgamma(1.0), 0.0);
        assert_eq!(lgamma(2.0), 0.0);
    }

    #[test]
    fn half_integers_and_reflection() {
        let sqrt_pi = std::f64::consts::PI.sqrt();
        assert!((gamma(0.5) - sqrt_pi).abs() <= 2.0 * f64::EPSILON);
        assert!((gamma(-0.5) + 2.0 * sqrt_pi).abs() <= 8.0 * f64::EPSILON);
        assert!((lgamma(0.5) - sqrt_pi.ln()).abs() <= 4.0 * f64::EPSILON);
        assert!(gamma(-200.5) == 0.0 && gamma(171.7).is_infinite());
    }

    #[test]
    fn sin_pi_is_exact_at_integers_and_halves() {
        assert_eq!(sin_pi(3.0), 0.0);
        assert_eq!(sin_pi(0.5), 1.0);
        assert_eq!(sin_pi(-1.5), 1.0);
        assert_eq!(sin_pi(1.5), -1.0);
    }
}

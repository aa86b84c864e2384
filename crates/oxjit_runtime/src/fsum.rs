//! `math.fsum`: the exactly rounded sum of floats, as CPython gives it. The running sum is kept
//! as a list of non-overlapping partial sums (Shewchuk's exact addition: each new value is
//! added to every partial with an error-free two-sum, the rounding errors becoming the new
//! partials); the result is their correctly rounded total, with the half-way case settled
//! from the next partial. Infinities and NaNs are summed apart, and a finite overflow is an
//! error, as in CPython.

use crate::errors::ErrorKind;

/// The exactly rounded sum of `xs`, or CPython's exception class and message.
pub fn fsum(xs: impl Iterator<Item = f64>) -> Result<f64, (ErrorKind, &'static str)> {
    let mut partials: Vec<f64> = Vec::new();
    let mut special = 0.0f64;
    let mut infinities = 0.0f64;
    for given in xs {
        let mut x = given;
        let mut kept = 0;
        for j in 0..partials.len() {
            let mut y = partials[j];
            if x.abs() < y.abs() {
                std::mem::swap(&mut x, &mut y);
            }
            let hi = x + y;
            let lo = y - (hi - x);
            if lo != 0.0 {
                partials[kept] = lo;
                kept += 1;
            }
            x = hi;
        }
        partials.truncate(kept);
        // Zeros are not kept (so the sum of zeros is +0.0, as CPython's).
        if x == 0.0 {
            continue;
        }
        if x.is_finite() {
            partials.push(x);
            continue;
        }
        // A non-finite value was given, or finite ones overflowed.
        if given.is_finite() {
            return Err((ErrorKind::OverflowError, "intermediate overflow in fsum"));
        }
        if given.is_infinite() {
            infinities += given;
        }
        special += given;
        partials.clear();
    }
    if special != 0.0 {
        if infinities.is_nan() {
            return Err((ErrorKind::ValueError, "-inf + inf in fsum"));
        }
        return Ok(special);
    }
    Ok(round_partials(&partials))
}

/// The correctly rounded total of non-overlapping partials in increasing magnitude.
fn round_partials(p: &[f64]) -> f64 {
    let Some((&top, rest)) = p.split_last() else {
        return 0.0;
    };
    let mut hi = top;
    let mut lo = 0.0;
    let mut n = rest.len();
    // Add from the largest down while the sum is exact.
    while n > 0 {
        let x = hi;
        let y = p[n - 1];
        n -= 1;
        hi = x + y;
        lo = y - (hi - x);
        if lo != 0.0 {
            break;
        }
    }
    // Half-way between two floats: the next partial decides (round-half-even corrected).
    if n > 0 && ((lo < 0.0 && p[n - 1] < 0.0) || (lo > 0.0 && p[n - 1] > 0.0)) {
        let y = lo * 2.0;
        let x = hi + y;
        if y == x - hi {
            hi = x;
        }
    }
    hi
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sum(xs: &[f64]) -> Result<f64, (ErrorKind, &'static str)> {
        fsum(xs.iter().copied())
    }

    #[test]
    fn exact_where_naive_summation_is_not() {
        assert_eq!(sum(&[0.1; 10]), Ok(1.0));
        assert_eq!(
            sum(&[1e100, 1.0, -1e100, 1e-100, 1e50, -1.0, -1e50]),
            Ok(1e-100)
        );
        assert_eq!(
            sum(&[2.0f64.powi(53), -0.5, -2.0f64.powi(-54)]),
            Ok(2.0f64.powi(53) - 1.0)
        );
        assert_eq!(sum(&[]), Ok(0.0));
        assert!(sum(&[-0.0]).unwrap().is_sign_positive());
    }

    #[test]
    fn special_values_and_overflow() {
        assert_eq!(sum(&[1.0, f64::INFINITY, 2.0]), Ok(f64::INFINITY));
        assert!(sum(&[f64::NAN, 1.0]).unwrap().is_nan());
        assert_eq!(
            sum(&[f64::INFINITY, f64::NEG_INFINITY]),
            Err((ErrorKind::ValueError, "-inf + inf in fsum"))
        );
        assert_eq!(
            sum(&[f64::MAX, f64::MAX]),
            Err((ErrorKind::OverflowError, "intermediate overflow in fsum"))
        );
    }
}

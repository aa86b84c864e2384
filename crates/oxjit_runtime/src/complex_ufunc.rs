//! More of NumPy's unary ufuncs on complex numbers, with NumPy's own formulas (its
//! `funcs.inc.src` and `loops.c.src`), in double precision for complex128 and single
//! precision for complex64 (the C library's real functions, as NumPy calls them):
//!
//! | ufunc | formula |
//! |---|---|
//! | `log2` | `clog(z) * log2(e)`, part by part |
//! | `exp2` | `cexp(z * ln 2)`, part by part |
//! | `expm1` | `(expm1(x) cos(y) - 2 sin(y/2)², exp(x) sin(y))` |
//! | `log1p` | `(log(hypot(x + 1, y)), atan2(y, x + 1))` |
//! | `sign` | `z / hypot(x, y)` (NumPy 2), 0 for 0, NaN for NaN, the axis direction for an infinite part |
//! | `rint` | `rint` of each part |
//! | `isnan`, `isinf`, `isfinite`, `logical_not` | of the parts (a bool, as 0 or 1 in the real part) |
//!
//! `square` and `reciprocal` reuse `crate::complex_array`'s product and reciprocal.

/// The functions of this module.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ufunc {
    Log2 = 0,
    Exp2,
    Expm1,
    Log1p,
    Sign,
    Rint,
    Isnan,
    Isinf,
    Isfinite,
    LogicalNot,
}

impl Ufunc {
    pub const ALL: [Ufunc; 10] = [
        Ufunc::Log2,
        Ufunc::Exp2,
        Ufunc::Expm1,
        Ufunc::Log1p,
        Ufunc::Sign,
        Ufunc::Rint,
        Ufunc::Isnan,
        Ufunc::Isinf,
        Ufunc::Isfinite,
        Ufunc::LogicalNot,
    ];
}

use crate::complex_libm::{Pair32, Pair64};

extern "C" {
    fn clog(z: Pair64) -> Pair64;
    fn cexp(z: Pair64) -> Pair64;
    fn clogf(z: Pair32) -> Pair32;
    fn cexpf(z: Pair32) -> Pair32;
    fn rint(x: f64) -> f64;
    fn rintf(x: f32) -> f32;
}

macro_rules! ufunc_in {
    ($name:ident, $t:ty, $pair:ident, $clog:ident, $cexp:ident, $rint:ident, $consts:path) => {
        /// `f(re + im*j)` in this precision (see the module doc).
        pub fn $name(f: Ufunc, re: $t, im: $t) -> ($t, $t) {
            use $consts as k;
            let flag = |b: bool| (b as u8 as $t, 0.0);
            // SAFETY: pure C library functions of values.
            unsafe {
                match f {
                    Ufunc::Log2 => {
                        let l = $clog($pair { re, im });
                        (l.re * k::LOG2_E, l.im * k::LOG2_E)
                    }
                    Ufunc::Exp2 => {
                        let e = $cexp($pair {
                            re: re * k::LN_2,
                            im: im * k::LN_2,
                        });
                        (e.re, e.im)
                    }
                    Ufunc::Expm1 => {
                        let a = (im / 2.0).sin();
                        (re.exp_m1() * im.cos() - 2.0 * a * a, re.exp() * im.sin())
                    }
                    Ufunc::Log1p => {
                        let l = (re + 1.0).hypot(im);
                        (l.ln(), im.atan2(re + 1.0))
                    }
                    Ufunc::Sign => {
                        let abs = re.hypot(im);
                        if abs.is_nan() {
                            (<$t>::NAN, <$t>::NAN)
                        } else if abs.is_infinite() {
                            match (re.is_infinite(), im.is_infinite()) {
                                (true, true) => (<$t>::NAN, <$t>::NAN),
                                (true, false) => (if re > 0.0 { 1.0 } else { -1.0 }, 0.0),
                                _ => (0.0, if im > 0.0 { 1.0 } else { -1.0 }),
                            }
                        } else if abs == 0.0 {
                            (0.0, 0.0)
                        } else {
                            (re / abs, im / abs)
                        }
                    }
                    Ufunc::Rint => ($rint(re), $rint(im)),
                    Ufunc::Isnan => flag(re.is_nan() || im.is_nan()),
                    Ufunc::Isinf => flag(re.is_infinite() || im.is_infinite()),
                    Ufunc::Isfinite => flag(re.is_finite() && im.is_finite()),
                    Ufunc::LogicalNot => flag(re == 0.0 && im == 0.0),
                }
            }
        }
    };
}

ufunc_in!(map64, f64, Pair64, clog, cexp, rint, std::f64::consts);
ufunc_in!(map32, f32, Pair32, clogf, cexpf, rintf, std::f32::consts);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_on_simple_values() {
        // NumPy's `log(8) * log2(e)`, one rounding off 3 (as NumPy gives).
        assert_eq!(
            map64(Ufunc::Log2, 8.0, 0.0),
            (8f64.ln() * std::f64::consts::LOG2_E, 0.0)
        );
        assert_eq!(map64(Ufunc::Exp2, 0.0, 0.0), (1.0, 0.0));
        assert_eq!(map64(Ufunc::Sign, 3.0, 4.0), (0.6, 0.8));
        assert_eq!(map64(Ufunc::Sign, f64::INFINITY, 1.0), (1.0, 0.0));
        assert!(map64(Ufunc::Sign, 1.0, f64::NAN).0.is_nan());
        assert_eq!(map32(Ufunc::Rint, 2.5, -1.5), (2.0, -2.0));
        assert_eq!(map64(Ufunc::Isinf, 1.0, f64::NEG_INFINITY), (1.0, 0.0));
        assert_eq!(map64(Ufunc::Log1p, 0.0, 0.0), (0.0, 0.0));
        assert_eq!(map64(Ufunc::Expm1, 0.0, 0.0), (0.0, 0.0));
    }
}

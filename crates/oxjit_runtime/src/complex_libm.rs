//! The C library's complex functions (`csin`, `casinh`, `clog`, … and their `float`
//! versions), which NumPy's complex ufuncs call: element-wise `sin`, `cos`, `tan`, their
//! inverses, the hyperbolic functions and their inverses and `log10` of complex arrays give
//! NumPy's bits, special values (C99 Annex G) included.
//!
//! A C `double complex` (`float complex`) is passed and returned as a `#[repr(C)]` pair of
//! doubles (floats): the same registers on x86-64 and AArch64.

use crate::complex::Func;

/// A C `double complex`.
#[repr(C)]
#[derive(Clone, Copy)]
pub(crate) struct Pair64 {
    pub(crate) re: f64,
    pub(crate) im: f64,
}

/// A C `float complex`.
#[repr(C)]
#[derive(Clone, Copy)]
pub(crate) struct Pair32 {
    pub(crate) re: f32,
    pub(crate) im: f32,
}

extern "C" {
    fn csin(z: Pair64) -> Pair64;
    fn ccos(z: Pair64) -> Pair64;
    fn ctan(z: Pair64) -> Pair64;
    fn casin(z: Pair64) -> Pair64;
    fn cacos(z: Pair64) -> Pair64;
    fn catan(z: Pair64) -> Pair64;
    fn csinh(z: Pair64) -> Pair64;
    fn ccosh(z: Pair64) -> Pair64;
    fn ctanh(z: Pair64) -> Pair64;
    fn casinh(z: Pair64) -> Pair64;
    fn cacosh(z: Pair64) -> Pair64;
    fn catanh(z: Pair64) -> Pair64;
    fn clog(z: Pair64) -> Pair64;
    fn csinf(z: Pair32) -> Pair32;
    fn ccosf(z: Pair32) -> Pair32;
    fn ctanf(z: Pair32) -> Pair32;
    fn casinf(z: Pair32) -> Pair32;
    fn cacosf(z: Pair32) -> Pair32;
    fn catanf(z: Pair32) -> Pair32;
    fn csinhf(z: Pair32) -> Pair32;
    fn ccoshf(z: Pair32) -> Pair32;
    fn ctanhf(z: Pair32) -> Pair32;
    fn casinhf(z: Pair32) -> Pair32;
    fn cacoshf(z: Pair32) -> Pair32;
    fn catanhf(z: Pair32) -> Pair32;
    fn clogf(z: Pair32) -> Pair32;
}

/// NumPy's `log10(e)` (`NPY_LOG10E`, the same double): `log10(z)` is `clog(z)` times it,
/// part by part.
const LOG10E: f64 = std::f64::consts::LOG10_E;

/// `f(re + im*j)` in double precision, as NumPy's complex128 loop computes it; `None` for a
/// function this module does not provide.
pub fn map64(f: Func, re: f64, im: f64) -> Option<(f64, f64)> {
    let z = Pair64 { re, im };
    // SAFETY: pure C library functions of a value.
    let r = unsafe {
        match f {
            Func::Sin => csin(z),
            Func::Cos => ccos(z),
            Func::Tan => ctan(z),
            Func::Asin => casin(z),
            Func::Acos => cacos(z),
            Func::Atan => catan(z),
            Func::Sinh => csinh(z),
            Func::Cosh => ccosh(z),
            Func::Tanh => ctanh(z),
            Func::Asinh => casinh(z),
            Func::Acosh => cacosh(z),
            Func::Atanh => catanh(z),
            Func::Log10 => {
                let l = clog(z);
                Pair64 {
                    re: l.re * LOG10E,
                    im: l.im * LOG10E,
                }
            }
            _ => return None,
        }
    };
    Some((r.re, r.im))
}

/// `f(re + im*j)` in single precision, as NumPy's complex64 loop computes it.
pub fn map32(f: Func, re: f32, im: f32) -> Option<(f32, f32)> {
    let z = Pair32 { re, im };
    // SAFETY: pure C library functions of a value.
    let r = unsafe {
        match f {
            Func::Sin => csinf(z),
            Func::Cos => ccosf(z),
            Func::Tan => ctanf(z),
            Func::Asin => casinf(z),
            Func::Acos => cacosf(z),
            Func::Atan => catanf(z),
            Func::Sinh => csinhf(z),
            Func::Cosh => ccoshf(z),
            Func::Tanh => ctanhf(z),
            Func::Asinh => casinhf(z),
            Func::Acosh => cacoshf(z),
            Func::Atanh => catanhf(z),
            Func::Log10 => {
                let l = clogf(z);
                let k = std::f32::consts::LOG10_E;
                Pair32 {
                    re: l.re * k,
                    im: l.im * k,
                }
            }
            _ => return None,
        }
    };
    Some((r.re, r.im))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn special_values_follow_annex_g() {
        // csin(inf + 0j) = nan + 0j (CPython's cmath raises there).
        let (re, im) = map64(Func::Sin, f64::INFINITY, 0.0).unwrap();
        assert!(re.is_nan() && im == 0.0);
        let (re, im) = map32(Func::Sinh, 0.0, f32::INFINITY).unwrap();
        assert!(re == 0.0 && im.is_nan());
        assert_eq!(map64(Func::Sin, 0.5, 0.0).unwrap(), (0.5f64.sin(), 0.0));
    }
}

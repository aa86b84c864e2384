//! Math helpers with Python semantics that are not single machine instructions. Domain and
//! range errors are checked by the compiled code around these calls.

/// Python's `float // float` (CPython's `float_floor_div`); `b != 0` is checked by the caller.
pub extern "C" fn oxjit_rt_py_floordiv(a: f64, b: f64) -> f64 {
    let m = a % b;
    let mut div = (a - m) / b;
    if m != 0.0 && ((b < 0.0) != (m < 0.0)) {
        div -= 1.0;
    }
    if div != 0.0 {
        let f = div.floor();
        if div - f > 0.5 {
            f + 1.0
        } else {
            f
        }
    } else {
        0.0f64.copysign(a / b)
    }
}

/// Python's `float % float` (the result takes the sign of `b`); `b != 0` checked by the caller.
pub extern "C" fn oxjit_rt_py_fmod(a: f64, b: f64) -> f64 {
    let mut m = a % b;
    if m != 0.0 {
        if (b < 0.0) != (m < 0.0) {
            m += b;
        }
    } else {
        m = 0.0f64.copysign(b);
    }
    m
}

/// NumPy's `float // float`: division by zero gives `a / b` (inf or nan), no exception.
pub extern "C" fn oxjit_rt_np_floordiv(a: f64, b: f64) -> f64 {
    if b == 0.0 {
        a / b
    } else {
        oxjit_rt_py_floordiv(a, b)
    }
}

/// `int ** int` for a non-negative exponent, wrapping on overflow (as in Numba).
pub extern "C" fn oxjit_rt_ipow(mut base: i64, mut exp: i64) -> i64 {
    let mut acc: i64 = 1;
    while exp > 0 {
        if exp & 1 == 1 {
            acc = acc.wrapping_mul(base);
        }
        base = base.wrapping_mul(base);
        exp >>= 1;
    }
    acc
}

macro_rules! unary_f64 {
    ($($name:ident => $f:expr),* $(,)?) => {
        $(
            #[doc = concat!("`", stringify!($f), "` for compiled code.")]
            pub extern "C" fn $name(x: f64) -> f64 {
                let f: fn(f64) -> f64 = $f;
                f(x)
            }
        )*
    };
}

unary_f64! {
    oxjit_rt_exp => f64::exp,
    oxjit_rt_log => f64::ln,
    oxjit_rt_log10 => f64::log10,
    oxjit_rt_log2 => f64::log2,
    oxjit_rt_log1p => f64::ln_1p,
    oxjit_rt_expm1 => f64::exp_m1,
    oxjit_rt_sin => f64::sin,
    oxjit_rt_cos => f64::cos,
    oxjit_rt_tan => f64::tan,
    oxjit_rt_asin => f64::asin,
    oxjit_rt_acos => f64::acos,
    oxjit_rt_atan => f64::atan,
    oxjit_rt_sinh => f64::sinh,
    oxjit_rt_cosh => f64::cosh,
    oxjit_rt_tanh => f64::tanh,
    oxjit_rt_exp2 => f64::exp2,
}

extern "C" {
    /// The C library's `acosh`, `asinh`, `atanh`, which NumPy and CPython call.
    fn acosh(x: f64) -> f64;
    fn asinh(x: f64) -> f64;
    fn atanh(x: f64) -> f64;
}

/// `numpy.arcsinh`, `math.asinh`: the C library's `asinh`.
pub extern "C" fn oxjit_rt_asinh(x: f64) -> f64 {
    // SAFETY: a pure C math function of a float.
    unsafe { asinh(x) }
}

/// `numpy.arctanh`, `math.atanh`: the C library's `atanh` (±inf at ±1, nan beyond).
pub extern "C" fn oxjit_rt_atanh(x: f64) -> f64 {
    // SAFETY: a pure C math function of a float.
    unsafe { atanh(x) }
}

/// `numpy.sinc`: `sin(pi x) / (pi x)`, 1 at 0 (NumPy's definition).
pub extern "C" fn oxjit_rt_sinc(x: f64) -> f64 {
    if x == 0.0 {
        return 1.0;
    }
    let y = std::f64::consts::PI * x;
    y.sin() / y
}

/// `numpy.heaviside(x, h0)`: 0 below zero, `h0` at zero, 1 above, nan for nan.
pub extern "C" fn oxjit_rt_heaviside(x: f64, h0: f64) -> f64 {
    if x.is_nan() {
        x
    } else if x == 0.0 {
        h0
    } else if x < 0.0 {
        0.0
    } else {
        1.0
    }
}

/// `numpy.arccosh`: the C library's `acosh` (nan below 1; accurate near 1 and for huge
/// arguments, where `f64::acosh` overflows).
pub extern "C" fn oxjit_rt_acosh(x: f64) -> f64 {
    // SAFETY: a pure C math function of a float.
    unsafe { acosh(x) }
}

/// `atan2(y, x)`.
pub extern "C" fn oxjit_rt_atan2(y: f64, x: f64) -> f64 {
    y.atan2(x)
}
/// `hypot(x, y)`.
pub extern "C" fn oxjit_rt_hypot(x: f64, y: f64) -> f64 {
    x.hypot(y)
}
/// `numpy.logaddexp`: `log(exp(x) + exp(y))` without overflow, NumPy's algorithm (equal
/// arguments, infinities included, give `x + ln 2`; a NaN difference propagates).
pub extern "C" fn oxjit_rt_logaddexp(x: f64, y: f64) -> f64 {
    if x == y {
        return x + std::f64::consts::LN_2;
    }
    let d = x - y;
    if d > 0.0 {
        x + (-d).exp().ln_1p()
    } else if d <= 0.0 {
        y + d.exp().ln_1p()
    } else {
        d
    }
}
/// `numpy.logaddexp2`: `log2(2**x + 2**y)`, as [`oxjit_rt_logaddexp`] in base 2.
pub extern "C" fn oxjit_rt_logaddexp2(x: f64, y: f64) -> f64 {
    if x == y {
        return x + 1.0;
    }
    let d = x - y;
    if d > 0.0 {
        x + (-d).exp2().ln_1p() * std::f64::consts::LOG2_E
    } else if d <= 0.0 {
        y + d.exp2().ln_1p() * std::f64::consts::LOG2_E
    } else {
        d
    }
}
/// C `pow(x, y)`.
pub extern "C" fn oxjit_rt_pow(x: f64, y: f64) -> f64 {
    x.powf(y)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn floor_division_and_modulo_follow_python() {
        assert_eq!(oxjit_rt_py_floordiv(7.0, -2.0), -4.0);
        assert_eq!(oxjit_rt_py_floordiv(-7.0, 2.0), -4.0);
        assert_eq!(oxjit_rt_py_fmod(-7.0, 2.0), 1.0);
        assert_eq!(oxjit_rt_py_fmod(7.0, -2.0), -1.0);
        assert!(oxjit_rt_py_fmod(0.0, -2.0).is_sign_negative());
        assert_eq!(oxjit_rt_ipow(3, 4), 81);
        assert_eq!(oxjit_rt_ipow(-2, 3), -8);
    }
}

/// The C library's functions CPython's `math` module calls, so results agree to the bit. They
/// are looked up in the system `libm` at run time: a plain `extern` declaration can bind to the
/// Rust toolchain's own (differently rounded) copies.
pub(crate) mod clib {
    use std::sync::OnceLock;

    type F1 = unsafe extern "C" fn(f64) -> f64;

    fn lookup(name: &std::ffi::CStr) -> Option<*mut libc::c_void> {
        static LIBM: OnceLock<usize> = OnceLock::new();
        let h = *LIBM.get_or_init(|| {
            // SAFETY: dlopen of the system math library (already loaded by the process).
            unsafe { libc::dlopen(c"libm.so.6".as_ptr(), libc::RTLD_NOW) as usize }
        });
        if h == 0 {
            return None;
        }
        // SAFETY: a symbol lookup in a live handle.
        let p = unsafe { libc::dlsym(h as *mut libc::c_void, name.as_ptr()) };
        (!p.is_null()).then_some(p)
    }

    macro_rules! c_fn {
        ($($name:ident: $t:ty = $sym:literal, $fallback:expr;)*) => {
            $(
                pub fn $name() -> $t {
                    static F: OnceLock<usize> = OnceLock::new();
                    let p = *F.get_or_init(|| lookup($sym).map_or(0, |p| p as usize));
                    if p == 0 {
                        $fallback
                    } else {
                        // SAFETY: the C library's function of this signature.
                        unsafe { std::mem::transmute::<usize, $t>(p) }
                    }
                }
            )*
        };
    }

    unsafe extern "C" fn no_f1(x: f64) -> f64 {
        x * f64::NAN
    }

    c_fn! {
        exp: F1 = c"exp", no_f1;
        log: F1 = c"log", no_f1;
        sin: F1 = c"sin", no_f1;
        cos: F1 = c"cos", no_f1;
        pow: F2 = c"pow", no_f2;
        erf: F1 = c"erf", no_f1;
        erfc: F1 = c"erfc", no_f1;
        cbrt: F1 = c"cbrt", no_f1;
        remainder: F2 = c"remainder", no_f2;
        nextafter: F2 = c"nextafter", no_f2;
        ldexp: Ldexp = c"ldexp", no_ldexp;
    }

    type F2 = unsafe extern "C" fn(f64, f64) -> f64;
    type Ldexp = unsafe extern "C" fn(f64, i32) -> f64;
    unsafe extern "C" fn no_f2(x: f64, _y: f64) -> f64 {
        x * f64::NAN
    }
    unsafe extern "C" fn no_ldexp(x: f64, _i: i32) -> f64 {
        x * f64::NAN
    }
}

/// `math.gamma` (the caller checks the poles and `-inf`, and overflow).
/// CPython's own algorithm (`crate::gamma`), so values are bit-equal to `math.gamma`'s.
pub extern "C" fn oxjit_rt_gamma(x: f64) -> f64 {
    crate::gamma::gamma(x)
}

/// `math.lgamma`: `log|gamma(x)|` (the caller checks the poles and overflow).
/// CPython's own algorithm (`crate::gamma`), so values are bit-equal to `math.lgamma`'s.
pub extern "C" fn oxjit_rt_lgamma(x: f64) -> f64 {
    crate::gamma::lgamma(x)
}

/// `math.erf`.
pub extern "C" fn oxjit_rt_erf(x: f64) -> f64 {
    // SAFETY: a pure C math function.
    unsafe { clib::erf()(x) }
}

/// `math.erfc`.
pub extern "C" fn oxjit_rt_erfc(x: f64) -> f64 {
    // SAFETY: a pure C math function.
    unsafe { clib::erfc()(x) }
}

/// `cbrt` as the C library computes it (CPython's `math.cbrt` and NumPy's `cbrt` call it).
pub extern "C" fn oxjit_rt_cbrt(x: f64) -> f64 {
    // SAFETY: a pure C math function.
    unsafe { clib::cbrt()(x) }
}

/// `math.fmod` (C's `fmod`; the caller checks the domain).
pub extern "C" fn oxjit_rt_fmod(x: f64, y: f64) -> f64 {
    x % y
}

/// `math.remainder`: IEEE 754 remainder (the caller checks the domain).
pub extern "C" fn oxjit_rt_remainder(x: f64, y: f64) -> f64 {
    // SAFETY: a pure C math function.
    unsafe { clib::remainder()(x, y) }
}

/// `math.nextafter`.
pub extern "C" fn oxjit_rt_nextafter(x: f64, y: f64) -> f64 {
    // SAFETY: a pure C math function.
    unsafe { clib::nextafter()(x, y) }
}

/// `numpy.nextafter` on float32: the next float32 after `x` towards `y` (C's `nextafterf`,
/// written on the bits so that it does not go through float64).
pub extern "C" fn oxjit_rt_nextafterf(x: f32, y: f32) -> f32 {
    if x.is_nan() || y.is_nan() {
        return x + y;
    }
    if x == y {
        return y;
    }
    if x == 0.0 {
        return f32::from_bits(1).copysign(y);
    }
    let bits = x.to_bits();
    // Away from zero when `y` lies beyond `x` on `x`'s side of zero.
    let away = (y > x) == (x > 0.0);
    f32::from_bits(if away { bits + 1 } else { bits - 1 })
}

/// `numpy.spacing`: the distance from `x` to the next float64 away from zero (NaN for
/// infinities; the smallest positive float for both zeros, as NumPy's `npy_spacing`).
pub extern "C" fn oxjit_rt_spacing(x: f64) -> f64 {
    if x.is_infinite() {
        return f64::NAN;
    }
    if x == 0.0 {
        return f64::from_bits(1);
    }
    oxjit_rt_nextafter(x, f64::INFINITY.copysign(x)) - x
}

/// `numpy.spacing` on float32.
pub extern "C" fn oxjit_rt_spacingf(x: f32) -> f32 {
    if x.is_infinite() {
        return f32::NAN;
    }
    if x == 0.0 {
        return f32::from_bits(1);
    }
    oxjit_rt_nextafterf(x, f32::INFINITY.copysign(x)) - x
}

/// `math.ulp`: the value of the least significant bit of `x`.
pub extern "C" fn oxjit_rt_ulp(x: f64) -> f64 {
    if x.is_nan() || x.is_infinite() {
        return x.abs();
    }
    let x = x.abs();
    if x == f64::MAX {
        return x - oxjit_rt_nextafter(x, 0.0);
    }
    oxjit_rt_nextafter(x, f64::INFINITY) - x
}

/// `math.ldexp(x, i)`: `x * 2**i` (exponents beyond int32 saturate; the caller checks overflow).
pub extern "C" fn oxjit_rt_ldexp(x: f64, i: i64) -> f64 {
    let i = i.clamp(i32::MIN as i64, i32::MAX as i64) as i32;
    // SAFETY: a pure C math function.
    unsafe { clib::ldexp()(x, i) }
}

/// The mantissa and exponent of `math.frexp(x)`: `x == m * 2**e` with `0.5 <= |m| < 1`
/// (`(x, 0)` for zeros, infinities and NaN, as CPython).
fn frexp(x: f64) -> (f64, i64) {
    if x == 0.0 || !x.is_finite() {
        return (x, 0);
    }
    let (x, bias) = if x.abs() < f64::MIN_POSITIVE {
        (x * 2f64.powi(64), -64)
    } else {
        (x, 0)
    };
    let bits = x.to_bits();
    let e = ((bits >> 52) & 0x7ff) as i64 - 1022;
    let m = f64::from_bits((bits & !(0x7ff << 52)) | (1022 << 52));
    (m, e + bias)
}

/// `math.frexp(x)[0]`.
pub extern "C" fn oxjit_rt_frexp_mantissa(x: f64) -> f64 {
    frexp(x).0
}

/// `math.frexp(x)[1]`.
pub extern "C" fn oxjit_rt_frexp_exponent(x: f64) -> i64 {
    frexp(x).1
}

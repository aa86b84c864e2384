//! Element-wise operations on complex arrays (`numpy` ufuncs over `complex128`/`complex64`),
//! one slot routine for all of them ([`crate::slots`] layout):
//!
//! | slot | argument |
//! |---|---|
//! | 0 | the operation ([`Op`] as an int) |
//! | 1 | the first operand: an array of any slot dtype, or a number (a complex number is a pair) |
//! | 2 | the second operand (absent for one-operand operations) |
//! | 3 | the dtype the operation computes in ([`DT_C128`] or [`DT_C64`]) |
//! | 4 | the array written in place (`a += b`, `a[1:] = b`), or absent: a new result |
//!
//! Operands broadcast as NumPy's. A complex64 computation rounds its operands to single
//! precision and computes in `f32`, as NumPy's loops do. The formulas are NumPy's (2.x, x86-64
//! with FMA): the product with fused multiply-adds, Smith's division, the modulus as
//! `max * sqrt(fma(r, r, 1))` with `r = min / max` (for complex64, NumPy's scalar loop in the
//! cases of [`numpy_scalar_loop`]: separately rounded products and `hypot`). An in-place result is computed whole before
//! it is written, so an operand overlapping the target reads its old values (NumPy copies such
//! operands first).

use crate::complex::Func;
use crate::complex_ufunc::Ufunc;
use crate::nd::NdArray;
use crate::slots::{
    value_error, Args, Out, Res, DT_BOOL, DT_C128, DT_C64, DT_F32, DT_F64, DT_I32, DT_I64, DT_U8,
};

/// The operations of [`oxjit_rt_complex_map`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Op {
    Add,
    Sub,
    Mul,
    Div,
    Eq,
    Ne,
    Neg,
    /// The first operand converted to the result's dtype (`a.copy()`, `a[:] = b`).
    Copy,
    Conj,
    /// `abs(z)`: a real result.
    Abs,
    /// `numpy.angle(z)`: a real result.
    Angle,
    /// `exp`, `log`, `sqrt`: CPython's `cmath` algorithms (in double precision, rounded to the
    /// computation's precision).
    Exp,
    Log,
    Sqrt,
    /// `a ** b` (NumPy's `npy_cpow`: see [`power`]).
    Pow,
    /// `a ** k` written with the operator and a Python int `k`: NumPy's fast paths first
    /// (`-1` the reciprocal, `2` the square as `a * a`), else [`power`].
    PowInt,
    /// `a ** x` written with the operator and a Python float `x`: `0.5` is the square root
    /// (NumPy's fast path), else [`power`].
    PowFloat,
    /// `sin`, `cos`, `tan`, their inverses, the hyperbolic functions and their inverses,
    /// `log10` (see [`cmath_maps`]): the C library's function, as NumPy calls it
    /// (`crate::complex_libm`).
    Cmath(Func),
    /// `numpy.square`: the product `a * a`.
    Square,
    /// `numpy.reciprocal`: NumPy's `1 / z` (the larger part divides first).
    Reciprocal,
    /// `log2`, `exp2`, `expm1`, `log1p`, `sign`, `rint`, `isnan`, … (`crate::complex_ufunc`).
    Ufunc(Ufunc),
    /// `<`, `<=`, `>`, `>=` (`numpy.less`, …): NumPy's lexicographic order (real parts, then
    /// imaginary parts; see [`order`]). A bool result.
    Lt,
    Le,
    Gt,
    Ge,
    /// `numpy.maximum`/`minimum` (a NaN part propagates, the first operand's first) and
    /// `fmax`/`fmin` (a NaN part is ignored), in the lexicographic order.
    Maximum,
    Minimum,
    Fmax,
    Fmin,
    /// `numpy.logical_and`/`or`/`xor`: the truth of each operand (a non-zero part, NaN
    /// included). A bool result.
    LogicalAnd,
    LogicalOr,
    LogicalXor,
}

/// Whether [`Op::Cmath`] applies `cmath` function `f` element-wise: `log10` and the
/// trigonometric and hyperbolic functions and their inverses, `Log10..=Atanh` in [`Func`]'s
/// order.
pub fn cmath_maps(f: Func) -> bool {
    (Func::Log10 as usize..=Func::Atanh as usize).contains(&(f as usize))
}

/// The first operation code of [`Op::Ufunc`] (this plus the function's code).
const UFUNC_CODES: i64 = 64;

/// The first operation code of the element-wise `cmath` functions ([`Op::Cmath`]: this plus
/// the function's code).
const CMATH_CODES: i64 = 32;

impl Op {
    fn of(code: i64) -> Option<Op> {
        Some(match code {
            0 => Op::Add,
            1 => Op::Sub,
            2 => Op::Mul,
            3 => Op::Div,
            4 => Op::Eq,
            5 => Op::Ne,
            6 => Op::Neg,
            7 => Op::Copy,
            8 => Op::Conj,
            9 => Op::Abs,
            10 => Op::Angle,
            11 => Op::Exp,
            12 => Op::Log,
            13 => Op::Sqrt,
            14 => Op::Pow,
            15 => Op::PowInt,
            16 => Op::PowFloat,
            17 => Op::Square,
            18 => Op::Reciprocal,
            19 => Op::Lt,
            20 => Op::Le,
            21 => Op::Gt,
            22 => Op::Ge,
            23 => Op::Maximum,
            24 => Op::Minimum,
            25 => Op::Fmax,
            26 => Op::Fmin,
            27 => Op::LogicalAnd,
            28 => Op::LogicalOr,
            29 => Op::LogicalXor,
            c if c >= UFUNC_CODES => {
                let k = usize::try_from(c - UFUNC_CODES).ok()?;
                return Ufunc::ALL.get(k).copied().map(Op::Ufunc);
            }
            _ => {
                let k = usize::try_from(code.checked_sub(CMATH_CODES)?).ok()?;
                let f = Func::ALL.get(k).copied()?;
                return cmath_maps(f).then_some(Op::Cmath(f));
            }
        })
    }

    /// The code compiled code passes (the inverse of [`Op::of`]).
    pub fn code(self) -> i64 {
        match self {
            Op::Add => 0,
            Op::Sub => 1,
            Op::Mul => 2,
            Op::Div => 3,
            Op::Eq => 4,
            Op::Ne => 5,
            Op::Neg => 6,
            Op::Copy => 7,
            Op::Conj => 8,
            Op::Abs => 9,
            Op::Angle => 10,
            Op::Exp => 11,
            Op::Log => 12,
            Op::Sqrt => 13,
            Op::Pow => 14,
            Op::PowInt => 15,
            Op::PowFloat => 16,
            Op::Cmath(f) => CMATH_CODES + f as i64,
            Op::Square => 17,
            Op::Reciprocal => 18,
            Op::Lt => 19,
            Op::Le => 20,
            Op::Gt => 21,
            Op::Ge => 22,
            Op::Maximum => 23,
            Op::Minimum => 24,
            Op::Fmax => 25,
            Op::Fmin => 26,
            Op::LogicalAnd => 27,
            Op::LogicalOr => 28,
            Op::LogicalXor => 29,
            Op::Ufunc(u) => UFUNC_CODES + u as i64,
        }
    }
}

/// The float arithmetic the formulas need, in `f64` or `f32`.
trait Real:
    Copy
    + PartialOrd
    + std::ops::Add<Output = Self>
    + std::ops::Sub<Output = Self>
    + std::ops::Mul<Output = Self>
    + std::ops::Div<Output = Self>
    + std::ops::Neg<Output = Self>
{
    const ZERO: Self;
    const ONE: Self;
    const INF: Self;
    fn of(x: f64) -> Self;
    fn f64(self) -> f64;
    fn fma(self, b: Self, c: Self) -> Self;
    fn fabs(self) -> Self;
    fn fsqrt(self) -> Self;
    fn fatan2(self, x: Self) -> Self;
    fn fhypot(self, y: Self) -> Self;
    fn nan(self) -> bool;
    /// The C library's complex function `f` in this precision (`crate::complex_libm`).
    fn libm(f: Func, re: Self, im: Self) -> Option<(Self, Self)>;
    /// NumPy's formula for `f` in this precision (`crate::complex_ufunc`).
    fn ufunc(f: Ufunc, re: Self, im: Self) -> (Self, Self);
}

macro_rules! real {
    ($t:ty, $libm:path, $ufunc:path) => {
        impl Real for $t {
            const ZERO: Self = 0.0;
            const ONE: Self = 1.0;
            const INF: Self = <$t>::INFINITY;
            fn of(x: f64) -> Self {
                x as $t
            }
            fn f64(self) -> f64 {
                self as f64
            }
            fn fma(self, b: Self, c: Self) -> Self {
                self.mul_add(b, c)
            }
            fn fabs(self) -> Self {
                self.abs()
            }
            fn fsqrt(self) -> Self {
                self.sqrt()
            }
            fn fatan2(self, x: Self) -> Self {
                self.atan2(x)
            }
            fn fhypot(self, y: Self) -> Self {
                self.hypot(y)
            }
            fn nan(self) -> bool {
                self.is_nan()
            }
            fn libm(f: Func, re: Self, im: Self) -> Option<(Self, Self)> {
                $libm(f, re, im)
            }
            fn ufunc(f: Ufunc, re: Self, im: Self) -> (Self, Self) {
                $ufunc(f, re, im)
            }
        }
    };
}
real!(f64, crate::complex_libm::map64, crate::complex_ufunc::map64);
real!(f32, crate::complex_libm::map32, crate::complex_ufunc::map32);

/// NumPy's complex division (Smith's algorithm, a zero divisor giving inf or NaN parts).
fn div<T: Real>(ar: T, ai: T, br: T, bi: T) -> (T, T) {
    let (abr, abi) = (br.fabs(), bi.fabs());
    if abr >= abi {
        if abr == T::ZERO && abi == T::ZERO {
            (ar / abr, ai / abr)
        } else {
            let rat = bi / br;
            let scl = T::ONE / (br + bi * rat);
            ((ar + ai * rat) * scl, (ai - ar * rat) * scl)
        }
    } else {
        let rat = br / bi;
        let scl = T::ONE / (bi + br * rat);
        ((ar * rat + ai) * scl, (ai * rat - ar) * scl)
    }
}

/// NumPy's `abs` of a complex number (its SIMD formula; an infinite part gives inf).
fn modulus<T: Real>(re: T, im: T) -> T {
    let (r, i) = (re.fabs(), im.fabs());
    if r == T::INF || i == T::INF {
        return T::INF;
    }
    if r.nan() || i.nan() {
        return r + i;
    }
    let (big, small) = if r >= i { (r, i) } else { (i, r) };
    let ratio = if big == T::ZERO { T::ZERO } else { small / big };
    ratio.fma(ratio, T::ONE).fsqrt() * big
}

/// The product of two complex numbers, as NumPy's `cmul` (two rounded products a part).
fn cmul<T: Real>(a: (T, T), b: (T, T)) -> (T, T) {
    (a.0 * b.0 - a.1 * b.1, a.0 * b.1 + a.1 * b.0)
}

/// `1 / z` as NumPy's `reciprocal` loop (the ratio of the smaller part to the larger).
fn reciprocal<T: Real>(re: T, im: T) -> (T, T) {
    if im.fabs() <= re.fabs() {
        let r = im / re;
        let d = re + im * r;
        (T::ONE / d, -r / d)
    } else {
        let r = re / im;
        let d = re * r + im;
        (r / d, -(T::ONE / d))
    }
}

/// `a ** b` as NumPy's `npy_cpow`: 1 for a zero exponent; for a zero base, 0 when `b.real > 0`
/// and NaN otherwise; an integral real exponent below 100 in magnitude by repeated products
/// (then one division for a negative one); any other exponent as `exp(b * log(a))` in double
/// precision (the C library's `cpow`), rounded to the computation's precision.
fn power<T: Real>(ar: T, ai: T, br: T, bi: T) -> (T, T) {
    if br == T::ZERO && bi == T::ZERO {
        return (T::ONE, T::ZERO);
    }
    if ar == T::ZERO && ai == T::ZERO {
        return if br > T::ZERO {
            (T::ZERO, T::ZERO)
        } else {
            (T::of(f64::NAN), T::of(f64::NAN))
        };
    }
    let n = br.f64();
    if bi == T::ZERO && n > -100.0 && n < 100.0 && n == n.trunc() {
        let k = n as i64;
        let a = (ar, ai);
        match k {
            1 => return a,
            2 => return cmul(a, a),
            3 => return cmul(a, cmul(a, a)),
            _ => {
                let m = k.unsigned_abs();
                let (mut acc, mut p, mut bit) = ((T::ONE, T::ZERO), a, 1u64);
                loop {
                    if m & bit != 0 {
                        acc = cmul(acc, p);
                    }
                    bit <<= 1;
                    if m < bit {
                        break;
                    }
                    p = cmul(p, p);
                }
                return if k < 0 {
                    div(T::ONE, T::ZERO, acc.0, acc.1)
                } else {
                    acc
                };
            }
        }
    }
    let (lr, li) = crate::complex::value(Func::Log, ar.f64(), ai.f64());
    let (b_r, b_i) = (br.f64(), bi.f64());
    let (re, im) = crate::complex::value(Func::Exp, lr * b_r - li * b_i, lr * b_i + li * b_r);
    (T::of(re), T::of(im))
}

/// NumPy's lexicographic order of complex numbers (`CLT`, `CLE`, `CGT`, `CGE` of its loops):
/// the real parts decide unless an imaginary part is NaN; equal real parts leave it to the
/// imaginary parts. `op` is one of `Lt`, `Le`, `Gt`, `Ge`.
fn order<T: Real>(op: Op, ar: T, ai: T, br: T, bi: T) -> bool {
    let parts_ok = !ai.nan() && !bi.nan();
    match op {
        Op::Lt => (ar < br && parts_ok) || (ar == br && ai < bi),
        Op::Le => (ar < br && parts_ok) || (ar == br && ai <= bi),
        Op::Gt => (ar > br && parts_ok) || (ar == br && ai > bi),
        _ => (ar > br && parts_ok) || (ar == br && ai >= bi),
    }
}

/// `maximum`/`minimum` (`fmax`/`fmin` with `ignore_nan`) of two complex numbers, as NumPy's
/// loops pick them (`greater` says which order: `Ge` for the maxima).
fn extremum<T: Real>(a: (T, T), b: (T, T), greater: bool, ignore_nan: bool) -> (T, T) {
    let keep_first = order(if greater { Op::Ge } else { Op::Le }, a.0, a.1, b.0, b.1);
    if ignore_nan {
        if b.0.nan() || b.1.nan() || keep_first {
            a
        } else {
            b
        }
    } else if a.0.nan() || a.1.nan() || keep_first {
        a
    } else {
        b
    }
}

fn truth<T: Real>(re: T, im: T) -> bool {
    re != T::ZERO || im != T::ZERO
}

fn flag<T: Real>(b: bool) -> (T, T) {
    (if b { T::ONE } else { T::ZERO }, T::ZERO)
}

/// One result element (real results in the first part; a bool as 0 or 1). `simd`: as NumPy's
/// SIMD loop (the product with fused multiply-adds, `abs` by [`modulus`]), else as its scalar
/// loop (two rounded products, `hypot`).
fn apply<T: Real>(op: Op, a: (f64, f64), b: (f64, f64), simd: bool) -> (f64, f64) {
    let (ar, ai, br, bi) = (T::of(a.0), T::of(a.1), T::of(b.0), T::of(b.1));
    let (re, im) = match op {
        Op::Add => (ar + br, ai + bi),
        Op::Sub => (ar - br, ai - bi),
        Op::Mul if simd => (ar.fma(br, -(ai * bi)), ar.fma(bi, ai * br)),
        Op::Mul => (ar * br - ai * bi, ar * bi + ai * br),
        Op::Div => div(ar, ai, br, bi),
        Op::Pow => power(ar, ai, br, bi),
        Op::PowInt if br.f64() == -1.0 => reciprocal(ar, ai),
        Op::PowInt if br.f64() == 2.0 => return apply::<T>(Op::Mul, a, a, simd),
        Op::PowFloat if br.f64() == 0.5 => return apply::<T>(Op::Sqrt, a, a, simd),
        Op::PowInt | Op::PowFloat => power(ar, ai, br, bi),
        Op::Eq => (T::of(f64::from(u8::from(ar == br && ai == bi))), T::ZERO),
        Op::Ne => (T::of(f64::from(u8::from(ar != br || ai != bi))), T::ZERO),
        Op::Neg => (-ar, -ai),
        Op::Copy => (ar, ai),
        Op::Conj => (ar, -ai),
        Op::Abs if simd => (modulus(ar, ai), T::ZERO),
        Op::Abs => (ar.fhypot(ai), T::ZERO),
        Op::Angle => (ai.fatan2(ar), T::ZERO),
        Op::Square => return apply::<T>(Op::Mul, a, a, simd),
        Op::Reciprocal => reciprocal(ar, ai),
        Op::Ufunc(f) => T::ufunc(f, ar, ai),
        Op::Lt | Op::Le | Op::Gt | Op::Ge => flag(order(op, ar, ai, br, bi)),
        Op::Maximum => extremum((ar, ai), (br, bi), true, false),
        Op::Minimum => extremum((ar, ai), (br, bi), false, false),
        Op::Fmax => extremum((ar, ai), (br, bi), true, true),
        Op::Fmin => extremum((ar, ai), (br, bi), false, true),
        Op::LogicalAnd => flag(truth(ar, ai) && truth(br, bi)),
        Op::LogicalOr => flag(truth(ar, ai) || truth(br, bi)),
        Op::LogicalXor => flag(truth(ar, ai) != truth(br, bi)),
        Op::Cmath(f) => match T::libm(f, ar, ai) {
            Some(v) => v,
            None => (T::of(f64::NAN), T::of(f64::NAN)),
        },
        Op::Exp | Op::Log | Op::Sqrt => {
            let f = match op {
                Op::Exp => Func::Exp,
                Op::Log => Func::Log,
                _ => Func::Sqrt,
            };
            let (re, im) = crate::complex::value(f, ar.f64(), ai.f64());
            (T::of(re), T::of(im))
        }
    };
    (re.f64(), im.f64())
}

/// An operand: an array, or one number.
enum Operand {
    Array(NdArray),
    Number(f64, f64),
}

fn operand(args: &Args, slot: usize) -> Operand {
    if args.is_array(slot) {
        return Operand::Array(args.nd(slot));
    }
    if let Some((re, im)) = args.pair(slot) {
        return Operand::Number(re, im);
    }
    if let Some(x) = args.float(slot) {
        return Operand::Number(x, 0.0);
    }
    Operand::Number(f64::NAN, f64::NAN)
}

/// Read the element at `p` of dtype `dt` as a complex number.
///
/// # Safety
/// `p` addresses a live element of `dt`.
unsafe fn read(dt: i64, p: *const u8) -> (f64, f64) {
    // SAFETY: by the contract.
    unsafe {
        match dt {
            DT_C128 => {
                let q = p as *const f64;
                (q.read_unaligned(), q.add(1).read_unaligned())
            }
            DT_C64 => {
                let q = p as *const f32;
                (q.read_unaligned() as f64, q.add(1).read_unaligned() as f64)
            }
            DT_F64 => ((p as *const f64).read_unaligned(), 0.0),
            DT_F32 => ((p as *const f32).read_unaligned() as f64, 0.0),
            DT_I64 => ((p as *const i64).read_unaligned() as f64, 0.0),
            DT_I32 => ((p as *const i32).read_unaligned() as f64, 0.0),
            DT_U8 | DT_BOOL => (*p as f64, 0.0),
            _ => (f64::NAN, f64::NAN),
        }
    }
}

/// Write `v` as an element of dtype `dt` at `p` (a real dtype takes the real part).
///
/// # Safety
/// `p` addresses writable memory for an element of `dt`.
unsafe fn write(dt: i64, p: *mut u8, v: (f64, f64)) {
    // SAFETY: by the contract.
    unsafe {
        match dt {
            DT_C128 => {
                let q = p as *mut f64;
                q.write_unaligned(v.0);
                q.add(1).write_unaligned(v.1);
            }
            DT_C64 => {
                let q = p as *mut f32;
                q.write_unaligned(v.0 as f32);
                q.add(1).write_unaligned(v.1 as f32);
            }
            DT_F64 => (p as *mut f64).write_unaligned(v.0),
            DT_F32 => (p as *mut f32).write_unaligned(v.0 as f32),
            _ => *p = u8::from(v.0 != 0.0),
        }
    }
}

fn shape_text(s: &[usize]) -> String {
    match s {
        [n] => format!("({n},)"),
        _ => format!(
            "({})",
            s.iter()
                .map(|n| n.to_string())
                .collect::<Vec<_>>()
                .join(",")
        ),
    }
}

/// The broadcast shape of the operands' shapes (NumPy's error when they do not fit).
fn broadcast(shapes: &[&[usize]]) -> Res<Vec<usize>> {
    let nd = shapes.iter().map(|s| s.len()).max().unwrap_or(0);
    let mut out = vec![1usize; nd];
    for s in shapes {
        let off = nd - s.len();
        for (k, n) in s.iter().enumerate() {
            let o = &mut out[off + k];
            if *o == 1 {
                *o = *n;
            } else if *n != 1 && *n != *o {
                let texts: Vec<String> = shapes.iter().map(|s| shape_text(s)).collect();
                return value_error(format!(
                    "operands could not be broadcast together with shapes {} ",
                    texts.join(" ")
                ));
            }
        }
    }
    Ok(out)
}

/// Byte strides of `a` seen with the broadcast `shape` (0 along broadcast axes).
fn strides_in(a: &NdArray, shape: &[usize]) -> Vec<isize> {
    let off = shape.len() - a.ndim();
    (0..shape.len())
        .map(|k| {
            if k < off || a.shape[k - off] == 1 {
                0
            } else {
                a.strides[k - off]
            }
        })
        .collect()
}

/// Calls `f(i, values)` for every position of `shape` in C order with the operands' values.
fn each(ops: &[&Operand], shape: &[usize], mut f: impl FnMut(usize, &[(f64, f64)])) {
    let size: usize = shape.iter().product();
    if size == 0 {
        return;
    }
    let strides: Vec<Option<Vec<isize>>> = ops
        .iter()
        .map(|o| match o {
            Operand::Array(a) => Some(strides_in(a, shape)),
            Operand::Number(..) => None,
        })
        .collect();
    let mut index = vec![0usize; shape.len()];
    let mut vals = vec![(0.0, 0.0); ops.len()];
    for i in 0..size {
        for (k, o) in ops.iter().enumerate() {
            vals[k] = match (o, &strides[k]) {
                (Operand::Array(a), Some(st)) => {
                    let off: isize = index.iter().zip(st).map(|(i, s)| *i as isize * s).sum();
                    // SAFETY: the index is within the operand's (broadcast) shape.
                    unsafe { read(a.dtype, a.ptr(&[]).wrapping_offset(off)) }
                }
                (Operand::Number(re, im), _) => (*re, *im),
                _ => (f64::NAN, f64::NAN),
            };
        }
        f(i, &vals);
        for k in (0..shape.len()).rev() {
            index[k] += 1;
            if index[k] < shape[k] {
                break;
            }
            index[k] = 0;
        }
    }
}

/// Whether NumPy runs a complex64 operation in its scalar loop rather than its SIMD loop
/// (measured on NumPy 2.x, x86-64 with AVX2 and FMA; complex128 always runs the SIMD loop): when
/// the iteration collapses to one dimension (every array, the result included, steps through
/// the axes as one run of equal steps) and an operand steps backwards. The scalar loop rounds
/// the two products of `*` separately and computes `abs` with `hypot`.
fn numpy_scalar_loop(arrays: &[&NdArray], result: Option<usize>, shape: &[usize]) -> bool {
    let axes: Vec<usize> = (0..shape.len()).filter(|k| shape[*k] > 1).collect();
    let strides: Vec<Vec<isize>> = arrays.iter().map(|a| strides_in(a, shape)).collect();
    let mut c_strides = vec![0isize; shape.len()];
    if let Some(item) = result {
        let mut step = item as isize;
        for k in (0..shape.len()).rev() {
            c_strides[k] = step;
            step *= shape[k] as isize;
        }
    }
    let collapses = axes.windows(2).all(|w| {
        let (j, k) = (w[0], w[1]);
        strides
            .iter()
            .chain(std::iter::once(&c_strides))
            .all(|st| st[j] == st[k] * shape[k] as isize)
    });
    collapses && strides.iter().any(|st| axes.iter().any(|k| st[*k] < 0))
}

fn run(args: &Args, out: &mut Out) -> Res<()> {
    let Some(op) = args.int(0).and_then(Op::of) else {
        return value_error("bug in oxjit: unknown complex array operation");
    };
    let a = operand(args, 1);
    let b = (!args.is_none(2)).then(|| operand(args, 2));
    let single = args.int(3) == Some(DT_C64);
    let dest = (!args.is_none(4)).then(|| args.nd(4));
    let mut ops = vec![&a];
    ops.extend(b.as_ref());
    let shapes: Vec<&[usize]> = ops
        .iter()
        .map(|o| match o {
            Operand::Array(x) => x.shape.as_slice(),
            Operand::Number(..) => &[],
        })
        .collect();
    let shape = broadcast(&shapes)?;
    let f = if single { apply::<f32> } else { apply::<f64> };
    let mut arrays: Vec<&NdArray> = ops
        .iter()
        .filter_map(|o| match o {
            Operand::Array(x) => Some(x),
            Operand::Number(..) => None,
        })
        .collect();
    arrays.extend(dest.as_ref());
    let space = dest
        .as_ref()
        .map_or(shape.as_slice(), |d| d.shape.as_slice());
    let result = dest.is_none().then(|| crate::nd::itemsize(out.dtype(0)));
    let simd = !(single && space.len() >= shape.len() && numpy_scalar_loop(&arrays, result, space));
    let one = |v: &[(f64, f64)]| f(op, v[0], v.get(1).copied().unwrap_or((0.0, 0.0)), simd);
    let Some(dest) = dest else {
        let dt = out.dtype(0);
        let item = crate::nd::itemsize(dt);
        return out.raw(&shape, item, |data| {
            each(&ops, &shape, |i, v| {
                // SAFETY: element `i` of the fresh C-contiguous result.
                unsafe { write(dt, data.add(i * item), one(v)) }
            })
        });
    };
    // In place: the values first, then the stores (an operand may overlap the target).
    let fits = shape.len() <= dest.ndim()
        && shape
            .iter()
            .rev()
            .zip(dest.shape.iter().rev())
            .all(|(s, d)| s == d || *s == 1);
    if !fits {
        return value_error(format!(
            "could not broadcast input array from shape {} into shape {}",
            shape_text(&shape),
            shape_text(&dest.shape)
        ));
    }
    let mut vals = Vec::with_capacity(dest.size());
    each(&ops, &dest.shape, |_, v| vals.push(one(v)));
    let mut k = 0;
    dest.for_each(|p| {
        // SAFETY: `p` is an element of the (writable) target, visited in C order.
        unsafe { write(dest.dtype, p as *mut u8, vals[k]) };
        k += 1;
    });
    Ok(())
}

crate::slots::slot_routines! {
    /// `op(a[, b])` element-wise over complex arrays (see the module documentation).
    oxjit_rt_complex_map => run;
    /// `sum`, `prod` or `mean` (slot 0: 0, 1, 2) of the whole complex array in slot 1, or
    /// `dot`/`vdot` (3, 4) of the vectors in slots 1 and 2 computed in the dtype of slot 3: two
    /// float results, the real and imaginary parts (see [`reduce`]). With an int `axis` in
    /// slot 4 (NumPy's `AxisError` out of range), the reduction of an array of two or more
    /// axes along it is one array result ([`reduce_axis`]).
    oxjit_rt_complex_reduce => reduce;
}

/// NumPy's pairwise sum of complex elements (`pairwise_sum` of its loops: blocks of at most
/// 64 elements summed with four interleaved accumulators per part, halves added).
fn pairwise<T: Real>(x: &[(T, T)]) -> (T, T) {
    let n = x.len();
    if n < 4 {
        let mut s = (-T::ZERO, -T::ZERO);
        for v in x {
            s = (s.0 + v.0, s.1 + v.1);
        }
        return s;
    }
    if n <= 64 {
        let mut r: [(T, T); 4] = [x[0], x[1], x[2], x[3]];
        let mut i = 4;
        while i < n - n % 4 {
            for (k, acc) in r.iter_mut().enumerate() {
                *acc = (acc.0 + x[i + k].0, acc.1 + x[i + k].1);
            }
            i += 4;
        }
        let mut s = (
            (r[0].0 + r[1].0) + (r[2].0 + r[3].0),
            (r[0].1 + r[1].1) + (r[2].1 + r[3].1),
        );
        for v in &x[i..] {
            s = (s.0 + v.0, s.1 + v.1);
        }
        return s;
    }
    let mut half = n / 2;
    half -= half % 4;
    let (a, b) = (pairwise(&x[..half]), pairwise(&x[half..]));
    (a.0 + b.0, a.1 + b.1)
}

/// Whole-array `sum` (NumPy's identity `0` plus the pairwise sum of the elements in C order),
/// `prod` (the identity `1` times each element in turn, products rounded separately as
/// NumPy's reduction loop) and `mean` (the sum divided by the count: Smith's division for
/// complex128, part by part for complex64, as NumPy's scalar division).
fn reduce_in<T: Real>(op: i64, a: &NdArray, single: bool) -> (f64, f64) {
    let mut xs: Vec<(T, T)> = Vec::with_capacity(a.size());
    a.for_each(|p| {
        // SAFETY: `p` is an element of the array.
        let (re, im) = unsafe { read(a.dtype, p) };
        xs.push((T::of(re), T::of(im)));
    });
    let (re, im) = match op {
        1 => xs.iter().fold((T::ONE, T::ZERO), |(pr, pi), (br, bi)| {
            (pr * *br - pi * *bi, pr * *bi + pi * *br)
        }),
        _ => {
            let s = pairwise(&xs);
            let s = (T::ZERO + s.0, T::ZERO + s.1);
            let n = T::of(xs.len() as f64);
            if op == 2 && single {
                // NumPy divides a complex64 sum by the count part by part.
                (s.0 / n, s.1 / n)
            } else if op == 2 {
                div(s.0, s.1, n, T::ZERO)
            } else {
                s
            }
        }
    };
    (re.f64(), im.f64())
}

/// `dot(a, b)` (3) or `vdot(a, b)` (4, conjugating `a`) of two vectors: the products (each
/// rounded as NumPy's scalar product) summed pairwise. NumPy calls BLAS here, whose summation
/// order differs: results agree within rounding.
fn dot_in<T: Real>(op: i64, a: &NdArray, b: &NdArray) -> (f64, f64) {
    let mut xs: Vec<(T, T)> = Vec::with_capacity(a.size());
    for k in 0..a.size() {
        // SAFETY: `k` is within both vectors (their lengths were checked equal).
        let (x, y) = unsafe { (read(a.dtype, a.ptr(&[k])), read(b.dtype, b.ptr(&[k]))) };
        let (ar, ai) = (T::of(x.0), T::of(if op == 4 { -x.1 } else { x.1 }));
        let (br, bi) = (T::of(y.0), T::of(y.1));
        xs.push((ar * br - ai * bi, ar * bi + ai * br));
    }
    let s = pairwise(&xs);
    ((T::ZERO + s.0).f64(), (T::ZERO + s.1).f64())
}

fn reduce(args: &Args, out: &mut Out) -> Res<()> {
    let op = args.int(0).unwrap_or(0);
    let a = args.nd(1);
    if op == 3 || op == 4 {
        let b = args.nd(2);
        if a.ndim() != 1 || b.ndim() != 1 || a.shape[0] != b.shape[0] {
            return value_error(format!(
                "shapes {} and {} not aligned",
                shape_text(&a.shape),
                shape_text(&b.shape)
            ));
        }
        let (re, im) = if args.int(3) == Some(DT_C64) {
            dot_in::<f32>(op, &a, &b)
        } else {
            dot_in::<f64>(op, &a, &b)
        };
        out.float(re);
        out.float(im);
        return Ok(());
    }
    if let Some(axis) = args.int(4) {
        let k = crate::nd::axis(axis, a.ndim())?;
        if a.ndim() > 1 {
            return if a.dtype == DT_C64 {
                reduce_axis::<f32>(op, &a, k, out)
            } else {
                reduce_axis::<f64>(op, &a, k, out)
            };
        }
    }
    let (re, im) = if a.dtype == DT_C64 {
        reduce_in::<f32>(op, &a, true)
    } else {
        reduce_in::<f64>(op, &a, false)
    };
    out.float(re);
    out.float(im);
    Ok(())
}

/// `sum` (0), `prod` (1) or `mean` (2) of a complex array of at least two axes along axis
/// `k`: a new array of its dtype without that axis. In NumPy's order: a sum is the identity
/// plus the pairwise sum of each lane when `k` is the axis NumPy's iterator runs innermost
/// (the smallest stride), else each lane added element by element onto the identity; a
/// product multiplies element by element (two rounded products a part along the innermost
/// axis, NumPy's reduction loop; fused multiply-adds along another, its SIMD loop); a mean divides the sum by the count as NumPy's
/// `true_divide` loop of complex128 does (`(re + im * 0) * (1 / n)`, `re / 0` for an empty
/// lane), rounded to complex64 for complex64 arrays.
fn reduce_axis<T: Real>(op: i64, a: &NdArray, k: usize, out: &mut Out) -> Res<()> {
    let nd = a.ndim();
    let n = a.shape[k];
    let kept: Vec<usize> = (0..nd).filter(|&d| d != k).collect();
    let shape: Vec<usize> = kept.iter().map(|&d| a.shape[d]).collect();
    let inner = (0..nd)
        .filter(|&d| a.shape[d] > 1)
        .min_by_key(|&d| a.strides[d].unsigned_abs())
        == Some(k);
    let mut perm = kept.clone();
    perm.push(k);
    let mut xs: Vec<(T, T)> = Vec::with_capacity(a.size());
    a.permuted(&perm).for_each(|p| {
        // SAFETY: `p` is an element of the array.
        let (re, im) = unsafe { read(a.dtype, p) };
        xs.push((T::of(re), T::of(im)));
    });
    let count: usize = shape.iter().product();
    let lane = |i: usize| -> (f64, f64) {
        let x = &xs[i * n..(i + 1) * n];
        let sum = || {
            let s = if inner {
                pairwise(x)
            } else {
                x.iter()
                    .fold((T::ZERO, T::ZERO), |s, v| (s.0 + v.0, s.1 + v.1))
            };
            (T::ZERO + s.0, T::ZERO + s.1)
        };
        match op {
            1 => {
                let p = x.iter().fold((T::ONE, T::ZERO), |(pr, pi), &(br, bi)| {
                    if inner {
                        cmul((pr, pi), (br, bi))
                    } else {
                        (pr.fma(br, -(pi * bi)), pr.fma(bi, pi * br))
                    }
                });
                (p.0.f64(), p.1.f64())
            }
            2 => {
                let (re, im) = sum();
                let (re, im) = (re.f64(), im.f64());
                let m = n as f64;
                if n == 0 {
                    (re / m, im / m)
                } else {
                    let scl = 1.0 / m;
                    ((re + im * 0.0) * scl, (im - re * 0.0) * scl)
                }
            }
            _ => {
                let (re, im) = sum();
                (re.f64(), im.f64())
            }
        }
    };
    let dt = a.dtype;
    let size = crate::nd::itemsize(dt);
    out.raw(&shape, size, |data| {
        for i in 0..count {
            // SAFETY: element `i` of the fresh array of `count` items of `dt`.
            unsafe { write(dt, data.add(i * size), lane(i)) };
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn smith_division_and_modulus() {
        let (re, im) = div(1.0f64, 2.0, 3.0, 4.0);
        assert!((re - 0.44).abs() < 1e-15 && (im - 0.08).abs() < 1e-15);
        assert_eq!(div(1.0f64, 1.0, 0.0, 0.0), (f64::INFINITY, f64::INFINITY));
        assert_eq!(modulus(3.0f64, 4.0), 5.0);
        assert_eq!(modulus(f64::NAN, f64::INFINITY), f64::INFINITY);
        assert!(modulus(f64::NAN, 1.0).is_nan());
        assert_eq!(modulus(0.0f32, -0.0), 0.0);
    }
}

//! Vectorised elementary functions over whole chunks of float64: `fn(x, out, n)` evaluates
//! `out[i] = f(x[i])` for `i < n` (`x` and `out` are the same buffer or do not overlap).
//!
//! Each function family (one file each) gives a *lane*: branch-free range reduction and a
//! polynomial, valid on a "fast" range of inputs, written so that LLVM vectorises the loop
//! over a block. Inputs outside the fast range (NaN, infinities, overflow and underflow,
//! domain errors, huge trigonometric arguments, …) are rare; they are recomputed one by one
//! with the platform's libm (Rust's `f64::exp`, …), so special values are exactly libm's
//! (and NumPy's). The error on the fast range is at most 1 ulp against libm (measured by the
//! tests below over 10⁶ random inputs per function, and over 10⁷ by an ignored test; the
//! figures are in `docs/vmath.md`).
//!
//! Every entry point is compiled three times: for AVX-512 (F, DQ, VL), for AVX2 + FMA and for
//! the baseline target; the first call picks the best variant the CPU supports
//! (`is_x86_feature_detected!`) and caches its address. The lanes use fused multiply-adds
//! (`f64::mul_add`) in every variant, so all three give bit-identical results.

mod chunked;
pub use chunked::{oxjit_rt_vdot_chunked, oxjit_rt_vsum_chunked};
mod atan;
mod exp;
mod log;
pub mod reduce;
mod trig;

use std::sync::atomic::{AtomicUsize, Ordering};

/// Elements evaluated per block (a stack buffer of results).
const BLOCK: usize = 256;

/// `out[i] = lane(x[i])`, with inputs where `fast` is false recomputed by `slow` (libm).
/// Full blocks read `x` directly and write `out` directly; when `out` is `x`, results go to a
/// stack buffer first.
///
/// # Safety
/// `x` must be readable and `out` writable for `n` doubles; they are equal or do not overlap.
#[inline(always)]
unsafe fn drive(
    x: *const f64,
    out: *mut f64,
    n: usize,
    lane: impl Fn(f64) -> f64,
    fast: impl Fn(f64) -> bool,
    slow: fn(f64) -> f64,
) {
    let mut ys = [0.0f64; BLOCK];
    let mut i = 0;
    while i + BLOCK <= n {
        // SAFETY: `BLOCK` elements from `i` are in bounds (caller's contract).
        let xs = unsafe { &*x.add(i).cast::<[f64; BLOCK]>() };
        if std::ptr::eq(x, out) {
            block(xs, &mut ys, &lane, &fast, slow);
            // SAFETY: as above; `xs` is not used after this write.
            unsafe { std::ptr::copy_nonoverlapping(ys.as_ptr(), out.add(i), BLOCK) };
        } else {
            // SAFETY: distinct buffers do not overlap (callers pass a buffer and itself, or
            // two arrays whose byte ranges were checked apart).
            let os = unsafe { &mut *out.add(i).cast::<[f64; BLOCK]>() };
            block(xs, os, &lane, &fast, slow);
        }
        i += BLOCK;
    }
    if i < n {
        let m = n - i;
        // Unused slots hold 1.0, in every function's fast range.
        let mut xs = [1.0f64; BLOCK];
        // SAFETY: `m` elements from `i` are in bounds.
        unsafe { std::ptr::copy_nonoverlapping(x.add(i), xs.as_mut_ptr(), m) };
        block(&xs, &mut ys, &lane, &fast, slow);
        // SAFETY: as above.
        unsafe { std::ptr::copy_nonoverlapping(ys.as_ptr(), out.add(i), m) };
    }
}

/// One block: every lane, then the rare inputs outside the fast range again by libm.
#[inline(always)]
fn block(
    xs: &[f64; BLOCK],
    ys: &mut [f64; BLOCK],
    lane: &impl Fn(f64) -> f64,
    fast: &impl Fn(f64) -> bool,
    slow: fn(f64) -> f64,
) {
    let mut bad = 0u64;
    for j in 0..BLOCK {
        ys[j] = lane(xs[j]);
        bad |= u64::from(!fast(xs[j]));
    }
    if bad != 0 {
        for j in 0..BLOCK {
            if !fast(xs[j]) {
                ys[j] = slow(xs[j]);
            }
        }
    }
}

/// The variant the CPU supports best: 2 = AVX-512, 1 = AVX2 + FMA, 0 = baseline.
fn level() -> usize {
    static LEVEL: AtomicUsize = AtomicUsize::new(usize::MAX);
    let l = LEVEL.load(Ordering::Relaxed);
    if l != usize::MAX {
        return l;
    }
    let l = detect();
    LEVEL.store(l, Ordering::Relaxed);
    l
}

#[cfg(target_arch = "x86_64")]
fn detect() -> usize {
    if std::env::var_os("OXJIT_VMATH_BASELINE").is_some() {
        0
    } else if is_x86_feature_detected!("avx512f")
        && is_x86_feature_detected!("avx512dq")
        && is_x86_feature_detected!("avx512vl")
        && is_x86_feature_detected!("fma")
    {
        2
    } else if is_x86_feature_detected!("avx2") && is_x86_feature_detected!("fma") {
        1
    } else {
        0
    }
}

#[cfg(not(target_arch = "x86_64"))]
fn detect() -> usize {
    0
}

/// The name of the variant in use (for docs and benchmarks).
pub fn variant() -> &'static str {
    ["baseline", "avx2+fma", "avx512"][level()]
}

/// A compiled variant of a chunk routine (`level` as in [`level`]).
pub(crate) type Variant = unsafe fn(*const f64, *mut f64, usize);

/// One `extern "C"` chunk routine per function: its three compiled variants (in module
/// `$variants`, with `all()` listing those the CPU supports) and the dispatch.
macro_rules! vector_fn {
    ($(#[$doc:meta])* $entry:ident, $variants:ident, $lane:path, $fast:path, $slow:path) => {
        pub(crate) mod $variants {
            use super::*;

            pub unsafe fn base(x: *const f64, out: *mut f64, n: usize) {
                // SAFETY: the caller's contract.
                unsafe { drive(x, out, n, $lane, $fast, $slow) }
            }
            #[cfg(target_arch = "x86_64")]
            #[target_feature(enable = "avx2,fma")]
            pub unsafe fn avx2(x: *const f64, out: *mut f64, n: usize) {
                // SAFETY: the caller's contract.
                unsafe { drive(x, out, n, $lane, $fast, $slow) }
            }
            #[cfg(target_arch = "x86_64")]
            #[target_feature(enable = "avx512f,avx512dq,avx512vl,avx2,fma")]
            pub unsafe fn avx512(x: *const f64, out: *mut f64, n: usize) {
                // SAFETY: the caller's contract.
                unsafe { drive(x, out, n, $lane, $fast, $slow) }
            }
            /// `(level, variant)` for every variant this CPU can run.
            #[allow(dead_code)]
            pub fn all() -> Vec<(usize, Variant)> {
                let mut v: Vec<(usize, Variant)> = vec![(0, base)];
                #[cfg(target_arch = "x86_64")]
                {
                    if detect() >= 1 {
                        v.push((1, avx2));
                    }
                    if detect() >= 2 {
                        v.push((2, avx512));
                    }
                }
                v
            }
        }

        $(#[$doc])*
        ///
        /// # Safety
        /// `x` must be readable and `out` writable for `n` doubles (equal or not overlapping).
        pub unsafe extern "C" fn $entry(x: *const f64, out: *mut f64, n: i64) {
            let n = n.max(0) as usize;
            // SAFETY: a variant runs only on a CPU with its features (`level`).
            unsafe {
                match level() {
                    #[cfg(target_arch = "x86_64")]
                    2 => $variants::avx512(x, out, n),
                    #[cfg(target_arch = "x86_64")]
                    1 => $variants::avx2(x, out, n),
                    _ => $variants::base(x, out, n),
                }
            }
        }
    };
}

vector_fn!(
    /// `exp` over a chunk.
    oxjit_rt_vexp, vexp, exp::exp_lane, exp::exp_fast, f64::exp
);
vector_fn!(
    /// `log` (natural) over a chunk.
    oxjit_rt_vlog, vlog, log::log_lane, log::log_fast, f64::ln
);
vector_fn!(
    /// `expm1` over a chunk.
    oxjit_rt_vexpm1, vexpm1, exp::expm1_lane, exp::expm1_fast, f64::exp_m1
);
vector_fn!(
    /// `log1p` over a chunk.
    oxjit_rt_vlog1p, vlog1p, log::log1p_lane, log::log1p_fast, f64::ln_1p
);
vector_fn!(
    /// `tan` over a chunk.
    oxjit_rt_vtan, vtan, trig::tan_lane, trig::trig_fast, f64::tan
);
vector_fn!(
    /// `arctan` over a chunk.
    oxjit_rt_vatan, vatan, atan::atan_lane, atan::atan_fast, f64::atan
);
vector_fn!(
    /// `sqrt` over a chunk (correctly rounded, as the scalar instruction: vectorised only).
    oxjit_rt_vsqrt, vsqrt, f64::sqrt, always_fast, f64::sqrt
);
vector_fn!(
    /// `sin` over a chunk.
    oxjit_rt_vsin, vsin, trig::sin_lane, trig::trig_fast, f64::sin
);
vector_fn!(
    /// `cos` over a chunk.
    oxjit_rt_vcos, vcos, trig::cos_lane, trig::trig_fast, f64::cos
);

/// `Σ x[i]` over `n` contiguous doubles in the fixed order of [`reduce`].
///
/// # Safety
/// `x` must be readable for `n` doubles.
pub unsafe extern "C" fn oxjit_rt_vsum(x: *const f64, n: i64) -> f64 {
    unsafe fn base(x: *const f64, n: usize) -> f64 {
        // SAFETY: the caller's contract.
        unsafe { reduce::sum(x, n) }
    }
    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "avx2,fma")]
    unsafe fn avx2(x: *const f64, n: usize) -> f64 {
        // SAFETY: the caller's contract.
        unsafe { reduce::sum(x, n) }
    }
    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "avx512f,avx512dq,avx512vl,avx2,fma")]
    unsafe fn avx512(x: *const f64, n: usize) -> f64 {
        // SAFETY: the caller's contract.
        unsafe { reduce::sum(x, n) }
    }
    let n = n.max(0) as usize;
    // SAFETY: a variant runs only on a CPU with its features (`level`).
    unsafe {
        match level() {
            #[cfg(target_arch = "x86_64")]
            2 => avx512(x, n),
            #[cfg(target_arch = "x86_64")]
            1 => avx2(x, n),
            _ => base(x, n),
        }
    }
}

/// `Σ x[i]·y[i]` over `n` contiguous doubles in the fixed order of [`reduce`].
///
/// # Safety
/// `x` and `y` must be readable for `n` doubles.
pub unsafe extern "C" fn oxjit_rt_vdot(x: *const f64, y: *const f64, n: i64) -> f64 {
    unsafe fn base(x: *const f64, y: *const f64, n: usize) -> f64 {
        // SAFETY: the caller's contract.
        unsafe { reduce::dot(x, y, n) }
    }
    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "avx2,fma")]
    unsafe fn avx2(x: *const f64, y: *const f64, n: usize) -> f64 {
        // SAFETY: the caller's contract.
        unsafe { reduce::dot(x, y, n) }
    }
    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "avx512f,avx512dq,avx512vl,avx2,fma")]
    unsafe fn avx512(x: *const f64, y: *const f64, n: usize) -> f64 {
        // SAFETY: the caller's contract.
        unsafe { reduce::dot(x, y, n) }
    }
    let n = n.max(0) as usize;
    // SAFETY: a variant runs only on a CPU with its features (`level`).
    unsafe {
        match level() {
            #[cfg(target_arch = "x86_64")]
            2 => avx512(x, y, n),
            #[cfg(target_arch = "x86_64")]
            1 => avx2(x, y, n),
            _ => base(x, y, n),
        }
    }
}

/// Every input is in the fast range (a function with no special cases).
#[inline(always)]
fn always_fast(_: f64) -> bool {
    true
}

/// `a + b` as a rounded sum and its exact error (Knuth's two-sum).
#[inline(always)]
fn two_sum(a: f64, b: f64) -> (f64, f64) {
    let s = a + b;
    let bb = s - a;
    (s, (a - (s - bb)) + (b - bb))
}

/// Fast-range round to nearest integer (ties to even) of `|x| < 2^51`, as a float and as its
/// integer (by adding and subtracting 1.5·2^52, whose low mantissa bits then hold it).
#[inline(always)]
fn round_int(x: f64) -> (f64, i64) {
    const SHIFT: f64 = 6755399441055744.0; // 1.5 * 2^52
    let t = x + SHIFT;
    (t - SHIFT, t.to_bits() as i64 - SHIFT.to_bits() as i64)
}

/// `p(x) = c[0] + c[1] x + …` by Horner's rule with fused multiply-adds.
#[inline(always)]
fn horner(x: f64, c: &[f64]) -> f64 {
    let mut acc = c[c.len() - 1];
    for k in (0..c.len() - 1).rev() {
        acc = acc.mul_add(x, c[k]);
    }
    acc
}

#[cfg(test)]
mod tests;

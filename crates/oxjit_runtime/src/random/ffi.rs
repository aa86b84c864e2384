//! The `extern "C"` entry points compiled code calls (declared in `crate::decls`): draws on
//! this thread's stream, scalar or filling an array.

use super::state::*;

/// Converts an FFI length to `usize`, treating negative lengths as empty.
#[inline]
pub(super) fn ffi_len(n: i64) -> usize {
    usize::try_from(n).unwrap_or(0)
}

/// Builds a mutable slice from an FFI pointer/length pair (empty for null or `n <= 0`).
///
/// # Safety
/// Non-null `ptr` must be valid for `n` contiguous, unaliased `T`s.
#[inline]
pub(super) unsafe fn ffi_slice<'a, T>(ptr: *mut T, n: i64) -> &'a mut [T] {
    let len = ffi_len(n);
    if ptr.is_null() || len == 0 {
        return &mut [];
    }
    // SAFETY: guaranteed by the caller.
    unsafe { std::slice::from_raw_parts_mut(ptr, len) }
}

/// Seeds this thread's stream like `numpy.random.seed(seed)`; returns 0 on success, 1 if out of range.
#[no_mangle]
pub extern "C" fn oxjit_rt_random_seed(seed: i64) -> i32 {
    match with_thread_rng(|r| r.seed(seed)) {
        Ok(()) => 0,
        Err(_) => 1,
    }
}

/// `numpy.random.random_sample()` on this thread's stream.
#[no_mangle]
pub extern "C" fn oxjit_rt_random_sample() -> f64 {
    with_thread_rng(RandomState::random_sample)
}

/// `numpy.random.standard_normal()` on this thread's stream.
#[no_mangle]
pub extern "C" fn oxjit_rt_standard_normal() -> f64 {
    with_thread_rng(RandomState::standard_normal)
}

/// `numpy.random.normal(loc, scale)` on this thread's stream (no scale check).
#[no_mangle]
pub extern "C" fn oxjit_rt_normal(loc: f64, scale: f64) -> f64 {
    with_thread_rng(|r| r.normal(loc, scale))
}

/// `numpy.random.uniform(low, high)` on this thread's stream (no range check).
#[no_mangle]
pub extern "C" fn oxjit_rt_uniform(low: f64, high: f64) -> f64 {
    with_thread_rng(|r| r.uniform(low, high))
}

/// `numpy.random.exponential(scale)` on this thread's stream (no scale check).
#[no_mangle]
pub extern "C" fn oxjit_rt_exponential(scale: f64) -> f64 {
    with_thread_rng(|r| r.exponential(scale))
}

/// `numpy.random.randint(low, high)` on this thread's stream; returns `low` if `low >= high`.
#[no_mangle]
pub extern "C" fn oxjit_rt_randint(low: i64, high: i64) -> i64 {
    with_thread_rng(|r| r.randint(low, high))
}

/// `numpy.random.random_sample(size=n)` into `out[0..n]`.
///
/// # Safety
/// `out` must be null or valid for `n` contiguous `f64` writes.
#[no_mangle]
pub unsafe extern "C" fn oxjit_rt_fill_random_sample(out: *mut f64, n: i64) {
    // SAFETY: forwarded caller contract.
    let out = unsafe { ffi_slice(out, n) };
    with_thread_rng(|r| r.fill_random_sample(out));
}

/// `numpy.random.standard_normal(size=n)` into `out[0..n]`.
///
/// # Safety
/// `out` must be null or valid for `n` contiguous `f64` writes.
#[no_mangle]
pub unsafe extern "C" fn oxjit_rt_fill_standard_normal(out: *mut f64, n: i64) {
    // SAFETY: forwarded caller contract.
    let out = unsafe { ffi_slice(out, n) };
    with_thread_rng(|r| r.fill_standard_normal(out));
}

/// `numpy.random.normal(loc, scale, size=n)` into `out[0..n]`.
///
/// # Safety
/// `out` must be null or valid for `n` contiguous `f64` writes.
#[no_mangle]
pub unsafe extern "C" fn oxjit_rt_fill_normal(out: *mut f64, n: i64, loc: f64, scale: f64) {
    // SAFETY: forwarded caller contract.
    let out = unsafe { ffi_slice(out, n) };
    with_thread_rng(|r| r.fill_normal(out, loc, scale));
}

/// `numpy.random.uniform(low, high, size=n)` into `out[0..n]`.
///
/// # Safety
/// `out` must be null or valid for `n` contiguous `f64` writes.
#[no_mangle]
pub unsafe extern "C" fn oxjit_rt_fill_uniform(out: *mut f64, n: i64, low: f64, high: f64) {
    // SAFETY: forwarded caller contract.
    let out = unsafe { ffi_slice(out, n) };
    with_thread_rng(|r| r.fill_uniform(out, low, high));
}

/// `numpy.random.exponential(scale, size=n)` into `out[0..n]`.
///
/// # Safety
/// `out` must be null or valid for `n` contiguous `f64` writes.
#[no_mangle]
pub unsafe extern "C" fn oxjit_rt_fill_exponential(out: *mut f64, n: i64, scale: f64) {
    // SAFETY: forwarded caller contract.
    let out = unsafe { ffi_slice(out, n) };
    with_thread_rng(|r| r.fill_exponential(out, scale));
}

/// `numpy.random.randint(low, high, size=n)` into `out[0..n]`; fills `low` if `low >= high`.
///
/// # Safety
/// `out` must be null or valid for `n` contiguous `i64` writes.
#[no_mangle]
pub unsafe extern "C" fn oxjit_rt_fill_randint(out: *mut i64, n: i64, low: i64, high: i64) {
    // SAFETY: forwarded caller contract.
    let out = unsafe { ffi_slice(out, n) };
    with_thread_rng(|r| r.fill_randint(out, low, high));
}

/// `numpy.random.shuffle(x)` for a 1-D float64 array of `n` items `stride_bytes` apart.
///
/// # Safety
/// `data` must be null or valid for reads/writes of an `f64` at `data + i * stride_bytes`
/// for every `i < n`.
#[no_mangle]
pub unsafe extern "C" fn oxjit_rt_shuffle_f64(data: *mut f64, n: i64, stride_bytes: i64) {
    let (Ok(n), Ok(stride)) = (usize::try_from(n), isize::try_from(stride_bytes)) else {
        return;
    };
    if data.is_null() {
        return;
    }
    // SAFETY: forwarded caller contract.
    with_thread_rng(|r| unsafe { r.shuffle_strided::<f64>(data.cast(), n, stride) });
}

/// `numpy.random.shuffle(x)` for a 1-D int64 array of `n` items `stride_bytes` apart.
///
/// # Safety
/// `data` must be null or valid for reads/writes of an `i64` at `data + i * stride_bytes`
/// for every `i < n`.
#[no_mangle]
pub unsafe extern "C" fn oxjit_rt_shuffle_i64(data: *mut i64, n: i64, stride_bytes: i64) {
    let (Ok(n), Ok(stride)) = (usize::try_from(n), isize::try_from(stride_bytes)) else {
        return;
    };
    if data.is_null() {
        return;
    }
    // SAFETY: forwarded caller contract.
    with_thread_rng(|r| unsafe { r.shuffle_strided::<i64>(data.cast(), n, stride) });
}

/// `numpy.random.permutation(n)` into `out[0..n]`.
///
/// # Safety
/// `out` must be null or valid for `n` contiguous `i64` writes.
#[no_mangle]
pub unsafe extern "C" fn oxjit_rt_permutation(out: *mut i64, n: i64) {
    // SAFETY: forwarded caller contract.
    let out = unsafe { ffi_slice(out, n) };
    with_thread_rng(|r| r.fill_permutation(out));
}

/// `numpy.random.shuffle(x)` for an array of any dtype and dimension: permutes the
/// sub-arrays along the first axis with the legacy draw sequence (`random_interval(i)` for `i`
/// from `n - 1` down to 1), swapping element by element through the strides.
///
/// # Safety
/// `shape` and `strides` hold `ndim >= 1` values describing a valid array at `data` whose items
/// are `itemsize` bytes.
pub unsafe extern "C" fn oxjit_rt_shuffle_nd(
    data: *mut u8,
    ndim: i64,
    shape: *const i64,
    strides: *const i64,
    itemsize: i64,
) {
    if data.is_null() || ndim < 1 || shape.is_null() || strides.is_null() {
        return;
    }
    // SAFETY: by the contract.
    let (shape, strides) = unsafe {
        (
            std::slice::from_raw_parts(shape, ndim as usize),
            std::slice::from_raw_parts(strides, ndim as usize),
        )
    };
    let n = shape[0].max(0) as u64;
    let inner_shape = &shape[1..];
    let inner_strides = &strides[1..];
    let inner: i64 = inner_shape.iter().product();
    let k = itemsize.clamp(1, 16) as usize;
    with_thread_rng(|r| {
        for i in (1..n).rev() {
            let j = r.random_interval(i);
            if i == j {
                continue;
            }
            let mut idx = vec![0i64; inner_shape.len()];
            for _ in 0..inner.max(0) {
                let off: i64 = idx.iter().zip(inner_strides).map(|(a, b)| a * b).sum();
                // SAFETY: both sub-array elements are inside the array.
                unsafe {
                    let pi = data.offset((i as i64 * strides[0] + off) as isize);
                    let pj = data.offset((j as i64 * strides[0] + off) as isize);
                    std::ptr::swap_nonoverlapping(pi, pj, k);
                }
                for ax in (0..idx.len()).rev() {
                    idx[ax] += 1;
                    if idx[ax] < inner_shape[ax] {
                        break;
                    }
                    idx[ax] = 0;
                }
            }
        }
    });
}

/// Entry points drawing one value on this thread's stream, and the `size=` form filling
/// `out[0..n]` in order.
macro_rules! draws {
    ($($(#[$doc:meta])* $scalar:ident, $fill:ident ($($a:ident: $t:ty),*) -> $r:ty = |$s:ident| $e:expr;)*) => {$(
        $(#[$doc])*
        #[no_mangle]
        pub extern "C" fn $scalar($($a: $t),*) -> $r {
            with_thread_rng(|$s| $e)
        }
        $(#[$doc])*
        /// with `size`: `n` draws into `out[0..n]`, in order.
        ///
        /// # Safety
        /// `out` must be null or valid for `n` contiguous writes.
        #[no_mangle]
        pub unsafe extern "C" fn $fill(out: *mut $r, n: i64 $(, $a: $t)*) {
            // SAFETY: forwarded caller contract.
            let out = unsafe { ffi_slice(out, n) };
            with_thread_rng(|$s| {
                for o in out {
                    *o = $e;
                }
            });
        }
    )*};
}

draws! {
    /// `numpy.random.gamma(shape, scale)` (parameters checked by the caller)
    oxjit_rt_legacy_gamma, oxjit_rt_legacy_fill_gamma (shape: f64, scale: f64) -> f64 = |r| r.gamma(shape, scale);
    /// `numpy.random.standard_gamma(shape)` (parameters checked by the caller)
    oxjit_rt_legacy_standard_gamma, oxjit_rt_legacy_fill_standard_gamma (shape: f64) -> f64 = |r| r.standard_gamma(shape);
    /// `numpy.random.beta(a, b)` (parameters checked by the caller)
    oxjit_rt_legacy_beta, oxjit_rt_legacy_fill_beta (a: f64, b: f64) -> f64 = |r| r.beta(a, b);
    /// `numpy.random.poisson(lam)` (parameters checked by the caller)
    oxjit_rt_legacy_poisson, oxjit_rt_legacy_fill_poisson (lam: f64) -> i64 = |r| r.poisson(lam);
    /// `numpy.random.binomial(n, p)` (parameters checked by the caller)
    oxjit_rt_legacy_binomial, oxjit_rt_legacy_fill_binomial (n_trials: i64, p: f64) -> i64 = |r| r.binomial(n_trials, p);
}

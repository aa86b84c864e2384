//! The `extern "C"` entry points of `numpy.random.Generator` objects (declared in
//! `crate::decls`): `default_rng(seed)` makes a reference-counted object (a `MemInfo` whose
//! data is a boxed [`Pcg64`], `Type::Generator` in the compiler); each method draws from it,
//! one value or filling an array in order. Argument checks (`scale < 0`, `low >= high`, ...)
//! are made by compiled code before the call, with NumPy's messages.

use super::ffi::ffi_slice;
use super::pcg64::Pcg64;
use crate::memory::{new_object, MemInfo};

unsafe fn free_generator(data: *mut u8) {
    // SAFETY: `data` is the box made by `oxjit_rt_gen_new`.
    drop(unsafe { Box::from_raw(data.cast::<Pcg64>()) });
}

/// The generator behind an object pointer.
///
/// # Safety
/// `g` is a live object from [`oxjit_rt_gen_new`], used by one thread at a time.
pub(super) unsafe fn gen<'a>(g: *mut MemInfo) -> &'a mut Pcg64 {
    // SAFETY: guaranteed by the caller.
    unsafe { &mut *(*g).data.cast::<Pcg64>() }
}

/// `numpy.random.default_rng(seed)` for `seed >= 0` (checked by the caller): a new object
/// with one reference.
#[no_mangle]
pub extern "C" fn oxjit_rt_gen_new(seed: i64) -> *mut MemInfo {
    let g = Box::new(Pcg64::from_seed(seed as u64));
    new_object(Box::into_raw(g).cast(), free_generator)
}

macro_rules! draws {
    ($($(#[$doc:meta])* $scalar:ident, $fill:ident ($($a:ident: $t:ty),*) -> $r:ty = |$g:ident| $e:expr;)*) => {$(
        $(#[$doc])*
        ///
        /// # Safety
        /// `g` is a live generator object.
        #[no_mangle]
        pub unsafe extern "C" fn $scalar(g: *mut MemInfo $(, $a: $t)*) -> $r {
            // SAFETY: forwarded caller contract.
            let $g = unsafe { gen(g) };
            $e
        }
        $(#[$doc])*
        /// with `size`: `n` draws into `out[0..n]`, in order.
        ///
        /// # Safety
        /// `g` is a live generator object; `out` is null or valid for `n` writes.
        #[no_mangle]
        pub unsafe extern "C" fn $fill(g: *mut MemInfo, out: *mut $r, n: i64 $(, $a: $t)*) {
            // SAFETY: forwarded caller contract.
            let ($g, out) = unsafe { (gen(g), ffi_slice(out, n)) };
            for o in out {
                *o = $e;
            }
        }
    )*};
}

draws! {
    /// `Generator.random()`
    oxjit_rt_gen_random, oxjit_rt_gen_fill_random () -> f64 = |r| r.next_double();
    /// `Generator.standard_normal()`
    oxjit_rt_gen_standard_normal, oxjit_rt_gen_fill_standard_normal () -> f64 = |r| r.standard_normal();
    /// `Generator.normal(loc, scale)`
    oxjit_rt_gen_normal, oxjit_rt_gen_fill_normal (loc: f64, scale: f64) -> f64 = |r| r.gen_normal(loc, scale);
    /// `Generator.uniform(low, low + range)`
    oxjit_rt_gen_uniform, oxjit_rt_gen_fill_uniform (low: f64, range: f64) -> f64 = |r| r.gen_uniform(low, range);
    /// `Generator.exponential(scale)`
    oxjit_rt_gen_exponential, oxjit_rt_gen_fill_exponential (scale: f64) -> f64 = |r| r.gen_exponential(scale);
    /// `Generator.gamma(shape, scale)`
    oxjit_rt_gen_gamma, oxjit_rt_gen_fill_gamma (shape: f64, scale: f64) -> f64 = |r| r.gen_gamma(shape, scale);
    /// `Generator.standard_gamma(shape)`
    oxjit_rt_gen_standard_gamma, oxjit_rt_gen_fill_standard_gamma (shape: f64) -> f64 = |r| r.standard_gamma(shape);
    /// `Generator.chisquare(df)` (`random_chisquare`)
    oxjit_rt_gen_chisquare, oxjit_rt_gen_fill_chisquare (df: f64) -> f64 = |r| 2.0 * r.standard_gamma(df / 2.0);
    /// `Generator.lognormal(mean, sigma)` (`random_lognormal`)
    oxjit_rt_gen_lognormal, oxjit_rt_gen_fill_lognormal (mean: f64, sigma: f64) -> f64 = |r| r.gen_normal(mean, sigma).exp();
    /// `Generator.beta(a, b)`
    oxjit_rt_gen_beta, oxjit_rt_gen_fill_beta (a: f64, b: f64) -> f64 = |r| r.gen_beta(a, b);
    /// `Generator.poisson(lam)`
    oxjit_rt_gen_poisson, oxjit_rt_gen_fill_poisson (lam: f64) -> i64 = |r| r.gen_poisson(lam);
    /// `Generator.binomial(n, p)`
    oxjit_rt_gen_binomial, oxjit_rt_gen_fill_binomial (n: i64, p: f64) -> i64 = |r| r.gen_binomial(n, p);
}

/// `Generator.integers(low, high)` for `low < high` (checked by the caller).
///
/// # Safety
/// `g` is a live generator object.
#[no_mangle]
pub unsafe extern "C" fn oxjit_rt_gen_integers(g: *mut MemInfo, low: i64, high: i64) -> i64 {
    // SAFETY: forwarded caller contract.
    unsafe { gen(g) }.integer(low, high)
}

/// `Generator.integers(low, high, size)` into `out[0..n]` for `low < high`.
///
/// # Safety
/// `g` is a live generator object; `out` is null or valid for `n` writes.
#[no_mangle]
pub unsafe extern "C" fn oxjit_rt_gen_fill_integers(
    g: *mut MemInfo,
    out: *mut i64,
    n: i64,
    low: i64,
    high: i64,
) {
    // SAFETY: forwarded caller contract; i64 and u64 have one layout.
    let (r, out) = unsafe { (gen(g), ffi_slice(out.cast::<u64>(), n)) };
    r.fill_bounded(
        low as u64,
        high.wrapping_sub(low).wrapping_sub(1) as u64,
        out,
    );
}

/// `Generator.shuffle(x)` of a 1-d array: `n` items of `itemsize` bytes, `stride` bytes apart.
///
/// # Safety
/// `g` is a live generator object; `data` is valid for the items.
#[no_mangle]
pub unsafe extern "C" fn oxjit_rt_gen_shuffle(
    g: *mut MemInfo,
    data: *mut u8,
    n: i64,
    stride: i64,
    itemsize: i64,
) {
    // SAFETY: forwarded caller contract.
    unsafe { gen(g).shuffle_raw(data, n, stride, itemsize as usize) };
}

/// `Generator.permutation(n)` into `out[0..n]`: `arange(n)`, then shuffled.
///
/// # Safety
/// `g` is a live generator object; `out` is null or valid for `n` writes.
#[no_mangle]
pub unsafe extern "C" fn oxjit_rt_gen_permutation(g: *mut MemInfo, out: *mut i64, n: i64) {
    // SAFETY: forwarded caller contract.
    let (r, o) = unsafe { (gen(g), ffi_slice(out, n)) };
    for (i, v) in o.iter_mut().enumerate() {
        *v = i as i64;
    }
    // SAFETY: `o` holds `n` contiguous int64s.
    unsafe { r.shuffle_raw(o.as_mut_ptr().cast(), o.len() as i64, 8, 8) };
}

//! Bit-exact reimplementation of NumPy's legacy `numpy.random.RandomState`.
//!
//! Every generator here reproduces, draw for draw, what NumPy (checked against
//! NumPy 2.4 on x86-64) returns for the same seed:
//!
//! * [`Mt19937`]: the Mersenne Twister of `numpy/random/src/mt19937/mt19937.c`
//!   — `mt19937_seed` (reference `init_genrand`), `mt19937_init_by_array`,
//!   `mt19937_gen`, `mt19937_next32`, `mt19937_next64` (high word drawn first)
//!   and `mt19937_next_double` (53-bit double from two 32-bit draws), seeded
//!   as `MT19937._legacy_seeding` does for `numpy.random.seed(int)` and
//!   `numpy.random.seed(array)`.
//! * [`RandomState`]: the generator plus the legacy gauss cache
//!   (`aug_bitgen_t.has_gauss` / `gauss`), with
//!   - `random_sample`      ← `random_standard_uniform` / `next_double`,
//!   - `standard_normal`    ← `legacy_gauss` (polar Box–Muller, caches the
//!     second variate),
//!   - `normal`             ← `legacy_normal` (`loc + scale * legacy_gauss`),
//!   - `uniform`            ← `random_uniform` (`low + (high - low) * u`),
//!   - `standard_exponential` / `exponential` ← `legacy_standard_exponential` /
//!     `legacy_exponential` (`-log(1 - u)`, times `scale`),
//!   - `randint`            ← `RandomState.randint` with the default `int64`
//!     dtype, i.e. `_rand_int64` → `random_bounded_uint64_fill` with
//!     `use_masked=True` (masked rejection; 32-bit draws when the range fits
//!     in 32 bits, the scalar and array forms consume the stream identically),
//!   - `shuffle` / `permutation` ← `RandomState.shuffle` (`_shuffle_raw`, a
//!     Fisher–Yates pass driven by `random_interval`) and
//!     `RandomState.permutation(int)` (`arange` then `shuffle`),
//!   - `choice`             ← `RandomState.choice(int, size)` with
//!     `replace=True, p=None`, which is `randint(0, a, size)`.
//! * A per-thread stream ([`with_thread_rng`]) and `extern "C"` entry points
//!   (`oxjit_rt_*`) for compiled code.
//!
//! Floating-point steps are written in the same order as NumPy's C code, and
//! `f64::ln` / `f64::sqrt` go to the same libm as NumPy, so results are
//! bit-identical rather than merely close.

use std::cell::Cell;
use std::hash::{BuildHasher, Hasher};
use std::sync::atomic::{AtomicU64, Ordering};

/// Number of 32-bit words in the MT19937 state.
pub const MT_STATE_LEN: usize = 624;
const MT_SHIFT: usize = 397;
const MATRIX_A: u32 = 0x9908_b0df;
const UPPER_MASK: u32 = 0x8000_0000;
const LOWER_MASK: u32 = 0x7fff_ffff;

/// NumPy's error message for a seed outside `[0, 2**32 - 1]`.
pub const SEED_RANGE_ERROR: &str = "Seed must be between 0 and 2**32 - 1";

/// Validates an integer seed like `MT19937._legacy_seeding` and narrows it.
fn seed_to_u32(seed: i64) -> Result<u32, String> {
    u32::try_from(seed).map_err(|_| SEED_RANGE_ERROR.to_string())
}

/// Smallest all-ones bit mask covering `max` (NumPy's `gen_mask`).
#[inline]
fn gen_mask(max: u64) -> u64 {
    let mut mask = max;
    mask |= mask >> 1;
    mask |= mask >> 2;
    mask |= mask >> 4;
    mask |= mask >> 8;
    mask |= mask >> 16;
    mask |= mask >> 32;
    mask
}

/// The MT19937 bit generator with NumPy's legacy seeding.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Mt19937 {
    key: [u32; MT_STATE_LEN],
    pos: usize,
}

impl Mt19937 {
    /// Creates a generator seeded like `numpy.random.seed(seed)`.
    pub fn new(seed: u32) -> Self {
        let mut mt = Mt19937 {
            key: [0; MT_STATE_LEN],
            pos: MT_STATE_LEN,
        };
        mt.init_genrand(seed);
        mt
    }

    /// Seeds from an integer like `numpy.random.seed(int)`; rejects seeds outside `[0, 2**32)`.
    pub fn seed(&mut self, seed: i64) -> Result<(), String> {
        let s = seed_to_u32(seed)?;
        self.init_genrand(s);
        Ok(())
    }

    /// Seeds from a 1-D integer sequence like `numpy.random.seed(array)` (`init_by_array`).
    pub fn seed_by_array(&mut self, key: &[i64]) -> Result<(), String> {
        if key.is_empty() {
            return Err("Seed must be non-empty".to_string());
        }
        let words = key
            .iter()
            .map(|&k| seed_to_u32(k))
            .collect::<Result<Vec<u32>, String>>()?;
        self.init_by_array(&words);
        Ok(())
    }

    /// Reference `init_genrand` (NumPy's `mt19937_seed`).
    pub fn init_genrand(&mut self, seed: u32) {
        let mut s = seed;
        for (pos, slot) in self.key.iter_mut().enumerate() {
            *slot = s;
            s = 1_812_433_253u32
                .wrapping_mul(s ^ (s >> 30))
                .wrapping_add(pos as u32 + 1);
        }
        self.pos = MT_STATE_LEN;
    }

    /// Reference `init_by_array` (NumPy's `mt19937_init_by_array`); an empty key acts as `[0]`.
    pub fn init_by_array(&mut self, init_key: &[u32]) {
        let zero = [0u32];
        let init_key = if init_key.is_empty() {
            &zero[..]
        } else {
            init_key
        };
        self.init_genrand(19_650_218);
        let mt = &mut self.key;
        let mut i = 1usize;
        let mut j = 0usize;
        let mut k = MT_STATE_LEN.max(init_key.len());
        while k > 0 {
            let prev = mt[i - 1] ^ (mt[i - 1] >> 30);
            mt[i] = (mt[i] ^ prev.wrapping_mul(1_664_525))
                .wrapping_add(init_key[j])
                .wrapping_add(j as u32);
            i += 1;
            j += 1;
            if i >= MT_STATE_LEN {
                mt[0] = mt[MT_STATE_LEN - 1];
                i = 1;
            }
            if j >= init_key.len() {
                j = 0;
            }
            k -= 1;
        }
        k = MT_STATE_LEN - 1;
        while k > 0 {
            let prev = mt[i - 1] ^ (mt[i - 1] >> 30);
            mt[i] = (mt[i] ^ prev.wrapping_mul(1_566_083_941)).wrapping_sub(i as u32);
            i += 1;
            if i >= MT_STATE_LEN {
                mt[0] = mt[MT_STATE_LEN - 1];
                i = 1;
            }
            k -= 1;
        }
        mt[0] = 0x8000_0000;
        self.pos = MT_STATE_LEN;
    }

    /// The raw key words, as in `get_state()[1]`.
    pub fn key(&self) -> &[u32; MT_STATE_LEN] {
        &self.key
    }

    /// The position in the key, as in `get_state()[2]`.
    pub fn pos(&self) -> usize {
        self.pos
    }

    /// Builds a generator from `get_state()`-style key words and position (`pos <= 624`).
    pub fn from_state(key: &[u32; MT_STATE_LEN], pos: usize) -> Result<Self, String> {
        if pos > MT_STATE_LEN {
            return Err("state position must be between 0 and 624".to_string());
        }
        Ok(Mt19937 { key: *key, pos })
    }

    /// Regenerates the whole key block (NumPy's `mt19937_gen`).
    fn generate(&mut self) {
        #[inline(always)]
        fn twist(a: u32, b: u32, far: u32) -> u32 {
            let y = (a & UPPER_MASK) | (b & LOWER_MASK);
            far ^ (y >> 1) ^ ((y & 1).wrapping_neg() & MATRIX_A)
        }
        let mt = &mut self.key;
        for i in 0..MT_STATE_LEN - MT_SHIFT {
            mt[i] = twist(mt[i], mt[i + 1], mt[i + MT_SHIFT]);
        }
        for i in MT_STATE_LEN - MT_SHIFT..MT_STATE_LEN - 1 {
            mt[i] = twist(mt[i], mt[i + 1], mt[i + MT_SHIFT - MT_STATE_LEN]);
        }
        mt[MT_STATE_LEN - 1] = twist(mt[MT_STATE_LEN - 1], mt[0], mt[MT_SHIFT - 1]);
        self.pos = 0;
    }

    /// Next tempered 32-bit output (`mt19937_next32`).
    #[inline]
    pub fn next_u32(&mut self) -> u32 {
        if self.pos >= MT_STATE_LEN {
            self.generate();
        }
        let mut y = self.key[self.pos];
        self.pos += 1;
        y ^= y >> 11;
        y ^= (y << 7) & 0x9d2c_5680;
        y ^= (y << 15) & 0xefc6_0000;
        y ^ (y >> 18)
    }

    /// Next 64-bit output: high word drawn first (`mt19937_next64`).
    #[inline]
    pub fn next_u64(&mut self) -> u64 {
        let hi = u64::from(self.next_u32());
        let lo = u64::from(self.next_u32());
        (hi << 32) | lo
    }

    /// Next double in `[0, 1)` with 53 random bits (`mt19937_next_double`).
    #[inline]
    pub fn next_f64(&mut self) -> f64 {
        let a = self.next_u32() >> 5;
        let b = self.next_u32() >> 6;
        (f64::from(a) * 67_108_864.0 + f64::from(b)) / 9_007_199_254_740_992.0
    }
}

/// Returns NumPy's error for `randint(low, high)` bounds, if any (`"low >= high"`).
pub fn check_randint_bounds(low: i64, high: i64) -> Result<(), String> {
    if low >= high {
        Err("low >= high".to_string())
    } else {
        Ok(())
    }
}

/// Returns NumPy's error for a `scale` argument (negative incl. `-0.0`, NaN allowed): `"scale < 0"`.
pub fn check_scale(scale: f64) -> Result<(), String> {
    if !scale.is_nan() && scale.is_sign_negative() {
        Err("scale < 0".to_string())
    } else {
        Ok(())
    }
}

/// Returns NumPy's error for `uniform(low, high)` when `high - low` is not finite.
pub fn check_uniform_range(low: f64, high: f64) -> Result<(), String> {
    if (high - low).is_finite() {
        Ok(())
    } else {
        Err("Range exceeds valid bounds".to_string())
    }
}

/// Precomputed parameters of one `random_bounded_uint64_fill` call.
#[derive(Clone, Copy)]
struct Bounded {
    off: u64,
    rng: u64,
    mask: u64,
}

impl Bounded {
    /// Parameters for `randint(low, high)` (`high` exclusive, requires `low < high`).
    #[inline]
    fn new(low: i64, high: i64) -> Self {
        // rng = (high - 1) - low, computed modulo 2**64 exactly as NumPy's uint64 cast.
        let rng = (high.wrapping_sub(1)).wrapping_sub(low) as u64;
        Bounded {
            off: low as u64,
            rng,
            mask: gen_mask(rng),
        }
    }

    /// One draw, consuming the stream as one iteration of `random_bounded_uint64_fill`.
    #[inline]
    fn draw(&self, mt: &mut Mt19937) -> i64 {
        let val = if self.rng == 0 {
            0
        } else if self.rng <= 0xffff_ffff {
            if self.rng == 0xffff_ffff {
                u64::from(mt.next_u32())
            } else {
                // buffered_bounded_masked_uint32: plain 32-bit draws, no buffering.
                let mask = self.mask as u32;
                let rng = self.rng as u32;
                loop {
                    let v = mt.next_u32() & mask;
                    if v <= rng {
                        break u64::from(v);
                    }
                }
            }
        } else if self.rng == u64::MAX {
            mt.next_u64()
        } else {
            loop {
                let v = mt.next_u64() & self.mask;
                if v <= self.rng {
                    break v;
                }
            }
        };
        self.off.wrapping_add(val) as i64
    }
}

/// NumPy's legacy `RandomState`: MT19937 plus the cached second gaussian.
#[derive(Clone, Debug, PartialEq)]
pub struct RandomState {
    mt: Mt19937,
    has_gauss: bool,
    gauss: f64,
}

impl Default for RandomState {
    /// Same as [`RandomState::from_entropy`].
    fn default() -> Self {
        Self::from_entropy()
    }
}

impl RandomState {
    /// Creates a state like `numpy.random.RandomState(seed)` for an integer seed.
    pub fn new(seed: u32) -> Self {
        RandomState {
            mt: Mt19937::new(seed),
            has_gauss: false,
            gauss: 0.0,
        }
    }

    /// Creates a state from an `i64` seed, failing like NumPy outside `[0, 2**32)`.
    pub fn from_seed(seed: i64) -> Result<Self, String> {
        Ok(Self::new(seed_to_u32(seed)?))
    }

    /// Creates a state seeded from process/thread entropy (not reproducible).
    pub fn from_entropy() -> Self {
        let mut st = Self::new(0);
        st.mt.init_by_array(&entropy_words());
        st
    }

    /// Re-seeds like `RandomState.seed(int)`, also clearing the gauss cache.
    pub fn seed(&mut self, seed: i64) -> Result<(), String> {
        self.mt.seed(seed)?;
        self.reset_gauss();
        Ok(())
    }

    /// Re-seeds like `RandomState.seed(array_of_ints)`, also clearing the gauss cache.
    pub fn seed_by_array(&mut self, key: &[i64]) -> Result<(), String> {
        self.mt.seed_by_array(key)?;
        self.reset_gauss();
        Ok(())
    }

    /// Restores a state like `RandomState.set_state(('MT19937', key, pos, has_gauss, gauss))`.
    pub fn from_state(
        key: &[u32; MT_STATE_LEN],
        pos: usize,
        has_gauss: bool,
        gauss: f64,
    ) -> Result<Self, String> {
        Ok(RandomState {
            mt: Mt19937::from_state(key, pos)?,
            has_gauss,
            gauss,
        })
    }

    /// The cached gaussian as in `get_state()[3:5]`: `Some(value)` when `has_gauss`.
    pub fn cached_gauss(&self) -> Option<f64> {
        self.has_gauss.then_some(self.gauss)
    }

    /// Shared access to the underlying bit generator.
    pub fn bit_generator(&self) -> &Mt19937 {
        &self.mt
    }

    /// Mutable access to the underlying bit generator.
    pub fn bit_generator_mut(&mut self) -> &mut Mt19937 {
        &mut self.mt
    }

    fn reset_gauss(&mut self) {
        self.has_gauss = false;
        self.gauss = 0.0;
    }

    /// `RandomState.random_sample()`: a double in `[0, 1)`.
    #[inline]
    pub fn random_sample(&mut self) -> f64 {
        self.mt.next_f64()
    }

    /// `RandomState.standard_normal()` (`legacy_gauss`, polar method with cache).
    #[inline]
    pub fn standard_normal(&mut self) -> f64 {
        if self.has_gauss {
            let cached = self.gauss;
            self.reset_gauss();
            return cached;
        }
        let (x1, x2, r2) = loop {
            let x1 = 2.0 * self.mt.next_f64() - 1.0;
            let x2 = 2.0 * self.mt.next_f64() - 1.0;
            let r2 = x1 * x1 + x2 * x2;
            if r2 < 1.0 && r2 != 0.0 {
                break (x1, x2, r2);
            }
        };
        let f = (-2.0 * r2.ln() / r2).sqrt();
        self.gauss = f * x1;
        self.has_gauss = true;
        f * x2
    }

    /// `RandomState.normal(loc, scale)` (`legacy_normal`); see [`check_scale`] for validation.
    #[inline]
    pub fn normal(&mut self, loc: f64, scale: f64) -> f64 {
        loc + scale * self.standard_normal()
    }

    /// `RandomState.uniform(low, high)` (`low + (high - low) * u`); see [`check_uniform_range`].
    #[inline]
    pub fn uniform(&mut self, low: f64, high: f64) -> f64 {
        let range = high - low;
        low + range * self.mt.next_f64()
    }

    /// `RandomState.standard_exponential()` (`-log(1 - u)`).
    #[inline]
    pub fn standard_exponential(&mut self) -> f64 {
        -(1.0 - self.mt.next_f64()).ln()
    }

    /// `RandomState.exponential(scale)` (`scale * standard_exponential`); see [`check_scale`].
    #[inline]
    pub fn exponential(&mut self, scale: f64) -> f64 {
        scale * self.standard_exponential()
    }

    /// `RandomState.randint(low, high)` for int64; if `low >= high` returns `low` without drawing.
    #[inline]
    pub fn randint(&mut self, low: i64, high: i64) -> i64 {
        if low >= high {
            return low;
        }
        Bounded::new(low, high).draw(&mut self.mt)
    }

    /// `RandomState.randint(low, high)` with NumPy's `"low >= high"` error.
    pub fn try_randint(&mut self, low: i64, high: i64) -> Result<i64, String> {
        check_randint_bounds(low, high)?;
        Ok(self.randint(low, high))
    }

    /// NumPy's `random_interval(max)`: uniform integer in `[0, max]` by masked rejection.
    #[inline]
    pub fn random_interval(&mut self, max: u64) -> u64 {
        if max == 0 {
            return 0;
        }
        let mask = gen_mask(max);
        if max <= 0xffff_ffff {
            loop {
                let v = u64::from(self.mt.next_u32()) & mask;
                if v <= max {
                    return v;
                }
            }
        }
        loop {
            let v = self.mt.next_u64() & mask;
            if v <= max {
                return v;
            }
        }
    }

    /// `RandomState.shuffle(x)` for a 1-D array, in place.
    pub fn shuffle<T>(&mut self, x: &mut [T]) {
        for i in (1..x.len()).rev() {
            let j = self.random_interval(i as u64) as usize;
            x.swap(i, j);
        }
    }

    /// `shuffle` over `n` elements of type `T` starting at `data`, `stride` bytes apart.
    ///
    /// # Safety
    /// For every `i < n`, `data + i * stride` must be valid for reads and writes of a `T`
    /// (alignment not required) and not aliased elsewhere during the call.
    pub unsafe fn shuffle_strided<T: Copy>(&mut self, data: *mut u8, n: usize, stride: isize) {
        for i in (1..n).rev() {
            let j = self.random_interval(i as u64) as usize;
            if i == j {
                continue;
            }
            // SAFETY: i, j < n, so both addresses are valid per the caller's contract.
            unsafe {
                let pi = data.offset((i as isize).wrapping_mul(stride)).cast::<T>();
                let pj = data.offset((j as isize).wrapping_mul(stride)).cast::<T>();
                let vi = pi.read_unaligned();
                let vj = pj.read_unaligned();
                pi.write_unaligned(vj);
                pj.write_unaligned(vi);
            }
        }
    }

    /// `RandomState.permutation(n)` (`arange(n)` then `shuffle`).
    pub fn permutation(&mut self, n: usize) -> Vec<i64> {
        let mut out = vec![0; n];
        self.fill_permutation(&mut out);
        out
    }

    /// Writes `RandomState.permutation(out.len())` into `out`.
    pub fn fill_permutation(&mut self, out: &mut [i64]) {
        for (i, v) in out.iter_mut().enumerate() {
            *v = i as i64;
        }
        self.shuffle(out);
    }

    /// `RandomState.choice(a_len, size)` (with replacement, uniform) = `randint(0, a_len, size)`.
    pub fn choice(&mut self, a_len: i64, size: usize) -> Result<Vec<i64>, String> {
        let mut out = vec![0; size];
        self.fill_choice(a_len, &mut out)?;
        Ok(out)
    }

    /// Fills `out` like `RandomState.choice(a_len, size=out.len())` (with replacement, uniform).
    pub fn fill_choice(&mut self, a_len: i64, out: &mut [i64]) -> Result<(), String> {
        if out.is_empty() {
            return Ok(());
        }
        if a_len <= 0 {
            return Err("a must be greater than 0 unless no samples are taken".to_string());
        }
        self.fill_randint(out, 0, a_len);
        Ok(())
    }

    /// `RandomState.random_sample(size=n)` written into `out`.
    pub fn fill_random_sample(&mut self, out: &mut [f64]) {
        for v in out {
            *v = self.mt.next_f64();
        }
    }

    /// `RandomState.standard_normal(size=n)` written into `out`.
    pub fn fill_standard_normal(&mut self, out: &mut [f64]) {
        for v in out {
            *v = self.standard_normal();
        }
    }

    /// `RandomState.normal(loc, scale, size=n)` written into `out`.
    pub fn fill_normal(&mut self, out: &mut [f64], loc: f64, scale: f64) {
        for v in out {
            *v = self.normal(loc, scale);
        }
    }

    /// `RandomState.uniform(low, high, size=n)` written into `out`.
    pub fn fill_uniform(&mut self, out: &mut [f64], low: f64, high: f64) {
        for v in out {
            *v = self.uniform(low, high);
        }
    }

    /// `RandomState.standard_exponential(size=n)` written into `out`.
    pub fn fill_standard_exponential(&mut self, out: &mut [f64]) {
        for v in out {
            *v = self.standard_exponential();
        }
    }

    /// `RandomState.exponential(scale, size=n)` written into `out`.
    pub fn fill_exponential(&mut self, out: &mut [f64], scale: f64) {
        for v in out {
            *v = self.exponential(scale);
        }
    }

    /// `RandomState.randint(low, high, size=n)` into `out`; `low >= high` fills with `low`.
    pub fn fill_randint(&mut self, out: &mut [i64], low: i64, high: i64) {
        if low >= high {
            out.fill(low);
            return;
        }
        let b = Bounded::new(low, high);
        for v in out {
            *v = b.draw(&mut self.mt);
        }
    }

    /// `randint(low, high, size=n)` with NumPy's errors (none when `out` is empty, like NumPy).
    pub fn try_fill_randint(&mut self, out: &mut [i64], low: i64, high: i64) -> Result<(), String> {
        if out.is_empty() {
            return Ok(());
        }
        check_randint_bounds(low, high)?;
        self.fill_randint(out, low, high);
        Ok(())
    }
}

/// Entropy words for an unseeded stream: OS-keyed hasher, time, a counter, a stack address.
fn entropy_words() -> [u32; 8] {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let count = COUNTER.fetch_add(1, Ordering::Relaxed);
    let mut words = [0u32; 8];
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or(0);
    let local = 0u8;
    let stack_addr = std::ptr::addr_of!(local) as usize as u64;
    for (i, pair) in words.chunks_mut(2).enumerate() {
        // std's RandomState draws its keys from the OS once per thread, then perturbs them.
        let mut h = std::collections::hash_map::RandomState::new().build_hasher();
        h.write_u128(nanos);
        h.write_u64(stack_addr);
        h.write_usize(i);
        h.write_u64(count);
        let x = h.finish();
        pair[0] = x as u32;
        pair[1] = (x >> 32) as u32;
    }
    words
}

thread_local! {
    static THREAD_RNG: Cell<Option<Box<RandomState>>> = const { Cell::new(None) };
}

/// Runs `f` on this thread's `RandomState`, seeding it from entropy on first use.
///
/// The state is taken out of its slot while `f` runs: a nested call (or a call during
/// thread teardown) sees a fresh entropy-seeded state instead of panicking, and if `f`
/// panics the thread's stream is reseeded from entropy on its next use.
pub fn with_thread_rng<R>(f: impl FnOnce(&mut RandomState) -> R) -> R {
    let taken = THREAD_RNG.try_with(Cell::take).ok().flatten();
    let mut rng = taken.unwrap_or_else(|| Box::new(RandomState::from_entropy()));
    let result = f(&mut rng);
    // Ignoring the error is fine: it only happens while the thread is being torn down.
    let _ = THREAD_RNG.try_with(|slot| slot.set(Some(rng)));
    result
}

/// Converts an FFI length to `usize`, treating negative lengths as empty.
#[inline]
fn ffi_len(n: i64) -> usize {
    usize::try_from(n).unwrap_or(0)
}

/// Builds a mutable slice from an FFI pointer/length pair (empty for null or `n <= 0`).
///
/// # Safety
/// Non-null `ptr` must be valid for `n` contiguous, unaliased `T`s.
#[inline]
unsafe fn ffi_slice<'a, T>(ptr: *mut T, n: i64) -> &'a mut [T] {
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

#[cfg(test)]
#[rustfmt::skip]
mod numpy_expected;

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

#[cfg(test)]
mod tests {
    //! Expected values below were produced by NumPy itself (see the generator note) and are
    //! compared bit for bit (`f64::to_bits`).
    use super::numpy_expected::*;
    use super::*;

    const SEEDS: [u32; 3] = [0, 12345, 4_294_967_295];

    fn bits(xs: &[f64]) -> Vec<u64> {
        xs.iter().map(|x| x.to_bits()).collect()
    }

    #[test]
    fn random_raw_words_and_seeding() {
        for (k, &s) in SEEDS.iter().enumerate() {
            let mut mt = Mt19937::new(s);
            let key = mt.key();
            let got: Vec<u32> = key[..5].iter().copied().chain([key[623]]).collect();
            assert_eq!(got, KEY_WORDS[k], "seed {s}");
            assert_eq!(mt.pos(), 624);
            let raw: Vec<u32> = (0..20).map(|_| mt.next_u32()).collect();
            assert_eq!(raw, RAW_U32[k], "seed {s}");
        }
    }

    #[test]
    fn random_seed_errors() {
        let mut rs = RandomState::new(0);
        assert_eq!(rs.seed(-1), Err(SEED_RANGE_ERROR.to_string()));
        assert_eq!(rs.seed(1 << 32), Err(SEED_RANGE_ERROR.to_string()));
        assert_eq!(SEED_RANGE_ERROR, "Seed must be between 0 and 2**32 - 1");
        assert!(RandomState::from_seed(i64::MIN).is_err());
        assert!(rs.seed((1 << 32) - 1).is_ok());
        assert!(rs.seed_by_array(&[]).is_err());
        assert!(rs.seed_by_array(&[1, -1]).is_err());
        assert!(rs.seed_by_array(&[1, 1 << 32]).is_err());
        let mut mt = Mt19937::new(0);
        assert!(mt.seed(-1).is_err());
        assert_eq!(oxjit_rt_random_seed(-1), 1);
        assert_eq!(oxjit_rt_random_seed(1 << 32), 1);
        assert_eq!(oxjit_rt_random_seed(0), 0);
    }

    #[test]
    fn random_seed_by_array() {
        let mut rs = RandomState::new(0);
        rs.seed_by_array(&[1, 2, 3]).expect("valid seed");
        let got: Vec<u32> = (0..10).map(|_| rs.bit_generator_mut().next_u32()).collect();
        assert_eq!(got, ARRAY_SEED_123);
        rs.seed_by_array(&[0xffff_ffff, 0, 7]).expect("valid seed");
        let got: Vec<u32> = (0..10).map(|_| rs.bit_generator_mut().next_u32()).collect();
        assert_eq!(got, ARRAY_SEED_MAX);
    }

    #[test]
    fn random_sample_scalar_and_fill() {
        for (k, &s) in SEEDS.iter().enumerate() {
            let mut rs = RandomState::new(s);
            let v: Vec<f64> = (0..20).map(|_| rs.random_sample()).collect();
            assert_eq!(bits(&v), RANDOM_SAMPLE[k], "seed {s}");
            let mut rs = RandomState::new(s);
            let mut v = [0.0; 20];
            rs.fill_random_sample(&mut v);
            assert_eq!(bits(&v), RANDOM_SAMPLE[k], "seed {s}");
        }
    }

    #[test]
    fn random_standard_normal_scalar_and_fill() {
        for (k, &s) in SEEDS.iter().enumerate() {
            let mut rs = RandomState::new(s);
            let v: Vec<f64> = (0..21).map(|_| rs.standard_normal()).collect();
            assert_eq!(bits(&v), STANDARD_NORMAL[k], "seed {s}");
            assert!(rs.cached_gauss().is_some());
            let mut rs = RandomState::new(s);
            let mut v = [0.0; 21];
            rs.fill_standard_normal(&mut v);
            assert_eq!(bits(&v), STANDARD_NORMAL[k], "seed {s}");
        }
    }

    #[test]
    fn random_interleaved_gauss_cache() {
        for (k, &s) in SEEDS.iter().enumerate() {
            let mut rs = RandomState::new(s);
            let mut o = vec![rs.normal(1.5, 0.25), rs.standard_normal()];
            let mut three = [0.0; 3];
            rs.fill_standard_normal(&mut three);
            o.extend(three);
            o.extend([
                rs.normal(-2.0, 3.0),
                rs.random_sample(),
                rs.normal(0.0, 1.0),
            ]);
            let mut four = [0.0; 4];
            rs.fill_normal(&mut four, 10.0, 0.5);
            o.extend(four);
            o.push(rs.uniform(0.0, 1.0));
            o.extend((0..3).map(|_| rs.standard_normal()));
            assert_eq!(bits(&o), INTERLEAVED[k], "seed {s}");
        }
    }

    #[test]
    fn random_program_like_sequence() {
        for (k, &s) in SEEDS.iter().enumerate() {
            let mut rs = RandomState::new(s);
            let mut a = [0.0; 5];
            rs.fill_random_sample(&mut a);
            let mut b = [0.0; 7];
            rs.fill_normal(&mut b, 0.0, 0.05);
            let o: Vec<f64> = a.iter().chain(b.iter()).copied().collect();
            assert_eq!(bits(&o), PROGRAM[k], "seed {s}");
        }
    }

    #[test]
    fn random_uniform_and_exponential() {
        for (k, &s) in SEEDS.iter().enumerate() {
            let mut rs = RandomState::new(s);
            let v: Vec<f64> = (0..20).map(|_| rs.uniform(-2.0, 3.5)).collect();
            assert_eq!(bits(&v), UNIFORM[k], "seed {s}");
            let mut rs = RandomState::new(s);
            let mut v = [0.0; 20];
            rs.fill_uniform(&mut v, -2.0, 3.5);
            assert_eq!(bits(&v), UNIFORM[k], "seed {s}");

            let mut rs = RandomState::new(s);
            let v: Vec<f64> = (0..20).map(|_| rs.standard_exponential()).collect();
            assert_eq!(bits(&v), STD_EXP[k], "seed {s}");
            let mut w = [0.0; 20];
            let mut rs = RandomState::new(s);
            rs.fill_standard_exponential(&mut w);
            assert_eq!(bits(&w), STD_EXP[k], "seed {s}");

            let mut rs = RandomState::new(s);
            let v: Vec<f64> = (0..20).map(|_| rs.exponential(2.5)).collect();
            assert_eq!(bits(&v), EXP[k], "seed {s}");
            let mut rs = RandomState::new(s);
            rs.fill_exponential(&mut w, 2.5);
            assert_eq!(bits(&w), EXP[k], "seed {s}");
        }
    }

    #[test]
    fn random_randint_scalar_and_fill() {
        for (k, &s) in SEEDS.iter().enumerate() {
            let mut rs = RandomState::new(s);
            let mut got = Vec::new();
            for &(lo, hi) in RANDINT_CASES {
                got.extend((0..20).map(|_| rs.randint(lo, hi)));
                let mut arr = [0i64; 20];
                rs.fill_randint(&mut arr, lo, hi);
                got.extend(arr);
            }
            assert_eq!(got, RANDINT[k], "seed {s}");
            // The checked variants consume the stream identically.
            let mut rs = RandomState::new(s);
            let mut got = Vec::new();
            for &(lo, hi) in RANDINT_CASES {
                for _ in 0..20 {
                    got.push(rs.try_randint(lo, hi).expect("valid range"));
                }
                let mut arr = [0i64; 20];
                rs.try_fill_randint(&mut arr, lo, hi).expect("valid range");
                got.extend(arr);
            }
            assert_eq!(got, RANDINT[k], "seed {s}");
        }
    }

    #[test]
    fn random_randint_errors() {
        let mut rs = RandomState::new(0);
        assert_eq!(rs.try_randint(5, 5), Err("low >= high".to_string()));
        assert_eq!(rs.try_randint(5, 3), Err("low >= high".to_string()));
        assert_eq!(
            rs.try_randint(i64::MIN, i64::MIN),
            Err("low >= high".to_string())
        );
        let mut arr = [0i64; 3];
        assert!(rs.try_fill_randint(&mut arr, 5, 5).is_err());
        assert!(rs.try_fill_randint(&mut [], 5, 5).is_ok());
        // Nothing was drawn by the failing calls.
        assert_eq!(rs, RandomState::new(0));
        assert_eq!(rs.randint(9, 2), 9);
        rs.fill_randint(&mut arr, 4, 4);
        assert_eq!(arr, [4, 4, 4]);
        assert_eq!(rs, RandomState::new(0));
        assert!(check_scale(-0.0).is_err());
        assert!(check_scale(-1.0).is_err());
        assert!(check_scale(0.0).is_ok());
        assert!(check_scale(f64::NAN).is_ok());
        assert!(check_uniform_range(-1e308, 1e308).is_err());
        assert!(check_uniform_range(0.0, f64::NAN).is_err());
        assert!(check_uniform_range(3.0, 1.0).is_ok());
        assert!(rs.choice(0, 3).is_err());
        assert_eq!(rs.choice(0, 0), Ok(vec![]));
    }

    #[test]
    fn random_choice() {
        for (k, &s) in SEEDS.iter().enumerate() {
            let mut rs = RandomState::new(s);
            let mut got = rs.choice(7, 20).expect("non-empty");
            for _ in 0..5 {
                got.extend(rs.choice(7, 1).expect("non-empty"));
            }
            got.extend(rs.choice(1 << 35, 5).expect("non-empty"));
            assert_eq!(got, CHOICE[k], "seed {s}");
        }
    }

    #[test]
    fn random_permutation_and_shuffle() {
        for (k, &s) in SEEDS.iter().enumerate() {
            let mut rs = RandomState::new(s);
            let mut got = Vec::new();
            got.extend(rs.permutation(1));
            got.extend(rs.permutation(2));
            got.extend(rs.permutation(10));
            let p = rs.permutation(1000);
            got.extend(&p[..20]);
            got.push(p.iter().enumerate().map(|(i, &v)| i as i64 * v).sum());
            // Contiguous f64 shuffle.
            let mut a: Vec<f64> = (0..10).map(f64::from).collect();
            rs.shuffle(&mut a);
            got.extend(a.iter().map(|&x| x as i64));
            // a[::2] of arange(20.0): stride 16 bytes.
            let mut a: Vec<f64> = (0..20).map(f64::from).collect();
            unsafe { rs.shuffle_strided::<f64>(a.as_mut_ptr().cast(), 10, 16) };
            got.extend(a.iter().map(|&x| x as i64));
            // a[::-1] of arange(10): negative stride.
            let mut a: Vec<i64> = (0..10).collect();
            unsafe { rs.shuffle_strided::<i64>(a.as_mut_ptr().add(9).cast(), 10, -8) };
            got.extend(&a);
            let mut a = vec![0i64, 1];
            rs.shuffle(&mut a);
            got.extend(&a);
            got.push(rs.random_sample().to_bits() as i64);
            assert_eq!(got, PERM[k], "seed {s}");
        }
    }

    #[test]
    fn random_long_runs() {
        for (k, &s) in SEEDS.iter().enumerate() {
            let mut rs = RandomState::new(s);
            let mut a = vec![0.0; 1001];
            rs.fill_standard_normal(&mut a);
            let s1: f64 = a.iter().fold(0.0, |acc, &x| acc + x);
            let mut b = vec![0.0; 1000];
            rs.fill_random_sample(&mut b);
            let s2: f64 = b.iter().fold(0.0, |acc, &x| acc + x);
            let mut c = vec![0i64; 10000];
            rs.fill_randint(&mut c, 0, 10);
            let s3: i64 = c.iter().sum();
            let mut d = vec![0.0; 1000];
            rs.fill_exponential(&mut d, 3.0);
            let s4: f64 = d.iter().fold(0.0, |acc, &x| acc + x);
            let last = rs.standard_normal();
            let got = [
                s1.to_bits(),
                s2.to_bits(),
                s3 as u64,
                s4.to_bits(),
                last.to_bits(),
            ];
            assert_eq!(got[..], SUMS[k][..], "seed {s}");
        }
    }

    #[test]
    fn random_state_roundtrip_and_reseed() {
        let mut rs = RandomState::new(7);
        let x = rs.standard_normal();
        let (xb, pos, has, gauss, k0, k623) = STATE7;
        assert_eq!(x.to_bits(), xb);
        assert_eq!(rs.bit_generator().pos(), pos);
        assert_eq!(
            rs.cached_gauss().map(f64::to_bits),
            (has == 1).then_some(gauss)
        );
        assert_eq!(rs.bit_generator().key()[0], k0);
        assert_eq!(rs.bit_generator().key()[623], k623);
        let mut copy = RandomState::from_state(
            rs.bit_generator().key(),
            rs.bit_generator().pos(),
            true,
            f64::from_bits(gauss),
        )
        .expect("valid state");
        assert_eq!(
            copy.standard_normal().to_bits(),
            rs.standard_normal().to_bits()
        );
        assert_eq!(copy.random_sample().to_bits(), rs.random_sample().to_bits());
        assert!(RandomState::from_state(rs.bit_generator().key(), 625, false, 0.0).is_err());

        let mut rs = RandomState::new(3);
        rs.standard_normal();
        rs.seed(3).expect("valid seed");
        assert_eq!(rs.standard_normal().to_bits(), RESEED3[0]);
    }

    #[test]
    fn random_extern_entry_points() {
        // Tests run on their own threads, so this thread's stream is private to this test.
        assert_eq!(oxjit_rt_random_seed(12345), 0);
        let mut o = vec![oxjit_rt_random_sample()];
        let mut buf = [0.0; 19];
        unsafe { oxjit_rt_fill_random_sample(buf.as_mut_ptr(), 19) };
        o.extend(buf);
        assert_eq!(bits(&o), RANDOM_SAMPLE[1]);

        assert_eq!(oxjit_rt_random_seed(0), 0);
        let mut o = vec![oxjit_rt_standard_normal()];
        let mut buf = [0.0; 20];
        unsafe { oxjit_rt_fill_standard_normal(buf.as_mut_ptr(), 20) };
        o.extend(buf);
        assert_eq!(bits(&o), STANDARD_NORMAL[0]);

        assert_eq!(oxjit_rt_random_seed(4_294_967_295), 0);
        let mut a = [0.0; 5];
        unsafe { oxjit_rt_fill_random_sample(a.as_mut_ptr(), 5) };
        let mut b = [0.0; 7];
        unsafe { oxjit_rt_fill_normal(b.as_mut_ptr(), 7, 0.0, 0.05) };
        let o: Vec<f64> = a.iter().chain(b.iter()).copied().collect();
        assert_eq!(bits(&o), PROGRAM[2]);

        assert_eq!(oxjit_rt_random_seed(0), 0);
        let mut o = vec![oxjit_rt_uniform(-2.0, 3.5)];
        let mut buf = [0.0; 19];
        unsafe { oxjit_rt_fill_uniform(buf.as_mut_ptr(), 19, -2.0, 3.5) };
        o.extend(buf);
        assert_eq!(bits(&o), UNIFORM[0]);

        assert_eq!(oxjit_rt_random_seed(12345), 0);
        let mut o = vec![oxjit_rt_exponential(2.5)];
        let mut buf = [0.0; 19];
        unsafe { oxjit_rt_fill_exponential(buf.as_mut_ptr(), 19, 2.5) };
        o.extend(buf);
        assert_eq!(bits(&o), EXP[1]);

        assert_eq!(oxjit_rt_random_seed(0), 0);
        let mut got = Vec::new();
        for &(lo, hi) in RANDINT_CASES {
            got.extend((0..20).map(|_| oxjit_rt_randint(lo, hi)));
            let mut arr = [0i64; 20];
            unsafe { oxjit_rt_fill_randint(arr.as_mut_ptr(), 20, lo, hi) };
            got.extend(arr);
        }
        assert_eq!(got, RANDINT[0]);

        assert_eq!(oxjit_rt_random_seed(12345), 0);
        let mut got = Vec::new();
        for n in [1, 2, 10] {
            let mut p = vec![0i64; n];
            unsafe { oxjit_rt_permutation(p.as_mut_ptr(), n as i64) };
            got.extend(p);
        }
        let mut p = vec![0i64; 1000];
        unsafe { oxjit_rt_permutation(p.as_mut_ptr(), 1000) };
        got.extend(&p[..20]);
        got.push(p.iter().enumerate().map(|(i, &v)| i as i64 * v).sum());
        let mut a: Vec<f64> = (0..10).map(f64::from).collect();
        unsafe { oxjit_rt_shuffle_f64(a.as_mut_ptr(), 10, 8) };
        got.extend(a.iter().map(|&x| x as i64));
        let mut a: Vec<f64> = (0..20).map(f64::from).collect();
        unsafe { oxjit_rt_shuffle_f64(a.as_mut_ptr(), 10, 16) };
        got.extend(a.iter().map(|&x| x as i64));
        let mut a: Vec<i64> = (0..10).collect();
        unsafe { oxjit_rt_shuffle_i64(a.as_mut_ptr().add(9), 10, -8) };
        got.extend(&a);
        let mut a = vec![0i64, 1];
        unsafe { oxjit_rt_shuffle_i64(a.as_mut_ptr(), 2, 8) };
        got.extend(&a);
        got.push(oxjit_rt_random_sample().to_bits() as i64);
        assert_eq!(got, PERM[1]);

        // Degenerate arguments never touch memory or panic.
        unsafe {
            oxjit_rt_fill_random_sample(std::ptr::null_mut(), 10);
            oxjit_rt_fill_randint(std::ptr::null_mut(), -3, 0, 10);
            oxjit_rt_shuffle_f64(std::ptr::null_mut(), 10, 8);
            oxjit_rt_shuffle_i64(std::ptr::null_mut(), -1, 8);
            oxjit_rt_permutation(std::ptr::null_mut(), 5);
        }
        assert_eq!(oxjit_rt_randint(3, 3), 3);
    }

    #[test]
    fn random_thread_streams() {
        // Unseeded streams differ between threads; nested use does not panic.
        let a = std::thread::spawn(|| with_thread_rng(|r| r.bit_generator_mut().next_u64()))
            .join()
            .expect("thread");
        let b = std::thread::spawn(|| with_thread_rng(|r| r.bit_generator_mut().next_u64()))
            .join()
            .expect("thread");
        assert_ne!(a, b);
        let nested = with_thread_rng(|_| with_thread_rng(|r| r.random_sample()));
        assert!((0.0..1.0).contains(&nested));
    }
}

//! NumPy's legacy `RandomState` (MT19937 plus the cached gaussian) with its distributions,
//! the argument checks NumPy makes, and the per-thread stream compiled code draws from.

use super::mt19937::*;
use std::cell::Cell;
use std::hash::{BuildHasher, Hasher};
use std::sync::atomic::{AtomicU64, Ordering};

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
pub(super) struct Bounded {
    pub(super) off: u64,
    pub(super) rng: u64,
    pub(super) mask: u64,
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
    pub(super) mt: Mt19937,
    pub(super) has_gauss: bool,
    pub(super) gauss: f64,
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
        self.uniform_range(low, high - low)
    }

    /// `random_uniform(low, range)`: `low + range * u` (`range` is `high - low`).
    #[inline]
    pub fn uniform_range(&mut self, low: f64, range: f64) -> f64 {
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
pub(super) fn entropy_words() -> [u32; 8] {
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

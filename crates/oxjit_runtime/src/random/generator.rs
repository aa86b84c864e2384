//! The distributions of NumPy's `Generator` (`numpy/random/src/distributions/distributions.c`
//! and `_generator.pyx`), drawn from a [`Pcg64`]: the same algorithms and the same order of
//! floating-point operations, so every draw is bit-identical to NumPy's.
//!
//! * `random`          ← `random_standard_uniform` (`next_double`);
//! * `uniform`         ← `random_uniform` (`low + range * next_double`);
//! * `standard_normal` ← `random_standard_normal` (the 256-step ziggurat, `ziggurat.rs`);
//! * `normal`          ← `random_normal` (`loc + scale * standard_normal`);
//! * `exponential`     ← `random_exponential` (`scale * random_standard_exponential`);
//! * `integers`        ← `random_bounded_uint64_fill` with `use_masked=False`: Lemire's
//!   method, on 32-bit draws (the buffered halves of a 64-bit draw) when the range fits;
//! * `shuffle`         ← `_shuffle_raw` (Fisher–Yates driven by `random_interval`).

use super::pcg64::Pcg64;
use super::ziggurat::{EXP_R, FE, FI, KE, KI, NOR_INV_R, NOR_R, WE, WI};

impl Pcg64 {
    /// `random_standard_normal`.
    pub fn standard_normal(&mut self) -> f64 {
        loop {
            let mut r = self.next_u64();
            let idx = (r & 0xff) as usize;
            r >>= 8;
            let sign = r & 1;
            let rabs = (r >> 1) & 0x000f_ffff_ffff_ffff;
            let mut x = rabs as f64 * WI[idx];
            if sign & 1 == 1 {
                x = -x;
            }
            if rabs < KI[idx] {
                return x;
            }
            if idx == 0 {
                loop {
                    let xx = -NOR_INV_R * (-self.next_double()).ln_1p();
                    let yy = -(-self.next_double()).ln_1p();
                    if yy + yy > xx * xx {
                        return if (rabs >> 8) & 1 == 1 {
                            -(NOR_R + xx)
                        } else {
                            NOR_R + xx
                        };
                    }
                }
            } else if (FI[idx - 1] - FI[idx]) * self.next_double() + FI[idx] < (-0.5 * x * x).exp()
            {
                return x;
            }
        }
    }

    /// `random_standard_exponential`.
    pub fn standard_exponential(&mut self) -> f64 {
        loop {
            let mut ri = self.next_u64();
            ri >>= 3;
            let idx = (ri & 0xff) as usize;
            ri >>= 8;
            let x = ri as f64 * WE[idx];
            if ri < KE[idx] {
                return x;
            }
            // `standard_exponential_unlikely` (its tail call is this loop).
            if idx == 0 {
                return EXP_R - (-self.next_double()).ln_1p();
            }
            if (FE[idx - 1] - FE[idx]) * self.next_double() + FE[idx] < (-x).exp() {
                return x;
            }
        }
    }

    /// `random_normal`.
    #[inline]
    pub fn gen_normal(&mut self, loc: f64, scale: f64) -> f64 {
        loc + scale * self.standard_normal()
    }

    /// `random_uniform` (`range` is `high - low`).
    #[inline]
    pub fn gen_uniform(&mut self, low: f64, range: f64) -> f64 {
        low + range * self.next_double()
    }

    /// `random_exponential`.
    #[inline]
    pub fn gen_exponential(&mut self, scale: f64) -> f64 {
        scale * self.standard_exponential()
    }

    /// `buffered_bounded_lemire_uint32`: uniform on `[0, rng]`, `rng < 2**32 - 1`.
    fn lemire32(&mut self, rng: u32) -> u32 {
        let excl = rng + 1;
        let mut m = u64::from(self.next_u32()) * u64::from(excl);
        let mut leftover = m as u32;
        if leftover < excl {
            let threshold = (u32::MAX - rng) % excl;
            while leftover < threshold {
                m = u64::from(self.next_u32()) * u64::from(excl);
                leftover = m as u32;
            }
        }
        (m >> 32) as u32
    }

    /// `bounded_lemire_uint64`: uniform on `[0, rng]`, `rng < 2**64 - 1`.
    fn lemire64(&mut self, rng: u64) -> u64 {
        let excl = rng + 1;
        let mut m = u128::from(self.next_u64()) * u128::from(excl);
        let mut leftover = m as u64;
        if leftover < excl {
            let threshold = (u64::MAX - rng) % excl;
            while leftover < threshold {
                m = u128::from(self.next_u64()) * u128::from(excl);
                leftover = m as u64;
            }
        }
        (m >> 64) as u64
    }

    /// `random_bounded_uint64_fill(off, rng, use_masked=False)`: `off` plus a draw uniform on
    /// `[0, rng]`, into each element of `out` (wrapping, as the unsigned C arithmetic).
    pub fn fill_bounded(&mut self, off: u64, rng: u64, out: &mut [u64]) {
        if rng == 0 {
            out.fill(off);
        } else if rng <= 0xffff_ffff {
            if rng == 0xffff_ffff {
                for o in out {
                    *o = off.wrapping_add(u64::from(self.next_u32()));
                }
            } else {
                for o in out {
                    *o = off.wrapping_add(u64::from(self.lemire32(rng as u32)));
                }
            }
        } else if rng == u64::MAX {
            for o in out {
                *o = off.wrapping_add(self.next_u64());
            }
        } else {
            for o in out {
                *o = off.wrapping_add(self.lemire64(rng));
            }
        }
    }

    /// `Generator.integers(low, high)` for `low < high`: one draw of the fill.
    pub fn integer(&mut self, low: i64, high: i64) -> i64 {
        let mut v = [0u64];
        self.fill_bounded(
            low as u64,
            high.wrapping_sub(low).wrapping_sub(1) as u64,
            &mut v,
        );
        v[0] as i64
    }

    /// `random_interval`: uniform on `[0, max]` by masked rejection.
    pub fn interval(&mut self, max: u64) -> u64 {
        if max == 0 {
            return 0;
        }
        let mask = u64::MAX >> max.leading_zeros();
        if max <= 0xffff_ffff {
            loop {
                let v = u64::from(self.next_u32()) & mask;
                if v <= max {
                    return v;
                }
            }
        }
        loop {
            let v = self.next_u64() & mask;
            if v <= max {
                return v;
            }
        }
    }

    /// `Generator.shuffle` of `n` items of `itemsize` bytes, `stride` bytes apart, at `data`.
    ///
    /// # Safety
    /// `data` must be valid for reads and writes of those `n` items.
    pub unsafe fn shuffle_raw(&mut self, data: *mut u8, n: i64, stride: i64, itemsize: usize) {
        let mut i = n - 1;
        while i >= 1 {
            let j = self.interval(i as u64) as i64;
            if i != j {
                // SAFETY: both items are in bounds and distinct.
                unsafe {
                    std::ptr::swap_nonoverlapping(
                        data.offset((i * stride) as isize),
                        data.offset((j * stride) as isize),
                        itemsize,
                    );
                }
            }
            i -= 1;
        }
    }
}

//! The MT19937 bit generator of NumPy (`numpy/random/src/mt19937`) with its legacy seeding,
//! and the small helpers its users share.

/// Number of 32-bit words in the MT19937 state.
pub const MT_STATE_LEN: usize = 624;
pub(super) const MT_SHIFT: usize = 397;
pub(super) const MATRIX_A: u32 = 0x9908_b0df;
pub(super) const UPPER_MASK: u32 = 0x8000_0000;
pub(super) const LOWER_MASK: u32 = 0x7fff_ffff;

/// NumPy's error message for a seed outside `[0, 2**32 - 1]`.
pub const SEED_RANGE_ERROR: &str = "Seed must be between 0 and 2**32 - 1";

/// Validates an integer seed like `MT19937._legacy_seeding` and narrows it.
pub(super) fn seed_to_u32(seed: i64) -> Result<u32, String> {
    u32::try_from(seed).map_err(|_| SEED_RANGE_ERROR.to_string())
}

/// Smallest all-ones bit mask covering `max` (NumPy's `gen_mask`).
#[inline]
pub(super) fn gen_mask(max: u64) -> u64 {
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
    pub(super) key: [u32; MT_STATE_LEN],
    pub(super) pos: usize,
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

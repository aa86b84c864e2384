//! NumPy's default bit generator, bit for bit: `SeedSequence(seed)` (`bit_generator.pyx`:
//! entropy mixing into a four-word pool, `generate_state`) and `PCG64` (`src/pcg64`: the
//! 128-bit LCG with the XSL-RR output, seeded by `pcg64_set_seed`, and the `has_uint32` /
//! `uinteger` half-word buffer of `pcg64_next32`).

/// The multiplier of PCG's 128-bit LCG (`PCG_DEFAULT_MULTIPLIER_128`).
const MULT: u128 = (2549297995355413924u128 << 64) | 4865540595714422341u128;

// SeedSequence's hashing constants (`bit_generator.pyx`).
const INIT_A: u32 = 0x43b0_d7e5;
const MULT_A: u32 = 0x931e_8875;
const INIT_B: u32 = 0x8b51_f9dd;
const MULT_B: u32 = 0x58f3_8ded;
const MIX_MULT_L: u32 = 0xca01_f9dd;
const MIX_MULT_R: u32 = 0x4973_f715;
const XSHIFT: u32 = 16;
const POOL_SIZE: usize = 4;

/// The 32-bit words of a non-negative integer seed, least significant first (`[0]` for 0),
/// as `_int_to_uint32_array` does.
fn seed_words(seed: u64) -> Vec<u32> {
    if seed == 0 {
        return vec![0];
    }
    let mut out = Vec::new();
    let mut n = seed;
    while n > 0 {
        out.push(n as u32);
        n >>= 32;
    }
    out
}

/// `SeedSequence.mix_entropy`: the entropy pool of `SeedSequence(seed)` (no spawn key).
fn seed_pool(seed: u64) -> [u32; POOL_SIZE] {
    let entropy = seed_words(seed);
    let mut hash_const = INIT_A;
    let mut hashmix = |mut value: u32| {
        value ^= hash_const;
        hash_const = hash_const.wrapping_mul(MULT_A);
        value = value.wrapping_mul(hash_const);
        value ^ (value >> XSHIFT)
    };
    let mix = |x: u32, y: u32| {
        let r = MIX_MULT_L
            .wrapping_mul(x)
            .wrapping_sub(MIX_MULT_R.wrapping_mul(y));
        r ^ (r >> XSHIFT)
    };
    let mut pool = [0u32; POOL_SIZE];
    for (i, p) in pool.iter_mut().enumerate() {
        *p = hashmix(entropy.get(i).copied().unwrap_or(0));
    }
    for src in 0..POOL_SIZE {
        for dst in 0..POOL_SIZE {
            if src != dst {
                let h = hashmix(pool[src]);
                pool[dst] = mix(pool[dst], h);
            }
        }
    }
    for &e in entropy.iter().skip(POOL_SIZE) {
        for p in pool.iter_mut() {
            let h = hashmix(e);
            *p = mix(*p, h);
        }
    }
    pool
}

/// `SeedSequence(seed).generate_state(n, numpy.uint64)`.
pub fn seed_sequence_state(seed: u64, n: usize) -> Vec<u64> {
    let pool = seed_pool(seed);
    let mut hash_const = INIT_B;
    let words: Vec<u32> = (0..2 * n)
        .map(|i| {
            let mut v = pool[i % POOL_SIZE];
            v ^= hash_const;
            hash_const = hash_const.wrapping_mul(MULT_B);
            v = v.wrapping_mul(hash_const);
            v ^ (v >> XSHIFT)
        })
        .collect();
    // The uint32 words viewed as little-endian uint64s.
    words
        .chunks(2)
        .map(|w| u64::from(w[0]) | (u64::from(w[1]) << 32))
        .collect()
}

/// The PCG64 bit generator with NumPy's 32-bit buffer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Pcg64 {
    state: u128,
    inc: u128,
    has_uint32: bool,
    uinteger: u32,
}

impl Pcg64 {
    /// `PCG64(seed)`: four words from `SeedSequence(seed)`, the first two the initial state
    /// (high word first), the last two the stream.
    pub fn from_seed(seed: u64) -> Pcg64 {
        let v = seed_sequence_state(seed, 4);
        let initstate = (u128::from(v[0]) << 64) | u128::from(v[1]);
        let initseq = (u128::from(v[2]) << 64) | u128::from(v[3]);
        // `pcg_setseq_128_srandom_r`.
        let mut g = Pcg64 {
            state: 0,
            inc: (initseq << 1) | 1,
            has_uint32: false,
            uinteger: 0,
        };
        g.step();
        g.state = g.state.wrapping_add(initstate);
        g.step();
        g
    }

    #[inline]
    fn step(&mut self) {
        self.state = self.state.wrapping_mul(MULT).wrapping_add(self.inc);
    }

    /// `pcg64_next64`: step, then the XSL-RR output of the new state.
    #[inline]
    pub fn next_u64(&mut self) -> u64 {
        self.step();
        let s = self.state;
        ((s >> 64) as u64 ^ s as u64).rotate_right((s >> 122) as u32)
    }

    /// `pcg64_next32`: the low half of a 64-bit draw, the high half kept for the next call.
    #[inline]
    pub fn next_u32(&mut self) -> u32 {
        if self.has_uint32 {
            self.has_uint32 = false;
            return self.uinteger;
        }
        let next = self.next_u64();
        self.has_uint32 = true;
        self.uinteger = (next >> 32) as u32;
        next as u32
    }

    /// `next_double`: 53 random bits scaled to [0, 1).
    #[inline]
    pub fn next_double(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 * (1.0 / 9007199254740992.0)
    }
}

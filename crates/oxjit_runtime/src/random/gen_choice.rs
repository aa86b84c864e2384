//! `Generator.choice(a, size, replace, p)` (`_generator.pyx`) for an int `a` or a 1-d array:
//! the indices NumPy draws, in NumPy's order — `integers(0, pop)` with replacement and no `p`;
//! the inverse CDF (`cumsum`, normalised, `searchsorted(random(), side="right")`) with `p`;
//! without replacement, Floyd's algorithm with NumPy's hash set and final shuffle, a tail
//! shuffle of `arange(pop)` for large populations, or repeated CDF draws with `p`.

use super::choice::{check_p, read_p, with_p, with_p_distinct, write_choice, PMessages};
use super::ffi::ffi_len;
use super::pcg64::Pcg64;
use crate::memory::MemInfo;

/// `Generator.choice`'s messages.
const GEN_P: PMessages = PMessages {
    same_size: "a and p must have same size",
    nan: "Probabilities contain NaN",
    negative: "Probabilities are not non-negative",
    sum: "Probabilities do not sum to 1. See Notes section of docstring for more information.",
};

impl Pcg64 {
    /// `_shuffle_int(n, first, data)`: Fisher–Yates on int64s down to `first`, with Lemire
    /// draws.
    fn shuffle_int(&mut self, data: &mut [i64], first: usize) {
        let mut i = data.len();
        while i > first {
            i -= 1;
            let j = self.integer(0, i as i64 + 1) as usize;
            data.swap(i, j);
        }
    }

    /// The `n` indices of `choice` (typing and the caller checked `pop` against `n`).
    fn choice_indices(
        &mut self,
        n: usize,
        pop: usize,
        replace: bool,
        p: Option<&[f64]>,
    ) -> Result<Vec<i64>, &'static str> {
        if let Some(p) = p {
            check_p(p, pop, &GEN_P)?;
        }
        if replace {
            return Ok(match p {
                Some(p) => with_p(self, p, n),
                None => {
                    let mut v = vec![0u64; n];
                    self.fill_bounded(0, (pop as u64).wrapping_sub(1), &mut v);
                    v.into_iter().map(|x| x as i64).collect()
                }
            });
        }
        if n > pop {
            return Err("Cannot take a larger sample than population when replace is False");
        }
        if let Some(p) = p {
            return with_p_distinct(self, p, n);
        }
        if pop > 10000 && n > pop / 50 {
            // Tail shuffle of `arange(pop)`.
            let mut idx: Vec<i64> = (0..pop as i64).collect();
            self.shuffle_int(&mut idx, (pop - n).max(1));
            return Ok(idx[pop - n..].to_vec());
        }
        // Floyd's algorithm with NumPy's open-addressing set, then a shuffle.
        let set_size = (1.2 * n as f64) as u64;
        let mask = u64::MAX >> set_size.leading_zeros().min(63);
        let mask = if set_size == 0 { 0 } else { mask };
        let mut hash_set = vec![u64::MAX; (mask + 1) as usize];
        let mut idx = vec![0i64; n];
        for j in pop - n..pop {
            let mut v = [0u64];
            self.fill_bounded(0, j as u64, &mut v);
            let val = v[0];
            let mut loc = val & mask;
            while hash_set[loc as usize] != u64::MAX && hash_set[loc as usize] != val {
                loc = (loc + 1) & mask;
            }
            let slot = j + n - pop;
            if hash_set[loc as usize] == u64::MAX {
                hash_set[loc as usize] = val;
                idx[slot] = val as i64;
            } else {
                let mut loc = j as u64 & mask;
                while hash_set[loc as usize] != u64::MAX {
                    loc = (loc + 1) & mask;
                }
                hash_set[loc as usize] = j as u64;
                idx[slot] = j as i64;
            }
        }
        self.shuffle_int(&mut idx, 1);
        Ok(idx)
    }
}

/// `Generator.choice`: `n` items drawn from `pop` items (`src`: `itemsize` bytes each, `stride`
/// bytes apart) into `out`, contiguous, or — `src` null — the `n` int64 indices themselves.
/// `p` (null for uniform) holds `p_len` float64s `p_stride` bytes apart. Returns 0, or 1
/// with NumPy's `ValueError` pending.
///
/// # Safety
/// `g` is a live generator object; `out`, `src` and `p` are valid for what they describe.
#[no_mangle]
#[allow(clippy::too_many_arguments)]
pub unsafe extern "C" fn oxjit_rt_gen_choice(
    g: *mut MemInfo,
    out: *mut u8,
    n: i64,
    src: *const u8,
    pop: i64,
    stride: i64,
    itemsize: i64,
    replace: i64,
    p: *const u8,
    p_len: i64,
    p_stride: i64,
) -> i32 {
    // SAFETY: forwarded caller contract.
    let (r, probs) = unsafe { (&mut *(*g).data.cast::<Pcg64>(), read_p(p, p_len, p_stride)) };
    let idx = r.choice_indices(ffi_len(n), ffi_len(pop), replace != 0, probs.as_deref());
    // SAFETY: the indices are below `pop`; `out` has room for `n`.
    unsafe { write_choice(idx, out, src, stride, itemsize) }
}

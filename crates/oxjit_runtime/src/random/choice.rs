//! `choice(a, size, replace, p)`: what NumPy's `Generator.choice` (`_generator.pyx`) and the
//! legacy `RandomState.choice` (`mtrand.pyx`) share — the checks of `p` (the same order, their
//! own messages), the inverse CDF (`cumsum(p)`, normalised, `searchsorted(u, side="right")`)
//! with replacement, the repeated CDF draws without replacement, and the copy of the chosen
//! items — and the legacy `RandomState.choice` itself with its `extern "C"` entry point:
//! `randint(0, pop, size)` with replacement and no `p`, `permutation(pop)[:size]` without
//! either (the whole permutation is drawn, as NumPy does).

use super::dists::Draws;
use super::ffi::ffi_len;
use super::state::{with_thread_rng, RandomState};
use crate::errors::{set_error, ErrorKind};

/// The `ValueError` messages of one API's checks of `p`.
pub(super) struct PMessages {
    pub(super) same_size: &'static str,
    pub(super) nan: &'static str,
    pub(super) negative: &'static str,
    pub(super) sum: &'static str,
}

/// `RandomState.choice`'s messages.
const LEGACY_P: PMessages = PMessages {
    same_size: "'a' and 'p' must have same size",
    nan: "probabilities contain NaN",
    negative: "probabilities are not non-negative",
    sum: "probabilities do not sum to 1",
};

/// NumPy's checks of the probabilities `p` against a population of `pop`: `Err` with the
/// message.
pub(super) fn check_p(p: &[f64], pop: usize, msg: &PMessages) -> Result<(), &'static str> {
    if p.len() != pop {
        return Err(msg.same_size);
    }
    // `kahan_sum`.
    let mut sum = p.first().copied().unwrap_or(0.0);
    let mut c = 0.0;
    for &x in p.iter().skip(1) {
        let y = x - c;
        let t = sum + y;
        c = (t - sum) - y;
        sum = t;
    }
    if sum.is_nan() {
        return Err(msg.nan);
    }
    if p.iter().any(|&x| x < 0.0) {
        return Err(msg.negative);
    }
    // `sqrt(finfo(float64).eps)`.
    if (sum - 1.0).abs() > 1.4901161193847656e-08 {
        return Err(msg.sum);
    }
    Ok(())
}

/// `cumsum(p) / cumsum(p)[-1]`.
fn cdf(p: &[f64]) -> Vec<f64> {
    let mut acc = 0.0;
    let mut out: Vec<f64> = p
        .iter()
        .map(|&x| {
            acc += x;
            acc
        })
        .collect();
    let last = *out.last().unwrap_or(&1.0);
    out.iter_mut().for_each(|c| *c /= last);
    out
}

/// `cdf.searchsorted(u, side="right")`.
fn search_right(cdf: &[f64], u: f64) -> i64 {
    cdf.partition_point(|&c| c <= u) as i64
}

/// `n` indices drawn with replacement by the inverse CDF of `p` (checked): `n` doubles, then
/// the searches.
pub(super) fn with_p<S: Draws>(s: &mut S, p: &[f64], n: usize) -> Vec<i64> {
    let cdf = cdf(p);
    let u: Vec<f64> = (0..n).map(|_| s.next_double()).collect();
    u.iter().map(|&u| search_right(&cdf, u)).collect()
}

/// `n` distinct indices drawn by the probabilities `p` (checked): rounds of `n - found`
/// doubles against the CDF of `p` with the found indices zeroed, keeping each round's new
/// indices in draw order (`unique` with `return_index`, the indices sorted).
pub(super) fn with_p_distinct<S: Draws>(
    s: &mut S,
    p: &[f64],
    n: usize,
) -> Result<Vec<i64>, &'static str> {
    if p.iter().filter(|&&x| x > 0.0).count() < n {
        return Err("Fewer non-zero entries in p than size");
    }
    let mut p = p.to_vec();
    let mut found: Vec<i64> = Vec::with_capacity(n);
    while found.len() < n {
        let x: Vec<f64> = (0..n - found.len()).map(|_| s.next_double()).collect();
        for &f in &found {
            p[f as usize] = 0.0;
        }
        let cdf = cdf(&p);
        let mut seen = std::collections::HashSet::new();
        for &u in &x {
            let k = search_right(&cdf, u);
            if seen.insert(k) {
                found.push(k);
            }
        }
    }
    Ok(found)
}

/// Reads `p` (null for none): `p_len` float64s `p_stride` bytes apart.
///
/// # Safety
/// A non-null `p` is valid for what it describes.
pub(super) unsafe fn read_p(p: *const u8, p_len: i64, p_stride: i64) -> Option<Vec<f64>> {
    (!p.is_null()).then(|| {
        (0..ffi_len(p_len))
            // SAFETY: `p` holds `p_len` float64s `p_stride` bytes apart.
            .map(|i| unsafe {
                p.offset(i as isize * p_stride as isize)
                    .cast::<f64>()
                    .read_unaligned()
            })
            .collect()
    })
}

/// Writes the chosen items into `out`, contiguous: `src[i]` (`itemsize` bytes each, `stride`
/// bytes apart) for each index `i`, or — `src` null — the int64 indices themselves. Returns 0,
/// or 1 with `err`'s `ValueError` pending.
///
/// # Safety
/// Every index is below the population `src` holds; `out` has room for them.
pub(super) unsafe fn write_choice(
    idx: Result<Vec<i64>, &'static str>,
    out: *mut u8,
    src: *const u8,
    stride: i64,
    itemsize: i64,
) -> i32 {
    let idx = match idx {
        Ok(idx) => idx,
        Err(msg) => {
            set_error(ErrorKind::ValueError, msg.to_string());
            return 1;
        }
    };
    for (k, i) in idx.into_iter().enumerate() {
        // SAFETY: by the contract.
        unsafe {
            if src.is_null() {
                out.cast::<i64>().add(k).write_unaligned(i);
            } else {
                std::ptr::copy_nonoverlapping(
                    src.offset(i as isize * stride as isize),
                    out.add(k * itemsize as usize),
                    itemsize as usize,
                );
            }
        }
    }
    0
}

impl RandomState {
    /// The `n` indices of `RandomState.choice` from a population of `pop` (the population
    /// checks are the caller's): NumPy's draws, in NumPy's order.
    pub fn choice_indices(
        &mut self,
        n: usize,
        pop: usize,
        replace: bool,
        p: Option<&[f64]>,
    ) -> Result<Vec<i64>, &'static str> {
        if let Some(p) = p {
            check_p(p, pop, &LEGACY_P)?;
        }
        if replace {
            return Ok(match p {
                Some(p) => with_p(self, p, n),
                None => {
                    let mut out = vec![0; n];
                    self.fill_randint(&mut out, 0, pop as i64);
                    out
                }
            });
        }
        if n > pop {
            return Err("Cannot take a larger sample than population when 'replace=False'");
        }
        match p {
            Some(p) => with_p_distinct(self, p, n),
            None => {
                let mut perm = self.permutation(pop);
                perm.truncate(n);
                Ok(perm)
            }
        }
    }
}

/// `numpy.random.choice(a, size, replace, p)` on this thread's stream: `n` items drawn from
/// `pop` items (`src`: `itemsize` bytes each, `stride` bytes apart) into `out`, contiguous, or
/// — `src` null — the `n` int64 indices themselves. `p` (null for uniform) holds `p_len`
/// float64s `p_stride` bytes apart. Returns 0, or 1 with NumPy's `ValueError` pending.
///
/// # Safety
/// `out`, `src` and `p` are valid for what they describe.
#[no_mangle]
#[allow(clippy::too_many_arguments)]
pub unsafe extern "C" fn oxjit_rt_legacy_choice(
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
    let probs = unsafe { read_p(p, p_len, p_stride) };
    let idx = with_thread_rng(|r| {
        r.choice_indices(ffi_len(n), ffi_len(pop), replace != 0, probs.as_deref())
    });
    // SAFETY: the indices are below `pop`; `out` has room for `n`.
    unsafe { write_choice(idx, out, src, stride, itemsize) }
}

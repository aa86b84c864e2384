//! Whole-array float64 sums (`numpy.sum(a)`, `numpy.dot(a, b)`, `numpy.sum(a * b)` of
//! contiguous 1-D arrays) for serial compiled code, with the chunks on the thread pool.
//!
//! Compiled code sums an array in chunks of `chunk` rows (the loop stage's array chunking),
//! each by [`super::oxjit_rt_vsum`] / [`super::oxjit_rt_vdot`], and folds the partials into its
//! total in chunk order. These routines do exactly that — the same chunks, the same routine per
//! chunk, the same fold — but compute the chunks' partials on the pool when the array is large
//! (as NumPy's `dot` runs on every core through BLAS). The result is bit-identical to the
//! serial loop whatever the number of threads.

/// Arrays of at least this many chunks (of 4096 rows: 128 Ki elements) are summed on the pool.
const MIN_PARALLEL_CHUNKS: usize = 32;

/// `init + p0 + p1 + ...` (left to right) over the chunk partials `part(c)`.
fn fold(n: i64, chunk: i64, init: f64, part: impl Fn(usize, usize) -> f64 + Sync + Send) -> f64 {
    let (n, chunk) = (n.max(0) as usize, chunk.max(1) as usize);
    let nchunks = n.div_ceil(chunk);
    let partials = crate::parallel::map_chunks(nchunks, MIN_PARALLEL_CHUNKS, |c| {
        let lo = c * chunk;
        part(lo, (lo + chunk).min(n) - lo)
    });
    partials.into_iter().fold(init, |acc, p| acc + p)
}

/// `init + Σ x[i]` over `n` contiguous doubles, in chunks of `chunk` as compiled code folds
/// them.
///
/// # Safety
/// `x` must be readable for `n` doubles.
pub unsafe extern "C" fn oxjit_rt_vsum_chunked(
    x: *const f64,
    n: i64,
    chunk: i64,
    init: f64,
) -> f64 {
    let xa = x as usize;
    // SAFETY: every chunk lies inside the caller's `n` doubles.
    fold(n, chunk, init, |lo, len| unsafe {
        super::oxjit_rt_vsum((xa as *const f64).add(lo), len as i64)
    })
}

/// `init + Σ x[i]·y[i]` over `n` contiguous doubles, in chunks of `chunk` as compiled code
/// folds them.
///
/// # Safety
/// `x` and `y` must be readable for `n` doubles.
pub unsafe extern "C" fn oxjit_rt_vdot_chunked(
    x: *const f64,
    y: *const f64,
    n: i64,
    chunk: i64,
    init: f64,
) -> f64 {
    let (xa, ya) = (x as usize, y as usize);
    // SAFETY: every chunk lies inside the caller's `n` doubles.
    fold(n, chunk, init, |lo, len| unsafe {
        super::oxjit_rt_vdot(
            (xa as *const f64).add(lo),
            (ya as *const f64).add(lo),
            len as i64,
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The chunked sums equal the serial fold of per-chunk sums, with one thread or several.
    #[test]
    fn chunked_equals_serial_fold() {
        let n = 1_000_003usize;
        let x: Vec<f64> = (0..n)
            .map(|i| ((i * 7919) % 1000) as f64 * 1e-3 + 1e-9)
            .collect();
        let y: Vec<f64> = (0..n)
            .map(|i| ((i * 104729) % 997) as f64 - 498.5)
            .collect();
        let chunk = 4096usize;
        let (mut s, mut d) = (0.0f64, 0.0f64);
        for lo in (0..n).step_by(chunk) {
            let len = chunk.min(n - lo);
            // SAFETY: in bounds.
            unsafe {
                s += super::super::oxjit_rt_vsum(x.as_ptr().add(lo), len as i64);
                d +=
                    super::super::oxjit_rt_vdot(x.as_ptr().add(lo), y.as_ptr().add(lo), len as i64);
            }
        }
        for threads in [1, 2, 3] {
            crate::parallel::set_num_threads(threads).unwrap();
            // SAFETY: `n` doubles each.
            let (cs, cd) = unsafe {
                (
                    oxjit_rt_vsum_chunked(x.as_ptr(), n as i64, chunk as i64, 0.0),
                    oxjit_rt_vdot_chunked(x.as_ptr(), y.as_ptr(), n as i64, chunk as i64, 0.0),
                )
            };
            assert_eq!(cs.to_bits(), s.to_bits());
            assert_eq!(cd.to_bits(), d.to_bits());
        }
        // SAFETY: no elements are read.
        assert_eq!(
            unsafe { oxjit_rt_vsum_chunked(x.as_ptr(), 0, 4096, -0.0) }.to_bits(),
            (-0.0f64).to_bits()
        );
    }
}

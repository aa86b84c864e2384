//! Sums of contiguous float64 runs in a fixed order: `oxjit_rt_vsum(x, n) = Σ x[i]` and
//! `oxjit_rt_vdot(x, y, n) = Σ x[i]·y[i]` (each product rounded, then added: no fused
//! multiply-add, as the compiled element loop computes it).
//!
//! The order is fixed and documented (docs/vmath.md) so that every variant (AVX-512, AVX2,
//! baseline) and every thread count gives the same bits: [`LANES`] accumulators start at
//! `+0.0`; element `i` of the run goes to accumulator `i mod LANES` for the first
//! `LANES·⌊n/LANES⌋` elements, the remaining ones to accumulator 0 in order; then the
//! accumulators are added into accumulator 0 in order 1, 2, …, `LANES - 1`. LLVM vectorises
//! the accumulator array into SIMD registers without reassociating anything.

/// Interleaved accumulators.
pub const LANES: usize = 32;

#[inline(always)]
fn fold(acc: &[f64; LANES]) -> f64 {
    let mut s = acc[0];
    for a in &acc[1..] {
        s += *a;
    }
    s
}

/// # Safety
/// `x` readable for `n` doubles.
#[inline(always)]
pub unsafe fn sum(x: *const f64, n: usize) -> f64 {
    let mut acc = [0.0f64; LANES];
    let groups = n / LANES;
    for g in 0..groups {
        // SAFETY: `LANES` elements from `g·LANES` are in bounds.
        let xs = unsafe { &*x.add(g * LANES).cast::<[f64; LANES]>() };
        for j in 0..LANES {
            acc[j] += xs[j];
        }
    }
    for i in groups * LANES..n {
        // SAFETY: `i < n`.
        acc[0] += unsafe { *x.add(i) };
    }
    fold(&acc)
}

/// # Safety
/// `x` and `y` readable for `n` doubles.
#[inline(always)]
pub unsafe fn dot(x: *const f64, y: *const f64, n: usize) -> f64 {
    let mut acc = [0.0f64; LANES];
    let groups = n / LANES;
    for g in 0..groups {
        // SAFETY: `LANES` elements from `g·LANES` are in bounds of both.
        let (xs, ys) = unsafe {
            (
                &*x.add(g * LANES).cast::<[f64; LANES]>(),
                &*y.add(g * LANES).cast::<[f64; LANES]>(),
            )
        };
        for j in 0..LANES {
            acc[j] += xs[j] * ys[j];
        }
    }
    for i in groups * LANES..n {
        // SAFETY: `i < n`.
        acc[0] += unsafe { *x.add(i) * *y.add(i) };
    }
    fold(&acc)
}

#[cfg(test)]
mod tests {
    use super::super::{oxjit_rt_vdot, oxjit_rt_vsum};
    use super::LANES;

    /// The documented order, written plainly.
    fn reference(x: &[f64], y: Option<&[f64]>) -> f64 {
        let term = |i: usize| y.map_or(x[i], |y| x[i] * y[i]);
        let mut acc = [0.0f64; LANES];
        let full = x.len() / LANES * LANES;
        for i in 0..full {
            acc[i % LANES] += term(i);
        }
        for i in full..x.len() {
            acc[0] += term(i);
        }
        let mut s = acc[0];
        for a in &acc[1..] {
            s += a;
        }
        s
    }

    #[test]
    fn documented_order_bit_for_bit() {
        let x: Vec<f64> = (0..1000)
            .map(|i| ((i * 7919) % 1013) as f64 * 1.1e-3 - 0.5)
            .collect();
        let y: Vec<f64> = (0..1000).map(|i| 1.0 / (i as f64 + 0.3)).collect();
        for n in [0, 1, 31, 32, 33, 100, 999, 1000] {
            // SAFETY: both hold at least `n` doubles.
            let (s, d) = unsafe {
                (
                    oxjit_rt_vsum(x.as_ptr(), n as i64),
                    oxjit_rt_vdot(x.as_ptr(), y.as_ptr(), n as i64),
                )
            };
            assert_eq!(s.to_bits(), reference(&x[..n], None).to_bits(), "sum {n}");
            assert_eq!(
                d.to_bits(),
                reference(&x[..n], Some(&y[..n])).to_bits(),
                "dot {n}"
            );
        }
    }
}

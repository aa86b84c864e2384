//! `numpy.random.multivariate_normal(mean, cov, size)` of the legacy `RandomState`
//! (`mtrand.pyx`), a slot routine ([`crate::slots`]): the standard normals of shape
//! `size + (n,)` drawn first, in order, as NumPy does; then `x @ (sqrt(s)[:, None] * vh)` with
//! `(u, s, vh) = svd(cov)` (faer's SVD, `linalg::decomp::svd`, not LAPACK's: the results agree
//! with NumPy's to rounding, not bit for bit), plus `mean`. `check_valid` is `'warn'`, whose
//! only effect in NumPy is a `RuntimeWarning` for a covariance that is not positive
//! semi-definite: compiled code emits no warning.

use super::state::with_thread_rng;
use crate::linalg::decomp::svd;
use crate::slots::{value_error, Args, Out, Res};

/// The output's leading shape: `size` absent or `None` (none), an int, or a tuple of ints
/// (passed as an int64 array).
fn leading_shape(args: &Args, slot: usize) -> Res<Vec<usize>> {
    let dims: Vec<i64> = if args.is_none(slot) {
        Vec::new()
    } else if let Some(n) = args.int(slot) {
        vec![n]
    } else {
        let a = args.array(slot);
        (0..a.shape[0]).map(|i| a.get_int(i)).collect()
    };
    dims.into_iter()
        .map(|d| usize::try_from(d).or_else(|_| value_error("negative dimensions are not allowed")))
        .collect()
}

/// `numpy.random.multivariate_normal(mean, cov, size=None, check_valid='warn', tol=1e-8)`.
///
/// # Safety
/// `args` and `out` follow [`crate::slots`].
pub unsafe extern "C" fn oxjit_rt_random_multivariate_normal(
    args: *const i64,
    out: *mut i64,
) -> i32 {
    // SAFETY: by the contract.
    let args = unsafe { Args::new(args) };
    // SAFETY: compiled code passes a slot for the result.
    let mut o = unsafe { Out::new(out, false) };
    let r = (|| {
        let (mean, cov) = (args.array(0), args.array(1));
        if mean.ndim != 1 {
            return value_error("mean must be 1 dimensional");
        }
        if cov.ndim != 2 || cov.shape[0] != cov.shape[1] {
            return value_error("cov must be 2 dimensional and square");
        }
        let n = mean.shape[0];
        if n != cov.shape[0] {
            return value_error("mean and cov must have same length");
        }
        let mut shape = leading_shape(&args, 2)?;
        let rows: usize = shape.iter().product();
        shape.push(n);
        let mut x = vec![0.0; rows * n];
        with_thread_rng(|r| r.fill_standard_normal(&mut x));
        let (_, s, v) = svd(cov.matrix().as_ref(), true, "SVD did not converge")?;
        // a[k][j] = sqrt(s[k]) * vh[k][j], with vh = v^T.
        let a: Vec<f64> = (0..n * n)
            .map(|i| s[i / n].sqrt() * v[(i % n, i / n)])
            .collect();
        o.raw(&shape, 8, |data| {
            let out = data.cast::<f64>();
            for row in 0..rows {
                let xr = &x[row * n..(row + 1) * n];
                for j in 0..n {
                    let mut acc = 0.0;
                    for (k, xk) in xr.iter().enumerate() {
                        acc += xk * a[k * n + j];
                    }
                    // SAFETY: the new array holds `rows * n` float64s.
                    unsafe { out.add(row * n + j).write(acc + mean.get(j, 0)) };
                }
            }
        })
    })();
    o.finish(r)
}

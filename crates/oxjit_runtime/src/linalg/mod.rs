//! `numpy.linalg` for compiled code, on faer (pure Rust, no BLAS/LAPACK): one `extern "C"`
//! entry point per NumPy function, all with the calling convention of [`crate::slots`] (argument slots
//! in the NumPy function's parameter order, result slots, a status). Inputs of any layout and
//! dtype are copied into float64 faer matrices; results are new C-contiguous arrays, float32
//! when NumPy keeps float32. Errors are NumPy's: `LinAlgError` with its messages ("Singular
//! matrix", "Matrix is not positive definite", ...), `ValueError` for mismatched shapes.

pub(crate) mod decomp;
mod eig;
pub mod product;

pub use eig::{
    oxjit_rt_linalg_eig, oxjit_rt_linalg_eigh, oxjit_rt_linalg_eigvals, oxjit_rt_linalg_eigvalsh,
};

use crate::slots::{self as abi, value_error, Args, Out, Res};
use decomp::{require_2d, require_square};

/// Run a routine: stage its results, write them on success, map a panic to an error.
fn run(out: *mut i64, single: bool, f: impl FnOnce(&mut Out) -> Res<()>) -> i32 {
    // SAFETY: compiled code passes a slot per result.
    let mut o = unsafe { Out::new(out, single) };
    let r = match std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| f(&mut o))) {
        Ok(r) => r,
        Err(_) => {
            crate::errors::set_error(
                crate::errors::ErrorKind::RuntimeError,
                "internal error in numpy.linalg (this is a bug in oxjit, please report it)".into(),
            );
            Err(abi::Failed)
        }
    };
    o.finish(r)
}

/// The default cut-off of small singular values: `eps * max(m, n)` of the result dtype.
fn default_rcond(m: usize, n: usize, single: bool) -> f64 {
    let eps = if single {
        f32::EPSILON as f64
    } else {
        f64::EPSILON
    };
    eps * m.max(n) as f64
}

/// `numpy.linalg.solve(a, b)`: `b` a vector or a matrix of right-hand sides.
///
/// # Safety
/// `args` and `out` follow [`crate::slots`].
pub unsafe extern "C" fn oxjit_rt_linalg_solve(args: *const i64, out: *mut i64) -> i32 {
    // SAFETY: by the contract.
    let args = unsafe { Args::new(args) };
    let (a, b) = (args.array(0), args.array(1));
    run(out, a.single() && b.single(), |o| {
        require_square(&a)?;
        let m = a.shape[0];
        if b.shape[0] != m {
            let (name, sig) = if b.ndim == 1 {
                ("solve1", "(m,m),(m)->(m)")
            } else {
                ("solve", "(m,m),(m,n)->(m,n)")
            };
            return value_error(format!(
                "{name}: Input operand 1 has a mismatch in its core dimension 0, with gufunc \
                 signature {sig} (size {} is different from {m})",
                b.shape[0]
            ));
        }
        let x = decomp::solve(a.matrix(), b.columns())?;
        if b.ndim == 1 {
            o.array(&[m], |i, _| x[(i, 0)])
        } else {
            o.matrix(x.as_ref())
        }
    })
}

/// `numpy.linalg.inv(a)`.
///
/// # Safety
/// `args` and `out` follow [`crate::slots`].
pub unsafe extern "C" fn oxjit_rt_linalg_inv(args: *const i64, out: *mut i64) -> i32 {
    // SAFETY: by the contract.
    let a = unsafe { Args::new(args) }.array(0);
    run(out, a.single(), |o| {
        require_square(&a)?;
        o.matrix(decomp::inv(a.matrix())?.as_ref())
    })
}

/// `numpy.linalg.det(a)`.
///
/// # Safety
/// `args` and `out` follow [`crate::slots`].
pub unsafe extern "C" fn oxjit_rt_linalg_det(args: *const i64, out: *mut i64) -> i32 {
    // SAFETY: by the contract.
    let a = unsafe { Args::new(args) }.array(0);
    run(out, a.single(), |o| {
        require_square(&a)?;
        o.float(decomp::det(a.matrix()));
        Ok(())
    })
}

/// `numpy.linalg.slogdet(a)`: `(sign, logabsdet)`.
///
/// # Safety
/// `args` and `out` follow [`crate::slots`].
pub unsafe extern "C" fn oxjit_rt_linalg_slogdet(args: *const i64, out: *mut i64) -> i32 {
    // SAFETY: by the contract.
    let a = unsafe { Args::new(args) }.array(0);
    run(out, a.single(), |o| {
        require_square(&a)?;
        let (s, l) = decomp::slogdet(a.matrix());
        o.float(s);
        o.float(l);
        Ok(())
    })
}

/// `numpy.linalg.lstsq(a, b, rcond=None)`: `(x, residuals, rank, s)`.
///
/// # Safety
/// `args` and `out` follow [`crate::slots`].
pub unsafe extern "C" fn oxjit_rt_linalg_lstsq(args: *const i64, out: *mut i64) -> i32 {
    // SAFETY: by the contract.
    let args = unsafe { Args::new(args) };
    let (a, b) = (args.array(0), args.array(1));
    let single = a.single() && b.single();
    run(out, single, |o| {
        require_2d(&a)?;
        let [m, n] = a.shape;
        let rcond = match args.float(2) {
            Some(r) if r >= 0.0 => r,
            _ => default_rcond(m, n, single),
        };
        let r = decomp::lstsq(a.matrix().as_ref(), b.columns(), rcond)?;
        if b.ndim == 1 {
            o.array(&[n], |i, _| r.x[(i, 0)])?;
        } else {
            o.matrix(r.x.as_ref())?;
        }
        o.vector(&r.residuals)?;
        o.int(r.rank);
        o.vector(&r.s)
    })
}

/// `numpy.linalg.svd(a, full_matrices=True, compute_uv=True, hermitian=False)`: `(U, S, Vh)`,
/// or `S` alone when `compute_uv` is false.
///
/// # Safety
/// `args` and `out` follow [`crate::slots`].
pub unsafe extern "C" fn oxjit_rt_linalg_svd(args: *const i64, out: *mut i64) -> i32 {
    // SAFETY: by the contract.
    let args = unsafe { Args::new(args) };
    let a = args.array(0);
    run(out, a.single(), |o| {
        require_2d(&a)?;
        if !args.flag(2, true) {
            let s = decomp::singular_values(a.matrix().as_ref(), "SVD did not converge")?;
            return o.vector(&s);
        }
        let full = args.flag(1, true);
        let (u, s, v) = decomp::svd(a.matrix().as_ref(), full, "SVD did not converge")?;
        o.matrix(u.as_ref())?;
        o.vector(&s)?;
        o.matrix(v.transpose())
    })
}

/// `numpy.linalg.qr(a)` (mode `'reduced'`): `(Q, R)`.
///
/// # Safety
/// `args` and `out` follow [`crate::slots`].
pub unsafe extern "C" fn oxjit_rt_linalg_qr(args: *const i64, out: *mut i64) -> i32 {
    // SAFETY: by the contract.
    let a = unsafe { Args::new(args) }.array(0);
    run(out, a.single(), |o| {
        require_2d(&a)?;
        let (q, r) = decomp::qr(a.matrix().as_ref());
        o.matrix(q.as_ref())?;
        o.matrix(r.as_ref())
    })
}

/// `numpy.linalg.cholesky(a, *, upper=False)`.
///
/// # Safety
/// `args` and `out` follow [`crate::slots`].
pub unsafe extern "C" fn oxjit_rt_linalg_cholesky(args: *const i64, out: *mut i64) -> i32 {
    // SAFETY: by the contract.
    let args = unsafe { Args::new(args) };
    let a = args.array(0);
    run(out, a.single(), |o| {
        require_square(&a)?;
        let l = decomp::cholesky(a.matrix().as_ref())?;
        if args.flag(1, false) {
            o.matrix(l.transpose())
        } else {
            o.matrix(l.as_ref())
        }
    })
}

/// `numpy.linalg.pinv(a, rcond=None, hermitian=False)`.
///
/// # Safety
/// `args` and `out` follow [`crate::slots`].
pub unsafe extern "C" fn oxjit_rt_linalg_pinv(args: *const i64, out: *mut i64) -> i32 {
    // SAFETY: by the contract.
    let args = unsafe { Args::new(args) };
    let a = args.array(0);
    run(out, a.single(), |o| {
        require_2d(&a)?;
        let [m, n] = a.shape;
        let rcond = args
            .float(1)
            .unwrap_or_else(|| default_rcond(m, n, a.single()));
        o.matrix(decomp::pinv(a.matrix().as_ref(), rcond)?.as_ref())
    })
}

/// `numpy.linalg.matrix_rank(A, tol=None, hermitian=False)`.
///
/// # Safety
/// `args` and `out` follow [`crate::slots`].
pub unsafe extern "C" fn oxjit_rt_linalg_matrix_rank(args: *const i64, out: *mut i64) -> i32 {
    // SAFETY: by the contract.
    let args = unsafe { Args::new(args) };
    let a = args.array(0);
    run(out, false, |o| {
        if a.ndim < 2 {
            let n = a.shape[0];
            o.int((0..n).any(|i| a.get(i, 0) != 0.0) as i64);
            return Ok(());
        }
        let s = decomp::singular_values(a.matrix().as_ref(), "SVD did not converge")?;
        let smax = s.iter().copied().fold(0.0, f64::max);
        let [m, n] = a.shape;
        let tol = args
            .float(1)
            .unwrap_or_else(|| smax * default_rcond(m, n, a.single()));
        o.int(s.iter().filter(|x| **x > tol).count() as i64);
        Ok(())
    })
}

/// `numpy.linalg.norm(x, ord=None, axis=None)`: a number, or a vector of norms along `axis`.
///
/// # Safety
/// `args` and `out` follow [`crate::slots`].
pub unsafe extern "C" fn oxjit_rt_linalg_norm(args: *const i64, out: *mut i64) -> i32 {
    // SAFETY: by the contract.
    let args = unsafe { Args::new(args) };
    let x = args.array(0);
    let ord = args.float(1);
    run(out, x.single(), |o| {
        let Some(axis) = args.int(2) else {
            if x.ndim == 2 {
                o.float(decomp::matrix_norm(x.matrix().as_ref(), ord)?);
            } else {
                let v: Vec<f64> = (0..x.shape[0]).map(|i| x.get(i, 0)).collect();
                o.float(decomp::vector_norm(&v, ord)?);
            }
            return Ok(());
        };
        let nd = x.ndim as i64;
        if axis < -nd || axis >= nd {
            return value_error(format!(
                "axis {axis} is out of bounds for array of dimension {nd}"
            ));
        }
        let axis = if axis < 0 { axis + nd } else { axis } as usize;
        if x.ndim == 1 {
            let v: Vec<f64> = (0..x.shape[0]).map(|i| x.get(i, 0)).collect();
            o.float(decomp::vector_norm(&v, ord)?);
            return Ok(());
        }
        let [m, n] = x.shape;
        let lanes = if axis == 0 { n } else { m };
        let mut norms = Vec::with_capacity(lanes);
        for k in 0..lanes {
            let v: Vec<f64> = if axis == 0 {
                (0..m).map(|i| x.get(i, k)).collect()
            } else {
                (0..n).map(|j| x.get(k, j)).collect()
            };
            norms.push(decomp::vector_norm(&v, ord)?);
        }
        o.vector(&norms)
    })
}

/// `numpy.linalg.matrix_power(a, n)`.
///
/// # Safety
/// `args` and `out` follow [`crate::slots`].
pub unsafe extern "C" fn oxjit_rt_linalg_matrix_power(args: *const i64, out: *mut i64) -> i32 {
    // SAFETY: by the contract.
    let args = unsafe { Args::new(args) };
    let a = args.array(0);
    let p = args.int(1).unwrap_or(1);
    run(out, a.single(), |o| {
        require_square(&a)?;
        o.matrix(decomp::matrix_power(a.matrix().as_ref(), p)?.as_ref())
    })
}

/// `numpy.linalg.cond(x, p=None)`.
///
/// # Safety
/// `args` and `out` follow [`crate::slots`].
pub unsafe extern "C" fn oxjit_rt_linalg_cond(args: *const i64, out: *mut i64) -> i32 {
    // SAFETY: by the contract.
    let args = unsafe { Args::new(args) };
    let x = args.array(0);
    let p = args.float(1);
    run(out, x.single(), |o| {
        require_2d(&x)?;
        let r = match p {
            None => svd_cond(&x, false)?,
            Some(2.0) => svd_cond(&x, false)?,
            Some(-2.0) => svd_cond(&x, true)?,
            Some(q) => {
                require_square(&x)?;
                let n = x.shape[0];
                let m = x.matrix();
                // A singular matrix has a NaN inverse here (NumPy ignores the error).
                let inv = match decomp::inv(m.clone()) {
                    Ok(inv) => inv,
                    Err(_) => {
                        crate::errors::take_error();
                        faer::Mat::from_fn(n, n, |_, _| f64::NAN)
                    }
                };
                decomp::matrix_norm(m.as_ref(), Some(q))?
                    * decomp::matrix_norm(inv.as_ref(), Some(q))?
            }
        };
        // NaN becomes inf unless the matrix has NaN entries (as NumPy).
        let has_nan = (0..x.shape[0]).any(|i| (0..x.shape[1]).any(|j| x.get(i, j).is_nan()));
        o.float(if r.is_nan() && !has_nan {
            f64::INFINITY
        } else {
            r
        });
        Ok(())
    })
}

fn svd_cond(x: &abi::ArrayArg, inverse: bool) -> Res<f64> {
    let s = decomp::singular_values(x.matrix().as_ref(), "SVD did not converge")?;
    if s.is_empty() {
        return value_error("zero-size array to reduction operation maximum which has no identity");
    }
    let (hi, lo) = (s[0], s[s.len() - 1]);
    Ok(if inverse { lo / hi } else { hi / lo })
}

//! `numpy.linalg.eig` and `numpy.linalg.eigvals` of a real or complex square matrix, on faer's
//! general (non-symmetric) eigendecomposition, and `eigh`/`eigvalsh` of a complex Hermitian
//! one. Results are always complex (complex128, or complex64 for float32 and complex64 input):
//! NumPy returns real arrays for real input when every eigenvalue is real, a fact known only at
//! run time, while compiled code needs the dtype when it is compiled (`docs/linalg.md`).
//!
//! Each eigenvector is scaled to unit Euclidean norm with its largest component real, as
//! LAPACK's `geev` scales it (LAPACK leaves the sign free; here that component is positive).
//! The order of the eigenvalues is faer's: it may differ from LAPACK's.

use super::decomp::{has_nonfinite, require_square};
use super::field::{is_complex, matrix, put_matrix, put_vector, single};
use super::run;
use crate::slots::{linalg_error, Args, ArrayArg, Res};
use faer::c64;
use faer::{Mat, Side};

/// The eigenvalues, and the eigenvectors (columns) when `vectors`.
fn eig(a: &ArrayArg, vectors: bool) -> Res<(Vec<c64>, Mat<c64>)> {
    require_square(a)?;
    if is_complex(a) {
        let m = matrix::<c64>(a);
        if has_nonfinite(m.as_ref()) {
            return linalg_error("Array must not contain infs or NaNs");
        }
        return decompose(m.nrows(), vectors, || m.eigenvalues(), || m.eigen());
    }
    let m = matrix::<f64>(a);
    if has_nonfinite(m.as_ref()) {
        return linalg_error("Array must not contain infs or NaNs");
    }
    decompose(m.nrows(), vectors, || m.eigenvalues(), || m.eigen())
}

type Values = Result<Vec<c64>, faer::linalg::evd::EvdError>;
type Vectors = Result<faer::linalg::solvers::Eigen<f64>, faer::linalg::evd::EvdError>;

/// Run faer's eigenvalue (`values`) or eigendecomposition (`full`, when `vectors`) routine of
/// an `n` x `n` matrix; eigenvectors are normalised as LAPACK's.
fn decompose(
    n: usize,
    vectors: bool,
    values: impl FnOnce() -> Values,
    full: impl FnOnce() -> Vectors,
) -> Res<(Vec<c64>, Mat<c64>)> {
    if n == 0 {
        return Ok((Vec::new(), Mat::zeros(0, 0)));
    }
    if !vectors {
        return match values() {
            Ok(w) => Ok((w, Mat::zeros(0, 0))),
            Err(_) => linalg_error("Eigenvalues did not converge"),
        };
    }
    let e = match full() {
        Ok(e) => e,
        Err(_) => return linalg_error("Eigenvalues did not converge"),
    };
    let w: Vec<c64> = e.S().column_vector().iter().copied().collect();
    let mut v = e.U().to_owned();
    for j in 0..n {
        normalise(&mut v, j);
    }
    Ok((w, v))
}

/// Scale column `j` (of at least one row) to unit norm with its largest component real and
/// positive.
fn normalise(v: &mut Mat<c64>, j: usize) {
    let n = v.nrows();
    let norm = (0..n).map(|i| v[(i, j)].norm_sqr()).sum::<f64>().sqrt();
    if norm == 0.0 {
        return;
    }
    // The first component of largest modulus, as LAPACK's `idamax` picks it.
    let mut at = 0;
    for i in 1..n {
        if v[(i, j)].norm_sqr() > v[(at, j)].norm_sqr() {
            at = i;
        }
    }
    let big = v[(at, j)];
    // Dividing by `big / |big|` makes that component real and positive.
    let phase = big / big.norm();
    for i in 0..n {
        v[(i, j)] = v[(i, j)] / phase / norm;
    }
}

/// `numpy.linalg.eig(a)`: `(eigenvalues, eigenvectors)`, complex.
///
/// # Safety
/// `args` and `out` follow [`crate::slots`].
pub unsafe extern "C" fn oxjit_rt_linalg_eig(args: *const i64, out: *mut i64) -> i32 {
    // SAFETY: by the contract.
    let a = unsafe { Args::new(args) }.array(0);
    run(out, single(&a), |o| {
        let (w, v) = eig(&a, true)?;
        put_vector(o, &w)?;
        put_matrix(o, v.as_ref())
    })
}

/// `numpy.linalg.eigvals(a)`, complex.
///
/// # Safety
/// `args` and `out` follow [`crate::slots`].
pub unsafe extern "C" fn oxjit_rt_linalg_eigvals(args: *const i64, out: *mut i64) -> i32 {
    // SAFETY: by the contract.
    let a = unsafe { Args::new(args) }.array(0);
    run(out, single(&a), |o| {
        let (w, _) = eig(&a, false)?;
        put_vector(o, &w)
    })
}

/// Eigenvalues (ascending) and eigenvectors of the Hermitian matrix whose lower triangle `a`
/// holds (the imaginary parts of its diagonal are ignored, as LAPACK's `heevd` does).
fn eigh_complex(a: &ArrayArg, vectors: bool) -> Res<(Vec<f64>, Mat<c64>)> {
    let n = a.shape[0];
    if n == 0 {
        return Ok((Vec::new(), Mat::zeros(0, 0)));
    }
    let low = Mat::from_fn(n, n, |i, j| {
        let (re, im) = a.get_complex(i.max(j), i.min(j));
        match i.cmp(&j) {
            std::cmp::Ordering::Equal => c64::new(re, 0.0),
            std::cmp::Ordering::Greater => c64::new(re, im),
            std::cmp::Ordering::Less => c64::new(re, -im),
        }
    });
    if vectors {
        match low.self_adjoint_eigen(Side::Lower) {
            Ok(e) => Ok((
                e.S().column_vector().iter().map(|x| x.re).collect(),
                e.U().to_owned(),
            )),
            Err(_) => linalg_error("Eigenvalues did not converge"),
        }
    } else {
        match low.self_adjoint_eigenvalues(Side::Lower) {
            Ok(w) => Ok((w, Mat::zeros(0, 0))),
            Err(_) => linalg_error("Eigenvalues did not converge"),
        }
    }
}

/// `numpy.linalg.eigh(a)`: `(eigenvalues, eigenvectors)` of the lower triangle.
///
/// # Safety
/// `args` and `out` follow [`crate::slots`].
pub unsafe extern "C" fn oxjit_rt_linalg_eigh(args: *const i64, out: *mut i64) -> i32 {
    // SAFETY: by the contract.
    let a = unsafe { Args::new(args) }.array(0);
    run(out, single(&a), |o| {
        require_square(&a)?;
        if is_complex(&a) {
            let (w, v) = eigh_complex(&a, true)?;
            o.vector(&w)?;
            return put_matrix(o, v.as_ref());
        }
        let (w, v) = super::decomp::eigh(&a, true)?;
        o.vector(&w)?;
        o.matrix(v.as_ref())
    })
}

/// `numpy.linalg.eigvalsh(a)`.
///
/// # Safety
/// `args` and `out` follow [`crate::slots`].
pub unsafe extern "C" fn oxjit_rt_linalg_eigvalsh(args: *const i64, out: *mut i64) -> i32 {
    // SAFETY: by the contract.
    let a = unsafe { Args::new(args) }.array(0);
    run(out, single(&a), |o| {
        require_square(&a)?;
        let w = if is_complex(&a) {
            eigh_complex(&a, false)?.0
        } else {
            super::decomp::eigh(&a, false)?.0
        };
        o.vector(&w)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_are_unit_eigenvectors() {
        let m = Mat::from_fn(3, 3, |i, j| {
            [[0.0, 1.0, 2.0], [-1.0, 0.0, 3.0], [0.5, 0.2, 1.0]][i][j]
        });
        let Ok(e) = m.eigen() else {
            panic!("no eigendecomposition")
        };
        let mut v = e.U().to_owned();
        for j in 0..3 {
            normalise(&mut v, j);
            let w = e.S().column_vector()[j];
            let norm: f64 = (0..3).map(|i| v[(i, j)].norm_sqr()).sum();
            assert!((norm - 1.0).abs() < 1e-12);
            for i in 0..3 {
                let av: c64 = (0..3).map(|k| v[(k, j)] * m[(i, k)]).sum();
                assert!((av - w * v[(i, j)]).norm() < 1e-12);
            }
        }
    }
}

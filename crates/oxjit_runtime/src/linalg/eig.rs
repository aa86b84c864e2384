//! `numpy.linalg.eig` and `numpy.linalg.eigvals` of a real square matrix, on faer's general
//! (non-symmetric) eigendecomposition. Results are always complex (complex128, or complex64 for
//! float32 input): NumPy returns real arrays when every eigenvalue is real, a fact known only at
//! run time, while compiled code needs the dtype when it is compiled (`docs/linalg.md`).
//!
//! Each eigenvector is scaled to unit Euclidean norm with its largest component real, as
//! LAPACK's `geev` scales it (LAPACK leaves the sign free; here that component is positive).
//! The order of the eigenvalues is faer's: it may differ from LAPACK's.

use super::decomp::{has_nonfinite, require_square};
use super::run;
use crate::slots::{linalg_error, Args, Out, Res};
use faer::c64;
use faer::Mat;

/// The eigenvalues, and the eigenvectors (columns) when `vectors`.
fn eig(a: &crate::slots::ArrayArg, vectors: bool) -> Res<(Vec<c64>, Mat<c64>)> {
    require_square(a)?;
    let m = a.matrix();
    if has_nonfinite(m.as_ref()) {
        return linalg_error("Array must not contain infs or NaNs");
    }
    let n = m.nrows();
    if n == 0 {
        return Ok((Vec::new(), Mat::zeros(0, 0)));
    }
    if !vectors {
        return match m.eigenvalues() {
            Ok(w) => Ok((w, Mat::zeros(0, 0))),
            Err(_) => linalg_error("Eigenvalues did not converge"),
        };
    }
    let e = match m.eigen() {
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

/// Scale column `j` to unit norm with its largest component real and positive.
fn normalise(v: &mut Mat<c64>, j: usize) {
    let n = v.nrows();
    let norm = (0..n).map(|i| v[(i, j)].norm_sqr()).sum::<f64>().sqrt();
    if norm == 0.0 {
        return;
    }
    let big = (0..n)
        .max_by(|a, b| v[(*a, j)].norm_sqr().total_cmp(&v[(*b, j)].norm_sqr()))
        .map_or(c64::new(1.0, 0.0), |i| v[(i, j)]);
    // Dividing by `big / |big|` makes that component real and positive.
    let phase = big / big.norm();
    for i in 0..n {
        v[(i, j)] = v[(i, j)] / phase / norm;
    }
}

/// Append a complex vector (complex64 when `single`).
fn complex_array(o: &mut Out, shape: &[usize], items: &[c64], single: bool) -> Res<()> {
    let size = if single { 8 } else { 16 };
    o.raw(shape, size, |p| {
        for (k, v) in items.iter().enumerate() {
            // SAFETY: `p` holds `items.len()` elements of `size` bytes.
            unsafe {
                if single {
                    let p = p as *mut f32;
                    p.add(2 * k).write(v.re as f32);
                    p.add(2 * k + 1).write(v.im as f32);
                } else {
                    let p = p as *mut f64;
                    p.add(2 * k).write(v.re);
                    p.add(2 * k + 1).write(v.im);
                }
            }
        }
    })
}

/// `numpy.linalg.eig(a)`: `(eigenvalues, eigenvectors)`, complex.
///
/// # Safety
/// `args` and `out` follow [`crate::slots`].
pub unsafe extern "C" fn oxjit_rt_linalg_eig(args: *const i64, out: *mut i64) -> i32 {
    // SAFETY: by the contract.
    let a = unsafe { Args::new(args) }.array(0);
    run(out, a.single(), |o| {
        let (w, v) = eig(&a, true)?;
        let n = w.len();
        // C order: row `i` holds component `i` of every eigenvector.
        let rows: Vec<c64> = (0..n * n).map(|k| v[(k / n, k % n)]).collect();
        complex_array(o, &[n], &w, a.single())?;
        complex_array(o, &[n, n], &rows, a.single())
    })
}

/// `numpy.linalg.eigvals(a)`, complex.
///
/// # Safety
/// `args` and `out` follow [`crate::slots`].
pub unsafe extern "C" fn oxjit_rt_linalg_eigvals(args: *const i64, out: *mut i64) -> i32 {
    // SAFETY: by the contract.
    let a = unsafe { Args::new(args) }.array(0);
    run(out, a.single(), |o| {
        let (w, _) = eig(&a, false)?;
        complex_array(o, &[w.len()], &w, a.single())
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

//! The numerics behind `numpy.linalg`, generic over the scalar ([`Field`]: `f64` for real
//! input, `c64` for complex): LU (solve, inverse, determinant), SVD (singular values,
//! pseudo-inverse, least squares, rank, condition number), QR, Cholesky and matrix norms, and
//! the real symmetric eigen-decomposition. Shape checks and NumPy's messages live here too;
//! argument decoding and result allocation are in `crate::slots` and `super::field`.

use super::field::Field;
use crate::slots::{linalg_error, value_error, ArrayArg, Res};

/// Whether some element is NaN.
pub fn has_nan<T: Field>(a: MatRef<'_, T>) -> bool {
    (0..a.ncols()).any(|j| (0..a.nrows()).any(|i| a[(i, j)].nan()))
}

/// Whether some element is NaN or infinite.
pub fn has_nonfinite<T: Field>(a: MatRef<'_, T>) -> bool {
    (0..a.ncols()).any(|j| (0..a.nrows()).any(|i| !a[(i, j)].finite()))
}
use dyn_stack::{MemBuffer, MemStack};
use faer::linalg::lu::partial_pivoting::factor::{
    lu_in_place, lu_in_place_scratch, PartialPivLuParams,
};
use faer::linalg::lu::partial_pivoting::inverse::{inverse as lu_inverse, inverse_scratch};
use faer::linalg::lu::partial_pivoting::solve::{
    solve_in_place as lu_solve_in_place, solve_in_place_scratch,
};
use faer::perm::PermRef;
use faer::{auto, Mat, MatRef, Par, Side, Spec};

/// NumPy's check that an argument has two axes.
pub fn require_2d(a: &ArrayArg) -> Res<()> {
    if a.ndim < 2 {
        return linalg_error(&format!(
            "{}-dimensional array given. Array must be at least two-dimensional",
            a.ndim
        ));
    }
    Ok(())
}

/// NumPy's check that a matrix is square (after [`require_2d`]).
pub fn require_square(a: &ArrayArg) -> Res<()> {
    require_2d(a)?;
    if a.shape[0] != a.shape[1] {
        return linalg_error("Last 2 dimensions of the array must be square");
    }
    Ok(())
}

/// An LU factorisation with partial pivoting, `L` (unit lower) and `U` sharing one matrix.
/// It is computed in place in the caller's copy of `a`: faer's `PartialPivLu` copies `a`
/// again and then splits `L` and `U` into two more matrices, which cost as much as the
/// factorisation itself at 500x500 (fresh pages for three n x n buffers).
pub struct Lu<T: Field> {
    factors: Mat<T>,
    fwd: Vec<usize>,
    bwd: Vec<usize>,
    /// The number of row swaps (the permutation's sign is `(-1)^swaps`).
    swaps: usize,
}

impl<T: Field> Lu<T> {
    /// Factor a square matrix.
    pub fn new(mut a: Mat<T>) -> Lu<T> {
        let n = a.nrows();
        let (mut fwd, mut bwd) = (vec![0usize; n], vec![0usize; n]);
        // Below 8 columns the factorisation is unblocked; faer's default (16) was 4% slower
        // at 500x500 here.
        let params: Spec<PartialPivLuParams, T> = PartialPivLuParams {
            recursion_threshold: 8,
            ..auto!(T)
        }
        .into();
        let mut scratch = MemBuffer::new(lu_in_place_scratch::<usize, T>(n, n, Par::Seq, params));
        let (info, _) = lu_in_place(
            a.as_mut(),
            &mut fwd,
            &mut bwd,
            Par::Seq,
            MemStack::new(&mut scratch),
            params,
        );
        Lu {
            factors: a,
            fwd,
            bwd,
            swaps: info.transposition_count,
        }
    }

    /// NumPy's "Singular matrix" on an exactly zero pivot (as LAPACK's `getrf` reports it).
    fn nonsingular(self) -> Res<Lu<T>> {
        if self.pivots().any(|d| d == T::real(0.0)) {
            return linalg_error("Singular matrix");
        }
        Ok(self)
    }

    fn pivots(&self) -> impl Iterator<Item = T> + '_ {
        (0..self.factors.nrows()).map(|i| self.factors[(i, i)])
    }

    fn perm(&self) -> PermRef<'_, usize> {
        PermRef::new_checked(&self.fwd, &self.bwd, self.fwd.len())
    }

    /// The sign of the row permutation.
    fn sign(&self) -> T {
        T::real(if self.swaps.is_multiple_of(2) {
            1.0
        } else {
            -1.0
        })
    }
}

/// `x` with `a x = b` (`b` as columns).
pub fn solve<T: Field>(a: Mat<T>, mut b: Mat<T>) -> Res<Mat<T>> {
    let n = a.nrows();
    if n == 0 {
        return Ok(b);
    }
    let lu = Lu::new(a).nonsingular()?;
    let f = lu.factors.as_ref();
    let mut scratch = MemBuffer::new(solve_in_place_scratch::<usize, T>(n, b.ncols(), Par::Seq));
    lu_solve_in_place(
        f,
        f,
        lu.perm(),
        b.as_mut(),
        Par::Seq,
        MemStack::new(&mut scratch),
    );
    Ok(b)
}

/// The inverse of a square matrix.
pub fn inv<T: Field>(a: Mat<T>) -> Res<Mat<T>> {
    let n = a.nrows();
    if n == 0 {
        return Ok(Mat::zeros(0, 0));
    }
    let lu = Lu::new(a).nonsingular()?;
    let f = lu.factors.as_ref();
    let mut out = Mat::zeros(n, n);
    let mut scratch = MemBuffer::new(inverse_scratch::<usize, T>(n, Par::Seq));
    lu_inverse(
        out.as_mut(),
        f,
        f,
        lu.perm(),
        Par::Seq,
        MemStack::new(&mut scratch),
    );
    Ok(out)
}

/// `(sign, log|det|)`, as `numpy.linalg.slogdet` (`(0, -inf)` for a singular matrix). The
/// sign of a complex matrix is the product of the pivots' phases `d / |d|`.
pub fn slogdet<T: Field>(a: Mat<T>) -> (T, f64) {
    if a.nrows() == 0 {
        return (T::real(1.0), 0.0);
    }
    let lu = Lu::new(a);
    let mut sign = lu.sign();
    let mut log = 0.0;
    for d in lu.pivots() {
        if d == T::real(0.0) {
            return (T::real(0.0), f64::NEG_INFINITY);
        }
        if d.nan() {
            return (T::real(f64::NAN), f64::NAN);
        }
        let m = d.modulus();
        sign *= d / T::real(m);
        log += m.ln();
    }
    (sign, log)
}

/// The determinant (the product of the LU pivots, as NumPy computes it).
pub fn det<T: Field>(a: Mat<T>) -> T {
    if a.nrows() == 0 {
        return T::real(1.0);
    }
    let lu = Lu::new(a);
    let mut det = lu.sign();
    for d in lu.pivots() {
        // After an exactly zero pivot faer's later pivots are 0/0; LAPACK stops there.
        if d == T::real(0.0) {
            return T::real(0.0);
        }
        det *= d;
    }
    det
}

/// A singular value decomposition `(U, s, V)`; `full` gives square `U` and `V`. Non-finite
/// input raises NumPy's "SVD did not converge" (`what` names the caller's message).
pub fn svd<T: Field>(a: MatRef<'_, T>, full: bool, what: &str) -> Res<(Mat<T>, Vec<f64>, Mat<T>)> {
    let (m, n) = (a.nrows(), a.ncols());
    let k = m.min(n);
    if has_nonfinite(a) {
        // LAPACK fails on NaN and gives NaN singular values for infinities.
        if has_nan(a) {
            return linalg_error(what);
        }
        let (um, vn) = if full { (m, n) } else { (k, k) };
        let nan = |r, c| Mat::from_fn(r, c, |_, _| T::real(f64::NAN));
        return Ok((nan(m, um), vec![f64::NAN; k], nan(n, vn)));
    }
    if k == 0 {
        let (um, vn) = if full { (m, n) } else { (0, 0) };
        return Ok((
            Mat::identity(m, um.max(k)),
            Vec::new(),
            Mat::identity(n, vn.max(k)),
        ));
    }
    let d = if full { a.svd() } else { a.thin_svd() };
    let Ok(d) = d else {
        return linalg_error(what);
    };
    let s: Vec<f64> = d.S().column_vector().iter().map(|x| x.modulus()).collect();
    Ok((d.U().to_owned(), s, d.V().to_owned()))
}

/// The singular values, largest first.
pub fn singular_values<T: Field>(a: MatRef<'_, T>, what: &str) -> Res<Vec<f64>> {
    if has_nonfinite(a) {
        if has_nan(a) {
            return linalg_error(what);
        }
        return Ok(vec![f64::NAN; a.nrows().min(a.ncols())]);
    }
    if a.nrows().min(a.ncols()) == 0 {
        return Ok(Vec::new());
    }
    match a.singular_values() {
        Ok(s) => Ok(s),
        Err(_) => linalg_error(what),
    }
}

/// `pinv(a)` from the thin SVD, singular values at most `cutoff * s_max` dropped.
pub fn pinv<T: Field>(a: MatRef<'_, T>, rcond: f64) -> Res<Mat<T>> {
    let (m, n) = (a.nrows(), a.ncols());
    if m.min(n) == 0 {
        return Ok(Mat::zeros(n, m));
    }
    let (u, s, v) = svd(a, false, "SVD did not converge")?;
    let cut = rcond * s.iter().copied().fold(0.0, f64::max);
    // pinv = V diag(1/s) U^H over the kept (leading) singular values.
    let r = s.iter().take_while(|x| **x > cut).count();
    let vs = Mat::from_fn(n, r, |i, j| v[(i, j)] / T::real(s[j]));
    Ok(&vs * u.get(.., ..r).adjoint())
}

/// The result of `lstsq`: solution, residuals, rank and singular values.
pub struct Lstsq<T: Field> {
    pub x: Mat<T>,
    pub residuals: Vec<f64>,
    pub rank: i64,
    pub s: Vec<f64>,
}

/// The sums of the squared moduli of the columns of `r`.
fn column_sq_sums<T: Field>(r: MatRef<'_, T>) -> Vec<f64> {
    (0..r.ncols())
        .map(|j| (0..r.nrows()).map(|i| r[(i, j)].modulus_sqr()).sum())
        .collect()
}

/// The minimum-norm least-squares solution as LAPACK's `gelsd` gives it.
pub fn lstsq<T: Field>(a: MatRef<'_, T>, b: Mat<T>, rcond: f64) -> Res<Lstsq<T>> {
    let (m, n) = (a.nrows(), a.ncols());
    let k = b.ncols();
    if b.nrows() != m {
        return linalg_error("Incompatible dimensions");
    }
    if m.min(n) == 0 {
        return Ok(Lstsq {
            x: Mat::zeros(n, k),
            residuals: if m > n {
                column_sq_sums(b.as_ref())
            } else {
                Vec::new()
            },
            rank: 0,
            s: Vec::new(),
        });
    }
    if has_nonfinite(a) {
        return linalg_error("SVD did not converge in Linear Least Squares");
    }
    let (u, s, v) = svd(a, false, "SVD did not converge in Linear Least Squares")?;
    let cut = rcond * s.iter().copied().fold(0.0, f64::max);
    let rank = s.iter().filter(|x| **x > cut).count();
    // x = V diag(1/s) U^H b over the kept singular values.
    let utb = u.adjoint() * &b;
    let scaled = Mat::from_fn(s.len(), k, |i, j| {
        if i < rank {
            utb[(i, j)] / T::real(s[i])
        } else {
            T::real(0.0)
        }
    });
    let x = &v * &scaled;
    let residuals = if rank == n && m > n {
        column_sq_sums((&b - a * &x).as_ref())
    } else {
        Vec::new()
    };
    Ok(Lstsq {
        x,
        residuals,
        rank: rank as i64,
        s,
    })
}

/// Eigenvalues (ascending) and eigenvectors of the symmetric matrix whose lower triangle `a`
/// holds.
pub fn eigh(a: &ArrayArg, vectors: bool) -> Res<(Vec<f64>, Mat<f64>)> {
    let n = a.shape[0];
    if n == 0 {
        return Ok((Vec::new(), Mat::zeros(0, 0)));
    }
    let low = Mat::from_fn(n, n, |i, j| if i >= j { a.get(i, j) } else { a.get(j, i) });
    if vectors {
        match low.self_adjoint_eigen(Side::Lower) {
            Ok(e) => Ok((
                e.S().column_vector().iter().copied().collect(),
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

/// The reduced QR factorisation `(Q, R)`.
pub fn qr<T: Field>(a: MatRef<'_, T>) -> (Mat<T>, Mat<T>) {
    let (m, n) = (a.nrows(), a.ncols());
    let k = m.min(n);
    if k == 0 {
        return (Mat::zeros(m, 0), Mat::zeros(0, n));
    }
    let f = a.qr();
    (f.compute_thin_Q(), f.thin_R().to_owned())
}

/// The lower Cholesky factor of the symmetric (Hermitian) matrix whose lower triangle `a`
/// holds.
pub fn cholesky<T: Field>(a: MatRef<'_, T>) -> Res<Mat<T>> {
    let n = a.nrows();
    if n == 0 {
        return Ok(Mat::zeros(0, 0));
    }
    match a.llt(Side::Lower) {
        Ok(f) => {
            let l = f.L();
            Ok(Mat::from_fn(n, n, |i, j| {
                if i >= j {
                    l[(i, j)]
                } else {
                    T::real(0.0)
                }
            }))
        }
        Err(_) => linalg_error("Matrix is not positive definite"),
    }
}

/// `a ** p` for an integer `p` (negative: of the inverse), with NumPy's order of products.
pub fn matrix_power<T: Field>(a: MatRef<'_, T>, p: i64) -> Res<Mat<T>> {
    let n = a.nrows();
    let base = if p < 0 {
        inv(a.to_owned())?
    } else {
        a.to_owned()
    };
    let mut p = p.unsigned_abs();
    Ok(match p {
        0 => Mat::identity(n, n),
        1 => base,
        2 => &base * &base,
        3 => &(&base * &base) * &base,
        _ => {
            let mut z = base;
            let mut result: Option<Mat<T>> = None;
            loop {
                if p & 1 == 1 {
                    result = Some(match result {
                        None => z.clone(),
                        Some(r) => &r * &z,
                    });
                }
                p >>= 1;
                if p == 0 {
                    break;
                }
                z = &z * &z;
            }
            result.unwrap_or_else(|| Mat::identity(n, n))
        }
    })
}

/// The norm of a vector `x` of order `ord` (`None`: 2-norm), on the moduli of its elements.
pub fn vector_norm<T: Field>(x: &[T], ord: Option<f64>) -> Res<f64> {
    let abs = x.iter().map(|v| v.modulus());
    let two = || x.iter().map(|v| v.modulus_sqr()).sum::<f64>().sqrt();
    Ok(match ord {
        None => two(),
        Some(o) if o.is_infinite() => {
            // NumPy takes the maximum from 0 but the minimum of the elements alone.
            if x.is_empty() && o < 0.0 {
                return value_error(
                    "zero-size array to reduction operation minimum which has no identity",
                );
            }
            if x.is_empty() {
                return Ok(0.0);
            }
            let pick = if o > 0.0 { f64::max } else { f64::min };
            abs.reduce(|a, b| {
                if a.is_nan() || b.is_nan() {
                    f64::NAN
                } else {
                    pick(a, b)
                }
            })
            .unwrap_or(0.0)
        }
        Some(0.0) => x.iter().filter(|v| **v != T::real(0.0)).count() as f64,
        Some(1.0) => abs.sum(),
        Some(2.0) => two(),
        Some(o) => abs.map(|v| v.powf(o)).sum::<f64>().powf(1.0 / o),
    })
}

/// The norm of a matrix of order `ord` (`None`: Frobenius), on the moduli of its elements.
pub fn matrix_norm<T: Field>(a: MatRef<'_, T>, ord: Option<f64>) -> Res<f64> {
    let (m, n) = (a.nrows(), a.ncols());
    let col_sums = || (0..n).map(|j| (0..m).map(|i| a[(i, j)].modulus()).sum::<f64>());
    let row_sums = || (0..m).map(|i| (0..n).map(|j| a[(i, j)].modulus()).sum::<f64>());
    let max = |it: &mut dyn Iterator<Item = f64>| it.fold(f64::NEG_INFINITY, nan_max);
    let min = |it: &mut dyn Iterator<Item = f64>| it.fold(f64::INFINITY, nan_min);
    let valid = |o: f64| [1.0, -1.0, 2.0, -2.0, f64::INFINITY, f64::NEG_INFINITY].contains(&o);
    if m == 0 || n == 0 {
        return match ord {
            Some(o) if !valid(o) => value_error("Invalid norm order for matrices."),
            _ => Ok(0.0),
        };
    }
    Ok(match ord {
        None => (0..m)
            .flat_map(|i| (0..n).map(move |j| (i, j)))
            .map(|(i, j)| a[(i, j)].modulus_sqr())
            .sum::<f64>()
            .sqrt(),
        Some(o) if o == 1.0 || o == -1.0 => {
            if o > 0.0 {
                max(&mut col_sums())
            } else {
                min(&mut col_sums())
            }
        }
        Some(o) if o.is_infinite() => {
            if o > 0.0 {
                max(&mut row_sums())
            } else {
                min(&mut row_sums())
            }
        }
        Some(o) if o == 2.0 || o == -2.0 => {
            let s = singular_values(a, "SVD did not converge")?;
            if o > 0.0 {
                s[0]
            } else {
                s[s.len() - 1]
            }
        }
        Some(_) => return value_error("Invalid norm order for matrices."),
    })
}

fn nan_max(a: f64, b: f64) -> f64 {
    if a.is_nan() || b.is_nan() {
        f64::NAN
    } else {
        a.max(b)
    }
}

fn nan_min(a: f64, b: f64) -> f64 {
    if a.is_nan() || b.is_nan() {
        f64::NAN
    } else {
        a.min(b)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use faer::c64;

    fn diag(d: &[c64]) -> Mat<c64> {
        Mat::from_fn(d.len(), d.len(), |i, j| {
            if i == j {
                d[i]
            } else {
                c64::new(0.0, 0.0)
            }
        })
    }

    #[test]
    fn complex_det_and_slogdet_are_the_products_of_the_pivots() {
        let a = diag(&[c64::new(0.0, 1.0), c64::new(2.0, 0.0), c64::new(0.0, -3.0)]);
        assert_eq!(det(a.clone()), c64::new(6.0, 0.0));
        let (sign, log) = slogdet(a);
        assert!((sign - c64::new(1.0, 0.0)).norm() < 1e-15);
        assert!((log - 6f64.ln()).abs() < 1e-15);
        let (sign, log) = slogdet(diag(&[c64::new(0.0, 2.0)]));
        assert!((sign - c64::new(0.0, 1.0)).norm() < 1e-15);
        assert!((log - 2f64.ln()).abs() < 1e-15);
    }

    #[test]
    fn complex_solve_and_inverse() {
        let a = Mat::from_fn(3, 3, |i, j| {
            c64::new((i + 2 * j) as f64 - 1.5, (i * j) as f64 * 0.5) + diag_bonus(i, j)
        });
        let b = Mat::from_fn(3, 1, |i, _| c64::new(i as f64, 1.0));
        let Ok(x) = solve(a.clone(), b.clone()) else {
            panic!("singular")
        };
        let r = &a * &x - &b;
        assert!((0..3).all(|i| r[(i, 0)].norm() < 1e-12));
        let Ok(inv) = inv(a.clone()) else {
            panic!("singular")
        };
        let id = &inv * &a;
        for i in 0..3 {
            for j in 0..3 {
                let want = if i == j { 1.0 } else { 0.0 };
                assert!((id[(i, j)] - c64::new(want, 0.0)).norm() < 1e-12);
            }
        }
    }

    fn diag_bonus(i: usize, j: usize) -> c64 {
        if i == j {
            c64::new(5.0, 1.0)
        } else {
            c64::new(0.0, 0.0)
        }
    }

    #[test]
    fn complex_singular_values_and_norms_use_moduli() {
        let a = diag(&[c64::new(3.0, 4.0), c64::new(0.0, -1.0)]);
        let Ok(s) = singular_values(a.as_ref(), "SVD did not converge") else {
            panic!("no convergence")
        };
        assert!((s[0] - 5.0).abs() < 1e-12 && (s[1] - 1.0).abs() < 1e-12);
        let fro = matrix_norm(a.as_ref(), None).ok();
        assert!(fro.is_some_and(|f| (f - 26f64.sqrt()).abs() < 1e-12));
        let v = [c64::new(3.0, 4.0), c64::new(0.0, 0.0)];
        assert_eq!(vector_norm(&v, Some(1.0)).ok(), Some(5.0));
        assert_eq!(vector_norm(&v, Some(0.0)).ok(), Some(1.0));
    }
}

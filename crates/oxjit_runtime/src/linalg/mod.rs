//! `numpy.linalg` for compiled code, on faer (pure Rust, no BLAS/LAPACK): one `extern "C"`
//! entry point per NumPy function, all with the calling convention of [`crate::slots`] (argument slots
//! in the NumPy function's parameter order, result slots, a status). Inputs of any layout and
//! dtype are copied into faer matrices of float64, or of complex128 when an input is complex
//! (`field`: one generic body serves both); results are new C-contiguous arrays, float32 or
//! complex64 when NumPy keeps single precision. Errors are NumPy's: `LinAlgError` with its
//! messages ("Singular matrix", "Matrix is not positive definite", ...), `ValueError` for
//! mismatched shapes.

pub(crate) mod decomp;
mod eig;
mod field;
pub mod product;

pub use eig::{
    oxjit_rt_linalg_eig, oxjit_rt_linalg_eigh, oxjit_rt_linalg_eigvals, oxjit_rt_linalg_eigvalsh,
};

use crate::slots::{self as abi, value_error, Args, ArrayArg, Out, Res};
use decomp::{require_2d, require_square};
use faer::c64;
use field::{columns, elements, is_complex, matrix, put, put_adjoint, put_matrix, single, Field};

/// Call the generic routine `f` with the scalar of the input: `c64` when `complex`, else
/// `f64`.
macro_rules! by_field {
    ($complex:expr, $f:ident($($arg:expr),* $(,)?)) => {
        if $complex {
            $f::<c64>($($arg),*)
        } else {
            $f::<f64>($($arg),*)
        }
    };
}
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

/// `numpy.linalg.solve(a, b)`: `b` a vector or a matrix of right-hand sides. A complex `a`
/// or `b` makes both complex (NumPy's promotion); results are single precision only when
/// both are.
///
/// # Safety
/// `args` and `out` follow [`crate::slots`].
pub unsafe extern "C" fn oxjit_rt_linalg_solve(args: *const i64, out: *mut i64) -> i32 {
    // SAFETY: by the contract.
    let args = unsafe { Args::new(args) };
    let (a, b) = (args.array(0), args.array(1));
    run(out, single(&a) && single(&b), |o| {
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
        by_field!(is_complex(&a) || is_complex(&b), solve(&a, &b, o))
    })
}

fn solve<T: Field>(a: &ArrayArg, b: &ArrayArg, o: &mut Out) -> Res<()> {
    let x = decomp::solve(matrix::<T>(a), columns(b))?;
    if b.ndim == 1 {
        put(o, &[a.shape[0]], |i, _| x[(i, 0)])
    } else {
        put_matrix(o, x.as_ref())
    }
}

/// `numpy.linalg.inv(a)`.
///
/// # Safety
/// `args` and `out` follow [`crate::slots`].
pub unsafe extern "C" fn oxjit_rt_linalg_inv(args: *const i64, out: *mut i64) -> i32 {
    // SAFETY: by the contract.
    let a = unsafe { Args::new(args) }.array(0);
    run(out, single(&a), |o| {
        require_square(&a)?;
        by_field!(is_complex(&a), inv(&a, o))
    })
}

fn inv<T: Field>(a: &ArrayArg, o: &mut Out) -> Res<()> {
    put_matrix(o, decomp::inv(matrix::<T>(a))?.as_ref())
}

/// `numpy.linalg.det(a)` (a complex number for complex input).
///
/// # Safety
/// `args` and `out` follow [`crate::slots`].
pub unsafe extern "C" fn oxjit_rt_linalg_det(args: *const i64, out: *mut i64) -> i32 {
    // SAFETY: by the contract.
    let a = unsafe { Args::new(args) }.array(0);
    run(out, single(&a), |o| {
        require_square(&a)?;
        by_field!(is_complex(&a), det(&a, o))
    })
}

fn det<T: Field>(a: &ArrayArg, o: &mut Out) -> Res<()> {
    T::push(o, decomp::det(matrix::<T>(a)));
    Ok(())
}

/// `numpy.linalg.slogdet(a)`: `(sign, logabsdet)` (the sign complex for complex input).
///
/// # Safety
/// `args` and `out` follow [`crate::slots`].
pub unsafe extern "C" fn oxjit_rt_linalg_slogdet(args: *const i64, out: *mut i64) -> i32 {
    // SAFETY: by the contract.
    let a = unsafe { Args::new(args) }.array(0);
    run(out, single(&a), |o| {
        require_square(&a)?;
        by_field!(is_complex(&a), slogdet(&a, o))
    })
}

fn slogdet<T: Field>(a: &ArrayArg, o: &mut Out) -> Res<()> {
    let (s, l) = decomp::slogdet(matrix::<T>(a));
    T::push(o, s);
    o.float(l);
    Ok(())
}

/// `numpy.linalg.lstsq(a, b, rcond=None)`: `(x, residuals, rank, s)`. Promotion as `solve`.
///
/// # Safety
/// `args` and `out` follow [`crate::slots`].
pub unsafe extern "C" fn oxjit_rt_linalg_lstsq(args: *const i64, out: *mut i64) -> i32 {
    // SAFETY: by the contract.
    let args = unsafe { Args::new(args) };
    let (a, b) = (args.array(0), args.array(1));
    let single = single(&a) && single(&b);
    run(out, single, |o| {
        require_2d(&a)?;
        let [m, n] = a.shape;
        let rcond = match args.float(2) {
            Some(r) if r >= 0.0 => r,
            _ => default_rcond(m, n, single),
        };
        by_field!(is_complex(&a) || is_complex(&b), lstsq(&a, &b, rcond, o))
    })
}

fn lstsq<T: Field>(a: &ArrayArg, b: &ArrayArg, rcond: f64, o: &mut Out) -> Res<()> {
    let r = decomp::lstsq(matrix::<T>(a).as_ref(), columns(b), rcond)?;
    if b.ndim == 1 {
        put(o, &[a.shape[1]], |i, _| r.x[(i, 0)])?;
    } else {
        put_matrix(o, r.x.as_ref())?;
    }
    o.vector(&r.residuals)?;
    o.int(r.rank);
    o.vector(&r.s)
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
    run(out, single(&a), |o| {
        require_2d(&a)?;
        by_field!(is_complex(&a), svd(&a, &args, o))
    })
}

fn svd<T: Field>(a: &ArrayArg, args: &Args, o: &mut Out) -> Res<()> {
    let m = matrix::<T>(a);
    if !args.flag(2, true) {
        let s = decomp::singular_values(m.as_ref(), "SVD did not converge")?;
        return o.vector(&s);
    }
    let full = args.flag(1, true);
    let (u, s, v) = decomp::svd(m.as_ref(), full, "SVD did not converge")?;
    put_matrix(o, u.as_ref())?;
    o.vector(&s)?;
    put_adjoint(o, v.as_ref())
}

/// `numpy.linalg.qr(a)` (mode `'reduced'`): `(Q, R)`.
///
/// # Safety
/// `args` and `out` follow [`crate::slots`].
pub unsafe extern "C" fn oxjit_rt_linalg_qr(args: *const i64, out: *mut i64) -> i32 {
    // SAFETY: by the contract.
    let a = unsafe { Args::new(args) }.array(0);
    run(out, single(&a), |o| {
        require_2d(&a)?;
        by_field!(is_complex(&a), qr(&a, o))
    })
}

fn qr<T: Field>(a: &ArrayArg, o: &mut Out) -> Res<()> {
    let (q, r) = decomp::qr(matrix::<T>(a).as_ref());
    put_matrix(o, q.as_ref())?;
    put_matrix(o, r.as_ref())
}

/// `numpy.linalg.cholesky(a, *, upper=False)` (`upper`: the conjugate transpose of `L`).
///
/// # Safety
/// `args` and `out` follow [`crate::slots`].
pub unsafe extern "C" fn oxjit_rt_linalg_cholesky(args: *const i64, out: *mut i64) -> i32 {
    // SAFETY: by the contract.
    let args = unsafe { Args::new(args) };
    let a = args.array(0);
    run(out, single(&a), |o| {
        require_square(&a)?;
        by_field!(is_complex(&a), cholesky(&a, args.flag(1, false), o))
    })
}

fn cholesky<T: Field>(a: &ArrayArg, upper: bool, o: &mut Out) -> Res<()> {
    let l = decomp::cholesky(matrix::<T>(a).as_ref())?;
    if upper {
        put_adjoint(o, l.as_ref())
    } else {
        put_matrix(o, l.as_ref())
    }
}

/// `numpy.linalg.pinv(a, rcond=None, hermitian=False)`.
///
/// # Safety
/// `args` and `out` follow [`crate::slots`].
pub unsafe extern "C" fn oxjit_rt_linalg_pinv(args: *const i64, out: *mut i64) -> i32 {
    // SAFETY: by the contract.
    let args = unsafe { Args::new(args) };
    let a = args.array(0);
    run(out, single(&a), |o| {
        require_2d(&a)?;
        let [m, n] = a.shape;
        let rcond = args
            .float(1)
            .unwrap_or_else(|| default_rcond(m, n, single(&a)));
        by_field!(is_complex(&a), pinv(&a, rcond, o))
    })
}

fn pinv<T: Field>(a: &ArrayArg, rcond: f64, o: &mut Out) -> Res<()> {
    put_matrix(o, decomp::pinv(matrix::<T>(a).as_ref(), rcond)?.as_ref())
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
        by_field!(is_complex(&a), matrix_rank(&a, &args, o))
    })
}

fn matrix_rank<T: Field>(a: &ArrayArg, args: &Args, o: &mut Out) -> Res<()> {
    if a.ndim < 2 {
        let nonzero = elements::<T>(a).iter().any(|x| *x != T::real(0.0));
        o.int(nonzero as i64);
        return Ok(());
    }
    let s = decomp::singular_values(matrix::<T>(a).as_ref(), "SVD did not converge")?;
    let smax = s.iter().copied().fold(0.0, f64::max);
    let [m, n] = a.shape;
    let tol = args
        .float(1)
        .unwrap_or_else(|| smax * default_rcond(m, n, single(a)));
    o.int(s.iter().filter(|x| **x > tol).count() as i64);
    Ok(())
}

/// `numpy.linalg.norm(x, ord=None, axis=None)`: a number, or a vector of norms along `axis`
/// (real, also for complex input).
///
/// # Safety
/// `args` and `out` follow [`crate::slots`].
pub unsafe extern "C" fn oxjit_rt_linalg_norm(args: *const i64, out: *mut i64) -> i32 {
    // SAFETY: by the contract.
    let args = unsafe { Args::new(args) };
    let x = args.array(0);
    run(out, single(&x), |o| {
        by_field!(is_complex(&x), norm(&x, &args, o))
    })
}

fn norm<T: Field>(x: &ArrayArg, args: &Args, o: &mut Out) -> Res<()> {
    let ord = args.float(1);
    let Some(axis) = args.int(2) else {
        if x.ndim == 2 {
            o.float(decomp::matrix_norm(matrix::<T>(x).as_ref(), ord)?);
        } else {
            o.float(decomp::vector_norm(&elements::<T>(x), ord)?);
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
        o.float(decomp::vector_norm(&elements::<T>(x), ord)?);
        return Ok(());
    }
    let [m, n] = x.shape;
    let lanes = if axis == 0 { n } else { m };
    let mut norms = Vec::with_capacity(lanes);
    for k in 0..lanes {
        let v: Vec<T> = if axis == 0 {
            (0..m).map(|i| T::read(x, i, k)).collect()
        } else {
            (0..n).map(|j| T::read(x, k, j)).collect()
        };
        norms.push(decomp::vector_norm(&v, ord)?);
    }
    o.vector(&norms)
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
    run(out, single(&a), |o| {
        require_square(&a)?;
        by_field!(is_complex(&a), matrix_power(&a, p, o))
    })
}

fn matrix_power<T: Field>(a: &ArrayArg, p: i64, o: &mut Out) -> Res<()> {
    put_matrix(
        o,
        decomp::matrix_power(matrix::<T>(a).as_ref(), p)?.as_ref(),
    )
}

/// `numpy.linalg.cond(x, p=None)` (real, also for complex input).
///
/// # Safety
/// `args` and `out` follow [`crate::slots`].
pub unsafe extern "C" fn oxjit_rt_linalg_cond(args: *const i64, out: *mut i64) -> i32 {
    // SAFETY: by the contract.
    let args = unsafe { Args::new(args) };
    let x = args.array(0);
    let p = args.float(1);
    run(out, single(&x), |o| {
        require_2d(&x)?;
        let r = by_field!(is_complex(&x), cond(&x, p))?;
        o.float(r);
        Ok(())
    })
}

fn cond<T: Field>(x: &ArrayArg, p: Option<f64>) -> Res<f64> {
    let m = matrix::<T>(x);
    let r = match p {
        None | Some(2.0) => svd_cond(m.as_ref(), false)?,
        Some(-2.0) => svd_cond(m.as_ref(), true)?,
        Some(q) => {
            require_square(x)?;
            let n = x.shape[0];
            // A singular matrix has a NaN inverse here (NumPy ignores the error).
            let inv = match decomp::inv(m.clone()) {
                Ok(inv) => inv,
                Err(_) => {
                    crate::errors::take_error();
                    faer::Mat::from_fn(n, n, |_, _| T::real(f64::NAN))
                }
            };
            decomp::matrix_norm(m.as_ref(), Some(q))? * decomp::matrix_norm(inv.as_ref(), Some(q))?
        }
    };
    // NaN becomes inf unless the matrix has NaN entries (as NumPy).
    Ok(if r.is_nan() && !decomp::has_nan(m.as_ref()) {
        f64::INFINITY
    } else {
        r
    })
}

fn svd_cond<T: Field>(m: faer::MatRef<'_, T>, inverse: bool) -> Res<f64> {
    let s = decomp::singular_values(m, "SVD did not converge")?;
    if s.is_empty() {
        return value_error("zero-size array to reduction operation maximum which has no identity");
    }
    let (hi, lo) = (s[0], s[s.len() - 1]);
    Ok(if inverse { lo / hi } else { hi / lo })
}

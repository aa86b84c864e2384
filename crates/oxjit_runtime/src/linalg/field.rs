//! The two scalar types the `numpy.linalg` routines compute in: `f64` for real input (any
//! real dtype, float32 included, is widened) and faer's `c64` for complex input (complex64
//! included). [`Field`] is what the generic routines of `decomp` need beyond faer's
//! `ComplexField`: reading an argument's element, the modulus, and writing results in the
//! dtype NumPy gives (float32/complex64 when [`Out::single`]).

use crate::slots::{ArrayArg, Out, Res, DT_C128, DT_C64, DT_F32};
use faer::traits::ComplexField;
use faer::{c64, Mat, MatRef};
use std::ops::{Add, Div, Mul, MulAssign, Neg, Sub};

/// A scalar of the linear algebra routines: `f64` or `c64`.
pub trait Field:
    ComplexField<Real = f64>
    + Copy
    + Add<Output = Self>
    + Sub<Output = Self>
    + Mul<Output = Self>
    + MulAssign
    + Div<Output = Self>
    + Neg<Output = Self>
{
    /// Element `(i, j)` of `a` (`j` ignored for 1-D); real input to a complex routine has
    /// a zero imaginary part.
    fn read(a: &ArrayArg, i: usize, j: usize) -> Self;
    /// A real number as this scalar.
    fn real(x: f64) -> Self;
    /// The modulus.
    fn modulus(self) -> f64;
    /// The squared modulus.
    fn modulus_sqr(self) -> f64;
    /// The complex conjugate (itself for a real number).
    fn conjugate(self) -> Self;
    /// Whether some part is NaN.
    fn nan(self) -> bool;
    /// Whether every part is finite.
    fn finite(self) -> bool;
    /// Bytes of a result element (`single`: float32 or complex64).
    fn itemsize(single: bool) -> usize;
    /// Write `x` as element `k` of a result array at `p` (rounded when `single`).
    ///
    /// # Safety
    /// `p` holds at least `k + 1` elements of [`Field::itemsize`] bytes.
    unsafe fn write(p: *mut u8, k: usize, x: Self, single: bool);
    /// Append `x` as a number result.
    fn push(o: &mut Out, x: Self);
}

impl Field for f64 {
    fn read(a: &ArrayArg, i: usize, j: usize) -> f64 {
        a.get(i, j)
    }
    fn real(x: f64) -> f64 {
        x
    }
    fn modulus(self) -> f64 {
        self.abs()
    }
    fn modulus_sqr(self) -> f64 {
        self * self
    }
    fn conjugate(self) -> f64 {
        self
    }
    fn nan(self) -> bool {
        self.is_nan()
    }
    fn finite(self) -> bool {
        self.is_finite()
    }
    fn itemsize(single: bool) -> usize {
        if single {
            4
        } else {
            8
        }
    }
    unsafe fn write(p: *mut u8, k: usize, x: f64, single: bool) {
        // SAFETY: by the contract.
        unsafe {
            if single {
                (p as *mut f32).add(k).write(x as f32);
            } else {
                (p as *mut f64).add(k).write(x);
            }
        }
    }
    fn push(o: &mut Out, x: f64) {
        o.float(x);
    }
}

impl Field for c64 {
    fn read(a: &ArrayArg, i: usize, j: usize) -> c64 {
        let (re, im) = a.get_complex(i, j);
        c64::new(re, im)
    }
    fn real(x: f64) -> c64 {
        c64::new(x, 0.0)
    }
    fn modulus(self) -> f64 {
        self.norm()
    }
    fn modulus_sqr(self) -> f64 {
        self.norm_sqr()
    }
    fn conjugate(self) -> c64 {
        self.conj()
    }
    fn nan(self) -> bool {
        self.re.is_nan() || self.im.is_nan()
    }
    fn finite(self) -> bool {
        self.re.is_finite() && self.im.is_finite()
    }
    fn itemsize(single: bool) -> usize {
        if single {
            8
        } else {
            16
        }
    }
    unsafe fn write(p: *mut u8, k: usize, x: c64, single: bool) {
        // SAFETY: by the contract.
        unsafe {
            if single {
                let p = p as *mut f32;
                p.add(2 * k).write(x.re as f32);
                p.add(2 * k + 1).write(x.im as f32);
            } else {
                let p = p as *mut f64;
                p.add(2 * k).write(x.re);
                p.add(2 * k + 1).write(x.im);
            }
        }
    }
    fn push(o: &mut Out, x: c64) {
        o.complex(x.re, x.im);
    }
}

/// Whether `a` holds complex numbers.
pub fn is_complex(a: &ArrayArg) -> bool {
    matches!(a.dtype, DT_C128 | DT_C64)
}

/// Whether results computed from `a` are single precision (float32 or complex64, as NumPy).
pub fn single(a: &ArrayArg) -> bool {
    matches!(a.dtype, DT_F32 | DT_C64)
}

/// The elements of a 2-D array as a faer matrix (any layout is copied).
pub fn matrix<T: Field>(a: &ArrayArg) -> Mat<T> {
    let [m, n] = a.shape;
    Mat::from_fn(m, n, |i, j| T::read(a, i, j))
}

/// A 1-D array as an (n, 1) matrix, a 2-D one as itself.
pub fn columns<T: Field>(a: &ArrayArg) -> Mat<T> {
    if a.ndim == 1 {
        Mat::from_fn(a.shape[0], 1, |i, _| T::read(a, i, 0))
    } else {
        matrix(a)
    }
}

/// The elements of a 1-D array.
pub fn elements<T: Field>(a: &ArrayArg) -> Vec<T> {
    (0..a.shape[0]).map(|i| T::read(a, i, 0)).collect()
}

/// Append a new C-contiguous array of `shape` (one or two axes) filled by `f(i, j)`.
pub fn put<T: Field>(o: &mut Out, shape: &[usize], f: impl Fn(usize, usize) -> T) -> Res<()> {
    let n = if let [_, n] = shape { *n } else { 1 };
    let size: usize = shape.iter().product();
    let single = o.single;
    o.raw(shape, T::itemsize(single), |p| {
        for k in 0..size {
            // SAFETY: the new array holds `size` elements.
            unsafe { T::write(p, k, f(k / n, k % n), single) };
        }
    })
}

/// Append a faer matrix as a 2-D array.
pub fn put_matrix<T: Field>(o: &mut Out, a: MatRef<'_, T>) -> Res<()> {
    put(o, &[a.nrows(), a.ncols()], |i, j| a[(i, j)])
}

/// Append a 1-D array.
pub fn put_vector<T: Field>(o: &mut Out, v: &[T]) -> Res<()> {
    put(o, &[v.len()], |i, _| v[i])
}

/// Append the conjugate transpose of a faer matrix as a 2-D array.
pub fn put_adjoint<T: Field>(o: &mut Out, a: MatRef<'_, T>) -> Res<()> {
    put(o, &[a.ncols(), a.nrows()], |i, j| a[(j, i)].conjugate())
}

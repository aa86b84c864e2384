//! Matrix helpers for compiled code (slot routines, see [`crate::slots`]): `diag` (a vector
//! to a matrix, a matrix to its diagonal, `k`), `diagonal` (`offset`, `axis1`, `axis2`, any
//! number of axes), `trace` (`offset`, matrices), `kron` (any number of axes) and `cross`
//! (3-vectors and rows of 3-vectors). Arithmetic is in the result's dtype as NumPy does it:
//! integers wrap, float32 rounds each operation to float32, bools multiply as `and`.

use crate::errors::{set_error, ErrorKind};
use crate::nd::{axis, broadcast, itemsize, shape_text, NdArray};
use crate::slots::{
    value_error, Args, Failed, Out, DT_BOOL, DT_F32, DT_F64, DT_I32, DT_I64, DT_U8,
};

use crate::slots::run_routine as run;

/// The length of diagonal `k` of an `m` × `n` matrix and its first element `(i, j)`.
fn diagonal_of(m: usize, n: usize, k: i64) -> (usize, usize, usize) {
    let (i0, j0) = if k >= 0 {
        (0, k as usize)
    } else {
        (k.unsigned_abs() as usize, 0)
    };
    let len = if i0 >= m || j0 >= n {
        0
    } else {
        (m - i0).min(n - j0)
    };
    (len, i0, j0)
}

/// The diagonal `offset` of axes `a1`, `a2` of `x`, as the last axis of a view.
fn diagonal_view(x: &NdArray, offset: i64, a1: usize, a2: usize) -> NdArray {
    let (len, i0, j0) = diagonal_of(x.shape[a1], x.shape[a2], offset);
    let mut start = vec![0usize; x.ndim()];
    if len > 0 {
        start[a1] = i0;
        start[a2] = j0;
    }
    let keep: Vec<usize> = (0..x.ndim()).filter(|k| *k != a1 && *k != a2).collect();
    let mut shape: Vec<usize> = keep.iter().map(|k| x.shape[*k]).collect();
    let mut strides: Vec<isize> = keep.iter().map(|k| x.strides[*k]).collect();
    shape.push(len);
    strides.push(x.strides[a1] + x.strides[a2]);
    x.view(x.ptr(&start), shape, strides)
}

/// `numpy.diag(v, k=0)`: a vector on diagonal `k` of a square matrix of zeros, or diagonal
/// `k` of a matrix.
///
/// # Safety
/// `args` and `out` follow [`crate::slots`].
pub unsafe extern "C" fn oxjit_rt_np_diag(args: *const i64, out: *mut i64) -> i32 {
    run(args, out, |args, o| {
        let x = args.nd(0);
        let k = args.int(1).unwrap_or(0);
        let size = x.itemsize();
        if x.ndim() == 2 {
            let d = diagonal_view(&x, k, 0, 1);
            return o.bytes(&d.shape, size, &d.c_bytes(x.dtype));
        }
        let n = x.shape[0];
        let side = n + k.unsigned_abs() as usize;
        let v = x.c_bytes(x.dtype);
        let (_, i0, j0) = diagonal_of(side, side, k);
        o.raw(&[side, side], size, |data| {
            // SAFETY: the new array holds `side * side` elements; the diagonal fits in it.
            unsafe {
                std::ptr::write_bytes(data, 0, side * side * size);
                for i in 0..n {
                    let at = ((i0 + i) * side + j0 + i) * size;
                    std::ptr::copy_nonoverlapping(v.as_ptr().add(i * size), data.add(at), size);
                }
            }
        })
    })
}

/// `numpy.diagonal(a, offset=0, axis1=0, axis2=1)` (also `a.diagonal(...)`): a copy (NumPy:
/// a read-only view).
///
/// # Safety
/// `args` and `out` follow [`crate::slots`].
pub unsafe extern "C" fn oxjit_rt_np_diagonal(args: *const i64, out: *mut i64) -> i32 {
    run(args, out, |args, o| {
        let x = args.nd(0);
        let offset = args.int(1).unwrap_or(0);
        let a1 = axis(args.int(2).unwrap_or(0), x.ndim())?;
        let a2 = axis(args.int(3).unwrap_or(1), x.ndim())?;
        if a1 == a2 {
            return value_error("axis1 and axis2 cannot be the same");
        }
        let d = diagonal_view(&x, offset, a1, a2);
        o.bytes(&d.shape, x.itemsize(), &d.c_bytes(x.dtype))
    })
}

/// NumPy's pairwise summation of `v` (blocks of eight lanes up to 128 items, halves above).
pub(crate) fn pairwise<T: Copy + std::ops::Add<Output = T> + std::ops::AddAssign>(
    v: &[T],
    zero: T,
) -> T {
    let n = v.len();
    if n < 8 {
        return v.iter().fold(zero, |s, x| s + *x);
    }
    if n <= 128 {
        let mut r = [zero; 8];
        r.copy_from_slice(&v[..8]);
        let full = n - n % 8;
        for chunk in v[8..full].chunks(8) {
            for (a, x) in r.iter_mut().zip(chunk) {
                *a += *x;
            }
        }
        let mut s = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
        for x in &v[full..] {
            s += *x;
        }
        return s;
    }
    let mut half = n / 2;
    half -= half % 8;
    pairwise(&v[..half], zero) + pairwise(&v[half..], zero)
}

/// `numpy.trace(a, offset=0)` of a matrix (also `a.trace(...)`): the sum of a diagonal in
/// NumPy's accumulator (int64 for signed integers and bools, uint64 for unsigned, the float
/// dtype for floats, summed pairwise as NumPy's `add.reduce`).
///
/// # Safety
/// `args` and `out` follow [`crate::slots`].
pub unsafe extern "C" fn oxjit_rt_np_trace(args: *const i64, out: *mut i64) -> i32 {
    // SAFETY: compiled code passes a slot per parameter and per result.
    let args = unsafe { Args::new(args) };
    let x = args.nd(0);
    // SAFETY: as above.
    let mut o = unsafe { Out::new(out, x.dtype == DT_F32) };
    let d = diagonal_view(&x, args.int(1).unwrap_or(0), 0, 1);
    let mut items = Vec::with_capacity(d.size());
    let float = matches!(x.dtype, DT_F64 | DT_F32);
    d.for_each(|p| items.push(p));
    if float {
        let vals: Vec<f64> = items
            .iter()
            .map(|p| crate::stats::read_f64(x.dtype, *p))
            .collect();
        // NumPy's reduction: the pairwise sum of the diagonal (float32 in float32).
        let s = if vals.is_empty() {
            0.0
        } else if x.dtype == DT_F32 {
            let v: Vec<f32> = vals.iter().map(|v| *v as f32).collect();
            pairwise(&v, -0.0f32) as f64
        } else {
            pairwise(&vals, -0.0)
        };
        o.float(s);
    } else {
        let s = items.iter().fold(0i64, |s, p| {
            s.wrapping_add(crate::stats::read_i64(x.dtype, *p))
        });
        o.int(s);
    }
    o.finish(Ok(()))
}

/// The product of two elements of dtype `dt` at `a` and `b`, written at `dst`.
///
/// # Safety
/// The pointers address elements of `dt`.
unsafe fn mul(dt: i64, a: *const u8, b: *const u8, dst: *mut u8) {
    macro_rules! op {
        ($t:ty, $f:expr) => {{
            // SAFETY: by the contract.
            let (x, y) = unsafe {
                (
                    (a as *const $t).read_unaligned(),
                    (b as *const $t).read_unaligned(),
                )
            };
            let f: fn($t, $t) -> $t = $f;
            unsafe { (dst as *mut $t).write_unaligned(f(x, y)) };
        }};
    }
    match dt {
        DT_F64 => op!(f64, |x, y| x * y),
        DT_F32 => op!(f32, |x, y| x * y),
        DT_I64 => op!(i64, |x, y| x.wrapping_mul(y)),
        DT_I32 => op!(i32, |x, y| x.wrapping_mul(y)),
        DT_U8 => op!(u8, |x, y| x.wrapping_mul(y)),
        _ => op!(u8, |x, y| ((x != 0) && (y != 0)) as u8),
    }
}

/// `x - y` of dtype `dt` (not bool), written at `dst`.
///
/// # Safety
/// The pointers address elements of `dt`.
unsafe fn sub(dt: i64, a: *const u8, b: *const u8, dst: *mut u8) {
    macro_rules! op {
        ($t:ty, $f:expr) => {{
            // SAFETY: by the contract.
            let (x, y) = unsafe {
                (
                    (a as *const $t).read_unaligned(),
                    (b as *const $t).read_unaligned(),
                )
            };
            let f: fn($t, $t) -> $t = $f;
            unsafe { (dst as *mut $t).write_unaligned(f(x, y)) };
        }};
    }
    match dt {
        DT_F64 => op!(f64, |x, y| x - y),
        DT_F32 => op!(f32, |x, y| x - y),
        DT_I64 => op!(i64, |x, y| x.wrapping_sub(y)),
        DT_I32 => op!(i32, |x, y| x.wrapping_sub(y)),
        _ => op!(u8, |x, y| x.wrapping_sub(y)),
    }
}

/// `numpy.kron(a, b)`: every product `a[i] * b[j]` at `i * b.shape + j`, in the promoted
/// dtype (the array of fewer axes gets leading axes of length 1).
///
/// # Safety
/// `args` and `out` follow [`crate::slots`].
pub unsafe extern "C" fn oxjit_rt_np_kron(args: *const i64, out: *mut i64) -> i32 {
    run(args, out, |args, o| {
        let dt = o.dtype(0);
        let size = itemsize(dt);
        let (a, b) = (args.nd(0), args.nd(1));
        let nd = a.ndim().max(b.ndim());
        let pad = |s: &[usize]| {
            let mut v = vec![1usize; nd - s.len()];
            v.extend(s);
            v
        };
        let (sa, sb) = (pad(&a.shape), pad(&b.shape));
        let shape: Vec<usize> = sa.iter().zip(&sb).map(|(x, y)| x * y).collect();
        let (xa, xb) = (a.c_bytes(dt), b.c_bytes(dt));
        let (na, nb) = (a.size(), b.size());
        o.raw(&shape, size, |data| {
            for i in 0..na {
                // The multi-index of `i` in `sa`.
                let mut ia = vec![0usize; nd];
                let mut r = i;
                for k in (0..nd).rev() {
                    ia[k] = r % sa[k];
                    r /= sa[k];
                }
                for j in 0..nb {
                    let mut r = j;
                    let mut at = 0usize;
                    let mut ib = vec![0usize; nd];
                    for k in (0..nd).rev() {
                        ib[k] = r % sb[k];
                        r /= sb[k];
                    }
                    for k in 0..nd {
                        at = at * shape[k] + ia[k] * sb[k] + ib[k];
                    }
                    // SAFETY: `i`, `j` and `at` are within their arrays.
                    unsafe {
                        mul(
                            dt,
                            xa.as_ptr().add(i * size),
                            xb.as_ptr().add(j * size),
                            data.add(at * size),
                        )
                    };
                }
            }
        })
    })
}

/// `numpy.cross(a, b)` of 3-vectors or rows of 3-vectors (broadcast against each other), in
/// the promoted dtype.
///
/// # Safety
/// `args` and `out` follow [`crate::slots`].
pub unsafe extern "C" fn oxjit_rt_np_cross(args: *const i64, out: *mut i64) -> i32 {
    run(args, out, |args, o| {
        let dt = o.dtype(0);
        let size = itemsize(dt);
        let (a, b) = (args.nd(0), args.nd(1));
        let last = |x: &NdArray| x.shape[x.ndim() - 1];
        if last(&a) != 3 || last(&b) != 3 {
            if matches!(last(&a), 2 | 3) && matches!(last(&b), 2 | 3) {
                return value_error(
                    "oxjit supports cross products of 3-vectors only (NumPy deprecates 2-vectors)",
                );
            }
            return value_error(
                "incompatible dimensions for cross product\n(dimension must be 2 or 3)",
            );
        }
        if dt == DT_BOOL {
            set_error(
                ErrorKind::TypeError,
                "numpy boolean subtract, the `-` operator, is not supported, use the bitwise_xor, \
                 the `^` operator, or the logical_xor function instead."
                    .into(),
            );
            return Err(Failed);
        }
        let rows = |x: &NdArray| if x.ndim() == 2 { x.shape[0] } else { 1 };
        let (ra, rb) = (rows(&a), rows(&b));
        if ra != rb && ra != 1 && rb != 1 {
            return value_error(format!(
                "shape mismatch: objects cannot be broadcast to a single shape.  Mismatch is \
                 between arg 0 with shape {} and arg 1 with shape {}.",
                shape_text(&a.shape[..1]),
                shape_text(&b.shape[..1])
            ));
        }
        let n = ra.max(rb);
        let shape: Vec<usize> = if a.ndim() == 2 || b.ndim() == 2 {
            vec![n, 3]
        } else {
            vec![3]
        };
        let full = |x: &NdArray| broadcast(x, &shape, dt).unwrap_or_default();
        let (xa, xb) = (full(&a), full(&b));
        o.raw(&shape, size, |data| {
            let mut t1 = [0u8; 8];
            let mut t2 = [0u8; 8];
            for r in 0..n {
                let at = |x: &Vec<u8>, k: usize| x.as_ptr().wrapping_add((r * 3 + k) * size);
                for (c, (i, j)) in [(1, 2), (2, 0), (0, 1)].into_iter().enumerate() {
                    // SAFETY: rows of three elements of `dt` in buffers of `n` rows.
                    unsafe {
                        mul(dt, at(&xa, i), at(&xb, j), t1.as_mut_ptr());
                        mul(dt, at(&xa, j), at(&xb, i), t2.as_mut_ptr());
                        sub(dt, t1.as_ptr(), t2.as_ptr(), data.add((r * 3 + c) * size));
                    }
                }
            }
        })
    })
}

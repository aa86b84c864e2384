//! Shape helpers for compiled code (slot routines, see [`crate::slots`]): `expand_dims`,
//! `squeeze` (an int axis), `swapaxes`, `moveaxis`, `broadcast_to`, `meshgrid` (2 or 3
//! arrays, `indexing` as one of the codes below) and `atleast_1d`/`2d`/`3d`. NumPy returns
//! views for most of these; oxjit returns new C-contiguous arrays with the same values
//! (documented in `docs/supported.md`).

use crate::errors::{set_error, ErrorKind};
use crate::nd::{axis, broadcast, shape_text, NdArray};
use crate::slots::{value_error, Args, Failed, Out, Res};

/// `indexing="xy"` (Cartesian: the first two output axes swapped).
pub const INDEXING_XY: i64 = 0;
/// `indexing="ij"` (matrix indexing).
pub const INDEXING_IJ: i64 = 1;

use crate::slots::run_routine as run;

/// A copy of `x`'s elements (C order) seen with `shape`.
fn reshaped(o: &mut Out, x: &NdArray, shape: &[usize]) -> Res<()> {
    o.bytes(shape, x.itemsize(), &x.c_bytes(x.dtype))
}

/// A copy of `x` with its axes in the order `perm`.
fn transposed(o: &mut Out, x: &NdArray, perm: &[usize]) -> Res<()> {
    let v = x.permuted(perm);
    o.bytes(&v.shape, x.itemsize(), &v.c_bytes(x.dtype))
}

/// An axis argument for a named parameter (`source: axis 5 is out of bounds ...`).
fn named_axis(args: &Args, slot: usize, nd: usize, name: &str) -> Res<usize> {
    let k = args.int(slot).unwrap_or(0);
    if k < -(nd as i64) || k >= nd as i64 {
        set_error(
            ErrorKind::AxisError,
            format!("{name}: axis {k} is out of bounds for array of dimension {nd}"),
        );
        return Err(Failed);
    }
    axis(k, nd)
}

/// `numpy.expand_dims(a, axis)` with an int `axis`.
///
/// # Safety
/// `args` and `out` follow [`crate::slots`].
pub unsafe extern "C" fn oxjit_rt_np_expand_dims(args: *const i64, out: *mut i64) -> i32 {
    run(args, out, |args, o| {
        let x = args.nd(0);
        let ax = axis(args.int(1).unwrap_or(0), x.ndim() + 1)?;
        let mut shape = x.shape.clone();
        shape.insert(ax, 1);
        reshaped(o, &x, &shape)
    })
}

/// `numpy.squeeze(a, axis)` with an int `axis`.
///
/// # Safety
/// `args` and `out` follow [`crate::slots`].
pub unsafe extern "C" fn oxjit_rt_np_squeeze(args: *const i64, out: *mut i64) -> i32 {
    run(args, out, |args, o| {
        let x = args.nd(0);
        let ax = axis(args.int(1).unwrap_or(0), x.ndim())?;
        if x.shape[ax] != 1 {
            return value_error(
                "cannot select an axis to squeeze out which has size not equal to one",
            );
        }
        let mut shape = x.shape.clone();
        shape.remove(ax);
        reshaped(o, &x, &shape)
    })
}

/// `numpy.swapaxes(a, axis1, axis2)`.
///
/// # Safety
/// `args` and `out` follow [`crate::slots`].
pub unsafe extern "C" fn oxjit_rt_np_swapaxes(args: *const i64, out: *mut i64) -> i32 {
    run(args, out, |args, o| {
        let x = args.nd(0);
        let nd = x.ndim();
        let a1 = named_axis(args, 1, nd, "axis1")?;
        let a2 = named_axis(args, 2, nd, "axis2")?;
        let mut perm: Vec<usize> = (0..nd).collect();
        perm.swap(a1, a2);
        transposed(o, &x, &perm)
    })
}

/// `numpy.moveaxis(a, source, destination)` with int axes.
///
/// # Safety
/// `args` and `out` follow [`crate::slots`].
pub unsafe extern "C" fn oxjit_rt_np_moveaxis(args: *const i64, out: *mut i64) -> i32 {
    run(args, out, |args, o| {
        let x = args.nd(0);
        let nd = x.ndim();
        let src = named_axis(args, 1, nd, "source")?;
        let dst = named_axis(args, 2, nd, "destination")?;
        let mut perm: Vec<usize> = (0..nd).filter(|k| *k != src).collect();
        perm.insert(dst, src);
        transposed(o, &x, &perm)
    })
}

/// `numpy.broadcast_to(array, shape)`: a copy (NumPy: a read-only view).
///
/// # Safety
/// `args` and `out` follow [`crate::slots`].
pub unsafe extern "C" fn oxjit_rt_np_broadcast_to(args: *const i64, out: *mut i64) -> i32 {
    run(args, out, |args, o| {
        let x = args.nd(0);
        let dims: Vec<i64> = match args.int(1) {
            Some(n) => vec![n],
            None => {
                let v = args.array(1);
                (0..v.shape[0]).map(|k| v.get_int(k)).collect()
            }
        };
        if dims.iter().any(|n| *n < 0) {
            return value_error("all elements of broadcast shape must be non-negative");
        }
        let shape: Vec<usize> = dims.iter().map(|n| *n as usize).collect();
        if x.ndim() > shape.len() {
            return value_error(
                "input operand has more dimensions than allowed by the axis remapping",
            );
        }
        match broadcast(&x, &shape, x.dtype) {
            Some(bytes) => o.bytes(&shape, x.itemsize(), &bytes),
            None => value_error(format!(
                "operands could not be broadcast together with remapped shapes \
                 [original->remapped]: {}  and requested shape {}",
                shape_text(&x.shape).replace(", ", ","),
                shape_text(&shape).replace(", ", ",")
            )),
        }
    })
}

/// `numpy.meshgrid(x1, x2[, x3], indexing="xy")`: one array per input (flattened), each
/// repeated along the other axes.
///
/// # Safety
/// `args` and `out` follow [`crate::slots`].
pub unsafe extern "C" fn oxjit_rt_np_meshgrid(args: *const i64, out: *mut i64) -> i32 {
    run(args, out, |args, o| {
        let xs: Vec<NdArray> = (0..3)
            .filter(|k| !args.is_none(*k))
            .map(|k| args.nd(k))
            .collect();
        let xy = args.int(3).unwrap_or(INDEXING_XY) == INDEXING_XY;
        let mut shape: Vec<usize> = xs.iter().map(|x| x.size()).collect();
        // The output axis each input runs along.
        let mut along: Vec<usize> = (0..xs.len()).collect();
        if xy {
            shape.swap(0, 1);
            along.swap(0, 1);
        }
        for (x, ax) in xs.iter().zip(along) {
            let flat = x.c_bytes(x.dtype);
            let size = x.itemsize();
            let inner: usize = shape[ax + 1..].iter().product();
            let n = shape[ax];
            let total: usize = shape.iter().product();
            o.raw(&shape, size, |data| {
                for k in 0..total {
                    let i = (k / inner.max(1)) % n.max(1);
                    // SAFETY: `k` is within the new array; `i` within the input.
                    unsafe {
                        std::ptr::copy_nonoverlapping(
                            flat.as_ptr().add(i * size),
                            data.add(k * size),
                            size,
                        )
                    };
                }
            })?;
        }
        Ok(())
    })
}

/// `numpy.atleast_1d(a)`, `atleast_2d`, `atleast_3d`: a copy with axes of length 1 added as
/// NumPy adds them.
fn atleast(args: *const i64, out: *mut i64, n: usize) -> i32 {
    run(args, out, |args, o| {
        let x = args.nd(0);
        let shape = match (n, x.shape.as_slice()) {
            (2, [m]) => vec![1, *m],
            (3, [m]) => vec![1, *m, 1],
            (3, [m, k]) => vec![*m, *k, 1],
            (_, s) => s.to_vec(),
        };
        reshaped(o, &x, &shape)
    })
}

/// `numpy.atleast_1d(a)`.
///
/// # Safety
/// `args` and `out` follow [`crate::slots`].
pub unsafe extern "C" fn oxjit_rt_np_atleast_1d(args: *const i64, out: *mut i64) -> i32 {
    atleast(args, out, 1)
}

/// `numpy.atleast_2d(a)`.
///
/// # Safety
/// `args` and `out` follow [`crate::slots`].
pub unsafe extern "C" fn oxjit_rt_np_atleast_2d(args: *const i64, out: *mut i64) -> i32 {
    atleast(args, out, 2)
}

/// `numpy.atleast_3d(a)`.
///
/// # Safety
/// `args` and `out` follow [`crate::slots`].
pub unsafe extern "C" fn oxjit_rt_np_atleast_3d(args: *const i64, out: *mut i64) -> i32 {
    atleast(args, out, 3)
}

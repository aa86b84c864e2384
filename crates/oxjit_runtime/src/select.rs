//! Selecting elements for compiled code (slot routines, see [`crate::slots`]): `nonzero`
//! (also one-argument `where`; a tuple of int64 index vectors, one per axis), `argwhere`,
//! `flatnonzero`, `take` (int or integer-array indices, `axis` None or int; NumPy's default
//! `mode="raise"`) and `a.item()`. Inputs of any layout and number of axes.

use crate::errors::{set_error, ErrorKind};
use crate::nd::{axis, gather_axis, NdArray};
use crate::slots::{value_error, Failed, Out, Res, DT_BOOL};
use crate::stats::{emit, is_float, read_f64, read_i64, Val};

use crate::slots::run_routine as run;

/// The C-order positions of the elements of `x` that are not zero (NaN is not zero).
fn nonzero_positions(x: &NdArray) -> Vec<usize> {
    x.c_bytes(DT_BOOL)
        .iter()
        .enumerate()
        .filter(|(_, b)| **b != 0)
        .map(|(k, _)| k)
        .collect()
}

/// The index along each axis of C-order position `k` in `shape`.
fn unravel(mut k: usize, shape: &[usize]) -> Vec<usize> {
    let mut index = vec![0; shape.len()];
    for (i, n) in shape.iter().enumerate().rev() {
        index[i] = k % n;
        k /= n;
    }
    index
}

/// A new int64 array of `shape` holding `vals`.
fn int64s(o: &mut Out, shape: &[usize], vals: &[i64]) -> Res<()> {
    let bytes: Vec<u8> = vals.iter().flat_map(|v| v.to_ne_bytes()).collect();
    o.bytes(shape, 8, &bytes)
}

/// `numpy.nonzero(a)` (also `a.nonzero()` and `numpy.where(condition)`).
///
/// # Safety
/// `args` and `out` follow [`crate::slots`].
pub unsafe extern "C" fn oxjit_rt_np_nonzero(args: *const i64, out: *mut i64) -> i32 {
    run(args, out, |args, o| {
        let x = args.nd(0);
        let pos = nonzero_positions(&x);
        let idx: Vec<Vec<usize>> = pos.iter().map(|k| unravel(*k, &x.shape)).collect();
        for ax in 0..x.ndim() {
            let v: Vec<i64> = idx.iter().map(|i| i[ax] as i64).collect();
            int64s(o, &[v.len()], &v)?;
        }
        Ok(())
    })
}

/// `numpy.argwhere(a)`: one row of indices per element that is not zero.
///
/// # Safety
/// `args` and `out` follow [`crate::slots`].
pub unsafe extern "C" fn oxjit_rt_np_argwhere(args: *const i64, out: *mut i64) -> i32 {
    run(args, out, |args, o| {
        let x = args.nd(0);
        let pos = nonzero_positions(&x);
        let v: Vec<i64> = pos
            .iter()
            .flat_map(|k| unravel(*k, &x.shape))
            .map(|i| i as i64)
            .collect();
        int64s(o, &[pos.len(), x.ndim()], &v)
    })
}

/// `numpy.flatnonzero(a)`: the C-order positions of the elements that are not zero.
///
/// # Safety
/// `args` and `out` follow [`crate::slots`].
pub unsafe extern "C" fn oxjit_rt_np_flatnonzero(args: *const i64, out: *mut i64) -> i32 {
    run(args, out, |args, o| {
        let x = args.nd(0);
        let v: Vec<i64> = nonzero_positions(&x).iter().map(|k| *k as i64).collect();
        int64s(o, &[v.len()], &v)
    })
}

/// One element of dtype `dt` at `p` as a result value.
fn value(dt: i64, p: *const u8) -> Val {
    if is_float(dt) {
        Val::F(read_f64(dt, p))
    } else {
        Val::I(read_i64(dt, p))
    }
}

/// `numpy.take(a, indices, axis=None)` (also `a.take(...)`): an int index gives one axis less
/// (a number when none is left), an array of indices its own axes in place of `axis`.
///
/// # Safety
/// `args` and `out` follow [`crate::slots`].
pub unsafe extern "C" fn oxjit_rt_np_take(args: *const i64, out: *mut i64) -> i32 {
    run(args, out, |args, o| {
        let x = args.nd(0);
        let (dt, size) = (x.dtype, x.itemsize());
        let (shape, ax) = match args.int(2) {
            None => (vec![x.size()], 0),
            Some(k) => (x.shape.clone(), axis(k, x.ndim())?),
        };
        let n = shape[ax];
        let (raw, ishape): (Vec<i64>, Vec<usize>) = match args.int(1) {
            Some(i) => (vec![i], Vec::new()),
            None => {
                let ind = args.nd(1);
                let mut v = Vec::with_capacity(ind.size());
                ind.for_each(|p| v.push(read_i64(ind.dtype, p)));
                (v, ind.shape.clone())
            }
        };
        // NumPy checks the indices once per step of the axes before `axis` (none when there
        // are none), after refusing a non-empty result from an empty axis.
        let outer: usize = shape[..ax].iter().product();
        let inner: usize = shape[ax + 1..].iter().product();
        if n == 0 && outer * raw.len() * inner != 0 {
            set_error(
                ErrorKind::IndexError,
                "cannot do a non-empty take from an empty axes.".into(),
            );
            return Err(Failed);
        }
        let mut idx = Vec::with_capacity(raw.len());
        for i in raw {
            if outer == 0 {
                idx.push(0);
                continue;
            }
            if i < -(n as i64) || i >= n as i64 {
                set_error(
                    ErrorKind::IndexError,
                    format!("index {i} is out of bounds for axis {ax} with size {n}"),
                );
                return Err(Failed);
            }
            idx.push(if i < 0 { i + n as i64 } else { i } as usize);
        }
        let bytes = gather_axis(&x.c_bytes(dt), &shape, ax, size, idx.len(), &[], |j| {
            Some(idx[j])
        });
        let mut out_shape = shape[..ax].to_vec();
        out_shape.extend(&ishape);
        out_shape.extend(&shape[ax + 1..]);
        if out_shape.is_empty() {
            return emit(o, dt, true, &[], &[value(dt, bytes.as_ptr())]);
        }
        o.bytes(&out_shape, size, &bytes)
    })
}

/// `a.item()`: the one element of an array of size 1, as a Python number.
///
/// # Safety
/// `args` and `out` follow [`crate::slots`].
pub unsafe extern "C" fn oxjit_rt_np_item(args: *const i64, out: *mut i64) -> i32 {
    run(args, out, |args, o| {
        let x = args.nd(0);
        if x.size() != 1 {
            return value_error("can only convert an array of size 1 to a Python scalar");
        }
        let p = x.ptr(&vec![0; x.ndim()]);
        emit(o, x.dtype, true, &[], &[value(x.dtype, p)])
    })
}

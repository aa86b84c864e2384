//! `numpy.lexsort`, `numpy.partition`, `numpy.argpartition` and `numpy.gradient` for compiled
//! code (slot routines, see [`crate::slots`]).
//!
//! Elements compare as int64 when their dtype is an integer (or bool), else as float64 in
//! NumPy's order (NaN after everything). `lexsort` is a stable sort of the indices, the last
//! key first, as NumPy's. `partition`/`argpartition` put the `kth` element where a sort would
//! and the smaller (larger) ones before (after) it, row by row along `axis`; the order inside
//! the two parts is the standard library's selection, not NumPy's introselect (NumPy
//! documents it as unspecified). `gradient` uses NumPy's formulas for a uniform spacing:
//! central differences inside, one-sided differences of order `edge_order` at the ends.

use crate::nd::{axis, NdArray};
use crate::slots::{value_error, Args, Failed, Out, Res, DT_F64, DT_I64};
use crate::stats::is_float;
use std::cmp::Ordering;

/// The elements of an array in C order, as exact integers or as floats.
enum Keys {
    I(Vec<i64>),
    F(Vec<f64>),
}

impl Keys {
    fn of(x: &NdArray) -> Keys {
        if is_float(x.dtype) {
            let b = x.c_bytes(DT_F64);
            Keys::F(
                b.chunks_exact(8)
                    .map(|c| f64::from_ne_bytes(c.try_into().expect("8 bytes")))
                    .collect(),
            )
        } else {
            let b = x.c_bytes(DT_I64);
            Keys::I(
                b.chunks_exact(8)
                    .map(|c| i64::from_ne_bytes(c.try_into().expect("8 bytes")))
                    .collect(),
            )
        }
    }

    fn cmp(&self, i: usize, j: usize) -> Ordering {
        match self {
            Keys::I(v) => v[i].cmp(&v[j]),
            Keys::F(v) => crate::search::order(&v[i], &v[j]),
        }
    }
}

/// Write int64 `vals` as a new array of `shape`.
fn int_array(o: &mut Out, shape: &[usize], vals: &[i64]) -> Res<()> {
    o.raw(shape, 8, |data| {
        // SAFETY: the new array holds `vals.len()` int64 elements.
        unsafe { std::ptr::copy_nonoverlapping(vals.as_ptr(), data as *mut i64, vals.len()) }
    })
}

/// `numpy.lexsort(keys)`: `keys` a sequence of 1-D arrays or a 2-D array (rows are keys).
fn lexsort(a: &Args, o: &mut Out) -> Res<()> {
    let keys: Vec<NdArray> = if a.is_seq(0) {
        a.seq(0)
    } else {
        let m = a.nd(0);
        (0..m.shape[0])
            .map(|r| {
                let row = m.ptr(&[r, 0]);
                m.view(row, vec![m.shape[1]], vec![m.strides[1]])
            })
            .collect()
    };
    let Some(first) = keys.first() else {
        crate::errors::set_error(
            crate::errors::ErrorKind::TypeError,
            "need sequence of keys with len > 0 in lexsort".into(),
        );
        return Err(Failed);
    };
    let n = first.shape[0];
    if keys.iter().any(|k| k.shape != first.shape) {
        return value_error("all keys need to be the same shape");
    }
    let keys: Vec<Keys> = keys.iter().map(Keys::of).collect();
    let mut idx: Vec<usize> = (0..n).collect();
    idx.sort_by(|&i, &j| {
        keys.iter()
            .rev()
            .map(|k| k.cmp(i, j))
            .find(|o| *o != Ordering::Equal)
            .unwrap_or(Ordering::Equal)
    });
    let vals: Vec<i64> = idx.into_iter().map(|i| i as i64).collect();
    int_array(o, &[n], &vals)
}

/// `numpy.partition(a, kth, axis=-1)` (`indices`: `argpartition`).
fn partition(a: &Args, o: &mut Out, indices: bool) -> Res<()> {
    let x = a.nd(0);
    let nd = x.ndim();
    let ax = axis(a.int(2).unwrap_or(-1), nd)?;
    let n = x.shape[ax];
    if x.size() == 0 {
        // NumPy checks nothing on an empty array.
        let item = if indices { 8 } else { x.itemsize() };
        return o.raw(&x.shape, item, |_| {});
    }
    let kth = a.int(1).unwrap_or(0);
    let k = if kth < 0 { kth + n as i64 } else { kth };
    if k < 0 || k >= n as i64 {
        return value_error(format!("kth(={k}) out of bounds ({n})"));
    }
    let k = k as usize;
    // The axis last: rows of `n` elements in C order.
    let mut perm: Vec<usize> = (0..nd).filter(|d| *d != ax).collect();
    perm.push(ax);
    let moved = x.permuted(&perm);
    let keys = Keys::of(&moved);
    // Not empty: `n > 0`.
    let rows = moved.size() / n;
    let mut order = vec![0usize; rows * n];
    for r in 0..rows {
        let row = &mut order[r * n..(r + 1) * n];
        row.iter_mut().enumerate().for_each(|(j, v)| *v = j);
        row.select_nth_unstable_by(k, |&i, &j| keys.cmp(r * n + i, r * n + j));
    }
    // Back to the original axis order: element `m` of the moved C order goes where a
    // C-contiguous array of the original shape keeps the same element.
    let mut c_stride = vec![1usize; nd];
    for d in (0..nd.saturating_sub(1)).rev() {
        c_stride[d] = c_stride[d + 1] * x.shape[d + 1];
    }
    let moved_shape: Vec<usize> = perm.iter().map(|d| x.shape[*d]).collect();
    let dest = |m: usize| -> usize {
        let mut rest = m;
        let mut pos = 0;
        for d in (0..nd).rev() {
            let i = rest % moved_shape[d];
            rest /= moved_shape[d];
            pos += i * c_stride[perm[d]];
        }
        pos
    };
    let total = rows * n;
    if indices {
        let mut vals = vec![0i64; total];
        for (m, j) in order.iter().enumerate() {
            vals[dest(m)] = *j as i64;
        }
        return int_array(o, &x.shape, &vals);
    }
    let size = x.itemsize();
    let src = moved.c_bytes(x.dtype);
    o.raw(&x.shape, size, |data| {
        for (m, j) in order.iter().enumerate() {
            let from = ((m / n) * n + j) * size;
            // SAFETY: `dest(m) < total` elements of the new array; `from` inside `src`.
            unsafe {
                std::ptr::copy_nonoverlapping(
                    src.as_ptr().add(from),
                    data.add(dest(m) * size),
                    size,
                )
            };
        }
    })
}

/// `numpy.gradient(f, dx=1.0, axis=None, edge_order=1)` with one uniform spacing: one
/// float64 array per axis asked (every axis when `axis` is None), in axis order.
fn gradient(a: &Args, o: &mut Out) -> Res<()> {
    let f = a.nd(0);
    let nd = f.ndim();
    let dx = a.float(1).unwrap_or(1.0);
    let edge = a.int(3).unwrap_or(1);
    if edge > 2 {
        return value_error("'edge_order' greater than 2 not supported");
    }
    if edge < 1 {
        return value_error("'edge_order' must be 1 or 2");
    }
    let axes: Vec<usize> = match a.int(2) {
        Some(k) => vec![axis(k, nd)?],
        None => (0..nd).collect(),
    };
    if axes.iter().any(|d| f.shape[*d] < edge as usize + 1) {
        return value_error(
            "Shape of array too small to calculate a numerical gradient, at least (edge_order \
             + 1) elements are required.",
        );
    }
    let v: Vec<f64> = f
        .c_bytes(DT_F64)
        .chunks_exact(8)
        .map(|c| f64::from_ne_bytes(c.try_into().expect("8 bytes")))
        .collect();
    for ax in axes {
        let n = f.shape[ax];
        let s: usize = f.shape[ax + 1..].iter().product();
        let mut out = vec![0.0f64; v.len()];
        for (i, g) in out.iter_mut().enumerate() {
            let c = (i / s) % n;
            let at = |d: isize| v[(i as isize + d * s as isize) as usize];
            *g = if c > 0 && c + 1 < n {
                (at(1) - at(-1)) / (2.0 * dx)
            } else if edge == 1 {
                if c == 0 {
                    (at(1) - at(0)) / dx
                } else {
                    (at(0) - at(-1)) / dx
                }
            } else if c == 0 {
                -1.5 / dx * at(0) + 2.0 / dx * at(1) + -0.5 / dx * at(2)
            } else {
                0.5 / dx * at(-2) + -2.0 / dx * at(-1) + 1.5 / dx * at(0)
            };
        }
        o.raw(&f.shape, 8, |data| {
            // SAFETY: the new array holds `out.len()` float64 elements.
            unsafe { std::ptr::copy_nonoverlapping(out.as_ptr(), data as *mut f64, out.len()) }
        })?;
    }
    Ok(())
}

use crate::slots::slot_routines;

slot_routines! {
    /// `numpy.lexsort(keys)`.
    oxjit_rt_np_lexsort => lexsort;
    /// `numpy.partition(a, kth, axis=-1)`.
    oxjit_rt_np_partition => |a, o| partition(a, o, false);
    /// `numpy.argpartition(a, kth, axis=-1)`.
    oxjit_rt_np_argpartition => |a, o| partition(a, o, true);
    /// `numpy.gradient(f, dx=1.0, axis=None, edge_order=1)`.
    oxjit_rt_np_gradient => gradient;
}

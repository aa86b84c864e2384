//! Reordering and editing arrays for compiled code (slot routines, see [`crate::slots`]):
//! `flip`, `fliplr`, `flipud`, `roll`, `append`, `insert`, `delete`. Inputs of any layout and
//! number of axes; results are new C-contiguous arrays (NumPy's `flip` gives a view: oxjit a
//! copy). Each works on the C-ordered elements with the edited axis in the middle
//! ([`gather_axis`]). Errors carry NumPy's classes and messages (`AxisError` for axes out of
//! range, `IndexError` for indices out of bounds).

use crate::errors::{set_error, ErrorKind};
use crate::join::join_parts;
use crate::nd::{axis, broadcast, gather_axis, itemsize, shape_text, NdArray, Values};
use crate::slots::{value_error, Args, Failed, Out, Res};

use crate::slots::run_routine as run;

fn index_error<T>(msg: String) -> Res<T> {
    set_error(ErrorKind::IndexError, msg);
    Err(Failed)
}

/// A copy of `x` with the axes in `axes` reversed.
fn flipped(o: &mut Out, x: &NdArray, axes: impl IntoIterator<Item = usize>) -> Res<()> {
    let mut v = x.clone();
    for ax in axes {
        v = v.flipped(ax);
    }
    o.bytes(&x.shape, x.itemsize(), &v.c_bytes(x.dtype))
}

/// `numpy.flip(m, axis=None)`.
///
/// # Safety
/// `args` and `out` follow [`crate::slots`].
pub unsafe extern "C" fn oxjit_rt_np_flip(args: *const i64, out: *mut i64) -> i32 {
    run(args, out, |args, o| {
        let x = args.nd(0);
        match args.int(1) {
            None => flipped(o, &x, 0..x.ndim()),
            Some(k) => flipped(o, &x, [axis(k, x.ndim())?]),
        }
    })
}

/// `numpy.fliplr(m)`: the second axis reversed.
///
/// # Safety
/// `args` and `out` follow [`crate::slots`].
pub unsafe extern "C" fn oxjit_rt_np_fliplr(args: *const i64, out: *mut i64) -> i32 {
    run(args, out, |args, o| {
        let x = args.nd(0);
        if x.ndim() < 2 {
            return value_error("Input must be >= 2-d.");
        }
        flipped(o, &x, [1])
    })
}

/// `numpy.flipud(m)`: the first axis reversed.
///
/// # Safety
/// `args` and `out` follow [`crate::slots`].
pub unsafe extern "C" fn oxjit_rt_np_flipud(args: *const i64, out: *mut i64) -> i32 {
    run(args, out, |args, o| {
        let x = args.nd(0);
        flipped(o, &x, [0])
    })
}

/// `numpy.rot90(m, k=1, axes=(0, 1))`: `m` turned by `k` quarter turns in the plane of the two
/// axes, from the first towards the second (a copy; NumPy returns a view), with NumPy's
/// errors for equal or out-of-range axes.
///
/// # Safety
/// `args` and `out` follow [`crate::slots`].
pub unsafe extern "C" fn oxjit_rt_np_rot90(args: *const i64, out: *mut i64) -> i32 {
    run(args, out, |args, o| {
        let x = args.nd(0);
        // (Absent arguments take NumPy's defaults.)
        let k = args.int(1).map_or(1, |k| k);
        let (a0, a1) = args.pair(2).map_or((0, 1), |(p, q)| (p as i64, q as i64));
        let nd = x.ndim() as i64;
        if a0 == a1 || (a0 - a1).abs() == nd {
            return value_error("Axes must be different.");
        }
        if a0 >= nd || a0 < -nd || a1 >= nd || a1 < -nd {
            return value_error(format!(
                "Axes=({a0}, {a1}) out of range for array of ndim={nd}."
            ));
        }
        let (a0, a1) = (a0.rem_euclid(nd) as usize, a1.rem_euclid(nd) as usize);
        let mut perm: Vec<usize> = (0..x.ndim()).collect();
        perm.swap(a0, a1);
        let v = match k.rem_euclid(4) {
            0 => x.clone(),
            2 => x.flipped(a0).flipped(a1),
            1 => x.flipped(a1).permuted(&perm),
            _ => x.permuted(&perm).flipped(a1),
        };
        o.bytes(&v.shape, x.itemsize(), &v.c_bytes(x.dtype))
    })
}

/// `numpy.roll(a, shift, axis=None)` with an int `shift`.
///
/// # Safety
/// `args` and `out` follow [`crate::slots`].
pub unsafe extern "C" fn oxjit_rt_np_roll(args: *const i64, out: *mut i64) -> i32 {
    run(args, out, |args, o| {
        let x = args.nd(0);
        let shift = args.int(1).unwrap_or(0);
        let size = x.itemsize();
        let bytes = x.c_bytes(x.dtype);
        // `axis=None` rolls the flattened elements.
        let (shape, ax) = match args.int(2) {
            None => (vec![x.size()], 0),
            Some(k) => (x.shape.clone(), axis(k, x.ndim())?),
        };
        let n = shape[ax];
        let s = if n == 0 {
            0
        } else {
            shift.rem_euclid(n as i64) as usize
        };
        let rolled = gather_axis(&bytes, &shape, ax, size, n, &[], |i| Some((i + n - s) % n));
        o.bytes(&x.shape, size, &rolled)
    })
}

/// `numpy.append(arr, values, axis=None)`: the two joined (flattened without `axis`), in the
/// promoted dtype.
///
/// # Safety
/// `args` and `out` follow [`crate::slots`].
pub unsafe extern "C" fn oxjit_rt_np_append(args: *const i64, out: *mut i64) -> i32 {
    run(args, out, |args, o| {
        let dt = o.dtype(0);
        let x = args.nd(0);
        let vals = Values::new(args, 1);
        let v = vals.view();
        let flat = args.is_none(2);
        let parts = [&x, &v].map(|a| {
            let shape = if flat {
                vec![a.size()]
            } else {
                a.shape.clone()
            };
            (shape, a.c_bytes(dt))
        });
        let ax = if flat {
            0
        } else {
            axis(args.int(2).unwrap_or(0), x.ndim())?
        };
        join_parts(o, parts.to_vec(), ax, dt)
    })
}

/// The array at slot 0 and the axis at `slot`: without an axis, the flattened array and 0.
fn array_and_axis(args: &Args, slot: usize) -> Res<(NdArray, Vec<usize>, usize)> {
    let x = args.nd(0);
    match args.int(slot) {
        None => {
            let n = x.size();
            Ok((x, vec![n], 0))
        }
        Some(k) => {
            let ax = axis(k, x.ndim())?;
            let shape = x.shape.clone();
            Ok((x, shape, ax))
        }
    }
}

/// `numpy.delete(arr, obj, axis=None)` with an int or a sequence of ints `obj`.
///
/// # Safety
/// `args` and `out` follow [`crate::slots`].
pub unsafe extern "C" fn oxjit_rt_np_delete(args: *const i64, out: *mut i64) -> i32 {
    run(args, out, |args, o| {
        let (x, shape, ax) = array_and_axis(args, 2)?;
        let n = shape[ax];
        let wrap = |i: i64| -> Res<usize> {
            if i < -(n as i64) || i >= n as i64 {
                return index_error(format!(
                    "index {i} is out of bounds for axis {ax} with size {n}"
                ));
            }
            Ok(if i < 0 { i + n as i64 } else { i } as usize)
        };
        let mut keep = vec![true; n];
        match args.int(1) {
            Some(i) => keep[wrap(i)?] = false,
            None => {
                let idx = args.array(1);
                for k in 0..idx.shape[0] {
                    keep[wrap(idx.get_int(k))?] = false;
                }
            }
        }
        let kept: Vec<usize> = (0..n).filter(|i| keep[*i]).collect();
        let size = x.itemsize();
        let bytes = gather_axis(
            &x.c_bytes(x.dtype),
            &shape,
            ax,
            size,
            kept.len(),
            &[],
            |i| Some(kept[i]),
        );
        let mut new = shape.clone();
        new[ax] = kept.len();
        o.bytes(&new, size, &bytes)
    })
}

/// `numpy.insert(arr, obj, values, axis=None)` with an int or a sequence of ints `obj`;
/// `values` (converted to the array's dtype) broadcast to the inserted slab.
///
/// # Safety
/// `args` and `out` follow [`crate::slots`].
pub unsafe extern "C" fn oxjit_rt_np_insert(args: *const i64, out: *mut i64) -> i32 {
    run(args, out, |args, o| {
        let (x, shape, ax) = array_and_axis(args, 3)?;
        let nd = shape.len();
        let (dt, size) = (x.dtype, x.itemsize());
        let n = shape[ax];
        let vals = Values::new(args, 2);
        let v = vals.view();
        // The positions of the new items along the axis, in the new array.
        let (positions, slab): (Vec<usize>, NdArray) = match args.int(1) {
            // One index: `values` gets the array's number of axes (leading ones), its first
            // axis moved to `axis`; as many items as it then has along `axis`.
            Some(i) => {
                if i < -(n as i64) || i > n as i64 {
                    return index_error(format!(
                        "index {i} is out of bounds for axis {ax} with size {n}"
                    ));
                }
                let at = if i < 0 { i + n as i64 } else { i } as usize;
                let v = ndmin(&v, nd);
                // `moveaxis(values, 0, axis)` over the values' own axes.
                let mut perm: Vec<usize> = (1..v.ndim()).collect();
                perm.insert(ax.min(perm.len()), 0);
                let v = if v.ndim() > 0 { v.permuted(&perm) } else { v };
                let count = v.shape.get(ax).copied().unwrap_or(1);
                ((at..at + count).collect(), v)
            }
            None => {
                let idx = args.array(1);
                let m = idx.shape[0];
                let mut ind: Vec<i64> = (0..m).map(|k| idx.get_int(k)).collect();
                if m == 1 {
                    // A one-item sequence: as one index, without moving the values' axes.
                    let i = ind[0];
                    if i < -(n as i64) || i > n as i64 {
                        return index_error(format!(
                            "index {i} is out of bounds for axis {ax} with size {n}"
                        ));
                    }
                    let at = if i < 0 { i + n as i64 } else { i } as usize;
                    let v = ndmin(&v, nd);
                    let count = v.shape[ax];
                    ((at..at + count).collect(), v)
                } else {
                    for i in ind.iter_mut() {
                        if *i < 0 {
                            *i += n as i64;
                        }
                    }
                    // NumPy: a stable sort of the indices, the k-th smallest moved by k.
                    let mut order: Vec<usize> = (0..m).collect();
                    order.sort_by_key(|k| ind[*k]);
                    for (k, j) in order.iter().enumerate() {
                        ind[*j] += k as i64;
                    }
                    let total = n + m;
                    let mut pos = Vec::with_capacity(m);
                    for i in ind {
                        if i < -(total as i64) || i >= total as i64 {
                            return index_error(format!(
                                "index {i} is out of bounds for axis {ax} with size {total}"
                            ));
                        }
                        pos.push(if i < 0 { i + total as i64 } else { i } as usize);
                    }
                    (pos, v)
                }
            }
        };
        let count = positions.len();
        let mut slab_shape = shape.clone();
        slab_shape[ax] = count;
        let Some(slab_bytes) = broadcast(&slab, &slab_shape, dt) else {
            return value_error(format!(
                "could not broadcast input array from shape {} into shape {}",
                shape_text(&slab.shape).replace(", ", ","),
                shape_text(&slab_shape).replace(", ", ",")
            ));
        };
        // Item `i` of the new axis: from the slab (the k-th position) or the next old item.
        let total = n + count;
        let mut from: Vec<Option<usize>> = vec![None; total];
        for (k, p) in positions.iter().enumerate() {
            from[*p] = Some(k);
        }
        let outer: usize = shape[..ax].iter().product();
        let inner: usize = shape[ax + 1..].iter().product::<usize>() * size;
        let old = x.c_bytes(dt);
        let mut bytes = Vec::with_capacity(outer * total * inner);
        for r in 0..outer {
            let mut next = 0;
            for f in &from {
                let at = match f {
                    Some(k) => &slab_bytes[(r * count + k) * inner..][..inner],
                    None => {
                        next += 1;
                        &old[(r * n + next - 1) * inner..][..inner]
                    }
                };
                bytes.extend_from_slice(at);
            }
        }
        let mut new = shape;
        new[ax] = total;
        o.bytes(&new, itemsize(dt), &bytes)
    })
}

/// `v` with leading axes of length 1 up to `nd` axes (`numpy.array(v, ndmin=nd)`).
fn ndmin(v: &NdArray, nd: usize) -> NdArray {
    if v.ndim() >= nd {
        return v.clone();
    }
    let mut shape = vec![1; nd - v.ndim()];
    shape.extend(&v.shape);
    let mut strides = vec![0; nd - v.ndim()];
    strides.extend(&v.strides);
    let mut w = v.clone();
    w.shape = shape;
    w.strides = strides;
    w
}

//! Joining and splitting arrays for compiled code (slot routines, see [`crate::slots`]):
//! `concatenate`, `stack`, `hstack`, `vstack`, `dstack`, `column_stack` (one join of C-ordered
//! parts along an axis, after NumPy's `atleast_*d` reshapes) and `split`/`array_split` (pieces
//! along an axis, returned as a tuple). Inputs of any layout and number of axes; a join's
//! result dtype is the promotion typing computed ([`Out::dtype`]), each part converted to it.
//! Errors carry NumPy's messages; an axis out of range is NumPy's `AxisError`.

use crate::errors::{set_error, ErrorKind};
use crate::nd::{axis, NdArray};
use crate::slots::{value_error, Args, Failed, Out, Res};

/// A part to join: its shape as the join sees it and its elements in C order.
struct Part {
    shape: Vec<usize>,
    bytes: Vec<u8>,
}

use crate::slots::run_routine as run;

/// The arrays at slot 0 as parts of dtype `dt`, each shape changed by `reshape`.
fn parts(args: &Args, dt: i64, reshape: impl Fn(&[usize]) -> Vec<usize>) -> Vec<Part> {
    args.seq(0)
        .iter()
        .map(|x| Part {
            shape: reshape(&x.shape),
            bytes: x.c_bytes(dt),
        })
        .collect()
}

/// Join `parts` along axis `ax` (already checked against their number of axes) into a new
/// array of dtype `dt`.
fn join(o: &mut Out, parts: &[Part], ax: usize, dt: i64) -> Res<()> {
    let first = &parts[0].shape;
    let nd = first.len();
    for (i, p) in parts.iter().enumerate().skip(1) {
        if p.shape.len() != nd {
            return value_error(format!(
                "all the input arrays must have same number of dimensions, but the array at \
                 index 0 has {nd} dimension(s) and the array at index {i} has {} dimension(s)",
                p.shape.len()
            ));
        }
        if let Some(d) = (0..nd).find(|d| *d != ax && p.shape[*d] != first[*d]) {
            return value_error(format!(
                "all the input array dimensions except for the concatenation axis must match \
                 exactly, but along dimension {d}, the array at index 0 has size {} and the \
                 array at index {i} has size {}",
                first[d], p.shape[d]
            ));
        }
    }
    let size = crate::nd::itemsize(dt);
    let outer: usize = first[..ax].iter().product();
    let mut shape = first.clone();
    shape[ax] = parts.iter().map(|p| p.shape[ax]).sum();
    // Bytes of one part per step of the axes before `ax`.
    let rows: Vec<usize> = parts
        .iter()
        .map(|p| p.shape[ax..].iter().product::<usize>() * size)
        .collect();
    o.raw(&shape, size, |data| {
        let mut at = 0;
        for r in 0..outer {
            for (p, n) in parts.iter().zip(&rows) {
                // SAFETY: the new array holds the sum of the parts' bytes; each part holds
                // `outer * n` bytes.
                unsafe {
                    std::ptr::copy_nonoverlapping(p.bytes.as_ptr().add(r * n), data.add(at), *n)
                };
                at += n;
            }
        }
    })
}

/// Join parts given as `(shape, C-ordered bytes of dtype dt)` along `ax` (checked against the
/// first part's axes by the caller).
pub(crate) fn join_parts(
    o: &mut Out,
    parts: Vec<(Vec<usize>, Vec<u8>)>,
    ax: usize,
    dt: i64,
) -> Res<()> {
    let ps: Vec<Part> = parts
        .into_iter()
        .map(|(shape, bytes)| Part { shape, bytes })
        .collect();
    join(o, &ps, ax, dt)
}

/// The axis at `slot` against `ndim` axes, `default` when it was not given.
fn axis_arg(args: &Args, slot: usize, ndim: usize, default: i64) -> Res<usize> {
    axis(args.int(slot).unwrap_or(default), ndim)
}

/// `numpy.concatenate(arrays, axis=0)`; `axis=None` joins the flattened arrays.
///
/// # Safety
/// `args` and `out` follow [`crate::slots`].
pub unsafe extern "C" fn oxjit_rt_np_concatenate(args: *const i64, out: *mut i64) -> i32 {
    run(args, out, |args, o| {
        let dt = o.dtype(0);
        if args.is_none(1) && !args.is_absent(1) {
            let ps = parts(args, dt, |s| vec![s.iter().product()]);
            return join(o, &ps, 0, dt);
        }
        let ps = parts(args, dt, |s| s.to_vec());
        let ax = axis_arg(args, 1, ps[0].shape.len(), 0)?;
        join(o, &ps, ax, dt)
    })
}

/// `numpy.stack(arrays, axis=0)`: a new axis at `axis`.
///
/// # Safety
/// `args` and `out` follow [`crate::slots`].
pub unsafe extern "C" fn oxjit_rt_np_stack(args: *const i64, out: *mut i64) -> i32 {
    run(args, out, |args, o| {
        let dt = o.dtype(0);
        let xs = args.seq(0);
        if xs.iter().any(|x| x.shape != xs[0].shape) {
            return value_error("all input arrays must have the same shape");
        }
        let ax = axis_arg(args, 1, xs[0].ndim() + 1, 0)?;
        let ps = parts(args, dt, |s| {
            let mut s = s.to_vec();
            s.insert(ax, 1);
            s
        });
        join(o, &ps, ax, dt)
    })
}

/// `numpy.hstack(tup)`: along the first axis for 1-D arrays, else the second.
///
/// # Safety
/// `args` and `out` follow [`crate::slots`].
pub unsafe extern "C" fn oxjit_rt_np_hstack(args: *const i64, out: *mut i64) -> i32 {
    run(args, out, |args, o| {
        let dt = o.dtype(0);
        let ps = parts(args, dt, |s| s.to_vec());
        let ax = if ps[0].shape.len() == 1 { 0 } else { 1 };
        join(o, &ps, ax, dt)
    })
}

/// `numpy.vstack(tup)`: 1-D arrays as rows, along the first axis.
///
/// # Safety
/// `args` and `out` follow [`crate::slots`].
pub unsafe extern "C" fn oxjit_rt_np_vstack(args: *const i64, out: *mut i64) -> i32 {
    run(args, out, |args, o| {
        let dt = o.dtype(0);
        let ps = parts(args, dt, |s| match s {
            [n] => vec![1, *n],
            s => s.to_vec(),
        });
        join(o, &ps, 0, dt)
    })
}

/// `numpy.dstack(tup)`: along the third axis (`(n,)` as `(1, n, 1)`, `(m, n)` as `(m, n, 1)`).
///
/// # Safety
/// `args` and `out` follow [`crate::slots`].
pub unsafe extern "C" fn oxjit_rt_np_dstack(args: *const i64, out: *mut i64) -> i32 {
    run(args, out, |args, o| {
        let dt = o.dtype(0);
        let ps = parts(args, dt, |s| match s {
            [n] => vec![1, *n, 1],
            [m, n] => vec![*m, *n, 1],
            s => s.to_vec(),
        });
        join(o, &ps, 2, dt)
    })
}

/// `numpy.column_stack(tup)`: 1-D arrays as columns, along the second axis.
///
/// # Safety
/// `args` and `out` follow [`crate::slots`].
pub unsafe extern "C" fn oxjit_rt_np_column_stack(args: *const i64, out: *mut i64) -> i32 {
    run(args, out, |args, o| {
        let dt = o.dtype(0);
        let ps = parts(args, dt, |s| match s {
            [n] => vec![*n, 1],
            s => s.to_vec(),
        });
        join(o, &ps, 1, dt)
    })
}

/// A Python slice bound `i` of a sequence of `n` items (negative counts from the end,
/// clamped to `[0, n]`).
fn slice_bound(i: i64, n: usize) -> usize {
    let n = n as i64;
    (if i < 0 { (i + n).max(0) } else { i.min(n) }) as usize
}

/// The `(start, stop)` of each piece of `split`/`array_split` along an axis of `n` items.
fn pieces(args: &Args, n: usize, equal: bool) -> Res<Vec<(usize, usize)>> {
    if let Some(sections) = args.int(1) {
        if equal {
            if sections == 0 {
                set_error(
                    ErrorKind::ZeroDivisionError,
                    "integer modulo by zero".into(),
                );
                return Err(Failed);
            }
            if n as i64 % sections != 0 {
                return value_error("array split does not result in an equal division");
            }
        }
        if sections <= 0 {
            return value_error("number sections must be larger than 0.");
        }
        let k = sections as usize;
        let (each, extras) = (n / k, n % k);
        let mut start = 0;
        return Ok((0..k)
            .map(|i| {
                let len = each + usize::from(i < extras);
                start += len;
                (start - len, start)
            })
            .collect());
    }
    let idx = args.array(1);
    let mut points = vec![0usize];
    points.extend((0..idx.shape[0]).map(|i| slice_bound(idx.get_int(i), n)));
    points.push(n);
    Ok(points.windows(2).map(|w| (w[0], w[1].max(w[0]))).collect())
}

/// The pieces of the array at slot 0 along the axis at slot 2, one result each.
fn split(args: &Args, o: &mut Out, equal: bool) -> Res<()> {
    let x: NdArray = args.nd(0);
    let ax = axis_arg(args, 2, x.ndim(), 0)?;
    let size = x.itemsize();
    let ps = pieces(args, x.shape[ax], equal)?;
    let bytes = x.c_bytes(x.dtype);
    let outer: usize = x.shape[..ax].iter().product();
    // Bytes per item of the split axis, and per step of the axes before it.
    let item: usize = x.shape[ax + 1..].iter().product::<usize>() * size;
    let row = item * x.shape[ax];
    for (start, stop) in ps {
        let mut shape = x.shape.clone();
        shape[ax] = stop - start;
        let n = (stop - start) * item;
        o.raw(&shape, size, |data| {
            for r in 0..outer {
                // SAFETY: `bytes` holds `outer * row` bytes; the piece `outer * n`.
                unsafe {
                    std::ptr::copy_nonoverlapping(
                        bytes.as_ptr().add(r * row + start * item),
                        data.add(r * n),
                        n,
                    )
                };
            }
        })?;
    }
    Ok(())
}

/// `numpy.split(ary, indices_or_sections, axis=0)`.
///
/// # Safety
/// `args` and `out` follow [`crate::slots`].
pub unsafe extern "C" fn oxjit_rt_np_split(args: *const i64, out: *mut i64) -> i32 {
    run(args, out, |args, o| split(args, o, true))
}

/// `numpy.array_split(ary, indices_or_sections, axis=0)`.
///
/// # Safety
/// `args` and `out` follow [`crate::slots`].
pub unsafe extern "C" fn oxjit_rt_np_array_split(args: *const i64, out: *mut i64) -> i32 {
    run(args, out, |args, o| split(args, o, false))
}

//! Array manipulation routines for compiled code (slot routines, see [`crate::slots`]):
//! `tile` and `repeat` (element copies, any dtype), `diff` (element arithmetic in the array's
//! dtype, wrapping for integers, `!=` for bools) and `unique` (sorted distinct elements, NaN
//! last and once, as NumPy 2's `equal_nan=True`), `triu`/`tril` (copies with zeros) and
//! `average` (whole array, optional weights). Arguments are 1-D or 2-D arrays.

use crate::errors::{set_error, ErrorKind};
use crate::slots::{
    value_error, Args, ArrayArg, Failed, Out, Res, DT_F32, DT_F64, DT_I32, DT_I64, DT_U8,
};
use crate::stats::{emit, is_float, Lanes, Val};

fn run(out: *mut i64, f: impl FnOnce(&mut Out) -> Res<()>) -> i32 {
    // SAFETY: compiled code passes a slot per result.
    let mut o = unsafe { Out::new(out, false) };
    let r = f(&mut o);
    o.finish(r)
}

/// `(rows, cols)` of an argument (a 1-D array is one row).
fn dims(x: &ArrayArg) -> (usize, usize) {
    if x.ndim == 2 {
        (x.shape[0], x.shape[1])
    } else {
        (1, x.shape[0])
    }
}

/// Element `(i, j)` of `x` seen as rows and columns.
fn at(x: &ArrayArg, i: usize, j: usize) -> *const u8 {
    if x.ndim == 2 {
        x.ptr(i, j)
    } else {
        x.ptr(j, 0)
    }
}

fn count(args: &Args, slot: usize) -> Res<usize> {
    let r = args.int(slot).unwrap_or(1);
    if r < 0 {
        return value_error("negative dimensions are not allowed");
    }
    Ok(r as usize)
}

/// An axis argument (`None` when absent) normalised against `ndim`.
fn axis(args: &Args, slot: usize, ndim: usize) -> Res<Option<usize>> {
    let Some(k) = args.int(slot) else {
        return Ok(None);
    };
    crate::nd::axis(k, ndim).map(Some)
}

/// `numpy.tile(A, reps)` with an int `reps`: copies along the last axis.
///
/// # Safety
/// `args` and `out` follow [`crate::slots`].
pub unsafe extern "C" fn oxjit_rt_np_tile(args: *const i64, out: *mut i64) -> i32 {
    // SAFETY: by the contract.
    let args = unsafe { Args::new(args) };
    let x = args.array(0);
    run(out, |o| {
        let reps = count(&args, 1)?;
        let (m, n) = dims(&x);
        let shape: Vec<usize> = if x.ndim == 2 {
            vec![m, n * reps]
        } else {
            vec![n * reps]
        };
        let src = |i: usize, j: usize| {
            if x.ndim == 2 {
                at(&x, i, j % n)
            } else {
                at(&x, 0, i % n)
            }
        };
        o.copied(&shape, x.itemsize(), src)
    })
}

/// `numpy.repeat(a, repeats, axis=None)` with an int `repeats`.
///
/// # Safety
/// `args` and `out` follow [`crate::slots`].
pub unsafe extern "C" fn oxjit_rt_np_repeat(args: *const i64, out: *mut i64) -> i32 {
    // SAFETY: by the contract.
    let args = unsafe { Args::new(args) };
    let x = args.array(0);
    run(out, |o| {
        let r = count(&args, 1)?;
        let (m, n) = dims(&x);
        match axis(&args, 2, x.ndim)? {
            // The flattened elements (C order), each `r` times.
            None => o.copied(&[m * n * r], x.itemsize(), |k, _| {
                let e = k / r.max(1);
                at(&x, e / n.max(1), e % n.max(1))
            }),
            Some(_) if x.ndim == 1 => o.copied(&[n * r], x.itemsize(), |k, _| at(&x, 0, k / r)),
            Some(0) => o.copied(&[m * r, n], x.itemsize(), |i, j| at(&x, i / r, j)),
            Some(_) => o.copied(&[m, n * r], x.itemsize(), |i, j| at(&x, i, j / r)),
        }
    })
}

/// One difference `b - a` of two elements of dtype `dt` written at `dst`.
///
/// # Safety
/// The pointers address elements of the dtype.
unsafe fn sub(dt: i64, a: *const u8, b: *const u8, dst: *mut u8) {
    macro_rules! arith {
        ($t:ty, $op:expr) => {{
            // SAFETY: by the contract.
            let (x, y) = unsafe {
                (
                    (a as *const $t).read_unaligned(),
                    (b as *const $t).read_unaligned(),
                )
            };
            let f: fn($t, $t) -> $t = $op;
            unsafe { (dst as *mut $t).write_unaligned(f(x, y)) };
        }};
    }
    match dt {
        DT_F64 => arith!(f64, |x, y| y - x),
        DT_F32 => arith!(f32, |x, y| y - x),
        DT_I64 => arith!(i64, |x, y| y.wrapping_sub(x)),
        DT_I32 => arith!(i32, |x, y| y.wrapping_sub(x)),
        DT_U8 => arith!(u8, |x, y| y.wrapping_sub(x)),
        // bool: `!=`
        _ => arith!(u8, |x, y| ((x != 0) != (y != 0)) as u8),
    }
}

/// `numpy.diff(a, n=1, axis=-1)`.
///
/// # Safety
/// `args` and `out` follow [`crate::slots`].
pub unsafe extern "C" fn oxjit_rt_np_diff(args: *const i64, out: *mut i64) -> i32 {
    // SAFETY: by the contract.
    let args = unsafe { Args::new(args) };
    let x = args.array(0);
    run(out, |o| {
        let order = args.int(1).unwrap_or(1);
        if order < 0 {
            return value_error(format!("order must be non-negative but got {order}"));
        }
        let ax = axis(&args, 2, x.ndim)?.unwrap_or(x.ndim - 1);
        let (m, n) = dims(&x);
        let size = x.itemsize();
        // Work on a C-ordered copy with the differenced axis last.
        let (rows, mut len) = if x.ndim == 2 && ax == 0 {
            (n, m)
        } else {
            (m, n)
        };
        let mut buf = vec![0u8; rows * len * size];
        for r in 0..rows {
            for k in 0..len {
                let src = if x.ndim == 2 && ax == 0 {
                    at(&x, k, r)
                } else {
                    at(&x, r, k)
                };
                // SAFETY: `src` is a live element; the buffer holds `rows * len` items.
                unsafe {
                    std::ptr::copy_nonoverlapping(
                        src,
                        buf.as_mut_ptr().add((r * len + k) * size),
                        size,
                    )
                };
            }
        }
        for _ in 0..order.min(len as i64) {
            let next = len - 1;
            let mut nb = vec![0u8; rows * next * size];
            for r in 0..rows {
                for k in 0..next {
                    let base = buf.as_ptr();
                    // SAFETY: indices within the buffers.
                    unsafe {
                        sub(
                            x.dtype,
                            base.add((r * len + k) * size),
                            base.add((r * len + k + 1) * size),
                            nb.as_mut_ptr().add((r * next + k) * size),
                        )
                    };
                }
            }
            buf = nb;
            len = next;
        }
        let shape: Vec<usize> = match (x.ndim, ax) {
            (1, _) => vec![len],
            (_, 0) => vec![len, n],
            _ => vec![m, len],
        };
        let transposed = x.ndim == 2 && ax == 0;
        o.copied(&shape, size, |i, j| {
            let (r, k) = if transposed {
                (j, i)
            } else if x.ndim == 1 {
                (0, i)
            } else {
                (i, j)
            };
            buf.as_ptr().wrapping_add((r * len + k) * size)
        })
    })
}

/// A float as an integer key in NumPy's order (NaN last, every NaN one key).
fn float_key(x: f64) -> u64 {
    const SIGN: u64 = 1 << 63;
    if x.is_nan() {
        return u64::MAX;
    }
    let b = x.to_bits();
    if b & SIGN != 0 {
        !b
    } else {
        b | SIGN
    }
}

/// The float of a [`float_key`].
fn key_float(k: u64) -> f64 {
    const SIGN: u64 = 1 << 63;
    if k == u64::MAX {
        f64::NAN
    } else if k & SIGN != 0 {
        f64::from_bits(k ^ SIGN)
    } else {
        f64::from_bits(!k)
    }
}

/// `numpy.unique(ar, return_index=False, return_inverse=False, return_counts=False)`: the
/// sorted distinct elements of the flattened array (floats sorted as integer keys; -0.0 and
/// 0.0 are one value, the one met first; every NaN one value, last), then the requested
/// int64 arrays.
///
/// # Safety
/// `args` and `out` follow [`crate::slots`].
pub unsafe extern "C" fn oxjit_rt_np_unique(args: *const i64, out: *mut i64) -> i32 {
    // SAFETY: by the contract.
    let args = unsafe { Args::new(args) };
    let x = args.array(0);
    let flags = [1, 2, 3].map(|slot| args.flag(slot, false));
    if flags.iter().any(|f| *f) {
        return run(out, |o| unique_with(&x, flags, o));
    }
    run(out, |o| {
        let l = Lanes::whole(&x);
        if is_float(x.dtype) {
            let floats = l.floats();
            let keys: Vec<u64> = floats.iter().map(|x| float_key(*x)).collect();
            let keys = crate::radix::distinct_sorted(keys);
            let mut v: Vec<f64> = keys.into_iter().map(key_float).collect();
            v.dedup_by(|a, b| a == b);
            // -0.0 and 0.0 are one value: keep the zero met first, as NumPy's stable sort
            // of short inputs does.
            if let Some(z) = v.iter_mut().find(|x| **x == 0.0) {
                if let Some(first) = floats.iter().find(|x| **x == 0.0) {
                    *z = *first;
                }
            }
            let vals: Vec<Val> = v.into_iter().map(Val::F).collect();
            emit(o, x.dtype, false, &[vals.len()], &vals)
        } else {
            // int64 as keys with the sign bit flipped (order preserved).
            let keys: Vec<u64> = (0..l.len)
                .map(|k| (l.i64(0, k) as u64) ^ (1 << 63))
                .collect();
            let keys = crate::radix::distinct_sorted(keys);
            let vals: Vec<Val> = keys
                .into_iter()
                .map(|k| Val::I((k ^ (1 << 63)) as i64))
                .collect();
            emit(o, x.dtype, false, &[vals.len()], &vals)
        }
    })
}

/// `unique` with any of `return_index`, `return_inverse`, `return_counts` (`flags`, in that
/// order): the elements sorted by (key, position), so each group of equal values starts with
/// its first occurrence (NumPy's stable sort gives the same first indices).
fn unique_with(x: &ArrayArg, flags: [bool; 3], o: &mut Out) -> Res<()> {
    let l = Lanes::whole(x);
    let float = is_float(x.dtype);
    let key = |k: usize| -> u64 {
        if float {
            let v = l.f64(0, k);
            // One key for both zeros and for every NaN.
            let v = if v == 0.0 {
                0.0
            } else if v.is_nan() {
                f64::NAN
            } else {
                v
            };
            float_key(v)
        } else {
            (l.i64(0, k) as u64) ^ (1 << 63)
        }
    };
    let mut order: Vec<(u64, usize)> = (0..l.len).map(|k| (key(k), k)).collect();
    order.sort_unstable();
    let mut firsts: Vec<usize> = Vec::new();
    let mut counts: Vec<i64> = Vec::new();
    let mut inverse = vec![0i64; l.len];
    let mut last: Option<u64> = None;
    for &(k, pos) in &order {
        if last != Some(k) {
            firsts.push(pos);
            counts.push(0);
            last = Some(k);
        }
        *counts.last_mut().expect("a group was opened") += 1;
        inverse[pos] = firsts.len() as i64 - 1;
    }
    let vals: Vec<Val> = firsts
        .iter()
        .map(|&k| {
            if float {
                Val::F(l.f64(0, k))
            } else {
                Val::I(l.i64(0, k))
            }
        })
        .collect();
    emit(o, x.dtype, false, &[vals.len()], &vals)?;
    let ints = |v: &mut dyn Iterator<Item = i64>| v.map(Val::I).collect::<Vec<Val>>();
    if flags[0] {
        let v = ints(&mut firsts.iter().map(|&k| k as i64));
        emit(o, DT_I64, false, &[v.len()], &v)?;
    }
    if flags[1] {
        let v = ints(&mut inverse.into_iter());
        let shape: Vec<usize> = x.shape[..x.ndim].to_vec();
        emit(o, DT_I64, false, &shape, &v)?;
    }
    if flags[2] {
        let v = ints(&mut counts.into_iter());
        emit(o, DT_I64, false, &[v.len()], &v)?;
    }
    Ok(())
}

/// A copy of the matrix at slot 0 keeping the elements with `keep(j - i, k)`, zeros elsewhere.
fn triangle(args: &Args, out: *mut i64, keep: fn(i64, i64) -> bool) -> i32 {
    let x = args.array(0);
    let k = args.int(1).unwrap_or(0);
    run(out, |o| {
        let (m, n) = dims(&x);
        let size = x.itemsize();
        o.raw(&[m, n], size, |data| {
            for i in 0..m {
                for j in 0..n {
                    // SAFETY: in bounds of the new array; the source is a live element.
                    unsafe {
                        let dst = data.add((i * n + j) * size);
                        if keep(j as i64 - i as i64, k) {
                            std::ptr::copy_nonoverlapping(at(&x, i, j), dst, size);
                        } else {
                            std::ptr::write_bytes(dst, 0, size);
                        }
                    }
                }
            }
        })
    })
}

/// `numpy.triu(m, k=0)`.
///
/// # Safety
/// `args` and `out` follow [`crate::slots`].
pub unsafe extern "C" fn oxjit_rt_np_triu(args: *const i64, out: *mut i64) -> i32 {
    // SAFETY: by the contract.
    triangle(&unsafe { Args::new(args) }, out, |d, k| d >= k)
}

/// `numpy.tril(m, k=0)`.
///
/// # Safety
/// `args` and `out` follow [`crate::slots`].
pub unsafe extern "C" fn oxjit_rt_np_tril(args: *const i64, out: *mut i64) -> i32 {
    // SAFETY: by the contract.
    triangle(&unsafe { Args::new(args) }, out, |d, k| d <= k)
}

/// The elements of a 1-D or 2-D array in C order, as float64.
fn values(x: &ArrayArg) -> Vec<f64> {
    let (m, n) = dims(x);
    (0..m)
        .flat_map(|i| (0..n).map(move |j| (i, j)))
        .map(|(i, j)| {
            if x.ndim == 2 {
                x.get(i, j)
            } else {
                x.get(j, 0)
            }
        })
        .collect()
}

/// `numpy.average(a, weights=None)` over the whole array.
///
/// # Safety
/// `args` and `out` follow [`crate::slots`].
pub unsafe extern "C" fn oxjit_rt_np_average(args: *const i64, out: *mut i64) -> i32 {
    // SAFETY: by the contract.
    let args = unsafe { Args::new(args) };
    let a = args.array(0);
    let weighted = !args.is_none(2);
    let w = args.array(2);
    let single = a.single() && (!weighted || w.single());
    // SAFETY: compiled code passes a slot per result.
    let mut o = unsafe { Out::new(out, single) };
    let r = (|| {
        let xs = values(&a);
        if !weighted {
            o.float(xs.iter().sum::<f64>() / xs.len() as f64);
            return Ok(());
        }
        if a.ndim != w.ndim || dims(&a) != dims(&w) {
            set_error(
                ErrorKind::TypeError,
                "Axis must be specified when shapes of a and weights differ.".into(),
            );
            return Err(Failed);
        }
        let ws = values(&w);
        let scale: f64 = ws.iter().sum();
        if scale == 0.0 {
            set_error(
                ErrorKind::ZeroDivisionError,
                "Weights sum to zero, can't be normalized".into(),
            );
            return Err(Failed);
        }
        let total: f64 = xs.iter().zip(&ws).map(|(x, w)| x * w).sum();
        o.float(total / scale);
        Ok(())
    })();
    o.finish(r)
}

//! The real-valued helpers of `numpy.fft` for compiled code: `fftfreq`, `rfftfreq`,
//! `fftshift`, `ifftshift` (slot routines, see [`crate::slots`]). The transforms themselves
//! need complex arrays, which oxjit does not have yet (see `docs/fft.md`).

use crate::errors::{set_error, ErrorKind};
use crate::slots::{value_error, Args, Failed, Out, Res};

fn run(out: *mut i64, f: impl FnOnce(&mut Out) -> Res<()>) -> i32 {
    // SAFETY: compiled code passes a slot per result.
    let mut o = unsafe { Out::new(out, false) };
    let r = f(&mut o);
    o.finish(r)
}

/// `1.0 / (n * d)` as Python computes it, or its `ZeroDivisionError`.
fn scale(args: &Args) -> Res<(i64, f64)> {
    let n = args.int(0).unwrap_or(0);
    let d = args.float(1).unwrap_or(1.0);
    let denom = n as f64 * d;
    if denom == 0.0 {
        set_error(
            ErrorKind::ZeroDivisionError,
            "float division by zero".into(),
        );
        return Err(Failed);
    }
    Ok((n, 1.0 / denom))
}

/// `numpy.fft.fftfreq(n, d=1.0)`.
///
/// # Safety
/// `args` and `out` follow [`crate::slots`].
pub unsafe extern "C" fn oxjit_rt_fft_fftfreq(args: *const i64, out: *mut i64) -> i32 {
    // SAFETY: by the contract.
    let args = unsafe { Args::new(args) };
    run(out, |o| {
        let (n, val) = scale(&args)?;
        if n < 0 {
            return value_error("negative dimensions are not allowed");
        }
        let n = n as usize;
        let half = (n - 1) / 2 + 1;
        o.array(&[n], |i, _| {
            let k = if i < half {
                i as i64
            } else {
                i as i64 - n as i64
            };
            k as f64 * val
        })
    })
}

/// `numpy.fft.rfftfreq(n, d=1.0)`.
///
/// # Safety
/// `args` and `out` follow [`crate::slots`].
pub unsafe extern "C" fn oxjit_rt_fft_rfftfreq(args: *const i64, out: *mut i64) -> i32 {
    // SAFETY: by the contract.
    let args = unsafe { Args::new(args) };
    run(out, |o| {
        let (n, val) = scale(&args)?;
        // `arange(0, n // 2 + 1)`: empty for negative `n` (floor division, as Python).
        let len = (n.div_euclid(2) + 1).max(0) as usize;
        o.array(&[len], |i, _| i as f64 * val)
    })
}

/// A copy of the array at slot 0 rolled by `shift(len)` along the axes slot 1 names (all
/// when absent).
fn shifted(args: &Args, out: *mut i64, shift: fn(usize) -> usize) -> i32 {
    let x = args.array(0);
    run(out, |o| {
        let nd = x.ndim.max(1);
        let mut on = [x.ndim == 1 || x.ndim == 2; 2];
        if x.ndim < 2 {
            on[1] = false;
        }
        if let Some(k) = args.int(1) {
            let nd = nd as i64;
            if k < -nd || k >= nd {
                // NumPy indexes the shape tuple with the axis.
                set_error(ErrorKind::IndexError, "tuple index out of range".into());
                return Err(Failed);
            }
            let k = if k < 0 { k + nd } else { k } as usize;
            on = [k == 0, k == 1];
        }
        let rows = x.shape[0];
        let cols = if x.ndim == 2 { x.shape[1] } else { 1 };
        let s0 = if on[0] { shift(rows) } else { 0 };
        let s1 = if on[1] { shift(cols) } else { 0 };
        // out[(i + s) % n] = x[i], so out[i] = x[(i + n - s) % n].
        let src = |i: usize, j: usize| {
            let si = if rows == 0 { 0 } else { (i + rows - s0) % rows };
            let sj = if cols == 0 { 0 } else { (j + cols - s1) % cols };
            x.ptr(si, sj)
        };
        let shape: Vec<usize> = x.shape[..nd].to_vec();
        o.copied(&shape, x.itemsize(), src)
    })
}

/// `numpy.fft.fftshift(x, axes=None)`.
///
/// # Safety
/// `args` and `out` follow [`crate::slots`].
pub unsafe extern "C" fn oxjit_rt_fft_fftshift(args: *const i64, out: *mut i64) -> i32 {
    // SAFETY: by the contract.
    shifted(&unsafe { Args::new(args) }, out, |n| n / 2)
}

/// `numpy.fft.ifftshift(x, axes=None)`.
///
/// # Safety
/// `args` and `out` follow [`crate::slots`].
pub unsafe extern "C" fn oxjit_rt_fft_ifftshift(args: *const i64, out: *mut i64) -> i32 {
    // SAFETY: by the contract.
    shifted(&unsafe { Args::new(args) }, out, |n| n - n / 2)
}

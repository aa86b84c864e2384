//! The transforms of `numpy.fft` for compiled code: `fft`, `ifft`, `rfft`, `irfft` along one
//! axis (`a, n=None, axis=-1, norm=None`), and `fft2`, `ifft2`, `fftn`, `ifftn`, `rfft2`,
//! `irfft2`, `rfftn`, `irfftn` over several (`a, s=None, axes=..., norm=None`), of arrays of
//! any number of axes, dtype and layout. Slot routines (see [`crate::slots`]) on the engine of
//! [`crate::fft_grid`].
//!
//! The arguments are checked in NumPy 2's order, with its errors: for one axis, `a.shape[axis]`
//! when `n` is None (`IndexError`), then `n >= 1` (`ValueError`), then `norm` (`ValueError`,
//! the text of a forward transform's message differs from an inverse's, as NumPy's), then the
//! axis (`AxisError`); for several axes, NumPy's `_cook_nd_args` (`s`, `axes`), then each
//! one-axis transform in NumPy's order.

use crate::errors::{set_error, ErrorKind};
use crate::fft_grid::{Grid, Norm};
use crate::slots::{slot_routines, value_error, Args, Failed, Out, Res, DT_C128, DT_C64, DT_F32};

/// `norm=` at `slot`: a norm, or the text of a string that names none.
fn norm_arg(args: &Args, slot: usize) -> Result<Norm, String> {
    if let Some(text) = args.text(slot) {
        return Err(text);
    }
    match args.int(slot) {
        // Typing passes only the codes of `"backward"`, `"ortho"` and `"forward"`.
        Some(code) => Norm::of_code(code).ok_or_else(|| code.to_string()),
        // `None`, or not given: NumPy's default.
        None => Ok(Norm::Backward),
    }
}

/// The norm, or NumPy's error (checked where NumPy checks it: after `n`).
fn check_norm(norm: &Result<Norm, String>, inverse: bool) -> Res<Norm> {
    match norm {
        Ok(n) => Ok(*n),
        // An inverse transform swaps the direction first, whose message has a space more.
        Err(text) if inverse => value_error(format!(
            "Invalid norm value {text}; should be \"backward\", \"ortho\" or \"forward\"."
        )),
        Err(text) => value_error(format!(
            "Invalid norm value {text}; should be \"backward\",\"ortho\" or \"forward\"."
        )),
    }
}

/// `n >= 1`, or NumPy's error.
fn check_points(n: i64) -> Res<usize> {
    if n < 1 {
        return value_error(format!(
            "Invalid number of FFT data points ({n}) specified."
        ));
    }
    Ok(n as usize)
}

/// `shape[k]` as Python indexes a tuple (negative from the end), or its `IndexError`.
fn shape_at(shape: &[usize], k: i64) -> Res<i64> {
    let len = shape.len() as i64;
    if k < -len || k >= len {
        set_error(ErrorKind::IndexError, "tuple index out of range".into());
        return Err(Failed);
    }
    Ok(shape[if k < 0 { k + len } else { k } as usize] as i64)
}

/// `numpy.take(shape, axes)`, or its `IndexError`.
fn take(shape: &[usize], axes: &[i64]) -> Res<Vec<i64>> {
    let len = shape.len() as i64;
    axes.iter()
        .map(|k| {
            if *k < -len || *k >= len {
                set_error(
                    ErrorKind::IndexError,
                    format!("index {k} is out of bounds for axis 0 with size {len}"),
                );
                return Err(Failed);
            }
            Ok(shape[if *k < 0 { k + len } else { *k } as usize] as i64)
        })
        .collect()
}

/// The ints of the tuple or list at `slot` (typing admits only ints there), `None` when the
/// parameter is None or not given.
fn ints(args: &Args, slot: usize) -> Option<Vec<i64>> {
    if args.is_none(slot) {
        return None;
    }
    let a = args.array(slot);
    Some((0..a.shape[0]).map(|i| a.get_int(i)).collect())
}

/// What one axis does.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// `fft` (`false`) or `ifft` (`true`).
    Complex(bool),
    /// `rfft`.
    RealForward,
    /// `irfft`.
    RealInverse,
}

impl Kind {
    fn inverse(self) -> bool {
        matches!(self, Kind::Complex(true) | Kind::RealInverse)
    }
}

/// NumPy's `_raw_fft` on the grid: check `n`, `norm` and `axis` (in NumPy's order), then
/// transform.
fn one_axis(g: &mut Grid, kind: Kind, n: i64, axis: i64, norm: &Result<Norm, String>) -> Res<()> {
    let n = check_points(n)?;
    let norm = check_norm(norm, kind.inverse())?;
    let axis = crate::nd::axis(axis, g.shape.len())?;
    match kind {
        Kind::Complex(inverse) => g.complex(axis, n, inverse, norm),
        Kind::RealForward => g.real_forward(axis, n, norm),
        Kind::RealInverse => g.real_inverse(axis, n, norm),
    }
}

/// Whether results of an array of dtype `dt` are single precision (float32 or complex64 in).
fn single(dt: i64) -> bool {
    dt == DT_F32 || dt == DT_C64
}

/// `fft`/`ifft`/`rfft`/`irfft(a, n=None, axis=-1, norm=None)`.
fn transform_1d(args: &Args, o: &mut Out, kind: Kind) -> Res<()> {
    let x = args.nd(0);
    // Not given: NumPy's default `axis=-1` (typing admits only an int there).
    let axis = args.int(2).unwrap_or(-1);
    let n = match args.int(1) {
        Some(n) => n,
        // `n=None`: `a.shape[axis]`, or `2 (m - 1)` for `irfft`.
        None if kind == Kind::RealInverse => 2 * (shape_at(&x.shape, axis)? - 1),
        None => shape_at(&x.shape, axis)?,
    };
    let norm = norm_arg(args, 3);
    if kind == Kind::RealForward && x.shape.len() == 1 && x.dtype != DT_C64 && x.dtype != DT_C128 {
        // The same checks as `one_axis`, in NumPy's order, then the direct 1-D transform.
        let n = check_points(n)?;
        let norm = check_norm(&norm, false)?;
        crate::nd::axis(axis, 1)?;
        return Grid::real_forward_1d(&x, n, norm)?.emit(o, single(x.dtype), false);
    }
    let mut g = Grid::load(&x);
    one_axis(&mut g, kind, n, axis, &norm)?;
    g.emit(o, single(x.dtype), kind == Kind::RealInverse)
}

/// Which family of several-axes transforms.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Family {
    /// `fftn`/`fft2` (`false`) or `ifftn`/`ifft2` (`true`).
    Complex(bool),
    /// `rfftn`/`rfft2`.
    RealForward,
    /// `irfftn`/`irfft2`.
    RealInverse,
}

/// `fftn`-like `(a, s=None, axes=None, norm=None)`; `two`: the `*2` functions, whose `axes`
/// default to `(-2, -1)`.
fn transform_nd(args: &Args, o: &mut Out, family: Family, two: bool) -> Res<()> {
    let x = args.nd(0);
    let s = ints(args, 1);
    let axes = match ints(args, 2) {
        None if two && args.is_absent(2) => Some(vec![-2, -1]),
        a => a,
    };
    // NumPy's `_cook_nd_args`.
    let shapeless = s.is_none();
    let mut s = match (s, &axes) {
        (Some(s), _) => s,
        (None, None) => x.shape.iter().map(|n| *n as i64).collect(),
        (None, Some(axes)) => take(&x.shape, axes)?,
    };
    let axes = match axes {
        Some(a) => a,
        None => (-(s.len() as i64)..0).collect(),
    };
    if s.len() != axes.len() {
        return value_error("Shape and axes have different lengths.");
    }
    let Some(last) = axes.len().checked_sub(1) else {
        // Typing refuses empty tuples (NumPy would return the argument itself).
        return value_error("no axes to transform");
    };
    if family == Family::RealInverse && shapeless {
        s[last] = (shape_at(&x.shape, axes[last])? - 1) * 2;
    }
    for (n, a) in s.iter_mut().zip(&axes) {
        if *n == -1 {
            *n = shape_at(&x.shape, *a)?;
        }
    }
    let norm = norm_arg(args, 3);
    let mut g = Grid::load(&x);
    match family {
        Family::Complex(inverse) => {
            for k in (0..=last).rev() {
                one_axis(&mut g, Kind::Complex(inverse), s[k], axes[k], &norm)?;
            }
        }
        Family::RealForward => {
            one_axis(&mut g, Kind::RealForward, s[last], axes[last], &norm)?;
            for k in (0..last).rev() {
                one_axis(&mut g, Kind::Complex(false), s[k], axes[k], &norm)?;
            }
        }
        Family::RealInverse => {
            for k in 0..last {
                one_axis(&mut g, Kind::Complex(true), s[k], axes[k], &norm)?;
            }
            one_axis(&mut g, Kind::RealInverse, s[last], axes[last], &norm)?;
        }
    }
    g.emit(o, single(x.dtype), family == Family::RealInverse)
}

slot_routines! {
    /// `numpy.fft.fft`.
    oxjit_rt_fft_fft => |a, o| transform_1d(a, o, Kind::Complex(false));
    /// `numpy.fft.ifft`.
    oxjit_rt_fft_ifft => |a, o| transform_1d(a, o, Kind::Complex(true));
    /// `numpy.fft.rfft`.
    oxjit_rt_fft_rfft => |a, o| transform_1d(a, o, Kind::RealForward);
    /// `numpy.fft.irfft`.
    oxjit_rt_fft_irfft => |a, o| transform_1d(a, o, Kind::RealInverse);
    /// `numpy.fft.fftn`.
    oxjit_rt_fft_fftn => |a, o| transform_nd(a, o, Family::Complex(false), false);
    /// `numpy.fft.ifftn`.
    oxjit_rt_fft_ifftn => |a, o| transform_nd(a, o, Family::Complex(true), false);
    /// `numpy.fft.fft2`.
    oxjit_rt_fft_fft2 => |a, o| transform_nd(a, o, Family::Complex(false), true);
    /// `numpy.fft.ifft2`.
    oxjit_rt_fft_ifft2 => |a, o| transform_nd(a, o, Family::Complex(true), true);
    /// `numpy.fft.rfftn`.
    oxjit_rt_fft_rfftn => |a, o| transform_nd(a, o, Family::RealForward, false);
    /// `numpy.fft.irfftn`.
    oxjit_rt_fft_irfftn => |a, o| transform_nd(a, o, Family::RealInverse, false);
    /// `numpy.fft.rfft2`.
    oxjit_rt_fft_rfft2 => |a, o| transform_nd(a, o, Family::RealForward, true);
    /// `numpy.fft.irfft2`.
    oxjit_rt_fft_irfft2 => |a, o| transform_nd(a, o, Family::RealInverse, true);
}

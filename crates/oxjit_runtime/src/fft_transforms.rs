//! The transforms of `numpy.fft` for compiled code — `fft`, `ifft`, `rfft`, `irfft` along one
//! axis (with `n=`), `fft2`/`ifft2`/`fftn`/`ifftn` over both axes of a matrix — on rustfft and
//! realfft (pure Rust). Slot routines (see [`crate::slots`]): the argument is copied from any
//! layout into a C-contiguous complex buffer (padded with zeros or truncated to `n`), each line
//! is transformed in place, and the buffer becomes the result (complex128, or float64 for
//! `irfft`). Plans are cached per thread and length by the planners.
//!
//! Normalisation follows NumPy's `norm` (`backward` by default: inverse transforms divide by
//! `n`); the code of `norm` is the slot's int ([`Norm`]).

use crate::errors::{set_error, ErrorKind};
use crate::slots::{value_error, Args, ArrayArg, Failed, Out, Res, DT_C64, DT_F32};
use realfft::RealFftPlanner;
use rustfft::num_complex::Complex64;
use rustfft::FftPlanner;
use std::cell::RefCell;

thread_local! {
    static PLANNER: RefCell<FftPlanner<f64>> = RefCell::new(FftPlanner::new());
    static REAL_PLANNER: RefCell<RealFftPlanner<f64>> = RefCell::new(RealFftPlanner::new());
}

/// NumPy's `norm=` (the code compiled code passes).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(i64)]
pub enum Norm {
    Backward = 0,
    Ortho = 1,
    Forward = 2,
}

impl Norm {
    fn of(args: &Args, slot: usize) -> Norm {
        match args.int(slot) {
            Some(1) => Norm::Ortho,
            Some(2) => Norm::Forward,
            _ => Norm::Backward,
        }
    }

    /// The factor a transform of `n` points is multiplied by.
    fn scale(self, n: usize, inverse: bool) -> f64 {
        let n = n as f64;
        match (self, inverse) {
            (Norm::Ortho, _) => 1.0 / n.sqrt(),
            (Norm::Backward, false) | (Norm::Forward, true) => 1.0,
            (Norm::Backward, true) | (Norm::Forward, false) => 1.0 / n,
        }
    }
}

/// A C-contiguous complex buffer of at most two axes.
struct Grid {
    data: Vec<Complex64>,
    shape: Vec<usize>,
}

impl Grid {
    /// A copy of `x` with axis `axis` resized to `n` (zeros appended, or truncated).
    fn load(x: &ArrayArg, axis: usize, n: usize) -> Grid {
        let mut shape: Vec<usize> = x.shape[..x.ndim.max(1)].to_vec();
        shape[axis] = n;
        let (rows, cols) = (shape[0], if shape.len() == 2 { shape[1] } else { 1 });
        let mut data = vec![Complex64::new(0.0, 0.0); rows * cols];
        let src_rows = if axis == 0 { x.shape[0].min(n) } else { rows };
        let src_cols = if x.ndim == 2 && axis == 1 {
            x.shape[1].min(n)
        } else {
            cols
        };
        for i in 0..src_rows {
            for j in 0..src_cols {
                let (re, im) = x.get_complex(i, j);
                data[i * cols + j] = Complex64::new(re, im);
            }
        }
        Grid { data, shape }
    }

    fn dims(&self) -> (usize, usize) {
        (
            self.shape[0],
            if self.shape.len() == 2 {
                self.shape[1]
            } else {
                1
            },
        )
    }

    /// Transform every line along `axis` in place, scaled by `norm`.
    fn transform(&mut self, axis: usize, inverse: bool, norm: Norm) {
        let (rows, cols) = self.dims();
        let (len, lines, stride, step) = if axis == 0 {
            (rows, cols, cols, 1)
        } else {
            (cols, rows, 1, cols)
        };
        if len == 0 || lines == 0 {
            return;
        }
        let plan = PLANNER.with(|p| {
            let mut p = p.borrow_mut();
            if inverse {
                p.plan_fft_inverse(len)
            } else {
                p.plan_fft_forward(len)
            }
        });
        let factor = norm.scale(len, inverse);
        let mut scratch = vec![Complex64::new(0.0, 0.0); plan.get_inplace_scratch_len()];
        let mut line = vec![Complex64::new(0.0, 0.0); if stride == 1 { 0 } else { len }];
        for l in 0..lines {
            let start = l * step;
            if stride == 1 {
                let s = &mut self.data[start..start + len];
                plan.process_with_scratch(s, &mut scratch);
                if factor != 1.0 {
                    s.iter_mut().for_each(|v| *v *= factor);
                }
            } else {
                for (k, v) in line.iter_mut().enumerate() {
                    *v = self.data[start + k * stride];
                }
                plan.process_with_scratch(&mut line, &mut scratch);
                for (k, v) in line.iter().enumerate() {
                    self.data[start + k * stride] = *v * factor;
                }
            }
        }
    }

    /// The buffer as a new complex128 result (complex64 when `single`, as NumPy keeps single
    /// precision).
    fn emit(self, o: &mut Out, single: bool) -> Res<()> {
        let n = self.data.len();
        let data = self.data;
        if single {
            return o.raw(&self.shape, 8, |p| {
                let p = p as *mut f32;
                for (k, v) in data.iter().enumerate() {
                    // SAFETY: `p` holds `n` complex64 elements (two floats each).
                    unsafe {
                        p.add(2 * k).write(v.re as f32);
                        p.add(2 * k + 1).write(v.im as f32);
                    }
                }
            });
        }
        o.raw(&self.shape, 16, |p| {
            // SAFETY: `p` holds `n` complex128 elements (two doubles each, as `Complex64`).
            unsafe { std::ptr::copy_nonoverlapping(data.as_ptr(), p as *mut Complex64, n) };
        })
    }
}

/// Whether results of `x` are single precision (float32 or complex64 input).
fn single(x: &ArrayArg) -> bool {
    x.dtype == DT_F32 || x.dtype == DT_C64
}

fn run(out: *mut i64, f: impl FnOnce(&mut Out) -> Res<()>) -> i32 {
    // SAFETY: compiled code passes a slot per result.
    let mut o = unsafe { Out::new(out, false) };
    let r = f(&mut o);
    o.finish(r)
}

/// The axis `axis` (negative from the end) of an array of `ndim` axes, or NumPy's error.
fn axis_of(args: &Args, slot: usize, ndim: usize) -> Res<usize> {
    // No int in the slot is NumPy's default `axis=-1` (typing admits only an int there).
    let a = args.int(slot).unwrap_or(-1);
    let nd = ndim.max(1) as i64;
    if a < -nd || a >= nd {
        set_error(
            ErrorKind::IndexError,
            format!("axis {a} is out of bounds for array of dimension {nd}"),
        );
        return Err(Failed);
    }
    Ok(if a < 0 { a + nd } else { a } as usize)
}

/// The number of points `n` (slot `slot`, or `default` when `n=None`), at least 1.
fn points(args: &Args, slot: usize, default: i64) -> Res<usize> {
    // No int in the slot is `n=None` (typing admits only an int or None there).
    let n = args.int(slot).unwrap_or(default);
    if n < 1 {
        return value_error(format!(
            "Invalid number of FFT data points ({n}) specified."
        ));
    }
    Ok(n as usize)
}

/// `fft`/`ifft(a, n=None, axis=-1, norm=None)`.
fn complex_1d(args: &Args, out: *mut i64, inverse: bool) -> i32 {
    let x = args.array(0);
    run(out, |o| {
        let axis = axis_of(args, 2, x.ndim)?;
        let n = points(args, 1, x.shape[axis] as i64)?;
        let mut g = Grid::load(&x, axis, n);
        g.transform(axis, inverse, Norm::of(args, 3));
        g.emit(o, single(&x))
    })
}

/// `fft2`/`ifft2`/`fftn`/`ifftn(a, s=None, axes=None, norm=None)` of a 1-D or 2-D array.
fn complex_nd(args: &Args, out: *mut i64, inverse: bool, two: bool) -> i32 {
    let x = args.array(0);
    run(out, |o| {
        if two && x.ndim < 2 {
            // `fft2`'s default axes `(-2, -1)` index the shape, as NumPy does.
            set_error(
                ErrorKind::IndexError,
                format!("index -2 is out of bounds for axis 0 with size {}", x.ndim),
            );
            return Err(Failed);
        }
        let nd = x.ndim.max(1);
        for k in 0..nd {
            if x.shape[k] == 0 {
                return value_error(format!(
                    "Invalid number of FFT data points ({}) specified.",
                    x.shape[k]
                ));
            }
        }
        let mut g = Grid::load(&x, 0, x.shape[0]);
        let norm = Norm::of(args, 3);
        for axis in (0..nd).rev() {
            g.transform(axis, inverse, norm);
        }
        g.emit(o, single(&x))
    })
}

/// `rfft(a, n=None, axis=-1, norm=None)` of a real array: `n // 2 + 1` complex points.
fn real_forward(args: &Args, out: *mut i64) -> i32 {
    let x = args.array(0);
    run(out, |o| {
        let axis = axis_of(args, 2, x.ndim)?;
        let n = points(args, 1, x.shape[axis] as i64)?;
        let norm = Norm::of(args, 3);
        if axis == 0 && x.ndim == 2 {
            // Along columns: the complex path, keeping the first `n // 2 + 1` rows.
            let mut g = Grid::load(&x, 0, n);
            g.transform(0, false, norm);
            let cols = x.shape[1];
            g.data.truncate((n / 2 + 1) * cols);
            g.shape[0] = n / 2 + 1;
            return g.emit(o, single(&x));
        }
        let rows = if x.ndim == 2 { x.shape[0] } else { 1 };
        let plan = REAL_PLANNER.with(|p| p.borrow_mut().plan_fft_forward(n));
        let half = n / 2 + 1;
        let mut input = plan.make_input_vec();
        let mut spectrum = plan.make_output_vec();
        let mut scratch = plan.make_scratch_vec();
        let mut data = Vec::with_capacity(rows * half);
        let factor = norm.scale(n, false);
        let m = x.shape[axis].min(n);
        for i in 0..rows {
            for (k, v) in input.iter_mut().enumerate() {
                *v = if k >= m {
                    0.0
                } else if x.ndim == 2 {
                    x.get(i, k)
                } else {
                    x.get(k, 0)
                };
            }
            if plan
                .process_with_scratch(&mut input, &mut spectrum, &mut scratch)
                .is_err()
            {
                return value_error("rfft failed");
            }
            data.extend(spectrum.iter().map(|v| *v * factor));
        }
        let mut shape = x.shape[..x.ndim.max(1)].to_vec();
        shape[axis] = half;
        Grid { data, shape }.emit(o, single(&x))
    })
}

/// `irfft(a, n=None, axis=-1, norm=None)`: `n` real points (default `2 (m - 1)`).
fn real_inverse(args: &Args, out: *mut i64) -> i32 {
    let x = args.array(0);
    run(out, |o| {
        let axis = axis_of(args, 2, x.ndim)?;
        let m = x.shape[axis];
        // NumPy's default `2 (m - 1)` is -2 for an empty axis (and its error names it).
        let n = points(args, 1, 2 * (m as i64 - 1))?;
        let half = n / 2 + 1;
        let norm = Norm::of(args, 3);
        let g = Grid::load(&x, axis, half);
        let (rows, cols) = g.dims();
        let lines = if axis == 0 { cols } else { rows };
        let plan = REAL_PLANNER.with(|p| p.borrow_mut().plan_fft_inverse(n));
        let mut spectrum = plan.make_input_vec();
        let mut signal = plan.make_output_vec();
        let mut scratch = plan.make_scratch_vec();
        let factor = norm.scale(n, true);
        let mut shape = g.shape.clone();
        shape[axis] = n;
        let out_cols = if shape.len() == 2 { shape[1] } else { 1 };
        let mut result = vec![0.0f64; shape.iter().product()];
        for l in 0..lines {
            for (k, v) in spectrum.iter_mut().enumerate() {
                *v = if axis == 0 {
                    g.data[k * cols + l]
                } else {
                    g.data[l * cols + k]
                };
            }
            // pocketfft ignores the imaginary parts of the first and (even `n`) last points.
            spectrum[0].im = 0.0;
            if n % 2 == 0 {
                spectrum[half - 1].im = 0.0;
            }
            if plan
                .process_with_scratch(&mut spectrum, &mut signal, &mut scratch)
                .is_err()
            {
                return value_error("irfft failed");
            }
            for (k, v) in signal.iter().enumerate() {
                let at = if axis == 0 {
                    k * out_cols + l
                } else {
                    l * out_cols + k
                };
                result[at] = v * factor;
            }
        }
        if single(&x) {
            return o.raw(&shape, 4, |p| {
                for (k, v) in result.iter().enumerate() {
                    // SAFETY: `p` holds `result.len()` float32 elements.
                    unsafe { (p as *mut f32).add(k).write(*v as f32) };
                }
            });
        }
        let len = result.len();
        o.raw(&shape, 8, |p| {
            // SAFETY: `p` holds `len` float64 elements.
            unsafe { std::ptr::copy_nonoverlapping(result.as_ptr(), p as *mut f64, len) };
        })
    })
}

macro_rules! routine {
    ($(#[$doc:meta])* $name:ident => |$a:ident, $o:ident| $body:expr) => {
        $(#[$doc])*
        ///
        /// # Safety
        /// `args` and `out` follow [`crate::slots`].
        pub unsafe extern "C" fn $name(args: *const i64, out: *mut i64) -> i32 {
            // SAFETY: by the contract.
            let $a = unsafe { Args::new(args) };
            let $o = out;
            $body
        }
    };
}

routine!(/// `numpy.fft.fft`.
    oxjit_rt_fft_fft => |a, o| complex_1d(&a, o, false));
routine!(/// `numpy.fft.ifft`.
    oxjit_rt_fft_ifft => |a, o| complex_1d(&a, o, true));
routine!(/// `numpy.fft.fftn` (every axis).
    oxjit_rt_fft_fftn => |a, o| complex_nd(&a, o, false, false));
routine!(/// `numpy.fft.ifftn`.
    oxjit_rt_fft_ifftn => |a, o| complex_nd(&a, o, true, false));
routine!(/// `numpy.fft.fft2` (the last two axes).
    oxjit_rt_fft_fft2 => |a, o| complex_nd(&a, o, false, true));
routine!(/// `numpy.fft.ifft2`.
    oxjit_rt_fft_ifft2 => |a, o| complex_nd(&a, o, true, true));
routine!(/// `numpy.fft.rfft`.
    oxjit_rt_fft_rfft => |a, o| real_forward(&a, o));
routine!(/// `numpy.fft.irfft`.
    oxjit_rt_fft_irfft => |a, o| real_inverse(&a, o));

//! The engine of the `numpy.fft` transforms ([`crate::fft_transforms`]): a C-contiguous complex
//! buffer of any number of axes ([`Grid`]) and the one-axis transforms NumPy's `fftn`, `rfftn`
//! and `irfftn` are sequences of — complex to complex, real to half-spectrum, half-spectrum to
//! real — each resizing its axis as NumPy's `n` does (zeros appended, or the axis cropped), on
//! rustfft and realfft (pure Rust; plans cached per thread and length by the planners).
//!
//! Normalisation follows NumPy's `norm=` ([`Norm`]; `backward` by default: inverse transforms
//! divide by `n`). Everything is computed in double precision; [`Grid::emit`] rounds to single
//! precision when NumPy keeps it.

use crate::slots::{value_error, Out, Res};
use realfft::RealFftPlanner;
use rustfft::num_complex::Complex64;
use rustfft::FftPlanner;
use std::cell::RefCell;

thread_local! {
    static PLANNER: RefCell<FftPlanner<f64>> = RefCell::new(FftPlanner::new());
    static REAL_PLANNER: RefCell<RealFftPlanner<f64>> = RefCell::new(RealFftPlanner::new());
}

/// The code compiled code passes for `norm="backward"` (or `None`, or absent).
pub const NORM_BACKWARD: i64 = 0;
/// `norm="ortho"`.
pub const NORM_ORTHO: i64 = 1;
/// `norm="forward"`.
pub const NORM_FORWARD: i64 = 2;

/// NumPy's `norm=`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Norm {
    Backward,
    Ortho,
    Forward,
}

impl Norm {
    /// The norm of a code ([`NORM_BACKWARD`], ...), if it is one.
    pub fn of_code(code: i64) -> Option<Norm> {
        match code {
            NORM_BACKWARD => Some(Norm::Backward),
            NORM_ORTHO => Some(Norm::Ortho),
            NORM_FORWARD => Some(Norm::Forward),
            _ => None,
        }
    }

    /// The factor a transform of `n` points is multiplied by.
    pub fn scale(self, n: usize, inverse: bool) -> f64 {
        let n = n as f64;
        match (self, inverse) {
            (Norm::Ortho, _) => 1.0 / n.sqrt(),
            (Norm::Backward, false) | (Norm::Forward, true) => 1.0,
            (Norm::Backward, true) | (Norm::Forward, false) => 1.0 / n,
        }
    }
}

const ZERO: Complex64 = Complex64::new(0.0, 0.0);

/// A C-contiguous complex buffer.
pub struct Grid {
    pub data: Vec<Complex64>,
    pub shape: Vec<usize>,
}

impl Grid {
    /// A complex copy of `x` (any dtype and layout; real dtypes get a zero imaginary part).
    pub fn load(x: &crate::nd::NdArray) -> Grid {
        let mut data = Vec::with_capacity(x.size());
        let dt = x.dtype;
        x.for_each(|p| {
            // SAFETY: `p` is a live element of dtype `dt`.
            let v = unsafe {
                match dt {
                    crate::slots::DT_C128 => {
                        let p = p as *const f64;
                        Complex64::new(p.read_unaligned(), p.add(1).read_unaligned())
                    }
                    crate::slots::DT_C64 => {
                        let p = p as *const f32;
                        Complex64::new(p.read_unaligned() as f64, p.add(1).read_unaligned() as f64)
                    }
                    _ => Complex64::new(crate::stats::read_f64(dt, p), 0.0),
                }
            };
            data.push(v);
        });
        Grid {
            data,
            shape: x.shape.clone(),
        }
    }

    /// Replace every line along `axis` by `f(input, output)`: the input is the line resized to
    /// `in_len` points (zeros appended, or cropped), the output has `out_len` points and
    /// becomes the line (the axis is now `out_len` long). `f` returns `false` on failure.
    fn map_lines(
        &mut self,
        axis: usize,
        in_len: usize,
        out_len: usize,
        mut f: impl FnMut(&mut [Complex64], &mut [Complex64]) -> bool,
        what: &str,
    ) -> Res<()> {
        let len = self.shape[axis];
        let outer: usize = self.shape[..axis].iter().product();
        let inner: usize = self.shape[axis + 1..].iter().product();
        let mut data = vec![ZERO; outer * out_len * inner];
        if inner == 1 && len == in_len {
            // Contiguous lines of the right length: transformed in place, written in place.
            for (line, out) in self
                .data
                .chunks_exact_mut(len.max(1))
                .zip(data.chunks_exact_mut(out_len.max(1)))
                .take(outer)
            {
                if !f(line, out) {
                    return value_error(format!("{what} failed"));
                }
            }
            self.data = data;
            self.shape[axis] = out_len;
            return Ok(());
        }
        let m = len.min(in_len);
        let mut line = vec![ZERO; in_len];
        let mut result = vec![ZERO; out_len];
        for o in 0..outer {
            for i in 0..inner {
                for (k, v) in line.iter_mut().enumerate() {
                    *v = if k < m {
                        self.data[(o * len + k) * inner + i]
                    } else {
                        ZERO
                    };
                }
                if !f(&mut line, &mut result) {
                    return value_error(format!("{what} failed"));
                }
                for (k, v) in result.iter().enumerate() {
                    data[(o * out_len + k) * inner + i] = *v;
                }
            }
        }
        self.data = data;
        self.shape[axis] = out_len;
        Ok(())
    }

    /// NumPy's `fft`/`ifft(n=n, axis=axis)` of every line along `axis`.
    pub fn complex(&mut self, axis: usize, n: usize, inverse: bool, norm: Norm) -> Res<()> {
        let plan = PLANNER.with(|p| {
            let mut p = p.borrow_mut();
            if inverse {
                p.plan_fft_inverse(n)
            } else {
                p.plan_fft_forward(n)
            }
        });
        let factor = norm.scale(n, inverse);
        let mut scratch = vec![ZERO; plan.get_inplace_scratch_len()];
        self.map_lines(
            axis,
            n,
            n,
            |line, out| {
                plan.process_with_scratch(line, &mut scratch);
                for (o, v) in out.iter_mut().zip(line.iter()) {
                    *o = *v * factor;
                }
                true
            },
            "fft",
        )
    }

    /// NumPy's `rfft(n=n, axis=axis)` of every line (the real parts): `n // 2 + 1` points.
    pub fn real_forward(&mut self, axis: usize, n: usize, norm: Norm) -> Res<()> {
        let plan = REAL_PLANNER.with(|p| p.borrow_mut().plan_fft_forward(n));
        let factor = norm.scale(n, false);
        let mut input = plan.make_input_vec();
        let mut scratch = plan.make_scratch_vec();
        self.map_lines(
            axis,
            n,
            n / 2 + 1,
            |line, out| {
                for (r, v) in input.iter_mut().zip(line.iter()) {
                    *r = v.re;
                }
                if plan
                    .process_with_scratch(&mut input, out, &mut scratch)
                    .is_err()
                {
                    return false;
                }
                out.iter_mut().for_each(|v| *v *= factor);
                true
            },
            "rfft",
        )
    }

    /// NumPy's `rfft(n=n)` of the 1-D real array `x`, read straight into the transform's
    /// input (no complex copy of `x` first, as [`Grid::load`] and [`Grid::real_forward`] make).
    pub fn real_forward_1d(x: &crate::nd::NdArray, n: usize, norm: Norm) -> Res<Grid> {
        let plan = REAL_PLANNER.with(|p| p.borrow_mut().plan_fft_forward(n));
        let mut input = plan.make_input_vec();
        let mut k = 0;
        let dt = x.dtype;
        x.for_each(|p| {
            if k < n {
                input[k] = crate::stats::read_f64(dt, p);
            }
            k += 1;
        });
        let mut out = plan.make_output_vec();
        let mut scratch = plan.make_scratch_vec();
        if plan
            .process_with_scratch(&mut input, &mut out, &mut scratch)
            .is_err()
        {
            return value_error("rfft failed".to_string());
        }
        let factor = norm.scale(n, false);
        if factor != 1.0 {
            out.iter_mut().for_each(|v| *v *= factor);
        }
        Ok(Grid {
            shape: vec![out.len()],
            data: out,
        })
    }

    /// NumPy's `irfft(n=n, axis=axis)` of every line: `n` real points (stored with a zero
    /// imaginary part) from the first `n // 2 + 1` points of the line.
    pub fn real_inverse(&mut self, axis: usize, n: usize, norm: Norm) -> Res<()> {
        let plan = REAL_PLANNER.with(|p| p.borrow_mut().plan_fft_inverse(n));
        let factor = norm.scale(n, true);
        let half = n / 2 + 1;
        let mut signal = plan.make_output_vec();
        let mut scratch = plan.make_scratch_vec();
        self.map_lines(
            axis,
            half,
            n,
            |line, out| {
                // pocketfft ignores the imaginary parts of the first and (even `n`) last
                // points; realfft refuses them.
                line[0].im = 0.0;
                if n.is_multiple_of(2) {
                    line[half - 1].im = 0.0;
                }
                if plan
                    .process_with_scratch(line, &mut signal, &mut scratch)
                    .is_err()
                {
                    return false;
                }
                for (o, v) in out.iter_mut().zip(signal.iter()) {
                    *o = Complex64::new(v * factor, 0.0);
                }
                true
            },
            "irfft",
        )
    }

    /// The buffer as a new array: complex128 (complex64 when `single`), or its real parts as
    /// float64 (float32 when `single`) when `real`.
    pub fn emit(self, o: &mut Out, single: bool, real: bool) -> Res<()> {
        let data = self.data;
        let n = data.len();
        match (real, single) {
            (false, false) => o.raw(&self.shape, 16, |p| {
                // SAFETY: `p` holds `n` complex128 elements (two doubles each, as `Complex64`).
                unsafe { std::ptr::copy_nonoverlapping(data.as_ptr(), p as *mut Complex64, n) };
            }),
            (false, true) => o.raw(&self.shape, 8, |p| {
                let p = p as *mut f32;
                for (k, v) in data.iter().enumerate() {
                    // SAFETY: `p` holds `n` complex64 elements (two floats each).
                    unsafe {
                        p.add(2 * k).write(v.re as f32);
                        p.add(2 * k + 1).write(v.im as f32);
                    }
                }
            }),
            (true, false) => o.raw(&self.shape, 8, |p| {
                for (k, v) in data.iter().enumerate() {
                    // SAFETY: `p` holds `n` float64 elements.
                    unsafe { (p as *mut f64).add(k).write(v.re) };
                }
            }),
            (true, true) => o.raw(&self.shape, 4, |p| {
                for (k, v) in data.iter().enumerate() {
                    // SAFETY: `p` holds `n` float32 elements.
                    unsafe { (p as *mut f32).add(k).write(v.re as f32) };
                }
            }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn grid(shape: &[usize], f: impl Fn(usize) -> f64) -> Grid {
        let n = shape.iter().product();
        Grid {
            data: (0..n).map(|k| Complex64::new(f(k), 0.0)).collect(),
            shape: shape.to_vec(),
        }
    }

    #[test]
    fn forward_then_inverse_is_the_identity_along_any_axis_of_three() {
        let g0 = grid(&[2, 3, 4], |k| (k as f64).sin());
        for axis in 0..3 {
            let mut g = grid(&[2, 3, 4], |k| (k as f64).sin());
            let n = g.shape[axis];
            g.complex(axis, n, false, Norm::Ortho).ok();
            g.complex(axis, n, true, Norm::Ortho).ok();
            for (a, b) in g.data.iter().zip(&g0.data) {
                assert!((a - b).norm() < 1e-12);
            }
        }
    }

    #[test]
    fn padding_and_cropping_resize_the_axis() {
        let mut g = grid(&[2, 3], |k| k as f64);
        g.complex(1, 5, false, Norm::Backward).ok();
        assert_eq!(g.shape, vec![2, 5]);
        // The first point of a line is the sum of its (cropped) values.
        g.complex(0, 1, false, Norm::Backward).ok();
        assert_eq!(g.shape, vec![1, 5]);
        assert!((g.data[0].re - 3.0).abs() < 1e-12);
    }

    #[test]
    fn real_transforms_round_trip() {
        let g0 = grid(&[3, 6], |k| (k as f64 * 0.7).cos());
        let mut g = grid(&[3, 6], |k| (k as f64 * 0.7).cos());
        g.real_forward(1, 6, Norm::Forward).ok();
        assert_eq!(g.shape, vec![3, 4]);
        g.real_inverse(1, 6, Norm::Forward).ok();
        assert_eq!(g.shape, vec![3, 6]);
        for (a, b) in g.data.iter().zip(&g0.data) {
            assert!((a - b).norm() < 1e-12);
        }
    }

    #[test]
    fn norm_codes_round_trip() {
        assert_eq!(Norm::of_code(NORM_BACKWARD), Some(Norm::Backward));
        assert_eq!(Norm::of_code(NORM_ORTHO), Some(Norm::Ortho));
        assert_eq!(Norm::of_code(NORM_FORWARD), Some(Norm::Forward));
        assert_eq!(Norm::of_code(3), None);
    }
}

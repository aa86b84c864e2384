//! Interpolation, convolution, integration and comparison routines for compiled code (slot
//! routines, see [`crate::slots`]): `interp` (NumPy's piecewise-linear rule, its NaN
//! fallbacks included), `convolve` and `correlate` (modes `full`, `same`, `valid`) of vectors,
//! `trapezoid` of a vector, `isclose`, `allclose`, `array_equal` (arrays of at most two
//! axes, broadcast as NumPy broadcasts, or numbers), and `cov`/`corrcoef` (NumPy's
//! algorithm: centred rows, their products, one division).

use crate::slots::{value_error, Args, ArrayArg, Out, Res, DT_F32};

fn run(out: *mut i64, single: bool, f: impl FnOnce(&mut Out) -> Res<()>) -> i32 {
    // SAFETY: compiled code passes a slot per result.
    let mut o = unsafe { Out::new(out, single) };
    let r = f(&mut o);
    o.finish(r)
}

/// An operand: an array, or a number broadcast everywhere.
#[derive(Clone, Copy)]
enum Operand {
    Array(ArrayArg),
    Number(f64),
}

impl Operand {
    fn of(args: &Args, slot: usize) -> Operand {
        if let Some(x) = args.float(slot) {
            return Operand::Number(x);
        }
        Operand::Array(args.array(slot))
    }
    fn ndim(&self) -> usize {
        match self {
            Operand::Array(a) => a.ndim,
            Operand::Number(_) => 0,
        }
    }
    /// `(rows, cols)`, a vector being one row and a number one element.
    fn dims(&self) -> (usize, usize) {
        match self {
            Operand::Array(a) if a.ndim == 2 => (a.shape[0], a.shape[1]),
            Operand::Array(a) => (1, a.shape[0]),
            Operand::Number(_) => (1, 1),
        }
    }
    fn single(&self) -> bool {
        matches!(self, Operand::Array(a) if a.dtype == DT_F32)
    }
    /// Element `(i, j)` of the broadcast operand.
    fn at(&self, i: usize, j: usize) -> f64 {
        let (r, c) = self.dims();
        let (i, j) = (if r == 1 { 0 } else { i }, if c == 1 { 0 } else { j });
        match self {
            Operand::Array(a) if a.ndim == 2 => a.get(i, j),
            Operand::Array(a) => a.get(j, 0),
            Operand::Number(x) => *x,
        }
    }
}

/// NumPy's broadcast of two `(rows, cols)` shapes, or its `ValueError`.
fn broadcast(a: &Operand, b: &Operand) -> Res<(usize, usize, usize)> {
    let ((ra, ca), (rb, cb)) = (a.dims(), b.dims());
    let one = |x: usize, y: usize| {
        if x == y || y == 1 {
            Some(x)
        } else if x == 1 {
            Some(y)
        } else {
            None
        }
    };
    let nd = a.ndim().max(b.ndim());
    match (one(ra, rb), one(ca, cb)) {
        (Some(r), Some(c)) => Ok((nd, r, c)),
        _ => value_error(format!(
            "operands could not be broadcast together with shapes {} {}",
            shape_text(a),
            shape_text(b)
        )),
    }
}

fn shape_text(x: &Operand) -> String {
    match x {
        Operand::Array(a) if a.ndim == 2 => format!("({},{})", a.shape[0], a.shape[1]),
        Operand::Array(a) => format!("({},)", a.shape[0]),
        Operand::Number(_) => "()".into(),
    }
}

/// `numpy.isclose` of two elements (NumPy 2's rule: finite values within
/// `atol + rtol * |b|`, infinities equal only to themselves, NaN equal to NaN with
/// `equal_nan`); `single` computes in float32 as NumPy does for float32 operands.
fn close(a: f64, b: f64, rtol: f64, atol: f64, equal_nan: bool, single: bool) -> bool {
    if a.is_nan() || b.is_nan() {
        return equal_nan && a.is_nan() && b.is_nan();
    }
    if !b.is_finite() || !a.is_finite() {
        return a == b;
    }
    if single {
        let (a, b) = (a as f32, b as f32);
        (a - b).abs() <= atol as f32 + rtol as f32 * b.abs()
    } else {
        (a - b).abs() <= atol + rtol * b.abs()
    }
}

/// The arguments of `isclose`/`allclose`: `(a, b, rtol, atol, equal_nan)`.
fn close_args(args: &Args) -> (Operand, Operand, f64, f64, bool, bool) {
    let (a, b) = (Operand::of(args, 0), Operand::of(args, 1));
    let rtol = args.float(2).unwrap_or(1e-5);
    let atol = args.float(3).unwrap_or(1e-8);
    let equal_nan = args.flag(4, false);
    let single = a.single() && b.single();
    (a, b, rtol, atol, equal_nan, single)
}

/// `numpy.isclose(a, b, rtol=1e-05, atol=1e-08, equal_nan=False)`: a bool array of the
/// broadcast shape.
///
/// # Safety
/// `args` and `out` follow [`crate::slots`].
pub unsafe extern "C" fn oxjit_rt_np_isclose(args: *const i64, out: *mut i64) -> i32 {
    // SAFETY: by the contract.
    let args = unsafe { Args::new(args) };
    run(out, false, |o| {
        let (a, b, rtol, atol, equal_nan, single) = close_args(&args);
        let (nd, m, n) = broadcast(&a, &b)?;
        if nd == 0 {
            o.int(close(a.at(0, 0), b.at(0, 0), rtol, atol, equal_nan, single) as i64);
            return Ok(());
        }
        let shape: Vec<usize> = if nd == 2 { vec![m, n] } else { vec![n] };
        o.raw(&shape, 1, |data| {
            for i in 0..m {
                for j in 0..n {
                    let c = close(a.at(i, j), b.at(i, j), rtol, atol, equal_nan, single);
                    // SAFETY: in bounds of the fresh allocation of `m * n` bytes.
                    unsafe { *data.add(i * n + j) = c as u8 };
                }
            }
        })
    })
}

/// `numpy.allclose(...)`: whether `isclose` holds everywhere.
///
/// # Safety
/// `args` and `out` follow [`crate::slots`].
pub unsafe extern "C" fn oxjit_rt_np_allclose(args: *const i64, out: *mut i64) -> i32 {
    // SAFETY: by the contract.
    let args = unsafe { Args::new(args) };
    run(out, false, |o| {
        let (a, b, rtol, atol, equal_nan, single) = close_args(&args);
        let (_, m, n) = broadcast(&a, &b)?;
        let all = (0..m)
            .all(|i| (0..n).all(|j| close(a.at(i, j), b.at(i, j), rtol, atol, equal_nan, single)));
        o.int(all as i64);
        Ok(())
    })
}

/// Element `(i, j)` of an integer or bool array as an int64 (exactly).
fn int_at(a: &ArrayArg, i: usize, j: usize) -> i64 {
    crate::stats::read_i64(a.dtype, a.ptr(i, j))
}

/// `numpy.array_equal(a1, a2, equal_nan=False)`: the same shape and equal elements.
///
/// # Safety
/// `args` and `out` follow [`crate::slots`].
pub unsafe extern "C" fn oxjit_rt_np_array_equal(args: *const i64, out: *mut i64) -> i32 {
    // SAFETY: by the contract.
    let args = unsafe { Args::new(args) };
    run(out, false, |o| {
        let (a, b) = (args.array(0), args.array(1));
        let equal_nan = args.flag(2, false);
        let same_shape = a.ndim == b.ndim && a.shape[..a.ndim] == b.shape[..b.ndim];
        let (m, n) = if a.ndim == 2 {
            (a.shape[0], a.shape[1])
        } else {
            (a.shape[0], 1)
        };
        let ints = !a.is_float() && !b.is_float();
        let eq = |i: usize, j: usize| {
            if ints {
                return int_at(&a, i, j) == int_at(&b, i, j);
            }
            let (x, y) = (a.get(i, j), b.get(i, j));
            x == y || (equal_nan && x.is_nan() && y.is_nan())
        };
        let all = same_shape && (0..m).all(|i| (0..n).all(|j| eq(i, j)));
        o.int(all as i64);
        Ok(())
    })
}

/// The elements of a vector argument as float64.
fn vector(a: &ArrayArg) -> Vec<f64> {
    (0..a.shape[0]).map(|i| a.get(i, 0)).collect()
}

/// `numpy.interp(x, xp, fp, left=None, right=None)` (float64; `x` a number or an array of
/// at most two axes).
///
/// # Safety
/// `args` and `out` follow [`crate::slots`].
pub unsafe extern "C" fn oxjit_rt_np_interp(args: *const i64, out: *mut i64) -> i32 {
    // SAFETY: by the contract.
    let args = unsafe { Args::new(args) };
    run(out, false, |o| {
        let (xp, fp) = (vector(&args.array(1)), vector(&args.array(2)));
        if xp.is_empty() {
            return value_error("array of sample points is empty");
        }
        if xp.len() != fp.len() {
            return value_error("fp and xp are not of the same length.");
        }
        let left = args.float(3).unwrap_or(fp[0]);
        let right = args.float(4).unwrap_or(fp[fp.len() - 1]);
        let f = |x: f64| interp_one(x, &xp, &fp, left, right);
        match Operand::of(&args, 0) {
            Operand::Number(x) => {
                o.float(f(x));
                Ok(())
            }
            Operand::Array(a) if a.ndim == 2 => o.array(&a.shape, |i, j| f(a.get(i, j))),
            Operand::Array(a) => o.array(&a.shape[..1], |i, _| f(a.get(i, 0))),
        }
    })
}

/// One value of NumPy's `interp` (`compiled_base.c`, read for behaviour).
fn interp_one(x: f64, xp: &[f64], fp: &[f64], left: f64, right: f64) -> f64 {
    let n = xp.len();
    if n == 1 {
        return if x < xp[0] {
            left
        } else if x > xp[0] {
            right
        } else {
            fp[0]
        };
    }
    if x.is_nan() {
        return x;
    }
    // The number of sample points at or below `x`, minus one.
    let j = xp.partition_point(|&p| p <= x) as isize - 1;
    if j < 0 {
        return left;
    }
    let j = j as usize;
    if x > xp[n - 1] {
        return right;
    }
    if j >= n - 1 || xp[j] == x {
        return fp[j.min(n - 1)];
    }
    let slope = (fp[j + 1] - fp[j]) / (xp[j + 1] - xp[j]);
    let mut r = slope * (x - xp[j]) + fp[j];
    if r.is_nan() {
        r = slope * (x - xp[j + 1]) + fp[j + 1];
        if r.is_nan() && fp[j] == fp[j + 1] {
            r = fp[j];
        }
    }
    r
}

/// `mode="valid"` of `convolve`/`correlate` (the code typing passes): complete overlaps.
pub const MODE_VALID: i64 = 0;
/// `mode="same"`: as many lags as the longer operand, centred.
pub const MODE_SAME: i64 = 1;
/// `mode="full"`: every overlap.
pub const MODE_FULL: i64 = 2;

/// `c[k] = Σ_j a[j + k] · v[j]` for the lags of `mode` (a `MODE_*` code), in increasing lag
/// order, as NumPy cuts them; numbers are summed in float64 (or exactly, wrapping, in int64
/// for integer operands).
fn correlation(a: &ArrayArg, v: &ArrayArg, reversed: bool, mode: i64, o: &mut Out) -> Res<()> {
    let (n, m) = (a.shape[0], v.shape[0]);
    if n == 0 {
        return value_error("a cannot be empty");
    }
    if m == 0 {
        return value_error("v cannot be empty");
    }
    let vi = |j: usize| if reversed { m - 1 - j } else { j };
    // NumPy works on (longer, shorter): `left` lags before the first complete overlap, and
    // reverses the output when `a` is the shorter one.
    let (long, short) = (n.max(m), n.min(m));
    let (count, left) = match mode {
        MODE_FULL => (n + m - 1, short - 1),
        MODE_SAME => (long, short / 2),
        _ => (long - short + 1, 0),
    };
    let first = if n >= m {
        -(left as isize)
    } else {
        left as isize - count as isize + 1
    };
    let range = |k: isize| {
        let lo = (-k).max(0) as usize;
        let hi = ((n as isize - k).min(m as isize)).max(0) as usize;
        lo..hi
    };
    if !a.is_float() && !v.is_float() {
        return o.raw(&[count], 8, |data| {
            for (t, k) in (first..first + count as isize).enumerate() {
                let s = range(k).fold(0i64, |s, j| {
                    s.wrapping_add(int_at(a, (j as isize + k) as usize, 0).wrapping_mul(int_at(
                        v,
                        vi(j),
                        0,
                    )))
                });
                // SAFETY: `t < count`, in bounds of the fresh allocation.
                unsafe { (data as *mut i64).add(t).write(s) };
            }
        });
    }
    o.array(&[count], |t, _| {
        let k = first + t as isize;
        range(k).fold(0.0, |s, j| {
            s + a.get((j as isize + k) as usize, 0) * v.get(vi(j), 0)
        })
    })
}

/// `numpy.convolve(a, v, mode="full")`: as NumPy, the longer operand slides over the reversed
/// shorter one (`convolve` is symmetric; this fixes the order of the sums and the `same` cut).
///
/// # Safety
/// `args` and `out` follow [`crate::slots`].
pub unsafe extern "C" fn oxjit_rt_np_convolve(args: *const i64, out: *mut i64) -> i32 {
    // SAFETY: by the contract.
    let args = unsafe { Args::new(args) };
    let (mut a, mut v) = (args.array(0), args.array(1));
    let mode = args.int(2).unwrap_or(MODE_FULL);
    let single = a.single() && v.single();
    if v.shape[0] > a.shape[0] {
        std::mem::swap(&mut a, &mut v);
    }
    run(out, single, |o| correlation(&a, &v, true, mode, o))
}

/// `numpy.correlate(a, v, mode="valid")`.
///
/// # Safety
/// `args` and `out` follow [`crate::slots`].
pub unsafe extern "C" fn oxjit_rt_np_correlate(args: *const i64, out: *mut i64) -> i32 {
    // SAFETY: by the contract.
    let args = unsafe { Args::new(args) };
    let (a, v) = (args.array(0), args.array(1));
    let mode = args.int(2).unwrap_or(MODE_VALID);
    run(out, a.single() && v.single(), |o| {
        correlation(&a, &v, false, mode, o)
    })
}

/// `numpy.trapezoid(y, x=None, dx=1.0)` of a vector: `Σ d_i (y_i + y_{i+1}) / 2`, summed in
/// order.
///
/// # Safety
/// `args` and `out` follow [`crate::slots`].
pub unsafe extern "C" fn oxjit_rt_np_trapezoid(args: *const i64, out: *mut i64) -> i32 {
    // SAFETY: by the contract.
    let args = unsafe { Args::new(args) };
    let y = args.array(0);
    let x = (!args.is_none(1)).then(|| args.array(1));
    let single = y.single() && x.is_none_or(|x| x.single());
    run(out, single, |o| {
        let n = y.shape[0];
        if let Some(x) = &x {
            if x.shape[0] != n {
                return value_error(format!(
                    "operands could not be broadcast together with shapes ({},) ({},)",
                    x.shape[0].saturating_sub(1),
                    n.saturating_sub(1)
                ));
            }
        }
        let dx = args.float(2).unwrap_or(1.0);
        let mut s = 0.0;
        for i in 1..n {
            let d = match &x {
                Some(x) => x.get(i, 0) - x.get(i - 1, 0),
                None => dx,
            };
            s += d * (y.get(i, 0) + y.get(i - 1, 0)) / 2.0;
        }
        o.float(s);
        Ok(())
    })
}

/// The variables of `cov`/`corrcoef` as rows of float64 (`m`, then `y`'s rows), NumPy's
/// `rowvar` and `ndmin=2` rules applied.
fn variables(args: &Args) -> Vec<Vec<f64>> {
    let rowvar = args.flag(2, true);
    let mut rows = Vec::new();
    for slot in [0, 1] {
        if args.is_none(slot) {
            continue;
        }
        let a = args.array(slot);
        if a.ndim == 1 {
            rows.push(vector(&a));
        } else if rowvar || a.shape[0] == 1 {
            rows.extend((0..a.shape[0]).map(|i| (0..a.shape[1]).map(|j| a.get(i, j)).collect()));
        } else {
            rows.extend((0..a.shape[1]).map(|j| (0..a.shape[0]).map(|i| a.get(i, j)).collect()));
        }
    }
    rows
}

/// The covariance matrix of `rows` with divisor `n - ddof` (0 when that is not positive, as
/// NumPy, which warns).
fn covariance(rows: &[Vec<f64>], ddof: f64) -> Res<Vec<Vec<f64>>> {
    let n = rows.first().map_or(0, |r| r.len());
    if rows.iter().any(|r| r.len() != n) {
        return value_error(
            "all the input array dimensions except for the concatenation axis must match exactly",
        );
    }
    let centred: Vec<Vec<f64>> = rows
        .iter()
        .map(|r| {
            let mean = r.iter().sum::<f64>() / n as f64;
            r.iter().map(|x| x - mean).collect()
        })
        .collect();
    let fact = (n as f64 - ddof).max(0.0);
    let k = centred.len();
    Ok((0..k)
        .map(|i| {
            (0..k)
                .map(|j| {
                    let dot: f64 = centred[i].iter().zip(&centred[j]).map(|(a, b)| a * b).sum();
                    dot * (1.0 / fact)
                })
                .collect()
        })
        .collect())
}

/// `ddof` of `cov(m, y=None, rowvar=True, bias=False, ddof=None)`.
fn ddof(args: &Args) -> f64 {
    args.float(4)
        .unwrap_or(if args.flag(3, false) { 0.0 } else { 1.0 })
}

/// Write a `k × k` result: a 0-d array for one variable of a vector (`scalar`), else a matrix.
fn matrix_out(o: &mut Out, c: &[Vec<f64>], scalar: bool) -> Res<()> {
    if scalar {
        return o.array(&[], |_, _| c[0][0]);
    }
    let k = c.len();
    o.array(&[k, k], |i, j| c[i][j])
}

/// `numpy.cov(m, y=None, rowvar=True, bias=False, ddof=None)`.
///
/// # Safety
/// `args` and `out` follow [`crate::slots`].
pub unsafe extern "C" fn oxjit_rt_np_cov(args: *const i64, out: *mut i64) -> i32 {
    // SAFETY: by the contract.
    let args = unsafe { Args::new(args) };
    run(out, false, |o| {
        let scalar = args.array(0).ndim == 1 && args.is_none(1);
        let rows = variables(&args);
        let c = covariance(&rows, ddof(&args))?;
        matrix_out(o, &c, scalar)
    })
}

/// `numpy.corrcoef(x, y=None, rowvar=True)`: the covariance scaled by the standard
/// deviations, clipped to [-1, 1].
///
/// # Safety
/// `args` and `out` follow [`crate::slots`].
pub unsafe extern "C" fn oxjit_rt_np_corrcoef(args: *const i64, out: *mut i64) -> i32 {
    // SAFETY: by the contract.
    let args = unsafe { Args::new(args) };
    run(out, false, |o| {
        let scalar = args.array(0).ndim == 1 && args.is_none(1);
        let rows = variables(&args);
        let mut c = covariance(&rows, 1.0)?;
        if scalar {
            // NumPy divides the 0-d covariance by itself: 1.0, or NaN for a constant (0/0),
            // an infinite or a NaN variance.
            let v = c[0][0];
            o.float(if v.is_finite() && v != 0.0 {
                1.0
            } else {
                f64::NAN
            });
            return Ok(());
        }
        let sd: Vec<f64> = (0..c.len()).map(|i| c[i][i].sqrt()).collect();
        for (i, row) in c.iter_mut().enumerate() {
            for (j, x) in row.iter_mut().enumerate() {
                *x = (*x / sd[i] / sd[j]).clamp(-1.0, 1.0);
            }
        }
        matrix_out(o, &c, false)
    })
}

//! Statistics for compiled code (slot routines, see [`crate::slots`]): `median`,
//! `percentile`/`quantile` (NumPy's default "linear" method) and their `nan` forms, the `nan`
//! reductions (`nansum`, `nanmean`, `nanvar`/`nanstd` with `ddof`, `nanmin`/`nanmax`,
//! `nanargmin`/`nanargmax`), `ptp` and `count_nonzero`. Each works on the whole array or along
//! one axis of a matrix ([`Lanes`]); selection uses the standard library's
//! `select_nth_unstable_by` / `sort_unstable_by`.
//!
//! Result dtypes follow NumPy and agree with `infer::statistics` (which types the call):
//! float32 input keeps float32 for the float results (a quantile with an array `q` is float64),
//! integer sums are int64, positions and counts int64, `nanmin`/`nanmax`/`ptp` keep the dtype.

use crate::errors::{set_error, ErrorKind};
use crate::slots::{
    value_error, Args, ArrayArg, Failed, Out, Res, DT_BOOL, DT_F32, DT_F64, DT_I32, DT_I64, DT_U8,
};

/// The 1-D lanes of an array: the whole array in C order (`axis` None, or a 1-D array), or
/// the columns (`axis` 0) or rows (`axis` 1) of a matrix.
pub struct Lanes<'a> {
    x: &'a ArrayArg,
    axis: Option<usize>,
    /// How many lanes.
    pub count: usize,
    /// Elements per lane.
    pub len: usize,
}

impl<'a> Lanes<'a> {
    /// The lanes of `x` along the axis at parameter `slot` (absent or None: the whole array);
    /// NumPy's `AxisError` when it is out of range.
    pub fn new(x: &'a ArrayArg, args: &Args, slot: usize) -> Res<Lanes<'a>> {
        let axis = match args.int(slot) {
            None => None,
            Some(k) => Some(crate::nd::axis(k, x.ndim)?),
        };
        let axis = if x.ndim == 2 { axis } else { None };
        let (m, n) = (x.shape[0], if x.ndim == 2 { x.shape[1] } else { 1 });
        let (count, len) = match axis {
            None => (1, if x.ndim == 2 { m * n } else { m }),
            Some(0) => (n, m),
            Some(_) => (m, n),
        };
        Ok(Lanes {
            x,
            axis,
            count,
            len,
        })
    }

    /// All elements of `x` in C order, as one lane.
    pub fn whole(x: &'a ArrayArg) -> Lanes<'a> {
        let len = if x.ndim == 2 {
            x.shape[0] * x.shape[1]
        } else {
            x.shape[0]
        };
        Lanes {
            x,
            axis: None,
            count: 1,
            len,
        }
    }

    /// Whether the result is one value (not a vector of one per lane).
    pub fn scalar(&self) -> bool {
        self.axis.is_none()
    }

    /// The address of element `k` of lane `lane`.
    pub fn ptr(&self, lane: usize, k: usize) -> *const u8 {
        let x = self.x;
        match (x.ndim, self.axis) {
            (2, None) => x.ptr(k / x.shape[1], k % x.shape[1]),
            (2, Some(0)) => x.ptr(k, lane),
            (2, Some(_)) => x.ptr(lane, k),
            _ => x.ptr(k, 0),
        }
    }

    /// Element `k` of lane `lane` as a float64.
    pub fn f64(&self, lane: usize, k: usize) -> f64 {
        read_f64(self.x.dtype, self.ptr(lane, k))
    }

    /// Element `k` of lane `lane` as an int64 (integer and bool dtypes).
    pub fn i64(&self, lane: usize, k: usize) -> i64 {
        read_i64(self.x.dtype, self.ptr(lane, k))
    }

    /// The whole array as float64 values, borrowed when it is C-contiguous float64.
    pub fn floats(&self) -> std::borrow::Cow<'a, [f64]> {
        match self.x.contiguous_f64() {
            Some(s) if self.axis.is_none() => std::borrow::Cow::Borrowed(s),
            _ => std::borrow::Cow::Owned((0..self.len).map(|k| self.f64(0, k)).collect()),
        }
    }

    /// Lane `lane` as float64 values.
    pub fn values(&self, lane: usize) -> Vec<f64> {
        match self.x.contiguous_f64() {
            Some(s) if self.axis.is_none() => s.to_vec(),
            _ => (0..self.len).map(|k| self.f64(lane, k)).collect(),
        }
    }
}

/// An element of dtype `dt` at `p` as a float64.
pub(crate) fn read_f64(dt: i64, p: *const u8) -> f64 {
    // SAFETY: compiled code passes live arrays; `p` addresses an element of dtype `dt`.
    unsafe {
        match dt {
            DT_F64 => (p as *const f64).read_unaligned(),
            DT_F32 => (p as *const f32).read_unaligned() as f64,
            _ => read_i64(dt, p) as f64,
        }
    }
}

/// An element of an integer or bool dtype `dt` at `p` as an int64.
pub(crate) fn read_i64(dt: i64, p: *const u8) -> i64 {
    // SAFETY: as `read_f64`.
    unsafe {
        match dt {
            DT_I64 => (p as *const i64).read_unaligned(),
            DT_I32 => (p as *const i32).read_unaligned() as i64,
            DT_U8 | DT_BOOL => *p as i64,
            DT_F64 => (p as *const f64).read_unaligned() as i64,
            _ => (p as *const f32).read_unaligned() as i64,
        }
    }
}

/// A result value.
#[derive(Clone, Copy, Debug)]
pub enum Val {
    F(f64),
    I(i64),
}

impl Val {
    fn f64(self) -> f64 {
        match self {
            Val::F(x) => x,
            Val::I(i) => i as f64,
        }
    }
    fn i64(self) -> i64 {
        match self {
            Val::F(x) => x as i64,
            Val::I(i) => i,
        }
    }
}

pub fn is_float(dt: i64) -> bool {
    matches!(dt, DT_F64 | DT_F32)
}

fn itemsize(dt: i64) -> usize {
    match dt {
        DT_F64 | DT_I64 => 8,
        DT_F32 | DT_I32 => 4,
        _ => 1,
    }
}

/// Write `v` as an element of dtype `dt` at `p`.
///
/// # Safety
/// `p` addresses writable memory for one element of `dt`.
pub unsafe fn write_val(dt: i64, p: *mut u8, v: Val) {
    // SAFETY: by the contract.
    unsafe {
        match dt {
            DT_F64 => (p as *mut f64).write_unaligned(v.f64()),
            DT_F32 => (p as *mut f32).write_unaligned(v.f64() as f32),
            DT_I64 => (p as *mut i64).write_unaligned(v.i64()),
            DT_I32 => (p as *mut i32).write_unaligned(v.i64() as i32),
            DT_BOOL => *p = (v.i64() != 0) as u8,
            _ => *p = v.i64() as u8,
        }
    }
}

/// Stage results of dtype `dt`: one scalar, or an array of `shape` (values in C order).
pub fn emit(o: &mut Out, dt: i64, scalar: bool, shape: &[usize], vals: &[Val]) -> Res<()> {
    if scalar {
        match (dt, vals[0]) {
            (DT_F64, v) => o.float(v.f64()),
            (DT_F32, v) => o.float(v.f64() as f32 as f64),
            (DT_BOOL, v) => o.int((v.i64() != 0) as i64),
            (DT_I32, v) => o.int(v.i64() as i32 as i64),
            (DT_U8, v) => o.int(v.i64() as u8 as i64),
            (_, v) => o.int(v.i64()),
        }
        return Ok(());
    }
    let size = itemsize(dt);
    o.raw(shape, size, |data| {
        for (k, v) in vals.iter().enumerate() {
            // SAFETY: `vals` has one value per element of the new array.
            unsafe { write_val(dt, data.add(k * size), *v) };
        }
    })
}

/// One value per lane of the array at slot 0 along the axis at `axis_slot`, in dtype `dt`.
fn per_lane(
    args: &Args,
    o: &mut Out,
    axis_slot: usize,
    dt: impl Fn(i64) -> i64,
    f: impl Fn(&Lanes, usize) -> Res<Val>,
) -> Res<()> {
    let x = args.array(0);
    let lanes = Lanes::new(&x, args, axis_slot)?;
    let vals = (0..lanes.count)
        .map(|l| f(&lanes, l))
        .collect::<Res<Vec<Val>>>()?;
    emit(o, dt(x.dtype), lanes.scalar(), &[lanes.count], &vals)
}

// ---------------------------------------------------------------------------------------------
// Quantiles

/// Which quantile function: its `q` scale and whether NaNs are skipped.
#[derive(Clone, Copy)]
struct QuantileKind {
    /// `q` is in percent (`percentile`).
    percent: bool,
    /// NaNs are ignored (`nanpercentile`, `nanquantile`, `nanmedian`).
    skip_nan: bool,
}

/// NumPy's `_lerp(a, b, t)`: `a + (b - a) * t`, from the other end when `t >= 0.5`.
/// `diff32`: `b - a` is computed in float32 (float32 data with an array `q`).
fn lerp(a: f64, b: f64, t: f64, diff32: bool) -> f64 {
    let d = if diff32 {
        (b as f32 - a as f32) as f64
    } else {
        b - a
    };
    if t >= 0.5 {
        b - d * (1.0 - t)
    } else {
        a + d * t
    }
}

/// The same in float32 arithmetic (a float32 array with a scalar `q`).
fn lerp32(a: f64, b: f64, t: f64) -> f64 {
    let (a, b) = (a as f32, b as f32);
    let d = b - a;
    let r = if t >= 0.5 {
        b - d * ((1.0 - t) as f32)
    } else {
        a + d * (t as f32)
    };
    r as f64
}

/// The quantiles `qs` (fractions, checked) of `v` (no NaN, at least one element); `v` is
/// reordered. `pick`: `q` was an int, the element itself (no interpolation).
fn quantiles_of(v: &mut [f64], qs: &[f64], single: bool, pick: bool, diff32: bool) -> Vec<f64> {
    let n = v.len();
    if n == 1 {
        // NumPy interpolates one element from its upper end: `x - (x - x) * (1 - q)`, so -0.0
        // keeps its sign and an infinity gives NaN.
        let x = if v[0].is_finite() { v[0] } else { f64::NAN };
        return vec![x; qs.len()];
    }
    let cmp = |a: &f64, b: &f64| a.total_cmp(b);
    let sorted = qs.len() > 1;
    if sorted {
        v.sort_unstable_by(cmp);
    }
    qs.iter()
        .map(|&q| {
            let virt = (n - 1) as f64 * q;
            let (lo, hi) = if virt >= (n - 1) as f64 {
                (n - 1, n - 1)
            } else {
                let lo = virt.floor() as usize;
                (lo, lo + 1)
            };
            let gamma = virt - lo as f64;
            let (a, b) = if sorted {
                (v[lo], v[hi])
            } else {
                let (_, a, rest) = v.select_nth_unstable_by(lo, cmp);
                let a = *a;
                let b = if hi == lo {
                    a
                } else {
                    rest.iter().copied().min_by(cmp).unwrap_or(a)
                };
                (a, b)
            };
            if pick {
                a
            } else if single {
                lerp32(a, b, gamma)
            } else {
                lerp(a, b, gamma, diff32)
            }
        })
        .collect()
}

/// `q` at slot 1: a number or a 1-D array, as checked fractions; whether it was an array.
fn quantile_arg(args: &Args, kind: QuantileKind) -> Res<(Vec<f64>, bool)> {
    let (mut qs, array) = match args.float(1) {
        Some(q) => (vec![q], false),
        None => {
            let q = args.array(1);
            ((0..q.shape[0]).map(|i| q.get(i, 0)).collect(), true)
        }
    };
    if kind.percent {
        if !qs.iter().all(|q| (0.0..=100.0).contains(q)) {
            return value_error("Percentiles must be in the range [0, 100]");
        }
        qs.iter_mut().for_each(|q| *q /= 100.0);
    } else if !qs.iter().all(|q| (0.0..=1.0).contains(q)) {
        return value_error("Quantiles must be in the range [0, 1]");
    }
    Ok((qs, array))
}

/// `percentile`/`quantile(a, q, axis=None)` and their `nan` forms.
fn quantile(args: &Args, o: &mut Out, kind: QuantileKind) -> Res<()> {
    let x = args.array(0);
    let (qs, q_array) = quantile_arg(args, kind)?;
    let lanes = Lanes::new(&x, args, 2)?;
    let single = x.dtype == DT_F32 && !q_array;
    let float = is_float(x.dtype);
    // An int `q` of `quantile` picks elements: the array's dtype.
    let picks = !kind.percent && args.int(1).is_some();
    // Results by lane, then laid out q-major as NumPy (`q`'s axis first).
    let mut by_lane = Vec::with_capacity(lanes.count);
    for l in 0..lanes.count {
        let mut v = lanes.values(l);
        let has_nan = float && v.iter().any(|x| x.is_nan());
        if has_nan && kind.skip_nan {
            v.retain(|x| !x.is_nan());
        }
        let r = if has_nan && !kind.skip_nan {
            vec![f64::NAN; qs.len()]
        } else if v.is_empty() {
            if !kind.skip_nan {
                set_error(
                    ErrorKind::IndexError,
                    "index -1 is out of bounds for axis 0 with size 0".into(),
                );
                return Err(Failed);
            }
            vec![f64::NAN; qs.len()]
        } else {
            quantiles_of(&mut v, &qs, single, picks, x.dtype == DT_F32)
        };
        by_lane.push(r);
    }
    let vals: Vec<Val> = (0..qs.len())
        .flat_map(|k| by_lane.iter().map(move |r| Val::F(r[k])))
        .collect();
    let dt = if picks {
        x.dtype
    } else if single {
        DT_F32
    } else {
        DT_F64
    };
    let shape: Vec<usize> = match (q_array, lanes.scalar()) {
        (false, true) => vec![],
        (false, false) => vec![lanes.count],
        (true, true) => vec![qs.len()],
        (true, false) => vec![qs.len(), lanes.count],
    };
    emit(o, dt, shape.is_empty(), &shape, &vals)
}

/// The median of `v` (no NaN, at least one element) as NumPy's mean of the middle elements.
fn median_of(v: &mut [f64], single: bool) -> f64 {
    let n = v.len();
    let cmp = |a: &f64, b: &f64| a.total_cmp(b);
    let (left, hi, _) = v.select_nth_unstable_by(n / 2, cmp);
    let hi = *hi;
    // NumPy's mean sums onto +0.0, so a median of zeros is never -0.0.
    let plus_zero = |x: f64| if x == 0.0 { 0.0 } else { x };
    if n % 2 == 1 {
        return plus_zero(hi);
    }
    let lo = left.iter().copied().max_by(cmp).unwrap_or(hi);
    if single {
        plus_zero(((lo as f32 + hi as f32) / 2.0) as f64)
    } else {
        plus_zero((lo + hi) / 2.0)
    }
}

/// `median(a, axis=None)` / `nanmedian`.
fn median(args: &Args, o: &mut Out, skip_nan: bool) -> Res<()> {
    let single = args.array(0).dtype == DT_F32;
    let float = is_float(args.array(0).dtype);
    per_lane(
        args,
        o,
        1,
        |d| if d == DT_F32 { DT_F32 } else { DT_F64 },
        |lanes, l| {
            let mut v = lanes.values(l);
            if float && v.iter().any(|x| x.is_nan()) {
                if !skip_nan {
                    return Ok(Val::F(f64::NAN));
                }
                v.retain(|x| !x.is_nan());
            }
            Ok(Val::F(if v.is_empty() {
                f64::NAN
            } else {
                median_of(&mut v, single)
            }))
        },
    )
}

use crate::slots::slot_routines;

const PLAIN: QuantileKind = QuantileKind {
    percent: false,
    skip_nan: false,
};

slot_routines! {
    /// `numpy.median(a, axis=None)`.
    oxjit_rt_np_median => |a, o| median(a, o, false);
    /// `numpy.nanmedian(a, axis=None)`.
    oxjit_rt_np_nanmedian => |a, o| median(a, o, true);
    /// `numpy.quantile(a, q, axis=None)`.
    oxjit_rt_np_quantile => |a, o| quantile(a, o, PLAIN);
    /// `numpy.percentile(a, q, axis=None)`.
    oxjit_rt_np_percentile => |a, o| quantile(a, o, QuantileKind { percent: true, ..PLAIN });
    /// `numpy.nanquantile(a, q, axis=None)`.
    oxjit_rt_np_nanquantile => |a, o| quantile(a, o, QuantileKind { skip_nan: true, ..PLAIN });
    /// `numpy.nanpercentile(a, q, axis=None)`.
    oxjit_rt_np_nanpercentile => |a, o| quantile(a, o, QuantileKind { percent: true, skip_nan: true });
    /// `numpy.nansum(a, axis=None)`.
    oxjit_rt_np_nansum => nansum;
    /// `numpy.nanmean(a, axis=None)`.
    oxjit_rt_np_nanmean => |a, o| moment(a, o, Moment::Mean);
    /// `numpy.nanvar(a, axis=None, ddof=0)`.
    oxjit_rt_np_nanvar => |a, o| moment(a, o, Moment::Var);
    /// `numpy.nanstd(a, axis=None, ddof=0)`.
    oxjit_rt_np_nanstd => |a, o| moment(a, o, Moment::Std);
    /// `numpy.nanmin(a, axis=None)`.
    oxjit_rt_np_nanmin => |a, o| extreme(a, o, Extreme::Min);
    /// `numpy.nanmax(a, axis=None)`.
    oxjit_rt_np_nanmax => |a, o| extreme(a, o, Extreme::Max);
    /// `numpy.ptp(a, axis=None)`.
    oxjit_rt_np_ptp => |a, o| extreme(a, o, Extreme::Range);
    /// `numpy.nanargmin(a, axis=None)`.
    oxjit_rt_np_nanargmin => |a, o| arg_extreme(a, o, false);
    /// `numpy.nanargmax(a, axis=None)`.
    oxjit_rt_np_nanargmax => |a, o| arg_extreme(a, o, true);
    /// `numpy.count_nonzero(a, axis=None)`.
    oxjit_rt_np_count_nonzero => count_nonzero;
    /// `math.fsum(a)` of a 1-D array.
    oxjit_rt_math_fsum => fsum_lanes;
}

/// `math.fsum` of the 1-D array at slot 0 (its only argument: no axis slot is read).
fn fsum_lanes(args: &Args, o: &mut Out) -> Res<()> {
    let x = args.array(0);
    let lanes = Lanes::whole(&x);
    match crate::fsum::fsum((0..lanes.len).map(|k| lanes.f64(0, k))) {
        Ok(v) => emit(o, DT_F64, true, &[1], &[Val::F(v)]),
        Err((kind, msg)) => {
            set_error(kind, msg.into());
            Err(Failed)
        }
    }
}

// ---------------------------------------------------------------------------------------------
// NaN-skipping reductions

fn nansum(args: &Args, o: &mut Out) -> Res<()> {
    let float = is_float(args.array(0).dtype);
    per_lane(
        args,
        o,
        1,
        |d| if is_float(d) { d } else { DT_I64 },
        |lanes, l| {
            Ok(if float {
                Val::F(
                    (0..lanes.len)
                        .map(|k| lanes.f64(l, k))
                        .filter(|x| !x.is_nan())
                        .fold(0.0, |s, x| s + x),
                )
            } else {
                Val::I((0..lanes.len).fold(0i64, |s, k| s.wrapping_add(lanes.i64(l, k))))
            })
        },
    )
}

#[derive(Clone, Copy, PartialEq)]
enum Moment {
    Mean,
    Var,
    Std,
}

fn moment(args: &Args, o: &mut Out, m: Moment) -> Res<()> {
    let float = is_float(args.array(0).dtype);
    let ddof = args.float(2).unwrap_or(0.0);
    per_lane(
        args,
        o,
        1,
        |d| if d == DT_F32 { DT_F32 } else { DT_F64 },
        |lanes, l| {
            let v: Vec<f64> = lanes
                .values(l)
                .into_iter()
                .filter(|x| !x.is_nan())
                .collect();
            let n = v.len() as f64;
            let mean = v.iter().fold(0.0, |s, x| s + x) / n;
            if m == Moment::Mean {
                return Ok(Val::F(mean));
            }
            let ss = v.iter().fold(0.0, |s, x| s + (x - mean) * (x - mean));
            // NaN-skipping (float input): NaN where `n - ddof <= 0`; integers take `var`'s
            // divisor `max(n - ddof, 0)`.
            let dof = n - ddof;
            let var = if float && dof <= 0.0 {
                f64::NAN
            } else {
                ss / dof.max(0.0)
            };
            Ok(Val::F(if m == Moment::Std { var.sqrt() } else { var }))
        },
    )
}

#[derive(Clone, Copy, PartialEq)]
enum Extreme {
    Min,
    Max,
    /// `ptp`: max - min, NaN propagating, in the dtype.
    Range,
}

fn extreme(args: &Args, o: &mut Out, e: Extreme) -> Res<()> {
    let x = args.array(0);
    let float = is_float(x.dtype);
    let dt = x.dtype;
    per_lane(
        args,
        o,
        1,
        |d| d,
        |lanes, l| {
            if lanes.len == 0 {
                let op = match (e, float) {
                    (Extreme::Min, true) => "fmin",
                    (Extreme::Max, true) => "fmax",
                    (Extreme::Min, false) => "minimum",
                    _ => "maximum",
                };
                return value_error(format!(
                    "zero-size array to reduction operation {op} which has no identity"
                ));
            }
            if !float {
                let v = (0..lanes.len).map(|k| lanes.i64(l, k));
                let (lo, hi) = (v.clone().min(), v.max());
                let (lo, hi) = (lo.unwrap_or(0), hi.unwrap_or(0));
                return Ok(Val::I(match e {
                    Extreme::Min => lo,
                    Extreme::Max => hi,
                    Extreme::Range => match dt {
                        DT_I32 => (hi as i32).wrapping_sub(lo as i32) as i64,
                        DT_U8 => (hi as u8).wrapping_sub(lo as u8) as i64,
                        _ => hi.wrapping_sub(lo),
                    },
                }));
            }
            let v = lanes.values(l);
            if e == Extreme::Range {
                if v.iter().any(|x| x.is_nan()) {
                    return Ok(Val::F(f64::NAN));
                }
                let lo = v.iter().copied().fold(f64::INFINITY, f64::min);
                let hi = v.iter().copied().fold(f64::NEG_INFINITY, f64::max);
                return Ok(Val::F(if dt == DT_F32 {
                    (hi as f32 - lo as f32) as f64
                } else {
                    hi - lo
                }));
            }
            let kept = v.iter().copied().filter(|x| !x.is_nan());
            let r = match e {
                Extreme::Min => kept.fold(f64::NAN, f64::min),
                _ => kept.fold(f64::NAN, f64::max),
            };
            Ok(Val::F(r))
        },
    )
}

fn arg_extreme(args: &Args, o: &mut Out, max: bool) -> Res<()> {
    let float = is_float(args.array(0).dtype);
    per_lane(
        args,
        o,
        1,
        |_| DT_I64,
        |lanes, l| {
            if lanes.len == 0 {
                let what = if max { "argmax" } else { "argmin" };
                return value_error(format!("attempt to get {what} of an empty sequence"));
            }
            let better = |a: f64, b: f64| if max { a > b } else { a < b };
            let mut best: Option<(usize, f64)> = None;
            for k in 0..lanes.len {
                let v = if float {
                    lanes.f64(l, k)
                } else {
                    lanes.i64(l, k) as f64
                };
                if v.is_nan() {
                    continue;
                }
                if best.is_none_or(|(_, b)| better(v, b)) {
                    best = Some((k, v));
                }
            }
            if !float {
                // Exact for large integers: compare as int64.
                let mut bi = 0;
                for k in 1..lanes.len {
                    let (a, b) = (lanes.i64(l, k), lanes.i64(l, bi));
                    if if max { a > b } else { a < b } {
                        bi = k;
                    }
                }
                return Ok(Val::I(bi as i64));
            }
            match best {
                Some((k, _)) => Ok(Val::I(k as i64)),
                None => value_error("All-NaN slice encountered"),
            }
        },
    )
}

fn count_nonzero(args: &Args, o: &mut Out) -> Res<()> {
    let float = is_float(args.array(0).dtype);
    per_lane(
        args,
        o,
        1,
        |_| DT_I64,
        |lanes, l| {
            let c = (0..lanes.len)
                .filter(|&k| {
                    if float {
                        lanes.f64(l, k) != 0.0
                    } else {
                        lanes.i64(l, k) != 0
                    }
                })
                .count();
            Ok(Val::I(c as i64))
        },
    )
}

//! Searching, counting and sets for compiled code (slot routines, see [`crate::slots`]):
//! `searchsorted`, `digitize`, `bincount`, `isin`, `intersect1d`, `union1d`, `setdiff1d`
//! (`histogram` and `histogram2d` are in [`crate::histogram`]). Elements compare as int64 when both operands have integer (or bool) dtypes,
//! else as float64 in NumPy's order (NaN last). Sorting uses the standard library's
//! `sort_unstable_by`; searches its `partition_point`.

use crate::slots::{value_error, Args, ArrayArg, Out, Res, DT_BOOL, DT_I64};
use crate::stats::{emit, is_float, Lanes, Val};
use std::cmp::Ordering;

/// NumPy's order of floats: NaN after everything.
pub(crate) fn order(a: &f64, b: &f64) -> Ordering {
    match (a.is_nan(), b.is_nan()) {
        (false, false) => a.partial_cmp(b).unwrap_or(Ordering::Equal),
        (x, y) => x.cmp(&y),
    }
}

/// The elements of an array in C order: exact integers, or floats.
pub(crate) enum Keys {
    I(Vec<i64>),
    F(Vec<f64>),
}

impl Keys {
    /// The elements of `x`; as floats when `float` (another operand is a float array).
    pub(crate) fn of(x: &ArrayArg, float: bool) -> Keys {
        let l = Lanes::whole(x);
        if float || is_float(x.dtype) {
            Keys::F(l.values(0))
        } else {
            Keys::I((0..l.len).map(|k| l.i64(0, k)).collect())
        }
    }

    pub(crate) fn len(&self) -> usize {
        match self {
            Keys::I(v) => v.len(),
            Keys::F(v) => v.len(),
        }
    }

    pub(crate) fn sort(&mut self) {
        match self {
            Keys::I(v) => v.sort_unstable(),
            Keys::F(v) => v.sort_unstable_by(order),
        }
    }

    /// Sorted and without repeats (one NaN, as NumPy 2's `unique`).
    fn unique(mut self) -> Keys {
        self.sort();
        match &mut self {
            Keys::I(v) => v.dedup(),
            Keys::F(v) => v.dedup_by(|a, b| order(a, b) == Ordering::Equal),
        }
        self
    }

    /// How many sorted keys come before `v` (`right`: before or equal).
    pub(crate) fn position(&self, v: &Keys, k: usize, right: bool) -> usize {
        match (self, v) {
            (Keys::I(a), Keys::I(v)) => {
                let v = v[k];
                a.partition_point(|x| if right { *x <= v } else { *x < v })
            }
            (Keys::F(a), Keys::F(v)) => {
                let v = v[k];
                a.partition_point(|x| {
                    let o = order(x, &v);
                    o == Ordering::Less || (right && o == Ordering::Equal)
                })
            }
            _ => 0,
        }
    }

    /// Whether sorted, unique `self` holds element `k` of `v` (NaN is never found).
    fn holds(&self, v: &Keys, k: usize) -> bool {
        match (self, v) {
            (Keys::I(a), Keys::I(v)) => a.binary_search(&v[k]).is_ok(),
            (Keys::F(a), Keys::F(v)) => {
                !v[k].is_nan() && a.binary_search_by(|x| order(x, &v[k])).is_ok()
            }
            _ => false,
        }
    }

    pub(crate) fn vals(&self) -> Vec<Val> {
        match self {
            Keys::I(v) => v.iter().map(|x| Val::I(*x)).collect(),
            Keys::F(v) => v.iter().map(|x| Val::F(*x)).collect(),
        }
    }

    pub(crate) fn f64(&self, k: usize) -> f64 {
        match self {
            Keys::I(v) => v[k] as f64,
            Keys::F(v) => v[k],
        }
    }
}

/// The shape of an array argument.
fn shape_of(x: &ArrayArg) -> Vec<usize> {
    x.shape[..x.ndim].to_vec()
}

/// An array, or a number, at `slot` as keys (floats when `float`), with its shape (`None`
/// for a number).
fn operand(args: &Args, slot: usize, float: bool) -> (Keys, Option<Vec<usize>>) {
    match args.float(slot) {
        Some(f) if float || args.int(slot).is_none() => (Keys::F(vec![f]), None),
        Some(_) => (Keys::I(vec![args.int(slot).unwrap_or(0)]), None),
        None => {
            let x = args.array(slot);
            (Keys::of(&x, float), Some(shape_of(&x)))
        }
    }
}

/// Whether the operand at `slot` is (or holds) floats.
fn floaty(args: &Args, slot: usize) -> bool {
    match args.float(slot) {
        Some(_) => args.int(slot).is_none(),
        None => is_float(args.array(slot).dtype),
    }
}

/// The codes of `searchsorted`'s `side` (slot 2).
pub const SIDE_LEFT: i64 = 0;
pub const SIDE_RIGHT: i64 = 1;

/// `searchsorted(a, v)` of sorted `a` at slot 0, values at slot 1 (`side` left unless
/// `right`).
fn searchsorted(args: &Args, o: &mut Out, right: bool) -> Res<()> {
    let float = floaty(args, 0) || floaty(args, 1);
    let (a, _) = operand(args, 0, float);
    let (v, shape) = operand(args, 1, float);
    let vals: Vec<Val> = if v.len() >= MERGE_FROM && a.len() >= MERGE_FROM {
        merged_positions(&a, &v, right)
    } else {
        (0..v.len())
            .map(|k| Val::I(a.position(&v, k, right) as i64))
            .collect()
    };
    let scalar = shape.is_none();
    emit(o, DT_I64, scalar, &shape.unwrap_or_default(), &vals)
}

/// From how many values and sorted elements `searchsorted` sorts the values and walks both
/// in step (each binary search of a large array misses the cache at almost every step).
const MERGE_FROM: usize = 4096;

/// The positions of every value of `v` in sorted `a`: the values in order (a sort of their
/// indices), then one walk through `a`.
fn merged_positions(a: &Keys, v: &Keys, right: bool) -> Vec<Val> {
    let mut idx: Vec<u32> = (0..v.len() as u32).collect();
    let mut out = vec![Val::I(0); v.len()];
    match (a, v) {
        (Keys::I(a), Keys::I(v)) => {
            idx.sort_unstable_by_key(|&i| v[i as usize]);
            let mut p = 0;
            for &i in &idx {
                let x = v[i as usize];
                while p < a.len() && (a[p] < x || (right && a[p] == x)) {
                    p += 1;
                }
                out[i as usize] = Val::I(p as i64);
            }
        }
        (Keys::F(a), Keys::F(v)) => {
            idx.sort_unstable_by(|&i, &j| order(&v[i as usize], &v[j as usize]));
            let mut p = 0;
            for &i in &idx {
                let x = v[i as usize];
                while p < a.len() && {
                    let o = order(&a[p], &x);
                    o == Ordering::Less || (right && o == Ordering::Equal)
                } {
                    p += 1;
                }
                out[i as usize] = Val::I(p as i64);
            }
        }
        // Both operands are converted alike, so this arm is not taken; answer by binary search.
        _ => {
            return (0..v.len())
                .map(|k| Val::I(a.position(v, k, right) as i64))
                .collect()
        }
    }
    out
}

/// NumPy's monotonicity test of `digitize`'s bins: 1 increasing (or all equal), -1
/// decreasing, 0 neither (plain comparisons, so a NaN decides as NumPy's does).
fn monotonicity(bins: &Keys) -> i32 {
    let n = bins.len();
    let at = |i: usize| bins.f64(i);
    if n == 0 {
        return 1;
    }
    let mut i = 1;
    while i < n && at(i) == at(0) {
        i += 1;
    }
    if i == n {
        return 1;
    }
    let up = at(i - 1) < at(i);
    for k in i + 1..n {
        if (up && at(k - 1) > at(k)) || (!up && at(k - 1) < at(k)) {
            return 0;
        }
    }
    if up {
        1
    } else {
        -1
    }
}

/// `digitize(x, bins, right=False)`.
fn digitize(args: &Args, o: &mut Out) -> Res<()> {
    let float = floaty(args, 0) || floaty(args, 1);
    let (x, shape) = operand(args, 0, float);
    let (bins, _) = operand(args, 1, float);
    let right = args.flag(2, false);
    let n = bins.len();
    let up = match monotonicity(&bins) {
        0 => return value_error("bins must be monotonically increasing or decreasing"),
        m => m > 0,
    };
    let sorted = if up {
        bins
    } else {
        match bins {
            Keys::I(mut v) => {
                v.reverse();
                Keys::I(v)
            }
            Keys::F(mut v) => {
                v.reverse();
                Keys::F(v)
            }
        }
    };
    let vals: Vec<Val> = (0..x.len())
        .map(|k| {
            let p = sorted.position(&x, k, !right);
            Val::I(if up { p } else { n - p } as i64)
        })
        .collect();
    emit(
        o,
        DT_I64,
        shape.is_none(),
        &shape.unwrap_or_default(),
        &vals,
    )
}

/// `bincount(x, weights=None, minlength=0)`.
fn bincount(args: &Args, o: &mut Out) -> Res<()> {
    let x = args.array(0);
    let l = Lanes::whole(&x);
    let xs: Vec<i64> = (0..l.len).map(|k| l.i64(0, k)).collect();
    let minlength = args.int(2).unwrap_or(0);
    if minlength < 0 {
        return value_error("'minlength' must not be negative");
    }
    if xs.iter().any(|v| *v < 0) {
        return value_error("'list' argument must have no negative elements");
    }
    // NumPy's `ValueError` for a length whose bytes exceed the address space (an item of
    // 2**63 - 1 would even overflow the length).
    let top = xs.iter().max().map_or(Some(0), |v| v.checked_add(1));
    let len = match top.map(|t| t.max(minlength) as usize) {
        Some(n) if n <= isize::MAX as usize / 8 => n,
        _ => {
            return value_error(
                "array is too big; `arr.size * arr.dtype.itemsize` is larger than the maximum \
                 possible size.",
            )
        }
    };
    // The counts are written straight into the result, whose allocation may fail (a huge
    // item): NumPy's `MemoryError`, never an abort.
    if args.is_none(1) {
        return o.raw(&[len], 8, |data| {
            let n = data as *mut i64;
            // SAFETY: `len` zeroed int64 counts; every item is below `len`.
            unsafe {
                std::ptr::write_bytes(n, 0, len);
                xs.iter().for_each(|v| *n.add(*v as usize) += 1);
            }
        });
    }
    let w = args.array(1);
    let wl = Lanes::whole(&w);
    if wl.len != xs.len() {
        return value_error("The weights and list don't have the same length.");
    }
    o.raw(&[len], 8, |data| {
        let n = data as *mut f64;
        // SAFETY: `len` float64 sums, zero bits being 0.0; every item is below `len`.
        unsafe {
            std::ptr::write_bytes(n, 0, len);
            xs.iter()
                .enumerate()
                .for_each(|(k, v)| *n.add(*v as usize) += wl.f64(0, k));
        }
    })
}

/// Both arrays as keys (floats if either is a float array).
fn pair_keys(args: &Args) -> (Keys, Keys, i64) {
    let (a, b) = (args.array(0), args.array(1));
    let float = is_float(a.dtype) || is_float(b.dtype);
    (Keys::of(&a, float), Keys::of(&b, float), a.dtype)
}

/// `isin(element, test_elements, assume_unique=False, invert=False)`.
fn isin(args: &Args, o: &mut Out) -> Res<()> {
    let (e, t, _) = pair_keys(args);
    let t = t.unique();
    let invert = args.flag(3, false);
    let vals: Vec<Val> = (0..e.len())
        .map(|k| Val::I((t.holds(&e, k) != invert) as i64))
        .collect();
    emit(o, DT_BOOL, false, &shape_of(&args.array(0)), &vals)
}

/// `intersect1d`, `union1d` or `setdiff1d` of the arrays at slots 0 and 1 (same dtype).
fn set_op(args: &Args, o: &mut Out, keep: fn(in_a: bool, in_b: bool) -> bool) -> Res<()> {
    let (a, b, dt) = pair_keys(args);
    let (a, b) = (a.unique(), b.unique());
    let both = match (&a, &b) {
        (Keys::I(x), Keys::I(y)) => {
            let mut v: Vec<i64> = x.iter().chain(y).copied().collect();
            v.sort_unstable();
            v.dedup();
            Keys::I(v)
        }
        (Keys::F(x), Keys::F(y)) => {
            let mut v: Vec<f64> = x.iter().chain(y).copied().collect();
            v.sort_unstable_by(order);
            v.dedup_by(|p, q| order(p, q) == Ordering::Equal);
            Keys::F(v)
        }
        _ => Keys::I(Vec::new()),
    };
    let nan_in = |k: &Keys| matches!(k, Keys::F(v) if v.last().is_some_and(|x| x.is_nan()));
    let vals: Vec<Val> = (0..both.len())
        .filter(|&k| {
            let v = both.f64(k);
            let (in_a, in_b) = if v.is_nan() {
                // NaN never equals NaN: counted in one operand only, so `intersect1d` drops
                // it and `union1d`/`setdiff1d` keep it where NumPy does.
                if nan_in(&a) {
                    (true, false)
                } else {
                    (false, true)
                }
            } else {
                (a.holds(&both, k), b.holds(&both, k))
            };
            keep(in_a, in_b)
        })
        .map(|k| match &both {
            Keys::I(v) => Val::I(v[k]),
            Keys::F(v) => Val::F(v[k]),
        })
        .collect();
    emit(o, dt, false, &[vals.len()], &vals)
}

use crate::slots::slot_routines;

slot_routines! {
    /// `numpy.searchsorted(a, v, side="left")`.
    oxjit_rt_np_searchsorted => |a, o| searchsorted(a, o, a.int(2) == Some(SIDE_RIGHT));
    /// `numpy.digitize(x, bins, right=False)`.
    oxjit_rt_np_digitize => digitize;
    /// `numpy.bincount(x, weights=None, minlength=0)`.
    oxjit_rt_np_bincount => bincount;
    /// `numpy.isin(element, test_elements, assume_unique=False, invert=False)`.
    oxjit_rt_np_isin => isin;
    /// `numpy.intersect1d(ar1, ar2)`.
    oxjit_rt_np_intersect1d => |a, o| set_op(a, o, |x, y| x && y);
    /// `numpy.union1d(ar1, ar2)`.
    oxjit_rt_np_union1d => |a, o| set_op(a, o, |x, y| x || y);
    /// `numpy.setdiff1d(ar1, ar2)`.
    oxjit_rt_np_setdiff1d => |a, o| set_op(a, o, |x, y| x && !y);
}

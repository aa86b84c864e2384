//! `numpy.histogram` and `numpy.histogram2d` for compiled code (slot routines, see
//! [`crate::slots`]). Both take NumPy's outer edges of equal bins ([`outer_edges`], NumPy's
//! `_get_outer_edges`: the range's checks, the data's extremes, an empty range widened by a
//! half) and their `linspace` ([`linspace`]). `histogram` finds an element's bin by NumPy's
//! index computation and edge corrections; `histogram2d` as NumPy's `histogramdd` does: a
//! `searchsorted(edges, x, side="right")` (NaN after everything) with the elements equal to
//! the last edge moved into the last bin, weights summed in the order of the elements and
//! `density` dividing by the bin widths and by the pairwise sum of the histogram.
//! Elements compare as float64 (integers beyond 2**53 round).

use crate::errors::{set_error, ErrorKind};
use crate::matrix_ops::pairwise;
use crate::nd::NdArray;
use crate::search::{order, Keys};
use crate::slots::{value_error, Args, Failed, Out, Res, DT_F64, DT_I64};
use crate::stats::{emit, read_f64, read_i64, Lanes, Val};
use std::cmp::Ordering;

/// The outer edges of equal bins: `range`, or the extremes of `a` (`0, 1` when it is empty);
/// NumPy's `ValueError` for a `supplied` or `autodetected` range that is not finite.
fn require_finite(how: &str, lo: f64, hi: f64) -> Res<()> {
    if lo.is_finite() && hi.is_finite() {
        return Ok(());
    }
    value_error(format!(
        "{how} range of [{}, {}] is not finite",
        crate::format::float_repr(lo),
        crate::format::float_repr(hi)
    ))
}

/// NumPy's `ValueError`s for a reversed or non-finite range.
fn outer_edges(range: Option<(f64, f64)>, a: &[f64]) -> Res<(f64, f64)> {
    let (lo, hi) = if let Some((lo, hi)) = range {
        if lo > hi {
            return value_error("max must be larger than min in range parameter.");
        }
        require_finite("supplied", lo, hi)?;
        (lo, hi)
    } else if a.is_empty() {
        (0.0, 1.0)
    } else {
        // One pass: the extremes and whether a NaN is present (NumPy's min/max give NaN then).
        let (mut lo, mut hi, mut nan) = (f64::INFINITY, f64::NEG_INFINITY, false);
        for &x in a {
            lo = if x < lo { x } else { lo };
            hi = if x > hi { x } else { hi };
            nan |= x.is_nan();
        }
        let (lo, hi) = if nan { (f64::NAN, f64::NAN) } else { (lo, hi) };
        require_finite("autodetected", lo, hi)?;
        (lo, hi)
    };
    Ok(if lo == hi {
        (lo - 0.5, hi + 0.5)
    } else {
        (lo, hi)
    })
}

/// The `n + 1` edges of `n` equal bins from `lo` to `hi`: NumPy's `linspace(lo, hi, n + 1)`
/// (`i * step + lo`, or `i / n * (hi - lo) + lo` when the step underflows to zero; the last
/// edge is `hi`). A count too large to allocate is NumPy's `MemoryError`.
fn linspace(lo: f64, hi: f64, n: usize) -> Res<Vec<f64>> {
    let mut e = Vec::new();
    if n.checked_add(1)
        .is_none_or(|k| e.try_reserve_exact(k).is_err())
    {
        set_error(
            ErrorKind::MemoryError,
            format!("Unable to allocate an array with shape ({n},)"),
        );
        return Err(Failed);
    }
    let div = n as f64;
    let delta = hi - lo;
    let step = delta / div;
    if step == 0.0 {
        e.extend((0..=n).map(|i| i as f64 / div * delta + lo));
    } else {
        e.extend((0..=n).map(|i| i as f64 * step + lo));
    }
    e[n] = hi;
    Ok(e)
}

/// Counts of `a` in `n` equal bins from `lo` to `hi` (NumPy's index computation and edge
/// corrections), and the edges.
fn equal_bins(a: &[f64], n: usize, lo: f64, hi: f64) -> Res<(Vec<i64>, Vec<f64>)> {
    let edges = linspace(lo, hi, n)?;
    let mut counts = vec![0i64; n];
    let denom = hi - lo;
    for &x in a {
        if !(x >= lo && x <= hi) {
            continue;
        }
        let mut i = (((x - lo) / denom) * n as f64) as usize;
        if i == n {
            i -= 1;
        }
        if x < edges[i] {
            i -= 1;
        } else if i != n - 1 && x >= edges[i + 1] {
            i += 1;
        }
        counts[i] += 1;
    }
    Ok((counts, edges))
}

/// `histogram(a, bins=10, range=None, density=None)`: `(hist, bin_edges)`.
fn histogram(args: &Args, o: &mut Out) -> Res<()> {
    let x = args.array(0);
    let l = Lanes::whole(&x);
    let a = l.floats();
    let density = args.flag(3, false);
    let (counts, edges, edge_dtype): (Vec<i64>, Keys, i64) =
        if args.is_none(1) || args.int(1).is_some() {
            let n = args.int(1).unwrap_or(10);
            if n < 1 {
                return value_error("`bins` must be positive, when an integer");
            }
            let (lo, hi) = outer_edges(args.pair(2), &a)?;
            let (c, e) = equal_bins(&a, n as usize, lo, hi)?;
            (c, Keys::F(e), DT_F64)
        } else {
            let b = args.array(1);
            let edges = Keys::of(&b, false);
            let ne = edges.len();
            if (1..ne).any(|i| edges.f64(i - 1) > edges.f64(i)) {
                return value_error("`bins` must increase monotonically, when an array");
            }
            let mut sa = Keys::F(a.into_owned());
            sa.sort();
            let e = Keys::F((0..ne).map(|i| edges.f64(i)).collect());
            let cum: Vec<usize> = (0..ne).map(|i| sa.position(&e, i, i + 1 == ne)).collect();
            let c = cum.windows(2).map(|w| (w[1] - w[0]) as i64).collect();
            (c, edges, b.dtype)
        };
    let nb = counts.len();
    if density {
        let total: i64 = counts.iter().sum();
        let vals: Vec<Val> = (0..nb)
            .map(|i| {
                let db = edges.f64(i + 1) - edges.f64(i);
                Val::F(counts[i] as f64 / db / total as f64)
            })
            .collect();
        emit(o, DT_F64, false, &[nb], &vals)?;
    } else {
        let vals: Vec<Val> = counts.into_iter().map(Val::I).collect();
        emit(o, DT_I64, false, &[nb], &vals)?;
    }
    emit(o, edge_dtype, false, &[edges.len()], &edges.vals())
}

/// What `histogram2d` reads as `bins[i]` (NumPy's `histogramdd`).
enum Bins {
    /// A scalar: a bin count if it is an integer.
    Scalar(Val),
    /// The edges themselves (a 1-D array).
    Edges(NdArray),
}

/// `bins` of `histogram2d` (slot 2) for each axis: an int for both, a pair (a tuple of two
/// ints, or any 1-D array of length 2) of scalars, a pair of edge arrays or of an int and an
/// edge array, or one edge array for both (an array of another length; NumPy's `ValueError`
/// for length 1).
fn bins_2d(args: &Args) -> Res<[Bins; 2]> {
    if args.is_none(2) {
        return Ok([Bins::Scalar(Val::I(10)), Bins::Scalar(Val::I(10))]);
    }
    if let Some(n) = args.int(2) {
        return Ok([Bins::Scalar(Val::I(n)), Bins::Scalar(Val::I(n))]);
    }
    if args.is_seq(2) {
        // A pair of edge arrays, or an int and an array.
        let (items, n) = args.items(2);
        if n != 2 {
            return value_error(
                "The dimension of bins must be equal to the dimension of the sample x.",
            );
        }
        let item = |k: usize| match items.int(k) {
            Some(n) => Bins::Scalar(Val::I(n)),
            None => Bins::Edges(items.nd(k)),
        };
        return Ok([item(0), item(1)]);
    }
    let a = args.nd(2);
    match a.size() {
        1 => value_error("The dimension of bins must be equal to the dimension of the sample x."),
        2 => {
            let item = |k: usize| {
                let p = a.ptr(&[k]);
                if crate::stats::is_float(a.dtype) {
                    Bins::Scalar(Val::F(read_f64(a.dtype, p)))
                } else {
                    Bins::Scalar(Val::I(read_i64(a.dtype, p)))
                }
            };
            Ok([item(0), item(1)])
        }
        _ => Ok([Bins::Edges(a.clone()), Bins::Edges(a)]),
    }
}

/// One axis of `histogram2d`: the edges as floats, and the array they came from (`None`:
/// equal bins, float64).
struct Axis {
    edges: Vec<f64>,
    given: Option<NdArray>,
}

/// The edges of axis `i` of `histogram2d` from `bins[i]`, `range[i]` and the axis's sample,
/// with NumPy's checks in NumPy's order.
fn axis_2d(i: usize, bins: Bins, range: Option<(f64, f64)>, sample: &[f64]) -> Res<Axis> {
    match bins {
        Bins::Scalar(v) => {
            let below_one = match v {
                Val::I(n) => n < 1,
                Val::F(x) => x < 1.0,
            };
            if below_one {
                return value_error(format!("`bins[{i}]` must be positive, when an integer"));
            }
            let (lo, hi) = outer_edges(range, sample)?;
            let Val::I(n) = v else {
                set_error(
                    ErrorKind::TypeError,
                    format!("`bins[{i}]` must be an integer, when a scalar"),
                );
                return Err(Failed);
            };
            let edges = linspace(lo, hi, n as usize)?;
            Ok(Axis { edges, given: None })
        }
        Bins::Edges(a) => {
            let mut edges = Vec::with_capacity(a.size());
            a.for_each(|p| edges.push(read_f64(a.dtype, p)));
            if edges.windows(2).any(|w| w[0] > w[1]) {
                return value_error(format!(
                    "`bins[{i}]` must be monotonically increasing, when an array"
                ));
            }
            Ok(Axis {
                edges,
                given: Some(a),
            })
        }
    }
}

/// The bin of `v` among `edges` (at least one), `None` outside them: NumPy's
/// `searchsorted(edges, v, side="right") - 1`, one less again for `v` equal to the last edge.
fn bin_of(edges: &[f64], v: f64) -> Option<usize> {
    let ne = edges.len();
    let mut c = edges.partition_point(|e| order(e, &v) != Ordering::Greater);
    if v == edges[ne - 1] {
        // Edges out of order around a NaN (which passes NumPy's monotonic check) may leave
        // no edge before `v`: still outside.
        c = c.saturating_sub(1);
    }
    (c >= 1 && c < ne).then(|| c - 1)
}

/// `histogram2d(x, y, bins=10, range=None, density=None, weights=None)`:
/// `(H, xedges, yedges)`.
fn histogram2d(args: &Args, o: &mut Out) -> Res<()> {
    let (x, y) = (args.array(0), args.array(1));
    if x.shape[0] != y.shape[0] {
        return value_error("x and y must have the same length.");
    }
    let (lx, ly) = (Lanes::whole(&x), Lanes::whole(&y));
    let sample = [lx.floats(), ly.floats()];
    let ranges: [Option<(f64, f64)>; 2] = if args.is_none(3) {
        [None, None]
    } else {
        // A pair of pairs, flattened by compiled code into four numbers.
        let r = args.array(3);
        [
            Some((r.get(0, 0), r.get(1, 0))),
            Some((r.get(2, 0), r.get(3, 0))),
        ]
    };
    let [bx, by] = bins_2d(args)?;
    let ax = [
        axis_2d(0, bx, ranges[0], &sample[0])?,
        axis_2d(1, by, ranges[1], &sample[1])?,
    ];
    if ax.iter().any(|a| a.edges.is_empty()) {
        set_error(
            ErrorKind::IndexError,
            "index -1 is out of bounds for axis 0 with size 0".into(),
        );
        return Err(Failed);
    }
    let n = sample[0].len();
    let weights = if args.is_none(5) {
        None
    } else {
        let w = args.array(5);
        let w = Lanes::whole(&w).floats().into_owned();
        if w.len() != n {
            return value_error("The weights and list don't have the same length.");
        }
        Some(w)
    };
    let density = args.flag(4, false);
    let (ex, ey) = (&ax[0].edges, &ax[1].edges);
    let (nx, ny) = (ex.len() - 1, ey.len() - 1);
    o.raw(&[nx, ny], 8, |data| {
        if nx * ny == 0 {
            return;
        }
        // SAFETY: a fresh allocation of `nx * ny` float64 items.
        let h = unsafe { std::slice::from_raw_parts_mut(data as *mut f64, nx * ny) };
        h.fill(0.0);
        for k in 0..n {
            if let (Some(i), Some(j)) = (bin_of(ex, sample[0][k]), bin_of(ey, sample[1][k])) {
                h[i * ny + j] += match &weights {
                    Some(w) => w[k],
                    None => 1.0,
                };
            }
        }
        if density {
            let s = pairwise(h, 0.0);
            for (i, row) in h.chunks_mut(ny).enumerate() {
                let dx = ex[i + 1] - ex[i];
                for (j, v) in row.iter_mut().enumerate() {
                    *v = *v / dx / (ey[j + 1] - ey[j]) / s;
                }
            }
        }
    })?;
    for a in &ax {
        match &a.given {
            Some(g) => o.bytes(&[g.size()], g.itemsize(), &g.c_bytes(g.dtype))?,
            None => o.raw(&[a.edges.len()], 8, |data| {
                // SAFETY: a fresh allocation of `edges.len()` float64 items.
                unsafe {
                    std::ptr::copy_nonoverlapping(a.edges.as_ptr(), data as *mut f64, a.edges.len())
                }
            })?,
        }
    }
    Ok(())
}

use crate::slots::slot_routines;

slot_routines! {
    /// `numpy.histogram(a, bins=10, range=None, density=None)`.
    oxjit_rt_np_histogram => histogram;
    /// `numpy.histogram2d(x, y, bins=10, range=None, density=None, weights=None)`.
    oxjit_rt_np_histogram2d => histogram2d;
}

//! NumPy 2's vector gufuncs (slot routines, see [`crate::slots`]): `vecdot(x1, x2)`
//! (signature `(n),(n)->()`, the first operand conjugated), `matvec(x1, x2)`
//! (`(m,n),(n)->(m)`) and `vecmat(x1, x2)` (`(n),(n,m)->(m)`, the vector conjugated). The
//! other (loop) axes broadcast as NumPy's. Each sum runs over `k` in order: integers wrap in
//! int64 and are then cut to the result's width (the same bits as NumPy's loop in the narrower
//! type), bools are `or` of `and`, floats and complex numbers accumulate in double precision
//! (NumPy's float loops call BLAS-style dot products, summing in another order: results agree
//! within rounding), rounded once to float32/complex64 for those results.

use crate::nd::{itemsize, NdArray};
use crate::slots::{
    value_error, Args, Out, Res, DT_BOOL, DT_C128, DT_C64, DT_F32, DT_F64, DT_I32, DT_I64, DT_U8,
};

use crate::slots::run_routine as run;

/// Which product.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Vecdot,
    Matvec,
    Vecmat,
}

impl Kind {
    fn name(self) -> &'static str {
        match self {
            Kind::Vecdot => "vecdot",
            Kind::Matvec => "matvec",
            Kind::Vecmat => "vecmat",
        }
    }
    fn signature(self) -> &'static str {
        match self {
            Kind::Vecdot => "(n),(n)->()",
            Kind::Matvec => "(m,n),(n)->(m)",
            Kind::Vecmat => "(n),(n,m)->(m)",
        }
    }
    /// The core axes of each operand.
    fn core(self) -> (usize, usize) {
        match self {
            Kind::Vecdot => (1, 1),
            Kind::Matvec => (2, 1),
            Kind::Vecmat => (1, 2),
        }
    }
}

/// How the sums are computed.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Acc {
    Bool,
    Int,
    Float,
    Complex,
}

fn acc_of(dt: i64) -> Acc {
    match dt {
        DT_BOOL => Acc::Bool,
        DT_F64 | DT_F32 => Acc::Float,
        DT_C128 | DT_C64 => Acc::Complex,
        _ => Acc::Int,
    }
}

/// NumPy's promotion over the dtypes the routines take (for a number result, which has no
/// dtype word).
fn promote(a: i64, b: i64) -> i64 {
    let rank = |d: i64| match d {
        DT_BOOL => 0,
        DT_U8 => 1,
        DT_I32 => 2,
        DT_I64 => 3,
        DT_F32 => 4,
        DT_F64 => 5,
        DT_C64 => 6,
        _ => 7,
    };
    let (lo, hi) = if rank(a) <= rank(b) { (a, b) } else { (b, a) };
    match (lo, hi) {
        // Integers wider than 8 bits with float32 need float64 (complex64: complex128).
        (DT_I32 | DT_I64, DT_F32) => DT_F64,
        (DT_I32 | DT_I64 | DT_F64, DT_C64) => DT_C128,
        _ => hi,
    }
}

/// An element as a complex number (real dtypes: imaginary part 0).
fn load(dt: i64, p: *const u8) -> (f64, f64) {
    // SAFETY: `p` addresses a live element of dtype `dt`.
    unsafe {
        match dt {
            DT_C128 => (
                (p as *const f64).read_unaligned(),
                (p as *const f64).add(1).read_unaligned(),
            ),
            DT_C64 => (
                (p as *const f32).read_unaligned() as f64,
                (p as *const f32).add(1).read_unaligned() as f64,
            ),
            _ => (crate::stats::read_f64(dt, p), 0.0),
        }
    }
}

/// One result: `(re, im)` for floats and complex numbers, the int in `.0` as bits otherwise.
#[derive(Clone, Copy)]
enum Sum {
    I(i64),
    C(f64, f64),
}

/// `sum_k conj?(x[k]) * y[k]` over `n` elements starting at `px`, `py` with byte steps `sx`,
/// `sy`.
#[allow(clippy::too_many_arguments)]
fn dot(
    acc: Acc,
    conj: bool,
    (dx, px, sx): (i64, *const u8, isize),
    (dy, py, sy): (i64, *const u8, isize),
    n: usize,
) -> Sum {
    let at = |p: *const u8, s: isize, k: usize| p.wrapping_offset(s * k as isize);
    match acc {
        Acc::Bool | Acc::Int => {
            let mut s: i64 = 0;
            for k in 0..n {
                let a = crate::stats::read_i64(dx, at(px, sx, k));
                let b = crate::stats::read_i64(dy, at(py, sy, k));
                if acc == Acc::Bool {
                    s |= ((a != 0) && (b != 0)) as i64;
                } else {
                    s = s.wrapping_add(a.wrapping_mul(b));
                }
            }
            Sum::I(s)
        }
        Acc::Float | Acc::Complex => {
            let (mut re, mut im) = (0.0f64, 0.0f64);
            for k in 0..n {
                let (ar, ai) = load(dx, at(px, sx, k));
                let ai = if conj { -ai } else { ai };
                let (br, bi) = load(dy, at(py, sy, k));
                re += ar * br - ai * bi;
                im += ar * bi + ai * br;
            }
            Sum::C(re, im)
        }
    }
}

/// Write `v` as an element of `dt` at `p`.
///
/// # Safety
/// `p` addresses writable memory for one element of `dt`.
unsafe fn store(dt: i64, p: *mut u8, v: Sum) {
    // SAFETY: by the contract.
    unsafe {
        match (dt, v) {
            (DT_C128, Sum::C(re, im)) => {
                (p as *mut f64).write_unaligned(re);
                (p as *mut f64).add(1).write_unaligned(im);
            }
            (DT_C64, Sum::C(re, im)) => {
                (p as *mut f32).write_unaligned(re as f32);
                (p as *mut f32).add(1).write_unaligned(im as f32);
            }
            (_, Sum::C(re, _)) => crate::stats::write_val(dt, p, crate::stats::Val::F(re)),
            (_, Sum::I(i)) => crate::stats::write_val(dt, p, crate::stats::Val::I(i)),
        }
    }
}

/// NumPy's broadcast of two shapes (aligned at the end), `None` when they do not fit.
fn broadcast_shapes(a: &[usize], b: &[usize]) -> Option<Vec<usize>> {
    let n = a.len().max(b.len());
    let at = |s: &[usize], k: usize| {
        if k + s.len() >= n {
            s[k + s.len() - n]
        } else {
            1
        }
    };
    (0..n)
        .map(|k| match (at(a, k), at(b, k)) {
            (x, y) if x == y || y == 1 => Some(x),
            (1, y) => Some(y),
            _ => None,
        })
        .collect()
}

/// The byte strides of `x`'s loop axes aligned to the end of `shape` (0 where it broadcasts).
fn loop_strides(x: &NdArray, core: usize, shape: &[usize]) -> Vec<isize> {
    let lead = x.ndim() - core;
    let mut s = vec![0isize; shape.len()];
    for k in 0..lead {
        let at = shape.len() - lead + k;
        if x.shape[k] != 1 {
            s[at] = x.strides[k];
        }
    }
    s
}

fn product(kind: Kind, args: &Args, o: &mut Out) -> Res<()> {
    let (x, y) = (args.nd(0), args.nd(1));
    let (cx, cy) = kind.core();
    let last = |a: &NdArray, back: usize| a.shape[a.ndim() - back];
    // The summed axis: `n` of each operand, and the other core axis of the matrix.
    let (nx, ny, free) = match kind {
        Kind::Vecdot => (last(&x, 1), last(&y, 1), 1),
        Kind::Matvec => (last(&x, 1), last(&y, 1), last(&x, 2)),
        Kind::Vecmat => (last(&x, 1), last(&y, 2), last(&y, 1)),
    };
    if nx != ny {
        return value_error(format!(
            "{}: Input operand 1 has a mismatch in its core dimension 0, with gufunc signature \
             {} (size {ny} is different from {nx})",
            kind.name(),
            kind.signature()
        ));
    }
    let (lx, ly) = (&x.shape[..x.ndim() - cx], &y.shape[..y.ndim() - cy]);
    let Some(loop_shape) = broadcast_shapes(lx, ly) else {
        return value_error(format!(
            "operands could not be broadcast together with remapped shapes \
             [original->remapped]: {}->{} {}->{}  and requested shape ()",
            crate::nd::packed_shape_text(&x.shape),
            crate::nd::packed_shape_text(lx),
            crate::nd::packed_shape_text(&y.shape),
            crate::nd::packed_shape_text(ly),
        ));
    };
    let (sx, sy) = (
        loop_strides(&x, cx, &loop_shape),
        loop_strides(&y, cy, &loop_shape),
    );
    let step = |a: &NdArray, back: usize| a.strides[a.ndim() - back];
    // Per result element `j` of the free axis: where each operand's sum starts (an offset in
    // `j`) and its step along `k`.
    let (kx, ky, jx, jy) = match kind {
        Kind::Vecdot => (step(&x, 1), step(&y, 1), 0, 0),
        Kind::Matvec => (step(&x, 1), step(&y, 1), step(&x, 2), 0),
        Kind::Vecmat => (step(&x, 1), step(&y, 2), 0, step(&y, 1)),
    };
    let number = kind == Kind::Vecdot && loop_shape.is_empty();
    let dt = if number {
        promote(x.dtype, y.dtype)
    } else {
        o.dtype(0)
    };
    let acc = acc_of(dt);
    let conj = kind != Kind::Matvec;
    let count: usize = loop_shape.iter().product();
    let mut vals = Vec::with_capacity(count * free);
    let mut idx = vec![0usize; loop_shape.len()];
    for _ in 0..count {
        let off = |s: &[isize]| {
            idx.iter()
                .zip(s)
                .map(|(i, s)| *i as isize * s)
                .sum::<isize>()
        };
        let (bx, by) = (
            x.ptr(&[]).wrapping_offset(off(&sx)),
            y.ptr(&[]).wrapping_offset(off(&sy)),
        );
        for j in 0..free {
            let j = j as isize;
            vals.push(dot(
                acc,
                conj,
                (x.dtype, bx.wrapping_offset(j * jx), kx),
                (y.dtype, by.wrapping_offset(j * jy), ky),
                nx,
            ));
        }
        for k in (0..idx.len()).rev() {
            idx[k] += 1;
            if idx[k] < loop_shape[k] {
                break;
            }
            idx[k] = 0;
        }
    }
    if number {
        match (dt, vals[0]) {
            (DT_C64, Sum::C(re, im)) => o.complex(re as f32 as f64, im as f32 as f64),
            (DT_C128, Sum::C(re, im)) => o.complex(re, im),
            (DT_F32, Sum::C(re, _)) => o.float(re as f32 as f64),
            (_, Sum::C(re, _)) => o.float(re),
            (DT_I32, Sum::I(i)) => o.int(i as i32 as i64),
            (DT_U8, Sum::I(i)) => o.int(i as u8 as i64),
            (_, Sum::I(i)) => o.int(i),
        }
        return Ok(());
    }
    let mut shape = loop_shape;
    if kind != Kind::Vecdot {
        shape.push(free);
    }
    let size = itemsize(dt);
    o.raw(&shape, size, |data| {
        for (i, v) in vals.iter().enumerate() {
            // SAFETY: the fresh array holds one element per value.
            unsafe { store(dt, data.add(i * size), *v) };
        }
    })
}

/// `numpy.vecdot(x1, x2)`.
///
/// # Safety
/// `args` and `out` follow [`crate::slots`].
pub unsafe extern "C" fn oxjit_rt_np_vecdot(args: *const i64, out: *mut i64) -> i32 {
    run(args, out, |args, o| product(Kind::Vecdot, args, o))
}

/// `numpy.matvec(x1, x2)`.
///
/// # Safety
/// `args` and `out` follow [`crate::slots`].
pub unsafe extern "C" fn oxjit_rt_np_matvec(args: *const i64, out: *mut i64) -> i32 {
    run(args, out, |args, o| product(Kind::Matvec, args, o))
}

/// `numpy.vecmat(x1, x2)`.
///
/// # Safety
/// `args` and `out` follow [`crate::slots`].
pub unsafe extern "C" fn oxjit_rt_np_vecmat(args: *const i64, out: *mut i64) -> i32 {
    run(args, out, |args, o| product(Kind::Vecmat, args, o))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn promotion_matches_numpy() {
        assert_eq!(promote(DT_I32, DT_F32), DT_F64);
        assert_eq!(promote(DT_U8, DT_F32), DT_F32);
        assert_eq!(promote(DT_F64, DT_C64), DT_C128);
        assert_eq!(promote(DT_F32, DT_C64), DT_C64);
        assert_eq!(promote(DT_BOOL, DT_BOOL), DT_BOOL);
        assert_eq!(promote(DT_U8, DT_I32), DT_I32);
    }

    #[test]
    fn complex_dot_conjugates_the_first_operand() {
        let x = [1.0f64, 2.0, 0.0, 3.0];
        let y = [2.0f64, -1.0, 1.0, 0.0];
        let s = dot(
            Acc::Complex,
            true,
            (DT_C128, x.as_ptr() as *const u8, 16),
            (DT_C128, y.as_ptr() as *const u8, 16),
            2,
        );
        let Sum::C(re, im) = s else {
            panic!("a complex sum")
        };
        // conj(1+2j)(2-1j) + conj(3j)(1) = (0 - 5j) + (-3j) = -8j.
        assert_eq!((re, im), (0.0, -8.0));
    }
}

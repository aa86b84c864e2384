//! Distribution draws whose parameters are arrays (`numpy.random.normal(mu, 1.0)` with `mu` an
//! array; legacy functions and `Generator` methods), as NumPy's broadcasting paths in
//! `_common.pyx` (`cont_broadcast_*`, `discrete_broadcast_*`) and the `binomial` and `uniform`
//! methods of `mtrand.pyx` / `_generator.pyx` make them. One slot routine ([`crate::slots`]) per
//! NumPy function; its argument slots are the function's parameters in order (a `Generator`'s
//! receiver first, as an int word; the parameters as arrays or numbers; then `size`).
//!
//! The order is NumPy's, so that errors and results are identical:
//! 1. every parameter converted to float64 (int64 for the binomial's `n`: a float array is
//!    NumPy's `TypeError`; a float number goes through Python's `int()`, with its errors);
//! 2. `uniform` only: `high - low` broadcast (the ufunc's error), finite (`OverflowError`);
//! 3. each parameter's constraint checked over all its elements, in parameter order, with the
//!    messages of `check_array_constraint` (`p ... contains NaNs`, not `is NaN`);
//! 4. the output shape: `size`, or the parameters' broadcast shape (NumPy's `shape mismatch`
//!    error naming the arguments by position); with `size`, the output and the parameters
//!    must broadcast to exactly `size` (`Output size ... is not compatible ...`);
//! 5. one draw per output element in C order, each with the parameters' broadcast elements.

use super::pcg64::Pcg64;
use super::state::{with_thread_rng, RandomState};
use crate::errors::{set_error, ErrorKind};
use crate::nd::{packed_shape_text, shape_text};
use crate::slots::{
    value_error, Args, Failed, Out, Res, DT_BOOL, DT_F32, DT_F64, DT_I32, DT_I64, DT_U8,
};

/// NumPy's `POISSON_LAM_MAX` (and `LEGACY_POISSON_LAM_MAX`, the same with a 64-bit `long`).
fn poisson_lam_max() -> f64 {
    let max = i64::MAX as f64;
    max - max.sqrt() * 10.0
}

/// A parameter's elements in C order and its shape (no axes for a number).
pub(super) struct Param<T> {
    pub(super) shape: Vec<usize>,
    pub(super) vals: Vec<T>,
}

pub(super) fn raise<T>(kind: ErrorKind, msg: impl Into<String>) -> Res<T> {
    set_error(kind, msg.into());
    Err(Failed)
}

/// The array parameter at `slot`: its elements in C order, converted to the 8-byte dtype `dt`
/// and read by `read`.
pub(super) fn array_param<T>(
    args: &Args,
    slot: usize,
    dt: i64,
    read: fn([u8; 8]) -> T,
) -> Param<T> {
    let a = args.nd(slot);
    let vals = a
        .c_bytes(dt)
        .chunks_exact(8)
        .map(|c| read([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]]))
        .collect();
    Param {
        shape: a.shape.clone(),
        vals,
    }
}

/// The float parameter `name` at `slot` (`default` when absent or `None`; a required
/// parameter, `default` `None`, is always given: typing checks it).
fn float_param(args: &Args, slot: usize, name: &str, default: Option<f64>) -> Res<Param<f64>> {
    if args.is_array(slot) {
        return Ok(array_param(args, slot, DT_F64, f64::from_le_bytes));
    }
    let x = match (args.float(slot), default) {
        (Some(x), _) | (None, Some(x)) => x,
        (None, None) => return value_error(format!("missing parameter `{name}`")),
    };
    Ok(Param {
        shape: Vec::new(),
        vals: vec![x],
    })
}

/// Python's `int(x)` of a float into a C `long`, with its errors.
pub fn float_to_long(x: f64) -> Res<i64> {
    if x.is_nan() {
        return value_error("cannot convert float NaN to integer");
    }
    if x.is_infinite() {
        return raise(
            ErrorKind::OverflowError,
            "cannot convert float infinity to integer",
        );
    }
    let t = x.trunc();
    // -2**63 fits; 2**63 does not.
    if !(i64::MIN as f64..-(i64::MIN as f64)).contains(&t) {
        return raise(
            ErrorKind::OverflowError,
            "Python int too large to convert to C long",
        );
    }
    Ok(t as i64)
}

/// The binomial's `n` at `slot`: int64 elements (NumPy casts the array safely to int64).
fn count_param(args: &Args, slot: usize) -> Res<Param<i64>> {
    if args.is_array(slot) {
        let a = args.nd(slot);
        let name = match a.dtype {
            DT_I64 | DT_I32 | DT_U8 | DT_BOOL => None,
            DT_F32 => Some("float32"),
            DT_F64 => Some("float64"),
            _ => Some("complex128"),
        };
        if let Some(name) = name {
            return raise(
                ErrorKind::TypeError,
                format!(
                    "Cannot cast array data from dtype('{name}') to dtype('int64') according \
                     to the rule 'safe'"
                ),
            );
        }
        return Ok(array_param(args, slot, DT_I64, i64::from_le_bytes));
    }
    let n = match (args.int(slot), args.float(slot)) {
        (Some(i), _) => i,
        (None, Some(x)) => float_to_long(x)?,
        (None, None) => return value_error("binomial needs `n`"),
    };
    Ok(Param {
        shape: Vec::new(),
        vals: vec![n],
    })
}

/// NumPy's constraints on a parameter (`constraint_type`), checked over every element.
#[derive(Clone, Copy)]
enum Cons {
    None,
    /// `CONS_NON_NEGATIVE`: a set sign bit (not NaN) is `<name> < 0`.
    NonNegative,
    /// `CONS_POSITIVE`: `<name> <= 0`.
    Positive,
    /// `CONS_BOUNDED_0_1`.
    Unit,
    /// `CONS_POISSON` / `LEGACY_CONS_POISSON`: the bound first (NaN fails it), then the sign.
    Poisson,
}

fn check(p: &Param<f64>, name: &str, cons: Cons) -> Res<()> {
    let v = &p.vals;
    match cons {
        Cons::None => Ok(()),
        Cons::NonNegative if v.iter().any(|x| !x.is_nan() && x.is_sign_negative()) => {
            value_error(format!("{name} < 0"))
        }
        Cons::Positive if v.iter().any(|x| *x <= 0.0) => value_error(format!("{name} <= 0")),
        Cons::Unit if v.iter().any(|x| !(*x >= 0.0 && *x <= 1.0)) => {
            value_error(format!("{name} < 0, {name} > 1 or {name} contains NaNs"))
        }
        Cons::Poisson if !v.iter().all(|x| *x <= poisson_lam_max()) => {
            value_error(format!("{name} value too large"))
        }
        Cons::Poisson if !v.iter().all(|x| *x >= 0.0) => {
            value_error(format!("{name} < 0 or {name} contains NaNs"))
        }
        _ => Ok(()),
    }
}

/// NumPy's broadcast of `shapes` (`PyArray_Broadcast`), or its `shape mismatch` error naming
/// the two arguments by position.
pub(super) fn broadcast(shapes: &[&[usize]]) -> Res<Vec<usize>> {
    broadcast_shape(shapes).or_else(|(i, j)| {
        value_error(format!(
            "shape mismatch: objects cannot be broadcast to a single shape.  Mismatch is \
             between arg {i} with shape {} and arg {j} with shape {}.",
            shape_text(shapes[i]),
            shape_text(shapes[j])
        ))
    })
}

/// The broadcast shape of `shapes`, or the positions of the first two that do not fit.
pub(super) fn broadcast_shape(shapes: &[&[usize]]) -> Result<Vec<usize>, (usize, usize)> {
    let nd = shapes.iter().map(|s| s.len()).max().unwrap_or(0);
    let mut out = vec![1usize; nd];
    for (i, dim) in out.iter_mut().enumerate() {
        let mut src = 0;
        for (j, s) in shapes.iter().enumerate() {
            let Some(k) = (i + s.len()).checked_sub(nd) else {
                continue;
            };
            let n = s[k];
            if n == 1 {
                continue;
            }
            if *dim == 1 {
                *dim = n;
                src = j;
            } else if *dim != n {
                return Err((src, j));
            }
        }
    }
    Ok(out)
}

/// The output shape: `size` (slot `slot`: absent/`None`, an int or a tuple of ints), or the
/// parameters' broadcast shape; checked against the parameters as `validate_output_shape`.
fn output_shape(args: &Args, slot: usize, params: &[&[usize]]) -> Res<Vec<usize>> {
    if args.is_none(slot) {
        return broadcast(params);
    }
    let dims: Vec<i64> = match args.int(slot) {
        Some(n) => vec![n],
        None => {
            let a = args.array(slot);
            (0..a.shape[0]).map(|i| a.get_int(i)).collect()
        }
    };
    let size = dims
        .into_iter()
        .map(|d| usize::try_from(d).or_else(|_| value_error("negative dimensions are not allowed")))
        .collect::<Res<Vec<usize>>>()?;
    let mut all: Vec<&[usize]> = vec![&size];
    all.extend_from_slice(params);
    let b = broadcast(&all)?;
    if b != size {
        let tuple = |s: &[usize]| match s {
            [] => "()".to_string(),
            s => shape_text(s),
        };
        return value_error(format!(
            "Output size {} is not compatible with broadcast dimensions of inputs {}.",
            tuple(&size),
            tuple(&b)
        ));
    }
    Ok(size)
}

/// The element strides of a C-ordered parameter of `shape` broadcast to `out` (0 along
/// repeated axes), one per axis of `out`.
pub(super) fn strides(shape: &[usize], out: &[usize]) -> Vec<usize> {
    let lead = out.len() - shape.len();
    let mut st = vec![0usize; out.len()];
    let mut step = 1;
    for k in (0..shape.len()).rev() {
        if shape[k] != 1 {
            st[lead + k] = step;
        }
        step *= shape[k];
    }
    st
}

/// Call `f(i, offsets)` for every element `i` of an array of `shape` in C order, with the
/// element offsets of parameters of the given broadcast strides.
pub(super) fn each(shape: &[usize], st: &[Vec<usize>], mut f: impl FnMut(usize, &[usize])) {
    let n: usize = shape.iter().product();
    let nd = shape.len();
    let mut idx = vec![0usize; nd];
    let mut off = vec![0usize; st.len()];
    for i in 0..n {
        f(i, &off);
        for k in (0..nd).rev() {
            idx[k] += 1;
            for (o, s) in off.iter_mut().zip(st) {
                *o += s[k];
            }
            if idx[k] < shape[k] {
                break;
            }
            for (o, s) in off.iter_mut().zip(st) {
                *o -= s[k] * shape[k];
            }
            idx[k] = 0;
        }
    }
}

/// Append the result: an array of `shape` of 8-byte elements, element `i` written by `draw`.
pub(super) fn fill<T: Copy>(
    o: &mut Out,
    shape: &[usize],
    mut draw: impl FnMut(usize) -> T,
) -> Res<()> {
    o.raw(shape, 8, |p| {
        let n: usize = shape.iter().product();
        for i in 0..n {
            // SAFETY: a fresh allocation of `n` 8-byte elements.
            unsafe { (p as *mut T).add(i).write(draw(i)) };
        }
    })
}

/// A float distribution of one or two float parameters.
struct Cont<'a> {
    args: &'a Args,
    /// The slot of the first parameter (1 after a `Generator` receiver).
    first: usize,
    params: &'a [(&'a str, Option<f64>, Cons)],
}

impl Cont<'_> {
    /// Read and check the parameters, shape the output and draw with `f(a, b)` (`b` 0 for
    /// one-parameter distributions).
    fn run(&self, o: &mut Out, mut f: impl FnMut(f64, f64) -> f64) -> Res<()> {
        let ps: Vec<Param<f64>> = self
            .params
            .iter()
            .enumerate()
            .map(|(k, (name, d, _))| float_param(self.args, self.first + k, name, *d))
            .collect::<Res<_>>()?;
        for (p, (name, _, cons)) in ps.iter().zip(self.params) {
            check(p, name, *cons)?;
        }
        draw_cont(o, self.args, self.first + ps.len(), &ps, &mut f)
    }
}

/// Shape the output of float parameters `ps` (`size` at slot `size`) and draw.
fn draw_cont(
    o: &mut Out,
    args: &Args,
    size: usize,
    ps: &[Param<f64>],
    f: &mut impl FnMut(f64, f64) -> f64,
) -> Res<()> {
    let shapes: Vec<&[usize]> = ps.iter().map(|p| p.shape.as_slice()).collect();
    let shape = output_shape(args, size, &shapes)?;
    let st: Vec<Vec<usize>> = ps.iter().map(|p| strides(&p.shape, &shape)).collect();
    let mut vals = vec![0.0; shape.iter().product()];
    each(&shape, &st, |i, off| {
        let a = ps[0].vals[off[0]];
        let b = ps.get(1).map_or(0.0, |p| p.vals[off[1]]);
        vals[i] = f(a, b);
    });
    fill(o, &shape, |i| vals[i])
}

/// `uniform(low, high, size)`: `high - low` broadcast and finite first (`legacy`: no sign
/// check), then drawn with `f(low, range)`.
fn uniform(
    args: &Args,
    o: &mut Out,
    first: usize,
    legacy: bool,
    mut f: impl FnMut(f64, f64) -> f64,
) -> Res<()> {
    let low = float_param(args, first, "low", Some(0.0))?;
    let high = float_param(args, first + 1, "high", Some(1.0))?;
    let shape = match broadcast_shape(&[&high.shape, &low.shape]) {
        Ok(s) => s,
        Err(_) => {
            return value_error(format!(
                "operands could not be broadcast together with shapes {} {} ",
                packed_shape_text(&high.shape),
                packed_shape_text(&low.shape)
            ));
        }
    };
    let (sh, sl) = (strides(&high.shape, &shape), strides(&low.shape, &shape));
    let mut range = Param {
        vals: vec![0.0; shape.iter().product()],
        shape,
    };
    each(&range.shape.clone(), &[sh, sl], |i, off| {
        range.vals[i] = high.vals[off[0]] - low.vals[off[1]];
    });
    if !range.vals.iter().all(|x| x.is_finite()) {
        return raise(ErrorKind::OverflowError, "Range exceeds valid bounds");
    }
    if !legacy {
        check(&range, "high - low", Cons::NonNegative)?;
    }
    draw_cont(o, args, first + 2, &[low, range], &mut f)
}

/// `binomial(n, p, size)`: `p` then `n` read, checked and broadcast in that order (NumPy's
/// iterator is over `(p, n)`), drawn with `f(n, p)`.
fn binomial(args: &Args, o: &mut Out, first: usize, mut f: impl FnMut(i64, f64) -> i64) -> Res<()> {
    let p = float_param(args, first + 1, "p", None)?;
    let n = count_param(args, first)?;
    check(&p, "p", Cons::Unit)?;
    if n.vals.iter().any(|x| *x < 0) {
        return value_error("n < 0");
    }
    let shape = output_shape(args, first + 2, &[&p.shape, &n.shape])?;
    let st = [strides(&p.shape, &shape), strides(&n.shape, &shape)];
    let mut vals = vec![0i64; shape.iter().product()];
    each(&shape, &st, |i, off| {
        vals[i] = f(n.vals[off[1]], p.vals[off[0]])
    });
    fill(o, &shape, |i| vals[i])
}

/// `poisson(lam, size)` drawn with `f(lam)`.
fn poisson(args: &Args, o: &mut Out, first: usize, mut f: impl FnMut(f64) -> i64) -> Res<()> {
    let lam = float_param(args, first, "lam", Some(1.0))?;
    check(&lam, "lam", Cons::Poisson)?;
    let shape = output_shape(args, first + 1, &[&lam.shape])?;
    let st = [strides(&lam.shape, &shape)];
    let mut vals = vec![0i64; shape.iter().product()];
    each(&shape, &st, |i, off| vals[i] = f(lam.vals[off[0]]));
    fill(o, &shape, |i| vals[i])
}

/// The generator of a `Generator` method's receiver (slot 0, an object pointer).
pub(super) fn generator<'a>(args: &Args) -> Res<&'a mut Pcg64> {
    match args.int(0) {
        // SAFETY: compiled code passes the live generator object of the call.
        Some(g) => Ok(unsafe { super::gen_ffi::gen(g as *mut crate::memory::MemInfo) }),
        None => value_error("a Generator method needs its generator"),
    }
}

type Legacy = fn(&Args, &mut Out, &mut RandomState) -> Res<()>;
type Gen = fn(&Args, &mut Out, &mut Pcg64) -> Res<()>;

fn legacy(args: &Args, o: &mut Out, f: Legacy) -> Res<()> {
    with_thread_rng(|r| f(args, o, r))
}

fn gen(args: &Args, o: &mut Out, f: Gen) -> Res<()> {
    let g = generator(args)?;
    f(args, o, g)
}

use Cons::{NonNegative as NonNeg, Positive as Pos};

crate::slots::slot_routines! {
    /// `numpy.random.normal(loc, scale, size)` with array parameters.
    oxjit_rt_legacy_normal_b => |a, o| legacy(a, o, |a, o, r| Cont { args: a, first: 0, params: &[("loc", Some(0.0), Cons::None), ("scale", Some(1.0), NonNeg)] }.run(o, |l, s| r.normal(l, s)));
    /// `numpy.random.uniform(low, high, size)` with array parameters.
    oxjit_rt_legacy_uniform_b => |a, o| legacy(a, o, |a, o, r| uniform(a, o, 0, true, |l, w| r.uniform_range(l, w)));
    /// `numpy.random.exponential(scale, size)` with array parameters.
    oxjit_rt_legacy_exponential_b => |a, o| legacy(a, o, |a, o, r| Cont { args: a, first: 0, params: &[("scale", Some(1.0), NonNeg)] }.run(o, |s, _| r.exponential(s)));
    /// `numpy.random.gamma(shape, scale, size)` with array parameters.
    oxjit_rt_legacy_gamma_b => |a, o| legacy(a, o, |a, o, r| Cont { args: a, first: 0, params: &[("shape", None, NonNeg), ("scale", Some(1.0), NonNeg)] }.run(o, |k, s| r.gamma(k, s)));
    /// `numpy.random.standard_gamma(shape, size)` with array parameters.
    oxjit_rt_legacy_standard_gamma_b => |a, o| legacy(a, o, |a, o, r| Cont { args: a, first: 0, params: &[("shape", None, NonNeg)] }.run(o, |k, _| r.standard_gamma(k)));
    /// `numpy.random.beta(a, b, size)` with array parameters.
    oxjit_rt_legacy_beta_b => |a, o| legacy(a, o, |a, o, r| Cont { args: a, first: 0, params: &[("a", None, Pos), ("b", None, Pos)] }.run(o, |x, y| r.beta(x, y)));
    /// `numpy.random.poisson(lam, size)` with array parameters.
    oxjit_rt_legacy_poisson_b => |a, o| legacy(a, o, |a, o, r| poisson(a, o, 0, |l| r.poisson(l)));
    /// `numpy.random.binomial(n, p, size)` with array parameters.
    oxjit_rt_legacy_binomial_b => |a, o| legacy(a, o, |a, o, r| binomial(a, o, 0, |n, p| r.binomial(n, p)));
    /// `Generator.normal(loc, scale, size)` with array parameters.
    oxjit_rt_gen_normal_b => |a, o| gen(a, o, |a, o, g| Cont { args: a, first: 1, params: &[("loc", Some(0.0), Cons::None), ("scale", Some(1.0), NonNeg)] }.run(o, |l, s| g.gen_normal(l, s)));
    /// `Generator.uniform(low, high, size)` with array parameters.
    oxjit_rt_gen_uniform_b => |a, o| gen(a, o, |a, o, g| uniform(a, o, 1, false, |l, w| g.gen_uniform(l, w)));
    /// `Generator.exponential(scale, size)` with array parameters.
    oxjit_rt_gen_exponential_b => |a, o| gen(a, o, |a, o, g| Cont { args: a, first: 1, params: &[("scale", Some(1.0), NonNeg)] }.run(o, |s, _| g.gen_exponential(s)));
    /// `Generator.gamma(shape, scale, size)` with array parameters.
    oxjit_rt_gen_gamma_b => |a, o| gen(a, o, |a, o, g| Cont { args: a, first: 1, params: &[("shape", None, NonNeg), ("scale", Some(1.0), NonNeg)] }.run(o, |k, s| g.gen_gamma(k, s)));
    /// `Generator.standard_gamma(shape, size)` with array parameters.
    oxjit_rt_gen_standard_gamma_b => |a, o| gen(a, o, |a, o, g| Cont { args: a, first: 1, params: &[("shape", None, NonNeg)] }.run(o, |k, _| g.standard_gamma(k)));
    /// `Generator.chisquare(df, size)` with array parameters (`random_chisquare`).
    oxjit_rt_gen_chisquare_b => |a, o| gen(a, o, |a, o, g| Cont { args: a, first: 1, params: &[("df", None, Pos)] }.run(o, |df, _| 2.0 * g.standard_gamma(df / 2.0)));
    /// `Generator.lognormal(mean, sigma, size)` with array parameters (`random_lognormal`).
    oxjit_rt_gen_lognormal_b => |a, o| gen(a, o, |a, o, g| Cont { args: a, first: 1, params: &[("mean", Some(0.0), Cons::None), ("sigma", Some(1.0), NonNeg)] }.run(o, |m, s| g.gen_normal(m, s).exp()));
    /// `Generator.beta(a, b, size)` with array parameters.
    oxjit_rt_gen_beta_b => |a, o| gen(a, o, |a, o, g| Cont { args: a, first: 1, params: &[("a", None, Pos), ("b", None, Pos)] }.run(o, |x, y| g.gen_beta(x, y)));
    /// `Generator.poisson(lam, size)` with array parameters.
    oxjit_rt_gen_poisson_b => |a, o| gen(a, o, |a, o, g| poisson(a, o, 1, |l| g.gen_poisson(l)));
    /// `Generator.binomial(n, p, size)` with array parameters.
    oxjit_rt_gen_binomial_b => |a, o| gen(a, o, |a, o, g| binomial(a, o, 1, |n, p| g.gen_binomial(n, p)));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn broadcast_shapes_and_mismatches_as_numpy() {
        assert_eq!(broadcast(&[&[2, 1], &[3]]).ok(), Some(vec![2, 3]));
        assert_eq!(broadcast(&[&[], &[4]]).ok(), Some(vec![4]));
        assert_eq!(broadcast_shape(&[&[2, 1], &[1, 3], &[4]]), Err((1, 2)));
        assert_eq!(broadcast_shape(&[&[2, 3], &[2, 3, 1]]), Err((0, 1)));
        assert_eq!(strides(&[2, 1], &[4, 2, 3]), vec![0, 1, 0]);
        assert_eq!(strides(&[3], &[2, 3]), vec![0, 1]);
    }

    #[test]
    fn each_walks_broadcast_offsets_in_c_order() {
        let mut seen = Vec::new();
        each(
            &[2, 3],
            &[strides(&[2, 1], &[2, 3]), strides(&[3], &[2, 3])],
            |i, off| seen.push((i, off[0], off[1])),
        );
        assert_eq!(
            seen,
            vec![
                (0, 0, 0),
                (1, 0, 1),
                (2, 0, 2),
                (3, 1, 0),
                (4, 1, 1),
                (5, 1, 2)
            ]
        );
    }

    #[test]
    fn float_to_long_as_python_int() {
        assert_eq!(float_to_long(10.7).ok(), Some(10));
        assert_eq!(float_to_long(-0.5).ok(), Some(0));
        assert_eq!(float_to_long(i64::MIN as f64).ok(), Some(i64::MIN));
        for bad in [f64::NAN, f64::INFINITY, -(i64::MIN as f64), 1e19] {
            assert!(float_to_long(bad).is_err());
            crate::errors::take_error();
        }
    }
}

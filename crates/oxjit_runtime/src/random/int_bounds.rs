//! `numpy.random.randint(low, high, size)` and `Generator.integers(low, high, size, endpoint)`
//! with array bounds: NumPy's `_rand_int64` and `_rand_int64_broadcast`
//! (`numpy/random/_bounded_integers.pyx.in`, NumPy 2.4), in their order, so that results are
//! bit-identical and errors the same:
//! 1. `size` holding no elements: an empty array, nothing checked or drawn;
//! 2. `high` omitted: the bounds are `0` and `low`;
//! 3. `low >= high` (`low > high` with `endpoint=True`) over the broadcast bounds (the ufunc's
//!    `operands could not be broadcast together` when they do not fit): NumPy's
//!    `format_bounds_error`, `high <= 0` (`high < 0`) when every `low` is 0;
//! 4. the output shape: `size` (`negative dimensions are not allowed`; the bounds and the
//!    output broadcast together, NumPy's `shape mismatch` naming the output as arg 2), or the
//!    bounds' broadcast shape;
//! 5. one `random_bounded_uint64(off=low, rng=high-1-low)` per output element, walking the
//!    broadcast of the bounds and the output in C order (with a `size` the bounds broadcast to
//!    a larger shape, as NumPy's iterator, the first `prod(size)` elements of that walk):
//!    masked rejection for the legacy `randint`, Lemire's method for `Generator.integers`.
//!    Each draw takes its 32-bit words straight from the bit generator (`next_uint32`), as
//!    the scalar fill does.
//!
//! The bounds are int64 arrays (int32, uint8 and bool arrays are cast safely to int64, as
//! NumPy's `can_cast` path) or ints; typing refuses float bounds next to an array.

use super::broadcast::{
    array_param, broadcast, broadcast_shape, each, fill, generator, strides, Param,
};
use super::pcg64::Pcg64;
use super::state::{with_thread_rng, RandomState};
use crate::nd::{packed_shape_text, shape_text};
use crate::slots::{value_error, Args, Out, Res, DT_I64};

/// The bound at `slot`: an integer array's elements in C order as int64, or a number.
fn int_bound(args: &Args, slot: usize, name: &str) -> Res<Param<i64>> {
    if args.is_array(slot) {
        return Ok(array_param(args, slot, DT_I64, i64::from_le_bytes));
    }
    match args.int(slot) {
        Some(v) => Ok(Param {
            shape: Vec::new(),
            vals: vec![v],
        }),
        None => value_error(format!("integer bounds need `{name}`")),
    }
}

/// `size` at `slot` as NumPy receives it (`None` when absent), its dimensions unchecked.
fn size_dims(args: &Args, slot: usize) -> Option<Vec<i64>> {
    if args.is_none(slot) || args.is_absent(slot) {
        return None;
    }
    Some(match args.int(slot) {
        Some(n) => vec![n],
        None => {
            let a = args.array(slot);
            (0..a.shape[0]).map(|i| a.get_int(i)).collect()
        }
    })
}

/// `np.empty(size)`'s check of `size`'s dimensions.
fn out_dims(dims: &[i64]) -> Res<Vec<usize>> {
    dims.iter()
        .map(|&d| {
            usize::try_from(d).or_else(|_| value_error("negative dimensions are not allowed"))
        })
        .collect()
}

/// NumPy's `format_bounds_error`: `high <= 0` when every `low` is 0 (the one-bound call).
fn bounds_error<T>(low: &Param<i64>, closed: bool) -> Res<T> {
    let msg = match (low.vals.iter().all(|&v| v == 0), closed) {
        (true, false) => "high <= 0",
        (true, true) => "high < 0",
        (false, false) => "low >= high",
        (false, true) => "low > high",
    };
    value_error(msg)
}

/// `_rand_int64(low, high, size, closed)` with `low` at slot `first`, `high` and `size` after
/// it; `draw(low, high)` draws one integer of the closed interval `[low, high]`.
fn rand_int64(
    args: &Args,
    o: &mut Out,
    first: usize,
    closed: bool,
    mut draw: impl FnMut(i64, i64) -> i64,
) -> Res<()> {
    let size = size_dims(args, first + 2);
    if let Some(dims) = &size {
        if dims.iter().product::<i64>() == 0 {
            let shape = out_dims(dims)?;
            return fill(o, &shape, |_| 0i64);
        }
    }
    let a = int_bound(args, first, "low")?;
    let (low, high) = if args.is_none(first + 1) || args.is_absent(first + 1) {
        let zero = Param {
            shape: Vec::new(),
            vals: vec![0],
        };
        (zero, a)
    } else {
        (a, int_bound(args, first + 1, "high")?)
    };
    // `np.greater_equal(low, high)` (`np.greater` when closed): the ufunc's broadcast.
    let pair = match broadcast_shape(&[&low.shape, &high.shape]) {
        Ok(s) => s,
        Err(_) => {
            return value_error(format!(
                "operands could not be broadcast together with shapes {} {} ",
                packed_shape_text(&low.shape),
                packed_shape_text(&high.shape)
            ));
        }
    };
    let st = [strides(&low.shape, &pair), strides(&high.shape, &pair)];
    let mut bad = false;
    each(&pair, &st, |_, off| {
        let (l, h) = (low.vals[off[0]], high.vals[off[1]]);
        bad |= if closed { l > h } else { l >= h };
    });
    if bad {
        return bounds_error(&low, closed);
    }
    let (shape, walk) = match size {
        None => (pair.clone(), pair),
        Some(dims) => {
            let shape = out_dims(&dims)?;
            let walk = broadcast(&[&low.shape, &high.shape, &shape])?;
            (shape, walk)
        }
    };
    let n: usize = shape.iter().product();
    if walk.iter().product::<usize>() < n {
        // NumPy reads past its bounds here; refuse instead.
        return value_error(format!(
            "Output size {} is not compatible with broadcast dimensions of inputs {}.",
            shape_text(&shape),
            shape_text(&walk)
        ));
    }
    let st = [strides(&low.shape, &walk), strides(&high.shape, &walk)];
    let mut vals = Vec::with_capacity(n);
    each(&walk, &st, |i, off| {
        if i < n {
            let h = high.vals[off[1]];
            // The closed upper bound (wrapping, as NumPy's unsigned `high - is_open`).
            let top = if closed { h } else { h.wrapping_sub(1) };
            vals.push(draw(low.vals[off[0]], top));
        }
    });
    fill(o, &shape, |i| vals[i])
}

fn legacy_randint(args: &Args, o: &mut Out, r: &mut RandomState) -> Res<()> {
    // `randint` takes an exclusive bound: `top + 1` (wrapping) undoes the `- 1`.
    rand_int64(args, o, 0, false, |l, top| {
        r.randint(l, top.wrapping_add(1))
    })
}

fn gen_integers(args: &Args, o: &mut Out, g: &mut Pcg64) -> Res<()> {
    let closed = args.flag(4, false);
    rand_int64(args, o, 1, closed, |l, top| {
        g.integer(l, top.wrapping_add(1))
    })
}

crate::slots::slot_routines! {
    /// `numpy.random.randint(low, high, size)` with array bounds.
    oxjit_rt_legacy_randint_b => |a, o| with_thread_rng(|r| legacy_randint(a, o, r));
    /// `Generator.integers(low, high, size, endpoint)` with array bounds (slots: the
    /// generator, `low`, `high`, `size`, `endpoint`).
    oxjit_rt_gen_integers_b => |a, o| { let g = generator(a)?; gen_integers(a, o, g) };
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bounds_errors_as_numpy() {
        let zeros = Param {
            shape: vec![2],
            vals: vec![0, 0],
        };
        let mixed = Param {
            shape: vec![2],
            vals: vec![0, 3],
        };
        for (p, closed, msg) in [
            (&zeros, false, "high <= 0"),
            (&zeros, true, "high < 0"),
            (&mixed, false, "low >= high"),
            (&mixed, true, "low > high"),
        ] {
            assert!(bounds_error::<()>(p, closed).is_err());
            let e = crate::errors::take_error().map(|e| e.message);
            assert_eq!(e.as_deref(), Some(msg));
        }
    }

    /// `low`/`high` of the pinned draws below, one per element.
    const LOW: [i64; 7] = [0, -5, 0, 0, i64::MIN, 7, 3];
    const HIGH: [i64; 7] = [10, 5, 1, 1 << 33, i64::MAX, 8, (1 << 32) + 3];

    #[test]
    fn legacy_draws_pinned_against_numpy() {
        // np.random.seed(3); np.random.randint(LOW, HIGH), np.random.randint(0, 1000)
        let mut r = RandomState::new(3);
        let got: Vec<i64> = LOW
            .iter()
            .zip(HIGH)
            .map(|(&l, h)| r.randint(l, h))
            .collect();
        let want = [8, 4, 0, 5544393656, -6985254784189753088, 7, 2445173528];
        assert_eq!(got, want);
        assert_eq!(r.randint(0, 1000), 659);
    }

    #[test]
    fn generator_draws_pinned_against_numpy() {
        // g = np.random.default_rng(7); g.integers(LOW, HIGH), g.integers(0, 1000)
        let mut g = Pcg64::from_seed(7);
        let got: Vec<i64> = LOW
            .iter()
            .zip(HIGH)
            .map(|(&l, h)| g.integer(l, h))
            .collect();
        let want = [9, 1, 0, 7707007865, 5085503372737050977, 7, 3580503877];
        assert_eq!(got, want);
        assert_eq!(g.integer(0, 1000), 225);
    }
}

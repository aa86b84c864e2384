"""``numpy.random.randint`` and ``Generator.integers`` with array bounds inside compiled
functions: NumPy's ``_rand_int64_broadcast`` (broadcasting of ``low``, ``high`` and ``size``,
one bounded draw per output element in C order, masked rejection for the legacy function,
Lemire's method for the ``Generator``), results bit-identical to NumPy's for the same seed,
NumPy's errors (class and message), and the stream continuing as NumPy's after the call.
"""
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import oxjit
from diff import check

SEEDS = [0, 1, 7, 12345, 2**32 - 1]
I64_MIN = -(2**63)
I64_MAX = 2**63 - 1


def _lows():
    """`low` arrays in several layouts (C, Fortran, strided, reversed, 1-D)."""
    base = np.array([[0, -5, 3], [10, 2**31, -2**40]], dtype=np.int64)
    big = np.zeros((4, 6), dtype=np.int64)
    big[::2, ::2] = base
    return [
        base,
        np.asfortranarray(base),
        big[::2, ::2],
        base[:, ::-1],
        np.array([1, 2, 3], dtype=np.int64),
    ]


# --- legacy numpy.random.randint -------------------------------------------------------------


def legacy_pair(seed, low, high):
    np.random.seed(seed)
    return np.random.randint(low, high), np.random.random()


def legacy_one(seed, high):
    np.random.seed(seed)
    return np.random.randint(high), np.random.random()


def legacy_sized(seed, low, high, size):
    np.random.seed(seed)
    return np.random.randint(low, high, size), np.random.random()


def legacy_mixed(seed, low):
    np.random.seed(seed)
    return (
        np.random.randint(low, 2**33),
        np.random.randint(-(2**40), low + 100),
        np.random.randint(low, low + 1),          # a zero range: no draw
        np.random.randint(low - 2**62, low + 2**62),
        np.random.randint(low, 2**32 + 7),
        np.random.randint(low, I64_MAX),
        np.random.random(),
    )


# --- Generator.integers ------------------------------------------------------------------------


def gen_pair(seed, low, high):
    rng = np.random.default_rng(seed)
    return rng.integers(low, high), rng.random()


def gen_one(seed, high):
    rng = np.random.default_rng(seed)
    return rng.integers(high), rng.random()


def gen_closed(seed, low, high):
    rng = np.random.default_rng(seed)
    return rng.integers(low, high, endpoint=True), rng.random()


def gen_sized(seed, low, high, size):
    rng = np.random.default_rng(seed)
    return rng.integers(low, high, size), rng.random()


def gen_sized_closed(seed, low, high, size):
    rng = np.random.default_rng(seed)
    return rng.integers(low, high, size=size, endpoint=True), rng.random()


def gen_mixed(seed, low):
    rng = np.random.default_rng(seed)
    return (
        rng.integers(low, 2**33),
        rng.integers(-(2**40), low + 100),
        rng.integers(low, low + 1),
        rng.integers(low, low, endpoint=True),
        rng.integers(low - 2**62, low + 2**62),
        rng.integers(low, 2**32 + 7),
        rng.integers(low, I64_MAX, endpoint=True),
        rng.integers(I64_MIN, low, endpoint=True),
        rng.random(),
    )


# Interleaved 32-bit draws: the Generator's buffered half-words carry across the calls.
def gen_interleaved(seed, low, high):
    rng = np.random.default_rng(seed)
    a = rng.integers(0, 10)
    b = rng.integers(low, high)
    c = rng.integers(0, 10, 3)
    d = rng.integers(low, high)
    return a, b, c, d, rng.integers(5), rng.random()


@pytest.mark.parametrize("seed", SEEDS)
def test_array_bounds(seed):
    for low in _lows():
        high = low + np.array([1, 7, 2**32, 2**32 + 1, 2**33, 1000])[: low.shape[-1]]
        for f in (legacy_pair, gen_pair, gen_closed, gen_interleaved):
            check(f, seed, low, high)
            check(f, seed, low, 2**31)
            check(f, seed, -(2**31), high)
        check(legacy_mixed, seed, low)
        check(gen_mixed, seed, low)
        check(gen_closed, seed, low, low)                 # endpoint: low == high allowed


@pytest.mark.parametrize("seed", SEEDS)
def test_one_bound(seed):
    for high in (np.array([1, 5, 2**32, 2**40]), np.array([[3, 9], [1, 2**33]])):
        check(legacy_one, seed, high)
        check(gen_one, seed, high)
        check(legacy_one, seed, np.asfortranarray(high))


@pytest.mark.parametrize("seed", SEEDS)
def test_broadcasting(seed):
    col = np.array([[0], [5], [-(2**35)]])
    row = np.array([10, 20, 30, 2**36])
    for f in (legacy_pair, gen_pair, gen_closed):
        check(f, seed, col, row)                          # (3, 1) with (4,)
        check(f, seed, col, 2**32)                        # array low, scalar high
        check(f, seed, -3, row)                           # scalar low, array high
        check(f, seed, np.array([[[1]], [[2]]]), row)     # 3-D
    for f in (legacy_sized, gen_sized, gen_sized_closed):
        check(f, seed, col, row, (2, 3, 4))
        check(f, seed, row, 2**40, (5, 4))
        check(f, seed, 0, row, (4,))
        check(f, seed, col, row, (3, 4))
        check(f, seed, row, row + 3, 4)
        check(f, seed, col, row, (0, 4))                  # no elements: nothing drawn
        check(f, seed, col, row, (2, 1))                  # NumPy's first 2 of the (3, 4) walk
        check(f, seed, row, 2**40, (2, 1))


@pytest.mark.parametrize("seed", SEEDS)
def test_other_integer_dtypes(seed):
    low = np.array([0, 3, 250], dtype=np.uint8)
    check(legacy_pair, seed, low, low.astype(np.int32) + 2)
    check(gen_pair, seed, low.astype(np.int32), 300)
    check(gen_closed, seed, np.array([False, True]), np.array([True, True]))


@settings(max_examples=60, deadline=None)
@given(seed=st.integers(0, 2**32 - 1),
       lows=st.lists(st.integers(-(2**62), 2**62), min_size=1, max_size=6),
       widths=st.lists(st.integers(1, 2**62), min_size=1, max_size=6),
       fortran=st.booleans())
def test_random_bounds(seed, lows, widths, fortran):
    n = min(len(lows), len(widths))
    low = np.array(lows[:n], dtype=np.int64)
    high = low + np.array(widths[:n], dtype=np.int64)
    check(legacy_pair, seed, low, high)
    check(gen_pair, seed, low, high)
    check(gen_closed, seed, low, high - 1)
    check(gen_interleaved, seed, low, high)
    col = low.reshape(-1, 1)
    check(legacy_pair, seed, np.asfortranarray(col) if fortran else col, high)
    check(gen_pair, seed, low, high.reshape(-1, 1))
    check(gen_sized, seed, low, high, (3, n))


@settings(max_examples=40, deadline=None)
@given(seed=st.integers(0, 2**32 - 1),
       widths=st.lists(st.integers(1, 2**32 + 2), min_size=1, max_size=8))
def test_random_32bit_ranges(seed, widths):
    high = np.array(widths, dtype=np.int64)
    check(legacy_one, seed, high)
    check(gen_one, seed, high)
    check(gen_closed, seed, 0, high - 1)


# --- errors --------------------------------------------------------------------------------------


def err_legacy(low, high, size):
    np.random.seed(0)
    return np.random.randint(low, high, size)


def err_gen(low, high, size):
    return np.random.default_rng(0).integers(low, high, size)


def err_gen_closed(low, high, size):
    return np.random.default_rng(0).integers(low, high, size, endpoint=True)


def err_legacy_one(high):
    np.random.seed(0)
    return np.random.randint(high)


def err_gen_one(high):
    return np.random.default_rng(0).integers(high)


def _same_error(fn, *args):
    e = check(fn, *args, exact_exception=True)
    assert isinstance(e, Exception), e
    return str(e)


def test_errors_as_numpy():
    a = np.array([1, 2, 3])
    for fn in (err_legacy, err_gen):
        assert _same_error(fn, a, np.array([5, 2, 7]), None) == "low >= high"
        assert _same_error(fn, np.array([0, 0]), np.array([5, 0]), None) == "high <= 0"
        assert _same_error(fn, 0, np.array([5, -1]), None) == "high <= 0"
        assert _same_error(fn, a, I64_MIN, None) == "low >= high"
        _same_error(fn, np.array([I64_MIN]), I64_MIN, None)
        _same_error(fn, a, np.array([5, 6, 7, 8]), None)          # the ufunc's message
        _same_error(fn, a.reshape(3, 1), np.ones((2, 4), dtype=np.int64) * 9, None)
        _same_error(fn, a, 10, (2,))                              # shape mismatch, arg 2
        _same_error(fn, a, 10, (3, 2))
        _same_error(fn, a, 10, -1)                                # negative dimensions
        _same_error(fn, a, 10, (-2, -3))
        _same_error(fn, np.array([5, 2, 3]), 4, -1)               # bounds checked first
        _same_error(fn, np.array([5, 2, 3]), 4, (3,))
        check(fn, np.array([5, 2, 3]), 4, (0,))                   # no samples: no checks
        check(fn, a, np.array([5, 6, 7, 8]), (2, 0))
    assert _same_error(err_gen_closed, np.array([1, 4]), 3, None) == "low > high"
    assert _same_error(err_gen_closed, 0, np.array([3, -1]), None) == "high < 0"
    check(err_gen_closed, np.array([1, 3]), 3, None)
    for fn in (err_legacy_one, err_gen_one):
        assert _same_error(fn, np.array([3, 0, 2])) == "high <= 0"
        assert _same_error(fn, np.array([[3], [-4]])) == "high <= 0"


def failed_then_drawn(low):
    np.random.seed(5)
    rng = np.random.default_rng(5)
    x = rng.integers(0, 10)
    try:
        np.random.randint(low, 0)
    except ValueError:
        pass
    try:
        rng.integers(low, 0)
    except ValueError:
        pass
    return x, np.random.random(), rng.random(), rng.integers(0, 10)


def test_failed_call_draws_nothing():
    check(failed_then_drawn, np.array([1, 2, 3]))


def float_low(low):
    return np.random.randint(low, 10)


def float_high(high):
    return np.random.default_rng(0).integers(np.array([1, 2]), high)


def test_float_bounds_refused():
    for fn, arg in ((float_low, np.array([1.0, 2.0])), (float_high, 10.5),
                    (float_high, np.array([3.0, 4.0]))):
        with pytest.raises(oxjit.UnsupportedError, match="integer array"):
            oxjit.njit(fn)(arg)


def gen_endpoint_arg(seed, low, high, closed):
    rng = np.random.default_rng(seed)
    return rng.integers(low, high, endpoint=closed, dtype=np.int64), rng.random()


def empty_bounds(seed, low):
    np.random.seed(seed)
    rng = np.random.default_rng(seed)
    return np.random.randint(low, 5), rng.integers(low), rng.integers(-3, low), np.random.random()


def test_endpoint_variable_and_empty_bounds():
    low = np.array([[0, 4], [2, 9]])
    for closed in (False, True):
        check(gen_endpoint_arg, 3, low, 9, closed)
    check(empty_bounds, 3, np.zeros((0, 3), dtype=np.int64))


def walk_shorter_than_size(low):
    return np.random.default_rng(0).integers(low, 5, size=(1,))


def test_walk_shorter_than_size_refused():
    # NumPy reads past the bounds' data here; oxjit raises instead.
    with pytest.raises(ValueError, match="Output size \\(1,\\) is not compatible"):
        oxjit.njit(walk_shorter_than_size)(np.zeros(0, dtype=np.int64))


def legacy_scalar_sized(low, high, n):
    np.random.seed(0)
    return np.random.randint(low, high, size=n), np.random.random()


def legacy_scalar_one(high):
    np.random.seed(0)
    return np.random.randint(high)


def test_legacy_scalar_bounds_errors():
    # The scalar path gives NumPy's `format_bounds_error` too, and checks nothing without samples.
    assert _same_error(legacy_scalar_one, 0) == "high <= 0"
    assert _same_error(legacy_scalar_one, -3) == "high <= 0"
    assert _same_error(legacy_scalar_sized, 5, 5, 3) == "low >= high"
    assert _same_error(legacy_scalar_sized, 0, -1, (2, 2)) == "high <= 0"
    check(legacy_scalar_sized, 5, 5, 0)
    check(legacy_scalar_sized, 5, 2, (3, 0))

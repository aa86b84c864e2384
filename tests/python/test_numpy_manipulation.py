"""Array manipulation inside compiled functions (differential): ``tile`` (int ``reps``),
``repeat`` (int ``repeats``, ``axis=`` or flattened, also as a method), ``diff`` (``n=``,
``axis=``) and ``unique`` (sorted distinct elements, one NaN last as NumPy 2's
``equal_nan=True``), on every dtype, C/Fortran/strided/reversed inputs, NaN/inf and empty
inputs, and NumPy's errors (negative counts and orders).

Tolerance: none — copies are exact and ``diff`` computes one subtraction per element in the
array's dtype as NumPy does (integers wrap, bools use ``!=``).
"""
import numpy
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import oxjit
from diff import check

DTYPES = [np.float64, np.float32, np.int64, np.int32, np.uint8, np.bool_]


def tile_(a, r):
    return np.tile(a, r)


def repeat_(a, r):
    return np.repeat(a, r)


def repeat_axis(a, r, k):
    return np.repeat(a, r, axis=k)


def repeat_method(a, r):
    return a.repeat(r)


def diff_(a):
    return np.diff(a)


def diff_n(a, n):
    return np.diff(a, n)


def diff_axis(a, n, k):
    return np.diff(a, n=n, axis=k)


def unique_(a):
    return np.unique(a)


def _data(shape, dtype, seed=0):
    rng = np.random.RandomState(seed)
    return rng.randint(0, 5, size=shape).astype(dtype)


def _layouts(a):
    out = [a.copy(), np.asfortranarray(a)]
    if a.ndim == 1:
        big = np.zeros(2 * a.shape[0] + 1, dtype=a.dtype)
        big[1::2] = a
        out += [big[1::2], a[::-1].copy()[::-1]]
    else:
        big = np.zeros((2 * a.shape[0], 3 * a.shape[1]), dtype=a.dtype)
        big[::2, ::3] = a
        out += [big[::2, ::3], a.T.copy().T]
    return out


SHAPES = [(0,), (1,), (7,), (3, 4), (1, 5), (0, 3), (4, 0)]


@pytest.mark.parametrize("dtype", DTYPES, ids=lambda d: np.dtype(d).name)
@pytest.mark.parametrize("shape", SHAPES, ids=str)
def test_tile_repeat(dtype, shape):
    for a in _layouts(_data(shape, dtype)):
        for r in [0, 1, 3]:
            check(tile_, a, r)
            check(repeat_, a, r)
            check(repeat_method, a, r)
            for k in range(-a.ndim, a.ndim):
                check(repeat_axis, a, r, k)


@pytest.mark.parametrize("dtype", DTYPES, ids=lambda d: np.dtype(d).name)
@pytest.mark.parametrize("shape", SHAPES, ids=str)
def test_diff(dtype, shape):
    for a in _layouts(_data(shape, dtype)):
        check(diff_, a)
        for n in [0, 1, 2, 5]:
            check(diff_n, a, n)
            for k in range(-a.ndim, a.ndim):
                check(diff_axis, a, n, k)


@pytest.mark.parametrize("dtype", DTYPES, ids=lambda d: np.dtype(d).name)
@pytest.mark.parametrize("shape", SHAPES, ids=str)
def test_unique(dtype, shape):
    for a in _layouts(_data(shape, dtype)):
        check(unique_, a)


def test_special_values():
    x = np.array([3.0, np.nan, -np.inf, np.inf, np.nan, 1.0, 3.0])
    check(unique_, x)
    check(unique_, x.astype(np.float32))
    check(diff_, x)
    check(tile_, x, 2)
    check(repeat_, x, 2)
    check(diff_, np.array([0, 255, 1], dtype=np.uint8))       # wraps
    check(diff_, np.array([-2**63, 2**63 - 1], dtype=np.int64))
    check(diff_, np.array([True, False, False, True]))        # !=


def test_errors_match_numpy():
    a = np.arange(4.0)
    check(tile_, a, -1)
    check(repeat_, a, -1)
    check(diff_n, a, -1)


@settings(max_examples=60, deadline=None)
@given(a=hnp.arrays(np.int64, hnp.array_shapes(min_dims=1, max_dims=2, max_side=6),
                    elements=st.integers(-5, 5)),
       r=st.integers(0, 4), n=st.integers(0, 3))
def test_random(a, r, n):
    check(tile_, a, r)
    check(repeat_, a, r)
    check(diff_n, a, n)
    check(unique_, a)
    check(unique_, a.astype(np.float64))


def tile_tuple(a):
    return np.tile(a, (2, 2))


def diff_3d(a):
    return np.diff(a)


@pytest.mark.parametrize("fn, arg", [
    (tile_tuple, np.arange(3.0)),
    (diff_3d, np.zeros((2, 2, 2))),
])
def test_unsupported_forms_raise_unsupported_error(fn, arg):
    with pytest.raises(oxjit.UnsupportedError, match=r"-->.*:\d+:\d+"):
        oxjit.njit(fn)(arg)


def triu_(m, k):
    return np.triu(m, k)


def tril_(m, k):
    return np.tril(m, k=k)


def triu_default(m):
    return np.triu(m), np.tril(m)


@pytest.mark.parametrize("dtype", DTYPES, ids=lambda d: np.dtype(d).name)
@pytest.mark.parametrize("shape", [(3, 4), (4, 3), (1, 5), (0, 3), (3, 3)], ids=str)
def test_triu_tril(dtype, shape):
    for a in _layouts(_data(shape, dtype) + (1 if dtype != np.bool_ else 0)):
        check(triu_default, a)
        for k in [-5, -1, 0, 1, 2, 9]:
            check(triu_, a, k)
            check(tril_, a, k)


def test_triu_tril_nan_inf():
    a = np.array([[np.nan, 1.0], [np.inf, -np.inf]])
    check(triu_default, a)


def triu_1d(a):
    return np.triu(a)


def test_triu_of_a_vector_is_unsupported():
    with pytest.raises(oxjit.UnsupportedError, match=r"-->.*:\d+:\d+"):
        oxjit.njit(triu_1d)(np.arange(3.0))


@pytest.mark.parametrize("dtype", [np.float64, np.float32, np.int64, np.int32, np.uint8, np.bool_],
                         ids=lambda d: np.dtype(d).name)
def test_unique_long_inputs(dtype):
    # Long enough for the radix-sorted path (2**14 elements and more).
    rng = np.random.RandomState(3)
    a = (rng.normal(size=(200, 150)) * 1000).astype(dtype)
    if np.dtype(dtype).kind == "f":
        a[::7, ::3] = np.nan
        a[1::11] = -0.0
        a[2::13] = np.inf
        a[3::17] = -np.inf
    if np.dtype(dtype).kind == "i":
        a[::5] = np.iinfo(dtype).min
        a[1::5] = np.iinfo(dtype).max
    for x in _layouts(a) + [a.ravel(), a.ravel()[::-3]]:
        check(unique_, x)


def test_unique_signed_zeros():
    # -0.0 and 0.0 are one value; NumPy keeps the zero met first (short inputs).
    for a in [[0.0, -0.0], [-0.0, 0.0], [1.0, 0.0, -0.0, np.nan], [2.0, -0.0, 0.0, 0.0]]:
        x = np.array(a)
        got = oxjit.njit(unique_)(x)
        want = np.unique(x)
        np.testing.assert_array_equal(got, want)
        assert np.array_equal(np.signbit(got), np.signbit(want))

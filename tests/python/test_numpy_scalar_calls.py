"""`numpy.float32(x)`, `numpy.int64(x)`, … inside compiled code, against NumPy: the value after
the cast, the arithmetic that follows in the scalar's type, and the errors of bad casts."""
import math

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

import oxjit
from oxjit import njit


def _py(v):
    """A NumPy scalar as oxjit returns it (a Python number)."""
    if isinstance(v, tuple):
        return tuple(_py(x) for x in v)
    return v.item() if isinstance(v, np.generic) else v


def casts(x):
    return np.float64(x), np.float32(x), np.bool_(x)


def float32_arithmetic(x):
    y = np.float32(x)
    return y * np.float32(3.0) + y, y / np.float32(7.0), y * 2


def int_casts(x):
    return np.int64(x), np.uint64(abs(x))


finite = st.floats(-1e12, 1e12, allow_nan=False)


@settings(max_examples=200, deadline=None)
@given(finite)
def test_float_casts(x):
    assert njit(casts)(x) == _py(casts(x))
    got, want = njit(float32_arithmetic)(x), _py(float32_arithmetic(x))
    assert got == want or all(math.isnan(g) and math.isnan(w) for g, w in zip(got, want))
    assert njit(int_casts)(x) == _py(int_casts(x))


@settings(max_examples=100, deadline=None)
@given(st.integers(-(2**62), 2**62))
def test_int_arguments(n):
    assert njit(casts)(n) == _py(casts(n))
    assert njit(int_casts)(n) == _py(int_casts(n))


def test_no_argument_is_zero():
    def f():
        return np.float64(), np.float32(), np.int64(), np.bool_()
    assert njit(f)() == _py(f())


@pytest.mark.parametrize("x", [math.nan, math.inf, -math.inf])
def test_bad_float_to_int_raises_as_numpy(x):
    def f(v):
        return np.int64(v)
    with pytest.raises(Exception) as want:
        f(x)
    with pytest.raises(Exception) as got:
        njit(f)(x)
    assert (type(got.value), str(got.value)) == (type(want.value), str(want.value))


def test_narrow_integer_scalars_are_refused_with_the_line():
    def f(x):
        return np.int8(x)
    with pytest.raises(oxjit.UnsupportedError, match=r"`numpy.int8` scalars are not supported") as e:
        njit(f)(3)
    assert "test_numpy_scalar_calls.py:" in str(e.value)


def test_arrays_are_refused():
    def f(a):
        return np.float32(a)
    with pytest.raises(oxjit.UnsupportedError, match="astype"):
        njit(f)(np.arange(3.0))

"""`fastmath=True` (docs/fastmath.md): float powers by small integral constants become
multiplications and `x ** 0.5` becomes `sqrt`, within a few ulps of CPython/NumPy; errors stay
those of CPython (overflow, negative base through `pow`); without fastmath the code still calls
`pow` (bit-equal to CPython).
"""
import math

import numpy
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import oxjit


def powers(x):
    return x ** 3, x ** 6.0, x ** 12, x ** 16


def root(x):
    return x ** 0.5


def array_powers(a):
    return a ** 3, a ** -2, a ** 7.0


def lj(r):
    return 4.0 * ((1.0 / r) ** 12 - (1.0 / r) ** 6)


FAST = {f: oxjit.njit(fastmath=True)(f) for f in (powers, root, array_powers, lj)}


@settings(max_examples=200, deadline=None)
@given(st.floats(min_value=-50.0, max_value=50.0, allow_nan=False))
def test_scalar_powers_are_close(x):
    for got, want in zip(FAST[powers](x), powers(x)):
        assert got == pytest.approx(want, rel=1e-14, abs=0.0)


@settings(max_examples=200, deadline=None)
@given(st.floats(min_value=0.0, allow_nan=False))
def test_square_root_is_exact(x):
    assert FAST[root](x) == math.sqrt(x)


def test_special_values():
    assert math.isnan(FAST[root](float("nan")))
    assert FAST[root](float("inf")) == math.inf
    assert FAST[root](float("-inf")) == math.inf  # through pow, as CPython
    with pytest.raises(OverflowError):
        FAST[powers](1e30)


def test_arrays_close_to_numpy():
    a = numpy.linspace(0.1, 3.0, 101)
    for got, want in zip(FAST[array_powers](a), array_powers(a)):
        numpy.testing.assert_allclose(got, want, rtol=1e-14)


def test_no_pow_call_with_fastmath_only():
    FAST[lj](1.5)
    assert not [c for c in FAST[lj]._runtime_calls()[0] if "pow" in c]
    strict = oxjit.njit(lj)
    strict(1.5)
    assert [c for c in strict._runtime_calls()[0] if "pow" in c]
    assert FAST[lj](1.5) == pytest.approx(lj(1.5), rel=1e-14)

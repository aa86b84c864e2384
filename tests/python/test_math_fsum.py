"""`math.fsum` of 1-D arrays: CPython's exactly rounded sum (values bit for bit), its
special values (`inf`, `nan`) and errors (`-inf + inf`, intermediate overflow), on contiguous
and strided arrays of float and int dtypes — CPython vs oxjit."""
import math

import numpy
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import oxjit
from diff import check


def fsum(a):
    return math.fsum(a)


def fsum_in_loop(a, n):
    t = 0.0
    for i in range(n):
        t += math.fsum(a[i:])
    return t


CASES = [
    [0.1] * 10,
    [1e100, 1.0, -1e100, 1e-100, 1e50, -1.0, -1e50],
    [2.0 ** 53, -0.5, -2.0 ** -54],
    [],
    [1.0, math.inf, 2.0],
    [math.nan, 1.0],
    [math.inf, -math.inf],
    [1e308, 1e308],
    [-0.0],
    [1e308, 1e308, -math.inf],
]


@pytest.mark.parametrize("values", CASES)
def test_special_cases(values):
    check(fsum, numpy.array(values, dtype=numpy.float64), exact_exception=True)


def test_dtypes_and_layouts():
    for dt in (numpy.float64, numpy.float32, numpy.int64, numpy.int32, numpy.uint8, numpy.bool_):
        a = (numpy.arange(30) * 7 % 11).astype(dt)
        check(fsum, a)
        check(fsum, a[::3])
        check(fsum, a[::-2])
    check(fsum_in_loop, numpy.linspace(0.0, 1.0, 17), 9)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.floats(allow_nan=True, allow_infinity=True), max_size=40))
def test_matches_cpython(values):
    check(fsum, numpy.array(values, dtype=numpy.float64), exact_exception=True)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.floats(min_value=-1e300, max_value=1e300), max_size=40))
def test_cancellation_matches_cpython(values):
    values = values + [-v for v in values[::2]]
    check(fsum, numpy.array(values, dtype=numpy.float64), exact_exception=True)


def test_refused_clearly():
    with pytest.raises(oxjit.UnsupportedError, match="2-D array"):
        oxjit.njit(fsum)(numpy.ones((2, 2)))

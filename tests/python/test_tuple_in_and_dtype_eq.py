"""`x in (a, b, ...)` of numbers (Python's `==` item by item) and `a.dtype == numpy.float32`
(known when compiling), differential against CPython."""
import numpy
import pytest
from hypothesis import given, settings, strategies as st

import oxjit
from diff import check


def pascal(n):
    a = numpy.zeros((n, n), dtype=numpy.int64)
    for i in range(n):
        for j in range(i + 1):
            a[i, j] = 1 if j in (0, i) else a[i - 1, j - 1] + a[i - 1, j]
    return a


def membership(x, y):
    return x in (1, 2.5, y), x not in (0, -1), True in (0, 1), x in (), (x + 0.5) in (1.5, y)


def dtype_tests(a):
    r = 0
    if a.dtype == numpy.float32:
        r += 1
    if a.dtype != numpy.float64:
        r += 10
    return r, a.astype(numpy.int32).dtype == numpy.int32, a.dtype == a.dtype


def str_in_tuple(s):
    return s in ("a", "b")


def test_pascal_triangle():
    check(pascal, 7)


@settings(max_examples=60, deadline=None)
@given(st.integers(-3, 3), st.one_of(st.integers(-3, 3), st.floats(allow_nan=True)))
def test_membership(x, y):
    check(membership, x, y)


def test_membership_floats():
    check(membership, 2.5, 1.0)
    check(membership, 1.0, float("nan"))


def test_dtype_equality():
    for dt in (numpy.float32, numpy.float64, numpy.int64):
        check(dtype_tests, numpy.arange(3, dtype=dt))


def test_strings_in_a_tuple_are_refused_clearly():
    with pytest.raises(oxjit.UnsupportedError, match="tuple"):
        oxjit.njit(str_in_tuple)("a")

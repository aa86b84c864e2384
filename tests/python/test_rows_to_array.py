"""`numpy.array(rows)` / `numpy.asarray(rows)` of a list of equal-length lists of numbers, built
in compiled code or passed in: a new C-contiguous 2-D array (differential against NumPy,
through ``diff.py``); rows of different lengths raise NumPy's `ValueError`."""
import numpy
from hypothesis import given, settings, strategies as st

import oxjit
from diff import check


def grid(n, k, scale):
    rows = []
    for i in range(n):
        r = []
        for j in range(k):
            r.append(i * scale + j)
        rows.append(r)
    return numpy.array(rows), numpy.asarray(rows, dtype=numpy.float32)


def convert(rows):
    a = numpy.array(rows)
    return a, a.shape, a.sum()


def convert_float(rows):
    return numpy.array(rows, dtype=numpy.float64)


def flags(rows):
    return numpy.array([[x > 0 for x in r] for r in rows])


def test_rows_built_in_compiled_code():
    check(grid, 3, 2, 10)
    check(grid, 1, 1, 10)
    # Rows of no items: the list's element type (int64 here, as for an empty list of ints;
    # NumPy gives float64), shape (1, 0) as NumPy.
    empty = oxjit.njit(grid)(1, 0, 10)[0]
    assert empty.shape == (1, 0) and empty.dtype == numpy.int64
    check(grid, 4, 3, 0.5)


def test_rows_passed_in():
    check(convert, [[1, 2, 3], [4, 5, 6]])
    check(convert, [[1.5], [2.5]])
    check(convert_float, [[1, 2], [3, 4]])
    check(flags, [[1, -1], [0, 2]])


def test_ragged_rows_raise_value_error():
    check(convert, [[1, 2], [3]], exact_exception=True)
    check(convert, [[1], [2, 3]], exact_exception=True)


@settings(max_examples=50, deadline=None)
@given(st.integers(1, 6).flatmap(lambda k: st.lists(
    st.lists(st.floats(allow_nan=True, width=64), min_size=k, max_size=k), min_size=1, max_size=8)))
def test_rows_any_values(rows):
    check(convert, rows)

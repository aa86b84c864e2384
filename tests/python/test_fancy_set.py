"""`a[idx] = v` with an integer index array: scalars and broadcast arrays, 1-D and 2-D targets
in every layout, negative, repeated and out-of-bounds indices, and a source sharing the
target's memory — CPython + NumPy vs oxjit, the arrays after the call included.
"""
import numpy
import pytest

from diff import check

hypothesis = pytest.importorskip("hypothesis")
from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402


def set_items(a, idx, v):
    a[idx] = v
    return a


def set_from_self(a, idx):
    a[idx] = a[: idx.shape[0]][::-1] * 2
    return a


def set_in_loop(a, idx):
    for k in range(3):
        a[idx] = k + 0.5
    return a.sum()


def layouts(base):
    return [base, numpy.asfortranarray(base), base[::-1], base[::2] if base.ndim == 1 else base[:, ::-1]]


@pytest.mark.parametrize("v", [2.5, -1.0, 7])
def test_scalar_into_1d_every_layout(v):
    for a in layouts(numpy.arange(10.0)):
        check(set_items, a.copy() if a.base is None else a, numpy.array([0, -1, 3, 3]), v)


def test_arrays_and_broadcast_into_2d():
    base = numpy.arange(12.0).reshape(4, 3)
    idx = numpy.array([2, 0, -1])
    for a in layouts(base):
        check(set_items, a, idx, numpy.array([1.0, 2.0, 3.0]))           # one row for all
        check(set_items, a, idx, numpy.arange(9.0).reshape(3, 3))        # one row each
        check(set_items, a, idx, numpy.array([[1.0], [2.0], [3.0]]))     # one value per row
        check(set_items, a, idx, 9)
    check(set_items, base, idx, numpy.arange(6.0).reshape(3, 2))         # wrong shape: ValueError


def test_2d_index_array_and_int_dtypes():
    a = numpy.arange(10, dtype=numpy.int32)
    check(set_items, a, numpy.array([[1, 2], [3, 4]]), numpy.array([[7, 8], [9, 10]], numpy.int32))
    check(set_items, a, numpy.array([1, 2], dtype=numpy.uint8), 5)
    check(set_items, numpy.zeros(5, numpy.uint8), numpy.array([1, 2]), -1, exact_exception=True)


def test_out_of_bounds_and_empty():
    check(set_items, numpy.zeros(4), numpy.array([1, 4]), 1.0)
    check(set_items, numpy.zeros(4), numpy.array([1, -5]), 1.0)
    check(set_items, numpy.zeros(4), numpy.array([], dtype=numpy.int64), 1.0)
    check(set_items, numpy.zeros(0), numpy.array([], dtype=numpy.int64), 1.0)


def test_source_sharing_the_target():
    check(set_from_self, numpy.arange(8.0), numpy.array([1, 2, 3, 0]))
    check(set_from_self, numpy.arange(12.0).reshape(4, 3), numpy.array([3, 1]))


def test_in_a_loop():
    check(set_in_loop, numpy.zeros(6), numpy.array([5, 0, 2]))


@settings(max_examples=60, deadline=None)
@given(
    n=st.integers(1, 12),
    idx=st.lists(st.integers(-14, 13), max_size=8),
    vals=st.lists(st.floats(-1e3, 1e3), min_size=1, max_size=1) | st.just([]),
)
def test_hypothesis_1d(n, idx, vals):
    a = numpy.arange(float(n))
    i = numpy.array(idx, dtype=numpy.int64)
    v = numpy.array(vals * len(idx)) if vals else 1.5
    check(set_items, a, i, v)

"""`numpy.put(a, ind, v)` and `a.put(ind, v)`: flat C-order positions in every layout, `v`
cycled, negative and out-of-bounds indices, empty `v` and empty
`a`, Python ints that do not fit the dtype, values sharing `a`'s memory — CPython + NumPy vs
oxjit, the arrays after the call included.
"""
import numpy
import pytest

from diff import check

hypothesis = pytest.importorskip("hypothesis")
from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402


def put_list(a):
    numpy.put(a, [-1, 0, 4], [7, 8])
    return a


def put_args(a, ind, v):
    numpy.put(a, ind, v)
    return a


def put_method(a, ind, v):
    a.put(ind, v)
    return a


def put_self(a, ind):
    numpy.put(a, ind, a[::-1])
    return a


def layouts(base):
    out = [base, numpy.asfortranarray(base), base[::-1]]
    if base.ndim >= 2:
        out.append(base[:, ::-1])
    return out


MATRIX = numpy.zeros((3, 4))


def test_list_display():
    for a in layouts(MATRIX):
        check(put_list, a)


@pytest.mark.parametrize("fn", [put_args, put_method])
@pytest.mark.parametrize(
    "ind,v",
    [
        (numpy.array([0, 5, -2]), numpy.array([1.5, -2.0, 3.0])),
        (numpy.array([[1, 2], [3, 11]]), numpy.array([9.0, 8.0])),
        (numpy.array([2, 2, 2], dtype=numpy.int32), numpy.arange(3.0)),
        (3, 4.5),
        (numpy.array([1, 3]), 7),
        (numpy.array([0, 12]), numpy.array([1.0])),       # out of bounds after a write
        (numpy.array([0, -13]), 1.0),
        (numpy.array([0, 99]), numpy.zeros(0)),           # empty v: nothing, no check
        (numpy.array([], dtype=numpy.int64), numpy.array([1.0])),
        (numpy.array([1, 2]), numpy.arange(6.0).reshape(2, 3)),
    ],
)
def test_put(fn, ind, v):
    for a in layouts(MATRIX):
        check(fn, a, ind, v, exact_exception=True)


def test_dtypes_and_empty():
    check(put_args, numpy.zeros(3, numpy.uint8), numpy.array([0]), -1, exact_exception=True)
    check(put_args, numpy.zeros(3, numpy.int64), numpy.array([0, 1]), numpy.array([2.7, -1.5]))
    check(put_args, numpy.zeros(3, numpy.int16), 1, 300)
    check(put_args, numpy.zeros(0), numpy.array([0]), numpy.array([1.0]), exact_exception=True)
    check(put_args, numpy.zeros(4, numpy.bool_), numpy.array([1, 3]), 1)


def test_values_sharing_memory():
    check(put_self, numpy.arange(6.0), numpy.array([0, 1, 2]))


def test_read_only_raises():
    a = numpy.zeros(3)
    a.flags.writeable = False
    check(put_args, a, 0, 1.0)


@settings(max_examples=50, deadline=None)
@given(n=st.integers(1, 8), ind=st.lists(st.integers(-9, 8), max_size=6),
       v=st.lists(st.floats(-5, 5), max_size=4))
def test_hypothesis(n, ind, v):
    check(put_args, numpy.zeros(n), numpy.array(ind, dtype=numpy.int64), numpy.array(v))

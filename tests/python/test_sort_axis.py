"""`numpy.sort`, `numpy.argsort` and `a.sort()` with `axis=` (every axis, negative, `None`)
and `kind=` on 1-D, 2-D and 3-D arrays of several dtypes in every layout, NaNs and ties
included — CPython + NumPy vs oxjit, the arrays after the call included. `argsort` is
compared with `kind="stable"` (NumPy's other kinds may order ties differently).
"""
import numpy
import pytest

from diff import check

hypothesis = pytest.importorskip("hypothesis")
from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402
from hypothesis.extra import numpy as hnp  # noqa: E402


def sort0(a):
    return numpy.sort(a, axis=0)


def sort1(a):
    return numpy.sort(a, axis=1)


def sort_last(a):
    return numpy.sort(a, -1)


def sort_none(a):
    return numpy.sort(a, axis=None)


def sort_kinds(a):
    return (
        numpy.sort(a, kind="quicksort"),
        numpy.sort(a, axis=0, kind="mergesort"),
        numpy.sort(a, kind="heapsort"),
        numpy.sort(a, kind="stable"),
    )


def argsort0(a):
    return numpy.argsort(a, axis=0, kind="stable")


def argsort1(a):
    return numpy.argsort(a, axis=1, kind="stable")


def argsort_none(a):
    return numpy.argsort(a, axis=None, kind="stable")


def argsort_method(a):
    return a.argsort(axis=0, kind="stable")


def method_sort0(a):
    a.sort(axis=0)
    return a


def method_sort_neg(a):
    a.sort(-2, kind="stable")
    return a


def method_sort_default(a):
    a.sort()
    return a


def layouts(base):
    out = [base, numpy.asfortranarray(base), base[::-1]]
    if base.ndim >= 2:
        out.append(base[:, ::-1])
    return out


MATRIX = numpy.array([[3.0, 1.0, 2.0, 1.0], [numpy.nan, -1.0, 2.0, 0.0], [0.5, 1.0, 0.25, 0.0]])
CUBE = numpy.random.default_rng(1).integers(0, 4, size=(3, 4, 5)).astype(numpy.float64)
INTS = numpy.array([[5, 1, 5], [2, 2, 9], [0, 7, 1], [5, 5, 5]], dtype=numpy.int32)


@pytest.mark.parametrize(
    "fn",
    [sort0, sort1, sort_last, sort_none, sort_kinds, argsort0, argsort1, argsort_none,
     argsort_method, method_sort0, method_sort_neg, method_sort_default],
)
@pytest.mark.parametrize("base", [MATRIX, CUBE, INTS], ids=["matrix", "cube", "ints"])
def test_axes_and_layouts(fn, base):
    for a in layouts(base):
        check(fn, a)


@pytest.mark.parametrize("fn", [sort0, sort_none, argsort0, argsort_none, method_sort0])
def test_1d_and_empty(fn):
    check(fn, numpy.array([3.0, numpy.nan, -1.0, 3.0]))
    check(fn, numpy.zeros(0))
    check(sort1, numpy.zeros((2, 0)))
    check(argsort1, numpy.zeros((0, 3)))


def test_read_only_argument_raises():
    a = numpy.arange(4.0)
    a.flags.writeable = False
    check(method_sort0, a)


@settings(max_examples=50, deadline=None)
@given(hnp.arrays(numpy.int64, hnp.array_shapes(min_dims=2, max_dims=3, max_side=5),
                  elements=st.integers(-3, 3)))
def test_hypothesis(a):
    for fn in (sort0, sort1, argsort0, argsort1, sort_none, argsort_none, method_sort0):
        check(fn, a)

"""`numpy.ndindex`, `numpy.ndenumerate`, `a.flat` as `for` loop iterables, and arrays indexed
by a tuple of ints (`a[idx]`, `a[idx] = x`) — CPython + NumPy vs oxjit: the items in C order,
every layout, empty and 0-length shapes, `break`/`continue`/`else`, and NumPy's errors.
"""
import numpy
import pytest

from diff import check

hypothesis = pytest.importorskip("hypothesis")
from hypothesis import given, settings  # noqa: E402
from hypothesis.extra import numpy as hnp  # noqa: E402


def ndindex_items(n, m):
    out = []
    for idx in numpy.ndindex(n, m):
        out.append(idx)
    return out


def ndindex_tuple(a):
    total = 0.0
    for idx in numpy.ndindex(a.shape):
        total = total * 0.5 + a[idx]
    return total


def ndindex_int(n):
    out = []
    for (i,) in numpy.ndindex(n):
        out.append(i * 10)
    return out


def ndindex_set(a):
    for idx in numpy.ndindex(a.shape):
        a[idx] = idx[0] - 2 * idx[-1]
    return a


def ndenumerate_items(a):
    out = []
    for idx, x in numpy.ndenumerate(a):
        out.append((idx, x))
    return out


def ndenumerate_weighted(a):
    total = 0.0
    for (i, j), x in numpy.ndenumerate(a):
        if x < 0:
            continue
        if i > 5:
            break
        total += (i + 1) * (j + 2) * x
    else:
        total = -total
    return total


def flat_items(a):
    out = []
    for x in a.flat:
        out.append(x)
    return out


def flat_sum(a):
    s = 0.0
    for x in a.flat:
        s = s * 3 + x
    return s


def tuple_index(a, t):
    return a[t]


def layouts(base):
    out = [base, numpy.asfortranarray(base), base[::-1]]
    if base.ndim >= 2:
        out.append(base[:, ::-2])
    return out


MATRIX = numpy.arange(12.0).reshape(3, 4) - 4
CUBE = numpy.arange(24, dtype=numpy.int64).reshape(2, 3, 4)


@pytest.mark.parametrize("n,m", [(2, 3), (0, 3), (3, 0), (1, 1), (-1, 2)])
def test_ndindex_args(n, m):
    check(ndindex_items, n, m, exact_exception=True)


def test_ndindex_int_and_tuple():
    check(ndindex_int, 4)
    check(ndindex_int, 0)
    for a in layouts(MATRIX) + layouts(CUBE):
        check(ndindex_tuple, a)
        check(ndindex_set, a.copy())


@pytest.mark.parametrize("fn", [ndenumerate_items, ndenumerate_weighted, flat_items, flat_sum])
def test_ndenumerate_and_flat(fn):
    bases = [MATRIX, CUBE.astype(numpy.float64)] if fn is not ndenumerate_weighted else [MATRIX]
    for base in bases:
        for a in layouts(base):
            check(fn, a)
    if fn is not ndenumerate_weighted:
        check(fn, numpy.arange(5.0))
        check(fn, numpy.zeros((0, 3)))


def test_tuple_index():
    check(tuple_index, CUBE, (1, 2, 3))
    check(tuple_index, CUBE, (1, -1))
    check(tuple_index, CUBE, (0, 5), exact_exception=True)


@settings(max_examples=40, deadline=None)
@given(hnp.arrays(numpy.float64, hnp.array_shapes(min_dims=1, max_dims=3, min_side=0, max_side=4),
                  elements=hnp.from_dtype(numpy.dtype(numpy.float64), allow_nan=False,
                                          allow_infinity=False, min_value=-10, max_value=10)))
def test_hypothesis(a):
    check(flat_items, a)
    check(ndenumerate_items, a)
    check(ndindex_tuple, a)

"""One integer index array among integers, slices and `None` (`a[:, idx]`, `a[0, :, idx]`,
`a[idx, 1:]` ...), read and written: NumPy's placement of the index array's axes (in place
when the advanced indices are adjacent, first otherwise), negative and out-of-bounds
indices, every layout — CPython + NumPy vs oxjit, the arrays after the call included.
"""
import numpy
import pytest

from diff import check

hypothesis = pytest.importorskip("hypothesis")
from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402


def cols(a, i):
    return a[:, i]


def rows_tail(a, i):
    return a[i, 1:]


def int_then_array(a, i):
    return a[1, i]


def newaxis_reversed(a, i):
    return a[None, i, ::-1]


def separated(a, i):
    return a[0, :, i]


def adjacent_int_after(a, i):
    return a[:, i, 1]


def adjacent_int_before(a, i):
    return a[:, 0, i]


def first_then_int(a, i):
    return a[i, :, 0]


def set_cols(a, i, v):
    a[:, i] = v
    return a


def set_separated(a, i, v):
    a[0, :, i] = v
    return a


def set_rows_tail(a, i, v):
    a[i, 1:] = v
    return a


def sum_cols(a, i):
    total = 0.0
    for k in range(3):
        total += a[:, i].sum() * k
    return total


def layouts(base):
    out = [base, numpy.asfortranarray(base)]
    out.append(base[..., ::-1])
    return out


MATRIX = numpy.arange(20.0).reshape(4, 5)
CUBE = numpy.arange(60.0).reshape(3, 4, 5)

READS_2D = [cols, rows_tail, int_then_array, newaxis_reversed]
READS_3D = [separated, adjacent_int_after, adjacent_int_before, first_then_int, cols]


@pytest.mark.parametrize("fn", READS_2D)
@pytest.mark.parametrize("idx", [[0], [3, -1, 0, 3], [[1, 2], [0, -2]], []])
def test_reads_2d(fn, idx):
    for a in layouts(MATRIX):
        check(fn, a, numpy.array(idx, dtype=numpy.int64))


@pytest.mark.parametrize("fn", READS_3D)
@pytest.mark.parametrize("idx", [[2], [1, -1, 0], [[1, 2], [0, 0]]])
def test_reads_3d(fn, idx):
    for a in layouts(CUBE):
        check(fn, a, numpy.array(idx, dtype=numpy.int32))


@pytest.mark.parametrize("fn", READS_2D + READS_3D)
def test_out_of_bounds(fn):
    a = CUBE if fn in READS_3D else MATRIX
    check(fn, a, numpy.array([0, 9]), exact_exception=True)
    check(fn, a, numpy.array([-9]), exact_exception=True)


def test_writes():
    i = numpy.array([4, 0, -2])
    for a in layouts(MATRIX):
        check(set_cols, a, i, 7.5)
        check(set_cols, a, i, numpy.array([1.0, 2.0, 3.0]))
        check(set_cols, a, i, numpy.arange(12.0).reshape(4, 3))
        check(set_cols, a, i, numpy.arange(6.0).reshape(2, 3))  # does not broadcast
        check(set_cols, a, numpy.array([1, 7]), 1.0)             # nothing written
        check(set_rows_tail, a, numpy.array([1, -1]), numpy.arange(4.0))
    for a in layouts(CUBE):
        check(set_separated, a, numpy.array([1, 3]), numpy.arange(8.0).reshape(2, 4))


def test_source_sharing_the_target():
    check(set_cols, MATRIX.copy(), numpy.array([0, 1]), MATRIX[:, 3:1:-1])


def test_in_a_loop():
    check(sum_cols, MATRIX, numpy.array([1, 3]))


@settings(max_examples=60, deadline=None)
@given(
    rows=st.integers(1, 5),
    ncols=st.integers(1, 6),
    idx=st.lists(st.integers(-7, 6), max_size=6),
)
def test_hypothesis_columns(rows, ncols, idx):
    a = numpy.arange(float(rows * ncols)).reshape(rows, ncols)
    i = numpy.array(idx, dtype=numpy.int64)
    check(cols, a, i)
    check(set_cols, a, i, -1.0)

"""Two or more integer index arrays (`a[rows, cols]`, `a[i, :, j]`, `a[:, i, j]`,
`a[i, 1, j]`), read and written: the index arrays broadcast together (a mismatch is NumPy's
`IndexError`), NumPy's placement of the broadcast axes (in place when the advanced indices
are adjacent, first otherwise), negative and out-of-bounds indices, every layout — CPython +
NumPy vs oxjit, the arrays after the call included.
"""
import numpy
import pytest

from diff import check

hypothesis = pytest.importorskip("hypothesis")
from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402


def pairs(a, i, j):
    return a[i, j]


def pairs_then_slice(a, i, j):
    return a[i, j, 1:]


def slice_then_pairs(a, i, j):
    return a[:, i, j]


def separated(a, i, j):
    return a[i, :, j]


def with_int(a, i, j):
    return a[i, 1, j]


def with_newaxis(a, i, j):
    return a[None, i, j]


def set_pairs(a, i, j, v):
    a[i, j] = v
    return a


def set_separated(a, i, j, v):
    a[i, :, j] = v
    return a


def diagonal_sum(a, i):
    total = 0.0
    for k in range(3):
        total += a[i, i].sum() + k
    return total


def layouts(base):
    return [base, numpy.asfortranarray(base), base[..., ::-1]]


MATRIX = numpy.arange(20.0).reshape(4, 5)
CUBE = numpy.arange(60.0).reshape(3, 4, 5)
I64 = numpy.int64


@pytest.mark.parametrize("i, j", [
    ([0], [4]),
    ([3, -1, 0], [1, 2, -5]),
    ([[1, 2], [0, -2]], [[0, 1], [4, 3]]),
    ([1, 2, 3], [2]),            # broadcast: one against three
    ([[0], [3]], [1, 2, 4]),     # (2, 1) against (3,)
    ([], []),
])
def test_reads_2d(i, j):
    for a in layouts(MATRIX):
        check(pairs, a, numpy.array(i, dtype=I64), numpy.array(j, dtype=I64))
        check(with_newaxis, a, numpy.array(i, dtype=I64), numpy.array(j, dtype=numpy.int32))


@pytest.mark.parametrize("fn", [pairs, pairs_then_slice, slice_then_pairs, separated, with_int])
@pytest.mark.parametrize("i, j", [([2], [1]), ([0, -1, 1], [1, 0, 3]), ([[1], [2]], [0, 3])])
def test_reads_3d(fn, i, j):
    for a in layouts(CUBE):
        # Each pair indexes the axes its function gives it: keep every index in range of 3.
        check(fn, a, numpy.array(i, dtype=I64), numpy.array(j, dtype=I64) % 3)


@pytest.mark.parametrize("fn", [pairs, separated, with_int, slice_then_pairs])
def test_errors(fn):
    a = CUBE
    check(fn, a, numpy.array([0, 1]), numpy.array([0, 1, 2]))       # shapes do not broadcast
    check(fn, a, numpy.array([0, 9]), numpy.array([0, 1]), exact_exception=True)
    check(fn, a, numpy.array([0, 1]), numpy.array([-9, 0]), exact_exception=True)


def test_shape_mismatch_is_an_index_error():
    check(pairs, MATRIX, numpy.array([0, 1]), numpy.array([0, 1, 2]))
    try:
        MATRIX[numpy.array([0, 1]), numpy.array([0, 1, 2])]
    except IndexError as e:
        assert "shape mismatch" in str(e)


def test_writes():
    i, j = numpy.array([3, 0, -1]), numpy.array([4, 0, 1])
    for a in layouts(MATRIX):
        check(set_pairs, a, i, j, 7.5)
        check(set_pairs, a, i, j, numpy.array([1.0, 2.0, 3.0]))
        check(set_pairs, a, i, j, numpy.arange(2.0))          # does not broadcast
        check(set_pairs, a, i, numpy.array([9, 0, 0]), 1.0)  # nothing written
        check(set_pairs, a, numpy.array([[0], [1]]), j, numpy.arange(6.0).reshape(2, 3))
        check(set_pairs, a, numpy.array([1, 1]), numpy.array([2, 2]), numpy.array([5.0, 6.0]))
    for a in layouts(CUBE):
        check(set_separated, a, numpy.array([1, 2]), numpy.array([4, 0]),
              numpy.arange(8.0).reshape(2, 4))


def test_int_arrays_of_other_dtypes():
    a = numpy.arange(12, dtype=numpy.int32).reshape(3, 4)
    check(pairs, a, numpy.array([0, 2], dtype=numpy.uint8), numpy.array([3, 1], dtype=numpy.int16))
    check(set_pairs, a, numpy.array([0, 2]), numpy.array([3, 1]), 99)


def test_in_a_loop():
    check(diagonal_sum, numpy.arange(16.0).reshape(4, 4), numpy.array([0, 2, 3]))


@settings(max_examples=60, deadline=None)
@given(
    rows=st.integers(1, 5),
    ncols=st.integers(1, 6),
    i=st.lists(st.integers(-6, 5), min_size=1, max_size=5),
    j=st.lists(st.integers(-7, 6), min_size=1, max_size=5),
)
def test_hypothesis_pairs(rows, ncols, i, j):
    a = numpy.arange(float(rows * ncols)).reshape(rows, ncols)
    ii, jj = numpy.array(i, dtype=I64), numpy.array(j, dtype=I64)
    check(pairs, a, ii, jj)
    check(set_pairs, a, ii, jj, -1.0)


def mask_rows_slice(a, m):
    return a[m, 1:]


def slice_mask(a, m):
    return a[:, m]


def mask_and_array(a, m, j):
    return a[m, j]


def set_mask_cols(a, m, v):
    a[:, m] = v
    return a


@pytest.mark.parametrize("m", [[True, False, True, True], [False] * 4, [True] * 4])
def test_mask_among_other_indices(m):
    mask = numpy.array(m)
    for a in layouts(MATRIX):
        check(mask_rows_slice, a, mask)
        check(slice_mask, a.T, mask)
        check(set_mask_cols, a.T, mask, -2.0)
    for a in layouts(CUBE):
        check(mask_rows_slice, a[0], mask)
        check(slice_mask, a, mask)


def test_mask_with_an_index_array():
    a = MATRIX
    check(mask_and_array, a, numpy.array([True, False, False, True]), numpy.array([4, -1]))
    check(mask_and_array, a, numpy.array([True, False, False, True]), numpy.array([4]))
    check(mask_and_array, a, numpy.array([True, False, False, True]), numpy.array([0, 1, 2]))


def test_mask_of_the_wrong_length():
    check(mask_rows_slice, MATRIX, numpy.array([True, False]))
    check(slice_mask, MATRIX, numpy.array([True, False]))


def test_a_raise_frees_the_temporaries():
    from oxjit import _oxjit
    import oxjit
    get = oxjit.njit(mask_and_array)
    put = oxjit.njit(set_pairs)
    a, m = MATRIX.copy(), numpy.array([True, False, False, True])
    get(a, m, numpy.array([0, 1]))
    put(a, numpy.array([0]), numpy.array([0]), numpy.arange(1.0))
    before = _oxjit.live_allocations()
    for _ in range(50):
        with pytest.raises(IndexError):
            get(a, m, numpy.array([9, 1]))
        with pytest.raises(IndexError):
            put(a, numpy.array([0, 1]), numpy.array([1, 9]), numpy.arange(2.0))
    assert _oxjit.live_allocations() == before

"""Matrix helpers inside compiled functions (differential): ``diag`` (a vector to a matrix, a
matrix to its diagonal, ``k=``), ``diagonal`` (``offset``, ``axis1``, ``axis2``; also
``a.diagonal()``), ``trace`` (``offset``; also ``a.trace()``), ``kron`` and ``cross``
(3-vectors and rows of 3-vectors) on every dtype the manipulation routines take,
C/Fortran/strided/transposed and empty inputs, mixed dtypes, and NumPy's errors.

Tolerance: none — copies are exact, products and differences are one operation per element
in the result's dtype as in NumPy, and ``trace`` sums floats pairwise as NumPy's ``add.reduce``.
"""
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import oxjit
from diff import check
from test_numpy_join_reorder import DTYPES, IDS, _data, _layouts


def diag_(v, k):
    return np.diag(v, k)


def diag_default(v):
    return np.diag(v)


def diagonal_(a, off):
    return np.diagonal(a, off)


def diagonal_axes(a, off, i, j):
    return np.diagonal(a, offset=off, axis1=i, axis2=j)


def diagonal_method(a):
    return a.diagonal(), a.diagonal(1)


def trace_(a, off):
    return np.trace(a, off)


def trace_method(a):
    return a.trace()


@pytest.mark.parametrize("dtype", DTYPES, ids=IDS)
@pytest.mark.parametrize("shape", [(0,), (1,), (4,), (3, 4), (4, 3), (0, 3), (1, 1)], ids=str)
def test_diag_diagonal_trace(dtype, shape):
    a = _data(shape, dtype)
    for x in _layouts(a):
        check(diag_default, x)
        for k in [-5, -2, -1, 0, 1, 3, 6]:
            check(diag_, x, k)
            if x.ndim == 2:
                check(diagonal_, x, k)
                check(trace_, x, k)
                check(diagonal_axes, x, k, 1, 0)
        if x.ndim == 2:
            check(diagonal_method, x)
            check(trace_method, x)


@pytest.mark.parametrize("dtype", DTYPES, ids=IDS)
def test_diagonal_3d(dtype):
    a = _data((3, 4, 5), dtype)
    for x in _layouts(a):
        for i in range(-3, 3):
            for j in range(-3, 3):
                for off in [-1, 0, 2]:
                    check(diagonal_axes, x, off, i, j)   # equal axes: ValueError
    check(diagonal_axes, a, 0, 0, 3)                       # AxisError


def test_trace_sums_like_numpy():
    rng = np.random.RandomState(7)
    for n in [1, 7, 8, 9, 130, 300]:
        a = rng.normal(size=(n, n))
        check(trace_method, a)
        check(trace_method, a.astype(np.float32))
        check(trace_method, (a * 100).astype(np.int32))
        check(trace_method, (a * 100).astype(np.uint8))   # uint64 sum
        check(trace_method, a > 0)                          # int64 count


def kron_(a, b):
    return np.kron(a, b)


def cross_(a, b):
    return np.cross(a, b)


@pytest.mark.parametrize("dtype", DTYPES, ids=IDS)
@pytest.mark.parametrize("sa, sb", [((3,), (2,)), ((2, 3), (3, 2)), ((2, 2), (3,)), ((0,), (2,)),
                                    ((2, 0), (2, 2)), ((2, 1, 2), (3, 2)), ((1,), (1, 1))], ids=str)
def test_kron(dtype, sa, sb):
    a = _data(sa, dtype) + (1 if dtype != np.bool_ else 0)
    b = _data(sb, dtype, seed=1)
    for x in _layouts(a):
        for y in _layouts(b)[:3]:
            check(kron_, x, y)
            check(kron_, y, x)


@pytest.mark.parametrize("da", DTYPES, ids=IDS)
@pytest.mark.parametrize("db", DTYPES, ids=IDS)
def test_kron_cross_promotion(da, db):
    a = _data((2, 3), da, seed=3)
    b = _data((2, 3), db, seed=4)
    check(kron_, a, b)
    check(cross_, a, b)                 # bool x bool: TypeError as NumPy


@pytest.mark.parametrize("dtype", DTYPES, ids=IDS)
def test_cross(dtype):
    a = _data((4, 3), dtype, seed=5)
    b = _data((4, 3), dtype, seed=6)
    for x in _layouts(a):
        for y in _layouts(b)[:3]:
            check(cross_, x, y)
            check(cross_, x[1], y)
            check(cross_, x, y[2])
            check(cross_, x[0], y[3])
            check(cross_, x[:1], y)


def test_cross_values_and_errors():
    check(cross_, np.array([1.5, -2.0, 3.25]), np.array([4.0, 5.0, -6.0]))
    check(cross_, np.array([1, 2, 3], dtype=np.uint8), np.array([3, 2, 1], dtype=np.uint8))
    check(cross_, np.array([1e30, 2.0, 3.0], dtype=np.float32),
          np.array([3.0, 1e-30, 1.0], dtype=np.float32))
    check(cross_, np.zeros((2, 3)), np.zeros((3, 3)))                          # rows differ
    check(cross_, np.zeros(4), np.zeros(3), exact_exception=True)              # not 3-vectors
    with pytest.raises(ValueError, match="3-vectors only"):
        oxjit.njit(cross_)(np.zeros(2), np.zeros(2))                            # NumPy: deprecated


@settings(max_examples=60, deadline=None)
@given(a=hnp.arrays(np.int64, hnp.array_shapes(min_dims=1, max_dims=2, min_side=0, max_side=5),
                    elements=st.integers(-9, 9)),
       b=hnp.arrays(np.float64, hnp.array_shapes(min_dims=1, max_dims=2, min_side=0, max_side=4),
                    elements=st.floats(-9, 9)),
       k=st.integers(-6, 6))
def test_random(a, b, k):
    check(diag_, a, k)
    check(kron_, a, b)
    if a.ndim == 2:
        check(trace_, a, k)
        check(diagonal_, a, k)


def diag_3d(a):
    return np.diag(a)


def trace_3d(a):
    return np.trace(a)


@pytest.mark.parametrize("fn, arg", [(diag_3d, np.zeros((2, 2, 2))), (trace_3d, np.zeros((2, 2, 2)))])
def test_unsupported_forms_raise_unsupported_error(fn, arg):
    with pytest.raises(oxjit.UnsupportedError, match=r"-->.*:\d+:\d+"):
        oxjit.njit(fn)(arg)

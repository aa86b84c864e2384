"""Selecting elements inside compiled functions (differential): ``nonzero`` (also
``a.nonzero()`` and one-argument ``where``), ``argwhere``, ``flatnonzero``, ``take`` (an int, a
tuple of ints or an integer array of indices, ``axis`` None or int; also ``a.take``) and
``a.item()`` on every dtype the manipulation routines take, C/Fortran/strided/transposed and
empty inputs of 1 to 3 axes, NaN and signed zeros, and NumPy's errors.

Tolerance: none — indices and copied elements are exact.
"""
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import oxjit
from diff import check
from test_numpy_join_reorder import DTYPES, IDS, _data, _layouts

SHAPES = [(0,), (1,), (7,), (3, 4), (0, 3), (2, 3, 4)]


def nonzero_(a):
    return np.nonzero(a)


def nonzero_method(a):
    return a.nonzero()


def where1(a):
    return np.where(a)


def where1_gt(a):
    return np.where(a > 1)


def argwhere_(a):
    return np.argwhere(a)


def flatnonzero_(a):
    return np.flatnonzero(a)


@pytest.mark.parametrize("dtype", DTYPES, ids=IDS)
@pytest.mark.parametrize("shape", SHAPES, ids=str)
def test_nonzero_family(dtype, shape):
    a = _data(shape, dtype)
    for x in _layouts(a):
        for fn in (nonzero_, nonzero_method, where1, where1_gt, argwhere_, flatnonzero_):
            check(fn, x)


def test_nonzero_special_values():
    x = np.array([0.0, -0.0, np.nan, 1.0, -np.inf, 0.0])
    for fn in (nonzero_, argwhere_, flatnonzero_, where1):
        check(fn, x)
        check(fn, x.astype(np.float32))


def take_(a, i):
    return np.take(a, i)


def take_axis(a, i, k):
    return np.take(a, i, axis=k)


def take_method(a, i):
    return a.take(i)


def take_literals(a):
    return np.take(a, (0, -1)), a.take([1, 0], axis=0)


@pytest.mark.parametrize("dtype", DTYPES, ids=IDS)
@pytest.mark.parametrize("shape", [(5,), (3, 4), (2, 3, 4), (0,), (3, 0)], ids=str)
def test_take(dtype, shape):
    a = _data(shape, dtype)
    for x in _layouts(a):
        if x.shape[0] >= 2:
            check(take_literals, x)
        for i in [0, -1, 2, 5, -6, np.array([0, 2, -1]), np.array([[1, 0], [0, 1]], dtype=np.int32),
                  np.array([], dtype=np.int64), np.array([7])]:
            check(take_, x, i)
            check(take_method, x, i)
            for k in range(-a.ndim - 1, a.ndim + 1):
                check(take_axis, x, i, k)


def item_(a):
    return a.item()


@pytest.mark.parametrize("dtype", DTYPES, ids=IDS)
def test_item(dtype):
    for shape in [(1,), (1, 1), (1, 1, 1), (2,), (0,), (2, 1)]:
        for x in _layouts(_data(shape, dtype) + (1 if dtype != np.bool_ else 0)):
            check(item_, x)                          # size != 1: ValueError


@settings(max_examples=60, deadline=None)
@given(a=hnp.arrays(np.int64, hnp.array_shapes(min_dims=1, max_dims=3, min_side=0, max_side=5),
                    elements=st.integers(-2, 2)),
       i=st.integers(-6, 6), k=st.integers(-3, 2))
def test_random(a, i, k):
    check(nonzero_, a)
    check(argwhere_, a)
    check(flatnonzero_, a)
    check(take_axis, a, i, k)
    check(take_axis, a, np.array([i, 0]), k)


def where_two(a):
    return np.where(a, a)


def take_float_indices(a):
    return np.take(a, np.array([0.0]))


@pytest.mark.parametrize("fn, exc", [(where_two, oxjit.TypingError),
                                     (take_float_indices, oxjit.UnsupportedError)])
def test_unsupported_forms_raise_oxjit_errors(fn, exc):
    with pytest.raises(exc, match=r"-->.*:\d+:\d+"):
        oxjit.njit(fn)(np.arange(3.0))

"""Joining and splitting inside compiled functions (differential): ``concatenate`` (``axis=``
int or ``None``), ``stack``, ``hstack``, ``vstack``, ``dstack``, ``column_stack``, ``split`` and
``array_split`` (a literal number of sections or a tuple/list of indices) on every dtype the
manipulation routines take, C/Fortran/strided/transposed and empty inputs of 1 to 3 axes,
mixed dtypes (NumPy's promotion), and NumPy's errors (``AxisError`` for axes out of range,
``ValueError`` for shapes that do not fit, with NumPy's messages).

``split`` gives a tuple in oxjit (NumPy: a list; lists of arrays are not supported), so the
functions below unpack or index the pieces, which reads the same in both.

Tolerance: none — every result is a copy (or an exact conversion to the promoted dtype).
"""
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import oxjit
from diff import check

DTYPES = [np.float64, np.float32, np.int64, np.int32, np.uint8, np.bool_]
IDS = lambda d: np.dtype(d).name  # noqa: E731


def _data(shape, dtype, seed=0):
    rng = np.random.RandomState(seed)
    return rng.randint(0, 5, size=shape).astype(dtype)


def _layouts(a):
    """The same values as C-ordered, Fortran-ordered, strided and reversed/transposed views."""
    out = [a.copy(), np.asfortranarray(a)]
    big = np.zeros(tuple(2 * n + 1 for n in a.shape), dtype=a.dtype)
    view = big[tuple(slice(1, None, 2) for _ in a.shape)]
    view[...] = a
    out.append(view)
    out.append(a[::-1].copy()[::-1])
    if a.ndim >= 2:
        out.append(a.T.copy().T)
    return out


SHAPES = [(0,), (1,), (5,), (3, 4), (1, 5), (0, 3), (4, 0), (2, 3, 4), (2, 0, 3)]


def cat2(a, b):
    return np.concatenate((a, b))


def cat2_axis(a, b, k):
    return np.concatenate((a, b), axis=k)


def cat3_list(a, b, c, k):
    return np.concatenate([a, b, c], k)


def cat_flat(a, b):
    return np.concatenate((a, b), axis=None)


def cat_one(a):
    return np.concatenate((a,))


def stack2(a, b, k):
    return np.stack((a, b), axis=k)


def stack2_default(a, b):
    return np.stack([a, b])


def stackers(a, b):
    return np.hstack((a, b)), np.vstack((a, b)), np.dstack((a, b)), np.column_stack((a, b))


def stack3(a, b, c):
    return np.hstack((a, b, c)), np.vstack([a, b, c]), np.dstack((a, b, c)), \
        np.column_stack([a, b, c])


def split2(a):
    x, y = np.split(a, 2)
    return x, y


def split3_axis(a, k):
    x, y, z = np.split(a, 3, axis=k)
    return x, y, z


def array_split3_axis(a, k):
    x, y, z = np.array_split(a, 3, axis=k)
    return x, y, z


def array_split1(a):
    (x,) = np.array_split(a, 1)
    return x


def split_points(a, k):
    p, q, r, s = np.split(a, (1, 3, -1), axis=k)
    return p, q, r, s


def array_split_points(a):
    p, q, r = np.array_split(a, [4, 2])
    return p, q, r


def split_index(a):
    t = np.split(a, 4)
    return t[0], t[3], len(t)


def split_zero(a):
    return np.split(a, 0)


def array_split_negative(a):
    return np.array_split(a, -2)


@pytest.mark.parametrize("dtype", DTYPES, ids=IDS)
@pytest.mark.parametrize("shape", SHAPES, ids=str)
def test_concatenate(dtype, shape):
    a = _data(shape, dtype)
    for x in _layouts(a):
        for y in _layouts(_data(shape, dtype, seed=1))[:3]:
            check(cat2, x, y)
            check(cat_flat, x, y)
            for k in range(-a.ndim - 1, a.ndim + 1):
                check(cat2_axis, x, y, k)
        check(cat_one, x)


@pytest.mark.parametrize("shape", [(3,), (2, 3), (2, 3, 2)], ids=str)
def test_concatenate_grows_one_axis(shape):
    for k in range(len(shape)):
        other = list(shape)
        other[k] = 0
        third = list(shape)
        third[k] = 4
        check(cat3_list, _data(shape, np.float64), np.zeros(other), _data(third, np.float64), k)


@pytest.mark.parametrize("da", DTYPES, ids=IDS)
@pytest.mark.parametrize("db", DTYPES, ids=IDS)
def test_promotion(da, db):
    a = _data((2, 3), da)
    b = _data((2, 3), db, seed=2)
    check(cat2, a, b)
    check(cat2_axis, a, b, 1)
    check(cat_flat, a, b)
    check(stack2, a, b, 2)
    check(stackers, a, b)


def test_concatenate_errors():
    a = np.arange(6.0).reshape(2, 3)
    check(cat2, a, np.arange(3.0), exact_exception=True)          # ndim differs
    check(cat2, a, np.zeros((2, 2)), exact_exception=True)        # axis 1 differs
    check(cat2_axis, a, np.zeros((3, 3)), 1, exact_exception=True)
    check(cat2_axis, a, a, 2)                                     # AxisError
    check(cat2_axis, a, a, -3)


@pytest.mark.parametrize("dtype", DTYPES, ids=IDS)
@pytest.mark.parametrize("shape", SHAPES, ids=str)
def test_stack(dtype, shape):
    a = _data(shape, dtype)
    for x in _layouts(a):
        y = _data(shape, dtype, seed=3)
        check(stack2_default, x, y)
        for k in range(-a.ndim - 2, a.ndim + 2):
            check(stack2, x, y, k)


def test_stack_errors():
    check(stack2, np.zeros(3), np.zeros(4), 0, exact_exception=True)
    check(stack2, np.zeros((2, 3)), np.zeros((3, 2)), 0, exact_exception=True)
    check(stack2, np.zeros(3), np.zeros(3), 2)


@pytest.mark.parametrize("dtype", DTYPES, ids=IDS)
@pytest.mark.parametrize("shape", [(0,), (1,), (4,), (3, 4), (0, 2), (2, 3, 2)], ids=str)
def test_hstack_vstack_dstack_column_stack(dtype, shape):
    a = _data(shape, dtype)
    for x in _layouts(a):
        check(stackers, x, _data(shape, dtype, seed=4))
        check(stack3, x, x, _data(shape, dtype, seed=5))


def test_stackers_of_different_shapes():
    check(stackers, np.arange(3.0), np.arange(4.0))                  # hstack fits, the others do not
    check(stackers, np.ones((2, 3)), np.ones((2, 1), dtype=np.int32))
    check(stackers, np.ones((2, 3)), np.ones((1, 3)))
    check(stackers, np.ones((2, 3)), np.ones(3))                     # ndim differs
    check(stackers, np.ones(2), np.ones((2, 4)))


@pytest.mark.parametrize("dtype", DTYPES, ids=IDS)
@pytest.mark.parametrize("shape", [(0,), (6,), (7,), (6, 3), (4, 6), (6, 0), (3, 6, 6)], ids=str)
def test_split(dtype, shape):
    a = _data(shape, dtype)
    for x in _layouts(a):
        check(split2, x)
        check(split_index, x)
        check(array_split_points, x)
        check(array_split1, x)
        for k in range(-a.ndim - 1, a.ndim + 1):
            check(split3_axis, x, k)
            check(array_split3_axis, x, k)
            check(split_points, x, k)


def test_split_errors():
    a = np.arange(7.0)
    check(split2, a, exact_exception=True)            # no equal division
    check(split_zero, a, exact_exception=True)        # ZeroDivisionError
    check(array_split_negative, a, exact_exception=True)
    check(split3_axis, np.zeros((3, 3)), 2)           # NumPy: IndexError; oxjit: AxisError


@settings(max_examples=60, deadline=None)
@given(a=hnp.arrays(np.int64, hnp.array_shapes(min_dims=1, max_dims=3, min_side=0, max_side=5),
                    elements=st.integers(-5, 5)),
       k=st.integers(-3, 2), d=st.sampled_from(DTYPES))
def test_random(a, k, d):
    b = (a[::-1] * 2).astype(d)
    check(cat2_axis, a, b, k)
    check(stack2, a, b, k)
    check(stackers, a, b)
    check(array_split3_axis, a, k)
    check(split_points, b, k)


def split_variable(a, n):
    return np.split(a, n)


def split_array_indices(a, idx):
    return np.split(a, idx)


def cat_scalar(a):
    return np.concatenate((a, 1.0))


def cat_not_sequence(a):
    return np.concatenate(a)


@pytest.mark.parametrize("fn, args", [
    (split_variable, (np.arange(6.0), 2)),
    (split_array_indices, (np.arange(6.0), np.array([2, 4]))),
    (cat_scalar, (np.arange(3.0),)),
    (cat_not_sequence, (np.ones((2, 2)),)),
])
def test_unsupported_forms_raise_unsupported_error(fn, args):
    with pytest.raises(oxjit.UnsupportedError, match=r"-->.*:\d+:\d+"):
        oxjit.njit(fn)(*args)


def test_axis_error_is_numpys():
    # The same class and text as NumPy's (NumPy's `args` are `(axis, ndim, None)`, oxjit's the
    # message).
    with pytest.raises(np.exceptions.AxisError) as want:
        np.concatenate((np.zeros(2), np.zeros(2)), axis=3)
    with pytest.raises(np.exceptions.AxisError) as got:
        oxjit.njit(cat2_axis)(np.zeros(2), np.zeros(2), 3)
    assert str(got.value) == str(want.value)
    # NumPy's AxisError is both a ValueError and an IndexError.
    with pytest.raises(ValueError):
        oxjit.njit(stack2)(np.zeros(2), np.zeros(2), 5)
    with pytest.raises(IndexError):
        oxjit.njit(stack2)(np.zeros(2), np.zeros(2), -4)


def catch_axis(a, k):
    try:
        return np.concatenate((a, a), axis=k).shape[0]
    except IndexError:
        return -1


def test_axis_error_caught_in_compiled_code():
    check(catch_axis, np.zeros(2), 0)
    check(catch_axis, np.zeros(2), 4)

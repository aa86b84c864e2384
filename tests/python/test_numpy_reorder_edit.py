"""Reordering and editing arrays inside compiled functions (differential): ``flip`` (``axis``
None or int), ``fliplr``, ``flipud``, ``rot90`` (``k``, ``axes``), ``roll`` (int shift, ``axis`` None or int), ``append``
(``axis`` None or int; array or number values, NumPy's promotion), ``insert`` and ``delete``
(an int, a tuple/list of ints or a 1-D int array; ``axis`` None or int) and ``pad`` (modes
``"constant"`` with ``constant_values``, ``"edge"``, ``"reflect"``; ``pad_width`` an int, a pair
or one pair per axis) on every dtype the manipulation routines take, C/Fortran/strided/
transposed and empty inputs of 1 to 3 axes, and NumPy's errors (classes and messages).

Tolerance: none — every result is a copy of elements (or an exact conversion).
"""
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import oxjit
from diff import check
from test_numpy_join_reorder import DTYPES, IDS, _data, _layouts

SHAPES = [(0,), (1,), (6,), (3, 4), (1, 5), (0, 3), (4, 0), (2, 3, 4)]


def flip_all(a):
    return np.flip(a)


def flip_axis(a, k):
    return np.flip(a, axis=k)


def flip_lr_ud(a):
    return np.flipud(a), np.fliplr(a)


def flip_ud(a):
    return np.flipud(a)


def roll_flat(a, s):
    return np.roll(a, s)


def roll_axis(a, s, k):
    return np.roll(a, s, axis=k)


@pytest.mark.parametrize("dtype", DTYPES, ids=IDS)
@pytest.mark.parametrize("shape", SHAPES, ids=str)
def test_flip_roll(dtype, shape):
    a = _data(shape, dtype)
    for x in _layouts(a):
        check(flip_all, x)
        check(flip_ud, x)
        check(flip_lr_ud, x)                       # 1-D: ValueError("Input must be >= 2-d.")
        for k in range(-a.ndim - 1, a.ndim + 1):
            check(flip_axis, x, k)
        for s in [-7, -1, 0, 2, 13]:
            check(roll_flat, x, s)
            for k in range(-a.ndim - 1, a.ndim + 1):
                check(roll_axis, x, s, k)


def test_flip_errors_match_numpy():
    check(flip_lr_ud, np.arange(3.0), exact_exception=True)
    check(flip_axis, np.zeros((2, 2)), 2)


def append_flat(a, v):
    return np.append(a, v)


def append_axis(a, v, k):
    return np.append(a, v, axis=k)


@pytest.mark.parametrize("dtype", DTYPES, ids=IDS)
@pytest.mark.parametrize("shape", SHAPES, ids=str)
def test_append(dtype, shape):
    a = _data(shape, dtype)
    for x in _layouts(a):
        for v in [_data(shape, dtype, seed=1), _data((2,), np.int32, seed=2), 7, 2.5, True]:
            check(append_flat, x, v)
        for k in range(-a.ndim - 1, a.ndim + 1):
            check(append_axis, x, _data(shape, dtype, seed=3), k)
            check(append_axis, x, _data(shape, np.float32, seed=3), k)


@pytest.mark.parametrize("da", DTYPES, ids=IDS)
@pytest.mark.parametrize("v", [np.arange(2, dtype=np.uint8), np.ones(2, dtype=np.bool_), 3, -1.5,
                               False], ids=repr)
def test_append_promotion(da, v):
    check(append_flat, _data((3,), da), v)


def test_append_errors():
    a = np.arange(6.0).reshape(2, 3)
    check(append_axis, a, np.ones(3), 0, exact_exception=True)       # ndim differs
    check(append_axis, a, np.ones((2, 2)), 0, exact_exception=True)  # axis 1 differs
    check(append_axis, a, 1.0, 0, exact_exception=True)              # a 0-d value
    check(append_axis, a, a, 2)                                      # AxisError


def delete_(a, obj):
    return np.delete(a, obj)


def delete_axis(a, obj, k):
    return np.delete(a, obj, axis=k)


def delete_literals(a):
    return np.delete(a, (0, -1)), np.delete(a, [1, 1, 2], 0), np.delete(a, -1, axis=0)


def insert_(a, obj, v):
    return np.insert(a, obj, v)


def insert_axis(a, obj, v, k):
    return np.insert(a, obj, v, axis=k)


def insert_literals(a):
    return np.insert(a, (0, 2), 9), np.insert(a, [1], 8, 0), np.insert(a, 1, 7.9, axis=0)


@pytest.mark.parametrize("dtype", DTYPES, ids=IDS)
@pytest.mark.parametrize("shape", [(5,), (3, 4), (2, 3, 4), (0,), (3, 0)], ids=str)
def test_delete_insert(dtype, shape):
    a = _data(shape, dtype)
    size = a.size
    for x in _layouts(a):
        if x.ndim >= 1 and x.shape[0] >= 3:
            check(delete_literals, x)
            check(insert_literals, x)
        for obj in [0, -1, 2, size, -size - 1, np.array([0, 2, 2]), np.array([-1, 1], dtype=np.int32),
                    np.array([], dtype=np.int64)]:
            check(delete_, x, obj)
            check(insert_, x, obj, 5)
            check(insert_, x, obj, np.array([6, 7], dtype=np.int32))
            for k in range(-a.ndim - 1, a.ndim + 1):
                check(delete_axis, x, obj, k)
                check(insert_axis, x, obj, 3, k)
                n = a.shape[k] if -a.ndim <= k < a.ndim else 1
                row = list(a.shape)
                if -a.ndim <= k < a.ndim:
                    del row[k]
                if row:
                    check(insert_axis, x, obj, _data(tuple(row), dtype, seed=n), k)


def test_insert_shapes_and_errors():
    a = np.arange(6).reshape(2, 3)
    check(insert_axis, a, 1, np.array([7, 8]), 1)             # one index: a column
    check(insert_axis, a, np.array([1]), np.array([7, 8]), 1)  # one-item sequence: a row
    check(insert_axis, a, 1, np.array([7, 8, 9]), 1, exact_exception=True)
    check(insert_, np.arange(5), 9, 1, exact_exception=True)
    check(insert_, np.arange(5), np.array([9, 1]), 1, exact_exception=True)
    check(insert_, np.arange(5), np.array([1, 3]), np.array([7, 8]))
    check(insert_, np.arange(5), np.array([3, 1]), np.array([7, 8]))
    check(insert_, np.arange(5.0), np.array([2, 2, 0]), np.array([7.5, 8.5, 9.5]))
    check(insert_, np.arange(5), 2, np.array([[1, 2], [3, 4]]))
    check(delete_, np.arange(5), 7, exact_exception=True)
    check(delete_, np.arange(5), np.array([7, 1]), exact_exception=True)
    check(delete_axis, a, 0, 2)                                   # AxisError


def pad_int(a, w):
    return np.pad(a, w)


def pad_modes(a):
    return (np.pad(a, 2, mode="constant"), np.pad(a, (1, 3), "edge"),
            np.pad(a, ((2, 1),), mode="reflect"), np.pad(a, 4, "reflect"))


def pad_constant(a, c):
    return np.pad(a, (2, 1), constant_values=c)


def pad_pairs_2d(a):
    return (np.pad(a, ((1, 2), (0, 3))), np.pad(a, ((1, 2), (0, 3)), "edge"),
            np.pad(a, ((3, 2), (1, 4)), "reflect"), np.pad(a, ((1, 0), (2, 2)), "constant",
                                                           constant_values=7))


def pad_pairs_3d(a):
    return np.pad(a, ((1, 0), (0, 2), (1, 1)), "edge"), np.pad(a, ((0, 1), (2, 0), (3, 1)),
                                                                mode="reflect")


def pad_edge_kw(a):
    return np.pad(a, 1, "edge", constant_values=3)


@pytest.mark.parametrize("dtype", DTYPES, ids=IDS)
@pytest.mark.parametrize("shape", [(0,), (1,), (2,), (5,), (3, 4), (1, 3), (0, 2), (2, 3, 2)], ids=str)
def test_pad(dtype, shape):
    a = _data(shape, dtype) + (1 if dtype != np.bool_ else 0)
    for x in _layouts(a):
        check(pad_modes, x)
        for w in [0, 1, 3]:
            check(pad_int, x, w)
        for c in [9, -2.5, True]:
            check(pad_constant, x, c)
        if a.ndim == 2:
            check(pad_pairs_2d, x)
        if a.ndim == 3:
            check(pad_pairs_3d, x)


def test_pad_errors():
    check(pad_edge_kw, np.arange(3.0), exact_exception=True)
    check(pad_modes, np.zeros(0), exact_exception=True)          # can't extend empty axis 0
    check(pad_pairs_2d, np.zeros((3, 0)), exact_exception=True)  # ... axis 1
    check(pad_int, np.arange(3.0), -1, exact_exception=True)


@settings(max_examples=60, deadline=None)
@given(a=hnp.arrays(np.int64, hnp.array_shapes(min_dims=1, max_dims=3, min_side=0, max_side=5),
                    elements=st.integers(-5, 5)),
       s=st.integers(-8, 8), k=st.integers(-3, 2), w=st.integers(0, 9))
def test_random(a, s, k, w):
    check(roll_axis, a, s, k)
    check(flip_axis, a, k)
    check(delete_axis, a, s, k)
    check(insert_axis, a, s, -1, k)
    check(pad_modes, a)
    check(pad_int, a, w)


def pad_mode_variable(a, m):
    return np.pad(a, 1, mode=m)


def pad_mode_wrap(a):
    return np.pad(a, 1, mode="wrap")


def roll_tuple(a):
    return np.roll(a, (1, 2), axis=(0, 1))


def delete_mask(a):
    return np.delete(a, a > 2)


def pad_ragged(a):
    return np.pad(a, ((1,), (2,)))


@pytest.mark.parametrize("fn, args", [
    (pad_mode_variable, (np.arange(3.0), "edge")),
    (pad_mode_wrap, (np.arange(3.0),)),
    (roll_tuple, (np.ones((2, 2)),)),
    (delete_mask, (np.arange(5),)),
    (pad_ragged, (np.ones((2, 2)),)),
])
def test_unsupported_forms_raise_unsupported_error(fn, args):
    with pytest.raises(oxjit.UnsupportedError, match=r"-->.*:\d+:\d+"):
        oxjit.njit(fn)(*args)


def rot90_k(a, k):
    return np.rot90(a, k)


def rot90_default(a):
    return np.rot90(a)


def rot90_axes(a, k, p, q):
    return np.rot90(a, k, axes=(p, q))


@pytest.mark.parametrize("dtype", DTYPES, ids=IDS)
def test_rot90(dtype):
    for a in [_data((3, 4), dtype), _data((2, 3, 4), dtype), _data((0, 3), dtype)]:
        for x in _layouts(a):
            check(rot90_default, x)
            for k in range(-5, 6):
                check(rot90_k, x, k)
            for p in range(-a.ndim, a.ndim):
                for q in range(-a.ndim, a.ndim):
                    check(rot90_axes, x, 1, p, q)


def test_rot90_errors():
    check(rot90_default, np.arange(3.0), exact_exception=True)       # Axes must be different.
    check(rot90_axes, np.zeros((2, 2)), 1, 0, 0, exact_exception=True)
    check(rot90_axes, np.zeros((2, 2, 2)), 1, 0, 3, exact_exception=True)
    check(rot90_axes, np.zeros((2, 2, 2)), 1, -4, 1, exact_exception=True)

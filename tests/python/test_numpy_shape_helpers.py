"""Shape helpers inside compiled functions (differential): ``expand_dims`` (int axis),
``squeeze`` (int axis; also ``a.squeeze(k)``), ``swapaxes`` (also ``a.swapaxes``),
``moveaxis`` (int source and destination), ``broadcast_to`` (int or tuple shape),
``meshgrid`` (2 or 3 arrays, ``indexing="xy"``/``"ij"``) and ``atleast_1d``/``2d``/``3d`` on
every dtype the manipulation routines take, C/Fortran/strided/transposed and empty inputs,
and NumPy's errors. oxjit returns copies where NumPy returns views (values, dtypes and shapes
are the same).

Tolerance: none — every result is a copy of elements.
"""
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import oxjit
from diff import check
from test_numpy_join_reorder import DTYPES, IDS, _data, _layouts

SHAPES = [(0,), (1,), (5,), (3, 4), (1, 5), (0, 3), (2, 1, 4), (2, 3, 4)]


def expand(a, k):
    return np.expand_dims(a, k)


def squeeze(a, k):
    return np.squeeze(a, axis=k)


def squeeze_method(a, k):
    return a.squeeze(k)


def swap(a, i, j):
    return np.swapaxes(a, i, j)


def swap_method(a, i, j):
    return a.swapaxes(i, j)


def move(a, s, d):
    return np.moveaxis(a, s, d)


def atleast(a):
    return np.atleast_1d(a), np.atleast_2d(a), np.atleast_3d(a)


@pytest.mark.parametrize("dtype", DTYPES, ids=IDS)
@pytest.mark.parametrize("shape", SHAPES, ids=str)
def test_axes_helpers(dtype, shape):
    a = _data(shape, dtype)
    nd = a.ndim
    for x in _layouts(a):
        check(atleast, x)
        for k in range(-nd - 2, nd + 2):
            check(expand, x, k)
            check(squeeze, x, k)
            check(squeeze_method, x, k)
        for i in range(-nd - 1, nd + 1):
            for j in range(-nd, nd + 1):
                check(swap, x, i, j)
                check(swap_method, x, j, i)
                check(move, x, i, j)


def test_axis_errors_match_numpy():
    a = np.zeros((2, 3))
    for fn, args in [(swap, (a, 0, 2)), (swap, (a, 3, 0)), (move, (a, 5, 0)),
                     (move, (a, 0, -3))]:
        with pytest.raises(np.exceptions.AxisError) as want:
            fn(*args)
        with pytest.raises(np.exceptions.AxisError) as got:
            oxjit.njit(fn)(*args)
        assert str(got.value) == str(want.value)
    check(squeeze, a, 0, exact_exception=True)


def bcast_int(a, n):
    return np.broadcast_to(a, n)


def bcast2(a, m, n):
    return np.broadcast_to(a, (m, n))


def bcast3(a, m, n):
    return np.broadcast_to(a, (2, m, n))


@pytest.mark.parametrize("dtype", DTYPES, ids=IDS)
@pytest.mark.parametrize("shape", [(1,), (4,), (0,), (3, 1), (1, 4), (3, 4), (0, 4)], ids=str)
def test_broadcast_to(dtype, shape):
    a = _data(shape, dtype)
    for x in _layouts(a):
        for n in [0, 1, 4, 5]:
            check(bcast_int, x, n)
            for m in [0, 1, 3]:
                check(bcast2, x, m, n)
                check(bcast3, x, m, n)


def test_broadcast_to_errors():
    check(bcast2, np.zeros(3), 2, 4, exact_exception=True)
    check(bcast_int, np.zeros((2, 3)), 3, exact_exception=True)
    check(bcast2, np.zeros(3), -1, 3, exact_exception=True)


def mesh2(x, y):
    return np.meshgrid(x, y)


def mesh2_ij(x, y):
    return np.meshgrid(x, y, indexing="ij")


def mesh3(x, y, z):
    return np.meshgrid(x, y, z)


def mesh3_ij(x, y, z):
    return np.meshgrid(x, y, z, indexing="ij")


def mesh_sum(x, y):
    xx, yy = np.meshgrid(x, y)
    return xx * 10 + yy


def _as_tuple(fn):
    # NumPy's meshgrid gives a list (oxjit: a tuple); compare item by item.
    def wrapped(*args):
        return tuple(fn(*args))
    return wrapped


@pytest.mark.parametrize("dx", DTYPES, ids=IDS)
def test_meshgrid(dx):
    xs = [_data((4,), dx), _data((3,), np.float64, seed=1), _data((2, 3), np.int32, seed=2),
          _data((0,), dx)]
    for x in xs:
        for y in xs:
            for fn in (mesh2, mesh2_ij):
                want = tuple(fn(x, y))
                got = oxjit.njit(fn)(x, y)
                assert isinstance(got, tuple) and len(got) == len(want)
                for g, w in zip(got, want):
                    assert g.dtype == w.dtype and g.shape == w.shape
                    np.testing.assert_array_equal(g, w)
            for fn in (mesh3, mesh3_ij):
                want = tuple(fn(x, y, xs[1]))
                got = oxjit.njit(fn)(x, y, xs[1])
                for g, w in zip(got, want):
                    assert g.dtype == w.dtype and g.shape == w.shape
                    np.testing.assert_array_equal(g, w)
    for x in _layouts(_data((3, 2), dx)):
        check(mesh_sum, x, x[0])


@settings(max_examples=60, deadline=None)
@given(a=hnp.arrays(np.float64, hnp.array_shapes(min_dims=1, max_dims=3, min_side=0, max_side=4),
                    elements=st.floats(-5, 5)),
       i=st.integers(-3, 3), j=st.integers(-3, 3))
def test_random(a, i, j):
    check(expand, a, i)
    check(squeeze, a, i)
    check(swap, a, i, j)
    check(move, a, i, j)
    check(atleast, a)
    check(bcast3, a, 2, 4)


def squeeze_all(a):
    return np.squeeze(a)


def expand_tuple(a):
    return np.expand_dims(a, (0, 1))


def mesh_variable(x, s):
    return np.meshgrid(x, x, indexing=s)


def bcast_array_shape(a, s):
    return np.broadcast_to(a, s)


@pytest.mark.parametrize("fn, args", [
    (squeeze_all, (np.ones((1, 3)),)),
    (expand_tuple, (np.ones(3),)),
    (mesh_variable, (np.ones(3), "ij")),
    (bcast_array_shape, (np.ones(3), np.array([2, 3]))),
])
def test_unsupported_forms_raise_unsupported_error(fn, args):
    with pytest.raises(oxjit.UnsupportedError, match=r"-->.*:\d+:\d+"):
        oxjit.njit(fn)(*args)

"""``numpy.lexsort``, ``partition``, ``argpartition`` and ``gradient`` in compiled code
(runtime ``ordering.rs``), against NumPy on C-ordered, Fortran-ordered and strided inputs,
with NaN, empty and bad arguments.

``lexsort`` and ``gradient`` must equal NumPy exactly. ``partition``/``argpartition`` must put
NumPy's element at ``kth`` and the same elements on each side of it (NumPy leaves the order
inside the two parts unspecified, and oxjit's selection orders them differently).
"""
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import oxjit
from diff import check


def lex2(a, b):
    return np.lexsort((a, b))


def lex3(a, b, c):
    return np.lexsort((a, b, c))


def lex_matrix(m):
    return np.lexsort(m)


def lex_one(a):
    return np.lexsort(a)


def part(a, k):
    return np.partition(a, k)


def apart(a, k):
    return np.argpartition(a, k)


def part_axis0(a, k):
    return np.partition(a, k, axis=0)


def apart_method(a, k):
    return a.argpartition(k)


def grad(f):
    return np.gradient(f)


def grad_dx(f, dx):
    return np.gradient(f, dx)


def grad_order2(f):
    return np.gradient(f, 0.5, edge_order=2)


def grad_axis1(f):
    return np.gradient(f, axis=1)


def grad_axis_neg(f):
    return np.gradient(f, 3, axis=-1, edge_order=2)


def grad_order3(f):
    return np.gradient(f, edge_order=3)


def layouts(a):
    """`a` as C, Fortran and strided (reversed) arrays."""
    return [a, np.asfortranarray(a), a[::-1] if a.ndim == 1 else a[::-1, ::-1]]


def test_lexsort_values():
    a = np.array([3, 1, 2, 1, 3, 2, 1])
    b = np.array([1, 1, 0, 0, 1, 0, 1])
    f = np.array([0.5, np.nan, -1.0, 0.5, np.nan, 2.0, -1.0])
    for x in layouts(a):
        check(lex2, x, b)
        check(lex2, f, x)
    check(lex3, a, f, b)
    check(lex2, a[:0], b[:0])
    m = np.vstack([a, b, a[::-1]]).astype(float)
    for x in layouts(m):
        check(lex_matrix, x)


def test_lexsort_errors():
    check(lex2, np.arange(3), np.arange(4))
    with pytest.raises(oxjit.UnsupportedError):
        oxjit.njit(lex2)(np.ones(3, dtype=np.complex128), np.arange(3))
    with pytest.raises(oxjit.UnsupportedError, match="scalar keys"):
        oxjit.njit(lex_one)(np.arange(3))


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.integers(-3, 3), st.one_of(st.just(float('nan')), st.floats(-2, 2, width=16))),
                max_size=40))
def test_lexsort_hypothesis(rows):
    a = np.array([r[0] for r in rows], dtype=np.int64)
    b = np.array([r[1] for r in rows], dtype=np.float64)
    check(lex2, a, b)
    check(lex2, b, a)


def partitioned_like_numpy(fn, a, k, axis=-1):
    """The kth element and the two sides (as sorted multisets) equal NumPy's."""
    expected = fn(a, k)
    got = oxjit.njit(fn)(a.copy(), k)
    assert got.dtype == expected.dtype and got.shape == expected.shape
    if fn in (apart, apart_method):
        # Positions: gather the values they point at.
        got = np.take_along_axis(a, got, axis=axis)
        expected = np.take_along_axis(a, expected, axis=axis)
    n = a.shape[axis]
    kk = k % n
    g, e = np.moveaxis(got, axis, -1), np.moveaxis(expected, axis, -1)
    np.testing.assert_array_equal(g[..., kk], e[..., kk])
    np.testing.assert_array_equal(np.sort(g[..., :kk], axis=-1), np.sort(e[..., :kk], axis=-1))
    np.testing.assert_array_equal(np.sort(g[..., kk + 1:], axis=-1),
                                  np.sort(e[..., kk + 1:], axis=-1))


def test_partition_values():
    rng = np.random.default_rng(3)
    x = rng.standard_normal(31)
    x[[4, 17]] = np.nan
    for fn in (part, apart, apart_method):
        for v in layouts(x):
            for k in (0, 5, 15, 30, -1, -31):
                partitioned_like_numpy(fn, v, k)
        partitioned_like_numpy(fn, rng.integers(-5, 5, 20), 7)
        partitioned_like_numpy(fn, np.array([True, False, True]), 1)
    m = rng.integers(0, 100, (6, 7))
    for v in layouts(m):
        for k in (0, 3, -1):
            partitioned_like_numpy(part, v, k)
            partitioned_like_numpy(apart, v, k)
            partitioned_like_numpy(part_axis0, v, k, axis=0)
    cube = rng.standard_normal((3, 4, 5))
    partitioned_like_numpy(part, cube, 2)
    partitioned_like_numpy(part_axis0, cube, 1, axis=0)


def test_partition_errors():
    x = np.arange(5.0)
    for k in (5, -6, 100):
        check(part, x, k)
        check(apart, x, k)
    check(part, np.arange(0.0), 0)
    check(part, np.zeros((0, 3)), 5)  # NumPy checks nothing on an empty array
    check(apart, np.zeros((2, 0)), -1)
    with pytest.raises(oxjit.UnsupportedError, match="kth"):
        oxjit.njit(part)(x, (1, 2))


@settings(max_examples=60, deadline=None)
@given(st.lists(st.one_of(st.just(float('nan')), st.floats(-1e3, 1e3)), min_size=1, max_size=40),
       st.integers(-40, 39))
def test_partition_hypothesis(xs, k):
    a = np.array(xs)
    if -len(xs) <= k < len(xs):
        partitioned_like_numpy(part, a, k)
        partitioned_like_numpy(apart, a, k)
    else:
        check(part, a, k)


def test_gradient_values():
    rng = np.random.default_rng(5)
    f = rng.standard_normal(9)
    for v in layouts(f):
        check(grad, v)
        check(grad_dx, v, 0.25)
        check(grad_dx, v, 3)
        check(grad_order2, v)
        check(grad_axis_neg, v)
    check(grad, np.arange(6) ** 2)
    check(grad, np.array([1.0, np.nan, 4.0, np.inf, 2.0]))
    m = rng.standard_normal((4, 6))
    for v in layouts(m):
        check(grad, v)
        check(grad_axis1, v)
        check(grad_order2, v)
        check(grad_axis_neg, v)
    check(grad, rng.integers(0, 9, (3, 4, 2)))


def test_gradient_errors():
    check(grad, np.arange(1.0))
    check(grad_order2, np.arange(2.0))
    check(grad_order3, np.arange(5.0))
    check(grad, np.zeros((1, 4)))
    with pytest.raises(oxjit.UnsupportedError, match="float32"):
        oxjit.njit(grad)(np.ones(3, dtype=np.float32))
    with pytest.raises(oxjit.UnsupportedError, match="spacing"):
        oxjit.njit(grad_dx)(np.ones(3), np.ones(3))

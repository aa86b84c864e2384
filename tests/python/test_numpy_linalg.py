"""Linear algebra and ordering inside compiled functions (differential).

``numpy.dot``, ``a.dot(b)`` and ``@`` for 1-D.1-D, 2-D.1-D, 1-D.2-D and
2-D.2-D (float64, float32, int64, int32 and mixed), ``numpy.outer``,
``numpy.transpose``, ``numpy.sort`` / ``a.sort()`` / ``numpy.argsort``.

Tolerances: NumPy computes float products with BLAS (FMA, blocked and
vectorised sums), so float results are compared within ``RTOL64 = 1e-12`` /
``RTOL32 = 1e-4`` (float32 sums of 1000 terms) on positive random data (no
cancellation, so a relative tolerance is meaningful), unless the data are small
integers (every order then gives the same exact result: compared exactly). Integer products are exact (and wrap
on overflow, as NumPy's do). ``outer``, ``transpose`` and sorting do no
rounding: exact.

``argsort`` is compared only on inputs without ties: NumPy's default sort
(introsort / "quicksort") is not stable, so the order of equal keys is not
part of its contract.
"""
import numpy
import numpy as np
import pytest

from diff import check, check_with, compiled

RTOL64 = 1e-12
RTOL32 = 1e-4
NAN = float("nan")
INF = float("inf")


def _name(dtype):
    return numpy.dtype(dtype).name


def _ints(shape, dtype=numpy.float64, seed=0):
    """Small integers (as ``dtype``): products and sums are exact in any order."""
    rng = numpy.random.RandomState(seed)
    return rng.randint(-9, 10, size=shape).astype(dtype)


def _random(shape, dtype=numpy.float64, seed=0):
    """Positive values: sums of products do not cancel."""
    rng = numpy.random.RandomState(seed)
    return rng.uniform(0.5, 1.5, size=shape).astype(dtype)


def _rtol(*arrays):
    kinds = {a.dtype for a in arrays}
    if all(k.kind in "iub" for k in kinds):
        return None
    return RTOL32 if kinds == {numpy.dtype(numpy.float32)} else RTOL64


# --- dot / matmul --------------------------------------------------------------------------------


def dot_function(a, b):
    return numpy.dot(a, b)


def dot_method(a, b):
    return a.dot(b)


def matmul_operator(a, b):
    return a @ b


def dot_alias(a, b):
    return np.dot(a, b)


PRODUCTS = [dot_function, dot_method, matmul_operator, dot_alias]

SHAPES = {
    "1d.1d": ((7,), (7,)),
    "1d.1d-long": ((1000,), (1000,)),
    "2d.1d": ((5, 3), (3,)),
    "2d.1d-tall": ((1000, 2), (2,)),
    "1d.2d": ((5,), (5, 4)),
    "2d.2d": ((3, 5), (5, 4)),
    "2d.2d-large": ((40, 30), (30, 20)),
    "size1": ((1, 1), (1, 1)),
    "empty-inner-1d": ((0,), (0,)),
    "empty-inner-2d": ((3, 0), (0, 4)),
    "empty-outer": ((0, 3), (3,)),
}
DTYPE_PAIRS = [(numpy.float64, numpy.float64), (numpy.float32, numpy.float32),
               (numpy.int64, numpy.int64), (numpy.int32, numpy.int32),
               (numpy.int64, numpy.float64), (numpy.float32, numpy.float64)]


@pytest.mark.parametrize("fn", PRODUCTS, ids=lambda f: f.__name__)
@pytest.mark.parametrize("shapes", list(SHAPES.values()), ids=list(SHAPES))
@pytest.mark.parametrize("da, db", DTYPE_PAIRS, ids=lambda d: _name(d))
def test_products_exact_data(fn, shapes, da, db):
    # small integers: exact whatever the summation order (also for float dtypes)
    a, b = _ints(shapes[0], da, seed=1), _ints(shapes[1], db, seed=2)
    check(fn, a, b)


@pytest.mark.parametrize("fn", PRODUCTS, ids=lambda f: f.__name__)
@pytest.mark.parametrize("shapes", list(SHAPES.values()), ids=list(SHAPES))
@pytest.mark.parametrize("dtype", [numpy.float64, numpy.float32], ids=_name)
def test_products_random_data(fn, shapes, dtype):
    a, b = _random(shapes[0], dtype, seed=3), _random(shapes[1], dtype, seed=4)
    check(fn, a, b, rtol=_rtol(a, b))


LAYOUTS = {
    "T.1d": lambda: (_random((3, 5), seed=5).T, _random((3,), seed=6)),
    "F.C": lambda: (numpy.asfortranarray(_random((4, 3), seed=5)), _random((3, 2), seed=6)),
    "C.T": lambda: (_random((4, 3), seed=5), _random((2, 3), seed=6).T),
    "strided.strided": lambda: (_random((20,), seed=5)[::2], _random((30,), seed=6)[::-3]),
    "strided-2d.reversed": lambda: (_random((8, 6), seed=5)[::2, ::2], _random((3,), seed=6)[::-1]),
    "1d.T": lambda: (_random((4,), seed=5), _random((3, 4), seed=6).T),
    "column-of-2d": lambda: (_random((5, 3), seed=5), _random((3, 4), seed=6)[:, 1]),
    "seed-X.coef": lambda: (numpy.full((100, 2), 1.0), numpy.array([0.5, 0.5])),
    "seed-XT.err": lambda: (numpy.full((100, 2), 1.0).T, _random((100,), seed=6)),
}


@pytest.mark.parametrize("fn", PRODUCTS, ids=lambda f: f.__name__)
@pytest.mark.parametrize("make", list(LAYOUTS.values()), ids=list(LAYOUTS))
def test_products_non_contiguous(fn, make):
    check_with(fn, make, rtol=RTOL64)


def test_int_products_wrap_like_numpy():
    a = numpy.array([2 ** 62, 3, 2 ** 40])
    b = numpy.array([4, 2 ** 62, 2 ** 40])
    check(dot_function, a, b)
    check(matmul_operator, a.reshape(1, 3), b.reshape(3, 1))


@pytest.mark.parametrize("fn", PRODUCTS, ids=lambda f: f.__name__)
@pytest.mark.parametrize("sa, sb", [((3,), (4,)), ((2, 3), (2, 3)), ((5,), (4, 5)),
                                    ((3, 4), (3,)), ((0,), (1,))],
                         ids=lambda s: "x".join(map(str, s)))
def test_product_shape_mismatch_raises_value_error(fn, sa, sb):
    err = check(fn, numpy.ones(sa), numpy.ones(sb))
    assert isinstance(err, ValueError)


def gradient_step(x, coef, y, n):
    err = y - numpy.dot(x, coef)
    return 2.0 / n * numpy.dot(numpy.transpose(x), err)


def test_seed_program_products():
    n = 1000
    x = numpy.full((n, 2), 1.0)
    x[:, 0] = _random((n,), seed=7) * 0.5 + 0.5
    y = 2.0 * x[:, 0] + 5.0
    check(gradient_step, x, numpy.array([0.5, 0.5]), y, n, rtol=RTOL64)


# --- outer, transpose -----------------------------------------------------------------------------


def outer(a, b):
    return numpy.outer(a, b)


@pytest.mark.parametrize("da, db", DTYPE_PAIRS + [(numpy.bool_, numpy.int64)], ids=lambda d: _name(d))
def test_outer(da, db):
    a, b = (_random((4,), seed=8) * 3).astype(da), (_random((5,), seed=9) * 3).astype(db)
    check(outer, a, b)
    check(outer, a[::-1], b[::2])
    check(outer, numpy.zeros(0, dtype=da), b)


def test_outer_flattens_nd_inputs():
    check(outer, _ints((2, 3)), _ints((2,), numpy.int64))
    check(outer, _ints((3,), numpy.int32), _ints((2, 2), numpy.float32).T)


def transpose_function(a):
    return numpy.transpose(a)


def transpose_of_product(a, b):
    return numpy.transpose(numpy.dot(a, b))


@pytest.mark.parametrize("a", [_random((5,)), _random((3, 4)), _random((2, 3, 4)),
                               _random((4, 6))[::2, ::-1], numpy.asfortranarray(_random((3, 4))),
                               _ints((3, 4), numpy.int32), numpy.zeros((0, 3))],
                         ids=["1d", "2d", "3d", "strided", "F", "int32", "empty"])
def test_transpose(a):
    check(transpose_function, a)


def test_transpose_of_product():
    check(transpose_of_product, _ints((3, 4)), _ints((4, 2)))


# --- sort / argsort ---------------------------------------------------------------------------------


def sort_function(a):
    return numpy.sort(a)


def sort_method_in_place(a):
    a.sort()


def sort_copy_in_place(a):
    b = a.copy()
    b.sort()
    return b


def sort_alias(a):
    return np.sort(a)


def argsort_function(a):
    return numpy.argsort(a)


def argsort_method(a):
    return a.argsort()


def _with_ties(dtype, shape, seed=0):
    rng = numpy.random.RandomState(seed)
    if dtype is numpy.bool_:
        return rng.randint(0, 2, size=shape).astype(bool)
    return rng.randint(-20, 20, size=shape).astype(dtype)


def _distinct(dtype, shape, seed=0):
    """No two equal values along the last axis."""
    rng = numpy.random.RandomState(seed)
    n = shape[-1]
    rows = int(numpy.prod(shape[:-1]))
    out = numpy.empty((rows, n))
    for r in range(rows):
        out[r] = rng.permutation(n) * 3 - n
    if numpy.dtype(dtype).kind == "f":
        out = out / 2.0 + 0.25
    return out.reshape(shape).astype(dtype)


SORT_DTYPES = [numpy.float64, numpy.float32, numpy.int64, numpy.int32, numpy.bool_]


def _sort_inputs(dtype):
    return {
        "1d": _with_ties(dtype, (50,)),
        "long": _with_ties(dtype, (5000,), seed=1),
        "2d": _with_ties(dtype, (6, 9), seed=2),
        "3d": _with_ties(dtype, (2, 3, 7), seed=3),
        "strided": _with_ties(dtype, (40,), seed=4)[::3],
        "reversed": _with_ties(dtype, (20,), seed=5)[::-1],
        "T": _with_ties(dtype, (9, 6), seed=6).T,
        "sorted": numpy.sort(_with_ties(dtype, (30,), seed=7)),
        "empty": _with_ties(dtype, (0,)),
        "size1": _with_ties(dtype, (1,)),
        "empty-rows": _with_ties(dtype, (0, 4)),
    }


def _sort_cases():
    return [pytest.param(a, id=f"{_name(d)}-{name}")
            for d in SORT_DTYPES for name, a in _sort_inputs(d).items()]


@pytest.mark.parametrize("fn", [sort_function, sort_method_in_place, sort_copy_in_place, sort_alias],
                         ids=lambda f: f.__name__)
@pytest.mark.parametrize("a", _sort_cases())
def test_sort(fn, a):
    # n-D: sorted along the last axis; a.sort() sorts the argument in place (views too)
    check(fn, a)


def test_sort_nan_inf_and_signed_zeros():
    # nan sorts last; -0.0 == 0.0, so their relative order is unspecified (signed_zero=False)
    a = numpy.array([3.0, NAN, -INF, 0.0, -1.0, INF, NAN, -0.0, 2.5, 0.0])
    for fn in (sort_function, sort_method_in_place):
        check(fn, a, signed_zero=False)
        check(fn, a.astype(numpy.float32), signed_zero=False)
        check(fn, a.reshape(2, 5), signed_zero=False)


def _argsort_inputs():
    return {
        "float64": _distinct(numpy.float64, (50,)),
        "float32": _distinct(numpy.float32, (17,), seed=1),
        "int64": _distinct(numpy.int64, (40,), seed=2),
        "int32": _distinct(numpy.int32, (40,), seed=3),
        "long": _distinct(numpy.float64, (3000,), seed=4),
        "2d": _distinct(numpy.float64, (5, 8), seed=5),
        "3d": _distinct(numpy.int64, (2, 3, 6), seed=6),
        "strided": _distinct(numpy.float64, (30,), seed=7)[::2],
        "reversed": _distinct(numpy.float64, (12,), seed=8)[::-1],
        "T": _distinct(numpy.float64, (8, 5), seed=9).T.copy().T,
        "one-nan": numpy.array([3.0, NAN, -1.0, 2.0, INF, -INF]),
        "sorted": numpy.arange(10.0),
        "empty": numpy.zeros(0),
        "size1": numpy.array([4.0]),
    }


@pytest.mark.parametrize("fn", [argsort_function, argsort_method], ids=lambda f: f.__name__)
@pytest.mark.parametrize("a", list(_argsort_inputs().values()), ids=list(_argsort_inputs()))
def test_argsort_without_ties(fn, a):
    check(fn, a)


def argsort_is_a_permutation(a):
    idx = numpy.argsort(a)
    return a[idx]


@pytest.mark.parametrize("dtype", [numpy.float64, numpy.int32], ids=_name)
def test_argsort_with_ties_sorts(dtype):
    # with ties only the sorted values a[argsort(a)] are well defined
    check(argsort_is_a_permutation, _with_ties(dtype, (200,), seed=11))


def test_sort_leaves_argument_untouched():
    a = _with_ties(numpy.float64, (100,), seed=12)
    before = a.copy()
    out = compiled(sort_function)(a)
    assert numpy.array_equal(a, before)
    assert not numpy.shares_memory(out, a)

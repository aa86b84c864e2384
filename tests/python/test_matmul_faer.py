"""Products of two float64 matrices (`a @ b`, `numpy.dot`, `numpy.matmul`) go through faer's
matrix multiply (`linalg/product.rs`): values within rounding of NumPy's (OpenBLAS sums in
another order), exact on integer-valued data (up to the sign of a zero sum, which depends on the BLAS), for every layout, empty shapes, negative
strides and unaligned views; a shape mismatch is NumPy's `ValueError`.
"""
import numpy
import pytest

import oxjit
from diff import check


def at(a, b):
    return a @ b


def dot(a, b):
    return numpy.dot(a, b)


def matmul(a, b):
    return numpy.matmul(a, b)


def layouts(x):
    return [x, numpy.asfortranarray(x), x[::-1, ::-1].copy()[::-1, ::-1], x.T.copy().T]


@pytest.mark.parametrize("fn", [at, dot, matmul])
@pytest.mark.parametrize("m, k, n", [(1, 1, 1), (3, 4, 5), (17, 33, 9), (64, 64, 64), (0, 3, 2),
                                     (3, 0, 2), (3, 2, 0)])
def test_integer_valued_products_are_exact(fn, m, k, n):
    rng = numpy.random.default_rng(m * 100 + k * 10 + n)
    a = rng.integers(-5, 6, size=(m, k)).astype(numpy.float64)
    b = rng.integers(-5, 6, size=(k, n)).astype(numpy.float64)
    for x in layouts(a):
        for y in layouts(b):
            check(fn, x, y, signed_zero=False)  # a zero sum's sign is BLAS's choice


@pytest.mark.parametrize("fn", [at, dot])
def test_random_products_within_rounding(fn):
    rng = numpy.random.default_rng(1)
    a, b = rng.random((120, 70)), rng.random((70, 90))
    check(fn, a, b, rtol=1e-12)
    check(fn, a[::2, ::-1], b[::-1, 1::3], rtol=1e-12)
    check(fn, a.T.copy(), a, rtol=1e-12)


def test_unaligned_views():
    raw = numpy.zeros(8 * 30 + 4, dtype=numpy.uint8)
    a = numpy.frombuffer(raw.data, dtype=numpy.float64, count=30, offset=4).reshape(5, 6)
    assert not a.flags.aligned
    b = numpy.arange(18.0).reshape(6, 3)
    f = oxjit.njit(at)
    numpy.testing.assert_array_equal(f(a, b), a @ b)
    raw[4:] = numpy.arange(240, dtype=numpy.uint8)
    numpy.testing.assert_allclose(f(a, b), a @ b, rtol=1e-12)


def test_shape_mismatch():
    check(at, numpy.ones((2, 3)), numpy.ones((4, 2)))
    check(dot, numpy.ones((2, 3)), numpy.ones((4, 2)))

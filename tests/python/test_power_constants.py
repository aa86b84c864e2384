"""Powers with a constant exponent (strength-reduced to multiplications, ``sqrt`` or a
reciprocal where that is exact) against CPython and NumPy, bit for bit, including NaN, infinities
and signed zeros; and the fusion of a product that consumes another product.
"""
import math

import numpy
import pytest

from diff import check, cpython_errstate

SPECIAL = [0.0, -0.0, 1.0, -1.0, 0.5, -2.5, 3.0e200, -3.0e-200, math.inf, -math.inf, math.nan,
           1.0000001, 123.456]


def p0(x):
    return x ** 0


def p1(x):
    return x ** 1


def p2(x):
    return x ** 2


def p2f(x):
    return x ** 2.0


def p3(x):
    return x ** 3


def phalf(x):
    return x ** 0.5


def pminus1(x):
    return x ** -1.0


def p13(x):
    return x ** 13


def p64(x):
    return x ** 64


def sum_square(a):
    return numpy.sum(a ** 2)


def sum_square_diff(a, b):
    return numpy.sum((a - b) ** 2)


def power_function(a):
    return numpy.power(a, 2)


SCALAR_FNS = [p0, p1, p2, p2f, p3, p13]


@pytest.mark.parametrize("fn", SCALAR_FNS, ids=lambda f: f.__name__)
@pytest.mark.parametrize("x", SPECIAL, ids=repr)
def test_python_float_powers(fn, x):
    if fn in (p3, p13) and math.isfinite(x) and abs(x) > 1e20:
        pytest.skip("OverflowError in CPython: oxjit gives inf (documented)")
    check(fn, x)


@pytest.mark.parametrize("x", [0.0, -0.0, 2.0, 0.25, math.inf, -math.inf, math.nan], ids=repr)
def test_python_half_and_reciprocal_powers_keep_pow(x):
    # (-inf) ** 0.5 is inf in Python (pow), nan under sqrt: scalars must keep pow's answer.
    check(phalf, x)
    if x != 0.0:
        check(pminus1, x)


@pytest.mark.parametrize("fn", [p0, p1, p2, p13, p64], ids=lambda f: f.__name__)
@pytest.mark.parametrize("x", [0, 1, -1, 2, -3, 7, 2 ** 31, -(2 ** 40) + 3])
def test_python_int_powers_wrap_like_int64(fn, x):
    expected = fn(x)
    if -(2 ** 63) <= expected < 2 ** 63:
        check(fn, x)


ARRAYS = {
    "special": lambda dt: numpy.array(SPECIAL, dtype=dt),
    "random": lambda dt: numpy.random.default_rng(3).standard_normal(1001).astype(dt),
    "strided_2d": lambda dt: numpy.random.default_rng(4).standard_normal((7, 10)).astype(dt)[:, ::3],
}


@pytest.mark.parametrize("fn", [p0, p1, p2, p2f, p3, phalf, pminus1, power_function],
                         ids=lambda f: f.__name__)
@pytest.mark.parametrize("make", list(ARRAYS.values()), ids=list(ARRAYS))
@pytest.mark.parametrize("dtype", [numpy.float64, numpy.float32], ids=lambda d: d.__name__)
def test_float_array_powers_match_numpy(fn, make, dtype):
    a = make(dtype)
    with cpython_errstate(all="ignore"):
        check(fn, a, rtol=None if fn is not p3 else 4e-16 if dtype == numpy.float64 else 3e-7)


@pytest.mark.parametrize("fn", [p0, p1, p2, p3, p13, power_function], ids=lambda f: f.__name__)
@pytest.mark.parametrize("dtype", [numpy.int64, numpy.int32, numpy.uint8], ids=lambda d: d.__name__)
def test_int_array_powers_wrap_like_numpy(fn, dtype):
    a = numpy.array([0, 1, 2, 3, 7, 100, 255], dtype=dtype)
    if dtype != numpy.uint8:
        a = numpy.concatenate([a, -a, numpy.array([2 ** 31 - 1], dtype=dtype)])
    check(fn, a)


def test_reductions_of_powers():
    rng = numpy.random.default_rng(5)
    a, b = rng.standard_normal(10007), rng.standard_normal(10007)
    check(sum_square, a, rtol=1e-12)
    check(sum_square_diff, a, b, rtol=1e-12)


# A product whose input is another product of a strided view: the second reduction consumes the
# first, so the two must not be scheduled into one pass (was "value used before definition").
def product_of_product(A, Y, w):
    X = A[:, ::2]
    return numpy.dot(Y * numpy.dot(X, w), X)


def sum_of_reduction(a, b):
    s = numpy.sum(a)
    return numpy.sum(b * s)


@pytest.mark.parametrize("rows", [1, 5, 4097])
def test_product_consuming_product_of_strided_view(rows):
    rng = numpy.random.default_rng(rows)
    A, Y, w = rng.standard_normal((rows, 6)), rng.standard_normal(rows), rng.standard_normal(3)
    check(product_of_product, A, Y, w, rtol=1e-12)
    check(product_of_product, numpy.asfortranarray(A), Y, w, rtol=1e-12)


def test_reduction_consuming_reduction():
    rng = numpy.random.default_rng(9)
    check(sum_of_reduction, rng.standard_normal(100), rng.standard_normal(100), rtol=1e-12)

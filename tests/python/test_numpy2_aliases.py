"""NumPy 2's array-API names of existing ufuncs (`acos`, `asin`, `atan`, `acosh`, `asinh`,
`atanh`, `atan2`, `pow`, `bitwise_invert`, `bitwise_left_shift`, `bitwise_right_shift`) compile
as the functions they alias — CPython + NumPy vs oxjit, on arrays and scalars.
"""
import numpy
import pytest

from diff import check, cpython_errstate


def trig(x):
    return numpy.acos(x) + numpy.asin(x) + numpy.atan(x)


def hyperbolic(x):
    return numpy.asinh(x) + numpy.atanh(x * 0.5) + numpy.acosh(x + 2.0)


def atan2_pow(x, y):
    return numpy.atan2(x, y) + numpy.pow(numpy.abs(x), y)


def bits(a, b):
    return numpy.bitwise_invert(a) + numpy.bitwise_left_shift(a, b) + numpy.bitwise_right_shift(a, b)


def complex_alias(z):
    return numpy.acos(z) * numpy.asinh(z) - numpy.atanh(z)


X = numpy.linspace(-0.9, 0.9, 11)


@pytest.mark.parametrize("x", [X, X[::-2], 0.25])
def test_float_aliases(x):
    # libm's values; NumPy >= 2.4's SIMD loops (contiguous arrays, and its scalars) can differ
    # in the last place.
    check(trig, x, rtol=2e-15)
    check(hyperbolic, x, rtol=2e-15)
    check(atan2_pow, x, 1.5, rtol=2e-15)


def test_int_and_complex_aliases():
    a = numpy.arange(-5, 6)
    check(bits, a, numpy.arange(11) % 4)
    check(bits, 7, 2)
    with cpython_errstate(all="ignore"):
        check(complex_alias, X * (1 + 2j))

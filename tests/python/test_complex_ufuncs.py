"""Element-wise `sin`, `cos`, `tan`, `arcsin`, `arccos`, `arctan`, `sinh`, `cosh`, `tanh`,
`arcsinh`, `arccosh`, `arctanh` and `log10` of complex128 and complex64 arrays: the C
library's functions, as NumPy calls them, so the bits are NumPy's (special values from C99
Annex G included) — CPython + NumPy vs oxjit on C, strided and Fortran layouts.
"""
import itertools

import numpy
import pytest

from diff import check, cpython_errstate


def np_sin(a):
    return numpy.sin(a)


def np_cos(a):
    return numpy.cos(a)


def np_tan(a):
    return numpy.tan(a)


def np_arcsin(a):
    return numpy.arcsin(a)


def np_arccos(a):
    return numpy.arccos(a)


def np_arctan(a):
    return numpy.arctan(a)


def np_sinh(a):
    return numpy.sinh(a)


def np_cosh(a):
    return numpy.cosh(a)


def np_tanh(a):
    return numpy.tanh(a)


def np_arcsinh(a):
    return numpy.arcsinh(a)


def np_arccosh(a):
    return numpy.arccosh(a)


def np_arctanh(a):
    return numpy.arctanh(a)


def np_log10(a):
    return numpy.log10(a)


def chained(a):
    return numpy.sin(a) * numpy.cosh(a) + numpy.log10(a + 1.0)


FUNCS = [np_sin, np_cos, np_tan, np_arcsin, np_arccos, np_arctan, np_sinh, np_cosh, np_tanh,
         np_arcsinh, np_arccosh, np_arctanh, np_log10]

RNG = numpy.random.default_rng(5)
RANDOM = (RNG.normal(size=600) * 3 + 1j * RNG.normal(size=600) * 3).reshape(20, 30)
SPECIAL = [0.0, -0.0, 1.0, -1.0, 2.5, 800.0, numpy.inf, -numpy.inf, numpy.nan]
EDGES = numpy.array([complex(a, b) for a, b in itertools.product(SPECIAL, SPECIAL)])


@pytest.mark.parametrize("fn", FUNCS + [chained], ids=lambda f: f.__name__)
@pytest.mark.parametrize("dtype", [numpy.complex128, numpy.complex64])
def test_random_values(fn, dtype):
    base = RANDOM.astype(dtype)
    for a in [base, base[::2, ::-3], numpy.asfortranarray(base), base.T]:
        with cpython_errstate(all="ignore"):
            check(fn, a)


@pytest.mark.parametrize("fn", FUNCS, ids=lambda f: f.__name__)
@pytest.mark.parametrize("dtype", [numpy.complex128, numpy.complex64])
def test_special_values(fn, dtype):
    with cpython_errstate(all="ignore"):
        check(fn, EDGES.astype(dtype))
        check(fn, numpy.zeros(0, dtype))

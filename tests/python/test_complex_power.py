"""`**` and `numpy.power` (and `add`/`subtract`/`multiply`/`divide` as functions) on complex
arrays: NumPy's `npy_cpow` — exact for integral real exponents below 100 (repeated products),
within rounding for other exponents (`exp(b log a)`), zero bases and exponents as NumPy —
complex128 and complex64, every layout, scalars on either side; CPython + NumPy vs oxjit.
"""
import numpy
import pytest

from diff import check, cpython_errstate

hypothesis = pytest.importorskip("hypothesis")
from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402


def pow_op(a, b):
    return a ** b


def pow_fn(a, b):
    return numpy.power(a, b)


def ufuncs(a, b):
    return numpy.add(a, b), numpy.subtract(a, b), numpy.multiply(a, b), numpy.divide(a, b)


def ipow(a, b):
    a **= b
    return a


Z = numpy.array([1 + 2j, -1j, 3.0, -0.5 + 0.25j, 0j, 2.5 - 4j])


def layouts(base):
    return [base, base[::-1], base[::2]]


@pytest.mark.parametrize("k", [0, 1, 2, 3, 4, 7, -1, -2, -5, 99, -99])
def test_integral_exponents_are_exact(k):
    with cpython_errstate(all="ignore"):
        for a in layouts(Z):
            check(pow_op, a, k)
            check(pow_op, a, float(k))
            check(pow_fn, a.astype(numpy.complex64), k)


@pytest.mark.parametrize("b", [0.5, -1.5, 100.0, 2.5 + 1j, -1j, 1e-3])
def test_other_exponents(b):
    with cpython_errstate(all="ignore"):
        check(pow_op, Z[Z != 0], b, rtol=1e-12)
        if b != 100.0:  # NumPy's single-precision cpowf loses ~1e-6 at such powers
            check(pow_fn, Z[Z != 0].astype(numpy.complex64), b, rtol=1e-5)


def test_zero_base_and_arrays_of_exponents():
    with cpython_errstate(all="ignore"):
        check(pow_op, numpy.zeros(3, numpy.complex128), numpy.array([2.0, -1.0, 1j]))
        check(pow_op, Z, Z[::-1], rtol=1e-12)
        check(pow_op, 2.0, Z, rtol=1e-12)
        check(pow_op, numpy.array([1.5, -2.0, 3.0]), numpy.array([1j, 2, 0.5 + 0.5j]), rtol=1e-12)
        check(ipow, Z.copy(), 3)


def test_ufunc_functions():
    with cpython_errstate(all="ignore"):
        check(ufuncs, Z, Z[::-1])
        check(ufuncs, Z, 2.0)
        check(ufuncs, numpy.arange(6.0), Z)


@settings(max_examples=60, deadline=None)
@given(re=st.floats(-10, 10), im=st.floats(-10, 10), k=st.integers(-20, 20))
def test_hypothesis(re, im, k):
    with cpython_errstate(all="ignore"):
        check(pow_op, numpy.array([complex(re, im), complex(im, re)]), k, rtol=1e-13)

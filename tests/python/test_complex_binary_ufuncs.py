"""Binary ufuncs of complex arrays beyond arithmetic: the comparisons (functions and the
`<`, `<=`, `>`, `>=` operators: NumPy's lexicographic order), `maximum`/`minimum`/`fmax`/`fmin`
(NaN parts as NumPy's loops), `logical_and`/`or`/`xor` and `float_power`. Differential against
NumPy, bit for bit, with NaN and infinite parts, complex64 and complex128, real operands mixed
in, numbers with arrays, C/Fortran/strided layouts."""
import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

import oxjit
from diff import check, cpython_errstate


def comparisons(a, b):
    return (np.equal(a, b), np.not_equal(a, b), np.less(a, b), np.less_equal(a, b),
            np.greater(a, b), np.greater_equal(a, b))


def operators(a, b):
    return a < b, a <= b, a > b, a >= b


def extrema(a, b):
    return np.maximum(a, b), np.minimum(a, b), np.fmax(a, b), np.fmin(a, b)


def logical(a, b):
    return np.logical_and(a, b), np.logical_or(a, b), np.logical_xor(a, b)


def float_power(a, b):
    return np.float_power(a, b)


def with_number(a):
    return np.maximum(a, 1 + 1j), np.less(0.5j, a), np.logical_or(a, 0j), a >= 1.0


def both_numbers():
    return np.maximum(1j, 2j)


SPECIAL = [complex(np.nan, 0), complex(0, np.nan), complex(1, np.nan), complex(np.nan, 1),
           complex(np.inf, 1), complex(1, -np.inf), 0j, complex(-0.0, 0.0), 1 + 1j, 1 + 2j,
           2 + 1j, -1 - 1j, 1 + 0j]


def pairs(dtype):
    a = np.array([x for x in SPECIAL for _ in SPECIAL], dtype=dtype)
    b = np.array([y for _ in SPECIAL for y in SPECIAL], dtype=dtype)
    return a, b


def layouts(a):
    m = a[: (a.size // 12) * 12].reshape(12, -1)
    return [m, np.asfortranarray(m), m[::2, ::-1]]


@pytest.mark.parametrize("dtype", [np.complex128, np.complex64], ids=["c128", "c64"])
def test_special_values_every_pair(dtype):
    a, b = pairs(dtype)
    with cpython_errstate(all="ignore"):
        for f in (comparisons, operators, extrema, logical):
            check(f, a, b)
            for x, y in zip(layouts(a), layouts(b)):
                check(f, x, y)


def test_real_operands_and_numbers():
    a, b = pairs(np.complex128)
    real = np.linspace(-2.0, 2.0, a.size)
    for f in (comparisons, extrema, logical):
        check(f, a, real)
        check(f, real.astype(np.float32), b)
        check(f, a, np.arange(a.size) % 3)
    check(with_number, a)
    check(comparisons, a.astype(np.complex64), b)   # complex64 with complex128 promotes


def test_float_power():
    a = np.array([1 + 1j, 2 - 0.5j, -1 + 0j, 0.5j], dtype=np.complex64)
    check(float_power, a, 2.0, rtol=1e-15)
    check(float_power, a, np.array([0.5, 1.5, 2.0, -1.0]), rtol=1e-15)
    check(float_power, a.astype(np.complex128), 1 + 1j, rtol=1e-15)


def test_two_complex_numbers_are_refused_clearly():
    with pytest.raises(oxjit.UnsupportedError, match="complex"):
        oxjit.njit(both_numbers)()


parts = st.sampled_from([0.0, -0.0, 1.0, -1.0, 2.5, np.nan, np.inf, -np.inf])


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(parts, parts, parts, parts), min_size=1, max_size=12))
def test_any_parts(rows):
    a = np.array([complex(r[0], r[1]) for r in rows])
    b = np.array([complex(r[2], r[3]) for r in rows])
    with cpython_errstate(all="ignore"):
        for f in (comparisons, extrema, logical):
            check(f, a, b)

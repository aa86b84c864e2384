"""``numpy.interp``, ``convolve``, ``correlate``, ``trapezoid``, ``isclose``, ``allclose`` and
``array_equal`` inside compiled functions, differential against NumPy: values, dtypes and
shapes on C, Fortran-ordered and strided inputs, NaN/inf, empty inputs and NumPy's errors.
Sums (convolutions, ``trapezoid``) are compared within rounding: NumPy's dot products and
pairwise sums add in another order.
"""
import numpy
import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

import oxjit
from diff import check, cpython_errstate


def f_interp(x, xp, fp):
    return numpy.interp(x, xp, fp)


def f_interp_lr(x, xp, fp):
    return numpy.interp(x, xp, fp, left=-1.0, right=99)


def f_convolve(a, v):
    return numpy.convolve(a, v)


def f_correlate(a, v):
    return numpy.correlate(a, v)


def f_convolve_same(a, v):
    return numpy.convolve(a, v, mode="same")


def f_convolve_valid(a, v):
    return numpy.convolve(a, v, "valid")


def f_correlate_full(a, v):
    return numpy.correlate(a, v, mode="full")


def f_correlate_same(a, v):
    return numpy.correlate(a, v, mode="same")


def f_convolve_bad_mode(a, v):
    return numpy.convolve(a, v, mode="middle")


MODES = [f_convolve_same, f_convolve_valid, f_correlate_full, f_correlate_same]


def f_trapezoid(y):
    return numpy.trapezoid(y)


def f_trapezoid_x(y, x):
    return numpy.trapezoid(y, x)


def f_trapezoid_dx(y):
    return numpy.trapezoid(y, dx=0.25)


def f_isclose(a, b):
    return numpy.isclose(a, b)


def f_isclose_opts(a, b):
    return numpy.isclose(a, b, rtol=1e-3, atol=0.5, equal_nan=True)


def f_allclose(a, b):
    return numpy.allclose(a, b)


def f_allclose_nan(a, b):
    return numpy.allclose(a, b, equal_nan=True)


def f_array_equal(a, b):
    return numpy.array_equal(a, b)


def f_array_equal_nan(a, b):
    return numpy.array_equal(a, b, equal_nan=True)


XP = np.array([0.0, 1.0, 2.5, 4.0, 4.0, 7.0])
FP = np.array([1.0, -2.0, 3.5, 0.0, 8.0, np.inf])
X = np.array([-1.0, 0.0, 0.5, 1.0, 2.0, 3.9, 4.0, 5.5, 7.0, 7.5, np.nan, np.inf, -np.inf])


def test_interp_values():
    for fn in (f_interp, f_interp_lr):
        check(fn, X, XP, np.arange(6.0))
        check(fn, X, XP, FP)
        check(fn, X[::2], XP, FP)
        check(fn, np.asfortranarray(X[:12].reshape(3, 4)), XP, FP)
        check(fn, X[:0], XP, FP)
        check(fn, 2.0, XP, FP)
        check(fn, 3, XP, FP)
        check(fn, np.arange(10), np.array([1, 3, 8]), np.array([10, 20, 5]))
        check(fn, X, XP[:1], FP[:1])


def test_interp_errors():
    check(f_interp, X, XP[:0], FP[:0])
    check(f_interp, X, XP, FP[:3])


@settings(max_examples=80, deadline=None)
@given(st.lists(st.floats(-1e6, 1e6), min_size=1, max_size=12),
       st.lists(st.floats(-1e6, 1e6), min_size=1, max_size=12),
       st.lists(st.one_of(st.floats(-2e6, 2e6), st.just(float("nan"))), min_size=0, max_size=12))
def test_interp_hypothesis(xp, fp, x):
    n = min(len(xp), len(fp))
    xp = np.sort(np.array(xp[:n]))
    fp = np.array(fp[:n])
    check(f_interp, np.array(x), xp, fp, rtol=1e-12)


A = np.array([1.0, -2.0, 0.5, 3.0, 4.0, -1.5, 2.0])
V = np.array([0.25, 1.0, -3.0])


@pytest.mark.parametrize("fn", [f_convolve, f_correlate])
def test_convolutions(fn):
    check(fn, A, V, rtol=1e-14)
    check(fn, V, A, rtol=1e-14)
    check(fn, A[::2], V[::-1], rtol=1e-14)
    check(fn, A, A, rtol=1e-14)
    check(fn, A[:1], V[:1], rtol=1e-14)
    check(fn, A.astype(np.float32), V.astype(np.float32), rtol=1e-6)
    check(fn, np.arange(9), np.array([1, -2, 3]))
    check(fn, np.arange(9, dtype=np.int32), np.array([1, -2, 3]))
    check(fn, np.arange(9), np.array([1.5, -2.0]), rtol=1e-14)
    check(fn, np.array([np.nan, 1.0, np.inf]), np.array([1.0, 2.0]))
    check(fn, A[:0], V)
    check(fn, A, V[:0])


@pytest.mark.parametrize("fn", MODES)
def test_convolution_modes(fn):
    for a, v in [(A, V), (V, A), (A, A), (A[:1], V), (V, A[:1]), (A[:4], A[::-1]),
                 (A[::2], V[:2])]:
        check(fn, a, v, rtol=1e-14)
        check(fn, np.rint(a * 4).astype(np.int64), np.rint(v * 4).astype(np.int64))
    check(fn, A[:0], V)


def test_convolution_refusals():
    with pytest.raises(oxjit.UnsupportedError, match="'full', 'same' or 'valid'"):
        oxjit.njit(f_convolve_bad_mode)(A, V)
    with pytest.raises(oxjit.UnsupportedError, match="int64"):
        oxjit.njit(f_convolve)(np.arange(3, dtype=np.int32), np.arange(3, dtype=np.int32))


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(-1000, 1000), min_size=1, max_size=15),
       st.lists(st.integers(-1000, 1000), min_size=1, max_size=15))
def test_convolutions_hypothesis(a, v):
    a, v = np.array(a, dtype=np.int64), np.array(v, dtype=np.int64)
    check(f_convolve, a, v)
    check(f_correlate, a, v)
    check(f_convolve, a.astype(float), v.astype(float), rtol=1e-12)
    for fn in MODES:
        check(fn, a, v)


def test_trapezoid():
    y = np.array([1.0, 4.0, 9.0, 16.0, 25.0])
    x = np.array([0.0, 0.5, 2.0, 2.5, 4.0])
    check(f_trapezoid, y, rtol=1e-15)
    check(f_trapezoid_dx, y, rtol=1e-15)
    check(f_trapezoid_x, y, x, rtol=1e-15)
    check(f_trapezoid_x, y[::-1], x[::2].repeat(2)[:5], rtol=1e-15)
    check(f_trapezoid, np.arange(6), rtol=1e-15)
    check(f_trapezoid, y.astype(np.float32), rtol=1e-6)
    check(f_trapezoid, y[:1])
    check(f_trapezoid, y[:0])
    check(f_trapezoid, np.array([1.0, np.nan, 2.0]))
    check(f_trapezoid_x, y, x[:3])


B = np.array([1.0, 1.000001, 1.1, np.nan, np.inf, -np.inf, 0.0, 1e-9])
C = np.array([1.0, 1.0, 1.0, np.nan, np.inf, np.inf, 1e-9, 0.0])


@pytest.mark.parametrize("fn", [f_isclose, f_isclose_opts, f_allclose, f_allclose_nan])
def test_close(fn):
    check(fn, B, C)
    check(fn, B[::2], C[1::2])
    check(fn, B[:4], 1.0)
    check(fn, 1.0, C)
    check(fn, np.asfortranarray(B.reshape(2, 4)), C[:4])
    check(fn, B.reshape(4, 2), C.reshape(4, 2)[:, :1])
    check(fn, B.astype(np.float32), C.astype(np.float32))
    check(fn, np.arange(5), np.arange(5) + 1e-9)
    check(fn, B[:0], C[:0])
    check(fn, B, C[:3])
    check(fn, 1.0, 1.0 + 1e-7)


@pytest.mark.parametrize("fn", [f_array_equal, f_array_equal_nan])
def test_array_equal(fn):
    check(fn, B, B.copy())
    check(fn, B, C)
    check(fn, B[:3], B[:3].copy())
    check(fn, B, B[:4])
    check(fn, B.reshape(2, 4), B.reshape(4, 2))
    check(fn, np.asfortranarray(B.reshape(2, 4)), B.reshape(2, 4))
    check(fn, np.arange(6), np.arange(6.0))
    check(fn, np.array([2**62 + 1]), np.array([2**62]))
    check(fn, np.array([True, False]), np.array([1, 0]))
    check(fn, B[:0], C[:0])


def f_cov(m):
    return numpy.cov(m)


def f_cov_y(m, y):
    return numpy.cov(m, y)


def f_cov_opts(m):
    return numpy.cov(m, rowvar=False, bias=True)


def f_cov_ddof(m):
    return numpy.cov(m, ddof=0)


def f_corrcoef(x):
    return numpy.corrcoef(x)


def f_corrcoef_y(x, y):
    return numpy.corrcoef(x, y)


def f_corrcoef_cols(x):
    return numpy.corrcoef(x, rowvar=False)


M = np.random.default_rng(3).normal(size=(3, 7))


@pytest.mark.parametrize("fn", [f_cov, f_cov_opts, f_cov_ddof, f_corrcoef, f_corrcoef_cols])
def test_cov_corrcoef(fn):
    check(fn, M, rtol=1e-12)
    check(fn, np.asfortranarray(M), rtol=1e-12)
    check(fn, M[:, ::2], rtol=1e-12)
    check(fn, M[0], rtol=1e-12)
    check(fn, np.arange(12).reshape(3, 4), rtol=1e-12)
    check(fn, M.astype(np.float32), rtol=1e-6)


@pytest.mark.parametrize("fn", [f_cov_y, f_corrcoef_y])
def test_cov_corrcoef_two(fn):
    check(fn, M[0], M[1], rtol=1e-12)
    check(fn, M, M[::-1], rtol=1e-12)
    check(fn, M[:2], M[2], rtol=1e-12)


def test_cov_corrcoef_degenerate():
    with cpython_errstate(all="ignore"):
        import warnings
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            check(f_corrcoef, np.array([[1.0, 2.0, 4.0], [2.0, 2.0, 2.0]]))
            check(f_corrcoef, np.array([5.0, 5.0, 5.0]))
            check(f_cov, np.array([1.0]))
            check(f_cov_y, np.array([1.0, 2.0]), np.array([1.0, 2.0, 3.0]))

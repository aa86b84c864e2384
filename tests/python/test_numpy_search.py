"""Searching, counting and sets inside compiled functions (differential against NumPy):
``searchsorted`` (``side="left"``), ``digitize`` (``right=``), ``bincount`` (``weights=``,
``minlength=``), ``histogram`` (int or array ``bins``, ``range=``, ``density=``), ``isin``
(``invert=``), ``intersect1d``, ``union1d``, ``setdiff1d`` on C, Fortran and strided inputs of
several dtypes; NaN/inf and empty inputs; NumPy's errors. Everything is exact except
``histogram(density=True)`` (``RTOL = 1e-12``).
"""
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import oxjit
from diff import check

RTOL = 1e-12


def searchsorted(a, v):
    return np.searchsorted(a, v)


def digitize(x, bins):
    return np.digitize(x, bins)


def digitize_right(x, bins):
    return np.digitize(x, bins, right=True)


def bincount(x):
    return np.bincount(x)


def bincount_weights(x, w):
    return np.bincount(x, weights=w)


def bincount_minlength(x, n):
    return np.bincount(x, minlength=n)


def histogram(a):
    return np.histogram(a)


def histogram_bins(a, bins):
    return np.histogram(a, bins)


def histogram_range(a, n, lo, hi):
    return np.histogram(a, bins=n, range=(lo, hi))


def histogram_density(a, bins):
    return np.histogram(a, bins=bins, density=True)


def histogram_density_range(a):
    return np.histogram(a, 4, (0.0, 2), True)


def isin(e, t):
    return np.isin(e, t)


def isin_invert(e, t):
    return np.isin(e, t, invert=True)


def sets(a, b):
    return np.intersect1d(a, b), np.union1d(a, b), np.setdiff1d(a, b)


def vlayouts(a):
    """C, strided and reversed copies of a 1-D array (and F order for 2-D)."""
    if a.ndim == 2:
        big = np.zeros((2 * a.shape[0], 2 * a.shape[1]), dtype=a.dtype)
        big[::2, ::2] = a
        return [a.copy(), np.asfortranarray(a), big[::2, ::2]]
    return [a.copy(), np.repeat(a, 2)[::2], a[::-1].copy()[::-1]]


SORTED = np.array([-3.0, -1.0, 0.0, 0.0, 2.5, 2.5, 2.5, 7.0, np.inf])
VALUES = np.array([[-5.0, -3.0, 0.0, 1.0], [2.5, 3.0, 7.0, np.nan], [np.inf, -np.inf, 100.0, 2.4]])


@pytest.mark.parametrize("dtype", [np.float64, np.float32, np.int64, np.int32])
def test_searchsorted(dtype):
    srt = SORTED[:-1].astype(dtype)
    vals = np.nan_to_num(VALUES, posinf=50, neginf=-50).astype(dtype)
    for a in vlayouts(srt):
        for v in vlayouts(vals) + vlayouts(vals[1]):
            check(searchsorted, a, v)
        for s in [-4, 0, 2.5, 2, 100, float("nan"), True]:
            check(searchsorted, a, s)
    check(searchsorted, SORTED, VALUES)
    check(searchsorted, np.array([1.0, np.nan, np.nan]), np.array([np.nan, 1.0, 5.0]))
    check(searchsorted, np.zeros(0), VALUES[0])
    check(searchsorted, srt, np.zeros(0, dtype=dtype))


def test_searchsorted_large_ints_are_exact():
    a = np.array([2**60, 2**60 + 1, 2**60 + 2])
    check(searchsorted, a, 2**60 + 1)
    check(searchsorted, a, np.array([2**60 + 2, 2**60]))


@pytest.mark.parametrize("dtype", [np.float64, np.int64])
def test_digitize(dtype):
    bins = np.array([-3.0, -1.0, 0.0, 0.0, 2.5, 7.0]).astype(dtype)
    vals = np.nan_to_num(VALUES, posinf=50, neginf=-50).astype(dtype)
    for b in vlayouts(bins) + vlayouts(bins[::-1].copy()):
        for x in vlayouts(vals) + [vals[0], vals[:, 1]]:
            check(digitize, x, b)
            check(digitize_right, x, b)
        check(digitize, 2.5, b)
        check(digitize_right, 0, b)
    check(digitize, VALUES, np.array([-1.0, 2.5, np.inf]))
    check(digitize, VALUES[0], np.zeros(0))


def test_digitize_needs_monotonic_bins():
    check(digitize, VALUES[0], np.array([1.0, 3.0, 2.0]), exact_exception=True)
    check(digitize, VALUES[0], np.array([3.0, 1.0, 2.0]), exact_exception=True)
    check(digitize, VALUES[0], np.ones(3))


@pytest.mark.parametrize("dtype", [np.int64, np.int32, np.uint8, np.bool_])
def test_bincount(dtype):
    x = np.array([0, 3, 3, 1, 7, 3, 0, 1]).astype(dtype)
    w = np.linspace(-1, 2, 8)
    for xx in vlayouts(x):
        check(bincount, xx)
        for ww in vlayouts(w):
            check(bincount_weights, xx, ww)
        for n in [0, 3, 12]:
            check(bincount_minlength, xx, n)
    check(bincount, np.zeros(0, dtype=dtype))
    check(bincount_minlength, np.zeros(0, dtype=dtype), 4)


def test_bincount_errors():
    check(bincount, np.array([1, -1, 2]), exact_exception=True)
    check(bincount_minlength, np.array([1, 2]), -1, exact_exception=True)
    check(bincount_weights, np.array([1, 2]), np.ones(3), exact_exception=True)
    with pytest.raises(TypeError, match=r"Cannot cast array data from dtype\('float64'\)"):
        oxjit.njit(bincount)(np.ones(3))


@pytest.mark.parametrize("dtype", [np.float64, np.int64, np.int32, np.uint8])
def test_histogram(dtype):
    rng = np.random.RandomState(3)
    data = rng.normal(5, 3, size=(6, 7)).clip(0, 20).astype(dtype)
    for a in vlayouts(data) + [data[0], data[:, 2]]:
        check(histogram, a)
        for n in [1, 3, 17]:
            check(histogram_bins, a, n)
            check(histogram_range, a, n, 2, 9.5)
            check(histogram_range, a, n, -1.0, 3)
        edges = np.array([0.0, 1.0, 2.5, 2.5, 4.0, 8.0, 30.0])
        for e in vlayouts(edges):
            check(histogram_bins, a, e)
            check(histogram_density, a, e, rtol=RTOL)
        check(histogram_bins, a, np.array([0, 3, 5, 20]))
        check(histogram_density, a, 5, rtol=RTOL)
        check(histogram_density_range, a, rtol=RTOL)


def test_histogram_special_inputs():
    check(histogram, np.zeros(0))
    check(histogram, np.ones(5))                       # equal extremes: +-0.5
    check(histogram, np.array([3, 3]))
    with_nan = np.array([1.0, np.nan, 2.0, np.inf])
    check(histogram_range, with_nan, 4, 0, 3)          # NaN and inf outside the range
    check(histogram_bins, with_nan, np.array([0.0, 1.0, 5.0]))
    check(histogram, with_nan, exact_exception=True)   # autodetected range not finite
    check(histogram, np.array([1.0, np.inf]), exact_exception=True)
    check(histogram_range, np.ones(3), 4, 3, 1, exact_exception=True)
    check(histogram_range, np.ones(3), 4, 0.0, np.inf, exact_exception=True)  # ints print as floats
    check(histogram_bins, np.ones(3), 0, exact_exception=True)
    check(histogram_bins, np.ones(3), np.array([1.0, 0.0]), exact_exception=True)
    edge = np.array([0.0, 0.1, 0.2, 0.30000000000000004, 0.7, 1.0])
    check(histogram_range, edge, 10, 0, 1)             # values on computed edges


def test_histogram_float32_is_unsupported():
    with pytest.raises(oxjit.UnsupportedError, match=r"float32.*\n.*-->"):
        oxjit.njit(histogram)(np.ones(3, dtype=np.float32))


@pytest.mark.parametrize("dtype", [np.float64, np.int64, np.int32, np.bool_])
def test_isin_and_sets(dtype):
    a = np.array([[3, 1, 4, 1], [5, 9, 2, 6]]).astype(dtype)
    b = np.array([9, 7, 1, 3, 3, 0]).astype(dtype)
    for x in vlayouts(a) + [a[0], a[:, 1]]:
        for t in vlayouts(b):
            check(isin, x, t)
            check(isin_invert, x, t)
    for x in vlayouts(a[1]) + [a[0]]:
        for t in vlayouts(b):
            check(sets, x, t)
    check(sets, a, b[:4])
    e = np.zeros(0, dtype=dtype)
    check(sets, e, b)
    check(sets, b, e)
    check(isin, e, b)


def test_nan_in_sets():
    a = np.array([np.nan, 1.0, np.nan, 2.0, -np.inf])
    b = np.array([2.0, np.nan, -np.inf])
    check(isin, a, b)
    check(sets, a, b)
    check(sets, b[:1], a)
    check(sets, a[1:2], b)


def test_mixed_dtype_sets_are_unsupported():
    with pytest.raises(oxjit.UnsupportedError, match="different dtypes"):
        oxjit.njit(sets)(np.ones(3), np.ones(3, dtype=np.int64))


small = st.one_of(st.integers(-20, 20).map(float), st.just(np.nan), st.just(np.inf))


@settings(max_examples=80, deadline=None)
@given(a=hnp.arrays(np.float64, st.integers(0, 12), elements=small),
       b=hnp.arrays(np.float64, st.integers(0, 12), elements=small),
       n=st.integers(1, 8))
def test_random(a, b, n):
    s = np.sort(a)
    check(searchsorted, s, b)
    check(isin, a, b) if a.size else None
    check(sets, a, b)
    finite = a[np.isfinite(a)]
    check(histogram_bins, finite, n)
    check(histogram_range, a, n, -5, 5.5)
    ints = np.abs(finite).astype(np.int64)
    check(bincount, ints)
    bins = np.unique(b[np.isfinite(b)])
    if bins.size:
        check(digitize, a, bins)
        check(digitize_right, a, bins[::-1].copy())


@pytest.mark.parametrize("dtype", [np.float64, np.float32, np.int64, np.int32])
def test_searchsorted_many_values(dtype):
    # Many values into a long array: the values are sorted and walked in step with `a`.
    rng = np.random.RandomState(5)
    a = np.sort((rng.normal(size=9000) * 100).astype(dtype))
    v = (rng.normal(size=(80, 70)) * 120).astype(dtype)
    v[::9, ::4] = a[::50][: v[::9, ::4].size].reshape(v[::9, ::4].shape)  # exact hits
    if np.dtype(dtype).kind == "f":
        a[-40:] = np.nan
        v[::13] = np.nan
    for x in vlayouts(v) + [v.ravel()[::-1]]:
        check(searchsorted, a, x)
    check(searchsorted, a[::2], v.ravel())
    check(searchsorted, np.repeat(a[:3000], 3), v)


def bincount_of(x):
    return np.bincount(x)


def bincount_weighted(x, w):
    return np.bincount(x, w)


def test_bincount_of_huge_items_raises_not_aborts():
    # The counts array would be 32 GiB (NumPy: MemoryError) or beyond the address space
    # (NumPy: ValueError); an item of 2**63 - 1 overflows the length itself.
    with pytest.raises(MemoryError, match="Unable to allocate"):
        oxjit.njit(bincount_of)(np.array([1, 4294967293]))
    check(bincount_of, np.array([1, 2**62]), exact_exception=True)
    # (NumPy 2.4 itself corrupts its heap on an item of 2**63 - 1: no CPython side here.)
    for big in (2**62, 2**63 - 1):
        with pytest.raises(ValueError, match="array is too big"):
            oxjit.njit(bincount_of)(np.array([1, big]))
        with pytest.raises(ValueError, match="array is too big"):
            oxjit.njit(bincount_weighted)(np.array([1, big]), np.ones(2))

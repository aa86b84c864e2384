"""Statistics inside compiled functions (differential against NumPy): ``median``,
``percentile``/``quantile`` (linear method, scalar or array ``q``) and their ``nan`` forms,
``nansum nanmean nanvar nanstd nanmin nanmax nanargmin nanargmax``, ``ptp`` and
``count_nonzero``; whole array or ``axis=`` int, on float64/float32/int64/int32/uint8/bool data
in C, Fortran and strided layouts; NaN/inf and empty inputs; NumPy's errors.

Quantiles, medians, minima, positions and counts are exact. Sums and moments are compared
within ``RTOL64 = 1e-12`` / ``RTOL32 = 1e-4`` (NumPy sums pairwise, oxjit in order).
"""
import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import oxjit
from diff import check, cpython_errstate

RTOL64 = 1e-12
RTOL32 = 1e-4

pytestmark = pytest.mark.filterwarnings("ignore::RuntimeWarning")


def median(a):
    return np.median(a)


def median_axis(a, k):
    return np.median(a, axis=k)


def nanmedian(a):
    return np.nanmedian(a)


def nanmedian_axis(a, k):
    return np.nanmedian(a, k)


def quantile(a, q):
    return np.quantile(a, q)


def quantile_axis(a, q, k):
    return np.quantile(a, q, axis=k)


def percentile(a, q):
    return np.percentile(a, q)


def percentile_axis(a, q, k):
    return np.percentile(a, q, k)


def nanquantile(a, q):
    return np.nanquantile(a, q)


def nanpercentile_axis(a, q, k):
    return np.nanpercentile(a, q, axis=k)


def nansum(a):
    return np.nansum(a)


def nansum_axis(a, k):
    return np.nansum(a, axis=k)


def nanmean(a):
    return np.nanmean(a)


def nanmean_axis(a, k):
    return np.nanmean(a, axis=k)


def nanvar(a, d):
    return np.nanvar(a, ddof=d)


def nanstd_axis(a, k, d):
    return np.nanstd(a, axis=k, ddof=d)


def nanvar_axis(a, k):
    return np.nanvar(a, k)


def extremes(a):
    return np.nanmin(a), np.nanmax(a), np.ptp(a)


def extremes_axis(a, k):
    return np.nanmin(a, axis=k), np.nanmax(a, axis=k), np.ptp(a, axis=k)


def nanmin_only(a):
    return np.nanmin(a)


def nanmax_only(a):
    return np.nanmax(a)


def ptp_only(a):
    return np.ptp(a)


def positions(a):
    return np.nanargmin(a), np.nanargmax(a)


def positions_axis(a, k):
    return np.nanargmin(a, axis=k), np.nanargmax(a, axis=k)


def nanargmin_only(a):
    return np.nanargmin(a)


def count(a):
    return np.count_nonzero(a)


def count_axis(a, k):
    return np.count_nonzero(a, axis=k)


def layouts(a):
    out = [a.copy(), np.asfortranarray(a)]
    if a.ndim == 2:
        big = np.zeros((2 * a.shape[0], 3 * a.shape[1]), dtype=a.dtype)
        big[::2, ::3] = a
        out += [big[::2, ::3], a[::-1, ::-1]]
    else:
        out += [a[::-1], np.repeat(a, 2)[::2]]
    return out


def rtol(a):
    return RTOL32 if a.dtype == np.float32 else RTOL64


DTYPES = [np.float64, np.float32, np.int64, np.int32, np.uint8, np.bool_]
SHAPES = [(7,), (6,), (4, 5), (1, 3), (3, 1)]


def data(dtype, shape, seed=0):
    rng = np.random.RandomState(seed)
    if dtype == np.bool_:
        return rng.uniform(size=shape) > 0.4
    return rng.uniform(-20, 40, size=shape).round(1).astype(dtype)


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("shape", SHAPES)
def test_medians_and_quantiles(dtype, shape):
    for a in layouts(data(dtype, shape)):
        check(median, a)
        check(nanmedian, a)
        for k in range(-a.ndim, a.ndim):
            check(median_axis, a, k)
            check(nanmedian_axis, a, k)
        if dtype == np.bool_:
            continue
        for q in [0.0, 0.25, 0.5, 0.9, 1.0, 1 / 3]:
            check(quantile, a, q)
            check(nanquantile, a, q)
            check(percentile, a, q * 100)
        check(quantile, a, 1)
        qs = np.array([0.0, 0.1, 0.5, 0.75, 1.0])
        check(quantile, a, qs)
        check(percentile, a, qs * 100)
        for k in range(a.ndim):
            check(quantile_axis, a, 0.3, k)
            check(quantile_axis, a, qs, k)
            check(percentile_axis, a, 42.0, k)
            check(nanpercentile_axis, a, qs * 100, k)


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("shape", SHAPES)
def test_nan_reductions(dtype, shape):
    for a in layouts(data(dtype, shape, 1)):
        r = rtol(a)
        check(nansum, a, rtol=r)
        check(nanmean, a, rtol=r)
        for d in [0, 1, 2.5]:
            check(nanvar, a, d, rtol=r)
        check(positions, a)
        check(count, a)
        if dtype != np.bool_:
            check(extremes, a)
        else:
            check(nanmin_only, a)
            check(nanmax_only, a)
        for k in range(-a.ndim, a.ndim):
            check(nansum_axis, a, k, rtol=r)
            check(nanmean_axis, a, k, rtol=r)
            check(nanvar_axis, a, k, rtol=r)
            check(nanstd_axis, a, k, 1, rtol=r)
            check(positions_axis, a, k)
            check(count_axis, a, k)
            if dtype != np.bool_:
                check(extremes_axis, a, k)


def with_nans(dtype=np.float64):
    a = np.array([[1.5, np.nan, -2.0, 4.0],
                  [np.nan, np.nan, np.nan, np.nan],
                  [np.inf, 3.0, np.nan, -np.inf]], dtype=dtype)
    return a


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_nan_and_inf(dtype):
    a = with_nans(dtype)
    for x in layouts(a) + [a[0], a[2], a[0, ::-1]]:
        r = rtol(x)
        for fn in [median, nanmedian, nansum, nanmean, extremes]:
            check(fn, x, rtol=r)
        check(nanvar, x, 1, rtol=r)
        check(quantile, x, 0.5)
        check(nanquantile, x, 0.5)
        check(quantile, x, np.array([0.2, 0.8]))
        check(count, x)
        for k in range(x.ndim):
            check(median_axis, x, k)
            check(nanmedian_axis, x, k)
            check(nansum_axis, x, k, rtol=r)
            check(nanmean_axis, x, k, rtol=r)
            check(nanvar_axis, x, k, rtol=r)
            check(extremes_axis, x, k)
            check(percentile_axis, x, 50, k)
            check(nanpercentile_axis, x, np.array([5.0, 95.0]), k)
    check(positions, a[0])
    check(positions, a[2])
    check(positions_axis, a[[0, 2]], 1)
    check(positions_axis, a, 0)
    # The all-NaN row: NumPy's ValueError.
    check(positions, a[1])
    check(positions_axis, a, 1)
    check(nanmin_only, a[1])          # nan (RuntimeWarning in NumPy)
    check(nanmedian, a[1])


def test_empty_inputs():
    with cpython_errstate(all="ignore"):
        for dtype in [np.float64, np.int64]:
            e = np.zeros(0, dtype=dtype)
            for fn in [median, nanmedian, nansum, nanmean, count, nanmin_only, nanmax_only,
                       ptp_only, nanargmin_only]:
                check(fn, e)
            check(nanvar, e, 0)
            check(quantile, e, 0.5)                 # IndexError
        z = np.zeros((0, 3))
        for k in [0, 1]:
            check(median_axis, z, k)
            check(nansum_axis, z, k)
            check(count_axis, z, k)
            check(percentile_axis, z, 50.0, k)


def test_ddof_special_values():
    with cpython_errstate(all="ignore"):
        check(nanvar, np.array([1.0, 2.0]), 2)      # nan: n - ddof <= 0
        check(nanvar, np.array([1.0, np.nan, 2.0]), 1)
        check(nanvar, np.array([1, 2]), 3)          # ints: var's inf
        check(nanstd_axis, with_nans(), 1, 1)


def test_quantile_range_errors():
    a = np.arange(5.0)
    check(quantile, a, 1.5, exact_exception=True)
    check(quantile, a, -0.1, exact_exception=True)
    check(percentile, a, 101.0, exact_exception=True)
    check(quantile, a, np.array([0.5, 2.0]), exact_exception=True)
    check(quantile, a, float("nan"), exact_exception=True)


def test_axis_out_of_range():
    a = np.ones((2, 3))
    for fn in [median_axis, nansum_axis, count_axis, positions_axis]:
        with pytest.raises(ValueError, match="axis 2 is out of bounds for array of dimension 2"):
            oxjit.njit(fn)(a, 2)
        with pytest.raises(ValueError, match="axis 2 is out of bounds"):
            fn(a, 2)


def test_bool_subtraction_is_numpys_type_error():
    b = np.array([True, False])
    for fn, args in [(ptp_only, (b,)), (quantile, (b, 0.5))]:
        with pytest.raises(TypeError, match="numpy boolean subtract") as e:
            oxjit.njit(fn)(*args)
        assert isinstance(e.value, oxjit.TypingError)
        with pytest.raises(TypeError, match="numpy boolean subtract"):
            fn(*args)


def quantile_2d_q(a, q):
    return np.quantile(a, q)


def median_3d(a):
    return np.median(a)


def test_unsupported_arguments_name_the_line():
    with pytest.raises(oxjit.UnsupportedError, match=r"`q` of `numpy.quantile`.*\n.*-->.*:\d+:\d+"):
        oxjit.njit(quantile_2d_q)(np.ones(3), np.ones((2, 2)))
    with pytest.raises(oxjit.UnsupportedError, match=r"1-D or 2-D"):
        oxjit.njit(median_3d)(np.ones((2, 2, 2)))


def test_arguments_are_not_modified():
    a = np.array([5.0, 1.0, 4.0, 2.0, 3.0])
    before = a.copy()
    check(median, a)
    check(quantile, a, np.array([0.1, 0.9]))
    assert np.array_equal(a, before)


floats = st.one_of(st.floats(-1e6, 1e6, width=64), st.just(np.nan), st.just(np.inf))


@settings(max_examples=80, deadline=None)
@given(a=hnp.arrays(np.float64, hnp.array_shapes(min_dims=1, max_dims=2, min_side=1, max_side=9),
                    elements=floats),
       q=st.floats(0, 1))
def test_random_quantiles(a, q):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        check(median, a)
        check(nanmedian, a)
        check(quantile, a, q)
        check(nanquantile, a, q)
        # Which zero (-0.0 or 0.0) is the min of equal zeros depends on NumPy's SIMD lanes.
        check(extremes, a, signed_zero=False)
        check(count, a)
        if a.ndim == 2:
            check(median_axis, a, 0)
            check(quantile_axis, a, q, 1)


@settings(max_examples=60, deadline=None)
@given(a=hnp.arrays(np.float64, hnp.array_shapes(min_dims=1, max_dims=2, min_side=1, max_side=9),
                    elements=st.one_of(st.integers(-1000, 1000).map(float), st.just(np.nan))),
       d=st.integers(0, 2))
def test_random_nan_moments(a, d):
    # Integer-valued floats: sums are exact in any order.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        check(nansum, a)
        check(nanmean, a, rtol=1e-12)
        check(nanvar, a, d, rtol=1e-9)
        if not np.isnan(a).all():
            check(positions, a)


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_median_of_negative_zeros_is_plus_zero(dtype):
    # NumPy's median is a mean of the middle elements, summed onto +0.0.
    for a in [[-0.0], [-0.0, -0.0], [-0.0, 1.0, -0.0], [[-0.0, 2.0], [-0.0, -0.0]]]:
        x = np.array(a, dtype=dtype)
        for fn in [median, nanmedian]:
            check(fn, x)
            assert np.signbit(oxjit.njit(fn)(x)) == np.signbit(fn(x))
        if x.ndim == 2:
            for k in [0, 1]:
                check(median_axis, x, k)
                assert np.array_equal(np.signbit(oxjit.njit(median_axis)(x, k)),
                                      np.signbit(median_axis(x, k)))


def test_quantiles_of_signed_zeros():
    # One element: NumPy returns it (-0.0 stays -0.0); more: its lerp's signs.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for a in [[-0.0], [-0.0, -0.0], [-0.0, -0.0, -0.0], [-3.0, -0.0], [-0.0, np.nan], [np.inf],
                  [-np.inf], [2.5]]:
            x = np.array(a)
            for q in [0.0, 0.3, 0.5, 0.7, 1.0]:
                for fn in [quantile, nanquantile]:
                    check(fn, x, q)
                    got, want = oxjit.njit(fn)(x, q), fn(x, q)
                    assert np.isnan(got) or np.signbit(got) == np.signbit(want)


def quantile_display(a):
    return np.quantile(a, [0.25, 0.5, 0.75]), np.percentile(a, (10, 90)), np.nanquantile(a, [0.0, 1.0])


def quantile_display_axis(a):
    return np.quantile(a, [0.1, 0.9], axis=0), np.percentile(a, [50, 75.5], axis=1)


def test_quantile_q_display():
    rng = np.random.default_rng(5)
    for a in [rng.random(11), rng.random(4) * 10, np.array([1.0, np.nan, 3.0])]:
        check(quantile_display, a)
    m = rng.random((4, 5))
    for x in [m, np.asfortranarray(m), m[::2, ::-1]]:
        check(quantile_display_axis, x)
    check(quantile_display, np.arange(7))

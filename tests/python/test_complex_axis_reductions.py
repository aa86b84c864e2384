"""``sum``, ``prod`` and ``mean`` of complex64/complex128 arrays along an axis (``numpy.sum(a,
axis=k)`` and the methods ``a.sum(axis=k)``, ``a.prod(k)``, ``a.mean(axis=k)``), differential
against NumPy: the dtype (complex64 stays complex64), the shape without the axis (a number for
a vector), the values in NumPy's order (a pairwise sum along the axis NumPy's iterator runs
innermost, element by element along the others; the mean divided as NumPy's complex128
``true_divide`` loop), on C, Fortran, strided and reversed inputs of two and three axes, empty
axes, NaN/inf elements and NumPy's ``AxisError`` for an axis out of range. Values are exact for
C and Fortran inputs; views with negative strides, which NumPy's iterator may walk backwards,
within rounding (``RTOL``).
"""
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import oxjit
from diff import check, cpython_errstate

RTOL = 1e-12
pytestmark = pytest.mark.filterwarnings("ignore:Mean of empty slice:RuntimeWarning")


def np_sum(a, k):
    return np.sum(a, axis=k)


def np_prod(a, k):
    return np.prod(a, axis=k)


def np_mean(a, k):
    return np.mean(a, axis=k)


def method_sum(a, k):
    return a.sum(axis=k)


def method_prod(a, k):
    return a.prod(k)


def method_mean(a, k):
    return a.mean(axis=k)


def sum_then_use(a):
    s = a.sum(axis=0)
    return s * 2 + a.mean(axis=1).sum()


FUNCTIONS = [np_sum, np_prod, np_mean, method_sum, method_prod, method_mean]


def samples(dtype, shape, seed=0):
    rng = np.random.default_rng(seed)
    a = rng.standard_normal(shape) + 1j * rng.standard_normal(shape)
    return a.astype(dtype)


def exact_layouts(a):
    return [a.copy(), np.asfortranarray(a)]


def strided_layouts(a):
    big = np.zeros(tuple(2 * n for n in a.shape), dtype=a.dtype)
    big[tuple(slice(None, None, 2) for _ in a.shape)] = a
    out = [big[tuple(slice(None, None, 2) for _ in a.shape)], a[::-1], a.T]
    if a.ndim >= 2:
        out.append(a[:, ::-1])
    return out


@pytest.mark.parametrize("fn", FUNCTIONS, ids=lambda f: f.__name__)
@pytest.mark.parametrize("dtype", [np.complex128, np.complex64])
@pytest.mark.parametrize("shape", [(3, 4), (5, 33), (2, 3, 4), (70, 3)])
def test_values_dtypes_shapes(fn, dtype, shape):
    a = samples(dtype, shape)
    for k in range(-len(shape), len(shape)):
        for x in exact_layouts(a):
            check(fn, x, k)
        rtol = 1e-5 if dtype == np.complex64 else RTOL
        for x in strided_layouts(a):
            check(fn, x, k, rtol=rtol)


@pytest.mark.parametrize("fn", FUNCTIONS, ids=lambda f: f.__name__)
@pytest.mark.parametrize("dtype", [np.complex128, np.complex64])
def test_vector_with_axis_is_a_number(fn, dtype):
    a = samples(dtype, (7,))
    check(fn, a, 0)
    check(fn, a[::-2], -1)


@pytest.mark.parametrize("fn", FUNCTIONS, ids=lambda f: f.__name__)
def test_exact_small_integers_in_every_layout(fn):
    a = (np.arange(24).reshape(2, 3, 4) % 5 - 2) + 1j * (np.arange(24).reshape(2, 3, 4) % 3)
    for dtype in (np.complex128, np.complex64):
        b = a.astype(dtype)
        for k in range(3):
            for x in exact_layouts(b) + strided_layouts(b):
                check(fn, x, k)


@pytest.mark.parametrize("fn", FUNCTIONS, ids=lambda f: f.__name__)
def test_empty_axes(fn):
    with cpython_errstate(all="ignore"):
        for shape in [(0, 3), (3, 0), (2, 0, 4)]:
            a = np.zeros(shape, np.complex128)
            for k in range(len(shape)):
                check(fn, a, k)
                check(fn, a.astype(np.complex64), k)


@pytest.mark.parametrize("fn", FUNCTIONS, ids=lambda f: f.__name__)
def test_nan_and_inf(fn):
    a = samples(np.complex128, (3, 4), seed=3)
    a[0, 1] = complex(np.inf, 0.0)
    a[1, 2] = complex(np.nan, 1.0)
    a[2, 0] = complex(-np.inf, np.inf)
    with cpython_errstate(all="ignore"):
        for k in (0, 1):
            for x in exact_layouts(a):
                check(fn, x, k)
                check(fn, x.astype(np.complex64), k)


@pytest.mark.parametrize("fn", FUNCTIONS, ids=lambda f: f.__name__)
def test_axis_out_of_range(fn):
    a = samples(np.complex128, (2, 3))
    for k in (2, -3, 5):
        check(fn, a, k)
    check(fn, samples(np.complex64, (4,)), 1)
    with pytest.raises(np.exceptions.AxisError, match="axis 2 is out of bounds for array of "
                       "dimension 2"):
        oxjit.njit(fn)(a, 2)


def test_results_feed_later_code():
    a = samples(np.complex128, (4, 5))
    check(sum_then_use, a)
    check(sum_then_use, np.asfortranarray(a))


def tuple_axis(a):
    return a.sum(axis=(0, 1))


def test_tuple_axis_is_refused():
    with pytest.raises(oxjit.UnsupportedError):
        oxjit.njit(tuple_axis)(np.ones((2, 2), np.complex128))


@settings(max_examples=50, deadline=None)
@given(m=st.integers(0, 5), n=st.integers(0, 12), seed=st.integers(0, 99),
       k=st.integers(-2, 1), which=st.integers(0, 5), single=st.booleans())
def test_hypothesis(m, n, seed, k, which, single):
    a = samples(np.complex64 if single else np.complex128, (m, n), seed)
    with cpython_errstate(all="ignore"):
        check(FUNCTIONS[which], a, k)
        check(FUNCTIONS[which], np.asfortranarray(a), k)

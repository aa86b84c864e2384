"""``numpy.histogram2d(x, y, bins=10, range=None, density=None, weights=None)`` inside
compiled functions, differential against NumPy 2: ``(H, xedges, yedges)`` with float64 ``H``;
``bins`` an int, a pair of ints, a 1-D float64 edge array, a pair of edge arrays or an int and
an edge array; ``range``
a pair of pairs; ``density`` literal or a run-time bool; float or int ``weights``. C-contiguous,
strided, reversed and Fortran-column inputs, mixed dtypes, empty inputs, NaN/inf, values on
and outside the edges, and NumPy's exceptions (class and message). Everything is exact
(``density`` and weighted sums follow NumPy's order).
"""
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import oxjit
from diff import check, cpython_errstate


def h2d(x, y):
    return np.histogram2d(x, y)


def h2d_bins(x, y, bins):
    return np.histogram2d(x, y, bins)


def h2d_pair(x, y, nx, ny):
    return np.histogram2d(x, y, bins=(nx, ny))


def h2d_edges(x, y, ex, ey):
    return np.histogram2d(x, y, bins=(ex, ey))


def h2d_range(x, y, n, x0, x1, y0, y1):
    return np.histogram2d(x, y, n, ((x0, x1), (y0, y1)))


def h2d_all(x, y, n, density, w):
    return np.histogram2d(x, y, bins=n, range=((0.0, 4.0), (-1.0, 1.0)), density=density,
                          weights=w)


def h2d_density(x, y, bins):
    return np.histogram2d(x, y, bins=bins, density=True)


def h2d_weights(x, y, w):
    return np.histogram2d(x, y, bins=(3, 4), weights=w)


def h2d_weights_density(x, y, w):
    return np.histogram2d(x, y, 5, None, True, w)


def h2d_float_bins(x, y):
    return np.histogram2d(x, y, bins=(3.0, 4))


def h2d_float_bins_second(x, y):
    return np.histogram2d(x, y, bins=(3, 4.0))


def h2d_mixed_bins(x, y, e):
    return np.histogram2d(x, y, bins=(3, e))


def layouts(a):
    """C, strided, reversed (negative stride) and Fortran-column copies of a 1-D array."""
    f = np.asfortranarray(np.stack([a, a[::-1]], axis=1))
    return [a.copy(), np.repeat(a, 2)[::2], a[::-1].copy()[::-1], f[:, 0], f[:, 1][::-1]]


RNG = np.random.default_rng(7)
X = RNG.normal(size=40)
Y = RNG.uniform(-1.0, 1.0, size=40)
W = RNG.exponential(size=40)


@pytest.mark.parametrize("k", range(5))
def test_default_bins_in_every_layout(k):
    x, y = layouts(X)[k], layouts(Y)[k]
    check(h2d, x, y)
    check(h2d_bins, x, y, 4)
    check(h2d_pair, x, y, 2, 7)
    check(h2d_weights, x, y, layouts(W)[k])


def test_int_bool_and_mixed_dtypes():
    xi = np.array([0, 3, 3, 7, -2, 5], dtype=np.int64)
    yi = np.array([1, 1, 2, 2, 9, 4], dtype=np.int32)
    check(h2d, xi, yi)
    check(h2d_bins, xi, yi.astype(np.float64), 3)
    check(h2d_bins, xi.astype(np.uint8) % 4, yi, 2)
    check(h2d_bins, np.array([True, False, True]), np.array([False, False, True]), 2)
    check(h2d_weights, xi.astype(np.float64), yi, np.arange(6))


def test_equal_values_widen_the_range():
    check(h2d, np.full(5, 3.0), np.full(5, -2.0))
    check(h2d_pair, np.array([1.0]), np.array([1.0]), 1, 3)


def test_empty_inputs():
    e = np.zeros(0)
    check(h2d, e, e)
    check(h2d_bins, e, e.astype(np.int64), 3)
    check(h2d_range, e, e, 2, -1.0, 1.0, 0.0, 5.0)
    check(h2d_edges, e, e, np.array([0.0, 1.0]), np.array([0, 2, 3]))
    with cpython_errstate(all="ignore"):
        check(h2d_density, e, e, 3)  # 0 / 0: NaN everywhere


def test_range_edges_and_outliers():
    x = np.array([0.0, 1.0, 2.0, 2.0, 3.0, -0.5, 4.0, np.nan, np.inf, -np.inf])
    y = np.array([0.0, 0.5, 1.0, 1.0, 1.0, 0.2, 0.3, 0.3, 0.9, 0.1])
    for a, b in zip(layouts(x), layouts(y)):
        check(h2d_range, a, b, 2, 0.0, 3.0, 0.0, 1.0)  # right edges included, rest ignored
        check(h2d_range, a, b, 3, 1, 2, 0, 1)
        check(h2d_range, b, a, 4, 0.25, 0.25, -1.0, 2.0)  # empty range widened
    check(h2d_all, x, y, 3, False, None)
    check(h2d_all, x, y, 3, True, None)
    check(h2d_all, x, y, 2, True, np.linspace(0.5, 3.0, 10))
    check(h2d_all, x, y, 2, False, np.arange(10, dtype=np.int32))


def test_explicit_edges():
    x = np.array([0.0, 0.5, 1.0, 1.0, 2.0, 2.5, np.nan, 3.0])
    y = np.array([5.0, 1.0, 2.0, 3.0, 3.0, 0.0, 1.0, np.inf])
    check(h2d_bins, x, y, np.array([0.0, 1.0, 2.0, 3.0]))          # one array for both
    check(h2d_bins, x, y, np.array([0.0, 1.0, 1.0, 2.0, 3.0]))     # a repeated edge
    check(h2d_bins, x, y, np.array([0.0, 1.0, 2.0])[::-1].copy()[::-1])
    check(h2d_bins, x, y, np.array([0.0, 1.5, 2.0, 3.0, 5.0])[::2])
    check(h2d_edges, x, y, np.array([0.0, 1.0, 3.0]), np.array([0, 2, 4, 6]))
    check(h2d_edges, x, y, np.array([1.0]), np.array([0.0, 1.0]))  # no bin on one axis
    check(h2d_edges, x, y, np.array([0.0, 3.0], np.float32), np.array([-np.inf, 0.0, np.inf]))
    check(h2d_edges, x, y, np.array([0, 1, 2], np.uint8), np.array([1, 2, 3], np.int32))
    check(h2d_density, x[:6], y[:6], (np.array([0.0, 0.5, 2.5]), np.array([0.0, 4.0, 5.0])))


def test_pair_of_counts_as_an_array():
    # NumPy reads any `bins` of length 2 as one count per axis.
    check(h2d_bins, X, Y, (3, 5))
    check(h2d_bins, X, Y, (True, 2))


def test_density_and_weights():
    for a, b, w in zip(layouts(X), layouts(Y), layouts(W)):
        check(h2d_density, a, b, 6)
        check(h2d_density, a, b, (2, 3))
        check(h2d_weights_density, a, b, w)
        check(h2d_weights_density, a, b, w * 1e-3 - 0.01)
    w = W.copy()
    w[3] = np.nan
    check(h2d_weights, X, Y, w)
    check(h2d_weights, X, Y, np.full(40, np.inf))


def test_runtime_errors():
    x, y = np.arange(5.0), np.arange(5.0)
    cases = [
        (h2d, (x, y[:4])),                                   # lengths differ
        (h2d_bins, (x, y, 0)),
        (h2d_bins, (x, y, -3)),
        (h2d_bins, (x, y, (3, 0))),
        (h2d_pair, (x, y, 2, -1)),
        (h2d_bins, (x, y, np.array([0.0, 2.0, 1.0]))),       # not monotonic
        (h2d_edges, (x, y, np.array([0.0, 1.0]), np.array([3, 2]))),
        (h2d_bins, (x, y, np.array([5.0]))),                 # length 1
        (h2d_bins, (x, y, np.array([2.0, 3.0]))),            # float counts: TypeError
        (h2d_bins, (x, y, np.array([0.0, 3.0]))),            # below one first: ValueError
        (h2d_bins, (x, y, np.zeros(0))),                     # IndexError
        (h2d_range, (x, y, 3, 1.0, 0.0, 0.0, 1.0)),
        (h2d_range, (x, y, 3, 0.0, 1.0, 0.0, np.inf)),
        (h2d_range, (x, y, 3, np.nan, 1.0, 0.0, 1.0)),
        (h2d, (np.array([0.0, np.nan]), np.zeros(2))),
        (h2d, (np.zeros(2), np.array([0.0, np.inf]))),
        (h2d, (np.array([-np.inf, 0.0]), np.zeros(2))),
        (h2d, (np.array([-1e300, np.inf]), np.zeros(2))),       # Python's repr of floats
        (h2d_range, (x, y, 3, 0.0, 1.0, 2.5e-7, np.inf)),
        (h2d_weights, (x, y, np.ones(4))),
        (h2d_all, (x, y, 0, True, np.ones(5))),
    ]
    for fn, args in cases:
        check(fn, *args, exact_exception=True)


def test_float_counts_are_type_errors():
    x = np.arange(3.0)
    for fn in (h2d_float_bins, h2d_float_bins_second):
        with pytest.raises(TypeError) as numpy_error:
            fn(x, x)
        with pytest.raises(TypeError) as oxjit_error:
            oxjit.njit(fn)(x, x)
        assert str(numpy_error.value) in str(oxjit_error.value)


def h2d_mixed_bins_first(x, y, e, n):
    return np.histogram2d(x, y, bins=(e, n), range=((0.0, 1.0), (-1.0, 1.0)))


def test_an_int_and_an_array():
    for a, b in zip(layouts(X), layouts(Y)):
        check(h2d_mixed_bins, a, b, np.array([-1.0, 0.0, 0.5, 3.0]))
        check(h2d_mixed_bins, a, b, np.array([-2, 0, 1], np.int32))
        check(h2d_mixed_bins_first, a, b, np.array([-1.0, 0.0, 0.5]), 4)
    check(h2d_mixed_bins_first, X, Y, np.array([0.0, 1.0]), 0, exact_exception=True)
    check(h2d_mixed_bins_first, X, Y, np.array([1.0, 0.0]), 2, exact_exception=True)
    check(h2d_mixed_bins, np.zeros(0), np.zeros(0), np.array([0.0, 1.0]))


@pytest.mark.parametrize(
    "fn,args",
    [
        (h2d, (np.arange(3, dtype=np.float32), np.arange(3, dtype=np.float32))),
        (h2d_bins, (np.arange(3.0), np.arange(3.0), np.array([0, 1, 2]))),
        (h2d, (np.arange(3.0) + 0j, np.arange(3.0))),
        (h2d, (np.zeros((2, 2)), np.zeros((2, 2)))),
    ],
)
def test_unsupported_forms_are_refused(fn, args):
    with pytest.raises(oxjit.UnsupportedError):
        oxjit.njit(fn)(*args)


finite = st.floats(-1e6, 1e6, allow_nan=False)
element = st.one_of(finite, st.sampled_from([np.nan, np.inf, -np.inf, 0.0, 1.0, 2.0]))


@settings(max_examples=60, deadline=None)
@given(xy=st.lists(st.tuples(element, element), max_size=30), n=st.integers(1, 6),
       lo=st.integers(-3, 1), span=st.integers(0, 4), density=st.booleans())
def test_hypothesis_ranges(xy, n, lo, span, density):
    x = np.array([p[0] for p in xy], dtype=np.float64)
    y = np.array([p[1] for p in xy], dtype=np.float64)
    with cpython_errstate(all="ignore"):
        check(h2d_all, x, y, n, density, None)
        check(h2d_range, x, y, n, float(lo), float(lo + span), -1.0, 2.0)


@settings(max_examples=40, deadline=None)
@given(xy=st.lists(st.tuples(finite, finite), max_size=30), nx=st.integers(1, 5),
       ny=st.integers(1, 5), weighted=st.booleans())
def test_hypothesis_autodetected(xy, nx, ny, weighted):
    x = np.array([p[0] for p in xy], dtype=np.float64)
    y = np.array([p[1] for p in xy], dtype=np.float64)
    check(h2d_pair, x, y, nx, ny)
    if weighted:
        with cpython_errstate(all="ignore"):
            check(h2d_weights_density, x, y, x - y)

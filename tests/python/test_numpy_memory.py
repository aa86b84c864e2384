"""Memory of NumPy code: temporaries, results and views must not leak.

Two measures:

* RSS (``/proc/self/statm``, the current resident size): 100,000 calls after a
  warm-up must not grow it by more than 20 MB. A leaked 10-float temporary per
  call would be ~8 MB per 100,000 calls plus allocator overhead, so the tests
  use temporaries of 100+ elements (a leak: 80+ MB);
* ``oxjit._oxjit.live_allocations()``, the number of runtime allocations not
  yet freed: it must return to its starting value once the arrays a compiled
  function returned are deleted.

Reference counts of argument arrays (and of their bases, for views) must be
unchanged after many calls, including calls that return views of them.
"""
import gc
import os
import resource
import sys

import numpy
import pytest

import oxjit
from oxjit import _oxjit

MB = 1024 * 1024
SLACK = 20 * MB
CALLS = 100_000
WARMUP = 10_000


def rss_bytes():
    try:
        with open("/proc/self/statm") as f:
            return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except OSError:  # not Linux: the peak, in KiB on Linux/BSD
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def _growth(fn, *args, calls=CALLS, warmup=WARMUP):
    for _ in range(warmup):
        fn(*args)
    gc.collect()
    before = rss_bytes()
    for _ in range(calls):
        fn(*args)
    gc.collect()
    return rss_bytes() - before


def live():
    gc.collect()
    return _oxjit.live_allocations()


# --- functions making temporaries -------------------------------------------------------------------


def affine_sum(a):
    return (a * 2.0 + 1.0).sum()


def make_zeros():
    return numpy.zeros(10)


def make_zeros_n(n):
    return numpy.zeros(n)


def pair_of_arrays(a):
    return a * 2.0, numpy.sqrt(a)


def slices_of_argument(a):
    return a[1:-1].sum() + a[::2].sum() + a[::-1][0]


def view_of_argument(a):
    return a[::2]


def transpose_of_argument(x):
    return x.T


def column_of_argument(x):
    return x[:, 0]


def regression_step(x, coef, y):
    err = y - numpy.dot(x, coef)
    return numpy.sum(numpy.square(err)), 2.0 / x.shape[0] * numpy.dot(numpy.transpose(x), err)


def many_temporaries(a, b):
    c = numpy.exp(-a) * b
    d = numpy.where(c > 0.5, c, 0.0)
    e = numpy.sort(d)
    return e[-1] + d.mean() + numpy.maximum(a, b).max()


def mask_and_index(a):
    m = a > 0.5
    idx = numpy.arange(3)
    return a[m].sum() + a[idx].sum()


def random_temporaries(n):
    numpy.random.seed(0)
    return numpy.random.random(n).sum() + numpy.random.normal(size=n).sum()


def local_view_returned(n):
    a = numpy.ones(n)
    return a[1:]


A = numpy.linspace(0.0, 1.0, 100)
X = numpy.full((100, 2), 1.0)
Y = numpy.linspace(5.0, 7.0, 100)
COEF = numpy.array([0.5, 0.5])

RSS_CASES = [
    ("affine-sum", affine_sum, (A,)),
    ("zeros-10", make_zeros, ()),
    ("zeros-100", make_zeros_n, (100,)),
    ("tuple-of-arrays", pair_of_arrays, (A,)),
    ("slices-of-argument", slices_of_argument, (A,)),
    ("view-of-argument", view_of_argument, (A,)),
    ("transpose-of-argument", transpose_of_argument, (X,)),
    ("column-of-argument", column_of_argument, (X,)),
    ("regression-step", regression_step, (X, COEF, Y)),
    ("many-temporaries", many_temporaries, (A, A[::-1])),
    ("mask-and-index", mask_and_index, (A,)),
    ("random", random_temporaries, (100,)),
    ("view-of-local", local_view_returned, (100,)),
]


@pytest.mark.parametrize("fn, args", [c[1:] for c in RSS_CASES], ids=[c[0] for c in RSS_CASES])
def test_rss_does_not_grow(fn, args):
    f = oxjit.njit(fn)
    grown = _growth(f, *args)
    assert grown < SLACK, f"RSS grew by {grown / MB:.1f} MB over {CALLS:,} calls"


@pytest.mark.parametrize("fn, args", [c[1:] for c in RSS_CASES], ids=[c[0] for c in RSS_CASES])
def test_live_allocations_return_to_start(fn, args):
    f = oxjit.njit(fn)
    f(*args)  # compile; module-level constants, caches etc. are made now
    start = live()
    kept = [f(*args) for _ in range(1000)]
    del kept
    assert live() == start
    for _ in range(1000):
        f(*args)
    assert live() == start


def test_live_allocations_count_returned_arrays():
    f = oxjit.njit(make_zeros_n)
    f(5)
    start = live()
    kept = [f(100) for _ in range(10)]
    assert live() >= start  # results made by the runtime are counted while alive
    del kept
    assert live() == start


def test_large_temporaries_are_freed():
    # 1,000,000 floats = 8 MB per temporary; 200 calls: a leak would be gigabytes
    f = oxjit.njit(affine_sum)
    big = numpy.linspace(0.0, 1.0, 1_000_000)
    grown = _growth(f, big, calls=200, warmup=20)
    assert grown < 4 * SLACK, f"RSS grew by {grown / MB:.1f} MB"


def test_large_results_are_freed():
    f = oxjit.njit(pair_of_arrays)
    big = numpy.linspace(0.0, 1.0, 1_000_000)
    grown = _growth(f, big, calls=200, warmup=20)
    assert grown < 4 * SLACK, f"RSS grew by {grown / MB:.1f} MB"


# --- reference counts of arguments -------------------------------------------------------------------


@pytest.mark.parametrize("fn, make", [
    (affine_sum, lambda: numpy.arange(10.0)),
    (view_of_argument, lambda: numpy.arange(10.0)),
    (transpose_of_argument, lambda: numpy.ones((3, 4))),
    (column_of_argument, lambda: numpy.ones((3, 4))),
    (slices_of_argument, lambda: numpy.arange(20.0)[::2]),
], ids=["scalar-result", "view-result", "transpose-result", "column-result", "strided-argument"])
def test_argument_reference_count_is_unchanged(fn, make):
    f = oxjit.njit(fn)
    a = make()
    f(a)
    gc.collect()
    before = sys.getrefcount(a)
    for _ in range(1000):
        f(a)  # results are dropped at once
    gc.collect()
    assert sys.getrefcount(a) == before


def test_returned_view_holds_one_reference_to_its_base():
    f = oxjit.njit(view_of_argument)
    a = numpy.arange(10.0)
    before = sys.getrefcount(a)
    views = [f(a) for _ in range(100)]
    assert all(numpy.shares_memory(v, a) for v in views)
    del views
    gc.collect()
    assert sys.getrefcount(a) == before


def test_view_outlives_its_argument():
    f = oxjit.njit(view_of_argument)
    v = f(numpy.arange(1000.0))
    gc.collect()
    numpy.ones(1000)  # would reuse the memory if the base had been freed
    assert numpy.array_equal(v, numpy.arange(0.0, 1000.0, 2.0))

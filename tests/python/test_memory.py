"""Memory: compiled functions must not leak arrays, boxes or references.

RSS is read from /proc/self/statm (current resident size, not the peak), so a
leak shows as growth between a warmed-up measurement and one taken after many
more calls. Leaking just one 100-float array per call over 100,000 calls
would grow RSS by ~80 MB; the allowed slack is 20 MB.
"""
import gc
import os
import resource
import sys

import numpy
import pytest

import oxjit

MB = 1024 * 1024
SLACK = 20 * MB
CALLS = 100_000


def rss_bytes():
    """Current resident set size of this process, in bytes."""
    try:
        with open("/proc/self/statm") as f:
            return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except OSError:  # not Linux: fall back to the peak, in KiB on Linux/BSD
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def _growth(fn, *args, calls=CALLS, warmup=10_000):
    for _ in range(warmup):
        fn(*args)
    gc.collect()
    before = rss_bytes()
    for _ in range(calls):
        fn(*args)
    gc.collect()
    return rss_bytes() - before


def make_zeros():
    return numpy.zeros(100)


def make_zeros_n(n):
    return numpy.zeros(n)


def copy_of(a):
    return a.copy()


def pair_of_arrays(n):
    return numpy.zeros(n), numpy.ones(n)


def scalar_from_array(a):
    s = 0.0
    for i in range(a.shape[0]):
        s += a[i]
    return s


def build_and_drop(n):
    tmp = numpy.empty(n)
    for i in range(n):
        tmp[i] = i
    return tmp[n - 1]


def test_returning_new_array_does_not_leak():
    f = oxjit.njit(make_zeros)
    grown = _growth(f)
    assert grown < SLACK, f"RSS grew by {grown / MB:.1f} MB over {CALLS} calls"


def make_ones_n(n):
    return numpy.ones(n)


def test_large_arrays_are_freed():
    # ones, not zeros: every page is written, so a leak shows in RSS
    # (200 calls x 8 MB: a leak would be 1.6 GB).
    f = oxjit.njit(make_ones_n)
    grown = _growth(f, 1_000_000, calls=200, warmup=20)
    assert grown < 4 * SLACK, f"RSS grew by {grown / MB:.1f} MB"


def test_temporary_array_inside_function_is_freed():
    f = oxjit.njit(build_and_drop)
    grown = _growth(f, 10_000, calls=20_000, warmup=1_000)
    assert grown < SLACK, f"RSS grew by {grown / MB:.1f} MB"


def test_copy_of_argument_does_not_leak():
    f = oxjit.njit(copy_of)
    a = numpy.arange(1000.0)
    grown = _growth(f, a, calls=50_000, warmup=5_000)
    assert grown < SLACK, f"RSS grew by {grown / MB:.1f} MB"


def test_tuple_of_arrays_does_not_leak():
    f = oxjit.njit(pair_of_arrays)
    grown = _growth(f, 100, calls=50_000, warmup=5_000)
    assert grown < SLACK, f"RSS grew by {grown / MB:.1f} MB"


@pytest.mark.parametrize("fn, make_arg", [
    (scalar_from_array, lambda: numpy.arange(10.0)),
    (copy_of, lambda: numpy.arange(10.0)),
    (scalar_from_array, lambda: numpy.arange(20.0)[::2]),
], ids=["scalar-result", "array-result", "strided-argument"])
def test_argument_reference_count_is_unchanged(fn, make_arg):
    f = oxjit.njit(fn)
    a = make_arg()
    f(a)  # compile first
    before = sys.getrefcount(a)
    for _ in range(1000):
        f(a)
    assert sys.getrefcount(a) == before


def test_base_of_view_argument_is_not_leaked():
    f = oxjit.njit(scalar_from_array)
    base = numpy.arange(20.0)
    f(base[::2])
    before = sys.getrefcount(base)
    for _ in range(1000):
        f(base[::2])
    gc.collect()
    assert sys.getrefcount(base) == before


def test_result_reference_count_is_one_owner():
    f = oxjit.njit(make_zeros)
    result = f()
    # one reference from `result`, one from getrefcount's own argument
    assert sys.getrefcount(result) == 2


def test_returned_arrays_stay_valid():
    # Results kept alive must not be freed or reused by later calls.
    f = oxjit.njit(make_zeros_n)
    g = oxjit.njit(copy_of)
    kept = [f(100) for _ in range(500)]
    src = numpy.arange(100.0)
    copies = [g(src) for _ in range(500)]
    for _ in range(5_000):
        f(100)
        g(src)
    assert all(k.shape == (100,) and not k.any() for k in kept)
    assert all(numpy.array_equal(c, src) for c in copies)
    assert all(k.flags.owndata or k.base is not None for k in kept)
    kept[0][0] = 1.0
    assert not kept[1].any()  # distinct buffers


def test_returned_array_is_writeable_and_owned():
    result = oxjit.njit(make_zeros)()
    assert result.flags.writeable
    result[:] = 3.0
    assert result.sum() == 300.0
    del result
    gc.collect()

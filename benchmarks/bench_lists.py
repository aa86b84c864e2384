"""Benchmark: lists, CPython vs oxjit vs Numba (issue 9's list workloads).

Run:  python benchmarks/bench_lists.py [--quick] [--repeats R]

Workloads: appending 10**6 ints to a list and converting it to an array; sorting a list of
10**5 floats built in the function; passing a 10**5-element Python list in and out (Numba:
its reflected list). Prints the median of R calls after a warm-up call (compilation excluded)
and exits non-zero if an engine returns a wrong result. Numba is used when importable.
"""
import sys
import warnings

import numpy
from _common import optional_import as _import
from _common import median_after_warmup as bench
from _common import quick_and_repeats

import oxjit


def append_then_array(n):
    out = []
    for i in range(n):
        out.append(i)
    return numpy.array(out)


def sort_floats(a):
    lst = list(a)
    lst.sort()
    return lst[0] + lst[len(lst) - 1]


def identity(lst):
    return lst


def same(a, b):
    if isinstance(a, numpy.ndarray):
        return numpy.array_equal(a, b)
    return a == b


def main():
    opts = quick_and_repeats("bench_lists.py")
    scale = 10 if opts.quick else 1
    numba = _import("numba", "columns")
    rng = numpy.random.default_rng(0)
    floats = rng.random(100_000 // scale)
    big = list(range(100_000 // scale))
    cases = [
        ("append 10^6 ints + numpy.array", append_then_array, (1_000_000 // scale,)),
        ("sort a list of 10^5 floats", sort_floats, (floats,)),
        ("pass a 10^5 list in and out", identity, (big,)),
    ]
    ok = True
    print(f"{'workload':34} {'CPython':>10} {'oxjit':>10} {'Numba':>10}  oxjit/Numba")
    for name, fn, args in cases:
        t_py, ref = bench(fn, args, opts.repeats)
        t_ox, got = bench(oxjit.njit(fn), args, opts.repeats)
        ok = ok and same(ref, got)
        t_nb = None
        if numba is not None:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                t_nb, got_nb = bench(numba.njit(fn), args, opts.repeats)
            ok = ok and same(ref, got_nb)
        ratio = f"{t_ox / t_nb:10.2f}" if t_nb else "         -"
        nb = f"{t_nb * 1e3:8.2f}ms" if t_nb else "         -"
        print(f"{name:34} {t_py * 1e3:8.2f}ms {t_ox * 1e3:8.2f}ms {nb}  {ratio}")
    if not ok:
        print("error: an engine returned a wrong result")
        sys.exit(1)


if __name__ == "__main__":
    main()

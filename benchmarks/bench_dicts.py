"""Benchmark: dicts and sets, CPython vs oxjit vs Numba (issue 9's dict and set workloads).

Run:  python benchmarks/bench_dicts.py [--quick] [--repeats R]

Workloads: counting 10**6 int keys (10**4 distinct) in a dict built in the function
(`d[k] = d.get(k, 0) + 1`); set membership over 10**6 lookups in a set of 10**4 ints built in
the function (half of the lookups hit). Numba compiles the same source with its typed
containers (its dict typed from the one-entry display the count starts from, its `set()`). Prints the median of R calls after a warm-up call
(compilation excluded), the ratios, and exits non-zero if an engine returns a wrong result.
Numba is used when importable.
"""
import sys
import warnings

import numpy
from _common import optional_import as _import
from _common import median_after_warmup as bench
from _common import quick_and_repeats

import oxjit


def count_keys(keys):
    # Started from a one-entry display so Numba can type its dict (it cannot from `get`).
    d = {keys[0]: 0}
    for k in keys:
        d[k] = d.get(k, 0) + 1
    return len(d), d[keys[0]], d[keys[len(keys) - 1]]


def set_membership(members, queries):
    s = set()
    for x in members:
        s.add(x)
    hits = 0
    for q in queries:
        if q in s:
            hits += 1
    return hits, len(s)


def main():
    opts = quick_and_repeats("bench_dicts.py")
    scale = 10 if opts.quick else 1
    numba = _import("numba", "columns")
    rng = numpy.random.default_rng(0)
    n = 1_000_000 // scale
    keys = rng.integers(0, 10_000, n)
    members = rng.integers(0, 20_000, 10_000) * 2
    queries = rng.integers(0, 40_000, n)
    cases = [
        ("count 10^6 int keys in a dict", count_keys, (keys,)),
        ("10^6 lookups in a set", set_membership, (members, queries)),
    ]
    ok = True
    print(f"{'workload':34} {'CPython':>10} {'oxjit':>10} {'Numba':>10}  oxjit/Numba  CPython/oxjit")
    for name, fn, args in cases:
        t_py, ref = bench(fn, args, opts.repeats)
        t_ox, got = bench(oxjit.njit(fn), args, opts.repeats)
        ok = ok and ref == got
        t_nb = None
        if numba is not None:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                t_nb, got_nb = bench(numba.njit(fn), args, opts.repeats)
            ok = ok and ref == got_nb
        ratio = f"{t_ox / t_nb:11.3f}" if t_nb else "          -"
        nb = f"{t_nb * 1e3:8.2f}ms" if t_nb else "         -"
        print(f"{name:34} {t_py * 1e3:8.2f}ms {t_ox * 1e3:8.2f}ms {nb}  {ratio}  {t_py / t_ox:13.1f}")
    if not ok:
        print("error: an engine returned a wrong result")
        sys.exit(1)


if __name__ == "__main__":
    main()

"""Benchmark: ufuncs built with ``vectorize`` from scalar kernels, oxjit vs Numba vs NumPy.

Run:  python benchmarks/bench_vectorize.py [--n N] [--repeats R]

Each kernel is a scalar function (``a * x + b``, ``math.exp(x)``) turned into a ufunc by
``oxjit.vectorize`` and ``numba.vectorize`` (serial and ``target="parallel"``) over float64
arrays of N elements (default 10^6); NumPy's own ufunc expression (``a * x + b``,
``numpy.exp(x)``) is the reference. Prints the best time of R runs and the ratios
oxjit/numba and oxjit/numpy (below 1: oxjit is faster). Exits 1 if a result disagrees.
"""
import argparse
import math
import sys
import time

import numpy
from _common import optional_import

import oxjit


def axpb(a, x, b):
    return a * x + b


def exp(x):
    return math.exp(x)


KERNELS = {
    "a*x+b": (axpb, "float64(float64, float64, float64)", lambda a, x, b: a * x + b, 3),
    "math.exp(x)": (exp, "float64(float64)", lambda x: numpy.exp(x), 1),
}


def best(fn, args, repeats):
    fn(*args)
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn(*args)
        times.append(time.perf_counter() - start)
    return min(times)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=10 ** 6)
    parser.add_argument("--repeats", type=int, default=20)
    opts = parser.parse_args()
    numba = optional_import("numba", "columns")
    rng = numpy.random.default_rng(0)
    data = [rng.uniform(-1, 1, opts.n) for _ in range(3)]
    print(f"n = {opts.n}, best of {opts.repeats}, threads = {oxjit.get_num_threads()}")
    header = f"{'kernel':<12} {'target':<9} {'numpy ms':>9} {'oxjit ms':>9} {'numba ms':>9} " \
             f"{'ox/numba':>9} {'ox/numpy':>9}"
    print(header)
    print("-" * len(header))
    ok = True
    for name, (fn, sig, reference, nin) in KERNELS.items():
        args = data[:nin]
        want = reference(*args)
        t_np = best(reference, args, opts.repeats)
        for target in ("cpu", "parallel"):
            ours = oxjit.vectorize([sig], target=target)(fn)
            got = ours(*args)
            if not numpy.allclose(got, want, rtol=1e-12, atol=0):
                print(f"MISMATCH: {name} ({target})")
                ok = False
            t_ox = best(ours, args, opts.repeats)
            t_nb = float("nan")
            if numba is not None:
                theirs = numba.vectorize([sig], target=target)(fn)
                theirs(*args)
                t_nb = best(theirs, args, opts.repeats)
            print(f"{name:<12} {target:<9} {t_np * 1e3:>9.3f} {t_ox * 1e3:>9.3f} "
                  f"{t_nb * 1e3:>9.3f} {t_ox / t_nb:>9.2f} {t_ox / t_np:>9.2f}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())

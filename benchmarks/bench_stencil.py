"""Benchmark: ``@stencil`` kernels, oxjit vs Numba vs a NumPy slicing expression.

Run:  python benchmarks/bench_stencil.py [--quick] [--n N] [--repeats R]

The 2-D Laplace kernel ``0.25 * (a[0, 1] + a[1, 0] + a[0, -1] + a[-1, 0])`` over an N x N
float64 array (default 2000), called from Python, from ``@njit`` and from
``@njit(parallel=True)``; and a 1-D moving sum with ``neighborhood=((-3, 3),)`` (a loop in the
kernel). The reference is the same stencil written with NumPy slices. Prints the best time of R
runs and the ratios oxjit/numba and oxjit/numpy (below 1: oxjit is faster). Exits 1 if a
result disagrees.
"""
import argparse
import sys
import time

import numpy
from _common import optional_import

import oxjit


def laplace_kernel(a):
    return 0.25 * (a[0, 1] + a[1, 0] + a[0, -1] + a[-1, 0])


def window_kernel(a):
    s = 0.0
    for i in range(-3, 4):
        s += a[i]
    return s


def laplace_numpy(a):
    out = numpy.zeros_like(a)
    out[1:-1, 1:-1] = 0.25 * (a[1:-1, 2:] + a[2:, 1:-1] + a[1:-1, :-2] + a[:-2, 1:-1])
    return out


def window_numpy(a):
    out = numpy.zeros_like(a)
    c = numpy.concatenate(([0.0], numpy.cumsum(a)))
    out[3:-3] = c[7:] - c[:-7]
    return out


def variants(mod):
    """(name, function, numpy reference, kind) of each case for the module `mod`."""
    lap = mod.stencil(laplace_kernel)
    win = mod.stencil(neighborhood=((-3, 3),))(window_kernel)

    def inside(a):
        return lap(a)

    return [
        ("laplace (python)", lap, laplace_numpy, "2d"),
        ("laplace (njit)", mod.njit(inside), laplace_numpy, "2d"),
        ("laplace (parallel)", mod.njit(parallel=True)(inside), laplace_numpy, "2d"),
        ("window 1-D (python)", win, window_numpy, "1d"),
    ]


def best(fn, arg, repeats):
    fn(arg)
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn(arg)
        times.append(time.perf_counter() - start)
    return min(times)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=2000)
    parser.add_argument("--repeats", type=int, default=10)
    parser.add_argument("--quick", action="store_true", help="n = 500, 3 repeats")
    opts, other = parser.parse_known_args()
    if other:
        print(f"note: options {' '.join(other)} are ignored")
    if opts.quick:
        opts.n, opts.repeats = 500, 3
    numba = optional_import("numba", "columns")
    rng = numpy.random.default_rng(0)
    data = {"2d": rng.random((opts.n, opts.n)), "1d": rng.random(opts.n * opts.n)}
    print(f"n = {opts.n}, best of {opts.repeats}, threads = {oxjit.get_num_threads()}")
    header = f"{'case':<20} {'numpy ms':>9} {'oxjit ms':>9} {'numba ms':>9} " \
             f"{'ox/numba':>9} {'ox/numpy':>9}"
    print(header)
    print("-" * len(header))
    ok = True
    numba_cases = variants(numba) if numba else [None] * 4
    for (name, fn, ref, kind), nb in zip(variants(oxjit), numba_cases):
        a = data[kind]
        want = ref(a)
        if not numpy.allclose(fn(a), want, rtol=1e-12, atol=1e-9):
            print(f"{name}: oxjit result differs from NumPy")
            ok = False
        t_np, t_ox = best(ref, a, opts.repeats), best(fn, a, opts.repeats)
        t_nb = best(nb[1], a, opts.repeats) if nb else float("nan")
        print(f"{name:<20} {t_np * 1e3:9.2f} {t_ox * 1e3:9.2f} {t_nb * 1e3:9.2f} "
              f"{t_ox / t_nb:9.2f} {t_ox / t_np:9.2f}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())

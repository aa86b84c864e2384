"""The cost of per-line profiling: `f.profile(...)` against a plain call of the same function.

Run:  python benchmarks/bench_profile.py [--quick] [--repeats R] [--kernels a,b]

Programs: the seed insertion sort (`tri_insertion`, 10,000 floats), the seed regression
(`gradient_regression`, 200,000 x 100) and loop kernels of `_loop_kernels.py`. For each, the
best of R plain calls and the best of R `f.profile(...)` calls (the whole call: the
instrumented run, reading the counters and building the report; the instrumented compile
happens in a first, untimed call). Prints both times, profiled/plain and the geometric mean,
and the number of line events per run (the sum of the hits). Exits 1 if a profiled result
differs from the plain one.
"""
import argparse
import sys

import numpy

import oxjit
from _common import best_of, geometric_mean, loop_kernels
from oxjit.seed_programs import gradient_regression, tri_insertion

LOOP_KERNELS = ("collatz_steps", "prefix_sum", "stencil_2d", "pairwise_distances",
                "matmul_loops", "histogram_loop", "lennard_jones")


def _loop_module():
    return loop_kernels("profile", oxjit.njit)


def _same(a, b):
    if isinstance(a, tuple):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b))
    if isinstance(a, numpy.ndarray):
        return a.dtype == b.dtype and numpy.array_equal(a, b)
    return a == b or (a != a and b != b)


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--quick", action="store_true", help="smaller inputs, 3 repeats")
    p.add_argument("--repeats", type=int, default=None)
    p.add_argument("--kernels", default=None, help="comma-separated subset of the loop kernels")
    p.add_argument("--n", type=int, default=None, help="elements of the sort")
    args, unknown = p.parse_known_args()
    if unknown:
        print(f"note: bench_profile.py ignores {' '.join(unknown)}")
    repeats = args.repeats or (3 if args.quick else 7)
    scale = 0.1 if args.quick else 1.0
    numpy.random.seed(0)
    n_sort = args.n or (2000 if args.quick else 10_000)
    programs = [
        ("seed sort", oxjit.njit(tri_insertion), (numpy.random.random(n_sort),)),
        ("seed regression", oxjit.njit(gradient_regression),
         (20_000, 30) if args.quick else (200_000, 100)),
    ]
    mod = _loop_module()
    names = args.kernels.split(",") if args.kernels else LOOP_KERNELS
    for name in names:
        programs.append((name, oxjit.njit(getattr(mod, name)), mod.INPUTS[name](scale)))
    print(f"{'program':20s}{'plain':>12s}{'profiled':>12s}{'ratio':>8s}{'events':>12s}"
          f"{'ns/event':>10s}")
    ratios, bad = [], []
    for label, fn, inputs in programs:
        fn(*inputs)
        fn.profile(*inputs)  # compiles the instrumented copy
        plain, out = best_of(fn, inputs, repeats)
        prof = None

        def profiled(*a):
            nonlocal prof
            prof = fn.profile(*a)
            return prof.result
        timed, pout = best_of(profiled, inputs, repeats)
        if not _same(out, pout):
            bad.append(label)
        events = sum(r.hits for r in prof.lines)
        ratio = timed / plain
        ratios.append(ratio)
        per_event = (timed - plain) / events * 1e9 if events else float("nan")
        print(f"{label:20s}{plain * 1e3:10.2f}ms{timed * 1e3:10.2f}ms{ratio:8.2f}"
              f"{events:12d}{per_event:10.1f}")
    gmean = geometric_mean(ratios)
    print(f"geometric mean profiled/plain: {gmean:.2f}x")
    if bad:
        print("profiled results differ from plain calls:", bad)
        sys.exit(1)


if __name__ == "__main__":
    main()

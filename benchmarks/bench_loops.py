"""Scalar-loop kernels: oxjit against Numba (LLVM) and CPython, same run.

Run:  python benchmarks/bench_loops.py [--quick] [--repeats R] [--kernels a,b] [--no-cpython]

Sixteen ordinary loop kernels (`_loop_kernels.py`: integer `//` `%` `**`, a sieve with stepped
ranges, a triple-loop matrix product, 1-D and 2-D stencils, a histogram, a prefix sum, strided
and negative-index access, pairwise distances, a `while` loop with a data-dependent exit,
Monte-Carlo with `np.random`, a count of boolean flags, and a Lennard-Jones pair loop through
small jitted helpers). `--fastmath` compiles both engines with `fastmath=True`. Each engine compiles its own copy of the kernels module (helpers
compiled with that engine first). Prints the best-of-R steady time per engine, the
oxjit/Numba and oxjit/CPython ratios, and their geometric means. Exits 1 if an engine's result
differs from CPython's.
"""
import argparse
import math
import sys

import numpy
from _common import best_of, geometric_mean, loop_kernels, optional_import

def _compiled(engine, names, fastmath):
    """`{name: callable}` of the kernels for one engine."""
    if engine == "cpython":
        mod = loop_kernels(engine)
        return {n: getattr(mod, n) for n in names}
    njit = optional_import(engine).njit

    def jit(fn):
        return njit(fastmath=True)(fn) if fastmath else njit(fn)
    mod = loop_kernels(engine, jit)
    return {n: jit(getattr(mod, n)) for n in names}


def _same(a, b):
    if isinstance(a, numpy.ndarray):
        return a.shape == b.shape and numpy.allclose(a, b, rtol=1e-9, atol=0)
    if isinstance(a, float):
        return math.isclose(a, b, rel_tol=1e-9)
    return a == b


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--quick", action="store_true", help="a tenth of the sizes, 2 repeats")
    p.add_argument("--repeats", type=int, default=None)
    p.add_argument("--kernels", default=None, help="comma-separated subset")
    p.add_argument("--no-cpython", action="store_true")
    p.add_argument("--fastmath", action="store_true", help="compile both engines with fastmath=True")
    args = p.parse_args()
    kernels = loop_kernels("names").INPUTS
    names = args.kernels.split(",") if args.kernels else list(kernels)
    scale = 0.1 if args.quick else 1.0
    repeats = args.repeats or (2 if args.quick else 5)
    engines = [e for e in ("oxjit", "numba") if optional_import(e, "column") is not None]
    if not args.no_cpython:
        engines.append("cpython")
    compiled = {e: _compiled(e, names, args.fastmath) for e in engines}
    print(f"{'kernel':20s}" + "".join(f"{e:>12s}" for e in engines)
          + f"{'ox/numba':>10s}{'ox/cpy':>10s}")
    ratios_nb, ratios_py, bad = [], [], []
    for name in names:
        inputs = kernels[name](scale)
        times, outs = {}, {}
        for e in engines:
            fn = compiled[e][name]
            if e != "cpython":
                fn(*inputs)  # compile
            times[e], outs[e] = best_of(fn, inputs, 1 if e == "cpython" else repeats)
        ref = outs.get("cpython", outs.get("numba"))
        for e in engines:
            if not _same(outs[e], ref):
                bad.append((name, e))
        row = f"{name:20s}" + "".join(f"{times[e] * 1e3:10.2f}ms" for e in engines)
        if "numba" in times and "oxjit" in times:
            r = times["oxjit"] / times["numba"]
            ratios_nb.append(r)
            row += f"{r:10.2f}"
        if "cpython" in times and "oxjit" in times:
            r = times["oxjit"] / times["cpython"]
            ratios_py.append(r)
            row += f"{r:10.4f}"
        print(row)

    print(f"geometric mean: oxjit/Numba {geometric_mean(ratios_nb):.2f}x, "
          f"oxjit/CPython {geometric_mean(ratios_py):.4f}x  (below 1 = oxjit faster)")
    if bad:
        print("results differ from CPython:", bad)
        sys.exit(1)


if __name__ == "__main__":
    main()

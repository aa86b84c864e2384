"""Benchmark: array kernels over 10^6 float64 — oxjit against NumPy and Numba in the same run.

Run:  python benchmarks/bench_array_kernels.py [--quick] [--repeats R]

Kernels: reductions (`np.sum(a)`, `np.dot(a, b)`, `np.sum(a * b)`) and element-wise maps
(`np.sqrt`, `np.exp`, `np.log`, `np.sin`, `np.cos`, `np.tanh`, `np.arctan`, `np.log1p`,
`np.expm1`, `np.tan`, `a ** 2.5`), and plain element-wise maps (`a > 0.5`, `a * 2.0 + b`,
`np.abs`, `np.minimum`, `a.copy()`, `np.where`, `a / b`, `-a`, `a ** 2`; `--maps` runs only
these; `OXJIT_SKIP_PASSES=vector-map` turns their f64x2 loops off). Each is one small function `def f(a): return np.exp(a)`
(the same source for oxjit and Numba; NumPy runs it in CPython). Inputs are in each function's
domain (positive for log/sqrt/power, moderate for exp/tan). Reported: the fastest of
`--repeats` calls (ms, after a warm-up call that compiles), the ratios oxjit/NumPy and
oxjit/Numba (below 1 means oxjit is faster) and whether oxjit meets "at most NumPy's time".
Results are checked against NumPy (within 1e-15 relative, as NumPy's SIMD kernels and libm
round differently); the script exits non-zero on a mismatch. Numba is skipped when it cannot
be imported. `OXJIT_SKIP_PASSES=vector-math,vector-reduce` shows the code without the
vectorised routines (docs/vmath.md has both sets of figures).

NumPy's (and Numba's) `dot` is OpenBLAS's, which uses every core: on a shared machine whose
other core is busy it can take 50x longer than when it is idle, so read its row over a few runs.
"""
import sys

import numpy as np
from _common import best_of, geometric_mean, optional_import, quick_and_repeats

import oxjit


def k_sum(a, b):
    return np.sum(a)


def k_dot(a, b):
    return np.dot(a, b)


def k_sum_mul(a, b):
    return np.sum(a * b)


def k_sqrt(a, b):
    return np.sqrt(a)


def k_exp(a, b):
    return np.exp(a)


def k_log(a, b):
    return np.log(a)


def k_sin(a, b):
    return np.sin(a)


def k_cos(a, b):
    return np.cos(a)


def k_tanh(a, b):
    return np.tanh(a)


def k_arctan(a, b):
    return np.arctan(a)


def k_log1p(a, b):
    return np.log1p(a)


def k_expm1(a, b):
    return np.expm1(a)


def k_tan(a, b):
    return np.tan(a)


def k_power(a, b):
    return a ** 2.5


def k_gt(a, b):
    return a > 0.5


def k_axpy(a, b):
    return a * 2.0 + b


def k_abs(a, b):
    return np.abs(a)


def k_minimum(a, b):
    return np.minimum(a, b)


def k_copy(a, b):
    return a.copy()


def k_where(a, b):
    return np.where(a > 0, a, 0.0)


def k_div(a, b):
    return a / b


def k_neg(a, b):
    return -a


def k_square(a, b):
    return a ** 2


# Plain element-wise maps (the loop stage's `vector-map`: f64x2 lanes); `--maps` runs only these.
MAPS = ("a > 0.5", "a * 2.0 + b", "abs(a)", "minimum(a, b)", "a.copy()", "where(a > 0, a, 0)",
        "a / b", "-a", "a ** 2")


def _cases(n):
    rng = np.random.RandomState(0)
    sym = rng.uniform(-10.0, 10.0, n)
    pos = rng.uniform(1e-3, 100.0, n)
    small = rng.uniform(-1.0, 1.0, n)
    other = rng.uniform(-1.0, 1.0, n)
    return [
        ("sum(a)", k_sum, (sym, other)),
        ("dot(a, b)", k_dot, (sym, other)),
        ("sum(a * b)", k_sum_mul, (sym, other)),
        ("sqrt", k_sqrt, (pos, other)),
        ("exp", k_exp, (sym, other)),
        ("log", k_log, (pos, other)),
        ("sin", k_sin, (sym, other)),
        ("cos", k_cos, (sym, other)),
        ("tanh", k_tanh, (sym, other)),
        ("arctan", k_arctan, (sym, other)),
        ("log1p", k_log1p, (pos, other)),
        ("expm1", k_expm1, (small, other)),
        ("tan", k_tan, (sym, other)),
        ("a ** 2.5", k_power, (pos, other)),
        ("a > 0.5", k_gt, (small, other)),
        ("a * 2.0 + b", k_axpy, (sym, other)),
        ("abs(a)", k_abs, (sym, other)),
        ("minimum(a, b)", k_minimum, (small, other)),
        ("a.copy()", k_copy, (sym, other)),
        ("where(a > 0, a, 0)", k_where, (sym, other)),
        ("a / b", k_div, (sym, pos)),
        ("-a", k_neg, (sym, other)),
        ("a ** 2", k_square, (sym, other)),
    ]


def _close(got, expected, reduction):
    got, expected = np.asarray(got), np.asarray(expected)
    if got.shape != expected.shape or got.dtype != expected.dtype:
        return False
    # Reductions sum in a different (fixed) order than NumPy's pairwise sum.
    rtol = 1e-10 if reduction else 1e-15
    return bool(np.allclose(got, expected, rtol=rtol, atol=0.0, equal_nan=True))


def main():
    maps_only = "--maps" in sys.argv
    if maps_only:
        sys.argv.remove("--maps")
    opts = quick_and_repeats("bench_array_kernels.py")
    n = 10 ** 5 if opts.quick else 10 ** 6
    repeats = max(opts.repeats, 3) * (4 if not opts.quick else 1)
    numba = optional_import("numba")
    print(f"array kernels over {n} float64; fastest of {repeats} calls (ms)")
    head = f"{'kernel':<18} {'numpy':>8} {'oxjit':>8} {'numba':>8} {'ox/np':>7} {'ox/nb':>7}  <= numpy"
    print(head)
    print("-" * len(head))
    failed, ratios_np, ratios_nb = [], [], []
    for name, fn, args in _cases(n):
        if maps_only and name not in MAPS:
            continue
        t_np, expected = best_of(fn, args, repeats)
        ox = oxjit.jit(fn)
        ox(*args)
        t_ox, got = best_of(ox, args, repeats)
        if not _close(got, expected, name.startswith(("sum", "dot"))):
            failed.append(name)
        t_nb = float("nan")
        if numba is not None:
            nb = numba.njit(fn)
            nb(*args)
            t_nb, _ = best_of(nb, args, repeats)
        r_np, r_nb = t_ox / t_np, t_ox / t_nb
        ratios_np.append(r_np)
        if numba is not None:
            ratios_nb.append(r_nb)
        verdict = "yes" if r_np <= 1.0 else "NO"
        print(f"{name:<18} {t_np * 1e3:8.3f} {t_ox * 1e3:8.3f} {t_nb * 1e3:8.3f} "
              f"{r_np:7.2f} {r_nb:7.2f}  {verdict}")
    print(f"geometric mean oxjit/NumPy {geometric_mean(ratios_np):.2f}"
          + (f", oxjit/Numba {geometric_mean(ratios_nb):.2f}" if ratios_nb else ""))
    if failed:
        print("MISMATCH against NumPy:", ", ".join(failed))
        sys.exit(1)


if __name__ == "__main__":
    main()

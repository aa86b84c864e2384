"""Benchmark: numpy.linalg in compiled code, NumPy (OpenBLAS/LAPACK) vs oxjit (faer) vs Numba.

Run:  python benchmarks/bench_linalg.py [--quick] [--repeats R] [--json PATH]

Cases: `solve`, `inv`, `det` (200x200 and 500x500), `svd`, `eigh`, `lstsq`, and `a @ b` of two
1000x1000 matrices.

Each case calls a small jitted function (the same source for oxjit and Numba) that loops
`reps` times over one `numpy.linalg` call, so call overhead is amortised; NumPy runs the same
function in CPython. Reported: the median time per linalg call (ms) and the ratios
oxjit/NumPy and oxjit/Numba (below 1 means oxjit is faster). Results are checked against
NumPy (`allclose`); the script exits non-zero on a mismatch. Numba is skipped when it cannot
be imported. BLAS is limited to one thread (``OPENBLAS_NUM_THREADS=1`` etc., unless already
set) because faer runs single-threaded in oxjit and the cores here are shared: with several
BLAS threads competing, NumPy's and Numba's times were 10-100x noisier.
"""
import argparse
import json
import os
import statistics
import sys

for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import numpy
import numpy as np
from _common import optional_import as _import
from _common import timed as _timed

import oxjit


def solve_loop(a, b, reps):
    acc = 0.0
    for _ in range(reps):
        acc += np.linalg.solve(a, b)[0]
    return acc


def inv_loop(a, reps):
    acc = 0.0
    for _ in range(reps):
        acc += np.linalg.inv(a)[0, 0]
    return acc


def det_loop(a, reps):
    acc = 0.0
    for _ in range(reps):
        acc += np.linalg.det(a)
    return acc


def svd_loop(a, reps):
    acc = 0.0
    for _ in range(reps):
        acc += np.linalg.svd(a)[1][0]
    return acc


def eigh_loop(a, reps):
    acc = 0.0
    for _ in range(reps):
        acc += np.linalg.eigh(a)[0][0]
    return acc


def lstsq_loop(a, b, reps):
    acc = 0.0
    for _ in range(reps):
        acc += np.linalg.lstsq(a, b)[0][0]
    return acc


def matmul_loop(a, b, reps):
    acc = 0.0
    for _ in range(reps):
        acc += (a @ b)[0, 0]
    return acc


def _cases(quick):
    rng = np.random.RandomState(0)
    n = 100 if quick else 200
    a = rng.uniform(-1, 1, size=(n, n)) + n * np.eye(n)
    b = rng.uniform(-1, 1, size=n)
    s = rng.uniform(-1, 1, size=(100, 100))
    sym = s + s.T
    tall = rng.uniform(-1, 1, size=(400, 50))
    rhs = rng.uniform(-1, 1, size=400)
    big = 300 if quick else 500
    a5 = rng.uniform(-1, 1, size=(big, big)) + big * np.eye(big)
    b5 = rng.uniform(-1, 1, size=big)
    m = 300 if quick else 1000
    ma, mb = rng.uniform(-1, 1, size=(m, m)), rng.uniform(-1, 1, size=(m, m))
    return [
        (f"solve {n}x{n}", solve_loop, (a, b), 20),
        (f"inv {n}x{n}", inv_loop, (a,), 20),
        (f"det {n}x{n}", det_loop, (a / n,), 20),
        (f"solve {big}x{big}", solve_loop, (a5, b5), 5),
        (f"inv {big}x{big}", inv_loop, (a5,), 5),
        ("svd 100x100", svd_loop, (s,), 5),
        ("eigh 100x100", eigh_loop, (sym,), 5),
        ("lstsq 400x50", lstsq_loop, (tall, rhs), 10),
        (f"matmul {m}x{m}", matmul_loop, (ma, mb), 2),
    ]


def _measure(fn, args, reps, repeats):
    _, out = _timed(fn, *args, reps)  # compile / warm up
    times = [_timed(fn, *args, reps)[0] / reps for _ in range(repeats)]
    return statistics.median(times) * 1e3, out


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--json")
    args = parser.parse_args(argv)
    numba = _import("numba", "columns")
    rows = []
    ok = True
    print(f"{'case':<16}{'numpy ms':>10}{'oxjit ms':>10}{'numba ms':>10}"
          f"{'oxjit/numpy':>13}{'oxjit/numba':>13}")
    for name, fn, data, reps in _cases(args.quick):
        t_np, expected = _measure(fn, data, reps, args.repeats)
        t_ox, got = _measure(oxjit.njit(fn), data, reps, args.repeats)
        good = bool(np.allclose(got, expected, rtol=1e-6, atol=1e-8))
        ok = ok and good
        t_nb = None
        if numba is not None:
            t_nb, got_nb = _measure(numba.njit(fn), data, reps, args.repeats)
        r_np = f"{t_ox / t_np:.2f}x"
        r_nb = "-" if t_nb is None else f"{t_ox / t_nb:.2f}x"
        nb = "-" if t_nb is None else f"{t_nb:10.3f}"
        print(f"{name:<16}{t_np:10.3f}{t_ox:10.3f}{nb:>10}{r_np:>13}{r_nb:>13}"
              + ("" if good else "  WRONG RESULT"))
        rows.append({"case": name, "numpy_ms": t_np, "oxjit_ms": t_ox, "numba_ms": t_nb,
                     "ok": good})
    if args.json:
        with open(args.json, "w") as fh:
            json.dump(rows, fh, indent=2)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())

"""Benchmark: NumPy routines compiled by oxjit against NumPy itself and Numba, on 10^6 float64.

Run:  python benchmarks/bench_numpy_breadth.py [--quick] [--n N] [--repeats R] [--json PATH]

Cases: `unique` (10^6 values, about 10^5 distinct), `histogram` (100 equal bins), `searchsorted`
(10^6 sorted values, 10^6 queries), `median`, `fft` and `rfft` of 2^20 points (2^17 with
`--quick`; their results are compared within 1e-12 of the largest magnitude, as rustfft and
NumPy's pocketfft round differently). Each case is one small function with the call
(the same source for oxjit and Numba); NumPy runs it in CPython. Reported: the median time
of `--repeats` calls (ms, after a warm-up call that compiles) and the ratios oxjit/NumPy and
oxjit/Numba (below 1 means oxjit is faster). Results are checked against NumPy; the script
exits non-zero on a mismatch. Numba is skipped when it cannot be imported.
"""
import argparse
import json
import statistics
import sys

import numpy as np
from _common import optional_import as _import
from _common import timed as _timed

import oxjit


def unique(a):
    return np.unique(a)


def histogram(a):
    return np.histogram(a, 100)


def searchsorted(a, v):
    return np.searchsorted(a, v)


def median(a):
    return np.median(a)


def fft(a):
    return np.fft.fft(a)


def rfft(a):
    return np.fft.rfft(a)


def _cases(n):
    rng = np.random.RandomState(0)
    data = rng.normal(size=n)
    return [
        ("unique", unique, (np.round(data * 2e4) / 1e4,)),
        ("histogram", histogram, (data,)),
        ("searchsorted", searchsorted, (np.sort(rng.uniform(size=n)), rng.uniform(size=n))),
        ("median", median, (data,)),
    ]


def _fft_cases(quick):
    x = np.random.RandomState(1).normal(size=2 ** (17 if quick else 20))
    return [("fft", fft, (x,)), ("rfft", rfft, (x,))]


def _same(got, expected, tol=None):
    if isinstance(expected, tuple):
        return all(_same(g, e, tol) for g, e in zip(got, expected))
    got, expected = np.asarray(got), np.asarray(expected)
    if tol is None:
        return bool(np.array_equal(got, expected))
    scale = float(np.abs(expected).max()) if expected.size else 0.0
    return got.shape == expected.shape and got.dtype == expected.dtype and bool(
        np.allclose(got, expected, rtol=0.0, atol=tol * scale))


def _measure(fn, args, repeats):
    _, out = _timed(fn, *args)  # compile / warm up
    times = [_timed(fn, *args)[0] for _ in range(repeats)]
    return statistics.median(times) * 1e3, out


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--n", type=int, default=None)
    parser.add_argument("--repeats", type=int, default=7)
    parser.add_argument("--json")
    args = parser.parse_args(argv)
    n = args.n or (100_000 if args.quick else 1_000_000)
    numba = _import("numba", "columns")
    rows, ok = [], True
    print(f"n = {n:,} float64")
    print(f"{'case':<14}{'numpy ms':>10}{'oxjit ms':>10}{'numba ms':>10}"
          f"{'oxjit/numpy':>13}{'oxjit/numba':>13}")
    cases = [(c, None) for c in _cases(n)] + [(c, 1e-12) for c in _fft_cases(args.quick)]
    for (name, fn, data), tol in cases:
        t_np, expected = _measure(fn, data, args.repeats)
        t_ox, got = _measure(oxjit.njit(fn), data, args.repeats)
        good = _same(got, expected, tol)
        ok = ok and good
        t_nb = None
        if numba is not None:
            try:
                t_nb, _ = _measure(numba.njit(fn), data, args.repeats)
            except Exception as exc:  # noqa: BLE001 - Numba lacks the function
                print(f"note: numba cannot compile {name}: {type(exc).__name__}")
        r_nb = "-" if t_nb is None else f"{t_ox / t_nb:.2f}x"
        nb = "-" if t_nb is None else f"{t_nb:10.3f}"
        print(f"{name:<14}{t_np:10.3f}{t_ox:10.3f}{nb:>10}{t_ox / t_np:>12.2f}x{r_nb:>13}"
              + ("" if good else "  WRONG RESULT"))
        rows.append({"case": name, "n": n, "numpy_ms": t_np, "oxjit_ms": t_ox,
                     "numba_ms": t_nb, "ok": good})
    if args.json:
        with open(args.json, "w") as fh:
            json.dump(rows, fh, indent=2)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())

"""Benchmark: strings, CPython vs oxjit vs Numba (issue 8's string workloads).

Run:  python benchmarks/bench_strings.py [--quick] [--repeats R]

Workloads (the same run, medians of R calls after a warm-up call, compilation excluded):

* **f-string building**: `f"{i}:{x:.3f}"` for 10**5 values, summing the lengths. Numba rejects
  format specs (and `str` of a float), so its column runs the closest form it accepts,
  `str(i) + ":" + str(int(x * 1000))`; oxjit and CPython run that form too (second row), so
  the oxjit/Numba ratio compares the same program.
* **split/join**: `text.split(" ")` of a 10**5-word text, then `"-".join(parts)`.

Exits non-zero if an engine returns a wrong result. Numba is used when importable.
"""
import sys
import warnings

from _common import optional_import as _import
from _common import median_after_warmup as bench
from _common import quick_and_repeats

import oxjit


def fstring_lengths(n):
    total = 0
    for i in range(n):
        x = i * 0.001
        s = f"{i}:{x:.3f}"
        total += len(s)
    return total


def concat_lengths(n):
    total = 0
    for i in range(n):
        x = i * 0.001
        s = str(i) + ":" + str(int(x * 1000))
        total += len(s)
    return total


def split_join(text):
    parts = text.split(" ")
    joined = "-".join(parts)
    return len(joined), len(parts)


def main():
    opts = quick_and_repeats("bench_strings.py")
    scale = 10 if opts.quick else 1
    numba = _import("numba", "columns")
    n = 100_000 // scale
    words = ["alpha", "béta", "gamma", "δέλτα", "x", "", "epsilon"]
    text = " ".join(words[i % len(words)] + str(i) for i in range(n))
    cases = [
        (f'f"{{i}}:{{x:.3f}}" x {n}', fstring_lengths, None, (n,)),
        (f"str(i)+':'+str(int) x {n}", concat_lengths, concat_lengths, (n,)),
        (f"split/join {n} words", split_join, split_join, (text,)),
    ]
    ok = True
    print(f"{'workload':30} {'CPython':>10} {'oxjit':>10} {'Numba':>10}  CPython/oxjit  oxjit/Numba")
    for name, fn, nb_fn, args in cases:
        t_py, ref = bench(fn, args, opts.repeats)
        t_ox, got = bench(oxjit.njit(fn), args, opts.repeats)
        ok = ok and ref == got
        t_nb = None
        if numba is not None and nb_fn is not None:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                t_nb, got_nb = bench(numba.njit(nb_fn), args, opts.repeats)
            ok = ok and got_nb == nb_fn(*args)
        ratio = f"{t_ox / t_nb:11.2f}" if t_nb else "  (no spec)"
        nb = f"{t_nb * 1e3:8.2f}ms" if t_nb else "         -"
        print(
            f"{name:30} {t_py * 1e3:8.2f}ms {t_ox * 1e3:8.2f}ms {nb}  {t_py / t_ox:13.2f}  {ratio}"
        )
    if not ok:
        print("error: an engine returned a wrong result")
        sys.exit(1)


if __name__ == "__main__":
    main()

"""oxjit demo: the user's insertion sort in CPython, oxjit and Numba.

Run:  python -m oxjit.demo [--n N]

Sorts ``numpy.random.seed(0); numpy.random.random(N)`` (N = 10,000) with the
plain function in CPython (once: it takes seconds), with
``oxjit.jit(nopython=True)`` and, when it is installed, with Numba's
``jit(nopython=True)``. Prints the first call (compile + run) and the steady
time (second call) of each side by side, checks every result against
``numpy.sort`` and exits with status 1 if any differs.
"""
import argparse
import sys
import time

import numpy
from .seed_programs import tri_insertion  # one copy, unchanged


def _timed(fn, *args):
    start = time.perf_counter()
    result = fn(*args)
    return time.perf_counter() - start, result


def _run(fn, data, expected, twice=True):
    first, out = _timed(fn, data)
    ok = numpy.array_equal(out, expected)
    steady = first
    if twice:
        steady, out = _timed(fn, data)
        ok = ok and numpy.array_equal(out, expected)
    return first, steady, bool(ok)


def _speed(a, b):
    """How b compares with a, as a phrase: '12.3x faster' / '1.5x slower'."""
    if a <= 0 or b <= 0:
        return "n/a"
    if b <= a:
        return f"{a / b:.1f}x faster"
    return f"{b / a:.1f}x slower"


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m oxjit.demo",
                                     description="insertion sort: CPython vs oxjit vs Numba")
    parser.add_argument("--n", type=int, default=10_000, help="number of floats (10,000)")
    args = parser.parse_args(argv)

    import oxjit

    numpy.random.seed(0)
    data = numpy.random.random(size=args.n)
    original = data.copy()
    expected = numpy.sort(data)
    print(f"Insertion sort of {args.n:,} floats (numpy.random.seed(0)), "
          f"result checked against numpy.sort\n")
    print(f"{'engine':<10}{'first call':>14}{'steady':>14}   result")

    rows = {}

    def show(name, first, steady, ok):
        rows[name] = (first, steady, ok)
        print(f"{name:<10}{first:>12.4f} s{steady:>12.4f} s   "
              f"{'ok' if ok else 'WRONG'}", flush=True)

    show("CPython", *_run(tri_insertion, data, expected, twice=False))

    try:
        sort_oxjit = oxjit.jit(nopython=True)(tri_insertion)
        show("oxjit", *_run(sort_oxjit, data, expected))
    except Exception as exc:  # a compile error is a failed demo, shown in full
        print(f"oxjit     failed: {type(exc).__name__}: {exc}")
        rows["oxjit"] = (0.0, 0.0, False)

    try:
        import numba
    except ImportError:
        numba = None
        print("Numba     not installed: skipped")
    if numba is not None:
        sort_numba = numba.jit(nopython=True)(tri_insertion)
        show("Numba", *_run(sort_numba, data, expected))

    print("(CPython runs once: it has nothing to compile, its first call is its steady time)")
    py_first, _, _ = rows["CPython"]
    ox_first, ox_steady, ox_ok = rows["oxjit"]
    print()
    if ox_ok:
        line = (f"oxjit vs CPython: {_speed(py_first, ox_steady)} (steady), "
                f"{_speed(py_first, ox_first)} (first call)")
        if "Numba" in rows:
            nb_first, nb_steady, _ = rows["Numba"]
            line += (f"; oxjit vs Numba: first call {_speed(nb_first, ox_first)}, "
                     f"steady {_speed(nb_steady, ox_steady)}")
        print(line)

    failed = [name for name, (_, _, ok) in rows.items() if not ok]
    if not numpy.array_equal(data, original):
        print("the input array was modified")
        failed.append("input")
    if failed:
        print("FAILED: " + ", ".join(failed))
        return 1
    print("all results equal numpy.sort")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Benchmark: the seed insertion sort, CPython vs oxjit vs Numba, plus call overhead.

Run:  python benchmarks/bench_sort.py [--quick] [--n N] [--calls N] [--repeats R]
                                      [--no-cpython] [--json PATH]

See benchmarks/README.md for what every number means. Exits non-zero if an
engine returns a wrong result. Numba is used when importable, else skipped.
"""
import argparse
import json
import platform
import statistics
import sys
import time

import numpy
from _common import optional_import as _import
from _common import timed as _timed
from oxjit.seed_programs import tri_insertion  # one copy, unchanged


def add_one(x):
    return x + 1


def bench_sort_engine(make, data, repeats, expected):
    """First call on a fresh dispatcher, then the median of `repeats` calls."""
    fn = make()
    first, out = _timed(fn, data)
    ok = bool(numpy.array_equal(out, expected))
    times = []
    for _ in range(repeats):
        t, out = _timed(fn, data)
        ok = ok and bool(numpy.array_equal(out, expected))
        times.append(t)
    steady = statistics.median(times) if times else first
    compile_time = max(first - steady, 0.0) if times else None
    return {"first": first, "compile": compile_time, "steady": steady, "ok": ok,
            "runs": len(times)}


def bench_overhead(fn, calls, batches=20):
    """Median over `batches` batches of the mean per-call time of fn(1), in ns."""
    fn(1)  # compile / warm up
    per_batch = max(calls // batches, 1)
    loop = range(per_batch)
    samples = []
    for _ in range(batches):
        start = time.perf_counter_ns()
        for _ in loop:
            fn(1)
        samples.append((time.perf_counter_ns() - start) / per_batch)
    return statistics.median(samples)


def bench_empty_loop(calls, batches=20):
    per_batch = max(calls // batches, 1)
    loop = range(per_batch)
    samples = []
    for _ in range(batches):
        start = time.perf_counter_ns()
        for _ in loop:
            pass
        samples.append((time.perf_counter_ns() - start) / per_batch)
    return statistics.median(samples)


def _fmt_s(v):
    return "-" if v is None else f"{v:10.4f}"


def _ratio(a, b):
    if a is None or b is None or b <= 0:
        return "-"
    return f"{a / b:.3g}x"


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true",
                        help="2,000 elements and 200,000 overhead calls")
    parser.add_argument("--n", type=int, default=None, help="elements to sort (10,000)")
    parser.add_argument("--calls", type=int, default=None,
                        help="calls for the overhead measurement (1,000,000)")
    parser.add_argument("--repeats", type=int, default=5,
                        help="steady-state runs per compiled engine (median reported)")
    parser.add_argument("--no-cpython", action="store_true",
                        help="skip the (slow) CPython sort")
    parser.add_argument("--json", metavar="PATH", help="also write the results as JSON")
    args = parser.parse_args(argv)
    n = args.n or (2_000 if args.quick else 10_000)
    calls = args.calls or (200_000 if args.quick else 1_000_000)

    print(f"python {platform.python_version()}, numpy {numpy.__version__}, "
          f"{platform.machine()}")
    oxjit = _import("oxjit")
    numba = _import("numba")
    if oxjit is not None:
        print(f"oxjit {getattr(oxjit, '__version__', '?')}")
    if numba is not None:
        print(f"numba {numba.__version__}")

    numpy.random.seed(0)
    data = numpy.random.random(size=n)
    original = data.copy()
    expected = numpy.sort(data)

    engines = []
    if not args.no_cpython:
        engines.append(("CPython", lambda: tri_insertion, 0))
    if oxjit is not None:
        engines.append(("oxjit", lambda: oxjit.jit(nopython=True)(tri_insertion),
                        args.repeats))
        engines.append(("oxjit boundscheck=False",
                        lambda: oxjit.jit(nopython=True, boundscheck=False)(tri_insertion),
                        args.repeats))
    if numba is not None:
        engines.append(("Numba", lambda: numba.jit(nopython=True)(tri_insertion),
                        args.repeats))

    print(f"\nInsertion sort of {n:,} float64 (numpy.random.seed(0)), seconds")
    header = f"{'engine':<26}{'first call':>12}{'compile~':>12}{'steady':>12}  correct"
    print(header)
    print("-" * len(header))
    results = {}
    failed = False
    for name, make, repeats in engines:
        r = bench_sort_engine(make, data, repeats, expected)
        if name == "CPython":
            r["compile"] = None  # nothing to compile; first call == steady
        results[name] = r
        failed = failed or not r["ok"]
        print(f"{name:<26}{_fmt_s(r['first']):>12}{_fmt_s(r['compile']):>12}"
              f"{_fmt_s(r['steady']):>12}  {'yes' if r['ok'] else 'NO'}", flush=True)
    if not numpy.array_equal(data, original):
        print("ERROR: an engine modified its input array")
        failed = True

    ox, nb, py = results.get("oxjit"), results.get("Numba"), results.get("CPython")
    oxb = results.get("oxjit boundscheck=False")
    print()
    if ox and nb:
        print(f"oxjit / Numba      first call {_ratio(ox['first'], nb['first'])}, "
              f"compile {_ratio(ox['compile'], nb['compile'])}, "
              f"steady {_ratio(ox['steady'], nb['steady'])}   (lower is better for oxjit)")
    if oxb and nb:
        print(f"oxjit(bc=False) / Numba  steady {_ratio(oxb['steady'], nb['steady'])}")
    if py and ox:
        print(f"CPython / oxjit    steady {_ratio(py['steady'], ox['steady'])}   "
              f"(speed-up over the interpreter)")
    if py and nb:
        print(f"CPython / Numba    steady {_ratio(py['steady'], nb['steady'])}")

    print(f"\nCall overhead of f(1) -> x + 1, median per call over {calls:,} calls, ns")
    overhead = {"empty loop": bench_empty_loop(calls), "CPython": bench_overhead(add_one, calls)}
    if oxjit is not None:
        overhead["oxjit"] = bench_overhead(oxjit.njit(add_one), calls)
    if numba is not None:
        overhead["Numba"] = bench_overhead(numba.njit(add_one), calls)
    for name, ns in overhead.items():
        print(f"{name:<26}{ns:10.1f}")
    if "oxjit" in overhead and "Numba" in overhead:
        print(f"oxjit / Numba      {_ratio(overhead['oxjit'], overhead['Numba'])}")
    if "oxjit" in overhead:
        print(f"oxjit / CPython    {_ratio(overhead['oxjit'], overhead['CPython'])}")

    if args.json:
        with open(args.json, "w") as f:
            json.dump({"n": n, "calls": calls, "sort": results, "overhead_ns": overhead},
                      f, indent=2)
    if failed:
        print("\nFAILED: wrong result (see 'correct' column)")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Language features against Numba and CPython, same run (issue 8's three measurements):
`try`/`except` around a hot loop (nothing raised: it should cost nothing), a function with 5
default parameters called 1e6 times from Python, and f-string building in a loop. Each prints
oxjit's time over Numba's. `--callee` adds the 5-default function called from compiled code.

Run:  python benchmarks/bench_language.py [--quick]
"""
import argparse
import statistics
import sys
import time

import numpy
from _common import optional_import


def loop_plain(a):
    s = 0.0
    for i in range(a.shape[0]):
        s += a[i] * 0.5
    return s


def loop_in_try(a):
    s = 0.0
    try:
        for i in range(a.shape[0]):
            s += a[i] * 0.5
    except Exception:  # noqa: BLE001 (the form Numba compiles)
        s = -1.0
    return s


def five_defaults(x, a=1, b=2.0, c=3, d=4.0, e=5):
    return x + a + b + c + d + e


def calls_with_defaults(n):
    s = 0.0
    for i in range(n):
        s += five_defaults(i, e=2)
    return s


def fstrings_plain(n):
    total = 0
    for i in range(n):
        s = f"item {i}: {i * 3} of {n}"
        total += len(s)
    return total


def fstrings_spec(n):
    total = 0
    for i in range(n):
        s = f"item {i:>6d}: {i * 0.25:.3f}"
        total += len(s)
    return total


def _per_call_ns(fn, calls, repeats):
    best = []
    for _ in range(repeats):
        t = time.perf_counter()
        for _ in range(calls):
            fn(1.0)
        best.append((time.perf_counter() - t) / calls * 1e9)
    return min(best)


def _median_ms(fn, args, repeats):
    fn(*args)
    times = []
    for _ in range(repeats):
        t = time.perf_counter()
        fn(*args)
        times.append((time.perf_counter() - t) * 1e3)
    return statistics.median(times)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer calls and repeats")
    parser.add_argument("--callee", action="store_true",
                        help="also time the 5-default function called from compiled code")
    args, unknown = parser.parse_known_args(argv)
    if unknown:
        print(f"note: ignoring options for other benchmarks: {' '.join(unknown)}")
    calls = 100_000 if args.quick else 1_000_000
    repeats = 3 if args.quick else 7
    oxjit = optional_import("oxjit")
    numba = optional_import("numba")
    engines = {"CPython": lambda f: f}
    if oxjit:
        engines["oxjit"] = oxjit.njit
    if numba:
        engines["Numba"] = numba.njit

    a = numpy.random.default_rng(0).random(1_000_000)
    print("try/except around a hot loop (1e6 float64, nothing raised), median ms")
    rows = {}
    for name, jit in engines.items():
        if name == "CPython":
            continue
        plain = _median_ms(jit(loop_plain), (a,), repeats * 3)
        try:
            guarded = _median_ms(jit(loop_in_try), (a,), repeats * 3)
        except Exception as exc:  # noqa: BLE001 - Numba may refuse the construct
            print(f"  {name}: try/except not compiled ({type(exc).__name__})")
            continue
        rows[name] = guarded
        print(f"  {name:<8} plain {plain:7.3f}   in try {guarded:7.3f}   ratio {guarded / plain:5.2f}x")
    if "oxjit" in rows and "Numba" in rows:
        print(f"  oxjit / Numba (in try): {rows['oxjit'] / rows['Numba']:.2f}x")

    print(f"\nf(x) with 5 default parameters, called {calls:,} times from Python, ns per call")
    per_call = {}
    for name, jit in engines.items():
        f = jit(five_defaults)
        f(1.0)
        per_call[name] = _per_call_ns(f, calls, repeats)
        print(f"  {name:<8} {per_call[name]:8.1f}")
    if "oxjit" in per_call and "Numba" in per_call:
        print(f"  oxjit / Numba: {per_call['oxjit'] / per_call['Numba']:.2f}x")

    n_strings = 10_000 if args.quick else 100_000
    print(f"\nf-strings built in a loop ({n_strings:,} strings), median ms")
    for label, fn in (("{i} {i * 3} {n}", fstrings_plain), ("{i:>6d} {x:.3f}", fstrings_spec)):
        times = {}
        for name, jit in engines.items():
            try:
                compiled = jit(fn)
                times[name] = _median_ms(compiled, (n_strings,), repeats)
            except Exception as exc:  # noqa: BLE001 - Numba rejects format specs
                print(f"  {label:<18} {name}: not compiled ({type(exc).__name__})")
                continue
        line = "   ".join(f"{name} {ms:7.3f}" for name, ms in times.items())
        print(f"  {label:<18} {line}")
        if "oxjit" in times and "Numba" in times:
            print(f"  {'':<18} oxjit / Numba: {times['oxjit'] / times['Numba']:.2f}x")
        if "oxjit" in times:
            print(f"  {'':<18} oxjit / CPython: {times['oxjit'] / times['CPython']:.2f}x")
    if not args.callee:
        return 0

    print("\n1e6 calls with defaults and a keyword between compiled functions, median ms")
    inner = {}
    for name, jit in engines.items():
        if name == "CPython":
            continue
        callee = jit(five_defaults)
        caller_src = calls_with_defaults
        glb = dict(caller_src.__globals__, five_defaults=callee)
        rebuilt = type(caller_src)(caller_src.__code__, glb, caller_src.__name__)
        try:
            inner[name] = _median_ms(jit(rebuilt), (1_000_000,), repeats)
        except Exception as exc:  # noqa: BLE001
            print(f"  {name}: not compiled ({type(exc).__name__}: {exc})".splitlines()[0])
            continue
        print(f"  {name:<8} {inner[name]:8.3f}")
    if "oxjit" in inner and "Numba" in inner:
        print(f"  oxjit / Numba: {inner['oxjit'] / inner['Numba']:.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())

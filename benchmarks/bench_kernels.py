"""Benchmark: element-wise and reduction kernels, NumPy (eager) vs oxjit vs Numba.

Run:  python benchmarks/bench_kernels.py [--quick] [--n N] [--repeats R] [--kernels a,b,...]
                                         [--engines numpy,oxjit,numba] [--json PATH]

Each kernel is a one-line function (``a * 2.0 + 1.0``, ``numpy.dot(a, b)``, ...)
run as it is in CPython (NumPy evaluates it eagerly, one temporary per
operation) and compiled by oxjit and Numba. See benchmarks/README.md. Exits 1
if oxjit's result disagrees with NumPy's. Numba is used when importable.
"""
import argparse
import gc
import json
import platform
import statistics
import sys
import time

import numpy
from _common import optional_import


def _import(name):
    return optional_import(name, "column")


def k_add(a, b, X, c):
    return a + b


def k_affine(a, b, X, c):
    return a * 2.0 + 1.0


def k_sqrt(a, b, X, c):
    return numpy.sqrt(a)


def k_exp(a, b, X, c):
    return numpy.exp(a)


def k_sum(a, b, X, c):
    return a.sum()


def k_mul_sum(a, b, X, c):
    return (a * b).sum()


def k_dot(a, b, X, c):
    return numpy.dot(a, b)


def k_square_diff_sum(a, b, X, c):
    return numpy.square(a - b).sum()


def k_sum_pow2(a, b, X, c):
    return numpy.sum(a ** 2)


def k_sum_self_mul(a, b, X, c):
    return numpy.sum(a * a)


def k_max(a, b, X, c):
    return a.max()


def k_matvec(a, b, X, c):
    return numpy.dot(X, c)


# (name shown, function, rtol against NumPy: None = exact)
KERNELS = [
    ("a + b", k_add, None),
    ("a * 2.0 + 1.0", k_affine, None),
    ("numpy.sqrt(a)", k_sqrt, None),
    ("numpy.exp(a)", k_exp, 1e-15),           # libm vs NumPy's SVML: a few ulps
    ("a.sum()", k_sum, 1e-12),                 # pairwise vs chunked summation
    ("(a * b).sum()", k_mul_sum, 1e-12),
    ("numpy.dot(a, b)", k_dot, 1e-12),
    ("numpy.square(a - b).sum()", k_square_diff_sum, 1e-12),
    ("numpy.sum(a ** 2)", k_sum_pow2, 1e-12),
    ("numpy.sum(a * a)", k_sum_self_mul, 1e-12),
    ("a.max()", k_max, None),
    ("numpy.dot(X, c), X (n, 2)", k_matvec, 1e-15),  # BLAS may use FMA
]
ENGINES = ("numpy", "oxjit", "numba")
LABELS = {"numpy": "NumPy", "oxjit": "oxjit", "numba": "Numba"}


def _inputs(n):
    rng = numpy.random.RandomState(0)
    a = rng.random_sample(n)
    b = rng.random_sample(n)
    X = numpy.full((n, 2), 1.0)
    X[:, 0] = a
    c = numpy.array([0.5, 0.5])
    return a, b, X, c


def _measure(fn, args, repeats):
    """(first call seconds, median seconds of `repeats` further calls, last result)."""
    gc.collect()
    start = time.perf_counter()
    out = fn(*args)
    first = time.perf_counter() - start
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        out = fn(*args)
        times.append(time.perf_counter() - start)
    return first, statistics.median(times), out


def _agrees(got, expected, rtol):
    if isinstance(expected, numpy.ndarray):
        if not isinstance(got, numpy.ndarray) or got.shape != expected.shape \
                or got.dtype != expected.dtype:
            return False
        if rtol is None:
            return bool(numpy.array_equal(got, expected))
        return bool(numpy.allclose(got, expected, rtol=rtol, atol=0.0))
    if rtol is None:
        return float(got) == float(expected)
    return abs(float(got) - float(expected)) <= rtol * abs(float(expected))


def _ratio(a, b):
    if a is None or b is None or b <= 0:
        return "-"
    return f"{a / b:.2f}x"


def _ms(v):
    return "-" if v is None else f"{v * 1e3:9.3f}"


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="n = 100,000 and 10 repeats")
    parser.add_argument("--n", type=int, default=None, help="elements (1,000,000)")
    parser.add_argument("--repeats", type=int, default=None,
                        help="timed calls per kernel and engine, median reported (30)")
    parser.add_argument("--kernels", default=None,
                        help="comma-separated function names, e.g. k_add,k_sum (default: all)")
    parser.add_argument("--engines", default=",".join(ENGINES),
                        help="comma-separated subset of numpy,oxjit,numba (default: all)")
    parser.add_argument("--json", metavar="PATH", help="also write the results as JSON")
    # run_all.py passes its arguments to every script: ignore the other scripts' options
    args, unknown = parser.parse_known_args(argv)
    if unknown:
        print(f"note: ignoring options for other benchmarks: {' '.join(unknown)}")
    n = args.n or (100_000 if args.quick else 1_000_000)
    repeats = args.repeats or (10 if args.quick else 30)
    engines = [e.strip().lower() for e in args.engines.split(",") if e.strip()]
    bad = [e for e in engines if e not in ENGINES]
    if bad:
        parser.error(f"unknown engine(s) {bad}; choose from {', '.join(ENGINES)}")
    kernels = KERNELS
    if args.kernels:
        wanted = {k.strip() for k in args.kernels.split(",")}
        kernels = [k for k in KERNELS if k[1].__name__ in wanted]
        if not kernels:
            parser.error(f"no kernel named {sorted(wanted)}; "
                         f"choose from {', '.join(k[1].__name__ for k in KERNELS)}")

    print(f"python {platform.python_version()}, numpy {numpy.__version__}, {platform.machine()}")
    modules = {}
    for name in ("oxjit", "numba"):
        if name in engines:
            module = _import(name)
            if module is None:
                engines.remove(name)
            else:
                modules[name] = module
                print(f"{name} {getattr(module, '__version__', '?')}")

    inputs = _inputs(n)
    print(f"\nn = {n:,} float64, median of {repeats} calls after a first (compiling) call, "
          f"milliseconds")
    cols = [LABELS[e] for e in engines]
    ratio_cols = []
    if "oxjit" in engines and "numpy" in engines:
        ratio_cols.append("oxjit/NumPy")
    if "oxjit" in engines and "numba" in engines:
        ratio_cols.append("oxjit/Numba")
    header = f"{'kernel':<28}" + "".join(f"{c:>10}" for c in cols) + \
        "".join(f"{c:>13}" for c in ratio_cols) + "  correct"
    print(header)
    print("-" * len(header))

    results = {}
    failed = False
    for label, fn, rtol in kernels:
        row = {}
        expected = fn(*inputs)
        for engine in engines:
            if engine == "numpy":
                callable_ = fn
            else:
                callable_ = modules[engine].njit(fn)
            try:
                first, median, out = _measure(callable_, inputs, repeats)
            except Exception as exc:  # noqa: BLE001 - report it, go on
                row[engine] = {"error": f"{type(exc).__name__}: {exc}".splitlines()[0]}
                continue
            row[engine] = {"first": first, "median": median,
                           "correct": _agrees(out, expected, rtol)}
        results[fn.__name__] = {"kernel": label, **row}
        med = {e: row.get(e, {}).get("median") for e in engines}
        cells = "".join(f"{_ms(med[e]):>10}" if "error" not in row.get(e, {}) else f"{'error':>10}"
                        for e in engines)
        ratios = ""
        if "oxjit/NumPy" in ratio_cols:
            ratios += f"{_ratio(med['oxjit'], med['numpy']):>13}"
        if "oxjit/Numba" in ratio_cols:
            ratios += f"{_ratio(med['oxjit'], med['numba']):>13}"
        wrong = [LABELS[e] for e in engines if e != "numpy" and not row.get(e, {}).get("correct")]
        print(f"{label:<28}{cells}{ratios}  {'yes' if not wrong else 'NO: ' + ', '.join(wrong)}",
              flush=True)
        if "oxjit" in engines and not row.get("oxjit", {}).get("correct"):
            failed = True

    errors = [(k, e, v["error"]) for k, r in results.items() for e, v in r.items()
              if isinstance(v, dict) and "error" in v]
    for kernel, engine, message in errors:
        print(f"  {kernel} under {LABELS[engine]}: {message}")
    if "oxjit" in engines:
        firsts = [r["oxjit"]["first"] for r in results.values() if "first" in r.get("oxjit", {})]
        if firsts:
            print(f"\noxjit first calls (compile + run): median {statistics.median(firsts) * 1e3:.1f} ms")
    if "numba" in engines:
        firsts = [r["numba"]["first"] for r in results.values() if "first" in r.get("numba", {})]
        if firsts:
            print(f"Numba first calls (compile + run): median {statistics.median(firsts) * 1e3:.1f} ms")
    print("ratios below 1.00x: oxjit is faster")
    pow2 = results.get("k_sum_pow2", {}).get("oxjit", {}).get("median")
    mul = results.get("k_sum_self_mul", {}).get("oxjit", {}).get("median")
    if pow2 and mul:
        print(f"oxjit numpy.sum(a ** 2) / numpy.sum(a * a): {pow2 / mul:.2f}x "
              "(constant powers are multiplications; goal <= 1.2x)")

    if args.json:
        with open(args.json, "w") as f:
            json.dump({"n": n, "repeats": repeats, "kernels": results}, f, indent=2)
    if failed:
        print("\nFAILED: oxjit gave a wrong result or failed (see 'correct')")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())

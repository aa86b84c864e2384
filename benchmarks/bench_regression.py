"""Benchmark: the seed gradient-descent regression, CPython+NumPy vs oxjit vs Numba (serial).

Run:  python benchmarks/bench_regression.py [--quick] [--n N_OBS] [--iterations K]
                                            [--engines cpython,oxjit,numba] [--json PATH]

See benchmarks/README.md for what every number means. Exits 1 if oxjit's
``scr``/``coef`` disagree with the reference (CPython+NumPy, or Numba when
CPython is not run) beyond rtol 1e-9. Numba is used when importable, else skipped.
"""
import argparse
import json
import platform
import sys

import numpy
from _common import optional_import as _import
from _common import timed as _timed
from oxjit.seed_programs import gradient_regression  # one copy, unchanged

RTOL = 1e-9


ENGINES = ("cpython", "oxjit", "numba")
LABELS = {"cpython": "CPython+NumPy", "oxjit": "oxjit", "numba": "Numba"}


def _make(engine, modules):
    """A fresh callable for the engine (a new dispatcher: the first call compiles)."""
    if engine == "cpython":
        return gradient_regression
    return modules[engine].jit(nopython=True)(gradient_regression)


def _agree(result, reference):
    scr, coef = result
    ref_scr, ref_coef = reference
    return (scr.shape == ref_scr.shape and coef.shape == ref_coef.shape
            and bool(numpy.allclose(scr, ref_scr, rtol=RTOL, atol=0.0))
            and bool(numpy.allclose(coef, ref_coef, rtol=RTOL, atol=0.0)))


def _max_rel(result, reference):
    worst = 0.0
    for got, ref in zip(result, reference):
        if got.shape != ref.shape:
            return float("inf")
        if got.size:
            scale = numpy.maximum(numpy.abs(ref), numpy.abs(got))
            diff = numpy.abs(got - ref)
            rel = numpy.where(scale > 0, diff / numpy.where(scale > 0, scale, 1.0), 0.0)
            worst = max(worst, float(rel.max()))
    return worst


def _fmt(v):
    return "-" if v is None else f"{v:10.3f}"


def _ratio(a, b):
    if a is None or b is None or b <= 0:
        return "-"
    return f"{a / b:.3g}x"


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="200,000 observations x 100 iterations")
    parser.add_argument("--n", type=int, default=None, help="observations (2,000,000)")
    parser.add_argument("--iterations", type=int, default=None, help="iterations (1,000)")
    parser.add_argument("--engines", default=",".join(ENGINES),
                        help="comma-separated subset of cpython,oxjit,numba (default: all)")
    parser.add_argument("--no-cpython", action="store_true", help="same as leaving cpython out")
    parser.add_argument("--json", metavar="PATH", help="also write the results as JSON")
    # run_all.py passes its arguments to every script: ignore the other scripts' options
    args, unknown = parser.parse_known_args(argv)
    if unknown:
        print(f"note: ignoring options for other benchmarks: {' '.join(unknown)}")
    n_obs = args.n or (200_000 if args.quick else 2_000_000)
    iterations = args.iterations or (100 if args.quick else 1000)
    engines = [e.strip().lower() for e in args.engines.split(",") if e.strip()]
    bad = [e for e in engines if e not in ENGINES]
    if bad:
        parser.error(f"unknown engine(s) {bad}; choose from {', '.join(ENGINES)}")
    if args.no_cpython and "cpython" in engines:
        engines.remove("cpython")

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

    print(f"\ngradient_regression(n_obs={n_obs:,}, iterations={iterations:,}), serial, seconds")
    header = f"{'engine':<16}{'first call':>12}{'steady':>12}{'compile~':>12}"
    print(header)
    print("-" * len(header))
    results, outputs = {}, {}
    for engine in engines:
        fn = _make(engine, modules)
        try:
            first, out = _timed(fn, n_obs, iterations)
            steady, out2 = _timed(fn, n_obs, iterations)
        except Exception as exc:  # noqa: BLE001 - report the engine's failure, go on
            print(f"{LABELS[engine]:<16}  failed: {type(exc).__name__}: {exc}".splitlines()[0])
            results[engine] = {"error": f"{type(exc).__name__}: {exc}"}
            continue
        same_twice = (numpy.array_equal(out[0], out2[0]) and numpy.array_equal(out[1], out2[1]))
        outputs[engine] = out2
        results[engine] = {
            "first": first, "steady": steady,
            "compile": None if engine == "cpython" else max(first - steady, 0.0),
            "deterministic": same_twice,
            "coef": [float(c) for c in out2[1]],
            "scr_last": float(out2[0][-1]) if out2[0].size else None,
        }
        print(f"{LABELS[engine]:<16}{_fmt(first):>12}{_fmt(steady):>12}"
              f"{_fmt(results[engine]['compile']):>12}", flush=True)

    reference_name = "cpython" if "cpython" in outputs else ("numba" if "numba" in outputs else None)
    failed = "oxjit" in engines and "oxjit" not in outputs
    print()
    if reference_name is None:
        print("no reference engine ran: results not checked")
    else:
        ref = outputs[reference_name]
        print(f"agreement with {LABELS[reference_name]} (rtol {RTOL:g} on scr and coef):")
        for engine, out in outputs.items():
            if engine == reference_name:
                continue
            ok = _agree(out, ref)
            results[engine]["agrees"] = ok
            results[engine]["max_rel_diff"] = _max_rel(out, ref)
            print(f"  {LABELS[engine]:<14} {'yes' if ok else 'NO'}   "
                  f"max relative difference {results[engine]['max_rel_diff']:.2e}")
            if engine == "oxjit" and not ok:
                failed = True
    if "oxjit" in outputs and not results["oxjit"]["deterministic"]:
        print("  oxjit gave different results on its two calls")
        failed = True
    for engine, out in outputs.items():
        print(f"  {LABELS[engine]:<14} coef = ({out[1][0]:.12f}, {out[1][1]:.12f})"
              + (f", scr[-1] = {out[0][-1]:.9f}" if out[0].size else ""))

    ox, nb, py = results.get("oxjit"), results.get("numba"), results.get("cpython")
    print()
    if ox and nb and "first" in ox and "first" in nb:
        print(f"oxjit / Numba     first call {_ratio(ox['first'], nb['first'])}, "
              f"steady {_ratio(ox['steady'], nb['steady'])}   (below 1 = oxjit faster)")
    if ox and py and "first" in ox and "first" in py:
        print(f"oxjit / CPython   first call {_ratio(ox['first'], py['first'])}, "
              f"steady {_ratio(ox['steady'], py['steady'])}   (below 1 = oxjit faster)")
    if nb and py and "first" in nb and "first" in py:
        print(f"Numba / CPython   first call {_ratio(nb['first'], py['first'])}, "
              f"steady {_ratio(nb['steady'], py['steady'])}")

    if args.json:
        with open(args.json, "w") as f:
            json.dump({"n_obs": n_obs, "iterations": iterations, "rtol": RTOL,
                       "reference": reference_name, "engines": results}, f, indent=2)
    if failed:
        print("\nFAILED: oxjit's result is missing or disagrees with the reference")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())

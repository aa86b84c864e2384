"""Benchmark: `cache=True`, the first call of a new process when the cache holds the code.

Run:  python benchmarks/bench_cache.py [--quick] [--n N] [--iterations I] [--runs R]
                                       [--json PATH]

The seed programs (unchanged, from `oxjit.seed_programs`) are written into a temporary module
decorated with `jit(nopython=True, cache=True)`, once for oxjit and once for Numba (when
importable). Each measurement is a new Python process that imports the module and calls the
function: the first run of a fresh directory compiles and writes the cache ("cold"), later runs
load it ("hit"). A run reports its first call minus its steady call (median of 5), the time the
first call spends compiling or loading. See benchmarks/README.md. Exits non-zero if a result is
wrong or a run that should hit did not.
"""
import argparse
import inspect
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile

import numpy
from _common import optional_import as _import

HERE = os.path.dirname(os.path.abspath(__file__))
PYTHON_DIR = os.path.join(os.path.dirname(HERE), "python")

CHILD = """
import json, statistics, sys, time
import numpy
import {module} as m
def timed(f, *a):
    t = time.perf_counter(); r = f(*a); return time.perf_counter() - t, r
n, iters = {n}, {iterations}
numpy.random.seed(0)
data = numpy.random.random(size=n)
out = {{}}
for name, f, args in (("regression", m.gradient_regression, (n, iters)),
                      ("sort", m.tri_insertion, (data,))):
    if name != {program!r}:
        continue
    first, r = timed(f, *args)
    steady = statistics.median(timed(f, *args)[0] for _ in range(5))
    hits = sum(f.stats.cache_hits.values())
    value = r[1].tolist() if name == "regression" else bool((r == numpy.sort(data)).all())
    out[name] = {{"first": first, "steady": steady, "hits": hits, "value": value}}
print("RESULT " + json.dumps(out))
"""


def write_module(directory, engine):
    from oxjit import seed_programs  # noqa: PLC0415 (the one copy of the seed programs)

    parts = ["import numpy", f"import {engine}", ""]
    for fn in (seed_programs.gradient_regression, seed_programs.tri_insertion):
        parts.append(f"@{engine}.jit(nopython=True, cache=True)")
        parts.append(inspect.getsource(fn))
    with open(os.path.join(directory, f"seed_{engine}.py"), "w") as fh:
        fh.write("\n".join(parts))


def run_child(directory, engine, program, n, iterations):
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([PYTHON_DIR, directory, env.get("PYTHONPATH", "")])
    code = CHILD.format(module=f"seed_{engine}", program=program, n=n, iterations=iterations)
    proc = subprocess.run([sys.executable, "-c", code], cwd=directory, env=env,
                          capture_output=True, text=True, timeout=600)
    if proc.returncode != 0:
        raise RuntimeError(f"{engine} run failed:\n{proc.stderr}")
    line = [ln for ln in proc.stdout.splitlines() if ln.startswith("RESULT ")][-1]
    return json.loads(line[len("RESULT "):])[program]


def bench_engine(engine, n, iterations, runs):
    """Per program (each run in its own processes, so each first call pays the engine's
    one-time initialisation): a cold run, then `runs` runs loading the cache."""
    out = {}
    for prog in ("regression", "sort"):
        directory = tempfile.mkdtemp(prefix=f"bench_cache_{engine}_")
        try:
            write_module(directory, engine)
            cold = run_child(directory, engine, prog, n, iterations)
            hits = [run_child(directory, engine, prog, n, iterations) for _ in range(runs)]
        finally:
            shutil.rmtree(directory, ignore_errors=True)
        load = [max(h["first"] - h["steady"], 0.0) for h in hits]
        out[prog] = {
            "cold": max(cold["first"] - cold["steady"], 0.0),
            "hit": statistics.median(load),
            "hit_first": statistics.median(h["first"] for h in hits),
            "steady": statistics.median(h["steady"] for h in hits),
            "all_hit": all(h["hits"] == 1 for h in hits) and cold["hits"] == 0,
            "values": [cold["value"]] + [h["value"] for h in hits],
        }
    return out


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="fewer runs")
    ap.add_argument("--n", type=int, default=2000, help="observations / elements (2000)")
    ap.add_argument("--iterations", type=int, default=20, help="regression iterations (20)")
    ap.add_argument("--runs", type=int, default=5, help="new processes loading the cache (5)")
    ap.add_argument("--json", help="write the results to this file")
    args = ap.parse_args(argv)
    runs = 3 if args.quick else args.runs
    engines = ["oxjit"] + (["numba"] if _import("numba", "rows") else [])
    print(f"seed programs, n={args.n}, iterations={args.iterations}; {runs} new processes "
          "load the cache; times are first call minus steady call, in ms")
    results = {e: bench_engine(e, args.n, args.iterations, runs) for e in engines}
    ok = True
    print(f"{'program':<11} {'engine':<6} {'cold compile':>13} {'cache hit':>10} "
          f"{'hit 1st call':>13} {'steady':>9} {'cold/hit':>9}")
    for prog in ("regression", "sort"):
        for e in engines:
            r = results[e][prog]
            ok = ok and r["all_hit"]
            print(f"{prog:<11} {e:<6} {r['cold'] * 1e3:>13.2f} {r['hit'] * 1e3:>10.2f} "
                  f"{r['hit_first'] * 1e3:>13.2f} {r['steady'] * 1e3:>9.3f} "
                  f"{r['cold'] / max(r['hit'], 1e-9):>8.1f}x"
                  + ("" if r["all_hit"] else "  (cache not used!)"))
        values = [v for e in engines for v in results[e][prog]["values"]]
        if prog == "regression":
            same = all(numpy.allclose(v, values[0], rtol=1e-9) for v in values)
        else:
            same = all(values)
        ok = ok and same
        if not same:
            print(f"  WRONG: {prog} results differ between runs or engines")
        if "numba" in results:
            ratio = results["oxjit"][prog]["hit"] / max(results["numba"][prog]["hit"], 1e-9)
            print(f"  {prog}: cache hit oxjit / Numba = {ratio:.3f}x (below 1.00x: oxjit loads "
                  "faster)")
    target = results["oxjit"]["regression"]["hit"] * 1e3
    print(f"oxjit regression cache hit: {target:.2f} ms (target: at most 5 ms)")
    if args.json:
        with open(args.json, "w") as fh:
            json.dump(results, fh, indent=2)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())

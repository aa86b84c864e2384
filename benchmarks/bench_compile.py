"""Compile time: the seed regression and a generated 1,600-line function, oxjit against Numba.

Run:  python benchmarks/bench_compile.py [--quick] [--lines N] [--no-numba]

The generated function (`_generated_source`) repeats an 8-line block of ordinary numeric code
(array reads, arithmetic, a branch, a short loop, `math` calls) with different names and
constants until it has N lines (default 1,600). Each function is written to a temporary module
file (oxjit and Numba both read source files) and compiled by a first call; compile time is the
first call minus a second (steady) call. Also prints the same for oxjit with the loop passes
this stage added turned off (`OXJIT_SKIP_PASSES=vectorize,vector-math,vector-reduce`, measured
in a child process), so what they cost at compile time is visible. Issue 11's goal: compile
time grows by at most 1.5x (0.2 s for 1,600 lines before the loop work; Numba about 27 s).
"""
import argparse
import importlib.util
import os
import subprocess
import sys
import tempfile
import time

import numpy
from _common import optional_import

BLOCK = """\
    x{k} = a[{i}] * {c} + y
    if x{k} > {t}:
        y = y + x{k}
    else:
        y = y - 0.5 * x{k}
    for j in range({r}):
        s += a[j] * x{k}
    z = z + math.sqrt(abs(y)) + s * 1e-3
"""


def _generated_source(lines):
    body = []
    k = 0
    while len(body) * 8 < lines - 3:
        body.append(BLOCK.format(k=k, i=k % 7, c=1.0 + k % 5, t=0.25 * (k % 4), r=1 + k % 3))
        k += 1
    return ("import math\n\n\ndef generated(a):\n    y = 0.0\n    s = 0.0\n    z = 0.0\n"
            + "".join(body) + "    return z + y + s\n")


def _load(path, name):
    spec = importlib.util.spec_from_file_location(name, path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def _compile_time(jit, fn, args):
    f = jit(fn)
    t0 = time.perf_counter()
    f(*args)
    first = time.perf_counter() - t0
    t0 = time.perf_counter()
    f(*args)
    return first - (time.perf_counter() - t0)


def _measure(engine, lines):
    from oxjit.seed_programs import gradient_regression
    jit = optional_import(engine).njit
    with tempfile.TemporaryDirectory() as d:
        path = os.path.join(d, f"gen_{engine}.py")
        with open(path, "w") as fh:
            fh.write(_generated_source(lines))
        mod = _load(path, f"gen_{engine}")
        gen = _compile_time(jit, mod.generated, (numpy.linspace(0.0, 1.0, 16),))
    reg = _compile_time(jit, gradient_regression, (1000, 2))
    return reg, gen


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--quick", action="store_true", help="400 lines, no Numba")
    p.add_argument("--lines", type=int, default=1600)
    p.add_argument("--no-numba", action="store_true")
    p.add_argument("--child", default=None, help=argparse.SUPPRESS)
    args = p.parse_args()
    lines = 400 if args.quick else args.lines
    if args.child:
        print("%.6f %.6f" % _measure(args.child, lines))
        return 0
    rows = [("oxjit", _measure("oxjit", lines))]
    env = dict(os.environ, OXJIT_SKIP_PASSES="vectorize,vector-math,vector-reduce")
    out = subprocess.run([sys.executable, __file__, "--child", "oxjit", "--lines", str(lines)],
                         env=env, capture_output=True, text=True, check=True).stdout.split()
    rows.append(("oxjit, loop passes off", (float(out[0]), float(out[1]))))
    if not (args.quick or args.no_numba) and optional_import("numba") is not None:
        rows.append(("Numba", _measure("numba", lines)))
    print(f"compile time, seconds ({lines}-line generated function)")
    print(f"{'engine':<26}{'seed regression':>16}{'generated':>12}")
    for name, (reg, gen) in rows:
        print(f"{name:<26}{reg:>16.4f}{gen:>12.4f}")
    base = rows[1][1]
    print(f"oxjit / loop passes off: regression {rows[0][1][0] / base[0]:.2f}x, "
          f"generated {rows[0][1][1] / base[1]:.2f}x")
    if len(rows) > 2:
        print(f"oxjit / Numba: regression {rows[0][1][0] / rows[2][1][0]:.4f}x, "
              f"generated {rows[0][1][1] / rows[2][1][1]:.4f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""oxjit demo: the seed tutorial's two programs in CPython, oxjit and Numba, side by side.

Run:  python -m oxjit.demo [--n N] [--n-obs ROWS] [--iterations K] [--plot [PNG]] [--no-numba]

1. The insertion sort of ``numpy.random.seed(0); numpy.random.random(N)`` (N = 10,000), checked
   against ``numpy.sort``.
2. The gradient-descent regression (2,000,000 rows, 1,000 iterations, as in the tutorial),
   serial and with ``parallel=True``, checked against CPython + NumPy (relative difference
   ≤ 1e-9), and ``parallel=True`` checked bit-identical to serial oxjit.

Every engine prints its first call (compile + run) and its steady time (second call); CPython
runs once (it has nothing to compile). Numba runs when it is installed. A progress line counts
the seconds of long runs. ``--plot`` saves the steady times as a PNG (needs matplotlib). Exits
with status 1 if any result is wrong.
"""
import argparse
import sys
import threading
import time

import numpy

from .seed_programs import gradient_regression, tri_insertion  # one copy, unchanged

RTOL = 1e-9


class _Progress:
    """Counts seconds on one terminal line while a long call runs."""

    def __init__(self, label):
        self.label = label
        self.done = threading.Event()
        self.shown = False
        self.thread = threading.Thread(target=self._run, daemon=True)

    def _run(self):
        start = time.perf_counter()
        while not self.done.wait(1.0):
            self.shown = True
            print(f"\r  … {self.label}: {time.perf_counter() - start:4.0f} s",
                  end="", file=sys.stderr, flush=True)

    def __enter__(self):
        if sys.stderr.isatty():
            self.thread.start()
        return self

    def __exit__(self, *exc):
        self.done.set()
        if self.thread.is_alive():
            self.thread.join()
        if self.shown:
            print("\r" + " " * 60 + "\r", end="", file=sys.stderr, flush=True)


def _timed(label, fn, *args):
    with _Progress(label):
        start = time.perf_counter()
        result = fn(*args)
        return time.perf_counter() - start, result


def _speed(a, b):
    """How b compares with a, as a phrase: '12.3x faster' / '1.5x slower'."""
    if a <= 0 or b <= 0:
        return "n/a"
    if b <= a:
        return f"{a / b:.1f}x faster"
    return f"{b / a:.1f}x slower"


class _Table:
    def __init__(self, title):
        self.rows = {}
        print(f"\n{title}\n{'engine':<22}{'first call':>14}{'steady':>14}   result")

    def add(self, name, first, steady, ok, note=""):
        self.rows[name] = (first, steady, ok)
        steady_text = f"{steady:>12.4f} s" if steady is not None else f"{'(runs once)':>14}"
        print(f"{name:<22}{first:>12.4f} s{steady_text}   {'ok' if ok else 'WRONG'}{note}",
              flush=True)

    def summary(self, reference):
        ref_first = self.rows[reference][0]
        for name, (first, steady, ok) in self.rows.items():
            if name == reference or not ok:
                continue
            print(f"  {name}: {_speed(ref_first, steady if steady is not None else first)} "
                  f"than {reference} (steady)")


def _numba(wanted):
    """Numba when wanted and installed (said once when it is not), else None."""
    if not wanted:
        return None
    try:
        import numba
    except ImportError:
        print("(Numba is not installed: its rows are skipped)")
        return None
    return numba


def _engines(numba, parallel_too):
    import oxjit

    engines = [("oxjit", oxjit.jit(nopython=True))]
    if parallel_too:
        engines.append(("oxjit parallel=True", oxjit.jit(nopython=True, parallel=True)))
    if numba is not None:
        engines.append(("Numba", numba.jit(nopython=True)))
        if parallel_too:
            engines.append(("Numba parallel=True", numba.jit(nopython=True, parallel=True)))
    return engines


def _sort(n, table, numba):
    numpy.random.seed(0)
    data = numpy.random.random(size=n)
    original = data.copy()
    expected = numpy.sort(data)
    first, out = _timed("CPython sort", tri_insertion, data)
    table.add("CPython", first, None, numpy.array_equal(out, expected))
    for name, decorate in _engines(numba, parallel_too=False):
        try:
            fn = decorate(tri_insertion)
            first, out1 = _timed(f"{name} sort", fn, data)
            steady, out2 = _timed(f"{name} sort", fn, data)
            ok = numpy.array_equal(out1, expected) and numpy.array_equal(out2, expected)
        except Exception as exc:
            if _skip_other_engine(name, exc):
                continue
            first, steady, ok = 0.0, 0.0, False
        table.add(name, first, steady, ok)
    return numpy.array_equal(data, original)


def _skip_other_engine(name, exc):
    """Show a failure in full; an engine other than oxjit that cannot run here (e.g. Numba
    without SciPy for `dot`) is skipped rather than counted as a wrong result."""
    print(f"{name} failed: {type(exc).__name__}: {exc}")
    if name.startswith("oxjit"):
        return False
    print(f"{name}: skipped")
    return True


def _max_rel(result, reference):
    return max(float(numpy.max(numpy.abs(r - e) / numpy.maximum(numpy.abs(e), 1e-300)))
               for r, e in zip(result, reference))


def _close(result, reference):
    return all(numpy.allclose(r, e, rtol=RTOL, atol=0.0) for r, e in zip(result, reference))


def _regression(n_obs, iterations, table, numba):
    first, reference = _timed("CPython regression", gradient_regression, n_obs, iterations)
    table.add("CPython + NumPy", first, None, True)
    serial = None
    import warnings

    for name, decorate in _engines(numba, parallel_too=True):
        try:
            fn = decorate(gradient_regression)
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                first, out1 = _timed(f"{name} regression", fn, n_obs, iterations)
            steady, out2 = _timed(f"{name} regression", fn, n_obs, iterations)
            ok = _close(out1, reference) and _close(out2, reference)
        except Exception as exc:
            if _skip_other_engine(name, exc):
                continue
            first, steady, ok, out2 = 0.0, 0.0, False, None
        note = "" if out2 is None else f"  (max rel. diff {_max_rel(out2, reference):.1e})"
        if name == "oxjit":
            serial = out2
        elif name == "oxjit parallel=True" and serial is not None and out2 is not None:
            same = all(numpy.array_equal(a, b) for a, b in zip(out2, serial))
            ok = ok and same
            note = note[:-1] + (", bit-identical to serial)" if same else ", differs from serial!)")
        table.add(name, first, steady, ok, note)
    coef = reference[1]
    print(f"  coef = ({coef[0]:.9f}, {coef[1]:.9f})   (y = 2x + 5 + noise)")


def _plot(path, tables):
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        print("--plot needs matplotlib (pip install matplotlib): no plot written")
        return
    fig, axes = plt.subplots(1, len(tables), figsize=(6 * len(tables), 4))
    for ax, (title, table) in zip(numpy.atleast_1d(axes), tables):
        names = list(table.rows)
        times = [s if s is not None else f for f, s, _ in table.rows.values()]
        ax.barh(names, times, color=["#999" if n.startswith("CPython") else
                                     "#d62" if n.startswith("oxjit") else "#46a" for n in names])
        ax.set_xscale("log")
        ax.set_xlabel("seconds (steady; CPython: its one run), log scale")
        ax.set_title(title)
        ax.invert_yaxis()
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    print(f"plot written to {path}")


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m oxjit.demo",
                                     description="the seed tutorial: CPython vs oxjit vs Numba")
    parser.add_argument("--n", type=int, default=10_000, help="floats to sort (10,000)")
    parser.add_argument("--n-obs", type=int, default=2_000_000,
                        help="rows of the regression (2,000,000)")
    parser.add_argument("--iterations", type=int, default=1000,
                        help="gradient steps (1,000)")
    parser.add_argument("--plot", nargs="?", const="oxjit_demo.png", default=None,
                        metavar="PNG", help="save the timings as a PNG (oxjit_demo.png)")
    parser.add_argument("--no-numba", action="store_true", help="leave Numba out")
    args = parser.parse_args(argv)
    numba = _numba(not args.no_numba)

    sort_table = _Table(f"1. Insertion sort of {args.n:,} floats (numpy.random.seed(0)), "
                        "checked against numpy.sort")
    input_untouched = _sort(args.n, sort_table, numba)
    sort_table.summary("CPython")

    reg_table = _Table(f"2. Gradient-descent regression, {args.n_obs:,} rows x "
                       f"{args.iterations:,} iterations, checked against CPython + NumPy "
                       f"(rtol {RTOL:g})")
    _regression(args.n_obs, args.iterations, reg_table, numba)
    reg_table.summary("CPython + NumPy")

    if args.plot:
        _plot(args.plot, [("insertion sort", sort_table), ("gradient regression", reg_table)])

    # Only oxjit's rows decide the exit status (Numba's parallel regression, for one, draws its
    # random numbers differently from CPython and so fits other data).
    failed = [name for table in (sort_table, reg_table)
              for name, (_, _, ok) in table.rows.items() if not ok and not name.startswith("Numba")]
    if not input_untouched:
        failed.append("the sort modified its input")
    print()
    if failed:
        print("FAILED: " + ", ".join(failed))
        return 1
    print("all results check out")
    return 0


if __name__ == "__main__":
    sys.exit(main())

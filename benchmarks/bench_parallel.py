"""Benchmark: parallel=True, oxjit vs Numba, on the seed regression; memory bandwidth; prange scaling.

Run:  python benchmarks/bench_parallel.py [--quick] [--n N_OBS] [--iterations K]
                                          [--no-numba-serial] [--check-cpython] [--json PATH]

Three parts (see benchmarks/README.md for what every number means):

1. the seed ``gradient_regression`` (imported unchanged from ``oxjit.seed_programs``) compiled by oxjit serial,
   oxjit ``parallel=True``, Numba ``parallel=True`` and Numba serial, in this
   process: first call, steady time (second call), ratios, and whether oxjit's
   serial and parallel results are bit-identical (they must be);
2. the memory throughput of oxjit's parallel regression (X and y read once per
   iteration) against the machine's read bandwidth, measured here by summing a
   256 MB float64 array on all threads;
3. a compute-bound ``prange`` loop (``math.sin`` in an inner loop) on 1 and 2
   threads: the speed-up.

Exits 1 if oxjit's serial and parallel results differ (or oxjit fails, or, with
``--check-cpython``, disagrees with CPython+NumPy beyond rtol 1e-9). Numba is
used when importable, else its rows are skipped with a note.
"""
import argparse
import concurrent.futures
import json
import math
import os
import platform
import sys
import time
import types

import numpy
from _common import optional_import as _import
from _common import timed as _timed
from oxjit.seed_programs import gradient_regression  # one copy, unchanged

RTOL = 1e-9
BANDWIDTH_BYTES = 256 * 1024 * 1024
BLOCKS = 8


try:  # the kernels below use prange; without oxjit they are never compiled
    from oxjit import prange
except ImportError:  # pragma: no cover - oxjit missing: its rows are skipped
    prange = range


def block_sums(a):
    """Read bandwidth kernel: 8 independent blocks, each summed with 4 accumulators."""
    n = a.shape[0]
    size = n // 8
    out = numpy.zeros(8)
    for b in prange(8):
        start = b * size
        stop = start + size
        if b == 7:
            stop = n
        s0 = 0.0
        s1 = 0.0
        s2 = 0.0
        s3 = 0.0
        i = start
        while i + 4 <= stop:
            s0 += a[i]
            s1 += a[i + 1]
            s2 += a[i + 2]
            s3 += a[i + 3]
            i += 4
        while i < stop:
            s0 += a[i]
            i += 1
        out[b] = (s0 + s1) + (s2 + s3)
    return out


def sines(n, m):
    """Compute-bound kernel: m sines per iteration, n independent iterations."""
    out = numpy.empty(n)
    for i in prange(n):
        x = i * 1e-3
        acc = 0.0
        for k in range(m):
            acc += math.sin(x + k * 1e-4)
        out[i] = acc
    return out


def _best(fn, *args, repeats=5):
    best, result = math.inf, None
    for _ in range(repeats):
        t, result = _timed(fn, *args)
        best = min(best, t)
    return best, result


def _same_bits(x, y):
    return all(a.dtype == b.dtype and a.shape == b.shape and a.tobytes() == b.tobytes()
               for a, b in zip(x, y))


def _agree(result, reference):
    return all(a.shape == b.shape and bool(numpy.allclose(a, b, rtol=RTOL, atol=0.0))
               for a, b in zip(result, reference))


def _ratio(a, b):
    if a is None or b is None or b <= 0:
        return "-"
    return f"{a / b:.3g}x"


def _fmt(v):
    return "-" if v is None else f"{v:10.3f}"


def _numpy_read_bandwidth(a, threads, repeats):
    """Best GB/s of numpy.add.reduce over `threads` slices in a thread pool (NumPy releases
    the GIL in reductions)."""
    bounds = numpy.linspace(0, a.shape[0], threads * 4 + 1).astype(int)
    parts = [a[lo:hi] for lo, hi in zip(bounds[:-1], bounds[1:])]
    best = math.inf
    with concurrent.futures.ThreadPoolExecutor(threads) as pool:
        for _ in range(repeats):
            start = time.perf_counter()
            total = sum(pool.map(numpy.add.reduce, parts))
            best = min(best, time.perf_counter() - start)
    return a.nbytes / best / 1e9, total


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true",
                        help="200,000 observations x 100 iterations, smaller kernels")
    parser.add_argument("--n", type=int, default=None, help="observations (2,000,000)")
    parser.add_argument("--iterations", type=int, default=None, help="iterations (1,000)")
    parser.add_argument("--no-numba-serial", action="store_true",
                        help="skip Numba without parallel=True")
    parser.add_argument("--check-cpython", action="store_true",
                        help="also run CPython+NumPy (slow at full size) and compare")
    parser.add_argument("--json", metavar="PATH", help="also write the results as JSON")
    # run_all.py passes its arguments to every script: ignore the other scripts' options
    args, unknown = parser.parse_known_args(argv)
    if unknown:
        print(f"note: ignoring options for other benchmarks: {' '.join(unknown)}")
    n_obs = args.n or (200_000 if args.quick else 2_000_000)
    iterations = args.iterations or (100 if args.quick else 1000)
    sin_n, sin_m = (4096, 500) if args.quick else (16384, 2000)
    bw_repeats = 3 if args.quick else 5

    print(f"python {platform.python_version()}, numpy {numpy.__version__}, "
          f"{platform.machine()}, {os.cpu_count()} cores")
    oxjit = _import("oxjit")
    numba = _import("numba")
    if oxjit is None:
        print("oxjit is required for this benchmark")
        return 1
    print(f"oxjit {oxjit.__version__}: {oxjit.get_num_threads()} threads"
          + (f"; numba {numba.__version__}: {numba.config.NUMBA_NUM_THREADS} threads"
             if numba is not None else ""))
    failed = False
    report = {"n_obs": n_obs, "iterations": iterations, "threads": oxjit.get_num_threads()}

    # --- 1. the seed regression -----------------------------------------------------------------
    engines = [("oxjit serial", lambda: oxjit.jit(nopython=True)(gradient_regression)),
               ("oxjit parallel", lambda: oxjit.jit(nopython=True, parallel=True)(
                   gradient_regression))]
    if numba is not None:
        engines.append(("Numba parallel", lambda: numba.jit(nopython=True, parallel=True)(
            gradient_regression)))
        if not args.no_numba_serial:
            engines.append(("Numba serial", lambda: numba.jit(nopython=True)(
                gradient_regression)))
    if args.check_cpython:
        engines.append(("CPython+NumPy", lambda: gradient_regression))

    print(f"\ngradient_regression(n_obs={n_obs:,}, iterations={iterations:,}), seconds")
    header = f"{'engine':<16}{'first call':>12}{'steady':>12}{'ms/iter':>10}"
    print(header)
    print("-" * len(header))
    times, outputs = {}, {}
    for label, make in engines:
        try:
            fn = make()
            first, _ = _timed(fn, n_obs, iterations)
            steady, out = _timed(fn, n_obs, iterations)
        except Exception as exc:  # noqa: BLE001 - report the engine's failure, go on
            text = f"{type(exc).__name__}: {exc}".splitlines()[0][:120]
            if label.startswith("Numba"):
                hint = " (Numba's numpy.dot needs scipy)" if "scipy" in str(exc).lower() else ""
                print(f"{label:<16}  note: Numba failed{hint}: {text}")
            else:
                print(f"{label:<16}  failed: {text}")
                failed = failed or label.startswith("oxjit")
            continue
        times[label] = (first, steady)
        outputs[label] = out
        print(f"{label:<16}{_fmt(first):>12}{_fmt(steady):>12}"
              f"{steady / max(iterations, 1) * 1e3:>10.3f}", flush=True)
    report["regression"] = {k: {"first": f, "steady": s} for k, (f, s) in times.items()}

    ser, par = outputs.get("oxjit serial"), outputs.get("oxjit parallel")
    identical = ser is not None and par is not None and _same_bits(ser, par)
    report["bit_identical"] = identical
    steady = {k: s for k, (_, s) in times.items()}
    print()
    print(f"oxjit parallel / Numba parallel  {_ratio(steady.get('oxjit parallel'), steady.get('Numba parallel'))}"
          "   (below 1 = oxjit faster)")
    print(f"oxjit parallel / oxjit serial    {_ratio(steady.get('oxjit parallel'), steady.get('oxjit serial'))}"
          "   (below 1 = parallel faster)")
    if "Numba serial" in steady:
        print(f"Numba parallel / Numba serial    {_ratio(steady.get('Numba parallel'), steady.get('Numba serial'))}")
    print(f"oxjit serial and parallel bit-identical: {identical}")
    if not identical:
        failed = True
    if par is not None:
        print(f"  oxjit coef = ({par[1][0]:.12f}, {par[1][1]:.12f})"
              + (f", scr[-1] = {par[0][-1]:.9f}" if par[0].size else ""))
    if args.check_cpython and "CPython+NumPy" in outputs:
        ref = outputs["CPython+NumPy"]
        report["agrees_with_cpython"] = {}
        for label, out in outputs.items():
            if label == "CPython+NumPy":
                continue
            ok = _agree(out, ref)
            report["agrees_with_cpython"][label] = ok
            print(f"  {label:<15} agrees with CPython+NumPy (rtol {RTOL:g}): {ok}")
            if label.startswith("oxjit") and not ok:
                failed = True

    # --- 2. memory throughput -------------------------------------------------------------------
    print(f"\nmemory read bandwidth ({BANDWIDTH_BYTES // 2 ** 20} MB float64 array, "
          f"best of {bw_repeats}, {oxjit.get_num_threads()} threads)")
    big = numpy.random.default_rng(0).random(BANDWIDTH_BYTES // 8)
    kernel = oxjit.njit(block_sums, parallel=True, boundscheck=False)
    kernel(big[:1024])  # compile
    t_ox, sums = _best(kernel, big, repeats=bw_repeats)
    ox_bw = big.nbytes / t_ox / 1e9
    np_bw, np_total = _numpy_read_bandwidth(big, oxjit.get_num_threads(), bw_repeats)
    if not math.isclose(float(sums.sum()), float(np_total), rel_tol=1e-9):
        print(f"  warning: the bandwidth kernels disagree ({sums.sum()!r} vs {np_total!r})")
    machine_bw = max(ox_bw, np_bw)
    print(f"  oxjit prange, 8 blocks x 4 accumulators   {ox_bw:8.2f} GB/s")
    print(f"  numpy.add.reduce on a thread pool         {np_bw:8.2f} GB/s")
    del big
    report["bandwidth"] = {"oxjit_prange": ox_bw, "numpy_threads": np_bw}
    if "oxjit parallel" in steady:
        read = n_obs * 3 * 8 * iterations
        regression_bw = read / steady["oxjit parallel"] / 1e9
        print(f"  oxjit parallel regression: {n_obs * 3 * 8 / 1e6:.1f} MB read per iteration "
              f"(X and y) -> {regression_bw:8.2f} GB/s = "
              f"{100 * regression_bw / machine_bw:.0f}% of {machine_bw:.2f} GB/s")
        report["bandwidth"]["regression"] = regression_bw
        if n_obs * 3 * 8 < 32 * 2 ** 20:
            print("  (X and y fit in a few tens of MB: at this size caches may exceed the "
                  "memory bandwidth)")

    # --- 3. compute-bound prange scaling ----------------------------------------------------------
    print(f"\ncompute-bound prange: sines(n={sin_n:,}, m={sin_m:,}), "
          f"{sin_n * sin_m / 1e6:.1f} M math.sin, best of 3")
    saved = oxjit.get_num_threads()
    sin_kernel = oxjit.njit(sines, parallel=True)
    sin_kernel(16, 4)  # compile
    sin_times, sin_outs = {}, {}
    try:
        for k in (1, 2):
            oxjit.set_num_threads(k)
            sin_times[k], sin_outs[k] = _best(sin_kernel, sin_n, sin_m, repeats=3)
    finally:
        oxjit.set_num_threads(saved)
    nb_times = {}
    if numba is not None:
        # the same function with Numba's prange (Numba recognises its own prange only)
        nb_sines = types.FunctionType(sines.__code__, {**sines.__globals__,
                                                       "prange": numba.prange}, "sines")
        nb_saved = numba.get_num_threads()
        try:
            nb_kernel = numba.njit(parallel=True)(nb_sines)
            nb_kernel(16, 4)
            for k in (1, 2):
                if k <= numba.config.NUMBA_NUM_THREADS:
                    numba.set_num_threads(k)
                    nb_times[k], _ = _best(nb_kernel, sin_n, sin_m, repeats=3)
        except Exception as exc:  # noqa: BLE001 - Numba is only a reference here
            print(f"  note: Numba failed: {type(exc).__name__}: {exc}".splitlines()[0][:120])
        finally:
            numba.set_num_threads(nb_saved)
    print(f"  {'threads':<10}{'oxjit ms':>10}{'Numba ms':>10}")
    for k in (1, 2):
        nb_ms = f"{nb_times[k] * 1e3:10.1f}" if k in nb_times else f"{'-':>10}"
        print(f"  {k:<10}{sin_times[k] * 1e3:10.1f}{nb_ms}")
    speedup = sin_times[1] / sin_times[2]
    same = numpy.array_equal(sin_outs[1], sin_outs[2])
    nb_speedup = (f", Numba {nb_times[1] / nb_times[2]:.2f}x" if 1 in nb_times and 2 in nb_times
                  else "")
    print(f"  speed-up 2 threads / 1 thread: oxjit {speedup:.2f}x{nb_speedup}   "
          f"(oxjit results identical: {same})")
    report["compute"] = {"t1": sin_times[1], "t2": sin_times[2], "speedup": speedup,
                         "identical": same, "numba": nb_times}
    if not same:
        failed = True

    if args.json:
        with open(args.json, "w") as f:
            json.dump(report, f, indent=2)
    if failed:
        print("\nFAILED: oxjit's serial and parallel results differ, or oxjit failed")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())

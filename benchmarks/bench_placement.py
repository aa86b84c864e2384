"""Steady-time spread across processes: is a kernel's speed the same in every process?

Run:  python benchmarks/bench_placement.py [--quick] [--processes P] [--repeats R] [--kernels a,b]

Where a hot loop lands relative to 64-byte cache lines and the decoder's windows can change its
speed by 2x. oxjit starts every compiled function on a 64-byte boundary (docs/architecture.md,
"Code placement"), so the placement of a loop depends only on the function's own code. Each of
P child processes imports Numba (when installed: it changes the process's memory layout, which
used to flip the seed sort between 6.5 ms and 12 ms), compiles the seed insertion sort and some
loop kernels with oxjit, and prints the best of R calls per kernel. Prints per kernel the
fastest and slowest process and the spread (slowest / fastest - 1); the goal is a spread within
10 %.
"""
import argparse
import json
import subprocess
import sys

from _common import best_of, kernel_and_inputs, loop_kernels

DEFAULT_KERNELS = ("seed_sort", "sieve", "stencil_1d", "digit_sums", "count_flags")


def _child(names, scale, repeats):
    """In a child process: best-of-R seconds per kernel, as JSON."""
    try:
        import numba  # noqa: F401  (only its effect on the memory layout matters)
    except ImportError:
        pass
    import oxjit
    mod = loop_kernels("placement", oxjit.njit)
    out = {}
    for name in names:
        fn, inputs = kernel_and_inputs(mod, name, scale, oxjit.njit)
        fn(*inputs)
        out[name] = best_of(fn, inputs, repeats)[0]
    print(json.dumps(out))


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--quick", action="store_true", help="5 processes, a tenth of the sizes")
    p.add_argument("--processes", type=int, default=None)
    p.add_argument("--repeats", type=int, default=5)
    p.add_argument("--kernels", default=",".join(DEFAULT_KERNELS))
    p.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    p.add_argument("--scale", type=float, default=None, help=argparse.SUPPRESS)
    args = p.parse_args()
    names = args.kernels.split(",")
    scale = args.scale if args.scale is not None else (0.1 if args.quick else 1.0)
    if args.child:
        _child(names, scale, args.repeats)
        return 0
    procs = args.processes or (5 if args.quick else 20)
    runs = []
    for _ in range(procs):
        cmd = [sys.executable, __file__, "--child", "--kernels", args.kernels,
               "--repeats", str(args.repeats), "--scale", str(scale)]
        out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
        runs.append(json.loads(out.strip().splitlines()[-1]))
    print(f"{procs} processes, best of {args.repeats} calls each, ms")
    print(f"{'kernel':<16}{'fastest':>10}{'slowest':>10}{'spread':>9}  within 10%")
    worst = 0.0
    for name in names:
        times = [r[name] * 1e3 for r in runs]
        lo, hi = min(times), max(times)
        spread = hi / lo - 1
        worst = max(worst, spread)
        print(f"{name:<16}{lo:>10.3f}{hi:>10.3f}{spread:>8.1%}  {'yes' if spread <= 0.10 else 'no'}")
    print(f"largest spread {worst:.1%}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

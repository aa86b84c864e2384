"""The cost of Ctrl-C polling: the loop kernels compiled with and without the interrupt poll.

Run:  python benchmarks/bench_interrupt.py [--quick] [--rounds K] [--repeats R] [--kernels a,b]

Compiled loops load an interrupt flag at every back edge (docs/architecture.md, "Safety
checks"). `OXJIT_NO_INTERRUPT_POLL=1`, read once per process and meant for this benchmark only,
compiles no polls. The kernels of `_loop_kernels.py` (plus the seed insertion sort) run in child
processes, alternately polled and unpolled, K rounds each (the machine's load changes over time;
alternating spreads it over both); each child prints the best of R calls per kernel. Per kernel
the minimum over rounds is kept; prints polled and unpolled times, polled/unpolled and the
geometric mean of the ratios. Exits 1 if a result differs between the two builds.
"""
import argparse
import json
import math
import os
import subprocess
import sys

from _common import best_of, geometric_mean, kernel_and_inputs, loop_kernels


def _child(names, scale, repeats):
    """In a child process: best-of-R seconds and a result digest per kernel, as JSON."""
    import numpy

    import oxjit
    mod = loop_kernels("interrupt", oxjit.njit)
    out = {}
    for name in names:
        fn, inputs = kernel_and_inputs(mod, name, scale, oxjit.njit)
        fn(*inputs)
        best, result = best_of(fn, inputs, repeats)
        digest = repr(numpy.asarray(result).tolist()) if not isinstance(result, tuple) else repr(
            [numpy.asarray(r).tolist() for r in result])
        out[name] = (best, digest)
    print(json.dumps(out))


def _run(polled, names, scale, repeats):
    env = dict(os.environ)
    env.pop("OXJIT_NO_INTERRUPT_POLL", None)
    if not polled:
        env["OXJIT_NO_INTERRUPT_POLL"] = "1"
    cmd = [sys.executable, os.path.abspath(__file__), "--child", ",".join(names),
           "--scale", str(scale), "--repeats", str(repeats)]
    text = subprocess.run(cmd, env=env, check=True, capture_output=True, text=True).stdout
    return json.loads(text.strip().splitlines()[-1])


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--quick", action="store_true", help="a tenth of the sizes, 2 rounds")
    p.add_argument("--rounds", type=int, default=None)
    p.add_argument("--repeats", type=int, default=None)
    p.add_argument("--kernels", default=None, help="comma-separated subset")
    p.add_argument("--child", default=None, help=argparse.SUPPRESS)
    p.add_argument("--scale", type=float, default=None, help=argparse.SUPPRESS)
    args, unknown = p.parse_known_args()
    if args.child is not None:
        return _child(args.child.split(","), args.scale, args.repeats)
    if unknown:
        print(f"note: bench_interrupt.py ignores {' '.join(unknown)}")
    mod = loop_kernels("names")
    names = args.kernels.split(",") if args.kernels else ["seed_sort", *mod.INPUTS]
    scale = 0.1 if args.quick else 1.0
    rounds = args.rounds or (2 if args.quick else 5)
    repeats = args.repeats or (3 if args.quick else 7)
    best = {True: {}, False: {}}
    digests = {True: {}, False: {}}
    for _ in range(rounds):
        for polled in (True, False):
            for name, (t, digest) in _run(polled, names, scale, repeats).items():
                best[polled][name] = min(best[polled].get(name, math.inf), t)
                digests[polled][name] = digest
    print(f"{'kernel':20s}{'polled':>12s}{'unpolled':>12s}{'ratio':>8s}")
    ratios, bad = [], []
    for name in names:
        on, off = best[True][name], best[False][name]
        ratios.append(on / off)
        if digests[True][name] != digests[False][name]:
            bad.append(name)
        print(f"{name:20s}{on * 1e3:10.3f}ms{off * 1e3:10.3f}ms{on / off:8.3f}")
    gmean = geometric_mean(ratios)
    print(f"geometric mean polled/unpolled: {gmean:.3f}x ({(gmean - 1) * 100:+.1f}%), "
          f"{rounds} rounds x {repeats} calls, minima")
    if bad:
        print("results differ between polled and unpolled builds:", bad)
        sys.exit(1)


if __name__ == "__main__":
    main()

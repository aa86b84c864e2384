"""Helpers shared by the benchmark scripts (each script still runs on its own)."""
import gc
import importlib.util
import math
import os
import statistics
import time

HERE = os.path.dirname(os.path.abspath(__file__))


def optional_import(name, skipped="rows"):
    """The module, or None with a printed note when it cannot be imported."""
    try:
        return __import__(name)
    except ImportError as exc:
        print(f"note: {name} is not importable ({exc}); its {skipped} are skipped")
        return None


def timed(fn, *args):
    """(seconds, result) of one call, after a garbage collection."""
    gc.collect()
    start = time.perf_counter()
    result = fn(*args)
    return time.perf_counter() - start, result


def quick_and_repeats(script):
    """`--quick` and `--repeats R` (default 5) from the command line; other options (meant for
    other scripts under run_all.py) are ignored with a note."""
    import argparse

    p = argparse.ArgumentParser()
    p.add_argument("--quick", action="store_true")
    p.add_argument("--repeats", type=int, default=5)
    opts, other = p.parse_known_args()
    if other:
        print(f"note: {script} ignores {' '.join(other)}")
    return opts


def median_after_warmup(fn, args, repeats):
    """(median seconds, last result) of `repeats` calls of fn(*args) after one warm-up call
    (which compiles a jitted function)."""
    fn(*args)
    times, out = [], None
    for _ in range(repeats):
        t, out = timed(fn, *args)
        times.append(t)
    return statistics.median(times), out


def best_of(fn, args, repeats):
    """(fastest seconds, last result) of `repeats` calls of fn(*args)."""
    best, out = math.inf, None
    for _ in range(repeats):
        t = time.perf_counter()
        out = fn(*args)
        best = min(best, time.perf_counter() - t)
    return best, out


def geometric_mean(xs):
    """The geometric mean of positive ratios (nan for none)."""
    xs = list(xs)
    return math.exp(sum(math.log(x) for x in xs) / len(xs)) if xs else float("nan")


def loop_kernels(tag, jit=None):
    """A fresh copy of `_loop_kernels.py` (module name suffixed by `tag`), its small helpers
    decorated with `jit` when given (so the kernels call compiled helpers)."""
    spec = importlib.util.spec_from_file_location(f"_loop_kernels_{tag}",
                                                  os.path.join(HERE, "_loop_kernels.py"))
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    if jit is not None:
        for h in mod.HELPERS:
            setattr(mod, h, jit(getattr(mod, h)))
    return mod


def kernel_and_inputs(mod, name, scale, jit):
    """`(compiled kernel, inputs)` of a loop kernel of `mod` (`loop_kernels`), or of the seed
    insertion sort for `name == "seed_sort"` (10,000 floats at scale 1)."""
    import numpy

    if name == "seed_sort":
        from oxjit.seed_programs import tri_insertion

        numpy.random.seed(0)
        return jit(tri_insertion), (numpy.random.random(int(10_000 * scale)),)
    return jit(getattr(mod, name)), mod.INPUTS[name](scale)

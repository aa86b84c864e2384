"""Helpers shared by the benchmark scripts (each script still runs on its own)."""
import gc
import time


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

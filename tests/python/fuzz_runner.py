"""Runs generated programs (see ``program_generator``) in CPython and under oxjit and compares
values, types, exception classes and messages, and the argument arrays after the call.

``python tests/python/fuzz_runner.py START COUNT`` runs programs START..START+COUNT-1 and prints
each mismatch with its seed and source (``scripts/fuzz.sh`` calls it for long runs).
"""
import linecache
import math
import sys

import numpy

import oxjit
from program_generator import FEATURES, arguments, generate


class _Overflow(Exception):
    pass


def _chk(v):
    if not -(2 ** 63) <= v < 2 ** 63:
        raise _Overflow
    return v


def _load(source, name, seed, checked):
    filename = f"<oxjit fuzz {'checked ' if checked else ''}{seed}>"
    linecache.cache[filename] = (len(source), None, source.splitlines(True), filename)
    namespace = {"math": math, "numpy": numpy, "_chk": _chk, "__name__": "fuzz"}
    exec(compile(source, filename, "exec"), namespace)  # noqa: S102 (generated test programs)
    return namespace[name]


def _outcome(fn, args):
    try:
        return ("ok", fn(*args))
    except _Overflow:
        raise
    except Exception as e:  # noqa: BLE001 (every exception is part of the outcome)
        return ("raise", type(e), str(e))


def _kind(v):
    """Python and NumPy scalars of one kind compare alike (as in diff.py)."""
    if isinstance(v, (bool, numpy.bool_)):
        return "bool"
    if isinstance(v, (int, numpy.integer)):
        return "int"
    if isinstance(v, (float, numpy.floating)):
        return "float"
    return type(v)


def _same_value(p, j):
    if _kind(p) != _kind(j):
        return False
    if _kind(p) == "float":
        return (math.isnan(p) and math.isnan(j)) or (p == j and math.copysign(1, p) == math.copysign(1, j))
    if isinstance(p, tuple):
        return len(p) == len(j) and all(_same_value(a, b) for a, b in zip(p, j))
    return p == j


def run_one(seed, features=FEATURES):
    """None when CPython and oxjit agree (or the program overflows int64), else a report."""
    source, checked_source = generate(seed, features)
    checked = _load(checked_source, "fuzzed", seed, True)
    try:
        _outcome(checked, arguments(seed))
    except _Overflow:
        return None
    plain = _load(source, "fuzzed", seed, False)
    py_args, jit_args = arguments(seed), arguments(seed)
    expected = _outcome(plain, py_args)
    try:
        compiled = oxjit.njit(plain)
        got = _outcome(compiled, jit_args)
    except oxjit.OxjitError as e:
        return f"seed {seed}: oxjit refused the program: {e}\n{source}"
    problems = []
    if expected[0] != got[0]:
        problems.append(f"CPython {expected}, oxjit {got}")
    elif expected[0] == "raise" and expected[1:] != got[1:]:
        problems.append(f"exceptions differ: CPython {expected[1:]}, oxjit {got[1:]}")
    elif expected[0] == "ok" and not _same_value(expected[1], got[1]):
        problems.append(f"values differ: CPython {expected[1]!r}, oxjit {got[1]!r}")
    for name, p, j in zip(("arr", "ia"), py_args[3:], jit_args[3:]):
        if not numpy.array_equal(p, j, equal_nan=True):
            problems.append(f"argument `{name}` after the call: CPython {p!r}, oxjit {j!r}")
    if problems:
        return f"seed {seed}: " + "; ".join(problems) + "\n" + source
    return None


def main(argv):
    start, count = int(argv[1]), int(argv[2])
    features = frozenset(argv[3].split(",")) if len(argv) > 3 else FEATURES
    failures = 0
    for seed in range(start, start + count):
        report = run_one(seed, features)
        if report:
            failures += 1
            print(report, flush=True)
    print(f"{count - failures} passed, {failures} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

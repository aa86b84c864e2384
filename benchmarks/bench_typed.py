"""Benchmark: typed containers, oxjit.typed vs numba.typed (issue 9).

Run:  python benchmarks/bench_typed.py [--quick] [--repeats R]

Workloads:
- passing a 10**5-element typed List in and out of a jitted function (`return lst`), per
  call (timed over 1,000 calls): oxjit passes the runtime list itself and returns the same
  object (O(1)); the row "same, Python list" is the reflected-list path for comparison
  (one call);
- appending 10**6 ints to a `List.empty_list(int64)` made inside the jitted function and
  returning it (a typed List, no copy);
- summing a typed List of 10**6 floats passed in.
Prints the median of R calls after a warm-up call (compilation excluded), and the ratio
oxjit/Numba; exits non-zero if an engine returns a wrong result. Numba is used when
importable.
"""
import sys
import warnings

from _common import median_after_warmup as bench
from _common import optional_import as _import
from _common import quick_and_repeats

import oxjit
import oxjit.typed


def identity(lst):
    return lst


CALLS = 1000


def calls(f, n):
    """`f` called `n` times (a single call is too short to time alone)."""
    def many(x):
        for _ in range(n - 1):
            f(x)
        return f(x)
    return many


def make_appender(List, types):  # noqa: N803 - the module's names
    def append_ints(n):
        out = List.empty_list(types.int64)
        for i in range(n):
            out.append(i)
        return out
    return append_ints


def total(lst):
    s = 0.0
    for x in lst:
        s += x
    return s


def main():
    opts = quick_and_repeats("bench_typed.py")
    scale = 10 if opts.quick else 1
    numba = _import("numba", "columns")
    n_pass, n_append = 100_000 // scale, 1_000_000 // scale
    engines = [("oxjit", oxjit.njit, oxjit.typed, oxjit.types)]
    if numba is not None:
        from numba import typed as ntyped

        engines.append(("Numba", numba.njit, ntyped, numba.types))
    rows = {}
    ok = True
    for name, jit, typed, types in engines:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            big = typed.List(range(n_pass))
            floats = typed.List([i * 0.5 for i in range(n_append)])
            f_id = jit(identity)
            t, got = bench(calls(f_id, CALLS), (big,), opts.repeats)
            t /= CALLS
            # oxjit returns the argument itself; Numba a typed List of the same items.
            ok = ok and (got is big if name == "oxjit" else len(got) == n_pass)
            rows.setdefault(f"pass a 10^{len(str(n_pass)) - 1} typed List in and out", {})[name] = t
            if name == "oxjit":
                plain = list(range(n_pass))
                t, got = bench(f_id, (plain,), opts.repeats)
                ok = ok and got == plain
                rows.setdefault("same, Python list (copied, reflected)", {})[name] = t
            t, got = bench(jit(make_appender(typed.List, types)), (n_append,), opts.repeats)
            ok = ok and len(got) == n_append and got[-1] == n_append - 1
            rows.setdefault(f"append 10^{len(str(n_append)) - 1} ints, return the List", {})[name] = t
            t, got = bench(jit(total), (floats,), opts.repeats)
            ok = ok and got == sum(i * 0.5 for i in range(n_append))
            rows.setdefault(f"sum a typed List of 10^{len(str(n_append)) - 1} floats", {})[name] = t
    print(f"{'workload':44} {'oxjit':>12} {'Numba':>12}  oxjit/Numba")
    for row, ts in rows.items():
        ox, nb = ts.get("oxjit"), ts.get("Numba")
        nb_s = f"{nb * 1e3:10.4f}ms" if nb else "           -"
        ratio = f"{ox / nb:10.3f}" if nb else "         -"
        print(f"{row:44} {ox * 1e3:10.4f}ms {nb_s}  {ratio}")
    if not ok:
        print("error: an engine returned a wrong result")
        sys.exit(1)


if __name__ == "__main__":
    main()

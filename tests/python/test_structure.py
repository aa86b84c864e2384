"""Structure tests: what the passes promise, asserted on the compiled code (as Numba's parfors
tests count parfors and allocations), not only on the values.

* the seed sort keeps no bounds check inside its loops (typed IR after all passes);
* the seed regression's loop reads `X` and `y` in one fused pass per iteration: `yPred` and `err`
  are never materialised, the two reductions share one pass (diagnostics by source line);
* fused reductions such as `np.sum((a - b) ** 2)` allocate nothing (no call to the allocator)
  and call no `pow` (constant powers are multiplications);
* `np.sqrt` of an array is the `sqrt` instruction, not a call;
* `parallel_diagnostics()` names what runs in parallel.
"""
import inspect
import re

import numpy

import oxjit
from oxjit import seed_programs
from oxjit.seed_programs import gradient_regression, tri_insertion
from diff import check


def _line_of(fn, text):
    lines, first = inspect.getsourcelines(fn)
    return first + next(i for i, line in enumerate(lines) if text in line)


def test_seed_sort_has_no_bounds_checks():
    f = oxjit.njit(tri_insertion)
    f(numpy.random.random(50))
    ir = f.inspect_types()[0]
    accesses = [line for line in ir.splitlines() if "getitem" in line or "setitem" in line]
    assert len(accesses) >= 5, ir
    for line in accesses:
        assert not re.search(r"\b(wrap\+check|check|wrap)\]", line), line


def test_seed_sort_with_bounds_checks_proven_only_where_possible():
    # The input copy is indexed by `i` and `j` only: every check is proven away, even though
    # boundscheck=True (the default) is in force.
    f = oxjit.njit(tri_insertion, boundscheck=True)
    f(numpy.random.random(10))
    assert "check]" not in f.inspect_types()[0]


def _regression_diagnostics(parallel, capsys):
    f = oxjit.jit(nopython=True, parallel=parallel)(gradient_regression)
    f(5000, 2)
    f.parallel_diagnostics()
    return capsys.readouterr().out


def test_seed_regression_loop_is_one_fused_pass(capsys):
    out = _regression_diagnostics(False, capsys)
    path = seed_programs.__file__
    y_pred = _line_of(gradient_regression, "yPred = numpy.dot(X, coef)")
    err = _line_of(gradient_regression, "err = y - yPred")
    # Noted at the first of the two reductions (the product is scheduled next to it).
    grad = _line_of(gradient_regression, "scr[i] = numpy.sum(numpy.square(err))")
    assert f"{path}:{y_pred}: array `yPred` is fused into its uses (no temporary array)" in out
    assert f"{path}:{err}: array `err` is fused into its uses (no temporary array)" in out
    # sum(square(err)) and dot(X.T, err): both reductions in one pass over X and y.
    assert f"{path}:{grad}: 2 reductions fused into one pass over the data" in out
    assert "0 parallel loop(s)" in out


def test_seed_regression_parallel_diagnostics(capsys):
    out = _regression_diagnostics(True, capsys)
    grad = _line_of(gradient_regression, "scr[i] = numpy.sum(numpy.square(err))")
    assert re.search(r"signature \(int64, int64\): \d+ parallel loop\(s\)", out)
    assert f":{grad}: 2 reductions fused into one pass over the data" in out
    assert f":{grad}: 2 reduction(s) run in one parallel pass (chunks of 4096 rows)" in out


@oxjit.njit
def sum_of_squared_differences(a, b):
    return numpy.sum((a - b) ** 2)


@oxjit.njit
def sum_of_squares(a):
    return numpy.sum(a ** 2)


@oxjit.njit
def square_roots(a):
    return numpy.sqrt(a)


def test_fused_reduction_allocates_nothing_and_calls_no_pow():
    a = numpy.random.random(100)
    sum_of_squared_differences(a, a[::-1].copy())
    sum_of_squares(a)
    for f in (sum_of_squared_differences, sum_of_squares):
        calls = f._runtime_calls()[0]
        assert "oxjit_rt_alloc" not in calls, calls
        assert "oxjit_rt_pow" not in calls, calls


def test_sqrt_of_array_is_one_chunk_routine_or_an_instruction(monkeypatch):
    # The vector-math step: the whole array through the vectorised chunk routine; with the step
    # off, `sqrt` is an instruction (no runtime call at all).
    square_roots(numpy.random.random(10))
    calls = square_roots._runtime_calls()[0]
    assert "oxjit_rt_alloc" in calls  # the result array
    assert [c for c in calls if "sqrt" in c] == ["oxjit_rt_vsqrt"], calls
    monkeypatch.setenv("OXJIT_SKIP_PASSES", "vector-math")
    f = oxjit.njit(square_roots.py_func)
    f(numpy.random.random(10))
    assert not [c for c in f._runtime_calls()[0] if "sqrt" in c]


# --- inlining of small jitted callees -----------------------------------------------------------

@oxjit.njit
def _inv_pow6(r2):
    inv = 1.0 / r2
    return inv * inv * inv


@oxjit.njit
def _fib(n):
    return n if n < 2 else _fib(n - 1) + _fib(n - 2)


def _pair_energy(x):
    e = 0.0
    for i in range(x.shape[0]):
        for j in range(i + 1, x.shape[0]):
            p6 = _inv_pow6((x[i] - x[j]) ** 2 + 1.0)
            e += p6 * p6 - p6
    return e


def _calls_recursive(n):
    return _fib(n) + 1


def _clif_body(clif, name):
    """The Cranelift IR of function `name` in a listing of several functions."""
    parts = clif.split("--- cranelift IR of ")
    return next(p for p in parts if p.startswith(name + " "))


def _calls_to_compiled_functions(clif):
    """Calls to other compiled functions (declared `colocated`) in one function's IR; the
    register-preserving runtime trampolines (`preserve_all` signatures) are not user code."""
    keep = set(re.findall(r"^\s*(sig\d+) = .*preserve_all", clif, re.M))
    names = [n for n, sig in re.findall(r"^\s*(fn\d+) = colocated \S+ (sig\d+)", clif, re.M)
             if sig not in keep]
    return [n for n in names if re.search(rf"\bcall {n}\(", clif)]


def test_small_callee_is_inlined():
    # the call into the helper disappears from the caller's loop: its body is inlined
    f = oxjit.njit(_pair_energy)
    x = numpy.linspace(0.0, 3.0, 40)
    check(f, x)
    clif = f.inspect_clif(0)
    caller = _clif_body(clif, "_pair_energy")
    assert "fdiv" in caller  # the helper's 1.0 / r2, now in the caller
    assert _calls_to_compiled_functions(caller) == []  # no call to another compiled function


def test_recursive_callee_stays_a_call():
    f = oxjit.njit(_calls_recursive)
    check(f, 15)
    caller = _clif_body(f.inspect_clif(0), "_calls_recursive")
    assert len(_calls_to_compiled_functions(caller)) == 1


@oxjit.njit
def _checked_half(x):
    if x > 2:
        raise ValueError(f"too big: {x}")
    return x / 2


def _sum_of_halves(n):
    s = 0.0
    for i in range(n):
        s += _checked_half(i)
    return s


def test_inlined_callee_keeps_its_messages():
    # the inlined body's message text (a data object of the callee) is the caller's too
    f = oxjit.njit(_sum_of_halves)
    check(f, 3)
    check(f, 5, exact_exception=True)
    assert _calls_to_compiled_functions(_clif_body(f.inspect_clif(0), "_sum_of_halves")) == []

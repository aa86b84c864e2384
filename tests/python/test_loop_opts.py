"""Scalar-loop optimisations, differential against CPython, and their structure:

* if-conversion (`passes/ifconv.rs`): short `if`/`else` arms over scalars become `select`s —
  triangles, inverted triangles and diamonds, variables assigned in one arm only, booleans,
  floats with NaN; arms that could raise or read arrays are left as branches (a speculated
  `1 // d` must not raise, a speculated `a[i]` must not read out of bounds);
* floor division and modulo by positive constants (shifts and masks for powers of two, a
  multiply for the others) keep Python's floor semantics for negative operands and extremes.
"""
import math
import platform
import numpy
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import oxjit
from diff import check


def count_flags(a):
    c = 0
    for i in range(a.shape[0]):
        if a[i] > 0.5:
            c += 1
    return c


def triangle_else_only(a):
    s = 0.0
    for i in range(a.shape[0]):
        x = a[i]
        if x > 0.3:
            pass
        else:
            s = s + x
    return s


def diamond(a):
    lo = 0.0
    hi = 0.0
    flag = False
    for i in range(a.shape[0]):
        x = a[i]
        if x < 0.5:
            lo = lo + x
            flag = True
        else:
            hi = hi - x * 2.0
    return lo, hi, flag


def collatz(n):
    total = 0
    for start in range(1, n):
        x = start
        while x != 1:
            if x % 2 == 0:
                x = x // 2
            else:
                x = 3 * x + 1
            total += 1
    return total


def guarded_division(a, d):
    s = 0
    for i in range(a.shape[0]):
        if d != 0:
            s = s + 7 // d
    return s


def assigned_on_one_branch(a):
    for i in range(a.shape[0]):
        if a[i] > 0.5:
            y = i
    return y


def guarded_index(a, n):
    s = 0.0
    for i in range(n):
        if i < a.shape[0]:
            s = s + a[i]
    return s


def test_if_conversion_values():
    rng = numpy.random.default_rng(0)
    a = rng.random(1000)
    b = a.copy()
    b[::7] = numpy.nan
    for f in (count_flags, triangle_else_only, diamond):
        check(f, a)
        check(f, b)
        check(f, numpy.zeros(0))
    check(collatz, 300)


def test_speculation_never_raises_or_reads_out_of_bounds():
    a = numpy.arange(5.0)
    check(guarded_division, a, 0)
    check(guarded_division, a, -3)
    check(guarded_index, a, 50)
    check(assigned_on_one_branch, numpy.array([0.9, 0.1]))
    check(assigned_on_one_branch, numpy.array([0.1, 0.2]))  # UnboundLocalError, as CPython


def _ir(fn, *args):
    f = oxjit.njit(fn)
    f(*args)
    return f.inspect_ir("if-conversion", signature=0)


def test_structure_selects_only_where_safe():
    a = numpy.random.random(10)
    assert "select" in _ir(count_flags, a)
    assert "select" in _ir(diamond, a)
    assert "select" in _ir(collatz, 10)
    # A division by a variable and an array read stay behind their branches.
    assert "select" not in _ir(guarded_division, a, 1)
    assert "select" not in _ir(guarded_index, a, 3)


def floor_ops(x):
    return (x // 1, x % 1, x // 2, x % 2, x // 8, x % 8, x // 10, x % 10, x // 7, x % 7,
            x // 4096, x % 4096, x // 3, x % 3, x // -3, x % -3)


@settings(max_examples=300, deadline=None)
@given(st.integers(min_value=-(2 ** 63), max_value=2 ** 63 - 1))
def test_floor_division_by_constants(x):
    check(floor_ops, x)


@pytest.mark.parametrize("x", [0, 1, -1, 7, -7, 9, -9, 2 ** 63 - 1, -(2 ** 63), -(2 ** 63) + 1])
def test_floor_division_by_constants_edges(x):
    check(floor_ops, x)


def int_mod(x, y):
    return x % y


def int_floordiv(x, y):
    return x // y


@pytest.mark.skipif(platform.machine() not in ("x86_64", "AMD64"), reason="x86-64 listing")
def test_structure_floor_mod_by_a_variable_divides_once():
    """`x % y` and `x // y` by a run-time int take one `idiv` (the remainder comes from the
    quotient), and still give Python's values on the edges."""
    for fn in (int_mod, int_floordiv):
        f = oxjit.njit(fn)
        for x, y in [(7, 3), (-7, 3), (7, -3), (-7, -3), (0, 5), (-2**63, -1), (-2**63, 7),
                     (2**63 - 1, -2), (5, 1), (-5, -1)]:
            expected = fn(x, y)
            if -2**63 <= expected < 2**63:
                assert f(x, y) == expected, (fn.__name__, x, y)
        asm = "\n".join(f.inspect_asm().values())
        assert asm.count("idiv") == 1, fn.__name__


def to_int(x):
    return int(x)


def test_int_of_a_float_one_range_test_and_cpython_errors():
    """`int(x)` of a float: values in int64 as CPython, NaN and infinities with CPython's
    errors, and floats beyond int64 raise `OverflowError` (CPython makes a big int; oxjit's
    int is int64) instead of saturating."""
    f = oxjit.njit(to_int)
    for x in [0.0, -0.0, 1.5, -1.5, 2.0 ** 62, -(2.0 ** 63), 2.0 ** 63 - 1024, 1e-300, -0.999]:
        assert f(x) == to_int(x), x
    for x, cls, msg in [(math.nan, ValueError, "cannot convert float NaN to integer"),
                        (math.inf, OverflowError, "cannot convert float infinity to integer"),
                        (-math.inf, OverflowError, "cannot convert float infinity to integer"),
                        (2.0 ** 63, OverflowError, "Python int too large to convert to C long"),
                        (-1e20, OverflowError, "Python int too large to convert to C long")]:
        with pytest.raises(cls) as e:
            f(x)
        assert str(e.value) == msg

"""The `list-to-array` pass: a list filled by one `append` per `range` iteration and then only
converted by `numpy.array`/`numpy.asarray` is written as an array of the trip count (no list,
no growth, no copy). Differential tests against CPython (``diff.py``) for the rewritten shapes
and for the near misses that must keep the list, and structural tests on the dumped IR."""
import numpy
import pytest
from hypothesis import given, settings, strategies as st

import oxjit
from diff import check


def fill_ints(n):
    out = []
    for i in range(n):
        out.append(i * i - 3)
    return numpy.array(out)


def fill_floats_step(a, b, s3):
    out = []
    for i in range(a, b, 3):
        out.append(i * 0.5 + s3)
    return numpy.asarray(out)


def fill_down(a, b):
    out = []
    for i in range(a, b, -2):
        out.append(i)
    return numpy.array(out)


def fill_bools(x):
    flags = []
    for i in range(len(x)):
        flags.append(x[i] > 0.0)
    return numpy.array(flags)


def fill_float32(x):
    out = []
    for i in range(x.shape[0]):
        out.append(numpy.float32(x[i]) * numpy.float32(2.0))
    return numpy.array(out)


def fill_with_inner_loop(n):
    out = []
    for i in range(n):
        s = 0
        for j in range(i):
            s += j
        out.append(s)
    total = 0
    return numpy.array(out), total


def fill_per_row(m):
    rows = numpy.zeros(m.shape)
    for r in range(m.shape[0]):
        out = []
        for c in range(m.shape[1]):
            out.append(m[r, c] * 2.0)
        rows[r, :] = numpy.array(out)
    return rows


def fill_raises(x, bad):
    out = []
    for i in range(len(x)):
        if i == bad:
            raise ValueError("bad index")
        out.append(x[i])
    return numpy.array(out)


def fill_index_error(x, n):
    out = []
    for i in range(n):
        out.append(x[i])
    return numpy.array(out)


# --- near misses: the list must stay a list (and stay right) ---

def skip_some(n):
    out = []
    for i in range(n):
        if i % 3 == 0:
            continue
        out.append(i)
    return numpy.array(out)


def appends_twice(n):
    out = []
    for i in range(n):
        out.append(i)
        out.append(-i)
    return numpy.array(out)


def breaks_early(n, stop):
    out = []
    for i in range(n):
        if i == stop:
            break
        out.append(i)
    return numpy.array(out)


def used_after(n):
    out = []
    for i in range(n):
        out.append(i)
    a = numpy.array(out)
    return a, len(out)


def appends_in_inner_loop(n):
    out = []
    for i in range(n):
        for j in range(2):
            out.append(i + j)
    return numpy.array(out)


def not_empty_first(n):
    out = [7]
    for i in range(n):
        out.append(i)
    return numpy.array(out)


def created_before_branch(n, flag):
    out = []
    if flag:
        n = n + 1
    for i in range(n):
        out.append(i)
    return numpy.array(out)


def in_try(n):
    out = []
    try:
        for i in range(n):
            out.append(i)
    except IndexError:
        pass
    return numpy.array(out)


REWRITTEN = [
    (fill_ints, (7,)),
    (fill_floats_step, (2, 20, 0.25)),
    (fill_down, (10, -3)),
    (fill_bools, (numpy.array([1.0, -2.0, 0.0, 3.5]),)),
    (fill_float32, (numpy.array([1.5, -2.25, 3e38]),)),
    (fill_with_inner_loop, (6,)),
]
KEPT = [
    (skip_some, (10,)),
    (appends_twice, (5,)),
    (breaks_early, (10, 4)),
    (used_after, (6,)),
    (appends_in_inner_loop, (4,)),
    (not_empty_first, (3,)),
    (created_before_branch, (3, True)),
    (in_try, (5,)),
]


@pytest.mark.parametrize("fn,args", REWRITTEN + KEPT, ids=lambda x: getattr(x, "__name__", ""))
def test_values(fn, args):
    check(fn, *args)


def test_empty_int_fill_is_int64():
    # NumPy gives float64 for `numpy.array([])`; a typed list of ints gives int64 (as Numba).
    for n in (0, -3):
        got = oxjit.njit(fill_ints)(n)
        assert got.dtype == numpy.int64 and got.shape == (0,)


@pytest.mark.parametrize("n", [1, 2, 5])
def test_trip_counts(n):
    check(fill_ints, n)
    check(fill_down, n, -n)
    check(fill_floats_step, -n, n, 1.0)
    check(fill_floats_step, n, n + 1, 1.0)


@settings(max_examples=60, deadline=None)
@given(st.integers(-40, 40), st.integers(-40, 40))
def test_trip_counts_any_bounds(a, b):
    check(fill_floats_step, a, b, -0.5)
    got = oxjit.njit(fill_down)(a, b)
    assert got.dtype == numpy.int64
    assert numpy.array_equal(got, numpy.arange(a, b, -2))


def test_per_row_and_errors():
    check(fill_per_row, numpy.arange(12.0).reshape(3, 4))
    check(fill_per_row, numpy.ones((0, 3)))
    x = numpy.arange(5.0)
    check(fill_raises, x, 3, exact_exception=True)
    check(fill_raises, x, 9)
    check(fill_index_error, x, 5)
    check(fill_index_error, x, 7)


def _typed(fn, args, after="list-to-array"):
    f = oxjit.njit(fn)
    f(*args)
    return f.inspect_ir(after, signature=0)


@pytest.mark.parametrize("fn,args", REWRITTEN, ids=lambda x: getattr(x, "__name__", ""))
def test_rewritten_has_no_list(fn, args):
    ir = _typed(fn, args)
    assert "list(" not in ir, ir
    assert "numpy.empty" in ir and "setitem" in ir


@pytest.mark.parametrize("fn,args", KEPT, ids=lambda x: getattr(x, "__name__", ""))
def test_kept_lists(fn, args):
    assert "list(" in _typed(fn, args)


def test_skip_pass(monkeypatch):
    monkeypatch.setenv("OXJIT_SKIP_PASSES", "list-to-array")
    f = oxjit.njit(lambda_free_fill)
    assert numpy.array_equal(f(4), numpy.arange(4) * 2)
    assert "list(" in f.inspect_ir("loops", signature=0)


def lambda_free_fill(n):
    out = []
    for i in range(n):
        out.append(i * 2)
    return numpy.array(out)


def fill_step(a, b, s):
    out = []
    for i in range(a, b, 4611686018427387904):  # 2**62: the span overflows int64
        out.append(i + s)
    return numpy.array(out)


def test_store_is_unchecked_and_length_exact():
    # The array's length is len(range(...)), exact, so the store needs no bounds check.
    ir = _typed(fill_ints, (5,))
    stores = [line for line in ir.splitlines() if "setitem" in line]
    assert stores and all(" check" not in line and "wrap" not in line for line in stores), ir
    # A span wider than int64 with a step that makes it short: the exact length, and the
    # counter that wraps after the last item (a known gap of constant-step loops, see
    # docs/language.md) is caught by the store's check, never a write out of bounds.
    assert " check" in [line for line in _typed(fill_step, (0, 9, 0)).splitlines() if "setitem" in line][0]
    with pytest.raises(IndexError):
        oxjit.njit(fill_step)(-(2**62), 2**62 + 1, 3)


def test_range_of_2_pow_63_items_raises():
    # CPython would run out of memory appending; oxjit refuses before writing anything.
    with pytest.raises(OverflowError):
        oxjit.njit(fill_ints_between)(-(2**62), 2**62)


def fill_ints_between(a, b):
    out = []
    for i in range(a, b):
        out.append(i)
    return numpy.array(out)

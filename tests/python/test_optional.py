"""Values that may be `None` (`optional(T)`): variables assigned `None` on some paths, returns
of `None` or a value, narrowed by `is None` / `is not None` tests — CPython vs oxjit."""
import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

import oxjit
from diff import check


def best_of(a):
    best = None
    for x in a:
        if best is None or x < best:
            best = x
    return best


def early_exit(x):
    y = None
    if x > 0:
        y = x * 2
    if y is None:
        return -1
    return y + 1


def returns_value_or_none(x):
    if x > 0:
        return x
    return None


def array_or_none(a, k):
    r = None
    if k > 0:
        r = a * 2.0
    if r is not None:
        return r.sum()
    return 0.0


def previous_item(n):
    last = None
    s = 0
    for i in range(n):
        if last is not None:
            s += last
        last = i
    return s, last


def tuple_or_none(x):
    t = None
    if x > 1.0:
        t = (x, 2 * x)
    if t is not None:
        return t[0] + t[1]
    return 0.0


def first_index(a, v):
    found = None
    for i in range(a.shape[0]):
        if a[i] == v:
            found = i
            break
    return found


@oxjit.njit
def _helper(v):
    if v is None:
        return -1.0
    return v * 10.0


def passes_optional(x):
    v = None
    if x > 0:
        v = x
    return _helper(v)


CASES = [
    (best_of, [(np.array([3.0, 1.0, 2.0]),), (np.array([]),), (np.array([np.nan, 1.0]),)]),
    (early_exit, [(3,), (-3,), (0,)]),
    (returns_value_or_none, [(2,), (-2,)]),
    (array_or_none, [(np.arange(3.0), 1), (np.arange(3.0), 0)]),
    (previous_item, [(4,), (0,), (1,)]),
    (tuple_or_none, [(3.0,), (0.5,)]),
    (first_index, [(np.array([4, 5, 6]), 5), (np.array([4, 5, 6]), 7)]),
]


@pytest.mark.parametrize("fn, arg_sets", CASES, ids=[c[0].__name__ for c in CASES])
def test_same_as_cpython(fn, arg_sets):
    for args in arg_sets:
        check(fn, *args)


def test_passed_to_a_jitted_function():
    assert oxjit.njit(passes_optional)(2.0) == passes_optional(2.0) == 20.0
    assert oxjit.njit(passes_optional)(-2.0) == passes_optional(-2.0) == -1.0


@settings(max_examples=80, deadline=None)
@given(st.lists(st.floats(-1e6, 1e6), max_size=8))
def test_best_of_hypothesis(xs):
    check(best_of, np.array(xs, dtype=np.float64))


def test_use_without_a_test_is_a_typing_error_with_a_hint():
    def f(x):
        y = None
        if x > 0:
            y = x
        return y + 1
    with pytest.raises(oxjit.TypingError, match="cannot add") as e:
        oxjit.njit(f)(1)
    assert "must be tested first" in str(e.value)
    assert "test_optional.py:" in str(e.value)


def test_a_store_after_the_test_ends_the_narrowing():
    def f(x):
        y = None
        if x > 0:
            y = x
        if y is not None:
            y = None
            return y + 1
        return 0
    with pytest.raises(oxjit.TypingError):
        oxjit.njit(f)(1)

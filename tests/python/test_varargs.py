"""`*args` parameters (a tuple typed per call, as Numba does) called from Python and from
jitted functions, and call-site unpacking `g(*t)` of tuples whose length is known when
compiling — CPython vs oxjit."""
import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

import oxjit
from oxjit import _oxjit
from diff import check


@oxjit.njit
def collect(x, *args):
    return x, args, len(args)


@oxjit.njit
def first_last(x, *rest):
    return x + rest[0] * rest[-1]


@oxjit.njit
def scaled(a, *arrs, scale=2.0):
    return a + arrs[0] * scale


@oxjit.njit
def only_star(*xs):
    return xs


def from_jitted(t):
    return collect(*t), collect(0, *t), collect(1, 2), first_last(*t), first_last(1, *t[1:])


def mixed_star(a, b):
    t = (a, b)
    u = (b,)
    return collect(a, *t, *u), only_star(*t, 5), only_star()


def arrays_through(a, b):
    return scaled(a, b), scaled(a, b, scale=3.0), scaled(*(a, b, a))


def keywords_and_star(a, b):
    return scaled(a, *(b,), scale=0.5)


def star_in_loop(n):
    s = 0.0
    for i in range(n):
        t = (float(i), 2.0)
        s += first_last(1.0, *t)
    return s


@pytest.mark.parametrize("args", [(1,), (1, 2, 3), (1.0, 2), (1, (2, 3), 4.5), (1, True)])
def test_from_python(args):
    check(collect, *args)


def test_constant_index_of_args():
    check(first_last, 1, 2, 3.5)
    check(first_last, 1.0, 2)


def test_arrays_and_keyword_only_after_star():
    check(scaled, np.ones(3), np.arange(3.0))
    check(scaled, np.ones(3), np.arange(3.0), np.zeros(3), call_kwargs={"scale": 3.0})


def test_only_star():
    check(only_star)
    check(only_star, 1, 2.5, (3,))


@pytest.mark.parametrize("t", [(1, 2, 3), (1.5, 2, 3.0)])
def test_calls_from_jitted_code(t):
    check(from_jitted, t)


def test_several_stars_and_empty():
    check(mixed_star, 1, 2.5)


def test_arrays_through_star_no_leak():
    check(arrays_through, np.ones(4), np.arange(4.0))
    check(keywords_and_star, np.ones(2), np.arange(2.0))
    f = oxjit.njit(arrays_through)
    a, b = np.ones(4), np.arange(4.0)
    f(a, b)
    before = _oxjit.live_allocations()
    for _ in range(100):
        f(a, b)
    assert _oxjit.live_allocations() == before


def test_star_in_loop():
    check(star_in_loop, 10)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.one_of(st.integers(-10**6, 10**6), st.floats(allow_nan=False)), max_size=5))
def test_any_number_of_args(values):
    check(collect, 0, *values)


def test_wrong_calls_raise_cpythons_type_error():
    with pytest.raises(TypeError) as want:
        collect.py_func()
    with pytest.raises(TypeError) as got:
        collect()
    assert str(got.value) == str(want.value)
    with pytest.raises(TypeError, match="unexpected keyword argument 'args'"):
        collect(1, args=(2,))


def star_of_list(x):
    xs = [1, 2]
    return collect(*xs)


def star_to_builtin(t):
    return max(*t)


def too_many_for_plain(t):
    return first_last_plain(*t)


@oxjit.njit
def first_last_plain(a, b):
    return a + b


def test_unsupported_unpacking_is_clear():
    with pytest.raises(oxjit.UnsupportedError, match=r"(?s)unpacking of `list\[int64\]`|unpacking of `list"):
        oxjit.njit(star_of_list)(1)
    with pytest.raises(oxjit.UnsupportedError, match=r"(?s)only supported when calling a jitted function.*test_varargs.py:\d+:\d+"):
        oxjit.njit(star_to_builtin)((1, 2))
    with pytest.raises(oxjit.TypingError, match="takes 2 positional arguments but 3 were given"):
        oxjit.njit(too_many_for_plain)((1, 2, 3))


def kwargs_param(x, **kw):
    return x


def test_kwargs_parameter_still_refused():
    with pytest.raises(oxjit.UnsupportedError, match=r"\*\*kwargs"):
        oxjit.njit(kwargs_param)(1)


# --- iterating over `args` (tuples whose items share one type) ---------------------------------

@oxjit.njit
def total(x, *args):
    s = x
    for a in args:
        s += a
    return s


@oxjit.njit
def sum_of_sums(*arrays):
    s = 0.0
    for a in arrays:
        s += a.sum()
    return s


def tuple_at(t, i):
    return t[i]


def loop_with_index(t):
    out = 0.0
    for i in range(len(t)):
        out += t[i] * (i + 1)
    for i, v in enumerate(t):
        out -= v
    return out


@pytest.mark.parametrize("args", [(1, 2, 3), (1.0, 2.5, -3.5), (0, True, False), (5, 7)])
def test_iterating_args(args):
    check(total, *args)


def test_iterating_array_args():
    check(sum_of_sums, np.ones(3), np.arange(4.0), np.zeros(0))


@pytest.mark.parametrize("i", [0, 2, -1, -3, 3, -4])
def test_variable_tuple_index(i):
    check(tuple_at, (1.5, 2.5, 3.5), i, exact_exception=True)
    check(tuple_at, (np.arange(2.0), np.ones(2), np.zeros(2)), i, exact_exception=True)


def test_loops_over_tuples():
    check(loop_with_index, (1.0, 2.0, 4.0))


@settings(max_examples=40, deadline=None)
@given(st.lists(st.integers(-10**6, 10**6), min_size=1, max_size=6), st.integers(-8, 8))
def test_variable_index_property(values, i):
    check(tuple_at, tuple(values), i, exact_exception=True)


def test_iteration_limits_are_clear():
    with pytest.raises(oxjit.UnsupportedError, match=r"(?s)empty tuple.*test_varargs.py:\d+:\d+"):
        total(1)
    with pytest.raises(oxjit.UnsupportedError, match=r"(?s)tuple of different types.*test_varargs.py:\d+:\d+"):
        total(1, 2.0, 3)

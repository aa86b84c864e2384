"""Jitted functions passed as arguments to jitted functions (first-class functions, one
specialisation per callee), from Python and from jitted code — CPython vs oxjit; a plain
Python function as the argument is a clear oxjit error that is also a `TypeError`."""
import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

import oxjit
from oxjit import _oxjit
from diff import check


@oxjit.njit
def square(x):
    return x * x


@oxjit.njit
def cube(x):
    return x * x * x


@oxjit.njit
def halve_array(a):
    return a / 2.0


@oxjit.njit
def apply(f, x):
    return f(x)


@oxjit.njit
def compose(f, g, x):
    return apply(f, apply(g, x))


@oxjit.njit
def map_array(f, a):
    out = np.empty_like(a)
    for i in range(a.shape[0]):
        out[i] = f(a[i])
    return out


@oxjit.njit
def reduce_with(f, a, start):
    acc = start
    for x in a:
        acc = f(acc, x)
    return acc


@oxjit.njit
def add(a, b):
    return a + b


@oxjit.njit
def maximum(a, b):
    return a if a > b else b


@oxjit.njit
def newton(f, df, x0, steps):
    x = x0
    for _ in range(steps):
        x = x - f(x) / df(x)
    return x


@oxjit.njit
def poly(x):
    return x * x - 2.0


@oxjit.njit
def dpoly(x):
    return 2.0 * x


def from_jitted(x):
    return apply(square, x), apply(cube, x), compose(square, cube, x)


def star_and_keyword(x):
    return apply(f=square, x=x), apply(cube, *(x,))


def arrays_from_jitted(a):
    return apply(halve_array, a), map_array(cube, a)


@pytest.mark.parametrize("x", [3, 2.5, -1.0, True])
def test_from_python(x):
    check(apply, square, x)
    check(apply, cube, x)
    check(compose, square, cube, x)


def test_specialised_per_callee():
    f = oxjit.njit(lambda_free_apply)
    assert f(square, 3.0) == 9.0
    assert f(cube, 3.0) == 27.0
    assert f(square, 2.0) == 4.0
    assert len(f.signatures) == 2


def lambda_free_apply(f, x):
    return f(x) + 0.0


def test_arrays_and_loops():
    a = np.arange(5.0)
    check(map_array, square, a)
    check(map_array, cube, a)
    check(apply, halve_array, a)
    check(reduce_with, add, a, 0.0)
    check(reduce_with, maximum, a, -1.0)
    check(newton, poly, dpoly, 1.0, 6)


@pytest.mark.parametrize("x", [2, 1.5])
def test_from_jitted_code(x):
    check(from_jitted, x)
    check(star_and_keyword, x)


def test_arrays_from_jitted_no_leak():
    a = np.arange(4.0)
    check(arrays_from_jitted, a)
    f = oxjit.njit(arrays_from_jitted)
    f(a)
    before = _oxjit.live_allocations()
    for _ in range(50):
        f(a)
    assert _oxjit.live_allocations() == before


@settings(max_examples=50, deadline=None)
@given(st.floats(-1e3, 1e3), st.sampled_from([square, cube]))
def test_property(x, fn):
    check(apply, fn, x)


def plain(x):
    return x + 1


def test_python_function_is_refused():
    for bad in (plain, lambda v: v, np.sqrt):
        with pytest.raises(oxjit.OxjitError, match="only jitted functions can be passed") as e:
            apply(bad, 1.0)
        assert isinstance(e.value, TypeError)


@oxjit.njit
def returns_function(f):
    return f


@oxjit.njit
def tuple_of_function(f, x):
    t = (f, x)
    return t[1]


def test_unsupported_uses_are_clear():
    with pytest.raises(oxjit.UnsupportedError, match=r"(?s)returning a function.*test_function_args.py:\d+:\d+"):
        returns_function(square)
    with pytest.raises(oxjit.UnsupportedError, match=r"(?s)tuple cannot hold.*test_function_args.py:\d+:\d+"):
        tuple_of_function(square, 1.0)

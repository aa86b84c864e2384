"""Mutual recursion between module-level jitted functions, typed without signatures (Numba
needs an explicit signature for this; oxjit types the cycle by iterating to a fixed point).
"""
import pytest

import oxjit
from diff import check


@oxjit.njit
def is_even(n):
    if n == 0:
        return True
    return is_odd(n - 1)


@oxjit.njit
def is_odd(n):
    if n == 0:
        return False
    return is_even(n - 1)


@oxjit.njit
def hofstadter_f(n):
    if n == 0:
        return 1
    return n - hofstadter_m(hofstadter_f(n - 1))


@oxjit.njit
def hofstadter_m(n):
    if n == 0:
        return 0
    return n - hofstadter_f(hofstadter_m(n - 1))


@oxjit.njit
def ping(x, depth):
    if depth <= 0:
        return x
    return pong(x * 0.5, depth - 1) + 1.0


@oxjit.njit
def pong(x, depth):
    if depth <= 0:
        return x * 2.0
    return ping(x + 1.0, depth - 1)


@oxjit.njit
def a_cycle(n):
    return b_cycle(n)


@oxjit.njit
def b_cycle(n):
    return a_cycle(n)


@pytest.mark.parametrize("n", [0, 1, 7, 10, 31])
def test_even_odd(n):
    check(is_even, n)
    check(is_odd, n)


@pytest.mark.parametrize("n", range(0, 25, 4))
def test_hofstadter(n):
    check(hofstadter_f, n)
    check(hofstadter_m, n)


@pytest.mark.parametrize("depth", [0, 1, 2, 5])
def test_float_cycle(depth):
    check(ping, 3.0, depth)
    check(ping, 3.5, depth)


def test_cycle_without_base_case_is_a_typing_error():
    with pytest.raises(oxjit.TypingError, match="cannot infer"):
        a_cycle(1)


def test_deep_mutual_recursion_raises_recursion_error():
    with pytest.raises(RecursionError):
        is_even(10 ** 7)

"""Calls between jitted functions, recursion, and module-level constants."""
import math

import numpy
import pytest

import oxjit
from diff import check, compiled

SCALE = 3
OFFSET = 0.25
LIMIT = 10


# --- a global @njit helper called from compiled code ---------------------------------


@oxjit.njit
def square(x):
    return x * x


@oxjit.njit
def clamp(x, lo, hi):
    return min(max(x, lo), hi)


@oxjit.njit
def dot_rows(a, i, j):
    s = 0.0
    for k in range(a.shape[1]):
        s += a[i, k] * a[j, k]
    return s


@oxjit.njit
def divmod_pair(a, b):
    return a // b, a % b


def sum_of_squares(n):
    total = 0
    for i in range(n):
        total += square(i)
    return total


def clamped_sum(a, lo, hi):
    s = 0.0
    for i in range(a.shape[0]):
        s += clamp(a[i], lo, hi)
    return s


def gram_trace(a):
    t = 0.0
    for i in range(a.shape[0]):
        t += dot_rows(a, i, i)
    return t


def use_tuple_from_helper(a, b):
    q, r = divmod_pair(a, b)
    return q * b + r == a, q, r


def helper_raises(a, b):
    q, r = divmod_pair(a, b)
    return q + r


@pytest.mark.parametrize("n", [0, 1, 10, 1000])
def test_helper_int(n):
    check(sum_of_squares, n)


def test_helper_float_specialisation():
    check(square, 1.5)
    check(square, -3)


def test_helper_with_array_argument():
    a = numpy.linspace(-2.0, 2.0, 17)
    check(clamped_sum, a, -1.0, 0.5)
    check(gram_trace, numpy.arange(12.0).reshape(3, 4))
    check(gram_trace, numpy.arange(12.0).reshape(4, 3).T)


@pytest.mark.parametrize("a, b", [(17, 5), (-17, 5), (17, -5), (7.5, 2.0)])
def test_helper_returning_tuple(a, b):
    check(use_tuple_from_helper, a, b)


def test_exception_propagates_from_helper():
    assert isinstance(check(helper_raises, 5, 0), ZeroDivisionError)


def test_helper_still_callable_from_python():
    assert square(7) == 49
    assert clamp(5, 0, 3) == 3


# --- recursion -------------------------------------------------------------------------


@oxjit.njit
def fib(n):
    if n < 2:
        return n
    return fib(n - 1) + fib(n - 2)


@oxjit.njit
def gcd(a, b):
    if b == 0:
        return a
    return gcd(b, a % b)


@oxjit.njit
def power_rec(x, n):
    if n == 0:
        return 1.0
    half = power_rec(x, n // 2)
    if n % 2 == 0:
        return half * half
    return half * half * x


def _fib_reference(n):
    a, b = 0, 1
    for _ in range(n):
        a, b = b, a + b
    return a


@pytest.mark.parametrize("n", [0, 1, 2, 10, 20, 25])
def test_fib(n):
    result = fib(n)
    assert type(result) is int
    assert result == _fib_reference(n)


@pytest.mark.parametrize("a, b", [(48, 18), (18, 48), (17, 5), (0, 7), (7, 0), (2 ** 40, 6 ** 10)])
def test_gcd(a, b):
    assert gcd(a, b) == math.gcd(a, b)


@pytest.mark.parametrize("x, n", [(2.0, 10), (1.5, 7), (-2.0, 5), (3.0, 0)])
def test_recursive_float(x, n):
    assert power_rec(x, n) == x ** n


def test_recursion_called_from_other_compiled_function():
    check(fib_sum, 15)


def fib_sum(n):
    s = 0
    for i in range(n):
        s += fib(i)
    return s


# --- module-level constants (frozen at compile time) ---------------------------------------


def scaled(x):
    return x * SCALE + OFFSET


def below_limit(n):
    count = 0
    for i in range(n):
        if i < LIMIT:
            count += 1
    return count


@pytest.mark.parametrize("x", [0, 2, 1.5])
def test_module_constants(x):
    check(scaled, x)


def test_module_constant_in_loop():
    check(below_limit, 25)


def scaled_frozen(x):
    return x * SCALE


def test_module_constants_are_frozen_at_compile_time():
    global SCALE
    f = oxjit.njit(scaled_frozen)
    assert f(2) == 6
    old = SCALE
    try:
        SCALE = 4
        assert f(2) == 6  # already compiled for int: keeps the old value
        g = oxjit.njit(scaled_frozen)
        assert g(2) == 8  # a new dispatcher compiles with the new value
    finally:
        SCALE = old


def test_compiled_helper_is_the_same_dispatcher():
    assert compiled(square) is square

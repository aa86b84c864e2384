"""`raise` and `assert` in compiled code: built-in classes and the user's exception classes,
no argument, constant messages and f-strings; the same class, message and `args` as CPython.
Also the messages of the runtime checks (division by zero)."""
import math

import numpy
import pytest

import oxjit
from diff import check, compiled
from raise_helpers import assert_tuple_message, asserts


class MyError(Exception):
    pass


class MyValueError(ValueError):
    pass


def raise_builtin(k, x):
    if k == 0:
        raise ValueError
    if k == 1:
        raise TypeError()
    if k == 2:
        raise IndexError("index out of range")
    if k == 3:
        raise KeyError(f"missing key {x}")
    if k == 4:
        raise RuntimeError(f"x = {x:.3f}!")
    if k == 5:
        raise NotImplementedError("not yet")
    if k == 6:
        raise ZeroDivisionError(f"{x} / 0")
    if k == 7:
        raise OverflowError(f"too big: {x:e}")
    if k == 8:
        raise ArithmeticError(f"{x:>10.2f}|")
    if k == 9:
        raise Exception("plain")
    if k == 10:
        raise LookupError(f"{k:d} {k:05d} {k:x} {k:+d}")
    if k == 11:
        raise AssertionError(f"{x > 0} {x < 0}")
    return x * 2


@pytest.mark.parametrize("k", range(13))
@pytest.mark.parametrize("x", [1.5, -2.25, 3])
def test_builtin_classes(k, x):
    check(raise_builtin, k, x, exact_exception=True)


def float_repr(x):
    raise ValueError(f"value {x} and {x:g} and {x:.3} and {x:.2e} and {x:10.4f} and {x:%}")


@pytest.mark.parametrize("x", [
    1e16, 1e15, 1e-5, 1e-4, 0.1, 0.1 + 0.2, -0.0, 0.0, math.nan, math.inf, -math.inf,
    123456789.123, 1.5e300, 5e-324, 2.5, 0.125, 1.0, 100.0, 12345678901234567890.0,
])
def test_float_formatting_matches_cpython(x):
    check(float_repr, x, exact_exception=True)


def int_formats(n):
    raise ValueError(f"{n} {n:d} {n:>6} {n:<6}| {n:^7}| {n:+} {n: d} {n:#x} {n:X} {n:o} {n:#b} "
                     f"{n:08d} {n:.2f} {n:e} {n:g}")


@pytest.mark.parametrize("n", [0, 7, -42, 255, 2**62, -(2**63)])
def test_int_formatting_matches_cpython(n):
    check(int_formats, n, exact_exception=True)


def bool_formats(b):
    raise ValueError(f"{b} {b!r} {b:d} {b:>5}")


@pytest.mark.parametrize("b", [True, False])
def test_bool_formatting(b):
    check(bool_formats, b, exact_exception=True)


def user_errors(k):
    if k == 0:
        raise MyError
    if k == 1:
        raise MyError("custom")
    if k == 2:
        raise MyValueError(f"bad {k}")
    return k


@pytest.mark.parametrize("k", [0, 1, 2, 3])
def test_user_exception_classes(k):
    check(user_errors, k, exact_exception=True)


def test_user_class_is_the_same_class():
    f = compiled(user_errors)
    with pytest.raises(MyValueError) as info:
        f(2)
    assert type(info.value) is MyValueError
    assert info.value.args == ("bad 2",)
    with pytest.raises(ValueError):
        f(2)


@pytest.mark.parametrize("x,n", [(1.0, 1), (-1.0, 1), (1.0, 3), (200.0, 1), (5, 2)])
def test_assert(x, n):
    check(asserts, x, n, exact_exception=True)


@pytest.mark.parametrize("x", [0, 1, 0.0, 2.5, False])
def test_assert_truthiness(x):
    check(assert_tuple_message, x, exact_exception=True)


def raise_in_loop(a):
    total = 0.0
    for i in range(a.shape[0]):
        if a[i] < 0:
            raise ValueError(f"negative value {a[i]} at index {i}")
        total += a[i]
    return total


def test_raise_in_loop_releases_arrays():
    check(raise_in_loop, numpy.arange(5.0), exact_exception=True)
    check(raise_in_loop, numpy.array([1.0, 2.0, -3.5]), exact_exception=True)


def always_raises(x):
    raise ValueError(f"always {x}")


def test_function_that_always_raises():
    check(always_raises, 3, exact_exception=True)


@oxjit.njit
def checked_sqrt(x):
    if x < 0:
        raise ValueError(f"math domain error for {x}")
    return math.sqrt(x)


def calls_checked(x):
    return checked_sqrt(x) + 1.0


def test_raise_crosses_jitted_calls():
    check(calls_checked, 4.0, exact_exception=True)
    check(calls_checked, -4.0, exact_exception=True)


# --- runtime messages equal CPython's ----------------------------------------------------


def int_div(a, b):
    return a / b


def int_floordiv(a, b):
    return a // b


def int_mod(a, b):
    return a % b


@pytest.mark.parametrize("fn", [int_div, int_floordiv, int_mod])
@pytest.mark.parametrize("a,b", [(7, 0), (7.0, 0.0), (7, 0.0), (7.0, 0), (True, False)])
def test_division_by_zero_messages(fn, a, b):
    check(fn, a, b, exact_exception=True)


# --- compile-time errors -----------------------------------------------------------------


def raise_two_args(x):
    raise ValueError("a", x)


def raise_non_string(x):
    raise ValueError(x)


def raise_bad_spec(x):
    raise ValueError(f"{x:n}")


def raise_float_as_int(x):
    raise ValueError(f"{x:d}")


def reraise(x):
    raise


def test_unsupported_raises():
    with pytest.raises(oxjit.UnsupportedError, match="at most one argument"):
        compiled(raise_two_args)(1)
    with pytest.raises(oxjit.UnsupportedError, match="string literal or an f-string"):
        compiled(raise_non_string)(1)
    with pytest.raises(oxjit.UnsupportedError, match="format spec"):
        compiled(raise_bad_spec)(1)
    with pytest.raises(oxjit.TypingError, match="Unknown format code 'd'"):
        compiled(raise_float_as_int)(1.0)
    with pytest.raises(oxjit.UnsupportedError, match="bare `raise` outside an `except` handler"):
        compiled(reraise)(1)


def sqrt_of(x):
    return math.sqrt(x)


def log_of(x):
    return math.log(x)


def exp_of(x):
    return math.exp(x)


def power(x, y):
    return x ** y


def math_pow(x, y):
    return math.pow(x, y)


def to_int(x):
    return int(x)


def range_step(s):
    t = 0
    for i in range(0, 5, s):
        t += i
    return t


def shift(a, b):
    return a << b


def acos_of(x):
    return math.acos(x)


def round_of(x):
    return round(x)


@pytest.mark.parametrize("fn,args", [
    (sqrt_of, (-1.0,)), (log_of, (0.0,)), (log_of, (-1.0,)), (exp_of, (1000.0,)),
    (power, (0.0, -1.0)), (power, (10.0, 400.0)), (math_pow, (0.0, -1.0)),
    (math_pow, (10.0, 400.0)), (to_int, (math.nan,)), (to_int, (math.inf,)),
    (range_step, (0,)), (shift, (1, -1)), (acos_of, (2.0,)), (round_of, (math.inf,)),
    (round_of, (math.nan,)),
])
def test_runtime_messages_match_cpython(fn, args):
    check(fn, *args, exact_exception=True)

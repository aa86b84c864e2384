"""`e.args`, `repr(e)`, `str(e.args)` and `len(e.args)` of a caught exception — raised by
`raise` (built-in and user classes, with or without a message) or by compiled code itself
(IndexError, ZeroDivisionError, KeyError, a range OverflowError) — CPython vs oxjit."""
import math

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

import oxjit
from oxjit import _oxjit
from diff import check


class AppError(ValueError):
    pass


def args_of_raise(x):
    try:
        if x > 0:
            raise ValueError("positive")
        raise ValueError
    except ValueError as e:
        return e.args


def repr_of_raise(x):
    try:
        if x > 1:
            raise ValueError(f"it's {x}")
        if x > 0:
            raise TypeError("say \"hi\"")
        raise ValueError()
    except (ValueError, TypeError) as e:
        return repr(e)


def args_of_user(x):
    try:
        if x > 0:
            raise AppError(f"bad {x}")
        raise AppError
    except AppError as e:
        return e.args, repr(e), str(e)


def index_error(a, i):
    try:
        return a[i]
    except IndexError as e:
        return float(len(e.args) + 100 * len(e.args[0]))


def index_error_text(a, i):
    try:
        a[i] = 1.0
    except IndexError as e:
        return repr(e), e.args
    raise RuntimeError("no error")


def zero_division(a, b):
    try:
        a // b
    except ZeroDivisionError as e:
        return repr(e), e.args
    raise RuntimeError("no error")


def key_error_int(k):
    d = {1: 2.0, 2: 3.0}
    try:
        d[k]
    except KeyError as e:
        return repr(e), e.args
    raise RuntimeError("found")


def key_error_str(k):
    d = {"a": 1}
    try:
        return d[k], "", "", ""
    except KeyError as e:
        return 0, repr(e), str(e), e.args[0]


def raised_key_error(x):
    try:
        raise KeyError(f"k{x}")
    except KeyError as e:
        return repr(e), str(e), e.args


def overflow(x):
    try:
        x ** 1000.0
    except OverflowError as e:
        return repr(e), e.args
    raise RuntimeError("no overflow")


def args_text(x):
    try:
        if x > 0:
            raise ValueError("v")
        raise ValueError
    except ValueError as e:
        return str(e.args), f"{e.args}|{e!r}|{e}", len(e.args)


def print_args(x):
    try:
        raise IndexError(f"i{x}")
    except IndexError as e:
        print(e.args, repr(e))
        return 0


def arg_out_of_range(x):
    try:
        raise ValueError
    except ValueError as e:
        return e.args[x]


def negative_arg_index(x):
    try:
        raise ValueError(f"m{x}")
    except ValueError as e:
        return e.args[-1]


def args_in_loop(n):
    texts = 0
    for i in range(n):
        try:
            if i % 3 == 0:
                raise ValueError(f"n{i}")
            raise ValueError
        except ValueError as e:
            texts += len(e.args)
            a = e.args
            texts += len(a)
    return texts


def key_error_int_arg(k):
    d = {1: 2}
    try:
        return d[k]
    except KeyError as e:
        return len(e.args[0])


@pytest.mark.parametrize("x", [0, 1])
def test_args_of_raise(x):
    check(args_of_raise, x)


@pytest.mark.parametrize("x", [0, 1, 2])
def test_repr_of_raise(x):
    check(repr_of_raise, x)


@pytest.mark.parametrize("x", [0, 3])
def test_user_class(x):
    check(args_of_user, x)


@pytest.mark.parametrize("i", [0, 5, -7])
def test_index_error_args(i):
    check(index_error, np.arange(3.0), i)
    check(index_error_text, np.zeros(4), i)


def args_or_empty(i):
    try:
        if i > 0:
            raise ValueError("v")
        return ()
    except ValueError as e:
        return e.args


def test_args_do_not_unify_with_a_tuple():
    with pytest.raises(oxjit.TypingError, match="exception args"):
        oxjit.njit(args_or_empty)(1)


@pytest.mark.parametrize("b", [0])
def test_zero_division(b):
    check(zero_division, 7, b)
    check(zero_division, 7.5, float(b))


@pytest.mark.parametrize("k", [1, 5, -3])
def test_key_error_int(k):
    check(key_error_int, k)


@pytest.mark.parametrize("k", ["a", "zz", "it's"])
def test_key_error_str(k):
    check(key_error_str, k)


def test_raised_key_error_quotes():
    check(raised_key_error, 4)


def test_range_overflow():
    check(overflow, 10.0)
    check(overflow, 1.0)


@pytest.mark.parametrize("x", [0, 1])
def test_args_text(x):
    check(args_text, x)


def test_print_args(capfd):
    print_args(2)
    expected = capfd.readouterr().out
    oxjit.njit(print_args)(2)
    assert capfd.readouterr().out == expected


@pytest.mark.parametrize("x", [0, -1])
def test_arg_index_errors(x):
    check(arg_out_of_range, x)


def test_negative_arg_index():
    check(negative_arg_index, 3)


def test_args_in_loop_no_leak():
    check(args_in_loop, 10)
    f = oxjit.njit(args_in_loop)
    g = oxjit.njit(args_of_user)
    f(5)
    g(1)
    before = _oxjit.live_allocations()
    for _ in range(200):
        f(7)
        g(1)
        g(0)
    assert _oxjit.live_allocations() == before


def test_non_str_arg_is_a_clear_error():
    # CPython gives the int key; compiled code reads only string arguments and says so.
    with pytest.raises(TypeError, match=r"e\.args\[0\]. is .5., not a str"):
        oxjit.njit(key_error_int_arg)(5)


def other_attr(x):
    try:
        raise ValueError("v")
    except ValueError as e:
        return e.errno


def test_other_attribute_unsupported():
    with pytest.raises(oxjit.UnsupportedError, match=r"(?s)attribute `.errno`.*test_exception_args.py:\d+:\d+"):
        oxjit.njit(other_attr)(1)


@settings(max_examples=40, deadline=None)
@given(st.text(st.characters(max_codepoint=0x7ff), max_size=8))
def test_repr_quoting_property(s):
    check(raised_text, s)


def raised_text(s):
    try:
        raise RuntimeError(f"{s}")
    except RuntimeError as e:
        return repr(e), e.args, str(e.args)

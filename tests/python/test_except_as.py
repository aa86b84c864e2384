"""`except E as e` and bare `raise`: the caught exception raised again as it was (class, args,
user classes), from nested handlers and loops — CPython vs oxjit; exception objects do not
leak."""
import math

import numpy as np
import pytest

import oxjit
from oxjit import _oxjit
from diff import check


class AppError(ValueError):
    pass


def reraise_bare(x):
    try:
        if x > 0:
            raise ValueError("positive")
        return 1
    except ValueError:
        raise


def reraise_named(x):
    try:
        if x > 0:
            raise AppError(f"bad {x}")
    except AppError as e:
        raise e
    return 0


def reraise_after_inner_handler(i, a):
    try:
        a[i] = 1.0
    except IndexError:
        try:
            raise ValueError("inner")
        except ValueError:
            pass
        raise                     # the IndexError, not the inner ValueError
    return 2


def count_caught(a, n):
    misses = 0
    for i in range(n):
        try:
            a[i] += 1.0
        except IndexError as e:
            misses += 1
    return misses


def reraise_conditionally(x, d):
    try:
        return 10 // d
    except ZeroDivisionError as err:
        if x > 0:
            raise err
        return -1


def reraise_through_finally(x):
    try:
        try:
            raise KeyError("k")
        except LookupError:
            raise
        finally:
            x += 1
    except KeyError:
        return x


def reraise_no_args(x):
    try:
        raise RuntimeError
    except RuntimeError:
        if x:
            raise
    return 5


def message_of(i, a, d):
    # str(e), f"{e}" and print(e) of built-in, user, no-argument and runtime exceptions.
    try:
        if d == 0:
            return str(10 // d)
        if d == 1:
            raise AppError(f"bad {i}")
        if d == 2:
            raise KeyError("missing")
        if d == 3:
            raise ValueError
        if d == 4:
            return str({1: 2.0, -3: 1.0}[i])
        return str(a[i])
    except Exception as e:
        text = str(e)
        print("caught:", e)
        return f"[{e}] " + text + "|" + str(len(text))


def message_of_math(x):
    try:
        return str(math.sqrt(x)) + str(math.exp(x))
    except (ValueError, OverflowError) as e:
        return "error: " + str(e)


CASES = [
    (reraise_bare, [(1,), (-1,)]),
    (reraise_named, [(2,), (-1,)]),
    (reraise_after_inner_handler, [(5, np.zeros(3)), (1, np.zeros(3))]),
    (count_caught, [(np.zeros(3), 6), (np.zeros(3), 2)]),
    (reraise_conditionally, [(1, 0), (-1, 0), (1, 3)]),
    (reraise_through_finally, [(1,)]),
    (reraise_no_args, [(1,), (0,)]),
    (message_of, [(i, np.zeros(3), d) for i in (1, 7, -3) for d in range(6)]),
    (message_of_math, [(-1.0,), (1000.0,), (4.0,)]),
]


@pytest.mark.parametrize("fn, arg_sets", CASES, ids=[c[0].__name__ for c in CASES])
def test_same_as_cpython(fn, arg_sets):
    for args in arg_sets:
        check(fn, *args, exact_exception=True)


def test_no_leaks():
    before = _oxjit.live_allocations()
    f = oxjit.njit(count_caught)
    g = oxjit.njit(reraise_named)
    for _ in range(300):
        assert f(np.zeros(2), 5) == 3
        with pytest.raises(AppError):
            g(1)
    assert _oxjit.live_allocations() == before


def test_printed_message_is_cpythons(capsys):
    message_of(7, np.zeros(3), 5)
    want = capsys.readouterr().out
    oxjit.njit(message_of)(7, np.zeros(3), 5)
    assert capsys.readouterr().out == want == "caught: index 7 is out of bounds for axis 0 with size 3\n"


def test_format_spec_of_an_exception_is_refused():
    def spec(x):
        try:
            raise ValueError("v")
        except ValueError as e:
            return f"{e:>5}"
    with pytest.raises(oxjit.UnsupportedError, match="formatting exception"):
        oxjit.njit(spec)(1)


def test_other_attributes_are_not_supported():
    def f(x):
        try:
            raise ValueError("v")
        except ValueError as e:
            return e.filename
    with pytest.raises(oxjit.UnsupportedError, match=r"attribute `.filename` of a caught exception"):
        oxjit.njit(f)(1)


def test_bare_raise_outside_a_handler_is_refused():
    def f(x):
        raise
    with pytest.raises(oxjit.UnsupportedError, match="bare `raise` outside"):
        oxjit.njit(f)(1)

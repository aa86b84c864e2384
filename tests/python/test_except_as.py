"""`except E as e` and bare `raise`: the caught exception raised again as it was (class, args,
user classes), from nested handlers and loops — CPython vs oxjit; exception objects do not
leak."""
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


CASES = [
    (reraise_bare, [(1,), (-1,)]),
    (reraise_named, [(2,), (-1,)]),
    (reraise_after_inner_handler, [(5, np.zeros(3)), (1, np.zeros(3))]),
    (count_caught, [(np.zeros(3), 6), (np.zeros(3), 2)]),
    (reraise_conditionally, [(1, 0), (-1, 0), (1, 3)]),
    (reraise_through_finally, [(1,)]),
    (reraise_no_args, [(1,), (0,)]),
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


def test_attributes_are_not_supported_yet():
    def f(x):
        try:
            raise ValueError("v")
        except ValueError as e:
            return len(e.args)
    with pytest.raises(oxjit.UnsupportedError, match=r"attribute `.args` of a caught exception"):
        oxjit.njit(f)(1)


def test_bare_raise_outside_a_handler_is_refused():
    def f(x):
        raise
    with pytest.raises(oxjit.UnsupportedError, match="bare `raise` outside"):
        oxjit.njit(f)(1)

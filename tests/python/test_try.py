"""`try` / `except` / `else` / `finally` around exceptions raised by compiled code: `raise`,
indexing, division by zero, math domain errors, errors of called jitted functions."""
import math

import numpy
import pytest

import oxjit
from diff import check, compiled


class MyError(Exception):
    pass


def safe_div(a, b):
    try:
        r = a / b
    except ZeroDivisionError:
        r = -1.0
    return r


def safe_index(a, i):
    try:
        x = a[i]
    except IndexError:
        x = 0.0
    else:
        x = x * 2
    return x


def classes(k):
    r = 0
    try:
        if k == 0:
            raise ValueError("v")
        if k == 1:
            raise KeyError("k")
        if k == 2:
            raise MyError("mine")
        if k == 3:
            raise ZeroDivisionError
        if k == 4:
            raise RuntimeError("not caught")
        r = 10
    except (ValueError, TypeError):
        r = 1
    except LookupError:
        r = 2
    except MyError:
        r = 3
    except ArithmeticError:
        r = 4
    return r


def with_finally(k):
    log = 0
    try:
        log += 1
        if k > 0:
            raise ValueError("boom")
        log += 10
    except ValueError:
        log += 100
    finally:
        log += 1000
    return log


def finally_reraises(k):
    x = 0
    try:
        x = 1
        if k > 0:
            raise IndexError(f"k={k}")
    finally:
        x = 2
    return x


def nested(a, i, j):
    total = 0.0
    try:
        try:
            total += a[i]
        except ValueError:
            total = -1.0
        total += a[j]
    except IndexError:
        total += 1000.0
    return total


@oxjit.njit
def checked(x):
    if x < 0:
        raise MyError(f"negative {x}")
    return math.sqrt(x)


def calls_checked(x):
    try:
        return checked(x)
    except MyError:
        return -1.0


def domain(x):
    try:
        return math.log(x)
    except ValueError:
        return -math.inf


def loop_with_try(a):
    bad = 0
    total = 0.0
    for i in range(a.shape[0] + 2):
        try:
            total += 1.0 / float(a[i])
        except ZeroDivisionError:
            bad += 1
        except IndexError:
            bad += 100
    return total, bad


def bare_except(k):
    try:
        if k:
            raise NotImplementedError("x")
        return 0
    except:  # noqa: E722
        return 1


@pytest.mark.parametrize("a,b", [(1.0, 2.0), (1.0, 0.0), (3, 0)])
def test_division(a, b):
    check(safe_div, a, b)


@pytest.mark.parametrize("i", [0, 2, -1, 5, -9])
def test_index(i):
    check(safe_index, numpy.arange(3.0), i)


@pytest.mark.parametrize("k", range(6))
def test_classes(k):
    check(classes, k, exact_exception=True)


@pytest.mark.parametrize("k", [0, 1])
def test_finally(k):
    check(with_finally, k)
    check(finally_reraises, k, exact_exception=True)


@pytest.mark.parametrize("i,j", [(0, 1), (5, 1), (0, 7), (9, 9)])
def test_nested(i, j):
    check(nested, numpy.arange(3.0), i, j)


def test_calls_and_math():
    check(calls_checked, 4.0)
    check(calls_checked, -4.0)
    check(domain, 0.0)
    check(domain, 2.0)
    check(loop_with_try, numpy.array([1.0, 0.0, 2.0, 0.0]))
    check(bare_except, 0)
    check(bare_except, 1)


def as_name(x):
    try:
        return 1.0 / x
    except ZeroDivisionError as e:  # noqa: F841
        return 0.0


@pytest.mark.parametrize("x", [1.0, 0.0])
def test_as_name(x):
    check(as_name, x)


def raise_in_handler_runs_finally(k, log):
    try:
        try:
            if k > 0:
                raise ValueError("first")
        except ValueError:
            log[0] += 1.0
            raise KeyError("from the handler")
        else:
            if k < 0:
                raise IndexError("from else")
        finally:
            log[1] += 1.0
    except LookupError:
        log[2] += 1.0
    return log[0] * 100 + log[1] * 10 + log[2]


@pytest.mark.parametrize("k", [1, 0, -1])
def test_exception_raised_in_handler_or_else_runs_finally(k):
    check(raise_in_handler_runs_finally, k, numpy.zeros(3))


def maybe_unbound(a, i):
    try:
        x = a[i]
    except IndexError:
        pass
    return x


@pytest.mark.parametrize("i", [0, 7])
def test_unbound_after_caught_exception(i):
    check(maybe_unbound, numpy.arange(3.0), i, exact_exception=True)


def arrays_in_try(n, k):
    a = numpy.ones(n)
    b = a
    try:
        b = a * 2.0
        c = b + 1.0
        if k > 0:
            raise ValueError("x")
        b = c
    except ValueError:
        b = b * 3.0
    return b.sum()


def test_arrays_survive_and_are_freed():
    import gc
    import os
    check(arrays_in_try, 10, 0)
    check(arrays_in_try, 10, 1)
    f = compiled(arrays_in_try)

    def rss():
        with open("/proc/self/statm") as fh:
            return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")

    for _ in range(200):
        f(50_000, 1)
    gc.collect()
    before = rss()
    for _ in range(1_000):
        f(50_000, 1)
        f(50_000, 0)
    gc.collect()
    # A leak of one 400 KB array per call would be 800 MB.
    assert rss() - before < 100 * 1024 * 1024


class BaseAppError(Exception):
    pass


class ParseError(BaseAppError, ValueError):
    pass


class DeepError(ParseError):
    pass


def user_hierarchy(k):
    try:
        if k == 0:
            raise ParseError("p")
        if k == 1:
            raise DeepError("d")
        if k == 2:
            raise BaseAppError("b")
        return 0
    except ValueError:
        return 1
    except BaseAppError:
        return 2


def catch_deep_only(k):
    try:
        if k == 0:
            raise DeepError("d")
        raise ParseError("p")
    except DeepError:
        return 5


@pytest.mark.parametrize("k", [0, 1, 2, 3])
def test_user_class_hierarchy(k):
    check(user_hierarchy, k, exact_exception=True)


@pytest.mark.parametrize("k", [0, 1])
def test_user_class_not_caught_by_subclass(k):
    check(catch_deep_only, k, exact_exception=True)

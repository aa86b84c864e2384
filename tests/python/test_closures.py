"""`lambda` bound to a name and called inside the enclosing function (inlined; enclosing
variables read at call time) — CPython vs oxjit, and the clear errors for what is not supported.
"""
import numpy
import pytest

import oxjit
from diff import check


def scale_all(a, k):
    f = lambda x: x * k + 1  # noqa: E731
    t = 0.0
    for i in range(a.shape[0]):
        t += f(a[i])
    return t


def late_binding(n):
    g = lambda x, y: x * y + n  # noqa: E731
    r = g(2, 3)
    n = n * 10
    return r, g(2, 3)


def nested_calls(x):
    sq = lambda v: v * v  # noqa: E731
    add = lambda a, b: sq(a) + sq(b)  # noqa: E731
    return add(x, x + 1), sq(sq(x))


def shadowing(x):
    h = lambda x: x + 1  # noqa: E731
    return h(10), x


def array_lambda(a, b):
    dist = lambda u, v: numpy.sqrt(((u - v) ** 2).sum())  # noqa: E731
    return dist(a, b)


def lambda_as_value(a):
    f = lambda x: x  # noqa: E731
    g = f
    return g(a)


def rebound(x):
    f = lambda v: v  # noqa: E731
    f = lambda v: v + 1  # noqa: E731
    return f(x)


def in_branch(x):
    if x > 0:
        f = lambda v: v  # noqa: E731
        return f(x)
    return 0


def wrong_arity(x):
    f = lambda a, b: a + b  # noqa: E731
    return f(x)


@pytest.mark.parametrize("k", [0.5, 2.0, -1.0])
def test_lambda_reads_enclosing_variables(k):
    check(scale_all, numpy.arange(6.0), k)


def test_late_binding_and_nesting():
    check(late_binding, 4)
    check(nested_calls, 3)
    check(nested_calls, 2.5)
    check(shadowing, 7)
    check(array_lambda, numpy.arange(4.0), numpy.ones(4))


@pytest.mark.parametrize("fn", [lambda_as_value, rebound, in_branch])
def test_unsupported_uses_are_clear(fn):
    with pytest.raises(oxjit.UnsupportedError, match="lambda"):
        oxjit.njit(fn)(1)


def test_wrong_arity_is_a_typing_error():
    with pytest.raises(oxjit.TypingError, match="takes 2 positional"):
        oxjit.njit(wrong_arity)(1)


def inner_def(a, k):
    def weight(x, i):
        """A docstring is allowed."""
        return x * k + i

    t = 0.0
    for i in range(a.shape[0]):
        t += weight(a[i], i)
    return t


def inner_def_with_statements(x):
    def g(v):
        w = v + 1
        return w

    return g(x)


def test_inner_def_reads_enclosing_variables():
    check(inner_def, numpy.arange(5.0), 3.0)


def test_inner_def_with_statements():
    # Inlined with its statements (tests/python/test_inner_functions.py has the rest).
    check(inner_def_with_statements, 1)

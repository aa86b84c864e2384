"""Sets in compiled code: differential tests against CPython (see ``diff.py``).

Sets are compared as sets (``diff.py`` sorts them): CPython's iteration order follows hashes,
oxjit's follows insertion. Loops whose result depends on the order are avoided (or sum).
"""
import numpy
import pytest
from hypothesis import given, settings, strategies as st

import oxjit
from oxjit import _oxjit
from diff import check


def display(x):
    return {x, x + 1, x * 2, x}


def ctor(n):
    a = set()
    a.add(n)
    b = set(a)
    b.add(n + 1)
    c = set([1, 2, 2, 3])
    return a, b, c


def comprehension(n):
    return {i % 4 for i in range(n)}


def tuples(n):
    s = {(1, 2), (n, n)}
    s.add((1, 2))
    return s, (1, 2) in s, (2, 1) in s


def test_creation():
    check(display, 1)
    check(display, 2.5)
    check(ctor, 7)
    check(comprehension, 10)
    check(tuples, 3)
    assert type(oxjit.njit(display)(1)) is set


def membership(s, x):
    return x in s, x not in s, len(s)


def mutate_methods(n):
    s = {1, 2, 3}
    s.add(n)
    s.discard(2)
    s.discard(100)
    s.remove(1)
    t = s.copy()
    t.add(50)
    total = 0
    for x in t:
        total += x
    s.clear()
    return s, t, total, len(t), 1 if s else 0, 1 if t else 0


def remove_missing(n):
    s = {1, 2}
    s.remove(n)
    return s


def pop_all(n):
    s = {i for i in range(n)}
    total = 0
    while s:
        total += s.pop()
    return total, s


def pop_empty(n):
    s = {n}
    s.pop()
    return s.pop()


def test_methods():
    check(membership, {1, 2, 3}, 2)
    check(membership, {1.5, 2.5}, 2)
    check(membership, {1.5, 2.0}, 2)
    check(mutate_methods, 9)
    check(pop_all, 6)
    check(remove_missing, 5, exact_exception=True)
    check(pop_empty, 4, exact_exception=True)


def operators(a, b):
    return a | b, a & b, a - b, a ^ b, a <= b, a >= b, a < b, a > b, a == b, a != b


def methods(a, b):
    return (a.union(b), a.intersection(b), a.difference(b), a.symmetric_difference(b),
            a.issubset(b), a.issuperset(b), a.isdisjoint(b))


def in_place(a, b):
    c = a.copy()
    c |= b
    d = a.copy()
    d &= b
    e = a.copy()
    e -= b
    f = a.copy()
    f ^= b
    g = a.copy()
    g.update(b)
    h = a.copy()
    h.intersection_update(b)
    i = a.copy()
    i.difference_update(b)
    j = a.copy()
    j.symmetric_difference_update(b)
    return c, d, e, f, g, h, i, j


sets = st.sets(st.integers(-20, 20), min_size=1, max_size=15)


@settings(max_examples=60, deadline=None)
@given(sets, sets)
def test_algebra(a, b):
    check(operators, a, b)
    check(methods, a, b)
    check(in_place, a, b)


def mutate_arg(s):
    s.add(100)
    s.discard(1)
    return len(s)


def read_arg(s):
    return 1 in s


def test_arguments():
    check(mutate_arg, {1, 2, 3})
    check(read_arg, {1, 2})
    s = {1, 2}
    same = s
    oxjit.njit(mutate_arg)(s)
    assert same is s and s == {2, 100}
    f = oxjit.njit(read_arg)
    with pytest.raises(oxjit.TypingError, match="`int64`, `float64`|`float64`, `int64`"):
        f({1, 2.5})
    with pytest.raises(oxjit.TypingError, match="empty set"):
        f(set())


def dedup(a):
    seen = set()
    out = []
    for x in a:
        if x not in seen:
            seen.add(x)
            out.append(x)
    return out, len(seen)


def test_dedup():
    check(dedup, numpy.array([3, 1, 3, 2, 1, 5, 5]))
    check(dedup, numpy.array([0.0, -0.0, 1.5, 1.5]))


def build_return(n):
    return {i * 2 for i in range(n)} | {1, 3}


def raise_midway(n):
    s = set()
    d = {0: {0}}
    for i in range(n):
        s.add(i)
        d[i] = s.copy()
        if i == 3:
            raise ValueError("stop")
    return len(s)


def test_no_leaks():
    before = _oxjit.live_allocations()
    f = oxjit.njit(build_return)
    for _ in range(100_000):
        f(5)
    g = oxjit.njit(raise_midway)
    for _ in range(200):
        with pytest.raises(ValueError):
            g(10)
    assert _oxjit.live_allocations() == before


def run_ops(ops, s):
    out = []
    for i in range(ops.shape[0]):
        op, x = ops[i, 0], ops[i, 1]
        if op == 0:
            s.add(x)
        elif op == 1:
            s.discard(x)
        elif op == 2:
            out.append(1 if x in s else 0)
        elif op == 3:
            out.append(len(s))
        elif op == 4:
            t = 0
            for y in s:
                t += y
            out.append(t)
    return s, out


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 4), st.integers(-6, 6)), min_size=1, max_size=80))
def test_random_operations(ops):
    check(run_ops, numpy.array(ops, dtype=numpy.int64), {0})

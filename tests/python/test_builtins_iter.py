"""Iteration built-ins in `for` loops (`enumerate`, `zip`, `reversed(range)`, tuple targets)
and the built-in functions over arrays and numbers (`min`, `max`, `sum`, `round`, `divmod`,
`abs`) — CPython vs oxjit.
"""
import numpy
import pytest

import oxjit
from diff import check

hypothesis = pytest.importorskip("hypothesis")
from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

SETTINGS = settings(max_examples=60, deadline=None)


def enum_sum(a):
    t = 0.0
    for i, x in enumerate(a):
        t += i * x
    return t


def enum_start(a, s):
    t = 0
    for i, x in enumerate(a, s):
        t = (t * 7 + i) % 1000003
    return t


def enum_start_kw(a):
    last = -1
    for i, x in enumerate(a, start=10):
        last = i
    return last


def zip_dot(a, b):
    t = 0.0
    for x, y in zip(a, b):
        t += x * y
    return t


def zip3(a, b, c):
    t = 0.0
    for x, y, z in zip(a, b, c):
        t = t * 2 + x - y * z
    return t


def enum_zip(a, b):
    t = 0.0
    for i, (x, y) in enumerate(zip(a, b)):
        t += i * x - y
    return t


def rev(n):
    t = 0
    for i in reversed(range(n)):
        t = (t * 3 + i) % 1000003
    return t


def rev_step(a, b, k3):
    t = 0
    for i in reversed(range(a, b, 3)):
        t = (t * 3 + i) % 1000003
    for i in reversed(range(b, a, -2)):
        t = (t * 5 + i) % 1000003
    return t


def zip_ranges(a, n):
    t = 0
    for i, x, j in zip(range(2, n, 3), a, reversed(range(1, 20, 2))):
        t = (t * 5 + i + int(x) * 11 + j * 101) % 1000003
    return t


def enum_rows(m):
    t = 0.0
    for k, row in enumerate(m):
        t += k * row.sum()
    return t


def enum_as_tuple(a):
    t = 0
    for p in enumerate(a):
        t += p[0]
    return t


def zip_break_else(a, b):
    n = 0
    for x, y in zip(a, b):
        if x > y:
            break
        n += 1
    else:
        n = -1
    return n


def zip_continue(a, b):
    n = 0
    for i, (x, y) in enumerate(zip(a, b)):
        if x == y:
            continue
        n += i
    return n


def enum_range(n):
    t = 0
    for i, v in enumerate(range(5, n, 2)):
        t += i * v
    return t


floats = st.floats(-1e6, 1e6)


@given(a=st.lists(floats, max_size=8), b=st.lists(floats, max_size=8), s=st.integers(-5, 5))
@SETTINGS
def test_enumerate_zip(a, b, s):
    a, b = numpy.array(a, dtype=float), numpy.array(b, dtype=float)
    check(enum_sum, a)
    check(enum_start, a, s)
    check(enum_start_kw, a)
    check(zip_dot, a, b)
    check(zip3, a, b, b[::-1].copy())
    check(enum_zip, a, b)
    check(zip_break_else, a, b)
    check(zip_continue, a, b)


@given(n=st.integers(-10, 30), a=st.integers(-20, 20), b=st.integers(-20, 20))
@SETTINGS
def test_reversed_range(n, a, b):
    check(rev, n)
    check(rev_step, a, b, 0)
    check(enum_range, n)
    check(zip_ranges, numpy.arange(abs(n) % 12, dtype=float), n)


def test_rows_and_tuple_item():
    check(enum_rows, numpy.arange(6.0).reshape(3, 2))
    check(enum_as_tuple, numpy.ones(4))


def reversed_array(a):
    t = 0
    for x in reversed(a):
        t += x
    return t


def test_reversed_array_is_unsupported():
    with pytest.raises(oxjit.UnsupportedError, match="reversed"):
        oxjit.njit(reversed_array)(numpy.ones(3))

"""Arrays and `jitclass` instances as dict values (held by reference, as CPython holds them):
building, reading, writing through, replacing, the dict methods, dicts passed in and returned.
Differential tests against CPython (``diff.py``): values, exceptions, the arguments after the call."""
import numpy
import pytest

import oxjit
from diff import check


def build_and_sum(n):
    d = {}
    for i in range(n):
        d[i] = numpy.arange(i + 1) * 1.5
    s = 0.0
    for k in d:
        s += d[k].sum()
    return s, d


def write_through(a):
    d = {"a": a[:3], "b": a[1:]}
    d["a"][0] = -1.0
    d["b"] *= 2.0
    return d["a"].sum()


def replace_values(n):
    d = {0: numpy.zeros(2)}
    for i in range(n):
        d[0] = numpy.full(3, float(i))
        d[i + 1] = d[0]
    return d


def methods(n):
    d = {}
    for i in range(n):
        d.setdefault(i % 3, numpy.zeros(2))
        d[i % 3] += 1.0
    got = d.get(1, numpy.zeros(2))
    missing = d.get(99, numpy.ones(2))
    popped = d.pop(0)
    vals = list(d.values())
    items = d.items()
    e = d.copy()
    e.update({7: numpy.ones(1)})
    del e[7]
    total = 0.0
    for k, v in items:
        total += k * v.sum()
    return got, missing, popped, len(vals), total, e


def tuple_values(a):
    d = {}
    d[1] = (a, 2)
    d[2] = (a * 2.0, 3)
    arr, n = d[2]
    return arr.sum() * n, d


def key_error(a):
    d = {1: a}
    return d[2]


def passed_in(d):
    s = 0.0
    for k in d:
        d[k][0] = 100.0
        s += d[k].sum()
    d["new"] = numpy.arange(3.0)
    return s


def two_dim(n):
    d = {}
    for i in range(n):
        d[i] = numpy.ones((2, i + 1))
    return d[n - 1].shape, d


def compare_dicts(a):
    d = {1: a}
    e = {1: a}
    return d == e


@pytest.mark.parametrize("n", [1, 4])
def test_build_replace_methods(n):
    check(build_and_sum, n)
    check(replace_values, n)
    check(methods, n + 2)
    check(two_dim, n)


def test_write_through_and_tuples():
    check(write_through, numpy.arange(5.0))
    check(write_through, numpy.arange(10.0)[::2])
    check(tuple_values, numpy.arange(4.0))
    check(key_error, numpy.arange(2.0))


def test_passed_in_and_back():
    check(passed_in, {"x": numpy.arange(3.0), "y": numpy.ones(2)})
    d = {"x": numpy.arange(3.0)}
    x = d["x"]
    oxjit.njit(passed_in)(d)
    # The caller's arrays are the ones written (held by reference), and the new key is there.
    assert x[0] == 100.0 and d["x"] is x and list(d) == ["x", "new"]


def test_comparing_dicts_of_arrays_is_refused():
    with pytest.raises(oxjit.UnsupportedError, match="comparing dicts of arrays"):
        oxjit.njit(compare_dicts)(numpy.arange(2.0))


def test_no_leak():
    import gc
    from oxjit import _oxjit
    f = oxjit.njit(replace_values)
    f(3)
    gc.collect()
    before = _oxjit.live_allocations()
    for _ in range(200):
        f(5)
    gc.collect()
    assert _oxjit.live_allocations() == before


# --- jitclass instances as the values of a dict passed from Python ---

from oxjit import types
from oxjit.experimental import jitclass


@jitclass([("x", types.float64), ("n", types.int64)])
class Cell:
    def __init__(self, x, n):
        self.x = x
        self.n = n


@oxjit.njit
def bump_cells(d):
    total = 0.0
    for k in d:
        c = d[k]
        c.x += 1.0
        c.n += k
        total += c.x
    d[100] = Cell(-1.0, 0)
    return total


def test_dict_of_instances_argument():
    a, b = Cell(1.0, 1), Cell(2.5, 2)
    d = {3: a, 4: b}
    total = bump_cells(d)
    assert total == 2.0 + 3.5
    # The caller's instances were changed in place. The reflected dict holds new Python
    # objects sharing them (as a reflected list of instances does: docs/jitclass.md).
    assert (a.x, a.n, b.x, b.n) == (2.0, 4, 3.5, 6)
    d[3].x = 7.0
    assert a.x == 7.0 and d[4].n == b.n
    assert list(d) == [3, 4, 100] and d[100].x == -1.0
    with pytest.raises(TypeError, match="different types"):
        bump_cells({1: a, 2: 3.0})


def test_dict_of_instances_no_leak_no_double_free():
    import gc
    from oxjit import _oxjit
    bump_cells({1: Cell(0.0, 0)})
    gc.collect()
    before = _oxjit.live_allocations()
    for _ in range(200):
        cells = {1: Cell(0.0, 0), 2: Cell(1.0, 1)}
        bump_cells(cells)
        del cells
    gc.collect()
    assert _oxjit.live_allocations() == before

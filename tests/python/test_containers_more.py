"""Containers, continued (issue 9): lists of arrays, strings and lists; tuple dict keys holding
strings; `dict.fromkeys`; pickling of `oxjit.typed` containers; jitclass instances as dict
values. Differential tests against CPython (see ``diff.py``) and leak checks."""
import pickle

import numpy
import pytest
from hypothesis import given, settings, strategies as st

import oxjit
from oxjit import _oxjit
from diff import check


# --- lists of arrays ---

def windows(a, k):
    res = []
    for i in range(len(a) - k + 1):
        res.append(a[i:i + k].copy())
    return res


def array_list_ops(a):
    res = [a[0:2].copy(), a[1:3].copy()]
    s = 0.0
    for r in res:
        s += r.sum()
    res[0][0] = 100.0
    last = res.pop()
    res.extend([last * 2.0])
    res[1:1] = [a[:1].copy()]
    return s, res, last, len(res)


def list_of_views(a):
    res = [a[0:2], a[2:4]]
    res[1][0] = -1.0  # writes through to `a`
    return res


def sort_arrays_by_sum(a):
    res = [a[0:2].copy(), a[2:5].copy(), a[1:2].copy()]
    res.sort(key=lambda r: r.sum())
    return res, max(res, key=lambda r: len(r))


def list_of_2d(n):
    return [numpy.zeros((2, 2)) + i for i in range(n)]


def arrays_compared(a):
    res = [a.copy()]
    return a in res


def test_lists_of_arrays():
    a = numpy.arange(6.0)
    check(windows, a, 3)
    check(windows, a, 6)
    check(array_list_ops, a)
    check(list_of_views, numpy.arange(5.0))
    check(sort_arrays_by_sum, numpy.array([5.0, 1.0, 4.0, -3.0, 0.5]))
    check(list_of_2d, 3)
    out = oxjit.njit(windows)(a, 2)
    assert type(out) is list and all(type(x) is numpy.ndarray for x in out)


def total_of_arrays(xs):
    s = 0.0
    for x in xs:
        s += x.sum()
    return s


def change_list_of_arrays(xs):
    xs[0][0] = 99.0  # writes into the caller's array
    xs.append(xs[0][1:].copy())
    xs.pop(1)
    return len(xs)


def swap_arrays(xs):
    return [xs[1], xs[0]]


def argument_in_list(a):
    res = [a]
    res.append(a)
    res.append(a[0:2].copy())
    return res


def test_lists_of_arrays_as_arguments():
    a, b = numpy.arange(3.0), numpy.ones(3)
    check(total_of_arrays, [a, b])
    check(change_list_of_arrays, [a.copy(), b.copy()])
    check(swap_arrays, [a, b])
    out = oxjit.njit(swap_arrays)([a, b])
    assert out[0] is b and out[1] is a  # the caller's arrays, not copies
    out = oxjit.njit(argument_in_list)(a)
    assert out[0] is a and out[1] is a
    check(argument_in_list, numpy.arange(4.0))
    with pytest.raises(TypeError, match="different types"):
        oxjit.njit(total_of_arrays)([a, numpy.ones((2, 2))])


def test_lists_of_arrays_refuse_comparisons():
    with pytest.raises(oxjit.UnsupportedError, match="compared element-wise"):
        oxjit.njit(arrays_compared)(numpy.arange(3.0))


@settings(max_examples=40, deadline=None)
@given(st.lists(st.floats(-1e6, 1e6), min_size=1, max_size=20), st.integers(1, 5))
def test_windows_match_cpython(xs, k):
    check(windows, numpy.array(xs), k)


# --- lists of strings, nested lists ---

def words(s):
    out = []
    for w in s.split(" "):
        if w:
            out.append(w.upper())
    out.sort(key=lambda w: len(w))
    return out


def grid(n):
    g = [[0] * n for _ in range(n)]
    for i in range(n):
        g[i][i] = i
    g.append([])
    g[-1].append(7)
    return g


def test_strings_and_nested():
    check(words, "the quick  brown fox jumps")
    check(grid, 3)


# --- dict keys: tuples holding strings ---

def string_tuple_keys(n):
    d = {}
    d[("ab", 3)] = 1.0
    d[("cd", n)] = 2.0
    d[("ab", 3)] += 5.0
    return d, ("ab", 3) in d, d.get(("x", 1), -1.0)


def count_pairs(names, ks):
    d = {}
    for i in range(len(names)):
        key = (names[i], ks[i])
        d[key] = d.get(key, 0) + 1
    return d


def add_string_tuple_key(d):
    d[("new", 1)] = 0.5
    return len(d)


def test_string_tuple_keys():
    check(string_tuple_keys, 5)
    check(count_pairs, ["a", "b", "a", "c", "a"], [1, 2, 1, 1, 2])
    check(add_string_tuple_key, {("a", 1): 1.0})


# --- dict.fromkeys ---

def fromkeys(n):
    d = dict.fromkeys([1, 2, 3], 0.5)
    e = dict.fromkeys("abca", n)
    f = dict.fromkeys(range(n), [1])
    f[0].append(7)  # one list shared by every key, as in CPython
    return d, e, f, len(f)


def fromkeys_without_value(n):
    return dict.fromkeys([1, 2])


def test_fromkeys():
    for n in (0, 1, 3):
        check(fromkeys, n)
    with pytest.raises(oxjit.UnsupportedError, match="without a value"):
        oxjit.njit(fromkeys_without_value)(1)


def test_no_leaks():
    before = _oxjit.live_allocations()
    a = numpy.arange(6.0)
    for _ in range(3):
        oxjit.njit(windows)(a, 2)
        oxjit.njit(array_list_ops)(a)
        oxjit.njit(list_of_views)(a)
        oxjit.njit(sort_arrays_by_sum)(a)
        oxjit.njit(words)("a bb ccc")
        oxjit.njit(grid)(3)
        oxjit.njit(string_tuple_keys)(2)
        oxjit.njit(add_string_tuple_key)({("a", 1): 1.0})
        oxjit.njit(fromkeys)(3)
        oxjit.njit(change_list_of_arrays)([a.copy(), a.copy()])
        oxjit.njit(argument_in_list)(a)
    del a
    assert _oxjit.live_allocations() == before


# --- pickling oxjit.typed containers ---

def _roundtrip(x):
    return pickle.loads(pickle.dumps(x))


@oxjit.njit
def _typed_total(lst):
    s = 0.0
    for x in lst:
        s += x
    return s


def test_pickle_typed_list():
    from oxjit import types as ot
    from oxjit.typed import List

    for lst in (List([1.0, 2.5]), List([1, 2, 3]), List(["a", "bc"]), List([(1, 2.5)]),
                List([List([1, 2]), List([3])]), List.empty_list(ot.int64), List()):
        back = _roundtrip(lst)
        assert type(back) is List
        assert back == lst and list(back) == list(lst)
        assert back._dtype == lst._dtype
        assert back is not lst
    back = _roundtrip(List([1.0, 2.5]))
    back.append(3.0)  # a working typed list, passed to compiled code without a copy
    assert _typed_total(back) == 6.5
    with pytest.raises(TypeError):
        _roundtrip(List.empty_list(ot.int64)).append("x")


def test_pickle_typed_dict():
    from oxjit import types as ot
    from oxjit.typed import Dict

    d = Dict.empty(ot.unicode_type, ot.float64)
    d["x"] = 1.5
    d["y"] = -2.0
    e = Dict.empty(ot.int64, ot.ListType(ot.float64))
    f = Dict()
    f[(1, 2)] = 3
    for x in (d, e, f, Dict()):
        back = _roundtrip(x)
        assert type(back) is Dict
        assert back == x and list(back.items()) == list(x.items())
        assert back._type_name() == x._type_name()
    assert _roundtrip(d)["y"] == -2.0


@settings(max_examples=30, deadline=None)
@given(st.lists(st.integers(-10**9, 10**9), min_size=1, max_size=20))
def test_pickle_typed_list_roundtrips(xs):
    from oxjit.typed import List

    lst = List(xs)
    assert list(_roundtrip(lst)) == xs


# --- jitclass instances as dict values ---

def _node_class(decorate):
    class Node:
        def __init__(self, v, name):
            self.v = v
            self.name = name

        def bump(self):
            self.v += 1.0

    return decorate(Node)


def _jit_node():
    from oxjit import types as ot
    from oxjit.experimental import jitclass

    return _node_class(jitclass([("v", ot.float64), ("name", ot.unicode_type)]))


def _instances_in_dicts(Node):
    def build(n):
        d = {}
        for i in range(n):
            d[i] = Node(i * 1.5, "n")
        d[0].bump()
        d[1] = d[0]  # one instance under two keys
        d[1].bump()
        s = 0.0
        for k in d:
            s += d[k].v
        x = d.pop(n - 1)
        return s, d[0].v, len(d), x.v

    def by_name(names):
        d = {}
        for w in names:
            if w not in d:
                d[w] = Node(0.0, w)
            d[w].bump()
        return [(k, d[k].v, d[k].name) for k in d]

    def returned(n):
        d = {}
        d["a"] = Node(float(n), "a")
        return d

    return build, by_name, returned


def test_jitclass_instances_as_dict_values():
    JNode = _jit_node()
    pbuild, pby_name, preturned = _instances_in_dicts(_node_class(lambda c: c))
    jbuild, jby_name, jreturned = (oxjit.njit(f) for f in _instances_in_dicts(JNode))
    for n in (2, 3, 6):
        assert jbuild(n) == pbuild(n)
    words = ["a", "b", "a", "c", "a", "b"]
    assert jby_name(list(words)) == pby_name(list(words))
    out = jreturned(4)
    assert list(out) == ["a"] and isinstance(out["a"], JNode) and out["a"].v == 4.0
    del out
    before = _oxjit.live_allocations()
    for _ in range(3):
        jbuild(5)
        jby_name(list(words))
        jreturned(1)
    assert _oxjit.live_allocations() == before

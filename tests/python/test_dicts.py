"""Dicts in compiled code: differential tests against CPython (see ``diff.py``).

Each function is run by CPython and by oxjit; values (keys in insertion order), kinds,
exceptions with their messages, and the dict arguments after the call (reflection) are
compared.
"""
import math

import numpy
import pytest
from hypothesis import given, settings, strategies as st

import oxjit
from oxjit import _oxjit
from diff import check


# --- creation ---

def display(x):
    return {1: x, 2: x + 1.0, 3: -x}


def display_dup(x):
    return {1: x, 2: x, 1: x + 1}


def empty_then_store(n):
    d = {}
    for i in range(n):
        d[i * 3 % 7] = i
    return d


def dict_ctor(n):
    d = dict()
    d[n] = 1.5
    e = dict(d)
    e[n + 1] = 2.5
    return d, e


def comprehension(n):
    return {i: i * i for i in range(n) if i % 3 != 1}


def comprehension_nested(n):
    return {(i, j): i * j for i in range(n) for j in range(i)}


def tuple_keys(n):
    d = {(1, 2): 3}
    d[n, n + 1] = 4
    d[(n, 0)] = 5
    return d, d[1, 2], d[(n, n + 1)]


def test_creation():
    check(display, 2.5)
    check(display_dup, 1.5)
    check(empty_then_store, 20)
    check(dict_ctor, 4)
    check(comprehension, 10)
    check(comprehension_nested, 5)
    check(tuple_keys, 7)
    assert type(oxjit.njit(display)(1.0)) is dict


# --- reading and changing ---

def count(a):
    d = {}
    for x in a:
        d[x] = d.get(x, 0) + 1
    return d


def lookups(d, k):
    return d[k], k in d, k not in d, d.get(k, -1.0), d.get(k + 100, -1.0), len(d)


def missing(d, k):
    return d[k]


def setdefault(n):
    d = {0: 1}
    a = d.setdefault(0, 5)
    b = d.setdefault(n, 7)
    return d, a, b


def pops(n):
    d = {i: i * 1.5 for i in range(n)}
    a = d.pop(2)
    b = d.pop(100, -1.0)
    c = d.popitem()
    return d, a, b, c


def pop_missing(n):
    d = {1: 2}
    return d.pop(n)


def popitem_empty(n):
    d = {1: n}
    d.popitem()
    return d.popitem()


def update_clear_copy(n):
    a = {1: 1, 2: 2}
    b = {2: 20, n: 30}
    a.update(b)
    c = a.copy()
    c[99] = 0
    b.clear()
    return a, b, c, len(b), a == c, a != c, 1 if b else 0, 2 if a else 3


def delete(n):
    d = {i: i for i in range(n)}
    del d[3]
    del d[0], d[n - 1]
    d[0] = 100
    return d


def delete_missing(n):
    d = {1: 1}
    del d[n]
    return d


def views(n):
    d = {i: (i, i * 0.5) for i in range(n)}
    del d[1]
    ks = d.keys()
    vs = d.values()
    its = d.items()
    total = 0.0
    for k, v in d.items():
        total += k * v[1]
    for k in d:
        total += k
    return list(ks), list(vs), list(its), total, sorted(d.keys())


def if_dict(n):
    d = {}
    for i in range(n):
        d[i] = i
    if d:
        return 1
    return 0


def test_operations():
    a = numpy.array([3, 1, 3, 2, 1, 3, 7, 7, 7, 7])
    check(count, a)
    check(count, numpy.array([0.5, -0.0, 0.0, 0.5]))
    check(lookups, {1: 1.5, 2: 2.5}, 1)
    check(lookups, {1: 1.5, 2: 2.5}, 2)
    check(setdefault, 3)
    check(pops, 5)
    check(update_clear_copy, 7)
    check(update_clear_copy, 2)
    check(delete, 6)
    check(views, 5)
    check(if_dict, 0)
    check(if_dict, 3)


def test_key_errors():
    check(missing, {1: 1.5}, 3, exact_exception=True)
    check(missing, {(1, 2): 1}, (2, 1), exact_exception=True)
    check(missing, {1.5: 1}, 2.5, exact_exception=True)
    check(pop_missing, 5, exact_exception=True)
    check(popitem_empty, 3, exact_exception=True)
    check(delete_missing, 2, exact_exception=True)
    with pytest.raises(KeyError) as e:
        oxjit.njit(missing)({(1, 2): 1}, (2, 1))
    assert e.value.args == ((2, 1),)
    assert str(e.value) == "(2, 1)"


def float_keys(x):
    d = {0.0: 1, 1.5: 2}
    d[-0.0] = 3
    return d, d[0], d[True], 1 in d, x in d


def int_keys_bool_lookup(x):
    d = {1: 10, 0: 20}
    return d[True], d[False], x in d


def nan_key(x):
    d = {1.0: 1}
    d[x] = 2
    return len(d), x in d, d[x]


def test_key_equality():
    check(float_keys, 1.5)
    check(float_keys, 2.0)
    check(int_keys_bool_lookup, True)
    # NaN: one object in CPython finds itself; oxjit treats every NaN as one key.
    check(nan_key, float("nan"))


# --- values ---

def list_values(n):
    d = {}
    for i in range(n):
        d[i % 3] = [i]
    d[0].append(100)
    d.setdefault(7, [1, 2]).append(3)
    return d


def nested_dicts(n):
    d = {0: {0: 0.5}}
    for i in range(n):
        d[i] = {i: i * 0.5, i + 1: 1.0}
    d[0][5] = 5.0
    return d, d == {0: {0: 0.0}}


def set_values(n):
    d = {1: {1, 2}}
    d[2] = {n}
    d[1].add(n)
    return d


def test_values():
    check(list_values, 7)
    check(nested_dicts, 4)
    check(set_values, 9)


# --- the boundary ---

def mutate(d):
    d[100] = 1.5
    del d[1]
    return len(d)


def mutate_lists(d):
    d[1].append(9)
    return 0


def read_only(d):
    return d[1]


def raise_after_change(d):
    d[5] = 5.0
    return d[77]


def test_arguments():
    check(mutate, {1: 2.0, 2: 3.0})
    check(mutate_lists, {1: [1, 2], 2: [3]})
    check(raise_after_change, {1: 1.0}, exact_exception=True)
    d = {1: 2.0, 2: 3.0}
    same = d
    assert oxjit.njit(mutate)(d) == 2
    assert same is d and d == {2: 3.0, 100: 1.5}
    assert list(d) == [2, 100]


def test_argument_types():
    f = oxjit.njit(read_only)
    with pytest.raises(oxjit.TypingError, match="`int64`, `float64`"):
        f({1: 1, 2: 2.5})
    with pytest.raises(oxjit.TypingError, match="empty dict"):
        f({})
    with pytest.raises(TypeError, match="`bytes`"):
        f({b"a": 1})
    with pytest.raises(oxjit.TypingError, match=r"cannot look for `int64` in `dict\(str, int64\)`"):
        f({"a": 1})


@oxjit.njit
def inner_add(d, k):
    d[k] = d.get(k, 0) + 1
    return d


@oxjit.njit
def outer(n):
    d = {0: 0}
    for i in range(n):
        inner_add(d, i % 3)
    return d


def test_between_jitted_functions():
    assert outer(7) == outer.py_func(7)


def str_key():
    # A tuple key holding a string (supported now; refused before).
    d = {}
    d[("a", 1)] = 1
    return d


def list_key():
    d = {}
    d[(1, 2)] = 1
    d[[1, 2]] = 1
    return d


def get_without_default(d):
    return d.get(1)


def mixed_display(x):
    return {1: 1, 2: x}


def test_refused():
    check(str_key)
    with pytest.raises(oxjit.OxjitError):
        oxjit.njit(list_key)()
    with pytest.raises(oxjit.UnsupportedError, match="without a default"):
        oxjit.njit(get_without_default)({1: 2})
    with pytest.raises(oxjit.TypingError, match="one type"):
        oxjit.njit(mixed_display)(1.5)


# --- memory ---

def build_return(n):
    d = {i: [i] for i in range(n)}
    d[0].append(1)
    return d


def build_drop(n):
    d = {i: {i: 0.5} for i in range(n)}
    e = {(i, i): i for i in range(n)}
    return len(d) + len(e)


def raise_midway(n):
    d = {}
    for i in range(n):
        d[i] = [i]
        if i == 3:
            raise ValueError("stop")
    return len(d)


def test_no_leaks():
    before = _oxjit.live_allocations()
    for fn in (build_return, build_drop):
        f = oxjit.njit(fn)
        for _ in range(200):
            f(20)
    f = oxjit.njit(raise_midway)
    for _ in range(200):
        with pytest.raises(ValueError):
            f(10)
    g = oxjit.njit(mutate_lists)
    for _ in range(200):
        g({1: [1], 2: [2]})
    assert _oxjit.live_allocations() == before


def build_many(n):
    d = {i: (i, i * 0.5) for i in range(n)}
    del d[0]
    return d


def test_100k_calls_do_not_grow_memory():
    import resource
    f = oxjit.njit(build_many)
    f(10)
    before_live = _oxjit.live_allocations()
    rss0 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    for _ in range(100_000):
        f(10)
    rss1 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    assert _oxjit.live_allocations() == before_live
    assert rss1 - rss0 < 20_000  # KiB


# --- random operation sequences against a Python dict ---

def run_ops(ops, d):
    out = []
    for i in range(ops.shape[0]):
        op, k, v = ops[i, 0], ops[i, 1], ops[i, 2]
        if op == 0:
            d[k] = v
        elif op == 1:
            out.append(d.get(k, -1))
        elif op == 2:
            if k in d:
                del d[k]
        elif op == 3:
            out.append(d.pop(k, -2))
        elif op == 4:
            out.append(d.setdefault(k, v))
        elif op == 5 and len(d) > 0:
            kv = d.popitem()
            out.append(kv[0] * 1000 + kv[1])
        elif op == 6:
            s = 0
            for kk in d:
                s = s * 31 + kk
            out.append(s)
    return d, out, len(d)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 6), st.integers(-5, 5), st.integers(-100, 100)),
                min_size=1, max_size=80))
def test_random_operations(ops):
    check(run_ops, numpy.array(ops, dtype=numpy.int64), {0: 0})


# --- str values (objects the table owns, compared as text) ---

def str_values(n):
    d = {}
    for i in range(n):
        d[i % 4] = str(i) + "-" + ("x" * (i % 3))
    e = d.copy()
    e[0] = "changed"
    first = d.pop(1) if 1 in d else "none"
    d.setdefault(7, "seven")
    return d, e, first, d == e, d != e, list(d.values()), list(d.items())


def str_values_equal(n):
    a = {i: "v" + str(i) for i in range(n)}
    b = {}
    for i in range(n):
        b[i] = "v" + str(i)
    return a == b, len(a)


def update_str_argument(d, k):
    d[k] = "new " + d.get(k, "?")
    d.update({k + 1: "next"})
    return len(d)


def test_str_values():
    for n in (0, 1, 5, 40):
        check(str_values, n)
        check(str_values_equal, n)
    check(update_str_argument, {1: "a", 2: "bc"}, 2)
    check(update_str_argument, {1: "a", 2: "bc"}, 9)


def test_str_values_do_not_leak():
    before = _oxjit.live_allocations()
    f = oxjit.njit(str_values)
    g = oxjit.njit(update_str_argument)
    for _ in range(200):
        f(12)
        g({1: "a", 2: "b"}, 1)
    assert _oxjit.live_allocations() == before


# --- str keys (owned by the table, hashed and compared by text) ---

def count_words(text):
    d = {}
    for w in text.split():
        d[w] = d.get(w, 0) + 1
    return d


def str_key_ops(text, probe):
    d = {w: i for i, w in enumerate(text.split())}
    out = []
    for k in d:
        out.append(k + "=" + str(d[k]))
    found = probe in d
    got = d.get(probe, -1)
    if found:
        del d[probe]
    d.setdefault("zz", 99)
    e = d.copy()
    e.update({"new": 1})
    last = e.popitem() if len(e) > 0 else ("", 0)
    return out, found, got, d, e, last, list(d.keys()), list(d.items()), d == e


def str_key_missing(text, probe):
    d = {w: len(w) for w in text.split()}
    return d[probe]


def str_sets(text, other):
    a = set(text.split())
    b = {w for w in other.split()}
    a.add("extra")
    a.discard("nothing")
    return a | b, a & b, a - b, a ^ b, "extra" in a, len(a), a <= (a | b)


def mutate_str_keys(d, w):
    d[w] = d.get(w, 0) + 10
    d["added"] = 1
    return len(d)


WORDS = st.text(alphabet="ab cé\u00fc\u4e2dx", max_size=30)


def test_str_keys():
    for text in ("", "a b a c b a", "é ü é 中 中 中", "x"):
        check(count_words, text)
        for probe in ("a", "é", "zz", "missing"):
            check(str_key_ops, text, probe)
            check(str_key_missing, text, probe, exact_exception=True)
            check(str_sets, text, probe + " a b")
    check(mutate_str_keys, {"a": 1, "b": 2}, "a")
    check(mutate_str_keys, {"a": 1, "b": 2}, "c")


@settings(max_examples=60, deadline=None)
@given(WORDS, WORDS)
def test_str_keys_hypothesis(text, other):
    check(count_words, text)
    check(str_key_ops, text, other[:2])
    check(str_sets, text, other)


def test_str_keys_do_not_leak():
    before = _oxjit.live_allocations()
    fs = [oxjit.njit(count_words), oxjit.njit(str_key_ops), oxjit.njit(str_sets),
          oxjit.njit(mutate_str_keys), oxjit.njit(str_key_missing)]
    for _ in range(100):
        fs[0]("a b a c d e f g h i j k l m n o p")
        fs[1]("a b c a", "a")
        fs[2]("a b c", "b c d")
        fs[3]({"a": 1}, "b")
        with pytest.raises(KeyError):
            fs[4]("a b", "c")
    assert _oxjit.live_allocations() == before

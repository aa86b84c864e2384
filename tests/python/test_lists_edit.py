"""Lists in compiled code, continued: empty containers typed by later stores, `key=` lambdas
(`list.sort`, `sorted`, `min`, `max`), slice assignment and slice deletion. Differential tests
against CPython (see ``diff.py``): values, kinds, exceptions (class and message) and the
arguments after the call are compared."""
import math
import pathlib

import numpy
import pytest
from hypothesis import given, settings, strategies as st

import oxjit
from oxjit import _oxjit
from diff import check

# (an empty list cannot be passed: its element type is unknown)
ints = st.lists(st.integers(-50, 50), min_size=1, max_size=25)
HERE = pathlib.Path(__file__).name


# --- 1. empty containers take their types from later appends / stores ---

def list_ctor_append(n):
    x = list()
    x.append(1.5)
    x.append(n * 0.5)
    return x


def empty_append_in_loop(n):
    x = []
    for i in range(n):
        x.append(i * 0.5)
    return x


def empty_append_in_branch(n):
    x = []
    if n > 2:
        x.append(n)
    else:
        x.insert(0, -n)
    return x


def list_ctor_extend_insert(n):
    x = list()
    x.extend([1, 2])
    x.insert(0, n)
    return x


def empty_alias_append(n):
    x = []
    y = x
    y.append(n)
    return x, len(y)


def empty_in_while(n):
    out = []
    i = 0
    while i < n:
        if i % 2 == 0:
            out.append((i, float(i)))
        i += 1
    return out


def dict_ctor_store(n):
    d = dict()
    for i in range(n):
        d[i] = i * 1.5
    return d


def set_ctor_add(n):
    s = set()
    for i in range(n):
        s.add(i % 3)
    return s


def empty_dict_setdefault(n):
    d = {}
    for i in range(n):
        d.setdefault(i % 2, []).append(i)
    return d


def empty_rows_filled_later(n):
    rows = []
    for i in range(n):
        rows.append([])
        for j in range(i):
            rows[i].append(j)
    return rows


def dict_of_empty_lists(n):
    d = {}
    for i in range(n):
        if i % 3 not in d:
            d[i % 3] = []
        d[i % 3].append(i * 0.5)
    return d


def pop_before_append(n):
    x = []
    for i in range(n):
        if len(x) > 0 and x[-1] > 2:
            x.pop()
        x.append(i)
    return x


def filled_by_slice(n):
    x = []
    x[0:0] = [n, n + 1]
    x += [2]
    return x


def test_empty_containers_typed_by_later_stores():
    for n in (0, 1, 5):
        check(empty_rows_filled_later, n)
        check(dict_of_empty_lists, n)
        check(pop_before_append, n)
        check(filled_by_slice, n)
    for n in (0, 1, 5):
        check(list_ctor_append, n)
        check(empty_append_in_loop, n)
        check(empty_append_in_branch, n)
        check(list_ctor_extend_insert, n)
        check(empty_alias_append, n)
        check(empty_in_while, n)
        check(dict_ctor_store, n)
        check(set_ctor_add, n)
        check(empty_dict_setdefault, n)


def never_known():
    x = list()
    return len(x)


def test_never_known_element_type_is_a_typing_error_with_location():
    with pytest.raises(oxjit.TypingError) as e:
        oxjit.njit(never_known)()
    text = str(e.value)
    assert "cannot infer the element type of this empty list" in text
    # file:line:col of `list()`
    line = never_known.__code__.co_firstlineno + 1
    assert f"{HERE}:{line}:9" in text


# --- 2. key= lambdas, inner functions and any key for min/max ---

def sort_lambda_reverse(a):
    a.sort(key=lambda v: abs(v), reverse=True)
    return a


def sort_lambda(a):
    a.sort(key=lambda v: v % 7)
    return a


def sorted_lambda(a, r):
    return sorted(a, key=lambda v: -v, reverse=r)


def sorted_named_lambda(a):
    k = lambda v: (v % 3, -v)  # noqa: E731
    return sorted(a, key=k)


def sorted_inner_def(a):
    def key(v):
        return v * v

    return sorted(a, key=key)


def sorted_closure_lambda(a, m):
    return sorted(a, key=lambda v: abs(v - m))


def sort_pairs_by_string(a):
    pairs = [("b", 2), ("a", 1), ("c", 0), ("a", 3)]
    pairs.sort(key=lambda p: p[0])
    return pairs


def sort_rows_by_length(n):
    rows = [[1, 2, 3], [4], [5, 6]]
    rows.sort(key=lambda r: len(r))
    return rows


def min_max_key(a):
    return min(a, key=lambda v: abs(v)), max(a, key=lambda v: abs(v))


def min_max_builtin_key(a):
    return min(a, key=abs), max(a, key=abs)


def min_key_empty(a):
    return min([v for v in a if v > 100], key=lambda v: v)


def max_key_empty(a):
    return max([v for v in a if v > 100], key=lambda v: v)


def sorted_key_none(a):
    return sorted(a, key=None)


def key_of_wrong_arity(a):
    return sorted(a, key=lambda u, v: u)


def key_list_is_not_a_function(a):
    k = [1, 2]
    return sorted(a, key=k)


def sorted_array_by_lambda(a):
    return sorted(a, key=lambda v: -v)


def sorted_tuple_by_lambda(n):
    return sorted((3, 1, 2, n), key=lambda v: v % 2)


def rank_pairs(xs):
    out = []
    for i in range(len(xs)):
        out.append((xs[i], i))
    out.sort(key=lambda p: (-p[0], p[1]))
    best = max(out, key=lambda p: p[0] * 2 - p[1])
    return out, best


def nearest_in_loop(xs, ys):
    r = []
    for y in ys:
        r.append(min(xs, key=lambda x: abs(x - y)))
    return r


def word_counts_ranked(words):
    d = {}
    for w in words:
        d[w] = d.get(w, 0) + 1
    top = sorted(d.items(), key=lambda kv: (-kv[1], kv[0]))
    best = max(d.items(), key=lambda kv: kv[1])
    shortest = min(d, key=lambda w: len(w))
    by_count = sorted(d, key=lambda w: d[w])
    return top, best, shortest, by_count


def extremes_of_other_iterables(a):
    s = {3, -7, 5}
    return min(a, key=lambda v: abs(v - 1.0)), max(s, key=lambda v: v * v), \
        max((1, -4, 2), key=abs), min("hello", key=lambda c: -ord(c))


def builtin_and_module_keys(xs, ws):
    a = sorted(xs, key=abs)
    b = sorted(ws, key=len, reverse=True)
    c = sorted(xs, key=math.fabs)
    xs.sort(key=abs)
    return a, b, c, xs


def test_key_functions_more():
    check(builtin_and_module_keys, [3.0, -1.0, 2.0, -5.0, 1.0], ["aa", "b", "ccc", "dd"])
    check(word_counts_ranked, ["b", "a", "ccc", "a", "b", "a"])
    check(extremes_of_other_iterables, numpy.array([3.0, -1.0, 1.5, 0.5]))
    check(sorted_array_by_lambda, numpy.array([1.0, 3.0, 2.0]))
    check(sorted_tuple_by_lambda, 4)
    check(rank_pairs, [3, 1, 3, 2])
    check(nearest_in_loop, [1.0, 5.0, 9.0], [0.0, 6.0, 8.0, 3.0])


def test_key_functions():
    for a in ([3, -1, 2, -5, 0, 5, -3], [7], [2, 2, -2, 2]):
        check(sort_lambda_reverse, list(a))
        check(sort_lambda, list(a))
        check(sorted_lambda, list(a), False)
        check(sorted_lambda, list(a), True)
        check(sorted_named_lambda, list(a))
        check(sorted_inner_def, list(a))
        check(sorted_closure_lambda, list(a), 1)
        check(sorted_key_none, list(a))
    check(sort_lambda_reverse, [2.5, -1.0, 7.0, -7.0])
    check(sort_pairs_by_string, 0)
    check(sort_rows_by_length, 0)
    check(min_max_key, [3, -1, 2, -5, 1, 5])
    check(min_max_key, [1.5, -1.5, 0.5, -0.5])
    check(min_max_builtin_key, [3, -1, 2, -5, 1, 5])
    check(min_key_empty, [1], exact_exception=True)
    check(max_key_empty, [1], exact_exception=True)


def test_key_errors():
    with pytest.raises(oxjit.TypingError, match="exactly one parameter"):
        oxjit.njit(key_of_wrong_arity)([1])
    with pytest.raises(oxjit.UnsupportedError, match="key="):
        oxjit.njit(key_list_is_not_a_function)([1])


@settings(max_examples=60, deadline=None)
@given(ints, st.booleans())
def test_sort_with_key_is_stable_as_cpython(a, rev):
    check(sort_lambda, list(a))
    check(sorted_lambda, list(a), rev)
    if a:
        check(min_max_key, list(a))


# --- 3. slice assignment and deletion ---

def set_slice(a, i, j, b):
    a[i:j] = b
    return a


def set_ext_slice(a, i, j, k, b):
    a[i:j:k] = b
    return a


def set_slice_self(a):
    a[1:2] = a
    return a


def set_slice_empty(a):
    a[1:3] = []
    return a


def del_slice(a, i, j, k):
    del a[i:j:k]
    return a


def del_item(a, i):
    del a[i]
    return a


def nested_slice_set(rows):
    rows[0:1] = [[9, 9], [8]]
    del rows[-1:]
    return rows


def string_slice_set(n):
    xs = ["a", "b", "c", "d"]
    xs[1:3] = ["x"] * n
    del xs[::2]
    return xs


def test_slice_assignment():
    check(set_slice, [1, 2, 3, 4, 5], 1, 3, [9, 9, 9, 9])
    check(set_slice, [1, 2, 3, 4, 5], 1, 4, [9])
    check(set_slice, [1, 2, 3, 4, 5], 4, 1, [9])
    check(set_slice_empty, [1, 2, 3])
    check(set_slice, [2.5], 0, 0, [1.5])
    check(set_ext_slice, [1, 2, 3, 4, 5], 0, 5, 2, [0, 0, 0])
    check(set_ext_slice, [1, 2, 3, 4, 5], 4, 0, -2, [7, 8])
    check(set_ext_slice, [1, 2, 3, 4, 5], 0, 5, 2, [0, 0], exact_exception=True)
    check(set_ext_slice, [1, 2, 3], 0, 3, 0, [1], exact_exception=True)
    check(set_slice_self, [1, 2, 3])
    check(set_slice_empty, [1, 2, 3, 4])
    check(del_slice, [1, 2, 3, 4, 5, 6], 1, 5, 1)
    check(del_slice, [1, 2, 3, 4, 5, 6], 5, 0, -2)
    check(del_slice, [1, 2, 3], 0, 3, 0, exact_exception=True)
    check(del_item, [1, 2, 3], -1)
    check(del_item, [1, 2, 3], 3, exact_exception=True)
    check(nested_slice_set, [[1], [2, 3], [4]])
    for n in (0, 1, 3):
        check(string_slice_set, n)


def slice_set_of_other_type(a):
    a[0:1] = [1.5]
    return a


def test_slice_assignment_errors():
    with pytest.raises(oxjit.TypingError, match="slice of"):
        oxjit.njit(slice_set_of_other_type)([1, 2])


@settings(max_examples=80, deadline=None)
@given(ints, st.integers(-30, 30), st.integers(-30, 30), st.sampled_from([1, 2, 3, -1, -2]),
       ints)
def test_slice_edits_match_cpython(a, i, j, k, b):
    check(set_slice, list(a), i, j, list(b))
    check(del_slice, list(a), i, j, k)
    # an extended slice needs as many items as it selects: take them from `b` (or fail alike)
    n = len(range(*slice(i, j, k).indices(len(a))))
    if n:
        check(set_ext_slice, list(a), i, j, k, (list(b) * n)[:n])
    check(set_ext_slice, list(a), i, j, k, list(b), exact_exception=True)


def key_raises(a):
    b = ["x" * v for v in a]
    b.sort(key=lambda s: 10 // len(s))
    return b


def test_key_raises():
    check(key_raises, [1, 2, 3])
    check(key_raises, [1, 0, 3], exact_exception=True)


def test_no_leaks():
    before = _oxjit.live_allocations()
    for _ in range(3):
        with pytest.raises(ZeroDivisionError):
            oxjit.njit(key_raises)([2, 0, 1])
    for _ in range(3):
        oxjit.njit(string_slice_set)(3)
        oxjit.njit(nested_slice_set)([[1], [2, 3], [4]])
        oxjit.njit(sort_pairs_by_string)(0)
        oxjit.njit(sort_rows_by_length)(0)
        oxjit.njit(min_max_key)([3, -1, 2])
        oxjit.njit(sorted_lambda)([3, -1, 2], True)
        with pytest.raises(ValueError):
            oxjit.njit(set_ext_slice)(["a", "b"], 0, 2, 2, ["x", "y"])
        with pytest.raises(ValueError):
            oxjit.njit(min_key_empty)([1])
    assert _oxjit.live_allocations() == before

"""Lists in compiled code: differential tests against CPython (see ``diff.py``).

Each function is run by CPython and by oxjit; values, kinds (a list stays a list), exceptions
and the arguments after the call (reflected lists) are compared.
"""
import math

import numpy
import pytest
from hypothesis import given, settings, strategies as st

import oxjit
from oxjit import _oxjit
from diff import check

ints = st.lists(st.integers(-1000, 1000), min_size=1, max_size=30)
floats = st.lists(
    st.floats(allow_nan=False, allow_infinity=False, width=64), min_size=1, max_size=30
)


# --- list displays are lists, never tuples (regression: they compiled as tuples) ---

def display_pair(x):
    return [x, x + 1]


def display_in_tuple(x):
    return ([1, 2], x)


def display_nested(x):
    return [[x, 1], [2, x]]


def sequence_literal_arg(x):
    return numpy.array([[x, 1.0], [2.0, x]])


def sequence_literal_shape(x):
    return numpy.zeros([2, 3]) + x


def test_display_is_a_list():
    check(display_pair, 3)
    check(display_pair, 2.5)
    check(display_in_tuple, 4)
    check(display_nested, 7)
    assert type(oxjit.njit(display_pair)(1)) is list


def test_sequence_literal_arguments():
    check(sequence_literal_arg, 2.5)
    check(sequence_literal_shape, 1.5)


# --- creation ---

def squares(n):
    out = []
    for i in range(n):
        out.append(i * i)
    return out


def zeros_times(n):
    return [0] * n


def times_zeros(n):
    return n * [0.5]


def list_of_list(a):
    return list(a)


def list_of_array(n):
    return list(numpy.arange(n))


def list_of_tuple(x):
    return list((x, x, 2))


def empty_then_extend(a):
    out = []
    out.extend(a)
    return out


def tuples(n):
    out = [(0, 0.0)]
    for i in range(n):
        out.append((i, i / 2))
    return out


def bools(n):
    return [True, False] * n


def test_creation():
    for n in (0, 1, 5):
        check(squares, n)
        check(zeros_times, n)
        check(times_zeros, n)
        check(list_of_array, n)
        check(tuples, n)
        check(bools, n)
    check(zeros_times, -3)
    check(list_of_list, [1, 2, 3])
    check(list_of_tuple, 5)
    check(empty_then_extend, [1.5, 2.5])


# --- methods ---

def append_pop(a, x):
    a.append(x)
    y = a.pop()
    z = a.pop(0)
    return y, z, a


def insert_at(a, i, x):
    a.insert(i, x)
    return a


def pop_at(a, i):
    return a.pop(i), a


def remove_value(a, x):
    a.remove(x)
    return a


def index_of(a, x):
    return a.index(x)


def index_range(a, x, lo, hi):
    return a.index(x, lo, hi)


def count_of(a, x):
    return a.count(x)


def sort_list(a):
    a.sort()
    return a


def sort_reverse(a):
    a.sort(reverse=True)
    return a


def reverse_list(a):
    a.reverse()
    return a


def copy_is_new(a):
    b = a.copy()
    b.append(99)
    return a, b


def clear_list(a):
    a.clear()
    a.append(1)
    return a


def test_methods():
    check(append_pop, [1, 2, 3], 4)
    check(append_pop, [1.5], 2.5)
    for i in (-10, -1, 0, 1, 2, 10):
        check(insert_at, [1, 2, 3], i, 9)
        check(pop_at, [1, 2, 3], i)
    check(pop_at, [5], 0)
    check(remove_value, [3, 1, 3], 3)
    check(remove_value, [3, 1, 3], 7)
    check(index_of, [3, 1, 3], 1)
    check(index_of, [3, 1, 3], 7)
    check(index_of, [1.5, 2.0], 2.5)
    check(index_of, [(1, 2), (3, 4)], (3, 4))
    check(index_of, [(1, 2), (3, 4)], (5, 6))
    check(index_range, [1, 2, 1, 2], 1, 1, 4)
    check(index_range, [1, 2, 1, 2], 1, -2, 100)
    check(index_range, [1, 2, 1, 2], 1, 3, 4)
    check(count_of, [1, 2, 1, 2, 1], 1)
    check(sort_list, [3, 1, 2, -5])
    check(sort_list, [3.5, -1.0, 2.0])
    check(sort_list, [(2, 1.0), (1, 5.0), (2, 0.5)])
    check(sort_list, [True, False, True])
    check(sort_reverse, [3, 1, 2, 3])
    check(reverse_list, [1, 2, 3, 4])
    check(copy_is_new, [1, 2])
    check(clear_list, [5, 6])


def pop_empty(n):
    a = [1]
    a.pop()
    return a.pop()


def test_pop_errors():
    check(pop_empty, 0, exact_exception=True)
    check(pop_at, [1, 2], 5, exact_exception=True)
    check(remove_value, [1], 2, exact_exception=True)
    check(index_of, [1], 2, exact_exception=True)


@given(ints)
@settings(max_examples=40, deadline=None)
def test_sort_matches_cpython_ints(a):
    check(sort_list, a)
    check(sort_reverse, a)


@given(floats)
@settings(max_examples=40, deadline=None)
def test_sort_matches_cpython_floats(a):
    check(sort_list, a)


# --- indexing, slicing, operators ---

def item(a, i):
    return a[i]


def set_item(a, i, x):
    a[i] = x
    return a


def slice_of(a, i, j):
    return a[i:j]


def slice_step(a, k):
    return a[::k]


def slice_open(a, i):
    return a[i:], a[:i], a[-i:]


def concat(a, b):
    return a + b


def iadd(a, b):
    c = a
    a += b
    return a, c


def repeat(a, n):
    return a * n, n * a


def equal(a, b):
    return a == b, a != b


def contains(a, x):
    return x in a, x not in a


def length(a):
    return len(a)


def truth(a):
    if a:
        return 1
    return 0


def iterate(a):
    s = 0.0
    for x in a:
        s += x
    return s


def test_indexing():
    a = [10, 20, 30]
    for i in (-4, -3, -1, 0, 2, 3, 100):
        check(item, a, i, exact_exception=True)
        check(set_item, [1, 2, 3], i, 7, exact_exception=True)


@given(ints, st.integers(-40, 40), st.integers(-40, 40), st.integers(-5, 5))
@settings(max_examples=60, deadline=None)
def test_slices(a, i, j, k):
    check(slice_of, a, i, j)
    check(slice_open, a, i)
    check(slice_step, a, k, exact_exception=True)


def test_operators():
    check(concat, [1, 2], [3])
    check(iadd, [1, 2], [3, 4])
    for n in (-1, 0, 1, 3):
        check(repeat, [1, 2], n)
    check(equal, [1, 2], [1, 2])
    check(equal, [1, 2], [1, 3])
    check(equal, [1, 2], [1])
    check(equal, [0.0], [-0.0])
    check(contains, [1, 2, 3], 2)
    check(contains, [1, 2, 3], 5)
    check(contains, [1.5], 1.5)
    check(length, [1, 2, 3])
    check(truth, [1])
    check(iterate, [1.5, 2.5, 3.0])


# --- NumPy ---

def to_array(n):
    out = []
    for i in range(n):
        out.append(i * 0.5)
    return numpy.array(out)


def to_array_int(a):
    return numpy.asarray(a), numpy.array(a, dtype=numpy.float64)


def test_numpy():
    for n in (0, 1, 7):
        check(to_array, n)
    check(to_array_int, [1, 2, 3])
    check(to_array_int, [True, False])


# --- nested lists ---

def nested_build(n):
    rows = []
    for i in range(n):
        row = []
        for j in range(i):
            row.append(j)
        rows.append(row)
    return rows


def nested_mutate(rows):
    rows[0].append(5)
    return len(rows)


def nested_replace(rows):
    rows.append([9])
    return rows[-1][0]


def test_nested():
    for n in (0, 1, 4):
        check(nested_build, n)
    check(nested_mutate, [[1], [2, 3]])
    check(nested_replace, [[1], [2, 3]])


# --- crossing the boundary ---

def grow(a):
    a.append(len(a))


def read_only(a):
    return a[0]


def test_reflection():
    a = [1, 2]
    oxjit.njit(grow)(a)
    assert a == [1, 2, 2]
    b = [1.5, 2.5]
    inner = b
    oxjit.njit(grow_float)(b)
    assert inner is b and b == [1.5, 2.5, 1.0]


def grow_float(a):
    a.append(1.0)


def test_unchanged_list_keeps_its_items():
    big = 10**20  # not an int64: never passed, but the elements must keep their identity
    del big
    items = [(1, 2), (3, 4)]
    before = [id(x) for x in items]
    assert oxjit.njit(read_only)(items) == (1, 2)
    assert [id(x) for x in items] == before


def raise_after_append(a):
    a.append(1)
    raise ValueError("boom")


def test_reflection_after_exception():
    check(raise_after_append, [5], exact_exception=True)


def test_refused_arguments():
    with pytest.raises(oxjit.TypingError, match="empty list"):
        oxjit.njit(length)([])
    with pytest.raises(oxjit.TypingError, match="`int64`, `float64`"):
        oxjit.njit(length)([1, 2.5])
    with pytest.raises(oxjit.TypingError, match="list of"):
        oxjit.njit(length)([1j])
    # lists of arrays are passed now (test_containers_more.py)
    check(length, [numpy.zeros(2)])


# --- what is refused at compile time ---

def heterogeneous_display(x):
    return [1, x]


def append_wrong_type(n):
    a = [1]
    a.append(0.5)
    return a


def unknown_elements(n):
    a = []
    return a


def list_of_arrays(n):
    return [numpy.zeros(n)]


def test_compile_errors():
    with pytest.raises(oxjit.TypingError, match="one type"):
        oxjit.njit(heterogeneous_display)(1.5)
    with pytest.raises(oxjit.TypingError, match="cannot put"):
        oxjit.njit(append_wrong_type)(1)
    with pytest.raises(oxjit.TypingError, match="element type of this empty list"):
        oxjit.njit(unknown_elements)(1)
    # lists of arrays are supported now (test_containers_more.py)
    check(list_of_arrays, 2)


# --- memory ---

def build_return(n):
    out = []
    for i in range(n):
        out.append(i)
    return out


def build_drop(n):
    out = [1.0] * n
    out.append(2.0)
    return len(out)


def build_nested_drop(n):
    rows = [[0]]
    for i in range(n):
        rows.append([i, i])
    return len(rows)


def raise_midway(n):
    out = []
    rows = [[1]]
    for i in range(n):
        out.append(i)
        rows.append(out.copy())
        if i == 3:
            raise IndexError("stop")
    return len(out)


def test_no_leaks():
    before = _oxjit.live_allocations()
    for fn in (build_return, build_drop, build_nested_drop):
        f = oxjit.njit(fn)
        for _ in range(200):
            f(20)
    f = oxjit.njit(raise_midway)
    for _ in range(200):
        with pytest.raises(IndexError):
            f(10)
    g = oxjit.njit(nested_mutate)
    for _ in range(200):
        g([[1], [2]])
    assert _oxjit.live_allocations() == before


# --- comprehensions ---

def comp_squares(n):
    return [i * i for i in range(n)]


def comp_filtered(n):
    return [i for i in range(n) if i % 2 == 0 if i > 2]


def comp_pairs(n):
    return [(i, j) for i in range(n) for j in range(i)]


def comp_over_list(a):
    return [x * 2.0 for x in a if x > 0]


def comp_over_array(a):
    return [float(x) + 1.0 for x in a]


def comp_nested(n):
    return [[j for j in range(i)] for i in range(n)]


def list_range(n):
    return list(range(n)), list(range(2, n, 3)), list(range(n, 0, -2))


def test_comprehensions():
    for n in (0, 1, 6):
        check(comp_squares, n)
        check(comp_filtered, n)
        check(comp_pairs, n)
        check(comp_nested, n)
        check(list_range, n)
    check(comp_over_list, [1.0, -2.0, 3.5])
    check(comp_over_array, numpy.arange(4.0))


@given(ints)
@settings(max_examples=30, deadline=None)
def test_comprehension_matches_cpython(a):
    check(comp_over_list, [float(x) for x in a])


# --- sum, min, max ---

def reductions(a):
    return sum(a), min(a), max(a)


def reductions_display(x):
    return sum([x, 2 * x]), min([x, -x]), max([x, 1])


def min_empty(n):
    a = [1.5]
    a.clear()
    return min(a)


def test_reductions():
    check(reductions, [3, -1, 7, -1])
    check(reductions, [2.5, -0.5, 9.0])
    check(reductions, [True, False, True])
    check(reductions, [0.0, -0.0])
    check(reductions, [-0.0, 0.0])
    check(reductions_display, 4)
    check(min_empty, 0, exact_exception=True)


@given(floats)
@settings(max_examples=40, deadline=None)
def test_reductions_match_cpython(a):
    check(reductions, a)


# --- prange ---

def append_in_prange(n):
    out = []
    for i in oxjit.prange(n):
        out.append(i)
    return out


def fill_in_prange(n):
    out = [0] * n
    for i in oxjit.prange(n):
        out[i] = i * i
    return out


def test_prange():
    with pytest.raises(oxjit.UnsupportedError, match="race"):
        oxjit.njit(parallel=True)(append_in_prange)(10)
    assert oxjit.njit(parallel=True)(fill_in_prange)(100_000) == fill_in_prange(100_000)


def sort_then_signs(a):
    a.sort()
    return [math.copysign(1.0, x) for x in a]


def test_sort_signed_zeros_and_nan():
    # -0.0 and 0.0 compare equal: a stable sort keeps their order (seen through the sign).
    check(sort_then_signs, [0.0, -0.0, -1.0, 0.0, -0.0])
    check(sort_reverse, [0.0, -0.0, 1.0, -0.0])
    # With NaN, CPython's order depends on its algorithm: oxjit keeps every element.
    nan = float("nan")
    got = oxjit.njit(sort_list)([3.0, nan, 1.0, 2.0])
    assert sorted(x for x in got if x == x) == [1.0, 2.0, 3.0] and len(got) == 4


# --- sorted, arrays of rows ---

def sorted_copy(a):
    b = sorted(a)
    c = sorted(a, reverse=True)
    return a, b, c


def sorted_display(x):
    return sorted([x, 3.0, -x])


def rows_to_array(n):
    pts = []
    for i in range(n):
        pts.append((i, i * 0.5))
    return numpy.array(pts)


def int_rows(a):
    return numpy.asarray(a)


def test_sorted_and_rows():
    check(sorted_copy, [3, 1, 2, 1])
    check(sorted_copy, [(2, 1.0), (1, 2.0)])
    check(sorted_display, 1.5)
    for n in (1, 5):
        check(rows_to_array, n)
    check(int_rows, [(1, 2, 3), (4, 5, 6)])
    check(int_rows, [(True, 2), (False, 5)])


def test_many_calls_do_not_grow_memory():
    # 100,000 calls that build and return lists (issue 9): the resident size stays put and
    # no runtime allocation is left behind.
    import gc
    from test_memory import rss_bytes

    f = oxjit.njit(build_return)
    for _ in range(10_000):
        f(20)
    gc.collect()
    before, live = rss_bytes(), _oxjit.live_allocations()
    for _ in range(100_000):
        f(20)
    gc.collect()
    assert _oxjit.live_allocations() == live
    assert rss_bytes() - before < 4 << 20


# --- del ---

def del_item(a, i):
    del a[i]
    return a


def del_two(a):
    del a[0], a[-1]
    return len(a)


def del_name(x):
    y = x
    del y
    return x


def test_del():
    for i in (-4, -3, -1, 0, 2, 3):
        check(del_item, [1, 2, 3], i, exact_exception=True)
    check(del_item, [[1], [2]], 0)
    check(del_two, [1, 2, 3, 4])
    with pytest.raises(oxjit.UnsupportedError, match="del"):
        oxjit.njit(del_name)(1)


# --- sort keys ---

@oxjit.njit
def negated(x):
    return -x


@oxjit.njit
def second(t):
    return t[1]


@oxjit.njit
def failing_key(x):
    if x > 2:
        raise ValueError("bad key")
    return x


def sort_by_negated(a):
    a.sort(key=negated)
    return a


def sort_by_second_reverse(a):
    a.sort(key=second, reverse=True)
    return a


def sorted_by_key(a):
    return sorted(a, key=negated), sorted(a, key=negated, reverse=True), a


def sort_key_raises(a):
    b = sorted(a, key=failing_key)
    return b


def test_sort_key():
    check(sort_by_negated, [3, 1, 2, 1])
    check(sort_by_negated, [2.5, -1.0, 7.0])
    check(sort_by_second_reverse, [(1, 2.0), (2, 2.0), (3, 1.0), (4, 5.0)])
    check(sorted_by_key, [5, 3, 9, 3])
    check(sort_key_raises, [1, 2, 3], exact_exception=True)
    before = _oxjit.live_allocations()
    f = oxjit.njit(sort_key_raises)
    for _ in range(100):
        with pytest.raises(ValueError):
            f([1, 2, 3])
    assert _oxjit.live_allocations() == before


def sort_key_lambda(a):
    a.sort(key=lambda x: -x)
    return a


def test_sort_key_lambda():
    # (refused before; see test_lists_edit.py for key functions)
    check(sort_key_lambda, [1, 3, 2])


def row_lengths(rows):
    rows[1].append(4)
    return [len(r) for r in rows]


def test_nested_argument_with_empty_rows():
    check(row_lengths, [[1, 2], [], [3]])
    with pytest.raises(oxjit.TypingError, match="empty lists"):
        oxjit.njit(row_lengths)([[], []])


# --- comparisons of lists of lists ---

def nested_compare(rows, row):
    return row in rows, rows == [row, row], rows.count(row)


def nested_index(rows, row):
    return rows.index(row)


def nested_remove(rows, row):
    rows.remove(row)
    return rows


def test_nested_comparisons():
    check(nested_compare, [[1, 2], [3]], [3])
    check(nested_compare, [[1, 2], [1, 2]], [1, 2])
    check(nested_compare, [[1, 2]], [2, 1])
    check(nested_index, [[1], [2, 3]], [2, 3])
    check(nested_index, [[1], [2, 3]], [2], exact_exception=True)
    check(nested_index, [[1.5], [2.0]], [2.5, 0.0], exact_exception=True)
    check(nested_remove, [[1], [2, 3], [2, 3]], [2, 3])


def indices_above(a, s):
    out = []
    for i, x in enumerate(a):
        if x > s:
            out.append(i)
    return numpy.array(out)


def test_array_of_a_list_filled_after_it_is_made():
    # `numpy.array(out)` is typed once `append` has told what the list holds (it used to be
    # refused as `list(<unknown>)`).
    check(indices_above, numpy.arange(5.0), 2.0)
    check(indices_above, numpy.arange(5.0), 0.5)


def never_filled():
    out = []
    return numpy.array(out)


def test_array_of_a_list_never_filled_is_refused():
    with pytest.raises(oxjit.TypingError):
        oxjit.njit(never_filled)()

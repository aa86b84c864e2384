"""`math.prod(x, start=1)`, `math.dist(p, q)` and `math.fsum` of 1-D arrays, lists and tuples
of numbers: values, result types (int for ints, float as soon as an element or `start` is),
CPython's errors — CPython vs oxjit."""
import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import oxjit
from diff import check


def prod(x):
    return math.prod(x)


def prod_start(x, s):
    return math.prod(x, start=s)


def prod_tuple(a, b, c):
    return math.prod((a, b, c)), math.prod((a, b), start=c), math.prod(())


def prod_list(n):
    xs = [1]
    for i in range(1, n):
        xs.append(i)
    return math.prod(xs), math.prod([0.5 * i for i in range(1, n)])


def dist(p, q):
    return math.dist(p, q)


def dist_tuples(a, b, c, d):
    return math.dist((a, b), (c, d)), math.dist((a, b, c), (d, a, b))


def dist_mixed(p, n):
    q = [0.0] * n
    return math.dist(p, q)


def dist_unequal(a, b):
    return math.dist((a, b), (a, b, 1.0))


def fsum_tuple(a, b, c):
    return math.fsum((a, b, c, -a)), math.fsum((1, 2)), math.fsum(())


def fsum_list(n):
    xs = [0.1] * n
    return math.fsum(xs)


def fsum_list_arg(xs):
    return math.fsum(xs)


def fsum_histogram_range(a):
    h, e = np.histogram(a, 4, (0, 8))
    return h, e


@pytest.mark.parametrize("x", [
    np.arange(1, 8), np.arange(1.0, 8.0), np.array([], dtype=np.int64),
    np.array([True, True]), np.arange(1, 9, dtype=np.int32)[::2], np.arange(1.0, 5.0, dtype=np.float32),
    np.array([1.5, np.inf, 0.0]),
])
def test_prod_arrays(x):
    check(prod, x)


@pytest.mark.parametrize("x", [[1, 2, 3, 4], [0.5, 3.0, 1e300, 1e10], [True, False], (2, 3.5, 4)])
def test_prod_lists_and_tuples(x):
    check(prod, x)


@pytest.mark.parametrize("s", [1, 3, 2.5, -1, True])
def test_prod_start(s):
    check(prod_start, np.arange(1, 6), s)
    check(prod_start, [1.5, 2.0], s)
    check(prod_start, (), s)


def test_prod_tuple_items():
    check(prod_tuple, 2, 3, 4)
    check(prod_tuple, 2, 1.5, 4)
    check(prod_tuple, True, 3, 4.0)


def test_prod_list_built_in_code():
    check(prod_list, 12)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.floats(allow_nan=False, min_value=-1e10, max_value=1e10), min_size=1, max_size=12),
       st.integers(-100, 100))
def test_prod_matches_cpython(values, start):
    check(prod_start, values, start)
    check(prod_start, np.array(values), float(start))


@settings(max_examples=100, deadline=None)
@given(st.lists(st.integers(-1000, 1000), min_size=1, max_size=6))
def test_prod_ints_match_cpython(values):
    check(prod, values)
    check(prod, np.array(values, dtype=np.int64))


@pytest.mark.parametrize("p, q", [
    ((0.0, 0.0), (3.0, 4.0)), ([1, 2, 3], [4, 5, 6]), ((1e300, 1e300), (-1e300, 0.0)),
    ((5e-324, 0.0), (0.0, 5e-324)), ((math.inf, 1.0), (0.0, math.nan)), ((math.nan, 1.0), (0.0, 2.0)),
    ((1.0,), (-2.5,)),
])
def test_dist_values(p, q):
    check(dist, p, q)
    check(dist, np.array(p, dtype=np.float64), np.array(q, dtype=np.float64))


def test_dist_tuples_and_lists():
    check(dist_tuples, 1.0, 2.0, 3.5, -4.0)
    check(dist_tuples, 1, 2, 3, 4)
    check(dist_mixed, [1.0, 2.0, 2.0], 3)
    check(dist_mixed, np.arange(4.0)[::-1], 4)


def test_dist_unequal_lengths():
    check(dist_unequal, 1.0, 2.0, exact_exception=True)
    check(dist, [1.0, 2.0], np.arange(3.0), exact_exception=True)
    check(dist_mixed, [1.0, 2.0], 3, exact_exception=True)


@settings(max_examples=300, deadline=None)
@given(st.integers(1, 8).flatmap(lambda n: st.tuples(
    st.lists(st.floats(min_value=-1e200, max_value=1e200), min_size=n, max_size=n),
    st.lists(st.floats(min_value=-1e200, max_value=1e200), min_size=n, max_size=n))))
def test_dist_within_one_ulp(pq):
    p, q = pq
    want = math.dist(p, q)
    got = oxjit.njit(dist)(p, q)
    assert type(got) is float
    assert got == want or abs(got - want) <= math.ulp(want), (p, q, got, want)


def test_fsum_tuples_and_lists():
    check(fsum_tuple, 1e100, 1.0, 1e-100)
    check(fsum_list, 10)
    check(fsum_list_arg, [0.1] * 10)
    check(fsum_list_arg, [1, 2, 3])
    check(fsum_list_arg, [1e308, 1e308], exact_exception=True)
    check(fsum_list_arg, [math.inf, -math.inf], exact_exception=True)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.floats(allow_nan=True, allow_infinity=True), min_size=1, max_size=30))
def test_fsum_lists_match_cpython(values):
    check(fsum_list_arg, values, exact_exception=True)


def test_histogram_range_tuple_still_works():
    check(fsum_histogram_range, np.arange(10.0))


def test_refused_clearly():
    with pytest.raises(oxjit.UnsupportedError, match=r"(?s)`math.prod` of `tuple\(str,\)`.*test_math_seq.py:\d+:\d+"):
        oxjit.njit(prod)(("a",))
    with pytest.raises(oxjit.UnsupportedError, match="2-D array"):
        oxjit.njit(dist)(np.ones((2, 2)), np.ones((2, 2)))
    with pytest.raises(oxjit.UnsupportedError, match="start"):
        oxjit.njit(prod_start)([1, 2], "x")

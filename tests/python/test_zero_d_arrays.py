"""0-d arrays (`numpy.array(3.0)`) as arguments and results, `a[()]` reads and writes,
`a.shape == ()`, arithmetic with scalars (a scalar result, as NumPy's), `sum`/`prod`/`min`/
`max`/`mean` of one — CPython + NumPy vs oxjit; the rest is a clear `UnsupportedError`."""
import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

import oxjit
from oxjit import _oxjit
from diff import check


def ident(a):
    return a


def item(a):
    return a[()]


def shape_info(a):
    return a.shape, a.ndim, a.size, a.shape == (), a.shape != (), a.shape == (1,)


def arithmetic(a, x):
    return a + x, x * a, a * a, -a, a / 2.0, a > x, np.sqrt(np.abs(a)), np.maximum(a, x)


def reductions(a):
    return np.sum(a), a.sum(), np.prod(a), a.max(), np.min(a), np.mean(a)


def write(a, v):
    a[()] = v
    return a


def accumulate(a, n):
    for i in range(n):
        a[()] += i
    return a[()]


def views_and_copies(a):
    return a.copy(), a.T, a.reshape(1), np.ravel(a), np.ones_like(a), a.astype(np.int64)


@oxjit.njit
def inner_reader(b):
    return b[()] * 2


def passes_on(a):
    return inner_reader(a), ident_j(a)


@oxjit.njit
def ident_j(a):
    return a


def in_a_loop(a, xs):
    total = 0.0
    for i in range(xs.shape[0]):
        total += xs[i] * a
    return total


ZERO_DS = [np.array(3.0), np.array(-2.5, dtype=np.float32), np.array(7), np.array(True),
           np.array(4, dtype=np.int8), np.array(0.0)]


@pytest.mark.parametrize("a", ZERO_DS, ids=repr)
def test_argument_and_result(a):
    check(ident, a)
    check(item, a)
    check(shape_info, a)


@pytest.mark.parametrize("a", [np.array(3.0), np.array(7), np.array(-1.5, dtype=np.float32)], ids=repr)
def test_arithmetic_with_scalars(a):
    check(arithmetic, a, 2.0)
    check(arithmetic, a, 3)


@pytest.mark.parametrize("a", ZERO_DS, ids=repr)
def test_reductions_of_one(a):
    check(reductions, a)


def test_writes():
    check(write, np.array(1.0), 5.0)
    check(write, np.array(1), 5)
    check(accumulate, np.array(0.5), 5)


def test_views_copies_and_calls():
    check(views_and_copies, np.array(3.0))
    check(passes_on, np.array(3.0))
    check(in_a_loop, np.array(1.5), np.arange(4.0))


def test_no_leak():
    f = oxjit.njit(views_and_copies)
    a = np.array(3.0)
    f(a)
    before = _oxjit.live_allocations()
    for _ in range(50):
        f(a)
    assert _oxjit.live_allocations() == before


@settings(max_examples=50, deadline=None)
@given(st.floats(allow_nan=False, allow_infinity=False, min_value=-1e6, max_value=1e6),
       st.floats(min_value=0.5, max_value=1e3))
def test_property(v, x):
    check(arithmetic, np.array(v), x)
    check(reductions, np.array(v))


def too_many_indices(a):
    return a[0]


def length(a):
    return len(a)


def sorted_one(a):
    return np.sort(a)


def variance(a):
    return np.var(a)


def with_axis(a):
    return np.sum(a, axis=0)


def test_errors():
    # NumPy's IndexError / TypeError are typing errors here (also TypeErrors).
    with pytest.raises(oxjit.TypingError, match="too many indices"):
        oxjit.njit(too_many_indices)(np.array(1.0))
    with pytest.raises(oxjit.TypingError, match="len\\(\\) of unsized object"):
        oxjit.njit(length)(np.array(1.0))
    for fn in (sorted_one, variance, with_axis):
        with pytest.raises(oxjit.UnsupportedError, match=r"(?s)0-d array.*test_zero_d_arrays.py:\d+:\d+"):
            oxjit.njit(fn)(np.array(1.0))


# --- tuple equality (shapes) -------------------------------------------------------------------

def shape_is(a, n):
    return a.shape == (n,), a.shape != (n,), a.shape == (n, 1), (1, 2.0) == (1, 2), (True, 0) != (1, 0.0)


def shapes_equal(a, b):
    return a.shape == b.shape


@pytest.mark.parametrize("n", [2, 3])
def test_shape_comparisons(n):
    check(shape_is, np.zeros(3), n)
    check(shapes_equal, np.zeros((2, 3)), np.ones((2, 3)))
    check(shapes_equal, np.zeros((2, 3)), np.ones((3, 2)))
    check(shapes_equal, np.zeros((2, 3)), np.ones(3))
    check(shapes_equal, np.array(1.0), np.array(2))


@settings(max_examples=50, deadline=None)
@given(st.lists(st.integers(-3, 3), min_size=2, max_size=2), st.lists(st.floats(-3, 3), min_size=2, max_size=2))
def test_tuple_equality_property(x, y):
    check(tuple_eq, tuple(x), tuple(y))
    check(tuple_eq, tuple(x), tuple(float(v) for v in x))


def tuple_eq(t, u):
    return t == u, t != u


def nested_tuple_eq(t):
    return t == ((1, 2), 3)


def test_tuple_equality_limits():
    with pytest.raises(oxjit.UnsupportedError, match="comparing"):
        oxjit.njit(nested_tuple_eq)(((1, 2), 3))

"""Inner functions with statements (locals, `if`, `for`/`while`, early `return`) that read the
enclosing function's variables (read-only closures, values read at call time), called once
or many times, also from loops — CPython vs oxjit; and the clear errors for `nonlocal`,
returning, storing or passing the inner function."""
import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

import oxjit
from oxjit import _oxjit
from diff import check


def loops_and_branches(a, n):
    scale = 2.0

    def clipped_sum(lo, hi):
        s = 0.0
        for i in range(lo, hi):
            v = a[i] * scale
            if v > 10.0:
                continue
            s += v
        return s

    def sign(x):
        if x > 0:
            return 1
        elif x < 0:
            return -1
        return 0

    total = 0.0
    for k in range(n):
        total += clipped_sum(0, k) * sign(k - 2)
        scale = scale + 1.0        # read again by the next call (late binding)
    return total, clipped_sum(1, 3), sign(-5)


def while_and_early_return(x, limit):
    def collatz_steps(v):
        steps = 0
        while v != 1:
            if steps >= limit:
                return -1
            if v % 2 == 0:
                v = v // 2
            else:
                v = 3 * v + 1
            steps += 1
        return steps

    out = 0
    for i in range(1, x):
        out += collatz_steps(i)
    return out, collatz_steps(x)


def falls_off_the_end(x):
    def maybe(v):
        if v > 0:
            return v * 2

    r = maybe(x)
    if r is None:
        return -1
    return r


def local_shadows_enclosing(x):
    y = 10

    def f(v):
        y = v + 1             # local to f: the enclosing y is unchanged
        return y * 2

    return f(x), y


def param_shadows_enclosing(x):
    def f(x):
        x = x + 1
        return x

    return f(100), x


def calls_other_inner(a):
    def norm2(v):
        s = 0.0
        for e in v:
            s += e * e
        return s

    def dist(u, v):
        d = u - v
        return np.sqrt(norm2(d))

    sq = lambda t: t * t  # noqa: E731
    return dist(a, a * 2.0), norm2(a), sq(dist(a, a))


def makes_arrays(n):
    def ramp(k):
        out = np.zeros(k)
        for i in range(k):
            out[i] = i * 0.5
        return out

    acc = np.zeros(n)
    for j in range(3):
        acc += ramp(n)
    return acc, ramp(2)


def raises_inside(a, i):
    def get(k):
        if k < 0:
            raise ValueError(f"negative {k}")
        return a[k]

    try:
        return get(i)
    except IndexError:
        return -1.0


def tuple_result(x):
    def divmod_like(a, b):
        q = a // b
        r = a - q * b
        return q, r

    q, r = divmod_like(x, 7)
    return q + r, divmod_like(x + 1, 3)


def break_in_inner_loop(a):
    def first_negative():
        for i in range(a.shape[0]):
            if a[i] < 0:
                break
        else:
            return -1
        return i

    hits = 0
    for _ in range(3):
        hits += first_negative()
    return hits


def reads_list_and_string(xs, name):
    def describe(k):
        total = 0
        for v in xs[:k]:
            total += v
        return f"{name}:{total}"

    return describe(2), describe(len(xs))


@pytest.mark.parametrize("n", [0, 3, 5])
def test_loops_and_branches(n):
    check(loops_and_branches, np.arange(6.0), n)


@pytest.mark.parametrize("x, limit", [(6, 100), (27, 50), (1, 5)])
def test_while_and_early_return(x, limit):
    check(while_and_early_return, x, limit)


@pytest.mark.parametrize("x", [3, -3])
def test_implicit_none(x):
    check(falls_off_the_end, x)


def test_scoping():
    check(local_shadows_enclosing, 4)
    check(param_shadows_enclosing, 4)


def test_inner_calls_inner_and_lambda():
    check(calls_other_inner, np.arange(4.0))


def test_arrays_no_leak():
    check(makes_arrays, 4)
    f = oxjit.njit(makes_arrays)
    f(3)
    before = _oxjit.live_allocations()
    for _ in range(50):
        f(5)
    assert _oxjit.live_allocations() == before


@pytest.mark.parametrize("i", [1, 9, -2])
def test_exceptions_from_inner(i):
    check(raises_inside, np.arange(4.0), i, exact_exception=True)


def test_tuple_results_and_for_else():
    check(tuple_result, 40)
    check(break_in_inner_loop, np.array([1.0, 2.0, -1.0]))
    check(break_in_inner_loop, np.array([1.0, 2.0]))


def test_reads_containers():
    check(reads_list_and_string, [1, 2, 3], "ab")


@settings(max_examples=50, deadline=None)
@given(st.lists(st.floats(-100, 100), min_size=1, max_size=8), st.integers(0, 8))
def test_property(values, n):
    check(loops_and_branches, np.array(values + [0.0] * 6), n)


# --- what is refused, with file:line:col -----------------------------------------------------

def uses_nonlocal(x):
    total = 0

    def add(v):
        nonlocal total
        total += v

    add(x)
    return total


def uses_global(x):
    def g(v):
        global COUNTER
        COUNTER = v
        return v

    return g(x)


def returns_inner(x):
    def g(v):
        w = v + 1
        return w

    return g


def stores_inner(x):
    def g(v):
        w = v + 1
        return w

    h = g
    return h(x)


def passes_inner(x):
    def g(v):
        w = v + 1
        return w

    return apply(g, x)


@oxjit.njit
def apply(f, x):
    return f(x)


def recursive_inner(x):
    def fact(n):
        if n <= 1:
            return 1
        return n * fact(n - 1)

    return fact(x)


def inner_with_default(x):
    def g(v, k=2):
        w = v * k
        return w

    return g(x)


def defined_in_loop(x):
    t = 0
    for i in range(x):
        def g(v):
            w = v + i
            return w
        t += g(i)
    return t


@pytest.mark.parametrize("fn, pattern", [
    (uses_nonlocal, "nonlocal"),
    (uses_global, "nonlocal` and `global"),
    (returns_inner, "not used as a value"),
    (stores_inner, "not used as a value"),
    (passes_inner, "not used as a value"),
    (recursive_inner, "recursive inner function"),
    (inner_with_default, "defaults"),
    (defined_in_loop, "defined once at the top level"),
])
def test_refused_clearly(fn, pattern):
    with pytest.raises(oxjit.UnsupportedError, match=r"(?s)" + pattern + r".*test_inner_functions.py:\d+:\d+"):
        oxjit.njit(fn)(3)


# --- comprehension targets have a scope of their own (as Python 3's) --------------------------

def comprehension_keeps_enclosing(n):
    i = 100
    xs = [i * 2 for i in range(n)]
    d = {i: i * i for i in range(n)}
    return i, xs[-1], len(d)


def comprehension_in_inner(n):
    i = 100

    def g(m):
        t = 0
        xs = [i * 2 for i in range(m)]
        for x in xs:
            t += x
        return t + i           # the enclosing i (100): the comprehension's i is its own

    return g(n), i


def test_comprehension_scope():
    check(comprehension_keeps_enclosing, 4)
    check(comprehension_in_inner, 3)

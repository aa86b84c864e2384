"""`range` objects as values: `r = range(a, b, c)`, `len(r)`, `r[i]` (negative indices,
`IndexError`), `x in r`, truth, `.start`/`.stop`/`.step`, `for x in r`, ranges passed in and
returned — CPython vs oxjit, with hypothesis over int64 bounds."""
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import oxjit
from diff import check

I64 = st.integers(min_value=-(2 ** 63), max_value=2 ** 63 - 1)
SMALL = st.integers(min_value=-50, max_value=50)
STEP = st.integers(min_value=-7, max_value=7).filter(lambda s: s != 0)


def facts(a, b, c, x, i):
    r = range(a, b, c)
    n = len(r)
    item = 0
    try:
        item = r[i]
    except IndexError:
        item = -1
    return n, item, x in r, x not in r, r.start, r.stop, r.step, 1 if r else 0, not r


def total(a, b, c):
    r = range(a, b, c)
    s = 0
    for x in r:
        s += x * x
    return s, r


def from_python(r, i):
    t = 0
    for x in r:
        t += x
    return t, len(r), r[i], r


def one_and_two_arguments(n):
    a = range(n)
    b = range(2, n)
    return len(a), len(b), a, b


def index_error(a, b, c, i):
    return range(a, b, c)[i]


def zero_step(n):
    return len(range(0, n, 0))


def huge_len(n):
    return len(range(-(2 ** 63) + n, 2 ** 63 - 1))


@settings(max_examples=300, deadline=None)
@given(SMALL, SMALL, STEP, SMALL, SMALL)
def test_facts_match_cpython(a, b, c, x, i):
    check(facts, a, b, c, x, i)
    check(total, a, b, c)


@settings(max_examples=300, deadline=None)
@given(I64, I64, st.integers(min_value=2 ** 40, max_value=2 ** 63 - 1), I64, I64)
def test_int64_extremes(a, b, step, x, i):
    for c in (step, -step):
        if abs(b - a) // abs(c) < 2 ** 62:
            check(facts, a, b, c, x, i)


def test_arguments_results_and_errors():
    check(from_python, range(3, 40, 4), -2)
    check(from_python, range(10, -10, -3), 0)
    check(one_and_two_arguments, 6)
    check(one_and_two_arguments, -1)
    for i in (3, -4, 100):
        check(index_error, 0, 3, 1, i, exact_exception=True)
    check(zero_step, 5, exact_exception=True)
    check(huge_len, 0, exact_exception=True)
    check(huge_len, 10)


def test_unsupported_uses_are_refused_clearly():
    def slicing(n):
        return range(n)[1:]

    def compare(n):
        return range(n) == range(n)

    def float_arg(x):
        return range(x)
    with pytest.raises(oxjit.UnsupportedError, match="slicing a `range`"):
        oxjit.njit(slicing)(3)
    with pytest.raises(oxjit.UnsupportedError, match="comparing or combining `range`"):
        oxjit.njit(compare)(3)
    with pytest.raises(oxjit.TypingError, match="'float' object cannot be interpreted as an integer"):
        oxjit.njit(float_arg)(2.5)


def walk(a, b, c):
    # A `for` loop whose counter could step past the int64 limit after its last item.
    n, last = 0, 0
    for x in range(a, b, c):
        last = x
        n += 1
        if n > 40:
            break
    return n, last


def test_loops_with_unit_steps_stop_at_the_int64_limits():
    for a, b, c in [(2**63 - 3, 2**63 - 1, 1), (-(2**63) + 2, -(2**63), -1)]:
        check(walk, a, b, c)


@pytest.mark.xfail(strict=True, reason="known gap (docs/supported.md): a counter stepping past the int64 limit wraps")
def test_loops_stepping_past_the_int64_limit():
    check(walk, -(2**62), 2**62 + 1, 2**62)

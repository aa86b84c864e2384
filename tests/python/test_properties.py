"""Property tests (Hypothesis): scalar arithmetic semantics, CPython vs oxjit.

Each operator is compiled once at module level, so examples only pay for a
call. Integers stay within +-2**31 so that no int64 result overflows (the
largest product is 2**62); floats exclude nan and inf (comparisons and
min/max with nan are covered by the example-based tests).
"""
import pytest

hypothesis = pytest.importorskip("hypothesis")
from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

import oxjit  # noqa: E402
from diff import check  # noqa: E402

SETTINGS = settings(max_examples=200, deadline=None)

ints = st.integers(min_value=-(2 ** 31), max_value=2 ** 31)
small_ints = st.integers(min_value=-50, max_value=50)
floats = st.floats(allow_nan=False, allow_infinity=False)
moderate_floats = st.floats(min_value=-1e12, max_value=1e12, allow_nan=False)
numbers = st.one_of(ints, floats)


@oxjit.njit
def p_add(a, b):
    return a + b


@oxjit.njit
def p_sub(a, b):
    return a - b


@oxjit.njit
def p_mul(a, b):
    return a * b


@oxjit.njit
def p_truediv(a, b):
    return a / b


@oxjit.njit
def p_floordiv(a, b):
    return a // b


@oxjit.njit
def p_mod(a, b):
    return a % b


@oxjit.njit
def p_compare(a, b):
    return a < b, a <= b, a > b, a >= b, a == b, a != b


@oxjit.njit
def p_chain(a, b, c):
    return a < b < c, a <= b >= c


@oxjit.njit
def p_abs_neg(a):
    return abs(a), -a


@oxjit.njit
def p_min_max(a, b, c):
    return min(a, b), max(a, b), min(a, b, c), max(a, b, c)


@oxjit.njit
def p_int_power(a, b):
    return a ** b


@oxjit.njit
def p_mixed(a, b, c):
    return (a + b) * c - a / (abs(c) + 1.0)


@oxjit.njit
def p_round_int_float(x):
    return round(x), int(x), float(int(x))


OPERATORS = [p_add, p_sub, p_mul, p_truediv, p_floordiv, p_mod]
OP_IDS = [f.__name__ for f in OPERATORS]


@pytest.mark.parametrize("op", OPERATORS, ids=OP_IDS)
@SETTINGS
@given(a=ints, b=ints)
def test_int_operators(op, a, b):
    check(op, a, b)


@pytest.mark.parametrize("op", OPERATORS, ids=OP_IDS)
@SETTINGS
@given(a=floats, b=floats)
def test_float_operators(op, a, b):
    check(op, a, b)


@pytest.mark.parametrize("op", OPERATORS, ids=OP_IDS)
@SETTINGS
@given(a=ints, b=moderate_floats)
def test_int_float_operators(op, a, b):
    check(op, a, b)
    check(op, b, a)


@SETTINGS
@given(a=ints, b=ints)
def test_int_comparisons(a, b):
    check(p_compare, a, b)


@SETTINGS
@given(a=floats, b=floats)
def test_float_comparisons(a, b):
    check(p_compare, a, b)


@SETTINGS
@given(a=small_ints, b=small_ints, c=small_ints)
def test_chained_comparisons(a, b, c):
    check(p_chain, a, b, c)


@SETTINGS
@given(a=ints)
def test_int_abs_neg(a):
    check(p_abs_neg, a)


@SETTINGS
@given(a=floats)
def test_float_abs_neg(a):
    check(p_abs_neg, a)


@SETTINGS
@given(a=ints, b=ints, c=ints)
def test_int_min_max(a, b, c):
    check(p_min_max, a, b, c)


@SETTINGS
@given(a=floats, b=floats, c=floats)
def test_float_min_max(a, b, c):
    # Python's min/max keep the first of equal items; 0.0 and -0.0 are
    # equal, so which zero comes back is not part of what is tested here.
    check(p_min_max, a, b, c, signed_zero=False)


@SETTINGS
@given(a=st.integers(min_value=-12, max_value=12), b=st.integers(min_value=0, max_value=17))
def test_int_power(a, b):
    check(p_int_power, a, b)


@SETTINGS
@given(a=moderate_floats, b=moderate_floats, c=moderate_floats)
def test_mixed_expression(a, b, c):
    check(p_mixed, a, b, c)


@SETTINGS
@given(x=st.floats(min_value=-1e15, max_value=1e15, allow_nan=False))
def test_round_int_float(x):
    check(p_round_int_float, x)

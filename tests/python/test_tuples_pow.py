"""Tuple slicing (`t[1:]`, `a.shape[:2]`, `t[::-1]`), tuple concatenation and repetition, and the
builtin `pow` with two or three arguments (differential against CPython)."""
import numpy
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import oxjit
from diff import check


def tail(t):
    return t[1:]


def head2(t):
    return t[:2]


def backwards(t):
    return t[::-1]


def every_other(t):
    return t[::2], t[1::2], t[-2:], t[:-1], t[5:], t[-10:10], t[3:1], t[None:None:-2]


def leading_shape(a):
    return a.shape[:1], a.shape[1:], a.shape[::-1]


def concat(t, u):
    return t + u + (7,)


def repeat(t):
    return t * 2, 3 * t, t * 0, t * -1


def mixed(a, x):
    # tuples holding arrays: sliced and concatenated, then used
    t = (a, x, a * 2.0)
    u = t[::2] + (x,)
    return u[0].sum() + u[1].sum() + u[2]


def sliced_in_loop(t):
    s = 0
    for k in range(3):
        r = t[1:] + t[:1]
        s += r[0] * k + r[-1]
        t = (t[0] + 1,) + t[1:]
    return s


@pytest.mark.parametrize("fn", [tail, head2, backwards, every_other])
def test_tuple_slices(fn):
    check(fn, (1, 2.5, True, 4))
    check(fn, (1, 2, 3, 4, 5, 6, 7))
    check(fn, (1,))


def test_shape_slices():
    check(leading_shape, numpy.zeros((2, 3, 4)))
    check(leading_shape, numpy.zeros(5))


def test_concat_and_repeat():
    check(concat, (1, 2), (3.5, False))
    check(concat, (1,), ())
    check(repeat, (1, 2.5))


def test_tuples_of_arrays():
    check(mixed, numpy.arange(4.0), 1.5)


def test_slices_rebuilt_in_a_loop():
    check(sliced_in_loop, (1, 2, 3))


def zero_step(t):
    return t[::0]


def repeat_by_variable(t, k):
    return t * k


def test_refusals():
    with pytest.raises(oxjit.TypingError, match="slice step cannot be zero"):
        oxjit.njit(zero_step)((1, 2))
    with pytest.raises(oxjit.UnsupportedError, match="repeated by an integer constant"):
        oxjit.njit(repeat_by_variable)((1, 2), 3)


# --- pow ---------------------------------------------------------------------------------------


def pow2(a, b):
    return pow(a, b)


def pow3(a, b, m):
    return pow(a, b, m)


@pytest.mark.parametrize("a, b", [(2, 10), (3, 0), (-3, 3), (2.5, 2), (2, 0.5), (4.0, -1.0),
                                  (True, 3)])
def test_pow_two_arguments(a, b):
    check(pow2, a, b)


@settings(max_examples=300, deadline=None)
@given(st.integers(-10**18, 10**18), st.integers(-50, 10**12),
       st.integers(-10**18, 10**18).filter(lambda m: m != 0))
def test_pow_three_arguments(a, b, m):
    check(pow3, a, b, m, exact_exception=True)


@pytest.mark.parametrize("a, b, m", [(3, 4, 0), (2, -1, 4), (3, -1, 7), (3, -2, -7), (0, 0, 1),
                                     (5, 0, -3), (-7, 3, 5), (10, -1, 1), (2**62, 2**62, 2**63 - 1),
                                     (-(2**63), 5, -(2**63))])
def test_pow_three_argument_cases(a, b, m):
    # m == 0 and a base with no inverse raise CPython's ValueError with its message
    check(pow3, a, b, m, exact_exception=True)


def test_pow_modulus_needs_ints():
    with pytest.raises(TypeError):
        oxjit.njit(pow3)(2.0, 3, 5)

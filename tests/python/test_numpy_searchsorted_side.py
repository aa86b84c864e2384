"""``numpy.searchsorted(a, v, side=...)`` with the literal sides ``"left"`` and ``"right"``
(differential against NumPy): numbers and arrays of values, ties, NaN, integer and float
arrays, large inputs (the merged walk); a side that is not a literal is refused.
"""
import numpy as np
import pytest

import oxjit
from diff import check


def ss_right(a, v):
    return np.searchsorted(a, v, side="right")


def ss_left(a, v):
    return np.searchsorted(a, v, side="left")


def ss_positional(a, v):
    return np.searchsorted(a, v, "right")


A = np.array([0.0, 1.0, 1.0, 1.0, 2.5, 4.0, 4.0, np.inf, np.nan])
V = np.array([-1.0, 0.0, 1.0, 1.5, 4.0, 9.0, np.inf, np.nan])


@pytest.mark.parametrize("fn", [ss_right, ss_left, ss_positional])
def test_sides(fn):
    check(fn, A, V)
    check(fn, A, V.reshape(2, 4))
    check(fn, A, 1.0)
    check(fn, A, 4)
    check(fn, np.array([1, 2, 2, 2, 5]), np.array([0, 2, 5, 6]))
    check(fn, np.array([1, 2, 2, 2, 5]), 2)
    check(fn, A[:0], V)
    rng = np.random.default_rng(0)
    big = np.sort(rng.integers(0, 1000, 20000))
    check(fn, big, rng.integers(-5, 1005, 10000))
    check(fn, big.astype(float), rng.integers(-5, 1005, 10000).astype(float))


def test_side_must_be_literal():
    def f(a, v, s):
        return np.searchsorted(a, v, side=s)
    with pytest.raises(oxjit.UnsupportedError, match="literal 'left' or 'right'"):
        oxjit.njit(f)(A, V, "right")

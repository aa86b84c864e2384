"""``numpy.unique`` with ``return_index``, ``return_inverse`` and ``return_counts`` (literal
flags, any combination) inside compiled functions, differential against NumPy: values,
first-occurrence indices, the inverse (shaped like the input, as NumPy 2) and counts, on
every dtype the slot routines take, C/Fortran/strided layouts, NaN and signed zeros, empty
arrays; and the refusal of a flag that is not a literal.
"""
import itertools

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

import oxjit
from diff import check


def u_index(a):
    return np.unique(a, return_index=True)


def u_inverse(a):
    return np.unique(a, return_inverse=True)


def u_counts(a):
    return np.unique(a, return_counts=True)


def u_all(a):
    return np.unique(a, True, True, True)


def u_index_counts(a):
    return np.unique(a, return_index=True, return_counts=True)


def u_inverse_counts(a):
    return np.unique(a, return_counts=True, return_inverse=True)


def u_rebuild(a):
    # The use these exist for: rebuilding the array and counting.
    vals, inv, cnt = np.unique(a, return_inverse=True, return_counts=True)
    return vals[inv.ravel()], cnt.sum()


def u_none(a):
    return np.unique(a, return_index=False)


FNS = [u_index, u_inverse, u_counts, u_all, u_index_counts, u_inverse_counts, u_rebuild, u_none]
FLOATS = np.array([np.nan, 1.0, -0.0, 0.0, np.nan, 1.0, -3.5, np.inf, -np.inf, 2.0, 0.0, -3.5])


@pytest.mark.parametrize("fn", FNS)
@pytest.mark.parametrize("dtype", [np.float64, np.float32, np.int64, np.int32, np.uint8, np.bool_])
def test_unique_returns(fn, dtype):
    if np.dtype(dtype).kind == "f":
        a = FLOATS.astype(dtype)
    else:
        a = np.array([5, 3, 5, 0, 7, 3, 3, 1, 0, 9, 5, 2]).astype(dtype)
    # Which zero stands for the zero group depends on NumPy's sort algorithm except with
    # `return_index` (a stable sort: the first met, as oxjit always picks).
    sz = fn is u_index
    check(fn, a, signed_zero=sz)
    check(fn, a[::-2], signed_zero=sz)
    check(fn, a.reshape(3, 4), signed_zero=sz)
    check(fn, np.asfortranarray(a.reshape(3, 4)), signed_zero=sz)
    check(fn, a.reshape(3, 4).T, signed_zero=sz)
    check(fn, a[:0])


def test_flag_must_be_literal():
    def f(a, flag):
        return np.unique(a, return_counts=flag)
    with pytest.raises(oxjit.UnsupportedError, match="literal True or False"):
        oxjit.njit(f)(np.ones(3), True)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(-5, 5), max_size=30))
def test_unique_returns_hypothesis(xs):
    a = np.array(xs, dtype=np.int64)
    check(u_all, a)
    check(u_all, a.astype(np.float64) / 2)

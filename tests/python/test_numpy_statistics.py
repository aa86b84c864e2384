"""``var``/``std`` with ``ddof=`` inside compiled functions (differential), as functions and
methods, whole array or along an axis, on float64/float32/int/bool data in every layout, with
``ddof`` an int or a float, larger than the count (inf/nan as NumPy), NaN/inf and empty inputs.

Tolerance: ``RTOL64 = 1e-12`` / ``RTOL32 = 1e-4``, as ``test_numpy_reductions.py`` (NumPy sums
pairwise, oxjit in fixed chunks; the two-pass algorithm is the same). The random test draws
integer-valued floats, whose sums are exact in any order, and compares within ``1e-9``
(a relative tolerance is meaningless for a variance that rounds to zero in one order only).
"""
import numpy
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import oxjit
from diff import check, cpython_errstate

RTOL64 = 1e-12
RTOL32 = 1e-4


def var_ddof(a, d):
    return np.var(a, ddof=d)


def std_ddof(a, d):
    return np.std(a, ddof=d)


def var_axis0_ddof(a, d):
    return np.var(a, 0, ddof=d)


def var_axis1_ddof(a, d):
    return np.var(a, axis=1, ddof=d)


def std_axis_last_ddof(a, d):
    return np.std(a, -1, ddof=d)


def std_method_ddof(a, d):
    return a.std(ddof=d)


def var_method_axis_ddof(a, d):
    return a.var(axis=0, ddof=d)


def var_default(a):
    return np.var(a), np.std(a, ddof=0)


def _layouts(a):
    out = [a.copy(), np.asfortranarray(a)]
    if a.ndim == 2:
        big = np.zeros((2 * a.shape[0], 3 * a.shape[1]), dtype=a.dtype)
        big[::2, ::3] = a
        out += [big[::2, ::3], a.T.copy().T]
    else:
        out.append(a[::-1])
    return out


def _rtol(a):
    return RTOL32 if a.dtype == np.float32 else RTOL64


@pytest.mark.parametrize("dtype", [np.float64, np.float32, np.int64, np.int32, np.bool_])
@pytest.mark.parametrize("shape", [(7,), (4, 5), (1, 3)])
def test_var_std_ddof(dtype, shape):
    rng = np.random.RandomState(0)
    base = rng.uniform(-3, 3, size=shape).astype(dtype)
    for a in _layouts(base):
        r = _rtol(a)
        with cpython_errstate(all="ignore"):
            for d in [0, 1, 2, 1.5]:
                check(var_ddof, a, d, rtol=r)
                check(std_ddof, a, d, rtol=r)
                check(std_method_ddof, a, d, rtol=r)
                if a.ndim == 2:
                    check(var_method_axis_ddof, a, d, rtol=r)
                    for fn in [var_axis0_ddof, var_axis1_ddof, std_axis_last_ddof]:
                        check(fn, a, d, rtol=r)
            check(var_default, a, rtol=r)


def test_ddof_at_or_above_the_count_and_special_values():
    a = np.arange(5.0)
    with cpython_errstate(all="ignore"):
        check(var_ddof, a, 5)          # inf (division by zero)
        check(var_ddof, a, 7)          # max(n - ddof, 0) = 0: inf
        check(std_ddof, a, 5)
        check(var_ddof, np.zeros(5), 5)   # 0/0: nan
        check(var_ddof, np.zeros(0), 1)   # nan
        check(var_ddof, np.array([1.0, np.nan, 2.0]), 1)
        check(std_ddof, np.array([1.0, np.inf]), 1)
        check(var_axis0_ddof, np.ones((3, 2)), 3)


@settings(max_examples=60, deadline=None)
@given(a=hnp.arrays(np.float64, hnp.array_shapes(min_dims=1, max_dims=2, min_side=1, max_side=8),
                    elements=st.integers(-1000, 1000).map(float)),
       d=st.integers(0, 3))
def test_random(a, d):
    with cpython_errstate(all="ignore"):
        check(var_ddof, a, d, rtol=1e-9)
        check(std_ddof, a, d, rtol=1e-9)


def var_ddof_array(a):
    return np.var(a, ddof=a)


def test_ddof_must_be_a_number():
    with pytest.raises(oxjit.TypingError, match="ddof"):
        oxjit.njit(var_ddof_array)(np.ones(3))


def average_(a):
    return np.average(a)


def average_weighted(a, w):
    return np.average(a, weights=w)


def average_axis(a):
    return np.average(a, axis=0)


@pytest.mark.parametrize("dtype", [np.float64, np.float32, np.int64, np.int32, np.bool_])
@pytest.mark.parametrize("shape", [(7,), (4, 5), (1, 3)])
def test_average(dtype, shape):
    rng = np.random.RandomState(1)
    base = rng.uniform(0.5, 3, size=shape).astype(dtype)
    w = rng.uniform(0.5, 2, size=shape)
    for a in _layouts(base):
        r = _rtol(a)
        check(average_, a, rtol=r)
        for ww in _layouts(w.astype(a.dtype if a.dtype != np.bool_ else np.float64)):
            check(average_weighted, a, ww, rtol=r)
        check(average_weighted, a, w, rtol=RTOL64 if a.dtype != np.float32 else RTOL32)


def test_average_special_inputs_and_errors():
    with cpython_errstate(all="ignore"):
        check(average_, np.zeros(0))                                   # nan
    check(average_, np.array([1.0, np.nan]))
    check(average_, np.array([1.0, np.inf]))
    check(average_weighted, np.ones(3), np.zeros(3))                   # ZeroDivisionError
    check(average_weighted, np.ones(3), np.ones(2))                    # TypeError
    check(average_weighted, np.arange(4), np.arange(4))


def test_average_axis_is_unsupported():
    with pytest.raises(oxjit.UnsupportedError, match=r"-->.*:\d+:\d+"):
        oxjit.njit(average_axis)(np.ones((2, 2)))

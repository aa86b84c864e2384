"""Vectorised element functions in array kernels (the loop stage's `vector-math` step).

`exp`, `expm1`, `log`, `log1p`, `sin`, `cos`, `tan`, `arctan` and `sqrt` of float64
elements are evaluated a block of 256 at a
time by the runtime's vectorised routines (`oxjit_runtime::vmath`), inside fused expressions,
reductions, strided and n-D views and parallel kernels. Checked here:

* values against NumPy: within ``RTOL64 = 1e-15`` for the transcendental functions (NumPy's
  own SIMD kernels and libm round differently; the routines are within 1 ulp of libm, see
  docs/vmath.md), exactly for ``sqrt``; sizes around the block (256) and chunk (4096) edges;
* special values (NaN, ±inf, ±0, overflow, underflow, domain errors) exactly equal to NumPy's,
  sign of zero included;
* ``parallel=True`` bit-identical to serial;
* structure: the loop dump schedules "vector math", the code calls the chunk routine and no
  per-element libm function; ``OXJIT_SKIP_PASSES=vector-math`` turns it off;
* a scalar ``math.exp`` in a user loop stays libm's (bit-equal to CPython).
"""
import math

import numpy
import numpy as np
import pytest

import oxjit
from diff import check, cpython_errstate

try:
    from hypothesis import given, settings
    from hypothesis import strategies as st
    from hypothesis.extra import numpy as hnp
except ImportError:  # pragma: no cover - hypothesis is optional
    given = None

RTOL64 = 1e-15


def f_exp(a):
    return np.exp(a)


def f_log(a):
    return np.log(a)


def f_sin(a):
    return np.sin(a)


def f_cos(a):
    return np.cos(a)


def f_sqrt(a):
    return np.sqrt(a)


def f_tan(a):
    return np.tan(a)


def f_expm1(a):
    return np.expm1(a)


def f_log1p(a):
    return np.log1p(a)


def f_arctan(a):
    return np.arctan(a)


FUNCS = [(f_exp, -50.0, 50.0), (f_log, 1e-3, 1e3), (f_sin, -100.0, 100.0),
         (f_cos, -100.0, 100.0), (f_sqrt, 0.0, 1e6), (f_tan, -100.0, 100.0),
         (f_expm1, -3.0, 3.0), (f_log1p, -0.99, 1e3), (f_arctan, -5.0, 5.0)]


def _rtol(fn):
    return None if fn is f_sqrt else RTOL64


@pytest.mark.parametrize("fn,lo,hi", FUNCS, ids=lambda x: getattr(x, "__name__", str(x)))
@pytest.mark.parametrize("n", [0, 1, 7, 255, 256, 257, 1000, 4097, 10000])
def test_values_around_block_and_chunk_edges(fn, lo, hi, n):
    a = np.random.RandomState(n).uniform(lo, hi, n)
    check(fn, a, rtol=_rtol(fn))


SPECIALS = np.array([0.0, -0.0, -0.5, -0.9999999999, -36.5, -40.0, 1e-19, -1e-19, np.inf, -np.inf, np.nan, -np.nan, 1.0, -1.0, 2.2250738585072014e-308,
                     5e-324, -5e-324, 1e-310, 1.7976931348623157e308, -1.7976931348623157e308,
                     708.0, 708.5, 709.78, 709.8, 710.0, -708.5, -745.0, -746.0, 1e6, 1.0000001e6,
                     1e22, -1e300, 3.7e-9, -1e-20, 1e-300])


@pytest.mark.parametrize("fn", [f for f, _, _ in FUNCS], ids=lambda f: f.__name__)
def test_special_values_equal_numpy(fn):
    # Every special value inside a block of ordinary ones (so the scalar fix-up runs for a few
    # lanes of a vectorised block), and alone.
    rng = np.random.RandomState(1)
    a = rng.uniform(0.5, 2.0, 500)
    a[::10][: len(SPECIALS)] = SPECIALS
    with np.errstate(all="ignore"):
        for x in (a, SPECIALS):
            expected = fn(x)
            got = oxjit.njit(fn)(x)
            fast = np.isfinite(expected) & (expected != 0) & (np.abs(expected) >= 2.2250738585072014e-308)
            # Special results (nan, inf, zeros, subnormals) exactly, sign of zero included.
            assert np.array_equal(np.isnan(expected), np.isnan(got))
            assert np.array_equal(expected[~fast], got[~fast], equal_nan=True)
            # The sign of zeros and infinities; not of NaN, which NumPy's own kernels choose
            # differently across versions (NumPy 2.4's log of a negative gives +nan, libm's
            # and earlier NumPy's -nan).
            special = ~fast & ~np.isnan(expected)
            assert np.array_equal(np.signbit(expected[special]), np.signbit(got[special]))
            assert np.allclose(got[fast], expected[fast], rtol=_rtol(fn) or 0.0, atol=0.0)


def fused(a, b):
    return np.exp(a) * 2.0 + np.sin(b)


def nested(a):
    return np.cos(np.log(a) + np.sqrt(a))


def sum_exp(a):
    return np.sum(np.exp(a))


def mean_and_dot(a, b):
    return np.mean(np.log(a)), np.dot(np.sin(a), b)


def into_view(a, b):
    b[::2] = np.exp(a[::3])
    return b


def int_input(a):
    return np.exp(a)


def f32_input(a):
    return np.sin(a)


def test_fused_expressions():
    rng = np.random.RandomState(2)
    a, b = rng.uniform(0.1, 5.0, 3000), rng.uniform(-5, 5, 3000)
    check(fused, a, b, rtol=1e-14)
    check(nested, a, rtol=1e-14)
    check(sum_exp, a, rtol=1e-13)
    check(mean_and_dot, a, b, rtol=1e-12)


def test_strided_and_nd_inputs():
    rng = np.random.RandomState(3)
    m = rng.uniform(0.1, 3.0, (70, 90))
    check(f_exp, m, rtol=RTOL64)
    check(f_log, m[:, ::3], rtol=RTOL64)
    check(f_sin, m.T, rtol=RTOL64)
    check(f_cos, m[::-1, 5:], rtol=RTOL64)
    check(f_exp, rng.uniform(-3, 3, (4, 5, 300))[:, 1:, ::2], rtol=RTOL64)
    check(f_sqrt, m[::2, ::-2])
    check(into_view, rng.uniform(-3, 3, 3000), np.zeros(2000), rtol=RTOL64)
    check(fused, m, m[::-1], rtol=1e-14)


def in_prange(m):
    out = np.empty(m.shape[0])
    for i in oxjit.prange(m.shape[0]):
        out[i] = np.sum(np.exp(m[i])) + np.dot(np.tan(m[i]), m[i])
    return out


def whole_2d(m):
    return np.sum(np.exp(m)), np.log1p(np.abs(m)).sum(axis=0)


def selected(a):
    return np.where(a > 0, np.log(a), np.sin(a))


def other_reductions(a):
    return np.mean(np.sqrt(a)), np.max(np.cos(a)), np.min(np.expm1(a))


@pytest.mark.parametrize("parallel", [False, True])
def test_prange_where_and_other_reductions(parallel):
    rng = np.random.RandomState(6)
    m = rng.uniform(-1.5, 1.5, (300, 700))
    check(in_prange, m, rtol=1e-12, parallel=parallel)
    check(whole_2d, m, rtol=1e-12, parallel=parallel)
    with cpython_errstate(all="ignore"):
        check(selected, m.ravel(), rtol=RTOL64, parallel=parallel)
    check(other_reductions, np.abs(m.ravel()), rtol=1e-13, parallel=parallel)


def broadcast_pair(a, b):
    return np.exp(a) + np.sin(b)


@pytest.mark.parametrize("parallel", [False, True])
def test_broadcast_and_empty_shapes(parallel):
    rng = np.random.RandomState(10)
    for a, b in [(rng.rand(5, 1), rng.rand(1, 300)), (rng.rand(0, 3), rng.rand(1, 3)),
                 (rng.rand(4, 0), rng.rand(4, 1)), (rng.rand(3, 1, 700), rng.rand(2, 1)),
                 (rng.rand(1), rng.rand(9000)), (rng.rand(9000, 1), rng.rand(1)),
                 (np.asfortranarray(rng.rand(300, 301)), rng.rand(300, 301)[:, ::-1])]:
        check(broadcast_pair, a, b, rtol=1e-14, parallel=parallel)


def test_other_input_dtypes():
    check(int_input, np.arange(-40, 600), rtol=RTOL64)
    check(f32_input, np.linspace(-9, 9, 1000, dtype=np.float32), rtol=1e-6)


@pytest.mark.parametrize("fn,lo,hi", FUNCS, ids=lambda x: getattr(x, "__name__", str(x)))
def test_float32_elements_computed_in_float64(fn, lo, hi, monkeypatch):
    # float32 elements go through the float64 routine and are rounded once, as the per-element
    # call does: within float32 rounding of NumPy, and bit-equal to the step turned off except
    # where the float64 values (within 1 ulp of libm) round to neighbouring float32 values.
    rng = np.random.RandomState(9)
    a = rng.uniform(lo, hi, 3000).astype(np.float32)
    a[:: 100] = np.float32(0.0)
    with cpython_errstate(all="ignore"):
        check(fn, a, rtol=1e-6)
    fused32 = oxjit.njit(fn)(a[::-1])
    calls, ir = _calls(fn, a)
    routine = "oxjit_rt_v" + {"f_arctan": "atan"}.get(fn.__name__, fn.__name__[2:])
    assert "vector math" in ir and routine in calls, calls
    monkeypatch.setenv("OXJIT_SKIP_PASSES", "vector-math")
    off = oxjit.njit(fn)(a[::-1])
    assert fused32.dtype == off.dtype == np.float32
    differ = np.count_nonzero(fused32.view(np.uint32) != off.view(np.uint32))
    assert differ <= (0 if fn is f_sqrt else 3), differ


def test_parallel_is_bit_identical_to_serial():
    rng = np.random.RandomState(4)
    a, b = rng.uniform(0.1, 5.0, 50_001), rng.uniform(-5, 5, 50_001)
    for fn, args in [(fused, (a, b)), (sum_exp, (a,)), (mean_and_dot, (a, b)), (nested, (a,)),
                     (f_log, (a.reshape(7, -1)[:, ::3],))]:
        ser = oxjit.njit(fn)(*args)
        par = oxjit.njit(parallel=True)(fn)(*args)
        if isinstance(ser, tuple):
            assert ser == par
        else:
            assert np.array_equal(ser, par), fn.__name__


def _calls(fn, *args):
    f = oxjit.njit(fn)
    f(*args)
    return f._runtime_calls()[0], f.inspect_ir("loops", signature=0)


def test_chunk_routine_replaces_per_element_calls(monkeypatch):
    a = np.random.RandomState(6).random_sample(1000) + 0.5
    cases = [(f_exp, "oxjit_rt_vexp", "oxjit_rt_exp"), (f_log, "oxjit_rt_vlog", "oxjit_rt_log"),
             (f_sin, "oxjit_rt_vsin", "oxjit_rt_sin"), (f_cos, "oxjit_rt_vcos", "oxjit_rt_cos"),
             (f_tan, "oxjit_rt_vtan", "oxjit_rt_tan"),
             (f_expm1, "oxjit_rt_vexpm1", "oxjit_rt_expm1"),
             (f_log1p, "oxjit_rt_vlog1p", "oxjit_rt_log1p"),
             (f_arctan, "oxjit_rt_vatan", "oxjit_rt_atan"),
             (sum_exp, "oxjit_rt_vexp", "oxjit_rt_exp")]
    for fn, chunk, scalar in cases:
        calls, ir = _calls(fn, a)
        assert chunk in calls and scalar not in calls, calls
        assert "vector math in blocks of 256" in ir
    monkeypatch.setenv("OXJIT_SKIP_PASSES", "vector-math")
    for fn, chunk, scalar in cases:
        # A new dispatcher compiles again with the step off: one libm call per element.
        calls, ir = _calls(fn, a)
        assert scalar in calls and chunk not in calls, calls
        assert "vector math" not in ir
        # A sum adds in another order than NumPy's pairwise sum: within rounding of the sum.
        rtol = 1e-13 if fn is sum_exp else RTOL64
        assert np.allclose(oxjit.njit(fn)(a), fn(a), rtol=rtol, atol=0)


def scalar_exp_loop(a):
    s = 0.0
    for i in range(a.shape[0]):
        s += math.exp(a[i]) + math.sin(a[i])
    return s


def test_scalar_math_stays_libm():
    a = np.random.RandomState(5).uniform(-20, 20, 2000)
    check(scalar_exp_loop, a)  # exact: CPython's math.exp is libm's
    calls, _ = _calls(scalar_exp_loop, a)
    assert "oxjit_rt_exp" in calls and "oxjit_rt_vexp" not in calls, calls


if given is not None:
    @settings(max_examples=60, deadline=None)
    @given(hnp.arrays(np.float64, st.integers(0, 700),
                      elements=st.floats(-800, 800) | st.sampled_from([np.nan, np.inf, -np.inf, -0.0])),
           st.sampled_from([f_exp, f_sin, f_cos, f_tan, f_expm1, f_arctan]))
    def test_hypothesis_any_input(a, fn):
        with cpython_errstate(all="ignore"):
            check(fn, a, rtol=RTOL64)

    @settings(max_examples=60, deadline=None)
    @given(hnp.arrays(np.float64, st.integers(0, 700),
                      elements=st.floats(0, 1e300) | st.sampled_from([np.nan, np.inf, -0.0, -1.0])),
           st.sampled_from([f_log, f_sqrt, f_log1p]))
    def test_hypothesis_nonnegative_input(a, fn):
        with cpython_errstate(all="ignore"):
            check(fn, a, rtol=_rtol(fn))

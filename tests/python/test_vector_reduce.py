"""Sums of contiguous float64 arrays by the runtime's SIMD routine (the loop stage's
`vector-reduce` part): `np.sum(a)`, `np.mean(a)`, `np.sum(a * b)` and `np.dot(a, b)` of 1-D
C-contiguous float64 arrays.

The summation order is fixed and documented (docs/vmath.md): chunks of 4096 elements, folded in
chunk order into a total starting at 0.0; inside a chunk 32 accumulators, element `i` of the
chunk to accumulator `i % 32` for the first `32·⌊len/32⌋` elements and the rest to accumulator
0, then accumulators 1..31 added into accumulator 0 in order. Checked here: bit-for-bit against
that order written in Python; within a tolerance of NumPy's pairwise sum; `parallel=True`
bit-identical to serial; structure (the schedule and the routine called) and
`OXJIT_SKIP_PASSES=vector-reduce`.
"""
import numpy as np
import pytest

import oxjit
from diff import check

try:
    from hypothesis import given, settings
    from hypothesis import strategies as st
    from hypothesis.extra import numpy as hnp
except ImportError:  # pragma: no cover - hypothesis is optional
    given = None

CHUNK, LANES = 4096, 32


def documented_sum(terms):
    """The documented order, in plain Python floats."""
    total = 0.0
    for c0 in range(0, len(terms), CHUNK):
        chunk = [float(t) for t in terms[c0:c0 + CHUNK]]
        acc = [0.0] * LANES
        full = len(chunk) // LANES * LANES
        for i in range(full):
            acc[i % LANES] += chunk[i]
        for i in range(full, len(chunk)):
            acc[0] += chunk[i]
        s = acc[0]
        for a in acc[1:]:
            s += a
        total += s
    return total


def r_sum(a, b):
    return np.sum(a)


def r_mean(a, b):
    return np.mean(a)


def r_sum_mul(a, b):
    return np.sum(a * b)


def r_dot(a, b):
    return np.dot(a, b)


def r_method(a, b):
    return (a * b).sum() + a.sum()


CASES = [r_sum, r_mean, r_sum_mul, r_dot]


def _expected(fn, a, b):
    if fn in (r_sum, r_mean):
        s = documented_sum(a)
        return s / len(a) if fn is r_mean else s
    return documented_sum([x * y for x, y in zip(a.tolist(), b.tolist())])


@pytest.mark.parametrize("fn", CASES, ids=lambda f: f.__name__)
@pytest.mark.parametrize("n", [1, 31, 32, 33, 4095, 4096, 4097, 10000, 50001])
def test_documented_order_bit_for_bit(fn, n):
    rng = np.random.RandomState(n)
    a, b = rng.standard_normal(n) * 1e3, rng.standard_normal(n)
    got = oxjit.njit(fn)(a, b)
    assert got == _expected(fn, a, b)
    assert oxjit.njit(parallel=True)(fn)(a, b) == got


@pytest.mark.parametrize("fn", CASES + [r_method], ids=lambda f: f.__name__)
def test_close_to_numpy(fn):
    rng = np.random.RandomState(7)
    for n in (0, 5, 1000, 100_000):
        a, b = rng.uniform(-1, 1, n), rng.uniform(-1, 1, n)
        if fn is r_mean and n == 0:
            continue
        check(fn, a, b, rtol=1e-12)


def test_views_broadcast_and_other_dtypes_take_the_lane_loop():
    rng = np.random.RandomState(8)
    a = rng.uniform(-1, 1, 20_001)
    one = np.array([0.5])
    for fn, args, rtol in [(r_sum, (a[::2], a), 1e-12), (r_sum_mul, (a, one), 1e-12),
                           (r_dot, (a[::-1], a), 1e-12), (r_sum, (np.arange(5000), a), None),
                           # float32 sums in float32 (NumPy's pairwise order differs)
                           (r_sum, (a.astype(np.float32), a), 1e-5)]:
        check(fn, *args, rtol=rtol)
        ser = oxjit.njit(fn)(*args)
        assert oxjit.njit(parallel=True)(fn)(*args) == ser


def _schedule_and_calls(fn, *args):
    f = oxjit.njit(fn)
    f(*args)
    sched = [ln for ln in f.inspect_ir("loops", signature=0).splitlines() if "schedule:" in ln]
    return sched, f._runtime_calls()[0]


def test_structure_and_skip(monkeypatch):
    a = np.random.random(1000)
    expect = {r_sum: "oxjit_rt_vsum", r_mean: "oxjit_rt_vsum", r_sum_mul: "oxjit_rt_vdot",
              r_dot: "oxjit_rt_vdot"}
    for fn, routine in expect.items():
        sched, calls = _schedule_and_calls(fn, a, a)
        assert sched == [sched[0]] and "32 lanes" in sched[0] and "SIMD sum" in sched[0], sched
        assert routine in calls, calls
    # A strided view is not contiguous: the compiled 2-lane loop, no routine.
    sched, calls = _schedule_and_calls(r_sum, a[::2], a)
    assert "SIMD sum" not in sched[0] and "2 lanes" in sched[0]
    assert "oxjit_rt_vsum" not in calls
    monkeypatch.setenv("OXJIT_SKIP_PASSES", "vector-reduce")
    for fn, routine in expect.items():
        sched, calls = _schedule_and_calls(fn, a, a)
        assert "SIMD sum" not in sched[0] and "2 lanes" in sched[0], sched
        assert routine not in calls, calls
        assert oxjit.njit(fn)(a, a) == pytest.approx(fn(a, a), rel=1e-12)


if given is not None:
    @settings(max_examples=80, deadline=None)
    @given(hnp.arrays(np.float64, st.integers(0, 9000),
                      elements=st.floats(-1e6, 1e6, allow_subnormal=False)),
           st.sampled_from([r_sum, r_sum_mul, r_dot]))
    def test_hypothesis_documented_order(a, fn):
        b = a[::-1].copy()
        assert oxjit.njit(fn)(a, b) == _expected(fn, a, b)


def test_large_sums_on_the_pool_keep_the_documented_order():
    """Serial code sums a large contiguous array with one runtime call whose chunks run on
    the thread pool (`oxjit_rt_vsum_chunked`/`oxjit_rt_vdot_chunked`): bit-identical to the
    documented order with 1, 2 or 3 threads, and to `parallel=True`."""
    rng = np.random.default_rng(7)
    a = rng.standard_normal(200_003) * 1e3
    b = rng.standard_normal(200_003)
    prod = a * b
    want = {r_sum: documented_sum(a), r_dot: documented_sum(prod),
            r_sum_mul: documented_sum(prod)}
    before = oxjit.get_num_threads()
    try:
        for fn, expected in want.items():
            f = oxjit.njit(fn)
            for threads in (1, 2, 3):
                oxjit.set_num_threads(threads)
                assert f(a, b) == expected, (fn.__name__, threads)
            assert oxjit.njit(parallel=True)(fn)(a, b) == expected
        calls = oxjit.njit(r_dot)
        calls(a, b)
        assert "oxjit_rt_vdot_chunked" in calls._runtime_calls()[0]
    finally:
        oxjit.set_num_threads(before)

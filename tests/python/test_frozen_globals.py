"""Module-level NumPy arrays, NumPy scalars and tuples read by compiled code: frozen at compile
time as Numba does (rebinding the name later is not seen), compared with CPython running the
same function."""
import numpy as np
import pytest

import oxjit
from oxjit import njit

WEIGHTS = np.array([0.5, -1.25, 2.0])
GRID = np.arange(12, dtype=np.int32).reshape(3, 4)
FORTRAN = np.asfortranarray(np.arange(6.0).reshape(2, 3))
STRIDED = np.arange(20.0)[::3]
FLAGS = np.array([True, False, True])
READ_ONLY = np.arange(4.0)
READ_ONLY.flags.writeable = False
SHAPE = (2, 3)
MIXED = (1, 2.5, True, (4, 5.0))
FLOAT32_MAX = np.float32(np.finfo(np.float32).max)
EPS32 = np.finfo(np.float32).eps
BIG = np.uint64(2**63 + 5)
PAIR = (np.array([1.0, 2.0]), 7)
A_LIST = [1, 2]
MUTABLE = np.zeros(3)


def read_arrays(x):
    s = 0.0
    for i in range(WEIGHTS.shape[0]):
        s += WEIGHTS[i] * x
    return s, GRID[2, 3], FORTRAN[1, 0], STRIDED[2], FLAGS[1], STRIDED.sum(), GRID[0, 1] + GRID[1, 1]


def shapes_and_tuples():
    z = np.zeros(SHAPE)
    return z.shape, MIXED, MIXED[3][1] + SHAPE[0], len(MIXED)


def float32_scalars(x):
    return FLOAT32_MAX, EPS32, EPS32 * 2, x < FLOAT32_MAX, BIG


def tuple_with_array():
    return PAIR[0].sum() * PAIR[1]


def array_expression():
    return np.sqrt(WEIGHTS * WEIGHTS).sum()


@pytest.mark.parametrize("fn, args", [
    (read_arrays, (2.0,)), (shapes_and_tuples, ()), (float32_scalars, (1e30,)),
    (tuple_with_array, ()), (array_expression, ()),
])
def test_same_as_cpython(fn, args):
    want = fn(*args)
    got = njit(fn)(*args)
    assert repr(got) == repr(_plain(want))


def _plain(v):
    """CPython's values as oxjit boxes them: NumPy scalars become Python numbers."""
    if isinstance(v, tuple):
        return tuple(_plain(x) for x in v)
    if isinstance(v, (np.bool_,)):
        return bool(v)
    if isinstance(v, np.integer):
        return int(v)
    if isinstance(v, np.floating):
        return float(v)
    return v


def test_returning_the_array_returns_the_same_object():
    @njit
    def f():
        return WEIGHTS
    assert f() is WEIGHTS


def test_writes_go_to_the_array_as_in_cpython():
    @njit
    def f(k):
        MUTABLE[k] += 1.0
        return MUTABLE.sum()
    MUTABLE[:] = 0.0
    assert f(1) == 1.0 and f(1) == 2.0
    assert MUTABLE.tolist() == [0.0, 2.0, 0.0]


def test_writing_a_read_only_array_raises_numpys_error():
    def f():
        READ_ONLY[0] = 1.0
    with pytest.raises(ValueError) as want:
        f()
    with pytest.raises(ValueError) as got:
        njit(f)()
    assert str(got.value) == str(want.value)


REBOUND = np.array([1.0, 2.0])
BAD_TUPLE = (1, "a")


def test_rebinding_the_name_is_not_seen_after_compiling():
    global REBOUND

    @njit
    def f():
        return REBOUND.sum()
    assert f() == 3.0
    saved, REBOUND = REBOUND, np.array([10.0])
    try:
        assert f() == 3.0          # frozen at the first compilation, as Numba
    finally:
        REBOUND = saved


def test_lists_are_refused_with_the_line():
    @njit
    def f():
        return A_LIST[0]
    with pytest.raises(oxjit.UnsupportedError, match="global `A_LIST` of type `list`") as e:
        f()
    assert "test_frozen_globals.py:" in str(e.value)


def test_unsupported_tuple_element_is_refused():
    @njit
    def f():
        return BAD_TUPLE[0]
    with pytest.raises(oxjit.UnsupportedError, match="global `BAD_TUPLE`"):
        f()


BIG_WEIGHTS = np.linspace(0.0, 1.0, 100_000)


def test_parallel_loops_and_fused_expressions_read_frozen_arrays():
    def f(x):
        out = np.empty_like(BIG_WEIGHTS)
        for i in oxjit.prange(BIG_WEIGHTS.shape[0]):
            out[i] = BIG_WEIGHTS[i] * x
        return out.sum(), np.sum(BIG_WEIGHTS * BIG_WEIGHTS + x)
    serial = njit(f)(3.0)
    parallel = njit(parallel=True)(f)(3.0)
    assert serial == parallel
    assert np.isclose(serial[0], (BIG_WEIGHTS * 3.0).sum())
    assert np.isclose(serial[1], np.sum(BIG_WEIGHTS * BIG_WEIGHTS + 3.0))

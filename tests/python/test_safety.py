"""Safety: deep recursion raises `RecursionError` (not a crash), writes into read-only arrays
raise NumPy's `ValueError`, and reads from them work as from any array."""
import threading

import numpy
import pytest

import oxjit
from oxjit import njit


@njit
def endless(n):
    if n < 0:
        return 0
    return endless(n + 1) + 1


@njit
def depth(n):
    if n == 0:
        return 0
    return depth(n - 1) + 1


@njit
def endless_with_array(a, n):
    b = a * 2.0
    if n < 0:
        return b[0]
    return endless_with_array(b, n + 1) + 1.0


@njit
def fib(n):
    if n < 2:
        return n
    return fib(n - 1) + fib(n - 2)


def test_endless_recursion_raises_recursion_error():
    with pytest.raises(RecursionError, match="maximum recursion depth exceeded"):
        endless(0)
    # The function still works afterwards.
    assert depth(10) == 10


def test_deep_but_finite_recursion_fits():
    assert depth(20_000) == 20_000
    assert fib(20) == 6765


def test_arrays_are_released_when_recursion_fails():
    a = numpy.ones(4)
    endless_with_array(a, -1)
    before = oxjit._oxjit.live_allocations()
    with pytest.raises(RecursionError):
        endless_with_array(a, 0)
    assert oxjit._oxjit.live_allocations() == before


def test_recursion_error_in_a_thread():
    out = []

    def run():
        try:
            endless(0)
        except RecursionError as e:
            out.append(str(e))

    t = threading.Thread(target=run)
    t.start()
    t.join()
    assert out == ["maximum recursion depth exceeded"]


# --- read-only arrays ------------------------------------------------------------------------


@njit
def set_first(a, x):
    a[0] = x


@njit
def set_row(a, x):
    a[0, :] = x


@njit
def add_in_place(a):
    a += 1.0


@njit
def sort_in_place(a):
    a.sort()


@njit
def shuffle(a):
    numpy.random.shuffle(a)


@njit
def maybe_write(a, flag):
    if flag:
        a[0] = 1.0
    return a.sum()


@njit
def through_a_view(a):
    v = a[1:]
    v[0] = 7.0


@njit
def through_other_views(a):
    b = numpy.asarray(a)
    c = b.reshape(2, 2)
    d = c.T
    d[0, 1] = 7.0


@njit
def slice_add(a):
    a[1:] += 1.0


@njit
def element_add(a):
    a[0] += 1.0


@njit
def masked(a):
    a[a > 2.0] = 0.0


@njit
def callee_writes(a):
    set_first(a, 2.0)


@njit
def identity(a):
    return a


@njit
def write_returned(a):
    b = identity(a)
    b[0] = 1.0


@njit
def total(a):
    s = 0.0
    for i in range(a.shape[0]):
        s += a[i]
    return s


@njit
def copy_then_write(a):
    b = a.copy()
    b[0] = 9.0
    return b


def read_only(a):
    a = numpy.array(a, dtype=numpy.float64)
    a.setflags(write=False)
    return a


MSG = "assignment destination is read-only"


@pytest.mark.parametrize(
    "call",
    [
        lambda a: set_first(a, 1.0),
        lambda a: set_row(a.reshape(2, 2), 1.0),
        add_in_place,
        sort_in_place,
        shuffle,
        lambda a: maybe_write(a, True),
        through_a_view,
        through_other_views,
        slice_add,
        element_add,
        masked,
        callee_writes,
        write_returned,
    ],
)
def test_writes_into_read_only_arrays_raise_like_numpy(call):
    a = read_only([4.0, 3.0, 2.0, 1.0])
    with pytest.raises(ValueError, match=MSG):
        call(a)
    numpy.testing.assert_array_equal(a, [4.0, 3.0, 2.0, 1.0])
    # NumPy raises the same error for the same write.
    with pytest.raises(ValueError, match=MSG):
        a[0] = 1.0


def test_broadcast_to_result_is_read_only():
    b = numpy.broadcast_to(numpy.zeros(1), (3,))
    with pytest.raises(ValueError, match=MSG):
        set_first(b, 1.0)
    assert total(b) == 0.0


def test_reads_and_unexecuted_writes_are_fine():
    a = read_only(numpy.arange(10.0))
    assert total(a) == 45.0
    assert maybe_write(a, False) == 45.0
    out = copy_then_write(a)
    assert out[0] == 9.0 and out.flags.writeable
    assert not identity(a).flags.writeable and identity(a) is a
    assert not identity(a[2:]).flags.writeable


def test_writable_arrays_are_still_written():
    a = numpy.zeros(4)
    set_first(a, 5.0)
    add_in_place(a)
    assert a.tolist() == [6.0, 1.0, 1.0, 1.0]


@oxjit.njit(parallel=True)
def doubled_prange(a):
    out = numpy.empty(a.shape[0])
    for i in oxjit.prange(a.shape[0]):
        out[i] = a[i] * 2.0
    return out


@oxjit.njit(parallel=True)
def ones_prange(a):
    for i in oxjit.prange(a.shape[0]):
        a[i] = 1.0


def test_prange_bodies_check_writes_into_parameters_only():
    a = read_only(numpy.arange(100_000.0))
    numpy.testing.assert_array_equal(doubled_prange(a), a * 2.0)
    with pytest.raises(ValueError, match=MSG):
        ones_prange(a)
    b = numpy.zeros(100_000)
    ones_prange(b)
    assert b.sum() == 100_000.0

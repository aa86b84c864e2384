"""A Python int meeting an array of a narrow or unsigned integer dtype (NumPy 2's weak scalar,
NEP 50): it is converted to the array's dtype and raises `OverflowError` when it does not fit
(`a[1:3] = -1`, `a.fill(300)`, `a + 300`, `np.full(3, -1, np.uint8)` ...), `clip`'s bounds are
compared exactly, and `np.dot` of narrow ints wraps in the dtype. CPython + NumPy vs oxjit,
exception classes and messages included.
"""
import numpy
import pytest

from diff import check

NARROW = ["int8", "uint8", "int16", "uint16", "int32", "uint32", "uint64"]
VALUES = [-1, 0, 7, 127, 128, 255, 256, 300, -129, -32769, 70000, 2**31, 2**32, -(2**40)]


def fill(a, v):
    a.fill(v)
    return a


def full_u8(v):
    return numpy.full(3, v, numpy.uint8)


def full_i16(v):
    return numpy.full((2, 2), v, numpy.int16)


def full_like(a, v):
    return numpy.full_like(a, v)


def slice_set(a, v):
    a[1:3] = v
    return a


def mask_set(a, v):
    a[a == a[0]] = v
    return a


def fancy_set(a, v):
    a[numpy.array([0, 2])] = v
    return a


def row_set(a, v):
    b = a.reshape((2, 2))
    b[0] = v
    return a


def literal_u8(v):
    return numpy.array([1, v], dtype=numpy.uint8)


def add(a, v):
    return a + v


def rsub(a, v):
    return v - a


def mul(a, v):
    return a * v


def floordiv(a, v):
    return a // v


def bitand(a, v):
    return a & v


def maximum(a, v):
    return numpy.maximum(a, v)


def iadd(a, v):
    a += v
    return a


def truediv(a, v):
    return a / v


def less(a, v):
    return a < v


def arr(dtype):
    return numpy.array([1, 2, 3, 4], dtype=dtype)


@pytest.mark.parametrize("fn", [fill, full_like, slice_set, mask_set, fancy_set, row_set])
@pytest.mark.parametrize("dtype", NARROW)
@pytest.mark.parametrize("v", VALUES)
def test_stores_check_the_int(fn, dtype, v):
    check(fn, arr(dtype), v, exact_exception=True)


@pytest.mark.parametrize("fn", [full_u8, full_i16, literal_u8])
@pytest.mark.parametrize("v", VALUES)
def test_creation_checks_the_int(fn, v):
    check(fn, v, exact_exception=True)


@pytest.mark.parametrize("fn", [add, rsub, mul, floordiv, bitand, maximum, iadd])
@pytest.mark.parametrize("dtype", ["int8", "uint8", "int16", "uint16", "uint32"])
@pytest.mark.parametrize("v", [-1, 3, 255, 300, -200, 70000])
def test_arithmetic_checks_the_int(fn, dtype, v):
    if fn is floordiv and v == 0:
        return
    with numpy.errstate(all="ignore"):
        check(fn, arr(dtype), v, exact_exception=True)


@pytest.mark.parametrize("fn", [truediv, less])
@pytest.mark.parametrize("dtype", ["int8", "uint8", "uint32"])
@pytest.mark.parametrize("v", [-1, 300, 70000])
def test_division_and_comparison_take_any_int(fn, dtype, v):
    check(fn, arr(dtype), v, exact_exception=True)


def clip(a, lo, hi):
    return numpy.clip(a, lo, hi)


@pytest.mark.parametrize("dtype", NARROW + ["int64"])
@pytest.mark.parametrize(
    "lo,hi",
    [(-1, 10), (0, -1), (-5, -1), (2, 3), (300, 400), (-300, -200), (-5, 300), (3, 1),
     (-(2**40), 2**40), (2, 2**62)],
)
def test_clip_compares_int_bounds_exactly(dtype, lo, hi):
    a = numpy.array([0, 1, 5, 100, 2], dtype=dtype)
    check(clip, a, lo, hi, exact_exception=True)


def test_clip_uint64_high_values():
    a = numpy.array([1, 5, 2**63 + 5], dtype=numpy.uint64)
    check(clip, a, -1, 10, exact_exception=True)
    check(clip, a, 2, 2**63 - 1, exact_exception=True)


def dot(a, b):
    return numpy.dot(a, b)


@pytest.mark.parametrize("dtype", ["int8", "uint8", "int16", "uint16", "int32", "uint32"])
def test_dot_of_narrow_ints_wraps_in_the_dtype(dtype):
    info = numpy.iinfo(dtype)
    a = numpy.array([info.max, info.max, 3, info.min], dtype=dtype)
    b = numpy.array([info.max, 2, info.max, info.max], dtype=dtype)
    with numpy.errstate(all="ignore"):
        expected = int(numpy.dot(a, b))
    got = __import__("oxjit").njit(dot)(a, b)
    assert got == expected and type(got) is int
    m = numpy.array([[info.max, 2], [3, info.max]], dtype=dtype)
    check(dot, m, b[:2])
    check(dot, m, m)

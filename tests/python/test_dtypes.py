"""Arrays of every integer dtype (int8 … uint64) next to float64/float32/bool: arguments,
results, creation with `dtype=`, `astype`, element reads and writes, arithmetic with NumPy 2's
promotion and wrap-around, comparisons and reductions — CPython + NumPy vs oxjit.
"""
import numpy
import pytest

import oxjit
from diff import check, cpython_errstate

hypothesis = pytest.importorskip("hypothesis")
from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402
from hypothesis.extra import numpy as hnp  # noqa: E402

INTS = ["int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64"]
ALL = INTS + ["float32", "float64", "bool"]
SETTINGS = settings(max_examples=40, deadline=None)


def arrays(dtype, n=6):
    return hnp.arrays(numpy.dtype(dtype), n)


def add(a, b):
    return a + b


def sub(a, b):
    return a - b


def mul(a, b):
    return a * b


def floordiv_mod(a, b):
    return a // b, a % b


def truediv(a, b):
    return a / b


def bitwise(a, b):
    return a & b, a | b, a ^ b


def shifts(a, b):
    return a << b, a >> b


def compare(a, b):
    return a < b, a <= b, a == b, a != b, a > b, a >= b


def wrapped_then_compared(a, b):
    # NumPy wraps `a + b` to the dtype before comparing.
    return (a + b) > 100, -a, abs(a), ~a


def reductions(a):
    return a.sum(), a.max(), a.min(), a.argmax(), a.argmin(), a.prod(), numpy.sum(a)


def mean_of(a):
    return a.mean()


def axis_sum(m):
    return m.sum(axis=0)


def elements(a):
    return a[0], a[-1], a[0] == a[-1], a[0] < 3


def accumulate(a):
    t = 0
    for i in range(a.shape[0]):
        t += a[i]
    return t


def with_python_int(a):
    return a + 3, a * 2, a - 1, 7 + a


def with_float(a):
    return a + 0.5, a * 1.5


def sort_it(a):
    b = a.copy()
    b.sort()
    return b, numpy.argsort(a)


def identity(a):
    return a


def store_back(a, b):
    for i in range(a.shape[0]):
        a[i] = b[i]
    return a


def store_one(a, v):
    a[1] = v
    return a


def make_zeros(n):
    return (numpy.zeros(n, dtype=numpy.int8), numpy.ones(n, numpy.uint16),
            numpy.empty(0, numpy.uint32), numpy.full(n, 7, numpy.int16),
            numpy.zeros((n, 2), dtype=numpy.uint64))


def arange_dtype(n):
    return numpy.arange(n, dtype=numpy.int16), numpy.arange(n, dtype=numpy.uint32)


def to_each(a):
    return (a.astype(numpy.int8), a.astype(numpy.int16), a.astype(numpy.uint16),
            a.astype(numpy.uint32), a.astype(numpy.uint64), a.astype(numpy.float32))


def inplace_add(a, b):
    a += b
    return a


def uint64_scalar_ops(a, i, j):
    x = a[i]
    y = a[j]
    return x + y, x - y, x * y, x // (y | 1), x % (y | 1), x < y, x == y, x > 5, x >> 3


def uint64_scalar_mixed(a, k):
    x = a[0]
    return x + k, x / 2, x > k, x < k, x == k, float(x)


@pytest.mark.parametrize("dtype", ALL)
def test_round_trip(dtype):
    check(identity, numpy.arange(12).astype(dtype).reshape(3, 4))
    check(identity, numpy.arange(12).astype(dtype)[::3])


@pytest.mark.parametrize("da", INTS)
@pytest.mark.parametrize("db", ALL)
def test_promotion_table(da, db):
    a = (numpy.arange(6) * 37 + 3).astype(da)
    b = (numpy.arange(6) * 11 + 1).astype(db)
    for fn in (add, mul, truediv, compare):
        check(fn, a, b)
    if db != "bool":
        check(sub, a, b)
    with cpython_errstate(all="ignore"):
        check(floordiv_mod, a, b)


@pytest.mark.parametrize("dtype", INTS)
@given(data=st.data())
@SETTINGS
def test_arithmetic_wraps(dtype, data):
    a = data.draw(arrays(dtype))
    b = data.draw(arrays(dtype))
    with cpython_errstate(all="ignore"):
        for fn in (add, sub, mul, floordiv_mod, bitwise, compare, wrapped_then_compared):
            check(fn, a, b)


@pytest.mark.parametrize("dtype", INTS)
@given(data=st.data())
@SETTINGS
def test_shifts(dtype, data):
    a = data.draw(arrays(dtype))
    b = data.draw(hnp.arrays(numpy.dtype(dtype), 6, elements=st.integers(0, 8 * numpy.dtype(dtype).itemsize - 1)))
    check(shifts, a, b)


@pytest.mark.parametrize("dtype", INTS)
@given(data=st.data())
@SETTINGS
def test_reductions(dtype, data):
    a = data.draw(hnp.arrays(numpy.dtype(dtype), st.integers(1, 9)))
    with cpython_errstate(all="ignore"):
        check(reductions, a)
        if a.itemsize < 8:  # 64-bit sums with cancellation: NumPy sums pairwise
            check(mean_of, a, rtol=1e-12)
        check(elements, a)


@pytest.mark.parametrize("dtype", INTS[:-1])
def test_narrow_elements_read_as_int64(dtype):
    # Documented difference (as in Numba): elements of int8 … uint32 arrays read as int64
    # scalars, so scalar arithmetic on them does not wrap at the dtype's width.
    a = numpy.array([100, 100, 100], dtype=dtype)
    assert oxjit.njit(accumulate)(a) == 300


@pytest.mark.parametrize("dtype", INTS + ["float32"])
def test_axis_sum_dtype(dtype):
    check(axis_sum, (numpy.arange(12) * 50).astype(dtype).reshape(4, 3))


@pytest.mark.parametrize("dtype", INTS)
def test_python_scalars_are_weak(dtype):
    check(with_python_int, numpy.array([0, 1, 100, 127], dtype=dtype))
    check(with_float, numpy.array([0, 1, 100, 127], dtype=dtype))


@pytest.mark.parametrize("dtype", INTS)
@given(data=st.data())
@SETTINGS
def test_sort(dtype, data):
    check(sort_it, data.draw(hnp.arrays(numpy.dtype(dtype), 8, unique=True)))


@pytest.mark.parametrize("dtype", INTS)
def test_store_elements(dtype):
    a = numpy.zeros(4, dtype=dtype)
    check(store_back, a, numpy.array([1, 2, 100, 3]))
    # NumPy 2 raises OverflowError for an integer the dtype cannot hold.
    for bad in (-1, 300, 70000, 2 ** 40 + 5):
        if not numpy.can_cast(numpy.min_scalar_type(bad), dtype):
            check(store_one, a, bad, exact_exception=True)
        else:
            check(store_one, a, bad)
    check(store_back, a, numpy.array([1.5, 2.9, 100.0, 3.0]))


def test_creation_with_dtype():
    check(make_zeros, 3)
    check(arange_dtype, 5)


@given(a=hnp.arrays(numpy.int64, 6, elements=st.integers(-(2 ** 40), 2 ** 40)))
@SETTINGS
def test_astype(a):
    check(to_each, a)


def test_astype_from_uint64_to_float():
    check(to_each, numpy.array([0, 2 ** 63, 2 ** 64 - 1, 12345], dtype=numpy.uint64))


@pytest.mark.parametrize("dtype", INTS)
def test_inplace(dtype):
    check(inplace_add, numpy.array([127, 3, 120, 0], dtype=dtype), numpy.array([10, 4, 10, 1], dtype=dtype))


@given(a=hnp.arrays(numpy.uint64, 4), i=st.integers(0, 3), j=st.integers(0, 3))
@SETTINGS
def test_uint64_scalars(a, i, j):
    check(uint64_scalar_ops, a, i, j)


@given(a=hnp.arrays(numpy.uint64, 1), k=st.integers(-(2 ** 63), 2 ** 63 - 1))
@SETTINGS
def test_uint64_scalar_with_int64(a, k):
    # oxjit's int is int64 (NumPy: uint64 + int64 -> float64, as for `numpy.int64(k)`).
    fn = oxjit.njit(uint64_scalar_mixed)
    got = fn(a, k)
    x = a[0]
    want = (float(x) + float(k), float(x) / 2, int(x) > k, int(x) < k, int(x) == k, float(x))
    assert got == want


def test_uint64_result_is_python_int():
    got = oxjit.njit(reductions)(numpy.array([2 ** 64 - 1, 1], dtype=numpy.uint64))
    assert got[1] == 2 ** 64 - 1 and type(got[1]) is int


def test_signature_with_new_dtypes():
    sig = oxjit.int16(oxjit.int16[:], oxjit.uint64[:])
    f = oxjit.njit(sig)(lambda_free_sum)
    assert f(numpy.array([1, 2], numpy.int16), numpy.array([2 ** 63], numpy.uint64)) == 3


def lambda_free_sum(a, b):
    return a.sum()


def test_unsupported_dtype_message():
    with pytest.raises(TypeError, match="float16"):
        oxjit.njit(identity)(numpy.zeros(3, numpy.float16))

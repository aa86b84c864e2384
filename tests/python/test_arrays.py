"""Numpy arrays: indexing, writes, attributes, constructors, layouts (differential).

Array arguments reach CPython and oxjit as separate copies with identical
strides (diff.clone_array), and the harness compares them after the call, so
every test here also checks that inputs are left untouched unless written to,
and that writes land at the right addresses of C, Fortran and strided arrays.

Numpy scalars read from arrays follow numpy's promotion rules in CPython
(e.g. ``0.0 + float32`` stays float32), so the generic checksums convert
elements with ``float()`` first, keeping the CPython side in Python floats.
"""
import numpy
import numpy as np
import numpy as xp
import pytest

from diff import check, check_with

DTYPES = [numpy.float64, numpy.float32, numpy.int64, numpy.int32, numpy.uint8, numpy.bool_]
NUMERIC = [d for d in DTYPES if d is not numpy.bool_]


def _values(shape, dtype):
    """Distinct small positive values (bools alternate), in C order."""
    n = int(numpy.prod(shape))
    if dtype is numpy.bool_:
        return (numpy.arange(n) % 3 == 0).reshape(shape)
    return (numpy.arange(n) % 97 + 1).astype(dtype).reshape(shape)


def layouts_1d(dtype):
    a = _values((12,), dtype)
    m = _values((4, 6), dtype)
    return {
        "C": a,
        "strided": a[::2],
        "reversed": a[::-1],
        "column": m[:, 1],
        "offset": a[3:9],
    }


def layouts_2d(dtype):
    c = _values((4, 6), dtype)
    return {
        "C": c,
        "F": numpy.asfortranarray(c),
        "T": c.T,
        "strided": c[::2, ::3],
        "reversed": c[::-1, ::-1],
        "one-row": c[1:2, :],
    }


def layouts_3d(dtype):
    c = _values((2, 3, 4), dtype)
    return {
        "C": c,
        "F": numpy.asfortranarray(c),
        "transposed": c.transpose(2, 0, 1),
        "strided": _values((4, 3, 8), dtype)[::2, :, ::2],
    }


def _cases(layouts, dtypes=DTYPES):
    cases = []
    for dtype in dtypes:
        for name, arr in layouts(dtype).items():
            cases.append(pytest.param(arr, id=f"{numpy.dtype(dtype).name}-{name}"))
    return cases


# --- reading -----------------------------------------------------------------------


def checksum_1d(a):
    s = 0.0
    for i in range(a.shape[0]):
        s += float(a[i]) * (i + 1)
    return s


def checksum_2d(a):
    s = 0.0
    for i in range(a.shape[0]):
        for j in range(a.shape[1]):
            s += float(a[i, j]) * (i * 7 + j + 1)
    return s


def checksum_3d(a):
    s = 0.0
    for i in range(a.shape[0]):
        for j in range(a.shape[1]):
            for k in range(a.shape[2]):
                s += float(a[i, j, k]) * (i * 50 + j * 7 + k + 1)
    return s


def count_true_2d(a):
    s = 0
    for i in range(a.shape[0]):
        for j in range(a.shape[1]):
            if a[i, j]:
                s += i * 7 + j + 1
    return s


@pytest.mark.parametrize("a", _cases(layouts_1d, NUMERIC))
def test_read_1d(a):
    check(checksum_1d, a)


@pytest.mark.parametrize("a", _cases(layouts_2d, NUMERIC))
def test_read_2d(a):
    check(checksum_2d, a)


@pytest.mark.parametrize("a", _cases(layouts_3d, NUMERIC))
def test_read_3d(a):
    check(checksum_3d, a)


@pytest.mark.parametrize("a", _cases(layouts_2d, [numpy.bool_]))
def test_read_bool_2d(a):
    check(count_true_2d, a)


def sum_float64_no_conversion(a):
    s = 0.0
    for i in range(a.shape[0]):
        for j in range(a.shape[1]):
            s += a[i, j] * (i + 1) - j
    return s


def sum_int64_no_conversion(a):
    s = 0
    for i in range(a.shape[0]):
        for j in range(a.shape[1]):
            s += a[i, j] * (i + 1) - j
    return s


@pytest.mark.parametrize("a", _cases(layouts_2d, [numpy.float64]))
def test_float64_arithmetic_on_elements(a):
    check(sum_float64_no_conversion, a)


@pytest.mark.parametrize("a", _cases(layouts_2d, [numpy.int64]))
def test_int64_arithmetic_on_elements(a):
    check(sum_int64_no_conversion, a)


def get1(a, i):
    return a[i]


def get2(a, i, j):
    return a[i, j]


def get2_chained(a, i, j):
    return a[i][j]


def get3(a, i, j, k):
    return a[i, j, k]


@pytest.mark.parametrize("dtype", DTYPES, ids=lambda d: numpy.dtype(d).name)
@pytest.mark.parametrize("i", [0, 5, 11, -1, -12, -5])
def test_element_read_returns_python_scalar(dtype, i):
    check(get1, _values((12,), dtype), i)


@pytest.mark.parametrize("a", _cases(layouts_2d, [numpy.float64, numpy.int32]))
@pytest.mark.parametrize("i, j", [(0, 0), (-1, -1), (1, -2), (-2, 1)])
def test_index_2d_and_chained(a, i, j):
    check(get2, a, i, j)
    check(get2_chained, a, i, j)


@pytest.mark.parametrize("i, j, k", [(0, 0, 0), (1, 2, 3), (-1, -1, -1), (-2, 0, -4)])
def test_index_3d(i, j, k):
    check(get3, _values((2, 3, 4), numpy.float64), i, j, k)


# --- out of bounds --------------------------------------------------------------------


@pytest.mark.parametrize("i", [12, -13, 100, -100])
def test_out_of_bounds_read_1d(i):
    assert isinstance(check(get1, numpy.arange(12.0), i), IndexError)


@pytest.mark.parametrize("i, j", [(4, 0), (-5, 0), (0, 6), (0, -7), (4, 6)])
def test_out_of_bounds_read_2d(i, j):
    assert isinstance(check(get2, numpy.ones((4, 6)), i, j), IndexError)


def test_out_of_bounds_read_empty():
    assert isinstance(check(get1, numpy.zeros(0), 0), IndexError)


def set1(a, i, v):
    a[i] = v


def set2(a, i, j, v):
    a[i, j] = v


@pytest.mark.parametrize("i", [5, -6])
def test_out_of_bounds_write_1d(i):
    assert isinstance(check(set1, numpy.zeros(5), i, 1.0), IndexError)


@pytest.mark.parametrize("i, j", [(2, 0), (0, 3), (-3, 0), (0, -4)])
def test_out_of_bounds_write_2d(i, j):
    assert isinstance(check(set2, numpy.zeros((2, 3)), i, j, 1.0), IndexError)


def fill_then_overrun(a):
    for i in range(a.shape[0] + 1):
        a[i] = i + 1.0


def test_partial_writes_before_index_error_are_kept():
    assert isinstance(check(fill_then_overrun, numpy.zeros(4)), IndexError)


@pytest.mark.parametrize("i", [0, 3, -1])
def test_boundscheck_false_in_bounds(i):
    check(get1, numpy.arange(5.0), i, boundscheck=False)
    check(get2, numpy.arange(20.0).reshape(4, 5), i, i, boundscheck=False)


# --- writing ---------------------------------------------------------------------------


def fill_1d(a):
    for i in range(a.shape[0]):
        a[i] = i * 3 + 1


def fill_2d(a):
    for i in range(a.shape[0]):
        for j in range(a.shape[1]):
            a[i, j] = i * 10 + j


def fill_2d_chained(a):
    for i in range(a.shape[0]):
        for j in range(a.shape[1]):
            a[i][j] = i * 10 + j + 1


def fill_3d(a):
    for i in range(a.shape[0]):
        for j in range(a.shape[1]):
            for k in range(a.shape[2]):
                a[i, j, k] = i * 100 + j * 10 + k


def fill_bool_2d(a):
    for i in range(a.shape[0]):
        for j in range(a.shape[1]):
            a[i, j] = (i + j) % 2 == 0


@pytest.mark.parametrize("a", _cases(layouts_1d, NUMERIC))
def test_write_1d(a):
    check(fill_1d, a)


@pytest.mark.parametrize("a", _cases(layouts_2d, NUMERIC))
def test_write_2d(a):
    check(fill_2d, a)


@pytest.mark.parametrize("a", _cases(layouts_2d, [numpy.float64, numpy.int64]))
def test_write_2d_chained_index(a):
    check(fill_2d_chained, a)


@pytest.mark.parametrize("a", _cases(layouts_3d, [numpy.float64, numpy.int32]))
def test_write_3d(a):
    check(fill_3d, a)


@pytest.mark.parametrize("a", _cases(layouts_2d, [numpy.bool_]))
def test_write_bool_2d(a):
    check(fill_bool_2d, a)


def set_int_into_float(a):
    a[0] = 3
    a[-1] = -2
    return a[0] + a[-1]


def test_int_written_into_float_array():
    check(set_int_into_float, numpy.zeros(4))
    check(set_int_into_float, numpy.zeros(4, numpy.float32))


def augmented_elements(a, k):
    for i in range(a.shape[0]):
        a[i] += k
        a[i] *= 2
        a[i] -= i


@pytest.mark.parametrize("a, k", [(numpy.arange(6.0), 1.5), (numpy.arange(6), 3),
                                  (numpy.arange(12.0)[::3], 0.25)],
                         ids=["float64", "int64", "strided"])
def test_augmented_assignment_on_elements(a, k):
    check(augmented_elements, a, k)


def swap_ends(a):
    a[0], a[-1] = a[-1], a[0]


def test_swap_elements():
    check(swap_ends, numpy.array([1.0, 2.0, 3.0]))


def test_write_through_view_of_fresh_base():
    # check_with: the factory builds the view again from a fresh base for each
    # run; the harness also compares the bases (catches writes outside the view).
    check_with(fill_1d, lambda: (numpy.zeros(20)[2:18:3],))
    check_with(fill_2d, lambda: (numpy.zeros((6, 8))[1:5, ::2].T,))


# --- attributes ---------------------------------------------------------------------------


def shape_of(a):
    return a.shape


def size_ndim_len(a):
    return a.size, a.ndim, len(a)


def shape_unpacked(a):
    n, m = a.shape
    return n * 100 + m


@pytest.mark.parametrize("a", [numpy.zeros(7), numpy.zeros((3, 4)), numpy.zeros((2, 3, 5)),
                               numpy.zeros((4, 6))[::2, ::3], numpy.zeros((3, 4)).T,
                               numpy.zeros(0), numpy.zeros((0, 3)), numpy.zeros(5, numpy.uint8)],
                         ids=["1d", "2d", "3d", "strided", "T", "empty", "empty-2d", "uint8"])
def test_shape_size_ndim_len(a):
    check(shape_of, a)
    check(size_ndim_len, a)


def test_shape_unpacking():
    check(shape_unpacked, numpy.zeros((3, 4)))
    check(shape_unpacked, numpy.zeros((3, 4), order="F"))


# --- copies and constructors ------------------------------------------------------------------


def copy_function(a):
    b = numpy.copy(a)
    b[0] = 99
    return b


def copy_method(a):
    b = a.copy()
    b[-1] = 77
    return b


def copy_alias(a):
    b = np.copy(a)
    b[0] = 5
    return b


@pytest.mark.parametrize("fn", [copy_function, copy_method, copy_alias],
                         ids=lambda f: f.__name__)
@pytest.mark.parametrize("a", _cases(layouts_1d, [numpy.float64, numpy.int32, numpy.uint8]))
def test_copy_leaves_input_untouched(fn, a):
    check(fn, a)


def copy_2d(a):
    b = a.copy()
    b[0, 0] = -1
    return b


@pytest.mark.parametrize("a", _cases(layouts_2d, [numpy.float64, numpy.int64]))
def test_copy_2d(a):
    check(copy_2d, a)


def zeros_int_shape(n):
    return numpy.zeros(n)


def ones_tuple_shape(n, m):
    return numpy.ones((n, m))


def zeros_3d(n):
    return numpy.zeros((n, 2, 3))


def empty_then_fill(n):
    a = numpy.empty(n)
    for i in range(n):
        a[i] = i * 0.5
    return a


def empty_2d_then_fill(n, m):
    a = np.empty((n, m))
    for i in range(n):
        for j in range(m):
            a[i, j] = i - j
    return a


@pytest.mark.parametrize("n", [0, 1, 10])
def test_constructors_int_shape(n):
    check(zeros_int_shape, n)
    check(empty_then_fill, n)
    check(zeros_3d, n)


@pytest.mark.parametrize("n, m", [(0, 0), (1, 5), (3, 4), (4, 0)])
def test_constructors_tuple_shape(n, m):
    check(ones_tuple_shape, n, m)
    check(empty_2d_then_fill, n, m)


def zeros_int_shape_xp(n):
    return xp.zeros(n)


def test_module_imported_under_another_name():
    # ``import numpy as xp``: the module is recognised by value, not by name.
    check(zeros_int_shape_xp, 4)


def make_float64(n):
    return numpy.zeros(n, dtype=numpy.float64), numpy.ones((n, 2), dtype=numpy.float64)


def make_float32(n):
    return numpy.zeros(n, dtype=numpy.float32), numpy.ones((n, 2), dtype=numpy.float32)


def make_int64(n):
    return numpy.zeros(n, dtype=numpy.int64), numpy.ones((n, 2), dtype=numpy.int64)


def make_int32(n):
    return np.zeros(n, dtype=np.int32), np.ones((n, 2), dtype=np.int32)


def make_uint8(n):
    return np.zeros(n, dtype=np.uint8), np.ones((n, 2), dtype=np.uint8)


def make_bool_(n):
    return numpy.zeros(n, dtype=numpy.bool_), numpy.ones((n, 2), dtype=numpy.bool_)


def make_py_float(n):
    return numpy.zeros(n, dtype=float), numpy.ones((n, 2), dtype=float)


def make_py_int(n):
    return numpy.zeros(n, dtype=int), numpy.ones((n, 2), dtype=int)


def make_py_bool(n):
    return numpy.zeros(n, dtype=bool), numpy.ones((n, 2), dtype=bool)


MAKERS = [make_float64, make_float32, make_int64, make_int32, make_uint8, make_bool_,
          make_py_float, make_py_int, make_py_bool]


@pytest.mark.parametrize("fn", MAKERS, ids=lambda f: f.__name__)
def test_constructor_dtypes(fn):
    check(fn, 3)


def empty_int32_filled(n):
    a = numpy.empty((n, 3), dtype=numpy.int32)
    for i in range(n):
        for j in range(3):
            a[i, j] = i * j - 4
    return a


def empty_uint8_filled(n):
    a = numpy.empty(n, dtype=numpy.uint8)
    for i in range(n):
        a[i] = i * 7 % 256
    return a


def empty_bool_filled(n):
    a = numpy.empty(n, dtype=bool)
    for i in range(n):
        a[i] = i % 3 == 1
    return a


@pytest.mark.parametrize("fn", [empty_int32_filled, empty_uint8_filled, empty_bool_filled],
                         ids=lambda f: f.__name__)
def test_empty_with_dtype(fn):
    check(fn, 50)


def zeros_like_of(a):
    return numpy.zeros_like(a)


def ones_like_of(a):
    return np.ones_like(a)


def empty_like_filled(a):
    b = numpy.empty_like(a)
    for i in range(a.shape[0]):
        b[i] = a[i]
    return b


@pytest.mark.parametrize("fn", [zeros_like_of, ones_like_of], ids=lambda f: f.__name__)
@pytest.mark.parametrize("a", _cases(layouts_2d, DTYPES)[::3])
def test_like_constructors(fn, a):
    check(fn, a)


@pytest.mark.parametrize("a", _cases(layouts_1d, DTYPES)[::2])
def test_empty_like(a):
    check(empty_like_filled, a)


def build_and_return_2d(n, m):
    out = numpy.zeros((n, m), dtype=numpy.int64)
    for i in range(n):
        for j in range(m):
            out[i, j] = (i + 1) * (j + 1)
    return out


def test_build_2d_result():
    check(build_and_return_2d, 5, 7)


def tuple_of_array_and_scalar(a):
    b = a.copy()
    total = 0.0
    for i in range(b.shape[0]):
        b[i] = b[i] * 2.0
        total += b[i]
    return b, total


def test_return_tuple_with_array():
    check(tuple_of_array_and_scalar, numpy.arange(5.0))


def matmul_loops(a, b):
    n, k = a.shape
    m = b.shape[1]
    out = numpy.zeros((n, m))
    for i in range(n):
        for j in range(m):
            s = 0.0
            for p in range(k):
                s += a[i, p] * b[p, j]
            out[i, j] = s
    return out


def test_matmul_loops_mixed_layouts():
    a = numpy.arange(12.0).reshape(3, 4) / 7.0
    b = numpy.asfortranarray(numpy.arange(20.0).reshape(4, 5) / 3.0)
    check(matmul_loops, a, b)
    check(matmul_loops, a.T.copy().T, b[:, ::-1])

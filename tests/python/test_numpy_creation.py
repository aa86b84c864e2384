"""NumPy array creation inside compiled functions (differential, issue 3).

``numpy.array`` from literals, ``full``, ``zeros``/``ones``/``empty``,
``arange``, ``linspace``, ``eye``/``identity``, the ``*_like`` family,
``copy`` and ``astype``. Every value, dtype and shape is compared with
CPython + NumPy (NumPy 2 rules). ``numpy.empty`` / ``empty_like`` leave the
values undefined, so only their shape and dtype are compared
(``check_shape_dtype``).

Float results here are exact: creation does no arithmetic except
``arange``/``linspace``, whose element formulas are NumPy's own (see the
comments there), so they must match bit for bit.
"""
import numpy
import numpy as np
import pytest

import oxjit
from diff import check, check_with, compiled

DTYPES = [numpy.float64, numpy.float32, numpy.int64, numpy.int32, numpy.bool_]


def _name(dtype):
    return numpy.dtype(dtype).name


def _values(shape, dtype):
    """Distinct small values (some negative), bools alternate, in C order."""
    n = int(numpy.prod(shape))
    if dtype is numpy.bool_:
        return (numpy.arange(n) % 3 != 1).reshape(shape)
    return ((numpy.arange(n) * 7) % 23 - 9).astype(dtype).reshape(shape)


def layouts(dtype):
    """1-D, 2-D, 3-D, non-contiguous, empty and size-1 arrays of ``dtype``."""
    m = _values((4, 6), dtype)
    return {
        "1d": _values((10,), dtype),
        "2d": m,
        "3d": _values((2, 3, 4), dtype),
        "strided": _values((12,), dtype)[::3],
        "reversed": _values((7,), dtype)[::-1],
        "T": m.T,
        "2d-strided": m[::2, 1::2],
        "F": numpy.asfortranarray(m),
        "empty": _values((0,), dtype),
        "empty-2d": _values((0, 3), dtype),
        "size1": _values((1,), dtype),
        "size1-2d": _values((1, 1), dtype),
    }


def _cases(dtypes=DTYPES, keep=None):
    out = []
    for dtype in dtypes:
        for name, arr in layouts(dtype).items():
            if keep is None or name in keep:
                out.append(pytest.param(arr, id=f"{_name(dtype)}-{name}"))
    return out


def check_shape_dtype(fn, *args):
    """Compare only shape and dtype of the (tuple of) array(s) ``fn`` returns."""
    expected = fn(*args)
    actual = compiled(fn)(*args)
    if not isinstance(expected, tuple):
        expected, actual = (expected,), (actual,)
    assert isinstance(actual, tuple) and len(actual) == len(expected)
    for e, a in zip(expected, actual):
        assert isinstance(a, numpy.ndarray), f"oxjit returned {type(a).__name__}"
        assert a.shape == e.shape, f"shape: CPython {e.shape}, oxjit {a.shape}"
        assert a.dtype == e.dtype, f"dtype: CPython {e.dtype}, oxjit {a.dtype}"


# --- numpy.array from literals ----------------------------------------------------------------


def array_int_list():
    return numpy.array([1, 2, 3])


def array_float_list():
    return numpy.array([1.0, -2.5, 3.25, 0.0])


def array_mixed_int_float():
    return numpy.array([1, 2.5, -3])


def array_bool_list():
    return numpy.array([True, False, True])


def array_bool_and_int():
    return numpy.array([True, 2, False])


def array_nested_list():
    return numpy.array([[1, 2, 3], [4, 5, 6]])


def array_nested_tuple():
    return numpy.array(((1.0, 2.0), (3.0, 4.0), (5.0, 6.0)))


def array_list_of_tuples():
    return numpy.array([(1, 2), (3, 4)])


def array_3d_literal():
    return numpy.array([[[1, 2], [3, 4]], [[5, 6], [7, 8]]])


def array_tuple_literal():
    return numpy.array((1.5, 2.5))


def array_single():
    return numpy.array([7.0])


def array_nested_bool():
    return numpy.array([[True, False], [False, True]])


def array_seed_coef():
    return numpy.array([0.5, 0.5])


def array_alias():
    return np.array([[1.0, 0.0], [0.0, 1.0]])


def array_dtype_float32():
    return numpy.array([1, 2, 3], dtype=numpy.float32)


def array_dtype_int32_truncates():
    return numpy.array([1.7, -2.7, 3.0], dtype=numpy.int32)


def array_dtype_int64_from_bools():
    return numpy.array([True, False], dtype=numpy.int64)


def array_dtype_bool():
    return numpy.array([0, 1, 2, 0], dtype=numpy.bool_)


def array_dtype_builtin_float():
    return numpy.array([[1, 2], [3, 4]], dtype=float)


def array_dtype_builtin_int():
    return numpy.array([1.9, -1.9], dtype=int)


def array_dtype_float64_nested():
    return np.array(((1, 2, 3), (4, 5, 6)), dtype=np.float64)


LITERALS = [
    array_int_list, array_float_list, array_mixed_int_float, array_bool_list,
    array_bool_and_int, array_nested_list, array_nested_tuple, array_list_of_tuples,
    array_3d_literal, array_tuple_literal, array_single, array_nested_bool,
    array_seed_coef, array_alias, array_dtype_float32, array_dtype_int32_truncates,
    array_dtype_int64_from_bools, array_dtype_bool, array_dtype_builtin_float,
    array_dtype_builtin_int, array_dtype_float64_nested,
]


@pytest.mark.parametrize("fn", LITERALS, ids=lambda f: f.__name__)
def test_array_from_literal(fn):
    check(fn)


def array_from_values(x, y, z):
    return numpy.array([x, y, z])


def array_2d_from_values(x, y):
    return numpy.array([[x, y], [y, x], [x, x]])


def array_from_values_dtype(x, y):
    return numpy.array([x, y], dtype=numpy.float32)


@pytest.mark.parametrize("x, y, z", [(1, 2, 3), (1.5, -2.0, 0.25), (1, 2.5, 3),
                                     (True, False, True), (True, 2, 3)],
                         ids=["ints", "floats", "int-float", "bools", "bool-int"])
def test_array_from_variables(x, y, z):
    check(array_from_values, x, y, z)
    check(array_2d_from_values, x, y)
    check(array_from_values_dtype, x, y)


def array_of_array_is_a_copy(a):
    b = numpy.array(a)
    b[0] = 42
    return b


@pytest.mark.parametrize("a", _cases([numpy.float64, numpy.int32], keep=["1d", "strided", "reversed"]))
def test_array_of_array_copies(a):
    # numpy.array(a) copies: writing into the result leaves the argument as it was.
    check(array_of_array_is_a_copy, a)


# --- numpy.full ---------------------------------------------------------------------------------


def full_int_shape(n):
    return numpy.full(n, 3.5)


def full_tuple_shape_int_fill(n, m):
    return numpy.full((n, m), 7)


def full_bool_fill(n):
    return numpy.full(n, True)


def full_dtype_float32(n):
    return numpy.full((n, 2), 1.0, dtype=numpy.float32)


def full_dtype_int32_truncates(n):
    return numpy.full(n, 2.9, dtype=numpy.int32)


def full_keywords(n):
    return numpy.full(shape=(n, 2), fill_value=1.0)


def full_3d(n):
    return np.full((2, n, 3), -1.5)


def full_one_tuple(n):
    return numpy.full((n,), 0)


@pytest.mark.parametrize("n", [0, 1, 5])
def test_full(n):
    check(full_int_shape, n)
    check(full_tuple_shape_int_fill, n, 3)
    check(full_tuple_shape_int_fill, 3, n)
    check(full_bool_fill, n)
    check(full_dtype_float32, n)
    check(full_dtype_int32_truncates, n)
    check(full_keywords, n)
    check(full_3d, n)
    check(full_one_tuple, n)


def full_fill_argument(n, x):
    return numpy.full((n, 3), x)


def full_fill_keyword_argument(n, x):
    return numpy.full(n, fill_value=x)


@pytest.mark.parametrize("x", [2, -1.25, True, 0.0], ids=["int", "float", "bool", "zero"])
def test_full_fill_from_argument(x):
    check(full_fill_argument, 4, x)
    check(full_fill_keyword_argument, 3, x)


def full_negative_size(n):
    return numpy.full(n, 1.0)


def test_full_negative_dimension_raises():
    assert isinstance(check(full_negative_size, -1), ValueError)


# --- zeros / ones / empty ------------------------------------------------------------------------


def zeros_3d_int32(n):
    return numpy.zeros((n, 3, 2), dtype=numpy.int32)


def ones_2d_float32(n, m):
    return numpy.ones((n, m), dtype=numpy.float32)


def ones_bool(n):
    return numpy.ones((n, 2), dtype=numpy.bool_)


def zeros_shape_keyword(n):
    return numpy.zeros(shape=(n, 2))


def ones_one_tuple(n):
    return np.ones((n,))


def zeros_int64_4d(n):
    return numpy.zeros((n, 2, 1, 3), dtype=numpy.int64)


@pytest.mark.parametrize("n", [0, 1, 4])
def test_zeros_ones_shapes_and_dtypes(n):
    check(zeros_3d_int32, n)
    check(ones_2d_float32, n, 3)
    check(ones_2d_float32, 2, n)
    check(ones_bool, n)
    check(zeros_shape_keyword, n)
    check(ones_one_tuple, n)
    check(zeros_int64_4d, n)


def zeros_from_shape_argument(shape):
    return numpy.zeros(shape)


def ones_from_shape_argument(shape):
    return numpy.ones(shape, dtype=numpy.int32)


@pytest.mark.parametrize("shape", [(4,), (2, 3), (0, 5), (2, 1, 3)],
                         ids=["1d", "2d", "empty", "3d"])
def test_zeros_ones_from_shape_tuple_argument(shape):
    check(zeros_from_shape_argument, shape)
    check(ones_from_shape_argument, shape)


def zeros_negative(n):
    return numpy.zeros((2, n))


def test_zeros_negative_dimension_raises():
    assert isinstance(check(zeros_negative, -3), ValueError)


def empty_2d(n, m):
    return numpy.empty((n, m))


def empty_int32(n):
    return numpy.empty((n, 2), dtype=numpy.int32)


def empty_3d_bool(n):
    return numpy.empty((2, n, 2), dtype=numpy.bool_)


def empty_float32_and_int64(n):
    return numpy.empty(n, dtype=numpy.float32), np.empty((n, n), dtype=np.int64)


@pytest.mark.parametrize("n", [0, 1, 6])
def test_empty_shape_and_dtype(n):
    check_shape_dtype(empty_2d, n, 3)
    check_shape_dtype(empty_int32, n)
    check_shape_dtype(empty_3d_bool, n)
    check_shape_dtype(empty_float32_and_int64, n)


# --- arange -----------------------------------------------------------------------------------------


def arange_stop(n):
    return numpy.arange(n)


def arange_start_stop(a, b):
    return numpy.arange(a, b)


def arange_start_stop_step(a, b, s):
    return numpy.arange(a, b, s)


def arange_float_literals():
    # NumPy fills arange with start + i * delta where delta = (start + step) - start,
    # which is not always `step`: here 0.30000000000000004 - 0.1 != 0.2.
    return numpy.arange(0.1, 1.0, 0.2)


def arange_tenths():
    return numpy.arange(0.0, 1.0, 0.1)


def arange_dtype_float64(n):
    return numpy.arange(n, dtype=numpy.float64)


def arange_alias(n):
    return np.arange(1, n)


@pytest.mark.parametrize("n", [0, 1, 7, -2])
def test_arange_stop(n):
    check(arange_stop, n)
    check(arange_stop, float(n) + 0.5)
    check(arange_dtype_float64, n)
    check(arange_alias, n)


@pytest.mark.parametrize("a, b", [(0, 5), (-3, 4), (5, 2), (2, 2), (1.5, 4), (0, 2.5), (-1.0, 1.0)])
def test_arange_start_stop(a, b):
    check(arange_start_stop, a, b)


@pytest.mark.parametrize("a, b, s", [
    (0, 10, 3), (10, 0, -3), (-5, 5, 2), (0, 1, 5), (5, 0, 1),
    (0.0, 1.0, 0.25), (1.0, 0.0, -0.125), (0.1, 0.9, 0.2), (0, 10, 1.5),
    (2.5, -1.0, -0.7), (0.0, 1.0, 0.1),
])
def test_arange_step(a, b, s):
    check(arange_start_stop_step, a, b, s)


def test_arange_float_step_uses_numpys_delta():
    check(arange_float_literals)
    check(arange_tenths)


def test_arange_zero_step_raises():
    # NumPy raises ZeroDivisionError for arange(0, 5, 0) and arange(0.0, 1.0, 0.0).
    assert isinstance(check(arange_start_stop_step, 0, 5, 0), ZeroDivisionError)
    assert isinstance(check(arange_start_stop_step, 0.0, 1.0, 0.0), ZeroDivisionError)


# --- linspace -----------------------------------------------------------------------------------------


def linspace_of(a, b, n):
    # NumPy: step = (b - a) / (n - 1); y[i] = i * step + a; y[-1] = b exactly.
    return numpy.linspace(a, b, n)


def linspace_literal():
    return np.linspace(0.0, 1.0, 11)


@pytest.mark.parametrize("a, b, n", [
    (0.0, 1.0, 11), (-2.5, 7.1, 50), (0.0, 1.0, 0), (2.0, 3.0, 1), (1, 5, 5),
    (1.0, 0.0, 7), (0.1, 0.1, 4), (0.0, 1.0, 2), (-1e10, 1e-10, 33), (3, 1, 4),
])
def test_linspace(a, b, n):
    check(linspace_of, a, b, n)


def test_linspace_literal():
    check(linspace_literal)


def test_linspace_negative_count_raises():
    assert isinstance(check(linspace_of, 0.0, 1.0, -1), ValueError)


def linspace_open(a, b, n, closed):
    return numpy.linspace(a, b, n, endpoint=closed), numpy.linspace(a, b, n, False)


@pytest.mark.parametrize("a, b, n", [
    (0.0, 1.0, 10), (-2.5, 7.1, 50), (0.0, 1.0, 0), (2.0, 3.0, 1), (1, 5, 4), (1.0, 0.0, 7),
    (0.1, 0.1, 4), (-1e10, 1e-10, 33),
])
@pytest.mark.parametrize("closed", [True, False])
def test_linspace_endpoint(a, b, n, closed):
    check(linspace_open, a, b, n, closed)


# --- eye / identity --------------------------------------------------------------------------------------


def eye_n(n):
    return numpy.eye(n)


def eye_n_m(n, m):
    return numpy.eye(n, m)


def identity_n(n):
    return np.identity(n)


@pytest.mark.parametrize("n", [0, 1, 4])
def test_eye_identity(n):
    check(eye_n, n)
    check(identity_n, n)
    check(eye_n_m, n, 3)
    check(eye_n_m, 3, n)


# --- *_like -------------------------------------------------------------------------------------------------


def zeros_like_of(a):
    return numpy.zeros_like(a)


def ones_like_of(a):
    return numpy.ones_like(a)


def full_like_float(a):
    return numpy.full_like(a, 2.7)


def full_like_int(a):
    return np.full_like(a, 5)


def full_like_bool(a):
    return numpy.full_like(a, True)


def zeros_like_dtype(a):
    return numpy.zeros_like(a, dtype=numpy.float32)


def empty_like_of(a):
    return numpy.empty_like(a)


def like_results_are_new_arrays(a):
    z = numpy.zeros_like(a)
    o = numpy.ones_like(a)
    f = numpy.full_like(a, 3)
    return a, z, o, f


LIKE = [zeros_like_of, ones_like_of, full_like_float, full_like_int, full_like_bool,
        zeros_like_dtype, like_results_are_new_arrays]


@pytest.mark.parametrize("fn", LIKE, ids=lambda f: f.__name__)
@pytest.mark.parametrize("a", _cases(keep=["1d", "3d", "T", "2d-strided", "empty-2d", "size1"]))
def test_like_constructors(fn, a):
    # full_like(int array, 2.7) truncates to 2 (NumPy casts the fill value unsafely).
    check(fn, a)


@pytest.mark.parametrize("a", _cases(keep=["1d", "3d", "T", "empty", "size1-2d"]))
def test_empty_like_shape_and_dtype(a):
    check_shape_dtype(empty_like_of, a)


# --- copy and astype ------------------------------------------------------------------------------------------


def copy_function_then_write(a):
    b = numpy.copy(a)
    b[:] = 0
    return b, a


def copy_method_of_slice(a):
    b = a[1:].copy()
    return b


def copy_is_independent(a):
    b = a.copy()
    c = numpy.copy(b)
    b += 1
    return b, c


@pytest.mark.parametrize("a", _cases(keep=["1d", "2d", "3d", "strided", "reversed", "T",
                                           "2d-strided", "F", "empty", "size1"]))
def test_copy(a):
    check(copy_function_then_write, a)
    check(copy_method_of_slice, a)


@pytest.mark.parametrize("a", _cases([numpy.float64, numpy.int32],
                                     keep=["1d", "3d", "T", "empty"]))
def test_copy_is_independent(a):
    check(copy_is_independent, a)


def astype_float64(a):
    return a.astype(numpy.float64)


def astype_float32(a):
    return a.astype(numpy.float32)


def astype_int64(a):
    return a.astype(numpy.int64)


def astype_int32(a):
    return a.astype(np.int32)


def astype_bool(a):
    return a.astype(numpy.bool_)


def astype_builtin_float(a):
    return a.astype(float)


def astype_builtin_int(a):
    return a.astype(int)


def astype_builtin_bool(a):
    return a.astype(bool)


ASTYPE = [astype_float64, astype_float32, astype_int64, astype_int32, astype_bool,
          astype_builtin_float, astype_builtin_int, astype_builtin_bool]


def _fractional(dtype):
    """Values with fractions and signs: float -> int truncates toward zero."""
    base = numpy.array([-3.75, -2.5, -1.0, -0.25, 0.0, 0.1, 0.5, 1.9, 2.5, 1e6 + 0.5, -7.0, 3.3])
    return base.astype(dtype)


@pytest.mark.parametrize("fn", ASTYPE, ids=lambda f: f.__name__)
@pytest.mark.parametrize("a", _cases(keep=["1d", "2d", "3d", "reversed", "T", "empty"]) + [
    pytest.param(_fractional(numpy.float64), id="float64-fractions"),
    pytest.param(_fractional(numpy.float32), id="float32-fractions"),
    pytest.param(_fractional(numpy.float64)[::-2], id="float64-fractions-strided"),
])
def test_astype(fn, a):
    check(fn, a)


def astype_float64_copies(a):
    b = a.astype(numpy.float64)
    b[0] = 99
    return b


def astype_int64_copies(a):
    b = a.astype(numpy.int64)
    b[0] = 99
    return b


def test_astype_same_dtype_copies():
    # astype copies by default even when the dtype does not change.
    check(astype_float64_copies, numpy.arange(5.0))
    check_with(astype_int64_copies, lambda: (numpy.arange(10)[::2],))


def fill_method(a, x):
    a.fill(x)
    return a


def fill_fresh(n, x):
    a = numpy.empty(n)
    a.fill(x)
    return a


@pytest.mark.parametrize("dtype", [numpy.float64, numpy.float32, numpy.int64, numpy.int32,
                                   numpy.uint8, numpy.bool_])
@pytest.mark.parametrize("x", [0, 3, 2.5, True])
def test_fill_method(dtype, x):
    check(fill_method, numpy.zeros((3, 4), dtype=dtype), x)
    check(fill_method, numpy.zeros((6, 4), dtype=dtype)[::2, 1:], x)  # a strided view
    check(fill_fresh, 5, x)


def test_fill_of_read_only_array_raises():
    a = numpy.zeros(4)
    a.setflags(write=False)
    with pytest.raises(ValueError, match="read-only"):
        oxjit.njit(fill_method)(a, 1.0)
    assert not a.any()

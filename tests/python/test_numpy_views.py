"""Views, slicing and indexing of NumPy arrays inside compiled functions (differential).

* basic slices ``a[start:stop:step]`` (negative and out-of-range bounds, on
  every axis), ``None``/``numpy.newaxis``, ``.T``/``transpose``, ``reshape``
  (C-contiguous arrays), ``ravel``, ``flatten``;
* views share memory with their base: a write through a view, made inside
  the compiled function, shows in the base it returns; the harness compares
  the argument arrays (and their bases) after the call, so writes through
  views of arguments are checked too;
* assignment into views with broadcasting, augmented assignment, and
  overlapping source/destination (NumPy gives "as if copied first" results);
* boolean-mask reads and writes, integer-array reads.

Nothing here does floating-point arithmetic that could be reordered:
comparisons are exact.
"""
import gc

import numpy
import numpy as np
import pytest

from diff import check, check_with, compiled


def _values(shape, dtype=numpy.float64):
    n = int(numpy.prod(shape))
    if dtype is numpy.bool_:
        return (numpy.arange(n) % 3 != 1).reshape(shape)
    return ((numpy.arange(n) * 5) % 17 - 6).astype(dtype).reshape(shape)


def layouts_1d(dtype=numpy.float64):
    m = _values((5, 6), dtype)
    return {
        "C": _values((12,), dtype),
        "strided": _values((24,), dtype)[1::2],
        "reversed": _values((12,), dtype)[::-1],
        "column": m[:, 2],
        "empty": _values((0,), dtype),
        "size1": _values((1,), dtype),
    }


def layouts_2d(dtype=numpy.float64):
    c = _values((5, 6), dtype)
    return {
        "C": c,
        "F": numpy.asfortranarray(c),
        "T": _values((6, 5), dtype).T,
        "strided": _values((10, 12), dtype)[::2, ::2],
        "reversed": c[::-1, ::-1],
        "empty": _values((0, 6), dtype),
        "size1": _values((1, 1), dtype),
    }


def layouts_3d(dtype=numpy.float64):
    c = _values((3, 4, 5), dtype)
    return {
        "C": c,
        "F": numpy.asfortranarray(c),
        "transposed": _values((5, 3, 4), dtype).transpose(1, 2, 0),
        "strided": _values((6, 4, 10), dtype)[::2, :, ::2],
        "empty": _values((3, 0, 5), dtype),
    }


def _cases(layouts, dtypes=(numpy.float64,), keep=None):
    out = []
    for dtype in dtypes:
        for name, arr in layouts(dtype).items():
            if keep is None or name in keep:
                out.append(pytest.param(arr, id=f"{numpy.dtype(dtype).name}-{name}"))
    return out


ALL_DTYPES = (numpy.float64, numpy.float32, numpy.int64, numpy.int32, numpy.bool_)


# --- reading slices (the compiled function returns the view) ------------------------------------


def s_1_5(a):
    return a[1:5]


def s_reverse(a):
    return a[::-1]


def s_step2(a):
    return a[::2]


def s_negative_bounds(a):
    return a[-4:-1]


def s_negative_step_bounds(a):
    return a[-2:0:-2]


def s_clamped(a):
    return a[3:100], a[100:], a[-100:2], a[5:2]


def s_full(a):
    return a[:]


def s_of_slice(a):
    return a[1:][::2][::-1]


SLICES_1D = [s_1_5, s_reverse, s_step2, s_negative_bounds, s_negative_step_bounds,
             s_clamped, s_full, s_of_slice]


@pytest.mark.parametrize("fn", SLICES_1D, ids=lambda f: f.__name__)
@pytest.mark.parametrize("a", _cases(layouts_1d, ALL_DTYPES))
def test_slice_1d(fn, a):
    check(fn, a)


def s_dynamic(a, i, j, k):
    return a[i:j:k]


def s_dynamic_start_stop(a, i, j):
    return a[i:j]


@pytest.mark.parametrize("i, j, k", [(0, 12, 1), (2, 9, 3), (-1, -13, -1), (10, 2, -2),
                                     (-5, 100, 2), (100, -100, -3), (3, 3, 1), (-100, 5, 4)])
def test_slice_bounds_from_arguments(i, j, k):
    check(s_dynamic, numpy.arange(12.0), i, j, k)
    check(s_dynamic_start_stop, numpy.arange(12), i, j)


def test_slice_step_zero_raises():
    assert isinstance(check(s_dynamic, numpy.arange(5.0), 0, 5, 0), ValueError)


def col0(x):
    return x[:, 0]


def last_col(x):
    return x[:, -1]


def inner(u):
    return u[1:-1, 2:]


def both_steps(u):
    return u[::2, ::-1]


def row_strided(u):
    return u[1, ::2]


def rows_reversed(u):
    return u[::-1]


def neg_window(u):
    return u[-3:, -4:-1]


SLICES_2D = [col0, last_col, inner, both_steps, row_strided, rows_reversed, neg_window]


@pytest.mark.parametrize("fn", SLICES_2D, ids=lambda f: f.__name__)
@pytest.mark.parametrize("a", _cases(layouts_2d, (numpy.float64, numpy.int32, numpy.bool_),
                                     keep=["C", "F", "T", "strided", "reversed"]))
def test_slice_2d(fn, a):
    check(fn, a)


@pytest.mark.parametrize("fn", [inner, both_steps, rows_reversed, neg_window],
                         ids=lambda f: f.__name__)
@pytest.mark.parametrize("a", _cases(layouts_2d, keep=["empty", "size1"]))
def test_slice_2d_small(fn, a):
    check(fn, a)


def t_mid(t):
    return t[:, 1, ::2]


def t_last(t):
    return t[1:, :, -1]


def t_plane(t):
    return t[:, :, 0]


def t_block(t):
    return t[::-1, 1:3, 1:-1]


@pytest.mark.parametrize("fn", [t_mid, t_last, t_plane, t_block], ids=lambda f: f.__name__)
@pytest.mark.parametrize("a", _cases(layouts_3d, (numpy.float64, numpy.int64)))
def test_slice_3d(fn, a):
    check(fn, a)


# --- newaxis, transpose, reshape, ravel, flatten ------------------------------------------------------


def none_first(a):
    return a[None, :]


def newaxis_last(a):
    return a[:, numpy.newaxis]


def none_last_alias(a):
    return a[:, np.newaxis]


def newaxis_only(a):
    return a[numpy.newaxis]


def newaxis_middle(x):
    return x[:, None, :]


@pytest.mark.parametrize("fn", [none_first, newaxis_last, none_last_alias, newaxis_only],
                         ids=lambda f: f.__name__)
@pytest.mark.parametrize("a", _cases(layouts_1d, (numpy.float64, numpy.int32)))
def test_newaxis_1d(fn, a):
    check(fn, a)


@pytest.mark.parametrize("a", _cases(layouts_2d, keep=["C", "T", "strided", "empty"]))
def test_newaxis_2d(a):
    check(newaxis_middle, a)
    check(newaxis_only, a)


def dot_t(a):
    return a.T


def transpose_function(a):
    return numpy.transpose(a)


def transpose_method(a):
    return a.transpose()


def double_t(a):
    return a.T.T


TRANSPOSES = [dot_t, transpose_function, transpose_method, double_t]


@pytest.mark.parametrize("fn", TRANSPOSES, ids=lambda f: f.__name__)
@pytest.mark.parametrize("a", _cases(layouts_1d, keep=["C", "strided"])
                         + _cases(layouts_2d, (numpy.float64, numpy.bool_))
                         + _cases(layouts_3d, (numpy.int32,)))
def test_transpose(fn, a):
    check(fn, a)


def reshape_tuple(a):
    return a.reshape((3, 4))


def reshape_args(a):
    return a.reshape(3, 4)


def reshape_flat(a):
    return a.reshape(-1)


def reshape_infer_rows(a):
    return a.reshape((-1, 2))


def reshape_infer_middle(a):
    return a.reshape(2, -1, 3)


def reshape_function(a):
    return numpy.reshape(a, (4, 3))


def reshape_to_1d_tuple(a):
    return a.reshape((12,))


RESHAPES = [reshape_tuple, reshape_args, reshape_flat, reshape_infer_rows, reshape_infer_middle,
            reshape_function, reshape_to_1d_tuple]


@pytest.mark.parametrize("fn", RESHAPES, ids=lambda f: f.__name__)
@pytest.mark.parametrize("a", [
    pytest.param(_values((12,)), id="1d"),
    pytest.param(_values((3, 4), numpy.int64), id="2d-int64"),
    pytest.param(_values((2, 6), numpy.bool_), id="2d-bool"),
    pytest.param(_values((2, 2, 3), numpy.float32), id="3d-float32"),
    pytest.param(_values((24,))[6:18], id="contiguous-slice"),
])
def test_reshape_c_contiguous(fn, a):
    check(fn, a)


def reshape_dynamic(a, n, m):
    return a.reshape((n, m))


@pytest.mark.parametrize("n, m", [(3, 4), (12, 1), (-1, 6), (2, -1), (5, 3), (0, 12), (-1, 5)])
def test_reshape_dynamic_shape(n, m):
    # (5, 3) and (-1, 5) do not fit 12 elements: ValueError in both.
    check(reshape_dynamic, numpy.arange(12.0), n, m)


def test_reshape_empty():
    check(reshape_dynamic, numpy.zeros(0), 0, 3)
    check(reshape_dynamic, numpy.zeros((0, 4)), 2, 0)


def ravel_method(a):
    return a.ravel()


def ravel_function(a):
    return numpy.ravel(a)


def flatten_method(a):
    return a.flatten()


@pytest.mark.parametrize("fn", [ravel_method, ravel_function, flatten_method],
                         ids=lambda f: f.__name__)
@pytest.mark.parametrize("a", _cases(layouts_1d, keep=["C", "reversed"])
                         + _cases(layouts_2d, (numpy.float64, numpy.int32))
                         + _cases(layouts_3d, (numpy.float64,)))
def test_ravel_flatten(fn, a):
    # ravel of a non-contiguous array copies, in C order; values only are compared.
    check(fn, a)


# --- views share memory (writes through views made in the compiled function) ---------------------------


def write_through_slice(n):
    base = numpy.zeros(n)
    v = base[2:8:2]
    v[0] = 1.0
    v[-1] = 3.0
    return base


def write_through_column(n):
    x = numpy.zeros((n, 3))
    c = x[:, 1]
    for i in range(n):
        c[i] = i + 1.0
    return x


def write_through_transpose():
    x = numpy.zeros((2, 3))
    y = x.T
    y[2, 1] = 7.0
    return x


def write_through_reshape():
    a = numpy.zeros(6)
    b = a.reshape((2, 3))
    b[1, 2] = 4.0
    return a


def write_through_ravel():
    a = numpy.zeros((2, 3))
    r = a.ravel()
    r[4] = 1.0
    return a


def flatten_is_a_copy():
    a = numpy.zeros((2, 3))
    f = a.flatten()
    f[4] = 1.0
    return a, f


def write_through_newaxis():
    a = numpy.zeros(3)
    b = a[None, :]
    b[0, 1] = 2.0
    c = a[:, numpy.newaxis]
    c[2, 0] = 5.0
    return a


def write_through_view_of_view():
    a = numpy.arange(10.0)
    v = a[2:][::2]
    v[1] = -1.0
    w = v[::-1]
    w[0] = -2.0
    return a


def write_through_row():
    x = numpy.zeros((3, 4), dtype=numpy.int32)
    r = x[1]
    r[2] = 9
    x[2][3] = 8
    return x


def write_through_3d_plane():
    t = numpy.zeros((2, 3, 4))
    p = t[:, 1, :]
    p[1, 3] = 6.0
    q = t[1].T
    q[0, 0] = 4.0
    return t


INTERNAL_VIEWS = [write_through_transpose, write_through_reshape, write_through_ravel,
                  flatten_is_a_copy, write_through_newaxis, write_through_view_of_view,
                  write_through_row, write_through_3d_plane]


@pytest.mark.parametrize("fn", INTERNAL_VIEWS, ids=lambda f: f.__name__)
def test_view_of_local_array_shares_memory(fn):
    check(fn)


@pytest.mark.parametrize("n", [8, 11])
def test_view_of_local_array_shares_memory_sized(n):
    check(write_through_slice, n)
    check(write_through_column, n)


def write_through_argument_view(a):
    v = a[1:-1]
    v[0] = 100
    v[-1] = -100
    return a


def write_through_argument_column(x):
    c = x[:, -1]
    c[0] = 42
    return c


def write_through_argument_transpose(x):
    y = x.T
    y[0, 1] = 7
    return x


@pytest.mark.parametrize("a", _cases(layouts_1d, (numpy.float64, numpy.int32),
                                     keep=["C", "strided", "reversed", "column"]))
def test_write_through_view_of_argument_1d(a):
    check(write_through_argument_view, a)


@pytest.mark.parametrize("a", _cases(layouts_2d, (numpy.float64, numpy.int64),
                                     keep=["C", "F", "T", "strided", "reversed"]))
def test_write_through_view_of_argument_2d(a):
    check(write_through_argument_column, a)
    check(write_through_argument_transpose, a)


def test_write_through_view_of_fresh_base():
    # the factory builds a view of a fresh base for each run; the harness compares the bases
    check_with(write_through_argument_view, lambda: (numpy.zeros(20)[2:18:3],))
    check_with(write_through_argument_column, lambda: (numpy.zeros((6, 8))[1:5, ::2],))


def test_returned_view_shares_memory_with_argument():
    # Like NumPy and Numba: a view returned from the compiled function is a view
    # of the caller's array, not a copy.
    a = numpy.arange(12.0)
    v = compiled(s_step2)(a)
    assert numpy.array_equal(v, a[::2])
    assert numpy.shares_memory(v, a)
    v[1] = -5.0
    assert a[2] == -5.0
    x = numpy.arange(12.0).reshape(3, 4)
    c = compiled(col0)(x)
    c[2] = 99.0
    assert x[2, 0] == 99.0
    t = compiled(dot_t)(x)
    assert numpy.shares_memory(t, x) and t.shape == (4, 3)


def test_returned_view_keeps_its_base_alive():
    # The only reference to the base is the returned view: it must stay valid.
    fn = compiled(s_1_5)
    views = [fn(numpy.arange(12.0) + i) for i in range(200)]
    gc.collect()
    for _ in range(50):
        numpy.ones(12)  # reuse freed memory, if any was wrongly freed
    for i, v in enumerate(views):
        assert numpy.array_equal(v, numpy.arange(1.0, 5.0) + i)


def test_view_of_local_array_keeps_its_base_alive():
    r = compiled(s_of_local)(10)
    gc.collect()
    assert numpy.array_equal(r, numpy.arange(10.0)[3:8])


def s_of_local(n):
    a = numpy.arange(n * 1.0)
    return a[3:8]


# --- assignment into views, with broadcasting -------------------------------------------------------------


def set_column(x, v):
    x[:, 0] = v


def fill_all(u):
    u[:] = 1.0


def copy_slice(a, b):
    a[1:5] = b[0:4]


def iadd_slice(a, b):
    a[1:5] += b[:4]


def imul_tail(a):
    a[2:] *= 2


def set_rows(a, row):
    a[1:3, :] = row


def set_block_scalar(u):
    u[1:-1, 2:] = 0


def set_reversed(a, b):
    a[::-2] = b


def set_plane(t, m):
    t[:, 1, :] = m


def set_first_plane(t):
    t[0] = 1


def set_transposed(a, b):
    a[:] = b.T


def isub_column(x, v):
    x[:, 1] -= v


def test_set_column_from_vector_and_scalar():
    x = _values((5, 3))
    check(set_column, x, numpy.arange(5.0))
    check(set_column, x, 2.5)
    check(set_column, x, 3)
    check(set_column, x.T.copy().T, numpy.arange(5.0)[::-1])
    check(set_column, x.astype(numpy.int32), numpy.arange(5.0) * 1.5)  # truncates into int32
    check(set_column, x.astype(numpy.float32), numpy.arange(5))


@pytest.mark.parametrize("u", _cases(layouts_1d, ALL_DTYPES) + _cases(layouts_2d, (numpy.float64,))
                         + _cases(layouts_3d, (numpy.int32,), keep=["C", "transposed"]))
def test_fill_all(u):
    check(fill_all, u)


@pytest.mark.parametrize("dtype_a, dtype_b", [(numpy.float64, numpy.float64),
                                              (numpy.float64, numpy.int32),
                                              (numpy.int64, numpy.float64),
                                              (numpy.float32, numpy.float64),
                                              (numpy.bool_, numpy.int64)],
                         ids=lambda d: numpy.dtype(d).name)
def test_copy_and_add_slices(dtype_a, dtype_b):
    a = _values((8,), dtype_a)
    b = (numpy.arange(10) * 1.75 - 3).astype(dtype_b)
    check(copy_slice, a, b)
    check(copy_slice, a[::-1], b[::2][:4])
    if dtype_a is not numpy.bool_:
        # iadd of float into int raises (NumPy's same_kind rule): tested in test_numpy_errors
        if not (numpy.dtype(dtype_a).kind == "i" and numpy.dtype(dtype_b).kind == "f"):
            check(iadd_slice, a, b)
            check(iadd_slice, a[::-1], b[::-1])


@pytest.mark.parametrize("a", _cases(layouts_1d, (numpy.float64, numpy.int64, numpy.float32)))
def test_imul_tail(a):
    check(imul_tail, a)


def test_set_rows_broadcasting():
    a = _values((4, 5))
    check(set_rows, a, numpy.arange(5.0))
    check(set_rows, a, numpy.arange(10.0).reshape(2, 5))
    check(set_rows, a, numpy.arange(5.0).reshape(1, 5))
    check(set_rows, a, -1.0)
    check(set_rows, numpy.asfortranarray(a), numpy.arange(5)[::-1])
    check(set_rows, a.astype(numpy.int32), numpy.arange(5))


def test_set_block_scalar():
    for name, u in layouts_2d(numpy.float64).items():
        check(set_block_scalar, u)


def test_set_reversed_and_transposed():
    check(set_reversed, numpy.zeros(9), numpy.arange(5.0))
    check(set_reversed, numpy.zeros(9), 4.0)
    check(set_transposed, numpy.zeros((3, 4)), _values((4, 3)))
    check(set_transposed, numpy.zeros((3, 4)).T, _values((3, 4)))


def test_set_3d_planes():
    check(set_plane, numpy.zeros((2, 3, 4)), _values((2, 4)))
    check(set_plane, numpy.zeros((2, 3, 4)), numpy.arange(4.0))
    check(set_first_plane, numpy.zeros((2, 3, 4), dtype=numpy.int32))
    check(set_first_plane, numpy.zeros((2, 3, 4)).transpose(2, 0, 1))


def test_augmented_column():
    x = _values((5, 3))
    check(isub_column, x, numpy.arange(5.0))
    check(isub_column, x, 0.5)
    check(isub_column, numpy.asfortranarray(x), x[:, 2])


def test_assignment_shape_mismatch_raises():
    assert isinstance(check(copy_slice, numpy.zeros(8), numpy.arange(3.0)), ValueError)
    assert isinstance(check(set_rows, numpy.zeros((4, 5)), numpy.arange(4.0)), ValueError)
    assert isinstance(check(set_column, numpy.zeros((5, 3)), numpy.arange(4.0)), ValueError)


# Overlapping source and destination: NumPy behaves as if the source were copied first.


def shift_right(a):
    a[1:] = a[:-1]


def shift_left(a):
    a[:-1] = a[1:]


def reverse_in_place(a):
    a[:] = a[::-1]


def accumulate_overlap(a):
    a[1:] += a[:-1]


def transpose_in_place(a):
    a[:] = a.T


def shift_rows(a):
    a[1:, :] = a[:-1, :]


OVERLAPS_1D = [shift_right, shift_left, reverse_in_place, accumulate_overlap]


@pytest.mark.parametrize("fn", OVERLAPS_1D, ids=lambda f: f.__name__)
@pytest.mark.parametrize("a", _cases(layouts_1d, (numpy.float64, numpy.int32),
                                     keep=["C", "strided", "reversed", "size1"]))
def test_overlapping_assignment_1d(fn, a):
    check(fn, a)


def test_overlapping_assignment_2d():
    check(transpose_in_place, _values((4, 4)))
    check(transpose_in_place, numpy.asfortranarray(_values((4, 4))))
    check(shift_rows, _values((5, 3)))
    check(shift_rows, _values((5, 3)).T.copy().T)


# --- boolean masks ------------------------------------------------------------------------------------------------


def mask_positive(a):
    return a[a > 0]


def mask_argument(a, m):
    return a[m]


def mask_set_negative_to_zero(a):
    a[a < 0] = 0


def mask_set_argument(a, m):
    a[m] = 0


def mask_set_inverted(a, m):
    a[~m] = -1


def mask_combined(a):
    return a[(a > -2) & (a < 4)]


def mask_assign_values(a, b):
    m = b > 0
    a[m] = b[m]


def mask_iadd(a):
    a[a > 0] += 10


MASK_INPUTS = (_cases(layouts_1d, (numpy.float64, numpy.int32, numpy.float32))
               + _cases(layouts_2d, (numpy.float64, numpy.int64), keep=["C", "F", "T", "strided",
                                                                         "empty"])
               + _cases(layouts_3d, (numpy.float64,), keep=["C", "transposed"]))


@pytest.mark.parametrize("fn", [mask_positive, mask_set_negative_to_zero, mask_combined,
                                mask_iadd], ids=lambda f: f.__name__)
@pytest.mark.parametrize("a", MASK_INPUTS)
def test_mask_from_comparison(fn, a):
    # a[mask] on an n-D array reads the selected elements in C order, as a 1-D copy.
    check(fn, a)


@pytest.mark.parametrize("a", MASK_INPUTS)
def test_mask_argument(a):
    m = (numpy.arange(a.size) % 3 == 0).reshape(a.shape)
    check(mask_argument, a, m)
    check(mask_set_argument, a, m)
    check(mask_set_inverted, a, m)
    check(mask_argument, a, numpy.ones_like(m))
    check(mask_argument, a, numpy.zeros_like(m))


def test_mask_assign_values():
    check(mask_assign_values, numpy.zeros(10), numpy.arange(10.0) - 4)
    check(mask_assign_values, numpy.zeros((3, 4)), _values((3, 4)))
    check(mask_assign_values, numpy.zeros(6, dtype=numpy.int64), numpy.arange(6.0)[::-1] - 2)


def test_mask_shape_mismatch_raises():
    err = check(mask_argument, numpy.arange(5.0), numpy.array([True, False]))
    assert isinstance(err, IndexError)
    err = check(mask_set_argument, numpy.arange(5.0), numpy.array([True, False, True, True, True, False]))
    assert isinstance(err, IndexError)


# --- integer-array indexing (reads) ---------------------------------------------------------------------------------


def take(a, idx):
    return a[idx]


def take_literal(a):
    idx = numpy.array([0, -1, 2, 2, -3])
    return a[idx]


def take_then_write(a, idx):
    b = a[idx]
    b[0] = 1000
    return b


INDEX_ARRAYS = {
    "plain": numpy.array([0, 3, 1]),
    "negative": numpy.array([-1, -5, 2, -12]),
    "duplicates": numpy.array([4, 4, 0, 4]),
    "int32": numpy.array([1, -2, 7], dtype=numpy.int32),
    "empty": numpy.array([], dtype=numpy.int64),
    "strided": numpy.arange(12)[::-3],
}


@pytest.mark.parametrize("idx", list(INDEX_ARRAYS.values()), ids=list(INDEX_ARRAYS))
@pytest.mark.parametrize("a", _cases(layouts_1d, (numpy.float64, numpy.int32, numpy.bool_),
                                     keep=["C", "strided", "reversed"]))
def test_integer_array_index_1d(a, idx):
    check(take, a, idx)


def test_integer_array_index_with_2d_index_array():
    # the result has the index array's shape
    check(take, _values((12,)), numpy.array([[0, 1], [-1, -2]]))
    check(take, _values((12,), numpy.int32)[::-1], numpy.array([[3], [-3]]))


def test_integer_array_index_rows_of_2d():
    x = _values((5, 3))
    check(take, x, numpy.array([4, -5, 2]))
    check(take, x.T, numpy.array([0, -1]))
    check(take, numpy.asfortranarray(x), numpy.array([1, 1, 3]))


def test_integer_array_index_literal_and_copy():
    check(take_literal, _values((6,)))
    # a[idx] is a copy: writing into it leaves the argument untouched
    check(take_then_write, _values((6,)), numpy.array([1, 2]))


@pytest.mark.parametrize("idx", [numpy.array([0, 12]), numpy.array([-13]), numpy.array([5, 100, 1])],
                         ids=["past-end", "before-start", "middle"])
def test_integer_array_index_out_of_bounds_raises(idx):
    assert isinstance(check(take, numpy.arange(12.0), idx), IndexError)

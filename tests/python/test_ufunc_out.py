"""The ``out`` argument of NumPy's element-wise functions (ufuncs) inside compiled functions
(differential): the result is written into ``out`` (broadcast to its shape, converted to its
dtype under NumPy's ``same_kind`` rule), the call's value is ``out`` itself, and the caller
sees the writes. ``check`` compares the returned values and every argument array (and its
base) after both runs.
"""
import numpy as np
import pytest

import oxjit
from diff import check, check_with, compiled


# --- functions under test (module level: oxjit reads their source) -----------------------------


def sin_out(a, o):
    return np.sin(a, out=o)


def sin_out_none_returned(a, o):
    np.sin(a, out=o)
    return o.sum()


def exp_out(a, o):
    return np.exp(a, out=o)


def sqrt_out(a, o):
    return np.sqrt(a, out=o)


def abs_out(a, o):
    return np.abs(a, out=o)


def negative_out(a, o):
    return np.negative(a, out=o)


def isnan_out(a, o):
    return np.isnan(a, out=o)


def logical_not_out(a, o):
    return np.logical_not(a, out=o)


def add_out(a, b, o):
    return np.add(a, b, out=o)


def add_out_positional(a, b, o):
    return np.add(a, b, o)


def sin_out_positional(a, o):
    return np.sin(a, o)


def add_out_tuple(a, b, o):
    return np.add(a, b, out=(o,))


def add_out_none(a, b):
    return np.add(a, b, out=None)


def multiply_out(a, b, o):
    return np.multiply(a, b, out=o)


def subtract_out(a, b, o):
    return np.subtract(a, b, out=o)


def divide_out(a, b, o):
    return np.divide(a, b, out=o)


def power_out(a, b, o):
    return np.power(a, b, out=o)


def maximum_out(a, b, o):
    return np.maximum(a, b, out=o)


def minimum_out(a, b, o):
    return np.minimum(a, b, out=o)


def arctan2_out(a, b, o):
    return np.arctan2(a, b, out=o)


def hypot_out(a, b, o):
    return np.hypot(a, b, out=o)


def less_out(a, b, o):
    return np.less(a, b, out=o)


def equal_out(a, b, o):
    return np.equal(a, b, out=o)


def logical_and_out(a, b, o):
    return np.logical_and(a, b, out=o)


def bitwise_or_out(a, b, o):
    return np.bitwise_or(a, b, out=o)


def add_scalar_out(a, o):
    return np.add(a, 2.5, out=o)


def sin_scalar_out(o):
    return np.sin(1.0, out=o)


def identity_of_result(a, o):
    r = np.sin(a, out=o)
    r[0] = 100.0
    return o[0]


def in_place_self(a, b):
    np.add(a, b, out=a)
    return a


def in_place_both(a):
    return np.multiply(a, a, out=a)


def shifted_overlap(a):
    np.add(a[1:], a[:-1], out=a[1:])
    return a


def shifted_overlap_back(a):
    np.subtract(a[:-1], a[1:], out=a[1:])
    return a


def chained(a, b, o):
    np.multiply(a, b, out=o)
    np.add(o, 1.0, out=o)
    return np.sqrt(o, out=o).sum()


def out_in_loop(a, o):
    for _ in range(3):
        np.add(o, a, out=o)
    return o


def strided_out(a, o):
    return np.exp(a, out=o[::2])


def column_out(m, o):
    np.sqrt(m[:, 0], out=o[:, 1])
    return o


def cast_sin_to_int(a, o):
    return np.sin(a, out=o)


def cast_add_to_bool(a, b, o):
    return np.add(a, b, out=o)


def list_out(a, o):
    return np.sin(a, out=[o])


def local_expression_out(a):
    o = a * 2.0
    np.add(o, 1.0, out=o)
    return o


def local_zeros_out(a):
    o = np.zeros(a.shape[0])
    t = np.sin(a, out=o)
    return t + o


def two_passes(a, o):
    np.sin(a, out=o)
    s = o.sum()
    np.cos(a, out=o)
    return s + o.sum()


def scalar_int_out(x, o):
    return np.add(x, 2, out=o)


def both_out(a, o):
    return np.sin(a, o, out=o)


# --- unary -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("fn", [sin_out, exp_out, sqrt_out, abs_out, negative_out])
def test_unary_float(fn):
    a = np.array([0.25, 1.5, 2.0, 9.0, 0.0])
    check(fn, a, np.zeros(5), rtol=1e-15)
    check(fn, a.astype(np.float32), np.zeros(5, dtype=np.float32), rtol=1e-6)


def test_unary_result_unused():
    check(sin_out_none_returned, np.linspace(0.0, 3.0, 7), np.zeros(7), rtol=1e-15)


def test_unary_integer_and_bool():
    check(abs_out, np.array([-3, 4, -5]), np.zeros(3, dtype=np.int64))
    check(negative_out, np.array([-3, 4, -5]), np.zeros(3, dtype=np.int64))
    check(isnan_out, np.array([1.0, np.nan, 2.0]), np.zeros(3, dtype=np.bool_))
    check(logical_not_out, np.array([True, False, True]), np.zeros(3, dtype=np.bool_))


def test_positional_and_tuple_and_none():
    a, b = np.arange(4.0), np.full(4, 0.5)
    check(add_out_positional, a, b, np.zeros(4))
    check(sin_out_positional, a, np.zeros(4), rtol=1e-15)
    check(add_out_tuple, a, b, np.zeros(4))
    check(add_out_none, a, b)


# --- binary ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("fn", [add_out, multiply_out, subtract_out, divide_out, power_out,
                                maximum_out, minimum_out, arctan2_out, hypot_out])
def test_binary_float(fn):
    a = np.array([0.5, 1.5, -2.0, 3.0])
    b = np.array([2.0, -1.0, 0.25, 3.0])
    check(fn, a, b, np.zeros(4), rtol=1e-15)
    check(fn, a.reshape(2, 2), b.reshape(2, 2), np.zeros((2, 2)), rtol=1e-15)


def test_binary_integer():
    a, b = np.array([1, 2, 3, 4]), np.array([3, 2, 1, 0])
    for fn in (add_out, multiply_out, subtract_out, maximum_out, bitwise_or_out, power_out):
        check(fn, a, b, np.zeros(4, dtype=np.int64))


def test_comparisons_and_logical():
    a, b = np.array([1.0, 2.0, 3.0]), np.array([3.0, 2.0, 1.0])
    for fn in (less_out, equal_out, logical_and_out):
        check(fn, a, b, np.zeros(3, dtype=np.bool_))
    # A bool result into an int or float output.
    check(less_out, a, b, np.zeros(3, dtype=np.int64))
    check(equal_out, a, b, np.zeros(3))


# --- broadcasting -----------------------------------------------------------------------------------


def test_broadcast_inputs_to_out():
    check(add_out, np.arange(3.0), np.arange(6.0).reshape(2, 3), np.zeros((2, 3)))
    # Both inputs smaller than `out`: broadcast to its shape.
    check(add_out, np.arange(3.0), np.ones((1, 3)), np.zeros((4, 3)))
    check(sin_out, np.arange(3.0), np.zeros((2, 3)), rtol=1e-15)
    check(add_scalar_out, np.arange(4.0), np.zeros(4))
    check(add_scalar_out, 1.5, np.zeros((2, 2)))
    check(sin_scalar_out, np.zeros(3), rtol=1e-15)


def test_wrong_shape_raises_value_error():
    err = check(sin_out, np.ones(3), np.zeros(2))
    assert isinstance(err, ValueError)
    err = check(add_out, np.ones(3), np.ones(3), np.zeros(4))
    assert isinstance(err, ValueError)
    # `out` would itself need broadcasting.
    err = check(sin_out, np.ones((2, 3)), np.zeros((1, 3)))
    assert isinstance(err, ValueError)
    with pytest.raises(ValueError, match="non-broadcastable output operand"):
        compiled(sin_out)(np.ones(3), np.zeros(1))


def test_more_dimensions_than_out_refused_at_compile_time():
    with pytest.raises(ValueError):
        sin_out(np.ones((2, 3)), np.zeros(3))
    with pytest.raises(oxjit.TypingError, match="non-broadcastable output operand"):
        oxjit.njit(sin_out)(np.ones((2, 3)), np.zeros(3))


# --- identity and aliasing ---------------------------------------------------------------------------


def test_result_is_out():
    check(identity_of_result, np.arange(3.0), np.zeros(3))
    o = np.zeros(3)
    r = compiled(sin_out)(np.arange(3.0), o)
    assert np.array_equal(r, np.sin(np.arange(3.0)))
    assert np.array_equal(o, r)
    r[1] = 42.0
    assert o[1] == 42.0


def test_out_aliases_an_input():
    check(in_place_self, np.arange(5.0), np.full(5, 2.0))
    check(in_place_both, np.arange(5.0))
    check(in_place_both, np.arange(6.0).reshape(2, 3))


def test_shifted_overlap_matches_numpy():
    check(shifted_overlap, np.arange(1.0, 9.0))
    check(shifted_overlap_back, np.arange(1.0, 9.0))
    check(shifted_overlap, np.arange(8))


def test_chained_and_loop():
    a, b = np.arange(1.0, 5.0), np.full(4, 2.0)
    check(chained, a, b, np.zeros(4), rtol=1e-15)
    check(out_in_loop, a, np.zeros(4))


# --- layouts --------------------------------------------------------------------------------------------


def test_strided_out():
    check(strided_out, np.arange(4.0), np.zeros(8), rtol=1e-15)
    check_with(sin_out, lambda: (np.arange(4.0), np.zeros(8)[::-2]), rtol=1e-15)
    check(column_out, np.arange(12.0).reshape(4, 3), np.zeros((4, 2)), rtol=1e-15)


def test_fortran_out():
    a = np.arange(6.0).reshape(2, 3)
    check(sin_out, a, np.zeros((2, 3), order="F"), rtol=1e-15)
    check(add_out, a, np.asfortranarray(a), np.zeros((2, 3), order="F"))
    check(add_out, np.asfortranarray(a), 1.0, np.zeros((2, 3)))
    check_with(add_out, lambda: (a, a, np.zeros((3, 2)).T), rtol=1e-15)


# --- casting ----------------------------------------------------------------------------------------------


def test_allowed_casts_convert_like_numpy():
    a = np.array([0.1, 1.0 / 3.0, 2.5, 1e-8])
    # float64 result into float32.
    check(sin_out, a, np.zeros(4, dtype=np.float32))
    check(add_out, a, a, np.zeros(4, dtype=np.float32))
    # Integer results into float and into narrower integers (same kind).
    ints = np.array([1, 2, 300, -4])
    check(add_out, ints, ints, np.zeros(4))
    check(add_out, ints, ints, np.zeros(4, dtype=np.float32))
    check(add_out, ints, ints, np.zeros(4, dtype=np.int8))
    # Bool into int and float.
    bools = np.array([True, False, True, True])
    check(logical_not_out, bools, np.zeros(4, dtype=np.int64))
    check(logical_not_out, bools, np.zeros(4))
    # Unsigned into signed.
    check(add_out, np.array([1, 2], dtype=np.uint8), np.array([3, 4], dtype=np.uint8),
          np.zeros(2, dtype=np.int16))


def test_same_kind_violation_refused():
    a = np.array([0.5, 1.0])
    with pytest.raises(TypeError, match="Cannot cast ufunc 'sin' output"):
        cast_sin_to_int(a, np.zeros(2, dtype=np.int64))
    with pytest.raises(oxjit.TypingError,
                       match=r"Cannot cast ufunc 'sin' output from dtype\('float64'\) to "
                             r"dtype\('int64'\) with casting rule 'same_kind'"):
        oxjit.njit(cast_sin_to_int)(a, np.zeros(2, dtype=np.int64))
    ints = np.array([1, 2])
    with pytest.raises(TypeError, match="Cannot cast ufunc 'add' output"):
        cast_add_to_bool(ints, ints, np.zeros(2, dtype=np.bool_))
    with pytest.raises(oxjit.TypingError, match="Cannot cast ufunc 'add' output"):
        oxjit.njit(cast_add_to_bool)(ints, ints, np.zeros(2, dtype=np.bool_))
    # Signed into unsigned is not the same kind either.
    with pytest.raises(oxjit.TypingError, match="same_kind"):
        oxjit.njit(cast_add_to_bool)(ints, ints, np.zeros(2, dtype=np.uint8))


def test_bad_out_values_refused():
    with pytest.raises(TypeError, match="return arrays must be of ArrayType"):
        list_out(np.ones(2), np.zeros(2))
    with pytest.raises(oxjit.TypingError, match="return arrays must be of ArrayType"):
        oxjit.njit(list_out)(np.ones(2), np.zeros(2))
    with pytest.raises(oxjit.TypingError, match="return arrays must be of ArrayType"):
        oxjit.njit(sin_out)(np.ones(2), 3.0)


# --- more --------------------------------------------------------------------------------------------------


def test_out_is_a_local_array():
    check(local_expression_out, np.arange(4.0))
    check(local_zeros_out, np.arange(4.0), rtol=1e-15)
    check(two_passes, np.arange(4.0), np.zeros(4), rtol=1e-15)


def test_float32_inputs_into_float64_out():
    # NumPy computes in float32, then widens.
    check(sin_out, np.array([0.1, 0.7, 2.0], dtype=np.float32), np.zeros(3))
    check(add_out, np.array([0.1, 0.7], dtype=np.float32), np.array([0.2, 0.3], dtype=np.float32),
          np.zeros(2))


def test_scalar_int_result_wraps_into_narrow_out():
    check(scalar_int_out, 300, np.zeros(2, dtype=np.int8))
    check(scalar_int_out, 5, np.zeros(3, dtype=np.int64))


def test_complex_out():
    c = np.array([1.0 + 2.0j, -0.5 + 0.25j, 3.0 - 1.0j])
    check(add_out, c, c, np.zeros(3, dtype=np.complex128))
    check(sqrt_out, c, np.zeros(3, dtype=np.complex128), rtol=1e-15)
    check(add_out, np.arange(3.0), np.arange(3.0), np.zeros(3, dtype=np.complex128))
    with pytest.raises(oxjit.TypingError, match="same_kind"):
        oxjit.njit(sqrt_out)(c, np.zeros(3))


def test_read_only_out():
    o = np.zeros(3)
    o.flags.writeable = False
    with pytest.raises(ValueError, match="output array is read-only"):
        sin_out(np.ones(3), o)
    with pytest.raises(ValueError, match="output array is read-only"):
        compiled(sin_out)(np.ones(3), o)


def test_out_twice_refused():
    with pytest.raises(TypeError, match="cannot specify 'out' as both"):
        both_out(np.ones(2), np.zeros(2))
    with pytest.raises(oxjit.TypingError, match="cannot specify 'out' as both"):
        oxjit.njit(both_out)(np.ones(2), np.zeros(2))


def sin_out_casting(a, o):
    return np.sin(a, out=o, casting="unsafe")


def test_refused_forms():
    with pytest.raises(oxjit.UnsupportedError, match="0-d"):
        oxjit.njit(sin_scalar_out)(np.zeros(()))
    with pytest.raises(oxjit.UnsupportedError, match="casting"):
        oxjit.njit(sin_out_casting)(np.ones(2), np.zeros(2))


@oxjit.njit(parallel=True)
def rows_prange(a, o):
    for i in oxjit.prange(a.shape[0]):
        np.sin(a[i], out=o[i])
    return o


def rows_loop(a, o):
    for i in range(a.shape[0]):
        np.multiply(a[i], 2.0, o[i])
    return o.sum()


def test_row_views_as_out_in_loops():
    a = np.arange(12.0).reshape(4, 3)
    check(rows_loop, a, np.zeros((4, 3)))
    check(rows_prange, a, np.zeros((4, 3)), rtol=1e-15)

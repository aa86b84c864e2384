"""The ``where`` argument of NumPy's element-wise functions (ufuncs) with ``out`` inside compiled
functions (differential): only the elements where the mask (broadcast to ``out``'s shape) is
True are written, the others keep ``out``'s old values; the call's value is ``out``. ``check``
compares the returned values and every argument array after both runs, so the untouched
elements of ``out`` are compared too.
"""
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import oxjit
from diff import check, check_with, compiled


# --- functions under test (module level: oxjit reads their source) -----------------------------


def sqrt_where(a, m, o):
    return np.sqrt(a, out=o, where=m)


def sin_where(a, m, o):
    return np.sin(a, out=o, where=m)


def negative_where(a, m, o):
    return np.negative(a, out=o, where=m)


def logical_not_where(a, m, o):
    return np.logical_not(a, out=o, where=m)


def sqrt_where_nonneg(a, o):
    return np.sqrt(a, out=o, where=a >= 0)


def add_where(a, b, m, o):
    return np.add(a, b, out=o, where=m)


def add_where_positional(a, b, m, o):
    return np.add(a, b, o, where=m)


def add_where_tuple(a, b, m, o):
    return np.add(a, b, out=(o,), where=m)


def add_where_positive(a, b, o):
    return np.add(a, b, out=o, where=a > 0)


def multiply_where(a, b, m, o):
    return np.multiply(a, b, out=o, where=m)


def less_where(a, b, m, o):
    return np.less(a, b, out=o, where=m)


def maximum_where(a, b, m, o):
    return np.maximum(a, b, out=o, where=m)


def sqrt_where_true(a, o):
    return np.sqrt(a, out=o, where=True)


def sqrt_where_false(a, o):
    return np.sqrt(a, out=o, where=False)


def floor_divide_where(a, b, o):
    return np.floor_divide(a, b, out=o, where=b != 0)


def remainder_where(a, b, o):
    return np.remainder(a, b, out=o, where=b != 0)


def power_where(a, b, o):
    return np.power(a, b, out=o, where=b >= 0)


def power_where_mask(a, b, m, o):
    return np.power(a, b, out=o, where=m)


def in_place_where(a):
    np.add(a, 10.0, out=a, where=a < 3.0)
    return a


def strided_where(a, m, o):
    return np.exp(a, out=o[::2], where=m)


def result_is_out(a, m, o):
    r = np.sqrt(a, out=o, where=m)
    r[0] = -7.0
    return o[0]


def where_in_loop(a, o):
    for k in range(3):
        np.add(o, a, out=o, where=a > k)
    return o


def sqrt_where_no_out(a, m):
    return np.sqrt(a, where=m)


def add_where_none_out(a, b, m):
    return np.add(a, b, out=None, where=m)


# --- unary and binary, dtypes ---------------------------------------------------------------------


MASK = np.array([True, False, True, False, False, True])


def test_unary_float():
    a = np.array([0.0, 1.0, 2.0, 3.0, 4.0, 5.5])
    check(sqrt_where, a, MASK, np.full(6, -1.0))
    check(sin_where, a, MASK, np.full(6, -1.0), rtol=1e-15)
    check(negative_where, a, MASK, np.full(6, 0.5))
    check(sqrt_where, a, np.zeros(6, dtype=bool), np.full(6, -1.0))
    check(sqrt_where, a, np.ones(6, dtype=bool), np.full(6, -1.0))


def test_unary_int_bool_complex():
    check(negative_where, np.arange(6), MASK, np.full(6, 99))
    check(negative_where, np.arange(6, dtype=np.int8), MASK, np.full(6, 9, dtype=np.int8))
    check(logical_not_where, MASK, ~MASK, np.zeros(6, dtype=bool))
    check(sqrt_where, np.arange(6), MASK, np.full(6, -1.0))
    check(sqrt_where, np.arange(6, dtype=np.int16), MASK, np.full(6, -1.0, dtype=np.float32))


def test_binary_float_int_bool():
    a = np.array([1.0, -2.0, 3.5, -0.5, 0.0, 7.0])
    b = np.array([0.5, 2.0, -1.0, 4.0, 3.0, -2.0])
    check(add_where, a, b, MASK, np.full(6, -9.0))
    check(multiply_where, a, b, ~MASK, np.full(6, -9.0))
    check(maximum_where, a, b, MASK, np.full(6, -9.0))
    check(add_where_positive, a, b, np.full(6, -9.0))
    check(add_where, np.arange(6), np.arange(6) * 3, MASK, np.full(6, -1))
    check(less_where, a, b, MASK, np.ones(6, dtype=bool))
    check(add_where, MASK, ~MASK, MASK, np.zeros(6, dtype=bool))


def test_positional_and_tuple_out():
    a, b = np.arange(6.0), np.ones(6)
    check(add_where_positional, a, b, MASK, np.zeros(6))
    check(add_where_tuple, a, b, MASK, np.zeros(6))


def test_casts_into_out_convert_like_numpy():
    # int64 values into float32: one rounding (not through float64).
    big = np.array([2**54 + 2**30 + 1, 2**40 + 1, 16777217, -(2**60) - 1, 5, 6])
    check(add_where, big, np.zeros(6, dtype=np.int64), MASK, np.zeros(6, dtype=np.float32))
    # uint64 into int64: the kept int64 elements must not pass through float64.
    u = np.array([2**63 + 5, 1, 2, 3, 4, 2**64 - 1], dtype=np.uint64)
    o = np.full(6, 2**62 + 1, dtype=np.int64)
    check(add_where, u, np.zeros(6, dtype=np.uint64), MASK, o)
    # float32 results widened into float64, and kept float64 elements exact.
    f = np.array([0.1, 0.7, 2.0, 3.3, 1e-8, 9.9], dtype=np.float32)
    check(sqrt_where, f, MASK, np.full(6, 0.1))
    check(add_where, np.arange(6), np.arange(6), MASK, np.full(6, 0.3))


def test_nan_inputs_and_kept_nans():
    a = np.array([np.nan, -1.0, 4.0, -np.inf, np.inf, -0.0])
    o = np.array([1.0, np.nan, -np.nan, 2.0, np.nan, 3.0])
    check(sqrt_where_nonneg, a, o)
    check(sqrt_where, a, MASK, o)
    check(add_where, a, a, ~MASK, o)


# --- scalar masks ------------------------------------------------------------------------------------


def test_scalar_masks():
    a = np.arange(4.0)
    check(sqrt_where_true, a, np.full(4, -1.0))
    check(sqrt_where_false, a, np.full(4, -1.0))
    check(sqrt_where, a, True, np.full(4, -1.0))
    check(sqrt_where, a, False, np.full(4, -1.0))
    check(sqrt_where, a, np.bool_(False), np.full(4, -1.0))


# --- broadcasting and layouts --------------------------------------------------------------------------


def test_broadcast_masks():
    a = np.arange(6.0).reshape(2, 3)
    o = lambda: np.full((2, 3), -1.0)
    check(sqrt_where, a, np.array([True, False, True]), o())        # a row
    check(sqrt_where, a, np.array([[False], [True]]), o())          # a column
    check(sqrt_where, a, np.array([[True, False, False]]), o())     # (1, 3)
    # A 1-d input with a 2-d mask, into a 2-d out.
    check(add_where, np.arange(3.0), 1.0, np.array([[True], [False]]), o())
    # A scalar input fills the selected elements.
    check(add_where, 1.5, 2.0, np.array([True, False, True]), o())


def test_layouts_of_out():
    a = np.arange(6.0).reshape(2, 3)
    m = np.array([[True, False, True], [False, True, True]])
    check_with(sqrt_where, lambda: (a, m, np.asfortranarray(np.full((2, 3), -1.0))))
    check_with(sqrt_where, lambda: (a, m, np.full((3, 2), -1.0).T))
    check_with(sqrt_where, lambda: (a, m, np.full((2, 6), -1.0)[:, ::2]))
    check(strided_where, np.arange(3.0), np.array([True, False, True]), np.full(6, -1.0),
          rtol=1e-15)


def test_aliasing_identity_and_loops():
    check(in_place_where, np.arange(6.0))
    check(result_is_out, np.arange(3.0), np.array([True, False, True]), np.zeros(3))
    check(where_in_loop, np.array([0.0, 1.0, 2.0, 3.0, -1.0]), np.zeros(5))


# --- integer division and power under the mask --------------------------------------------------------


def test_integer_division_by_zero_under_the_mask():
    a = np.array([7, -7, 5, 0, -3, 9])
    b = np.array([2, 0, -3, 0, 4, 0])
    check(floor_divide_where, a, b, np.full(6, -100))
    check(remainder_where, a, b, np.full(6, -100))
    i8 = np.array([-128, 1, 2, 3, 4, 5], dtype=np.int8)
    check(floor_divide_where, i8, np.array([-1, 0, 1, 0, 2, 0], dtype=np.int8),
          np.zeros(6, dtype=np.int8))


def test_negative_integer_exponents_under_the_mask():
    a = np.array([2, 3, 4, 5, -2, 7])
    b = np.array([3, -1, 2, -5, 3, -2])
    check(power_where, a, b, np.full(6, -100))
    # A selected negative exponent raises, as in NumPy (the first element: NumPy has written
    # nothing yet).
    err = check(power_where_mask, a, -b, np.ones(6, dtype=bool), np.zeros(6, dtype=np.int64))
    assert isinstance(err, ValueError)
    # A broadcast mask guards a broadcast exponent.
    check(power_where_mask, np.arange(6).reshape(2, 3), np.array([-1, 2, 3]),
          np.array([False, True, True]), np.zeros((2, 3), dtype=np.int64))
    check(power_where, 2.0, np.array([-1, 2, -3]), np.zeros(3))


# --- refused forms -------------------------------------------------------------------------------------


def test_complex_out_refused():
    c = np.array([1 + 2j, -4 + 0j, 3 - 1j])
    m = np.array([True, False, True])
    with pytest.raises(oxjit.UnsupportedError, match="complex `out`"):
        oxjit.njit(sqrt_where)(c, m, np.zeros(3, dtype=np.complex128))
    with pytest.raises(oxjit.UnsupportedError, match="complex `out`"):
        oxjit.njit(add_where)(np.ones(3), np.ones(3), m, np.zeros(3, dtype=np.complex128))


def test_where_without_out_refused():
    a, m = np.arange(3.0), np.array([True, False, True])
    with pytest.warns(UserWarning, match="without 'out'"):
        sqrt_where_no_out(a, m)
    with pytest.raises(oxjit.UnsupportedError, match="pass the array to write into as `out=`"):
        oxjit.njit(sqrt_where_no_out)(a, m)
    with pytest.raises(oxjit.UnsupportedError, match="no `out=` array"):
        oxjit.njit(add_where_none_out)(a, a, m)
    with pytest.raises(oxjit.UnsupportedError, match=r"test_ufunc_where\.py:\d+:\d+"):
        oxjit.njit(sqrt_where_no_out)(a, m)


def test_non_bool_mask_is_a_type_error():
    a = np.arange(3.0)
    for m in (np.array([1, 0, 1]), np.array([1.0, 0.0, 1.0]), np.ones(3, dtype=np.int8)):
        with pytest.raises(TypeError, match="to dtype\\('bool'\\) according to the rule 'safe'"):
            sqrt_where(a, m, np.zeros(3))
        with pytest.raises(oxjit.TypingError,
                           match=f"Cannot cast array data from dtype\\('{m.dtype}'\\) to "
                                 "dtype\\('bool'\\) according to the rule 'safe'"):
            oxjit.njit(sqrt_where)(a, m, np.zeros(3))


def test_shapes_that_do_not_broadcast():
    a = np.arange(6.0).reshape(2, 3)
    err = check(sqrt_where, a, np.array([True, False]), np.zeros((2, 3)))
    assert isinstance(err, ValueError)
    err = check(sqrt_where, a, np.ones((3, 3), dtype=bool), np.zeros((2, 3)))
    assert isinstance(err, ValueError)
    # A mask with more dimensions than `out`: NumPy's ValueError when called, refused when
    # compiled (the dimensions are known).
    m = np.ones((1, 3), dtype=bool)
    with pytest.raises(ValueError, match="non-broadcastable output operand"):
        sqrt_where(np.arange(3.0), m, np.zeros(3))
    with pytest.raises(oxjit.TypingError, match="non-broadcastable output operand"):
        oxjit.njit(sqrt_where)(np.arange(3.0), m, np.zeros(3))


# --- random masks ------------------------------------------------------------------------------------


@settings(max_examples=40, deadline=None)
@given(
    data=st.data(),
    shape=hnp.array_shapes(min_dims=1, max_dims=3, max_side=4),
)
def test_random_masks(data, shape):
    floats = st.floats(allow_nan=True, allow_infinity=True, width=64)
    a = data.draw(hnp.arrays(np.float64, shape, elements=floats))
    b = data.draw(hnp.arrays(np.float64, shape, elements=floats))
    o = data.draw(hnp.arrays(np.float64, shape, elements=floats))
    # A mask of the full shape or of a broadcastable sub-shape.
    mshape = data.draw(hnp.broadcastable_shapes(shape, max_dims=len(shape)))
    m = data.draw(hnp.arrays(np.bool_, mshape))
    check(sqrt_where, a, m, o)
    check(add_where, a, b, m, o)
    ints = data.draw(hnp.arrays(np.int64, shape, elements=st.integers(-5, 5)))
    check(floor_divide_where, ints, ints[::-1] if len(shape) == 1 else ints,
          np.full(shape, -1))
    # The mask selects non-negative exponents only (a raising call stops part-way in NumPy).
    check(power_where_mask, ints, ints, m & (ints >= 0), np.full(shape, -1))

"""Element-wise NumPy operations inside compiled functions (differential).

Operators ``+ - * / // % **``, comparisons, unary ``-``/``+``/``~`` between
arrays and scalars of any ndim (broadcasting), NumPy 2 dtype promotion (NEP 50:
a Python ``int``/``float``/``bool`` -- literal or argument -- is "weak" and
takes the array's dtype where it fits; a NumPy scalar read from an array is
not), in-place operators, and the element-wise functions (ufuncs) ``sqrt``,
``exp``, ..., ``where``, ``clip``, ``round``, as functions and as methods
where NumPy has them.

Tolerances: arithmetic, comparisons and correctly rounded functions (``sqrt``,
``abs``, ``floor``, ``minimum``, ...) are compared exactly. Transcendental
functions (``exp``, ``log``, ``sin``, ..., ``power`` with fractional
exponents) may come from a different math library than NumPy's (NumPy uses
SVML on AVX-512 machines: up to a few ulps from glibc), so they are compared
within ``RTOL64 = 1e-15`` (about 4 ulps) for float64 and ``RTOL32 = 1e-6``
(about 8 ulps) for float32.

NumPy's warnings for out-of-domain inputs (``sqrt(-1.0)`` -> nan,
``log(0.0)`` -> -inf, ``1.0 / 0.0`` -> inf) are silenced in the CPython run
only, with ``cpython_errstate(all="ignore")``; the compiled function must give
the same values without raising.
"""
import itertools
import warnings

import numpy
import numpy as np
import pytest

import oxjit
from diff import check, check_with, compiled, cpython_errstate

RTOL64 = 1e-15
RTOL32 = 1e-6

DTYPES = [numpy.float64, numpy.float32, numpy.int64, numpy.int32, numpy.bool_]
SUPPORTED_RESULTS = {numpy.dtype(d) for d in DTYPES}
NAN = float("nan")
INF = float("inf")


def _name(dtype):
    return numpy.dtype(dtype).name


def _rtol_for(*operands):
    """Transcendental-function tolerance for the result dtype of ``operands``."""
    return RTOL32 if numpy.result_type(*operands) == numpy.float32 else RTOL64


def _check_scalar_op(op, x, y):
    # x ** 1.5 and x ** -2 are not exact: NumPy's pow/powf (SVML on AVX-512) can be
    # 1 ulp from the correctly rounded result; 0.0 ** -2 -> inf (divide warning)
    rtol = None
    if op is power and any(isinstance(v, float) or (not isinstance(v, numpy.ndarray) and v < 0)
                           for v in (x, y)):
        rtol = _rtol_for(x, y)
    with cpython_errstate(divide="ignore"):
        check(op, x, y, rtol=rtol)


# --- operators -------------------------------------------------------------------------------


def add(a, b):
    return a + b


def sub(a, b):
    return a - b


def mul(a, b):
    return a * b


def truediv(a, b):
    return a / b


def floordiv(a, b):
    return a // b


def mod(a, b):
    return a % b


def power(a, b):
    return a ** b


def lt(a, b):
    return a < b


def le(a, b):
    return a <= b


def eq(a, b):
    return a == b


def ne(a, b):
    return a != b


def gt(a, b):
    return a > b


def ge(a, b):
    return a >= b


ARITH = [add, sub, mul, truediv, floordiv, mod, power]
COMPARE = [lt, le, eq, ne, gt, ge]
OPS = ARITH + COMPARE
DIVISIONS = (truediv, floordiv, mod)

_NUMERATORS = numpy.array([-3, -2, -1, 0, 1, 2, 3, 4, 5, 6, 7, 8])
_DIVISORS = numpy.array([1, 2, 3, -1, -2, 4, -3, 5, 2, 3, 1, -4])
_EXPONENTS = numpy.array([0, 1, 2, 3, 2, 1, 0, 3, 1, 2, 3, 0])


def left_operand(dtype, shape=(12,)):
    """Small integer values with signs (floats too, so every result is exact)."""
    n = int(numpy.prod(shape))
    if dtype is numpy.bool_:
        return (numpy.arange(n) % 3 != 1).reshape(shape)
    return numpy.resize(_NUMERATORS, n).astype(dtype).reshape(shape)


def right_operand(op, dtype, shape=(12,)):
    """Never zero for divisions, never negative for ``**`` (int ** -1 raises)."""
    n = int(numpy.prod(shape))
    if dtype is numpy.bool_:
        if op in DIVISIONS:
            return numpy.ones(shape, dtype=numpy.bool_)
        return (numpy.arange(n) % 2 == 0).reshape(shape)
    values = _EXPONENTS if op is power else _DIVISORS
    return numpy.resize(values, n).astype(dtype).reshape(shape)


def _numpy_outcome(op, a, b):
    """'ok', 'type-error' (NumPy raises TypeError) or 'unsupported-dtype' (int8, float16)."""
    try:
        with numpy.errstate(all="ignore"):
            r = op(a, b)
    except TypeError:
        return "type-error"
    return "ok" if numpy.asarray(r).dtype in SUPPORTED_RESULTS else "unsupported-dtype"


def _pair_cases(ops):
    ok, type_errors = [], []
    for op in ops:
        for da, db in itertools.product(DTYPES, DTYPES):
            a, b = left_operand(da), right_operand(op, db)
            outcome = _numpy_outcome(op, a, b)
            param = pytest.param(op, da, db, id=f"{op.__name__}-{_name(da)}-{_name(db)}")
            if outcome == "ok":
                ok.append(param)
            elif outcome == "type-error":
                type_errors.append(param)
            # bool // bool, bool % bool, bool ** bool give int8: oxjit has no int8 arrays
    return ok, type_errors


PAIR_OK, PAIR_TYPE_ERRORS = _pair_cases(OPS)


@pytest.mark.parametrize("op, da, db", PAIR_OK)
def test_operator_dtype_pairs(op, da, db):
    # int32 + int64 -> int64, float32 + int32 -> float64, bool + bool -> bool, ...
    check(op, left_operand(da), right_operand(op, db))


@pytest.mark.parametrize("op, da, db", PAIR_TYPE_ERRORS)
def test_operator_type_errors(op, da, db):
    # bool - bool: NumPy raises TypeError. oxjit knows this at compile time;
    # whether it reports it then or at run time, the class must be a TypeError.
    a, b = left_operand(da), right_operand(op, db)
    with pytest.raises(TypeError):
        op(a, b)
    with pytest.raises(TypeError):
        compiled(op)(a, b)


def test_fractional_float_operators():
    rng = numpy.random.RandomState(5)
    a = rng.uniform(-10, 10, 200)
    b = rng.uniform(-3, 3, 200)
    b[b == 0] = 1.0
    for op in [add, sub, mul, truediv, floordiv, mod] + COMPARE:
        check(op, a, b)
        check(op, a.astype(numpy.float32), b.astype(numpy.float32))
    check(power, numpy.abs(a), b, rtol=RTOL64)  # pow is transcendental
    check(power, numpy.abs(a).astype(numpy.float32), b.astype(numpy.float32), rtol=RTOL32)


def test_large_int_floor_division_and_modulo():
    a = numpy.array([-(2 ** 62), 2 ** 62 + 1, -7, 7, 2 ** 63 - 1, -(2 ** 63) + 1])
    b = numpy.array([3, -5, 2, -2, 1000003, -1000003])
    check(floordiv, a, b)
    check(mod, a, b)
    check(truediv, a, b)


# --- broadcasting and layouts -------------------------------------------------------------------------


SHAPE_PAIRS = [
    ((3, 1), (1, 4)), ((4,), (3, 4)), ((3, 4), (4,)), ((3, 4), (3, 1)), ((1, 4), (3, 1)),
    ((2, 3, 4), (3, 1)), ((2, 3, 4), (4,)), ((2, 1, 4), (3, 1)), ((1,), (5,)), ((5,), (1,)),
    ((0,), (0,)), ((0, 3), (3,)), ((0,), (1,)), ((1, 1), (2, 3)), ((2, 3), (2, 3)),
    ((2, 3, 4), (2, 3, 4)), ((1, 3, 1), (2, 1, 4)), ((3, 0), (1, 1)),
]
BROADCAST_OPS = [add, sub, mul, truediv, floordiv, power, lt, eq]


@pytest.mark.parametrize("op", BROADCAST_OPS, ids=lambda f: f.__name__)
@pytest.mark.parametrize("sa, sb", SHAPE_PAIRS, ids=[f"{a}-{b}" for a, b in SHAPE_PAIRS])
def test_broadcasting(op, sa, sb):
    check(op, left_operand(numpy.float64, sa), right_operand(op, numpy.float64, sb))
    check(op, left_operand(numpy.int32, sb), right_operand(op, numpy.int64, sa))


def _f(shape):
    return left_operand(numpy.float64, shape)


LAYOUT_PAIRS = {
    "T-with-row": lambda: (_f((4, 3)).T, _f((4,))),
    "T-with-T": lambda: (_f((4, 3)).T, _f((4, 3)).T),
    "F-with-C": lambda: (numpy.asfortranarray(_f((3, 4))), _f((3, 4))),
    "strided-with-reversed": lambda: (_f((12,))[::2], _f((6,))[::-1]),
    "column-with-row-views": lambda: (_f((3, 4))[:, 1:2], _f((3, 4))[0:1, :]),
    "3d-transposed-with-1d": lambda: (_f((4, 2, 3)).transpose(1, 2, 0), _f((8,))[::2]),
    "2d-strided-with-column": lambda: (_f((6, 8))[::2, ::2], _f((3, 1))),
    "reversed-2d": lambda: (_f((3, 4))[::-1, ::-1], _f((3, 4))),
    "size1-views": lambda: (_f((5,))[2:3], _f((3, 4))[1:2, 2:3]),
}


@pytest.mark.parametrize("op", [add, sub, mul, truediv, gt], ids=lambda f: f.__name__)
@pytest.mark.parametrize("make", list(LAYOUT_PAIRS.values()), ids=list(LAYOUT_PAIRS))
def test_non_contiguous_operands(op, make):
    def args():
        a, b = make()
        return a, (b + 0.5 if op is truediv else b)  # no zero divisors
    check_with(op, args)


@pytest.mark.parametrize("sa, sb", [((3,), (4,)), ((2, 3), (3, 2)), ((2, 3, 4), (3,)),
                                    ((4, 2), (3,)), ((0,), (2,))],
                         ids=lambda s: "x".join(map(str, s)))
@pytest.mark.parametrize("op", [add, mul, lt], ids=lambda f: f.__name__)
def test_shape_mismatch_raises_value_error(op, sa, sb):
    err = check(op, numpy.ones(sa), numpy.ones(sb))
    assert isinstance(err, ValueError)


# --- scalars (Python scalars are weak: NEP 50) --------------------------------------------------------


SCALARS = {"int": 3, "negative-int": -2, "float": 1.5, "bool": True}


@pytest.mark.parametrize("op", OPS, ids=lambda f: f.__name__)
@pytest.mark.parametrize("dtype", DTYPES, ids=_name)
@pytest.mark.parametrize("scalar", list(SCALARS.values()), ids=list(SCALARS))
def test_array_with_scalar_argument(op, dtype, scalar):
    # int32 array + Python int -> int32, float32 array + Python float -> float32,
    # int64 array + Python float -> float64, bool array + Python int -> int64.
    a = left_operand(dtype)
    if op is power and scalar == -2 and dtype in (numpy.int64, numpy.int32, numpy.bool_):
        assert isinstance(check(op, a, scalar), ValueError)  # ints to negative int powers
        return
    if _numpy_outcome(op, a, scalar) != "ok":
        pytest.skip("NumPy result dtype is int8/float16 or NumPy raises")
    _check_scalar_op(op, a, scalar)


@pytest.mark.parametrize("op", OPS, ids=lambda f: f.__name__)
@pytest.mark.parametrize("dtype", DTYPES, ids=_name)
@pytest.mark.parametrize("scalar", list(SCALARS.values()), ids=list(SCALARS))
def test_scalar_argument_with_array(op, dtype, scalar):
    b = right_operand(op, dtype)
    if _numpy_outcome(op, scalar, b) != "ok":
        pytest.skip("NumPy result dtype is int8/float16 or NumPy raises")
    _check_scalar_op(op, scalar, b)


def add_int_literal(a):
    return a + 1


def mul_int_literal_left(a):
    return 2 * a


def add_float_literal(a):
    return a + 1.5


def sub_from_float_literal(a):
    return 2.0 - a


def div_int_literal(a):
    return a / 2


def floordiv_int_literal(a):
    return a // 2


def mod_int_literal(a):
    return a % 3


def square_literal(a):
    return a ** 2


def half_power_literal(a):
    return a ** 0.5


def two_to_the(a):
    return 2 ** a


def add_true(a):
    return a + True


def gt_zero(a):
    return a > 0


def reflected_compare(a):
    return 0.5 < a


def eq_int_literal(a):
    return a == 3


def affine(a):
    return a * 2.0 + 1.0


LITERALS = [add_int_literal, mul_int_literal_left, add_float_literal, sub_from_float_literal,
            div_int_literal, floordiv_int_literal, mod_int_literal, square_literal, two_to_the,
            add_true, gt_zero, reflected_compare, eq_int_literal, affine]


@pytest.mark.parametrize("fn", LITERALS, ids=lambda f: f.__name__)
@pytest.mark.parametrize("dtype", DTYPES, ids=_name)
def test_array_with_literal(fn, dtype):
    a = numpy.abs(left_operand(dtype, (3, 4))) if fn is two_to_the else left_operand(dtype, (3, 4))
    if _numpy_outcome(lambda x, _: fn(x), a, None) != "ok":
        pytest.skip("NumPy result dtype is int8/float16 or NumPy raises")
    check(fn, a)


def test_half_power_literal():
    check(half_power_literal, numpy.arange(10.0), rtol=RTOL64)
    check(half_power_literal, numpy.arange(10.0, dtype=numpy.float32), rtol=RTOL32)


def add_first_element(a, b):
    return a + b[0]


@pytest.mark.xfail(
    strict=True,
    reason="documented difference: oxjit has one float64 scalar type, treated as a weak Python "
    "float (NEP 50), so float64 scalars read from arrays do not promote float32 arrays",
)
def test_numpy_scalar_from_array_is_strong():
    # b[0] is a numpy.float64 / numpy.int64 in CPython: it promotes like an array.
    check(add_first_element, numpy.arange(4, dtype=numpy.float32), numpy.array([0.5, 1.0]))
    check(add_first_element, numpy.arange(4, dtype=numpy.int32), numpy.array([7, 1]))
    check(add_first_element, numpy.arange(4, dtype=numpy.int32),
          numpy.array([7, 1], dtype=numpy.int32))
    check(add_first_element, numpy.arange(4, dtype=numpy.float32),
          numpy.array([0.5], dtype=numpy.float32))


def divide_by_zero_literal(a):
    return a / 0.0


def divide_by_zero_int_literal(a):
    return a / 0


@pytest.mark.parametrize("dtype", [numpy.float64, numpy.float32, numpy.int64, numpy.int32],
                         ids=_name)
def test_division_by_zero_gives_numpy_values(dtype):
    # Arrays do not raise ZeroDivisionError: x / 0 -> +-inf or nan; int // 0 -> 0, int % 0 -> 0.
    a = left_operand(dtype)
    zeros = numpy.resize(numpy.array([0, 1, 0, -2]), 12).astype(dtype)
    with cpython_errstate(all="ignore"):
        for op in (truediv, floordiv, mod):
            check(op, a, zeros)
            check(op, a, 0)
            check(op, 0, zeros)
        check(divide_by_zero_literal, a)
        check(divide_by_zero_int_literal, a)


# --- unary operators --------------------------------------------------------------------------------------


def neg(a):
    return -a


def pos(a):
    return +a


def invert(a):
    return ~a


def neg_of_expression(a, b):
    return -(a - b) * 2


@pytest.mark.parametrize("dtype", [numpy.float64, numpy.float32, numpy.int64, numpy.int32],
                         ids=_name)
@pytest.mark.parametrize("shape", [(12,), (3, 4), (2, 3, 2), (0,), (1,)], ids=str)
def test_unary_minus_and_plus(dtype, shape):
    a = left_operand(dtype, shape)
    check(neg, a)
    check(pos, a)
    check(neg_of_expression, a, a[::-1] if a.ndim == 1 else a)


def test_unary_minus_of_float_zero_is_negative_zero():
    check(neg, numpy.array([0.0, -0.0, 1.5]))


def test_unary_minus_of_bool_raises_type_error():
    b = numpy.array([True, False])
    with pytest.raises(TypeError):
        neg(b)
    with pytest.raises(TypeError):
        compiled(neg)(b)


@pytest.mark.parametrize("dtype", [numpy.bool_, numpy.int64, numpy.int32], ids=_name)
def test_invert(dtype):
    check(invert, left_operand(dtype, (3, 4)))
    check(invert, left_operand(dtype, (12,))[::-3])


# --- in-place operators --------------------------------------------------------------------------------------


def iadd(a, b):
    a += b


def isub(a, b):
    a -= b


def imul(a, b):
    a *= b


def itruediv(a, b):
    a /= b


def ifloordiv(a, b):
    a //= b


def imod(a, b):
    a %= b


def ipow(a, b):
    a **= b


def imul_float_literal(a):
    a *= 2.0


def iadd_returns_same(a, b):
    a += b
    return a


def alias_then_iadd(a):
    b = a
    b += 1
    return a


def rebinding_is_not_in_place(a):
    b = a
    b = b + 1
    return a, b


INPLACE = [iadd, isub, imul, itruediv, ifloordiv, imod, ipow]


def _inplace_cases():
    cases = []
    for op, base_op in zip(INPLACE, ARITH):
        for da, db in itertools.product(DTYPES, DTYPES):
            a, b = left_operand(da), right_operand(base_op, db)
            if _numpy_outcome(base_op, a, b) != "ok":
                continue
            try:
                with numpy.errstate(all="ignore"):
                    op(a.copy(), b)
            except TypeError:
                continue  # casting error: tested below
            cases.append(pytest.param(op, da, db, id=f"{op.__name__}-{_name(da)}-{_name(db)}"))
    return cases


@pytest.mark.parametrize("op, da, db", _inplace_cases())
def test_inplace_dtype_pairs(op, da, db):
    # same_kind casting: float32 += float64 stays float32, int32 += int64 wraps into int32.
    base_op = ARITH[INPLACE.index(op)]
    check(op, left_operand(da), right_operand(base_op, db))


@pytest.mark.parametrize("make", [
    lambda: (left_operand(numpy.float64, (3, 4)), right_operand(add, numpy.float64, (4,))),
    lambda: (left_operand(numpy.float64, (3, 4)), right_operand(add, numpy.float64, (3, 1))),
    lambda: (left_operand(numpy.int64, (2, 3, 4)), right_operand(add, numpy.int32, (3, 4))),
    lambda: (left_operand(numpy.float64, (12,))[::2], right_operand(add, numpy.float64, (6,))),
    lambda: (left_operand(numpy.float64, (4, 3)).T, right_operand(add, numpy.float64, (3, 4))),
    lambda: (left_operand(numpy.float32, (3, 4)), 0.25),
    lambda: (left_operand(numpy.int32, (3, 4)), 2),
], ids=["row", "column", "3d-2d", "strided", "transposed", "f32-scalar", "i32-scalar"])
@pytest.mark.parametrize("op", [iadd, isub, imul], ids=lambda f: f.__name__)
def test_inplace_broadcasting(op, make):
    check_with(op, make)


def test_inplace_float_scalar_and_aliasing():
    check(imul_float_literal, left_operand(numpy.float64, (3, 4)))
    check(imul_float_literal, left_operand(numpy.float32, (12,))[::-1])
    check(iadd_returns_same, numpy.arange(5.0), numpy.ones(5))
    check(alias_then_iadd, numpy.arange(5.0))
    check(alias_then_iadd, numpy.arange(6).reshape(2, 3))
    check(rebinding_is_not_in_place, numpy.arange(5.0))


def test_inplace_overlapping_operands():
    # NumPy computes as if the right operand were copied first.
    check_with(iadd, lambda: (lambda a: (a[1:], a[:-1]))(numpy.arange(8.0)))
    check_with(imul, lambda: (lambda a: (a[::-1], a))(numpy.arange(1.0, 8.0)))


def test_inplace_output_cannot_broadcast_raises():
    # same ndim, sizes known at run time only: ValueError in both
    err = check(iadd, numpy.zeros(4), numpy.ones(5))
    assert isinstance(err, ValueError)
    err = check(imul, numpy.zeros((3, 1)), numpy.ones((3, 4)))
    assert isinstance(err, ValueError)


def test_inplace_output_of_lower_ndim_raises():
    # a (4,) += b (3, 4) can never succeed, whatever the sizes: NumPy raises ValueError
    # at run time; oxjit may report it when compiling (TypingError) instead.
    a, b = numpy.zeros(4), numpy.ones((3, 4))
    with pytest.raises(ValueError):
        iadd(a.copy(), b)
    with pytest.raises((ValueError, oxjit.TypingError)):
        compiled(iadd)(a.copy(), b)


@pytest.mark.parametrize("op, a, b", [
    (imul, numpy.arange(4), 2.0),
    (iadd, numpy.arange(4, dtype=numpy.int32), numpy.ones(4)),
    (itruediv, numpy.arange(4), 2),
    (iadd, numpy.zeros(4, dtype=numpy.bool_), numpy.ones(4, dtype=numpy.int64)),
    (isub, numpy.ones(4, dtype=numpy.bool_), numpy.ones(4, dtype=numpy.bool_)),
], ids=["int-times-float", "int32-plus-float64", "int-truediv", "bool-plus-int", "bool-minus"])
def test_inplace_casting_error_is_a_type_error(op, a, b):
    # NumPy raises numpy._core._exceptions._UFuncOutputCastingError (a TypeError)
    # for int *= float; oxjit cannot raise that private class: any TypeError passes.
    with pytest.raises(TypeError):
        op(a.copy(), b)
    with pytest.raises(TypeError):
        compiled(op)(a.copy(), b)

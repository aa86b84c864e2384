"""NumPy's element-wise functions (ufuncs) inside compiled functions (differential):
``sqrt``, ``exp``, ..., ``minimum``/``maximum``, ``arctan2``, ``power``, ``clip``, ``where``, on
arrays and on Python scalars, and expressions mixing them. Tolerances as in
``test_numpy_elementwise.py`` (transcendental functions within ``RTOL64``/``RTOL32``).
"""
import itertools
import warnings

import numpy
import numpy as np
import pytest

import oxjit
from diff import check, check_with, compiled, cpython_errstate
from test_numpy_elementwise import (  # shared constants, helpers and operator functions
    DTYPES, INF, NAN, RTOL32, RTOL64, SUPPORTED_RESULTS, _name, _numpy_outcome, _rtol_for, add,
    left_operand, power, right_operand,
)



# --- element-wise functions (ufuncs) --------------------------------------------------------------------------


def f_square(a):
    return numpy.square(a)


def f_sqrt(a):
    return numpy.sqrt(a)


def f_exp(a):
    return numpy.exp(a)


def f_log(a):
    return numpy.log(a)


def f_log10(a):
    return numpy.log10(a)


def f_log1p(a):
    return numpy.log1p(a)


def f_expm1(a):
    return numpy.expm1(a)


def f_abs(a):
    return numpy.abs(a)


def f_absolute(a):
    return numpy.absolute(a)


def f_builtin_abs(a):
    return abs(a)


def f_sin(a):
    return numpy.sin(a)


def f_cos(a):
    return numpy.cos(a)


def f_tan(a):
    return np.tan(a)


def f_arcsin(a):
    return numpy.arcsin(a)


def f_arccos(a):
    return numpy.arccos(a)


def f_arccosh(a):
    return numpy.arccosh(a)


def f_arctan(a):
    return numpy.arctan(a)


def f_arcsinh(a):
    return numpy.arcsinh(a)


def f_arctanh(a):
    return numpy.arctanh(a)


def f_sinc(a):
    return numpy.sinc(a)


def f_heaviside(a, h):
    return numpy.heaviside(a, h)


def f_sinh(a):
    return numpy.sinh(a)


def f_cosh(a):
    return numpy.cosh(a)


def f_tanh(a):
    return numpy.tanh(a)


def f_floor(a):
    return numpy.floor(a)


def f_ceil(a):
    return numpy.ceil(a)


def f_trunc(a):
    return numpy.trunc(a)


def f_sign(a):
    return numpy.sign(a)


def f_negative(a):
    return numpy.negative(a)


def f_round(a):
    return numpy.round(a)


def f_around(a):
    return numpy.around(a)


def f_round_decimals(a):
    return numpy.round(a, decimals=0)


def m_round(a):
    return a.round()


def f_isnan(a):
    return numpy.isnan(a)


def f_isinf(a):
    return numpy.isinf(a)


def f_isfinite(a):
    return numpy.isfinite(a)


def _lin(lo, hi):
    return lambda n: numpy.linspace(lo, hi, n)


# name -> (function, maker of n in-domain float values, exact?)
UNARY = {
    "square": (f_square, _lin(-4.0, 4.0), True),
    "sqrt": (f_sqrt, _lin(0.0, 9.0), True),
    "abs": (f_abs, _lin(-4.0, 4.0), True),
    "absolute": (f_absolute, _lin(-4.0, 4.0), True),
    "builtin_abs": (f_builtin_abs, _lin(-4.0, 4.0), True),
    "floor": (f_floor, _lin(-4.0, 4.0), True),
    "ceil": (f_ceil, _lin(-4.0, 4.0), True),
    "trunc": (f_trunc, _lin(-4.0, 4.0), True),
    "sign": (f_sign, _lin(-4.0, 4.0), True),
    "negative": (f_negative, _lin(-4.0, 4.0), True),
    "round": (f_round, _lin(-4.0, 4.0), True),
    "around": (f_around, _lin(-4.0, 4.0), True),
    "round_decimals": (f_round_decimals, _lin(-4.0, 4.0), True),
    "m_round": (m_round, _lin(-4.0, 4.0), True),
    "isnan": (f_isnan, _lin(-4.0, 4.0), True),
    "isinf": (f_isinf, _lin(-4.0, 4.0), True),
    "isfinite": (f_isfinite, _lin(-4.0, 4.0), True),
    "exp": (f_exp, _lin(-5.0, 5.0), False),
    "log": (f_log, _lin(0.01, 20.0), False),
    "log10": (f_log10, _lin(0.01, 20.0), False),
    "log1p": (f_log1p, _lin(-0.9, 20.0), False),
    "expm1": (f_expm1, _lin(-3.0, 3.0), False),
    "sin": (f_sin, _lin(-3.0, 3.0), False),
    "cos": (f_cos, _lin(-3.0, 3.0), False),
    "tan": (f_tan, _lin(-1.4, 1.4), False),
    "arcsin": (f_arcsin, _lin(-1.0, 1.0), False),
    "arccos": (f_arccos, _lin(-1.0, 1.0), False),
    "arccosh": (f_arccosh, _lin(1.0, 20.0), False),
    "arctan": (f_arctan, _lin(-20.0, 20.0), False),
    "arcsinh": (f_arcsinh, _lin(-20.0, 20.0), False),
    "arctanh": (f_arctanh, _lin(-0.99, 0.99), False),
    "sinc": (f_sinc, _lin(-5.0, 5.0), False),
    "sinh": (f_sinh, _lin(-5.0, 5.0), False),
    "cosh": (f_cosh, _lin(-5.0, 5.0), False),
    "tanh": (f_tanh, _lin(-3.0, 3.0), False),
}

# int inputs (sqrt(int32) -> float64, floor(int) -> int in NumPy 2, ...): value ranges in the domain
INT_DOMAIN = {"sqrt": (0, 9), "log": (1, 20), "log10": (1, 20), "log1p": (0, 20),
              "arcsin": (-1, 1), "arccos": (-1, 1), "tan": (-1, 1), "arccosh": (1, 20),
              "arctanh": (0, 0)}


def _shaped(make, dtype):
    def arr(shape):
        n = int(numpy.prod(shape))
        return make(n).astype(dtype).reshape(shape)
    m = arr((4, 6))
    return {
        "1d": arr((13,)),
        "2d": m,
        "3d": arr((2, 3, 4)),
        "strided": arr((26,))[::2],
        "reversed": arr((9,))[::-1],
        "T": m.T,
        "empty": arr((0,)),
        "size1": arr((1,)),
    }


# float32 sinc is computed in float64 (NumPy multiplies and takes the sine in float32, so the
# two differ near the zeros of sinc; documented in docs/supported.md).
F64_ONLY = {"sinc"}


def _unary_cases():
    cases = []
    for name, (fn, make, exact) in UNARY.items():
        for dtype in (numpy.float64, numpy.float32):
            if dtype == numpy.float32 and name in F64_ONLY:
                continue
            for layout, a in _shaped(make, dtype).items():
                cases.append(pytest.param(fn, a, exact, id=f"{name}-{_name(dtype)}-{layout}"))
        lo, hi = INT_DOMAIN.get(name, (-4, 4))
        int_make = (lambda lo, hi: lambda n: numpy.resize(numpy.arange(lo, hi + 1), n))(lo, hi)
        for dtype in (numpy.int64, numpy.int32, numpy.bool_):
            arrays = _shaped(int_make, dtype)
            if _numpy_outcome(lambda x, _: fn(x), arrays["1d"], None) != "ok":
                continue  # sqrt(bool) -> float16, sign(bool) raises, ...
            for layout in ("1d", "2d", "T", "empty"):
                cases.append(pytest.param(fn, arrays[layout], exact,
                                          id=f"{name}-{_name(dtype)}-{layout}"))
    return cases


@pytest.mark.parametrize("fn, a, exact", _unary_cases())
def test_unary_function(fn, a, exact):
    # exact: correctly rounded in every library; otherwise RTOL64 / RTOL32 (see module doc)
    check(fn, a, rtol=None if exact else _rtol_for(a))


SPECIAL = [NAN, INF, -INF, -0.0, 0.0, -1.0, 1.0, 2.0, -2.5, 0.5, -0.5, 1.5, 2.5, 1e308,
           -1e308, 5e-324, -2.2e-308, 710.0, -746.0, 1e-20]


@pytest.mark.parametrize("name", list(UNARY))
@pytest.mark.parametrize("dtype", [numpy.float64, numpy.float32], ids=_name)
def test_unary_function_special_values(name, dtype):
    if dtype == numpy.float32 and name in F64_ONLY:
        pytest.skip("float32 sinc is computed in float64 (see F64_ONLY)")
    # Out of the domain: sqrt(-1) -> nan, log(0) -> -inf, log(-1) -> nan, arcsin(2) -> nan,
    # exp(710) -> inf; nan and inf inputs. NumPy warns (silenced in the CPython run).
    fn, _, exact = UNARY[name]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        a = numpy.array(SPECIAL).astype(dtype)
    with cpython_errstate(all="ignore"):
        check(fn, a, rtol=None if exact else _rtol_for(a))


def test_arccosh_domain_edges():
    # below 1 -> nan (NumPy warns), 1 -> 0; just above 1 and huge arguments stay accurate
    a = numpy.array([0.5, -3.0, 0.0, 1.0, 1.0 + 1e-12, 1.5, 1e300, 1.7e308, NAN, INF, -INF])
    with cpython_errstate(all="ignore"):
        check(f_arccosh, a, rtol=RTOL64)


def f_float_power(a, b):
    return numpy.float_power(a, b)


def test_float_power_is_float64():
    b = numpy.array([0.5, 2.0, -1.0, 3.0, 0.0, -0.5])
    for a in (numpy.array([4.0, -8.0, 0.0, INF, NAN, 2.5]),
              numpy.array([4.0, -8.0, 0.0, INF, NAN, 2.5], dtype=numpy.float32),
              numpy.arange(-3, 3), numpy.arange(6, dtype=numpy.int32)[::-1]):
        with cpython_errstate(all="ignore"):
            check(f_float_power, a, b)
            check(f_float_power, a, 2)
            check(f_float_power, a[::2], b[::2].reshape(3, 1))
    check(f_float_power, 3, 4)


def test_heaviside():
    a = numpy.array([-2.0, -0.0, 0.0, 3.0, NAN, INF, -INF])
    for h in (0.5, NAN, numpy.array([1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0])):
        check(f_heaviside, a, h)
        check(f_heaviside, a[::-2], h if numpy.ndim(h) == 0 else h[::-2])
    check(f_heaviside, numpy.arange(-3, 4), 0.25)


# binary functions


def f_arctan2(a, b):
    return numpy.arctan2(a, b)


def f_power(a, b):
    return numpy.power(a, b)


def f_minimum(a, b):
    return numpy.minimum(a, b)


def f_maximum(a, b):
    return numpy.maximum(a, b)


BINARY_EXACT = [f_minimum, f_maximum]


@pytest.mark.parametrize("fn", BINARY_EXACT, ids=lambda f: f.__name__)
@pytest.mark.parametrize("da, db", [(numpy.float64, numpy.float64), (numpy.float32, numpy.float32),
                                    (numpy.int64, numpy.int64), (numpy.int32, numpy.float64),
                                    (numpy.int32, numpy.int64), (numpy.bool_, numpy.bool_),
                                    (numpy.float32, numpy.int32)],
                         ids=lambda d: _name(d))
def test_minimum_maximum(fn, da, db):
    a = left_operand(da, (3, 4))
    b = right_operand(add, db, (3, 4))[::-1]
    check(fn, a, b)
    check(fn, a, right_operand(add, db, (4,)))  # broadcasting
    check(fn, a[:, ::2], 1)  # Python scalar (weak)
    check(fn, 2.5, b)


def test_minimum_maximum_nan_propagates():
    a = numpy.array([NAN, 1.0, NAN, -INF, 3.0, 2.0])
    b = numpy.array([1.0, NAN, NAN, 0.0, INF, 2.0])
    for fn in BINARY_EXACT:
        check(fn, a, b)
        check(fn, a.astype(numpy.float32), b.astype(numpy.float32))


@pytest.mark.parametrize("shape_a, shape_b", [((13,), (13,)), ((3, 4), (4,)), ((3, 1), (1, 4)),
                                              ((2, 3, 4), (2, 3, 4)), ((0,), (0,))], ids=str)
def test_arctan2(shape_a, shape_b):
    y = numpy.linspace(-3, 3, int(numpy.prod(shape_a))).reshape(shape_a)
    x = numpy.linspace(2, -2, int(numpy.prod(shape_b))).reshape(shape_b) + 0.1
    check(f_arctan2, y, x, rtol=RTOL64)
    check(f_arctan2, y.astype(numpy.float32), x.astype(numpy.float32), rtol=RTOL32)
    check(f_arctan2, y, 1.5, rtol=RTOL64)


def test_arctan2_special_values():
    y = numpy.array([0.0, -0.0, 0.0, -0.0, 1.0, -1.0, INF, -INF, INF, NAN, 1.0, 0.0])
    x = numpy.array([1.0, 1.0, -1.0, -1.0, 0.0, 0.0, INF, INF, -INF, 1.0, NAN, 0.0])
    check(f_arctan2, y, x, rtol=RTOL64)
    check(f_arctan2, y, x)  # these special cases are exact in C99 atan2 (signed zeros too)


def f_logaddexp(a, b):
    return numpy.logaddexp(a, b)


def f_logaddexp2(a, b):
    return numpy.logaddexp2(a, b)


@pytest.mark.parametrize("fn", [f_logaddexp, f_logaddexp2], ids=lambda f: f.__name__)
@pytest.mark.parametrize("shape_a, shape_b", [((13,), (13,)), ((3, 4), (4,)), ((3, 1), (1, 4)),
                                              ((0,), (0,))], ids=str)
def test_logaddexp(fn, shape_a, shape_b):
    # huge arguments do not overflow (log(exp(800) + exp(790)) is finite); fused with `-`
    a = numpy.linspace(-800, 800, int(numpy.prod(shape_a))).reshape(shape_a)
    b = numpy.linspace(790, -3, int(numpy.prod(shape_b))).reshape(shape_b)
    check(fn, a, b, rtol=RTOL64)
    check(fn, a.astype(numpy.float32), b.astype(numpy.float32), rtol=RTOL32)
    check(fn, a, 2, rtol=RTOL64)
    check(fn, numpy.arange(6), numpy.arange(6)[::-1], rtol=RTOL64)  # int64 -> float64


@pytest.mark.parametrize("fn", [f_logaddexp, f_logaddexp2], ids=lambda f: f.__name__)
def test_logaddexp_special_values(fn):
    # equal arguments (infinities too) take NumPy's x + log(2) branch; nan propagates
    a = numpy.array([0.0, 1.0, INF, -INF, -INF, INF, NAN, 1.0, -0.0, 5e-324])
    b = numpy.array([0.0, 1.0, INF, -INF, 3.0, -INF, 1.0, NAN, 0.0, 5e-324])
    check(fn, a, b, rtol=RTOL64)


@pytest.mark.parametrize("da, db", [(numpy.float64, numpy.float64), (numpy.float32, numpy.float32),
                                    (numpy.int64, numpy.int64), (numpy.int32, numpy.int32),
                                    (numpy.float64, numpy.int64), (numpy.int32, numpy.float32)],
                         ids=lambda d: _name(d))
def test_power_function_exact_cases(da, db):
    # small integers: pow is exact in every library
    check(f_power, left_operand(da, (3, 4)), right_operand(power, db, (3, 4)))
    check(f_power, left_operand(da, (3, 4)), right_operand(power, db, (4,)))
    check(f_power, left_operand(da, (12,)), 2)
    check(f_power, 2, right_operand(power, db, (12,)))


def test_power_function_fractional_and_special():
    base = numpy.linspace(0.0, 5.0, 21)
    expo = numpy.linspace(-2.5, 2.5, 21)
    check(f_power, base[1:], expo[1:], rtol=RTOL64)
    check(f_power, base.astype(numpy.float32)[1:], expo.astype(numpy.float32)[1:], rtol=RTOL32)
    a = numpy.array([0.0, -0.0, -8.0, INF, -INF, NAN, 1.0, 2.0, -1.0, 0.5])
    b = numpy.array([-1.0, -1.0, 1.0 / 3.0, -0.5, 3.0, 0.0, NAN, 1024.0, INF, -INF])
    with cpython_errstate(all="ignore"):
        check(f_power, a, b)


def test_integer_power_negative_exponent_raises():
    err = check(f_power, numpy.arange(4), numpy.array([1, 2, -1, 0]))
    assert isinstance(err, ValueError)
    err = check(power, numpy.arange(4, dtype=numpy.int32), -1)
    assert isinstance(err, ValueError)


# clip and where


def f_clip(a, lo, hi):
    return numpy.clip(a, lo, hi)


def m_clip(a, lo, hi):
    return a.clip(lo, hi)


def clip_literals(a):
    return numpy.clip(a, -1.5, 2)


@pytest.mark.parametrize("fn", [f_clip, m_clip], ids=lambda f: f.__name__)
@pytest.mark.parametrize("dtype", [numpy.float64, numpy.float32, numpy.int64, numpy.int32],
                         ids=_name)
@pytest.mark.parametrize("lo, hi", [(-1, 3), (-1.5, 2.5), (0.0, 0.0), (3, -1)],
                         ids=["ints", "floats", "point", "crossed"])
def test_clip(fn, dtype, lo, hi):
    # crossed bounds (lo > hi) give hi everywhere, as minimum(maximum(a, lo), hi)
    a = left_operand(dtype, (3, 4))
    check(fn, a, lo, hi)
    check(fn, a.T, lo, hi)
    check(fn, left_operand(dtype, (12,))[::-2], lo, hi)


def test_clip_array_bounds_literals_and_nan():
    a = numpy.linspace(-3, 3, 12).reshape(3, 4)
    check(f_clip, a, numpy.array([-1.0, 0.0, -2.0, 1.0]), 2.0)
    check(f_clip, a, -1.0, numpy.linspace(0, 3, 3).reshape(3, 1))
    check(clip_literals, a)
    check(clip_literals, numpy.arange(-3, 5))
    check(f_clip, numpy.array([NAN, -INF, INF, 1.0]), 0.0, 2.0)


def f_where(c, x, y):
    return numpy.where(c, x, y)


def relu(a):
    return numpy.where(a > 0, a, 0)


def where_scalars(a):
    return numpy.where(a > 1, 1.0, -1.0)


def where_int32_and_literal(a):
    return np.where(a < 2, a, 3)


def test_where_arrays():
    c = (numpy.arange(12) % 3 == 0).reshape(3, 4)
    x = left_operand(numpy.float64, (3, 4))
    y = right_operand(add, numpy.float64, (3, 4))
    check(f_where, c, x, y)
    check(f_where, c, x, 0.5)
    check(f_where, c, 1, y)
    check(f_where, c, x, y[0])  # broadcasting (4,)
    check(f_where, c[:, :1], x, y)  # broadcasting the condition
    check(f_where, c.T, x.T, y.T)
    check(f_where, c[0], x[1], y[2][::-1])
    check(f_where, c, left_operand(numpy.int32, (3, 4)), right_operand(add, numpy.float32, (3, 4)))
    check(f_where, c, left_operand(numpy.int32, (3, 4)), 7)  # int32 (weak scalar)
    check(f_where, c, left_operand(numpy.bool_, (3, 4)), False)
    check(f_where, numpy.zeros(0, dtype=bool), numpy.zeros(0), numpy.zeros(0))


@pytest.mark.parametrize("dtype", [numpy.float64, numpy.float32, numpy.int64, numpy.int32],
                         ids=_name)
def test_where_common_forms(dtype):
    a = left_operand(dtype, (3, 4))
    check(relu, a)
    check(where_scalars, a)
    check(where_int32_and_literal, a)
    check(relu, a[::-1, ::2])


def test_where_shape_mismatch_raises():
    err = check(f_where, numpy.ones(3, dtype=bool), numpy.ones(4), numpy.ones(3))
    assert isinstance(err, ValueError)


# --- ufuncs on scalars --------------------------------------------------------------------------------------


def scalar_funcs(x):
    return (numpy.sqrt(x), numpy.floor(x), numpy.abs(x), numpy.isnan(x), numpy.square(x),
            numpy.sign(x), numpy.round(x), numpy.clip(x, 0.5, 2.0), numpy.minimum(x, 1.0))


def scalar_transcendental(x):
    return numpy.exp(x), numpy.log(x), numpy.sin(x), numpy.arctan2(x, 2.0), numpy.power(x, 1.5)


def scalar_int_funcs(n):
    return numpy.abs(n), numpy.square(n), numpy.sign(n), numpy.maximum(n, 2), numpy.sqrt(n * n)


@pytest.mark.parametrize("x", [0.25, 2.5, 9.0, 1.0])
def test_ufuncs_on_python_floats(x):
    # numpy.sqrt(2.5) is a numpy.float64; the compiled function returns a Python float
    check(scalar_funcs, x)
    check(scalar_transcendental, x, rtol=RTOL64)


@pytest.mark.parametrize("n", [-3, 0, 4])
def test_ufuncs_on_python_ints(n):
    check(scalar_int_funcs, n)


# --- expressions mixing everything ------------------------------------------------------------------------------


def residual_sum_of_squares(x, coef, y):
    pred = x[:, 0] * coef[0] + x[:, 1] * coef[1]
    err = y - pred
    return numpy.square(err), err * err - numpy.square(err)


def normalise(a):
    return (a - a.min()) / (a.max() - a.min())


def softplus_like(a):
    return numpy.log1p(numpy.exp(-numpy.abs(a))) + numpy.maximum(a, 0.0)


def test_expressions():
    x = numpy.full((50, 2), 1.0)
    x[:, 0] = numpy.linspace(0, 1, 50)
    check(residual_sum_of_squares, x, numpy.array([0.5, 0.5]), 2.0 * x[:, 0] + 5.0)
    check(normalise, numpy.linspace(-2.0, 7.0, 19))
    check(softplus_like, numpy.linspace(-5.0, 5.0, 41), rtol=1e-14)


def test_bool_operators_on_masks():
    check(and_or_xor, numpy.arange(12) % 2 == 0, numpy.arange(12) % 3 == 0)
    check(and_or_xor, numpy.arange(12) % 5, numpy.arange(12) % 3)


def and_or_xor(a, b):
    return a & b, a | b, a ^ b


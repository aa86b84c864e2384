"""The ``math`` module in compiled code: CPython vs oxjit (differential).

Correctly rounded functions (sqrt, fabs, floor, ceil, hypot's exact cases,
predicates, constants) must match exactly; transcendental functions may come
from a different libm than CPython's, so they are compared within ``RTOL``
(a few ulps).
"""
import math
import math as pymath

import pytest

from diff import check

RTOL = 1e-15  # ~4.5 ulp of 1.0
NAN = float("nan")
INF = float("inf")


def m_sqrt(x):
    return math.sqrt(x)


def m_exp(x):
    return math.exp(x)


def m_log(x):
    return math.log(x)


def m_log10(x):
    return math.log10(x)


def m_sin(x):
    return math.sin(x)


def m_cos(x):
    return math.cos(x)


def m_tan(x):
    return math.tan(x)


def m_fabs(x):
    return math.fabs(x)


def m_floor(x):
    return math.floor(x)


def m_ceil(x):
    return math.ceil(x)


def m_isnan(x):
    return math.isnan(x)


def m_isinf(x):
    return math.isinf(x)


def m_isfinite(x):
    return math.isfinite(x)


def m_atan2(y, x):
    return math.atan2(y, x)


def m_hypot(x, y):
    return math.hypot(x, y)


def m_pow(x, y):
    return math.pow(x, y)


EXACT_UNARY = [m_sqrt, m_fabs, m_floor, m_ceil, m_isnan, m_isinf, m_isfinite]
TRANSCENDENTAL = [m_exp, m_log, m_log10, m_sin, m_cos, m_tan]


@pytest.mark.parametrize("fn", EXACT_UNARY, ids=lambda f: f.__name__)
@pytest.mark.parametrize("x", [0.0, -0.0, 0.5, 2.0, 1e-310, 123.456, 1e18, 4, 9, 2.5, 3.5])
def test_exact_unary_positive(fn, x):
    check(fn, x)


@pytest.mark.parametrize("fn", [m_fabs, m_floor, m_ceil, m_isnan, m_isinf, m_isfinite],
                         ids=lambda f: f.__name__)
@pytest.mark.parametrize("x", [-0.5, -2.0, -2.5, -123.456, -7, -1e-300])
def test_exact_unary_negative(fn, x):
    check(fn, x)


@pytest.mark.parametrize("fn", [m_isnan, m_isinf, m_isfinite, m_fabs, m_sqrt],
                         ids=lambda f: f.__name__)
@pytest.mark.parametrize("x", [NAN, INF, 1e300, 1.7976931348623157e308])
def test_predicates_on_special_values(fn, x):
    check(fn, x)


@pytest.mark.parametrize("fn", [m_isnan, m_isinf, m_isfinite, m_fabs],
                         ids=lambda f: f.__name__)
def test_predicates_on_negative_infinity(fn):
    check(fn, -INF)


@pytest.mark.parametrize("fn", [m_floor, m_ceil], ids=lambda f: f.__name__)
@pytest.mark.parametrize("x", [2.7, -2.7, 5, -5, 1e15 + 0.5, -0.0])
def test_floor_ceil_return_int(fn, x):
    result = check(fn, x)
    assert type(result) is int  # CPython's kind; check() enforced oxjit's


@pytest.mark.parametrize("fn", TRANSCENDENTAL, ids=lambda f: f.__name__)
@pytest.mark.parametrize("x", [0.5, 1.0, 2.0, 10.0, 0.001, 3, 100.0, 1e-5])
def test_transcendental(fn, x):
    check(fn, x, rtol=RTOL)


@pytest.mark.parametrize("fn", [m_exp, m_sin, m_cos, m_tan], ids=lambda f: f.__name__)
@pytest.mark.parametrize("x", [0.0, -0.0, -0.5, -3.0, -100.0])
def test_transcendental_nonpositive(fn, x):
    check(fn, x, rtol=RTOL)


@pytest.mark.parametrize("y, x", [(1.0, 1.0), (1.0, -1.0), (-1.0, -1.0), (0.0, -0.0),
                                  (-0.0, -0.0), (0.0, 0.0), (3, 4), (1.0, 0.0), (INF, INF)],
                         ids=repr)
def test_atan2(y, x):
    check(m_atan2, y, x, rtol=RTOL)


@pytest.mark.parametrize("x, y", [(3.0, 4.0), (3, 4), (-5.0, 12.0), (0.0, 0.0), (1e300, 1e300),
                                  (1e-310, 1e-310), (INF, NAN)], ids=repr)
def test_hypot(x, y):
    check(m_hypot, x, y, rtol=RTOL)


@pytest.mark.parametrize("x, y", [(2.0, 10.0), (2, 3), (2.0, 0.5), (-2.0, 3.0), (0.0, 0.0),
                                  (1.5, -2.0), (10.0, -3), (NAN, 0.0), (1.0, NAN)], ids=repr)
def test_pow(x, y):
    check(m_pow, x, y, rtol=RTOL)


@pytest.mark.parametrize("fn, x", [
    (m_sqrt, -1.0), (m_sqrt, -1), (m_sqrt, -1e-300), (m_log, 0.0), (m_log, -1.0),
    (m_log, 0), (m_log10, 0.0), (m_log10, -5.0), (m_sin, INF), (m_cos, -INF), (m_tan, INF),
], ids=lambda v: getattr(v, "__name__", repr(v)))
def test_domain_errors_raise_value_error(fn, x):
    assert isinstance(check(fn, x), ValueError)


@pytest.mark.parametrize("x, y", [(-1.0, 0.5), (0.0, -1.0), (-8.0, 1.0 / 3.0)], ids=repr)
def test_pow_domain_errors_raise_value_error(x, y):
    assert isinstance(check(m_pow, x, y), ValueError)


@pytest.mark.parametrize("fn, args", [(m_exp, (1000.0,)), (m_pow, (10.0, 400.0)),
                                      (m_floor, (INF,)), (m_ceil, (-INF,))],
                         ids=["exp", "pow", "floor", "ceil"])
def test_range_errors_raise_overflow_error(fn, args):
    assert isinstance(check(fn, *args), OverflowError)


@pytest.mark.parametrize("fn", [m_floor, m_ceil], ids=lambda f: f.__name__)
def test_floor_ceil_of_nan_raise_value_error(fn):
    assert isinstance(check(fn, NAN), ValueError)


def constants():
    return math.pi, math.e, math.inf, -math.inf, math.nan


def constants_in_expression(r):
    return 2.0 * math.pi * r + math.e


def alias_module(x):
    return pymath.sqrt(x) + pymath.pi


def test_constants():
    check(constants)


@pytest.mark.parametrize("r", [0.0, 1.0, 2.5])
def test_constants_in_expression(r):
    check(constants_in_expression, r)


def test_module_imported_under_another_name():
    check(alias_module, 2.0)


def distance_sum(xs, ys):
    total = 0.0
    for i in range(xs.shape[0]):
        total += math.sqrt(xs[i] * xs[i] + ys[i] * ys[i])
    return total


def test_math_on_array_elements():
    import numpy

    xs = numpy.linspace(-3.0, 3.0, 25)
    ys = numpy.linspace(1.0, 4.0, 25)
    check(distance_sum, xs, ys)

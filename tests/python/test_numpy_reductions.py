"""NumPy reductions inside compiled functions (differential).

``sum prod mean var std min max argmin argmax all any cumsum cumprod`` over the
whole array and along ``axis=0/1`` (2-D), ``axis=0/1/2`` (3-D) and
``axis=-1``, as functions (``numpy.sum(a, axis=1)``) and as methods
(``a.sum(axis=0)``), on every dtype and on non-contiguous views.

Tolerances. NumPy sums floats pairwise (and even arrays of fewer than 8
elements are not summed strictly left to right); oxjit sums in fixed-size
chunks. So:

* the structured data (``_data``) are multiples of 1/8 (sums, means) or powers
  of two (products), for which every summation order gives the same, exact
  result: compared exactly, whatever the length;
* random data (``test_random_data``): ``sum prod mean var std`` within
  ``RTOL64 = 1e-12`` (float64) / ``RTOL32 = 1e-4`` (float32: NumPy accumulates
  float32 sums in float32);
* ``var``/``std`` always within the tolerance (the mean is not exact);
* ``min max argmin argmax all any`` are exact; ``cumsum``/``cumprod`` are exact
  too: a prefix sum has only one order (NumPy's accumulate is sequential).

Empty arrays: ``min``/``max``/``argmin``/``argmax`` raise ``ValueError`` in
NumPy, ``mean``/``var`` of nothing is nan (with a RuntimeWarning).
"""
import warnings

import numpy
import numpy as np
import pytest

from diff import check, cpython_errstate

RTOL64 = 1e-12
RTOL32 = 1e-4

NAMES = ["sum", "prod", "mean", "var", "std", "min", "max", "argmin", "argmax", "all", "any",
         "cumsum", "cumprod"]
DTYPES = [numpy.float64, numpy.float32, numpy.int64, numpy.int32, numpy.bool_]
NAN = float("nan")
INF = float("inf")


def _name(dtype):
    return numpy.dtype(dtype).name


# --- the functions under test (generated: f_<name>[_<axis>] and m_<name>[_<axis>]) ---------------


def f_sum(a):
    return numpy.sum(a)


def m_sum(a):
    return a.sum()


def f_sum_0(a):
    return numpy.sum(a, axis=0)


def m_sum_0(a):
    return a.sum(axis=0)


def f_sum_1(a):
    return numpy.sum(a, axis=1)


def m_sum_1(a):
    return a.sum(axis=1)


def f_sum_2(a):
    return numpy.sum(a, axis=2)


def m_sum_2(a):
    return a.sum(axis=2)


def f_sum_neg1(a):
    return np.sum(a, axis=-1)


def f_prod(a):
    return numpy.prod(a)


def m_prod(a):
    return a.prod()


def f_prod_0(a):
    return numpy.prod(a, axis=0)


def m_prod_0(a):
    return a.prod(axis=0)


def f_prod_1(a):
    return numpy.prod(a, axis=1)


def m_prod_1(a):
    return a.prod(axis=1)


def f_prod_2(a):
    return numpy.prod(a, axis=2)


def m_prod_2(a):
    return a.prod(axis=2)


def f_prod_neg1(a):
    return np.prod(a, axis=-1)


def f_mean(a):
    return numpy.mean(a)


def m_mean(a):
    return a.mean()


def f_mean_0(a):
    return numpy.mean(a, axis=0)


def m_mean_0(a):
    return a.mean(axis=0)


def f_mean_1(a):
    return numpy.mean(a, axis=1)


def m_mean_1(a):
    return a.mean(axis=1)


def f_mean_2(a):
    return numpy.mean(a, axis=2)


def m_mean_2(a):
    return a.mean(axis=2)


def f_mean_neg1(a):
    return np.mean(a, axis=-1)


def f_var(a):
    return numpy.var(a)


def m_var(a):
    return a.var()


def f_var_0(a):
    return numpy.var(a, axis=0)


def m_var_0(a):
    return a.var(axis=0)


def f_var_1(a):
    return numpy.var(a, axis=1)


def m_var_1(a):
    return a.var(axis=1)


def f_var_2(a):
    return numpy.var(a, axis=2)


def m_var_2(a):
    return a.var(axis=2)


def f_var_neg1(a):
    return np.var(a, axis=-1)


def f_std(a):
    return numpy.std(a)


def m_std(a):
    return a.std()


def f_std_0(a):
    return numpy.std(a, axis=0)


def m_std_0(a):
    return a.std(axis=0)


def f_std_1(a):
    return numpy.std(a, axis=1)


def m_std_1(a):
    return a.std(axis=1)


def f_std_2(a):
    return numpy.std(a, axis=2)


def m_std_2(a):
    return a.std(axis=2)


def f_std_neg1(a):
    return np.std(a, axis=-1)


def f_min(a):
    return numpy.min(a)


def m_min(a):
    return a.min()


def f_min_0(a):
    return numpy.min(a, axis=0)


def m_min_0(a):
    return a.min(axis=0)


def f_min_1(a):
    return numpy.min(a, axis=1)


def m_min_1(a):
    return a.min(axis=1)


def f_min_2(a):
    return numpy.min(a, axis=2)


def m_min_2(a):
    return a.min(axis=2)


def f_min_neg1(a):
    return np.min(a, axis=-1)


def f_max(a):
    return numpy.max(a)


def m_max(a):
    return a.max()


def f_max_0(a):
    return numpy.max(a, axis=0)


def m_max_0(a):
    return a.max(axis=0)


def f_max_1(a):
    return numpy.max(a, axis=1)


def m_max_1(a):
    return a.max(axis=1)


def f_max_2(a):
    return numpy.max(a, axis=2)


def m_max_2(a):
    return a.max(axis=2)


def f_max_neg1(a):
    return np.max(a, axis=-1)


def f_argmin(a):
    return numpy.argmin(a)


def m_argmin(a):
    return a.argmin()


def f_argmin_0(a):
    return numpy.argmin(a, axis=0)


def m_argmin_0(a):
    return a.argmin(axis=0)


def f_argmin_1(a):
    return numpy.argmin(a, axis=1)


def m_argmin_1(a):
    return a.argmin(axis=1)


def f_argmin_2(a):
    return numpy.argmin(a, axis=2)


def m_argmin_2(a):
    return a.argmin(axis=2)


def f_argmin_neg1(a):
    return np.argmin(a, axis=-1)


def f_argmax(a):
    return numpy.argmax(a)


def m_argmax(a):
    return a.argmax()


def f_argmax_0(a):
    return numpy.argmax(a, axis=0)


def m_argmax_0(a):
    return a.argmax(axis=0)


def f_argmax_1(a):
    return numpy.argmax(a, axis=1)


def m_argmax_1(a):
    return a.argmax(axis=1)


def f_argmax_2(a):
    return numpy.argmax(a, axis=2)


def m_argmax_2(a):
    return a.argmax(axis=2)


def f_argmax_neg1(a):
    return np.argmax(a, axis=-1)


def f_all(a):
    return numpy.all(a)


def m_all(a):
    return a.all()


def f_all_0(a):
    return numpy.all(a, axis=0)


def m_all_0(a):
    return a.all(axis=0)


def f_all_1(a):
    return numpy.all(a, axis=1)


def m_all_1(a):
    return a.all(axis=1)


def f_all_2(a):
    return numpy.all(a, axis=2)


def m_all_2(a):
    return a.all(axis=2)


def f_all_neg1(a):
    return np.all(a, axis=-1)


def f_any(a):
    return numpy.any(a)


def m_any(a):
    return a.any()


def f_any_0(a):
    return numpy.any(a, axis=0)


def m_any_0(a):
    return a.any(axis=0)


def f_any_1(a):
    return numpy.any(a, axis=1)


def m_any_1(a):
    return a.any(axis=1)


def f_any_2(a):
    return numpy.any(a, axis=2)


def m_any_2(a):
    return a.any(axis=2)


def f_any_neg1(a):
    return np.any(a, axis=-1)


def f_cumsum(a):
    return numpy.cumsum(a)


def m_cumsum(a):
    return a.cumsum()


def f_cumsum_0(a):
    return numpy.cumsum(a, axis=0)


def m_cumsum_0(a):
    return a.cumsum(axis=0)


def f_cumsum_1(a):
    return numpy.cumsum(a, axis=1)


def m_cumsum_1(a):
    return a.cumsum(axis=1)


def f_cumsum_2(a):
    return numpy.cumsum(a, axis=2)


def m_cumsum_2(a):
    return a.cumsum(axis=2)


def f_cumsum_neg1(a):
    return np.cumsum(a, axis=-1)


def f_cumprod(a):
    return numpy.cumprod(a)


def m_cumprod(a):
    return a.cumprod()


def f_cumprod_0(a):
    return numpy.cumprod(a, axis=0)


def m_cumprod_0(a):
    return a.cumprod(axis=0)


def f_cumprod_1(a):
    return numpy.cumprod(a, axis=1)


def m_cumprod_1(a):
    return a.cumprod(axis=1)


def f_cumprod_2(a):
    return numpy.cumprod(a, axis=2)


def m_cumprod_2(a):
    return a.cumprod(axis=2)


def f_cumprod_neg1(a):
    return np.cumprod(a, axis=-1)


def _fn(prefix, name, axis):
    suffix = "" if axis is None else ("_neg1" if axis == -1 else f"_{axis}")
    return globals()[f"{prefix}_{name}{suffix}"]


def _forms(name, axis):
    """[(id, function)]: the numpy function and the method (no method form for axis=-1)."""
    forms = [("f", _fn("f", name, axis))]
    if axis != -1:
        forms.append(("m", _fn("m", name, axis)))
    return forms


# --- data -----------------------------------------------------------------------------------------------


_PRODUCT_FLOATS = numpy.array([2.0, 0.5, -1.0, 1.0, 0.25, 4.0, -0.5, 1.0, -2.0])
_PRODUCT_INTS = numpy.array([1, -1, 2, 1, -1, 1, 1, 3, -1, 1])


def _data(name, dtype, shape):
    """Values whose reduction is exact in any order (see module doc), with ties and zeros."""
    n = int(numpy.prod(shape))
    if dtype is numpy.bool_:
        return (numpy.arange(n) % 3 != 1).reshape(shape)
    if name in ("prod", "cumprod"):
        base = _PRODUCT_FLOATS if numpy.dtype(dtype).kind == "f" else _PRODUCT_INTS
        return numpy.resize(base, n).astype(dtype).reshape(shape)
    k = (numpy.arange(n) * 7) % 23 - 9
    values = k / 8.0 if numpy.dtype(dtype).kind == "f" else k
    return values.astype(dtype).reshape(shape)


def _layouts(name, dtype):
    def d(shape):
        return _data(name, dtype, shape)
    m = d((4, 6))
    return {
        "1d": d((13,)),
        "long": d((1000,)),
        "2d": m,
        "3d": d((2, 3, 4)),
        "strided": d((26,))[::2],
        "reversed": d((9,))[::-1],
        "T": m.T,
        "F": numpy.asfortranarray(m),
        "2d-strided": d((8, 12))[::2, ::3],
        "3d-transposed": d((4, 2, 3)).transpose(1, 2, 0),
        "size1": d((1,)),
        "size1-2d": d((1, 1)),
    }


FULL_LAYOUT_DTYPES = (numpy.float64, numpy.int64)
FEW_LAYOUTS = ("1d", "long", "T", "3d-transposed")


def _rtol(name, result_dtype):
    """var/std are never exact (the mean is rounded): see the module doc."""
    if name in ("var", "std"):
        return RTOL32 if result_dtype == numpy.float32 else RTOL64
    return None


def _result_dtype(fn, a):
    with warnings.catch_warnings(), numpy.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        try:
            return numpy.asarray(fn(a)).dtype
        except ValueError:
            return numpy.dtype(numpy.float64)


def _check(name, fn, a):
    check(fn, a, rtol=_rtol(name, _result_dtype(fn, a)))


def _whole_cases():
    cases = []
    for name in NAMES:
        for form, fn in _forms(name, None):
            for dtype in DTYPES:
                for layout, a in _layouts(name, dtype).items():
                    if dtype not in FULL_LAYOUT_DTYPES and layout not in FEW_LAYOUTS:
                        continue
                    cases.append(pytest.param(name, fn, a,
                                              id=f"{name}-{form}-{_name(dtype)}-{layout}"))
    return cases


@pytest.mark.parametrize("name, fn, a", _whole_cases())
def test_whole_array(name, fn, a):
    # argmin/argmax of an n-D array: index into the C-order flattening, first of ties;
    # cumsum/cumprod of an n-D array: 1-D, in C order
    _check(name, fn, a)


def _axis_cases():
    cases = []
    for name in NAMES:
        for axis in (0, 1, -1):
            for form, fn in _forms(name, axis):
                for dtype in (numpy.float64, numpy.int32, numpy.bool_):
                    layouts = _layouts(name, dtype)
                    keep = ("2d", "T", "F", "2d-strided") if dtype is numpy.float64 else ("2d", "T")
                    for layout in keep:
                        cases.append(pytest.param(
                            name, fn, layouts[layout],
                            id=f"{name}-{form}-axis{axis}-{_name(dtype)}-{layout}"))
        for axis in (0, 1, 2, -1):
            for form, fn in _forms(name, axis):
                for dtype in (numpy.float64, numpy.int64):
                    layouts = _layouts(name, dtype)
                    for layout in ("3d", "3d-transposed"):
                        cases.append(pytest.param(
                            name, fn, layouts[layout],
                            id=f"{name}-{form}-axis{axis}-{_name(dtype)}-{layout}"))
    return cases


@pytest.mark.parametrize("name, fn, a", _axis_cases())
def test_axis(name, fn, a):
    _check(name, fn, a)


@pytest.mark.parametrize("name", NAMES)
def test_axis_0_of_1d(name):
    # reducing the only axis gives a scalar (cumsum: a 1-D array)
    for _, fn in _forms(name, 0):
        _check(name, fn, _data(name, numpy.float64, (11,)))
        _check(name, fn, _data(name, numpy.int32, (11,))[::-2])


def test_float32_results_stay_float32():
    a = _data("sum", numpy.float32, (6, 5))
    for name in ("sum", "mean", "min", "cumsum"):
        _check(name, _fn("f", name, None), a)
        _check(name, _fn("m", name, 1), a)


def test_all_any_on_all_true_and_all_false():
    for a in (numpy.ones(5), numpy.zeros(5), numpy.ones((3, 4), dtype=numpy.int32),
              numpy.zeros((3, 4), dtype=numpy.bool_), numpy.array([NAN, 1.0])):
        for name in ("all", "any"):
            _check(name, _fn("f", name, None), a)
            _check(name, _fn("m", name, None), a)
            if a.ndim == 2:
                _check(name, _fn("f", name, 0), a)
                _check(name, _fn("m", name, 1), a)


# --- random data, with tolerance -----------------------------------------------------------------------------


def _random(dtype, shape, seed):
    rng = numpy.random.RandomState(seed)
    return rng.uniform(0.5, 1.5, shape).astype(dtype)


RANDOM_SHAPES = [(1000,), (7,), (40, 50), (6, 7, 8), (3, 1001)]


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("dtype", [numpy.float64, numpy.float32], ids=_name)
@pytest.mark.parametrize("shape", RANDOM_SHAPES, ids=lambda s: "x".join(map(str, s)))
def test_random_data(name, dtype, shape):
    a = _random(dtype, shape, seed=len(shape) * 100 + shape[-1])
    if name in ("prod", "cumprod"):
        a = (a - 0.5) * 0.2 + 0.9  # in [0.9, 1.1]: no overflow over 1000 factors
    tol = RTOL32 if dtype is numpy.float32 else RTOL64
    rtol = tol if name in ("sum", "prod", "mean", "var", "std") else None  # cumsum: one order
    axes = [None] + list(range(len(shape))) + [-1]
    for axis in axes:
        for _, fn in _forms(name, axis):
            check(fn, a, rtol=rtol)
    # the same on a non-contiguous view
    view = a[::-1] if a.ndim == 1 else a.T
    for axis in (None, 0):
        for _, fn in _forms(name, axis):
            check(fn, view, rtol=rtol)


def test_long_sum_pairwise_vs_chunked():
    # 10 million elements: NumPy's pairwise sum and a chunked sum agree to ~1e-16 relative,
    # far inside RTOL64; a naive left-to-right float64 sum also stays inside it.
    a = _random(numpy.float64, (10_000_000,), seed=1)
    check(f_sum, a, rtol=RTOL64)
    check(m_mean, a, rtol=RTOL64)


# --- empty arrays and special values ---------------------------------------------------------------------------


EMPTY = {
    "0": numpy.zeros(0),
    "0-int": numpy.zeros(0, dtype=numpy.int64),
    "0x3": numpy.zeros((0, 3)),
    "3x0": numpy.zeros((3, 0), dtype=numpy.int32),
    "2x0x3": numpy.zeros((2, 0, 3)),
}


@pytest.mark.filterwarnings("ignore::RuntimeWarning")
@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("a", list(EMPTY.values()), ids=list(EMPTY))
def test_empty(name, a):
    # sum -> 0, prod -> 1, mean/var/std -> nan, all -> True, any -> False, cumsum -> [];
    # min/max/argmin/argmax -> ValueError (but along an axis of non-zero length: an empty result)
    axes = [None] + list(range(a.ndim))
    with cpython_errstate(all="ignore"):
        for axis in axes:
            for _, fn in _forms(name, axis):
                result = check(fn, a)
                if name in ("min", "max", "argmin", "argmax") and (axis is None or a.shape[axis] == 0):
                    assert isinstance(result, ValueError)


SPECIAL = {
    "nan-first": numpy.array([NAN, 1.0, -2.0, 3.0]),
    "nan-middle": numpy.array([1.0, 5.0, NAN, -2.0, NAN]),
    "infs": numpy.array([INF, 1.0, -INF, 2.0]),
    "pos-inf": numpy.array([1.0, INF, 3.0]),
    "neg-inf": numpy.array([-INF, -1.0, -INF]),
    "nan-2d": numpy.array([[1.0, NAN, 3.0], [4.0, 5.0, 6.0]]),
}


@pytest.mark.filterwarnings("ignore::RuntimeWarning")
@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("a", list(SPECIAL.values()), ids=list(SPECIAL))
def test_nan_and_inf(name, a):
    # min/max propagate nan; argmin/argmax return the index of the first nan;
    # inf - inf in a sum is nan; all/any treat nan as true
    rtol = _rtol(name, a.dtype)
    with cpython_errstate(all="ignore"):
        for axis in [None] + list(range(a.ndim)):
            for _, fn in _forms(name, axis):
                check(fn, a, rtol=rtol)
                check(fn, a.astype(numpy.float32), rtol=RTOL32 if rtol else None)


# --- reductions used inside expressions ---------------------------------------------------------------------------


def sum_of_product(a, b):
    return (a * b).sum()


def sum_of_squares_of_difference(a, b):
    return numpy.sum(numpy.square(a - b))


def centred(a):
    return a - a.mean(axis=0)


def normalise_rows(a):
    return a / a.sum(axis=1)[:, None]


def argmax_of_expression(a):
    return numpy.argmax(numpy.abs(a - 0.3)), (a > 0.5).sum(), numpy.any(a < 0.0)


def total_of_bools(a):
    return numpy.sum(a > 1.0), numpy.mean(a > 1.0)


@pytest.mark.parametrize("n", [1, 8, 9, 1000])
def test_reductions_of_expressions(n):
    a = _random(numpy.float64, (n,), seed=n)
    b = _random(numpy.float64, (n,), seed=n + 1)
    check(sum_of_product, a, b, rtol=RTOL64)
    check(sum_of_squares_of_difference, a, b, rtol=RTOL64)
    check(argmax_of_expression, a)
    check(total_of_bools, a)
    m = _random(numpy.float64, (n, 3), seed=n + 2)
    check(centred, m, rtol=RTOL64)
    check(normalise_rows, m, rtol=RTOL64)


def test_reductions_of_expressions_exact_data():
    a = _data("sum", numpy.float64, (40,))
    b = _data("sum", numpy.float64, (40,))[::-1]
    check(sum_of_product, a, b)
    check(sum_of_squares_of_difference, a, b)
    check(centred, _data("sum", numpy.float64, (16, 3)))

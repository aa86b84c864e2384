"""Distribution parameters given as arrays (``numpy.random.normal(mu, 1.0)`` with ``mu`` an
array; legacy ``numpy.random`` functions and ``Generator`` methods) inside compiled
functions: NumPy's broadcasting (``_common.pyx``'s ``cont``/``disc`` broadcast paths), results
bit-identical to NumPy's for the same seed, and NumPy's errors (class and message): the
parameter checks over every element before any draw, the shape mismatches with and without
``size``. Also ``binomial`` with a float ``n`` (truncated as Python's ``int()``).
"""
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from diff import check

SEEDS = [0, 1, 12345]


def _params():
    """Parameter arrays in several dtypes and layouts (C, Fortran, strided, broadcastable)."""
    base = np.array([[0.5, 1.0, 2.5], [3.0, 0.25, 7.0]])
    big = np.zeros((4, 6))
    big[::2, ::2] = base
    return [
        base,
        np.asfortranarray(base),
        big[::2, ::2],
        base[:, ::-1],
        base.astype(np.float32),
        np.array([1, 2, 3], dtype=np.int64),
        np.array([2, 5], dtype=np.int32).reshape(2, 1),
        np.array([[[1.5]], [[2.5]]]),
    ]


# --- legacy numpy.random ----------------------------------------------------------------------


def legacy_normal(seed, a, b):
    np.random.seed(seed)
    x = np.random.normal(a, 1.0)
    y = np.random.normal(0.5, b)
    z = np.random.normal(a, b)
    return x, y, z, np.random.normal(a), np.random.standard_normal()


def legacy_two(seed, a, b):
    np.random.seed(seed)
    return (
        np.random.uniform(a, b),
        np.random.uniform(-a, 2.0),
        np.random.gamma(a, b),
        np.random.gamma(a),
        np.random.beta(a, b),
        np.random.exponential(a),
        np.random.standard_gamma(b),
        np.random.poisson(a),
        np.random.random(),
    )


def legacy_binomial(seed, n, p):
    np.random.seed(seed)
    return np.random.binomial(n, p), np.random.binomial(n, 0.3), np.random.binomial(5, p)


def legacy_sized(seed, a, size):
    np.random.seed(seed)
    return (
        np.random.normal(a, 2.0, size),
        np.random.uniform(0.0, a, size),
        np.random.exponential(a, size=size),
        np.random.gamma(a, 1.5, size),
        np.random.standard_gamma(a, size),
        np.random.beta(a, a, size),
        np.random.poisson(a, size),
    )


@pytest.mark.parametrize("seed", SEEDS)
def test_legacy_array_parameters(seed):
    ps = _params()
    for a in ps:
        for b in (ps[0], ps[5], ps[6], ps[7], 1.5):
            try:
                np.broadcast_shapes(np.shape(a), np.shape(b))
            except ValueError:
                continue
            check(legacy_normal, seed, a, b)
            check(legacy_two, seed, a, b)


@pytest.mark.parametrize("seed", SEEDS)
def test_legacy_sized(seed):
    a = np.array([0.5, 2.0, 9.0])
    check(legacy_sized, seed, a, (4, 3))
    check(legacy_sized, seed, a, (2, 2, 3))
    check(legacy_sized, seed, a.reshape(3, 1), (3, 5))
    check(legacy_sized, seed, np.array([[1.0]]), 6)


@pytest.mark.parametrize("seed", SEEDS)
def test_legacy_binomial(seed):
    n = np.array([[10, 0, 50], [3, 100, 7]])
    p = np.array([0.1, 0.5, 0.99])
    check(legacy_binomial, seed, n, p)
    check(legacy_binomial, seed, n.astype(np.int32), 0.25)
    check(legacy_binomial, seed, 20, p)
    check(legacy_binomial, seed, np.array([True, False, True]), p)


# --- Generator ------------------------------------------------------------------------------


def gen_all(seed, a, b):
    rng = np.random.default_rng(seed)
    return (
        rng.normal(a, b),
        rng.normal(a),
        rng.uniform(a, b + 10.0),
        rng.exponential(a),
        rng.gamma(a, b),
        rng.standard_gamma(a),
        rng.chisquare(a),
        rng.lognormal(a, b),
        rng.beta(a, b),
        rng.poisson(a),
        rng.random(),
    )


def gen_sized(seed, a, size):
    rng = np.random.default_rng(seed)
    return (
        rng.normal(a, 2.0, size),
        rng.uniform(0.0, a, size),
        rng.exponential(a, size=size),
        rng.gamma(a, 1.5, size),
        rng.standard_gamma(a, size),
        rng.chisquare(a, size),
        rng.lognormal(0.0, a, size),
        rng.beta(a, a, size),
        rng.poisson(a, size),
    )


def gen_binomial(seed, n, p):
    rng = np.random.default_rng(seed)
    return rng.binomial(n, p), rng.binomial(n, 0.3), rng.binomial(5, p)


def gen_binomial_sized(seed, n, p, size):
    return np.random.default_rng(seed).binomial(n, p, size)


@pytest.mark.parametrize("seed", SEEDS)
def test_generator_array_parameters(seed):
    ps = _params()
    for a in ps:
        for b in (ps[0], ps[5], ps[6], 1.5):
            try:
                np.broadcast_shapes(np.shape(a), np.shape(b))
            except ValueError:
                continue
            check(gen_all, seed, a, b)


@pytest.mark.parametrize("seed", SEEDS)
def test_generator_sized(seed):
    a = np.array([0.5, 2.0, 9.0])
    check(gen_sized, seed, a, (4, 3))
    check(gen_sized, seed, a.reshape(3, 1), (2, 3, 5))
    check(gen_sized, seed, np.array([[1.0]]), 6)


@pytest.mark.parametrize("seed", SEEDS)
def test_generator_binomial(seed):
    n = np.array([[10, 0, 50], [3, 100, 7]])
    p = np.array([0.1, 0.5, 0.99])
    check(gen_binomial, seed, n, p)
    check(gen_binomial, seed, n[:, ::2], 0.25)
    check(gen_binomial_sized, seed, n, p, (4, 2, 3))
    check(gen_binomial_sized, seed, 7, p, (2, 3))


@settings(max_examples=40, deadline=None)
@given(seed=st.integers(0, 2**32 - 1),
       shape=st.lists(st.integers(1, 4), min_size=1, max_size=3),
       lo=st.floats(0.0, 50.0))
def test_random_shapes(seed, shape, lo):
    a = np.random.default_rng(seed).uniform(lo, lo + 5.0, size=shape)
    check(gen_all, seed, a, 0.5)
    check(legacy_two, seed % 2**32, a, 1.25)


def empty_draws(seed, a):
    rng = np.random.default_rng(seed)
    return rng.normal(a, 1.0), rng.poisson(a), np.random.normal(a, 1.0, (0, 3))


def test_empty_parameters():
    check(empty_draws, 3, np.zeros((0, 3)))


# --- errors --------------------------------------------------------------------------------


def err_legacy_normal(a, b, size):
    np.random.seed(0)
    return np.random.normal(a, b, size)


def err_gen_normal(a, b, size):
    return np.random.default_rng(0).normal(a, b, size)


def err_legacy_uniform(a, b):
    np.random.seed(0)
    return np.random.uniform(a, b)


def err_gen_uniform(a, b):
    return np.random.default_rng(0).uniform(a, b)


def err_legacy(a):
    np.random.seed(0)
    return np.random.beta(a, 1.0), np.random.gamma(1.0, a), np.random.poisson(a)


def err_gen(a):
    rng = np.random.default_rng(0)
    return rng.beta(a, 1.0), rng.gamma(1.0, a), rng.chisquare(a), rng.lognormal(0.0, a), rng.poisson(a)


def err_legacy_binomial(n, p):
    np.random.seed(0)
    return np.random.binomial(n, p)


def err_gen_binomial(n, p):
    return np.random.default_rng(0).binomial(n, p)


def err_poisson(lam):
    np.random.seed(0)
    return np.random.poisson(lam), np.random.default_rng(0).poisson(lam)


def _same_error(fn, *args):
    e = check(fn, *args, exact_exception=True)
    assert isinstance(e, Exception), e
    return str(e)


def test_parameter_errors_as_numpy():
    z = np.zeros(3)
    for fn in (err_legacy_normal, err_gen_normal):
        _same_error(fn, z, np.array([1.0, -1.0, 1.0]), None)        # scale < 0
        _same_error(fn, z, np.array([1.0, -0.0, 1.0]), None)        # -0.0 too
        _same_error(fn, z, -1.0, 4)                                 # checks before shapes
        _same_error(fn, z, 1.0, 4)                                  # size mismatch
        _same_error(fn, z, 1.0, (2, 1))                             # not size's shape
        _same_error(fn, z, 1.0, -3)                                 # negative dimensions
        _same_error(fn, z, np.ones(2), None)                        # params mismatch
        _same_error(fn, np.ones((2, 3)), np.ones((4, 1, 2)), None)
        _same_error(fn, np.ones((2, 3)), 1.0, (2, 3, 4))
    for fn in (err_legacy_uniform, err_gen_uniform):
        _same_error(fn, np.zeros(3), np.ones(2))                    # the ufunc's message
        _same_error(fn, np.zeros((2, 3)), np.ones(4))
        _same_error(fn, np.zeros(2), np.array([1.0, np.inf]))       # OverflowError
    _same_error(err_gen_uniform, np.zeros(2), np.array([1.0, -1.0]))  # high - low < 0
    for fn in (err_legacy, err_gen):
        _same_error(fn, np.array([1.0, 0.0]))
        _same_error(fn, np.array([1.0, -2.0]))
    for fn in (err_legacy_binomial, err_gen_binomial):
        _same_error(fn, np.array([1, -2]), 0.5)                     # n < 0
        _same_error(fn, np.array([1, 2]), np.array([0.5, np.nan]))  # p ... contains NaNs
        _same_error(fn, np.array([1, -2]), np.array([0.5, 2.0]))    # p first
        _same_error(fn, np.array([1.0, 2.0]), 0.5)                  # TypeError: safe cast
        _same_error(fn, np.array([1.0, 2.0], dtype=np.float32), 0.5)
        _same_error(fn, float("nan"), np.array([0.5, 0.5]))
        _same_error(fn, 1e19, np.array([0.5, 0.5]))
    _same_error(err_poisson, np.array([1.0, np.nan]))               # lam value too large
    _same_error(err_poisson, np.array([1.0, 1e300]))
    _same_error(err_poisson, np.array([1.0, -1.0]))


def failed_then_drawn(a):
    np.random.seed(5)
    rng = np.random.default_rng(5)
    try:
        np.random.normal(a, -1.0)
    except ValueError:
        pass
    try:
        rng.normal(a, -1.0)
    except ValueError:
        pass
    return np.random.random(), rng.random()


def test_failed_call_draws_nothing():
    check(failed_then_drawn, np.zeros(3))


# --- binomial with a float n -------------------------------------------------------------


def binomial_float_n(seed, n, p):
    np.random.seed(seed)
    rng = np.random.default_rng(seed)
    return (np.random.binomial(n, p), np.random.binomial(n, p, 5),
            rng.binomial(n, p), rng.binomial(n, p, (2, 3)))


@pytest.mark.parametrize("n", [10.7, 0.9, -0.5, 3.0, 1e6 + 0.5])
@pytest.mark.parametrize("seed", SEEDS)
def test_binomial_float_n(seed, n):
    check(binomial_float_n, seed, n, 0.5)
    check(binomial_float_n, seed, np.float32(n), 0.25)


def test_binomial_float_n_errors():
    for n in (float("nan"), float("inf"), -float("inf"), -1.0, 1e19, 2.0 ** 63, -1e19):
        _same_error(binomial_float_n, 0, n, 0.5)
    _same_error(binomial_float_n, 0, float("nan"), 2.0)    # n converted before p is checked
    _same_error(binomial_float_n, 0, -1.0, 2.0)            # p checked before n < 0


def legacy_uniform_scalar(low, high):
    np.random.seed(0)
    return np.random.uniform(low, high)


def test_legacy_scalar_uniform_range_must_be_finite():
    _same_error(legacy_uniform_scalar, 0.0, float("inf"))
    _same_error(legacy_uniform_scalar, -1e308, 1e308)
    check(legacy_uniform_scalar, 2.0, 1.0)              # a negative range is allowed


def keywords(seed, a):
    rng = np.random.default_rng(seed)
    np.random.seed(seed)
    return (rng.normal(scale=a, size=(2, 3)), np.random.gamma(shape=a, scale=a),
            rng.binomial(p=a / 10.0, n=4), np.random.poisson(lam=a, size=(5, 3)))


def test_keyword_parameters():
    check(keywords, 7, np.array([0.5, 1.5, 4.0]))


def binomial_float_n_array_p(n, p):
    np.random.seed(3)
    rng = np.random.default_rng(3)
    return np.random.binomial(n, p), rng.binomial(n, p, (2, 3))


@pytest.mark.parametrize("n", [10.7, -0.5, 7.0])
def test_binomial_float_n_with_array_p(n):
    check(binomial_float_n_array_p, n, np.array([0.2, 0.5, 0.9]))
    check(binomial_float_n_array_p, np.float32(n), np.array([0.2, 0.5, 0.9]))

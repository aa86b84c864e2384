"""``numpy.random.default_rng(seed)`` and its ``Generator`` methods inside compiled functions:
bit-identical to NumPy's ``Generator(PCG64)`` for the same seed.

The generator is created inside each function, so the CPython run and the compiled run start
from the same state; results are compared exactly (values, dtype, shape), errors by class and
message. Mixed sequences of calls on one generator check that every method consumes the
stream as NumPy does (including the buffered 32-bit halves that ``integers`` uses for small
ranges).
"""
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import oxjit
from diff import check, compiled

SEEDS = [0, 1, 42, 2 ** 40, 12345678901234567]


# --- each method: scalar, size=int, size=tuple --------------------------------------------------


def gen_random(seed):
    rng = np.random.default_rng(seed)
    return rng.random(), rng.random(7), rng.random((3, 4)), rng.random(size=2), rng.random(3, np.float64), rng.random(dtype=np.float64)


def gen_standard_normal(seed):
    rng = np.random.default_rng(seed)
    return rng.standard_normal(), rng.standard_normal(5000), rng.standard_normal((20, 30))


def gen_normal(seed, loc, scale):
    rng = np.random.default_rng(seed)
    return (
        rng.normal(),
        rng.normal(loc),
        rng.normal(loc, scale),
        rng.normal(loc, scale, 1000),
        rng.normal(scale=scale, size=(4, 5)),
    )


def gen_uniform(seed, low, high):
    rng = np.random.default_rng(seed)
    return (
        rng.uniform(),
        rng.uniform(low, high),
        rng.uniform(low, high, 1000),
        rng.uniform(high=high, size=(2, 3)),
    )


def gen_exponential(seed, scale):
    rng = np.random.default_rng(seed)
    return (
        rng.exponential(),
        rng.exponential(scale),
        rng.exponential(scale, 5000),
        rng.exponential(size=(3, 3)),
        rng.standard_exponential(100),
        rng.standard_exponential(),
    )


def gen_integers(seed, low, high):
    rng = np.random.default_rng(seed)
    return (
        rng.integers(high),
        rng.integers(low, high),
        rng.integers(low, high, 1000),
        rng.integers(low, high, size=(5, 7)),
        rng.integers(low, high, endpoint=True),
        rng.integers(low, high, 100, endpoint=True),
        rng.integers(low, high, 10, np.int64, True),
        rng.integers(low, high, dtype=np.int64),
    )


def gen_choice(seed, n, a):
    rng = np.random.default_rng(seed)
    return rng.choice(n), rng.choice(n, 50), rng.choice(a), rng.choice(a, (3, 4)), rng.choice(a, size=9)


def gen_choice_full(seed, a, k, replace, p):
    rng = np.random.default_rng(seed)
    return rng.choice(a, k, replace, p), rng.choice(a, replace=replace, p=p), rng.random()


def gen_choice_no_p(seed, a, k):
    rng = np.random.default_rng(seed)
    return rng.choice(a, k, replace=False), rng.choice(a, (2, 3), False), rng.choice(a, replace=False), rng.random()


def gen_shuffle(seed, x):
    rng = np.random.default_rng(seed)
    rng.shuffle(x)
    return x


def gen_permutation(seed, n, x):
    rng = np.random.default_rng(seed)
    return rng.permutation(n), rng.permutation(x), x


def gen_gamma(seed, shape, scale):
    rng = np.random.default_rng(seed)
    return rng.gamma(shape), rng.gamma(shape, scale), rng.gamma(shape, scale, 2000), rng.gamma(shape, size=(3, 4))


def gen_gamma_family(seed, shape, mean, sigma):
    rng = np.random.default_rng(seed)
    return (
        rng.standard_gamma(shape),
        rng.standard_gamma(shape, 500),
        rng.standard_gamma(shape, (2, 3), np.float64),
        rng.chisquare(shape + 0.5, 500),
        rng.chisquare(shape + 0.5),
        rng.lognormal(),
        rng.lognormal(mean, sigma, 500),
        rng.lognormal(sigma=sigma, size=(3, 2)),
    )


def gen_beta(seed, a, b):
    rng = np.random.default_rng(seed)
    return rng.beta(a, b), rng.beta(a, b, 2000), rng.beta(a, b, size=(2, 5))


def gen_poisson(seed, lam):
    rng = np.random.default_rng(seed)
    return rng.poisson(), rng.poisson(lam), rng.poisson(lam, 2000), rng.poisson(lam, (4, 3))


def gen_binomial(seed, n, p):
    rng = np.random.default_rng(seed)
    return rng.binomial(n, p), rng.binomial(n, p, 2000), rng.binomial(n, p, size=(3, 3))


def gen_mixed(seed):
    rng = np.random.default_rng(seed)
    a = rng.integers(0, 10, 3)
    b = rng.random()
    c = rng.integers(5)
    d = rng.standard_normal(4)
    e = rng.integers(-(2 ** 40), 2 ** 40, 3)
    f = rng.integers(0, 1000)
    g = rng.uniform(-1.0, 1.0, 3)
    h = rng.exponential(2.0)
    i = rng.permutation(6)
    q = rng.gamma(0.7), rng.beta(2.0, 3.0), rng.poisson(4.0), rng.binomial(50, 0.4), rng.poisson(40.0)
    j = rng.choice(100, 3)
    k = rng.normal(1.0, 0.5)
    m = rng.integers(0, 2 ** 32 - 1, 3)
    n = rng.integers(0, 2 ** 32, 3)
    o = rng.integers(3, 4, 2)
    return a, b, c, d, e, f, g, h, i, q, j, k, m, n, o, rng.random(3)


def gen_loop(seed, n):
    rng = np.random.default_rng(seed)
    out = np.empty(n)
    total = 0
    for k in range(n):
        out[k] = rng.normal(0.0, 1.0) + rng.integers(0, 3)
        total += rng.integers(0, 2 ** 33)
    return out, total


def gen_keywords(seed):
    rng = np.random.default_rng(seed=seed)
    return (
        rng.normal(loc=1.0, scale=2.0, size=(2,)),
        rng.uniform(low=1, high=2),
        rng.integers(low=3, high=9, size=2, endpoint=True),
        rng.choice(a=5, size=3, replace=False),
        rng.gamma(shape=2.0, scale=0.5),
        rng.binomial(n=10, p=0.5, size=4),
        rng.poisson(lam=2.5),
        rng.beta(a=1.5, b=2.0),
    )


def gen_two_generators(seed):
    a = np.random.default_rng(seed)
    b = np.random.default_rng(seed + 1)
    x = a.random(3)
    y = b.random(3)
    c = a
    return x, y, c.random(), a.random()


def gen_passed_to_inner(seed):
    rng = np.random.default_rng(seed)
    return draw_twice(rng), rng.random()


@oxjit.njit
def draw_twice(rng):
    return rng.random() + rng.standard_normal()


@pytest.mark.parametrize("seed", SEEDS)
def test_random(seed):
    check(gen_random, seed)


@pytest.mark.parametrize("seed", SEEDS)
def test_standard_normal(seed):
    check(gen_standard_normal, seed)


@pytest.mark.parametrize("seed", SEEDS)
def test_normal(seed):
    check(gen_normal, seed, 3.0, 2.5)
    check(gen_normal, seed, -1, 0.0)


@pytest.mark.parametrize("seed", SEEDS)
def test_uniform(seed):
    check(gen_uniform, seed, -2.0, 5.0)
    check(gen_uniform, seed, 3, 3)


@pytest.mark.parametrize("seed", SEEDS)
def test_exponential(seed):
    check(gen_exponential, seed, 3.0)


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize(
    "low,high",
    [(0, 10), (-5, 5), (0, 2 ** 32 - 1), (0, 2 ** 32), (-(2 ** 62), 2 ** 62), (7, 8), (1, 2 ** 31)],
)
def test_integers(seed, low, high):
    check(gen_integers, seed, low, high)


@pytest.mark.parametrize("seed", SEEDS)
def test_choice(seed):
    check(gen_choice, seed, 17, np.arange(10.0) * 1.5)
    check(gen_choice, seed, 1, np.array([3, 1, 4, 1, 5], dtype=np.int32))


@pytest.mark.parametrize("seed", SEEDS)
def test_choice_replace_and_p(seed):
    p = np.array([0.1, 0.0, 0.25, 0.05, 0.3, 0.3])
    for replace in (True, False):
        check(gen_choice_full, seed, 6, 4, replace, p)
        check(gen_choice_full, seed, np.arange(6.0) * 2.5, (2, 2), replace, p)
        check(gen_choice_full, seed, 6, 0, replace, p)
    uniform = np.full(50, 0.02)
    check(gen_choice_full, seed, 50, 40, False, uniform)
    check(gen_choice_full, seed, np.arange(50, dtype=np.int32), 100, True, uniform)


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("pop,k", [(10, 10), (1000, 37), (20000, 300), (20000, 5000), (20000, 401), (7, 0)])
def test_choice_without_replacement(seed, pop, k):
    # Floyd's algorithm (small samples) and the tail shuffle (large ones), as NumPy.
    check(gen_choice_no_p, seed, pop, k)
    check(gen_choice_no_p, seed, np.arange(pop) * 3, k)


@pytest.mark.parametrize("seed", SEEDS)
def test_shuffle(seed):
    check(gen_shuffle, seed, np.arange(100))
    check(gen_shuffle, seed, np.arange(50.0))
    check(gen_shuffle, seed, np.arange(30, dtype=np.int8))
    check(gen_shuffle, seed, np.arange(60.0)[::3])
    check(gen_shuffle, seed, np.arange(0.0))


@pytest.mark.parametrize("seed", SEEDS)
def test_permutation(seed):
    check(gen_permutation, seed, 20, np.arange(15.0))
    check(gen_permutation, seed, 0, np.arange(4, dtype=np.int32)[::-1])
    check(gen_permutation, seed, -3, np.arange(1))


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("shape,scale", [(0.5, 2.0), (1.0, 1.0), (0.0, 3.0), (2.5, 0.5), (30.0, 1.0), (1e-3, 1.0)])
def test_gamma(seed, shape, scale):
    check(gen_gamma, seed, shape, scale)


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("shape,mean,sigma", [(0.0, 0.0, 1.0), (0.4, -1.0, 0.5), (1.0, 2.0, 0.0), (7.5, 0.5, 3.0)])
def test_standard_gamma_chisquare_lognormal(seed, shape, mean, sigma):
    check(gen_gamma_family, seed, shape, mean, sigma)


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("a,b", [(0.5, 0.5), (1.0, 1.0), (2.0, 5.0), (0.3, 4.0), (1e-200, 1e-200), (1e-5, 1e-5)])
def test_beta(seed, a, b):
    check(gen_beta, seed, a, b)


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("lam", [0.0, 0.5, 3.0, 9.99, 10.0, 57.5, 1e6, 1e15])
def test_poisson(seed, lam):
    check(gen_poisson, seed, lam)


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize(
    "n,p",
    [(0, 0.5), (10, 0.0), (10, 1.0), (10, 0.3), (100, 0.2), (100, 0.9), (1000, 0.5), (10 ** 6, 0.01), (10 ** 9, 0.7), (31, 0.99)],
)
def test_binomial(seed, n, p):
    check(gen_binomial, seed, n, p)


def gen_binomial_long(seed, n, p, k):
    return np.random.default_rng(seed).binomial(n, p, k)


@pytest.mark.parametrize("n,p", [(1000, 0.6), (10000, 0.3), (500, 0.45)])
def test_binomial_long_stream(n, p):
    # Long enough to reach BTPE's squeeze test (NumPy 2.4's Stirling terms) many times.
    check(gen_binomial_long, 11, n, p, 20000)


@pytest.mark.parametrize("seed", SEEDS)
def test_mixed_sequence(seed):
    check(gen_mixed, seed)
    check(gen_loop, seed, 200)


def gen_prange(seed, n):
    rng = np.random.default_rng(seed)
    out = np.empty(n)
    for i in oxjit.prange(n):
        out[i] = rng.random() + i
    return out


@pytest.mark.filterwarnings("ignore::oxjit.OxjitPerformanceWarning")
def test_prange_draws_in_order():
    # A prange body drawing from a generator runs serially: the same stream as NumPy's.
    check(gen_prange, 3, 1000, parallel=True)


def test_keyword_arguments():
    check(gen_keywords, 8)


def test_generators_are_objects():
    check(gen_two_generators, 5)
    # A generator passed to another jitted function draws from the same stream.
    rng = np.random.default_rng(9)
    want = (draw_twice.py_func(rng), rng.random())
    assert compiled(gen_passed_to_inner)(9) == want


@settings(max_examples=25, deadline=None)
@given(seed=st.integers(min_value=0, max_value=2 ** 63 - 1))
def test_hypothesis_seed(seed):
    check(gen_mixed, seed)
    check(gen_standard_normal, seed)


def gen_all_dists(seed, n, p, lam, shape, a, b):
    rng = np.random.default_rng(seed)
    return (
        rng.binomial(n, p, 3000),
        rng.poisson(lam, 3000),
        rng.gamma(shape, 2.0, 3000),
        rng.beta(a, b, 3000),
        rng.integers(0, n + 1, 100),
    )


@settings(max_examples=30, deadline=None)
@given(
    seed=st.integers(min_value=0, max_value=2 ** 64 - 1),
    n=st.integers(min_value=0, max_value=10 ** 7),
    p=st.floats(min_value=0.0, max_value=1.0),
    lam=st.floats(min_value=0.0, max_value=1e4),
    shape=st.floats(min_value=0.0, max_value=50.0),
    a=st.floats(min_value=1e-3, max_value=10.0),
    b=st.floats(min_value=1e-3, max_value=10.0),
)
def test_hypothesis_distributions(seed, n, p, lam, shape, a, b):
    check(gen_all_dists, seed % 2 ** 63, n, p, lam, shape, a, b)


# --- errors: NumPy's classes and messages -------------------------------------------------------


def err_integers(lo, hi):
    return np.random.default_rng(1).integers(lo, hi)


def err_integers_one(hi):
    return np.random.default_rng(1).integers(hi, size=3)


def err_integers_endpoint(lo, hi):
    return np.random.default_rng(1).integers(lo, hi, endpoint=True)


def err_integers_empty(lo, hi):
    return np.random.default_rng(1).integers(lo, hi, 0)


def err_normal(scale):
    return np.random.default_rng(1).normal(0.0, scale)


def err_normal_size(scale):
    return np.random.default_rng(1).normal(0.0, scale, 3)


def err_exponential(scale):
    return np.random.default_rng(1).exponential(scale, (2, 2))


def err_uniform(low, high):
    return np.random.default_rng(1).uniform(low, high)


def err_gamma(shape, scale):
    return np.random.default_rng(1).gamma(shape, scale)


def err_gamma_family(shape, df, sigma):
    rng = np.random.default_rng(1)
    return rng.standard_gamma(shape), rng.chisquare(df), rng.lognormal(0.0, sigma)


def err_beta(a, b):
    return np.random.default_rng(1).beta(a, b, 2)


def err_poisson(lam):
    return np.random.default_rng(1).poisson(lam)


def err_binomial(n, p):
    return np.random.default_rng(1).binomial(n, p)


def err_choice_p(n, k, replace, p):
    return np.random.default_rng(1).choice(n, k, replace, p)


def err_choice(n):
    return np.random.default_rng(1).choice(n)


def err_choice_size(n, k):
    return np.random.default_rng(1).choice(n, k)


def err_choice_array(a):
    return np.random.default_rng(1).choice(a, 2)


def err_seed(s):
    return np.random.default_rng(s).random()


def err_size(k):
    return np.random.default_rng(1).random(k)


def err_shuffle(x):
    np.random.default_rng(1).shuffle(x)
    return x


@pytest.mark.parametrize(
    "fn,args",
    [
        (err_integers, (5, 5)),
        (err_integers, (5, 2)),
        (err_integers, (0, 0)),
        (err_integers, (0, -3)),
        (err_integers_one, (0,)),
        (err_integers_one, (-4,)),
        (err_integers_endpoint, (5, 4)),
        (err_integers_endpoint, (0, -1)),
        (err_integers_endpoint, (4, 4)),
        (err_integers_empty, (5, 5)),
        (err_normal, (-1.0,)),
        (err_normal, (-0.0,)),
        (err_normal, (float("nan"),)),
        (err_normal_size, (-2.0,)),
        (err_exponential, (-1.0,)),
        (err_uniform, (2.0, 1.0)),
        (err_uniform, (0.0, float("inf"))),
        (err_uniform, (float("nan"), 1.0)),
        (err_gamma, (-1.0, 1.0)),
        (err_gamma, (1.0, -1.0)),
        (err_gamma, (-0.0, -1.0)),
        (err_gamma_family, (-1.0, 1.0, 1.0)),
        (err_gamma_family, (1.0, 0.0, 1.0)),
        (err_gamma_family, (1.0, -3.0, 1.0)),
        (err_gamma_family, (1.0, 1.0, -0.5)),
        (err_beta, (0.0, 1.0)),
        (err_beta, (1.0, -2.0)),
        (err_poisson, (-1.0,)),
        (err_poisson, (float("nan"),)),
        (err_poisson, (1e19,)),
        (err_poisson, (9.223372006484771e18,)),
        (err_binomial, (-1, 0.5)),
        (err_binomial, (5, 1.5)),
        (err_binomial, (5, float("nan"))),
        (err_binomial, (-1, -0.5)),
        (err_choice_p, (4, 3, True, np.array([0.5, 0.5, 0.5, 0.5]))),
        (err_choice_p, (4, 3, True, np.array([0.5, 0.5]))),
        (err_choice_p, (4, 3, True, np.array([0.5, np.nan, 0.5, 0.0]))),
        (err_choice_p, (4, 3, True, np.array([1.5, -0.5, 0.0, 0.0]))),
        (err_choice_p, (4, 5, False, None)),
        (err_choice_p, (4, 3, False, np.array([0.5, 0.5, 0.0, 0.0]))),
        (err_choice, (0,)),
        (err_choice, (-2,)),
        (err_choice_size, (0, 0)),
        (err_choice_size, (0, 3)),
        (err_choice_array, (np.zeros(0),)),
        (err_seed, (-1,)),
        (err_size, (-1,)),
    ],
)
def test_errors(fn, args):
    check(fn, *args, exact_exception=True)


def test_shuffle_read_only():
    x = np.arange(5.0)
    x.flags.writeable = False
    check(err_shuffle, x, exact_exception=True)


# --- what is refused at compile time ------------------------------------------------------------


def no_seed():
    return np.random.default_rng().random()


def returns_generator(seed):
    return np.random.default_rng(seed)


def takes_generator(rng):
    return rng.random()


def array_low(seed, low):
    # Integer array bounds compile (tests/python/test_random_int_bounds.py); float ones do not.
    return np.random.default_rng(seed).integers(low, 10)


def unknown_method(seed):
    return np.random.default_rng(seed).zipf(2.0)


def float32_random(seed):
    return np.random.default_rng(seed).random(3, dtype=np.float32)


def int32_integers(seed):
    return np.random.default_rng(seed).integers(0, 5, 3, dtype=np.int32)


def too_many_args(seed):
    return np.random.default_rng(seed).random(3, np.float64, None, 4)


def missing_arg(seed):
    return np.random.default_rng(seed).beta(2.0)


def shuffle_2d(seed, x):
    np.random.default_rng(seed).shuffle(x)


@pytest.mark.parametrize(
    "fn,args,words",
    [
        (no_seed, (), "without a seed"),
        (returns_generator, (1,), "returning a `numpy.random.Generator`"),
        (array_low, (1, np.zeros(3)), "an integer array of 1 to 8 dimensions as `low`"),
        (unknown_method, (1,), "`numpy.random.Generator.zipf` is not supported"),
        (shuffle_2d, (1, np.zeros((2, 2))), "takes a 1-d array"),
        (too_many_args, (1,), "takes at most 2 positional argument(s), 4 given"),
        (missing_arg, (1,), "is missing the argument `b`"),
        (float32_random, (1,), "`dtype=float32` is not supported"),
        (int32_integers, (1,), "`dtype=int32` is not supported"),
    ],
)
def test_refused(fn, args, words):
    with pytest.raises(oxjit.OxjitError) as e:
        compiled(fn)(*args)
    assert words in str(e.value)


def test_generator_argument_refused():
    with pytest.raises(oxjit.OxjitError) as e:
        compiled(takes_generator)(np.random.default_rng(1))
    assert "Generator" in str(e.value)


# --- reference counting: generators are freed ---------------------------------------------------


def gen_many(n):
    total = 0.0
    for k in range(n):
        rng = np.random.default_rng(k)
        other = rng
        total += other.random()
        if k % 2 == 0:
            rng = np.random.default_rng(k + 100)
        total += rng.standard_normal()
    return total


def test_no_leak():
    from oxjit import _oxjit

    f = compiled(gen_many)
    f(3)
    before = _oxjit.live_allocations()
    assert f(50) == gen_many(50)
    for fn, args in [(err_normal, (-1.0,)), (err_integers, (5, 5))]:
        with pytest.raises(ValueError):
            compiled(fn)(*args)
    assert _oxjit.live_allocations() == before

"""``numpy.random`` inside compiled functions: bit-identical to NumPy's legacy RandomState.

Every function seeds with ``numpy.random.seed(s)`` *inside* the function: in
oxjit the random stream is per thread and independent of NumPy's global state,
so the CPython run (which seeds NumPy's global RandomState) and the compiled run
start from the same state only that way. Results are compared exactly
(thousands of values each): same MT19937 stream, same legacy algorithms
(53-bit doubles, polar Box-Muller with its cached second value, masked
rejection for integers, ``-log(1 - u)`` for exponentials), same libm ``log``
and ``sqrt``.

The last tests are not differential: they check that the compiled stream is
independent of NumPy's global state, persists from call to call and is per
thread.
"""
import threading

import numpy
import numpy as np
import pytest

from diff import check, compiled

SEEDS = [0, 1, 42, 12345, 2 ** 32 - 1]
N = 5000


# --- uniform doubles --------------------------------------------------------------------------------


def random_scalar(seed):
    numpy.random.seed(seed)
    return numpy.random.random()


def random_scalars_in_loop(seed, n):
    numpy.random.seed(seed)
    out = numpy.empty(n)
    for i in range(n):
        out[i] = numpy.random.random()
    return out


def random_size(seed, n):
    numpy.random.seed(seed)
    return numpy.random.random(size=n)


def random_positional(seed, n):
    numpy.random.seed(seed)
    return numpy.random.random(n)


def random_shape_tuple(seed, n):
    numpy.random.seed(seed)
    return numpy.random.random((n, 3))


def random_sample(seed, n):
    numpy.random.seed(seed)
    return numpy.random.random_sample(n)


def rand_1d(seed, n):
    numpy.random.seed(seed)
    return numpy.random.rand(n)


def rand_2d(seed):
    numpy.random.seed(seed)
    return numpy.random.rand(2, 3)


def rand_scalar(seed):
    np.random.seed(seed)
    return np.random.rand()


@pytest.mark.parametrize("seed", SEEDS)
def test_uniform_doubles(seed):
    check(random_scalar, seed)
    check(random_scalars_in_loop, seed, 1000)
    check(random_size, seed, N)
    check(random_positional, seed, N)
    check(random_shape_tuple, seed, 1000)
    check(random_sample, seed, N)
    check(rand_1d, seed, N)
    check(rand_2d, seed)
    check(rand_scalar, seed)


def test_zero_draws():
    check(random_size, 3, 0)
    check(rand_1d, 3, 1)


# --- normal -------------------------------------------------------------------------------------------------


def randn_1d(seed, n):
    numpy.random.seed(seed)
    return numpy.random.randn(n)


def randn_2d(seed, n):
    numpy.random.seed(seed)
    return numpy.random.randn(n, 3)


def standard_normal_shape(seed):
    numpy.random.seed(seed)
    return numpy.random.standard_normal(size=(2, 3))


def standard_normal_n(seed, n):
    numpy.random.seed(seed)
    return numpy.random.standard_normal(n)


def normal_positional(seed, loc, scale, n):
    numpy.random.seed(seed)
    return numpy.random.normal(loc, scale, n)


def normal_keywords(seed, n):
    numpy.random.seed(seed)
    return numpy.random.normal(loc=0, scale=0.05, size=n)


def normal_scalars(seed):
    numpy.random.seed(seed)
    return numpy.random.normal(), numpy.random.normal(2.0, 3.0), numpy.random.randn()


@pytest.mark.parametrize("seed", SEEDS)
def test_normal(seed):
    check(randn_1d, seed, N)
    check(randn_1d, seed, N + 1)  # odd count: one value left in the gauss cache
    check(randn_2d, seed, 1000)
    check(standard_normal_shape, seed)
    check(standard_normal_n, seed, N)
    check(normal_positional, seed, 1.5, 0.25, N)
    check(normal_positional, seed, -3, 2, 7)
    check(normal_positional, seed, 0.0, 0.0, 5)  # scale 0: loc everywhere
    check(normal_keywords, seed, N)
    check(normal_scalars, seed)


def normal_interleaved(seed, n):
    # legacy gauss draws two normals at a time and caches the second one; the
    # cache is shared by normal(), normal(size=...), standard_normal and randn
    numpy.random.seed(seed)
    a = numpy.random.normal()
    b = numpy.random.normal(size=n)
    c = numpy.random.normal()
    d = numpy.random.standard_normal(size=3)
    e = numpy.random.randn(1)
    f = numpy.random.normal(1.0, 2.0)
    return a, b, c, d, e, f


def gauss_cache_survives_other_draws(seed):
    numpy.random.seed(seed)
    a = numpy.random.normal()
    u = numpy.random.random()
    b = numpy.random.normal()
    v = numpy.random.random(size=3)
    c = numpy.random.normal()
    k = numpy.random.randint(0, 100, size=4)
    d = numpy.random.normal(size=2)
    return a, u, b, v, c, k, d


def seed_resets_gauss_cache(seed):
    numpy.random.seed(seed)
    a = numpy.random.normal()
    numpy.random.seed(seed)
    b = numpy.random.normal()
    c = numpy.random.normal()
    return a, b, c


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("n", [0, 1, 2, 3, 1000, 1001])
def test_normal_interleaved_with_gauss_cache(seed, n):
    check(normal_interleaved, seed, n)


@pytest.mark.parametrize("seed", SEEDS)
def test_gauss_cache_across_other_draws_and_reseeding(seed):
    check(gauss_cache_survives_other_draws, seed)
    check(seed_resets_gauss_cache, seed)


def normal_negative_scale(seed):
    numpy.random.seed(seed)
    return numpy.random.normal(0.0, -1.0, 3)


def test_normal_negative_scale_raises():
    assert isinstance(check(normal_negative_scale, 0), ValueError)


# --- uniform(lo, hi), exponential --------------------------------------------------------------------------------


def uniform_array(seed, lo, hi, n):
    numpy.random.seed(seed)
    return numpy.random.uniform(lo, hi, n)


def uniform_keywords(seed, n):
    numpy.random.seed(seed)
    return numpy.random.uniform(low=-1.0, high=1.0, size=(n, 2))


def uniform_scalars(seed):
    numpy.random.seed(seed)
    return numpy.random.uniform(), numpy.random.uniform(2.0, 3.0), numpy.random.uniform(5, 1)


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("lo, hi", [(0.0, 1.0), (-3.5, 2.25), (10, 20), (1.0, 1.0), (5.0, -5.0)])
def test_uniform(seed, lo, hi):
    check(uniform_array, seed, lo, hi, N)


@pytest.mark.parametrize("seed", SEEDS)
def test_uniform_keywords_and_scalars(seed):
    check(uniform_keywords, seed, 1000)
    check(uniform_scalars, seed)


def exponential_array(seed, scale, n):
    numpy.random.seed(seed)
    return numpy.random.exponential(scale, n)


def exponential_scalars(seed):
    numpy.random.seed(seed)
    return numpy.random.exponential(), numpy.random.exponential(2.0), numpy.random.exponential(scale=0.5)


def exponential_size_keyword(seed, n):
    numpy.random.seed(seed)
    return numpy.random.exponential(scale=3.0, size=(n, 2))


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("scale", [1.0, 0.5, 7, 0.0])
def test_exponential(seed, scale):
    check(exponential_array, seed, scale, N)


@pytest.mark.parametrize("seed", SEEDS)
def test_exponential_scalars_and_keywords(seed):
    check(exponential_scalars, seed)
    check(exponential_size_keyword, seed, 1000)


def test_exponential_negative_scale_raises():
    assert isinstance(check(exponential_array, 0, -1.0, 3), ValueError)


# --- integers ---------------------------------------------------------------------------------------------------


def randint_array(seed, lo, hi, n):
    numpy.random.seed(seed)
    return numpy.random.randint(lo, hi, n)


def randint_size_keyword(seed, n):
    numpy.random.seed(seed)
    return numpy.random.randint(0, 10, size=n)


def randint_high_only(seed, hi):
    numpy.random.seed(seed)
    return numpy.random.randint(hi)


def randint_scalar_pair(seed, lo, hi):
    numpy.random.seed(seed)
    return numpy.random.randint(lo, hi), numpy.random.randint(lo, hi)


def randint_2d(seed):
    numpy.random.seed(seed)
    return numpy.random.randint(5, size=(3, 4))


def randint_then_random(seed, lo, hi):
    # a range of one value draws nothing: the next double is the first of the stream
    numpy.random.seed(seed)
    k = numpy.random.randint(lo, hi, size=10)
    return k, numpy.random.random()


RANGES = [(0, 10), (-5, 5), (0, 2), (0, 1), (5, 6), (0, 2 ** 31), (0, 2 ** 32),
          (0, 2 ** 32 + 1), (-10 ** 12, 10 ** 12), (-(2 ** 63), 2 ** 63 - 1), (7, 1000003)]


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("lo, hi", RANGES, ids=[f"{lo}..{hi}" for lo, hi in RANGES])
def test_randint(seed, lo, hi):
    # 32-bit draws for ranges below 2**32, 64-bit draws above; nothing for a single value
    check(randint_array, seed, lo, hi, N)
    check(randint_scalar_pair, seed, lo, hi)
    check(randint_then_random, seed, lo, hi)


@pytest.mark.parametrize("seed", SEEDS)
def test_randint_forms(seed):
    check(randint_size_keyword, seed, N)
    check(randint_2d, seed)
    for hi in (1, 7, 2 ** 40):
        check(randint_high_only, seed, hi)


@pytest.mark.parametrize("lo, hi", [(5, 5), (3, 1)])
def test_randint_empty_range_raises(lo, hi):
    assert isinstance(check(randint_array, 0, lo, hi, 3), ValueError)
    assert isinstance(check(randint_high_only, 0, hi - lo), ValueError)  # randint(0), randint(-2)


# --- shuffle, permutation, choice ---------------------------------------------------------------------------------


def shuffle_argument(seed, a):
    numpy.random.seed(seed)
    numpy.random.shuffle(a)


def shuffle_local(seed, n):
    numpy.random.seed(seed)
    a = numpy.arange(n)
    numpy.random.shuffle(a)
    return a


def permutation_n(seed, n):
    numpy.random.seed(seed)
    return numpy.random.permutation(n)


def permutation_array(seed, a):
    numpy.random.seed(seed)
    return numpy.random.permutation(a)


def choice_n(seed, n, k):
    numpy.random.seed(seed)
    return numpy.random.choice(n, k)


def choice_size_keyword(seed, n, k):
    numpy.random.seed(seed)
    return numpy.random.choice(n, size=k)


def choice_scalar(seed, n):
    numpy.random.seed(seed)
    return numpy.random.choice(n)


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("a", [numpy.arange(float(N)), numpy.arange(1000), numpy.arange(7, dtype=numpy.int32),
                               numpy.arange(20.0)[::3], numpy.arange(24.0).reshape(6, 4),
                               numpy.arange(1.0), numpy.zeros(0)],
                         ids=["float64", "int64", "int32", "strided-view", "2d-rows", "size1", "empty"])
def test_shuffle_in_place(seed, a):
    # the argument is shuffled in place (2-D: its rows); the harness compares it after the call
    check(shuffle_argument, seed, a)


@pytest.mark.parametrize("seed", SEEDS)
def test_shuffle_local_and_permutation(seed):
    check(shuffle_local, seed, N)
    check(permutation_n, seed, N)
    check(permutation_n, seed, 1)
    check(permutation_n, seed, 0)
    check(permutation_array, seed, numpy.linspace(0.0, 1.0, 1000))  # argument left untouched
    check(permutation_array, seed, numpy.arange(30).reshape(10, 3))
    check(permutation_array, seed, numpy.arange(30.0)[::-2])


@pytest.mark.parametrize("seed", SEEDS)
def test_choice(seed):
    check(choice_n, seed, 10, N)
    check(choice_n, seed, 2 ** 33, 100)
    check(choice_n, seed, 1, 5)
    check(choice_size_keyword, seed, 1000, N)
    check(choice_scalar, seed, 50)


# --- one stream through many kinds of draws ------------------------------------------------------------------------


def mixed_stream(seed, n):
    numpy.random.seed(seed)
    a = numpy.random.random(n)
    b = numpy.random.randint(0, 7, n)
    c = numpy.random.normal(0.0, 1.0, n)
    d = numpy.random.uniform(-1.0, 1.0, n)
    e = numpy.random.exponential(2.0, n)
    p = numpy.random.permutation(n)
    x = numpy.random.normal()
    f = numpy.random.choice(n, 5)
    g = numpy.random.rand(2, 2)
    return a, b, c, d, e, p, x, f, g


def seed_twice(seed):
    numpy.random.seed(seed)
    a = numpy.random.random(5)
    numpy.random.seed(seed)
    b = numpy.random.random(5)
    return a, b


def draws_in_loop(seed, n):
    numpy.random.seed(seed)
    total = 0.0
    for i in range(n):
        if numpy.random.random() < 0.5:
            total += numpy.random.normal()
        else:
            total -= numpy.random.randint(0, 10)
    return total


@pytest.mark.parametrize("seed", SEEDS)
def test_mixed_stream(seed):
    check(mixed_stream, seed, 1001)
    check(seed_twice, seed)
    check(draws_in_loop, seed, 2000)


def seed_only(seed):
    numpy.random.seed(seed)


def test_seed_out_of_range_raises():
    assert isinstance(check(seed_only, -1), ValueError)
    assert isinstance(check(seed_only, 2 ** 32), ValueError)


# --- the compiled stream's state (not differential) -----------------------------------------------------------------


def draw_without_seeding(n):
    return numpy.random.random(n)


def test_compiled_draws_do_not_touch_numpys_global_state():
    numpy.random.seed(99)
    state = numpy.random.get_state()
    out = compiled(random_size)(0, 100)
    after = numpy.random.get_state()
    assert state[0] == after[0] and numpy.array_equal(state[1], after[1]) and state[2:] == after[2:]
    assert numpy.array_equal(out, numpy.random.RandomState(0).random_sample(100))


def test_compiled_stream_ignores_numpys_global_seed():
    compiled(seed_only)(5)
    numpy.random.seed(6)  # NumPy's global state: not the compiled stream's
    out = compiled(draw_without_seeding)(10)
    assert numpy.array_equal(out, numpy.random.RandomState(5).random_sample(10))


def test_compiled_stream_persists_between_calls():
    compiled(seed_only)(2024)
    first = compiled(draw_without_seeding)(7)
    second = compiled(draw_without_seeding)(7)
    expected = numpy.random.RandomState(2024).random_sample(14)
    assert numpy.array_equal(numpy.concatenate([first, second]), expected)


def test_compiled_stream_is_per_thread():
    compiled(seed_only)(0)
    head = compiled(draw_without_seeding)(3)
    seen = {}

    def other_thread():
        compiled(seed_only)(1)
        seen["other"] = compiled(draw_without_seeding)(4)

    t = threading.Thread(target=other_thread)
    t.start()
    t.join()
    tail = compiled(draw_without_seeding)(3)
    assert numpy.array_equal(numpy.concatenate([head, tail]),
                             numpy.random.RandomState(0).random_sample(6))
    assert numpy.array_equal(seen["other"], numpy.random.RandomState(1).random_sample(4))

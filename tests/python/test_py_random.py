"""Python's ``random`` module inside compiled functions: the same values as CPython's.

Each function seeds with ``random.seed(s)`` *inside* the function; CPython then runs it on
its global ``random`` state and the compiled run on the thread's own state (separate from
``numpy.random``'s and from CPython's), so both start from the same Mersenne Twister state.
Sequences of draws are compared exactly (floats bit for bit) by ``diff.check``: same
``init_by_array`` of the seed's 32-bit words, same 53-bit doubles, same ``_randbelow``
rejection on ``getrandbits``, same Box–Muller cache in ``gauss`` (cleared by ``seed``), same
Kinderman–Monahan ``normalvariate``, same libm ``log``/``cos``/``sin``/``sqrt``.

The last tests are not differential: the compiled state is independent of ``numpy.random``
and of CPython's ``random``, and persists from call to call.
"""
import random
import random as rnd
import threading
from random import choice, gauss, randint, shuffle

import numpy
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import oxjit
from diff import check, compiled

SEEDS = [0, 1, -1, 42, 12345, 2 ** 32 - 1, 2 ** 32, 2 ** 32 + 1, -(2 ** 40) - 7,
         2 ** 62 + 12345, 2 ** 63 - 1, -(2 ** 63)]
N = 300
SETTINGS = settings(max_examples=60, deadline=None)
INT64 = st.integers(min_value=-(2 ** 63), max_value=2 ** 63 - 1)


# --- draws ------------------------------------------------------------------------------------


def randoms(seed, n):
    random.seed(seed)
    out = []
    for _ in range(n):
        out.append(random.random())
    return out


def uniforms(seed, n, a, b):
    random.seed(seed)
    return [random.uniform(a, b) for _ in range(n)]


def randints(seed, n, a, b):
    random.seed(seed)
    return [random.randint(a, b) for _ in range(n)]


def randrange1(seed, n, stop):
    random.seed(seed)
    return [random.randrange(stop) for _ in range(n)]


def randrange2(seed, n, start, stop):
    random.seed(seed)
    return [random.randrange(start, stop) for _ in range(n)]


def randrange3(seed, n, start, stop, step):
    random.seed(seed)
    return [random.randrange(start, stop, step) for _ in range(n)]


def getrandbits_list(seed, n, k):
    random.seed(seed)
    return [random.getrandbits(k) for _ in range(n)]


def getrandbits_64(seed):
    random.seed(seed)
    return random.getrandbits(64), random.getrandbits(64)


def gausses(seed, n, mu, sigma):
    random.seed(seed)
    return [random.gauss(mu, sigma) for _ in range(n)]


def gauss_defaults(seed):
    random.seed(seed)
    return random.gauss(), random.gauss(mu=1.0), random.gauss(sigma=3.0)


def normals(seed, n, mu, sigma):
    random.seed(seed)
    return [random.normalvariate(mu, sigma) for _ in range(n)]


def normal_defaults(seed):
    random.seed(seed)
    return random.normalvariate(), random.normalvariate(2.0), random.normalvariate(sigma=0.5)


def expos(seed, n, lambd):
    random.seed(seed)
    return [random.expovariate(lambd) for _ in range(n)]


def mixed(seed, n):
    """Every function in one stream, with ints and floats mixed as arguments."""
    random.seed(seed)
    total = 0.0
    ints = 0
    for i in range(n):
        total += random.random() + random.uniform(-1, 2.5) + random.gauss(1, 2)
        total += random.normalvariate(0.5, 1) + random.expovariate(3)
        ints += random.randint(-i, i) + random.randrange(i + 1) + random.getrandbits(i % 40)
        ints += random.randrange(-i, 100, 7) + random.randrange(50, -i - 1, -3)
    return total, ints


@pytest.mark.parametrize("seed", SEEDS)
def test_random_stream(seed):
    check(randoms, seed, N)


@pytest.mark.parametrize("seed", SEEDS[:6])
@pytest.mark.parametrize("a,b", [(0.0, 1.0), (-5.5, 2.25), (3, 7), (7, 3), (1, 2.5),
                                 (True, 4), (-(2 ** 63), 2 ** 63 - 1), (2.0, 2.0)])
def test_uniform(seed, a, b):
    check(uniforms, seed, 50, a, b)


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("a,b", [(1, 6), (-100, 100), (0, 0), (5, 2 ** 40),
                                 (-(2 ** 63), 2 ** 63 - 2), (0, 2 ** 32), (7, 8)])
def test_randint(seed, a, b):
    check(randints, seed, 50, a, b)


@pytest.mark.parametrize("seed", SEEDS[:6])
@pytest.mark.parametrize("stop", [1, 2, 3, 10, 2 ** 31, 2 ** 32, 2 ** 32 + 1, 2 ** 63 - 1])
def test_randrange_one_argument(seed, stop):
    check(randrange1, seed, 50, stop)


@pytest.mark.parametrize("seed", SEEDS[:6])
@pytest.mark.parametrize("start,stop", [(0, 10), (-10, -3), (5, 6), (-(2 ** 63), 2 ** 63 - 1)])
def test_randrange_two_arguments(seed, start, stop):
    check(randrange2, seed, 50, start, stop)


@pytest.mark.parametrize("seed", SEEDS[:6])
@pytest.mark.parametrize("start,stop,step", [(0, 10, 3), (10, 0, -3), (10, 0, -1), (-5, 5, 2),
                                             (0, 100, 100), (100, -100, -7), (3, 4, 5),
                                             (0, 2 ** 62, 2 ** 61 - 1), (5, 1, -1)])
def test_randrange_steps(seed, start, stop, step):
    check(randrange3, seed, 50, start, stop, step)


@pytest.mark.parametrize("seed", SEEDS[:6])
@pytest.mark.parametrize("k", [0, 1, 5, 31, 32, 33, 40, 63])
def test_getrandbits(seed, k):
    check(getrandbits_list, seed, 40, k)


@pytest.mark.parametrize("seed", SEEDS)
def test_getrandbits_64_is_uint64(seed):
    expected = getrandbits_64(seed)
    got = compiled(getrandbits_64)(seed)
    assert got == expected


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("mu,sigma", [(0.0, 1.0), (10, 2), (-1.5, 0.25)])
def test_gauss(seed, mu, sigma):
    check(gausses, seed, 51, mu, sigma)  # odd: the last value is a fresh pair's first


@pytest.mark.parametrize("seed", SEEDS)
def test_gauss_and_normalvariate_defaults(seed):
    check(gauss_defaults, seed)
    check(normal_defaults, seed)


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("mu,sigma", [(0.0, 1.0), (3, 2), (-1.5, 0.25)])
def test_normalvariate(seed, mu, sigma):
    check(normals, seed, N, mu, sigma)


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("lambd", [1.0, 0.5, 3, -2.0])
def test_expovariate(seed, lambd):
    check(expos, seed, N, lambd)


@pytest.mark.parametrize("seed", SEEDS)
def test_every_function_in_one_stream(seed):
    check(mixed, seed, 200)


# --- gauss's cached value: interleavings and reseeding ------------------------------------------


def gauss_interleaved(seed, n):
    """The cached second value survives other draws and is cleared by seed."""
    random.seed(seed)
    out = []
    for i in range(n):
        out.append(random.gauss(0.0, 1.0))
        if i % 3 == 0:
            out.append(random.random())
        if i % 5 == 1:
            out.append(float(random.randint(0, 9)))
        if i % 7 == 2:
            out.append(random.normalvariate(0.0, 1.0))
        if i % 11 == 3:
            random.seed(seed + i)
    return out


def gauss_then_reseed(seed):
    random.seed(seed)
    first = random.gauss(0.0, 1.0)  # caches the pair's second value
    random.seed(seed)  # clears the cache: the next gauss draws a fresh pair
    again = random.gauss(0.0, 1.0)
    return first, again, random.gauss(0.0, 1.0)


@pytest.mark.parametrize("seed", SEEDS)
def test_gauss_interleavings(seed):
    check(gauss_interleaved, seed % 1000, 120)
    check(gauss_then_reseed, seed)


# --- names imported from random -----------------------------------------------------------------


def imported_names(seed, xs):
    random.seed(seed)
    a = randint(1, 6)
    b = gauss(0.0, 1.0)
    shuffle(xs)
    return a, b, choice(xs), rnd.random()


def test_from_random_import_and_module_alias():
    check(imported_names, 7, [1, 2, 3, 4, 5])
    check(imported_names, -99, numpy.arange(6.0))


# --- choice and shuffle --------------------------------------------------------------------------


def choices_of(seed, seq, n):
    random.seed(seed)
    return [choice(seq) for _ in range(n)]


def choices_of_tuple(seed, n):
    random.seed(seed)
    t = (1.5, -2.0, 7.25, 0.0)
    return [random.choice(t) for _ in range(n)]


def shuffled(seed, xs):
    random.seed(seed)
    random.shuffle(xs)
    return random.random()


@pytest.mark.parametrize("seed", SEEDS)
def test_choice(seed):
    check(choices_of, seed, numpy.arange(10.0) * 1.5, 40)
    check(choices_of, seed, numpy.arange(20, dtype=numpy.int32)[::3], 40)
    check(choices_of, seed, numpy.array([True, False, True]), 10)
    check(choices_of, seed, [3, 1, 4, 1, 5, 9, 2, 6], 40)
    check(choices_of, seed, [7], 5)
    check(choices_of_tuple, seed, 40)


@pytest.mark.parametrize("seed", SEEDS)
def test_shuffle(seed):
    # diff.check compares the argument arrays and lists after both calls.
    check(shuffled, seed, numpy.arange(50))
    check(shuffled, seed, numpy.arange(30.0)[::-2])
    check(shuffled, seed, numpy.arange(12, dtype=numpy.uint8))
    check(shuffled, seed, numpy.zeros(0))
    check(shuffled, seed, [1.5, 2.5, 3.5, 4.5, 5.5, 6.5])
    check(shuffled, seed, [[1, 2], [3], [4, 5, 6], []])


def shuffle_local_list(seed, n):
    random.seed(seed)
    xs = [i * i for i in range(n)]
    random.shuffle(xs)
    return xs


def test_shuffle_local_list():
    for seed in SEEDS:
        check(shuffle_local_list, seed, 25)


# --- errors ---------------------------------------------------------------------------------------


def randrange_call(start, stop, step):
    return random.randrange(start, stop, step)


def randrange_one(stop):
    return random.randrange(stop)


def randrange_missing_stop(start, step):
    random.seed(0)
    return random.randrange(start, None, step)


def randint_call(a, b):
    return random.randint(a, b)


def bits(k):
    return random.getrandbits(k)


def expo(lambd):
    random.seed(3)
    return random.expovariate(lambd)


@pytest.mark.parametrize("args", [(5, 5, 1), (5, 1, 1), (0, 10, 0), (0, 10, -1), (10, 0, 1),
                                  (-(2 ** 63), -(2 ** 63), 1), (1, 2, 2 ** 63 - 1)])
def test_randrange_errors(args):
    check(randrange_call, *args, exact_exception=True)


@pytest.mark.parametrize("stop", [0, -1, -(2 ** 63)])
def test_randrange_empty_one_argument(stop):
    check(randrange_one, stop, exact_exception=True)


@pytest.mark.parametrize("step", [1, 2, -1])
def test_randrange_missing_stop(step):
    check(randrange_missing_stop, 5, step, exact_exception=True)


@pytest.mark.parametrize("a,b", [(3, 2), (2 ** 63 - 1, 0), (0, -1)])
def test_randint_errors(a, b):
    check(randint_call, a, b, exact_exception=True)


def test_getrandbits_negative():
    check(bits, -1, exact_exception=True)


def test_getrandbits_too_wide_for_int64():
    with pytest.raises(OverflowError, match="at most 63 bits"):
        compiled(bits)(64)


@pytest.mark.parametrize("lambd", [0.0, 0, -0.0])
def test_expovariate_zero(lambd):
    check(expo, lambd, exact_exception=True)


def choice_of(seq):
    return random.choice(seq)


def test_choice_empty():
    check(choice_of, numpy.zeros(0), exact_exception=True)
    check(choice_of, numpy.arange(10)[5:5], exact_exception=True)


def choice_empty_list(n):
    xs = [1.0]
    xs.clear()
    for i in range(n):
        xs.append(float(i))
    return random.choice(xs)


def test_choice_empty_list():
    check(choice_empty_list, 0, exact_exception=True)


def shuffle_readonly(a):
    random.shuffle(a)


def test_shuffle_read_only_array():
    a = numpy.arange(5.0)
    a.setflags(write=False)
    with pytest.raises(ValueError, match="read-only"):
        compiled(shuffle_readonly)(a)


def seed_float(x):
    random.seed(x)


def choice_2d(a):
    return random.choice(a)


def sample_of(xs):
    return random.sample(xs, 2)


def test_unsupported_are_clear_errors():
    with pytest.raises(oxjit.TypingError, match="an int or None"):
        compiled(seed_float)(1.5)
    with pytest.raises(oxjit.UnsupportedError, match="2-D array"):
        compiled(choice_2d)(numpy.zeros((2, 2)))
    with pytest.raises(oxjit.UnsupportedError, match="random.sample"):
        compiled(sample_of)([1, 2, 3])
    with pytest.raises(oxjit.UnsupportedError, match="2-D array"):
        compiled(shuffle_readonly)(numpy.zeros((2, 2)))


# --- hypothesis over seeds and arguments -----------------------------------------------------------


@SETTINGS
@given(seed=INT64, n=st.integers(1, 40))
def test_hyp_random_and_gauss(seed, n):
    check(randoms, seed, n)
    check(gauss_interleaved, seed % 2 ** 62, n)  # seed + i stays in int64


@SETTINGS
@given(seed=INT64, a=st.integers(-(2 ** 62), 2 ** 62), width=st.integers(0, 2 ** 62 - 1))  # a + width stays in int64
def test_hyp_randint(seed, a, width):
    check(randints, seed, 10, a, a + width)


@SETTINGS
@given(seed=INT64, start=st.integers(-(2 ** 40), 2 ** 40), stop=st.integers(-(2 ** 40), 2 ** 40),
       step=st.integers(-(2 ** 20), 2 ** 20))
def test_hyp_randrange(seed, start, stop, step):
    check(randrange3, seed, 5, start, stop, step, exact_exception=True)


@SETTINGS
@given(seed=INT64, k=st.integers(0, 63))
def test_hyp_getrandbits(seed, k):
    check(getrandbits_list, seed, 5, k)


@SETTINGS
@given(seed=INT64, a=st.floats(-1e6, 1e6), b=st.floats(-1e6, 1e6),
       lambd=st.floats(0.01, 100.0))
def test_hyp_float_distributions(seed, a, b, lambd):
    check(uniforms, seed, 5, a, b)
    check(normals, seed, 5, a, abs(b))
    check(expos, seed, 5, lambd)


@SETTINGS
@given(seed=INT64, xs=st.lists(st.integers(-1000, 1000), min_size=1, max_size=30))
def test_hyp_choice_and_shuffle(seed, xs):
    check(choices_of, seed, xs, 5)
    check(choices_of, seed, numpy.array(xs, dtype=numpy.int64), 5)
    check(shuffled, seed, list(xs))
    check(shuffled, seed, numpy.array(xs, dtype=numpy.float64))


# --- the compiled state --------------------------------------------------------------------------


@oxjit.njit
def py_after_np_seed(seed):
    random.seed(seed)
    numpy.random.seed(1)
    a = random.random()
    numpy.random.seed(2)
    x = numpy.random.random()
    b = random.random()
    return a, b, x


@oxjit.njit
def np_after_py_seed(seed):
    numpy.random.seed(seed)
    random.seed(99)
    a = numpy.random.random()
    random.random()
    b = numpy.random.random()
    return a, b


def test_independent_of_numpy_random():
    random.seed(5)
    expected = (random.random(), random.random())
    a, b, x = py_after_np_seed(5)
    assert (a, b) == expected
    numpy.random.seed(2)
    assert x == numpy.random.random()
    numpy.random.seed(7)
    assert np_after_py_seed(7) == (numpy.random.random(), numpy.random.random())


@oxjit.njit
def seed_only(seed):
    random.seed(seed)


@oxjit.njit
def next_random():
    return random.random()


@oxjit.njit
def reseed_from_entropy():
    random.seed()
    return random.random()


def test_state_persists_across_calls_and_is_separate_from_cpythons():
    seed_only(11)
    random.seed(123456)  # CPython's own state: no effect on the compiled one
    got = [next_random() for _ in range(5)]
    random.seed(11)
    assert got == [random.random() for _ in range(5)]


def test_seed_none_reseeds_from_entropy():
    draws = {reseed_from_entropy() for _ in range(5)}
    assert len(draws) == 5
    assert all(0.0 <= d < 1.0 for d in draws)


def test_uniform_random_is_in_range():
    seed_only(0)
    xs = [next_random() for _ in range(1000)]
    assert min(xs) >= 0.0 and max(xs) < 1.0
    assert 0.4 < np.mean(xs) < 0.6


def prange_draws(seed, n):
    random.seed(seed)
    out = numpy.empty(n)
    for i in oxjit.prange(n):
        out[i] = random.random() + random.randint(0, i)
    return out


@pytest.mark.filterwarnings("ignore::oxjit.OxjitPerformanceWarning")  # the serial prange
def test_prange_body_with_draws_runs_serially():
    # A prange body that draws runs serially on the calling thread (the prange pass marks
    # it serial), so the stream is CPython's `range` loop's, with or without parallel=True.
    for seed in SEEDS[:4]:
        check(prange_draws, seed, 200, parallel=True)
        check(prange_draws, seed, 200)


def test_compiled_state_is_per_thread():
    seed_only(21)
    seen = []

    def other_thread():
        seed_only(22)
        seen.append([next_random() for _ in range(3)])

    t = threading.Thread(target=other_thread)
    t.start()
    t.join()
    mine = [next_random() for _ in range(3)]
    random.seed(21)
    assert mine == [random.random() for _ in range(3)]
    random.seed(22)
    assert seen == [[random.random() for _ in range(3)]]

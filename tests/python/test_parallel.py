"""``parallel=True`` and ``oxjit.prange``: bit-identical to serial code, equal to CPython.

What ``parallel=True`` promises (and what these tests check):

* array expressions, element-wise materialisation, whole-array reductions
  (``sum prod min max mean argmin argmax all any``) and ``numpy.dot`` of
  1-D.1-D, 2-D.1-D and 1-D.2-D run on a thread pool. The iteration space is
  split into fixed chunks (4096 rows of the outermost axis; at most 64 chunks
  of consecutive iterations for ``prange``) and the partial results are
  combined in chunk order. Serial code (``parallel=False``) uses the very same
  chunks, so a function compiled with ``parallel=True`` returns results
  **bit-identical** to the same function compiled with ``parallel=False``,
  whatever the number of threads (``test_bit_identical``: threads 1, 2, 3;
  floats compared with ``struct.pack('<d', x)``, arrays byte for byte);
* the results equal CPython + NumPy (``test_matches_cpython``, through
  ``diff.check(fn, *args, parallel=True)``): exactly, except float sums
  (NumPy sums pairwise, ``prange`` loops in CPython sum left to right, oxjit
  in chunks) which are compared within ``RTOL = 1e-12``;
* ``prange``: ``s += e``, ``s -= e``, ``s *= e``, ``s = min(s, e)``,
  ``s = max(s, e)`` are reductions; loop-private scalars and ``out[i] = ...``
  are allowed; nested loops (an inner ``prange`` runs serially) too; any
  other scalar written by several iterations is a race, a ``TypingError`` at
  the first call (in both modes). Loops with ``break``/``return`` or random
  draws run as a plain serial loop;
* ``set_num_threads``/``get_num_threads`` and ``OXJIT_NUM_THREADS``;
* ``OxjitPerformanceWarning`` at the first call when ``parallel=True`` finds
  nothing to run in parallel; ``Dispatcher.parallel_loops``;
* exceptions raised inside parallel code (an out-of-bounds index in a
  ``prange`` body) reach the caller, and the pool keeps working.

Sizes: 0, 1, 7, 4095, 4096, 4097, 3*4096+5, 100003 elements; 2-D arrays (3
columns, or 2 like the seed's ``X``) have 0, 1, 7, 4095, 4096, 4097, 5000 and
3*4096+5 rows. Only array loops over more than 4096 rows really run on several
threads, the smaller sizes check the edges of the chunking. The seed
regression runs 5 iterations on 1 to 10007 observations: few enough
iterations for ``RTOL`` to hold against NumPy's BLAS ``dot``. Every function
is compiled once per mode (``diff.compiled`` caches the dispatchers per
options).
"""
import inspect
import math
import os
import struct
import subprocess
import sys
import warnings

import numpy
import pytest

import oxjit
from oxjit import prange
from oxjit.seed_programs import gradient_regression, tri_insertion  # one copy, unchanged
from diff import check, clone_args, compiled, python_function

RTOL = 1e-12
THREADS = (1, 2, 3)
CHUNK = 4096
SIZES = [0, 1, 7, CHUNK - 1, CHUNK, CHUNK + 1, 3 * CHUNK + 5, 100003]
ROWS = [0, 1, 7, CHUNK - 1, CHUNK, CHUNK + 1, 5000, 3 * CHUNK + 5]
REGRESSION_SIZES = [1, 7, CHUNK + 1, 10007]
REGRESSION_ITERATIONS = 5

# Functions that parallel=True cannot parallelise warn at their first call; the warning
# itself is tested in test_performance_warning_* (pytest.warns / recorded explicitly).
# NumPy's mean of an empty array warns in the CPython runs.
pytestmark = [
    pytest.mark.filterwarnings("ignore::oxjit.OxjitPerformanceWarning"),
    pytest.mark.filterwarnings("ignore:Mean of empty slice:RuntimeWarning"),
    pytest.mark.filterwarnings("ignore:invalid value encountered:RuntimeWarning"),
]


@pytest.fixture(autouse=True)
def _restore_num_threads():
    saved = oxjit.get_num_threads()
    try:
        yield
    finally:
        oxjit.set_num_threads(saved)


# --- element-wise array expressions ------------------------------------------------------------


def ew_chain(a, b):
    return numpy.sqrt(a) * 2.0 + b


def ew_temporaries(a, b):
    c = a * b - 0.25
    d = numpy.abs(c) / (1.0 + a)
    return d - numpy.square(c)


def ew_int(i, j):
    return i * 3 + j - 7


def ew_2d(X):
    return numpy.sqrt(X) * 2.0 + X * X


# --- whole-array reductions --------------------------------------------------------------------


def r_sum(a):
    return numpy.sum(a)


def r_sum_method(a):
    return a.sum()


def r_sum_expr(a, b):
    return numpy.sum(numpy.square(a - b))


def r_prod(p):
    return numpy.prod(p)


def r_min(a):
    return numpy.min(a)


def r_max(a):
    return a.max()


def r_mean(a):
    return numpy.mean(a)


def r_argmin(a):
    return numpy.argmin(a)


def r_argmax(a):
    return a.argmax()


def r_all(m):
    return numpy.all(m)


def r_any(m):
    return numpy.any(m)


def r_all_expr(a, t):
    return numpy.all(a < t)


def r_any_expr(a, t):
    return numpy.any(a >= t)


def r_several(a, b):
    # several reductions of one iteration space (fused into one pass)
    return numpy.sum(a * b), numpy.max(a - b), numpy.argmin(a + b), numpy.mean(a)


# --- dot -------------------------------------------------------------------------------------------


def d_11(a, b):
    return numpy.dot(a, b)


def d_21(X, c):
    return numpy.dot(X, c)


def d_12(a, X):
    return numpy.dot(a, X)


def d_t1(X, e):
    return numpy.dot(numpy.transpose(X), e)


# --- creation and random draws ------------------------------------------------------------------


def c_zeros(n):
    return numpy.zeros(n)


def c_full(n):
    return numpy.full(n, 2.5)


def c_ones_2d(n):
    return numpy.ones((n, 3))


def c_full_2d(n):
    return numpy.full(shape=(n, 2), fill_value=1.0)


def rnd_random(s, n):
    numpy.random.seed(s)
    return numpy.random.random(size=n)


def rnd_normal(s, n):
    numpy.random.seed(s)
    return numpy.random.normal(size=n)


def rnd_line(s, n):
    numpy.random.seed(s)
    x = numpy.random.random(size=n)
    return 2.0 * x + 5.0 + numpy.random.normal(loc=0, scale=0.05, size=n)


# --- prange ---------------------------------------------------------------------------------------


def p_sum(a):
    s = 0.0
    for i in prange(a.shape[0]):
        s += a[i]
    return s


def p_sub(a):
    s = 1000.0
    for i in prange(len(a)):
        s -= a[i] * 0.5
    return s


def p_prod(p):
    r = 1.0
    for i in prange(len(p)):
        r *= p[i]
    return r


def p_min(a):
    m = math.inf
    for i in prange(len(a)):
        m = min(m, a[i])
    return m


def p_max(a):
    m = -1.0
    for i in oxjit.prange(len(a)):
        m = max(m, a[i] * 2.0 - 0.5)
    return m


def p_int(v):
    s = 0
    lo = 10 ** 9
    for k in prange(len(v)):
        s += v[k] * v[k]
        lo = min(lo, v[k])
    return s, lo


def p_several(a):
    # several reductions and a loop-private scalar in one loop
    s = 0.0
    c = 0
    lo = 10.0
    hi = -10.0
    for i in prange(len(a)):
        t = a[i] * 2.0 - 1.0
        s += t * t
        if t > 0.0:
            c += 1
        lo = min(lo, t)
        hi = max(hi, t)
    return s, c, lo, hi


def p_write(a, b):
    out = numpy.empty(len(a))
    for i in prange(len(a)):
        out[i] = math.sqrt(a[i]) * 2.0 + b[i]
    return out


def p_write_arg(a, out):
    # writes into an argument; returns nothing
    for i in prange(len(a)):
        out[i] = a[i] * a[i] - 1.0


def p_rows(X):
    # a serial inner loop in each iteration, a private accumulator, a row result and a total
    n = X.shape[0]
    out = numpy.zeros(n)
    total = 0.0
    for i in prange(n):
        acc = 0.0
        for j in range(X.shape[1]):
            acc += X[i, j] * X[i, j]
        out[i] = acc
        total += acc
    return out, total


def p_nested(X):
    n = X.shape[0]
    m = X.shape[1]
    out = numpy.empty((n, m))
    s = 0.0
    for i in prange(n):
        for j in prange(m):
            out[i, j] = X[i, j] * 2.0 + i
            s += X[i, j]
    return out, s


def p_step_neg(n):
    out = numpy.zeros(n + 1)
    s = 0.0
    k = 0
    for i in prange(n, 0, -1):
        out[i] = i * 0.5
        s += 1.0 / i
        k += i * i
    return out, s, k


def p_range3(a, start, stop, step):
    s = 0.0
    cnt = 0
    for i in prange(start, stop, step):
        s += a[i]
        cnt += 1
    return s, cnt


def p_loopvar(n):
    i = -1
    s = 0
    for i in prange(n):
        s += i
    return i, s


def p_loopvar_range3(start, stop, step):
    i = 99
    for i in prange(start, stop, step):
        pass
    return i


# Bodies that run as a plain serial loop (break, return, random draws).


def p_break(a, t):
    s = 0.0
    for i in prange(len(a)):
        if a[i] > t:
            break
        s += a[i]
    return s


def p_return(a, t):
    for i in prange(len(a)):
        if a[i] > t:
            return i
    return -1


def p_random(s, n):
    numpy.random.seed(s)
    out = numpy.empty(n)
    total = 0.0
    for i in prange(n):
        out[i] = numpy.random.random()
        total += out[i]
    return out, total


# Races: a scalar written by several iterations without a reduction pattern.


def race_last(a):
    last = 0.0
    for i in prange(len(a)):
        last = a[i]
    return last


def race_recurrence(a):
    t = 0.0
    out = numpy.empty(len(a))
    for i in prange(len(a)):
        t = t * 0.5 + a[i]
        out[i] = t
    return out


# Errors inside a prange body.


def p_oob_read(a):
    s = 0.0
    for i in prange(len(a)):
        s += a[i + 1]
    return s


def p_oob_write(idx, out):
    for i in prange(len(idx)):
        out[idx[i]] = 1.0
    return out


# --- data ---------------------------------------------------------------------------------------

_DATA = {}


def _data(n):
    """Deterministic arrays of length ``n`` (cached; callers copy them)."""
    d = _DATA.get(n)
    if d is None:
        rng = numpy.random.default_rng(1000 + n)
        a = rng.random(n)
        b = rng.random(n)
        wide = rng.random(2 * n)
        X = rng.random((n, 3))
        d = {
            "a": a,
            "b": b,
            "a_strided": wide[::2],
            "b_strided": wide[::-2],
            "p": 1.0 + (rng.random(n) - 0.5) * 1e-3,
            "i": rng.integers(-1000, 1000, n),
            "j": rng.integers(-1000, 1000, n),
            "X": X,
            "XF": numpy.asfortranarray(X),
            "X2": numpy.column_stack([a, numpy.ones(n)]) if n else numpy.zeros((0, 2)),
        }
        nan = a.copy()
        if n:
            nan[(2 * n) // 3] = math.nan
            if n > 10:
                nan[n - 2] = math.nan
        d["nan"] = nan
        tmin = a.copy()
        tmax = a.copy()
        if n:
            tmin[n // 3] = tmin[(2 * n) // 3] = -1.0
            tmax[n // 3] = tmax[(2 * n) // 3] = 2.0
        d["ties_min"], d["ties_max"] = tmin, tmax
        all_mask = numpy.ones(n, dtype=numpy.bool_)
        any_mask = numpy.zeros(n, dtype=numpy.bool_)
        if n:
            all_mask[-1] = False
            any_mask[-1] = True
        d["all_mask"], d["any_mask"] = all_mask, any_mask
        d["amax"] = float(a.max()) if n else 0.5
        _DATA[n] = d
    return d


C3 = numpy.array([0.5, -1.25, 2.0])
C2 = numpy.array([0.5, 0.5])


class Case:
    """A function under test with an argument factory ``make(size)``.

    ``rtol``: tolerance against CPython (None: exact). ``parallel``: whether
    ``parallel=True`` must compile at least one loop nest for the pool (True),
    none (False: the function must also warn), or unspecified (None).
    """

    def __init__(self, id, fn, make, sizes=SIZES, rtol=None, parallel=True):
        self.id, self.fn, self.make, self.sizes = id, fn, make, sizes
        self.rtol, self.parallel = rtol, parallel

    def __repr__(self):
        return self.id


def _a(key):
    return lambda n: (_data(n)[key],)


CASES = [
    # element-wise
    Case("ew_chain", ew_chain, lambda n: (_data(n)["a"], _data(n)["b"])),
    Case("ew_chain[strided]", ew_chain,
         lambda n: (_data(n)["a_strided"], _data(n)["b_strided"])),
    Case("ew_temporaries", ew_temporaries, lambda n: (_data(n)["a"], _data(n)["b"])),
    Case("ew_int", ew_int, lambda n: (_data(n)["i"], _data(n)["j"])),
    Case("ew_2d", ew_2d, _a("X"), sizes=ROWS),
    Case("ew_2d[fortran]", ew_2d, _a("XF"), sizes=ROWS),
    # reductions
    Case("r_sum", r_sum, _a("a"), rtol=RTOL),
    Case("r_sum[strided]", r_sum, _a("a_strided"), rtol=RTOL),
    Case("r_sum[int64]", r_sum, _a("i")),
    Case("r_sum[nan]", r_sum, _a("nan")),
    Case("r_sum_method", r_sum_method, _a("a"), rtol=RTOL),
    Case("r_sum_expr", r_sum_expr, lambda n: (_data(n)["a"], _data(n)["b"]), rtol=RTOL),
    Case("r_sum[2d]", r_sum, _a("X"), sizes=ROWS, rtol=RTOL),
    Case("r_sum[2d-fortran]", r_sum, _a("XF"), sizes=ROWS, rtol=RTOL),
    Case("r_prod", r_prod, _a("p"), rtol=RTOL),
    Case("r_min", r_min, _a("a")),
    Case("r_min[nan]", r_min, _a("nan")),
    Case("r_min[int64]", r_min, _a("i")),
    Case("r_max", r_max, _a("a")),
    Case("r_max[nan]", r_max, _a("nan")),
    Case("r_max[2d]", r_max, _a("X"), sizes=ROWS),
    Case("r_mean", r_mean, _a("a"), rtol=RTOL),
    Case("r_mean[2d]", r_mean, _a("X"), sizes=ROWS, rtol=RTOL),
    Case("r_argmin", r_argmin, _a("a")),
    Case("r_argmin[ties]", r_argmin, _a("ties_min")),
    Case("r_argmin[nan]", r_argmin, _a("nan")),
    Case("r_argmin[2d]", r_argmin, _a("X"), sizes=ROWS),
    Case("r_argmax", r_argmax, _a("a")),
    Case("r_argmax[ties]", r_argmax, _a("ties_max")),
    Case("r_argmax[nan]", r_argmax, _a("nan")),
    Case("r_argmax[int64]", r_argmax, _a("i")),
    Case("r_all", r_all, _a("all_mask")),
    Case("r_any", r_any, _a("any_mask")),
    Case("r_all_expr", r_all_expr, lambda n: (_data(n)["a"], _data(n)["amax"])),
    Case("r_any_expr", r_any_expr, lambda n: (_data(n)["a"], _data(n)["amax"])),
    Case("r_several", r_several, lambda n: (_data(n)["a"], _data(n)["b"]), rtol=RTOL),
    # dot
    Case("d_11", d_11, lambda n: (_data(n)["a"], _data(n)["b"]), rtol=RTOL),
    Case("d_11[strided]", d_11, lambda n: (_data(n)["a_strided"], _data(n)["b_strided"]),
         rtol=RTOL),
    Case("d_21", d_21, lambda n: (_data(n)["X"], C3), sizes=ROWS, rtol=RTOL),
    Case("d_21[n,2]", d_21, lambda n: (_data(n)["X2"], C2), sizes=ROWS, rtol=RTOL),
    Case("d_21[fortran]", d_21, lambda n: (_data(n)["XF"], C3), sizes=ROWS, rtol=RTOL),
    Case("d_12", d_12, lambda n: (_data(n)["a"], _data(n)["X"]), sizes=ROWS, rtol=RTOL),
    Case("d_t1", d_t1, lambda n: (_data(n)["X"], _data(n)["a"]), sizes=ROWS, rtol=RTOL),
    # creation and random draws
    Case("c_zeros", c_zeros, lambda n: (n,), parallel=None),
    Case("c_full", c_full, lambda n: (n,), parallel=None),
    Case("c_ones_2d", c_ones_2d, lambda n: (n,), sizes=ROWS, parallel=None),
    Case("c_full_2d", c_full_2d, lambda n: (n,), sizes=ROWS, parallel=None),
    Case("rnd_random", rnd_random, lambda n: (7, n), parallel=None),
    Case("rnd_normal", rnd_normal, lambda n: (11, n), parallel=None),
    Case("rnd_line", rnd_line, lambda n: (0, n)),
    # the seed regression
    Case("gradient_regression", gradient_regression,
         lambda n: (n, REGRESSION_ITERATIONS), sizes=REGRESSION_SIZES, rtol=RTOL),
    # prange
    Case("p_sum", p_sum, _a("a"), rtol=RTOL),
    Case("p_sum[strided]", p_sum, _a("a_strided"), rtol=RTOL),
    Case("p_sub", p_sub, _a("a"), rtol=RTOL),
    Case("p_prod", p_prod, _a("p"), rtol=RTOL),
    Case("p_min", p_min, _a("a")),
    Case("p_max", p_max, _a("a")),
    Case("p_int", p_int, _a("i")),
    Case("p_several", p_several, _a("a"), rtol=RTOL),
    Case("p_write", p_write, lambda n: (_data(n)["a"], _data(n)["b"])),
    Case("p_write_arg", p_write_arg, lambda n: (_data(n)["a"], numpy.zeros(n))),
    Case("p_rows", p_rows, _a("X"), sizes=ROWS, rtol=RTOL),
    Case("p_nested", p_nested, _a("X"), sizes=ROWS, rtol=RTOL),
    Case("p_step_neg", p_step_neg, lambda n: (n,), rtol=RTOL),
    Case("p_loopvar", p_loopvar, lambda n: (n,)),
    Case("p_break", p_break, lambda n: (_data(n)["a"], 2.0), parallel=False),
    Case("p_break[early]", p_break, lambda n: (_data(n)["a"], _data(n)["amax"] - 1e-9),
         parallel=False),
    Case("p_return", p_return, lambda n: (_data(n)["a"], _data(n)["amax"] - 1e-9),
         parallel=False),
    Case("p_random", p_random, lambda n: (5, n), parallel=False),
]

_PARAMS = [pytest.param(c, n, id=f"{c.id}-{n}") for c in CASES for n in c.sizes]


# --- comparing serial and parallel runs bit for bit ---------------------------------------------


def _outcome(dispatcher, args):
    """('ok', result, args after the call) or ('raise', exception class, message)."""
    args = clone_args(args)
    try:
        result = dispatcher(*args)
    except Exception as exc:  # noqa: BLE001 - an exception is an outcome
        return ("raise", type(exc), str(exc))
    return ("ok", result, args)


def _assert_bits(expected, actual, path):
    if isinstance(expected, numpy.ndarray):
        assert isinstance(actual, numpy.ndarray), f"{path}: {actual!r} is not an array"
        assert expected.dtype == actual.dtype, f"{path}: dtype {expected.dtype} vs {actual.dtype}"
        assert expected.shape == actual.shape, f"{path}: shape {expected.shape} vs {actual.shape}"
        equal_nan = expected.dtype.kind in "fc"
        assert numpy.array_equal(expected, actual, equal_nan=equal_nan), (
            f"{path}: values differ\nserial:   {expected!r}\nparallel: {actual!r}")
        same = numpy.ascontiguousarray(expected).tobytes() == \
            numpy.ascontiguousarray(actual).tobytes()
        if not same:
            where = numpy.flatnonzero(
                numpy.ascontiguousarray(expected).view(numpy.uint8).reshape(-1)
                != numpy.ascontiguousarray(actual).view(numpy.uint8).reshape(-1))
            raise AssertionError(f"{path}: bits differ (first differing byte {where[0]})")
    elif isinstance(expected, (tuple, list)):
        assert type(expected) is type(actual), f"{path}: {expected!r} vs {actual!r}"
        assert len(expected) == len(actual), f"{path}: {expected!r} vs {actual!r}"
        for k, (e, a) in enumerate(zip(expected, actual)):
            _assert_bits(e, a, f"{path}[{k}]")
    elif isinstance(expected, float):
        assert type(actual) is float, f"{path}: {actual!r} is not a float"
        assert struct.pack("<d", expected) == struct.pack("<d", actual), (
            f"{path}: serial {expected!r}, parallel {actual!r}")
    else:
        assert type(expected) is type(actual), f"{path}: {expected!r} vs {actual!r}"
        assert expected == actual, f"{path}: serial {expected!r}, parallel {actual!r}"


def _assert_same_outcome(serial, parallel, what):
    if serial[0] == "raise" or parallel[0] == "raise":
        assert serial[0] == parallel[0] == "raise", (
            f"{what}: serial gave {serial[:2]}, parallel gave {parallel[:2]}")
        assert serial[1] is parallel[1], (
            f"{what}: serial raised {serial[1].__name__}: {serial[2]}; "
            f"parallel raised {parallel[1].__name__}: {parallel[2]}")
        return
    _assert_bits(serial[1], parallel[1], f"{what}: result")
    _assert_bits(serial[2], parallel[2], f"{what}: arguments after the call")


@pytest.mark.parametrize("case, size", _PARAMS)
def test_bit_identical(case, size):
    args = case.make(size)
    serial = _outcome(compiled(case.fn, parallel=False), args)
    par = compiled(case.fn, parallel=True)
    for k in THREADS:
        oxjit.set_num_threads(k)
        assert oxjit.get_num_threads() == k
        _assert_same_outcome(serial, _outcome(par, args), f"{case.id}, size {size}, {k} threads")


@pytest.mark.parametrize("case, size", _PARAMS)
def test_matches_cpython(case, size):
    oxjit.set_num_threads(2)
    check(case.fn, *case.make(size), rtol=case.rtol, parallel=True)


def test_cases_compile_to_parallel_loops():
    # the parallel dispatchers of the cases above (already compiled by the tests above, or
    # compiled here) run their loops on the pool; the serial ones never do
    problems = []
    for case in CASES:
        par = compiled(case.fn, parallel=True)
        ser = compiled(case.fn, parallel=False)
        args = case.make(CHUNK + 1)
        _outcome(par, args)
        _outcome(ser, args)
        loops = list(par.parallel_loops)
        if len(loops) != len(par.signatures):
            problems.append(f"{case.id}: parallel_loops {loops} for {len(par.signatures)} "
                            f"signatures")
        if any(n != 0 for n in ser.parallel_loops):
            problems.append(f"{case.id}: parallel=False has parallel_loops {ser.parallel_loops}")
        if case.parallel is True and not all(n > 0 for n in loops):
            problems.append(f"{case.id}: expected loops on the pool, parallel_loops={loops}")
        if case.parallel is False and any(n != 0 for n in loops):
            problems.append(f"{case.id}: expected a serial loop, parallel_loops={loops}")
    assert not problems, "\n".join(problems)


# --- prange semantics ----------------------------------------------------------------------------


@pytest.mark.parametrize("parallel", [True, False])
@pytest.mark.parametrize("n", [0, -3, 1, 2, 63, 64, 65, 1000, 100003])
def test_prange_loop_variable_after_the_loop(n, parallel):
    check(p_loopvar, n, parallel=parallel)


@pytest.mark.parametrize("parallel", [True, False])
@pytest.mark.parametrize("start, stop, step", [
    (0, 10, 1), (0, 0, 1), (5, 2, 1), (10, 0, -1), (0, 10, -1), (10, 0, -3), (-1, -10, -2),
    (0, 100003, 7), (100003, -5, -13), (3, 4, 100), (0, 10, 0)])
def test_prange_loop_variable_three_arguments(start, stop, step, parallel):
    check(p_loopvar_range3, start, stop, step, parallel=parallel)


@pytest.mark.parametrize("parallel", [True, False])
@pytest.mark.parametrize("start, stop, step", [
    (0, 0, 1), (5, 2, 1), (0, 100003, 1), (100002, -1, -1), (100002, -1, -3), (99999, 3, -64),
    (3, 100003, 7), (0, 100003, 5000), (50, 49, 1), (49, 50, -1), (0, 10, 0), (10, 0, 0),
    (0, 100004, 1)])
def test_prange_three_arguments(start, stop, step, parallel):
    # (0, 100004, 1) reads a[100003]: IndexError; step 0: ValueError, as range()
    oxjit.set_num_threads(3)
    a = _data(100003)["a"]
    check(p_range3, a, start, stop, step, rtol=RTOL, parallel=parallel)


@pytest.mark.parametrize("parallel", [True, False])
@pytest.mark.parametrize("n", [-1, 0, 1, 2, 64, 65, 100003])
def test_prange_negative_step(n, parallel):
    # prange(n, 0, -1) visits n, n - 1, ..., 1 (nothing for n <= 0)
    oxjit.set_num_threads(3)
    check(p_step_neg, n, rtol=RTOL, parallel=parallel)


@pytest.mark.parametrize("parallel", [True, False])
def test_prange_empty_ranges(parallel):
    empty = numpy.zeros(0)
    for fn in (p_sum, p_sub, p_prod, p_min, p_max, p_several, p_write):
        args = (empty, empty) if fn is p_write else (empty,)
        check(fn, *args, parallel=parallel)
    assert compiled(p_min, parallel=parallel)(empty) == math.inf
    assert compiled(p_sub, parallel=parallel)(empty) == 1000.0
    out = numpy.full(0, 3.0)
    assert compiled(p_write_arg, parallel=parallel)(empty, out) is None


@pytest.mark.parametrize("parallel", [True, False])
def test_prange_nested(parallel):
    oxjit.set_num_threads(2)
    for rows, cols in [(0, 3), (3, 0), (1, 1), (65, 2), (5000, 3), (7, 4097)]:
        X = numpy.random.default_rng(rows * 7 + cols).random((rows, cols))
        out, s = check(p_nested, X, rtol=RTOL, parallel=parallel)
        expected = X * 2.0 + numpy.arange(rows, dtype=numpy.float64)[:, None]
        assert numpy.array_equal(out, expected)


@pytest.mark.parametrize("parallel", [True, False])
def test_prange_writes_every_element_once(parallel):
    # each index written exactly once: a counter array incremented in the body
    n = 3 * CHUNK + 5
    counts = numpy.zeros(n, dtype=numpy.int64)
    compiled(p_count, parallel=parallel)(counts)
    assert numpy.array_equal(counts, numpy.ones(n, dtype=numpy.int64))


def p_count(counts):
    for i in prange(len(counts)):
        counts[i] += 1


@pytest.mark.parametrize("parallel", [True, False])
@pytest.mark.parametrize("fn, target", [(race_last, "last = a[i]"),
                                        (race_recurrence, "t = t * 0.5 + a[i]")],
                         ids=["last", "recurrence"])
def test_prange_race_is_a_typing_error(fn, target, parallel):
    dispatcher = oxjit.njit(fn, parallel=parallel)
    lines, first = inspect.getsourcelines(fn)
    line = first + next(k for k, text in enumerate(lines) if target in text)
    with pytest.raises(oxjit.TypingError) as info:
        dispatcher(numpy.arange(10.0))
    message = str(info.value)
    assert "race" in message
    assert "-->" in message
    assert f"{os.path.basename(__file__)}:{line}:" in message, message
    assert target in message
    # the error repeats on the next call (nothing half-compiled is cached)
    with pytest.raises(oxjit.TypingError, match="race"):
        dispatcher(numpy.arange(5000.0))


def test_prange_is_range_in_cpython():
    assert list(oxjit.prange(5)) == list(range(5))
    assert list(prange(10, 0, -3)) == [10, 7, 4, 1]
    assert prange is oxjit.prange


# --- the performance warning and parallel_loops ---------------------------------------------------


def test_performance_warning_for_the_seed_insertion_sort():
    dispatcher = oxjit.jit(nopython=True, parallel=True)(tri_insertion)
    data = numpy.random.default_rng(0).random(300)
    with pytest.warns(oxjit.OxjitPerformanceWarning, match="tri_insertion"):
        out = dispatcher(data)
    assert numpy.array_equal(out, numpy.sort(data))
    assert dispatcher.parallel_loops == [0]
    # compile time only: the second call does not warn again
    with warnings.catch_warnings(record=True) as record:
        warnings.simplefilter("always")
        dispatcher(data)
    assert not [w for w in record if issubclass(w.category, oxjit.OxjitPerformanceWarning)]


def p_serial_only(vec):
    # a scalar loop with nothing for the pool
    for i in range(1, len(vec)):
        x = vec[i]
        j = i
        while (j > 0) and (vec[j - 1] > x):
            vec[j] = vec[j - 1]
            j = j - 1
        vec[j] = x
    return vec


def test_performance_warning_for_scalar_loops():
    dispatcher = oxjit.njit(p_serial_only, parallel=True)
    with pytest.warns(oxjit.OxjitPerformanceWarning,
                      match="p_serial_only`, but its loops are `range`/`while` loops"):
        out = dispatcher(numpy.array([3.0, 1.0, 2.0]))
    assert numpy.array_equal(out, [1.0, 2.0, 3.0])
    assert dispatcher.parallel_loops == [0]


def p_no_loop(x):
    return x * 2 + 1


def test_performance_warning_without_loops_names_the_reason():
    dispatcher = oxjit.njit(p_no_loop, parallel=True)
    with pytest.warns(oxjit.OxjitPerformanceWarning,
                      match="it has no array expression, reduction or `prange` loop"):
        assert dispatcher(3) == 7


def test_performance_warning_class():
    assert issubclass(oxjit.OxjitPerformanceWarning, oxjit.OxjitWarning)
    assert issubclass(oxjit.OxjitPerformanceWarning, Warning)


def test_no_performance_warning_for_an_array_reduction():
    dispatcher = oxjit.njit(r_sum_expr, parallel=True)
    a, b = _data(CHUNK + 1)["a"], _data(CHUNK + 1)["b"]
    with warnings.catch_warnings(record=True) as record:
        warnings.simplefilter("always")
        dispatcher(a, b)
    assert not [str(w.message) for w in record
                if issubclass(w.category, oxjit.OxjitPerformanceWarning)]
    assert len(dispatcher.parallel_loops) == 1 and dispatcher.parallel_loops[0] > 0
    # one entry per compiled signature
    dispatcher(a.astype(numpy.float32), b.astype(numpy.float32))
    assert len(dispatcher.parallel_loops) == len(dispatcher.signatures) == 2
    assert all(n > 0 for n in dispatcher.parallel_loops)


@pytest.mark.parametrize("case", [c for c in CASES if c.parallel is not None], ids=repr)
def test_performance_warning_exactly_when_nothing_is_parallel(case):
    dispatcher = oxjit.njit(case.fn, parallel=True)
    with warnings.catch_warnings(record=True) as record:
        warnings.simplefilter("always")
        _outcome(dispatcher, case.make(7))
    warned = [str(w.message) for w in record
              if issubclass(w.category, oxjit.OxjitPerformanceWarning)]
    if case.parallel:
        assert not warned
    else:
        assert warned and python_function(case.fn).__name__ in warned[0]


# --- threads --------------------------------------------------------------------------------------


def test_set_and_get_num_threads():
    original = oxjit.get_num_threads()
    assert isinstance(original, int) and original >= 1
    for k in (1, 3, 2, 1, original):
        oxjit.set_num_threads(k)
        assert oxjit.get_num_threads() == k
    for bad in (0, -1):
        with pytest.raises(ValueError):
            oxjit.set_num_threads(bad)
        assert oxjit.get_num_threads() == original


def test_num_threads_changes_without_recompiling():
    dispatcher = oxjit.njit(r_sum_method, parallel=True)
    a = _data(100003)["a"]
    results = []
    for k in (1, 2, 3, 2, 1):
        oxjit.set_num_threads(k)
        results.append(struct.pack("<d", dispatcher(a)))
    assert len(set(results)) == 1
    assert len(dispatcher.signatures) == 1


_ENV_SCRIPT = """
import os, numpy, oxjit
print(oxjit.get_num_threads())
os.environ["OXJIT_NUM_THREADS"] = "1"   # read once: changing it now has no effect
print(oxjit.get_num_threads())
def total(a):
    return a.sum()
print(oxjit.njit(total, parallel=True)(numpy.ones(100003)))
"""


def test_num_threads_environment_variable(tmp_path):
    script = tmp_path / "threads.py"
    script.write_text(_ENV_SCRIPT)
    env = dict(os.environ, OXJIT_NUM_THREADS="3")
    out = subprocess.run([sys.executable, str(script)], env=env, capture_output=True,
                         text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["3", "3", "100003.0"]


# --- errors inside parallel code --------------------------------------------------------------------


@pytest.mark.parametrize("parallel", [True, False])
@pytest.mark.parametrize("n", [1, 7, CHUNK + 1, 100003])
def test_index_error_inside_prange(n, parallel):
    oxjit.set_num_threads(3)
    err = check(p_oob_read, _data(n)["a"], parallel=parallel)
    assert isinstance(err, IndexError)
    # an out-of-bounds write in a middle chunk; another one in every chunk
    idx = numpy.arange(n)
    idx[n // 2] = n + 5
    if parallel:
        # other chunks may have run (and written) before the error stops the loop: only
        # the exception is compared, not the array's contents
        dispatcher = compiled(p_oob_write, parallel=True)
        with pytest.raises(IndexError):
            dispatcher(idx, numpy.zeros(n))
        with pytest.raises(IndexError):
            dispatcher(numpy.full(n, n + 1), numpy.zeros(n))
    else:
        # serial: the chunks run in order and stop at the failing iteration, as CPython
        err = check(p_oob_write, idx, numpy.zeros(n), parallel=False)
        assert isinstance(err, IndexError)
        err = check(p_oob_write, numpy.full(n, n + 1), numpy.zeros(n), parallel=False)
        assert isinstance(err, IndexError)


def test_process_healthy_after_errors_in_parallel_code():
    a = _data(100003)["a"]
    bad = compiled(p_oob_read, parallel=True)
    good = compiled(p_sum, parallel=True)
    reference = compiled(p_sum, parallel=False)(a)
    for k in THREADS * 3:
        oxjit.set_num_threads(k)
        with pytest.raises(IndexError):
            bad(a)
        assert struct.pack("<d", good(a)) == struct.pack("<d", reference)
    # array code too: a shape mismatch raised before the loop, then a normal call
    oxjit.set_num_threads(2)
    with pytest.raises(ValueError):
        compiled(ew_chain, parallel=True)(a, a[:-1])
    assert numpy.array_equal(compiled(ew_chain, parallel=True)(a, a), numpy.sqrt(a) * 2.0 + a)

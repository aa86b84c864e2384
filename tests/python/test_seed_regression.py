"""Seed program 2: the user's gradient-descent regression, compiled as written.

``gradient_regression`` is imported unchanged from ``oxjit.seed_programs``
(the one copy of the seed programs). ``gradient_regression_original`` is the form
the user first wrote (no arguments, n_obs = 2,000,000 and 1,000 iterations
written inside); CPython takes about half a minute on it, so it only runs with
``OXJIT_SLOW_TESTS=1``. ``gradient_regression_small`` is the same body with
small literals.

``scr`` and ``coef`` are compared with CPython + NumPy within ``rtol=1e-9``:
NumPy's ``dot`` uses BLAS and its ``sum`` is pairwise, oxjit sums in another
(deterministic) order, and 1,000 iterations compound the last-bit
differences a little. The random draws inside are compared exactly.
"""
import importlib.util
import inspect
import os
import tempfile

import numpy
import pytest

import oxjit
from diff import check
from oxjit.seed_programs import gradient_regression  # one copy, unchanged

RTOL = 1e-9


def _zero_argument_form(name, n_obs, iterations):
    """The seed regression as the user first wrote it: no parameters, `n_obs` and `iterations`
    assigned as literals at the top of the body. Generated from the one copy in
    `oxjit.seed_programs` (same body) and written to a module file, so that oxjit reads its
    source as it reads any user's."""
    source = inspect.getsource(gradient_regression)
    header = "def gradient_regression(n_obs, iterations):\n"
    assert source.startswith(header)
    body = source[len(header):]
    text = (f"import numpy\n\n\ndef {name}():\n    n_obs = {n_obs}\n"
            f"    iterations = {iterations}\n{body}")
    folder = tempfile.mkdtemp(prefix="oxjit_seed_")
    path = os.path.join(folder, f"{name}.py")
    with open(path, "w") as f:
        f.write(text)
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return getattr(module, name)


# The original form (2,000,000 rows, 1,000 iterations), and the same with small literals.
gradient_regression_original = _zero_argument_form("gradient_regression_original", 2000000, 1000)
gradient_regression_small = _zero_argument_form("gradient_regression_small", 2000, 50)


def seed_draws(n_obs):
    numpy.random.seed(0)
    X = numpy.full(shape=(n_obs, 2), fill_value=1.0)
    X[:, 0] = numpy.random.random(size=n_obs)
    noise = numpy.random.normal(loc=0, scale=0.05, size=n_obs)
    y = 2.0 * X[:, 0] + 5.0 + noise
    return X, noise, y


@pytest.fixture(scope="module")
def fit_jit():
    return oxjit.jit(nopython=True)(gradient_regression)


@pytest.mark.parametrize("n_obs", [1, 2, 1000, 20000])
@pytest.mark.parametrize("iterations", [1, 10, 100])
def test_gradient_regression(n_obs, iterations):
    scr, coef = check(gradient_regression, n_obs, iterations, rtol=RTOL)
    assert scr.shape == (iterations,) and coef.shape == (2,)


def test_small_zero_argument_form():
    check(gradient_regression_small, rtol=RTOL)


@pytest.mark.parametrize("n_obs", [1, 2, 3, 1000, 20001])
def test_random_draws_are_bit_identical(n_obs):
    # X, the normal noise and y (one rounding per element, no reduction): exact
    check(seed_draws, n_obs)


def test_zero_iterations():
    check(gradient_regression, 100, 0, rtol=RTOL)


def test_converges_towards_the_model(fit_jit):
    scr, coef = fit_jit(20000, 1000)
    expected_scr, expected_coef = gradient_regression(20000, 1000)
    assert numpy.allclose(coef, expected_coef, rtol=RTOL, atol=0.0)
    assert numpy.allclose(scr, expected_scr, rtol=RTOL, atol=0.0)
    assert scr[-1] < scr[0]


def test_second_call_same_result(fit_jit):
    first = fit_jit(5000, 20)
    second = fit_jit(5000, 20)
    assert numpy.array_equal(first[0], second[0]) and numpy.array_equal(first[1], second[1])
    assert len(fit_jit.signatures) == 1


def test_parallel_flag_gives_identical_results():
    # parallel=True is accepted (it may warn that it is not implemented); the result must be
    # bit-identical to the serial one (deterministic chunked reductions)
    import warnings
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        par = oxjit.jit(nopython=True, parallel=True)(gradient_regression)
    ser = oxjit.jit(nopython=True)(gradient_regression)
    a, b = par(30000, 20), ser(30000, 20)
    assert numpy.array_equal(a[0], b[0]) and numpy.array_equal(a[1], b[1])


@pytest.mark.skipif(os.environ.get("OXJIT_SLOW_TESTS") != "1",
                    reason="full-size seed program: set OXJIT_SLOW_TESTS=1 (CPython takes ~30 s)")
def test_original_full_size():
    scr, coef = check(gradient_regression_original, rtol=RTOL)
    assert scr.shape == (1000,)

"""Legacy ``numpy.random`` distributions and ``choice`` inside compiled functions.

``gamma``, ``standard_gamma``, ``beta``, ``poisson``, ``binomial``, ``choice(a, size, replace,
p)`` and ``multivariate_normal``: every function seeds with ``numpy.random.seed(s)`` *inside*
the function (oxjit's stream is per thread, independent of NumPy's global state) and the
results are compared exactly with NumPy's legacy ``RandomState`` — values, dtype and shape —
except ``multivariate_normal``: its normal draws are NumPy's, in NumPy's order (the draw after
it is checked exactly), but its SVD is faer's, not LAPACK's, which may choose the opposite sign
for a singular vector, so the factor ``sqrt(s)[:, None] * vh`` is checked row by row up to sign.
Bad parameters raise NumPy's ``ValueError`` with NumPy's message, before any draw.
"""
import numpy
import numpy as np
import pytest

hypothesis = pytest.importorskip("hypothesis")
from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from diff import check, compiled  # noqa: E402

SEEDS = [0, 1, 42, 12345, 2 ** 32 - 1]
N = 2000


# --- gamma, standard_gamma ------------------------------------------------------------------------


def gamma_array(seed, shape, scale, n):
    numpy.random.seed(seed)
    return numpy.random.gamma(shape, scale, n)


def gamma_scalars(seed, shape):
    numpy.random.seed(seed)
    out = numpy.empty(50)
    for i in range(50):
        out[i] = numpy.random.gamma(shape)
    # The stream afterwards: the gauss cache and the MT position both matter.
    return out, numpy.random.random(), numpy.random.standard_normal()


def gamma_tuple(seed, shape):
    numpy.random.seed(seed)
    return numpy.random.gamma(shape, size=(7, 3))


def gamma_kw(seed, shape):
    numpy.random.seed(seed)
    return numpy.random.gamma(shape=shape, scale=2.5, size=4)


def standard_gamma_array(seed, shape, n):
    numpy.random.seed(seed)
    return numpy.random.standard_gamma(shape, n)


def standard_gamma_scalar(seed, shape):
    numpy.random.seed(seed)
    return numpy.random.standard_gamma(shape), numpy.random.random()


def standard_gamma_then_normal(seed):
    # The Marsaglia-Tsang loop leaves a cached gaussian for the next normal draw.
    numpy.random.seed(seed)
    a = numpy.random.standard_gamma(3.0)
    b = numpy.random.normal()
    c = numpy.random.standard_gamma(3.0, 5)
    return a, b, c


SHAPES = [0.0, 0.05, 0.5, 0.999, 1.0, 1.5, 3.0, 20.0, 1e6, float("nan")]


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("shape", SHAPES)
def test_gamma(seed, shape):
    check(gamma_array, seed, shape, 1.0, N)
    check(gamma_array, seed, shape, 3.5, 10)
    check(standard_gamma_array, seed, shape, N)
    check(standard_gamma_scalar, seed, shape)


@pytest.mark.parametrize("seed", SEEDS)
def test_gamma_forms(seed):
    check(gamma_scalars, seed, 0.3)
    check(gamma_scalars, seed, 4.0)
    check(gamma_scalars, seed, 1)
    check(gamma_tuple, seed, 2.0)
    check(gamma_kw, seed, 0.7)
    check(gamma_array, seed, 2, 3, 5)  # int parameters
    check(gamma_array, seed, 2.0, 1.0, 0)  # empty
    check(standard_gamma_then_normal, seed)


@settings(max_examples=40, deadline=None)
@given(seed=st.integers(0, 2 ** 32 - 1),
       shape=st.floats(0.0, 50.0),
       scale=st.floats(0.0, 10.0))
def test_gamma_hypothesis(seed, shape, scale):
    check(gamma_array, seed, shape, scale, 200)


@pytest.mark.parametrize("shape,scale,msg", [
    (-1.0, 1.0, "shape < 0"),
    (-0.0, 1.0, "shape < 0"),
    (1.0, -1.0, "scale < 0"),
    (1.0, -0.0, "scale < 0"),
    (-1.0, -1.0, "shape < 0"),
])
def test_gamma_errors(shape, scale, msg):
    e = check(gamma_array, 0, shape, scale, 3, exact_exception=True)
    assert isinstance(e, ValueError) and str(e) == msg
    e = check(gamma_array, 0, shape, scale, 0, exact_exception=True)  # checked even for size 0
    assert isinstance(e, ValueError)
    if scale == 1.0:
        e = check(standard_gamma_scalar, 0, shape, exact_exception=True)
        assert isinstance(e, ValueError) and str(e) == msg


# --- beta -----------------------------------------------------------------------------------------


def beta_array(seed, a, b, n):
    numpy.random.seed(seed)
    return numpy.random.beta(a, b, n)


def beta_scalar(seed, a, b):
    numpy.random.seed(seed)
    return numpy.random.beta(a, b), numpy.random.beta(a=a, b=b), numpy.random.random()


def beta_tuple(seed, a, b):
    numpy.random.seed(seed)
    return numpy.random.beta(a, b, size=(4, 5))


BETAS = [(0.5, 0.5), (1.0, 1.0), (0.1, 0.9), (1e-3, 1e-3), (1e-300, 1e-300), (2.0, 3.0),
         (0.5, 4.0), (30.0, 0.2), (float("nan"), 1.0), (1.0, float("nan"))]


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("a,b", BETAS)
def test_beta(seed, a, b):
    check(beta_array, seed, a, b, N)
    check(beta_scalar, seed, a, b)
    check(beta_tuple, seed, a, b)


@settings(max_examples=40, deadline=None)
@given(seed=st.integers(0, 2 ** 32 - 1),
       a=st.floats(1e-6, 20.0), b=st.floats(1e-6, 20.0))
def test_beta_hypothesis(seed, a, b):
    check(beta_array, seed, a, b, 200)


@pytest.mark.parametrize("a,b,msg", [
    (0.0, 1.0, "a <= 0"), (-1.0, 1.0, "a <= 0"), (1.0, 0.0, "b <= 0"), (1.0, -2.0, "b <= 0"),
    (-1.0, -1.0, "a <= 0"),
])
def test_beta_errors(a, b, msg):
    e = check(beta_array, 0, a, b, 3, exact_exception=True)
    assert isinstance(e, ValueError) and str(e) == msg
    e = check(beta_scalar, 0, a, b, exact_exception=True)
    assert isinstance(e, ValueError) and str(e) == msg


# --- poisson --------------------------------------------------------------------------------------


def poisson_array(seed, lam, n):
    numpy.random.seed(seed)
    return numpy.random.poisson(lam, n)


def poisson_scalar(seed, lam):
    numpy.random.seed(seed)
    return numpy.random.poisson(lam), numpy.random.poisson(lam=lam), numpy.random.random()


def poisson_default(seed):
    numpy.random.seed(seed)
    return numpy.random.poisson(), numpy.random.poisson(size=(3, 4))


LAMS = [0.0, 1e-9, 0.5, 1.0, 3.0, 9.999, 10.0, 10.5, 100.0, 12345.6, 1e12]


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("lam", LAMS)
def test_poisson(seed, lam):
    check(poisson_array, seed, lam, N)
    check(poisson_scalar, seed, lam)


@pytest.mark.parametrize("seed", SEEDS)
def test_poisson_forms(seed):
    check(poisson_default, seed)
    check(poisson_array, seed, 4, 10)  # int lam
    check(poisson_array, seed, 4.0, 0)


@settings(max_examples=40, deadline=None)
@given(seed=st.integers(0, 2 ** 32 - 1), lam=st.floats(0.0, 1e4))
def test_poisson_hypothesis(seed, lam):
    check(poisson_array, seed, lam, 200)


@pytest.mark.parametrize("lam,msg", [
    (-1.0, "lam < 0 or lam is NaN"), (float("nan"), "lam < 0 or lam is NaN"),
    (1e19, "lam value too large"), (float("inf"), "lam value too large"),
])
def test_poisson_errors(lam, msg):
    for n in (3, 0):
        e = check(poisson_array, 0, lam, n, exact_exception=True)
        assert isinstance(e, ValueError) and str(e) == msg
    e = check(poisson_scalar, 0, lam, exact_exception=True)
    assert isinstance(e, ValueError) and str(e) == msg


# --- binomial -------------------------------------------------------------------------------------


def binomial_array(seed, n, p, size):
    numpy.random.seed(seed)
    return numpy.random.binomial(n, p, size)


def binomial_scalar(seed, n, p):
    numpy.random.seed(seed)
    return numpy.random.binomial(n, p), numpy.random.binomial(n=n, p=p), numpy.random.random()


def binomial_mixed(seed):
    # Alternating parameters: NumPy's `binomial_t` cache is refilled each time.
    numpy.random.seed(seed)
    out = numpy.empty(200, dtype=numpy.int64)
    for i in range(100):
        out[2 * i] = numpy.random.binomial(1000, 0.3)
        out[2 * i + 1] = numpy.random.binomial(20, 0.7)
    return out, numpy.random.binomial(5, 0.5, size=(2, 3))


BINOMIALS = [(0, 0.5), (5, 0.0), (5, 1.0), (1, 0.5), (10, 0.3), (20, 0.7), (60, 0.5),
             (100, 0.3), (1000, 0.6), (1000, 0.01), (10 ** 9, 0.4), (10 ** 12, 1e-11), (7, 1.0 - 1e-12)]


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("n,p", BINOMIALS)
def test_binomial(seed, n, p):
    check(binomial_array, seed, n, p, N)
    check(binomial_scalar, seed, n, p)


@pytest.mark.parametrize("seed", SEEDS)
def test_binomial_forms(seed):
    check(binomial_mixed, seed)
    check(binomial_array, seed, 10, 1, 4)  # int p
    check(binomial_array, seed, 10, 0.5, 0)


@settings(max_examples=40, deadline=None)
@given(seed=st.integers(0, 2 ** 32 - 1), n=st.integers(0, 10 ** 6), p=st.floats(0.0, 1.0))
def test_binomial_hypothesis(seed, n, p):
    check(binomial_array, seed, n, p, 100)


@pytest.mark.parametrize("n,p,msg", [
    (-1, 0.5, "n < 0"), (5, -0.1, "p < 0, p > 1 or p is NaN"),
    (5, 1.5, "p < 0, p > 1 or p is NaN"), (5, float("nan"), "p < 0, p > 1 or p is NaN"),
    (-1, 2.0, "p < 0, p > 1 or p is NaN"),
])
def test_binomial_errors(n, p, msg):
    for size in (3, 0):
        e = check(binomial_array, 0, n, p, size, exact_exception=True)
        assert isinstance(e, ValueError) and str(e) == msg
    e = check(binomial_scalar, 0, n, p, exact_exception=True)
    assert isinstance(e, ValueError) and str(e) == msg


# --- choice ---------------------------------------------------------------------------------------


def choice_int(seed, a, size, replace):
    numpy.random.seed(seed)
    return numpy.random.choice(a, size, replace), numpy.random.random()


def choice_int_p(seed, a, size, replace, p):
    numpy.random.seed(seed)
    return numpy.random.choice(a, size, replace, p), numpy.random.random()


def choice_int_scalar(seed, a, replace):
    numpy.random.seed(seed)
    return numpy.random.choice(a, replace=replace), numpy.random.choice(a), numpy.random.random()


def choice_int_p_scalar(seed, a, replace, p):
    numpy.random.seed(seed)
    return numpy.random.choice(a, replace=replace, p=p), numpy.random.random()


def choice_array(seed, a, size, replace):
    numpy.random.seed(seed)
    return numpy.random.choice(a, size=size, replace=replace), numpy.random.random()


def choice_array_p(seed, a, size, replace, p):
    numpy.random.seed(seed)
    return numpy.random.choice(a, size=size, replace=replace, p=p)


def choice_array_scalar(seed, a, p):
    numpy.random.seed(seed)
    return numpy.random.choice(a), numpy.random.choice(a, p=p), numpy.random.choice(a, replace=False)


def choice_tuple(seed, a):
    numpy.random.seed(seed)
    return (numpy.random.choice(a, (3, 4)), numpy.random.choice(a, (2, 3), False),
            numpy.random.choice(a, size=(2, 2), p=numpy.full(a, 1.0 / a)))


def _p(n, seed, zeros=0):
    w = np.random.RandomState(seed).random_sample(n)
    w[:zeros] = 0.0
    return w / w.sum()


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("replace", [True, False])
@pytest.mark.parametrize("a,size", [(1, 1), (5, 5), (10, 3), (100, 7), (1000, 1000), (20000, 500),
                                    (2 ** 33, 5), (7, 0)])
def test_choice_int(seed, replace, a, size):
    if not replace and a > 10 ** 6:
        return  # a permutation of 2**33 items: too big to test
    check(choice_int, seed, a, size, replace)
    if a <= 10 ** 6:
        check(choice_int_p, seed, a, size, replace, _p(a, seed))
    check(choice_int_scalar, seed, a, replace)


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("dtype", [np.float64, np.float32, np.int64, np.int32, np.int8, np.uint16,
                                   np.bool_])
def test_choice_array(seed, dtype):
    a = (np.arange(12) * 3 - 7).astype(dtype)
    check(choice_array, seed, a, 20, True)
    check(choice_array, seed, a, 12, False)
    check(choice_array, seed, a[::-2], 4, False)  # strided
    check(choice_array_p, seed, a, 30, True, _p(12, seed))
    check(choice_array_p, seed, a, 8, False, _p(12, seed, zeros=3))
    check(choice_array_p, seed, a, 9, False, _p(12, seed, zeros=3))
    check(choice_array_scalar, seed, a, _p(12, seed))


@pytest.mark.parametrize("seed", SEEDS)
def test_choice_forms(seed):
    check(choice_tuple, seed, 6)
    # p with exact zeros: those never come out; one certain outcome.
    check(choice_int_p, seed, 4, 50, True, np.array([0.0, 1.0, 0.0, 0.0]))
    check(choice_int_p, seed, 4, 1, False, np.array([0.0, 1.0, 0.0, 0.0]))
    check(choice_int_p_scalar, seed, 4, True, np.array([0.25, 0.25, 0.25, 0.25]))
    check(choice_int_p_scalar, seed, 4, False, np.array([0.1, 0.2, 0.3, 0.4]))
    # A p summing to 1 within sqrt(eps).
    check(choice_int_p, seed, 3, 10, True, np.array([0.3, 0.3, 0.4 + 1e-9]))
    check(choice_int_p, seed, 3, 10, True, np.array([0.3, 0.3, 0.4])[::-1])
    check(choice_int, seed, 0, 0, True)  # no samples: an empty population is allowed
    check(choice_int, seed, 0, 0, False)
    check(choice_array, seed, np.zeros(0), 0, True)


@settings(max_examples=40, deadline=None)
@given(seed=st.integers(0, 2 ** 32 - 1), a=st.integers(1, 300), size=st.integers(0, 300),
       replace=st.booleans(), use_p=st.booleans(), zeros=st.integers(0, 300))
def test_choice_hypothesis(seed, a, size, replace, use_p, zeros):
    if use_p:
        check(choice_int_p, seed, a, size, replace, _p(a, seed, min(zeros, a - 1)))
    else:
        check(choice_int, seed, a, size, replace)


def test_choice_complex_unsupported():
    import oxjit

    with pytest.raises(oxjit.UnsupportedError, match="complex"):
        compiled(choice_array)(0, np.ones(3, dtype=np.complex128), 2, True)


def _choice_error(fn, *args):
    e = check(fn, *args, exact_exception=True)
    assert isinstance(e, ValueError), e
    return str(e)


def test_choice_errors():
    p3 = np.array([0.2, 0.3, 0.5])
    a_pos = "a must be greater than 0 unless no samples are taken"
    assert _choice_error(choice_int, 0, 0, 3, True) == a_pos
    assert _choice_error(choice_int, 0, -2, 3, False) == a_pos
    assert _choice_error(choice_int_scalar, 0, 0, True) == a_pos
    assert (_choice_error(choice_array, 0, np.zeros(0), 2, True)
            == "'a' cannot be empty unless no samples are taken")
    larger = "Cannot take a larger sample than population when 'replace=False'"
    assert _choice_error(choice_int, 0, 3, 4, False) == larger
    assert _choice_error(choice_int_p, 0, 3, 4, False, p3) == larger
    assert _choice_error(choice_int_p, 0, 4, 2, True, p3) == "'a' and 'p' must have same size"
    assert (_choice_error(choice_int_p, 0, 3, 2, True, np.array([0.2, 0.3, 0.6]))
            == "probabilities do not sum to 1")
    assert (_choice_error(choice_int_p, 0, 3, 2, True, np.array([-0.2, 0.7, 0.5]))
            == "probabilities are not non-negative")
    assert (_choice_error(choice_int_p, 0, 3, 2, True, np.array([np.nan, 0.5, 0.5]))
            == "probabilities contain NaN")
    assert (_choice_error(choice_int_p, 0, 3, 3, False, np.array([0.0, 0.5, 0.5]))
            == "Fewer non-zero entries in p than size")
    # p is checked even when no samples are taken.
    assert (_choice_error(choice_int_p, 0, 3, 0, True, np.array([0.2, 0.3, 0.6]))
            == "probabilities do not sum to 1")


# --- multivariate_normal --------------------------------------------------------------------------


def mvn(seed, mean, cov, size):
    numpy.random.seed(seed)
    # The draw after it: the same normals were consumed, in the same order.
    return numpy.random.multivariate_normal(mean, cov, size), numpy.random.standard_normal()


def _cov(n, seed):
    m = np.random.RandomState(seed).standard_normal((n, n))
    return m @ m.T + n * np.eye(n)


def _check_mvn(seed, mean, cov, size):
    """The compiled result is ``z @ A + mean`` for NumPy's normals ``z`` and ``A`` NumPy's
    ``sqrt(s)[:, None] * vh`` up to the sign of each row (the SVD's own freedom: faer and LAPACK
    choose differently); the next draw is NumPy's exactly."""
    y, after = compiled(mvn)(seed, mean, cov, size)
    ref, ref_after = mvn(seed, mean, cov, size)
    assert after == ref_after
    assert y.dtype == ref.dtype and y.shape == ref.shape
    n = len(mean)
    np.random.seed(seed)
    z = np.random.standard_normal(ref.shape).reshape(-1, n)
    a_fit = np.linalg.lstsq(z, y.reshape(-1, n) - mean, rcond=None)[0]
    _, s, vh = np.linalg.svd(np.asarray(cov, dtype=np.float64))
    a_ref = np.sqrt(s)[:, None] * vh
    for k in range(n):
        sign = 1.0 if np.dot(a_fit[k], a_ref[k]) >= 0 else -1.0
        np.testing.assert_allclose(sign * a_fit[k], a_ref[k], rtol=1e-9, atol=1e-9)
    np.testing.assert_allclose(a_fit.T @ a_fit, cov, rtol=1e-9, atol=1e-9)


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("n", [1, 2, 3, 5, 8])
def test_multivariate_normal(seed, n):
    mean = np.linspace(-1.0, 2.0, n)
    cov = _cov(n, seed)
    _check_mvn(seed, mean, cov, 100)
    _check_mvn(seed, mean, cov, (40, 3))
    _check_mvn(seed, mean.astype(np.float32), cov.astype(np.float32), 30)
    _check_mvn(seed, np.arange(n), np.round(cov * 10).astype(np.int64), 30)


@pytest.mark.parametrize("seed", SEEDS)
def test_multivariate_normal_1d_exact(seed):
    # One dimension: faer and LAPACK agree on the (1x1) SVD, so the values match to rounding.
    check(mvn, seed, np.array([1.5]), np.array([[4.0]]), 50, rtol=1e-12)


@pytest.mark.parametrize("mean,cov,msg", [
    (np.zeros(2), np.eye(3), "mean and cov must have same length"),
    (np.zeros(2), np.ones((2, 3)), "cov must be 2 dimensional and square"),
])
def test_multivariate_normal_errors(mean, cov, msg):
    e = check(mvn, 0, mean, cov, 3, exact_exception=True)
    assert isinstance(e, ValueError) and str(e) == msg

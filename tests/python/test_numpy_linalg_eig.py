"""``numpy.linalg.eig`` and ``numpy.linalg.eigvals`` inside compiled functions, on faer's
general eigendecomposition (see ``docs/linalg.md``).

oxjit's results are always complex (complex128; complex64 for float32 input): NumPy returns
real arrays when every eigenvalue is real, which is known only at run time. The order of the
eigenvalues is faer's, not LAPACK's: eigenvalues are compared as sets (sorted by real, then
imaginary part), eigenvectors by ``A @ v == w * v`` and unit column norms (as LAPACK's).
Errors (class and message) are NumPy's.
"""
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import oxjit


def eig_(a):
    return np.linalg.eig(a)


def eigvals_(a):
    return np.linalg.eigvals(a)


def eig_unpacked(a):
    w, v = np.linalg.eig(a)
    return w, v


def _complex_of(dtype):
    return np.complex64 if dtype == np.float32 else np.complex128


def _tol(dtype):
    return 2e-4 if dtype == np.float32 else 1e-9


def _same_values(got, want, a):
    tol = _tol(a.dtype) * max(1.0, float(np.max(np.abs(want))) if want.size else 1.0)
    np.testing.assert_allclose(np.sort_complex(got.astype(np.complex128)),
                               np.sort_complex(want.astype(np.complex128)), rtol=0, atol=tol)


def _check(a):
    want_w = np.linalg.eigvals(a)
    for fn in (eig_, eig_unpacked):
        w, v = oxjit.njit(fn)(a)
        n = a.shape[0]
        assert w.dtype == v.dtype == _complex_of(a.dtype)
        assert w.shape == (n,) and v.shape == (n, n)
        _same_values(w, want_w, a)
        if n:
            m = a.astype(np.complex128)
            scale = max(1.0, float(np.max(np.abs(m))))
            np.testing.assert_allclose(m @ v, w * v, rtol=0, atol=_tol(a.dtype) * scale * n)
            np.testing.assert_allclose(np.linalg.norm(v, axis=0), 1.0, rtol=_tol(a.dtype))
    w = oxjit.njit(eigvals_)(a)
    assert w.dtype == _complex_of(a.dtype) and w.shape == want_w.shape
    _same_values(w, want_w, a)


def _layouts(a):
    big = np.zeros((2 * a.shape[0], 3 * a.shape[1]), dtype=a.dtype)
    big[::2, ::3] = a
    return [a.copy(), np.asfortranarray(a), big[::2, ::3], a.T.copy().T]


MATRICES = [
    np.array([[1.0, 2.0], [3.0, 4.0]]),                  # real eigenvalues
    np.array([[0.0, 1.0], [-1.0, 0.0]]),                 # a complex pair
    np.array([[2.0, 1.0], [0.0, 2.0]]),                  # defective
    np.diag([3.0, -1.0, 2.0]),
    np.array([[4.0, -2.0, 1.0], [3.0, 6.0, -4.0], [2.0, 1.0, 8.0]]),
    np.array([[0.0, 0.0, 1.0], [1.0, 0.0, 0.0], [0.0, 1.0, 0.0]]),   # cube roots of 1
    np.array([[5.0]]),
    np.zeros((3, 3)),
]


@pytest.mark.parametrize("k", range(len(MATRICES)))
def test_matrices_in_every_layout(k):
    for a in _layouts(MATRICES[k]):
        _check(a)


@pytest.mark.parametrize("dtype", [np.float64, np.float32, np.int64, np.int32, np.uint8,
                                   np.bool_], ids=lambda d: np.dtype(d).name)
def test_dtypes(dtype):
    a = np.array([[1, 2, 0], [0, 1, 1], [1, 0, 1]]).astype(dtype)
    _check(a)


def test_empty_matrix():
    a = np.zeros((0, 0))
    w, v = oxjit.njit(eig_)(a)
    assert w.shape == (0,) and v.shape == (0, 0) and w.dtype == np.complex128
    assert oxjit.njit(eigvals_)(a).shape == (0,)


def _errors(a):
    for fn in (eig_, eigvals_):
        with pytest.raises(Exception) as want:
            fn(a)
        with pytest.raises(type(want.value)) as got:
            oxjit.njit(fn)(a)
        assert str(got.value) == str(want.value)


def test_errors_as_numpy():
    _errors(np.ones(3))                                   # 1-dimensional array given
    _errors(np.ones((2, 3)))                              # must be square
    _errors(np.ones((3, 0)))
    _errors(np.array([[1.0, np.nan], [0.0, 1.0]]))        # infs or NaNs
    _errors(np.array([[1.0, 0.0], [-np.inf, 1.0]]))
    _errors(np.array([[np.inf]]))


def eig_catch(a):
    try:
        np.linalg.eig(a)
    except ValueError:  # LinAlgError is a ValueError
        return -1
    return 0


def test_lin_alg_error_is_caught_inside():
    assert oxjit.njit(eig_catch)(np.ones((2, 3))) == -1
    assert oxjit.njit(eig_catch)(np.eye(2)) == 0


def eig_complex(a):
    return np.linalg.eig(a)


def test_stacked_input_is_unsupported():
    # Complex input is supported: tests/python/test_linalg_eig_complex.py.
    with pytest.raises(oxjit.UnsupportedError):
        oxjit.njit(eig_complex)(np.ones((2, 2, 2)))


@settings(max_examples=60, deadline=None)
@given(n=st.integers(1, 12), seed=st.integers(0, 10_000),
       symmetric=st.booleans(), single=st.booleans())
def test_random_matrices(n, seed, symmetric, single):
    a = np.random.default_rng(seed).standard_normal((n, n))
    if symmetric:
        a = a + a.T
    if single:
        a = a.astype(np.float32)
    _check(a)

"""``numpy.linalg.eig``/``eigvals`` of complex matrices and ``eigh``/``eigvalsh`` of complex
Hermitian ones inside compiled functions, on faer (see ``docs/linalg.md``).

Results are complex128 (complex64 for complex64 input), as NumPy's; ``eigh``'s eigenvalues
are real (float64, float32 for complex64 input). The order of ``eig``'s eigenvalues is faer's
and the phase of a complex eigenvector is arbitrary (LAPACK fixes it by making the largest
component real; oxjit does the same, but ties may resolve differently), so results are
compared phase-invariantly: eigenvalues as sorted multisets, eigenvectors by ``A @ v == w * v``
and unit column norms. Errors (class and message) are NumPy's.
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


def eigh_(a):
    return np.linalg.eigh(a)


def eigvalsh_(a):
    return np.linalg.eigvalsh(a)


def _tol(dtype):
    return 5e-4 if dtype == np.complex64 else 1e-9


def _real_of(dtype):
    return np.float32 if dtype == np.complex64 else np.float64


def _same_values(got, want, a):
    tol = _tol(a.dtype) * max(1.0, float(np.max(np.abs(want))) if want.size else 1.0)
    np.testing.assert_allclose(np.sort_complex(got.astype(np.complex128)),
                               np.sort_complex(want.astype(np.complex128)), rtol=0, atol=tol)


def _check_vectors(a, w, v):
    n = a.shape[0]
    if n == 0:
        return
    m = a.astype(np.complex128)
    scale = max(1.0, float(np.max(np.abs(m))))
    np.testing.assert_allclose(m @ v, w * v, rtol=0, atol=_tol(a.dtype) * scale * n)
    np.testing.assert_allclose(np.linalg.norm(v, axis=0), 1.0, rtol=_tol(a.dtype))


def _check(a):
    n = a.shape[0]
    want_w = np.linalg.eigvals(a)
    w, v = oxjit.njit(eig_)(a)
    assert w.dtype == v.dtype == a.dtype
    assert w.shape == (n,) and v.shape == (n, n)
    _same_values(w, want_w, a)
    _check_vectors(a, w, v)
    # LAPACK's normalisation: the largest component of each eigenvector is real.
    # (Components tied in modulus: one of them.)
    for j in range(n):
        mod = np.abs(v[:, j])
        ties = v[mod >= mod.max() * (1 - 1e-4), j]
        assert np.min(np.abs(ties.imag)) <= _tol(a.dtype) * mod.max()
    w = oxjit.njit(eigvals_)(a)
    assert w.dtype == a.dtype and w.shape == (n,)
    _same_values(w, want_w, a)


def _layouts(a):
    big = np.zeros((2 * a.shape[0], 3 * a.shape[1]), dtype=a.dtype)
    big[::2, ::3] = a
    return [a.copy(), np.asfortranarray(a), big[::2, ::3]]


MATRICES = [
    np.array([[1 + 2j, 2], [3, 4 - 1j]]),
    np.array([[0, 1j], [-1j, 0]]),
    np.array([[2j, 1], [0, 2j]]),                         # defective
    np.diag([3j, -1, 2 + 2j]),
    np.array([[4, -2j, 1], [3, 6 + 1j, -4], [2j, 1, 8]]),
    np.array([[5 - 5j]]),
    np.zeros((3, 3), dtype=complex),
    np.eye(3) + 0j,
]


@pytest.mark.parametrize("dtype", [np.complex128, np.complex64],
                         ids=lambda d: np.dtype(d).name)
@pytest.mark.parametrize("k", range(len(MATRICES)))
def test_eig_matrices_in_every_layout(k, dtype):
    for a in _layouts(MATRICES[k].astype(dtype)):
        _check(a)


def test_eig_empty_matrix():
    for dtype in (np.complex128, np.complex64):
        a = np.zeros((0, 0), dtype=dtype)
        w, v = oxjit.njit(eig_)(a)
        assert w.shape == (0,) and v.shape == (0, 0) and w.dtype == v.dtype == dtype
        assert oxjit.njit(eigvals_)(a).dtype == dtype


def _errors(a, fns=(eig_, eigvals_)):
    for fn in fns:
        with pytest.raises(Exception) as want:
            fn(a)
        with pytest.raises(type(want.value)) as got:
            oxjit.njit(fn)(a)
        assert str(got.value) == str(want.value)


def test_errors_as_numpy():
    _errors(np.ones(3, dtype=complex))
    _errors(np.ones((2, 3), dtype=complex))
    _errors(np.array([[1, complex(np.nan, 0)], [0, 1j]]))
    _errors(np.array([[1, 0], [complex(0, np.inf), 1]]))
    _errors(np.array([[complex(np.inf, np.nan)]], dtype=np.complex64))
    _errors(np.ones(3, dtype=complex), (eigh_, eigvalsh_))
    _errors(np.ones((2, 3), dtype=complex), (eigh_, eigvalsh_))


def _hermitian(n, seed, dtype):
    rng = np.random.default_rng(seed)
    a = rng.standard_normal((n, n)) + 1j * rng.standard_normal((n, n))
    return (a + a.conj().T).astype(dtype)


def _scale(a):
    return max(1.0, float(np.max(np.abs(a)))) if a.size else 1.0


def _check_eigh(a):
    want_w = np.linalg.eigvalsh(a)
    w, v = oxjit.njit(eigh_)(a)
    assert w.dtype == _real_of(a.dtype) and v.dtype == a.dtype
    np.testing.assert_allclose(w, want_w, rtol=0,
                               atol=_tol(a.dtype) * _scale(a))
    # Only the lower triangle counts (NumPy's UPLO='L'): check against the Hermitian matrix
    # it defines.
    h = np.tril(a) + np.tril(a, -1).conj().T
    h[np.diag_indices_from(h)] = h.diagonal().real
    _check_vectors(h, w.astype(a.dtype), v)
    got = oxjit.njit(eigvalsh_)(a)
    assert got.dtype == _real_of(a.dtype)
    np.testing.assert_allclose(got, want_w, rtol=0,
                               atol=_tol(a.dtype) * _scale(a))


@pytest.mark.parametrize("dtype", [np.complex128, np.complex64],
                         ids=lambda d: np.dtype(d).name)
def test_eigh_hermitian(dtype):
    for n in (0, 1, 2, 5):
        for a in _layouts(_hermitian(n, n, dtype)) if n else [_hermitian(0, 0, dtype)]:
            _check_eigh(a)


def test_eigh_reads_the_lower_triangle():
    a = _hermitian(4, 7, np.complex128)
    a[np.triu_indices(4, 1)] = 99 + 99j                     # ignored
    a[np.diag_indices(4)] += 5j                              # imaginary diagonal ignored
    _check_eigh(a)


@settings(max_examples=40, deadline=None)
@given(n=st.integers(1, 10), seed=st.integers(0, 10_000), single=st.booleans())
def test_random_complex_matrices(n, seed, single):
    rng = np.random.default_rng(seed)
    a = rng.standard_normal((n, n)) + 1j * rng.standard_normal((n, n))
    _check(a.astype(np.complex64 if single else np.complex128))

"""``numpy.linalg`` inside compiled functions (differential, against NumPy/LAPACK).

oxjit computes with faer (pure Rust) in float64; NumPy calls LAPACK. The algorithms differ
(blocking, pivot search order, Householder vs. divide-and-conquer SVD), so:

Tolerances (see ``docs/linalg.md``):

* ``RTOL64 = 1e-9``, ``ATOL64 = 1e-10`` for float64 results of well-conditioned inputs
  (condition numbers below ~1e3: the difference of two backward-stable algorithms stays
  within ``cond * n * eps``);
* ``RTOL32 = 2e-4``, ``ATOL32 = 2e-4`` for float32 inputs (oxjit computes in float64 and
  rounds, NumPy computes in float32);
* integers (``matrix_rank``, ``lstsq``'s rank), shapes, dtypes, exception classes and
  messages are compared exactly.

Results that are unique only up to signs (eigenvectors, singular vectors, ``Q``/``R``) are
compared through invariants computed inside the compiled function: absolute values (for
distinct eigen/singular values), reconstructions ``U diag(s) Vh`` and ``Q R``, and
orthogonality ``Q^T Q``.

Every function is run on C-contiguous, Fortran-ordered and strided (non-contiguous, also
transposed) inputs, float64, float32 and int64 where NumPy accepts them, with NaN/inf and
empty inputs where NumPy defines a result, and the error NumPy raises on bad shapes.
"""
import numpy
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import oxjit
from diff import clone_args, compiled

RTOL64, ATOL64 = 1e-9, 1e-10
RTOL32, ATOL32 = 2e-4, 2e-4
NAN = float("nan")
INF = float("inf")


# --- comparison ------------------------------------------------------------------------------


def _tol(args):
    arrays = [a for a in args if isinstance(a, np.ndarray)]
    if arrays and all(a.dtype == np.float32 for a in arrays):
        return RTOL32, ATOL32
    return RTOL64, ATOL64


def _same(expected, actual, rtol, atol, path="result"):
    if isinstance(expected, tuple):
        assert isinstance(actual, tuple), f"{path}: expected a tuple, got {type(actual)}"
        assert len(expected) == len(actual), f"{path}: tuple lengths differ"
        for i, (e, a) in enumerate(zip(expected, actual)):
            _same(e, a, rtol, atol, f"{path}[{i}]")
        return
    if isinstance(expected, np.ndarray):
        assert isinstance(actual, np.ndarray), f"{path}: expected an array, got {type(actual)}"
        assert actual.dtype == expected.dtype, f"{path}: dtype {actual.dtype} != {expected.dtype}"
        assert actual.shape == expected.shape, f"{path}: shape {actual.shape} != {expected.shape}"
        np.testing.assert_allclose(actual, expected, rtol=rtol, atol=atol, equal_nan=True,
                                   err_msg=path)
        return
    if isinstance(expected, (bool, np.bool_)):
        assert type(actual) is bool and actual == bool(expected), f"{path}: {actual!r} != {expected!r}"
    elif isinstance(expected, (int, np.integer)):
        assert type(actual) is int and actual == int(expected), f"{path}: {actual!r} != {expected!r}"
    elif isinstance(expected, (float, np.floating)):
        assert type(actual) is float, f"{path}: expected a float, got {type(actual)}"
        if np.isnan(expected):
            assert np.isnan(actual), f"{path}: {actual!r} is not nan"
        else:
            np.testing.assert_allclose(actual, float(expected), rtol=rtol, atol=atol, err_msg=path)
    else:
        assert actual == expected, f"{path}: {actual!r} != {expected!r}"


def check_la(fn, *args, rtol=None, atol=None):
    """Run ``fn`` in CPython and compiled; same exception (class and message) or results
    within the tolerances of this file."""
    dr, da = _tol(args)
    rtol = dr if rtol is None else rtol
    atol = da if atol is None else atol
    py_args, jit_args = clone_args(args), clone_args(args)
    try:
        with np.errstate(all="ignore"):
            expected = fn(*py_args)
    except Exception as e:  # noqa: BLE001 - compared below
        with pytest.raises(type(e)) as info:
            compiled(fn)(*jit_args)
        assert type(info.value) is type(e), f"{type(info.value)} != {type(e)}"
        assert str(info.value) == str(e), f"message {str(info.value)!r} != {str(e)!r}"
        return
    actual = compiled(fn)(*jit_args)
    if isinstance(expected, tuple):  # NumPy's named result tuples
        expected = tuple(expected)
    _same(expected, actual, rtol, atol)
    for e, a in zip(py_args, jit_args):
        if isinstance(e, np.ndarray):
            np.testing.assert_array_equal(a, e, err_msg="argument changed")


# --- inputs ----------------------------------------------------------------------------------


def well_conditioned(n, m=None, dtype=np.float64, seed=0):
    """A random matrix with a dominant diagonal (condition number small)."""
    m = n if m is None else m
    rng = np.random.RandomState(seed)
    a = rng.uniform(-1.0, 1.0, size=(n, m))
    k = min(n, m)
    a[np.arange(k), np.arange(k)] += 2.0 * max(n, m) ** 0.5 + 1.0
    return a.astype(dtype)


def spd(n, dtype=np.float64, seed=0):
    rng = np.random.RandomState(seed)
    b = rng.uniform(-1.0, 1.0, size=(n, n))
    return (b @ b.T + n * np.eye(n)).astype(dtype)


def symmetric_distinct(n, seed=0):
    """A symmetric matrix with well-separated eigenvalues 1, 2, ..., n."""
    rng = np.random.RandomState(seed)
    q, _ = np.linalg.qr(rng.normal(size=(n, n)))
    return (q * np.arange(1.0, n + 1.0)) @ q.T


def layouts(a):
    """The same values C-ordered, Fortran-ordered and as a strided view (of a larger
    array), and as a transposed view of the transpose."""
    big = np.zeros((2 * a.shape[0] + 1, 3 * a.shape[1] + 1), dtype=a.dtype)
    strided = big[1::2, 2::3]
    strided[...] = a
    return [
        ("C", np.ascontiguousarray(a)),
        ("F", np.asfortranarray(a)),
        ("strided", strided),
        ("T", np.ascontiguousarray(a.T).T),
    ]


def vec_layouts(b):
    big = np.zeros(3 * b.shape[0] + 1, dtype=b.dtype)
    view = big[1::3]
    view[...] = b
    return [("C", b.copy()), ("strided", view), ("reversed", b[::-1].copy()[::-1])]


LAYOUT_IDS = ["C", "F", "strided", "T"]


# --- functions under test ----------------------------------------------------------------------


def solve_(a, b):
    return np.linalg.solve(a, b)


def inv_(a):
    return np.linalg.inv(a)


def det_(a):
    return np.linalg.det(a)


def slogdet_(a):
    return np.linalg.slogdet(a)


def lstsq_(a, b):
    return np.linalg.lstsq(a, b, rcond=None)


def lstsq_default(a, b):
    return np.linalg.lstsq(a, b)


def lstsq_rcond(a, b, r):
    return np.linalg.lstsq(a, b, r)


def eigvalsh_(a):
    return np.linalg.eigvalsh(a)


def eigh_invariants(a):
    w, v = np.linalg.eigh(a)
    return w, np.abs(v), a @ v - v * w, v.T @ v


def eigh_values(a):
    w, v = np.linalg.eigh(a)
    return w


def svd_values(a):
    return np.linalg.svd(a, compute_uv=False)


def svd_reduced(a):
    u, s, vh = np.linalg.svd(a, full_matrices=False)
    return s, np.abs(u), np.abs(vh), (u * s) @ vh, u.T @ u


def svd_full(a):
    u, s, vh = np.linalg.svd(a)
    return s, u.T @ u, vh @ vh.T, u.shape[0], u.shape[1], vh.shape[0], vh.shape[1]


def svd_full_keyword(a, full):
    u, s, vh = np.linalg.svd(a, full_matrices=full)
    return s, u.shape[1], vh.shape[0]


def qr_invariants(a):
    q, r = np.linalg.qr(a)
    return np.abs(q), np.abs(r), q @ r, q.T @ q


def cholesky_(a):
    return np.linalg.cholesky(a)


def cholesky_upper(a):
    return np.linalg.cholesky(a, upper=True)


def pinv_(a):
    return np.linalg.pinv(a)


def pinv_rcond(a, r):
    return np.linalg.pinv(a, r)


def matrix_rank_(a):
    return np.linalg.matrix_rank(a)


def matrix_rank_tol(a, t):
    return np.linalg.matrix_rank(a, t)


def norm_(x):
    return np.linalg.norm(x)


def norm_ord(x, o):
    return np.linalg.norm(x, o)


def norm_axis(x, o, k):
    return np.linalg.norm(x, ord=o, axis=k)


def norm_inf(x):
    return np.linalg.norm(x, np.inf), np.linalg.norm(x, -np.inf)


def matrix_power_(a, n):
    return np.linalg.matrix_power(a, n)


def cond_(x):
    return np.linalg.cond(x)


def cond_p(x, p):
    return np.linalg.cond(x, p)


# --- solve, inv, det, slogdet ------------------------------------------------------------------


@pytest.mark.parametrize("layout", range(4), ids=LAYOUT_IDS)
@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_solve_vector_and_matrix_rhs(layout, dtype):
    name, a = layouts(well_conditioned(6, dtype=dtype))[layout]
    rng = np.random.RandomState(1)
    b = rng.uniform(-1, 1, size=6).astype(dtype)
    for _, bv in vec_layouts(b):
        check_la(solve_, a, bv)
    for _, bm in layouts(rng.uniform(-1, 1, size=(6, 3)).astype(dtype)):
        check_la(solve_, a, bm)


def test_solve_mixed_and_integer_dtypes():
    a = well_conditioned(4)
    check_la(solve_, a.astype(np.float32), np.ones(4))
    check_la(solve_, np.array([[2, 1], [1, 3]]), np.array([1, 2]))
    check_la(solve_, np.array([[2, 1], [1, 3]], dtype=np.int32), np.ones((2, 2), np.float32))


def test_solve_errors_match_numpy():
    check_la(solve_, np.zeros((3, 3)), np.ones(3))                 # Singular matrix
    check_la(solve_, np.ones((2, 3)), np.ones(2))                  # not square
    check_la(solve_, np.eye(2), np.ones(3))                        # solve1 mismatch
    check_la(solve_, np.eye(2), np.ones((3, 2)))                   # solve mismatch
    check_la(solve_, np.ones(3), np.ones(3))                       # 1-D matrix


def test_solve_nan_inf_and_empty():
    a = well_conditioned(3)
    a[0, 1] = NAN
    check_la(solve_, a, np.ones(3))
    check_la(solve_, well_conditioned(3), np.array([1.0, INF, 2.0]))
    check_la(solve_, np.zeros((0, 0)), np.zeros(0))
    check_la(solve_, np.zeros((0, 0)), np.zeros((0, 2)))


@pytest.mark.parametrize("layout", range(4), ids=LAYOUT_IDS)
@pytest.mark.parametrize("dtype", [np.float64, np.float32, np.int64])
def test_inv_det_slogdet(layout, dtype):
    _, a = layouts(well_conditioned(5, dtype=np.float64).round(1).astype(dtype)
                   if dtype == np.int64 else well_conditioned(5, dtype=dtype))[layout]
    check_la(inv_, a)
    check_la(det_, a)
    check_la(slogdet_, a)
    check_la(slogdet_, -a)


def test_inv_det_slogdet_special_inputs():
    sing = np.array([[1.0, 2.0], [2.0, 4.0]])
    check_la(inv_, sing)                         # exactly singular: LinAlgError
    check_la(inv_, np.zeros((2, 2)))
    check_la(det_, np.zeros((3, 3)))
    check_la(slogdet_, np.zeros((3, 3)))         # (0.0, -inf)
    check_la(inv_, np.zeros((2, 3)))             # not square
    check_la(det_, np.zeros((2, 3)))
    check_la(slogdet_, np.zeros((3, 2)))
    check_la(inv_, np.ones(3))                   # 1-D
    check_la(det_, np.ones(3))
    check_la(inv_, np.zeros((0, 0)))
    check_la(det_, np.zeros((0, 0)))
    check_la(slogdet_, np.zeros((0, 0)))
    check_la(det_, np.array([[NAN, 0.0], [0.0, 1.0]]))
    check_la(det_, np.array([[INF, 0.0], [0.0, 1.0]]))
    check_la(det_, np.array([[0.0, 1.0], [1.0, 0.0]]))   # a permutation: -1


@settings(max_examples=40, deadline=None)
@given(n=st.integers(1, 7), seed=st.integers(0, 2**31 - 1),
       order=st.sampled_from(LAYOUT_IDS))
def test_solve_inv_det_random(n, seed, order):
    a = dict(layouts(well_conditioned(n, seed=seed)))[order]
    b = np.random.RandomState(seed).uniform(-5, 5, size=(n, 2))
    check_la(solve_, a, b)
    check_la(inv_, a)
    check_la(det_, a)


# --- lstsq -----------------------------------------------------------------------------------


@pytest.mark.parametrize("layout", range(4), ids=LAYOUT_IDS)
@pytest.mark.parametrize("shape", [(8, 3), (3, 3), (3, 6)])
def test_lstsq(layout, shape):
    _, a = layouts(well_conditioned(*shape))[layout]
    rng = np.random.RandomState(2)
    check_la(lstsq_, a, rng.uniform(-1, 1, size=shape[0]))
    check_la(lstsq_, a, rng.uniform(-1, 1, size=(shape[0], 2)))
    check_la(lstsq_default, a, rng.uniform(-1, 1, size=shape[0]))


def test_lstsq_rank_deficient_rcond_and_errors():
    a = np.array([[1.0, 2.0], [2.0, 4.0], [3.0, 6.0]])
    check_la(lstsq_, a, np.array([1.0, 2.0, 3.0]))               # rank 1: no residuals
    check_la(lstsq_rcond, well_conditioned(5, 3), np.ones(5), 0.5)
    check_la(lstsq_, np.ones((3, 2)), np.ones(4))                 # Incompatible dimensions
    check_la(lstsq_, np.array([[NAN, 0.0], [0.0, 1.0]]), np.ones(2))
    check_la(lstsq_, np.zeros((0, 2)), np.zeros(0))
    check_la(lstsq_, well_conditioned(4, 3, dtype=np.float32), np.ones(4, np.float32))


# --- eigh, eigvalsh ----------------------------------------------------------------------------


@pytest.mark.parametrize("layout", range(4), ids=LAYOUT_IDS)
def test_eigh(layout):
    _, a = layouts(symmetric_distinct(6))[layout]
    check_la(eigvalsh_, a)
    check_la(eigh_invariants, a)
    check_la(eigh_values, a)


def test_eigh_reads_the_lower_triangle_and_special_inputs():
    a = symmetric_distinct(4)
    check_la(eigvalsh_, np.tril(a) + np.triu(np.full((4, 4), 7.0), 1))
    check_la(eigvalsh_, a.astype(np.float32))
    check_la(eigvalsh_, np.zeros((2, 3)))
    check_la(eigvalsh_, np.ones(3))
    check_la(eigvalsh_, np.zeros((0, 0)))
    check_la(eigh_values, np.zeros((0, 0)))
    check_la(eigvalsh_, np.array([[2, 1], [1, 2]]))


# --- svd, qr -------------------------------------------------------------------------------------


@pytest.mark.parametrize("layout", range(4), ids=LAYOUT_IDS)
@pytest.mark.parametrize("shape", [(6, 4), (4, 4), (3, 5)])
def test_svd(layout, shape):
    _, a = layouts(well_conditioned(*shape))[layout]
    check_la(svd_values, a)
    check_la(svd_reduced, a)
    check_la(svd_full, a)
    check_la(svd_full_keyword, a, False)
    check_la(svd_full_keyword, a, True)


def test_svd_special_inputs():
    check_la(svd_values, np.array([[NAN, 0.0], [0.0, 1.0]]))   # SVD did not converge
    check_la(svd_values, np.array([[INF, 0.0], [0.0, 1.0]]))
    check_la(svd_values, np.ones(3))                            # 1-D
    check_la(svd_values, np.zeros((0, 2)))
    check_la(svd_full, np.zeros((0, 2)))
    check_la(svd_values, well_conditioned(3, 2, dtype=np.float32))
    check_la(svd_values, np.arange(6).reshape(2, 3))


@pytest.mark.parametrize("layout", range(4), ids=LAYOUT_IDS)
@pytest.mark.parametrize("shape", [(6, 4), (4, 4), (3, 5)])
def test_qr(layout, shape):
    _, a = layouts(well_conditioned(*shape))[layout]
    check_la(qr_invariants, a)


def test_qr_special_inputs():
    check_la(qr_invariants, well_conditioned(4, 3, dtype=np.float32))
    check_la(qr_invariants, np.ones(3))


def qr_shapes(a):
    q, r = np.linalg.qr(a)
    return q.shape[0], q.shape[1], r.shape[0], r.shape[1]


def test_qr_empty():
    check_la(qr_shapes, np.zeros((0, 3)))
    check_la(qr_shapes, np.zeros((3, 0)))


# --- cholesky, pinv, matrix_rank -----------------------------------------------------------------


@pytest.mark.parametrize("layout", range(4), ids=LAYOUT_IDS)
def test_cholesky(layout):
    _, a = layouts(spd(5))[layout]
    check_la(cholesky_, a)
    check_la(cholesky_upper, a)


def test_cholesky_special_inputs():
    check_la(cholesky_, -np.eye(3))                    # not positive definite
    check_la(cholesky_, np.zeros((2, 3)))
    check_la(cholesky_, np.zeros((0, 0)))
    check_la(cholesky_, spd(4, dtype=np.float32))
    # Only the lower triangle is read.
    check_la(cholesky_, np.tril(spd(4)) + np.triu(np.full((4, 4), -9.0), 1))


@pytest.mark.parametrize("layout", range(4), ids=LAYOUT_IDS)
@pytest.mark.parametrize("shape", [(6, 4), (4, 4), (3, 5)])
def test_pinv_and_rank(layout, shape):
    _, a = layouts(well_conditioned(*shape))[layout]
    check_la(pinv_, a)
    check_la(matrix_rank_, a)


def test_pinv_rank_special_inputs():
    deficient = np.outer(np.arange(1.0, 5.0), np.arange(1.0, 4.0))
    check_la(pinv_, deficient)
    check_la(matrix_rank_, deficient)
    check_la(matrix_rank_, np.zeros((3, 3)))
    check_la(matrix_rank_tol, well_conditioned(4), 100.0)
    check_la(pinv_rcond, well_conditioned(4), 0.9)
    check_la(matrix_rank_, np.array([0.0, 0.0]))       # 1-D: 0 or 1
    check_la(matrix_rank_, np.array([0.0, 3.0]))
    check_la(pinv_, np.array([[NAN, 0.0], [0.0, 1.0]]))
    check_la(matrix_rank_, np.array([[INF, 0.0], [0.0, 1.0]]))
    check_la(pinv_, np.zeros((0, 3)))
    check_la(pinv_, well_conditioned(3, dtype=np.float32))
    check_la(matrix_rank_, np.eye(3, dtype=np.float32))


# --- norm, cond, matrix_power ----------------------------------------------------------------


@pytest.mark.parametrize("layout", range(4), ids=LAYOUT_IDS)
def test_matrix_norms(layout):
    _, a = layouts(well_conditioned(4, 3))[layout]
    check_la(norm_, a)
    check_la(norm_inf, a)
    for o in [1, -1, 2, -2, INF, -INF, 1.0]:
        check_la(norm_ord, a, o)
    check_la(norm_ord, a, 3)                            # Invalid norm order for matrices.
    for k in [0, 1, -1]:
        check_la(norm_axis, a, None, k)
        check_la(norm_axis, a, 1, k)
        check_la(norm_axis, a, INF, k)
        check_la(norm_axis, a, 0.5, k)


def test_vector_norms():
    rng = np.random.RandomState(3)
    x = rng.uniform(-2, 2, size=7)
    for _, v in vec_layouts(x):
        check_la(norm_, v)
        check_la(norm_inf, v)
        for o in [0, 1, 2, 3, -1, 0.5, INF, -INF]:
            check_la(norm_ord, v, o)
        check_la(norm_axis, v, 2, 0)
    check_la(norm_, x.astype(np.float32))
    check_la(norm_, np.arange(5))
    check_la(norm_, np.array([1.0, NAN]))
    check_la(norm_ord, np.array([1.0, INF]), 1)
    check_la(norm_, np.zeros(0))
    check_la(norm_ord, np.zeros(0), INF)                # zero-size reduction: ValueError


@pytest.mark.parametrize("layout", range(4), ids=LAYOUT_IDS)
def test_cond(layout):
    _, a = layouts(well_conditioned(4))[layout]
    check_la(cond_, a)
    for p in [1, -1, 2, -2, INF, -INF]:
        check_la(cond_p, a, p)


def test_cond_special_inputs():
    check_la(cond_, np.zeros((2, 2)))                   # inf
    check_la(cond_p, np.zeros((2, 2)), 1)               # singular: inf
    check_la(cond_, well_conditioned(3, 5))             # rectangular with the SVD
    check_la(cond_p, well_conditioned(3, 5), 1)         # needs a square matrix
    check_la(cond_, np.array([[NAN, 0.0], [0.0, 1.0]]))


@pytest.mark.parametrize("layout", range(4), ids=LAYOUT_IDS)
def test_matrix_power(layout):
    _, a = layouts(well_conditioned(4) / 4.0)[layout]
    for n in [0, 1, 2, 3, 4, 5, 7, 8, -1, -2, -3]:
        check_la(matrix_power_, a, n)


def test_matrix_power_errors():
    check_la(matrix_power_, np.zeros((2, 3)), 2)
    check_la(matrix_power_, np.zeros((2, 2)), -1)       # Singular matrix
    check_la(matrix_power_, well_conditioned(3, dtype=np.float32), 3)


# --- linking, errors at compile time -----------------------------------------------------------


def test_linalg_error_is_numpy_class_and_catchable_as_value_error():
    f = compiled(inv_)
    with pytest.raises(np.linalg.LinAlgError, match="Singular matrix"):
        f(np.zeros((2, 2)))
    with pytest.raises(ValueError):
        f(np.zeros((2, 2)))


def catches_value_error(a):
    try:
        return np.linalg.inv(a)[0, 0]
    except ValueError:
        return -1.0


def test_except_value_error_catches_linalg_error():
    check_la(catches_value_error, np.zeros((2, 2)))
    check_la(catches_value_error, np.eye(2))


from numpy.linalg import det as imported_det  # noqa: E402
import numpy.linalg as la  # noqa: E402


def via_imports(a):
    return imported_det(a) + la.det(a)


def test_module_and_function_imports():
    check_la(via_imports, well_conditioned(3))


def stacked(a):
    return np.linalg.inv(a)


def norm_fro(a):
    return np.linalg.norm(a, "fro")


def norm_keepdims(a):
    return np.linalg.norm(a, keepdims=True)


def uv_runtime(a, flag):
    return np.linalg.svd(a, compute_uv=flag)


# Complex matrices compile (tests/python/test_linalg_complex.py).
@pytest.mark.parametrize("fn, arg", [
    (stacked, np.zeros((2, 3, 3))),
    (norm_fro, np.eye(2)),
    (norm_keepdims, np.eye(2)),
])
def test_unsupported_forms_raise_unsupported_error(fn, arg):
    with pytest.raises(oxjit.UnsupportedError, match=r"-->.*:\d+:\d+"):
        oxjit.njit(fn)(arg)


def test_compute_uv_must_be_literal():
    with pytest.raises(oxjit.UnsupportedError, match="compute_uv"):
        oxjit.njit(uv_runtime)(np.eye(2), True)

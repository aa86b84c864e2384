"""``numpy.linalg`` of complex matrices inside compiled functions (differential, against
NumPy/LAPACK): ``solve``, ``inv``, ``det``, ``slogdet``, ``svd``, ``qr``, ``cholesky``,
``pinv``, ``lstsq``, ``matrix_rank``, ``norm``, ``cond``, ``matrix_power``, and ``a @ b``,
``numpy.dot``, ``numpy.matmul`` of complex matrices.

oxjit computes complex input in complex128 with faer and rounds complex64 results (NumPy
computes complex64 in single precision), so values agree within:

* ``rtol = 1e-9``, ``atol = 1e-10`` for complex128 results of well-conditioned inputs
  (condition numbers below ~1e2);
* ``rtol = atol = 2e-4`` for complex64 inputs.

Dtypes, shapes, ints (ranks), exception classes and messages are compared exactly, except that
``det`` and ``slogdet``'s sign are Python ``complex`` numbers (compiled code has no complex64
scalar), as the real routines give Python floats. Singular vectors, ``Q`` and ``R`` are unique
only up to a phase per column: they are checked through ``U diag(s) Vh == A``, ``Q R == A``,
unitarity and the moduli of ``R``'s diagonal. Every function runs on C-contiguous,
Fortran-ordered, strided (``a[::2, ::3]`` of a larger array) and transposed inputs.
"""
import numpy as np
import pytest

import oxjit
from diff import clone_args, compiled

DTYPES = [np.complex128, np.complex64]
LAYOUT_IDS = ["C", "F", "strided", "T"]


def _single(*arrays):
    return all(a.dtype in (np.float32, np.complex64) for a in arrays if isinstance(a, np.ndarray))


def _tols(*arrays):
    return (2e-4, 2e-4) if _single(*arrays) else (1e-9, 1e-10)


def _same(expected, actual, rtol, atol, path="result"):
    if isinstance(expected, tuple):
        assert isinstance(actual, tuple) and len(actual) == len(expected), path
        for i, (e, a) in enumerate(zip(expected, actual)):
            _same(e, a, rtol, atol, f"{path}[{i}]")
        return
    if isinstance(expected, np.ndarray):
        assert isinstance(actual, np.ndarray), f"{path}: got {type(actual)}"
        assert actual.dtype == expected.dtype, f"{path}: dtype {actual.dtype} != {expected.dtype}"
        assert actual.shape == expected.shape, f"{path}: shape {actual.shape} != {expected.shape}"
        np.testing.assert_allclose(actual, expected, rtol=rtol, atol=atol, equal_nan=True,
                                   err_msg=path)
        return
    if isinstance(expected, (int, np.integer)):
        assert type(actual) is int and actual == int(expected), f"{path}: {actual!r}"
    elif isinstance(expected, (complex, np.complexfloating)):
        assert type(actual) is complex, f"{path}: expected a complex, got {type(actual)}"
        np.testing.assert_allclose(actual, complex(expected), rtol=rtol, atol=atol,
                                   equal_nan=True, err_msg=path)
    elif isinstance(expected, (float, np.floating)):
        assert type(actual) is float, f"{path}: expected a float, got {type(actual)}"
        np.testing.assert_allclose(actual, float(expected), rtol=rtol, atol=atol,
                                   equal_nan=True, err_msg=path)
    else:
        assert actual == expected, f"{path}: {actual!r} != {expected!r}"


def check(fn, *args, rtol=None, atol=None):
    """The same exception (class and message) or the same results within the dtype's
    tolerance; the arguments are left unchanged."""
    r, a = _tols(*args)
    rtol = r if rtol is None else rtol
    atol = a if atol is None else atol
    py_args, jit_args = clone_args(args), clone_args(args)
    try:
        expected = fn(*py_args)
    except Exception as e:  # noqa: BLE001 - compared below
        with pytest.raises(type(e)) as info:
            compiled(fn)(*jit_args)
        assert type(info.value) is type(e)
        assert str(info.value) == str(e), f"{str(info.value)!r} != {str(e)!r}"
        return
    actual = compiled(fn)(*jit_args)
    if isinstance(expected, tuple):  # NumPy's named result tuples
        expected = tuple(expected)
    _same(expected, actual, rtol, atol)
    for e, a in zip(py_args, jit_args):
        if isinstance(e, np.ndarray):
            np.testing.assert_array_equal(a, e, err_msg="argument changed")


# --- inputs ----------------------------------------------------------------------------------


def cplx(n, m=None, dtype=np.complex128, seed=0):
    """A random complex matrix with a dominant diagonal (small condition number)."""
    m = n if m is None else m
    rng = np.random.RandomState(seed)
    a = rng.uniform(-1, 1, size=(n, m)) + 1j * rng.uniform(-1, 1, size=(n, m))
    k = min(n, m)
    a[np.arange(k), np.arange(k)] += (2.0 * max(n, m) ** 0.5 + 1.0) * np.exp(
        1j * rng.uniform(0, 2 * np.pi, size=k))
    return a.astype(dtype)


def hpd(n, dtype=np.complex128, seed=0):
    """A Hermitian positive definite matrix."""
    b = cplx(n, seed=seed).astype(np.complex128)
    return (b @ b.conj().T + n * np.eye(n)).astype(dtype)


def layouts(a):
    big = np.zeros((2 * a.shape[0] + 1, 3 * a.shape[1] + 1), dtype=a.dtype)
    strided = big[1::2, 2::3]
    strided[...] = a
    out = [np.ascontiguousarray(a), np.asfortranarray(a), strided,
           np.ascontiguousarray(a.T).T]
    assert not strided.flags.c_contiguous and not strided.flags.f_contiguous
    return out


def vec_layouts(b):
    big = np.zeros(3 * b.shape[0] + 1, dtype=b.dtype)
    view = big[1::3]
    view[...] = b
    return [b.copy(), view]


# --- functions under test ----------------------------------------------------------------------


def solve_(a, b):
    return np.linalg.solve(a, b)


def inv_(a):
    return np.linalg.inv(a)


def det_(a):
    return np.linalg.det(a)


def slogdet_(a):
    return np.linalg.slogdet(a)


def svd_(a):
    return np.linalg.svd(a)


def svd_reduced(a):
    return np.linalg.svd(a, full_matrices=False)


def svd_values(a):
    return np.linalg.svd(a, compute_uv=False)


def qr_(a):
    return np.linalg.qr(a)


def cholesky_(a):
    return np.linalg.cholesky(a)


def cholesky_upper(a):
    return np.linalg.cholesky(a, upper=True)


def pinv_(a):
    return np.linalg.pinv(a)


def lstsq_(a, b):
    return np.linalg.lstsq(a, b, rcond=None)


def matrix_rank_(a):
    return np.linalg.matrix_rank(a)


def norm_(x):
    return np.linalg.norm(x)


def norm_ord(x, o):
    return np.linalg.norm(x, o)


def norm_axis(x, o, k):
    return np.linalg.norm(x, o, k)


def cond_(x):
    return np.linalg.cond(x)


def cond_p(x, p):
    return np.linalg.cond(x, p)


def matrix_power_(a, n):
    return np.linalg.matrix_power(a, n)


def matmul_(a, b):
    return a @ b


def dot_(a, b):
    return np.dot(a, b)


# --- solve, inv, det, slogdet ----------------------------------------------------------------


@pytest.mark.parametrize("layout", range(4), ids=LAYOUT_IDS)
@pytest.mark.parametrize("dtype", DTYPES)
def test_solve(layout, dtype):
    a = layouts(cplx(6, dtype=dtype))[layout]
    rng = np.random.RandomState(1)
    b = (rng.uniform(-1, 1, 6) + 1j * rng.uniform(-1, 1, 6)).astype(dtype)
    for bv in vec_layouts(b):
        check(solve_, a, bv)
    bm = (rng.uniform(-1, 1, (6, 3)) + 1j * rng.uniform(-1, 1, (6, 3))).astype(dtype)
    for bl in layouts(bm):
        check(solve_, a, bl)
    x = compiled(solve_)(a, b)
    assert x.dtype == dtype and x.shape == (6,)
    np.testing.assert_allclose(a.astype(np.complex128) @ x, b, rtol=0,
                               atol=_tols(a)[0] * 10)


@pytest.mark.parametrize("da, db", [
    (np.float64, np.complex128), (np.complex128, np.float64), (np.complex64, np.float32),
    (np.float32, np.complex64), (np.complex64, np.float64), (np.complex64, np.complex128),
    (np.int64, np.complex64), (np.complex128, np.int64),
])
def test_solve_promotes_like_numpy(da, db):
    a = cplx(4)
    a = (a.real.round(0) + 20 * np.eye(4)).astype(da) if np.dtype(da).kind != "c" else a.astype(da)
    b = cplx(4, 2, seed=3)
    b = b.real.round(0).astype(db) if np.dtype(db).kind != "c" else b.astype(db)
    check(solve_, a, b)
    check(solve_, a, b[:, 0])
    assert compiled(solve_)(a, b).dtype == np.linalg.solve(a, b).dtype


@pytest.mark.parametrize("dtype", DTYPES)
def test_solve_errors_and_empty(dtype):
    z = np.zeros((3, 3), dtype=dtype)
    check(solve_, z, np.ones(3, dtype=dtype))                              # Singular matrix
    sing = np.array([[1 + 1j, 2 + 2j], [1, 2]], dtype=dtype)
    check(solve_, sing, np.ones(2, dtype=dtype))
    check(solve_, np.ones((2, 3), dtype=dtype), np.ones(2, dtype=dtype))   # not square
    check(solve_, np.eye(2, dtype=dtype), np.ones(3, dtype=dtype))         # solve1 mismatch
    check(solve_, np.eye(2, dtype=dtype), np.ones((3, 2), dtype=dtype))    # solve mismatch
    check(solve_, np.ones(3, dtype=dtype), np.ones(3, dtype=dtype))        # 1-D matrix
    check(solve_, np.zeros((0, 0), dtype=dtype), np.zeros(0, dtype=dtype))
    check(solve_, np.zeros((0, 0), dtype=dtype), np.zeros((0, 2), dtype=dtype))
    with pytest.raises(np.linalg.LinAlgError, match="Singular matrix"):
        compiled(solve_)(z, np.ones(3, dtype=dtype))


@pytest.mark.parametrize("layout", range(4), ids=LAYOUT_IDS)
@pytest.mark.parametrize("dtype", DTYPES)
def test_inv_det_slogdet(layout, dtype):
    a = layouts(cplx(5, dtype=dtype))[layout]
    check(inv_, a)
    check(det_, a)
    check(slogdet_, a)
    check(slogdet_, 1j * a)
    check(det_, -a)
    sign, logdet = compiled(slogdet_)(a)
    assert type(sign) is complex and type(logdet) is float
    assert abs(abs(sign) - 1.0) < _tols(a)[0]
    inv = compiled(inv_)(a)
    assert inv.dtype == dtype and inv.flags.c_contiguous
    np.testing.assert_allclose(inv @ a, np.eye(5), atol=_tols(a)[0] * 10)


@pytest.mark.parametrize("dtype", DTYPES)
def test_inv_det_slogdet_special_inputs(dtype):
    sing = np.array([[1 + 1j, 2 - 1j], [2 + 2j, 3 + 1j]], dtype=dtype)
    sing[1] = 2 * sing[0]                  # exactly singular: a zero pivot
    check(det_, sing)
    check(inv_, sing)
    zero = np.zeros((3, 3), dtype=dtype)
    check(inv_, zero)                      # Singular matrix
    check(det_, zero)                      # 0j
    check(slogdet_, zero)                  # (0j, -inf)
    check(inv_, np.ones((2, 3), dtype=dtype))
    check(det_, np.ones((2, 3), dtype=dtype))
    check(slogdet_, np.ones((2, 3), dtype=dtype))
    check(inv_, np.ones(3, dtype=dtype))
    check(inv_, np.zeros((0, 0), dtype=dtype))
    check(det_, np.zeros((0, 0), dtype=dtype))
    check(slogdet_, np.zeros((0, 0), dtype=dtype))
    with pytest.raises(np.linalg.LinAlgError):
        compiled(inv_)(zero)
    diag = np.diag(np.array([1j, 2.0, 3.0], dtype=dtype))
    assert compiled(det_)(diag) == pytest.approx(np.linalg.det(diag))
    assert compiled(det_)(diag) == pytest.approx(6j)


# --- svd, qr ---------------------------------------------------------------------------------


def _unitary_cols(q, tol):
    np.testing.assert_allclose(q.conj().T @ q, np.eye(q.shape[1]), atol=tol)


@pytest.mark.parametrize("layout", range(4), ids=LAYOUT_IDS)
@pytest.mark.parametrize("shape", [(6, 4), (4, 4), (3, 5)])
@pytest.mark.parametrize("dtype", DTYPES)
def test_svd(layout, shape, dtype):
    a = layouts(cplx(*shape, dtype=dtype))[layout]
    tol = _tols(a)[0] * 20
    real = np.float32 if dtype == np.complex64 else np.float64
    ws = np.linalg.svd(a, compute_uv=False)
    for fn, full in [(svd_, True), (svd_reduced, False)]:
        u, s, vh = compiled(fn)(a)
        nu, _, nvh = fn(a)
        assert (u.dtype, s.dtype, vh.dtype) == (dtype, real, dtype)
        assert (u.shape, s.shape, vh.shape) == (nu.shape, ws.shape, nvh.shape)
        np.testing.assert_allclose(s, ws, rtol=tol, atol=tol)
        k = min(shape)
        np.testing.assert_allclose((u[:, :k] * s) @ vh[:k], a, atol=tol * np.abs(a).max())
        _unitary_cols(u, tol)
        _unitary_cols(vh.conj().T, tol)
    check(svd_values, a)


@pytest.mark.parametrize("dtype", DTYPES)
def test_svd_special_inputs(dtype):
    check(svd_values, np.zeros((3, 3), dtype=dtype))
    check(svd_values, np.ones(3, dtype=dtype))                       # 1-D: LinAlgError
    nan = cplx(3, dtype=dtype)
    nan[1, 1] = complex(np.nan, 0)
    check(svd_values, nan)                                            # SVD did not converge
    for shape in [(0, 0), (0, 3), (3, 0)]:
        check(svd_values, np.zeros(shape, dtype=dtype))
        u, s, vh = compiled(svd_)(np.zeros(shape, dtype=dtype))
        nu, ns, nvh = np.linalg.svd(np.zeros(shape, dtype=dtype))
        assert (u.shape, s.shape, vh.shape) == (nu.shape, ns.shape, nvh.shape)
        assert (u.dtype, vh.dtype) == (nu.dtype, nvh.dtype)
        np.testing.assert_array_equal(u, nu)
        np.testing.assert_array_equal(vh, nvh)


@pytest.mark.parametrize("layout", range(4), ids=LAYOUT_IDS)
@pytest.mark.parametrize("shape", [(6, 4), (4, 4), (3, 5)])
@pytest.mark.parametrize("dtype", DTYPES)
def test_qr(layout, shape, dtype):
    a = layouts(cplx(*shape, dtype=dtype))[layout]
    tol = _tols(a)[0] * 20
    q, r = compiled(qr_)(a)
    nq, nr = np.linalg.qr(a)
    assert (q.dtype, r.dtype) == (dtype, dtype)
    assert (q.shape, r.shape) == (nq.shape, nr.shape)
    np.testing.assert_allclose(q @ r, a, atol=tol * np.abs(a).max())
    _unitary_cols(q, tol)
    np.testing.assert_array_equal(np.tril(r, -1), 0)
    np.testing.assert_allclose(np.abs(np.diag(r)), np.abs(np.diag(nr)), rtol=tol)


@pytest.mark.parametrize("dtype", DTYPES)
def test_qr_special_inputs(dtype):
    check(qr_, np.ones(3, dtype=dtype))
    for shape in [(0, 0), (0, 3), (3, 0)]:
        check(qr_, np.zeros(shape, dtype=dtype))


# --- cholesky, pinv, lstsq, matrix_rank -------------------------------------------------------


@pytest.mark.parametrize("layout", range(4), ids=LAYOUT_IDS)
@pytest.mark.parametrize("dtype", DTYPES)
def test_cholesky(layout, dtype):
    a = layouts(hpd(5, dtype=dtype))[layout]
    check(cholesky_, a)
    check(cholesky_upper, a)
    l = compiled(cholesky_)(a)
    tol = _tols(a)[0] * 20
    np.testing.assert_allclose(l @ l.conj().T, a, rtol=tol, atol=tol * np.abs(a).max())
    # Only the lower triangle is read (as LAPACK's `potrf` with 'L').
    junk = a.copy()
    junk[np.triu_indices(5, 1)] = 99 + 7j
    check(cholesky_, junk)


@pytest.mark.parametrize("dtype", DTYPES)
def test_cholesky_errors_and_empty(dtype):
    check(cholesky_, -hpd(3, dtype=dtype))           # Matrix is not positive definite
    check(cholesky_, np.ones((2, 3), dtype=dtype))
    check(cholesky_, np.zeros((0, 0), dtype=dtype))


@pytest.mark.parametrize("layout", range(4), ids=LAYOUT_IDS)
@pytest.mark.parametrize("shape", [(6, 4), (4, 4), (3, 5)])
@pytest.mark.parametrize("dtype", DTYPES)
def test_pinv_lstsq_rank(layout, shape, dtype):
    a = layouts(cplx(*shape, dtype=dtype))[layout]
    check(pinv_, a)
    check(matrix_rank_, a)
    b = cplx(shape[0], 2, dtype=dtype, seed=5)
    check(lstsq_, a, b)
    check(lstsq_, a, np.ascontiguousarray(b[:, 0]))


@pytest.mark.parametrize("dtype", DTYPES)
def test_pinv_lstsq_rank_special_inputs(dtype):
    low = np.outer(np.array([1, 1j, 2]), np.array([1, -1j, 3])).astype(dtype)
    check(matrix_rank_, low)
    check(matrix_rank_, np.zeros((3, 3), dtype=dtype))
    check(matrix_rank_, np.array([0, 1j, 0], dtype=dtype))
    check(matrix_rank_, np.zeros(3, dtype=dtype))
    check(pinv_, low, rtol=1e-3 if dtype == np.complex64 else 1e-8,
          atol=1e-3 if dtype == np.complex64 else 1e-9)
    check(pinv_, np.zeros((0, 3), dtype=dtype))
    check(lstsq_, cplx(4, 2, dtype=dtype), np.ones(3, dtype=dtype))   # Incompatible dimensions
    check(lstsq_, np.zeros((0, 2), dtype=dtype), np.zeros(0, dtype=dtype))
    check(lstsq_, np.zeros((3, 0), dtype=dtype), np.ones((3, 2), dtype=dtype))
    # Mixed dtypes promote as `solve`.
    check(lstsq_, cplx(5, 3, dtype=dtype), np.ones(5))
    check(lstsq_, np.ones((5, 3)) + np.eye(5, 3), cplx(5, 2, dtype=dtype))


# --- norm, cond, matrix_power ----------------------------------------------------------------


@pytest.mark.parametrize("layout", range(4), ids=LAYOUT_IDS)
@pytest.mark.parametrize("dtype", DTYPES)
def test_norm(layout, dtype):
    a = layouts(cplx(4, 3, dtype=dtype))[layout]
    check(norm_, a)
    for o in [None, 1, -1, 2, -2, np.inf, -np.inf]:
        check(norm_ord, a, o)
    check(norm_ord, a, 3)                          # Invalid norm order for matrices.
    for k in [0, 1, -1]:
        for o in [None, 0, 1, 2, 3, np.inf, -np.inf]:
            check(norm_axis, a, o, k)
    for v in vec_layouts(cplx(5, 1, dtype=dtype)[:, 0].copy()):
        check(norm_, v)
        for o in [None, 0, 1, 2, 3.5, -1, np.inf, -np.inf]:
            check(norm_ord, v, o)
    assert type(compiled(norm_)(a)) is float
    check(norm_, np.zeros((0, 3), dtype=dtype))


@pytest.mark.parametrize("layout", range(4), ids=LAYOUT_IDS)
@pytest.mark.parametrize("dtype", DTYPES)
def test_cond(layout, dtype):
    a = layouts(cplx(4, dtype=dtype))[layout]
    check(cond_, a)
    for p in [None, 1, -1, 2, -2, np.inf, -np.inf]:
        check(cond_p, a, p)
    check(cond_, cplx(4, 6, dtype=dtype))
    check(cond_p, np.zeros((3, 3), dtype=dtype), 1)     # singular: inf
    check(cond_p, cplx(3, 4, dtype=dtype), 1)           # not square


@pytest.mark.parametrize("layout", range(4), ids=LAYOUT_IDS)
@pytest.mark.parametrize("dtype", DTYPES)
def test_matrix_power(layout, dtype):
    a = layouts((cplx(4, dtype=dtype) / 3).astype(dtype))[layout]
    for n in [0, 1, 2, 3, 5, 8, -1, -3]:
        check(matrix_power_, a, n, rtol=_tols(a)[0] * 10)
    check(matrix_power_, np.zeros((3, 3), dtype=dtype), -1)   # Singular matrix
    check(matrix_power_, np.ones((2, 3), dtype=dtype), 2)
    check(matrix_power_, np.zeros((0, 0), dtype=dtype), 3)


# --- products of complex matrices ------------------------------------------------------------


def matmul_fn(a, b):
    return np.matmul(a, b)


@pytest.mark.parametrize("layout", range(4), ids=LAYOUT_IDS)
@pytest.mark.parametrize("dtype", DTYPES)
def test_matrix_products(layout, dtype):
    a = layouts(cplx(3, 5, dtype=dtype))[layout]
    b = layouts(cplx(5, 4, dtype=dtype, seed=2))[(layout + 1) % 4]
    v = vec_layouts(cplx(5, 1, dtype=dtype, seed=3)[:, 0].copy())[1]
    w = cplx(3, 1, dtype=dtype, seed=4)[:, 0].copy()
    for fn in (matmul_, dot_, matmul_fn):
        check(fn, a, b)
        check(fn, a, v)
        check(fn, w, a)
    c = compiled(matmul_)(a, b)
    assert c.dtype == dtype and c.shape == (3, 4) and c.flags.c_contiguous


@pytest.mark.parametrize("da, db", [
    (np.complex64, np.float64), (np.float32, np.complex64), (np.complex64, np.complex128),
    (np.float64, np.complex128), (np.int64, np.complex64), (np.complex128, np.int32),
])
def test_matrix_products_promote_like_numpy(da, db):
    a = cplx(3, 4, seed=1)
    a = a.astype(da) if np.dtype(da).kind == "c" else a.real.round(0).astype(da)
    b = cplx(4, 2, seed=2)
    b = b.astype(db) if np.dtype(db).kind == "c" else b.real.round(0).astype(db)
    check(matmul_, a, b)
    check(dot_, a, b)
    assert compiled(matmul_)(a, b).dtype == (a @ b).dtype


@pytest.mark.parametrize("dtype", DTYPES)
def test_matrix_products_shapes(dtype):
    check(dot_, cplx(2, 3, dtype=dtype), cplx(2, 2, dtype=dtype))     # not aligned
    check(dot_, cplx(3, 1, dtype=dtype)[:, 0].copy(), cplx(2, 2, dtype=dtype))
    with pytest.raises(ValueError):
        compiled(matmul_)(cplx(2, 3, dtype=dtype), cplx(2, 2, dtype=dtype))
    check(matmul_, np.zeros((2, 0), dtype=dtype), np.zeros((0, 3), dtype=dtype))
    check(matmul_, np.zeros((0, 2), dtype=dtype), np.ones((2, 3), dtype=dtype))


def dot_method(a, b):
    return a.dot(b)


def vdot_(a, b):
    return np.vdot(a, b)


def test_matrix_product_method_and_unsupported_forms():
    a, b = cplx(3, 4), cplx(4, 2, seed=1)
    check(dot_method, a, b)
    with pytest.raises(oxjit.UnsupportedError, match="two 1-D vectors"):
        oxjit.njit(vdot_)(a, a)
    with pytest.raises(oxjit.UnsupportedError, match="1-D and 2-D arrays"):
        oxjit.njit(matmul_)(np.zeros((2, 2, 2), np.complex128), a)

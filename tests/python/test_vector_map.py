"""Plain element-wise array kernels in f64x2 lanes (the loop stage's `vector-map` part).

Stores of float64 element-wise expressions (`+ - * /`, negation, `abs`, `sqrt`, `** 2`,
`minimum`, `maximum`, `where`) and of float64 comparisons into bool arrays run their innermost axis
two lanes at a time (a bool result sixteen at a time), with a scalar remainder, behind a
run-time guard (innermost axis contiguous, no partial overlap of an input with the output)
that otherwise takes the scalar loop. Checked here, against NumPy (values bit-equal, dtypes,
shapes) and against the scalar loop (`OXJIT_SKIP_PASSES=vector-map`, bit-identical):

* hypothesis over shapes (empty, odd lengths, 1-D and 2-D) and values (NaN, ±inf, -0.0);
* C and F order, strided and reversed views, broadcasting of rows, columns and scalars;
* in-place updates (`a += b`) and overlapping views (`a[1:] += a[:-1]`), which NumPy computes
  as if the input were copied first;
* `parallel=True` bit-identical to serial;
* structure: f64x2 (and an i8x16 store for bool results) in the CLIF, absent when skipped.
"""
import numpy as np
import pytest

import oxjit
from diff import check, check_with, cpython_errstate

try:
    from hypothesis import given, settings
    from hypothesis import strategies as st
    from hypothesis.extra import numpy as hnp
except ImportError:  # pragma: no cover - hypothesis is optional
    given = None


def m_axpy(a, b):
    return a * 2.0 + b


def m_sub_div(a, b):
    return (a - b) / (b + 0.5)


def m_abs(a, b):
    return np.abs(a)


def m_neg(a, b):
    return -a


def m_square(a, b):
    return a ** 2


def m_sqrt(a, b):
    return np.sqrt(np.abs(a)) + b


def m_where(a, b):
    return np.where(a > 0, a, 0.0)


def m_where2(a, b):
    return np.where((a < b) | (a != a), a * b, b - 1)


def m_gt(a, b):
    return a > 0.5


def m_cmp_and(a, b):
    return (a > b) & (a <= 1.0)


def m_ne(a, b):
    return a != b


def m_int_scalar(a, b):
    return a * 3 - 1


MAPS = [m_axpy, m_sub_div, m_abs, m_neg, m_square, m_sqrt, m_where, m_where2, m_gt, m_cmp_and,
        m_ne, m_int_scalar]


def m_minimum(a, b):
    return np.minimum(a, b)


def m_maximum(a, b):
    return np.maximum(a, b) * 1.5


MINMAX = [m_minimum, m_maximum]

SPECIAL = np.array([np.nan, np.inf, -np.inf, 0.0, -0.0, 1.0, -1.0, 0.5, 5e-324, 1e308])


def _pair(shape, seed, special=True):
    rng = np.random.RandomState(seed)
    a = rng.uniform(-2.0, 2.0, shape)
    b = rng.uniform(-2.0, 2.0, shape)
    if special and a.size:
        a.flat[:: 3] = SPECIAL[np.arange(a.flat[::3].size) % SPECIAL.size]
        b.flat[1:: 4] = SPECIAL[np.arange(b.flat[1::4].size) % SPECIAL.size][::-1]
    return a, b


def _scalar_loop(fn, monkeypatch, *args, **options):
    """`fn` compiled without the part (the scalar loop)."""
    monkeypatch.setenv("OXJIT_SKIP_PASSES", "vector-map")
    g = oxjit.njit(**options)(fn)
    out = g(*args)
    monkeypatch.delenv("OXJIT_SKIP_PASSES")
    return out


def _clif(f):
    return "".join(f.inspect_clif().values())


def _bits_equal(x, y):
    x, y = np.asarray(x), np.asarray(y)
    assert x.dtype == y.dtype and x.shape == y.shape
    assert x.tobytes() == y.tobytes()


SHAPES = [(0,), (1,), (2,), (3,), (15,), (16,), (17,), (33,), (1001,), (0, 5), (4, 0), (3, 7),
          (5, 16), (2, 33)]


@pytest.mark.parametrize("fn", MAPS)
@pytest.mark.parametrize("shape", SHAPES)
def test_maps_equal_numpy(fn, shape):
    check(fn, *_pair(shape, len(shape) * 100 + sum(shape)))


@pytest.mark.parametrize("fn", MINMAX)
@pytest.mark.parametrize("shape", [(0,), (3,), (17,), (4, 9)])
def test_minimum_maximum_equal_numpy(fn, shape):
    # NumPy's minimum(0.0, -0.0) depends on the operand order and its SIMD path; oxjit gives
    # IEEE's -0.0 (the scalar loop does too): zeros compare equal whatever their sign.
    check(fn, *_pair(shape, 7), signed_zero=False)


@pytest.mark.parametrize("fn", MAPS + MINMAX)
def test_lanes_bit_identical_to_scalar_loop(fn, monkeypatch):
    a, b = _pair((3, 37), 11)
    _bits_equal(oxjit.njit(fn)(a, b), _scalar_loop(fn, monkeypatch, a, b))


@pytest.mark.parametrize("fn", MAPS)
@pytest.mark.parametrize("layout", ["F", "strided", "reversed", "transposed"])
def test_views(fn, layout):
    def make():
        a, b = _pair((6, 19), 3)
        if layout == "F":
            return np.asfortranarray(a), np.asfortranarray(b)
        if layout == "strided":
            return a[:, ::2], b[:, 1::2]
        if layout == "reversed":
            return a[::-1, ::-1], b[::-1]
        return a.T, b.T
    check_with(fn, make)


@pytest.mark.parametrize("fn", MAPS)
@pytest.mark.parametrize("bshape", [(19,), (6, 1), (1, 19), ()])
def test_broadcasting(fn, bshape):
    def make():
        a, b = _pair((6, 19), 5)
        if bshape == ():
            return a, 0.25
        if bshape == (19,):
            return a, b[0].copy()
        if bshape == (6, 1):
            return a, b[:, :1].copy()
        return a, b[:1, :].copy()
    check_with(fn, make)


def u_iadd(a, b):
    a += b
    return a


def u_imul(a, b):
    a *= 2.0
    a -= b
    return a


def u_assign(a, b):
    a[:] = -a + b
    return a


def u_shift_up(a, b):
    a[1:] += a[:-1]
    return a


def u_shift_down(a, b):
    a[:-1] = a[1:] * 2.0
    return a


def u_rows(a, b):
    a[1:, :] = a[:-1, :] - b[1:, :]
    return a


def u_flags(a, b):
    out = np.zeros(a.shape, dtype=np.bool_)
    out[:] = a > b
    return out


UPDATES = [u_iadd, u_imul, u_assign, u_shift_up, u_shift_down, u_flags]


@pytest.mark.parametrize("fn", UPDATES)
@pytest.mark.parametrize("n", [0, 1, 2, 5, 16, 33, 1000])
def test_in_place_and_overlap(fn, n):
    check_with(fn, lambda: _pair((n,), n + 1))


@pytest.mark.parametrize("n", [1, 3, 8])
def test_overlapping_rows(n):
    check_with(u_rows, lambda: _pair((n, 21), n))


@pytest.mark.parametrize("fn", [m_axpy, m_gt, m_where, m_minimum])
def test_parallel_bit_identical(fn):
    a, b = _pair((70_001,), 9)
    serial = oxjit.njit(fn)(a, b)
    par = oxjit.njit(parallel=True)(fn)(a, b)
    _bits_equal(serial, par)
    with np.errstate(all="ignore"):
        ref = fn(a, b)
    assert serial.dtype == ref.dtype
    np.testing.assert_array_equal(serial, ref)
    a2, b2 = _pair((300, 257), 10)
    _bits_equal(oxjit.njit(fn)(a2, b2), oxjit.njit(parallel=True)(fn)(a2, b2))


def test_clif_has_lanes_and_skip_removes_them(monkeypatch):
    a, b = _pair((10,), 1)
    f = oxjit.njit(m_axpy)
    f(a, b)
    assert "f64x2" in _clif(f)
    g = oxjit.njit(m_gt)
    g(a, b)
    clif = _clif(g)
    assert "f64x2" in clif and "i8x16" in clif
    monkeypatch.setenv("OXJIT_SKIP_PASSES", "vector-map")
    for fn in (m_axpy, m_gt):
        h = oxjit.njit(fn)
        h(a, b)
        assert "f64x2" not in _clif(h)


def test_not_for_integer_arrays():
    # int64 elements have no f64x2 form: the scalar loop (values still NumPy's).
    a = np.arange(-7, 30, dtype=np.int64)
    f = oxjit.njit(m_axpy)
    check(m_axpy, a, a[::-1].copy())
    f(a, a)
    assert "f64x2" not in _clif(f)


if given is not None:
    floats = st.floats(allow_nan=True, allow_infinity=True, width=64)

    @settings(max_examples=60, deadline=None)
    @given(
        data=st.data(),
        shape=hnp.array_shapes(min_dims=1, max_dims=2, min_side=0, max_side=40),
        which=st.sampled_from(MAPS),
        order=st.sampled_from(["C", "F", "step"]),
    )
    def test_hypothesis_maps(data, shape, which, order):
        a = data.draw(hnp.arrays(np.float64, shape, elements=floats))
        b = data.draw(hnp.arrays(np.float64, shape, elements=floats))

        def make():
            x, y = a.copy(), b.copy()
            if order == "F":
                return np.asfortranarray(x), np.asfortranarray(y)
            if order == "step":
                return x[..., ::2], y[..., ::2]
            return x, y
        # Any floats: divisions by zero and overflows give NumPy's inf/nan (no exception).
        with cpython_errstate(all="ignore"):
            check_with(which, make)


@pytest.mark.parametrize("fn", MINMAX)
def test_minimum_maximum_nan_payloads_equal_scalar_loop(fn, monkeypatch):
    # Quiet and signalling NaNs of both signs and several payloads, against numbers, zeros of
    # both signs and each other: every lane bit-equal to the scalar instruction sequence.
    bits = [0x7FF8000000000000, 0xFFF8000000000000, 0x7FF0000000000001, 0xFFF4000000000123,
            0x7FF8DEADBEEF0000]
    nans = np.array(bits, dtype=np.uint64).view(np.float64)
    vals = np.concatenate([nans, [0.0, -0.0, 1.0, -np.inf, np.inf, 2.5]])
    a = np.repeat(vals, vals.size)
    b = np.tile(vals, vals.size)
    _bits_equal(oxjit.njit(fn)(a, b), _scalar_loop(fn, monkeypatch, a, b))
    _bits_equal(oxjit.njit(fn)(b, a), _scalar_loop(fn, monkeypatch, b, a))
    assert "f64x2" in _clif(_compiled(fn, a, b))


def _compiled(fn, *args):
    f = oxjit.njit(fn)
    f(*args)
    return f


def u_iadd_row(a, b):
    a += b[0] * 0.5
    return a


def u_self_row(a, b):
    a -= a[0]
    return a


@pytest.mark.parametrize("fn", [u_iadd, u_imul, u_assign, u_iadd_row, u_self_row])
@pytest.mark.parametrize("shape", [(1, 1), (3, 17), (4, 32), (2, 0)])
def test_in_place_2d(fn, shape):
    check_with(fn, lambda: _pair(shape, 13))


if given is not None:
    def _shifted(a, k, j):
        a[k:] = a[: a.shape[0] - k] * 2.0 + a[j:j + a.shape[0] - k]
        return a

    @settings(max_examples=60, deadline=None)
    @given(n=st.integers(0, 70), k=st.integers(0, 70), j=st.integers(0, 70))
    def test_hypothesis_overlapping_views(n, k, j):
        k, j = min(k, n), min(j, k)
        check_with(_shifted, lambda: (np.arange(n, dtype=np.float64) * 0.75 - 3.0, k, j))

"""`oxjit.stencil`: differential tests against a plain-Python reference of the same kernel.

The reference runs the kernel's Python function once per interior point, with each relatively
indexed argument wrapped so that `a[di, dj]` reads `a[i + di, j + dj]`, and fills the border
with `cval` (or leaves `out`'s border alone).
"""
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import oxjit
from oxjit import njit, stencil


class _Relative:
    def __init__(self, array, center):
        self.array = array
        self.center = center

    def __getitem__(self, rel):
        rel = rel if isinstance(rel, tuple) else (rel,)
        return self.array[tuple(c + r for c, r in zip(self.center, rel))]


def reference(sf, *args, dtype, out=None, cval=0):
    """The stencil `sf` computed in CPython; `dtype` is the kernel's return type."""
    params = sf.kernel_func.__code__.co_varnames[:sf.kernel_func.__code__.co_argcount]
    rel = [i for i, p in enumerate(params) if p not in sf.standard_indexing]
    shape = args[rel[0]].shape
    nb = sf.neighborhood
    result = np.full(shape, cval, dtype=dtype) if out is None else out
    ranges = [range(max(0, -lo), min(n, n - hi)) for (lo, hi), n in zip(nb, shape)]
    for idx in np.ndindex(*[len(r) for r in ranges]):
        center = tuple(r[k] for r, k in zip(ranges, idx))
        call = [(_Relative(a, center) if i in rel and isinstance(a, np.ndarray) else a)
                for i, a in enumerate(args)]
        result[center] = sf.kernel_func(*call)
    return result


def check(got, want):
    assert got.dtype == want.dtype
    assert got.shape == want.shape
    np.testing.assert_allclose(got, want, rtol=1e-12)


@stencil
def laplace(a):
    return 0.25 * (a[0, 1] + a[1, 0] + a[0, -1] + a[-1, 0])


@stencil
def diff1(a):
    return a[1] - a[-1]


@stencil
def box3(a):
    return a[-1, -1, -1] + a[1, 1, 1] + a[0, 0, 0] + a[1, 0, -1]


@stencil(neighborhood=((-2, 2),))
def window_sum(a):
    s = 0
    for i in range(-2, 3):
        s += a[i]
    return s


@stencil(neighborhood=((-1, 1), (-2, 2)))
def window2(a):
    s = 0.0
    for i in range(-1, 2):
        for j in range(-2, 3):
            s += a[i, j]
    return s / 15


@stencil(cval=-1.5)
def with_cval(a):
    return a[0, 1] * 2.0 + a[-1, 0]


@stencil(standard_indexing=("w",))
def weighted(a, w):
    return w[0] * a[-1] + w[1] * a[0] + w[2] * a[1]


@stencil
def two_inputs(a, b):
    return a[0, 1] * b[-1, 0] + a[0, 0]


@stencil
def branchy(a):
    if a[0] > 0:
        return a[1] + a[0]
    return a[-1] - a[0]


@stencil
def with_scalar(a, c):
    return a[1] * c + a[-1]


def test_laplace_float_2d():
    a = np.random.default_rng(0).random((7, 9))
    check(laplace(a), reference(laplace, a, dtype=np.float64))


@pytest.mark.parametrize("dt", [np.float64, np.int64, np.float32])
def test_1d_dtypes(dt):
    a = (np.random.default_rng(1).random(13) * 100).astype(dt)
    got = diff1(a)
    check(got, reference(diff1, a, dtype=dt))


def test_int_sum_3d():
    a = np.random.default_rng(2).integers(-50, 50, (5, 6, 7))
    check(box3(a), reference(box3, a, dtype=np.int64))
    assert box3.neighborhood == ((-1, 1), (-1, 1), (-1, 1))


def test_neighborhood_loops():
    a = np.random.default_rng(3).integers(0, 10, 11)
    check(window_sum(a), reference(window_sum, a, dtype=np.int64))
    b = np.random.default_rng(4).random((6, 8))
    check(window2(b), reference(window2, b, dtype=np.float64))


def test_cval():
    a = np.random.default_rng(5).random((5, 5))
    got = with_cval(a)
    check(got, reference(with_cval, a, dtype=np.float64, cval=-1.5))
    assert got[0, 0] == -1.5


def test_standard_indexing_and_scalars():
    a = np.random.default_rng(6).random(10)
    w = np.array([0.25, 0.5, 0.25])
    check(weighted(a, w), reference(weighted, a, w, dtype=np.float64))
    check(with_scalar(a, 3.0), reference(with_scalar, a, 3.0, dtype=np.float64))


def test_two_inputs_and_shape_mismatch():
    rng = np.random.default_rng(7)
    a, b = rng.random((4, 6)), rng.random((4, 6))
    check(two_inputs(a, b), reference(two_inputs, a, b, dtype=np.float64))
    with pytest.raises(ValueError, match="must have the shape"):
        two_inputs(a, rng.random((4, 5)))


def test_kernel_with_branches():
    a = np.random.default_rng(8).integers(-5, 5, 12)
    check(branchy(a), reference(branchy, a, dtype=np.int64))


def test_out_keyword_keeps_border():
    a = np.random.default_rng(9).random((6, 6))
    out = np.full((6, 6), 7.0)
    got = laplace(a, out=out)
    assert got is out
    want = reference(laplace, a, dtype=np.float64, out=np.full((6, 6), 7.0))
    check(out, want)
    with pytest.raises(ValueError, match="output array"):
        laplace(a, out=np.zeros((5, 6)))


def test_small_arrays_are_all_border():
    for shape in [(1, 1), (2, 5), (0, 3)]:
        a = np.ones(shape)
        check(laplace(a), np.zeros(shape))


@njit
def call_inside(a):
    return laplace(a) + 1


@njit(parallel=True)
def call_inside_parallel(a):
    return laplace(a) * 2


@njit(parallel=True)
def call_inside_parallel_loop(a):
    return window_sum(a)


@njit
def call_inside_out(a, out):
    with_cval(a, out=out)
    return out.sum()


def test_inside_njit():
    a = np.random.default_rng(10).random((8, 5))
    check(call_inside(a), reference(laplace, a, dtype=np.float64) + 1)
    check(call_inside_parallel(a), reference(laplace, a, dtype=np.float64) * 2)
    b = np.random.default_rng(11).integers(0, 100, 1000)
    check(call_inside_parallel_loop(b), reference(window_sum, b, dtype=np.int64))
    out = np.zeros((8, 5))
    total = call_inside_out(a, out)
    want = reference(with_cval, a, dtype=np.float64, out=np.zeros((8, 5)))
    check(out, want)
    assert total == pytest.approx(want.sum())


def test_parallel_loop_is_a_prange():
    a = np.random.default_rng(12).random((4, 4))
    call_inside_parallel(a)
    assert call_inside_parallel.parallel_loops and sum(call_inside_parallel.parallel_loops) >= 1


@settings(max_examples=25, deadline=None)
@given(st.integers(1, 9), st.integers(1, 9), st.sampled_from([np.float64, np.int64]),
       st.integers(0, 2**31))
def test_random_shapes(n0, n1, dt, seed):
    a = (np.random.default_rng(seed).random((n0, n1)) * 20 - 10).astype(dt)
    check(two_inputs(a, a[::-1].copy()), reference(two_inputs, a, a[::-1].copy(), dtype=dt))
    check(with_cval(a), reference(with_cval, a, dtype=np.float64, cval=-1.5))


@stencil(neighborhood=((1, 2),))
def forward(a):
    return a[1] * 10 + a[2]


def test_one_sided_neighborhood_and_promotion():
    a = np.random.default_rng(13).integers(0, 9, 9).astype(np.int32)
    check(forward(a), reference(forward, a, dtype=np.int64))
    b = np.random.default_rng(14).random((5, 6)).astype(np.float32)
    # 0.25 * float32 is float64 under Numba's (and oxjit's) scalar typing.
    check(laplace(b), reference(laplace, b, dtype=np.float64))


def test_errors():
    def nonconst(a):
        n = 1
        return a[n]

    with pytest.raises(oxjit.UnsupportedError, match="neighborhood") as info:
        stencil(nonconst)(np.ones(5))
    assert "test_stencil.py:" in str(info.value)

    @stencil(neighborhood=((-1, 1),))
    def outside(a):
        return a[2]

    with pytest.raises(oxjit.UnsupportedError, match="outside the neighborhood"):
        outside(np.ones(5))

    @stencil
    def mixed(a):
        return a[0] + a[0, 1]

    with pytest.raises(oxjit.UnsupportedError, match="dimension"):
        mixed(np.ones((3, 3)))

    @stencil
    def writes(a):
        a[0] = 1
        return a[0]

    with pytest.raises(oxjit.UnsupportedError, match="cannot assign"):
        writes(np.ones(3))

    with pytest.raises(ValueError, match="mode"):
        stencil("reflect")
    with pytest.raises(ValueError, match="standard_indexing"):
        stencil(standard_indexing=("zz",))(diff1.kernel_func)(np.ones(3))
    with pytest.raises(TypeError, match="unexpected keyword"):
        stencil(bogus=1)

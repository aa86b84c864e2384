"""``oxjit.vectorize``: real NumPy ufuncs from scalar functions, checked against the same
function applied element by element in Python (``numpy.vectorize`` with the same output dtype).
"""
import gc
import math
import weakref

import numpy as np
import pytest

import oxjit
from oxjit import vectorize
from oxjit._vectorize import ufunc_loops


def axpb(a, x, b):
    return a * x + b


def add(x, y):
    return x + y


def floordiv(x, y):
    return x // y


def expo(x):
    return math.exp(x) - 1.0


def clipped(x, y):
    if x > y:
        return x - y
    return y - x


def reference(fn, dtype, *args):
    """The function applied in Python per element, with the ufunc's output dtype."""
    return np.vectorize(fn, otypes=[dtype])(*args)


def sample(dtype, shape, seed=0):
    rng = np.random.default_rng(seed)
    if dtype == np.bool_:
        return rng.integers(0, 2, shape).astype(np.bool_)
    if np.issubdtype(dtype, np.integer):
        hi = 100 if dtype == np.uint8 else 1000
        return rng.integers(1, hi, shape).astype(dtype)
    return rng.uniform(-10, 10, shape).astype(dtype)


def test_returns_a_real_ufunc():
    u = vectorize(["float64(float64, float64)", "int64(int64, int64)"])(add)
    assert isinstance(u, np.ufunc)
    assert u.nin == 2 and u.nout == 1
    assert u.types == ["dd->d", "ll->l"]
    assert u.__name__ == "add"


@pytest.mark.parametrize("dtype", ["float64", "float32", "int64", "int32", "uint8"])
def test_values_and_dtypes_per_dtype(dtype):
    u = vectorize([f"{dtype}({dtype}, {dtype})"])(clipped)
    x, y = sample(np.dtype(dtype), 50, 1), sample(np.dtype(dtype), 50, 2)
    got = u(x, y)
    assert got.dtype == np.dtype(dtype)
    # The scalar function computes in int64/float64/float32; the store casts as C does.
    want = reference(clipped, dtype, x.astype(object), y.astype(object)) if dtype == "uint8" \
        else reference(clipped, dtype, x, y)
    np.testing.assert_array_equal(got, want)


def test_bool_dtype():
    def either(a, b):
        return a or b

    u = vectorize(["boolean(boolean, boolean)"])(either)
    a, b = sample(np.bool_, 40, 3), sample(np.bool_, 40, 4)
    got = u(a, b)
    assert got.dtype == np.bool_
    np.testing.assert_array_equal(got, a | b)


def test_three_inputs_and_string_shorthand():
    u = vectorize("f8(f8, f8, f8)")(axpb)
    a, x, b = (sample(np.float64, 20, s) for s in range(3))
    np.testing.assert_array_equal(u(a, x, b), a * x + b)


def test_oxjit_types_signatures():
    from oxjit import float64, int64

    u = vectorize([float64(float64, float64), int64(int64, int64)])(add)
    assert u.types == ["dd->d", "ll->l"]


def test_result_converted_to_declared_output():
    # int arithmetic compiled, float64 output: converted in the loop.
    u = vectorize(["float64(int64, int64)"])(add)
    got = u(np.arange(5), np.arange(5))
    assert got.dtype == np.float64
    np.testing.assert_array_equal(got, np.arange(5) * 2.0)
    # float result into an int output: truncation, as a C cast.
    t = vectorize(["int64(float64)"])(expo)
    x = np.array([0.5, 1.0, 2.0, 3.3])
    np.testing.assert_array_equal(t(x), (np.exp(x) - 1.0).astype(np.int64))


def test_broadcasting():
    u = vectorize(["float64(float64, float64)"])(clipped)
    a = sample(np.float64, (3, 1), 5)
    b = sample(np.float64, (4,), 6)
    got = u(a, b)
    assert got.shape == (3, 4)
    np.testing.assert_array_equal(got, np.abs(a - b))


def test_out_argument():
    u = vectorize(["float64(float64, float64)"])(add)
    a, b = sample(np.float64, 10, 7), sample(np.float64, 10, 8)
    out = np.empty(10)
    r = u(a, b, out=out)
    assert r is out
    np.testing.assert_array_equal(out, a + b)


def test_reduce_with_identity_and_accumulate():
    u = vectorize(["int64(int64, int64)", "float64(float64, float64)"], identity=0)(add)
    a = np.arange(1, 11)
    assert u.identity == 0
    assert u.reduce(a) == 55
    assert u.reduce(np.array([], dtype=np.int64)) == 0
    np.testing.assert_array_equal(u.accumulate(a), np.cumsum(a))
    m = sample(np.float64, (4, 5), 9)
    np.testing.assert_allclose(u.reduce(m, axis=0), m.sum(axis=0))
    np.testing.assert_array_equal(u.outer(np.arange(3), np.arange(4)),
                                  np.add.outer(np.arange(3), np.arange(4)))


def test_reduce_without_identity_on_empty_raises():
    u = vectorize(["int64(int64, int64)"])(add)
    with pytest.raises(ValueError):
        u.reduce(np.array([], dtype=np.int64))


def test_non_contiguous_and_zero_d():
    u = vectorize(["float64(float64, float64)"])(clipped)
    m = sample(np.float64, (6, 8), 10)
    a, b = m[::2, ::3], m.T[1:4, ::2]
    np.testing.assert_array_equal(u(a, b), np.abs(a - b))
    z = u(np.array(3.0), np.array(5.0))
    assert np.ndim(z) == 0 and z == 2.0


def test_python_scalars_and_casting():
    u = vectorize(["float64(float64, float64)"])(add)
    assert u(1.5, 2.0) == 3.5
    # ints are cast to the float64 loop by NumPy.
    r = u(np.arange(4), 1)
    assert r.dtype == np.float64
    np.testing.assert_array_equal(r, np.arange(4) + 1.0)
    assert u(2, 3) == 5.0


def test_exception_class_and_message():
    u = vectorize(["int64(int64, int64)"])(floordiv)
    with pytest.raises(ZeroDivisionError, match="integer division or modulo by zero"):
        u(np.arange(10), 0)
    with pytest.raises(ZeroDivisionError):
        u(7, 0)
    # The ufunc stays usable after an error.
    np.testing.assert_array_equal(u(np.arange(10), 3), np.arange(10) // 3)


def test_exception_in_parallel_loop():
    u = vectorize(["int64(int64, int64)"], target="parallel")(floordiv)
    b = np.ones(1 << 18, dtype=np.int64)
    b[-5] = 0
    with pytest.raises(ZeroDivisionError, match="integer division or modulo by zero"):
        u(np.arange(1 << 18), b)


def test_index_error_message_matches_dispatcher():
    def pick(i):
        t = np.zeros(3)
        return t[i]

    u = vectorize(["float64(int64)"])(pick)
    with pytest.raises(IndexError) as ours:
        u(np.array([0, 7]))
    with pytest.raises(IndexError) as theirs:
        oxjit.njit(pick)(7)
    assert str(ours.value) == str(theirs.value)


def test_compile_errors_are_oxjit_errors():
    def bad(x):
        return undefined_name + x  # noqa: F821

    with pytest.raises(oxjit.OxjitError):
        vectorize(["float64(float64)"])(bad)
    with pytest.raises(TypeError):
        vectorize(["float64(float64[:])"])(expo)
    with pytest.raises(TypeError):
        vectorize(["float64(float64, float64)"])(expo)
    with pytest.raises(ValueError):
        vectorize(["float64(float64)"], identity=5)(expo)
    with pytest.raises(ValueError):
        vectorize(["float64(float64)"], target="cuda")(expo)


def test_options_accepted():
    with pytest.warns(oxjit.OxjitWarning):
        u = vectorize(["float64(float64)"], nopython=True, cache=True, target="cpu")(expo)
    assert u(0.0) == 0.0


def test_lazy_dufunc_compiles_new_loops():
    d = vectorize(add)
    assert isinstance(d, oxjit.DUFunc)
    assert d.__name__ == "add" and d.nin == 2 and d.nout == 1
    assert d.types == []
    np.testing.assert_array_equal(d(np.arange(3), np.arange(3)), np.arange(3) * 2)
    assert d.types == ["ll->l"]
    r = d(np.ones(3), 2.5)
    assert r.dtype == np.float64 and d.types == ["ll->l", "dd->d"]
    f32 = d(np.ones(3, np.float32), np.ones(3, np.float32))
    assert f32.dtype == np.float32
    assert len(d.types) == 3
    d(np.arange(3), np.arange(3))  # no new loop
    assert len(d.types) == 3
    assert isinstance(d.ufunc, np.ufunc)
    assert len(ufunc_loops(d)) == 3


def test_lazy_dufunc_methods_and_decorator_forms():
    @vectorize(identity=0)
    def plus(x, y):
        """Add two numbers."""
        return x + y

    assert plus.__doc__ == "Add two numbers."
    assert plus.reduce(np.arange(5)) == 10
    np.testing.assert_array_equal(plus.accumulate(np.arange(5.0)), np.cumsum(np.arange(5.0)))
    np.testing.assert_array_equal(plus.outer(np.arange(2), np.arange(3)),
                                  np.add.outer(np.arange(2), np.arange(3)))
    assert plus.reduce(np.array([], dtype=np.int64)) == 0

    @vectorize()
    def neg(x):
        return -x

    np.testing.assert_array_equal(neg(np.arange(4)), -np.arange(4))
    out = np.empty(4)
    neg(np.arange(4.0), out=out)
    np.testing.assert_array_equal(out, -np.arange(4.0))


def test_lazy_dufunc_exception():
    d = vectorize(floordiv)
    with pytest.raises(ZeroDivisionError):
        d(np.arange(4), 0)


def test_parallel_equals_serial():
    serial = vectorize(["float64(float64, float64, float64)"])(axpb)
    par = vectorize(["float64(float64, float64, float64)"], target="parallel")(axpb)
    n = 10 ** 6
    a, x, b = (sample(np.float64, n, s) for s in range(3))
    np.testing.assert_array_equal(par(a, x, b), serial(a, x, b))
    np.testing.assert_array_equal(par(a[::2], x[::2], 1.5), serial(a[::2], x[::2], 1.5))
    lazy = vectorize(target="parallel")(expo)
    np.testing.assert_array_equal(lazy(x), vectorize(expo)(x))


def test_ufunc_owns_its_code():
    u = vectorize(["float64(float64)"])(expo)
    loops = ufunc_loops(u)
    ref = weakref.ref(loops[0])
    del loops
    np.testing.assert_allclose(u(np.array([1.0])), [math.e - 1.0])
    del u
    gc.collect()
    assert ref() is None


def test_no_leak():
    u = vectorize(["float64(float64, float64)"])(add)
    d = vectorize(add)
    a = np.ones(8)
    for _ in range(1000):
        u(a, a)
        d(a, a)
    gc.collect()
    before = oxjit._oxjit.live_allocations()
    from test_memory import rss_bytes

    rss = rss_bytes()
    for _ in range(100_000):
        u(a, a)
        d(a, 1.0)
    gc.collect()
    assert oxjit._oxjit.live_allocations() == before
    assert rss_bytes() - rss < 20 * 1024 * 1024
    # Building and dropping ufuncs releases their code.
    for _ in range(200):
        vectorize(["float64(float64)"])(expo)
    gc.collect()
    assert oxjit._oxjit.live_allocations() == before


def test_where_reduceat_and_at():
    u = vectorize(["float64(float64, float64)"])(add)
    a, b = np.arange(6.0), np.ones(6)
    out = np.full(6, -1.0)
    u(a, b, out=out, where=a > 2)
    np.testing.assert_array_equal(out, np.where(a > 2, a + 1, -1.0))
    d = vectorize(add)
    np.testing.assert_array_equal(d.reduceat(np.arange(8), [0, 4]), [6, 22])
    x = np.zeros(4, dtype=np.int64)
    d.at(x, [0, 0, 2], 5)
    np.testing.assert_array_equal(x, [10, 0, 5, 0])


# guvectorize: generalized ufuncs over core dimensions.


def gu_dot(x, y, res):
    acc = 0
    for i in range(x.shape[0]):
        acc += x[i] * y[i]
    res[0] = acc


def gu_shift(x, c, out):
    for i in range(x.shape[0]):
        out[i] = x[i] // c


def gu_matvec(m, v, out):
    for i in range(m.shape[0]):
        acc = 0.0
        for j in range(m.shape[1]):
            acc += m[i, j] * v[j]
        out[i] = acc


def test_guvectorize_reduction_layout():
    g = oxjit.guvectorize(["void(float64[:], float64[:], float64[:])",
                           "void(int64[:], int64[:], int64[:])"], "(n),(n)->()")(gu_dot)
    assert isinstance(g, np.ufunc) and g.signature == "(n),(n)->()"
    assert g.types == ["dd->d", "ll->l"]
    x, y = sample(np.float64, (5, 3), 11), sample(np.float64, 3, 12)
    np.testing.assert_allclose(g(x, y), x @ y, rtol=1e-14)
    xi = np.arange(12).reshape(4, 3)
    got = g(xi, np.arange(3))
    assert got.dtype == np.int64
    np.testing.assert_array_equal(got, xi @ np.arange(3))
    out = np.empty(5)
    g(x, y, out=out)
    np.testing.assert_allclose(out, x @ y, rtol=1e-14)


def test_guvectorize_scalar_input_strides_and_errors():
    g = oxjit.guvectorize(["void(int64[:], int64, int64[:])"], "(n),()->(n)")(gu_shift)
    m = np.arange(24).reshape(4, 6)[:, ::2]
    c = np.array([1, 2, 3, 4])
    np.testing.assert_array_equal(g(m, c), m // c[:, None])
    np.testing.assert_array_equal(g(m, 3), m // 3)
    with pytest.raises(ZeroDivisionError, match="integer division or modulo by zero"):
        g(m, 0)


def test_guvectorize_matrix_core():
    g = oxjit.guvectorize(["void(float64[:, :], float64[:], float64[:])"],
                          "(m,n),(n)->(m)")(gu_matvec)
    a, v = sample(np.float64, (2, 3, 4), 13), sample(np.float64, 4, 14)
    np.testing.assert_allclose(g(a, v), a @ v, rtol=1e-14)
    np.testing.assert_allclose(g(a.transpose(0, 2, 1).copy().transpose(0, 2, 1), v), a @ v,
                               rtol=1e-14)


def test_guvectorize_rejects_bad_declarations():
    with pytest.raises(ValueError):
        oxjit.guvectorize(["void(float64[:], float64[:], float64[:])"], "(n),(n)")(gu_dot)
    with pytest.raises(TypeError):
        oxjit.guvectorize(["void(float64[:], float64[:], float64)"], "(n),(n)->()")(gu_dot)
    with pytest.raises(TypeError):
        oxjit.guvectorize(["void(float64[:], float64[:])"], "(n),(n)->()")(gu_dot)


def test_guvectorize_parallel_target_warns_and_runs():
    with pytest.warns(oxjit.OxjitWarning):
        g = oxjit.guvectorize(["void(float64[:], float64[:], float64[:])"], "(n),(n)->()",
                              target="parallel")(gu_dot)
    x = sample(np.float64, (3, 4), 15)
    np.testing.assert_allclose(g(x, x), (x * x).sum(axis=1), rtol=1e-14)

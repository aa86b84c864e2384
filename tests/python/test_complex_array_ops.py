"""Element-wise operations on complex arrays (differential against NumPy, values compared
exactly with the sign of zero, NaN and inf included): ``+ - * /`` with complex, real and
integer arrays and Python numbers (NumPy's promotion, NEP 50 weak scalars), ``-a``/``+a``,
``==``/``!=``, in-place operators, slice assignment, broadcasting; ``abs``, ``real``/``imag``
(views), ``angle``, ``conj``, ``copy``. Operands in C order, Fortran order and strided or
reversed views; complex64 and complex128. The product and quotient follow NumPy's loops (fused
multiply-adds, Smith's division), so results agree bit for bit.
"""
import numpy as np
import pytest

import oxjit
from diff import check, check_with, cpython_errstate

C = [np.complex128, np.complex64]
CIDS = ["c128", "c64"]


def _samples(dtype, shape, seed=0, special=True):
    rng = np.random.default_rng(seed * 100 + int(np.prod(shape)))
    a = rng.standard_normal(shape) + 1j * rng.standard_normal(shape)
    if np.dtype(dtype).kind != "c":
        a = a.real * 4
    if special and a.size > 3 and np.dtype(dtype).kind in "fc":
        a.flat[0] = complex(-0.0, np.inf) if np.dtype(dtype).kind == "c" else np.inf
        a.flat[1] = complex(np.nan, 1.5) if np.dtype(dtype).kind == "c" else np.nan
        a.flat[2] = 0
    return a.astype(dtype)


def _layouts(a):
    out = [a.copy(), np.asfortranarray(a), a[::-1]]
    if a.ndim == 2:
        out.append(a[::2, ::-1])
        out.append(a.T)
    return out


def add(a, b):
    return a + b


def sub(a, b):
    return a - b


def mul(a, b):
    return a * b


def div(a, b):
    return a / b


def eq(a, b):
    return a == b


def ne(a, b):
    return a != b


def neg(a):
    return -a


def pos(a):
    return +a


def chain(a, b):
    return (a * b - a / 2.0) + 1j * b - 3


OPS = [add, sub, mul, div]


@pytest.mark.parametrize("dtype", C, ids=CIDS)
@pytest.mark.parametrize("shape", [(7,), (3, 4)], ids=["1d", "2d"])
def test_arithmetic_complex_complex(dtype, shape):
    a = _samples(dtype, shape, 1)
    b = _samples(dtype, shape, 2)
    with cpython_errstate(all="ignore"):
        for x in _layouts(a):
            for y in _layouts(b)[:3]:
                for f in OPS + [eq, ne, chain]:
                    check(f, x, y)
            check(eq, x, x)
            check(neg, x)
            check(pos, x)


DTYPES = [np.complex128, np.complex64, np.float64, np.float32, np.int64, np.int32, np.uint8,
          np.bool_]


@pytest.mark.parametrize("da", DTYPES[:2], ids=CIDS)
@pytest.mark.parametrize("db", DTYPES, ids=[np.dtype(d).name for d in DTYPES])
def test_promotion_with_arrays(da, db):
    a = _samples(da, (6,), 3)
    b = _samples(db, (6,), 4, special=False)
    if db is np.bool_:
        b = np.array([True, False, True, True, False, True])
    with cpython_errstate(all="ignore"):
        for f in OPS + [eq, ne]:
            check(f, a, b)
            check(f, b, a)


def mul_2(a):
    return a * 2.0


def add_int(a):
    return a + 3


def mul_j(a):
    return a * 1j


def rsub_c(a):
    return (1 - 2j) - a


def rdiv(a):
    return 1 / a


def div_c(a):
    return a / (0.5 + 2j)


def eq_tenth(a):
    return a == 0.1


def ne_j(a):
    return a != 1j


def bool_times(a):
    return a * True


@pytest.mark.parametrize("dtype", DTYPES[:4], ids=["c128", "c64", "f64", "f32"])
def test_weak_python_scalars(dtype):
    a = _samples(dtype, (5, 2), 5)
    with cpython_errstate(all="ignore"):
        for f in [mul_2, add_int, mul_j, rsub_c, rdiv, div_c, eq_tenth, ne_j, bool_times]:
            if np.dtype(dtype).kind == "f" and f in (mul_2, add_int, eq_tenth, rdiv, bool_times):
                continue
            for x in _layouts(a):
                check(f, x)


def test_int_arrays_with_complex_numbers():
    for d in (np.int64, np.int32, np.uint8, np.bool_):
        x = np.arange(5).astype(d)
        check(mul_j, x)
        check(div_c, x)
        check(rsub_c, x)


def test_division_special_values():
    vals = [0, -0.0, 1, -2.5, np.inf, -np.inf, np.nan, 1e308, 1e-308]
    z = np.array([complex(r, i) for r in vals for i in vals])
    a = np.repeat(z, len(z))
    b = np.tile(z, len(z))
    with cpython_errstate(all="ignore"):
        for f in OPS + [eq, ne]:
            check(f, a, b)
            with np.errstate(over="ignore"):
                a64, b64 = a.astype(np.complex64), b.astype(np.complex64)
            check(f, a64, b64)


def test_broadcasting():
    a = _samples(np.complex128, (3, 1), 6)
    b = _samples(np.complex64, (4,), 7)
    x = np.arange(4.0)
    with cpython_errstate(all="ignore"):
        for f in OPS + [eq]:
            check(f, a, b)
            check(f, b, a)
            check(f, a, x)
            check(f, x[None, :], a)
    with pytest.raises(ValueError):
        oxjit.njit(add)(np.ones(3, np.complex128), np.ones(4, np.complex128))


def test_empty_arrays():
    for d in C:
        e = np.zeros(0, d)
        for f in OPS + [eq]:
            check(f, e, e)
        check(neg, np.zeros((0, 3), d))
        check(mul_j, np.zeros((2, 0), np.float32))


def iadd(a, b):
    a += b
    return a


def isub(a, b):
    a -= b
    return a


def imul(a, b):
    a *= b
    return a


def idiv(a, b):
    a /= b
    return a


def imul_2(a):
    a *= 2
    return a


def iadd_j(a):
    a += 1j
    return a


def shift_add(a):
    a[1:] += a[:-1]
    return a


@pytest.mark.parametrize("dtype", C, ids=CIDS)
def test_in_place(dtype):
    a = _samples(dtype, (4, 3), 8)
    for b in [_samples(np.complex128, (4, 3), 9), _samples(np.complex64, (3,), 10),
              np.arange(3.0), 2.5, 1 - 1j]:
        for f in (iadd, isub, imul, idiv):
            for x in _layouts(a)[:3]:
                with cpython_errstate(all="ignore"):
                    check_with(f, lambda x=x, b=b: (x.copy(), b))
                    view = _samples(dtype, (8, 3), 8)
                    check_with(f, lambda v=view, b=b: (v[::2], b))
    check(imul_2, a)
    check(iadd_j, a)
    check(shift_add, _samples(dtype, (9,), 11))


def real_iadd_complex(x):
    x += 1j
    return x


def test_in_place_complex_into_real_is_a_type_error():
    with pytest.raises(oxjit.TypingError, match="same_kind"):
        oxjit.njit(real_iadd_complex)(np.zeros(3))
    with pytest.raises(oxjit.TypingError, match="same_kind"):
        oxjit.njit(iadd)(np.zeros(3), np.ones(3, np.complex64))


def slice_zero(a):
    a[1:] = 0
    return a


def slice_all(a, b):
    a[:] = b
    return a


def slice_row(a, z):
    a[1, :] = z
    a[:, 0] = 7
    return a


def overlap(a):
    a[1:] = a[:-1]
    return a


def part_writes(a):
    a.real[:] = 0
    a.imag[1:] = 2.5
    return a


def test_slice_assignment():
    for d in C:
        a = _samples(d, (6,), 12)
        for x in _layouts(a):
            check(slice_zero, x)
            check(slice_all, x, _samples(np.complex128, (6,), 13))
            check(slice_all, x, np.arange(6.0))
            check(slice_all, x, 2 - 1j)
            check(overlap, x)
            check(part_writes, x)
        m = _samples(d, (3, 4), 14)
        for x in _layouts(m):
            check(slice_row, x, 1j)
            check(slice_row, x, 3)
    with pytest.raises(ValueError):
        oxjit.njit(slice_all)(np.zeros(3, np.complex128), np.ones(4, np.complex128))


def np_abs(a):
    return np.abs(a)


def np_absolute(a):
    return np.absolute(a)


def builtin_abs(a):
    return abs(a)


def np_real(a):
    return np.real(a)


def np_imag(a):
    return np.imag(a)


def attr_parts(a):
    return a.real, a.imag


def parts_sum(a):
    return a.real + 2 * a.imag


def np_angle(a):
    return np.angle(a)


def np_angle_rad(a):
    return np.angle(a, deg=False)


def conjugates(a):
    return np.conj(a), np.conjugate(a), a.conj(), a.conjugate()


def copies(a):
    b = a.copy()
    c = np.copy(a)
    b[0] = 5
    return b, c


def transposed(a):
    return a.T


@pytest.mark.parametrize("dtype", C, ids=CIDS)
def test_functions(dtype):
    a = _samples(dtype, (4, 5), 15)
    big = np.array([1e300 + 1e300j, 3e-310 + 4e-310j, complex(np.inf, np.nan),
                    complex(np.nan, -np.inf), 3 + 4j, -0.0 - 0j])
    with np.errstate(over="ignore"):
        big = big.astype(dtype)
    for x in _layouts(a) + [big]:
        for f in (np_abs, np_absolute, builtin_abs, np_real, np_imag, attr_parts, parts_sum,
                  conjugates, copies):
            check(f, x)
        # `angle` is libm's atan2; NumPy >= 2.4 runs contiguous arrays through its own SIMD
        # atan2, which can differ in the last place.
        ulp = np.finfo(np.float32 if dtype == np.complex64 else np.float64).eps
        for f in (np_angle, np_angle_rad):
            check(f, x, rtol=2 * ulp)
    check(transposed, a)


def test_real_views_share_memory():
    a = _samples(np.complex128, (5,), 16)
    r, i = oxjit.njit(attr_parts)(a)
    assert np.shares_memory(r, a) and np.shares_memory(i, a)
    r[0] = 42
    assert a[0].real == 42


def angle_deg(a):
    return np.angle(a, deg=True)


def real_of_real(x):
    return np.real(x)


def test_refusals():
    with pytest.raises(oxjit.UnsupportedError, match="deg"):
        oxjit.njit(angle_deg)(np.ones(2, np.complex128))
    with pytest.raises(oxjit.UnsupportedError, match="complex arrays only"):
        oxjit.njit(real_of_real)(np.ones(2))
    with pytest.raises(oxjit.UnsupportedError, match="int16"):
        oxjit.njit(add)(np.ones(2, np.complex128), np.ones(2, np.int16))


def raveled(a):
    return a.ravel(), np.ravel(a), np.transpose(a)


def test_ravel_and_transpose():
    for d in C:
        for x in _layouts(_samples(d, (3, 4), 17)):
            check(raveled, x)


def np_exp(a):
    return np.exp(a)


def np_log(a):
    return np.log(a)


def np_sqrt(a):
    return np.sqrt(a)


def test_exp_log_sqrt():
    # CPython's cmath algorithms per element: complex128 exp and sqrt agree with NumPy bit for
    # bit on finite values, log within an ulp; complex64 is computed in double precision and
    # rounded once (NumPy computes in single precision): within 2 ulp.
    for d, rtol in ((np.complex128, 1e-15), (np.complex64, 3e-7)):
        a = _samples(d, (4, 6), 18, special=False) * 3
        for x in _layouts(a):
            for f in (np_exp, np_log, np_sqrt):
                check(f, x, rtol=rtol)
        special = np.array([1j, -1, -4 + 0j, 0.5 - 0j, 1e30 + 1e30j]).astype(d)
        check(np_sqrt, special, rtol=rtol)


def np_sum(a):
    return np.sum(a)


def method_sum(a):
    return a.sum()


def prods(a):
    return np.prod(a), a.prod()


def means(a):
    return np.mean(a), a.mean()


def sum_axis_none(a):
    return np.sum(a, axis=None)


@pytest.mark.parametrize("dtype", C, ids=CIDS)
def test_reductions(dtype):
    # Sums are NumPy's pairwise sums in C order: equal bit for bit for C-contiguous and 1-D
    # inputs; other layouts are summed in another order by NumPy (rtol).
    rtol = 1e-12 if dtype is np.complex128 else 1e-5
    for n in (0, 1, 3, 5, 17, 64, 65, 129, 1000, 20001):
        x = _samples(dtype, (n,), 19, special=False)
        for f in (np_sum, method_sum, sum_axis_none):
            check(f, x)
            check(f, x[::-1])
        if n:
            check(means, x)
        check(prods, x[:40] / 2, rtol=rtol)
    m = _samples(dtype, (30, 7), 20, special=False)
    for x in _layouts(m):
        check(np_sum, x, rtol=rtol)
        check(means, x, rtol=rtol)
    check(np_sum, m)
    check(np_sum, _samples(dtype, (9,), 21))


def creations(n, z):
    a = np.ones(n, np.complex128)
    b = np.full((2, n), z, np.complex64)
    c = np.full(n, z)
    return a, b, c


def likes(a):
    return (np.zeros_like(a), np.ones_like(a), np.full_like(a, 2 - 1j), np.empty_like(a).shape,
            np.ones_like(a, dtype=np.float64), np.zeros(3, a.dtype))


def full_real_with_complex(n):
    return np.full(n, 1j, np.float64)


def test_creation():
    check(creations, 3, 1.5 - 2j)
    check(creations, 0, 1j)
    check(creations, 4, 2.5)
    for d in C:
        for x in _layouts(_samples(d, (3, 4), 22)):
            check(likes, x)
    with pytest.raises(oxjit.TypingError, match="complex number"):
        oxjit.njit(full_real_with_complex)(3)


def mixed_expressions(c, x):
    y = c * (x + 1.0)
    z = np.abs(c) + x * 2
    w = (c * 2).real + 1
    v = np.sqrt(x) * 1j + c.imag
    return y, z, w, v, (c + x).sum()


def element_then_part_write(a):
    first = a[0]
    a.real[:] = 0
    return first, a[0]


def in_loop(a, n):
    out = np.zeros_like(a)
    for k in range(n):
        out += a * k
        out[0] = out[0] - 1j
    return out


def test_mixed_with_real_expressions_and_aliases():
    for d in C:
        c = _samples(d, (5,), 23, special=False)
        x = np.arange(5.0)
        check(mixed_expressions, c, x)
        check(mixed_expressions, c[::-1], x[::-1])
        check(element_then_part_write, c)
        check(in_loop, c, 4)


def test_parallel_and_prange():
    c = _samples(np.complex128, (50,), 24, special=False)
    check(in_loop, c, 3, parallel=True)


def test_complex64_products_with_reversed_operands():
    # NumPy's complex64 loops take a scalar path (separately rounded products, `hypot`) when
    # the iteration collapses to one dimension with an operand stepping backwards, and a
    # fused multiply-add SIMD path otherwise; oxjit follows that rule (exact below). For
    # other mixes with a fully reversed 2-D operand NumPy may take the scalar path too: oxjit
    # can then differ in the last bit (within 2 ulp).
    a = _samples(np.complex64, (6, 5), 25, special=False)
    b = _samples(np.complex64, (6, 5), 26, special=False)
    for x in (a[::-1, ::-1], a[::-1], a[:, ::-1]):
        for y in (b, b[::-1, ::-1]):
            check(mul, x, y, rtol=2.4e-7)
    v = _samples(np.complex64, (40,), 27, special=False)
    for x in (v, v[::-1], v[::-3]):
        check(mul, x, v[::-1][: len(x)])
        check(mul_2, x)
        check(np_abs, x)
        check(np_abs, a[::-1, ::-1])


def dots(a, b):
    return np.dot(a, b), np.vdot(a, b), a @ b, a.dot(b)


def test_dot_and_vdot():
    # NumPy calls BLAS (its own summation order): compared within rounding.
    for da, db, rtol in ((np.complex128, np.complex128, 1e-12), (np.complex64, np.complex64, 1e-5),
                         (np.complex128, np.float64, 1e-12), (np.float32, np.complex64, 1e-5),
                         (np.complex64, np.complex128, 1e-12)):
        for n in (0, 1, 7, 100):
            a = _samples(da, (2 * n,), 28, special=False)
            b = _samples(db, (2 * n,), 29, special=False)
            check(dots, a[:n], b[:n], rtol=rtol)
            check(dots, a[::2], b[::-2], rtol=rtol)
    with pytest.raises(ValueError):
        oxjit.njit(dots)(np.ones(3, np.complex128), np.ones(4, np.complex128))

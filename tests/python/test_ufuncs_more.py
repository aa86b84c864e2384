"""NumPy ufuncs added late: `reciprocal`, `bitwise_count`, `ldexp`, `frexp`, `modf`, `divmod`
(tuples of two results), complex `log2`/`log1p`/`expm1`/`exp2`/`square`/`reciprocal`/`sign`/
`rint`/`negative`/`positive`/`isnan`/`isinf`/`isfinite`/`logical_not`, and the gufuncs
`vecdot`, `matvec`, `vecmat` — CPython + NumPy vs oxjit: values (bit for bit for real results),
dtypes and shapes, on C, Fortran and strided arrays, scalars, special values and empty arrays.
"""
import numpy
import pytest
from hypothesis import given, settings, strategies as st

import oxjit
from diff import check, cpython_errstate


def np_reciprocal(a):
    return numpy.reciprocal(a)


def np_bitwise_count(a):
    return numpy.bitwise_count(a)


def np_ldexp(a, b):
    return numpy.ldexp(a, b)


def np_frexp(a):
    return numpy.frexp(a)


def np_modf(a):
    return numpy.modf(a)


def np_divmod(a, b):
    return numpy.divmod(a, b)


def frexp_parts(a):
    m, e = numpy.frexp(a)
    return m * 2.0, e + 1


def divmod_used(a, b):
    q, r = numpy.divmod(a, b)
    return q * b + r


SPECIAL = numpy.array([0.0, -0.0, 1.0, -1.0, 2.5, -2.5, 0.75, 3.0, -7.0, 1e300, -1e-310,
                       5e-324, numpy.inf, -numpy.inf, numpy.nan, 123456.789])
INTS = numpy.array([0, 1, -1, 2, -2, 3, 7, -8, 127, -128, 2 ** 31 - 1, -2 ** 31,
                    2 ** 62, -2 ** 63, 2 ** 63 - 1])


def layouts(a):
    """C, strided (reversed) and Fortran views of `a` (2-D when it has an even length)."""
    yield a
    yield a[::-2]
    if a.size % 2 == 0 and a.size:
        m = a.reshape(2, -1)
        yield numpy.asfortranarray(m)
        yield m.T
        yield m[:, ::-1]


def run(fn, *args, **kw):
    with cpython_errstate(all="ignore"):
        return check(fn, *args, **kw)


# ---------------------------------------------------------------- reciprocal, bitwise_count


@pytest.mark.parametrize("dtype", [numpy.float64, numpy.float32])
def test_reciprocal_float(dtype):
    for a in layouts(SPECIAL.astype(dtype)):
        run(np_reciprocal, a)
    run(np_reciprocal, numpy.zeros(0, dtype))


@pytest.mark.parametrize("dtype", [numpy.int64, numpy.int32, numpy.int16, numpy.int8,
                                   numpy.uint8, numpy.uint16, numpy.uint32, numpy.uint64,
                                   numpy.bool_])
def test_reciprocal_int(dtype):
    # 1 and -1 are their own reciprocals, 0 gives what NumPy's loop gives (int64/int32 minimum,
    # 0 for the narrower and unsigned types), everything else 0.
    a = numpy.array([0, 1, 2, 3, 5, 100, 1, 0], dtype=dtype)
    for x in layouts(a):
        run(np_reciprocal, x)
    if numpy.dtype(dtype).kind == "i":
        run(np_reciprocal, numpy.array([-1, -2, 0, 1, -1, 5], dtype=dtype))


def test_reciprocal_scalars():
    for x in [0, 1, -1, 2, 2.0, -0.0, 0.0, numpy.inf, True, False]:
        run(np_reciprocal, x)


@pytest.mark.parametrize("dtype", [numpy.int64, numpy.int32, numpy.int8, numpy.uint8,
                                   numpy.uint64, numpy.uint32, numpy.bool_])
def test_bitwise_count(dtype):
    a = INTS.astype(dtype)
    for x in layouts(a[:14]):
        r = run(np_bitwise_count, x)
        assert r.dtype == numpy.uint8
    run(np_bitwise_count, numpy.zeros(0, dtype))


def test_bitwise_count_scalars_and_floats():
    for x in [0, -1, 255, -(2 ** 63), True]:
        run(np_bitwise_count, x)
    with pytest.raises(oxjit.TypingError, match="bitwise_count"):
        oxjit.njit(np_bitwise_count)(numpy.ones(3))


# ---------------------------------------------------------------- ldexp, frexp, modf


@pytest.mark.parametrize("xd", [numpy.float64, numpy.float32, numpy.int64, numpy.int32,
                                numpy.int16])
@pytest.mark.parametrize("ed", [numpy.int64, numpy.int32, numpy.int8, numpy.uint8])
def test_ldexp(xd, ed):
    x = numpy.array([1.5, -0.0, 0.0, 3.0, -7.0, 100.0, 1.0, 2.0]).astype(xd)
    e = numpy.array([2, 3, -1, 100, -100, 0, 127, -128]).astype(ed, casting="unsafe")
    for a, b in zip(layouts(x), layouts(e)):
        run(np_ldexp, a, b)
    run(np_ldexp, x.reshape(2, 4), e[:4])


def test_ldexp_special_and_scalars():
    run(np_ldexp, SPECIAL, numpy.arange(16) - 8)
    run(np_ldexp, SPECIAL, 2000)
    run(np_ldexp, SPECIAL, -2000)
    run(np_ldexp, 1.0, 1024)
    run(np_ldexp, 3, 2)
    run(np_ldexp, 1.5, numpy.array([1, 2, 3]))
    run(np_ldexp, numpy.zeros(0), numpy.zeros(0, numpy.int64))


def test_ldexp_refusals():
    with pytest.raises(oxjit.TypingError, match="ldexp"):
        oxjit.njit(np_ldexp)(numpy.ones(3), numpy.ones(3))
    with pytest.raises(oxjit.TypingError, match="ldexp"):
        oxjit.njit(np_ldexp)(numpy.ones(3), numpy.ones(3, numpy.uint64))
    with pytest.raises(oxjit.UnsupportedError, match="float16"):
        oxjit.njit(np_ldexp)(numpy.ones(3, numpy.int8), 2)


@pytest.mark.parametrize("fn", [np_frexp, np_modf, frexp_parts], ids=lambda f: f.__name__)
@pytest.mark.parametrize("dtype", [numpy.float64, numpy.float32, numpy.int64, numpy.int32,
                                   numpy.int16])
def test_frexp_modf(fn, dtype):
    a = SPECIAL if numpy.dtype(dtype).kind == "f" else INTS
    with numpy.errstate(all="ignore"):
        a = a.astype(dtype)
    for x in layouts(a[:14]):
        r = run(fn, x)
        if fn is np_frexp:
            assert r[1].dtype == numpy.int32
    run(fn, numpy.zeros(0, dtype))


def test_frexp_modf_scalars():
    for x in [0.0, -0.0, 3.0, -2.5, 5e-320, numpy.inf, -numpy.inf, numpy.nan, 7, -8]:
        run(np_frexp, x)
        run(np_modf, x)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.floats(allow_nan=True, allow_infinity=True), min_size=0, max_size=20))
def test_frexp_modf_hypothesis(xs):
    a = numpy.array(xs, dtype=numpy.float64)
    run(np_frexp, a)
    run(np_modf, a)
    run(np_ldexp, a, numpy.arange(len(xs)) * 37 - 300)


# ---------------------------------------------------------------- divmod


@pytest.mark.parametrize("dtype", [numpy.int64, numpy.int32, numpy.int8, numpy.uint8,
                                   numpy.float64, numpy.float32, numpy.bool_])
def test_divmod(dtype):
    x = numpy.array([7, -7, 7, 0, 5, -5, 100, 1], dtype=numpy.int64)
    y = numpy.array([2, 2, 0, 0, -3, -3, 7, 1], dtype=numpy.int64)
    with numpy.errstate(all="ignore"):
        x, y = x.astype(dtype), y.astype(dtype)
    for a, b in zip(layouts(x), layouts(y)):
        run(np_divmod, a, b)
    run(divmod_used, x, y)
    run(np_divmod, x.reshape(2, 4), y[:4])


def test_divmod_float_special():
    a = numpy.repeat(SPECIAL, SPECIAL.size)
    b = numpy.tile(SPECIAL, SPECIAL.size)
    run(np_divmod, a, b)
    run(np_divmod, numpy.float32(a), b.astype(numpy.float32))


def test_divmod_scalars_and_mixed():
    for x, y in [(7, 2), (-7, 2), (7, 0), (7.5, -2.0), (-0.0, 3.0), (1.0, 0.0), (True, True)]:
        run(np_divmod, x, y)
    run(np_divmod, numpy.arange(10), 3)
    run(np_divmod, numpy.arange(10.0) - 5, 2)
    run(np_divmod, numpy.arange(10, dtype=numpy.int32), numpy.arange(10, dtype=numpy.int8) - 4)
    run(np_divmod, numpy.zeros(0), numpy.zeros(0))


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.integers(-2 ** 63, 2 ** 63 - 1),
                          st.integers(-2 ** 63, 2 ** 63 - 1)), max_size=20))
def test_divmod_int_hypothesis(pairs):
    a = numpy.array([p[0] for p in pairs], dtype=numpy.int64)
    b = numpy.array([p[1] for p in pairs], dtype=numpy.int64)
    run(np_divmod, a, b)


# ---------------------------------------------------------------- complex unary ufuncs


def c_log2(a):
    return numpy.log2(a)


def c_log1p(a):
    return numpy.log1p(a)


def c_expm1(a):
    return numpy.expm1(a)


def c_exp2(a):
    return numpy.exp2(a)


def c_square(a):
    return numpy.square(a)


def c_reciprocal(a):
    return numpy.reciprocal(a)


def c_sign(a):
    return numpy.sign(a)


def c_rint(a):
    return numpy.rint(a)


def c_negative(a):
    return numpy.negative(a)


def c_positive(a):
    return numpy.positive(a)


def c_isnan(a):
    return numpy.isnan(a)


def c_isinf(a):
    return numpy.isinf(a)


def c_isfinite(a):
    return numpy.isfinite(a)


def c_logical_not(a):
    return numpy.logical_not(a)


# Bit for bit: NumPy's formulas over the C library's functions.
EXACT = [c_log2, c_exp2, c_expm1, c_log1p, c_square, c_reciprocal, c_sign, c_rint, c_negative,
         c_positive, c_isnan, c_isinf, c_isfinite, c_logical_not]
RNG = numpy.random.default_rng(11)
RANDOM = (RNG.normal(size=600) * 3 + 1j * RNG.normal(size=600) * 3).reshape(20, 30)
CSPECIAL = [0.0, -0.0, 1.0, -1.0, 2.5, -0.5, 800.0, numpy.inf, -numpy.inf, numpy.nan]
EDGES = numpy.array([complex(a, b) for a in CSPECIAL for b in CSPECIAL])


@pytest.mark.parametrize("fn", EXACT, ids=lambda f: f.__name__)
@pytest.mark.parametrize("dtype", [numpy.complex128, numpy.complex64])
def test_complex_unary(fn, dtype):
    base = RANDOM.astype(dtype)
    # complex64 `square` may take NumPy's scalar loop (separately rounded products) on some
    # layouts: within 2 ulp there, as `*` (docs/complex.md).
    rtol = 2.5e-7 if (dtype == numpy.complex64 and fn is c_square) else None
    for a in [base, base[::2, ::-3], numpy.asfortranarray(base), base.T]:
        run(fn, a, rtol=rtol)
    run(fn, EDGES.astype(dtype), rtol=rtol)
    run(fn, numpy.zeros(0, dtype))


# ---------------------------------------------------------------- vecdot, matvec, vecmat


def g_vecdot(a, b):
    return numpy.vecdot(a, b)


def g_matvec(a, b):
    return numpy.matvec(a, b)


def g_vecmat(a, b):
    return numpy.vecmat(a, b)


def make(shape, dtype, seed):
    r = numpy.random.default_rng(seed)
    x = r.normal(size=shape) * 4
    if numpy.dtype(dtype).kind == "c":
        x = x + 1j * r.normal(size=shape)
    if numpy.dtype(dtype).kind in "iub":
        x = numpy.round(x)
    with numpy.errstate(all="ignore"):
        return x.astype(dtype)


GU_DTYPES = [numpy.float64, numpy.float32, numpy.int64, numpy.int32, numpy.uint8, numpy.bool_,
             numpy.complex128, numpy.complex64]
SHAPES = {
    g_vecdot: [((5,), (5,)), ((3, 5), (5,)), ((2, 1, 4), (3, 4)), ((0, 3), (3,)), ((4, 0), (0,))],
    g_matvec: [((3, 5), (5,)), ((2, 3, 5), (5,)), ((3, 4), (2, 4)), ((2, 1, 3, 2), (4, 2))],
    g_vecmat: [((5,), (5, 3)), ((2, 5), (5, 3)), ((4,), (2, 4, 3)), ((3, 1, 2), (4, 2, 2))],
}


def tolerance(*dtypes):
    kinds = {numpy.dtype(d) for d in dtypes}
    if kinds & {numpy.dtype(numpy.float32), numpy.dtype(numpy.complex64)}:
        return 2e-5
    if any(k.kind in "fc" for k in kinds):
        return 1e-12
    return None


@pytest.mark.parametrize("fn", [g_vecdot, g_matvec, g_vecmat], ids=lambda f: f.__name__)
@pytest.mark.parametrize("dtype", GU_DTYPES)
def test_gufuncs(fn, dtype):
    for i, (sa, sb) in enumerate(SHAPES[fn]):
        a, b = make(sa, dtype, i), make(sb, dtype, 50 + i)
        run(fn, a, b, rtol=tolerance(dtype))
        # Fortran and reversed layouts of the same values.
        run(fn, numpy.asfortranarray(a), b[..., ::-1][..., ::-1], rtol=tolerance(dtype))
        if a.ndim >= 2 and a.shape[-1] > 1:
            wide = numpy.concatenate([a, a], axis=-1)[..., ::2]
            run(fn, wide, b, rtol=tolerance(dtype))


@pytest.mark.parametrize("fn", [g_vecdot, g_matvec, g_vecmat], ids=lambda f: f.__name__)
def test_gufuncs_mixed_dtypes(fn):
    sa, sb = SHAPES[fn][1]
    for da, db in [(numpy.float64, numpy.int64), (numpy.int32, numpy.float32),
                   (numpy.complex128, numpy.float64), (numpy.uint8, numpy.int32),
                   (numpy.complex64, numpy.float32), (numpy.bool_, numpy.int64)]:
        run(fn, make(sa, da, 1), make(sb, db, 2), rtol=tolerance(da, db))


def test_gufunc_errors():
    run(g_vecdot, numpy.ones(3), numpy.ones(4))
    run(g_matvec, numpy.ones((2, 3)), numpy.ones(4))
    run(g_vecmat, numpy.ones(3), numpy.ones((4, 2)))
    with pytest.raises(oxjit.TypingError, match="vecdot"):
        oxjit.njit(g_vecdot)(numpy.ones(3), 2.0)
    with pytest.raises(oxjit.UnsupportedError, match="vecdot"):
        oxjit.njit(g_vecdot)(numpy.ones(3, numpy.int16), numpy.ones(3, numpy.int16))


def test_vecdot_conjugates_and_special_values():
    a = numpy.array([1 + 2j, 3j, -1 - 1j])
    b = numpy.array([2 - 1j, 1, 1j])
    run(g_vecdot, a, b, rtol=1e-12)
    run(g_vecdot, SPECIAL[:8], SPECIAL[8:])
    run(g_vecmat, a, numpy.stack([b, b]).T.copy(), rtol=1e-12)

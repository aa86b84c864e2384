"""Complex arrays (``complex128`` and ``complex64``) in compiled functions (differential).

What compiles: complex arrays passed in and returned (any layout), ``numpy.zeros``/``numpy.empty``
with a complex dtype, reading and writing single elements (a complex64 element is read as a
complex128 number and rounded to single precision when written), ``len``/``.shape``/``.size``/
``.dtype``, slices and views, and loops over the elements with the complex scalar arithmetic
of ``test_complex.py``. Element-wise operators and functions are tested in
``test_complex_array_ops.py``; reductions and the other NumPy functions on complex arrays are
refused with ``oxjit.UnsupportedError`` (checked below), never compiled into a wrong real
kernel. Values are compared exactly (``diff.check``).
"""
import numpy as np
import pytest

import oxjit
from diff import check


def _samples(dtype, shape):
    rng = np.random.default_rng(len(shape) * 10 + int(np.prod(shape)))
    a = rng.standard_normal(shape) + 1j * rng.standard_normal(shape)
    a.flat[0] = complex(-0.0, np.inf)
    if a.size > 2:
        a.flat[1] = complex(np.nan, 1.5)
    return a.astype(dtype)


def _layouts(a):
    out = [a.copy(), np.asfortranarray(a), a[::-1]]
    if a.ndim == 2:
        out.append(a[::2, ::-1])
        out.append(a.T)
    return out


def total(a):
    s = 0j
    for i in range(a.shape[0]):
        s += a[i] * (i + 1)
    return s


def total_2d(a):
    s = 0j
    for i in range(a.shape[0]):
        for j in range(a.shape[1]):
            s += a[i, j] * complex(i, j) - a[i, j].conjugate()
    return s


def parts(a):
    re = np.zeros(len(a))
    im = np.zeros(len(a))
    for i in range(len(a)):
        re[i] = a[i].real
        im[i] = a[i].imag
    return re, im


def attributes(a):
    return a.shape, a.size, a.ndim, len(a)


def identity(a):
    return a


def views(a):
    return a[1:], a[::-2], a[-1], a[0]


def element_of_view(a):
    b = a[::2]
    return b[1]


@pytest.mark.parametrize("dtype", [np.complex128, np.complex64], ids=["c128", "c64"])
@pytest.mark.parametrize("shape", [(1,), (5,), (8,)])
def test_read_and_loop_1d(dtype, shape):
    for x in _layouts(_samples(dtype, shape)):
        check(total, x)
        check(parts, x)
        check(attributes, x)
        check(identity, x)
        if shape[0] >= 3:
            check(views, x)
            check(element_of_view, x)


@pytest.mark.parametrize("dtype", [np.complex128, np.complex64], ids=["c128", "c64"])
@pytest.mark.parametrize("shape", [(1, 1), (3, 4), (4, 1)])
def test_read_and_loop_2d(dtype, shape):
    for x in _layouts(_samples(dtype, shape)):
        check(total_2d, x)
        check(attributes, x)
        check(identity, x)


def empty_input(a):
    return len(a), a


def test_empty_arrays():
    check(empty_input, np.zeros(0, np.complex128))
    check(empty_input, np.zeros((0, 3), np.complex64))


def make(n, z):
    a = np.zeros(n, dtype=np.complex128)
    for i in range(n):
        a[i] = z * i
    return a


def make64(n, z):
    a = np.zeros(n, np.complex64)
    for i in range(n):
        a[i] = z ** i
    return a


def make_empty_2d(n, m):
    a = np.empty((n, m), dtype=complex)
    for i in range(n):
        for j in range(m):
            a[i, j] = complex(i, -j)
    return a


def make_like(x):
    a = np.zeros(x.shape, x.dtype)
    for i in range(len(x)):
        a[i] = x[i] * 1j
    return a


@pytest.mark.parametrize("z", [1 + 2j, 0.1 - 0.3j, complex(1e200, -1e-200)])
def test_create_and_fill(z):
    check(make, 6, z)
    check(make, 0, z)
    check(make64, 6, z)
    check(make_empty_2d, 3, 4)
    check(make_like, _samples(np.complex128, (4,)))
    check(make_like, _samples(np.complex64, (4,)))


def store_reals(a, x, k):
    a[0] = x
    a[1] = k
    a[2] = True
    a[-1] = a[0] + a[1]
    return a


def update_in_place(a):
    for i in range(len(a)):
        a[i] += 1j
        a[i] *= 2
    return a


def test_store_numbers_into_complex_arrays():
    for dtype in (np.complex128, np.complex64):
        check(store_reals, np.zeros(4, dtype), 2.5, 3)
        check(store_reals, np.zeros(4, dtype), -0.0, -7)
        check(update_in_place, _samples(dtype, (5,)))
        check(update_in_place, _samples(dtype, (5,))[::-1])


def out_of_bounds(a, i):
    return a[i]


def store_out_of_bounds(a, i):
    a[i] = 1j
    return a


def test_index_errors():
    check(out_of_bounds, np.zeros(3, np.complex128), 3)
    check(out_of_bounds, np.zeros(3, np.complex64), -4)
    check(store_out_of_bounds, np.zeros(3, np.complex128), 5)


def complex_into_real(a):
    a[0] = 1j
    return a


def test_complex_into_real_array_is_a_type_error():
    with pytest.raises(TypeError):
        complex_into_real(np.zeros(2))
    with pytest.raises(oxjit.TypingError, match="complex number into a real array"):
        oxjit.njit(complex_into_real)(np.zeros(2))


def add(a, b):
    return a + b


def mul_scalar(a):
    return a * 2


def neg(a):
    return -a


def compare(a):
    return a == a


def np_abs(a):
    return np.abs(a)


def np_real(a):
    return np.real(a)


def np_imag(a):
    return np.imag(a)


def np_conj(a):
    return np.conj(a)


def np_exp(a):
    return np.exp(a)


def np_sqrt(a):
    return np.sqrt(a)


def np_sum(a):
    return np.sum(a)


def method_sum(a):
    return a.sum()


def attr_real(a):
    return a.real


def slice_store(a):
    a[1:] = 0
    return a


def real_plus_complex_scalar(a):
    return a + 1j


def array_of_complex_list():
    return np.array([1j, 2])


def ones_complex(n):
    return np.ones(n, np.complex128)


def ordered(a, b):
    return a < b


def power(a):
    return a ** 2


def np_cumsum(a):
    return np.cumsum(a)


def np_dot(a, b):
    return np.dot(a, b)


def builtin_sum(a):
    return sum(a)


def sum_axis(a):
    return a.sum(axis=0)


def np_sin(a):
    return np.sin(a)


def np_cumprod(a):
    return np.cumprod(a)


def np_log2(a):
    return np.log2(a + 1.0)


UNSUPPORTED = [
    (np_cumsum, 1), (builtin_sum, 1), (np_cumprod, 1),
]


SUPPORTED = [
    (add, 2), (mul_scalar, 1), (neg, 1), (compare, 1), (np_abs, 1), (np_real, 1),
    (np_imag, 1), (np_conj, 1), (attr_real, 1), (slice_store, 1), (np_exp, 1), (np_sqrt, 1),
    (np_sum, 1), (method_sum, 1), (np_dot, 2), (power, 1), (sum_axis, 1), (np_sin, 1),
    (np_log2, 1), (ordered, 2),
]


@pytest.mark.parametrize("fn,nargs", SUPPORTED, ids=[f.__name__ for f, _ in SUPPORTED])
def test_operations_now_compiled(fn, nargs):
    args = [np.arange(3) * (1 - 2j) for _ in range(nargs)]
    check(fn, *args)


@pytest.mark.parametrize("fn,nargs", UNSUPPORTED, ids=[f.__name__ for f, _ in UNSUPPORTED])
def test_operations_not_compiled_yet_raise_unsupported(fn, nargs):
    args = [np.ones(3, np.complex128) for _ in range(nargs)]
    fn(*[a.copy() for a in args])  # NumPy computes it
    with pytest.raises(oxjit.UnsupportedError, match=r"(?s)complex|\.real.*-->"):
        oxjit.njit(fn)(*args)


def test_other_refusals():
    check(real_plus_complex_scalar, np.ones(3))
    with pytest.raises(oxjit.UnsupportedError, match="complex"):
        oxjit.njit(array_of_complex_list)()
    check(ones_complex, 3)


def reshaped(a):
    return a.reshape(a.size)


def newaxis(a):
    return a[None, :]


def fft_then_read(x):
    s = 0j
    f = np.fft.fft(x)
    for i in range(len(f)):
        s += f[i] * f[i].conjugate()
    return f[0], s.real


def test_reshape_views_and_transform_results():
    a = _samples(np.complex128, (3, 4))
    for x in _layouts(a) + [y.astype(np.complex64) for y in _layouts(a)]:
        check(reshaped, x)
    check(newaxis, _samples(np.complex64, (5,)))
    x = np.arange(8.0)
    want = fft_then_read(x)
    got = oxjit.njit(fft_then_read)(x)
    assert type(got[0]) is complex
    assert abs(got[0] - want[0]) <= 1e-12 * abs(want[0])
    assert abs(got[1] - want[1]) <= 1e-12 * want[1]


def show(a):
    print(a)
    print(a[1], a[::-1])


def test_print(capsys):
    for x in (_samples(np.complex128, (3,)), _samples(np.complex64, (2, 2))):
        show(x)
        want = capsys.readouterr().out
        oxjit.njit(show)(x)
        assert capsys.readouterr().out == want

"""``numpy.fft`` inside compiled functions (differential): the helpers ``fftfreq``,
``rfftfreq``, ``fftshift``, ``ifftshift`` and the transforms ``fft``, ``ifft``, ``rfft``,
``irfft``, ``fft2``, ``ifft2``, ``fftn``, ``ifftn`` (see ``docs/fft.md``).

Tolerance: none for the helpers (``fftfreq``/``rfftfreq`` compute ``k * (1.0 / (n * d))``
exactly as NumPy does; the shifts copy elements). The transforms run on rustfft/realfft, which
round differently from NumPy's pocketfft: values agree within 1e-12 of the largest magnitude.
"""
import numpy
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import oxjit
from diff import check

DTYPES = [np.float64, np.float32, np.int64, np.int32, np.uint8, np.bool_, np.complex128]


def fftfreq_(n, d):
    return np.fft.fftfreq(n, d)


def fftfreq_default(n):
    return np.fft.fftfreq(n)


def rfftfreq_(n, d):
    return np.fft.rfftfreq(n, d=d)


def fftshift_(x):
    return np.fft.fftshift(x)


def ifftshift_(x):
    return np.fft.ifftshift(x)


def fftshift_axis(x, k):
    return np.fft.fftshift(x, axes=k)


def ifftshift_axis(x, k):
    return np.fft.ifftshift(x, k)


def roundtrip(x):
    return np.fft.ifftshift(np.fft.fftshift(x))


@pytest.mark.parametrize("n", [1, 2, 3, 4, 7, 8, 101])
@pytest.mark.parametrize("d", [1.0, 0.1, 3, 1e-300])
def test_frequencies(n, d):
    check(fftfreq_, n, d)
    check(rfftfreq_, n, d)
    check(fftfreq_default, n)


def test_frequency_errors_and_edge_cases():
    check(fftfreq_, 0, 1.0)          # ZeroDivisionError
    check(rfftfreq_, 0, 1.0)
    check(fftfreq_, 4, 0.0)
    check(fftfreq_, -3, 1.0)         # ValueError: negative dimensions
    check(rfftfreq_, -3, 1.0)        # empty, as NumPy
    check(rfftfreq_, -1, 1.0)
    check(fftfreq_, 5, float("inf"))
    check(fftfreq_, 5, float("nan"))


@settings(max_examples=60, deadline=None)
@given(n=st.integers(1, 500), d=st.floats(1e-6, 1e6))
def test_frequencies_random(n, d):
    check(fftfreq_, n, d)
    check(rfftfreq_, n, d)


def _layouts(a):
    out = [a.copy(), np.asfortranarray(a)]
    if a.ndim == 1:
        big = np.zeros(2 * a.shape[0] + 1, dtype=a.dtype)
        big[1::2] = a
        out.append(big[1::2])
        out.append(a[::-1].copy()[::-1])
    else:
        big = np.zeros((2 * a.shape[0], 3 * a.shape[1]), dtype=a.dtype)
        big[::2, ::3] = a
        out.append(big[::2, ::3])
        out.append(a.T.copy().T)
    return out


@pytest.mark.parametrize("dtype", DTYPES, ids=lambda d: np.dtype(d).name)
@pytest.mark.parametrize("shape", [(0,), (1,), (5,), (6,), (3, 4), (4, 5), (0, 3), (1, 1)])
def test_shifts(dtype, shape):
    a = (np.arange(int(np.prod(shape))) % 7).reshape(shape).astype(dtype)
    for x in _layouts(a):
        check(fftshift_, x)
        check(ifftshift_, x)
        check(roundtrip, x)
        for k in range(-len(shape), len(shape)):
            check(fftshift_axis, x, k)
            check(ifftshift_axis, x, k)


def test_shift_nan_inf_and_bad_axis():
    x = np.array([1.0, np.nan, -np.inf, np.inf, -0.0])
    check(fftshift_, x)
    check(ifftshift_, x)
    check(fftshift_axis, np.zeros((2, 3)), 2)      # axis out of bounds


def fft_(x):
    return np.fft.fft(x)


def ifft_(x):
    return np.fft.ifft(x)


def rfft_(x):
    return np.fft.rfft(x)


from numpy.fft import irfft as imported_irfft  # noqa: E402


def irfft_(x):
    return imported_irfft(x)


def fft_n(x, n):
    return np.fft.fft(x, n)


def ifft_n_axis(x, n, axis):
    return np.fft.ifft(x, n=n, axis=axis)


def rfft_n_axis(x, n, axis):
    return np.fft.rfft(x, n, axis)


def irfft_n_axis(x, n, axis):
    return np.fft.irfft(x, n, axis)


def fft2_(x):
    return np.fft.fft2(x), np.fft.ifft2(x), np.fft.fftn(x), np.fft.ifftn(x)


def roundtrips(x):
    return np.fft.ifft(np.fft.fft(x)), np.fft.irfft(np.fft.rfft(x), x.shape[-1])


# pocketfft (NumPy) and rustfft round differently: results agree to a few ulp of the
# largest magnitude in the transform (checked with an absolute tolerance of 1e-12 of it).
# Single precision (float32/complex64 in): NumPy transforms in float32, oxjit in float64
# then rounds, so they agree within 1e-5 of the largest magnitude.
def _close(got, want):
    assert got.dtype == want.dtype, (got.dtype, want.dtype)
    assert got.shape == want.shape, (got.shape, want.shape)
    scale = max(1.0, float(np.max(np.abs(want))) if want.size else 1.0)
    tol = 1e-5 if want.dtype in (np.float32, np.complex64) else 1e-12
    np.testing.assert_allclose(got, want, rtol=0, atol=tol * scale)


def _check(fn, *args):
    try:
        want = fn(*args)
    except Exception as exc:  # noqa: BLE001 - compared with oxjit's exception below
        with pytest.raises(type(exc)) as got:
            oxjit.njit(fn)(*args)
        assert str(got.value) == str(exc)
        return
    got = oxjit.njit(fn)(*args)
    if isinstance(want, tuple):
        for g, w in zip(got, want):
            _close(g, w)
    else:
        _close(got, want)


def _inputs(shape, complex_):
    rng = np.random.default_rng(sum(shape) + 7 * len(shape))
    a = rng.standard_normal(shape)
    if complex_:
        a = a + 1j * rng.standard_normal(shape)
    return _layouts(a)


@pytest.mark.parametrize("complex_", [False, True])
@pytest.mark.parametrize("shape", [(1,), (5,), (8,), (17,), (3, 4), (4, 6), (7, 1)])
def test_transforms_match_numpy(shape, complex_):
    for x in _inputs(shape, complex_):
        _check(fft_, x)
        _check(ifft_, x)
        _check(irfft_, x)
        _check(fft2_, x)
        if not complex_:
            _check(rfft_, x)
            _check(roundtrips, x)
        for axis in range(-len(shape), len(shape)):
            for n in (1, 2, 5, 8):
                _check(ifft_n_axis, x, n, axis)
                _check(irfft_n_axis, x, n, axis)
                if not complex_:
                    _check(rfft_n_axis, x, n, axis)


@given(n=st.integers(1, 300), m=st.integers(1, 300))
@settings(max_examples=60, deadline=None)
def test_lengths(n, m):
    x = np.random.default_rng(n).standard_normal(n)
    _check(fft_n, x, m)
    _check(fft_n, x + 0.5j, m)
    _check(rfft_n_axis, x, m, 0)
    _check(irfft_n_axis, x + 0j, m, -1)


def test_integer_bool_and_float32_inputs():
    for x in (np.arange(6), np.array([True, False, True]), np.arange(5, dtype=np.float32),
              np.arange(6, dtype=np.uint8)):
        _check(fft_, x)
        _check(rfft_, x)


def fft2_only(x):
    return np.fft.fft2(x)


def ifft2_only(x):
    return np.fft.ifft2(x)


def fftn_only(x):
    return np.fft.fftn(x)


def ifftn_only(x):
    return np.fft.ifftn(x)


EACH = [fft_, ifft_, rfft_, irfft_, fft2_only, ifft2_only, fftn_only, ifftn_only]


@pytest.mark.parametrize("fn", EACH, ids=lambda f: f.__name__)
@pytest.mark.parametrize("dtype", [np.int16, np.int8, np.uint16, np.uint32, np.uint64],
                         ids=lambda d: np.dtype(d).name)
def test_small_int_dtypes_are_refused(fn, dtype):
    # The slot routines read float64/float32/int64/int32/uint8/bool/complex arrays only.
    x = np.arange(6, dtype=dtype).reshape(2, 3)
    fn(x)  # NumPy transforms them
    with pytest.raises(oxjit.UnsupportedError, match=np.dtype(dtype).name):
        oxjit.njit(fn)(x)


@pytest.mark.parametrize("fn", EACH, ids=lambda f: f.__name__)
@pytest.mark.parametrize("dtype", [np.float64, np.float32, np.complex128, np.complex64,
                                   np.int64, np.int32, np.uint8, np.bool_],
                         ids=lambda d: np.dtype(d).name)
def test_each_transform_dtype_and_shape(fn, dtype):
    rng = np.random.default_rng(3)
    for shape in [(1,), (6,), (9,), (4, 3), (2, 5)]:
        a = rng.standard_normal(shape) * 10
        if np.dtype(dtype).kind == "c":
            a = a + 1j * rng.standard_normal(shape)
        if np.dtype(dtype).kind == "u":
            a = np.abs(a)
        x = a.astype(dtype)
        if fn is rfft_ and np.dtype(dtype).kind == "c":
            with pytest.raises(oxjit.TypingError):
                oxjit.njit(fn)(x)
            continue
        for y in _layouts(x):
            _check(fn, y)


@pytest.mark.parametrize("fn", EACH, ids=lambda f: f.__name__)
@pytest.mark.parametrize("shape", [(0,), (0, 3), (3, 0), (0, 0)])
def test_each_transform_of_empty_input(fn, shape):
    # NumPy: ValueError "Invalid number of FFT data points (0) specified." (or -2 for irfft,
    # or a shape for 2-D irfft/fft of an empty non-transformed axis); same class and text.
    _check(fn, np.zeros(shape))
    _check(fn, np.zeros(shape, np.complex128) if fn is not rfft_ else np.zeros(shape))


def test_transform_errors():
    for fn, args in [(fft_n, (np.ones(3), 0)), (fft_n, (np.ones(3), -2)),
                     (rfft_n_axis, (np.ones(3), 0, 0)), (irfft_, (np.ones(1),))]:
        with pytest.raises(ValueError) as want:
            fn(*args)
        with pytest.raises(ValueError) as got:
            oxjit.njit(fn)(*args)
        assert str(got.value) == str(want.value)
    with pytest.raises(IndexError):
        oxjit.njit(ifft_n_axis)(np.ones(3), 3, 1)


def fft_norm_variable(x, how):
    return np.fft.fft(x, norm=how)


def rfft_complex(x):
    return np.fft.rfft(x)


def fftn_no_axes(x):
    return np.fft.fftn(x, axes=())


def test_unsupported_transforms():
    # `norm=` a string variable (only literals are resolved), an empty `axes` (NumPy returns
    # the argument itself): `UnsupportedError` naming the function, with the line.
    with pytest.raises(oxjit.UnsupportedError, match=r"(?s)numpy\.fft\..*-->.*:\d+:\d+"):
        oxjit.njit(fft_norm_variable)(np.ones(4), "ortho")
    with pytest.raises(oxjit.UnsupportedError, match=r"(?s)numpy\.fft\..*-->.*:\d+:\d+"):
        oxjit.njit(fftn_no_axes)(np.ones((2, 2)))
    with pytest.raises(oxjit.TypingError):
        oxjit.njit(rfft_complex)(np.ones(4) + 1j)


def fftshift_3d(x):
    return np.fft.fftshift(x)


def test_shift_of_3d_raises_unsupported_error():
    with pytest.raises(oxjit.UnsupportedError):
        oxjit.njit(fftshift_3d)(np.zeros((2, 2, 2)))

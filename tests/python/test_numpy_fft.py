"""``numpy.fft`` inside compiled functions (differential): the real-valued helpers
``fftfreq``, ``rfftfreq``, ``fftshift`` and ``ifftshift``. oxjit has no complex arrays yet, so
``fft``/``ifft``/``rfft``/``irfft`` raise ``oxjit.UnsupportedError`` (see ``docs/fft.md``).

Tolerance: none. ``fftfreq``/``rfftfreq`` compute ``k * (1.0 / (n * d))`` exactly as NumPy
does (compared bit for bit); the shifts copy elements (exact, every dtype).
"""
import numpy
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import oxjit
from diff import check

DTYPES = [np.float64, np.float32, np.int64, np.int32, np.uint8, np.bool_]


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


def rfft_(x):
    return np.fft.rfft(x)


from numpy.fft import irfft as imported_irfft  # noqa: E402


def irfft_(x):
    return imported_irfft(x)


@pytest.mark.parametrize("fn", [fft_, rfft_, irfft_])
def test_transforms_raise_unsupported_error(fn):
    with pytest.raises(oxjit.UnsupportedError, match=r"(?s)numpy\.fft\..*-->.*:\d+:\d+"):
        oxjit.njit(fn)(np.ones(4))


def fftshift_3d(x):
    return np.fft.fftshift(x)


def test_shift_of_3d_raises_unsupported_error():
    with pytest.raises(oxjit.UnsupportedError):
        oxjit.njit(fftshift_3d)(np.zeros((2, 2, 2)))

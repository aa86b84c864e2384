"""``numpy.fft`` keyword arguments inside compiled functions (differential against NumPy 2):
``norm=`` (``None``, ``"backward"``, ``"ortho"``, ``"forward"`` as literal strings; any other
literal raises NumPy's ``ValueError`` with its text) on every transform, ``n=``/``axis=`` with
it, ``s=``/``axes=`` (tuples or lists of literal or variable ints; ``s`` pads with zeros or
crops each axis, ``-1`` keeps it) on ``fft2``/``ifft2``/``fftn``/``ifftn`` and
``rfft2``/``irfft2``/``rfftn``/``irfftn``, arrays of up to 8 axes, and NumPy's errors (class
and message) for bad ``n``, ``s``, ``axes`` and ``norm``.

Tolerance as ``test_numpy_fft.py``: 1e-12 of the largest magnitude (1e-5 in single precision).
"""
import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import oxjit


def _close(got, want):
    assert got.dtype == want.dtype, (got.dtype, want.dtype)
    assert got.shape == want.shape, (got.shape, want.shape)
    scale = max(1.0, float(np.max(np.abs(want))) if want.size else 1.0)
    tol = 1e-5 if want.dtype in (np.float32, np.complex64) else 1e-12
    np.testing.assert_allclose(got, want, rtol=0, atol=tol * scale)


def _check(fn, *args):
    """NumPy's result (within the tolerance, same dtype and shape) or its exception (same
    class, same message)."""
    with warnings.catch_warnings():
        # `s` without `axes` is deprecated in NumPy 2 (a `DeprecationWarning`, same result).
        warnings.simplefilter("ignore", DeprecationWarning)
        try:
            want = fn(*args)
        except Exception as exc:  # noqa: BLE001 - compared with oxjit's exception below
            with pytest.raises(type(exc)) as got:
                oxjit.njit(fn)(*args)
            assert str(got.value) == str(exc)
            return
    got = oxjit.njit(fn)(*args)
    if isinstance(want, tuple):
        assert isinstance(got, tuple) and len(got) == len(want)
        for g, w in zip(got, want):
            _close(g, w)
    else:
        _close(got, want)


def _layouts(a):
    """C order, Fortran order, a strided view, a view with negative strides."""
    big = np.zeros(tuple(3 * n for n in a.shape), dtype=a.dtype)
    view = big[tuple(slice(None, None, 3) for _ in a.shape)]
    view[...] = a
    return [a.copy(), np.asfortranarray(a), view, a[(slice(None, None, -1),) * a.ndim].copy()[
        (slice(None, None, -1),) * a.ndim]]


def _data(shape, complex_, seed=0):
    rng = np.random.default_rng(seed + sum(shape) + 11 * len(shape))
    a = rng.standard_normal(shape)
    if complex_:
        a = a + 1j * rng.standard_normal(shape)
    return a


def fft_norms(x):
    return (np.fft.fft(x), np.fft.fft(x, norm=None), np.fft.fft(x, norm="backward"),
            np.fft.fft(x, norm="ortho"), np.fft.fft(x, norm="forward"))


def fft_bad(x):
    return np.fft.fft(x, norm="Ortho")


def ifft_norms(x):
    return (np.fft.ifft(x), np.fft.ifft(x, norm=None), np.fft.ifft(x, norm="backward"),
            np.fft.ifft(x, norm="ortho"), np.fft.ifft(x, norm="forward"))


def ifft_bad(x):
    return np.fft.ifft(x, norm="Ortho")


def rfft_norms(x):
    return (np.fft.rfft(x), np.fft.rfft(x, norm=None), np.fft.rfft(x, norm="backward"),
            np.fft.rfft(x, norm="ortho"), np.fft.rfft(x, norm="forward"))


def rfft_bad(x):
    return np.fft.rfft(x, norm="Ortho")


def irfft_norms(x):
    return (np.fft.irfft(x), np.fft.irfft(x, norm=None), np.fft.irfft(x, norm="backward"),
            np.fft.irfft(x, norm="ortho"), np.fft.irfft(x, norm="forward"))


def irfft_bad(x):
    return np.fft.irfft(x, norm="Ortho")


def fft2_norms(x):
    return (np.fft.fft2(x), np.fft.fft2(x, norm=None), np.fft.fft2(x, norm="backward"),
            np.fft.fft2(x, norm="ortho"), np.fft.fft2(x, norm="forward"))


def fft2_bad(x):
    return np.fft.fft2(x, norm="Ortho")


def ifft2_norms(x):
    return (np.fft.ifft2(x), np.fft.ifft2(x, norm=None), np.fft.ifft2(x, norm="backward"),
            np.fft.ifft2(x, norm="ortho"), np.fft.ifft2(x, norm="forward"))


def ifft2_bad(x):
    return np.fft.ifft2(x, norm="Ortho")


def fftn_norms(x):
    return (np.fft.fftn(x), np.fft.fftn(x, norm=None), np.fft.fftn(x, norm="backward"),
            np.fft.fftn(x, norm="ortho"), np.fft.fftn(x, norm="forward"))


def fftn_bad(x):
    return np.fft.fftn(x, norm="Ortho")


def ifftn_norms(x):
    return (np.fft.ifftn(x), np.fft.ifftn(x, norm=None), np.fft.ifftn(x, norm="backward"),
            np.fft.ifftn(x, norm="ortho"), np.fft.ifftn(x, norm="forward"))


def ifftn_bad(x):
    return np.fft.ifftn(x, norm="Ortho")


def rfft2_norms(x):
    return (np.fft.rfft2(x), np.fft.rfft2(x, norm=None), np.fft.rfft2(x, norm="backward"),
            np.fft.rfft2(x, norm="ortho"), np.fft.rfft2(x, norm="forward"))


def rfft2_bad(x):
    return np.fft.rfft2(x, norm="Ortho")


def irfft2_norms(x):
    return (np.fft.irfft2(x), np.fft.irfft2(x, norm=None), np.fft.irfft2(x, norm="backward"),
            np.fft.irfft2(x, norm="ortho"), np.fft.irfft2(x, norm="forward"))


def irfft2_bad(x):
    return np.fft.irfft2(x, norm="Ortho")


def rfftn_norms(x):
    return (np.fft.rfftn(x), np.fft.rfftn(x, norm=None), np.fft.rfftn(x, norm="backward"),
            np.fft.rfftn(x, norm="ortho"), np.fft.rfftn(x, norm="forward"))


def rfftn_bad(x):
    return np.fft.rfftn(x, norm="Ortho")


def irfftn_norms(x):
    return (np.fft.irfftn(x), np.fft.irfftn(x, norm=None), np.fft.irfftn(x, norm="backward"),
            np.fft.irfftn(x, norm="ortho"), np.fft.irfftn(x, norm="forward"))


def irfftn_bad(x):
    return np.fft.irfftn(x, norm="Ortho")


NORMS = [fft_norms, ifft_norms, rfft_norms, irfft_norms, fft2_norms, ifft2_norms, fftn_norms,
         ifftn_norms, rfft2_norms, irfft2_norms, rfftn_norms, irfftn_norms]
BAD = [fft_bad, ifft_bad, rfft_bad, irfft_bad, fft2_bad, ifft2_bad, fftn_bad, ifftn_bad,
       rfft2_bad, irfft2_bad, rfftn_bad, irfftn_bad]
REAL_IN = {rfft_norms, rfft2_norms, rfftn_norms, rfft_bad, rfft2_bad, rfftn_bad}
TWO = {fft2_norms, ifft2_norms, rfft2_norms, irfft2_norms}


@pytest.mark.parametrize("fn", NORMS, ids=lambda f: f.__name__)
@pytest.mark.parametrize("shape", [(1,), (6,), (7,), (3, 4), (4, 5), (2, 3, 4), (3, 1, 2, 2)])
@pytest.mark.parametrize("complex_", [False, True])
def test_every_norm_of_every_transform(fn, shape, complex_):
    if complex_ and fn in REAL_IN:
        return
    if fn in TWO and len(shape) < 2:
        _check(fn, _data(shape, complex_))     # NumPy's IndexError
        return
    for x in _layouts(_data(shape, complex_)):
        _check(fn, x)


@pytest.mark.parametrize("fn", NORMS, ids=lambda f: f.__name__)
@pytest.mark.parametrize("dtype", [np.float32, np.complex64, np.int64, np.uint8, np.bool_],
                         ids=lambda d: np.dtype(d).name)
def test_norms_keep_numpy_dtypes(fn, dtype):
    if np.dtype(dtype).kind == "c" and fn in REAL_IN:
        return
    a = np.abs(_data((4, 6), np.dtype(dtype).kind == "c") * 5)
    _check(fn, a.astype(dtype))


@pytest.mark.parametrize("fn", BAD, ids=lambda f: f.__name__)
def test_a_bad_norm_raises_numpys_value_error(fn):
    # NumPy's text differs between forward and inverse transforms (a space after a comma).
    _check(fn, np.ones((3, 4)))
    _check(fn, np.ones((2, 3, 2)))


@pytest.mark.parametrize("fn", NORMS, ids=lambda f: f.__name__)
@pytest.mark.parametrize("shape", [(0,), (0, 3), (3, 0), (0, 0)])
def test_norms_of_empty_inputs(fn, shape):
    _check(fn, np.zeros(shape))


def fft_n_axis_norm(x, n, axis):
    return (np.fft.fft(x, n, axis, "ortho"), np.fft.ifft(x, n=n, axis=axis, norm="forward"),
            np.fft.irfft(x, n, axis, norm="ortho"))


def rfft_n_axis_norm(x, n, axis):
    return np.fft.rfft(x, n=n, axis=axis, norm="forward"), np.fft.rfft(x, n, axis, "ortho")


@pytest.mark.parametrize("shape", [(5,), (3, 4), (2, 3, 4)])
def test_n_and_axis_with_norm(shape):
    for x in _layouts(_data(shape, False)):
        for axis in range(-len(shape), len(shape)):
            for n in (1, 2, 3, 8):
                _check(fft_n_axis_norm, x + 0.5j, n, axis)
                _check(rfft_n_axis_norm, x, n, axis)


def fft_bad_norm_n(x, n):
    return np.fft.fft(x, n, norm="sideways")


def ifft_bad_norm_axis(x, axis):
    return np.fft.ifft(x, axis=axis, norm="")


def test_error_order_of_one_axis_transforms():
    # `n` is checked before `norm`, `norm` before `axis`; `n=None` reads `a.shape[axis]` first.
    _check(fft_bad_norm_n, np.ones(3), 0)      # ValueError: Invalid number of FFT data points
    _check(fft_bad_norm_n, np.ones(3), -4)
    _check(fft_bad_norm_n, np.ones(3), 4)      # ValueError: Invalid norm value sideways
    _check(ifft_bad_norm_axis, np.ones(3), 0)  # ValueError: Invalid norm value (empty)
    _check(ifft_bad_norm_axis, np.ones(3), 3)  # IndexError: tuple index out of range
    _check(fft_n_axis_norm, np.ones(3), 4, 1)  # AxisError (an IndexError and a ValueError)
    _check(fft_n_axis_norm, np.ones((2, 3)), 4, -3)
    _check(fft_n_axis_norm, np.ones(3), 0, 5)  # n first


def fftn_s_axes(x, s, axes):
    return np.fft.fftn(x, s, axes), np.fft.ifftn(x, s=s, axes=axes, norm="ortho")


def fft2_s_axes(x, s, axes):
    return np.fft.fft2(x, s, axes, "forward"), np.fft.ifft2(x, s=s, axes=axes)


def rfftn_s_axes(x, s, axes):
    return np.fft.rfftn(x, s, axes), np.fft.rfft2(x, s=s, axes=axes, norm="ortho")


def irfftn_s_axes(x, s, axes):
    return np.fft.irfftn(x, s, axes, norm="forward"), np.fft.irfft2(x, s=s, axes=axes)


def fftn_s(x, s):
    return np.fft.fftn(x, s), np.fft.ifftn(x, s, norm="forward"), np.fft.irfftn(x, s)


def rfftn_s(x, s):
    return np.fft.rfftn(x, s), np.fft.rfft2(x, s, norm="forward")


def fftn_axes(x, axes):
    return np.fft.fftn(x, axes=axes), np.fft.ifft2(x, axes=axes), np.fft.irfft2(x, axes=axes)


def rfftn_axes(x, axes):
    return np.fft.rfftn(x, axes=axes, norm="ortho"), np.fft.rfft2(x, None, axes)


def fft2_literal(x, r):
    return (np.fft.fft2(x, (3, 5)), np.fft.fft2(x, s=(2, 2), axes=(0, 1)),
            np.fft.fftn(x, axes=(1,)), np.fft.ifftn(x, s=[4, -1], axes=[1, 0]),
            np.fft.rfftn(r, (4, 4), (0, 1), "forward"),
            np.fft.irfftn(x, s=(3, 7), axes=(-1, -2), norm="ortho"))


def fft2_variables(x, a, b):
    return (np.fft.fft2(x, (a, b)), np.fft.fftn(x, s=(b, a), axes=(a - 3, b - 4)),
            np.fft.irfft2(x, s=[a, b], axes=[0, 1]))


S_AXES = [
    ((3, 4), (0, 1)), ((3, 4), (1, 0)), ((2, 2), (-2, -1)), ((5, 7), (0, 1)), ((1, 1), (0, 1)),
    ((6,), (0,)), ((6,), (1,)), ((-1, 3), (0, 1)), ((3, 3), (0, 0)), ((2, 3, 4), (1, 0, 1)),
]


@pytest.mark.parametrize("s,axes", S_AXES)
@pytest.mark.parametrize("layout", range(4))
def test_s_and_axes_pad_and_crop(s, axes, layout):
    x = _layouts(_data((3, 4), True))[layout]
    _check(fftn_s_axes, x, s, axes)
    _check(fft2_s_axes, x, s, axes)
    _check(rfftn_s_axes, x.real.copy(), s, axes)
    _check(irfftn_s_axes, x, s, axes)
    _check(fftn_s_axes, x, list(s), list(axes))


@pytest.mark.parametrize("shape", [(4,), (3, 4), (2, 3, 4), (2, 1, 3, 2)])
def test_s_alone_and_axes_alone(shape):
    x = _data(shape, True)
    for s in [(2,), (3, 4), (-1, 2), (1, 1, 1)][: len(shape) + 1]:
        _check(fftn_s, x, s)
        _check(rfftn_s, x.real.copy(), s)
    for axes in [(0,), (-1,), (0, -1), (-1, 0), (0, 0)]:
        _check(fftn_axes, x, axes)
        _check(rfftn_axes, x.real.copy(), axes)


def test_literal_and_variable_s_and_axes():
    for x in _layouts(_data((3, 4), True)):
        _check(fft2_literal, x, x.real.copy())
        _check(fft2_variables, x, 3, 4)
        _check(fft2_variables, x, 4, 5)


def test_three_and_more_axes():
    x = _data((2, 3, 4, 5), True)
    _check(fftn_s_axes, x, (3, 2, 2), (3, 0, 1))
    _check(irfftn_s_axes, x, (2, 4, 6), (0, 2, 3))
    _check(rfftn_s_axes, x.real.copy(), (4, 3), (2, 1))
    _check(fftn_axes, x, (0, 3))
    _check(fftn_s, x, (2, 3, 2, 5))


def test_errors_of_s_and_axes():
    x = _data((3, 4), True)
    _check(fftn_s_axes, x, (3, 4, 5), (0, 1))       # ValueError: different lengths
    _check(fftn_s_axes, x, (3, 0), (0, 1))          # ValueError: 0 points
    _check(fftn_s_axes, x, (3, -2), (0, 1))         # ValueError: -2 points
    _check(fftn_s_axes, x, (3, 4), (0, 2))          # AxisError
    _check(fftn_s_axes, x, (3, -1), (0, 5))         # IndexError: tuple index out of range
    _check(fftn_axes, x, (0, 2))                    # IndexError from take
    _check(fftn_axes, x, (-3,))
    _check(fftn_s, x, (2, 3, 4))                    # AxisError: axis -3
    _check(fftn_s, _data((3,), True), (2, 2))
    _check(irfftn_s_axes, _data((3, 1), True), (3, 4), (0, 1))
    _check(fftn_s_axes, np.zeros((0, 3)), (2, 3), (0, 1))   # padding an empty axis
    _check(fftn_s_axes, np.zeros((0, 3)), (-1, 3), (0, 1))  # 0 points


def rfftn_bad_s(x, s):
    return np.fft.rfftn(x, s, norm="unknown")


def irfftn_bad(x):
    return np.fft.irfftn(x, norm="nope")


def test_error_order_of_several_axes():
    # Per axis, in NumPy's order: `n` then `norm` then the axis.
    _check(rfftn_bad_s, np.ones((3, 4)), (3, 0))    # the last axis first: 0 points
    _check(rfftn_bad_s, np.ones((3, 4)), (0, 4))    # norm (forward text)
    _check(irfftn_bad, np.ones((3, 4)))             # norm (inverse text)
    _check(irfftn_bad, np.ones((3, 1)))             # ifft of axis 0 first: norm, not n = 0


def fftn_typed_s(x, s):
    return np.fft.fftn(x, s=s)


def test_typing_errors():
    with pytest.raises(oxjit.TypingError, match="tuple or list of ints"):
        oxjit.njit(fftn_typed_s)(np.ones((2, 2)), (2.0, 3.0))
    with pytest.raises(oxjit.TypingError, match="tuple or list of ints"):
        oxjit.njit(fftn_typed_s)(np.ones((2, 2)), 3)


@settings(max_examples=80, deadline=None)
@given(
    shape=st.lists(st.integers(1, 5), min_size=1, max_size=3),
    s=st.lists(st.integers(-1, 7), min_size=1, max_size=3),
    axes=st.lists(st.integers(-3, 2), min_size=1, max_size=3),
    complex_=st.booleans(),
)
def test_random_s_and_axes(shape, s, axes, complex_):
    x = _data(tuple(shape), complex_)
    _check(fftn_s_axes, x, tuple(s), tuple(axes))
    _check(irfftn_s_axes, x, tuple(s), tuple(axes))
    _check(rfftn_s_axes, x.real.copy(), tuple(s), tuple(axes))
    _check(fftn_s, x, tuple(s))
    _check(fftn_axes, x, tuple(axes))
    _check(rfftn_s, x.real.copy(), tuple(s))
    _check(rfftn_axes, x.real.copy(), tuple(axes))


@settings(max_examples=60, deadline=None)
@given(n=st.integers(-2, 40), m=st.integers(1, 40), axis=st.integers(-2, 1))
def test_random_n_axis_norm(n, m, axis):
    x = _data((3, m), True)
    _check(fft_n_axis_norm, x, n, axis)
    _check(rfft_n_axis_norm, x.real.copy(), n, axis)

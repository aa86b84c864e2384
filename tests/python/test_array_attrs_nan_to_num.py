"""`a.itemsize`, `a.nbytes`, `a.strides` (bytes, as NumPy), `numpy.unravel_index(i, shape)` and
`numpy.nan_to_num(x)` (NaN to 0,
infinities to the dtype's largest finite values, integers and bools unchanged), differential
against NumPy on every real dtype and layout."""
import numpy as np
import pytest

from diff import check

DTYPES = [np.float64, np.float32, np.int64, np.int32, np.int16, np.uint8, np.bool_]


def attrs(a):
    return a.itemsize, a.nbytes, a.strides, a.size


def nan_to_num(a):
    return np.nan_to_num(a)


def nan_to_num_scalar(x):
    return np.nan_to_num(x)


def layouts(a):
    m = a.reshape(3, 4)
    return [a, m, np.asfortranarray(m), m[::2, ::-1], m.T]


@pytest.mark.parametrize("dtype", DTYPES, ids=lambda d: np.dtype(d).name)
def test_attributes(dtype):
    for x in layouts(np.arange(12).astype(dtype)):
        check(attrs, x)


@pytest.mark.parametrize("dtype", DTYPES, ids=lambda d: np.dtype(d).name)
def test_nan_to_num(dtype):
    base = np.array([1.5, np.nan, np.inf, -np.inf, -0.0, 0.0, -2.0, 3.0, 1e300, -1e-300, 7.0, 8.0])
    with np.errstate(all="ignore"):
        a = base.astype(dtype) if np.dtype(dtype).kind == "f" else np.arange(12).astype(dtype)
    for x in layouts(a):
        check(nan_to_num, x)


def test_nan_to_num_scalars():
    for x in [float("nan"), float("inf"), -float("inf"), 2.5, 3]:
        check(nan_to_num_scalar, x)


def unravel(i, shape):
    return np.unravel_index(i, shape)


def unravel_argmax(a):
    return np.unravel_index(np.argmax(a), a.shape)


def test_unravel_index():
    for shape in [(3, 4), (2, 3, 4), 5, (1, 1), (4, 1, 2)]:
        size = int(np.prod(shape))
        for i in [0, 1, size - 1, size // 2]:
            check(unravel, i, shape)
    check(unravel_argmax, np.random.default_rng(2).random((3, 5)))
    check(unravel, True, (2, 2))


def test_unravel_index_errors():
    for i, shape in [(12, (3, 4)), (-1, (3, 4)), (0, (3, 0))]:
        check(unravel, i, shape, exact_exception=True)

"""Sizes beyond memory or beyond int64 bytes raise `MemoryError`, NumPy's `ValueError`
("array is too big") or CPython's `OverflowError` from compiled code: never an abort, a hang or a write out of bounds
(a wrapped byte count once allocated too little). CPython's class where it is quick to get."""
import numpy as np
import pytest

import oxjit


def zeros(n):
    return np.zeros(n)


def empty2(n):
    return np.empty((n, n))


def arange(n):
    return np.arange(0, n)


def repeat(a, n):
    return np.repeat(a, n)


def histogram(a, n):
    return np.histogram(a, bins=n)[0]


def linspace(n):
    return np.linspace(0.0, 1.0, n)


def eye(n):
    return np.eye(n)


def tile(a, n):
    return np.tile(a, n)


def full(n):
    return np.full(n, 1.5)


def list_repeat(n):
    out = [0] * n
    return len(out)


def list_repeat2(n):
    return [1, 2] * n


def text_repeat(n):
    return "ab" * n


def random_array(n):
    return np.random.random(n)


def ones_rows(n):
    return np.ones((n, 3))


def pad(a, n):
    return np.pad(a, n)


A = np.arange(3.0)
CASES = [
    (zeros, (2**62,)), (zeros, (2**40,)), (empty2, (2**32,)), (arange, (2**62,)),
    (repeat, (A, 2**61)), (histogram, (A, 2**61)), (linspace, (2**62,)), (eye, (2**31,)),
    (tile, (A, 2**62)), (full, (2**62,)), (list_repeat, (2**62,)), (list_repeat2, (2**62,)),
    (text_repeat, (2**62,)), (random_array, (2**62,)), (ones_rows, (2**62,)), (pad, (A, 2**61)),
]


@pytest.mark.parametrize("fn,args", CASES, ids=lambda x: getattr(x, "__name__", ""))
def test_raises_instead_of_crashing(fn, args):
    with pytest.raises((MemoryError, ValueError, OverflowError)):
        oxjit.njit(fn)(*args)


@pytest.mark.parametrize(
    "fn,exc", [(list_repeat, MemoryError), (list_repeat2, MemoryError), (text_repeat, OverflowError)]
)
def test_sequence_repeat_matches_cpython(fn, exc):
    with pytest.raises(exc):
        fn(2**62)
    with pytest.raises(exc):
        oxjit.njit(fn)(2**62)

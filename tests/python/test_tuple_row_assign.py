"""Assigning a tuple of numbers to several array elements (`r[i] = (x, y)`, `m[:, 0] = (1, 2)`,
`a[1:3] = (5, 6.5)`): the tuple acts as a 1-D array (NumPy's broadcasting and casting),
differential against NumPy, shape mismatches raising its ValueError."""
import numpy as np
import pytest

from diff import check


def rows(n):
    r = np.empty((n, 2))
    for i in range(n):
        r[i] = (i, i * i)
    return r


def int_rows(n):
    r = np.zeros((n, 3), dtype=np.int32)
    for i in range(n):
        r[i] = (i, -i, True)
    return r


def columns_and_slices(m):
    m[:, 0] = (1.5, 2.5, 3.5)
    m[1, 1:3] = (7, 8)
    m[2] = (0.25,)
    return m


def broadcast_rows(m):
    m[...] = (1, 2, 3, 4)
    return m


def mismatch(m):
    m[0] = (1.0, 2.0)
    return m


def test_rows_in_a_loop():
    check(rows, 5)
    check(int_rows, 4)


def test_columns_slices_and_broadcasting():
    m = np.zeros((3, 4))
    for x in [m, np.asfortranarray(m), np.zeros((6, 8))[::2, ::2]]:
        check(columns_and_slices, x)
        check(broadcast_rows, x)


def test_shape_mismatch_raises_value_error():
    check(mismatch, np.zeros((2, 3)))

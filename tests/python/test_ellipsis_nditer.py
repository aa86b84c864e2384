"""`...` in array subscripts (`a[..., 0]`, `a[i, ...]`, `a[...] = x`, `a[1, 2, ...]` as a 0-d
view) and `for x in numpy.nditer(a)` (read-only 0-d items in NumPy's memory order, `K`) —
CPython + NumPy vs oxjit, the arrays after the call included, on C, Fortran, strided and
reversed layouts.
"""
import numpy
import pytest

import oxjit
from diff import check


def last_zero(a):
    return a[..., 0]


def first_one(a):
    return a[1, ...]


def whole(a):
    return a[...]


def both_ends(a):
    return a[0, ..., 1]


def new_axis_after(a):
    return a[..., None]


def stepped(a):
    return a[:, ..., ::2]


def tail_copy(a):
    return a[..., 1:, 0].copy()


def fill_all(a):
    a[...] = 7.0
    return a


def add_column(a):
    a[..., 1] += 1.0
    return a


def copy_row(a):
    a[0, ...] = a[1, ...]
    return a


def mask_then_dots(a):
    return a[a > 3, ...]


def dots_then_index_array(a, idx):
    return a[..., idx]


def zero_d_view(a):
    x = a[1, 2, 0, ...]
    return x


def zero_d_view_value(a):
    x = a[1, 2, 0, ...]
    return x[()] * 2.0 + x.item()


def zero_d_write(a):
    x = a[1, 2, 0, ...]
    x[()] = -1.0
    return a


def two_ellipses(a):
    return a[..., ...]


def too_many(a):
    return a[0, 0, 0, 0, ...]


def layouts(base):
    return [base, numpy.asfortranarray(base), base[:, ::-1, ::2], base[::-1]]


BASE = numpy.arange(48.0).reshape(2, 3, 8)


@pytest.mark.parametrize(
    "fn",
    [last_zero, first_one, whole, both_ends, new_axis_after, stepped, tail_copy, fill_all,
     add_column, copy_row, mask_then_dots, zero_d_view, zero_d_view_value, zero_d_write],
)
@pytest.mark.parametrize("k", range(4))
def test_ellipsis(fn, k):
    a = layouts(BASE.copy())[k]
    check(fn, a)


def test_ellipsis_other_dims():
    for a in [numpy.arange(5.0), numpy.arange(6).reshape(2, 3), numpy.zeros((0, 3))]:
        check(last_zero if a.size else whole, a)
        check(whole, a)
    check(dots_then_index_array, BASE.copy(), numpy.array([0, 3, -1]))
    check(last_zero, numpy.arange(5, dtype=numpy.int32))


def test_ellipsis_errors():
    # Too many indices is known when compiling, as without `...`.
    with pytest.raises(oxjit.TypingError, match="too many indices"):
        oxjit.njit(too_many)(BASE.copy())
    with pytest.raises(IndexError, match="too many indices"):
        too_many(BASE.copy())
    with pytest.raises(oxjit.TypingError, match="single ellipsis"):
        oxjit.njit(two_ellipses)(BASE.copy())
    with pytest.raises(IndexError):
        two_ellipses(BASE.copy())


def tuple_dots(t):
    return t[...]


def test_ellipsis_of_tuple_refused():
    with pytest.raises(oxjit.TypingError, match="can only index arrays"):
        oxjit.njit(tuple_dots)((1, 2))


def total(a):
    s = 0.0
    for x in numpy.nditer(a):
        s = s * 0.5 + x
    return s


def collect(a):
    out = []
    for x in numpy.nditer(a):
        out.append(x.item())
    return out


def item_values(a):
    out = numpy.empty(a.size)
    k = 0
    for x in numpy.nditer(a):
        out[k] = x[()] + x * 1.0
        k += 1
    return out


def item_shape(a):
    n = 0
    for x in numpy.nditer(a):
        n += x.ndim + len(x.shape) + x.size
    return n


def count_positive(a):
    n = 0
    for x in numpy.nditer(a):
        if x > 0:
            n += 1
    return n


def nditer_layouts(base):
    views = [base, numpy.asfortranarray(base), base.T, base[::-1], base[::2]]
    if base.ndim >= 2:
        views += [base[:, ::-1], base[::-1, ::2]]
    if base.ndim == 3:
        views += [base.transpose(1, 0, 2), base[:, ::-1].transpose(2, 0, 1)]
    return views


@pytest.mark.parametrize("fn", [total, collect, item_values, item_shape, count_positive])
@pytest.mark.parametrize(
    "base",
    [numpy.arange(24.0).reshape(2, 3, 4) - 5.0, numpy.arange(12.0).reshape(3, 4) - 4.0,
     numpy.arange(7.0)[::-1], numpy.zeros((0, 3)), numpy.arange(6).reshape(2, 3)],
    ids=["3d", "2d", "1d", "empty", "int"],
)
def test_nditer(fn, base):
    for a in nditer_layouts(base):
        check(fn, a)


def test_nditer_length_one_axes():
    base = numpy.arange(12.0).reshape(3, 1, 4)
    for a in [base, base[::-1, :, ::-2], numpy.asfortranarray(base), base.transpose(2, 1, 0)]:
        check(collect, a)


def write_item(a):
    for x in numpy.nditer(a):
        x[...] = 1.0
    return a


def fill_item(a):
    for x in numpy.nditer(a):
        x.fill(1.0)
    return a


def nditer_flags(a):
    s = 0.0
    for x in numpy.nditer(a, op_flags=["readwrite"]):
        s += x
    return s


def test_nditer_refusals():
    for fn in [write_item, fill_item]:
        with pytest.raises(oxjit.UnsupportedError, match="read-only"):
            oxjit.njit(fn)(numpy.zeros(3))
        with pytest.raises(ValueError, match="read-only"):
            fn(numpy.zeros(3))
    with pytest.raises(oxjit.UnsupportedError, match="nditer"):
        oxjit.njit(nditer_flags)(numpy.zeros(3))


def flat_read(a, i):
    return a.flat[i]


def flat_write(a, i, v):
    a.flat[i] = v
    return a


def flat_add(a, i):
    a.flat[i] += 10
    return a


def flat_sum(a):
    s = 0.0
    for k in range(a.size):
        s = s * 0.5 + a.flat[k]
    return s


@pytest.mark.parametrize("i", [0, 5, 11, -1, -12, 12, -13, 100])
def test_flat_index(i):
    base = numpy.arange(12.0).reshape(3, 4)
    for a in [base, numpy.asfortranarray(base), base[::-1, ::-1], base.T]:
        check(flat_read, a, i, exact_exception=True)
        check(flat_write, a, i, -1.5, exact_exception=True)
        check(flat_add, a, i, exact_exception=True)
    check(flat_read, numpy.arange(5), i if abs(i) < 5 else 7)


def test_flat_loop():
    base = numpy.arange(24.0).reshape(2, 3, 4)
    for a in [base, base[:, ::-1], numpy.asfortranarray(base), base.transpose(2, 0, 1)]:
        check(flat_sum, a)


def flat_slice(a):
    return a.flat[1:3]


def test_flat_slice_refused():
    with pytest.raises(oxjit.UnsupportedError, match="one integer index"):
        oxjit.njit(flat_slice)(numpy.arange(4.0))

"""`a.tolist()` (1-D: a list of Python scalars, 2-D: a list of row lists), `list(a)` and
`set(a)` of every real dtype, in C, Fortran and strided layouts, empty arrays included — CPython + NumPy
vs oxjit; plus what is refused (3-D, complex, record arrays)."""
import numpy
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import oxjit
from diff import check, check_with

DTYPES = ["float64", "float32", "int64", "int32", "int16", "int8",
          "uint64", "uint32", "uint16", "uint8", "bool"]


def to_list(a):
    return a.tolist()


def as_list(a):
    return list(a)


def use_items(a):
    # The list is an ordinary list in compiled code.
    out = a.tolist()
    out.append(out[0])
    return out, len(out)


def rows_total(m):
    t = 0.0
    for row in m.tolist():
        for x in row:
            t += x
    return t


def values(dtype, shape):
    rng = numpy.random.default_rng(7)
    x = rng.integers(-120, 120, size=shape)
    if dtype == "bool":
        return x > 0
    if dtype.startswith("float"):
        return (x / 7.0).astype(dtype)
    return x.astype(dtype)  # unsigned: wraps, as NumPy casts


@pytest.mark.parametrize("dtype", DTYPES)
def test_one_axis(dtype):
    a = values(dtype, 9)
    check(to_list, a)
    check(as_list, a)
    check_with(to_list, lambda: (values(dtype, 9)[::-2],))
    check_with(as_list, lambda: (values(dtype, 9)[1::3],))
    check(to_list, a[:0])
    check(use_items, a)


@pytest.mark.parametrize("dtype", DTYPES)
def test_two_axes(dtype):
    m = values(dtype, (4, 5))
    check(to_list, m)
    check(to_list, numpy.asfortranarray(m))
    check_with(to_list, lambda: (values(dtype, (4, 5))[::-1, 1::2],))
    check(to_list, m[:0])
    check(to_list, m[:, :0])


def test_float32_items_are_python_floats():
    got = oxjit.njit(to_list)(numpy.array([0.1, 2.5], dtype=numpy.float32))
    assert got == numpy.array([0.1, 2.5], dtype=numpy.float32).tolist()
    assert all(type(x) is float for x in got)
    assert oxjit.njit(rows_total)(numpy.ones((3, 2), dtype=numpy.float32)) == 6.0


@settings(max_examples=60, deadline=None)
@given(hnp.arrays(st.sampled_from([numpy.int8, numpy.int16, numpy.uint16, numpy.uint32]),
                  st.integers(1, 12)))
def test_narrow_ints_keep_their_values(a):
    # `list(a)` of narrow ints once kept the raw bits (-3 read back as 253).
    check(as_list, a)
    check(to_list, a)


def test_refused():
    with pytest.raises(oxjit.UnsupportedError, match="3-D"):
        oxjit.njit(to_list)(numpy.zeros((2, 2, 2)))
    with pytest.raises(oxjit.UnsupportedError, match="complex"):
        oxjit.njit(to_list)(numpy.zeros(3, dtype=numpy.complex128))


def as_set(a):
    s = set(a)
    s.add(a[0])
    return s, len(s)


@pytest.mark.parametrize("dtype", [d for d in DTYPES if d != "uint64"])
def test_set_of_array(dtype):
    a = values(dtype, 12) // 3 if dtype not in ("bool",) else values(dtype, 12)
    check(as_set, a)
    check_with(as_set, lambda: (values(dtype, 12)[::-3],))


def test_set_of_array_refused():
    # uint64 is not a key type (as for sets built from lists); 2-D arrays are not iterables of
    # numbers.
    with pytest.raises(oxjit.UnsupportedError):
        oxjit.njit(as_set)(numpy.arange(3, dtype=numpy.uint64))
    with pytest.raises(oxjit.UnsupportedError):
        oxjit.njit(as_set)(numpy.zeros((2, 2)))

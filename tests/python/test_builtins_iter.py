"""Iteration built-ins in `for` loops (`enumerate`, `zip`, `reversed(range)`, tuple targets)
and the built-in functions over arrays and numbers (`min`, `max`, `sum`, `round`, `divmod`,
`abs`) — CPython vs oxjit.
"""
import numpy
import pytest

import oxjit
from diff import check

hypothesis = pytest.importorskip("hypothesis")
from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

SETTINGS = settings(max_examples=60, deadline=None)


def enum_sum(a):
    t = 0.0
    for i, x in enumerate(a):
        t += i * x
    return t


def enum_start(a, s):
    t = 0
    for i, x in enumerate(a, s):
        t = (t * 7 + i) % 1000003
    return t


def enum_start_kw(a):
    last = -1
    for i, x in enumerate(a, start=10):
        last = i
    return last


def zip_dot(a, b):
    t = 0.0
    for x, y in zip(a, b):
        t += x * y
    return t


def zip3(a, b, c):
    t = 0.0
    for x, y, z in zip(a, b, c):
        t = t * 2 + x - y * z
    return t


def enum_zip(a, b):
    t = 0.0
    for i, (x, y) in enumerate(zip(a, b)):
        t += i * x - y
    return t


def rev(n):
    t = 0
    for i in reversed(range(n)):
        t = (t * 3 + i) % 1000003
    return t


def rev_step(a, b, k3):
    t = 0
    for i in reversed(range(a, b, 3)):
        t = (t * 3 + i) % 1000003
    for i in reversed(range(b, a, -2)):
        t = (t * 5 + i) % 1000003
    return t


def zip_ranges(a, n):
    t = 0
    for i, x, j in zip(range(2, n, 3), a, reversed(range(1, 20, 2))):
        t = (t * 5 + i + int(x) * 11 + j * 101) % 1000003
    return t


def enum_rows(m):
    t = 0.0
    for k, row in enumerate(m):
        t += k * row.sum()
    return t


def enum_as_tuple(a):
    t = 0
    for p in enumerate(a):
        t += p[0]
    return t


def zip_break_else(a, b):
    n = 0
    for x, y in zip(a, b):
        if x > y:
            break
        n += 1
    else:
        n = -1
    return n


def zip_continue(a, b):
    n = 0
    for i, (x, y) in enumerate(zip(a, b)):
        if x == y:
            continue
        n += i
    return n


def enum_range(n):
    t = 0
    for i, v in enumerate(range(5, n, 2)):
        t += i * v
    return t


floats = st.floats(-1e6, 1e6)


@given(a=st.lists(floats, max_size=8), b=st.lists(floats, max_size=8), s=st.integers(-5, 5))
@SETTINGS
def test_enumerate_zip(a, b, s):
    a, b = numpy.array(a, dtype=float), numpy.array(b, dtype=float)
    check(enum_sum, a)
    check(enum_start, a, s)
    check(enum_start_kw, a)
    check(zip_dot, a, b)
    check(zip3, a, b, b[::-1].copy())
    check(enum_zip, a, b)
    check(zip_break_else, a, b)
    check(zip_continue, a, b)


@given(n=st.integers(-10, 30), a=st.integers(-20, 20), b=st.integers(-20, 20))
@SETTINGS
def test_reversed_range(n, a, b):
    check(rev, n)
    check(rev_step, a, b, 0)
    check(enum_range, n)
    check(zip_ranges, numpy.arange(abs(n) % 12, dtype=float), n)


def test_rows_and_tuple_item():
    check(enum_rows, numpy.arange(6.0).reshape(3, 2))
    check(enum_as_tuple, numpy.ones(4))


def reversed_array(a):
    t = 0
    for x in reversed(a):
        t += x
    return t


def test_reversed_array():
    check(reversed_array, numpy.arange(4.0))
    check(reversed_array, numpy.arange(9)[::-3])


def min_max_sum(a):
    return min(a), max(a), sum(a), sum(a, 10), sum(a, 0.5)


def round_n(x, n):
    return round(x, n)


def round_plain(x):
    return round(x), round(x, None)


def div_mod(x, y):
    return divmod(x, y)


def abs_of(x):
    return abs(x)


@given(a=st.lists(st.floats(-1e6, 1e6), min_size=1, max_size=8))
@SETTINGS
def test_min_max_sum_floats(a):
    check(min_max_sum, numpy.array(a))


@pytest.mark.parametrize("dtype", ["int64", "int32", "uint8", "float32", "bool", "uint64"])
def test_min_max_sum_dtypes(dtype):
    check(min_max_sum, numpy.array([3, 1, 2, 0, 1]).astype(dtype))


def test_min_max_nan_and_empty():
    check(min_max_sum, numpy.array([numpy.nan, 1.0]))
    check(min_max_sum, numpy.array([1.0, numpy.nan, 0.5]))
    check(min_max_sum, numpy.array([], dtype=float), exact_exception=True)


@given(x=st.floats(allow_nan=False, allow_infinity=False), n=st.integers(-20, 20))
@settings(max_examples=400, deadline=None)
def test_round_float_ndigits(x, n):
    check(round_n, x, n, exact_exception=True)


@given(x=st.decimals(-1e6, 1e6, places=4).map(float), n=st.integers(-4, 4))
@settings(max_examples=400, deadline=None)
def test_round_decimal_ties(x, n):
    check(round_n, x, n)


@given(x=st.integers(-(2 ** 62), 2 ** 62), n=st.integers(-20, 5))
@SETTINGS
def test_round_int_ndigits(x, n):
    check(round_n, x, n)


def test_round_edges():
    for x, n in [(2.675, 2), (0.125, 2), (0.375, 2), (1250.0, -2), (-0.4, 0), (1.7e308, -308),
                 (5e-324, 323), (1e300, 400), (123.456, -400), (float("inf"), 2)]:
        check(round_n, x, n, exact_exception=True)
    for x in (2.5, 3.5, -2.5, 0.49999999999999994):
        check(round_plain, x)


@given(x=st.integers(-1000, 1000), y=st.integers(-50, 50))
@SETTINGS
def test_divmod_ints(x, y):
    check(div_mod, x, y, exact_exception=True)


@given(x=st.floats(-1e6, 1e6), y=st.floats(-1e3, 1e3))
@SETTINGS
def test_divmod_floats(x, y):
    check(div_mod, x, y, exact_exception=True)
    check(div_mod, x, 0.0, exact_exception=True)


def test_abs():
    for x in (-3, 3, -2.5, -0.0, True):
        check(abs_of, x)


def any_all_of(a, lst, t):
    return (any(a), all(a), any(lst), all(lst), any(t), all(t), any(a > 0.5), all(a[:0]),
            any(a[:0]), any([x > 1.5 for x in lst]))


ANY_ALL_DTYPES = ["float64", "float32", "int8", "uint16", "int64", "bool"]


@SETTINGS
@given(st.lists(st.sampled_from([0.0, 1.0, -2.0, 0.25, float("nan")]), max_size=6),
       st.lists(st.sampled_from([0.0, 1.0, 3.0]), min_size=1, max_size=4),
       st.sampled_from(ANY_ALL_DTYPES), st.booleans())
def test_any_all(xs, lst, dtype, strided):
    def make():
        base = numpy.array(xs + xs, dtype=numpy.float64)
        if dtype not in ("float64", "float32"):
            base = numpy.nan_to_num(base)
        a = base.astype(dtype)
        return (a[::2] if strided else a[: len(xs)]), list(lst), (0, lst[0], None)
    from diff import check_with
    check_with(any_all_of, make)


def test_any_all_of_lists_of_ints_and_bools():
    def f(li, lb):
        return any(li), all(li), any(lb), all(lb)
    for li, lb in [([0, 0], [False]), ([1, 0], [True, True]), ([3], [True, False])]:
        check(f, li, lb)


def test_any_of_2d_array_is_refused():
    def f(a):
        return any(a)
    with pytest.raises(oxjit.UnsupportedError, match="`any` of `float64"):
        oxjit.njit(f)(numpy.zeros((2, 2)))


# --- reversed(seq) in loops and sorted(array / tuple) ---

def reversed_sum(a):
    s = 0.0
    for x in reversed(a):
        s = s * 0.5 + x
    return s


def reversed_rows(m):
    out = []
    for row in reversed(m):
        out.append(row.sum())
    return out


def reversed_list_and_str(lst, s):
    out = []
    for x in reversed(lst):
        out.append(x * 2)
    t = ""
    for ch in reversed(s):
        t += ch
    return out, t


def reversed_in_enumerate_zip(a, b):
    out = []
    for i, (x, y) in enumerate(zip(reversed(a), b)):
        out.append(i * 100 + x * 10 + y)
    return out


def reversed_empty(n):
    t = 0
    for x in reversed([n][:0]):
        t += x
    return t


@oxjit.njit
def negated(x):
    return -x


def sorted_array(a):
    return sorted(a), sorted(a, reverse=True), sorted(a, key=negated)


def sorted_tuple(a, b, c):
    return sorted((a, b, c)), sorted((a, b, c), reverse=True)


def test_reversed_sequences():
    import numpy
    base = numpy.arange(7.0) * 1.5
    for a in (base, base[::2], base[::-1], numpy.asfortranarray(base), base[:0]):
        check(reversed_sum, a)
    check(reversed_rows, numpy.arange(12.0).reshape(3, 4))
    check(reversed_rows, numpy.arange(12.0).reshape(3, 4).T)
    check(reversed_list_and_str, [1, 2, 3], "héllo")
    check(reversed_list_and_str, [5], "")
    check(reversed_in_enumerate_zip, numpy.arange(5), numpy.arange(3))
    check(reversed_empty, 3)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.floats(allow_nan=False, width=64), max_size=30),
       st.lists(st.integers(-2 ** 63, 2 ** 63 - 1), max_size=30))
def test_sorted_arrays_and_tuples(fs, ints):
    import numpy
    check(sorted_array, numpy.array(fs, dtype=numpy.float64))
    a = numpy.array(ints, dtype=numpy.int64)
    check(sorted_array, a[::-1] if len(a) else a)
    if len(ints) >= 3:
        check(sorted_tuple, ints[0], ints[1], ints[2])

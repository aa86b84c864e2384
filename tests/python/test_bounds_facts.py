"""Index checks the range analysis removes (`passes/ranges/`), differential against CPython,
and their structure on the dumped IR:

* lengths from unpacked shapes (`n, m = a.shape`) and from arrays created with a known shape
  (`numpy.zeros((n, p))`, `ones(n)`, `zeros_like(u)`): an index below such a length needs no
  check;
* a `range` whose step is a variable known to be positive gives its counter an upper bound;
* an index checked once in a block on an array needs no second check (`C[i, j] += x`);
* facts die with a store to any variable they mention: rebinding the length, the array or the
  shape tuple keeps the checks, and the out-of-range index raises CPython's `IndexError`.
"""
import re

import numpy
from hypothesis import given, settings
from hypothesis import strategies as st

import oxjit
from diff import check


def stencil_2d(u):
    n, m = u.shape
    out = numpy.zeros_like(u)
    for i in range(1, n - 1):
        for j in range(1, m - 1):
            out[i, j] = 0.25 * (u[i - 1, j] + u[i + 1, j] + u[i, j - 1] + u[i, j + 1]) - u[i, j]
    return out


def matmul(A, B):
    n, m = A.shape
    p = B.shape[1]
    C = numpy.zeros((n, p))
    for i in range(n):
        for k in range(m):
            a = A[i, k]
            for j in range(p):
                C[i, j] += a * B[k, j]
    return C


def sieve(n):
    flags = numpy.ones(n, dtype=numpy.bool_)
    for i in range(2, int(n ** 0.5) + 1):
        if flags[i]:
            for j in range(i * i, n, i):
                flags[j] = False
    count = 0
    for i in range(n):
        if flags[i]:
            count += 1
    return count


def narrower_output(A, d):
    n, m = A.shape
    C = numpy.zeros((n, m - d))
    for i in range(n):
        for j in range(m):
            C[i, j] = A[i, j] * 2.0
    return C


def rebound_length(n):
    flags = numpy.ones(n)
    n = n + 1
    s = 0.0
    for i in range(n):
        s += flags[i]
    return s


def rebound_array(a):
    out = numpy.zeros_like(a)
    out = numpy.zeros(3)
    for i in range(a.shape[0]):
        out[i] = a[i]
    return out


def rebound_shape(a, b):
    s = a.shape
    s = b.shape
    n = s[0]
    t = 0.0
    for i in range(n):
        t += a[i]
    return t


def histogram(x, bins):
    counts = numpy.zeros(bins, dtype=numpy.int64)
    for i in range(x.shape[0]):
        k = int(x[i])
        counts[k] += 1
    return counts


def stepped(a, step):
    t = 0.0
    for s in range(1, step + 1):
        for j in range(0, a.shape[0], s):
            t += a[j]
    return t


def _bce(fn, *args):
    f = oxjit.njit(fn)
    try:
        f(*args)
    except IndexError:
        pass  # the rebinding programs index out of range, as intended
    return f.inspect_ir("bounds-check-elimination", signature=0)


def _index_lines(ir):
    return [line for line in ir.splitlines() if re.search(r"= (get|set)item v\d+\[", line)]


def test_values():
    rng = numpy.random.default_rng(0)
    check(stencil_2d, rng.random((7, 9)))
    check(stencil_2d, rng.random((2, 2)))
    check(matmul, rng.random((4, 5)), rng.random((5, 3)))
    check(matmul, rng.random((4, 5)), rng.random((3, 3)))  # B too short: IndexError
    for n in (2, 3, 10, 97, 1000):
        check(sieve, n)
    check(stepped, rng.random(10), 4)
    check(stepped, rng.random(0), 3)


def test_structure_unpacked_shapes_and_created_arrays():
    u = numpy.random.random((6, 6))
    assert all("check" not in ln and "wrap" not in ln for ln in _index_lines(_bce(stencil_2d, u)))
    # Only `flags[i]` for i up to int(n ** 0.5) keeps its check; the stepped inner loop and the
    # count (i < n, flags = ones(n)) need none.
    assert sum("check" in ln for ln in _index_lines(_bce(sieve, 50))) == 1
    lines = _index_lines(_bce(matmul, numpy.ones((3, 4)), numpy.ones((4, 5))))
    # Only B's row index (k < A.shape[1], not B.shape[0]) and the shape read keep a check.
    checked = [ln for ln in lines if "check" in ln]
    assert len(checked) == 2, lines
    setitem = [ln for ln in lines if "setitem" in ln]
    assert setitem and all("check" not in ln and "wrap" not in ln for ln in setitem)


def test_structure_second_check_in_a_block_only_wraps():
    lines = _index_lines(_bce(histogram, numpy.array([0.5, 1.5]), 4))
    get = [ln for ln in lines if "getitem" in ln and "int64" in ln]
    put = [ln for ln in lines if "setitem" in ln]
    assert any("wrap+check" in ln for ln in get), lines
    assert put and all(re.search(r"\[v\d+ wrap\]", ln) for ln in put), lines


def test_structure_facts_die_with_stores():
    assert any("check" in ln for ln in _index_lines(_bce(rebound_length, 3)))
    assert any("check" in ln for ln in _index_lines(_bce(rebound_array, numpy.ones(2))))
    assert any("check" in ln for ln in _index_lines(_bce(rebound_shape, numpy.ones(2),
                                                              numpy.ones(5))))


@settings(max_examples=60, deadline=None)
@given(st.integers(0, 5), st.integers(1, 6), st.integers(0, 3))
def test_kept_checks_raise_as_cpython(n, m, d):
    a = numpy.arange(n * m, dtype=numpy.float64).reshape(n, m)
    check(narrower_output, a, d)
    check(rebound_length, n)
    check(rebound_array, numpy.arange(float(m)))
    check(rebound_shape, numpy.arange(float(n)), numpy.arange(float(m)))


@settings(max_examples=60, deadline=None)
@given(st.lists(st.floats(-6.0, 6.0), max_size=12), st.integers(1, 5))
def test_histogram_negative_and_out_of_range(xs, bins):
    check(histogram, numpy.array(xs, dtype=numpy.float64), bins)


def digit_sums_upto(n, base):
    total = 0
    for i in range(n):
        x = i
        while x > 0:
            total += x % base
            x //= base
    return total


def digits_of(x):
    out = 0
    while x > 0:
        out = (out * 7 + (x % 10) + (x // 1000) % 3 + (x % 8) + (x // 16)) % 1000000007
        x //= 10
    return out


def powers_mod(n):
    s = 0
    for i in range(n):
        s += (i ** 3) % 7 - (i ** 2) // 5
    return s


@settings(max_examples=200, deadline=None)
@given(st.one_of(st.integers(-(2 ** 63), 2 ** 63 - 1), st.integers(-5000, 5000)))
def test_nonnegative_dividends_divide_unsigned(x):
    check(digits_of, x)


def test_nonnegative_dividends_values_and_structure():
    for base in (10, 7, 2, 16):
        check(digit_sums_upto, 2000, base)
    check(powers_mod, 3000)
    check(digits_of, 2 ** 63 - 1)
    f = oxjit.njit(digits_of)
    f(12345)
    clif = "\n".join(f.inspect_clif().values())
    assert "udiv" in clif and "sdiv" not in clif


def pair_terms(X, j):
    return (X[0, 1] - X[j, 1]) + (X[0, 1] * X[j, 1])


def pair_terms_rebound(X, Y, j):
    a = X[j, 1]
    X = Y
    return a + X[j, 1]


def test_same_variable_read_twice_checked_once():
    lines = _index_lines(_bce(pair_terms, numpy.ones((3, 3)), 1))
    # X[0, 1] twice and X[j, 1] twice: the second read of each is not checked again.
    assert sum("check" in ln for ln in lines) == 2, lines
    lines = _index_lines(_bce(pair_terms_rebound, numpy.ones((3, 3)), numpy.ones((2, 2)), 1))
    assert sum("check" in ln for ln in lines) == 2, lines


@settings(max_examples=60, deadline=None)
@given(st.integers(-5, 5), st.integers(1, 4), st.integers(1, 4))
def test_rebound_array_keeps_its_checks(j, n, m):
    X = numpy.arange(float(n * 3)).reshape(n, 3)
    Y = numpy.arange(float(m * 2)).reshape(m, 2)
    check(pair_terms, X, j)
    check(pair_terms_rebound, X, Y, j)


def modular_reads(a, k):
    n = a.shape[0]
    s = 0.0
    for i in range(k):
        s += a[(i * 7 - 3) % n]
    return s


def test_modulo_by_a_length_needs_no_check():
    lines = [ln for ln in _index_lines(_bce(modular_reads, numpy.ones(5), 3)) if "float64" in ln]
    assert lines and all("check" not in ln and "wrap" not in ln for ln in lines), lines


@settings(max_examples=60, deadline=None)
@given(st.integers(0, 9), st.integers(0, 12))
def test_modulo_by_a_length_values(n, k):
    check(modular_reads, numpy.arange(float(n)), k)  # n == 0 with k > 0: ZeroDivisionError

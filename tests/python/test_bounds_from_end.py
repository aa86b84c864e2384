"""Indices proven to count from the end (`passes/ranges/`): `a[-i - 1]`, `a[-1 - i]`, `a[-i]`
with the loop counter bounded so that the index lies in `[-len, -1]` are the element
`len + index` with no check and no test of the sign (`from-end` in the dumped IR). A counter
that may leave that interval keeps the full check and raises CPython's `IndexError`.
Differential against CPython, and the structure on the IR.
"""
import numpy
from hypothesis import given, settings
from hypothesis import strategies as st

from diff import check
from test_bounds_facts import _bce, _index_lines


def reverse_weighted(a):
    s = 0.0
    for i in range(a.shape[0]):
        s += a[-i - 1] * (i + 1)
    return s


def constant_first(a):
    s = 0.0
    for i in range(a.shape[0]):
        s += a[-1 - i]
    return s


def plain_negation(a):
    s = 0.0
    for i in range(1, a.shape[0] + 1):
        s += a[-i]
    return s


def stepped_mirror(a):
    n = a.shape[0]
    s = 0.0
    for i in range(0, n, 3):
        s += a[i] - a[-i - 1]
    return s


def reverse_copy(a):
    out = numpy.empty_like(a)
    for i in range(a.shape[0]):
        out[-i - 1] = a[i]
    return out


def rows_from_end(a):
    n, m = a.shape
    s = 0.0
    for i in range(n):
        for j in range(m):
            s += a[-i - 1, -j - 1] * j
    return s


def one_too_many(a):
    s = 0.0
    for i in range(a.shape[0] + 1):
        s += a[-i - 1]
    return s


def includes_zero(a):
    s = 0.0
    for i in range(a.shape[0]):
        s += a[-i]          # a[-0] is a[0]: not from the end
    return s


FROM_END = [reverse_weighted, constant_first, plain_negation, stepped_mirror, reverse_copy]


def test_values():
    for n in (0, 1, 2, 7, 100):
        a = numpy.arange(float(n)) * 1.5 - 3
        for fn in FROM_END + [one_too_many, includes_zero]:
            check(fn, a)
    check(rows_from_end, numpy.arange(12.0).reshape(3, 4))
    check(rows_from_end, numpy.asfortranarray(numpy.arange(12.0).reshape(3, 4)))
    check(reverse_weighted, numpy.arange(20.0)[::-3])


def test_structure_from_end_has_no_check():
    a = numpy.arange(5.0)
    for fn in FROM_END:
        lines = [ln for ln in _index_lines(_bce(fn, a)) if "float64" in ln or "setitem" in ln]
        assert lines and all("from-end" in ln for ln in lines if "-" in ln or "setitem" in ln), \
            (fn.__name__, lines)
        assert not any("wrap" in ln for ln in lines), (fn.__name__, lines)
    lines = _index_lines(_bce(rows_from_end, numpy.ones((2, 3))))
    assert any(ln.count("from-end") == 2 for ln in lines), lines


def test_structure_unproven_keeps_the_check():
    for fn in (one_too_many, includes_zero):
        lines = _index_lines(_bce(fn, numpy.arange(3.0)))
        assert not any("from-end" in ln for ln in lines), lines
        assert any("wrap+check" in ln for ln in lines), lines


@settings(max_examples=40, deadline=None)
@given(st.lists(st.floats(-1e6, 1e6), max_size=20))
def test_hypothesis(xs):
    a = numpy.array(xs, dtype=numpy.float64)
    for fn in FROM_END + [one_too_many]:
        check(fn, a)

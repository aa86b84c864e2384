"""`list(x)` and `sorted(x)` of any iterable a `for` loop takes (sets, dicts and their views,
strings, `zip`, `enumerate`, `reversed`, 2-D arrays), differential against CPython."""
import numpy
import pytest
from hypothesis import given, settings, strategies as st

from diff import check


def list_of_set(xs):
    s = set(xs)
    return sorted(list(s))


def list_of_dict(xs):
    d = {}
    for x in xs:
        d[x] = x * 2
    return list(d), list(d.values()), list(d.items()), list(d.keys())


def list_of_str(s):
    return list(s), sorted(s), sorted(s, reverse=True)


def list_of_zip_enumerate(a, b):
    return list(zip(a, b)), list(enumerate(b)), list(reversed(a)), list(enumerate(zip(a, b)))


def list_of_rows(m):
    rows = list(m)
    total = 0.0
    for r in rows:
        total += r.sum()
    return len(rows), total


def list_of_range_and_array(n, a):
    return list(range(n)), list(range(n, 0, -2)), list(a), list((1, 2, 3))


def sorted_of_set(xs, rev):
    return sorted({x % 7 for x in xs}, reverse=rev)


def sorted_of_dict(xs):
    d = {x: -x for x in xs}
    return sorted(d), sorted(d.values()), sorted(d.items())


def list_of_list_copies(xs):
    c = list(xs)
    c.append(99)
    return c, xs


def list_of_number():
    return list(5)


def test_list_of_sets_and_dicts():
    check(list_of_set, [3, 1, 2, 3, 1])
    check(list_of_dict, [5, 3, 5, 9])


def test_list_of_strings_zip_enumerate():
    check(list_of_str, "hello")
    check(list_of_str, "")
    check(list_of_zip_enumerate, [1, 2, 3], [4.5, 5.5])
    check(list_of_zip_enumerate, numpy.arange(4), numpy.arange(4.0)[::-1])


def test_list_of_rows_and_ranges():
    check(list_of_rows, numpy.arange(12.0).reshape(3, 4))
    check(list_of_rows, numpy.asfortranarray(numpy.arange(12.0).reshape(4, 3)))
    check(list_of_range_and_array, 7, numpy.arange(5.0)[::2])
    check(list_of_range_and_array, 0, numpy.zeros(0))


def test_list_copies_its_argument():
    check(list_of_list_copies, [1, 2, 3])


def test_list_of_a_number_raises_like_cpython():
    with pytest.raises(Exception) as got:
        import oxjit

        oxjit.njit(list_of_number)()
    assert "list_of_iterables.py" in str(got.value)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(-50, 50), min_size=1, max_size=30), st.booleans())
def test_sorted_of_sets_and_dicts(xs, rev):
    check(sorted_of_set, xs, rev)
    check(sorted_of_dict, xs)


def mixed_list():
    return [1, 2.5, "a", 3]


def test_heterogeneous_list_names_every_type_found():
    import oxjit

    with pytest.raises(oxjit.TypingError) as got:
        oxjit.njit(mixed_list)()
    text = str(got.value)
    assert "found `int64`, `float64` and `str`" in text, text
    assert "test_list_of_iterables.py:" in text

"""Seed program 1: the user's insertion sort, compiled as written.

The function is imported unchanged from ``oxjit.seed_programs``, the one copy
of the seed programs oxjit was founded on. CPython takes seconds on 10,000 elements, so the large cases
compare the compiled result with ``numpy.sort``; small cases are differential.
"""
import numpy
import pytest

import oxjit
from diff import check
from oxjit.seed_programs import tri_insertion  # one copy, unchanged


def _seed_input(n=10000):
    numpy.random.seed(0)
    return numpy.random.random(size=n)


@pytest.fixture(scope="module")
def sort_jit():
    return oxjit.jit(nopython=True)(tri_insertion)


def test_seed_program_10000(sort_jit):
    alea = _seed_input()
    before = alea.copy()
    out = sort_jit(alea)
    assert isinstance(out, numpy.ndarray)
    assert out.dtype == numpy.float64 and out.shape == (10000,)
    assert numpy.array_equal(out, numpy.sort(alea))
    assert numpy.array_equal(alea, before), "input was modified"
    assert out is not alea and not numpy.shares_memory(out, alea)


def test_seed_program_second_call_same_result(sort_jit):
    alea = _seed_input()
    first = sort_jit(alea)
    second = sort_jit(alea)
    assert numpy.array_equal(first, second)
    assert len(sort_jit.signatures) == 1


def test_boundscheck_false_gives_same_result():
    alea = _seed_input()
    out = oxjit.njit(tri_insertion, boundscheck=False)(alea)
    assert numpy.array_equal(out, numpy.sort(alea))


@pytest.mark.parametrize("n", [0, 1, 2, 3, 17])
def test_small_sizes(n):
    check(tri_insertion, _seed_input(n))


def test_already_sorted_and_reversed():
    a = numpy.arange(200.0)
    check(tri_insertion, a)
    check(tri_insertion, a[::-1].copy())
    check(tri_insertion, a[::-1])  # reversed view (negative stride)


def test_reversed_large(sort_jit):
    a = numpy.arange(3000.0)[::-1].copy()
    assert numpy.array_equal(sort_jit(a), numpy.arange(3000.0))


def test_duplicates_and_negatives():
    check(tri_insertion, numpy.array([3.0, -1.0, 3.0, 0.0, -0.0, -1.0, 2.5, 2.5]))


@pytest.mark.parametrize("dtype", [numpy.int64, numpy.int32, numpy.float32],
                         ids=lambda d: numpy.dtype(d).name)
def test_other_dtypes(dtype):
    numpy.random.seed(1)
    a = numpy.random.randint(-1000, 1000, size=300).astype(dtype)
    check(tri_insertion, a)


def test_int64_large(sort_jit):
    numpy.random.seed(2)
    a = numpy.random.randint(-10 ** 12, 10 ** 12, size=5000, dtype=numpy.int64)
    before = a.copy()
    out = sort_jit(a)
    assert out.dtype == numpy.int64
    assert numpy.array_equal(out, numpy.sort(a))
    assert numpy.array_equal(a, before)


def test_strided_input(sort_jit):
    a = _seed_input(4000)[::2]
    out = sort_jit(a)
    assert numpy.array_equal(out, numpy.sort(a))


def test_seed_programs_are_the_shared_file():
    """``oxjit.seed_programs`` is the seed file as the user wrote it (checked where the project's
    shared folder sits beside the repository, as in CI)."""
    import pathlib

    import oxjit.seed_programs

    shared = pathlib.Path(__file__).resolve().parents[3] / "shared" / "seed_programs.py"
    if not shared.exists():
        pytest.skip("no shared/seed_programs.py beside the repository")
    assert pathlib.Path(oxjit.seed_programs.__file__).read_text() == shared.read_text()

"""`print()` in compiled code (differential on the captured output): the text is exactly what
CPython and NumPy print — ints, floats (repr: `1e+16`, `-0.0`, `nan`), bools, `None`, tuples,
arrays of every dtype and layout, `numpy.float32` elements, string literals, f-strings with
format specs, `sep=`/`end=`, empty `print()` — in order with the program's own output, without
leaking the printed arrays, and also from `nogil` functions and `prange` loops. Unsupported
forms are compile-time errors with the source line.
"""
import gc

import numpy
import pytest

import oxjit
from oxjit import _oxjit


def scalars(x, n, b):
    print("x is", x, "n =", n, b)
    print(x * 0.1, 1e16, -0.0, 1e-7, 123456789.0, numpy.nan, -numpy.inf, None)
    print((1, 2.5), (n,), ((x, b), None))
    print()
    return n


def formatted(x, n):
    print(f"{x:.3f}|{n:>5d}|{x:e}|{n:x}", f"[{x}]", sep="", end="!\n")
    print("a", "b", sep=", ", end="")
    print(" <- no newline before", end=None)
    print("sep None", n, sep=None)


def arrays(a, m):
    print(a)
    print(a > 1.0, a.astype(numpy.float32))
    print(m, m.T, m[:, ::2])
    print(a[0], a.astype(numpy.float32)[1], a.astype(numpy.int64) * 3)
    print(numpy.zeros(0), numpy.arange(30.0))


def unsigned(a):
    print(a, a[0], a[1], a[0] > a[1])


def test_unsigned_and_small_ints(capsys):
    for dt in (numpy.uint64, numpy.uint32, numpy.int8, numpy.int16):
        a = numpy.array([numpy.iinfo(dt).max, 3], dtype=dt)
        if dt == numpy.uint64:
            a[0] = 2 ** 64 - 2
        got, want = _outputs(unsigned, capsys, a)
        assert got == want, dt


def in_loop(n):
    s = 0
    for i in range(n):
        s += i
        print(i, s)
    return s


def _outputs(fn, capsys, *args, **options):
    fn(*args)
    want = capsys.readouterr().out
    oxjit.jit(nopython=True, **options)(fn)(*args)
    got = capsys.readouterr().out
    return got, want


@pytest.mark.parametrize("args", [(1.5, 7, True), (-2.0, -3, False), (1e300, 2 ** 62, True)])
def test_scalars(capsys, args):
    got, want = _outputs(scalars, capsys, *args)
    assert got == want


@pytest.mark.parametrize("args", [(3.14159, 42), (-0.5, -7)])
def test_formatted(capsys, args):
    got, want = _outputs(formatted, capsys, *args)
    assert got == want


def test_arrays(capsys):
    a = numpy.array([1.0, 2.0, 3.5])
    m = numpy.arange(12.0).reshape(3, 4)
    got, want = _outputs(arrays, capsys, a, m)
    assert got == want
    got, want = _outputs(arrays, capsys, a[::-1].copy(), numpy.asfortranarray(m))
    assert got == want


def test_order_with_python_output(capsys):
    f = oxjit.njit(in_loop)
    print("before")
    f(3)
    print("after")
    out = capsys.readouterr().out
    assert out == "before\n0 0\n1 1\n2 3\nafter\n"


def test_nogil_and_parallel(capsys):
    got, want = _outputs(in_loop, capsys, 4, nogil=True)
    assert got == want

    def par(n):
        for i in oxjit.prange(n):
            print(i)
    oxjit.njit(parallel=True)(par)(5)
    lines = sorted(capsys.readouterr().out.split())
    assert lines == ["0", "1", "2", "3", "4"]


def test_printed_arrays_are_not_leaked(capsys):
    f = oxjit.njit(arrays)
    a, m = numpy.array([1.0, 2.0, 3.5]), numpy.arange(12.0).reshape(3, 4)
    f(a, m)
    gc.collect()
    start = _oxjit.live_allocations()
    for _ in range(20):
        f(a, m)
    gc.collect()
    capsys.readouterr()
    assert _oxjit.live_allocations() == start


def with_file(x):
    print(x, file=None)


def with_variable_sep(x, s):
    print(x, sep=s)


@pytest.mark.parametrize("fn,args,match", [
    (with_file, (1,), "keyword `file`"),
    (with_variable_sep, (1, 2), "`sep=` must be a string literal"),
])
def test_unsupported_forms(fn, args, match):
    with pytest.raises(oxjit.UnsupportedError, match=match) as e:
        oxjit.njit(fn)(*args)
    assert "test_print.py:" in str(e.value)

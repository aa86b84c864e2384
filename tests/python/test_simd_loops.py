"""User loops run two iterations at a time in f64x2 vectors (`passes/vectorize.rs`,
`codegen/vectorize.rs`), differential against CPython (bit-equal values, exceptions, arguments
after the call), and the guards that send a loop back to scalar code: index checks that could
fail, read-only arrays, arrays that overlap an array written in the loop. Structure: the
planned loop's Cranelift IR has f64x2 loads, `OXJIT_SKIP_PASSES=vectorize` has none, and loops
outside the plan (a loop-carried value, a division by a variable) are not vectorised.
"""
import os
import subprocess
import sys

import numpy
from hypothesis import given, settings
from hypothesis import strategies as st

import oxjit
from diff import check
from test_bounds_facts import stencil_2d


def stencil_1d(a):
    out = numpy.empty_like(a)
    for i in range(1, a.shape[0] - 1):
        out[i] = (a[i - 1] + a[i] + a[i + 1]) / 3.0
    return out[1:-1]


def axpy_rows(C, A, B):
    n, m = A.shape
    for i in range(n):
        for k in range(m):
            a = A[i, k]
            for j in range(B.shape[1]):
                C[i, j] += a * B[k, j]
    return C


def temps_and_loop_var(a, b, s):
    t = 0.0
    j = -1
    for j in range(a.shape[0]):
        t = a[j] * s - 2
        b[j] = -t + a[j] / 4
    return t, j


def shifted_write(a, b, lo, hi):
    for j in range(lo, hi):
        b[j + 1] = a[j] * 2.0
    return b


def same_array(a):
    for j in range(1, a.shape[0]):
        a[j] = a[j - 1] + 1.0
    return a


def copy_into(dst, src):
    for j in range(src.shape[0]):
        dst[j] = src[j] + 0.5
    return dst


def overlap(buf, lo):
    dst = buf[lo:lo + 8]
    src = buf[2:10]
    for j in range(src.shape[0]):
        dst[j] = src[j] + 0.5
    return buf


def carried(a):
    s = 0.0
    for j in range(a.shape[0]):
        s = s + a[j]
        a[j] = s
    return a


def divide_by(a, d):
    for j in range(a.shape[0]):
        a[j] = a[j] / d
    return a


def _clif(fn, *args, env=None):
    f = oxjit.njit(fn)
    f(*args)
    return "\n".join(f.inspect_clif().values())


@settings(max_examples=80, deadline=None)
@given(st.integers(0, 11), st.integers(0, 2 ** 32 - 1))
def test_maps_bit_equal(n, seed):
    rng = numpy.random.default_rng(seed)
    check(stencil_1d, rng.standard_normal(n))
    check(stencil_2d, rng.standard_normal((max(n, 1), n + 2)))
    check(axpy_rows, rng.standard_normal((3, n)), rng.standard_normal((3, 4)),
          rng.standard_normal((4, n)))
    check(temps_and_loop_var, rng.standard_normal(n), numpy.zeros(n), 1.5)


@settings(max_examples=80, deadline=None)
@given(st.integers(0, 9), st.integers(-3, 3), st.integers(-2, 12))
def test_guards_raise_where_python_does(n, lo, hi):
    a = numpy.arange(float(n))
    check(shifted_write, a, numpy.zeros(n), lo, hi)


def test_read_only_destination():
    a = numpy.ones(6)
    ro = numpy.zeros(6)
    ro.setflags(write=False)
    check(copy_into, ro, a)


def test_overlapping_views_run_scalar():
    # dst and src are views of one buffer: where they overlap, an iteration may read what an
    # earlier one wrote, as in CPython.
    # Overlapping (lo < 10) runs scalar; apart (lo >= 10) runs vectorised on the views.
    for lo in range(0, 14):
        check(overlap, numpy.arange(24.0), lo)
    check(same_array, numpy.arange(7.0))


def test_invariant_rows_out_of_range():
    check(axpy_rows, numpy.ones((3, 2)), numpy.ones((3, 2)), numpy.ones((1, 2)))
    check(axpy_rows, numpy.ones((2, 3)), numpy.ones((3, 2)), numpy.ones((2, 3)))


def test_structure():
    a = numpy.ones(8)
    assert "f64x2" in _clif(stencil_1d, a)
    assert "f64x2" in _clif(overlap, numpy.arange(12.0), 1)  # vectorised, behind its guard
    assert "f64x2" in _clif(axpy_rows, numpy.ones((2, 2)), numpy.ones((2, 2)), numpy.ones((2, 2)))
    assert "f64x2" not in _clif(carried, a.copy())
    assert "f64x2" not in _clif(divide_by, a.copy(), 3.0)


def test_skip_pass_gives_scalar_code(tmp_path):
    script = tmp_path / "twice.py"
    script.write_text(
        "import numpy, oxjit\n"
        "def f(a):\n"
        "    out = numpy.empty_like(a)\n"
        "    for i in range(a.shape[0]):\n"
        "        out[i] = a[i] * 2.0\n"
        "    return out\n"
        "g = oxjit.njit(f)\n"
        "g(numpy.ones(4))\n"
        "print('f64x2' in '\\n'.join(g.inspect_clif().values()))\n"
    )

    def run(**extra):
        env = {k: v for k, v in os.environ.items() if k != "OXJIT_SKIP_PASSES"}
        env.update(extra)
        return subprocess.run([sys.executable, str(script)], env=env, capture_output=True,
                              text=True, check=True).stdout.strip()
    assert run(OXJIT_SKIP_PASSES="vectorize") == "False"
    assert run() == "True"


def count_true(flags, start, c0):
    c = c0
    i = -7
    for i in range(start, flags.shape[0]):
        if flags[i]:
            c += 1
    return c, i


def count_rows(flags, step):
    total = 0
    for r in range(flags.shape[0]):
        c = 0
        for j in range(flags.shape[1] - 1):
            if flags[r, j + 1]:
                c += step
        total = total * 3 + c
    return total


def count_past_end(flags):
    c = 0
    for i in range(flags.shape[0] + 1):
        if flags[i]:
            c += 1
    return c


@settings(max_examples=80, deadline=None)
@given(st.integers(0, 70), st.integers(-3, 5), st.integers(-5, 5), st.integers(0, 2 ** 32 - 1))
def test_count_of_flags(n, start, c0, seed):
    rng = numpy.random.default_rng(seed)
    flags = rng.random(n) < rng.random()
    check(count_true, flags, start, c0)
    check(count_rows, rng.random((3, n)) < 0.3, c0)
    check(count_past_end, flags)


def test_count_of_flags_any_nonzero_byte():
    raw = numpy.array([0, 1, 2, 255, 0, 128, 0, 0, 3, 0, 0, 0, 0, 0, 0, 0, 9, 0, 7, 1, 0],
                      dtype=numpy.uint8)
    check(count_true, raw.view(numpy.bool_), 0, 0)
    check(count_true, raw.view(numpy.bool_)[1:], 0, 0)


def test_structure_count_of_flags():
    clif = _clif(count_true, numpy.ones(40, dtype=numpy.bool_), 0, 0)
    assert "i8x16" in clif and "popcnt" in clif
    assert "i8x16" in _clif(count_rows, numpy.ones((2, 40), dtype=numpy.bool_), 2)

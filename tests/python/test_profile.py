"""Per-line profiling (`oxjit.profile(f, ...)`, `f.profile(...)`): hits counted exactly as
line_profiler counts them, results identical to unprofiled calls and to CPython, exceptions
re-raised with the profile attached, jitted callees reported, ordinary calls uninstrumented."""
import inspect
import io

import numpy
import pytest

import oxjit
from diff import assert_same, clone_args
from oxjit.seed_programs import gradient_regression, tri_insertion


def line_of(fn, text):
    """The file line of the (unique) source line of `fn` containing `text`."""
    lines, first = inspect.getsourcelines(getattr(fn, "py_func", fn))
    found = [first + i for i, line in enumerate(lines) if text in line]
    assert len(found) == 1, (text, found)
    return found[0]


def hits(prof, fn, text, function=None):
    return prof.line(line_of(fn, text), function).hits


def same_as_unprofiled(fn, *args, rtol=None, **kwargs):
    """Profile `fn` and call it plainly and in CPython on copies: the same result as the plain
    call exactly, as CPython within `rtol` (fused reductions sum in another order)."""
    expected = fn.py_func(*clone_args(args), **kwargs)
    plain = fn(*clone_args(args), **kwargs)
    prof = fn.profile(*clone_args(args), **kwargs)
    assert_same(expected, prof.result, rtol=rtol)
    assert_same(plain, prof.result)
    return prof


# --- hand-counted loops -------------------------------------------------------------------

@oxjit.njit
def nested(n, m):
    total = 0
    for i in range(n):
        for j in range(m):
            total += i * j
        total += 1
    return total


@oxjit.njit
def countdown(n):
    k = n
    evens = 0
    while k > 0:
        if k % 2 == 0:
            evens += 1
        else:
            evens -= 0
        k -= 1
    return evens


def test_nested_loop_hits_are_exact():
    prof = same_as_unprofiled(nested, 7, 5)
    assert hits(prof, nested, "total = 0") == 1
    assert hits(prof, nested, "for i in") == 7 + 1
    assert hits(prof, nested, "for j in") == 7 * (5 + 1)
    assert hits(prof, nested, "total += i * j") == 7 * 5
    assert hits(prof, nested, "total += 1") == 7
    assert hits(prof, nested, "return total") == 1
    assert hits(prof, nested, "def nested") == 0


def test_while_and_branch_hits_are_exact():
    prof = same_as_unprofiled(countdown, 9)
    assert hits(prof, countdown, "while k > 0") == 9 + 1
    assert hits(prof, countdown, "if k % 2") == 9
    assert hits(prof, countdown, "evens += 1") == 4
    assert hits(prof, countdown, "evens -= 0") == 5
    assert hits(prof, countdown, "k -= 1") == 9


def test_hits_are_deterministic_and_loop_free_runs_hit_once():
    a = nested.profile(3, 4)
    b = nested.profile(3, 4)
    assert [(r.lineno, r.hits) for r in a.lines] == [(r.lineno, r.hits) for r in b.lines]
    prof = countdown.profile(0)
    assert hits(prof, countdown, "while k > 0") == 1
    assert hits(prof, countdown, "k -= 1") == 0


# --- time --------------------------------------------------------------------------------

@oxjit.njit
def dominated(a):
    small = a[0] + 1.0
    acc = 0.0
    for i in range(a.shape[0]):
        acc += numpy.sum(numpy.sqrt(a * a[i])) - small
    return acc


def test_the_hot_line_has_most_of_the_time():
    a = numpy.linspace(0.0, 1.0, 400)
    prof = same_as_unprofiled(dominated, a, rtol=1e-12)
    assert all(r.seconds >= 0.0 for r in prof.lines)
    assert prof.total_seconds > 0.0
    hot = prof.line(line_of(dominated, "acc += numpy.sum"))
    assert hot.hits == 400
    assert max(prof.lines, key=lambda r: r.seconds).lineno == hot.lineno
    cheap = prof.line(line_of(dominated, "small = a[0]"))
    assert cheap.seconds < hot.seconds


# --- exceptions --------------------------------------------------------------------------

@oxjit.njit
def fails_at(a, k):
    t = 0.0
    for i in range(a.shape[0]):
        t += a[i]
        if i == k:
            raise ValueError(f"stopped at {i}")
    return t


def test_a_raising_function_reports_and_reraises():
    with pytest.raises(ValueError) as plain:
        fails_at(numpy.ones(6), 2)
    with pytest.raises(ValueError) as profiled:
        fails_at.profile(numpy.ones(6), 2)
    assert str(profiled.value) == str(plain.value) == "stopped at 2"
    prof = profiled.value.oxjit_profile
    assert isinstance(prof, oxjit._profile.Profile)
    assert prof.result is None
    assert hits(prof, fails_at, "raise ValueError") == 1
    assert hits(prof, fails_at, "t += a[i]") == 3
    assert hits(prof, fails_at, "return t") == 0
    assert "oxjit_profile" in "".join(profiled.value.__notes__)
    # The same function completes when nothing raises.
    assert same_as_unprofiled(fails_at, numpy.ones(6), 10).result == 6.0


@oxjit.njit
def index_error(a, i):
    return a[i] * 2.0


def test_runtime_errors_keep_class_and_message():
    with pytest.raises(IndexError) as plain:
        index_error(numpy.ones(3), 5)
    with pytest.raises(IndexError) as profiled:
        index_error.profile(numpy.ones(3), 5)
    assert str(profiled.value) == str(plain.value)
    assert hits(profiled.value.oxjit_profile, index_error, "return a[i]") == 1


@oxjit.njit
def catches(a):
    caught = 0
    for i in range(4):
        try:
            if i % 2 == 1:
                raise ValueError("odd")
            caught += 10
        except ValueError:
            caught += 1
    return caught + a[0]


def test_try_except_inside_the_function():
    prof = same_as_unprofiled(catches, numpy.ones(2))
    assert hits(prof, catches, "caught += 10") == 2
    assert hits(prof, catches, "caught += 1\n") == 2


# --- callees -----------------------------------------------------------------------------

@oxjit.njit
def square_plus(x, c):
    y = x * x
    return y + c


@oxjit.njit
def unused_callee(x):
    return x - 1.0


@oxjit.njit
def calls_callees(a, flag):
    s = 0.0
    for i in range(a.shape[0]):
        s += square_plus(a[i], 1.0)
    if flag:
        s += unused_callee(s)
    return s


@oxjit.njit
def fib(n):
    if n < 2:
        return n
    return fib(n - 1) + fib(n - 2)


def fib_calls(n):
    return 1 if n < 2 else 1 + fib_calls(n - 1) + fib_calls(n - 2)


def test_callees_are_reported_per_line():
    a = numpy.arange(6.0)
    prof = same_as_unprofiled(calls_callees, a, False)
    assert [f.name for f in prof.functions] == ["calls_callees", "square_plus"]
    assert hits(prof, calls_callees, "s += square_plus") == 6
    assert hits(prof, square_plus, "y = x * x", "square_plus") == 6
    assert hits(prof, square_plus, "return y + c", "square_plus") == 6
    text = str(prof)
    assert "Function: calls_callees at line" in text
    assert "Function: square_plus at line" in text
    assert "unused_callee" not in [f.name for f in prof.functions]
    prof = calls_callees.profile(a, True)
    assert hits(prof, unused_callee, "return x - 1.0", "unused_callee") == 1


def test_recursion_counts_every_call():
    prof = same_as_unprofiled(fib, 12)
    assert hits(prof, fib, "if n < 2") == fib_calls(12)
    assert hits(prof, fib, "return n\n") == (fib_calls(12) + 1) // 2
    assert hits(prof, fib, "return fib(n - 1)") == (fib_calls(12) - 1) // 2


# --- array expressions, parallel ---------------------------------------------------------

@oxjit.njit
def fused(a, b):
    d = numpy.sum((a - b) ** 2)
    e = numpy.sqrt(a) + b
    return d, e


def test_fused_array_kernels_are_charged_to_their_statement():
    a, b = numpy.linspace(1.0, 2.0, 1000), numpy.linspace(0.0, 3.0, 1000)
    prof = same_as_unprofiled(fused, a, b, rtol=1e-12)
    assert hits(prof, fused, "d = numpy.sum") == 1
    assert hits(prof, fused, "e = numpy.sqrt") == 1


@oxjit.jit(nopython=True, parallel=True)
def parallel_sum(a):
    s = 0.0
    for i in oxjit.prange(a.shape[0]):
        s += a[i] * 2.0
    t = numpy.sum(a * 3.0)
    return s + t


def test_parallel_loops_are_charged_to_their_line():
    a = numpy.linspace(0.0, 1.0, 100_000)
    prof = same_as_unprofiled(parallel_sum, a)
    assert hits(prof, parallel_sum, "for i in oxjit.prange") == 1
    assert hits(prof, parallel_sum, "s += a[i]") == 0
    assert hits(prof, parallel_sum, "t = numpy.sum") == 1


# --- seed programs -----------------------------------------------------------------------

def test_seed_sort():
    sort = oxjit.njit(tri_insertion)
    numpy.random.seed(1)
    data = numpy.random.random(200)
    prof = same_as_unprofiled(sort, data)
    assert numpy.array_equal(prof.result, numpy.sort(data))
    shifts = 0
    for i in range(1, len(data)):
        shifts += int(numpy.sum(data[:i] > data[i]))
    assert hits(prof, sort, "for i in range(1, len(vec))") == len(data)
    assert hits(prof, sort, "x = vec[i]") == len(data) - 1
    assert hits(prof, sort, "vec[j] = vec[j - 1]") == shifts
    assert hits(prof, sort, "while (j > 0)") == shifts + len(data) - 1
    assert hits(prof, sort, "vec[j] = x") == len(data) - 1


def test_seed_regression():
    fit = oxjit.njit(gradient_regression)
    prof = same_as_unprofiled(fit, 2000, 30, rtol=1e-12)
    assert hits(prof, fit, "for i in range(iterations)") == 31
    for text in ("yPred = numpy.dot", "err = y - yPred", "scr[i] = numpy.sum",
                 "gradient = 2.0", "coef = coef + alpha"):
        assert hits(prof, fit, text) == 30, text
    assert hits(prof, fit, "numpy.random.seed(0)") == 1


# --- the API -----------------------------------------------------------------------------

@oxjit.njit
def with_defaults(a, scale=2.0, *, shift=0.0):
    return a.sum() * scale + shift


def test_keywords_defaults_and_oxjit_profile():
    a = numpy.arange(4.0)
    assert with_defaults.profile(a).result == 12.0
    assert with_defaults.profile(a, shift=1.0).result == 13.0
    assert oxjit.profile(with_defaults, a, 3.0, shift=1.0).result == 19.0
    with pytest.raises(TypeError) as plain:
        with_defaults(a, 1.0, 2.0)
    with pytest.raises(TypeError) as profiled:
        with_defaults.profile(a, 1.0, 2.0)
    assert str(profiled.value) == str(plain.value)
    with pytest.raises(TypeError, match="@jit or @njit"):
        oxjit.profile(lambda x: x, 1)


def test_ordinary_calls_stay_uninstrumented():
    f = oxjit.njit(nested.py_func)
    assert f(3, 3) == nested.py_func(3, 3)
    f.profile(3, 3)
    f.profile(3, 3)
    assert f(3, 3) == nested.py_func(3, 3)
    assert len(f.signatures) == 1
    assert not any("oxjit_rt_profile_line" in calls for calls in f._runtime_calls())


def test_rendering():
    prof = nested.profile(2, 3)
    text = str(prof)
    assert text.startswith("Timer unit: 1e-06 s")
    header = [line for line in text.splitlines() if line.startswith("Line #")]
    assert header and all(word in header[0] for word in
                           ("Hits", "Time", "Per Hit", "% Time", "Line Contents"))
    row = [line for line in text.splitlines() if "total += i * j" in line][0]
    assert row.split()[:2] == [str(line_of(nested, "total += i * j")), "6"]
    out = io.StringIO()
    prof.print(file=out)
    assert out.getvalue() == text
    assert "nested" in repr(prof)
    record = prof.line(line_of(nested, "for j in"))
    assert record.function == "nested" and record.source.strip() == "for j in range(m):"


STUB_SNIPPET = '''
import numpy as np
import oxjit
from oxjit import njit

@njit
def f(a: np.ndarray) -> float:
    return float(a.sum())

p = f.profile(np.zeros(3))
q = oxjit.profile(f, np.zeros(3))
seconds: float = p.total_seconds + q.lines[0].seconds
hits: int = p.line(3).hits + p.functions[0].hits
p.print()
bad: str = p.total_seconds
'''


def test_stubs_describe_profile(tmp_path):
    from test_stubs import mypy_errors
    errors, out = mypy_errors(tmp_path, STUB_SNIPPET)
    assert len(errors) == 1, out
    assert 'variable has type "str"' in errors[0]


@oxjit.njit("float64(float64)")
def typed_square(x):
    return x * x


def test_explicit_signatures_convert_as_ordinary_calls():
    assert typed_square(3) == 9.0
    prof = typed_square.profile(3)
    assert prof.result == 9.0 and isinstance(prof.result, float)
    assert typed_square.signatures == [("float64",)]
    with pytest.raises(TypeError) as plain:
        typed_square(numpy.ones(2))
    with pytest.raises(TypeError) as profiled:
        typed_square.profile(numpy.ones(2))
    assert str(profiled.value) == str(plain.value)

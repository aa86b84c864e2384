"""Errors in NumPy code: unsupported functions, and NumPy's run-time errors.

* Calling a NumPy function oxjit does not compile raises
  ``oxjit.UnsupportedError`` at the first call (not at decoration), whose
  message names the function and points at the call with ``--> file:line``
  (the line carrying the ``# error here`` marker; expected lines are computed
  with ``inspect``, so editing this file does not break the tests).
* Run-time errors inside NumPy expressions (shape mismatches in fused
  expressions, negative dimensions, out-of-bounds indices on views, ...)
  raise CPython's/NumPy's own exception classes, never an ``oxjit.OxjitError``
  (the harness checks that). Errors tested in the other ``test_numpy_*`` files
  are not repeated here.
"""
import inspect
import os
import re

import numpy
import numpy as np
import pytest

import oxjit
from diff import check

LOCATION = re.compile(r"-->\s*(?P<file>.+?):(?P<line>\d+)(?::(?P<col>\d+))?")


# --- unsupported NumPy functions ------------------------------------------------------------------


def uses_fft(a):
    n = a.shape[0]
    spectrum = numpy.fft.hfft(a)  # error here
    return spectrum, n


def uses_ifft_alias(a):
    return np.fft.ihfft(a)  # error here


def uses_eigvals(m):
    s = m.sum()
    u = numpy.linalg.eigvals(m)  # error here
    return u, s


def uses_eig_alias(m):
    return np.linalg.eig(m)  # error here


def uses_vander(a):
    b = a * 2.0
    return numpy.vander(b)  # error here


def uses_ediff1d_alias_in_expression(a):
    total = np.ediff1d(a) + 1  # error here
    return total


def uses_polyfit(x, y):
    return numpy.polyfit(x, y, 1)  # error here


def uses_histogramdd(a):
    counts = 0
    for i in range(2):
        counts += i
    h = numpy.histogramdd(a)  # error here
    return h, counts


def uses_dirichlet(n):
    x = numpy.random.dirichlet(numpy.ones(n))  # error here
    return x


def uses_unsupported_after_supported_calls(a):
    b = numpy.sqrt(a) + numpy.zeros(a.shape[0])
    c = numpy.sort(b)
    return numpy.vander(c)  # error here


A = numpy.arange(8.0)
M = numpy.arange(9.0).reshape(3, 3) + numpy.eye(3)
MS = numpy.stack([M, M])  # eig/eigvals of stacks of matrices are not compiled yet

# (function, arguments, substrings of which at least one must be in the message)
UNSUPPORTED = [
    (uses_fft, (A,), ["numpy.fft"]),
    (uses_ifft_alias, (A,), ["numpy.fft", "np.fft"]),
    (uses_eigvals, (MS,), ["linalg.eigvals"]),
    (uses_eig_alias, (MS,), ["linalg.eig"]),
    (uses_vander, (A,), ["vander"]),
    (uses_ediff1d_alias_in_expression, (A,), ["ediff1d"]),
    (uses_polyfit, (A, A), ["polyfit"]),
    (uses_histogramdd, (A,), ["histogramdd"]),
    (uses_dirichlet, (3,), ["dirichlet"]),
    (uses_unsupported_after_supported_calls, (A,), ["vander"]),
]
IDS = [fn.__name__ for fn, _, _ in UNSUPPORTED]


def _marked_line(fn):
    lines, first = inspect.getsourcelines(fn)
    marked = [first + i for i, text in enumerate(lines) if "# error here" in text]
    assert len(marked) == 1, f"test bug: {fn.__name__} needs exactly one marker"
    return marked[0]


def _unsupported_error(fn, args):
    dispatcher = oxjit.njit(fn)  # must not raise: compilation is lazy
    with pytest.raises(oxjit.UnsupportedError) as info:
        dispatcher(*args)
    return info.value


@pytest.mark.parametrize("fn, args, names", UNSUPPORTED, ids=IDS)
def test_unsupported_numpy_function_raises_unsupported_error(fn, args, names):
    err = _unsupported_error(fn, args)
    assert isinstance(err, oxjit.OxjitError)


@pytest.mark.parametrize("fn, args, names", UNSUPPORTED, ids=IDS)
def test_unsupported_message_names_the_function(fn, args, names):
    message = str(_unsupported_error(fn, args))
    assert any(name in message for name in names), (
        f"none of {names} in the message:\n{message}")


@pytest.mark.parametrize("fn, args, names", UNSUPPORTED, ids=IDS)
def test_unsupported_message_points_at_the_call(fn, args, names):
    message = str(_unsupported_error(fn, args))
    match = LOCATION.search(message)
    assert match, f"no '--> file:line' in the message:\n{message}"
    path = match.group("file")
    assert os.path.exists(path) and os.path.samefile(path, inspect.getsourcefile(fn)), (
        f"message names {path!r}, the function is in {inspect.getsourcefile(fn)!r}")
    assert int(match.group("line")) == _marked_line(fn), (
        f"expected line {_marked_line(fn)}:\n{message}")


@pytest.mark.parametrize("fn, args, names", UNSUPPORTED[:3], ids=IDS[:3])
def test_unsupported_raises_again_and_does_not_poison_other_functions(fn, args, names):
    dispatcher = oxjit.njit(fn)
    for _ in range(2):
        with pytest.raises(oxjit.UnsupportedError):
            dispatcher(*args)
    assert oxjit.njit(supported_after_failure)(A) == float(A.sum())


def supported_after_failure(a):
    return numpy.sum(a)


# --- run-time errors inside NumPy code ----------------------------------------------------------------


def fused_mismatch(a, b):
    return ((a + b) * 2.0).sum()


def assign_mismatched_expression(x, a, b):
    x[:, 0] = a + b


def index_view_out_of_bounds(a, i):
    v = a[2:]
    return v[i]


def column_out_of_bounds(x):
    return x[:, 5]


def empty_negative(n):
    return numpy.empty(n)


def ones_negative_second(n):
    return numpy.ones((3, n))


def eye_negative(n):
    return numpy.eye(n)


def int_of_nan_sum(a):
    return int(numpy.sum(a))


def choice_from_nothing(k):
    numpy.random.seed(0)
    return numpy.random.choice(0, k)


def max_of_empty_view(a):
    return a[5:2].max()


def write_view_out_of_bounds(a, i):
    v = a[::2]
    v[i] = 1.0


def error_after_temporaries(a, b):
    t = a * 2.0
    u = numpy.sqrt(t)
    return (u + b).sum()


RUNTIME_ERRORS = [
    ("fused-expression-mismatch", fused_mismatch, (numpy.ones(3), numpy.ones(4)), ValueError),
    ("assign-mismatched-expression", assign_mismatched_expression,
     (numpy.zeros((3, 2)), numpy.ones(4), numpy.ones(4)), ValueError),
    ("view-index", index_view_out_of_bounds, (numpy.arange(5.0), 3), IndexError),
    ("view-negative-index", index_view_out_of_bounds, (numpy.arange(5.0), -4), IndexError),
    ("column-index", column_out_of_bounds, (numpy.zeros((2, 5)),), IndexError),
    ("empty-negative", empty_negative, (-1,), ValueError),
    ("ones-negative", ones_negative_second, (-2,), ValueError),
    ("eye-negative", eye_negative, (-1,), ValueError),
    ("int-of-nan-sum", int_of_nan_sum, (numpy.array([1.0, float("nan")]),), ValueError),
    ("int-of-inf-sum", int_of_nan_sum, (numpy.array([1.0, float("inf")]),), OverflowError),
    ("choice-from-nothing", choice_from_nothing, (3,), ValueError),
    ("max-of-empty-view", max_of_empty_view, (numpy.arange(8.0),), ValueError),
    ("write-view-index", write_view_out_of_bounds, (numpy.zeros(7), 4), IndexError),
    ("error-after-temporaries", error_after_temporaries, (numpy.ones(5), numpy.ones(6)), ValueError),
]


@pytest.mark.parametrize("fn, args, cls", [r[1:] for r in RUNTIME_ERRORS],
                         ids=[r[0] for r in RUNTIME_ERRORS])
def test_runtime_error_class(fn, args, cls):
    err = check(fn, *args)
    assert isinstance(err, cls), f"CPython gave {err!r}: test bug"


def test_error_does_not_leave_the_function_broken():
    f = oxjit.njit(error_after_temporaries)
    for _ in range(3):
        with pytest.raises(ValueError):
            f(numpy.ones(5), numpy.ones(6))
    assert f(numpy.ones(4), numpy.ones(4)) == pytest.approx(4 * (2 ** 0.5 + 1.0))


def test_failed_calls_free_their_temporaries():
    # the temporaries made before the error are released (no growth of live allocations)
    from oxjit import _oxjit
    f = oxjit.njit(error_after_temporaries)
    a, b = numpy.ones(100), numpy.ones(101)
    with pytest.raises(ValueError):
        f(a, b)
    start = _oxjit.live_allocations()
    for _ in range(1000):
        with pytest.raises(ValueError):
            f(a, b)
    assert _oxjit.live_allocations() == start

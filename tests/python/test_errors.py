"""Compile-time errors: classes, laziness, and source locations in messages.

Each offending line below carries a marker comment:

* ``# error here: TOKEN`` -- the one line the error must point at; the
  reported column must be where TOKEN starts on that line;
* ``# error candidate`` -- for type conflicts, where more than one line can
  reasonably be blamed; the reported line must be one of the candidates.

Expected line numbers are computed from ``inspect.getsourcelines``, so editing
this file does not break the tests.
"""
import inspect
import os
import re

import numpy
import numpy as np
import pytest

import oxjit
from diff import check

LOCATION = re.compile(r"-->\s*(?P<file>.+?):(?P<line>\d+):(?P<col>\d+)")


# --- unsupported constructs ------------------------------------------------------------


def uses_with(x):
    y = x + 1
    with open("unused") as fh:  # error here: with
        y = fh
    return y


def uses_try(x):
    y = 0
    try:
        y = 10 // x
    except ZeroDivisionError as e:
        y = len(e.errno)  # error here: e.errno
    return y


def uses_lambda(x):
    # A lambda bound to a name and called is inlined; one used as a value is not supported.
    return (lambda v: v + 1)(x)  # error here: lambda


def uses_bytes(x):
    label = b"total"  # error here: b"total"
    return x


def uses_numpy_fft(a):
    n = a.shape[0]
    spectrum = numpy.fft.hfft(a)  # error here: numpy.fft.hfft
    return spectrum, n


def uses_np_fft_alias(a):
    return np.fft.hfft(a)  # error here: np.fft.hfft


@oxjit.njit
def helper_with_try(x):
    try:  # error here: try
        return x
    finally:
        pass


def calls_bad_helper(x):
    return helper_with_try(x) + 1


# --- type conflicts ------------------------------------------------------------------------


def int_or_tuple(flag):
    if flag > 0:
        v = 1  # error candidate
    else:
        v = (1, 2)  # error candidate
    return v  # error candidate


def mixed_return_types(flag):
    if flag > 0:
        return 1  # error candidate
    return (1, 2)  # error candidate


def index_a_float(x):
    y = x * 2.0
    return y[0]  # error candidate


UNSUPPORTED = [
    (uses_with, (1,), uses_with),
    (uses_try, (1,), uses_try),
    (uses_lambda, (1,), uses_lambda),
    (uses_bytes, (1,), uses_bytes),
    (uses_numpy_fft, (numpy.arange(8.0),), uses_numpy_fft),
    (uses_np_fft_alias, (numpy.arange(8.0),), uses_np_fft_alias),
    (calls_bad_helper, (1,), helper_with_try.py_func),
]
TYPING = [
    (int_or_tuple, (1,)),
    (mixed_return_types, (1,)),
    (index_a_float, (1.5,)),
]

UNSUPPORTED_IDS = [fn.__name__ for fn, _, _ in UNSUPPORTED]
TYPING_IDS = [fn.__name__ for fn, _ in TYPING]


# --- helpers ---------------------------------------------------------------------------------


def _marked_lines(fn, marker):
    """[(line number in file, source line)] of lines of fn containing marker."""
    lines, first = inspect.getsourcelines(fn)
    return [(first + i, text) for i, text in enumerate(lines) if marker in text]


def _expected_location(fn):
    """(line, column) of the single ``# error here: TOKEN`` line of fn."""
    marked = _marked_lines(fn, "# error here:")
    assert len(marked) == 1, f"test bug: {fn.__name__} needs one marker"
    line, text = marked[0]
    token = text.split("# error here:")[1].strip()
    code = text.split("#")[0]
    assert token in code, f"test bug: {token!r} not in {code!r}"
    return line, code.index(token) + 1


def _compile_error(fn, args, cls):
    dispatcher = oxjit.njit(fn)  # must not raise: compilation is lazy
    with pytest.raises(cls) as info:
        dispatcher(*args)
    return info.value


def _location(err, fn):
    message = str(err)
    match = LOCATION.search(message)
    assert match, f"no '--> file:line:col' in the message:\n{message}"
    path = match.group("file")
    expected_path = inspect.getsourcefile(fn)
    assert os.path.exists(path) and os.path.samefile(path, expected_path), (
        f"message names {path!r}, the function is in {expected_path!r}:\n{message}"
    )
    return int(match.group("line")), int(match.group("col")), message


# --- tests: unsupported constructs -------------------------------------------------------------


@pytest.mark.parametrize("fn, args, where", UNSUPPORTED, ids=UNSUPPORTED_IDS)
def test_unsupported_raises_at_first_call(fn, args, where):
    err = _compile_error(fn, args, oxjit.UnsupportedError)
    assert isinstance(err, oxjit.OxjitError)


@pytest.mark.parametrize("fn, args, where", UNSUPPORTED, ids=UNSUPPORTED_IDS)
def test_unsupported_reports_file_and_line(fn, args, where):
    err = _compile_error(fn, args, oxjit.UnsupportedError)
    line, _col, message = _location(err, where)
    expected_line, _ = _expected_location(where)
    assert line == expected_line, f"expected line {expected_line}:\n{message}"


@pytest.mark.parametrize("fn, args, where", UNSUPPORTED, ids=UNSUPPORTED_IDS)
def test_unsupported_reports_column(fn, args, where):
    err = _compile_error(fn, args, oxjit.UnsupportedError)
    _line, col, message = _location(err, where)
    _, expected_col = _expected_location(where)
    assert col == expected_col, f"expected column {expected_col}:\n{message}"


@pytest.mark.parametrize("fn, args, where", UNSUPPORTED, ids=UNSUPPORTED_IDS)
def test_unsupported_message_quotes_source_line(fn, args, where):
    err = _compile_error(fn, args, oxjit.UnsupportedError)
    line, _col, message = _location(err, where)
    source = _marked_lines(where, "# error here:")[0][1]
    code = source.split("#")[0].strip()
    assert code in message, f"source line {code!r} not quoted:\n{message}"
    assert f"{line} |" in message and "^" in message, message


@pytest.mark.parametrize("fn, args, where", UNSUPPORTED, ids=UNSUPPORTED_IDS)
def test_unsupported_raises_again_on_second_call(fn, args, where):
    dispatcher = oxjit.njit(fn)
    for _ in range(2):
        with pytest.raises(oxjit.UnsupportedError):
            dispatcher(*args)


# --- tests: type conflicts ----------------------------------------------------------------------


@pytest.mark.parametrize("fn, args", TYPING, ids=TYPING_IDS)
def test_type_conflict_raises_typing_error(fn, args):
    err = _compile_error(fn, args, oxjit.TypingError)
    assert isinstance(err, oxjit.OxjitError)
    assert not isinstance(err, oxjit.UnsupportedError)


@pytest.mark.parametrize("fn, args", TYPING, ids=TYPING_IDS)
def test_type_conflict_reports_file_and_line(fn, args):
    err = _compile_error(fn, args, oxjit.TypingError)
    line, col, message = _location(err, fn)
    candidates = dict(_marked_lines(fn, "# error candidate"))
    assert line in candidates, f"expected one of lines {sorted(candidates)}:\n{message}"
    assert 1 <= col <= len(candidates[line]), message
    assert candidates[line].split("#")[0].strip() in message, message


# --- other error behaviour ------------------------------------------------------------------------


def first_element(x):
    return x[0]


def test_failed_specialisation_does_not_poison_others():
    dispatcher = oxjit.njit(first_element)
    with pytest.raises(oxjit.OxjitError):
        dispatcher(1.5)
    assert dispatcher(numpy.array([4.0, 5.0])) == 4.0
    with pytest.raises(oxjit.OxjitError):
        dispatcher(2.5)


def test_runtime_errors_are_not_oxjit_errors():
    err = check(first_element, numpy.zeros(0))
    assert isinstance(err, IndexError)
    assert not issubclass(IndexError, oxjit.OxjitError)


def test_exception_hierarchy():
    assert issubclass(oxjit.OxjitError, Exception)
    for cls in (oxjit.TypingError, oxjit.UnsupportedError, oxjit.InternalError):
        assert issubclass(cls, oxjit.OxjitError)
        assert cls is not oxjit.OxjitError
    assert not issubclass(oxjit.TypingError, oxjit.UnsupportedError)
    assert not issubclass(oxjit.UnsupportedError, oxjit.TypingError)
    assert issubclass(oxjit.OxjitWarning, Warning)


def two_params(tab, n):
    return n


@pytest.mark.parametrize("args, param, shown", [
    ((1, b"abc"), "n", "`bytes`"),
    ((numpy.zeros(3, dtype=numpy.float16), 1), "tab", "`float16`"),
    (({b"a": 1}, 1), "tab", "`bytes`"),  # dicts pass in; bytes keys do not
])
def test_unsupported_argument_names_the_parameter_and_type(args, param, shown):
    f = oxjit.njit(two_params)
    with pytest.raises(oxjit.TypingError) as info:
        f(*args)
    assert isinstance(info.value, TypeError)
    message = str(info.value)
    assert message.startswith(f"argument `{param}` of `two_params()`"), message
    assert shown in message

"""The dispatcher returned by ``oxjit.jit`` / ``oxjit.njit``: decoration forms,
keywords, warnings, metadata and lazy per-type specialisation."""
import warnings

import numpy
import pytest

import oxjit


def add_one(x):
    """Add one to x."""
    return x + 1


def first(a):
    return a[0]


def two_args(n, a):
    return a[n]


# --- decoration forms -------------------------------------------------------------------


def _forms():
    return {
        "jit(fn)": lambda f: oxjit.jit(f),
        "jit()(fn)": lambda f: oxjit.jit()(f),
        "jit(nopython=True)(fn)": lambda f: oxjit.jit(nopython=True)(f),
        "njit(fn)": lambda f: oxjit.njit(f),
        "njit()(fn)": lambda f: oxjit.njit()(f),
        "jit(fn, boundscheck=True)": lambda f: oxjit.jit(f, boundscheck=True),
        "njit(nogil=True)(fn)": lambda f: oxjit.njit(nogil=True)(f),
        "jit(error_model='python')(fn)": lambda f: oxjit.jit(error_model="python")(f),
        "njit(inline='never')(fn)": lambda f: oxjit.njit(inline="never")(f),
    }


@pytest.mark.parametrize("form", list(_forms()))
def test_decoration_forms(form):
    dispatcher = _forms()[form](add_one)
    assert dispatcher(41) == 42
    assert type(dispatcher(41)) is int
    assert dispatcher(1.5) == 2.5


@oxjit.jit
def decorated_bare(x):
    return x * 2


@oxjit.jit(nopython=True)
def decorated_with_call(x):
    return x * 3


@oxjit.njit
def decorated_njit(x):
    return x * 4


def test_decorator_syntax():
    assert decorated_bare(2) == 4
    assert decorated_with_call(2) == 6
    assert decorated_njit(2) == 8


@pytest.mark.parametrize("decorator", [oxjit.jit, oxjit.njit], ids=["jit", "njit"])
def test_unknown_keyword_raises_type_error(decorator):
    with pytest.raises(TypeError):
        decorator(add_one, no_such_option=True)
    with pytest.raises(TypeError):
        decorator(no_such_option=True)
    with pytest.raises(TypeError):
        decorator(nopythn=True)  # misspelt


UNBUILT = [
    {"inline": "always"},
    {"error_model": "numpy"},
]


@pytest.mark.parametrize("kw", UNBUILT, ids=lambda kw: ",".join(f"{k}={v}" for k, v in kw.items()))
@pytest.mark.parametrize("decorator", [oxjit.jit, oxjit.njit], ids=["jit", "njit"])
def test_unbuilt_features_warn_at_decoration(decorator, kw):
    with pytest.warns(oxjit.OxjitWarning):
        dispatcher = decorator(**kw)(add_one)
    # and the function still works
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", oxjit.OxjitWarning)
        assert dispatcher(1) == 2


def test_parallel_true_with_nothing_to_parallelise_warns_at_first_call():
    # parallel=True is built; a function with no array loop gets a performance warning
    # (naming the function) when it is compiled, and still runs.
    dispatcher = oxjit.jit(add_one, nopython=True, parallel=True)
    with pytest.warns(oxjit.OxjitPerformanceWarning, match="add_one"):
        assert dispatcher(1) == 2


@pytest.mark.parametrize("kw", [
    {}, {"nopython": True}, {"parallel": False}, {"cache": False}, {"fastmath": False},
    {"fastmath": True}, {"fastmath": {"nnan", "contract"}},
    {"nogil": True}, {"nogil": False}, {"boundscheck": True}, {"boundscheck": False},
    {"boundscheck": None}, {"error_model": "python"}, {"inline": "never"},
], ids=lambda kw: ",".join(f"{k}={v}" for k, v in kw.items()) or "defaults")
def test_built_options_do_not_warn(kw):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        dispatcher = oxjit.jit(**kw)(add_one)
        assert dispatcher(1) == 2


# --- metadata ------------------------------------------------------------------------------


def test_metadata():
    dispatcher = oxjit.njit(add_one)
    assert dispatcher.py_func is add_one
    assert dispatcher.__name__ == "add_one"
    assert dispatcher.__doc__ == "Add one to x."
    assert dispatcher.__wrapped__ is add_one


def test_metadata_of_decorated_function():
    assert decorated_njit.__name__ == "decorated_njit"
    assert decorated_njit.py_func(5) == 20


# --- lazy, per-type specialisation ----------------------------------------------------------


def test_signatures_empty_before_first_call():
    dispatcher = oxjit.njit(add_one)
    assert list(dispatcher.signatures) == []


def test_signatures_grow_per_distinct_type():
    dispatcher = oxjit.njit(add_one)
    assert dispatcher(1) == 2
    assert len(dispatcher.signatures) == 1
    assert dispatcher(2) == 3
    assert len(dispatcher.signatures) == 1  # same type: reused
    assert dispatcher(1.5) == 2.5
    assert len(dispatcher.signatures) == 2
    assert dispatcher(-2.5) == -1.5
    assert len(dispatcher.signatures) == 2
    assert dispatcher(True) == 2
    assert len(dispatcher.signatures) == 3


def test_signature_type_strings():
    dispatcher = oxjit.njit(add_one)
    dispatcher(1)
    dispatcher(1.0)
    assert ("int64",) in dispatcher.signatures
    assert ("float64",) in dispatcher.signatures
    for sig in dispatcher.signatures:
        assert isinstance(sig, tuple) and all(isinstance(t, str) for t in sig)


def test_array_signatures():
    dispatcher = oxjit.njit(two_args)
    assert dispatcher(1, numpy.array([1.0, 2.0])) == 2.0
    assert dispatcher.signatures == [("int64", "float64[::1]")]
    assert dispatcher(0, numpy.array([7, 8])) == 7
    assert len(dispatcher.signatures) == 2
    assert ("int64", "int64[::1]") in dispatcher.signatures
    assert dispatcher(1, numpy.array([3.0, 4.0, 5.0])) == 4.0  # same types again
    assert len(dispatcher.signatures) == 2


def test_array_dtypes_specialise_separately():
    dispatcher = oxjit.njit(first)
    seen = 0
    for dtype in (numpy.float64, numpy.float32, numpy.int64, numpy.int32, numpy.uint8):
        assert dispatcher(numpy.arange(1, 4, dtype=dtype)) == 1
        seen += 1
        assert len(dispatcher.signatures) == seen
    result = dispatcher(numpy.array([True, False]))
    assert result is True


def test_layouts_accepted_by_same_dispatcher():
    dispatcher = oxjit.njit(first)
    base = numpy.arange(10.0)
    assert dispatcher(base) == 0.0
    assert dispatcher(base[::2]) == 0.0
    assert dispatcher(base[::-1]) == 9.0
    assert dispatcher(base[3:]) == 3.0
    m = numpy.arange(6.0).reshape(2, 3)
    assert dispatcher(m.T[1]) == 1.0
    assert len(dispatcher.signatures) >= 1


def test_tuple_argument_signature():
    dispatcher = oxjit.njit(first)
    assert dispatcher((5, 6)) == 5
    assert len(dispatcher.signatures) == 1


def test_separate_dispatchers_are_independent():
    a = oxjit.njit(add_one)
    b = oxjit.njit(add_one)
    a(1)
    assert len(a.signatures) == 1
    assert list(b.signatures) == []

"""Differential test harness: run a function in CPython and compiled by oxjit, compare.

Usage from a test::

    from diff import check, check_with

    def add(a, b):          # defined at module level in a real file:
        return a + b        # oxjit reads the source with inspect.getsource

    def test_add():
        check(add, 2, 3)                     # compiled with oxjit.njit(add)
        check(add, 0.1, 0.2, rtol=1e-15)     # allow a relative difference
        check(add, 1, 2, boundscheck=False)  # other keywords go to oxjit.njit

    def test_view():
        base = numpy.arange(10.0)
        check_with(total, lambda: (base.copy()[::2],))   # factory: called twice

    def test_domain():
        with cpython_errstate(all="ignore"):   # numpy.log(0) warns, not raises
            check(log_of, numpy.zeros(3))

What ``check`` does:

* makes two independent copies of the arguments (arrays are cloned with the
  *same* shape, dtype and strides, so C-order, Fortran-order and non-contiguous
  views, including negative strides, reach both runs in the same layout);
* runs ``fn`` in CPython on one copy and ``oxjit.njit(fn, **options)`` on the
  other (the dispatcher is cached per ``(fn, options)``, so later checks reuse
  the compiled specialisations);
* if CPython raised, oxjit must raise an exception of the same class (never an
  ``oxjit.OxjitError``); otherwise the results must be equal with the same kind:
  Python ``float``/``numpy.floating`` are "float", ``int``/``numpy.integer``
  are "int", ``bool``/``numpy.bool_`` are "bool". The compiled side must return
  *builtin* Python scalars. Floats must be equal exactly (including the sign
  of zero), or both nan, or, when ``rtol`` is given, within that relative
  tolerance. Arrays must have the same dtype, shape and values. Tuples and
  lists are compared item by item; dicts by keys (in order) and values; sets as
  sorted lists; ``None`` with ``None``;
* with ``exact_exception=True``, the exception must be of the very same class
  with equal ``args`` (so the same message) — for exceptions oxjit raises from
  ``raise``/``assert`` and its runtime checks;
* ``call_kwargs={...}`` passes keyword arguments to both calls (copied like
  the positional ones);
* compares the argument arrays of both runs after the calls (and their base
  arrays, so writes through a view that land outside it are caught too).

An oxjit dispatcher among the arguments (a jitted function passed as a value) is passed
as itself to both runs and compared by identity.

``fn`` may also be an oxjit dispatcher (e.g. a function decorated with
``@oxjit.njit`` at module level): CPython then runs ``fn.py_func`` and the
compiled side is the dispatcher itself.

The CPython run happens under ``numpy.errstate(divide="raise")`` (see
``_run_cpython``); tests of NumPy's own division-by-zero results (``1.0 / a``
with zeros in ``a``, ``numpy.log(0.0)``) wrap the check in
``cpython_errstate(...)``, which replaces those settings for the block.
"""
import contextlib
import copy
import math

import numpy

import oxjit

__all__ = [
    "check",
    "check_with",
    "compiled",
    "python_function",
    "clone_args",
    "clone_array",
    "assert_same",
    "cpython_errstate",
]

_DISPATCHERS = {}


def _is_dispatcher(fn):
    return hasattr(fn, "py_func") and hasattr(fn, "signatures")


def _options_key(options):
    return tuple(sorted(options.items()))


def compiled(fn, **options):
    """The oxjit dispatcher for ``fn`` compiled with ``options`` (cached)."""
    if _is_dispatcher(fn):
        if options:
            raise ValueError("options cannot be given for an existing dispatcher")
        return fn
    key = (fn, _options_key(options))
    dispatcher = _DISPATCHERS.get(key)
    if dispatcher is None:
        dispatcher = oxjit.njit(fn, **options)
        _DISPATCHERS[key] = dispatcher
    return dispatcher


def python_function(fn):
    """The plain Python function behind ``fn`` (``fn`` itself if not jitted)."""
    return fn.py_func if _is_dispatcher(fn) else fn


# ---------------------------------------------------------------------------
# Copying arguments


def clone_array(a):
    """A copy of ``a`` with the same dtype, shape and strides, in fresh memory.

    The copy is a view of a fresh 1-D base array of the same dtype (elements
    of the base outside the view are zero), so a C-contiguous array stays
    C-contiguous, a Fortran array stays Fortran, and a strided or reversed
    view stays a strided or reversed view.
    """
    itemsize = a.itemsize
    if a.size == 0 or itemsize == 0 or any(s % itemsize for s in a.strides):
        return a.copy(order="K")
    low = sum(s * (n - 1) for s, n in zip(a.strides, a.shape) if s < 0)
    high = sum(s * (n - 1) for s, n in zip(a.strides, a.shape) if s > 0)
    span = (high - low) // itemsize + 1
    base = numpy.zeros(span, dtype=a.dtype)
    out = numpy.ndarray(
        shape=a.shape, dtype=a.dtype, buffer=base, offset=-low, strides=a.strides
    )
    out[...] = a
    assert out.strides == a.strides and out.shape == a.shape
    return out


def clone_args(value):
    """Deep copy of an argument tree; arrays are copied with ``clone_array``."""
    if isinstance(value, numpy.ndarray):
        return clone_array(value)
    if isinstance(value, tuple):
        return tuple(clone_args(v) for v in value)
    if isinstance(value, list):
        return [clone_args(v) for v in value]
    if isinstance(value, oxjit.Dispatcher):
        return value          # a jitted function passed as an argument: itself
    return copy.deepcopy(value)


# ---------------------------------------------------------------------------
# Comparing values


def _kind(value):
    """'bool', 'int', 'float', 'str', 'none', 'tuple', 'list', 'array', 'dict', 'set', 'range'
    or None."""
    if value is None:
        return "none"
    if isinstance(value, range):
        return "range"
    if isinstance(value, str):
        return "str"
    if isinstance(value, (bool, numpy.bool_)):
        return "bool"
    if isinstance(value, (int, numpy.integer)):
        return "int"
    if isinstance(value, (float, numpy.floating)):
        return "float"
    if isinstance(value, (complex, numpy.complexfloating)):
        return "complex"
    if isinstance(value, tuple):
        return "tuple"
    if isinstance(value, list):
        return "list"
    if isinstance(value, numpy.ndarray):
        return "array"
    if isinstance(value, dict):
        return "dict"
    if isinstance(value, set):
        return "set"
    if isinstance(value, oxjit.Dispatcher):
        return "jitted"
    return None


_BUILTIN = {"bool": bool, "int": int, "float": float, "str": str, "complex": complex}


def _floats_equal(expected, actual, rtol, signed_zero):
    expected = float(expected)
    actual = float(actual)
    if math.isnan(expected) or math.isnan(actual):
        return math.isnan(expected) and math.isnan(actual)
    if expected == actual:
        if signed_zero and expected == 0.0 and rtol is None:
            return math.copysign(1.0, expected) == math.copysign(1.0, actual)
        return True
    if rtol is None:
        return False
    return abs(expected - actual) <= rtol * max(abs(expected), abs(actual))


def _arrays_equal(expected, actual, rtol, signed_zero):
    if expected.dtype.kind == "c" and rtol is None:
        return _arrays_equal(expected.real, actual.real, rtol, signed_zero) and _arrays_equal(
            expected.imag, actual.imag, rtol, signed_zero)
    if expected.dtype.kind in "fc":
        if rtol is None:
            if not numpy.array_equal(expected, actual, equal_nan=True):
                return False
            if signed_zero:
                zeros = expected == 0
                return numpy.array_equal(
                    numpy.signbit(expected[zeros]), numpy.signbit(actual[zeros])
                )
            return True
        return bool(
            numpy.allclose(actual, expected, rtol=rtol, atol=0.0, equal_nan=True)
        )
    return numpy.array_equal(expected, actual)


def assert_same(expected, actual, *, rtol=None, signed_zero=True,
                builtin_scalars=False, what="result"):
    """Assert ``actual`` (oxjit) matches ``expected`` (CPython); see module doc.

    ``builtin_scalars=True`` additionally requires scalars in ``actual`` to be
    builtin ``int``/``float``/``bool`` rather than numpy scalars.
    """
    _compare(expected, actual, what, rtol, signed_zero, builtin_scalars)


def _compare(expected, actual, path, rtol, signed_zero, builtin_scalars):
    ek, ak = _kind(expected), _kind(actual)
    if ek is None:
        raise TypeError(f"{path}: harness cannot compare CPython value {expected!r}")
    if ek != ak:
        raise AssertionError(
            f"{path}: kind differs: CPython gave {ek} {expected!r} "
            f"({type(expected).__name__}), oxjit gave {ak} {actual!r} "
            f"({type(actual).__name__})"
        )
    if ek in _BUILTIN:
        if builtin_scalars and type(actual) is not _BUILTIN[ek]:
            raise AssertionError(
                f"{path}: oxjit returned {type(actual).__module__}."
                f"{type(actual).__name__} {actual!r}; expected a builtin {ek}"
            )
        if ek == "float":
            ok = _floats_equal(expected, actual, rtol, signed_zero)
        elif ek == "complex":
            ok = _floats_equal(expected.real, actual.real, rtol, signed_zero) and _floats_equal(
                expected.imag, actual.imag, rtol, signed_zero)
        else:
            ok = bool(expected == actual)
        if not ok:
            tol = f" (rtol={rtol})" if rtol is not None else ""
            raise AssertionError(
                f"{path}: CPython gave {expected!r}, oxjit gave {actual!r}{tol}"
            )
    elif ek == "jitted":
        if expected is not actual:
            raise AssertionError(f"{path}: CPython gave {expected!r}, oxjit gave {actual!r}")
    elif ek == "range":
        # The same start, stop and step (CPython's == would equate all empty ranges).
        parts = [(r.start, r.stop, r.step) for r in (expected, actual)]
        if parts[0] != parts[1]:
            raise AssertionError(f"{path}: CPython gave {expected!r}, oxjit gave {actual!r}")
    elif ek in ("tuple", "list"):
        if len(expected) != len(actual):
            raise AssertionError(
                f"{path}: length differs: CPython {len(expected)} {expected!r}, "
                f"oxjit {len(actual)} {actual!r}"
            )
        for i, (e, a) in enumerate(zip(expected, actual)):
            _compare(e, a, f"{path}[{i}]", rtol, signed_zero, builtin_scalars)
    elif ek == "dict":
        # The same keys in the same (insertion) order, then the values key by key.
        _compare(list(expected), list(actual), f"{path} keys", rtol, signed_zero,
                 builtin_scalars)
        for k in expected:
            _compare(expected[k], actual[k], f"{path}[{k!r}]", rtol, signed_zero,
                     builtin_scalars)
    elif ek == "set":
        # Iteration order is hash-dependent in CPython: compare as sorted lists.
        _compare(sorted(expected), sorted(actual), f"{path} (sorted)", rtol,
                 signed_zero, builtin_scalars)
    elif ek == "array":
        if expected.dtype != actual.dtype:
            raise AssertionError(
                f"{path}: dtype differs: CPython {expected.dtype}, oxjit {actual.dtype}"
            )
        if expected.shape != actual.shape:
            raise AssertionError(
                f"{path}: shape differs: CPython {expected.shape}, oxjit {actual.shape}"
            )
        if not _arrays_equal(expected, actual, rtol, signed_zero):
            raise AssertionError(
                f"{path}: values differ:\nCPython: {expected!r}\noxjit:   {actual!r}"
            )
    # "none": both None, nothing more to compare.


def _compare_args(py_args, jit_args, when, rtol):
    for i, (e, a) in enumerate(zip(py_args, jit_args)):
        _compare(e, a, f"argument {i} {when}", rtol, False, False)
        _compare_bases(e, a, f"argument {i} {when}", rtol)


def _compare_bases(expected, actual, path, rtol):
    if isinstance(expected, numpy.ndarray):
        eb, ab = expected.base, actual.base
        if isinstance(eb, numpy.ndarray) and isinstance(ab, numpy.ndarray):
            if eb.dtype == ab.dtype and eb.shape == ab.shape:
                _compare(eb, ab, f"{path} (its base array)", rtol, False, False)
    elif isinstance(expected, (tuple, list)):
        for i, (e, a) in enumerate(zip(expected, actual)):
            _compare_bases(e, a, f"{path}[{i}]", rtol)


# ---------------------------------------------------------------------------
# Running


def _run(fn, args, kwargs=None):
    try:
        return True, fn(*args, **(kwargs or {}))
    except Exception as exc:  # noqa: BLE001 - every exception is an outcome
        return False, exc


# Numpy scalars (read from arrays) divide by zero without raising; make
# that an error so a test relying on numpy-scalar semantics is noticed.
_CPYTHON_ERRSTATE = {"divide": "raise", "over": "ignore", "under": "ignore",
                     "invalid": "ignore"}


@contextlib.contextmanager
def cpython_errstate(**kwargs):
    """Within the block, ``check``/``check_with`` run CPython under
    ``numpy.errstate(**kwargs)`` instead of the default above (``divide`` raises).

    Use it to test NumPy's results for division by zero or ``log(0)`` (which
    NumPy returns with a RuntimeWarning): ``with cpython_errstate(all="ignore"):``.
    Keywords not given keep their default unless ``all`` is given. Only the
    CPython run is affected; compiled code never consults ``numpy.errstate``.
    """
    global _CPYTHON_ERRSTATE
    saved = _CPYTHON_ERRSTATE
    _CPYTHON_ERRSTATE = dict(kwargs) if "all" in kwargs else {**saved, **kwargs}
    try:
        yield
    finally:
        _CPYTHON_ERRSTATE = saved


def _run_cpython(fn, args, kwargs=None):
    with numpy.errstate(**_CPYTHON_ERRSTATE):
        return _run(fn, args, kwargs)


def check(fn, *args, rtol=None, signed_zero=True, exact_exception=False,
          call_kwargs=None, **options):
    """Run ``fn(*args)`` in CPython and compiled; assert same outcome.

    ``rtol``: relative tolerance for floats (default: exact).
    ``signed_zero``: when False, 0.0 and -0.0 compare equal.
    ``exact_exception``: the exceptions must have the same class and ``args``.
    ``call_kwargs``: keyword arguments for both calls.
    Other keywords are passed to ``oxjit.njit``.
    Returns CPython's result (or the exception CPython raised).
    """
    return check_with(fn, lambda: clone_args(args), rtol=rtol,
                      signed_zero=signed_zero, exact_exception=exact_exception,
                      call_kwargs=call_kwargs, **options)


def check_with(fn, make_args, *, rtol=None, signed_zero=True, exact_exception=False,
               call_kwargs=None, **options):
    """Like ``check`` but the arguments come from ``make_args()``.

    ``make_args`` is a zero-argument factory returning a tuple of arguments;
    it is called once for the CPython run and once for the compiled run, so
    it can build views of fresh bases, e.g. ``lambda: (numpy.arange(9.)[::2],)``.
    """
    py_args = tuple(make_args())
    jit_args = tuple(make_args())
    _compare_args(py_args, jit_args, "(factory gave different arguments)", None)

    py_ok, py_value = _run_cpython(python_function(fn), py_args, clone_args(call_kwargs))
    if not py_ok and isinstance(py_value, FloatingPointError):
        raise AssertionError(
            "ill-formed test: CPython raised FloatingPointError, i.e. it divided "
            "numpy scalars read from an array; convert them with float()/int() "
            f"first ({py_value})"
        )
    dispatcher = compiled(fn, **options)
    jit_ok, jit_value = _run(dispatcher, jit_args, clone_args(call_kwargs))
    name = getattr(python_function(fn), "__name__", repr(fn))

    if isinstance(jit_value, oxjit.OxjitError):
        raise AssertionError(
            f"{name}: oxjit raised {type(jit_value).__name__} (CPython "
            f"{'returned ' + repr(py_value) if py_ok else 'raised ' + repr(py_value)}):"
            f"\n{jit_value}"
        ) from jit_value
    if py_ok and not jit_ok:
        raise AssertionError(
            f"{name}: CPython returned {py_value!r}, oxjit raised "
            f"{type(jit_value).__name__}: {jit_value}"
        ) from jit_value
    if not py_ok and jit_ok:
        raise AssertionError(
            f"{name}: CPython raised {type(py_value).__name__}: {py_value}; "
            f"oxjit returned {jit_value!r}"
        )
    if not py_ok:
        if not isinstance(jit_value, type(py_value)):
            raise AssertionError(
                f"{name}: CPython raised {type(py_value).__name__}: {py_value}; "
                f"oxjit raised {type(jit_value).__name__}: {jit_value}"
            ) from jit_value
        if exact_exception and (type(jit_value) is not type(py_value)
                                or jit_value.args != py_value.args):
            raise AssertionError(
                f"{name}: CPython raised {type(py_value).__name__}{py_value.args!r}; "
                f"oxjit raised {type(jit_value).__name__}{jit_value.args!r}"
            ) from jit_value
    else:
        _compare(py_value, jit_value, f"{name}: result", rtol, signed_zero, True)
    _compare_args(py_args, jit_args, "after the call", rtol)
    return py_value

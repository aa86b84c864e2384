"""oxjit: a just-in-time compiler for numeric Python, written in Rust (Cranelift).

Switch from Numba by changing one import::

    from oxjit import jit, njit, prange

    @jit(nopython=True)
    def f(a): ...
"""
import functools
import os
import warnings

from . import _cache, _introspect, _pickle
from . import types as _types
from . import types  # noqa: F401 (oxjit.types, as numba.types)
from .types import (  # noqa: F401
    boolean, float32, float64, int8, int16, int32, int64, uint8, uint16, uint32, uint64, void,
)
from ._oxjit import Dispatcher as _NativeDispatcher
from ._oxjit import get_num_threads as _get_num_threads
from ._oxjit import pass_names as _pass_names
from ._oxjit import set_num_threads as _set_num_threads
from ._cfunc import CFunc, cfunc
from ._stencil import StencilFunc, stencil
from ._profile import profile
from ._vectorize import DUFunc, guvectorize, vectorize
from .errors import (
    InternalError,
    OxjitError,
    OxjitPerformanceWarning,
    OxjitWarning,
    TypingError,
    UnsupportedError,
)

__all__ = [
    "jit", "njit", "prange", "Dispatcher", "set_num_threads", "get_num_threads", "passes",
    "OxjitError", "TypingError", "UnsupportedError", "InternalError",
    "OxjitWarning", "OxjitPerformanceWarning", "types",
    "float64", "float32", "int64", "int32", "int16", "int8", "uint64", "uint32", "uint16",
    "uint8", "boolean", "void",
    "vectorize", "guvectorize", "DUFunc", "stencil", "StencilFunc",
    "cfunc", "CFunc", "profile",
]
__version__ = "0.1.0"


def prange(*args):
    """`range` for loops that may run in parallel (under `parallel=True`)."""
    return range(*args)


def passes():
    """The stages ``Dispatcher.inspect_ir`` can show: ``"typing"``, then each pass in order."""
    return ["typing", *_pass_names()]


def set_num_threads(n):
    """Set the number of threads `parallel=True` code uses (default: the number of cores, or
    the `OXJIT_NUM_THREADS` environment variable)."""
    n = int(n)
    if n < 1:
        raise ValueError("the number of threads must be at least 1")
    _set_num_threads(n)


def get_num_threads():
    """The number of threads `parallel=True` code uses."""
    return _get_num_threads()


class Dispatcher(_NativeDispatcher):
    """A jitted function: compiles one native entry per argument-type key on first call."""

    def __init__(self, py_func, boundscheck=True, nogil=False, parallel=False, fastmath=False,
                 cache=None):
        functools.update_wrapper(self, py_func)
        self.__wrapped__ = py_func
        self._options = {"boundscheck": boundscheck, "nogil": nogil, "parallel": parallel,
                         "fastmath": fastmath}

    @property
    def stats(self):
        """Cache statistics (``cache=True``): ``cache_path``, ``cache_hits`` and
        ``cache_misses`` (Counters by signature), as Numba's ``Dispatcher.stats``."""
        return _cache.stats(self)

    def compile(self, sig):
        """Compile now for the signature `sig` (``"float64(float64[:])"`` or an ``oxjit.types``
        signature), as Numba's ``Dispatcher.compile``."""
        ret, args = _types.parse_signature(sig)
        self._compile_specs(tuple(a.spec for a in args), None if ret is None else ret.spec)

    def _signature_index(self, signature):
        sigs = self.signatures
        if signature is None:
            return None
        if isinstance(signature, int):
            return signature
        key = tuple(signature) if not isinstance(signature, str) else None
        if key is None:
            _, args = _types.parse_signature(signature)
            key = tuple(repr(a) for a in args)
        try:
            return sigs.index(key)
        except ValueError:
            raise KeyError(f"no compiled signature {key!r}; compiled: {sigs!r}") from None

    def _listing(self, part, signature):
        index = self._signature_index(signature)
        indices = range(len(self.signatures)) if index is None else [index]
        out = {self.signatures[i]: part(self._listings(i)) for i in indices}
        return out if index is None else out[self.signatures[index]]

    def inspect_asm(self, signature=None):
        """Machine code of the compiled signatures: a dict by signature, or the text for one
        (a tuple from ``signatures``, an index, or a signature string)."""
        return self._listing(lambda l: l[2], signature)

    def inspect_clif(self, signature=None):
        """Cranelift IR of the compiled signatures (as ``inspect_asm``)."""
        return self._listing(lambda l: l[1], signature)

    def inspect_ir(self, pass_name="loops", signature=None):
        """The typed IR after ``pass_name`` (``"typing"`` for before the first pass; see
        ``oxjit.passes()``), of the function and the jitted functions it calls."""
        names = passes()
        if pass_name not in names:
            raise ValueError(f"unknown pass {pass_name!r}; choose from {', '.join(names)}")
        return self._listing(
            lambda l: "\n".join(text for _, stage, text in l[0] if stage == pass_name), signature)

    def profile(self, *args, **kwargs):
        """Run once on the arguments and report the time per source line (see
        ``oxjit.profile`` and docs/profiling.md)."""
        return profile(self, *args, **kwargs)

    def __reduce__(self):
        # By reference when importable, else by source (see _pickle); never machine code.
        return _pickle.reduce_dispatcher(self)

    def __repr__(self):
        return f"<oxjit.Dispatcher {getattr(self, '__qualname__', self.py_func.__name__)}>"

    def __get__(self, obj, objtype=None):
        # Behave like a function when stored on a class.
        if obj is None:
            return self
        return functools.partial(self, obj)


_ACCEPTED = ("nopython", "parallel", "cache", "fastmath", "nogil", "boundscheck",
             "error_model", "inline", "forceobj", "looplift", "locals", "signature_or_function")


def _warn(message):
    warnings.warn(message, OxjitWarning, stacklevel=3)


def jit(signature_or_function=None, *, nopython=True, parallel=False, cache=False,
        fastmath=False, nogil=False, boundscheck=None, error_model="python", inline="never",
        forceobj=False, looplift=True, locals=None):  # noqa: A002 - Numba's name
    """Compile a function to machine code on first call (Numba's `jit`, always nopython).

    Usable as ``@jit``, ``@jit(nopython=True, ...)`` or ``jit(...)(fn)``.
    """
    if not nopython or forceobj:
        _warn("oxjit always compiles in nopython mode; `nopython=False`/`forceobj` are ignored")
    if error_model != "python":
        _warn(f"`error_model={error_model!r}` is not implemented yet: Python's error model is used")
    if inline != "never":
        _warn(f"`inline={inline!r}` is not implemented yet")
    if boundscheck is None:
        env = os.environ.get("OXJIT_BOUNDSCHECK", os.environ.get("NUMBA_BOUNDSCHECK", ""))
        boundscheck = env != "0"
    # Numba also takes a set of LLVM flags ({"nnan", "contract", ...}): any of them turns the
    # cheaper forms on (see docs/fastmath.md).
    options = {"boundscheck": bool(boundscheck), "nogil": bool(nogil), "parallel": bool(parallel),
               "fastmath": bool(fastmath)}

    def decorate(fn):
        if isinstance(fn, Dispatcher):
            fn = fn.py_func
        if not callable(fn) or not hasattr(fn, "__code__"):
            raise TypeError(f"oxjit.jit expects a Python function, got {type(fn).__name__}")
        if locals is not None:
            _introspect.set_function_locals(fn, locals)
        if cache:
            return Dispatcher(fn, **options, cache=_cache.cache_site(fn, stacklevel=2))
        return Dispatcher(fn, **options)

    sig = signature_or_function
    if callable(sig) and not isinstance(sig, _types.Type):
        return decorate(sig)
    if sig is None:
        return decorate
    signatures = sig if isinstance(sig, list) else [sig]

    def decorate_eagerly(fn):
        # Numba's rule: with explicit signatures, compile them now and never compile others.
        dispatcher = decorate(fn)
        for s in signatures:
            dispatcher.compile(s)
        dispatcher._disable_compile()
        return dispatcher

    return decorate_eagerly


def njit(*args, **kwargs):
    """`jit` with `nopython=True` (the only mode oxjit has)."""
    kwargs["nopython"] = True
    return jit(*args, **kwargs)

"""``oxjit.cfunc`` (Numba's API): a function compiled eagerly for one C signature.

``@cfunc("float64(float64, float64)")`` compiles the function at decoration time and makes a
native C function (a Cranelift trampoline around the compiled entry, see
``crates/oxjit_python/src/cfunc.rs``). Its ``address`` can be given to C code, ``ctypes`` gives
a callable function pointer, and ``scipy.LowLevelCallable(f.ctypes)`` passes it to SciPy.

Signature types are scalars: ``int8`` ... ``int64``, ``uint8`` ... ``uint64``, ``float32``,
``float64``, ``boolean`` (and ``void`` as the result). An exception raised by the compiled
body cannot cross C code: it is reported through ``sys.unraisablehook`` ("Exception ignored
in: <oxjit cfunc f>") and the C function returns zero, as Numba does.
"""
import ctypes
import functools

from . import types as _types
from ._oxjit import _compile_cfunc

__all__ = ["cfunc", "CFunc"]

_CTYPES = {
    "int8": ctypes.c_int8, "int16": ctypes.c_int16, "int32": ctypes.c_int32,
    "int64": ctypes.c_int64, "uint8": ctypes.c_uint8, "uint16": ctypes.c_uint16,
    "uint32": ctypes.c_uint32, "uint64": ctypes.c_uint64, "float32": ctypes.c_float,
    "float64": ctypes.c_double, "bool": ctypes.c_bool,
}


def _c_name(t, what):
    if isinstance(t, _types.Array) or not isinstance(t, _types.Type) or t.dtype not in _CTYPES:
        raise TypeError(f"oxjit.cfunc signatures take scalar types (int8 ... int64, uint8 ... "
                        f"uint64, float32, float64, boolean); the {what} is {t!r}")
    return t.dtype


class CFunc:
    """A function compiled for one C signature (what ``@cfunc(sig)`` returns)."""

    def __init__(self, py_func, signature, boundscheck=True):
        from . import Dispatcher  # noqa: PLC0415 (circular at import time)

        if not callable(py_func) or not hasattr(py_func, "__code__"):
            raise TypeError(f"oxjit.cfunc expects a Python function, got "
                            f"{type(py_func).__name__}")
        if isinstance(signature, str) or isinstance(signature, _types.Signature):
            ret, args = _types.parse_signature(signature)
        else:
            raise TypeError("oxjit.cfunc needs a signature with a result type, e.g. "
                            "\"float64(float64, float64)\"")
        if isinstance(signature, str) and "(" not in signature:
            raise TypeError(f"oxjit.cfunc needs a signature with a result type, not "
                            f"{signature!r}")
        params = [_c_name(a, f"argument {i + 1}") for i, a in enumerate(args)]
        result = None if ret is None else _c_name(ret, "result")
        functools.update_wrapper(self, py_func)
        self.py_func = py_func
        self._dispatcher = Dispatcher(py_func, boundscheck=boundscheck)
        self._sig = signature if isinstance(signature, str) else repr(signature)
        self._code = _compile_cfunc(self._dispatcher._id, py_func.__qualname__, params, result,
                                    boundscheck)
        self.address = self._code.address
        self.native_name = f"cfunc.{py_func.__module__}.{py_func.__qualname__}"
        restype = None if result is None else _CTYPES[result]
        self._ctypes_type = ctypes.CFUNCTYPE(restype, *[_CTYPES[p] for p in params])
        self.ctypes = self._ctypes_type(self.address)

    def __call__(self, *args):
        """Call the C function (through ``ctypes``), as Numba's ``CFunc`` does."""
        return self.ctypes(*args)

    def __repr__(self):
        return f"<oxjit.CFunc {self.__qualname__} {self._sig}>"


def cfunc(sig, *, nopython=True, cache=False, boundscheck=None, **_ignored):
    """Numba's ``@cfunc(sig)``: compile the decorated function now for the C signature
    ``sig`` (``"float64(float64, float64)"`` or ``oxjit.float64(oxjit.float64, ...)``)."""
    del nopython, cache
    if callable(sig) and not isinstance(sig, (str, _types.Signature)):
        raise TypeError("oxjit.cfunc needs a signature: write @cfunc(\"float64(float64)\")")

    def decorate(fn):
        return CFunc(fn, sig, boundscheck=boundscheck is not False)

    return decorate

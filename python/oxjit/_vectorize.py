"""Ufunc builders: ``oxjit.vectorize`` (Numba's API).

With signatures, ``@vectorize(["float64(float64, float64)", ...])`` compiles the scalar function
once per signature and returns a real ``numpy.ufunc`` (made with NumPy's C API by
``oxjit._oxjit._build_ufunc``), so broadcasting, ``out=``, ``.reduce``, ``.accumulate``,
``.outer`` and casting are NumPy's own. Without signatures it returns a :class:`DUFunc`, which
compiles a loop for each new combination of input dtypes on call and rebuilds its ufunc.

``guvectorize(sigs, "(n),(n)->()")`` makes a generalized ufunc the same way.

The compiled code of each loop is owned by the ufunc itself (its C-level ``obj`` slot), so it
lives exactly as long as the ufunc.
"""
import functools
import warnings

import numpy as np

from . import types as _types
from ._oxjit import (
    _build_gufunc, _build_ufunc, _compile_gufunc_loop, _compile_ufunc_loop, _ufunc_loops,
)
from .errors import OxjitWarning

__all__ = ["vectorize", "guvectorize", "DUFunc"]

_DTYPES = ("float64", "float32", "int64", "int32", "uint8", "bool")
_TARGETS = ("cpu", "parallel")


def _identity_code(identity):
    """NumPy's identity code: PyUFunc_Zero, PyUFunc_One, PyUFunc_None, PyUFunc_ReorderableNone."""
    if identity is None:
        return -1
    if isinstance(identity, str) and identity == "reorderable":
        return -2
    if type(identity) is int and identity in (0, 1):
        return identity
    raise ValueError(f"vectorize identity must be 0, 1, None or 'reorderable', not {identity!r}")


def _dtype_name(t, what):
    if not isinstance(t, _types.Type) or isinstance(t, (_types.Array,)) or t.dtype is None:
        raise TypeError(f"vectorize signatures take scalar types ({', '.join(_DTYPES)}); "
                        f"the {what} is {t!r}")
    if t.dtype not in _DTYPES:
        raise TypeError(f"oxjit.vectorize does not support the type {t!r} yet")
    return t.dtype


def _scalar_function(fn):
    from . import Dispatcher  # the package imports this module first

    if isinstance(fn, Dispatcher):
        fn = fn.py_func
    if not callable(fn) or not hasattr(fn, "__code__"):
        raise TypeError(f"oxjit.vectorize expects a Python function, got {type(fn).__name__}")
    # A dispatcher registers the function so the compiler can read its source and globals.
    return fn, Dispatcher(fn)


def _options(target, nopython, cache, kws):
    if target not in _TARGETS:
        raise ValueError(f"oxjit.vectorize supports target='cpu' or 'parallel', not {target!r}")
    if not nopython or kws.pop("forceobj", False):
        warnings.warn("oxjit always compiles in nopython mode; `nopython=False` is ignored",
                      OxjitWarning, stacklevel=3)
    if cache:
        warnings.warn("`cache=True` is accepted but not implemented yet: oxjit compiles in "
                      "milliseconds, so each process compiles again", OxjitWarning, stacklevel=3)
    boundscheck = kws.pop("boundscheck", None)
    for ignored in ("fastmath", "nogil", "error_model", "writable_args"):
        kws.pop(ignored, None)
    if kws:
        raise TypeError(f"vectorize() got unexpected keyword argument(s) {', '.join(kws)}")
    return target == "parallel", boundscheck is not False


def _nin(fn):
    code = fn.__code__
    if code.co_flags & 0x0C or code.co_kwonlyargcount:
        raise TypeError("a vectorized function takes a fixed number of positional arguments")
    return code.co_argcount


class DUFunc:
    """A lazily compiled ufunc (Numba's ``DUFunc``): each call with a new combination of input
    dtypes compiles a loop for it and rebuilds :attr:`ufunc` with every loop compiled so far."""

    def __init__(self, fn, identity=None, parallel=False, boundscheck=True):
        fn, self._dispatcher = _scalar_function(fn)
        functools.update_wrapper(self, fn)
        self.py_func = fn
        self._identity = _identity_code(identity)
        self._parallel = parallel
        self._boundscheck = boundscheck
        self._nin = _nin(fn)
        self._loops = []
        self._keys = set()
        self.ufunc = self._build()

    def _build(self):
        return _build_ufunc(self.__name__, self.__doc__ or "", self._nin, self._loops,
                            self._identity, self._parallel)

    def _add_loop(self, dtypes):
        key = tuple(dtypes)
        if key in self._keys:
            return
        for d in key:
            if d not in _DTYPES:
                raise TypeError(f"oxjit.vectorize supports the dtypes {', '.join(_DTYPES)}, "
                                f"not `{d}`")
        loop = _compile_ufunc_loop(self._dispatcher._id, list(key), None, self._boundscheck)
        self._loops.append(loop)
        self._keys.add(key)
        self.ufunc = self._build()

    @staticmethod
    def _dtype_of(x):
        return np.asarray(x).dtype.name

    def _prepare(self, args):
        if len(args) != self._nin:
            raise TypeError(f"{self.__name__}() takes {self._nin} positional argument(s) "
                            f"but {len(args)} were given")
        self._add_loop([self._dtype_of(a) for a in args])

    def __call__(self, *args, **kwargs):
        self._prepare(args)
        return self.ufunc(*args, **kwargs)

    def _reduce_like(self, method, array, *args, **kwargs):
        if self._nin != 2:
            raise ValueError(f"{method} only supported for binary functions")
        d = self._dtype_of(array)
        self._add_loop([d, d])
        return getattr(self.ufunc, method)(array, *args, **kwargs)

    def reduce(self, array, *args, **kwargs):
        """``numpy.ufunc.reduce`` (compiles the ``(dtype, dtype)`` loop if needed)."""
        return self._reduce_like("reduce", array, *args, **kwargs)

    def accumulate(self, array, *args, **kwargs):
        """``numpy.ufunc.accumulate`` (compiles the ``(dtype, dtype)`` loop if needed)."""
        return self._reduce_like("accumulate", array, *args, **kwargs)

    def reduceat(self, array, indices, *args, **kwargs):
        """``numpy.ufunc.reduceat`` (compiles the ``(dtype, dtype)`` loop if needed)."""
        return self._reduce_like("reduceat", array, indices, *args, **kwargs)

    def outer(self, a, b, **kwargs):
        """``numpy.ufunc.outer`` (compiles the loop for the dtypes of ``a`` and ``b``)."""
        self._prepare((a, b))
        return self.ufunc.outer(a, b, **kwargs)

    def at(self, a, indices, *args):
        """``numpy.ufunc.at``."""
        self._prepare((a, *args) if args else (a,))
        return self.ufunc.at(a, indices, *args)

    @property
    def nin(self):
        return self._nin

    @property
    def nout(self):
        return 1

    @property
    def nargs(self):
        return self._nin + 1

    @property
    def ntypes(self):
        return len(self._loops)

    @property
    def types(self):
        return self.ufunc.types

    @property
    def identity(self):
        return self.ufunc.identity

    def __repr__(self):
        return f"<oxjit.DUFunc '{self.__name__}'>"


def vectorize(ftylist_or_function=(), *, identity=None, nopython=True, target="cpu",
              cache=False, **kws):
    """Numba's ``vectorize``: make a NumPy ufunc from a scalar function.

    ``@vectorize(["float64(float64, float64)", "int64(int64, int64)"])`` compiles each signature
    now and returns a ``numpy.ufunc``; ``@vectorize`` (no signatures) returns a :class:`DUFunc`
    that compiles per input dtypes on call. ``identity`` (0, 1, None or ``"reorderable"``) is
    the ufunc's identity for ``.reduce``; ``target="parallel"`` runs long loops on oxjit's
    thread pool.
    """
    parallel, boundscheck = _options(target, nopython, cache, kws)
    identity_code = _identity_code(identity)
    if callable(ftylist_or_function) and not isinstance(ftylist_or_function, _types.Type):
        return DUFunc(ftylist_or_function, identity, parallel, boundscheck)
    sigs = ftylist_or_function
    if isinstance(sigs, (str, _types.Signature, _types.Type)):
        sigs = [sigs]
    sigs = list(sigs)
    if not sigs:
        return lambda fn: DUFunc(fn, identity, parallel, boundscheck)

    def decorate(fn):
        fn, dispatcher = _scalar_function(fn)
        nin = _nin(fn)
        loops = []
        for sig in sigs:
            ret, args = _types.parse_signature(sig)
            if len(args) != nin:
                raise TypeError(f"the signature {sig!r} has {len(args)} argument(s); "
                                f"`{fn.__name__}` takes {nin}")
            ins = [_dtype_name(a, "argument type") for a in args]
            out = None if ret is None else _dtype_name(ret, "return type")
            loops.append(_compile_ufunc_loop(dispatcher._id, ins, out, boundscheck))
        return _build_ufunc(fn.__name__, fn.__doc__ or "", nin, loops, identity_code, parallel)

    return decorate


def _parse_layout(layout):
    """``"(m,n),(n)->(m)"`` as ([["m", "n"], ["n"]], [["m"]])."""
    text = "".join(layout.split())
    ins, arrow, outs = text.partition("->")

    def groups(part):
        if not (part.startswith("(") and part.endswith(")")):
            raise ValueError(f"cannot read the layout {layout!r} (e.g. \"(n),(n)->()\")")
        items = part[1:-1].split("),(")
        out = []
        for item in items:
            names = [n for n in item.split(",") if n] if item else []
            if any(not n.isidentifier() for n in names):
                raise ValueError(f"cannot read the layout {layout!r}")
            out.append(names)
        return out

    if not arrow:
        raise ValueError(f"the layout {layout!r} has no '->'")
    return groups(ins), groups(outs)


def _operand(t, names, index):
    if isinstance(t, _types.Array):
        _, dtype, ndim, _layout = t.spec
    elif isinstance(t, _types.Type) and t.dtype is not None:
        dtype, ndim = t.dtype, None
    else:
        raise TypeError(f"guvectorize signatures take scalar and array types, not {t!r}")
    if dtype not in _DTYPES:
        raise TypeError(f"oxjit.guvectorize does not support the type {t!r} yet")
    return dtype, ndim, [index[n] for n in names]


def guvectorize(ftylist, signature, *, identity=None, nopython=True, target="cpu",
                cache=False, **kws):
    """Numba's ``guvectorize``: a generalized ufunc from a function writing its outputs.

    ``@guvectorize(["void(float64[:], float64[:], float64[:])"], "(n),(n)->()")`` over
    ``def f(x, y, res): res[0] = ...`` compiles each signature now and returns a
    ``numpy.ufunc`` with that core signature (outputs with core ``()`` are 1-element arrays).
    """
    kws.pop("writable_args", None)
    parallel, boundscheck = _options(target, nopython, cache, kws)
    if parallel:
        warnings.warn("guvectorize(target='parallel') is accepted but runs serially (not "
                      "implemented yet)", OxjitWarning, stacklevel=2)
    if identity is not None:
        raise ValueError("oxjit.guvectorize does not take an identity")
    ins, outs = _parse_layout(signature)
    index = {}
    for names in ins + outs:
        for n in names:
            index.setdefault(n, len(index))
    sigs = ftylist if isinstance(ftylist, list) else [ftylist]

    def decorate(fn):
        fn, dispatcher = _scalar_function(fn)
        nargs = len(ins) + len(outs)
        if _nin(fn) != nargs:
            raise TypeError(f"the layout {signature!r} has {nargs} operand(s); "
                            f"`{fn.__name__}` takes {_nin(fn)}")
        loops = []
        for sig in sigs:
            ret, args = _types.parse_signature(sig)
            if ret is not None:
                raise TypeError(f"a guvectorize signature returns void, not {ret!r}")
            if len(args) != nargs:
                raise TypeError(f"the signature {sig!r} has {len(args)} argument(s); "
                                f"the layout {signature!r} has {nargs}")
            ops = [_operand(t, names, index) for t, names in zip(args, ins + outs)]
            for (_, ndim, _), names in zip(ops[len(ins):], outs):
                if ndim is None:
                    raise TypeError("guvectorize outputs are arrays (write `res[0] = ...` for "
                                    "a `()` output)")
            loops.append(_compile_gufunc_loop(dispatcher._id, ops, boundscheck))
        return _build_gufunc(fn.__name__, fn.__doc__ or "", len(ins), len(outs), signature,
                             loops)

    return decorate


def ufunc_loops(ufunc):
    """The compiled loops of an oxjit ufunc (or DUFunc), in the order NumPy tries them."""
    if isinstance(ufunc, DUFunc):
        ufunc = ufunc.ufunc
    return _ufunc_loops(ufunc)

"""``oxjit.stencil`` (Numba's API): a kernel written with relative indexing, run over arrays.

The kernel's source is read once; its relative subscripts (``a[0, 1]``, ``a[i, -1]``) are
rewritten into absolute ones (``a[__st_i0 + 0, __st_i1 + -1]``), and the neighbourhood is taken
from the constant indices (or the ``neighborhood=`` option). From that, Python source of an
ordinary loop function is generated and compiled with ``njit``:

* the output is allocated as ``numpy.full(shape, cval, dtype=<the kernel's return type>)``
  (the type comes from a call of the kernel in a branch never taken at run time, appended to a
  list whose array gives the dtype), or is the ``out=`` argument (its border is left as it is);
* the outermost loop is a ``prange``, so the stencil runs on the thread pool when called from an
  ``@njit(parallel=True)`` function (options are those of the caller's compilation);
* a kernel whose only ``return`` is its last statement is inlined into the loop body; other
  kernels are called as a jitted helper function.

A stencil met as a global by the compiler resolves to the generated loop function (see
``_introspect.resolve_global``), so ``@njit def f(a): return kernel(a) + 1`` is an ordinary call
between jitted functions.
"""
import ast
import itertools
import linecache
import sys

from .errors import UnsupportedError

__all__ = ["stencil", "StencilFunc"]

_COUNTER = itertools.count()
_MODES = ("constant",)
_OPTIONS = ("neighborhood", "cval", "standard_indexing")


def _where(fn, node, first_line, col0):
    file = fn.__code__.co_filename
    return f"\n  --> {file}:{first_line + node.lineno - 1}:{col0 + node.col_offset + 1}"


class _Rewriter(ast.NodeTransformer):
    """Relative subscripts of the stencil's arrays → absolute ones; records the indices."""

    def __init__(self, stencil_fn, arrays, neighborhood, where):
        self.fn = stencil_fn
        self.arrays = arrays
        self.neighborhood = neighborhood
        self.where = where
        self.ndim = None if neighborhood is None else len(neighborhood)
        self.lo = None
        self.hi = None
        self.returns = []
        self.used = set()

    def _error(self, message, node):
        raise UnsupportedError(f"{message}{self.where(node)}")

    def visit_Return(self, node):
        self.returns.append(node)
        return self.generic_visit(node)

    def visit_Subscript(self, node):
        node = self.generic_visit(node)
        if not (isinstance(node.value, ast.Name) and node.value.id in self.arrays):
            return node
        if isinstance(node.ctx, (ast.Store, ast.Del)):
            self._error(f"a stencil kernel cannot assign to its input `{node.value.id}`", node)
        self.used.add(node.value.id)
        elts = node.slice.elts if isinstance(node.slice, ast.Tuple) else [node.slice]
        if any(isinstance(e, ast.Slice) for e in elts):
            self._error("slices are not supported in relative stencil indices", node)
        if self.ndim is None:
            self.ndim = len(elts)
            self.lo = [0] * self.ndim
            self.hi = [0] * self.ndim
        if len(elts) != self.ndim:
            self._error(f"stencil index has {len(elts)} dimension(s), but the stencil has "
                        f"{self.ndim}", node)
        new = []
        for k, e in enumerate(elts):
            try:
                c = ast.literal_eval(e)
            except ValueError:
                c = None
            if c is not None and (not isinstance(c, int) or isinstance(c, bool)):
                self._error("stencil indices must be integers", e)
            if c is None and self.neighborhood is None:
                self._error("a relative stencil index that is not a constant needs the "
                            "`neighborhood=` option", e)
            if c is not None:
                if self.neighborhood is not None:
                    lo, hi = self.neighborhood[k]
                    if not lo <= c <= hi:
                        self._error(f"stencil index {c} is outside the neighborhood ({lo}, {hi}) "
                                    f"of axis {k}", e)
                else:
                    self.lo[k] = min(self.lo[k], c)
                    self.hi[k] = max(self.hi[k], c)
            center = ast.Name(f"__st_i{k}", ast.Load())
            if c == 0:
                new.append(center)
            elif c is not None and c < 0:  # `i - 1`: what the range analysis bounds
                new.append(ast.BinOp(center, ast.Sub(), ast.Constant(-c)))
            else:
                new.append(ast.BinOp(center, ast.Add(), e))
        index = new[0] if len(new) == 1 else ast.Tuple(new, ast.Load())
        return ast.copy_location(ast.Subscript(node.value, index, node.ctx), node)


def _check_neighborhood(neighborhood):
    if neighborhood is None:
        return None
    try:
        out = tuple((int(lo), int(hi)) for lo, hi in neighborhood)
    except (TypeError, ValueError):
        raise ValueError("stencil neighborhood must be a tuple of (low, high) integer pairs, "
                         f"one per dimension; got {neighborhood!r}") from None
    if not out or any(lo > hi for lo, hi in out):
        raise ValueError(f"invalid stencil neighborhood {neighborhood!r}")
    return out


class StencilFunc:
    """A stencil kernel (what ``@stencil`` returns): call it with arrays to run it."""

    def __init__(self, kernel, mode="constant", neighborhood=None, cval=None,
                 standard_indexing=()):
        if mode not in _MODES:
            raise ValueError(f"unsupported stencil mode {mode!r} (oxjit supports 'constant')")
        if not callable(kernel) or not hasattr(kernel, "__code__"):
            raise TypeError(f"@stencil expects a Python function, got {type(kernel).__name__}")
        self.kernel_func = kernel
        self.__name__ = kernel.__name__
        self.__qualname__ = kernel.__qualname__
        self.__doc__ = kernel.__doc__
        self.__module__ = kernel.__module__
        self.neighborhood = _check_neighborhood(neighborhood)
        if cval is not None and not isinstance(cval, (int, float)):
            raise TypeError(f"stencil cval must be a number, got {type(cval).__name__}")
        self.cval = cval
        self.standard_indexing = tuple(standard_indexing or ())
        self._runner = None

    def _params(self):
        code = self.kernel_func.__code__
        if code.co_flags & 0x0C or code.co_kwonlyargcount:
            raise UnsupportedError("a stencil kernel takes a fixed number of positional "
                                   "parameters (no *args, **kwargs or keyword-only ones)")
        params = list(code.co_varnames[:code.co_argcount])
        for name in self.standard_indexing:
            if name not in params:
                raise ValueError(f"standard_indexing names `{name}`, which is not a parameter "
                                 f"of the stencil kernel `{self.__name__}`")
        if "out" in params:
            raise UnsupportedError("a stencil kernel parameter cannot be called `out` (it is "
                                   "the keyword for the output array)")
        return params

    def _generate(self):
        """Source and globals of the loop function (and the kernel helper)."""
        from ._introspect import function_source  # noqa: PLC0415 (circular at import time)

        fn = self.kernel_func
        text, _file, first_line, col0 = function_source(fn)
        tree = ast.parse(text)
        fdef = tree.body[0]
        params = self._params()
        relative = [p for p in params if p not in self.standard_indexing]
        if not relative:
            raise UnsupportedError(f"the stencil kernel `{self.__name__}` has no relatively "
                                   "indexed array parameter")
        rw = _Rewriter(fn, set(relative), self.neighborhood,
                       lambda node: _where(fn, node, first_line, col0))
        body = [rw.visit(s) for s in fdef.body]
        relative = [p for p in relative if p in rw.used]
        if rw.ndim is None:
            raise UnsupportedError(f"the stencil kernel `{self.__name__}` never indexes its "
                                   "arrays, so its number of dimensions is unknown")
        if not rw.returns:
            raise UnsupportedError(f"the stencil kernel `{self.__name__}` must return a value")
        nb = self.neighborhood or tuple(zip(rw.lo, rw.hi))
        self.neighborhood = nb
        return self._source(params, relative, body, rw, nb, fdef), fn

    def _source(self, params, relative, body, rw, nb, fdef):
        ndim = rw.ndim
        idx = [f"__st_i{k}" for k in range(ndim)]
        first = relative[0]
        helper = ast.FunctionDef(name="__st_kernel", args=ast.arguments(
            posonlyargs=[], args=[ast.arg(p) for p in params + idx], kwonlyargs=[],
            kw_defaults=[], defaults=[]), body=body, decorator_list=[], returns=None,
            **({"type_params": []} if sys.version_info >= (3, 12) else {}))
        ast.fix_missing_locations(helper)
        lines = [ast.unparse(helper), ""]
        args = ", ".join(params)
        lines.append(f"def __st_run({args}, out=None):")
        shape = ", ".join(f"{first}.shape[{k}]" for k in range(ndim))
        lines.append(f"    __st_shape = ({shape},)")
        for other in relative[1:] + ["out"]:
            same = " or ".join(f"{other}.shape[{k}] != __st_shape[{k}]" for k in range(ndim))
            test = f"if {same}:" if other != "out" else f"if out is not None and ({same}):"
            what = "the output array" if other == "out" else f"`{other}`"
            lines += [f"    {test}",
                      f"        raise ValueError(\"stencil: {what} must have the shape of "
                      f"`{first}`\")"]
        zeros = ", ".join("0" for _ in idx)
        lines += [
            "    __st_t = []",
            "    if __st_shape[0] < 0:  # never at run time: types the kernel's result",
            f"        __st_t.append(__st_kernel({args}, {zeros}))",
            "    if out is None:",
            "        __st_out = __st_numpy.full(__st_shape, __st_cval, "
            "dtype=__st_numpy.array(__st_t).dtype)",
            "    else:",
            "        __st_out = out",
        ]
        inline = len(rw.returns) == 1 and isinstance(fdef.body[-1], ast.Return)
        indent = "    "
        for k in range(ndim):
            lo, hi = nb[k]
            rng = "__st_oxjit.prange" if k == 0 else "range"
            n = f"{first}.shape[{k}]"  # read directly: the range facts bound the indices
            start = str(-lo) if lo <= 0 else "0"
            stop = f"{n} - {hi}" if hi >= 0 else n
            lines.append(f"{indent}for __st_i{k} in {rng}({start}, {stop}):")
            indent += "    "
        target = f"__st_out[{', '.join(idx)}]"
        if inline:
            for stmt in body[:-1]:
                lines += [indent + ln for ln in ast.unparse(stmt).splitlines()]
            lines.append(f"{indent}{target} = {ast.unparse(body[-1].value)}")
        else:
            lines.append(f"{indent}{target} = __st_kernel({args}, {', '.join(idx)})")
        lines.append("    return __st_out")
        return "\n".join(lines) + "\n"

    def _compile(self):
        """The jitted loop function (made once)."""
        if self._runner is not None:
            return self._runner
        import numpy  # noqa: PLC0415

        import oxjit  # noqa: PLC0415 (circular at import time)

        from . import Dispatcher  # noqa: PLC0415

        source, fn = self._generate()
        filename = f"<oxjit stencil {self.__qualname__} #{next(_COUNTER)}>"
        linecache.cache[filename] = (len(source), None, source.splitlines(True), filename)
        namespace = dict(fn.__globals__)
        cells = dict(zip(fn.__code__.co_freevars, fn.__closure__ or ()))
        for name, cell in cells.items():
            try:
                namespace[name] = cell.cell_contents
            except ValueError:
                pass
        namespace.update(__st_numpy=numpy, __st_oxjit=oxjit,
                         __st_cval=0 if self.cval is None else self.cval)
        exec(compile(source, filename, "exec"), namespace)  # noqa: S102 - our generated text
        namespace["__st_kernel"] = Dispatcher(namespace["__st_kernel"])
        self.source = source
        self._runner = Dispatcher(namespace["__st_run"])
        return self._runner

    def __call__(self, *args, **kwargs):
        return self._compile()(*args, **kwargs)

    def __repr__(self):
        return f"<oxjit.StencilFunc {self.__qualname__}>"


def stencil(func_or_mode="constant", **options):
    """Numba's ``@stencil``: ``@stencil``, ``@stencil(neighborhood=..., cval=...,
    standard_indexing=...)`` or ``@stencil('constant', ...)``."""
    for key in options:
        if key not in _OPTIONS:
            raise TypeError(f"stencil() got an unexpected keyword argument '{key}'")
    if callable(func_or_mode):
        return StencilFunc(func_or_mode, **options)
    if not isinstance(func_or_mode, str):
        raise TypeError(f"stencil() expects a function or a mode string, got "
                        f"{type(func_or_mode).__name__}")
    mode = func_or_mode
    if mode not in _MODES:
        raise ValueError(f"unsupported stencil mode {mode!r} (oxjit supports 'constant')")

    def decorate(kernel):
        return StencilFunc(kernel, mode, **options)

    return decorate


"""Pickling of dispatchers, so that jitted functions travel to other processes (multiprocessing,
concurrent.futures, Dask workers).

* By reference when the function can be imported again as ``module.qualname`` and that name is
  this very dispatcher (functions defined at module level of an importable module).
* By source otherwise (``__main__``, notebooks, functions made inside other functions): the
  source text, the globals the function names (modules by their import name), its defaults and
  closure values, and the decorator options. The receiving process executes the source again
  (decorators removed) under a ``linecache`` entry, so oxjit can read it and error messages
  still point at the original file and line.

Compiled machine code is never pickled: the receiving process compiles on its first call.
"""
import ast
import builtins
import importlib
import itertools
import linecache
import sys
import types

from ._introspect import function_source

_counter = itertools.count()


class _ModuleRef:
    """A module named by its import path (modules themselves do not pickle)."""

    def __init__(self, name):
        self.name = name

    def __reduce__(self):
        return (_ModuleRef, (self.name,))


def _lookup(module, qualname):
    obj = sys.modules.get(module)
    if obj is None:
        return None
    for part in qualname.split("."):
        obj = getattr(obj, part, None)
        if obj is None:
            return None
    return obj


def reduce_dispatcher(dispatcher):
    """``__reduce__`` of :class:`oxjit.Dispatcher`."""
    fn = dispatcher.py_func
    module = getattr(fn, "__module__", None)
    qualname = getattr(fn, "__qualname__", "")
    if module not in (None, "__main__") and "<locals>" not in qualname:
        if _lookup(module, qualname) is dispatcher:
            return (_by_reference, (module, qualname))
    return (_from_source, (_source_state(fn), dispatcher._options))


def _by_reference(module, qualname):
    importlib.import_module(module)
    obj = _lookup(module, qualname)
    if obj is None:
        raise AttributeError(f"oxjit: cannot find `{qualname}` in module `{module}`")
    return obj


def _names_used(code):
    names = set(code.co_names)
    for const in code.co_consts:
        if isinstance(const, types.CodeType):
            names |= _names_used(const)
    return names


def _portable(value):
    if isinstance(value, types.ModuleType):
        return _ModuleRef(value.__name__)
    return value


def _restore(value):
    if isinstance(value, _ModuleRef):
        return importlib.import_module(value.name)
    return value


def _source_state(fn):
    text, filename, first_line, col_offset = function_source(fn)
    g = fn.__globals__
    used = {name: _portable(g[name]) for name in sorted(_names_used(fn.__code__)) if name in g}
    closure = {}
    for name, cell in zip(fn.__code__.co_freevars, fn.__closure__ or ()):
        try:
            closure[name] = _portable(cell.cell_contents)
        except ValueError:  # an empty cell: the name is unbound
            continue
    return {
        "text": text,
        "filename": filename,
        "first_line": first_line,
        "col_offset": col_offset,
        "name": fn.__name__,
        "qualname": fn.__qualname__,
        "module": getattr(fn, "__module__", None),
        "globals": used,
        "closure": closure,
        "defaults": fn.__defaults__,
        "kwdefaults": fn.__kwdefaults__,
    }


def _function_from_source(state):
    tree = ast.parse(state["text"])
    defs = [n for n in tree.body if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))]
    if len(defs) != 1:
        raise ValueError(f"oxjit: the pickled source of `{state['qualname']}` is not one function")
    defs[0].decorator_list = []
    # Line numbers as in the original file; the text is registered under a unique name so that
    # inspect.getsource finds it (the original file need not exist here).
    ast.increment_lineno(tree, state["first_line"] - 1)
    filename = f"<oxjit pickled {next(_counter)}: {state['filename']}>"
    lines = ["\n"] * (state["first_line"] - 1) + state["text"].splitlines(True)
    linecache.cache[filename] = (len(state["text"]), None, lines, filename)
    namespace = {"__builtins__": builtins, "__name__": state["module"] or "__oxjit_pickled__"}
    namespace.update({k: _restore(v) for k, v in state["globals"].items()})
    namespace.update({k: _restore(v) for k, v in state["closure"].items()})
    exec(compile(tree, filename, "exec"), namespace)  # noqa: S102 (the pickled function's own source)
    fn = namespace[state["name"]]
    fn.__defaults__ = state["defaults"]
    fn.__kwdefaults__ = state["kwdefaults"]
    fn.__qualname__ = state["qualname"]
    return fn


def _from_source(state, options):
    from . import Dispatcher  # noqa: PLC0415 (circular at import time)

    return Dispatcher(_function_from_source(state), **options)

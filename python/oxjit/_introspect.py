"""What the compiler needs from Python: a function's source text and its frozen globals.

Called from the Rust binding at compile time only (never on the call path).
"""
import ast
import builtins
import inspect
import linecache
import math
import random
import textwrap
import types
import weakref

import numpy

_BUILTINS = {"len", "range", "abs", "min", "max", "int", "float", "bool", "round", "print",
             "sum", "enumerate", "zip", "isinstance", "list", "tuple", "divmod", "pow"}

_DTYPE_TYPES = {
    numpy.float64: "float64", numpy.float32: "float32", numpy.int64: "int64",
    numpy.int32: "int32", numpy.int16: "int16", numpy.int8: "int8", numpy.uint64: "uint64",
    numpy.uint32: "uint32", numpy.uint16: "uint16", numpy.uint8: "uint8", numpy.bool_: "bool",
}


def _block_by_indentation(fn):
    """`(lines, first_line)` of a function's source found by indentation, or None when unsure.

    The fast path of `function_source`: `inspect.getsourcelines` tokenizes, and the first
    tokenization in a process compiles `tokenize`'s large regular expressions (~10 ms, most of
    a first compile). The block is the decorators and `def` line, then every line indented more
    than the `def`. It is only used if it parses as a complete definition: a line at the `def`'s
    indentation inside a string or brackets makes the cut text invalid (an unterminated string
    or bracket), and then `inspect` decides.
    """
    code = getattr(fn, "__code__", None)
    if code is None or fn.__name__ == "<lambda>":
        return None
    lines = linecache.getlines(code.co_filename, fn.__globals__)
    start = code.co_firstlineno - 1
    i = start
    while i < len(lines) and not lines[i].lstrip().startswith(("def ", "async def ")):
        i += 1
    if i >= len(lines) or not lines[start].lstrip().startswith(("def ", "async def ", "@")):
        return None
    indent = len(lines[i]) - len(lines[i].lstrip())
    end = i + 1
    for j in range(i + 1, len(lines)):
        stripped = lines[j].strip()
        if stripped and not stripped.startswith("#"):
            if len(lines[j]) - len(lines[j].lstrip()) <= indent:
                break
            end = j + 1
    block = lines[start:end]
    try:
        tree = compile(textwrap.dedent("".join(block)), code.co_filename, "exec", ast.PyCF_ONLY_AST)
    except (SyntaxError, ValueError):
        return None
    if len(tree.body) != 1 or not isinstance(tree.body[0], (ast.FunctionDef, ast.AsyncFunctionDef)):
        return None
    return block, start + 1


def function_source(fn):
    """(text, filename, first_line, col_offset) of `fn`, dedented so `def` is at column 0."""
    try:
        found = _block_by_indentation(fn)
        lines, first_line = found if found is not None else inspect.getsourcelines(fn)
    except (OSError, TypeError) as exc:
        raise OSError(
            f"oxjit reads the source of `{fn.__qualname__}` with inspect.getsource, which failed "
            f"({exc}); define the function in a file, a notebook cell, or register exec'd source "
            "with linecache"
        ) from None
    text = "".join(lines)
    dedented = textwrap.dedent(text)
    first = next((ln for ln in lines if ln.strip()), "")
    first_dedented = next((ln for ln in dedented.splitlines(True) if ln.strip()), "")
    col_offset = len(first) - len(first_dedented)
    filename = fn.__code__.co_filename if found is not None else (
        inspect.getsourcefile(fn) or fn.__code__.co_filename)
    return dedented, filename, max(first_line, 1), col_offset


def _module_name(mod):
    name = getattr(mod, "__name__", "")
    if name in ("numpy", "math", "cmath", "numpy.random", "numpy.linalg", "numpy.fft", "random"):
        return name
    return None


def resolve_global(fn, name):
    """Classify global `name` as seen by `fn`: (kind, value) for the compiler."""
    from . import Dispatcher, StencilFunc, prange  # noqa: PLC0415 (circular at import time)
    from . import typed as oxtyped  # noqa: PLC0415
    from . import types as oxtypes  # noqa: PLC0415

    if name.startswith("oxjit.types."):
        # An attribute of the `oxjit.types` module read in compiled code (`types.float64`).
        obj = getattr(oxtypes, name[len("oxjit.types."):], None)
        if isinstance(obj, oxtypes.Type):
            return ("type", obj.spec)
        return ("other", f"oxjit.types attribute {name[len('oxjit.types.'):]}")
    g = fn.__globals__
    if name in g:
        obj = g[name]
    elif hasattr(builtins, name):
        obj = getattr(builtins, name)
    else:
        cells = dict(zip(fn.__code__.co_freevars, fn.__closure__ or ()))
        if name in cells:
            try:
                obj = cells[name].cell_contents
            except ValueError:
                return ("missing", None)
        else:
            return ("missing", None)
    if isinstance(obj, Dispatcher):
        return ("jitted", obj._id)
    if isinstance(obj, type) and issubclass(obj, (oxtyped.List, oxtyped.Dict)):
        return ("typed", "List" if issubclass(obj, oxtyped.List) else "Dict")
    if isinstance(obj, oxtypes.Type):
        return ("type", obj.spec)
    if obj is oxtypes:
        return ("module", "oxjit.types")
    if isinstance(obj, type) and "_oxjit_class_id" in obj.__dict__:
        return ("jitclass", obj._oxjit_class_id)
    if isinstance(obj, StencilFunc):
        # The generated loop function is an ordinary jitted callee.
        return ("jitted", obj._compile()._id)
    if obj is prange:
        return ("builtin", "range")
    if isinstance(obj, bool):
        return ("bool", obj)
    if isinstance(obj, int) and not isinstance(obj, numpy.integer):
        if -(2**63) <= obj < 2**63:
            return ("int", obj)
        return ("other", "int (too large for int64)")
    if isinstance(obj, float):
        return ("float", float(obj))
    if _freezable(obj):
        # Arrays, float32/uint64 scalars and tuples: frozen as constants by the binding. The
        # compiled code reads an array's memory, so the array is kept alive from here on.
        if isinstance(obj, numpy.ndarray):
            _FROZEN_ARRAYS[id(obj)] = obj
        elif isinstance(obj, tuple):
            _keep_arrays(obj)
        return ("frozen", obj)
    if isinstance(obj, tuple):
        return ("other", "tuple (only numbers, NumPy scalars, arrays and tuples of those are "
                         "frozen)")
    if isinstance(obj, str):
        return ("str", str(obj))
    if isinstance(obj, (numpy.integer,)):
        return ("int", int(obj))
    if isinstance(obj, numpy.bool_):
        return ("bool", bool(obj))
    if isinstance(obj, types.ModuleType):
        mod = _module_name(obj)
        return ("module", mod) if mod else ("other", f"module {obj.__name__}")
    if obj in _DTYPE_TYPES.keys() if isinstance(obj, type) else False:
        return ("dtype", _DTYPE_TYPES[obj])
    if isinstance(obj, type) and issubclass(obj, BaseException):
        if getattr(builtins, obj.__name__, None) is obj:
            return ("exception", obj.__name__)
        if issubclass(obj, Exception):
            return ("user_exception", obj)
        return ("other", f"exception class {obj.__name__}")
    if isinstance(obj, type) and obj in (float, int, bool, str, complex):
        return ("builtin", obj.__name__)
    fname = getattr(obj, "__name__", None)
    if fname and getattr(random, fname, None) is obj:
        return ("random", fname)
    if getattr(builtins, getattr(obj, "__name__", ""), None) is obj:
        return ("builtin", obj.__name__)
    fname = getattr(obj, "__name__", None)
    if fname and getattr(math, fname, None) is obj:
        return ("math", fname)
    if fname and getattr(numpy, fname, None) is obj:
        return ("numpy", fname)
    if fname and getattr(numpy.random, fname, None) is obj:
        return ("numpy", "random." + fname)
    if fname and getattr(numpy.linalg, fname, None) is obj:
        return ("numpy", "linalg." + fname)
    if fname and getattr(numpy.fft, fname, None) is obj:
        return ("numpy", "fft." + fname)
    return ("other", type(obj).__name__)


# Module-level arrays read by compiled code (by id: the code holds their data pointers).
_FROZEN_ARRAYS = {}


def _freezable(obj):
    """Can a module-level value be frozen as a constant (see `resolve_global`)?"""
    if isinstance(obj, numpy.ndarray):
        return True
    if isinstance(obj, (numpy.float32, numpy.uint64)):
        return True
    if isinstance(obj, tuple):
        return all(isinstance(x, (bool, int, float, numpy.number, numpy.bool_))
                   or _freezable(x) for x in obj)
    return False


def _keep_arrays(tup):
    for x in tup:
        if isinstance(x, numpy.ndarray):
            _FROZEN_ARRAYS[id(x)] = x
        elif isinstance(x, tuple):
            _keep_arrays(x)


_SIGNATURES = weakref.WeakKeyDictionary()


def bind_arguments(fn, args, kwargs):
    """Every argument positionally, for a call with keywords, as Python would bind them."""
    sig = _SIGNATURES.get(fn)
    if sig is None:
        sig = _SIGNATURES[fn] = inspect.signature(fn)
    try:
        bound = sig.bind(*args, **(kwargs or {}))
    except TypeError:
        _raise_call_error(fn, sig, args, kwargs)
        raise
    bound.apply_defaults()
    return tuple(bound.arguments.values())


def _raise_call_error(fn, sig, args, kwargs):
    """Raise the `TypeError` CPython gives for this call of `fn` (inspect words it
    differently): call a body-less function with the same parameters."""
    params = []
    ps = list(sig.parameters.values())
    for i, p in enumerate(ps):
        if p.kind is p.KEYWORD_ONLY and (i == 0 or ps[i - 1].kind not in (
                p.KEYWORD_ONLY, p.VAR_POSITIONAL)):
            params.append("*")
        prefix = {p.VAR_POSITIONAL: "*", p.VAR_KEYWORD: "**"}.get(p.kind, "")
        default = "" if p.default is p.empty else "=None"
        params.append(prefix + p.name + default)
        if p.kind is p.POSITIONAL_ONLY and (i + 1 == len(ps)
                                            or ps[i + 1].kind is not p.POSITIONAL_ONLY):
            params.append("/")
    namespace = {}
    try:
        exec(f"def _stub({', '.join(params)}): pass", namespace)  # noqa: S102 - our own text
        stub = namespace["_stub"]
        stub.__name__ = fn.__name__
        stub.__qualname__ = fn.__qualname__
    except Exception:  # noqa: BLE001 - fall back to inspect's message
        return
    stub(*args, **(kwargs or {}))


_LOCALS = weakref.WeakKeyDictionary()


def set_function_locals(fn, mapping):
    """Check and keep `locals=` of the decorator for `fn`: names → oxjit types (also NumPy
    scalar types and `float`/`int`/`bool`). Raises `TypeError` for anything else."""
    from . import types as oxtypes  # noqa: PLC0415 (circular at import time)

    if not isinstance(mapping, dict):
        raise TypeError(f"`locals=` must be a dict of variable names to oxjit types, "
                        f"got {type(mapping).__name__}")
    specs = []
    for name, t in mapping.items():
        if not isinstance(name, str) or not name.isidentifier():
            raise TypeError(f"`locals=` keys must be variable names, got {name!r}")
        if isinstance(t, type) and t in _DTYPE_TYPES:
            t = getattr(oxtypes, _DTYPE_TYPES[t] if t is not numpy.bool_ else "boolean")
        elif t in (float, int, bool):
            t = {float: oxtypes.float64, int: oxtypes.int64, bool: oxtypes.boolean}[t]
        if not isinstance(t, oxtypes.Type):
            raise TypeError(f"`locals=` gives `{name}` the type {t!r}, which is not an "
                            f"oxjit type (use oxjit.types.float32, int64[:], ...)")
        specs.append((name, t.spec))
    _LOCALS[fn] = specs


def function_locals(fn):
    """`[(name, spec)]` that `locals=` fixed for `fn` (empty without the option)."""
    return _LOCALS.get(fn, [])

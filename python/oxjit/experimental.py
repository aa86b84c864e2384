"""``jitclass`` (``from oxjit.experimental import jitclass``, as in Numba): classes whose
instances are compiled objects with typed fields.

``jitclass`` checks the class (fields from a spec and/or annotations, methods, properties,
``__init__``), compiles each method as a jitted function taking the instance first, and builds
a Python class whose objects own a runtime instance (``_oxjit.JitClassInstance``). From Python,
construction, field reads and writes go through small jitted accessors generated per class
(compiled once per argument type and cached by their dispatchers), methods and properties
through the methods' dispatchers. See docs/jitclass.md.
"""
import ast
import inspect
import itertools
import linecache
import textwrap
import typing

from . import types as _types

try:
    from types import UnionType as _UnionType  # `X | None` (Python >= 3.10)
except ImportError:  # pragma: no cover - Python 3.9
    _UnionType = typing.Union
from ._oxjit import JitClassInstance, _register_jitclass
from .errors import UnsupportedError

__all__ = ["jitclass"]

# Class id -> _ClassInfo (what the compiler asks for through `_class_info`).
_CLASSES = {}
_IDS = itertools.count(1)

# Names Python puts in every class body.
_IMPLICIT = {"__module__", "__qualname__", "__doc__", "__dict__", "__weakref__",
             "__annotations__", "__firstlineno__", "__static_attributes__",
             "__annotate__", "__annotate_func__", "__classdictcell__", "__classcell__"}

# Python types accepted in annotations, as the oxjit types they mean.
_PY_TYPES = {float: _types.float64, int: _types.int64, bool: _types.boolean}


class _ClassInfo:
    def __init__(self, name, fields, methods, properties, init):
        self.name = name
        self.fields = fields          # [(name, oxjit type)]
        self.methods = methods        # {name: Dispatcher}
        self.properties = properties  # {name: (getter Dispatcher, setter Dispatcher or None)}
        self.init = init              # Dispatcher or None


def _class_info(class_id):
    """(name, [(field, spec)], [(method, id)], [(property, getter id, setter id)], init id)."""
    c = _CLASSES[class_id]
    return (
        c.name,
        [(n, t.spec) for n, t in c.fields],
        [(n, d._id) for n, d in c.methods.items()],
        [(n, g._id, None if s is None else s._id) for n, (g, s) in c.properties.items()],
        None if c.init is None else c.init._id,
    )


def jitclass(cls_or_spec=None, spec=None):
    """Compile a class (Numba's ``jitclass``): ``@jitclass(spec)``, ``@jitclass`` with
    annotations (``x: float64``), or ``jitclass(cls, spec)``. ``spec`` is a list of
    ``(name, type)`` pairs or a dict, with oxjit's types (``float64``, ``int64[:]``,
    ``optional(node_type)``, ``Other.class_type.instance_type``)."""
    if isinstance(cls_or_spec, type):
        return _build(cls_or_spec, spec)
    if cls_or_spec is not None and spec is not None:
        raise TypeError("jitclass(cls, spec) takes the class first")
    spec = cls_or_spec
    return lambda cls: _build(cls, spec)


class _Locator:
    """file:line:col of the parts of a class body, for errors."""

    def __init__(self, cls):
        try:
            lines, self.first = inspect.getsourcelines(cls)
            self.file = inspect.getsourcefile(cls) or "<unknown>"
            text = textwrap.dedent("".join(lines))
            self.indent = len(lines[0]) - len(lines[0].lstrip())
            self.tree = ast.parse(text).body[0]
            self.lines = lines
        except (OSError, TypeError, SyntaxError, IndexError):
            self.tree = None

    def node(self, name):
        if self.tree is None:
            return None
        if name is None:
            return self.tree
        for n in self.tree.body:
            targets = []
            if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                targets = [n.name]
            elif isinstance(n, ast.Assign):
                targets = [t.id for t in n.targets if isinstance(t, ast.Name)]
            elif isinstance(n, ast.AnnAssign) and isinstance(n.target, ast.Name):
                targets = [n.target.id]
            if name in targets:
                return n
        return None

    def error(self, cls_exc, message, name=None, hint=None):
        # A field of the spec has no line of its own: the class is shown.
        n = self.node(name) or self.node(None)
        text = message
        if n is not None:
            line = self.first + n.lineno - 1
            col = n.col_offset + self.indent + 1
            src = self.lines[n.lineno - 1].rstrip("\n")
            gutter = " " * len(str(line))
            text += (f"\n{gutter}--> {self.file}:{line}:{col}\n{gutter} |\n{line} | {src}\n"
                     f"{gutter} | {' ' * (col - 1)}^")
        if hint:
            text += f"\n   = hint: {hint}"
        return cls_exc(text)


def _field_type(t, where, loc, name, own):
    """An oxjit type for a field, or an UnsupportedError. ``own`` is the deferred type of the
    class being built: a field annotated with the class's own name (``Optional["Node"]``)
    refers to its instances."""
    if isinstance(t, str) and t == where:
        return own
    if isinstance(t, typing.ForwardRef) and t.__forward_arg__ == where:
        return own
    if isinstance(t, type) and hasattr(t, "_oxjit_class_id"):
        return t.class_type.instance_type
    if typing.get_origin(t) in (typing.Union, _UnionType):
        rest = [a for a in typing.get_args(t) if a is not type(None)]
        if len(rest) == 1 and len(typing.get_args(t)) == 2:
            inner = _field_type(rest[0], where, loc, name, own)
            return inner if isinstance(inner, Exception) else _types.optional(inner)
    t = _PY_TYPES.get(t, t) if isinstance(t, type) else t
    if isinstance(t, _types.Type) and t is not _types.none:
        return t
    return loc.error(UnsupportedError,
                     f"field `{name}` of jitclass `{where}` has an unsupported type {t!r}",
                     name,
                     "fields are numbers (float64, int64, boolean, ...), arrays (float64[:]), "
                     "tuples, jitclass instances, or optional(...) / Optional[...] of those")


def _fields(cls, spec, loc, own):
    if spec is None:
        spec = []
    items = list(spec.items()) if isinstance(spec, dict) else list(spec)
    fields = []
    for item in items:
        if not (isinstance(item, tuple) and len(item) == 2 and isinstance(item[0], str)):
            raise TypeError(f"a jitclass spec holds (name, type) pairs, not {item!r}")
        fields.append(item)
    names = {n for n, _ in fields}
    annotations = cls.__dict__.get("__annotations__", {})
    module = inspect.getmodule(cls)
    # The class's globals: those of a function it defines (a class exec'd from source has no
    # module), else its module's.
    defined = [v for v in cls.__dict__.values() if inspect.isfunction(v)]
    globs = defined[0].__globals__ if defined else (vars(module) if module else {})
    for n, t in annotations.items():
        if n in names:
            continue
        if isinstance(t, str) and t != cls.__name__:
            scope = dict(globs)
            scope[cls.__name__] = typing.ForwardRef(cls.__name__)
            try:
                t = eval(t, scope)  # noqa: S307
            except Exception as exc:  # noqa: BLE001 - reported as an oxjit error
                raise loc.error(UnsupportedError,
                                f"cannot read the annotation of field `{n}`: {exc}", n) from None
        fields.append((n, t))
    out = []
    for n, t in fields:
        ft = _field_type(t, cls.__name__, loc, n, own)
        if isinstance(ft, Exception):
            raise ft
        out.append((n, ft))
    return out


def _members(cls, field_names, loc):
    """Methods, properties and `__init__` of the class body; anything else is refused."""
    from . import njit  # noqa: PLC0415 (oxjit imports nothing from here)

    methods, properties, init = {}, {}, None
    for name, value in cls.__dict__.items():
        if name in _IMPLICIT:
            continue
        if name in field_names and not (inspect.isfunction(value) or isinstance(value, property)):
            raise loc.error(UnsupportedError,
                            f"jitclass `{cls.__name__}`: field `{name}` has a class-level "
                            "default value; class attributes are not supported", name,
                            "set the field in __init__")
        if name in field_names:
            raise loc.error(UnsupportedError,
                            f"jitclass `{cls.__name__}`: `{name}` is both a field and a method",
                            name)
        if inspect.isfunction(value):
            if name == "__init__":
                init = njit(value)
            elif name.startswith("__") and name.endswith("__"):
                raise loc.error(UnsupportedError,
                                f"jitclass `{cls.__name__}`: special method `{name}` is not "
                                "supported (only `__init__`)", name,
                                "use an ordinary method name")
            else:
                methods[name] = njit(value)
        elif isinstance(value, property):
            if value.fget is None or value.fdel is not None:
                raise loc.error(UnsupportedError,
                                f"jitclass `{cls.__name__}`: property `{name}` needs a getter "
                                "and no deleter", name)
            properties[name] = (njit(value.fget),
                                None if value.fset is None else njit(value.fset))
        elif isinstance(value, (staticmethod, classmethod)):
            kind = type(value).__name__
            raise loc.error(UnsupportedError,
                            f"jitclass `{cls.__name__}`: {kind} `{name}` is not supported", name,
                            "use a module-level @njit function")
        else:
            raise loc.error(UnsupportedError,
                            f"jitclass `{cls.__name__}`: class attribute `{name}` is not "
                            "supported (only methods, properties and __init__)", name,
                            "use a module-level constant, or a field set in __init__")
    return methods, properties, init


def _parameters(init):
    """The constructor's parameter list and call arguments, from `__init__` without `self`."""
    if init is None:
        return "", ""
    sig = inspect.signature(init.py_func)
    params, args, star = [], [], False
    for p in list(sig.parameters.values())[1:]:
        default = "" if p.default is inspect.Parameter.empty else "=None"
        if p.kind is p.VAR_POSITIONAL:
            params.append(f"*{p.name}")
            args.append(f"*{p.name}")
            star = True
        elif p.kind is p.KEYWORD_ONLY:
            if not star:
                params.append("*")
                star = True
            params.append(f"{p.name}{default}")
            args.append(f"{p.name}={p.name}")
        elif p.kind is p.VAR_KEYWORD:
            raise TypeError("jitclass __init__ cannot take **kwargs")
        else:
            params.append(f"{p.name}{default}")
            args.append(p.name)
    return ", ".join(params), ", ".join(args)


def _accessors(cls_name, class_id, new_cls, fields, init):
    """Jitted functions for the Python side: the constructor, and a getter and a setter per
    field. Their source is registered with `linecache` so oxjit reads it like a file's."""
    from . import njit  # noqa: PLC0415

    params, args = _parameters(init)
    text = f"def new({params}):\n    return {cls_name}({args})\n"
    for k, (name, _) in enumerate(fields):
        text += f"def get_{k}(self):\n    return self.{name}\n"
        text += f"def set_{k}(self, value):\n    self.{name} = value\n"
    filename = f"<oxjit jitclass {cls_name} #{class_id}>"
    linecache.cache[filename] = (len(text), None, text.splitlines(True), filename)
    namespace = {"__name__": new_cls.__module__, cls_name: new_cls}
    exec(compile(text, filename, "exec"), namespace)  # noqa: S102 - our own generated source
    new = namespace["new"]
    new.__name__ = new.__qualname__ = cls_name
    if init is not None:
        new.__defaults__ = init.py_func.__defaults__
        new.__kwdefaults__ = init.py_func.__kwdefaults__
    getters = [njit(namespace[f"get_{k}"]) for k in range(len(fields))]
    setters = [njit(namespace[f"set_{k}"]) for k in range(len(fields))]
    return njit(new), getters, setters


def _build(cls, spec):
    loc = _Locator(cls)
    if cls.__bases__ != (object,):
        bases = ", ".join(b.__name__ for b in cls.__bases__)
        raise loc.error(UnsupportedError,
                        f"jitclass `{cls.__name__}({bases})`: inheritance is not supported",
                        None, "copy the fields and methods into one class")
    own = _types.deferred_type()
    fields = _fields(cls, spec, loc, own)
    seen = set()
    for n, _ in fields:
        if n in seen:
            raise loc.error(UnsupportedError, f"field `{n}` is declared twice", n)
        seen.add(n)
    methods, properties, init = _members(cls, seen, loc)
    class_id = next(_IDS)
    namespace = {
        "__module__": cls.__module__,
        "__qualname__": cls.__qualname__,
        "__doc__": cls.__doc__,
        "__slots__": (),
        "_oxjit_class_id": class_id,
        "class_type": _types.ClassType(class_id, cls.__name__),
    }
    own.define(namespace["class_type"].instance_type)
    namespace.update(methods)
    for name, (getter, setter) in properties.items():
        namespace[name] = property(getter, setter)
    new_cls = type(cls.__name__, (JitClassInstance,), namespace)
    ctor, getters, setters = _accessors(cls.__name__, class_id, new_cls, fields, init)
    for (name, _), g, s in zip(fields, getters, setters):
        setattr(new_cls, name, property(g, s))

    def __new__(klass, *args, **kwargs):  # noqa: N807 - Python's name
        return ctor(*args, **kwargs)

    new_cls.__new__ = staticmethod(__new__)
    _CLASSES[class_id] = _ClassInfo(cls.__name__, fields, methods, properties, init)
    _register_jitclass(class_id, new_cls, cls.__name__)
    return new_cls

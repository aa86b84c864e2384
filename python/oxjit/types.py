"""Type objects with Numba's names (``oxjit.types.float64``, ``int64[:]``, ``float32[:, ::1]``…),
and the parser of Numba's signature strings (``"float64(float64[:], int64)"``).

Each type object knows its *spec*, the plain tuple the native dispatcher turns into a compiler
type: ``("int",)``, ``("float",)``, ``("float32",)``, ``("bool",)``, ``("none",)``,
``("array", dtype_name, ndim, "C" | "F" | "A")``, ``("tuple", (spec, ...))``, ``("str",)``,
``("list", item_spec)``, ``("dict", key_spec, value_spec)``, and for ``jitclass`` fields
``("instance", class_id)`` and ``("optional", spec)``.
"""
import ast

__all__ = [
    "Type", "Array", "UniTuple", "Tuple", "Signature", "parse_signature",
    "float64", "float32", "double", "int64", "int32", "int16", "int8", "uint64", "uint32",
    "uint16", "uint8", "intp", "uintp", "boolean", "bool_",
    "none", "void", "unicode_type", "string", "ListType", "DictType",
    "optional", "deferred_type", "DeferredType", "ClassType", "InstanceType",
]


class Type:
    """A scalar type, usable as ``T[:]`` (an array) or ``T(args...)`` (a signature)."""

    def __init__(self, name, spec, dtype=None):
        self.name = name
        self.spec = spec
        self.dtype = dtype

    def __repr__(self):
        return self.name

    def __eq__(self, other):
        return isinstance(other, Type) and self.spec == other.spec

    def __hash__(self):
        return hash(self.spec)

    def __getitem__(self, index):
        if self.dtype is None:
            raise TypeError(f"`{self.name}` cannot be an array element type")
        items = index if isinstance(index, tuple) else (index,)
        if not items or not all(isinstance(i, slice) and i.start is None and i.stop is None
                                and i.step in (None, 1) for i in items):
            raise TypeError("array types are written with `:` per axis, e.g. float64[:, ::1]")
        ndim = len(items)
        contiguous = [i.step == 1 for i in items]
        if not any(contiguous):
            layout = "A"
        elif contiguous == [False] * (ndim - 1) + [True]:
            layout = "C"
        elif contiguous == [True] + [False] * (ndim - 1):
            layout = "F"
        else:
            raise TypeError("only the first (Fortran order) or last (C order) axis can be `::1`")
        return Array(self, ndim, layout)

    def __call__(self, *args):
        return Signature(self, args)


class Array(Type):
    """``Array(float64, 2, "C")`` is ``float64[:, ::1]``."""

    def __init__(self, dtype, ndim, layout="A"):
        if ndim == 1 and layout == "F":
            layout = "C"
        axes = [":"] * ndim
        if layout == "C":
            axes[-1] = "::1"
        elif layout == "F":
            axes[0] = "::1"
        super().__init__(f"{dtype.name}[{', '.join(axes)}]", ("array", dtype.dtype, ndim, layout))


class UniTuple(Type):
    """``UniTuple(int64, 2)``: a tuple of ``count`` items of one type."""

    def __init__(self, item, count):
        super().__init__(f"UniTuple({item.name} x {count})", ("tuple", (item.spec,) * count))


class Tuple(Type):
    """``Tuple((int64, float64))``: a tuple of the given item types."""

    def __init__(self, items):
        items = tuple(items)
        super().__init__(f"Tuple({', '.join(i.name for i in items)})",
                         ("tuple", tuple(i.spec for i in items)))


class ListType(Type):
    """``ListType(int64)``: the type of an ``oxjit.typed.List`` (or a list) of ``item``."""

    def __init__(self, item):
        super().__init__(f"ListType[{item.name}]", ("list", item.spec))
        self.item_type = item


class DictType(Type):
    """``DictType(unicode_type, float64)``: the type of an ``oxjit.typed.Dict``."""

    def __init__(self, key, value):
        super().__init__(f"DictType[{key.name},{value.name}]<iv=None>",
                         ("dict", key.spec, value.spec))
        self.key_type = key
        self.value_type = value


class Optional(Type):
    """``optional(T)``: a value of type ``T`` or ``None`` (a ``jitclass`` field such as the
    ``next`` of a linked-list node). ``T`` may be a :func:`deferred_type` defined later."""

    def __init__(self, item):  # noqa: D107 - the spec is read when the class is compiled
        if not isinstance(item, Type):
            raise TypeError(f"optional() takes an oxjit type, not {item!r}")
        self.item = item
        self.dtype = None

    @property
    def name(self):
        return f"OptionalType({self.item.name})"

    @property
    def spec(self):
        return ("optional", self.item.spec)


def optional(item):
    """``optional(T)``: ``T`` or ``None`` (Numba's ``types.optional``)."""
    return Optional(item)


class DeferredType(Type):
    """A type named before it exists (Numba's ``deferred_type``): a ``jitclass`` field of the
    class's own instance type. ``define`` it after the class is built::

        node_type = deferred_type()
        @jitclass([("value", int64), ("next", optional(node_type))])
        class Node: ...
        node_type.define(Node.class_type.instance_type)
    """

    def __init__(self):  # noqa: D107
        self._defined = None
        self.dtype = None

    def define(self, t):
        if not isinstance(t, Type):
            raise TypeError(f"define() takes an oxjit type, not {t!r}")
        if self._defined is not None and self._defined != t:
            raise TypeError(f"this deferred type is already defined as {self._defined!r}")
        self._defined = t

    def get(self):
        if self._defined is None:
            raise TypeError("this deferred_type() was used before define() was called")
        return self._defined

    @property
    def name(self):
        return "deferred" if self._defined is None else self._defined.name

    @property
    def spec(self):
        return self.get().spec

    def __eq__(self, other):
        return self is other or (self._defined is not None and self._defined == other)

    def __hash__(self):
        return id(self)


def deferred_type():
    """A type defined later with ``.define(T)`` (Numba's ``deferred_type``)."""
    return DeferredType()


class InstanceType(Type):
    """The type of the instances of a ``jitclass`` (``Point.class_type.instance_type``)."""

    def __init__(self, class_id, class_name):  # noqa: D107
        super().__init__(f"instance.jitclass.{class_name}", ("instance", class_id))


class ClassType:
    """``Point.class_type``: the ``jitclass`` as a type, whose ``instance_type`` is the type of
    its instances (as in Numba)."""

    def __init__(self, class_id, class_name):  # noqa: D107
        self.class_name = class_name
        self.instance_type = InstanceType(class_id, class_name)

    def __repr__(self):
        return f"jitclass.{self.class_name}"


class Signature:
    """A return type applied to argument types: ``float64(float64[:], int64)``."""

    def __init__(self, ret, args):
        self.ret = ret
        self.args = tuple(args)

    def __repr__(self):
        return f"{self.ret!r}({', '.join(map(repr, self.args))})"


float64 = Type("float64", ("float",), "float64")
double = float64
float32 = Type("float32", ("float32",), "float32")
int64 = Type("int64", ("int",), "int64")
intp = int64
int32 = Type("int32", ("int",), "int32")
int16 = Type("int16", ("int",), "int16")
int8 = Type("int8", ("int",), "int8")
uint64 = Type("uint64", ("uint64",), "uint64")
uintp = uint64
uint32 = Type("uint32", ("int",), "uint32")
uint16 = Type("uint16", ("int",), "uint16")
uint8 = Type("uint8", ("int",), "uint8")
boolean = Type("bool", ("bool",), "bool")
bool_ = boolean
unicode_type = Type("unicode_type", ("str",))
string = unicode_type
none = Type("none", ("none",))
void = none

_NAMES = {name: value for name, value in globals().items() if isinstance(value, Type)}
_NAMES.update({"UniTuple": UniTuple, "Tuple": Tuple, "Array": Array, "b1": boolean,
               "ListType": ListType, "DictType": DictType,
               "f8": float64, "f4": float32, "i8": int64, "i4": int32, "u1": uint8,
               "i2": int16, "i1": int8, "u8": uint64, "u4": uint32, "u2": uint16})


def _evaluate(node, text):
    """Evaluate the tiny type-expression language: names, `T[...]`, calls, tuples, ints."""
    if isinstance(node, ast.Name) and node.id in _NAMES:
        return _NAMES[node.id]
    if isinstance(node, ast.Constant) and isinstance(node.value, (int, str)):
        return node.value
    if isinstance(node, ast.Slice):
        parts = [None if p is None else _evaluate(p, text) for p in (node.lower, node.upper, node.step)]
        return slice(*parts)
    if isinstance(node, ast.Tuple):
        return tuple(_evaluate(e, text) for e in node.elts)
    if isinstance(node, ast.Subscript):
        return _evaluate(node.value, text)[_evaluate(node.slice, text)]
    if isinstance(node, ast.Call) and not node.keywords:
        return _evaluate(node.func, text)(*[_evaluate(a, text) for a in node.args])
    raise TypeError(f"oxjit cannot read the type signature {text!r} "
                    f"(at `{ast.unparse(node)}`; known names: {', '.join(sorted(_NAMES))})")


def parse_signature(sig):
    """A signature (string, :class:`Signature`, or tuple of argument types) as
    ``(return type or None, [argument types])``."""
    if isinstance(sig, str):
        try:
            tree = ast.parse(sig.strip(), mode="eval").body
        except SyntaxError:
            raise TypeError(f"oxjit cannot read the type signature {sig!r}") from None
        sig = _evaluate(tree, sig)
    if isinstance(sig, Signature):
        return (None if sig.ret is none else sig.ret), list(sig.args)
    if isinstance(sig, Type):
        return None, [sig]
    if isinstance(sig, tuple) and all(isinstance(t, Type) for t in sig):
        return None, list(sig)
    raise TypeError(f"oxjit cannot use {sig!r} as a signature: write e.g. \"float64(float64[:])\"")

"""Typed containers with Numba's API: ``from oxjit.typed import List, Dict``.

A ``List`` or ``Dict`` holds a runtime list or hash table (the representation compiled code
uses) and passes it to jitted functions **without copying**: the compiled function works on
the same object, so its changes are visible at once and the call costs O(1) whatever the
length. Python-side methods box and unbox one element at a time. See docs/containers.md.

The element-level work is in the Rust classes ``_TypedList`` / ``_TypedDict``
(crates/oxjit_python/src/typed.rs, typed_dict.rs); this module adds what is naturally Python.
"""
from collections.abc import ItemsView, KeysView, Mapping, MutableMapping, MutableSequence
from collections.abc import ValuesView

import numpy

from . import types as _types
from ._oxjit import _TypedDict, _TypedList

__all__ = ["List", "Dict"]

_PY_TYPES = {int: _types.int64, float: _types.float64, bool: _types.boolean,
             str: _types.unicode_type, numpy.int64: _types.int64,
             numpy.float64: _types.float64, numpy.float32: _types.float32,
             numpy.bool_: _types.boolean}


def _spec(t, what):
    """The spec of a type given to ``empty_list``/``empty``: an ``oxjit.types`` type, or
    ``int``/``float``/``bool``/``str`` and the matching NumPy scalar types."""
    if isinstance(t, _types.Type):
        return t.spec
    if isinstance(t, type) and t in _PY_TYPES:
        return _PY_TYPES[t].spec
    from .errors import TypingError  # noqa: PLC0415

    raise TypingError(f"{what} must be an oxjit type (e.g. oxjit.types.int64), got {t!r}")


def _text(x):
    """An element as Numba's ``repr`` of a typed container writes it (strings unquoted)."""
    if isinstance(x, str):
        return x
    if isinstance(x, (List, Dict)):
        return x._items_text()
    if isinstance(x, tuple):
        inner = ", ".join(_text(i) for i in x)
        return f"({inner},)" if len(x) == 1 else f"({inner})"
    return repr(x)


def _plain(x):
    """A typed List (recursively) as a Python list, for comparisons."""
    if isinstance(x, List):
        return [_plain(i) for i in x]
    return x


def _index(i):
    return i.__index__() if hasattr(i, "__index__") else i


def _rebuild_list(spec, items):
    """Unpickle a ``List``: its element type (an ``oxjit.types`` spec, or ``None`` while
    untyped), then its elements."""
    lst = List()
    if spec is not None:
        lst._set_type(spec)
    lst.extend(items)
    return lst


def _rebuild_dict(spec, items):
    """Unpickle a ``Dict``: its key and value types (a ``("dict", key, value)`` spec, or
    ``None`` while untyped), then its entries in order."""
    d = Dict()
    if spec is not None:
        d._set_types(spec[1], spec[2])
    for k, v in items:
        d[k] = v
    return d


class List(_TypedList):
    """``numba.typed.List``: a homogeneous list stored as oxjit's runtime list.

    ``List()`` is typed by its first element; ``List(iterable)`` takes the elements of
    ``iterable``; ``List.empty_list(item_type)`` is an empty list of that element type.
    """

    __slots__ = ()

    def __init__(self, iterable=None, allocated=None):  # noqa: ARG002 (Numba's signature)
        if iterable is not None:
            self.extend(iterable)

    @classmethod
    def empty_list(cls, item_type, allocated=None):  # noqa: ARG003 (Numba's signature)
        """An empty list of ``item_type`` (``oxjit.types.int64``, ``types.unicode_type``…)."""
        lst = cls()
        lst._set_type(_spec(item_type, "item_type"))
        return lst

    @property
    def _dtype(self):
        return self._elem_name()

    def __reduce__(self):
        # Pickles (and copies) carry the element type, so an empty typed list keeps it.
        return (_rebuild_list, (self._spec(), list(self)))

    def __getitem__(self, i):
        if isinstance(i, slice):
            start, stop, step = (0 if v is None else _index(v) for v in (i.start, i.stop, i.step))
            has = (i.start is not None) | (i.stop is not None) << 1 | (i.step is not None) << 2
            return self._slice(start, stop, step, has)
        return self._get(_index(i))

    def __setitem__(self, i, value):
        if isinstance(i, slice):
            items = list(self)
            items[i] = value
            self._replace(items)
            return
        self._set(_index(i), value)

    def __delitem__(self, i):
        if isinstance(i, slice):
            items = list(self)
            del items[i]
            self._replace(items)
            return
        self._del(_index(i))

    def _replace(self, items):
        """Replace the contents with ``items`` (slice assignment and deletion)."""
        typed = List()
        if self._elem_name() is not None:
            typed._extend_same(self[:0])
        typed.extend(items)  # converts and checks every item before anything changes
        self.clear()
        self._extend_same(typed)

    def __iter__(self):
        i = 0
        while i < len(self):
            yield self._get(i)
            i += 1

    def __reversed__(self):
        i = len(self) - 1
        while i >= 0:
            if i < len(self):
                yield self._get(i)
            i -= 1

    def extend(self, iterable):
        if isinstance(iterable, List) and self._extend_same(iterable):
            return
        for x in list(iterable):
            self.append(x)

    def __iadd__(self, other):
        self.extend(other)
        return self

    def __add__(self, other):
        out = self.copy()
        out.extend(other)
        return out

    def index(self, value, start=0, stop=None):
        i = self._find(value, _index(start), (2**63 - 1) if stop is None else _index(stop))
        if i < 0:
            raise ValueError(f"{value!r} is not in list")
        return i

    def remove(self, value):
        i = self._find(value, 0, 2**63 - 1)
        if i < 0:
            raise ValueError("list.remove(x): x not in list")
        self._del(i)

    def sort(self, *, key=None, reverse=False):
        if key is None and self._sort(bool(reverse)):
            return
        items = list(self)
        items.sort(key=_plain if key is None else key, reverse=reverse)
        for i, x in enumerate(items):
            self._set(i, x)

    def __eq__(self, other):
        if isinstance(other, List):
            same = self._eq(other)
            return same if same is not None else _plain(self) == _plain(other)
        if isinstance(other, list):
            return _plain(self) == other
        return NotImplemented

    def __ne__(self, other):
        eq = self.__eq__(other)
        return eq if eq is NotImplemented else not eq

    def __lt__(self, other):
        return _plain(self) < _plain(other)

    def __le__(self, other):
        return _plain(self) <= _plain(other)

    def __gt__(self, other):
        return _plain(self) > _plain(other)

    def __ge__(self, other):
        return _plain(self) >= _plain(other)

    __hash__ = None

    def _items_text(self):
        return "[" + ", ".join(_text(x) for x in self) + "]"

    def __str__(self):
        return self._items_text()

    def __repr__(self):
        return f"ListType[{self._elem_name() or 'Undefined'}]({self._items_text()})"


class _Keys(KeysView):
    __slots__ = ()

    def __iter__(self):
        return self._mapping._iter_at(self._mapping._key_at)


class _Values(ValuesView):
    __slots__ = ()

    def __iter__(self):
        return self._mapping._iter_at(self._mapping._value_at)


class _Items(ItemsView):
    __slots__ = ()

    def __iter__(self):
        return self._mapping._iter_at(self._mapping._item_at)


class Dict(_TypedDict):
    """``numba.typed.Dict``: a dict stored as oxjit's runtime hash table (insertion order).

    ``Dict.empty(key_type, value_type)`` makes an empty dict of those types; ``Dict()`` is
    typed by its first ``d[k] = v``.
    """

    __slots__ = ()

    def __init__(self, *args, **kwargs):
        if args or kwargs:
            self.update(*args, **kwargs)

    @classmethod
    def empty(cls, key_type, value_type, n_keys=0):  # noqa: ARG003 (Numba's signature)
        """An empty dict with keys of ``key_type`` and values of ``value_type``."""
        d = cls()
        d._set_types(_spec(key_type, "key_type"), _spec(value_type, "value_type"))
        return d

    def __reduce__(self):
        return (_rebuild_dict, (self._spec(), list(self.items())))

    def _iter_at(self, at):
        n = len(self)
        for i in range(n):
            if len(self) != n:
                raise RuntimeError("dictionary changed size during iteration")
            yield at(i)
        if len(self) != n:
            raise RuntimeError("dictionary changed size during iteration")

    def __iter__(self):
        return self._iter_at(self._key_at)

    def keys(self):
        return _Keys(self)

    def values(self):
        return _Values(self)

    def items(self):
        return _Items(self)

    def update(self, other=(), /, **kwargs):
        if isinstance(other, Dict) and not kwargs and self._update_same(other):
            return
        if isinstance(other, Mapping):
            pairs = [(k, other[k]) for k in other.keys()]
        elif hasattr(other, "keys"):
            pairs = [(k, other[k]) for k in other.keys()]
        else:
            pairs = list(other)
        for k, v in pairs:
            self[k] = v
        for k, v in kwargs.items():
            self[k] = v

    def __eq__(self, other):
        if isinstance(other, Dict):
            same = self._eq(other)
            if same is not None:
                return same
        if isinstance(other, Mapping):
            return dict(self.items()) == dict(other.items())
        return NotImplemented

    def __ne__(self, other):
        eq = self.__eq__(other)
        return eq if eq is NotImplemented else not eq

    __hash__ = None

    def _items_text(self):
        return "{" + ", ".join(f"{_text(k)}: {_text(v)}" for k, v in self.items()) + "}"

    def __str__(self):
        return self._items_text()

    def __repr__(self):
        name = self._type_name() or "DictType[undefined,undefined]<iv=None>"
        return f"{name}({self._items_text()})"


MutableSequence.register(List)
MutableMapping.register(Dict)

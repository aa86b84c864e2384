"""`jitclass` (oxjit.experimental): differential tests against the same classes in CPython.

`sources/jitclass_models.py` is executed twice: with oxjit's `jitclass`/`njit` (compiled) and
with identity decorators (plain CPython). Values, types, exceptions and the instances after
the calls are compared."""
import math
import pathlib
import types

import numpy as np
import pytest

import oxjit
from oxjit import _oxjit
from oxjit import types as ot
from oxjit.experimental import jitclass

MODELS = pathlib.Path(__file__).parent / "sources" / "jitclass_models.py"


def _plain_jitclass(cls_or_spec=None, spec=None):
    def mark(cls):
        cls.class_type = types.SimpleNamespace(instance_type=None)
        return cls
    return mark(cls_or_spec) if isinstance(cls_or_spec, type) else mark


class _PlainDeferred:
    def define(self, t):
        pass


def _load(compiled):
    ns = {"__name__": f"jitclass_models_{'jit' if compiled else 'py'}", "math": math, "np": np}
    ns.update({n: getattr(ot, n) for n in ("float64", "int64", "boolean")})
    if compiled:
        ns.update(jitclass=jitclass, njit=oxjit.njit, deferred_type=ot.deferred_type,
                  optional=ot.optional)
    else:
        ns.update(jitclass=_plain_jitclass, njit=lambda f: f, deferred_type=_PlainDeferred,
                  optional=lambda t: None)
    exec(compile(MODELS.read_text(), str(MODELS), "exec"), ns)  # noqa: S102
    return types.SimpleNamespace(**ns)


J = _load(True)
P = _load(False)


def same(a, b):
    """Equal values of the same kind (instances compared field by field)."""
    if isinstance(b, (np.integer, np.bool_, np.floating)):
        b = b.item()  # NumPy scalars from CPython are compared by kind, as in diff.py
    if isinstance(b, float):
        assert type(a) is float and (a == b or (math.isnan(a) and math.isnan(b))), (a, b)
    elif isinstance(b, (bool, int, type(None), str)):
        assert type(a) is type(b) and a == b, (a, b)
    elif isinstance(b, (list, tuple)):
        assert type(a) is type(b) and len(a) == len(b), (a, b)
        for x, y in zip(a, b):
            same(x, y)
    elif isinstance(b, np.ndarray):
        assert isinstance(a, np.ndarray) and a.dtype == b.dtype
        np.testing.assert_array_equal(a, b)
    else:
        assert type(a).__name__ == type(b).__name__, (a, b)
        for name in getattr(type(a), "_fields_", ()) or _field_names(a):
            same(getattr(a, name), getattr(b, name))


def _field_names(obj):
    return [n for n, _ in oxjit.experimental._CLASSES[type(obj)._oxjit_class_id].fields]


# --- step 1: fields, methods, properties, construction on both sides ---

def test_construct_read_write_from_python():
    for args in [(3.0, 4.0), (1.5,), (-2.0, 0.5)]:
        j, p = J.Point(*args), P.Point(*args)
        same(j, p)
        same(j.norm(), p.norm())
        same(j.scaled_norm(), p.scaled_norm())
        same(j.scaled_norm(k=0.5), p.scaled_norm(k=0.5))
        same(j.clamped(1.0), p.clamped(1.0))
        j.x, p.x = 7.0, 7.0
        j.y = 2  # an int into a float64 field converts, as in Numba
        p.y = 2.0
        same(j, p)
        same(j.first, p.first)
        j.first = 11.0
        p.first = 11.0
        same(j, p)
    assert isinstance(J.Point(1.0), J.Point)
    assert J.Point(1.0, y=5.0).y == 5.0


def test_methods_returning_instances_and_calling_each_other():
    j, p = J.Point(1.0, 2.0), P.Point(1.0, 2.0)
    q, pq = j.plus(J.Point(0.5, 0.5)), p.plus(P.Point(0.5, 0.5))
    same(q, pq)
    assert q is not j
    # A method returning its receiver gives back the very object.
    assert j.shift(1.0, -1.0) is j
    p.shift(1.0, -1.0)
    same(j, p)
    same(j.dot(q), p.dot(pq))


def test_annotations_and_int_bool_fields():
    j, p = J.Counter(), P.Counter()
    for v in [1.5, 4.0, 6.0]:
        same(j.add(v), p.add(v))
        same(j, p)
    same(J.count_events(np.array([3.0, 9.0])), P.count_events(np.array([3.0, 9.0])))


def test_compiled_construction_and_passing():
    j, p = J.make_point(1.0, 2.0), P.make_point(1.0, 2.0)
    same(j, p)
    same(J.point_sum(j), P.point_sum(p))
    # Passed in, changed, returned: the same object, changed in place.
    assert J.move(j, 2.5) is j
    P.move(p, 2.5)
    same(j, p)
    assert j.x == 3.5


def test_instance_shared_between_python_objects():
    head = J.build_linked(3)
    second = head.next
    second.value = 40
    assert head.next.value == 40
    assert head.next._meminfo == second._meminfo


# --- step 2: lists of instances, arrays as fields ---

def test_lists_of_instances():
    total_j, n_j, pts_j = J.norms_of_points(5)
    total_p, n_p, pts_p = P.norms_of_points(5)
    same((total_j, n_j), (total_p, n_p))
    same(pts_j, pts_p)
    assert all(isinstance(q, J.Point) for q in pts_j)
    pts_j[0].x = 100.0
    pts_p[0].x = 100.0
    same(J.sum_x(pts_j), P.sum_x(pts_p))


def test_array_field_shared_with_python():
    b = J.fresh_buffer(4, 2.0)
    pb = P.fresh_buffer(4, 2.0)
    same(b.data, pb.data)
    same(b.total(), pb.total())
    view = b.data
    view[0] = 100.0  # the field's memory, seen by compiled code
    assert J.buffer_total(b) == 100.0 + 2.0 + 4.0 + 6.0
    b.fill(1.0)
    np.testing.assert_array_equal(view, [0.0, 1.0, 2.0, 3.0])


def test_array_from_python_stored_in_field():
    a = np.arange(5.0)
    b = J.Buffer(2)
    b.replace(a)
    a[1] = 50.0  # the field holds the caller's array, not a copy
    assert b.total() == 0.0 + 50.0 + 2.0 + 3.0 + 4.0
    b.data = np.ones(3)  # from Python: the setter adopts this array too
    assert b.total() == 3.0
    del a
    assert J.Buffer(3).total() == 0.0


# --- step 3: optional fields, linked lists, trees ---

def test_linked_list():
    for n in [0, 1, 7]:
        same(J.linked_to_list(n), P.linked_to_list(n))
        hj, hp = J.build_linked(n), P.build_linked(n)
        assert (hj is None) == (hp is None)
        if n:  # (`None` itself is typed `none`: `cur.value` would not type)
            same(J.linked_sum(hj), P.linked_sum(hp))
    node = J.Node(5)
    assert node.next is None
    node.next = J.Node(6)
    assert J.linked_sum(node) == 11
    assert J.second_value(node) == 6
    node.next = None
    with pytest.raises(AttributeError, match="'NoneType' object has no attribute 'value'"):
        J.second_value(node)
    with pytest.raises(AttributeError, match="'NoneType' object has no attribute 'value'"):
        P.second_value(P.Node(5))


def test_binary_search_tree():
    rng = np.random.default_rng(7)
    for size in [1, 2, 30, 200]:
        keys = rng.integers(0, 1000, size=size)
        probes = rng.integers(0, 1000, size=20)
        same(J.tree_sorted(keys, probes), P.tree_sorted(keys, probes))


def test_tree_from_python():
    jt, pt = J.Tree(10), P.Tree(10)
    for k in [5, 15, 3, 7, 12]:
        jt.insert(k)
        pt.insert(k)
    same(jt.height(), pt.height())
    same(jt.contains(7), pt.contains(7))
    same(jt.left.right.key, pt.left.right.key)
    assert jt.right.right is None


# --- numba comparison ---

def test_same_source_under_numba():
    numba_experimental = pytest.importorskip("numba.experimental")
    import numba  # noqa: PLC0415

    def make(decorate, t):
        @decorate([("x", t.float64), ("n", t.int64)])
        class Acc:
            def __init__(self, x):
                self.x = x
                self.n = 0

            def add(self, v):
                self.x += v
                self.n += 1
                return self.x / self.n
        return Acc

    na = make(numba_experimental.jitclass, numba.types)(1.0)
    oa = make(jitclass, ot)(1.0)
    for v in [2.0, 3.5, -1.0]:
        assert na.add(v) == oa.add(v)
    assert (na.x, na.n) == (oa.x, oa.n)

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


# --- step 4: errors ---

def read_z(p):
    return p.z


def store_text(p):
    p.x = "text"


def test_unknown_attribute_and_wrong_field_type_are_typing_errors():
    with pytest.raises(oxjit.TypingError, match=r"jitclass `Point` has no attribute `z`") as e:
        oxjit.njit(read_z)(J.Point(1.0))
    assert "test_jitclass.py:" in str(e.value) and "hint: fields: x, y" in str(e.value)
    with pytest.raises(oxjit.TypingError,
                       match=r"cannot assign `str` to field `x` of jitclass `Point`, "
                             r"declared `float64`"):
        oxjit.njit(store_text)(J.Point(1.0))
    p = J.Point(1.0)
    with pytest.raises(oxjit.TypingError, match=r"cannot assign `str` to field `x`"):
        p.x = "text"
    # No new attributes (as in Numba; a plain CPython class would take them).
    with pytest.raises(AttributeError):
        p.z = 1.0
    with pytest.raises(AttributeError):
        p.z  # noqa: B018


def _decorate_error(make):
    with pytest.raises(oxjit.UnsupportedError) as e:
        make()
    text = str(e.value)
    assert "test_jitclass.py:" in text, text
    return text


def test_unsupported_class_features_are_refused_with_locations():
    def field_type():
        @jitclass([("name", str)])
        class A:
            def __init__(self):
                pass

    def inheritance():
        class Base:
            pass

        @jitclass([("x", ot.float64)])
        class B(Base):
            pass

    def class_attribute():
        @jitclass([("x", ot.float64)])
        class C:
            scale = 2.0

    def dunder():
        @jitclass([("x", ot.float64)])
        class D:
            def __eq__(self, other):
                return True

    def static():
        @jitclass([("x", ot.float64)])
        class E:
            @staticmethod
            def make():
                return 1

    assert "field `name` of jitclass `A` has an unsupported type" in _decorate_error(field_type)
    assert "inheritance is not supported" in _decorate_error(inheritance)
    assert "class attribute `scale`" in _decorate_error(class_attribute)
    assert "special method `__eq__`" in _decorate_error(dunder)
    assert "staticmethod `make`" in _decorate_error(static)


def test_init_returning_a_value_is_a_typing_error():
    @jitclass([("x", ot.float64)])
    class R:
        def __init__(self, x):
            self.x = x
            return 1

    with pytest.raises(oxjit.TypingError, match=r"__init__\(\) should return None"):
        R(1.0)


def test_wrong_constructor_arguments():
    with pytest.raises(TypeError):
        J.Point()
    with pytest.raises(TypeError):
        P.Point()


# --- step 5: memory ---

def test_no_leaks():
    J.churn(10)
    J.Buffer(2).replace(np.zeros(2))
    before = _oxjit.live_allocations()
    J.churn(100_000)
    for _ in range(2_000):
        p = J.Point(1.0, 2.0)
        p.x = p.norm()
        head = J.build_linked(5)
        head.next.next = J.Node(9)
        J.tree_sorted(np.arange(10), np.arange(3))
        J.norms_of_points(3)
    del p, head
    assert _oxjit.live_allocations() == before


def test_adopted_array_released_with_its_instance():
    import sys  # noqa: PLC0415

    a = np.arange(4.0)
    count = sys.getrefcount(a)
    before = _oxjit.live_allocations()
    b = J.Buffer(1)
    b.replace(a)
    assert sys.getrefcount(a) == count + 1
    view = b.data
    del b
    assert sys.getrefcount(a) == count + 1  # the view keeps the field's memory alive
    del view
    assert sys.getrefcount(a) == count
    assert _oxjit.live_allocations() == before


def test_errors_release_instances():
    before = _oxjit.live_allocations()
    for _ in range(100):
        with pytest.raises(AttributeError):
            J.second_value(J.Node(1))
    assert _oxjit.live_allocations() == before


def test_instances_in_fields_tuples_and_membership():
    jo, po = J.Point(1.0, 1.0), P.Point(1.0, 1.0)
    jc, pc = J.Circle(jo, 2.0), P.Circle(po, 2.0)
    same(jc.area(), pc.area())
    same(jc.move(3.0), pc.move(3.0))
    same(jo, po)  # the circle's origin is the caller's point
    assert jc.origin._meminfo == jo._meminfo
    same(J.membership(3), P.membership(3))


def test_sorting_instances_is_refused():
    with pytest.raises(oxjit.TypingError, match="jitclass instances have no order"):
        J.sort_points([J.Point(1.0), J.Point(2.0)])
    with pytest.raises(TypeError):
        P.sort_points([P.Point(1.0), P.Point(2.0)])


def test_annotations_naming_the_class_itself():
    for n in [0, 1, 6]:
        same(J.annotated_chain(n), P.annotated_chain(n))
    keys = np.random.default_rng(3).integers(0, 100, size=40)
    same(J.annotated_tree(keys), P.annotated_tree(keys))
    node = J.AnnNode(4, J.AnnNode(3, None))
    assert node.weight == 2.0 and node.next.weight is None and node.next.next is None

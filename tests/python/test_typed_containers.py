"""``oxjit.typed.List`` / ``Dict`` (Numba's typed containers), differential against Python
lists and dicts.

The same sequence of operations is applied to a Python list (or dict) by CPython, to a typed
container from Python (its methods), and to another typed container by compiled code (the
container passed without copying); results, result types, exception classes and messages,
and the contents are compared after each step. Also: no copy on the call, identity of a
returned argument, typed containers made inside compiled code, type names, errors, memory.
"""
import gc
import threading

import pytest
from hypothesis import given, settings, strategies as st

import oxjit
from oxjit import _oxjit, njit, types
from oxjit.errors import TypingError, UnsupportedError
from oxjit.typed import Dict, List


def run(f, *args):
    """``("ok", value, type)`` or ``("raise", class, message)``."""
    try:
        v = f(*args)
    except Exception as e:  # noqa: BLE001 - compared
        return ("raise", type(e), str(e))
    return ("ok", v, type(v))


# --- lists: one operation per code, for CPython, Python-side methods and compiled code ---

def list_op(lst, op, a, b):
    if op == 0:
        lst.append(a)
        return 0
    elif op == 1:
        lst.insert(a, b)
        return 0
    elif op == 2:
        return lst.pop()
    elif op == 3:
        return lst.pop(a)
    elif op == 4:
        lst.remove(a)
        return 0
    elif op == 5:
        return lst.index(a)
    elif op == 6:
        return lst.count(a)
    elif op == 7:
        lst.sort()
        return 0
    elif op == 8:
        lst.sort(reverse=True)
        return 0
    elif op == 9:
        lst.reverse()
        return 0
    elif op == 10:
        lst.clear()
        return 0
    elif op == 11:
        lst[a] = b
        return 0
    elif op == 12:
        del lst[a]
        return 0
    elif op == 13:
        return lst[a]
    elif op == 14:
        return 1 if a in lst else 0
    elif op == 15:
        return len(lst)
    elif op == 16:
        lst.extend(lst[a:b])
        return 0
    elif op == 17:
        c = lst.copy()
        c.append(b)
        return len(c) * 100 + c[-1]
    elif op == 18:
        return lst.index(a, 1, b)
    return -1


jit_list_op = njit(list_op)

ops = st.lists(st.tuples(st.integers(0, 18), st.integers(-5, 5), st.integers(-5, 5)),
               max_size=40)


@settings(max_examples=60, deadline=None)
@given(ops, st.lists(st.integers(-4, 4), min_size=1, max_size=6))
def test_list_operations_match_python(steps, start):
    ref = list(start)
    from_python = List(start)
    compiled = List(start)
    for op, a, b in steps:
        want = run(list_op, ref, op, a, b)
        assert run(list_op, from_python, op, a, b) == want, (op, a, b)
        assert run(jit_list_op, compiled, op, a, b) == want, (op, a, b)
        assert list(from_python) == ref
        assert list(compiled) == ref
        assert len(compiled) == len(ref)
        assert from_python == compiled


@settings(max_examples=40, deadline=None)
@given(st.lists(st.floats(allow_nan=False, width=64), max_size=8),
       st.lists(st.integers(-3, 3), max_size=10))
def test_list_reads_and_slices(items, idx):
    ref = list(items)
    lst = List.empty_list(types.float64)
    lst.extend(items)
    for i in idx:
        assert run(lambda x: x[i], lst) == run(lambda x: x[i], ref)
        for s in (slice(i, None), slice(None, i), slice(None, None, i or 1), slice(i, -1, -1),
                  slice(None, None, -1)):
            got = lst[s]
            assert isinstance(got, List) and list(got) == ref[s]
    assert run(lambda x: x[::0], lst) == run(lambda x: x[::0], ref)
    assert list(iter(lst)) == ref and list(reversed(lst)) == ref[::-1]
    assert lst == ref and (lst != ref) is False


def test_list_slice_assignment_and_deletion():
    ref = [5, 1, 4, 2, 3]
    lst = List(ref)
    for target in (slice(1, 3), slice(None, None, 2), slice(4, 0, -1)):
        ref2, lst2 = list(ref), List(ref)
        del ref2[target]
        del lst2[target]
        assert list(lst2) == ref2
    ref[1:3] = [9, 9, 9]
    lst[1:3] = [9, 9, 9]
    assert list(lst) == ref
    with pytest.raises(TypingError):
        lst[0:1] = [1.5]
    assert list(lst) == ref  # nothing changed by the failed assignment


def test_list_of_strings_and_tuples():
    words = ["pear", "apple", "fig", "apple"]
    lst = List(words)
    assert repr(lst) == "ListType[unicode_type]([pear, apple, fig, apple])"
    assert str(lst) == "[pear, apple, fig, apple]"

    @njit
    def work(lst):
        lst.append("kiwi")
        lst.sort()
        return lst.index("fig"), lst.count("apple"), "pear" in lst

    ref = list(words)
    ref.append("kiwi")
    ref.sort()
    assert work(lst) == (ref.index("fig"), ref.count("apple"), True)
    assert list(lst) == ref
    pairs = List([(2, 1.5), (1, 2.5)])
    assert repr(pairs) == "ListType[Tuple(int64, float64)]([(2, 1.5), (1, 2.5)])"
    pairs.sort()
    assert list(pairs) == [(1, 2.5), (2, 1.5)]
    assert repr(List([(1, 2)])) == "ListType[UniTuple(int64 x 2)]([(1, 2)])"


def test_sort_with_key_and_lists_of_lists():
    lst = List([3, -1, 2])
    lst.sort(key=abs, reverse=True)
    assert list(lst) == sorted([3, -1, 2], key=abs, reverse=True)
    rows = List([List([2, 1]), List([1, 5]), List([1])])
    rows.sort()
    assert [list(r) for r in rows] == [[1], [1, 5], [2, 1]]


# --- passing to compiled code: no copy, identity, nesting ---

@njit
def bump(lst, i):
    lst[i] += 1


def test_no_copy_for_a_million_elements():
    lst = List(range(10**6))
    bump(lst, 123456)  # compiles
    bump(lst, 123456)
    assert lst[123456] == 123458
    assert len(lst) == 10**6
    # A Python list argument is copied and reflected back: the typed List is not.
    ref = list(range(5))
    bump(ref, 2)
    assert ref == [0, 1, 3, 3, 4]


@njit
def same(x):
    x.append(x[0])
    return x


def test_returned_argument_is_the_same_object():
    lst = List([1, 2])
    assert same(lst) is lst
    assert list(lst) == [1, 2, 1]


@njit
def keep(outer, inner):
    outer.append(inner)
    inner.append(99)
    return outer[0]


def test_nested_lists_share_the_runtime_object():
    outer = List.empty_list(types.ListType(types.int64))
    inner = List([5])
    got = keep(outer, inner)
    assert isinstance(got, List) and list(got) == [5, 99]
    del inner
    gc.collect()
    outer[0].append(7)  # the list stored by compiled code stays alive
    assert [list(x) for x in outer] == [[5, 99, 7]]
    assert repr(outer) == "ListType[ListType[int64]]([[5, 99, 7]])"


def make_in_compiled(n):
    a = List()
    b = List.empty_list(types.float64)
    for i in range(n):
        a.append(i * i)
        b.append(i / 2)
    return a, b, [i for i in range(n)]


def test_lists_made_in_compiled_code_return_as_typed_lists():
    a, b, plain = njit(make_in_compiled)(4)
    ra, rb, rplain = make_in_compiled(4)  # CPython, with the Python-side typed Lists
    assert isinstance(a, List) and isinstance(b, List) and type(plain) is list
    assert list(a) == list(ra) and list(b) == list(rb) and plain == rplain
    assert repr(b) == "ListType[float64]([0.0, 0.5, 1.0, 1.5])"


# --- dicts ---

def dict_op(d, op, k, v):
    if op == 0:
        d[k] = v
        return 0.0
    elif op == 1:
        return d[k]
    elif op == 2:
        del d[k]
        return 0.0
    elif op == 3:
        return 1.0 if k in d else 0.0
    elif op == 4:
        return d.get(k, -1.0)
    elif op == 5:
        return d.setdefault(k, v)
    elif op == 6:
        return d.pop(k)
    elif op == 7:
        return d.pop(k, -2.0)
    elif op == 8:
        kv = d.popitem()
        return kv[0] * 1000.0 + kv[1]
    elif op == 9:
        d.clear()
        return 0.0
    elif op == 10:
        return float(len(d))
    elif op == 11:
        s = 0.0
        for key in d:
            s = s * 3.0 + key
        return s
    elif op == 12:
        s = 0.0
        for key, val in d.items():
            s = s * 3.0 + key * val
        return s
    elif op == 13:
        e = d.copy()
        e[k] = v
        d.update(e)
        return float(len(e))
    elif op == 14:
        s = 0.0
        for val in d.values():
            s = s * 2.0 + val
        return s
    return -1.0


jit_dict_op = njit(dict_op)

dict_ops = st.lists(st.tuples(st.integers(0, 14), st.integers(-4, 4),
                              st.sampled_from([0.5, -1.25, 3.0, 8.0])), max_size=40)


@settings(max_examples=60, deadline=None)
@given(dict_ops)
def test_dict_operations_match_python(steps):
    ref = {}
    from_python = Dict.empty(types.int64, types.float64)
    compiled = Dict.empty(key_type=types.int64, value_type=types.float64)
    for op, k, v in steps:
        want = run(dict_op, ref, op, k, v)
        assert run(dict_op, from_python, op, k, v) == want, (op, k, v)
        assert run(jit_dict_op, compiled, op, k, v) == want, (op, k, v)
        assert list(from_python.items()) == list(ref.items())
        assert list(compiled.items()) == list(ref.items())
        assert from_python == compiled and compiled == ref


def test_dict_python_api():
    d = Dict.empty(key_type=types.unicode_type, value_type=types.float64)
    d["a"] = 1.5
    d["b"] = 2  # int → float, as Numba
    assert repr(d) == "DictType[unicode_type,float64]<iv=None>({a: 1.5, b: 2.0})"
    assert str(d) == "{a: 1.5, b: 2.0}"
    assert list(d) == ["a", "b"] and list(d.values()) == [1.5, 2.0]
    assert "a" in d.keys() and ("b", 2.0) in d.items() and 2.0 in d.values()
    assert d.get("zz") is None and d.get("zz", 0.5) == 0.5
    with pytest.raises(KeyError) as e:
        d["zz"]
    assert e.value.args == ("zz",)
    d.update({"c": 3.0}, e=5.0)
    assert dict(d) == {"a": 1.5, "b": 2.0, "c": 3.0, "e": 5.0}
    c = d.copy()
    c["a"] = 0.0
    assert d["a"] == 1.5 and isinstance(c, Dict)
    assert d.popitem() == ("e", 5.0)
    with pytest.raises(RuntimeError, match="changed size during iteration"):
        for k in d:
            d[k + "x"] = 1.0
    u = Dict()
    assert repr(u) == "DictType[undefined,undefined]<iv=None>({})" and len(u) == 0
    with pytest.raises(KeyError, match="dictionary is empty"):
        u.popitem()
    u[(1, 2)] = "x"
    assert repr(u) == "DictType[UniTuple(int64 x 2),unicode_type]<iv=None>({(1, 2): x})"


@njit
def count_words(words, counts):
    for w in words:
        counts[w] = counts.get(w, 0) + 1
    return counts


def test_dict_passed_and_returned_without_copy():
    counts = Dict.empty(types.unicode_type, types.int64)
    words = List(["a", "b", "a", "c", "a"])
    assert count_words(words, counts) is counts
    assert dict(counts) == {"a": 3, "b": 1, "c": 1}


Floats = types.ListType(types.float64)


def dict_of_lists(n):
    d = Dict.empty(key_type=types.int64, value_type=Floats)
    for i in range(n):
        row = List.empty_list(types.float64)
        for j in range(i):
            row.append(j * 0.5)
        d[i] = row
    d[0].append(-1.0)
    return d


def test_dict_of_lists_made_in_compiled_code():
    got = njit(dict_of_lists)(4)
    want = dict_of_lists(4)
    assert isinstance(got, Dict) and isinstance(got[1], List)
    assert {k: list(v) for k, v in got.items()} == {k: list(v) for k, v in want.items()}
    got[2].append(9.0)  # the boxed value shares the runtime list
    assert list(got[2]) == [0.0, 0.5, 9.0]


# --- type names ---

def test_type_names():
    assert repr(types.unicode_type) == "unicode_type" and types.string is types.unicode_type
    assert repr(types.ListType(types.int64)) == "ListType[int64]"
    assert repr(types.DictType(types.unicode_type, types.float64)) == \
        "DictType[unicode_type,float64]<iv=None>"
    assert repr(types.UniTuple(types.int64, 2)) == "UniTuple(int64 x 2)"
    assert repr(types.boolean) == "bool"
    d = Dict.empty(types.UniTuple(types.int64, 2), types.Tuple((types.int64, types.float64)))
    d[(1, 2)] = (3, 4.5)
    assert d[(1, 2)] == (3, 4.5)
    assert List.empty_list(float)._elem_name() == "float64"

    @njit("int64(ListType(int64))")
    def total(lst):
        s = 0
        for x in lst:
            s += x
        return s

    assert total(List([1, 2, 3])) == 6


def test_dict_empty_with_type_names_in_compiled_code():
    @njit
    def f():
        d = Dict.empty(key_type=types.unicode_type, value_type=types.float64)
        d["x"] = 1.0
        lst = List.empty_list(types.boolean)
        lst.append(True)
        return d, lst

    d, lst = f()
    assert dict(d) == {"x": 1.0} and list(lst) == [True]
    assert d._type_name() == "DictType[unicode_type,float64]<iv=None>"


# --- errors ---

def test_errors():
    with pytest.raises(TypingError, match="cannot hold `complex128`"):
        List([1j])
    with pytest.raises(TypingError, match="of `int64` cannot hold the value 1.5"):
        List([1]).append(1.5)
    with pytest.raises(TypingError, match="unicode_type"):
        List([1]).append("a")
    with pytest.raises(TypingError, match="of `bool` cannot hold the value 1"):
        List([True]).append(1)
    with pytest.raises(TypingError, match="cannot hold `float64\\[:\\]`"):
        Dict.empty(types.int64, types.float64[:])
    with pytest.raises(TypingError, match="Dict keys cannot hold"):
        Dict.empty(types.ListType(types.int64), types.int64)
    with pytest.raises(TypingError, match="item_type must be an oxjit type"):
        List.empty_list("int64")
    with pytest.raises(TypingError, match="untyped empty oxjit.typed.List"):
        bump(List(), 0)
    with pytest.raises(TypingError, match="untyped empty oxjit.typed.Dict"):
        jit_dict_op(Dict(), 10, 0, 0.0)
    with pytest.raises(OverflowError):
        List([1]).append(2**70)
    lst = List([1, 2])
    with pytest.raises(IndexError, match="list index out of range"):
        bump(lst, 5)
    assert list(lst) == [1, 2]

    @njit
    def bad():
        return List.empty_list(types.complex128)

    with pytest.raises(UnsupportedError, match="types.complex128"):
        bad()

    @njit
    def bad_args():
        return Dict.empty(types.int64)

    with pytest.raises(TypingError, match="missing a type argument"):
        bad_args()


# --- memory and threads ---

def test_no_leaks():
    gc.collect()
    before = _oxjit.live_allocations()
    for _ in range(50):
        lst = List(["x", "y"])
        lst.append("z")
        lst.insert(0, "w")
        lst.pop()
        lst.remove("x")
        lst[0] = "v"
        del lst[0]
        lst.extend(lst)
        _ = lst[:1], lst.copy(), "v" in lst
        jit_list_op(List([3, 1, 2]), 16, 0, 2)
        outer = List.empty_list(types.ListType(types.int64))
        keep(outer, List([1]))
        d = Dict.empty(types.unicode_type, Floats)
        d["a"] = List([1.0])
        d["a"] = List([2.0])
        d.setdefault("b", List([3.0]))
        d.pop("b")
        d.popitem()
        njit(dict_of_lists)(3)
        count_words(List(["a"]), Dict.empty(types.unicode_type, types.int64))
        with pytest.raises(IndexError):
            jit_list_op(List([1]), 3, 5, 0)
    del lst, outer, d, _
    gc.collect()
    assert _oxjit.live_allocations() == before


def test_nogil_threads_on_separate_lists():
    @njit(nogil=True)
    def fill(lst, n):
        for i in range(n):
            lst.append(i)

    lists = [List.empty_list(types.int64) for _ in range(4)]
    threads = [threading.Thread(target=fill, args=(lst, 10000)) for lst in lists]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert all(list(lst) == list(range(10000)) for lst in lists)


# --- the same code under Numba ---

def typed_program(List, Dict, types):  # noqa: N803 - the module's names
    def build(n):
        lst = List.empty_list(types.int64)
        d = Dict.empty(key_type=types.unicode_type, value_type=types.float64)
        for i in range(n):
            lst.append((i * 7) % 5)
        lst.sort()
        d["sum"] = 0.0
        for x in lst:
            d["sum"] += x
        d["len"] = float(len(lst))
        return lst, d

    def mutate(lst, d):
        lst[0] = 100
        lst.append(-1)
        d["extra"] = 2.5
        return len(lst)

    return build, mutate


def test_same_results_as_numba():
    numba = pytest.importorskip("numba")
    from numba import typed as ntyped
    from numba.core.errors import NumbaWarning
    import warnings

    results = []
    for jit, mod_list, mod_dict, mod_types in (
            (numba.njit, ntyped.List, ntyped.Dict, numba.types),
            (oxjit.njit, List, Dict, types)):
        # The names are closure variables of the functions, frozen by both compilers.
        build_src, mutate_src = typed_program(mod_list, mod_dict, mod_types)
        build, mutate = jit(build_src), jit(mutate_src)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", NumbaWarning)
            lst, d = build(12)
            n = mutate(lst, d)
        results.append((list(lst), dict(d), n, repr(lst), repr(d), type(lst).__name__))
    assert results[0] == results[1]

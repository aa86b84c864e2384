"""Structured (record) dtypes: differential tests against CPython + NumPy.

Each function runs undecorated on copies of the arguments and jitted on other copies; return
values and the argument arrays after the call (whole structured arrays, dtypes included) must
agree exactly."""
import copy

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import oxjit

FIELDS = [("x", np.float64), ("y", np.int32), ("flag", np.bool_), ("b", np.uint8),
          ("f", np.float32)]
PACKED = np.dtype(FIELDS)
ALIGNED = np.dtype(FIELDS, align=True)
# Offsets chosen by hand (gaps, and a field before an earlier one).
OFFSETS = np.dtype({"names": ["x", "y"], "formats": [np.float64, np.int16],
                    "offsets": [8, 2], "itemsize": 24})


def make(dtype, n=5, seed=0):
    rng = np.random.default_rng(seed)
    a = np.zeros(n, dtype)
    for name in dtype.names:
        kind = dtype.fields[name][0].kind
        if kind == "f":
            a[name] = rng.normal(size=n)
        elif kind == "b":
            a[name] = rng.integers(0, 2, size=n).astype(bool)
        else:
            a[name] = rng.integers(0, 100, size=n)
    return a


def same(x, y):
    if isinstance(x, np.ndarray):
        assert isinstance(y, np.ndarray)
        assert x.dtype == y.dtype
        np.testing.assert_array_equal(x, y)
    elif isinstance(x, tuple):
        assert isinstance(y, tuple) and len(x) == len(y)
        for p, q in zip(x, y):
            same(p, q)
    else:
        assert type(x) is type(y) or (isinstance(x, (int, float, bool, np.generic))
                                      and x == y), (x, y)
        assert x == y or (x != x and y != y), (x, y)


def as_rec(args):
    """CPython runs on `numpy.recarray` views (records with attribute access, as in Numba)."""
    return [a.view(np.recarray) if isinstance(a, np.ndarray) and a.dtype.names else a
            for a in args]


def check(f, *args):
    """Run `f` in CPython and jitted on copies of `args`; compare results and arguments."""
    py_args = copy.deepcopy(args)
    jit_args = copy.deepcopy(args)
    expected = f(*as_rec(py_args))
    if isinstance(expected, np.ndarray):
        expected = np.asarray(expected)
    got = oxjit.njit(f)(*jit_args)
    same(expected, got)
    for p, q in zip(py_args, jit_args):
        if isinstance(p, np.ndarray):
            same(p, q)
    return got


def jit_scalar_result(f, *args):
    """Like `check`, for results where NumPy gives a NumPy scalar and oxjit a Python one."""
    py_args = copy.deepcopy(args)
    jit_args = copy.deepcopy(args)
    expected = f(*as_rec(py_args))
    got = oxjit.njit(f)(*jit_args)
    assert expected == got or (expected != expected and got != got), (expected, got)
    for p, q in zip(py_args, jit_args):
        if isinstance(p, np.ndarray):
            same(p, q)
    return got


DTYPES = [PACKED, ALIGNED]


# --- field reads ----------------------------------------------------------------------------

@pytest.mark.parametrize("dt", DTYPES)
def test_attribute_and_subscript_reads(dt):
    def f(a, i):
        r = a[i]
        return r.x + a[i]["y"] + a[i].f + a[i].b + (1.0 if r.flag else 0.0)
    a = make(dt)
    for i in range(-5, 5):
        jit_scalar_result(f, a, i)


@pytest.mark.parametrize("dt", DTYPES)
def test_field_types(dt):
    def f(a):
        return a[0].x, a[0].y, a[0].flag, a[0].b, a[0].f
    a = make(dt)
    got = oxjit.njit(f)(a)
    exp = f(a.view(np.recarray))
    assert type(got[0]) is float and got[0] == exp[0]
    assert type(got[1]) is int and got[1] == exp[1]
    assert type(got[2]) is bool and got[2] == exp[2]
    assert got[3] == exp[3] and got[4] == exp[4]


def test_positional_field_index():
    def f(a, i):
        return a[i][0] * 2 + a[i][-1]
    jit_scalar_result(f, make(PACKED), 3)


def test_explicit_offsets():
    def f(a):
        s = 0.0
        for i in range(len(a)):
            a[i].y = i * 3
            s += a[i].x * a[i].y
        return s
    a = np.zeros(4, OFFSETS)
    a["x"] = [1.5, 2.5, -1.0, 4.0]
    jit_scalar_result(f, a)


# --- writes ---------------------------------------------------------------------------------

@pytest.mark.parametrize("dt", DTYPES)
def test_writes_reach_the_array(dt):
    def f(a):
        for i in range(len(a)):
            a[i].x = i * 1.5
            a[i]["y"] += 1
            a[i].flag = a[i].y > 50
            a[i]["b"] = i + 250
            a[i].f = a[i].x / 3
        return 0
    check(f, make(dt))


def test_record_variable_write_through():
    def f(a):
        r = a[2]
        r.x = 7.25
        r["y"] = -3
        r.y *= 2
        return a[2].x + r.y
    jit_scalar_result(f, make(PACKED))


def test_uint8_overflow_is_an_error():
    def f(a):
        a[0].b = 300
        return 0
    a = make(PACKED)
    with pytest.raises(OverflowError):
        f(a.copy().view(np.recarray))
    with pytest.raises(OverflowError):
        oxjit.njit(f)(a)


def test_read_only_array_raises():
    def f(a):
        a[0].x = 1.0
        return 0
    a = make(PACKED)
    a.flags.writeable = False
    with pytest.raises(ValueError, match="read-only"):
        oxjit.njit(f)(a)


# --- records passed between jitted functions ------------------------------------------------

def test_record_to_jitted_function():
    @oxjit.njit
    def bump(r, k):
        r.x += k
        r["y"] = r["y"] * 2
        return r.x

    def g(a):
        s = 0.0
        for i in range(len(a)):
            s += bump(a[i], i)
        return s

    a = make(ALIGNED)
    b = a.copy()
    # CPython: the same with the plain function.
    def bump_py(r, k):
        r.x += k
        r["y"] = r["y"] * 2
        return r.x
    s_py = 0.0
    for i in range(len(b)):
        s_py += bump_py(b.view(np.recarray)[i], i)
    assert oxjit.njit(g)(a) == s_py
    same(a, b)


def test_record_array_to_jitted_function():
    @oxjit.njit
    def total(a):
        return a["x"].sum()

    def g(a):
        return total(a) + total(a[1:])

    jit_scalar_result(g, make(PACKED))


def test_record_argument_from_python():
    def f(r):
        r.x = r.x + 1.0
        r.y += 2
        return r.x * r.y

    a = make(PACKED)
    b = a.copy()
    got = oxjit.njit(f)(a[1])
    exp = f(b.view(np.recarray)[1])
    assert got == exp
    same(a, b)


def test_standalone_void_argument():
    def f(r):
        return r.x + r.y
    v = np.void((2.5, 4, True, 3, 1.5), dtype=PACKED)
    assert oxjit.njit(f)(v) == f(np.rec.array(np.array([v]))[0])


# --- field views ----------------------------------------------------------------------------

@pytest.mark.parametrize("dt", DTYPES)
def test_field_view_operations(dt):
    def f(a):
        xs = a["x"]
        t = xs.sum() + a["y"].sum() + np.max(a["f"] * 2.0)
        ys = a["y"]
        ys[1] = 42
        a["f"][:] = 0.5
        a["x"][2:] = xs[2:] * 2.0 + 1.0
        return t + xs[0] + ys.max()
    jit_scalar_result(f, make(dt, 7))


def test_field_view_returned():
    def f(a):
        return a["y"]
    a = make(ALIGNED)
    got = oxjit.njit(f)(a)
    np.testing.assert_array_equal(got, a["y"])
    got[0] = 99
    assert a[0]["y"] == 99


def test_field_view_elementwise():
    def f(a):
        return np.sqrt(a["x"] ** 2 + 1.0) + a["b"]
    check(f, make(ALIGNED))


# --- shapes, iteration, slices, 2-D ---------------------------------------------------------

def test_shape_len_iteration():
    def f(a):
        s = 0.0
        for r in a:
            s += r.x
            r.y = 5
        return s + len(a) + a.shape[0] + a.size + a.ndim
    jit_scalar_result(f, make(PACKED, 6))


def test_slices_are_record_arrays():
    def f(a):
        b = a[1:]
        c = a[::2]
        c[0].x = -1.0
        b[-1].y = 11
        return b[0].x + c[1].x + len(b) + len(c)
    jit_scalar_result(f, make(ALIGNED, 7))


def test_2d():
    def f(a):
        s = 0.0
        for i in range(a.shape[0]):
            for j in range(a.shape[1]):
                a[i, j].x = i * 10 + j
                s += a[i, j].x + a[i][j].y
        row = a[1]
        row[0].y = 77
        return s + a["x"][1, 2] + a["x"].sum()
    a = make(PACKED, 12).reshape(3, 4)
    jit_scalar_result(f, a)


def test_2d_transposed_layout():
    def f(a):
        s = 0.0
        for i in range(a.shape[0]):
            for j in range(a.shape[1]):
                s += a[i, j].x * (i + 1) - a[i, j].y
        return s
    a = make(ALIGNED, 12).reshape(3, 4).T
    jit_scalar_result(f, a)


def test_returning_record_arrays():
    def same_array(a):
        return a

    def sliced(a):
        return a[1::2]

    a = make(ALIGNED)
    got = oxjit.njit(same_array)(a)
    assert got is a
    got = oxjit.njit(sliced)(a)
    assert got.dtype == a.dtype
    np.testing.assert_array_equal(got, a[1::2])
    got[0]["x"] = 123.0
    assert a[1]["x"] == 123.0


# --- errors ---------------------------------------------------------------------------------

def test_index_error():
    def f(a, i):
        return a[i].x
    with pytest.raises(IndexError):
        oxjit.njit(f)(make(PACKED), 5)
    with pytest.raises(IndexError):
        oxjit.njit(f)(make(PACKED), -6)


def test_unknown_field_attribute():
    def f(a):
        return a[0].z
    with pytest.raises(oxjit.TypingError, match=r"no field named `z`.*x: float64") as e:
        oxjit.njit(f)(make(PACKED))
    assert "test_records.py" in str(e.value)


def test_unknown_field_subscript():
    def f(a):
        return a["nope"]
    with pytest.raises(oxjit.TypingError, match="no field named `nope`"):
        oxjit.njit(f)(make(PACKED))


def test_unknown_field_write():
    def f(a):
        a[0].zz = 1.0
        return 0
    with pytest.raises(oxjit.TypingError, match="no field named `zz`"):
        oxjit.njit(f)(make(PACKED))


def test_non_literal_field_name():
    def f(a, name):
        return a[0][name]
    with pytest.raises(oxjit.UnsupportedError, match="string literal"):
        oxjit.njit(f)(make(PACKED), "x")


@pytest.mark.parametrize("dtype, field", [
    (np.dtype([("x", np.float64), ("inner", [("a", np.int32)])]), "inner"),
    (np.dtype([("x", np.float64), ("v", np.float64, (3,))]), "v"),
    (np.dtype([("x", np.float64), ("s", "U4")]), "s"),
    (np.dtype([("x", np.float64), ("o", object)]), "o"),
    (np.dtype([("x", np.float64), ("c", np.complex128)]), "c"),
    (np.dtype([("x", ">f8")]), "x"),
])
def test_unsupported_fields(dtype, field):
    def f(a):
        return len(a)
    with pytest.raises(oxjit.UnsupportedError, match=f"field `{field}`"):
        oxjit.njit(f)(np.zeros(2, dtype))


@pytest.mark.parametrize("body", [
    "return a + 1",
    "return np.sum(a)",
    "return a.copy()",
    "return a[np.array([0, 1])]",
    "print(a)",
    "a[0] = 1.0",
    "a[:2] = a[0]",
    "a['x'] = 1.0",
    "return a[0]",
    "return a[0] == a[1]",
])
def test_refused_operations(body):
    ns = {"np": np}
    exec(f"def f(a):\n    {body}\n", ns)
    with pytest.raises(oxjit.UnsupportedError):
        oxjit.njit(ns["f"])(make(PACKED))


@pytest.mark.parametrize("dt", DTYPES + [OFFSETS])
def test_whole_record_assignment(dt):
    def f(a, b):
        a[0] = a[-1]
        r = b[1]
        a[1] = r
        a[2] = a[2]
        r.x = 100.0  # b changes, a[1] (a copy) does not
        return a[1].x
    jit_scalar_result(f, make(dt, 5, seed=1), make(dt, 3, seed=2))


def test_whole_record_assignment_2d():
    def f(a):
        for i in range(a.shape[0]):
            a[i, 0] = a[i, a.shape[1] - 1]
        return 0
    check(f, make(ALIGNED, 12).reshape(3, 4))


def test_record_of_another_dtype_is_a_typing_error():
    def f(a, b):
        a[0] = b[0]
        return 0
    with pytest.raises(oxjit.TypingError, match="cannot assign"):
        oxjit.njit(f)(make(PACKED), make(ALIGNED))


def test_creation_is_refused():
    dt = PACKED

    def f(n):
        return np.zeros(n, dtype=dt)
    with pytest.raises((oxjit.UnsupportedError, oxjit.TypingError)):
        oxjit.njit(f)(3)


# --- dispatch -------------------------------------------------------------------------------

def test_different_dtypes_get_different_specialisations():
    @oxjit.njit
    def f(a):
        return a[0].y

    a = np.zeros(1, np.dtype([("x", np.float64), ("y", np.int32)]))
    b = np.zeros(1, np.dtype([("y", np.int32), ("x", np.float64)]))
    c = np.zeros(1, np.dtype([("x", np.float64), ("y", np.int64)]))
    a["y"], b["y"], c["y"] = 1, 2, 2**40
    assert f(a) == 1
    assert f(b) == 2
    assert f(c) == 2**40
    assert f(a) == 1
    assert len(f.signatures) == 3


def test_renamed_fields_are_retyped():
    @oxjit.njit
    def f(a):
        return a[0].x

    dt = np.dtype([("x", np.float64), ("y", np.float64)])
    a = np.array([(1.0, 2.0)], dt)
    assert f(a) == 1.0
    a.dtype.names = ("y", "x")
    assert f(a) == 2.0


def test_cache_true_recompiles(tmp_path, monkeypatch):
    monkeypatch.setenv("OXJIT_CACHE_DIR", str(tmp_path))

    def f(a):
        return a[0].x + a[1]["y"]
    g = oxjit.njit(cache=True)(f)
    a = make(ALIGNED)
    assert g(a) == f(a.view(np.recarray))
    assert g(a) == f(a.view(np.recarray))


@settings(max_examples=30, deadline=None)
@given(xs=st.lists(st.floats(-1e6, 1e6), min_size=1, max_size=12),
       k=st.integers(-1000, 1000), aligned=st.booleans())
def test_hypothesis_update(xs, k, aligned):
    dt = ALIGNED if aligned else PACKED

    def f(a, k):
        s = 0.0
        for r in a:
            r.y = r.y + k
            r.x = r.x * 0.5 - k
            r.flag = r.x > 0
            s += r.x
        return s
    a = np.zeros(len(xs), dt)
    a["x"] = xs
    jit_scalar_result(f, a, k)

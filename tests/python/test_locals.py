"""`locals=` (Numba's option fixing a variable's type): stores convert to the declared type,
differentially against the same arithmetic done with NumPy scalars in CPython."""
import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

import oxjit
from oxjit import njit, types


def _sum_f32_reference(a):
    acc = np.float32(0.0)
    for x in a:
        acc = np.float32(np.float64(acc) + x)   # float32 + float64 → float64, stored as float32
    return float(acc)


@njit(locals={"acc": types.float32})
def _sum_f32(a):
    acc = 0.0
    for i in range(a.shape[0]):
        acc += a[i]
    return acc


@settings(max_examples=60, deadline=None)
@given(st.lists(st.floats(-1e6, 1e6), min_size=0, max_size=50))
def test_float32_accumulator_rounds_every_store(xs):
    a = np.array(xs, dtype=np.float64)
    got = _sum_f32(a)
    assert type(got) is float
    assert got == _sum_f32_reference(a)


def test_float32_accumulator_differs_from_float64():
    a = np.full(10, 0.1)
    assert _sum_f32(a) == _sum_f32_reference(a) != float(np.sum(a))


@njit(locals={"k": types.int64, "x": np.float64, "flag": types.boolean})
def _conversions(v):
    k = v          # float → int64 truncates, as Numba's cast
    x = 3          # int → float64
    flag = 7       # int → bool
    return k, x, flag


def test_numeric_conversions_on_store():
    assert _conversions(2.75) == (2, 3.0, True)
    assert _conversions(-2.75) == (-2, 3.0, True)
    k, x, flag = _conversions(1.5)
    assert (type(k), type(x), type(flag)) == (int, float, bool)


@njit(locals={"y": types.float64[:, :]})
def _array_local(a, fortran):
    y = a
    if fortran:
        y = a.T
    return y[0, 1]


def test_array_local_of_layout_a_takes_c_and_f():
    a = np.arange(6.0).reshape(2, 3)
    assert _array_local(a, False) == a[0, 1]
    assert _array_local(a, True) == a.T[0, 1]


def test_unknown_name_is_a_typing_error():
    @njit(locals={"nope": types.float32})
    def f(x):
        return x
    with pytest.raises(oxjit.TypingError, match=r"`locals=` names `nope`, which is not a local"):
        f(1)


def test_parameter_is_refused():
    @njit(locals={"x": types.float32})
    def f(x):
        return x
    with pytest.raises(oxjit.UnsupportedError, match="cannot fix the type of the parameter `x`"):
        f(1)


def test_wrong_kind_of_store_is_a_typing_error_with_the_line():
    @njit(locals={"y": types.float64[:]})
    def f(x):
        y = (x, x)
        return y
    with pytest.raises(oxjit.TypingError, match=r"declared `float64\[:\]` by `locals=` but is "
                       r"assigned `tuple\(int64, int64\)`") as e:
        f(1)
    assert "test_locals.py:" in str(e.value)


@pytest.mark.parametrize("bad", [{"y": "float"}, {"y": 3}, {1: types.float32}, ["y"]])
def test_bad_option_raises_at_decoration(bad):
    with pytest.raises(TypeError):
        njit(locals=bad)(lambda x: x)


def test_numpy_and_builtin_types_are_accepted():
    @njit(locals={"t": np.float32, "u": float})
    def f(x):
        t = x
        u = x
        return t, u
    assert f(0.1) == (float(np.float32(0.1)), 0.1)


def test_jit_accepts_it_too():
    @oxjit.jit(nopython=True, locals={"acc": types.float32})
    def f(a):
        acc = 0.0
        for v in a:
            acc += v
        return acc
    a = np.full(10, 0.1)
    assert f(a) == _sum_f32_reference(a)

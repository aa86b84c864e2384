"""`oxjit.cfunc`: C functions called through ctypes (and SciPy's LowLevelCallable when SciPy is
installed), compared with the same Python function."""
import ctypes
import math
import sys

import numpy as np
import pytest

import oxjit
from oxjit import cfunc, types


@cfunc("float64(float64, float64)")
def hypot2(x, y):
    return math.sqrt(x * x + y * y)


@cfunc("int32(int32, int8)")
def mul_small(x, y):
    return x * y


@cfunc("uint8(uint16)")
def low_byte(x):
    return x % 256


@cfunc("float64(int64)")
def int_div(x):
    return 10 // x


@cfunc("boolean(float32)")
def above(x):
    return x > 1.5


@cfunc("float32(float32, float32)")
def f32_add(x, y):
    return x + y


@cfunc("int64(float64)")
def truncate(x):
    return x * 2.5


@cfunc("uint64(uint64, uint64)")
def u64_add(x, y):
    return x + y


@cfunc("void(int64)")
def nothing(x):
    y = x + 1  # noqa: F841


@cfunc(types.float64(types.int16, types.float64))
def typed_sig(n, x):
    s = 0.0
    for i in range(n):
        s += x * i
    return s


def test_attributes():
    assert isinstance(hypot2.address, int) and hypot2.address != 0
    assert isinstance(hypot2.ctypes, ctypes._CFuncPtr)
    assert hypot2.ctypes.restype is ctypes.c_double
    assert hypot2.ctypes.argtypes == (ctypes.c_double, ctypes.c_double)
    assert hypot2.native_name.endswith("hypot2")
    assert "hypot2" in repr(hypot2)


@pytest.mark.parametrize("x,y", [(3.0, 4.0), (-1.5, 0.25), (0.0, 0.0), (1e-200, 2e-200)])
def test_float_args(x, y):
    assert hypot2.ctypes(x, y) == hypot2.py_func(x, y)
    assert hypot2(x, y) == hypot2.ctypes(x, y)
    assert math.isinf(hypot2(1e200, 1e200))


def test_address_through_a_new_ctypes_prototype():
    proto = ctypes.CFUNCTYPE(ctypes.c_double, ctypes.c_double, ctypes.c_double)
    assert proto(hypot2.address)(6.0, 8.0) == 10.0


def test_small_integer_types_wrap_as_c():
    assert mul_small(3, 4) == 12
    assert mul_small(100000, -3) == -300000
    assert mul_small(2**30, 4) == 0  # 2**32 wraps to int32, as in C
    assert mul_small(2**30, 3) == int(np.int64(3 * 2**30).astype(np.int32))
    assert low_byte(65535) == 255
    assert u64_add(2**63, 5) == 2**63 + 5


def test_float32_bool_and_conversions():
    assert f32_add(1.5, 2.25) == 3.75
    assert above(2.0) is True and above(1.0) is False
    assert int_div(3) == 3.0
    assert truncate(3.3) == int(3.3 * 2.5)
    assert truncate(-3.3) == int(-3.3 * 2.5)
    assert nothing(3) is None
    assert typed_sig(4, 0.5) == typed_sig.py_func(4, 0.5)


def test_error_is_unraisable_and_returns_zero(monkeypatch):
    seen = []
    monkeypatch.setattr(sys, "unraisablehook", seen.append)
    assert int_div(0) == 0.0
    assert len(seen) == 1
    assert seen[0].exc_type is ZeroDivisionError
    assert str(seen[0].exc_value) == "integer division or modulo by zero"
    assert "int_div" in str(seen[0].object)
    assert int_div(5) == 2.0


def test_bad_signatures():
    def f(x):
        return x

    with pytest.raises(TypeError, match="scalar types"):
        cfunc("float64(float64[:])")(f)
    with pytest.raises(TypeError, match="scalar types"):
        cfunc("UniTuple(int64, 2)(int64)")(f)
    with pytest.raises(TypeError, match="result type"):
        cfunc("float64")(f)
    with pytest.raises(TypeError, match="cannot read"):
        cfunc("float64(float64")(f)
    with pytest.raises(TypeError, match="needs a signature"):
        cfunc(f)

    def tup(x):
        return (x, x)

    with pytest.raises(oxjit.UnsupportedError, match="number or a bool"):
        cfunc("float64(float64)")(tup)

    def bad(x):
        return x + undefined_name  # noqa: F821

    with pytest.raises(oxjit.OxjitError):
        cfunc("float64(float64)")(bad)


def test_scipy_low_level_callable():
    scipy = pytest.importorskip("scipy")
    from scipy import integrate

    @cfunc("float64(float64)")
    def integrand(x):
        return math.exp(-x * x) * math.cos(x)

    got = integrate.quad(scipy.LowLevelCallable(integrand.ctypes), 0.0, 3.0)
    want = integrate.quad(integrand.py_func, 0.0, 3.0)
    assert got[0] == pytest.approx(want[0], rel=1e-13)

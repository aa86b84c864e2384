"""Explicit signatures (Numba's type-string grammar): eager compilation, `f.compile`,
`f.signatures`, no new specialisations after an explicit signature, clear errors."""
import numpy
import pytest

import oxjit
from oxjit import njit, types

from diff import check


def total(a):
    s = 0.0
    for i in range(a.shape[0]):
        s += a[i]
    return s


def scale(x, k):
    return x * k


def matrix_sum(m):
    return m.sum()


@pytest.mark.parametrize("text, expected", [
    ("float64[:]", "float64[:]"),
    ("float64[::1]", "float64[::1]"),
    ("float32[:, ::1]", "float32[:, ::1]"),
    ("int64[::1, :]", "int64[::1, :]"),
    ("uint8[:, :, :]", "uint8[:, :, :]"),
    ("UniTuple(int64, 2)", "UniTuple(int64 x 2)"),
    ("Tuple((int64, float64))", "Tuple(int64, float64)"),
])
def test_type_strings_parse(text, expected):
    ret, args = types.parse_signature(f"void({text})")
    assert ret is None and repr(args[0]) == expected


def test_type_objects_build_signatures():
    sig = types.float64(types.float64[:], types.int64)
    assert repr(sig) == "float64(float64[::1], int64)" or repr(sig) == "float64(float64[:], int64)"
    assert types.float64[:, ::1] == types.Array(types.float64, 2, "C")
    assert types.float64[::1, :] == types.Array(types.float64, 2, "F")


def test_string_signature_compiles_eagerly():
    f = oxjit.jit("float64(float64[::1])", nopython=True)(total)
    assert f.signatures == [("float64[::1]",)]
    a = numpy.arange(10.0)
    assert f(a) == total(a)
    # No new specialisation for other argument types (Numba's rule).
    with pytest.raises(TypeError, match="No matching definition"):
        f(numpy.arange(10))
    assert len(f.signatures) == 1


def test_list_of_signatures_and_int_to_float_conversion():
    f = njit(["float64(float64, float64)", "int64(int64, int64)"])(scale)
    assert len(f.signatures) == 2
    assert f(3, 4) == 12 and isinstance(f(3, 4), int)
    assert f(1.5, 2.0) == 3.0
    assert f(True, 2.5) == 2.5  # bool converted to the float signature


def test_signature_objects_and_compile_method():
    f = njit(scale)
    f.compile(types.float64(types.float64, types.float64))
    f.compile((types.int64, types.int64))
    assert [s for s in f.signatures] == [("float64", "float64"), ("int64", "int64")]
    check(f, 2.0, 4.0)
    check(f, 7, 9)


def test_layouts_select_specialisations():
    f = njit("float64(float64[:, :])")(matrix_sum)
    m = numpy.arange(12.0).reshape(3, 4)
    # The `A` layout accepts C, Fortran and strided arrays alike (one specialisation).
    assert f(m) == f(numpy.asfortranarray(m)) == m.sum() and f(m[:, ::2]) == m[:, ::2].sum()
    assert len(f.signatures) == 1
    with pytest.raises(TypeError, match="No matching definition"):
        f(m.astype(numpy.float32))
    g = njit(["float64(float64[:, ::1])", "float64(float64[::1, :])"])(matrix_sum)
    assert g(m) == m.sum() and g(numpy.asfortranarray(m)) == m.sum()


def test_declared_return_type_must_match():
    with pytest.raises(oxjit.TypingError, match="declares a `int64` result but the function returns `float64`"):
        njit("int64(float64[::1])")(total)


@pytest.mark.parametrize("bad", ["float64(", "float128(float64)", "float64(x[:])",
                                 "float64(float64[1:2])", "__import__('os')"])
def test_bad_signatures_raise_type_error(bad):
    with pytest.raises(TypeError):
        njit(bad)(total)


def sum_of_squares(a):
    return numpy.sum(a ** 2)


def test_inspect_asm_clif_and_ir():
    f = njit(sum_of_squares)
    f(numpy.ones(3))
    f(numpy.ones((2, 2)))
    sigs = f.signatures
    asm = f.inspect_asm()
    assert set(asm) == set(sigs) and all("--- machine code of sum_of_squares ---" in t
                                          for t in asm.values())
    assert "ret" in asm[sigs[0]]
    assert f.inspect_clif(0).startswith("--- cranelift IR of sum_of_squares ---")
    assert "fmul" in f.inspect_clif("float64(float64[::1])")  # a ** 2 is a multiplication
    assert oxjit.passes()[0] == "typing" and "array-fusion" in oxjit.passes()
    typed = f.inspect_ir("typing", sigs[0])
    assert "binary pow v" in typed and typed.startswith("function sum_of_squares(a)")
    for stage in oxjit.passes():
        assert f.inspect_ir(stage)[sigs[1]].startswith("function sum_of_squares(a)")
    with pytest.raises(ValueError, match="unknown pass 'fusion'"):
        f.inspect_ir("fusion")
    with pytest.raises(KeyError, match="no compiled signature"):
        f.inspect_asm(("int64",))
    assert len(f.signatures) == 2  # inspecting compiles again without adding specialisations

"""Issue 8 items not covered elsewhere, each differential against CPython/NumPy: `print` of every
kind of value with `sep=`/`end=` in order with Python's output, `locals=` with array types,
keyword arguments and defaults between jitted functions, mutual recursion with defaults, a raised
module-level exception subclass with a formatted message, `IndexError`/`ZeroDivisionError` caught
inside compiled code, the argument error class, `7 / 0`, and `math.gamma`/`math.lgamma` bit for
bit against CPython over a million arguments."""
import math

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

import oxjit
from oxjit import njit, types
from diff import check


# --- print --------------------------------------------------------------------------------


def prints_everything(s, n, x, b, a):
    print("s =", s, "n =", n, "x =", x, b, None, sep=" | ", end=" ;\n")
    print((n, x, s), (b, (s,)), a, sep="~")
    print(s, end="")
    print(n, x, sep="", end="\n")
    print(f"{n:>5d}{x:.3f}{s!r}", a[::-1], a > 0.5, sep=None, end=None)
    return n


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(s=st.text(max_size=8), n=st.integers(-2**63, 2**63 - 1),
       x=st.floats(allow_nan=True, allow_infinity=True), b=st.booleans(),
       a=st.lists(st.floats(-10, 10), min_size=0, max_size=5))
def test_print_every_kind_in_order(capsys, s, n, x, b, a):
    arr = np.array(a, dtype=np.float64)
    capsys.readouterr()              # the fixture is shared by the examples: start empty
    print("before")
    prints_everything(s, n, x, b, arr)
    print("after")
    want = capsys.readouterr().out
    f = njit(prints_everything)
    print("before")
    f(s, n, x, b, arr)
    print("after")
    assert capsys.readouterr().out == want


# --- locals= with array types ---------------------------------------------------------------


@njit(locals={"b": types.uint8[:], "c": types.int16[::1], "d": types.float32[:, :],
              "t": types.uint8})
def _array_locals(a8, a16, m32):
    b = a8
    c = a16
    d = m32
    t = b[0] + b[1]
    return b.sum(), c[-1], d[1, 0], t


def _array_locals_reference(a8, a16, m32):
    # Narrow-int locals are held as int64 (documented): `t` does not wrap at 8 bits.
    return int(a8.sum()), int(a16[-1]), float(m32[1, 0]), int(a8[0]) + int(a8[1])


@settings(max_examples=30, deadline=None)
@given(st.lists(st.integers(0, 255), min_size=2, max_size=9),
       st.lists(st.integers(-2**15, 2**15 - 1), min_size=1, max_size=9))
def test_locals_with_array_types(v8, v16):
    a8 = np.array(v8, dtype=np.uint8)
    a16 = np.array(v16, dtype=np.int16)
    m32 = np.asfortranarray(np.arange(6, dtype=np.float32).reshape(3, 2) / 3)
    assert _array_locals(a8, a16, m32) == _array_locals_reference(a8, a16, m32)


def test_locals_array_of_another_dtype_is_a_typing_error():
    with pytest.raises(oxjit.TypingError, match=r"uint8\[:\]") as e:
        _array_locals(np.zeros(3), np.zeros(2, dtype=np.int16), np.zeros((2, 2), np.float32))
    assert isinstance(e.value, TypeError)


# --- calls between jitted functions ---------------------------------------------------------


@njit
def _scaled(x, scale=2.0, *, shift=0, flip=False):
    y = x * scale + shift
    return -y if flip else y


def keywords_and_defaults(x):
    return (_scaled(x), _scaled(x, 3), _scaled(x, shift=1), _scaled(scale=0.5, x=x, flip=True),
            _scaled(x, 1.5, flip=x > 0, shift=-2))


@given(st.integers(-1000, 1000))
@settings(max_examples=30, deadline=None)
def test_keywords_and_defaults_between_jitted_functions(x):
    check(keywords_and_defaults, x)


@njit
def _ping(n, acc=0):
    if n <= 0:
        return acc
    return _pong(n - 1, acc + n)


@njit
def _pong(n, acc=0, step=2):
    if n <= 0:
        return acc
    return _ping(n - 1, acc * step % 1000003)


def _ping_py(n, acc=0):
    return acc if n <= 0 else _pong_py(n - 1, acc + n)


def _pong_py(n, acc=0, step=2):
    return acc if n <= 0 else _ping_py(n - 1, acc * step % 1000003)


@pytest.mark.parametrize("n", [0, 1, 2, 7, 50, 500])
def test_mutual_recursion_with_defaults(n):
    assert _ping(n) == _ping_py(n)
    assert _pong(n) == _pong_py(n)


# --- exceptions -----------------------------------------------------------------------------


class OutOfRange(Exception):
    """A module-level user exception."""


class BadValue(OutOfRange, ValueError):
    """A subclass with a built-in base too."""


def raises_user(i, x):
    if i > 3:
        raise OutOfRange(f"index {i} > 3 (x={x:.2f}, {x!r})")
    if x < 0:
        raise BadValue(f"negative: {x:+e}|{i:04d}")
    return i * x


@given(st.integers(-5, 10), st.floats(-1e6, 1e6))
@settings(max_examples=60, deadline=None)
def test_module_level_exception_subclass_with_formatted_message(i, x):
    check(raises_user, i, x, exact_exception=True)


def catches(a, i, d):
    out = 0.0
    try:
        out += float(a[i])
    except IndexError as e:
        out -= 1000.0
        if len(e.args) != 1:
            out = -1.0
    try:
        out += 7 // d
    except ZeroDivisionError:
        out -= 2000.0
    try:
        out += float(a[i]) / d
    except (IndexError, ZeroDivisionError):
        out -= 4000.0
    else:
        out += 0.5
    finally:
        out += 0.25
    return out


@given(st.integers(-6, 6), st.integers(-2, 2))
@settings(max_examples=60, deadline=None)
def test_catching_index_and_zero_division_inside_compiled_code(i, d):
    check(catches, np.arange(4.0) + 1.0, i, d)


def seven_divided(x):
    return 7 / x


def test_seven_divided_by_zero():
    check(seven_divided, 0, exact_exception=True)
    check(seven_divided, 0.0, exact_exception=True)
    with pytest.raises(ZeroDivisionError) as e:
        njit(seven_divided)(0)
    assert str(e.value) == "division by zero"


def _identity(value):
    return value


@pytest.mark.parametrize("arg,shown", [
    (object(), "`object`"),
    (np.zeros(2, dtype=np.float16), "`float16`"),
    (np.array(["x"]), "`<U1`"),
    (np.zeros(2, dtype=object), "`object`"),
])
def test_argument_errors_are_type_errors_naming_parameter_and_type(arg, shown):
    with pytest.raises(oxjit.OxjitError) as e:
        njit(_identity)(arg)
    assert isinstance(e.value, TypeError)
    assert str(e.value).startswith("argument `value` of `_identity()`")
    assert shown in str(e.value)


# --- math.gamma / math.lgamma bit for bit ---------------------------------------------------


@njit
def _gammas(xs):
    g = np.empty(xs.shape[0])
    lg = np.empty(xs.shape[0])
    for i in range(xs.shape[0]):
        g[i] = math.gamma(xs[i])
        lg[i] = math.lgamma(xs[i])
    return g, lg


@njit
def _lgammas(xs):
    lg = np.empty(xs.shape[0])
    for i in range(xs.shape[0]):
        lg[i] = math.lgamma(xs[i])
    return lg


def _sample(n):
    rng = np.random.default_rng(8)
    k = n // 5
    parts = [
        rng.uniform(-180.0, 180.0, k),                            # the whole useful domain
        rng.uniform(-1.0, 1.0, k) * 10.0 ** rng.uniform(-25, 2.5, k),  # every magnitude
        np.round(rng.uniform(-170, 170, k)) + rng.uniform(-1e-6, 1e-6, k),  # near poles/ints
        rng.uniform(0.0, 10.0, k),                                # near the zeros of lgamma
        rng.uniform(-300.0, 300.0, n - 4 * k),                    # overflow/underflow edges
    ]
    xs = np.concatenate(parts)
    return xs[(xs != np.round(xs)) | (xs > 0)]                    # no poles (errors elsewhere)


def _cpython(fn, xs):
    out = np.empty(xs.shape[0])
    for i, x in enumerate(xs.tolist()):
        try:
            out[i] = fn(x)
        except OverflowError:
            out[i] = np.inf
    return out


def test_gamma_lgamma_bit_equal_to_cpython():
    xs = _sample(1_000_000)
    finite = np.abs(xs) < 171.6      # math.gamma overflows (OverflowError) beyond
    g, lg = _gammas(xs[finite])
    want_g = _cpython(math.gamma, xs[finite])
    want_lg = _cpython(math.lgamma, xs[finite])
    assert np.array_equal(g.view(np.int64), want_g.view(np.int64))
    assert np.array_equal(lg.view(np.int64), want_lg.view(np.int64))
    # lgamma is finite much further out
    far = xs[~finite]
    lg_far = _lgammas(far)
    assert np.array_equal(lg_far.view(np.int64), _cpython(math.lgamma, far).view(np.int64))


def gamma_of(x):
    return math.gamma(x), math.lgamma(x)


@pytest.mark.parametrize("x", [1.0, 2.0, 23.0, 24.0, 0.5, -0.5, 1e-21, -1e-21, 5e-324, 171.5,
                               -171.5, -200.5, 200.5, -0.0, 0.0, -3.0, math.inf, -math.inf,
                               math.nan, 1e308])
def test_gamma_special_values(x):
    check(gamma_of, x, exact_exception=True)

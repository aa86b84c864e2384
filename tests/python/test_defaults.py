"""Default parameter values and keyword-only parameters: calls from Python (positional, keywords,
missing arguments) and calls between jitted functions (defaults frozen as constants)."""
import numpy
import pytest

import oxjit
from diff import check, compiled


def scaled(a, b=2.0, *, c=None):
    if c is None:
        return a * b
    return a * b + c


def many(a, b=1, c=2.5, d=True, e=(1, 2.0)):
    x, y = e
    if d:
        return a + b + c + x + y
    return float(a - b)


def kw_only(x, *, step=1, flag=False):
    return x + step if flag else x - step


def negative_defaults(a, lo=-1, hi=-2.5, z=+3):
    return a + lo + hi + z


def posonly(a, b=10, /, c=20):
    return a * 100 + b * 10 + c


@pytest.mark.parametrize("args,kwargs", [
    ((3,), {}), ((3, 4.0), {}), ((3,), {"b": 5}), ((3,), {"c": 1.5}),
    ((3.5, 2), {"c": 7}), ((), {"a": 2, "b": 3}), ((True,), {}),
])
def test_scaled_from_python(args, kwargs):
    check(scaled, *args, call_kwargs=kwargs)


@pytest.mark.parametrize("args,kwargs", [
    ((1,), {}), ((1, 2), {}), ((1, 2, 3.0), {}), ((1, 2, 3.0, False), {}),
    ((1,), {"e": (5, 6.0)}), ((1,), {"d": False, "b": 7}),
])
def test_many_from_python(args, kwargs):
    check(many, *args, call_kwargs=kwargs)


def test_keyword_only_and_negative_defaults():
    check(kw_only, 5)
    check(kw_only, 5, call_kwargs={"flag": True})
    check(kw_only, 5, call_kwargs={"step": 3, "flag": True})
    check(negative_defaults, 1)
    check(negative_defaults, 1, 2)
    check(posonly, 1)
    check(posonly, 1, 2)
    check(posonly, 1, 2, 3)
    check(posonly, 1, call_kwargs={"c": 4})


@pytest.mark.parametrize("args,kwargs", [
    ((), {}), ((1, 2, 3), {}), ((1,), {"d": 3}), ((1, 2), {"b": 3}),
])
def test_wrong_arguments_raise_type_error(args, kwargs):
    with pytest.raises(TypeError) as expected:
        scaled(*args, **kwargs)
    with pytest.raises(TypeError) as got:
        compiled(scaled)(*args, **kwargs)
    assert got.value.args == expected.value.args


@pytest.mark.parametrize("args,kwargs", [((), {}), ((1, 2, 3, 4), {}), ((1,), {"a": 2})])
def test_wrong_arguments_posonly(args, kwargs):
    with pytest.raises(TypeError) as expected:
        posonly(*args, **kwargs)
    with pytest.raises(TypeError) as got:
        compiled(posonly)(*args, **kwargs)
    assert got.value.args == expected.value.args


def test_missing_keyword_only_without_default():
    def needs(a, *, k):
        return a + k

    f = oxjit.njit(needs)
    assert f(1, k=2) == 3
    with pytest.raises(TypeError):
        f(1)


def test_default_array_argument():
    def total(a, start=0.0):
        s = start
        for x in a:
            s += x
        return s

    check(total, numpy.arange(5.0))
    check(total, numpy.arange(5.0), 1.5)


# --- calls between jitted functions -----------------------------------------------------


@oxjit.njit
def helper(a, b=2.0, *, c=None, n=3):
    if c is None:
        return a * b + n
    return a * b + c + n


@oxjit.njit
def helper_tuple(a, pair=(1, 2.5), neg=-4):
    x, y = pair
    return a + x + y + neg


def calls_defaults(x):
    return helper(x) + helper(x, 3.0) + helper(x, c=1.0) + helper(x, n=7, b=0.5)


def calls_keywords(x):
    return helper(b=x, a=2.0, c=x, n=1) + helper_tuple(x) + helper_tuple(x, (3, 4.0))


def calls_keyword_positional(x):
    return helper_tuple(a=x, neg=1)


@pytest.mark.parametrize("x", [1, 2.5, -3])
def test_jitted_calls_with_defaults(x):
    check(calls_defaults, x)
    check(calls_keywords, x)
    check(calls_keyword_positional, x)


@oxjit.njit
def helper_bad_default(a, b="text"):
    return a * 2


SCALE = 4


@oxjit.njit
def helper_global_default(a, k=SCALE, t=(SCALE, -1.5), *, flag=SCALE > 3):
    x, y = t
    return a * k + x + y if flag else a


def calls_global_default(x):
    return helper_global_default(x) + helper_global_default(x, flag=False)


@pytest.mark.parametrize("x", [1, 2.5])
def test_defaults_computed_at_definition(x):
    check(calls_global_default, x)


def calls_bad_default(x):
    return helper_bad_default(x)


def calls_with_unknown_keyword(x):
    return helper(x, zzz=1)


def calls_missing(x):
    return helper(c=x)


def test_jitted_call_errors():
    with pytest.raises(oxjit.UnsupportedError, match="default value"):
        compiled(calls_bad_default)(1.0)
    # Explicit argument: the default is not needed.
    assert compiled(lambda_free_call)(1.0) == 2.0
    with pytest.raises(oxjit.TypingError, match="unexpected keyword argument 'zzz'"):
        compiled(calls_with_unknown_keyword)(1.0)
    with pytest.raises(oxjit.TypingError, match="missing 1 required positional argument: 'a'"):
        compiled(calls_missing)(1.0)


def lambda_free_call(x):
    return helper_bad_default(x, 1.0)


def test_defaults_with_explicit_signature_and_recursion():
    def mul(a, b=2.0):
        return a * b

    f = oxjit.njit("f8(f8, f8)")(mul)
    assert f(3.0) == 6.0 and f(3.0, 1.0) == 3.0 and f(a=2.0) == 4.0
    check(recursive_default, 10)
    check(recursive_default, 5, 2)


@oxjit.njit
def recursive_default(n, acc=1):
    if n <= 1:
        return acc
    return recursive_default(n - 1, acc=acc * n)

"""`raise E(...) from None` (the exception Python sees is the same: compiled code never chains a
context); another cause is refused at compile time.
"""
import pytest

import oxjit
from diff import check


def from_none(x):
    if x < 0:
        raise ValueError(f"negative: {x}") from None
    try:
        y = 10 // x
    except ZeroDivisionError:
        raise ArithmeticError("no zero") from None
    return y


def from_cause(x):
    if x < 0:
        raise ValueError("negative") from KeyError
    return x


@pytest.mark.parametrize("x", [-3, 0, 4])
def test_raise_from_none(x):
    check(from_none, x, exact_exception=True)


def test_raise_from_none_suppresses_context():
    with pytest.raises(ArithmeticError) as info:
        oxjit.njit(from_none)(0)
    assert info.value.__cause__ is None


def test_raise_from_a_cause_is_unsupported():
    with pytest.raises(oxjit.UnsupportedError, match="from None"):
        oxjit.njit(from_cause)(1)

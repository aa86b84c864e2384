"""`isinstance(x, C)` for `int`, `float`, `bool`, `list` and tuples of them: decided from the
types at compile time; branches on a parameter's class are pruned before typing, so code that
only types for one class compiles — CPython vs oxjit."""
import numpy as np
import pytest

import oxjit
from diff import check


def classify(x):
    return (isinstance(x, int), isinstance(x, float), isinstance(x, bool),
            isinstance(x, (float, bool)), isinstance(x, list))


def dispatch(x):
    if isinstance(x, list):
        return len(x) * 1.0        # types only for a list
    elif isinstance(x, float):
        return x * 2.0
    return x + 0.5                 # int or bool


def not_isinstance(x):
    if not isinstance(x, float):
        return 1
    return 2


@pytest.mark.parametrize("x", [1.5, 3, True, False, -7, [1, 2, 3], [0.5]])
def test_same_as_cpython(x):
    check(classify, x)
    check(dispatch, x)
    check(not_isinstance, x)


def test_numpy_float32_is_not_a_float():
    def f(a):
        return isinstance(a[0], float)
    assert oxjit.njit(f)(np.ones(2, dtype=np.float32)) is False
    assert oxjit.njit(f)(np.ones(2)) is True


def test_unsupported_class_is_refused_with_the_line():
    def f(x):
        return isinstance(x, np.ndarray)
    with pytest.raises(oxjit.OxjitError) as e:
        oxjit.njit(f)(1.0)
    assert "test_isinstance.py:" in str(e.value)

"""Reading a local before it is assigned raises UnboundLocalError, as in CPython (never a crash
or a silent zero)."""
import numpy
import pytest

from diff import check


def loop_variable_after_loop(n):
    for i in range(n):
        pass
    return i


def assigned_in_a_later_iteration(n):
    for k in range(n):
        if k > 0:
            s = a.sum()
        a = numpy.zeros(3) + k
    return a


def assigned_on_one_branch(c):
    if c:
        x = numpy.ones(2)
    return x.sum()


def scalar_on_one_branch(c):
    if c > 0:
        y = c * 2
    return y + 1


@pytest.mark.parametrize("n", [0, 1, 3])
def test_loop_variable_after_loop(n):
    check(loop_variable_after_loop, n)


@pytest.mark.parametrize("n", [0, 1, 4])
def test_assigned_in_a_later_iteration(n):
    check(assigned_in_a_later_iteration, n)


@pytest.mark.parametrize("c", [True, False])
def test_array_assigned_on_one_branch(c):
    check(assigned_on_one_branch, c)


@pytest.mark.parametrize("c", [5, -5])
def test_scalar_assigned_on_one_branch(c):
    check(scalar_on_one_branch, c)

"""Functions with `assert` for test_raise.py, in a module pytest does not rewrite (pytest's
assertion rewriting changes the messages of asserts in test modules)."""


def asserts(x, n):
    assert x > 0
    assert n != 3, "n must not be 3"
    assert x < 100, f"x too large: {x}"
    return x + n


def assert_tuple_message(x):
    assert x, "falsy"
    return x

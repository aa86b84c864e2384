"""Function layouts for the source-extraction tests (fast path vs inspect)."""
import functools


def plain(x):
    return x + 1


def docstring_at_column_zero(x):
    """First line
continues at column zero
"""
    return x * 2


def signature_over_lines(
    a,
    b,
):
    return a + b


def comment_at_column_zero(x):
    y = x + 1
# a comment at column 0 inside the body
    return y


def bracket_at_column_zero(x):
    y = (x +
1)
    return y


@functools.lru_cache(maxsize=None)
def decorated(x):
    return x - 1


def outer(x):
    def inner(y):
        return y * x

    return inner


inner = outer(3)


def last_in_file(x):

    # blank lines and comments after the body do not belong to it

    return x
# trailing module comment
TRAILING = 1

"""`_introspect.function_source` finds a function's text by indentation (fast: no
tokenizer) and falls back to `inspect` whenever the cut would not parse; either way the text is
exactly the function's, as `inspect.getsourcelines` gives it."""
import inspect
import textwrap

import pytest

from oxjit import _introspect
from sources import shapes

FUNCTIONS = [shapes.plain, shapes.docstring_at_column_zero, shapes.signature_over_lines,
             shapes.comment_at_column_zero, shapes.bracket_at_column_zero,
             shapes.decorated.__wrapped__, shapes.inner, shapes.last_in_file]


@pytest.mark.parametrize("fn", FUNCTIONS, ids=lambda f: f.__name__)
def test_same_text_as_inspect(fn):
    text, filename, first_line, col = _introspect.function_source(fn)
    lines, first = inspect.getsourcelines(fn)
    assert first_line == first
    assert text.rstrip() == textwrap.dedent("".join(lines)).rstrip()
    assert filename.endswith("shapes.py")


def test_fast_path_used_for_ordinary_functions():
    assert _introspect._block_by_indentation(shapes.plain) is not None
    assert _introspect._block_by_indentation(shapes.inner) is not None
    # Cut inside a string or brackets: unsure, so inspect decides.
    assert _introspect._block_by_indentation(shapes.docstring_at_column_zero) is None
    assert _introspect._block_by_indentation(shapes.bracket_at_column_zero) is None

"""Per-line profiling of compiled code: ``oxjit.profile(f, *args)`` and ``f.profile(*args)``.

The dispatcher compiles an instrumented copy of ``f`` (once per argument types; ordinary calls
never use it), runs it once with the runtime's line counters on, and this module turns the
counts into a :class:`Profile`: the return value, a :class:`LineRecord` per executed source
line of ``f`` and of each jitted function it called, and a ``line_profiler``-like table.
See ``docs/profiling.md`` for what is measured.
"""
from __future__ import annotations

import sys
from typing import Any, Dict, List, NamedTuple, Optional, TextIO

from . import _introspect


class LineRecord(NamedTuple):
    """One executed source line: its function, file and number, how many times execution
    entered it, the seconds charged to it and its text."""

    function: str
    filename: str
    lineno: int
    hits: int
    seconds: float
    source: str


class FunctionProfile:
    """The lines of one compiled function instance (the profiled function or a jitted callee)."""

    def __init__(self, name: str, filename: str, first_line: int, source: List[str],
                 records: List[LineRecord]):
        self.name = name
        self.filename = filename
        self.first_line = first_line
        self.source = source
        #: Executed lines, by line number.
        self.lines: List[LineRecord] = sorted(records, key=lambda r: r.lineno)

    @property
    def total_seconds(self) -> float:
        return sum(r.seconds for r in self.lines)

    @property
    def hits(self) -> int:
        return sum(r.hits for r in self.lines)

    def render(self, unit: float = 1e-6) -> str:
        """This function's table (times in multiples of `unit` seconds)."""
        by_line: Dict[int, LineRecord] = {r.lineno: r for r in self.lines}
        total = self.total_seconds
        out = [
            f"Total time: {total:g} s",
            f"File: {self.filename}",
            f"Function: {self.name} at line {self.first_line}",
            "",
            f"{'Line #':>6} {'Hits':>9} {'Time':>12} {'Per Hit':>8} {'% Time':>8}  Line Contents",
            "=" * 62,
        ]
        for i, text in enumerate(self.source):
            lineno = self.first_line + i
            r = by_line.get(lineno)
            if r is None:
                out.append(f"{lineno:>6} {'':>9} {'':>12} {'':>8} {'':>8}  {text}")
                continue
            time = r.seconds / unit
            per_hit = time / r.hits if r.hits else 0.0
            share = 100.0 * r.seconds / total if total > 0 else 0.0
            out.append(f"{lineno:>6} {r.hits:>9} {time:>12.1f} {per_hit:>8.1f} {share:>8.1f}"
                       f"  {text}")
        return "\n".join(out)


class Profile:
    """The result of ``oxjit.profile(f, ...)``: ``result`` is what ``f`` returned; ``functions``
    the profiled function first, then each jitted function it called; ``lines`` every executed
    line of all of them. ``str()`` (or ``print()``) renders ``line_profiler``'s table."""

    def __init__(self, result: Any, functions: List[FunctionProfile]):
        self.result = result
        self.functions = functions

    @property
    def lines(self) -> List[LineRecord]:
        return [r for f in self.functions for r in f.lines]

    @property
    def total_seconds(self) -> float:
        return sum(f.total_seconds for f in self.functions)

    def function(self, name: str) -> FunctionProfile:
        """The (first) profiled instance of the function called `name`."""
        for f in self.functions:
            if f.name == name:
                return f
        raise KeyError(f"no profiled function {name!r}; profiled: "
                       f"{', '.join(f.name for f in self.functions)}")

    def line(self, lineno: int, function: Optional[str] = None) -> LineRecord:
        """The record of line `lineno` of `function` (default: the profiled function); a line
        that never ran has 0 hits."""
        f = self.functions[0] if function is None else self.function(function)
        for r in f.lines:
            if r.lineno == lineno:
                return r
        text = f.source[lineno - f.first_line] if 0 <= lineno - f.first_line < len(
            f.source) else ""
        return LineRecord(f.name, f.filename, lineno, 0, 0.0, text)

    def __str__(self) -> str:
        parts = ["Timer unit: 1e-06 s"]
        parts.extend(f.render() for f in self.functions)
        return "\n\n".join(parts) + "\n"

    def print(self, file: Optional[TextIO] = None) -> None:
        """Write the table to `file` (default: standard output)."""
        print(str(self), file=file if file is not None else sys.stdout, end="")

    def __repr__(self) -> str:
        return (f"<oxjit.Profile of {self.functions[0].name}: "
                f"{len(self.lines)} lines, {self.total_seconds:g} s>")


def _build(result: Any, functions: list, lines: list) -> Profile:
    records: Dict[int, List[LineRecord]] = {}
    for index, lineno, hits, seconds in lines:
        name, filename, first_line, source = functions[index]
        offset = lineno - first_line
        text = source[offset] if 0 <= offset < len(source) else ""
        records.setdefault(index, []).append(
            LineRecord(name, filename, lineno, hits, seconds, text))
    profiled = []
    for index, (name, filename, first_line, source) in enumerate(functions):
        recs = records.get(index, [])
        # The profiled function always; a callee when it ran.
        if index == 0 or any(r.hits for r in recs):
            profiled.append(FunctionProfile(name, filename, first_line, list(source),
                                            [r for r in recs if r.hits or r.seconds]))
    return Profile(result, profiled)


def profile(f: Any, *args: Any, **kwargs: Any) -> Profile:
    """Run the jitted function `f` once on the arguments and return its line profile. When
    the call raises, the exception is raised again with the profile in its
    ``oxjit_profile`` attribute."""
    native = getattr(f, "_profile", None)
    if native is None:
        raise TypeError(f"oxjit.profile needs a function decorated with @jit or @njit, "
                        f"not {type(f).__name__}")
    full = _introspect.bind_arguments(f.py_func, args, kwargs)
    result, error, functions, lines = native(full)
    prof = _build(result, functions, lines)
    if error is not None:
        error.oxjit_profile = prof
        error.add_note("oxjit.profile: the line profile of the run is in this exception's "
                       "`oxjit_profile` attribute")
        raise error
    return prof

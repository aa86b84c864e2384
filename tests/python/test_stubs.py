"""The type stubs (`oxjit/__init__.pyi`, `py.typed`) let mypy check code that uses oxjit."""
import pathlib
import textwrap

import pytest

import oxjit

SNIPPET = textwrap.dedent('''
    import numpy as np
    from oxjit import cfunc, jit, njit, prange, stencil, types

    @njit
    def f(a: np.ndarray) -> float:
        return float(a.sum())

    @jit("float64(float64[:])", nopython=True, parallel=True)
    def g(a: np.ndarray) -> float:
        return 0.0

    x: float = f(np.zeros(3))
    f.compile("float64(float64[:])")
    f.compile(types.float64(types.float64[:]))
    sigs: list[tuple[str, ...]] = f.signatures
    for i in prange(3):
        pass
    @stencil(neighborhood=((-1, 1),), cval=0.0)
    def k(a: np.ndarray) -> float:
        return float(a[-1] + a[1])

    smoothed: np.ndarray = k(np.zeros(3))

    @cfunc("float64(float64)")
    def c(x: float) -> float:
        return x

    addr: int = c.address
    y: float = c(1.0)
    bad: str = f(np.zeros(3))
    f.compile(3)
''')


def test_package_ships_stubs():
    root = pathlib.Path(oxjit.__file__).parent
    assert (root / "py.typed").exists() and (root / "__init__.pyi").exists()


def mypy_errors(tmp_path, snippet):
    """mypy --strict on `snippet` as a user's file: (error lines, whole output)."""
    api = pytest.importorskip("mypy.api")
    path = tmp_path / "user_code.py"
    path.write_text(snippet)
    out, err, _ = api.run(["--strict", "--no-incremental", str(path)])
    return [line for line in out.splitlines() if ": error:" in line], out + err


def test_mypy_checks_calls_through_the_stubs(tmp_path):
    errors, out = mypy_errors(tmp_path, SNIPPET)
    assert len(errors) == 2, out
    assert 'variable has type "str"' in errors[0]
    assert 'Argument 1 to "compile"' in errors[1]

"""`jit(cache=True)`: compiled entries stored under `__pycache__` and loaded by new processes.

Each test writes a module into a temporary directory and runs scripts importing it in fresh
Python processes (as a user would run a program twice); a script prints a JSON record of its
results and of `f.stats` (`cache_hits`/`cache_misses` by signature), so each test checks both
that the cache was (or was not) used and that the values are the ones CPython computes.
"""
import json
import os
import subprocess
import sys
import textwrap
import warnings

import numpy as np
import pytest

import oxjit

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
PYTHON_DIR = os.path.join(ROOT, "python")

# A script header: import the module under test, report results and stats as JSON.
PRELUDE = """
import json, sys, warnings
import numpy as np
import oxjit
warnings.simplefilter("error", oxjit.OxjitWarning)
def stats(f):
    s = f.stats
    return {"hits": sum(s.cache_hits.values()), "misses": sum(s.cache_misses.values())}
def out(**kw):
    print("RESULT " + json.dumps(kw))
"""


def write(directory, name, source):
    path = os.path.join(directory, name)
    with open(path, "w") as fh:
        fh.write(textwrap.dedent(source))
    return path


def run(directory, script, check=True):
    """Run `script` in a new process with `directory` importable; its `out(...)` record."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([PYTHON_DIR, str(directory)])
    env.pop("OXJIT_CACHE_DIR", None)
    proc = subprocess.run([sys.executable, "-c", PRELUDE + textwrap.dedent(script)],
                          cwd=directory, env=env, capture_output=True, text=True, timeout=120)
    if check:
        assert proc.returncode == 0, proc.stderr
    lines = [ln for ln in proc.stdout.splitlines() if ln.startswith("RESULT ")]
    return json.loads(lines[-1][len("RESULT "):]) if lines else None


def cache_files(directory):
    pyc = os.path.join(directory, "__pycache__")
    if not os.path.isdir(pyc):
        return []
    return sorted(f for f in os.listdir(pyc) if f.endswith(".oxjitc"))


MODULE = """
import numpy as np
from oxjit import njit

SCALE = 3.0

@njit(cache=True)
def helper(x):
    return x * SCALE

@njit(cache=True)
def total(a):
    s = 0.0
    for i in range(a.shape[0]):
        if a[i] < 0:
            raise ValueError(f"negative value at {i}")
        s += helper(a[i])
    return s
"""

CALL_TOTAL = """
import mod
r = mod.total(np.arange(10.0))
try:
    mod.total(np.array([1.0, -2.0]))
    err = None
except ValueError as e:
    err = str(e)
out(result=r, error=err, **stats(mod.total))
"""


def test_hit_in_a_new_process_gives_the_uncached_results(tmp_path):
    write(tmp_path, "mod.py", MODULE)
    first = run(tmp_path, CALL_TOTAL)
    assert (first["hits"], first["misses"]) == (0, 1)
    assert len(cache_files(tmp_path)) == 1
    assert cache_files(tmp_path)[0].startswith("mod.total.")
    second = run(tmp_path, CALL_TOTAL)
    assert (second["hits"], second["misses"]) == (1, 0)
    # CPython's values and messages, from the cached code too.
    assert first["result"] == second["result"] == float(np.arange(10.0).sum() * 3.0)
    assert first["error"] == second["error"] == "negative value at 1"


def test_editing_the_function_invalidates(tmp_path):
    write(tmp_path, "mod.py", MODULE)
    run(tmp_path, CALL_TOTAL)
    write(tmp_path, "mod.py", MODULE.replace("s += helper(a[i])", "s += helper(a[i]) + 1.0"))
    after = run(tmp_path, CALL_TOTAL)
    assert (after["hits"], after["misses"]) == (0, 1)
    assert after["result"] == float(np.arange(10.0).sum() * 3.0 + 10)


def test_editing_a_jitted_callee_invalidates(tmp_path):
    write(tmp_path, "mod.py", MODULE)
    assert run(tmp_path, CALL_TOTAL)["misses"] == 1
    write(tmp_path, "mod.py", MODULE.replace("return x * SCALE", "return x * SCALE - 1.0"))
    after = run(tmp_path, CALL_TOTAL)
    # The same file (the function's own source did not change) is checked and rebuilt.
    assert (after["hits"], after["misses"]) == (0, 1)
    assert after["result"] == float(np.arange(10.0).sum() * 3.0 - 10)
    assert len(cache_files(tmp_path)) == 1
    assert run(tmp_path, CALL_TOTAL)["hits"] == 1


def test_editing_a_callee_in_another_module_invalidates(tmp_path):
    write(tmp_path, "lib.py", """
        from oxjit import njit
        @njit
        def inner(x):
            return x + 1
    """)
    write(tmp_path, "mod.py", """
        from oxjit import njit
        from lib import inner
        @njit(cache=True)
        def outer(n):
            return inner(n) * 2
    """)
    script = "import mod\nout(result=mod.outer(5), **stats(mod.outer))"
    assert run(tmp_path, script) == {"result": 12, "hits": 0, "misses": 1}
    assert run(tmp_path, script) == {"result": 12, "hits": 1, "misses": 0}
    write(tmp_path, "lib.py", """
        from oxjit import njit
        @njit
        def inner(x):
            return x + 100
    """)
    assert run(tmp_path, script) == {"result": 210, "hits": 0, "misses": 1}


def test_changing_a_frozen_global_invalidates(tmp_path):
    write(tmp_path, "mod.py", MODULE)
    run(tmp_path, CALL_TOTAL)
    write(tmp_path, "mod.py", MODULE.replace("SCALE = 3.0", "SCALE = 0.5"))
    after = run(tmp_path, CALL_TOTAL)
    assert (after["hits"], after["misses"]) == (0, 1)
    assert after["result"] == float(np.arange(10.0).sum() * 0.5)


def test_changing_a_callee_default_invalidates(tmp_path):
    source = """
        from oxjit import njit
        @njit
        def step(x, k=2):
            return x * k
        @njit(cache=True)
        def f(x):
            return step(x)
    """
    write(tmp_path, "mod.py", source)
    script = "import mod\nout(result=mod.f(7), **stats(mod.f))"
    assert run(tmp_path, script) == {"result": 14, "hits": 0, "misses": 1}
    write(tmp_path, "mod.py", source.replace("k=2", "k=5"))
    assert run(tmp_path, script) == {"result": 35, "hits": 0, "misses": 1}


def test_changing_locals_types_invalidates(tmp_path):
    # The decorator's text is unchanged: only the dict it reads changes.
    source = """
        import numpy as np
        from oxjit import njit, types
        LOCALS = {"acc": types.float32}
        @njit(cache=True, locals=LOCALS)
        def f(a):
            acc = 0.0
            for v in a:
                acc += v
            return acc
    """
    write(tmp_path, "mod.py", source)
    script = "import mod\nout(result=mod.f(np.full(10, 0.1)), **stats(mod.f))"
    f32 = run(tmp_path, script)
    assert (f32["hits"], f32["misses"]) == (0, 1)
    assert run(tmp_path, script)["hits"] == 1
    write(tmp_path, "mod.py", source.replace("types.float32", "types.float64"))
    f64 = run(tmp_path, script)
    assert (f64["hits"], f64["misses"]) == (0, 1)
    assert f64["result"] == sum([0.1] * 10) != f32["result"]


def test_different_argument_types_have_different_entries(tmp_path):
    write(tmp_path, "mod.py", """
        from oxjit import njit
        @njit(cache=True)
        def total(a):
            return a.sum()
    """)
    script = """
        import mod
        r1 = mod.total(np.arange(5.0))
        r2 = mod.total(np.arange(5, dtype=np.int32))
        r3 = mod.total(np.arange(6.0).reshape(2, 3))
        out(r=[r1, int(r2), r3], types=[type(r1).__name__, type(r2).__name__],
            **stats(mod.total))
    """
    first = run(tmp_path, script)
    assert (first["hits"], first["misses"]) == (0, 3)
    assert len(cache_files(tmp_path)) == 3
    second = run(tmp_path, script)
    assert (second["hits"], second["misses"]) == (3, 0)
    assert first["r"] == second["r"] == [10.0, 10, 15.0]
    assert first["types"] == second["types"]


@pytest.mark.parametrize("damage", ["flip", "truncate", "empty", "header"])
def test_corrupt_or_truncated_entry_is_rebuilt_silently(tmp_path, damage):
    write(tmp_path, "mod.py", MODULE)
    first = run(tmp_path, CALL_TOTAL)
    path = os.path.join(tmp_path, "__pycache__", cache_files(tmp_path)[0])
    data = bytearray(open(path, "rb").read())
    if damage == "flip":
        data[len(data) // 2] ^= 0xFF
    elif damage == "truncate":
        data = data[: len(data) - 100]
    elif damage == "empty":
        data = bytearray()
    else:
        data[8] ^= 0x01  # the format version
    with open(path, "wb") as fh:
        fh.write(data)
    # No warning (the prelude turns oxjit warnings into errors), the right result, rebuilt.
    after = run(tmp_path, CALL_TOTAL)
    assert (after["hits"], after["misses"]) == (0, 1)
    assert after["result"] == first["result"] and after["error"] == first["error"]
    assert run(tmp_path, CALL_TOTAL)["hits"] == 1


def test_concurrent_processes_writing_stay_correct(tmp_path):
    write(tmp_path, "mod.py", MODULE)
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([PYTHON_DIR, str(tmp_path)])
    script = PRELUDE + textwrap.dedent(CALL_TOTAL)
    procs = [subprocess.Popen([sys.executable, "-c", script], cwd=tmp_path, env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for _ in range(6)]
    expected = float(np.arange(10.0).sum() * 3.0)
    for p in procs:
        stdout, stderr = p.communicate(timeout=120)
        assert p.returncode == 0, stderr
        record = json.loads(stdout.splitlines()[-1][len("RESULT "):])
        assert record["result"] == expected
        assert record["error"] == "negative value at 1"
    # One whole entry, no temporary file left, and it loads.
    assert os.listdir(os.path.join(tmp_path, "__pycache__")) == cache_files(tmp_path)
    assert len(cache_files(tmp_path)) == 1
    assert run(tmp_path, CALL_TOTAL)["hits"] == 1


def test_parallel_functions_are_cached(tmp_path):
    write(tmp_path, "mod.py", """
        import numpy as np
        from oxjit import njit, prange
        @njit(parallel=True, cache=True)
        def f(a, b):
            c = np.sqrt(a * a + b * b)
            s = 0.0
            for i in prange(a.shape[0]):
                s += c[i] * 2.0
            return c, s
    """)
    script = """
        import mod
        a = np.linspace(0.0, 1.0, 100_000); b = np.cos(a)
        c, s = mod.f(a, b)
        ref_c = np.sqrt(a * a + b * b)
        out(equal=bool(np.allclose(c, ref_c)), s=s, ref=float((ref_c * 2.0).sum()),
            loops=mod.f.parallel_loops, **stats(mod.f))
    """
    first = run(tmp_path, script)
    second = run(tmp_path, script)
    assert (first["hits"], first["misses"], second["hits"], second["misses"]) == (0, 1, 1, 0)
    assert first["equal"] and second["equal"]
    assert first["s"] == second["s"] == pytest.approx(first["ref"], rel=1e-12)
    assert first["loops"] == second["loops"] and first["loops"][0] >= 1


def test_user_exception_classes_from_cached_code(tmp_path):
    write(tmp_path, "mod.py", """
        from oxjit import njit
        class Bad(Exception):
            pass
        @njit(cache=True)
        def check(x):
            if x < 0:
                raise Bad(f"x must be >= 0, got {x}")
            return x
    """)
    script = """
        import mod
        try:
            mod.check(-3)
            got = None
        except mod.Bad as e:
            got = [type(e).__name__, list(e.args)]
        out(got=got, ok=mod.check(4), **stats(mod.check))
    """
    first = run(tmp_path, script)
    second = run(tmp_path, script)
    assert first["got"] == second["got"] == ["Bad", ["x must be >= 0, got -3"]]
    assert first["ok"] == second["ok"] == 4
    assert (second["hits"], second["misses"]) == (1, 0)


def test_cache_dir_from_environment(tmp_path):
    write(tmp_path, "mod.py", MODULE)
    elsewhere = tmp_path / "elsewhere"
    env_script = "import os\nos.environ['OXJIT_CACHE_DIR'] = %r\n" % str(elsewhere)
    run(tmp_path, env_script + CALL_TOTAL)
    assert cache_files(tmp_path) == []
    assert len([f for f in os.listdir(elsewhere) if f.endswith(".oxjitc")]) == 1
    assert run(tmp_path, env_script + CALL_TOTAL)["hits"] == 1


def test_function_without_a_source_file_warns_and_works():
    namespace = {}
    exec("def f(x):\n    return x + 1\n", namespace)
    with pytest.warns(oxjit.OxjitWarning, match="cannot cache `f`: it has no source file"):
        f = oxjit.njit(cache=True)(namespace["f"])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", oxjit.OxjitWarning)
        # exec'd source is not readable by inspect: registered through linecache it is.
        import linecache
        filename = namespace["f"].__code__.co_filename
        linecache.cache[filename] = (0, None, ["def f(x):\n", "    return x + 1\n"], filename)
        try:
            assert f(41) == 42
        finally:
            linecache.cache.pop(filename, None)
    assert f.stats.cache_path is None


def _double(x):
    return x * 2


def test_stats_without_cache():
    f = oxjit.njit(_double)
    assert f(3) == 6
    s = f.stats
    assert s.cache_path is None and not s.cache_hits and not s.cache_misses


def test_unwritable_cache_directory_warns_and_still_runs(tmp_path):
    write(tmp_path, "mod.py", MODULE)
    # A file where the __pycache__ directory should be: the entry cannot be written.
    (tmp_path / "__pycache__").write_text("not a directory")
    script = """
        import mod
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            r = mod.total(np.arange(4.0))
        out(result=r, warnings=[str(w.message) for w in caught], **stats(mod.total))
    """
    got = run(tmp_path, script)
    assert got["result"] == 18.0 and got["misses"] == 1
    assert len(got["warnings"]) == 1 and "cannot write the cache of `total`" in got["warnings"][0]


JITCLASS_MODULE = """
from oxjit import njit, float64
from oxjit.experimental import jitclass

@jitclass([("x", float64)])
class Box:
    def __init__(self, x):
        self.x = x

    def doubled(self):
        return 2.0 * self.x

@njit(cache=True)
def use_box(v):
    return Box(v).doubled()
"""


def test_functions_using_a_jitclass_are_compiled_again_in_each_process(tmp_path):
    # Class ids and method functions belong to the process: such entries never verify.
    write(tmp_path, "mod.py", JITCLASS_MODULE)
    script = "import mod\nout(result=mod.use_box(1.5), **stats(mod.use_box))\n"
    first = run(tmp_path, script)
    second = run(tmp_path, script)
    assert first["result"] == second["result"] == 3.0
    assert (second["hits"], second["misses"]) == (0, 1)

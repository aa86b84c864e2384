"""`OXJIT_PERF_MAP=1` appends each compiled function to `/tmp/perf-<pid>.map` (perf's JIT map
format: `START SIZE NAME`, hex), so profilers name compiled code."""
import os
import subprocess
import sys
import tempfile
import textwrap

import pytest

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="perf maps")

CHILD = textwrap.dedent(
    """
    import os
    import numpy
    from oxjit import njit

    @njit
    def scaled_sum(a, k):
        s = 0.0
        for i in range(a.shape[0]):
            s += a[i] * k
        return s

    assert scaled_sum(numpy.arange(4.0), 2.0) == 12.0
    # The code must be in an executable mapping of this process.
    spans = []
    with open("/proc/self/maps") as f:
        for line in f:
            addr, perms = line.split()[:2]
            if "x" in perms:
                lo, hi = (int(x, 16) for x in addr.split("-"))
                spans.append((lo, hi))
    with open("/tmp/perf-%d.map" % os.getpid()) as f:
        lines = f.read().splitlines()
    os.unlink("/tmp/perf-%d.map" % os.getpid())
    for line in lines:
        start, size, name = line.split(" ", 2)
        start, size = int(start, 16), int(size, 16)
        inside = any(lo <= start and start + size <= hi for lo, hi in spans)
        print(name, size, inside)
    """
)


def test_perf_map_names_compiled_functions():
    with tempfile.NamedTemporaryFile("w", suffix=".py", delete=False) as f:
        f.write(CHILD)
    try:
        out = subprocess.run(
            [sys.executable, f.name],
            capture_output=True,
            text=True,
            env={**os.environ, "OXJIT_PERF_MAP": "1"},
            timeout=60,
        )
    finally:
        os.unlink(f.name)
    assert out.returncode == 0, out.stderr
    lines = out.stdout.splitlines()
    assert len(lines) == 1, lines
    name, size, inside = lines[0].rsplit(" ", 2)
    assert name == "oxjit:scaled_sum(float64[::1], float64)"
    assert 16 < int(size) < 1 << 20
    assert inside == "True"


def test_no_perf_map_by_default():
    code = "import os, oxjit\n@oxjit.njit\ndef f(x):\n    return x + 1\nf(1)\n" \
        "print(os.path.exists('/tmp/perf-%d.map' % os.getpid()))\n"
    with tempfile.NamedTemporaryFile("w", suffix=".py", delete=False) as f:
        f.write(code)
    env = {k: v for k, v in os.environ.items() if k != "OXJIT_PERF_MAP"}
    try:
        out = subprocess.run([sys.executable, f.name], capture_output=True, text=True, env=env,
                             timeout=60)
    finally:
        os.unlink(f.name)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "False"

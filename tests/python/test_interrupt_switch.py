"""`OXJIT_NO_INTERRUPT_POLL=1` (for benchmarks/bench_interrupt.py only) compiles loops without
the Ctrl-C poll; without it every loop back edge polls. Checked on the Cranelift IR, in child
processes (the switch is read once per process)."""
import os
import subprocess
import sys

import pytest

CHILD = r'''
import numpy, oxjit

@oxjit.njit
def loop(a):
    s = 0.0
    for i in range(a.shape[0]):
        s += a[i]
    return s

a = numpy.arange(5.0)
assert loop(a) == 10.0
clif = loop.inspect_clif(0)
print(clif.count("atomic_load.i8"))
'''


def polls(tmp_path, env_value):
    script = tmp_path / "child.py"
    script.write_text(CHILD)
    env = dict(os.environ)
    env.pop("OXJIT_NO_INTERRUPT_POLL", None)
    if env_value is not None:
        env["OXJIT_NO_INTERRUPT_POLL"] = env_value
    out = subprocess.run([sys.executable, str(script)], env=env, check=True,
                         capture_output=True, text=True).stdout
    return int(out.strip().splitlines()[-1])


@pytest.mark.parametrize("value", [None, "0", ""])
def test_loops_poll_by_default(tmp_path, value):
    assert polls(tmp_path, value) >= 1


def test_the_switch_removes_the_poll(tmp_path):
    assert polls(tmp_path, "1") == 0

"""`python -m oxjit.demo` (README command 1) runs both seed programs and checks its results."""
import subprocess
import sys

import pytest

from oxjit import demo


def test_demo_small_run_checks_out(capsys):
    assert demo.main(["--n", "300", "--n-obs", "5000", "--iterations", "7", "--no-numba"]) == 0
    out = capsys.readouterr().out
    assert "1. Insertion sort of 300 floats" in out
    assert "2. Gradient-descent regression, 5,000 rows x 7 iterations" in out
    assert "bit-identical to serial" in out
    assert "WRONG" not in out and out.rstrip().endswith("all results check out")


def test_demo_plot(tmp_path, capsys):
    pytest.importorskip("matplotlib")
    png = tmp_path / "t.png"
    assert demo.main(["--n", "100", "--n-obs", "1000", "--iterations", "2", "--no-numba",
                      "--plot", str(png)]) == 0
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_demo_as_module():
    run = subprocess.run([sys.executable, "-m", "oxjit.demo", "--n", "200", "--n-obs", "2000",
                          "--iterations", "3", "--no-numba"], capture_output=True, text=True,
                         timeout=120)
    assert run.returncode == 0, run.stdout + run.stderr

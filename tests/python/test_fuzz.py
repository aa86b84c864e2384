"""500 generated programs (numbers, arrays, loops, branches, `raise`) run in CPython and under
oxjit: values, kinds, exception classes and messages, and argument arrays must agree. A long run
is `scripts/fuzz.sh`; every mismatch it finds becomes a case in REGRESSIONS below."""
import pytest

from fuzz_runner import run_one

# Seeds that once disagreed (each fixed since); they stay in the run forever.
REGRESSIONS = []

CI_PROGRAMS = 500
BATCH = 50


@pytest.mark.parametrize("start", range(0, CI_PROGRAMS, BATCH))
def test_generated_programs_agree_with_cpython(start):
    reports = [r for r in map(run_one, range(start, start + BATCH)) if r]
    assert not reports, "\n\n".join(reports)


@pytest.mark.parametrize("seed", REGRESSIONS)
def test_regressions(seed):
    report = run_one(seed)
    assert report is None, report

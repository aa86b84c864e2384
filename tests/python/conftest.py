"""pytest configuration for the oxjit Python test suite.

Puts this folder on ``sys.path`` so that the test modules can ``import diff``
(the differential harness) wherever pytest is started from.
"""
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
if HERE not in sys.path:
    sys.path.insert(0, HERE)

# Hypothesis: random examples by default (they keep finding new cases); `OXJIT_CI=1` (set by
# `.ci/run`) fixes them, so that a hand-in is judged on the examples it was tested with.
try:
    from hypothesis import settings as _settings

    _settings.register_profile("ci", derandomize=True)
    if os.environ.get("OXJIT_CI") == "1":
        _settings.load_profile("ci")
except ImportError:  # the suite skips hypothesis tests without it
    pass

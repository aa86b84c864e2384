"""pytest configuration for the oxjit Python test suite.

Puts this folder on ``sys.path`` so that the test modules can ``import diff``
(the differential harness) wherever pytest is started from.
"""
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
if HERE not in sys.path:
    sys.path.insert(0, HERE)

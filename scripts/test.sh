#!/usr/bin/env bash
# Every test: install what the tests need, build and install the package, then the Rust tests and
# the Python differential tests. Works in a fresh virtual environment.
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -m pip install --quiet "maturin>=1.5,<2" numpy pytest hypothesis "dask[array]" distributed mypy scipy
python3 -m pip install --quiet --no-build-isolation -e .
cargo test -p oxjit_compiler -p oxjit_runtime --quiet
python3 -m pytest tests/python -q

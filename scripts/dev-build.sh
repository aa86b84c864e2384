#!/usr/bin/env bash
# Fast rebuild of the extension for an editable install (`pip install -e .` done once).
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release -p oxjit_python --features pyo3/extension-module
cp target/release/lib_oxjit.so python/oxjit/_oxjit.abi3.so.tmp
mv -f python/oxjit/_oxjit.abi3.so.tmp python/oxjit/_oxjit.abi3.so

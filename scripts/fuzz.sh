#!/usr/bin/env bash
# Long differential fuzzing run: random programs (tests/python/program_generator.py) in CPython
# and under oxjit. Usage: scripts/fuzz.sh [COUNT=10000] [START=random] [FEATURES=raise]
# Every mismatch is printed with its seed and source; add it to tests/python/test_fuzz.py.
set -euo pipefail
cd "$(dirname "$0")/../tests/python"
count="${1:-10000}"
start="${2:-$((RANDOM * 32768 + RANDOM))}"
features="${3:-raise}"
echo "programs ${start}..$((start + count - 1)), features: ${features}"
python3 fuzz_runner.py "$start" "$count" "$features"

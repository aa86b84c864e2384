"""Run every benchmark script (bench_*.py) in this folder, one after another.

Run:  python benchmarks/run_all.py [--quick] [other options passed to each script]

Each script runs in its own Python process (so first-call timings are not
warmed by another benchmark). Exits non-zero if any script fails.
"""
import glob
import os
import subprocess
import sys
import time


def main(argv):
    here = os.path.dirname(os.path.abspath(__file__))
    scripts = sorted(glob.glob(os.path.join(here, "bench_*.py")))
    if not scripts:
        print("no bench_*.py scripts found")
        return 1
    failures = []
    for script in scripts:
        name = os.path.basename(script)
        print(f"=== {name} {' '.join(argv)}".rstrip(), flush=True)
        start = time.perf_counter()
        code = subprocess.call([sys.executable, script, *argv])
        print(f"=== {name}: exit {code}, {time.perf_counter() - start:.1f} s\n", flush=True)
        if code != 0:
            failures.append(name)
    if failures:
        print("failed: " + ", ".join(failures))
        return 1
    print(f"all {len(scripts)} benchmark(s) ran")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

"""`make bench`: run the site, print and audio benchmarks one after another.

Each prints its own figures (ratios, sizes, peak memory). Speed is measured here, never
asserted in unit tests: timings on a shared 2-core machine are too noisy for pass/fail.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
BENCHES = ["bench_site.py", "bench_print.py", "bench_audio.py", "bench_normalise.py",
           "bench_warm.py", "bench_province.py", "bench_share.py", "bench_intelligibility.py",
           "bench_search.py", "bench_saves.py", "bench_studio.py", "bench_preview.py",
           "bench_engines.py"]


def main() -> int:
    failed = []
    for name in BENCHES:
        print(f"\n=== {name} ===", flush=True)
        if subprocess.call([sys.executable, str(HERE / name), *sys.argv[1:]]) != 0:
            failed.append(name)
    if failed:
        print(f"\nfailed: {', '.join(failed)}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

"""Time the share previews: milliseconds per PNG cold and cached, and bytes per PNG.

Usage: python scripts/bench_share.py [path/to/mkdocs.yml]
Without an argument it uses the repository's reference project (its procedure names), else
a fresh scaffold project. Prints the figures; asserts nothing (speed is noisy on shared
machines).
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

from outreach.artifacts import Cache
from outreach.catalogue.project import Project, load_project
from outreach.errors import InvalidInput
from outreach.paths import repo_root
from outreach.scaffold import scaffold
from outreach.site.preview import build_previews


def pick_project(argv: list[str], scratch: Path) -> Project:
    if argv:
        return load_project(Path(argv[0]))
    try:
        return load_project(repo_root() / "mkdocs.yml")
    except (InvalidInput, FileNotFoundError):
        scaffold(scratch / "xa", "Trung Sơn", "Quảng Trị")
        return load_project(scratch / "xa" / "mkdocs.yml")


def main(argv: list[str]) -> int:
    with tempfile.TemporaryDirectory() as tmp:
        scratch = Path(tmp)
        project = pick_project(argv, scratch)
        cache = Cache(scratch / "cache")
        count = len(project.catalogue.procedures)
        timings = {}
        for label in ("cold", "cached"):
            started = time.perf_counter()
            artifacts = build_previews(project, scratch / "site", cache)
            timings[label] = (time.perf_counter() - started) / count * 1000
        sizes = [(scratch / "site" / a.path).stat().st_size for a in artifacts]
    print(f"previews: {count} procedures")
    print(f"  cold:   {timings['cold']:.1f} ms per PNG "
          f"(2,000 procedures: ~{timings['cold'] * 2:.0f} s on this machine)")
    print(f"  cached: {timings['cached']:.2f} ms per PNG")
    print(f"  size:   median {statistics.median(sizes) / 1024:.1f} KiB, "
          f"max {max(sizes) / 1024:.1f} KiB")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

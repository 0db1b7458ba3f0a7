"""Time the print module: seconds per notice, leaflet and guide, cold and cached.

Usage: python scripts/bench_print.py [path/to/mkdocs.yml]
Without an argument it uses the repository's reference project when it loads,
else a fresh scaffold project in a temporary folder.
"""

from __future__ import annotations

import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

from outreach.artifacts import Cache
from outreach.catalogue.project import Project, load_project
from outreach.errors import InvalidInput
from outreach.paths import repo_root
from outreach.print import build_pdfs
from outreach.print.compose import font_subsetter
from outreach.print.documents import jobs_for
from outreach.scaffold import scaffold


def subsetter_line() -> str:
    """Which library subsets the PDFs' fonts: fontTools makes every layout about 3x slower."""
    name = font_subsetter()
    hint = "" if name == "harfbuzz" else " (slow: apt install libharfbuzz-subset0)"
    return f"PDF fonts subset by {name}{hint}"


def pick_projects(argv: list[str], scratch: Path) -> list[Project]:
    """The given project, else the scaffold project plus the reference one if it loads."""
    if argv:
        return [load_project(Path(argv[0]))]
    scaffold(scratch / "xa", "Trung Sơn", "Quảng Trị")
    projects = [load_project(scratch / "xa" / "mkdocs.yml")]
    try:
        projects.append(load_project(repo_root() / "mkdocs.yml"))
    except InvalidInput as exc:
        print(f"reference project does not load ({len(exc.problems)} problems); skipped")
    return projects


def time_each(project: Project, out: Path, cache: Cache) -> dict[str, list[float]]:
    """Seconds per document, grouped by kind, building one document at a time."""
    jobs, _ = jobs_for(project, None)
    times: dict[str, list[float]] = defaultdict(list)
    for job in jobs:
        start = time.perf_counter()
        try:
            build_pdfs(project, out, cache, only=frozenset({job.source}))
        except InvalidInput as exc:
            print(f"  refused {job.source}: {exc.problems[0]}")
            continue
        times[job.kind].append(time.perf_counter() - start)
    return times


def main(argv: list[str]) -> None:
    print(subsetter_line())
    with tempfile.TemporaryDirectory() as scratch:
        for n, project in enumerate(pick_projects(argv, Path(scratch))):
            bench(project, Path(scratch) / str(n))


def bench(project: Project, scratch: Path) -> None:
    """Cold then cached timings; a private cache so the project's own stays untouched."""
    cache = Cache(scratch / "cache")
    out = scratch / "site"
    print(f"project: {project.root}")
    for label in ("cold", "cached"):
        renders = cache.misses.get("pdf", 0)  # a PDF not in the cache is a WeasyPrint run
        times = time_each(project, out, cache)
        for kind, values in sorted(times.items()):
            print(f"{label:6} {kind:7} n={len(values):3}  mean {sum(values) / len(values):.3f} s"
                  f"  max {max(values):.3f} s")
        print(f"{label:6} WeasyPrint renders: {cache.misses.get('pdf', 0) - renders}")


if __name__ == "__main__":
    main(sys.argv[1:])

""""Dựng trang": one full build at a time in a background thread, its progress kept for the page.

The build is the orchestrator's (build.build_site): the same outputs, caches and atomic swap
as `outreach build`. The page polls (a refresh without JavaScript) while it runs.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import InvalidInput, Problem


@dataclass
class BuildRun:
    """What the build page shows: running or done, progress per stage, warnings, errors."""

    running: bool = False
    started: float = 0.0
    seconds: float | None = None
    stages: dict[str, tuple[int, int]] = field(default_factory=dict)
    warnings: list[Problem] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    failure: str | None = None
    site_dir: Path | None = None
    counts: dict[str, int] = field(default_factory=dict)


class Builder:
    """Owns the current (or last) build of one project."""

    def __init__(self, config_file: Path):
        self.config_file = config_file
        self.run = BuildRun()
        self._lock = threading.Lock()

    def start(self, engine: str | None = None) -> bool:
        """Start a build unless one is running; False when one already is."""
        with self._lock:
            if self.run.running:
                return False
            self.run = BuildRun(running=True, started=time.perf_counter())
        threading.Thread(target=self._build, args=(self.run, engine), daemon=True).start()
        return True

    def _build(self, run: BuildRun, engine: str | None) -> None:
        import json
        from collections import Counter

        from ..build import BuildOptions, build_site
        from ..catalogue.project import load_project
        from ..paths import MANIFEST

        def progress(label: str, done: int, total: int) -> None:
            run.stages[label] = (done, total)

        try:
            project = load_project(self.config_file)
            settings = project.settings
            options = BuildOptions(print=settings.print, speech=settings.speech,
                                   engine=engine or settings.engine, progress=progress,
                                   project=project)
            run.site_dir = Path(build_site(self.config_file, options))
            run.warnings = list(options.warnings)
            manifest = run.site_dir / MANIFEST
            if manifest.is_file():
                artifacts = json.loads(manifest.read_text("utf-8"))["artifacts"]
                run.counts = dict(Counter(a["kind"] for a in artifacts))
        except InvalidInput as exc:
            run.problems = exc.problems
        except Exception as exc:  # a build error must reach the page, not kill the studio
            run.failure = f"{type(exc).__name__}: {exc}"
        finally:
            run.seconds = time.perf_counter() - run.started
            run.running = False


def site_dir_of(config_file: Path) -> Path:
    """site_dir from mkdocs.yml (MkDocs' default `site`), without a full config load."""
    import re

    text = config_file.read_text(encoding="utf-8")
    match = re.search(r"^site_dir:\s*['\"]?([^'\"#\n]+?)['\"]?\s*(#.*)?$", text, re.MULTILINE)
    return (config_file.parent / (match.group(1) if match else "site")).resolve()

""""Dựng trang": one full build at a time, its progress kept for the build page.

The build is the orchestrator's, run by `preview.build_with_progress` in a child process:
the same outputs, caches and atomic swap as `outreach build`. The page refreshes itself
(no JavaScript needed) while it runs.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


@dataclass
class BuildRun:
    """What the build page shows: running or done, progress per stage, the report."""

    running: bool = False
    stages: dict[str, tuple[int, int]] = field(default_factory=dict)
    report: Any = None  # preview.BuildReport once done


class Builder:
    """Owns the current (or last) build of one project."""

    def __init__(self, config_file: Path):
        self.config_file = config_file
        self.run = BuildRun()
        self._lock = threading.Lock()

    def start(self) -> bool:
        """Start a build unless one is running; False when one already is."""
        with self._lock:
            if self.run.running:
                return False
            self.run = BuildRun(running=True)
        threading.Thread(target=self._build, args=(self.run,), daemon=True).start()
        return True

    def _build(self, run: BuildRun) -> None:
        from ..preview import build_with_progress

        def report(stage: str, done: int, total: int, message: str) -> None:
            run.stages[message] = (done, total)

        try:
            run.report = build_with_progress(self.config_file, report)
        finally:
            run.running = False

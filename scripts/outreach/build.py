"""Orchestration: produce PDFs and audio, run MkDocs into a temp folder, swap it in."""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from .artifacts import Artifact, Cache, Progress, Warn, no_progress
from .catalogue.project import Project
from .errors import Problem

os.environ.setdefault("NO_MKDOCS_2_WARNING", "true")
CACHE_ENV = "OUTREACH_CACHE_DIR"


@dataclass(frozen=True)
class BuildOptions:
    """What to produce. The CLI sets these; plain `mkdocs build` uses mkdocs.yml's defaults."""

    print: bool = True
    speech: bool = True
    engine: str = "auto"  # auto | gtts | espeak
    only: frozenset[str] | None = None  # announcement ids / procedure codes; None = all
    progress: Progress = no_progress
    warnings: list[Problem] = field(default_factory=list)
    project: Project | None = None  # already validated by the CLI: the hook need not reload it
    cache_dir: Path | None = None  # a render cache shared by communes (else $OUTREACH_CACHE_DIR)
    cache_stats: dict[str, int] = field(default_factory=dict)  # hits/misses, filled by a build
    timings: dict[str, float] = field(default_factory=dict)  # seconds of PDF/audio work

    def warn(self, problem: Problem) -> None:
        self.warnings.append(problem)


# Set by the CLI before it runs MkDocs; the hook reads it. None -> defaults from mkdocs.yml.
_current: BuildOptions | None = None


def set_options(options: BuildOptions | None) -> None:
    global _current
    _current = options


def cli_reports_warnings() -> bool:
    """True while the CLI runs the build: it prints the collected warnings itself."""
    return _current is not None


def preloaded_project(config_file: Path) -> Project | None:
    """The project the CLI loaded for this very build, if any."""
    if _current is None or _current.project is None:
        return None
    return _current.project if _current.project.root == config_file.resolve().parent else None


def options_for(project: Project) -> BuildOptions:
    if _current is not None:
        return _current
    s = project.settings
    return BuildOptions(print=s.print, speech=s.speech, engine=s.engine)


def cache_for(project: Project, options: BuildOptions | None = None) -> Cache:
    """The render cache: --cache-dir, else $OUTREACH_CACHE_DIR, else the project's own."""
    shared = (options.cache_dir if options else None) or os.environ.get(CACHE_ENV)
    return Cache(Path(shared) if shared else project.root / project.settings.cache_dir)


def produce_assets(project: Project, out_dir: Path, options: BuildOptions) -> list[Artifact]:
    """Render PDFs and audio into out_dir (paths as in outreach.paths); cached by content."""
    started, cpu = time.perf_counter(), time.process_time()
    cache = cache_for(project, options)
    artifacts: list[Artifact] = []
    warn: Warn = options.warn
    if options.only is None:
        from .province.opendata import open_data

        artifacts += open_data(project, out_dir)
    for problem in project.withheld_warnings():  # placeholders left out of every output
        warn(problem)
    if options.print:
        from .print import build_pdfs

        artifacts += build_pdfs(project, out_dir, cache, only=options.only,
                                warn=warn, progress=options.progress)
    if options.only is None:  # share previews belong to the whole site, not `outreach print`
        from .site.preview import build_previews

        artifacts += build_previews(project, out_dir, cache, warn=warn, progress=options.progress)
    if options.speech:
        from .speech import build_audio

        artifacts += build_audio(project, out_dir, cache, engine=options.engine,
                                 only=options.only, warn=warn, progress=options.progress)
        from .speech.schedule import build_schedule

        artifacts += build_schedule(project, out_dir, artifacts, warn, options.only)
    for name, count in cache.stats().items():
        options.cache_stats[name] = options.cache_stats.get(name, 0) + count
    options.timings["assets_s"] = options.timings.get("assets_s", 0) + time.perf_counter() - started
    options.timings["assets_cpu_s"] = options.timings.get("assets_cpu_s", 0) \
        + time.process_time() - cpu
    return artifacts


def build_site(config_file: Path, options: BuildOptions) -> Path:
    """Run a full MkDocs build into a temp folder beside site_dir, then swap it in.

    A failing build raises and leaves the previous site_dir untouched.
    """
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    config = load_config(str(config_file))
    site_dir = Path(config["site_dir"])
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{site_dir.name}.building-", dir=site_dir.parent))
    try:
        config["site_dir"] = str(staging)
        set_options(options)
        build(config, dirty=False)
        _swap(staging, site_dir)
    finally:
        set_options(None)
        shutil.rmtree(staging, ignore_errors=True)
    return site_dir


def _swap(new: Path, target: Path) -> None:
    """Replace target with new using renames, so readers never see a half site."""
    old = target.with_name(f".{target.name}.old")
    shutil.rmtree(old, ignore_errors=True)
    if target.exists():
        os.replace(target, old)
    os.replace(new, target)
    shutil.rmtree(old, ignore_errors=True)


__all__ = ["BuildOptions", "build_site", "cli_reports_warnings", "options_for", "produce_assets",
           "set_options"]

"""build_pdfs: every notice, leaflet and procedure guide of a project, cached by content."""

from __future__ import annotations

from pathlib import Path

from ..artifacts import Artifact, Cache, Progress, Warn, no_progress, sha256_bytes, write_atomic
from ..catalogue.project import Project
from ..errors import InvalidInput, Problem
from .assets import PrintAssets
from .documents import Job, jobs_for
from .render import cache_key, page_html, render_pdf

CACHE_NAMESPACE = "pdf"
PROGRESS_LABEL = "In PDF"


def _ignore(problem: Problem) -> None:
    """Default warn callback."""


def build_pdfs(project: Project, out_dir: Path, cache: Cache,
               only: frozenset[str] | None = None, warn: Warn = _ignore,
               progress: Progress = no_progress) -> list[Artifact]:
    """Render notices, leaflets and one guide per procedure into out_dir.

    `only` limits the work to those announcement ids / procedure codes. Unchanged
    inputs are served from `cache` without running WeasyPrint. If any document
    cannot be printed, raise InvalidInput with every problem and write nothing,
    so the previous PDFs stay as they were.
    """
    assets = PrintAssets.for_project(project.root)
    jobs, problems = jobs_for(project, only, assets)
    results: list[tuple[Job, bytes, int]] = []
    for done, job in enumerate(jobs, start=1):
        try:
            results.append((job, *_pdf_for(job, assets, cache)))
        except InvalidInput as exc:
            problems += exc.problems
        progress(PROGRESS_LABEL, done, len(jobs))
    if problems:
        raise InvalidInput(problems)
    artifacts = []
    for job, data, pages in results:
        for problem in job.warnings:
            warn(problem)
        write_atomic(out_dir / job.path, data)
        artifacts.append(Artifact(job.kind, job.source, job.path, sha256_bytes(data),
                                  {"pages": pages}))
    return artifacts


def _pdf_for(job: Job, assets: PrintAssets, cache: Cache) -> tuple[bytes, int]:
    """(PDF bytes, pages), from the cache when the same HTML was rendered before."""
    key = Cache.key(*cache_key(page_html(job, assets), assets))
    cached = cache.get(CACHE_NAMESPACE, key, ".pdf")
    pages = cache.get(CACHE_NAMESPACE, key, ".pages")
    if cached is not None and pages is not None:
        return cached, int(pages)
    _, data, count = render_pdf(job, assets)
    cache.put(CACHE_NAMESPACE, key, ".pdf", data)
    cache.put(CACHE_NAMESPACE, key, ".pages", str(count).encode())
    return data, count

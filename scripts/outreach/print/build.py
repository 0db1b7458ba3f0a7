"""build_pdfs: every notice, leaflet and procedure guide of a project, cached by content."""

from __future__ import annotations

from importlib import metadata, resources
from pathlib import Path

import jinja2

from .. import clock, paths
from ..artifacts import Artifact, Cache, Progress, Warn, no_progress, sha256_bytes, write_atomic
from ..catalogue.project import Project
from ..errors import InvalidInput, Problem
from . import messages
from .assets import PrintAssets
from .compose import cache_key, html_cache_key, page_html
from .documents import Job, jobs_for
from .qr import cached_qr

CACHE_NAMESPACE = "pdf"
TEMPLATES_FOLDER = "print-templates"  # in the render cache: compiled print templates
DOCX_NAMESPACE = "docx"
PROGRESS_LABEL = "In PDF"
DOCX_KIND = "notice-docx"


def _ignore(problem: Problem) -> None:
    """Default warn callback."""


def build_pdfs(project: Project, out_dir: Path, cache: Cache,
               only: frozenset[str] | None = None, warn: Warn = _ignore,
               progress: Progress = no_progress) -> list[Artifact]:
    """Render notices, leaflets and one guide per procedure into out_dir, and an editable
    Word twin (.docx) beside each notice's PDF.

    `only` limits the work to those announcement ids / procedure codes. Unchanged
    inputs are served from `cache` without running WeasyPrint. If any document
    cannot be printed, raise InvalidInput with every problem and write nothing,
    so the previous PDFs stay as they were.
    """
    assets = PrintAssets.for_project(project.root)
    # Compiled templates are kept (Jinja checks each one's source before using it): a commune
    # whose guide changed renders it without compiling guide.html and base.html again.
    compiled = cache.folder / TEMPLATES_FOLDER
    compiled.mkdir(parents=True, exist_ok=True)
    assets.environment.bytecode_cache = jinja2.FileSystemBytecodeCache(str(compiled))
    jobs, problems = jobs_for(project, only, assets, cached_qr(cache))
    # Communes that share the cache (a province's batch) share what the skeletons tell.
    shared = not cache.folder.resolve().is_relative_to(project.root.resolve())
    results: list[tuple[Job, bytes, int]] = []
    twins: list[tuple[Job, str, bytes]] = []
    for done, job in enumerate(jobs, start=1):
        try:
            key = document_key(job, assets, cache)
            results.append((job, *_pdf_for(job, key, assets, cache, shared)))
            if job.kind == "notice":
                twins.append((job, paths.notice_docx(job.source), _docx_for(job, key, cache)))
        except InvalidInput as exc:
            problems += exc.problems
        progress(PROGRESS_LABEL, done, len(jobs))
    problems += [problem for job, path, _ in twins
                 if (problem := locked_problem(job, out_dir / path)) is not None]
    if problems:
        raise InvalidInput(problems)
    artifacts = []
    for job, data, pages in results:
        for problem in job.warnings:
            warn(problem)
        write_atomic(out_dir / job.path, data)
        artifacts.append(Artifact(job.kind, job.source, job.path, sha256_bytes(data),
                                  {"pages": pages}))
    for job, path, data in twins:
        try:
            write_atomic(out_dir / path, data)
        except PermissionError:  # Windows refuses to replace a file Word holds open
            raise InvalidInput([_locked(job, out_dir / path)]) from None
        artifacts.append(Artifact(DOCX_KIND, job.source, path, sha256_bytes(data), {}))
    return artifacts


def document_key(job: Job, assets: PrintAssets, cache: Cache) -> str:
    """The key of the job's HTML, which decides its PDF and its Word twin; found without
    rendering the HTML when the same job (by `cache_key`) was keyed before.

    Two levels, because a job's context holds more than its document prints (a leaflet
    carries each featured procedure whole): a base edit of a field the leaflet does not
    show changes its job, so its HTML is rendered again (milliseconds), but not its HTML,
    so it is not laid out again.
    """
    try:
        known = Cache.key(*cache_key(job, assets))
    except TypeError:  # a context value with no stable spelling: render to know
        known = None
    if known is not None and (ref := cache.get(CACHE_NAMESPACE, known, ".ref", False)):
        return ref.decode()
    key = Cache.key(*html_cache_key(page_html(job, assets), assets))
    if known is not None:
        cache.put(CACHE_NAMESPACE, known, ".ref", key.encode())
    return key


def locked_problem(job: Job, target: Path) -> Problem | None:
    """A problem when `target` is open in Word or LibreOffice (their lock files, or a
    Windows share lock), checked before anything is written so old outputs stay whole."""
    name = target.name
    owners = {f"~${name}", f"~${name[2:]}", f".~lock.{name}#"}
    if any((target.parent / owner).exists() for owner in owners):
        return _locked(job, target)
    if target.exists():
        try:
            with open(target, "r+b"):
                pass
        except PermissionError:
            return _locked(job, target)
    return None


def _locked(job: Job, target: Path) -> Problem:
    return Problem(job.file, None, "docx", messages.DOCX_LOCKED.format(path=target))


def _pdf_for(job: Job, key: str, assets: PrintAssets, cache: Cache,
             shared: bool = False) -> tuple[bytes, int]:
    """(PDF bytes, pages), from the cache when the same job was rendered before; `shared`:
    the cache serves other projects too."""
    cached = cache.get(CACHE_NAMESPACE, key, ".pdf")
    pages = cache.get(CACHE_NAMESPACE, key, ".pages")
    if cached is not None and pages is not None:
        return cached, int(pages)
    try:
        # WeasyPrint loads only when something must be rendered
        from .render import SkeletonVerdicts, render_pdf
    except (OSError, ImportError) as exc:  # no Pango (a Windows PC without GTK3): say what to do
        raise InvalidInput([Problem(job.file, None, "", messages.PDF_LIBRARY_MISSING.format(
            detail=exc))]) from None
    _, data, count = render_pdf(job, assets, SkeletonVerdicts(cache) if shared else None)
    cache.put(CACHE_NAMESPACE, key, ".pdf", data)
    cache.put(CACHE_NAMESPACE, key, ".pages", str(count).encode())
    return data, count


def _docx_for(job: Job, pdf_key: str, cache: Cache) -> bytes:
    """The notice's Word twin, from the cache while the notice's job (`pdf_key` holds its
    context, every word and setting the .docx is made of), python-docx and word.py itself
    are unchanged."""
    stamp = clock.source_date()  # its file times, when a reproducible build sets them
    naive = stamp.replace(tzinfo=None) if stamp else None
    key = Cache.key("docx", pdf_key, metadata.version("python-docx"),
                    sha256_bytes((resources.files("outreach.print") / "word.py").read_bytes()),
                    naive.isoformat() if naive else "")
    cached = cache.get(DOCX_NAMESPACE, key, ".docx")
    if cached is not None:
        return cached
    from .word import notice_docx  # python-docx loads only when a notice changed

    data = notice_docx(job, naive)
    cache.put(DOCX_NAMESPACE, key, ".docx", data)
    return data

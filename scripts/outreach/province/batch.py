"""`outreach batch`: many commune projects built in parallel processes, one summary.

Each commune is an ordinary project (mkdocs.yml, procedures.yaml that usually `extends` the
province base). Workers share only the render cache folder, whose writes are atomic, so a
failing commune never disturbs the others.
"""

from __future__ import annotations

import contextlib
import importlib
import json
import logging
import posixpath
import time
from collections import Counter
from collections.abc import Callable, Iterable
from concurrent.futures import Future, ProcessPoolExecutor, wait
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import InvalidInput, Problem
from ..portable import pool_context, usable_cores
from . import messages

CONFIG = "mkdocs.yml"
CACHE_NAMESPACES = ("pdf", "speech-sentences", "speech-segments", "speech-clips")


@dataclass(frozen=True)
class BatchOptions:
    """The options of `outreach build`, applied to every commune."""

    print: bool = True
    speech: bool = True
    engine: str | None = None
    strict: bool = False
    cache_dir: str | None = None  # absolute; None -> $OUTREACH_CACHE_DIR or each project's own
    force: bool = False  # rebuild communes whose inputs did not change since their last build


@dataclass
class CommuneResult:
    """What one commune's build produced (picklable: it crosses process boundaries)."""

    path: str
    commune: str
    ok: bool = False
    status: str = messages.STATUS_FAILED
    counts: dict[str, int] = field(default_factory=dict)
    warnings: list[Problem] = field(default_factory=list)
    errors: list[Problem] = field(default_factory=list)
    seconds: float = 0.0
    cache: dict[str, int] = field(default_factory=dict)
    timings: dict[str, float] = field(default_factory=dict)


def commune_dirs(arguments: Iterable[Path]) -> list[Path]:
    """Project folders: each argument, or its direct subfolders that hold a mkdocs.yml."""
    found: list[Path] = []
    problems = []
    for arg in arguments:
        if (arg / CONFIG).is_file():
            found.append(arg)
            continue
        children = sorted(p for p in arg.iterdir() if (p / CONFIG).is_file()) \
            if arg.is_dir() else []
        if not children:
            problems.append(Problem(str(arg), None, "", messages.NO_PROJECT))
        found += children
    if problems:
        raise InvalidInput(problems)
    return list(dict.fromkeys(found))


def matrix(directories: list[Path]) -> dict[str, list[dict[str, str]]]:
    """A CI job matrix: GitHub's `strategy.matrix` takes it as is (`include` entries)."""
    return {"include": [{"commune": d.resolve().name, "path": d.as_posix()}
                        for d in directories]}


def _located(problem: Problem, directory: str) -> Problem:
    """The same problem with its file named from where the batch was started."""
    file = posixpath.normpath(posixpath.join(directory, problem.file)) if problem.file else \
        directory
    return Problem(file, problem.line, problem.field, problem.message, problem.severity)


def _counts(site_dir: Path) -> dict[str, int]:
    manifest = json.loads((site_dir / "outreach-manifest.json").read_text("utf-8"))
    kinds = Counter(a["kind"] for a in manifest["artifacts"])
    return {"pages": kinds["page"],
            "pdfs": kinds["notice"] + kinds["leaflet"] + kinds["guide"],
            "clips": kinds["clip"]}


def build_commune(directory: str, options: BatchOptions) -> CommuneResult:
    """Build one commune; every failure becomes a result, never an exception."""
    from ..build import (
        BuildOptions,
        build_site,
        built_from,
        cpu_seconds,
        inputs_digest,
        load_for_build,
    )

    started, cpu = time.perf_counter(), cpu_seconds()
    result = CommuneResult(directory, Path(directory).resolve().name)
    logging.getLogger("mkdocs").setLevel(logging.ERROR)  # this process only builds
    try:
        config = Path(directory) / CONFIG
        project, loaded = load_for_build(config)
        result.commune = project.office.name
        settings = project.settings
        build_options = BuildOptions(
            print=settings.print and options.print, speech=settings.speech and options.speech,
            engine=options.engine or settings.engine, project=project,
            cache_dir=Path(options.cache_dir) if options.cache_dir else None)
        site_dir = Path(loaded.mkdocs["site_dir"])
        previous = None if options.force else built_from(project, site_dir)
        if previous is not None and previous[0] == inputs_digest(project, build_options,
                                                                 site_dir):
            result.counts, result.ok, result.status = _counts(site_dir), True, \
                messages.STATUS_UNCHANGED
            result.warnings = [_located(p, directory) for p in previous[1]]
            result.ok = not (options.strict and result.warnings)
            if not result.ok:
                result.status = messages.STATUS_STRICT
            result.seconds = time.perf_counter() - started
            return result
        site_dir = build_site(config, build_options, loaded)
        result.counts = _counts(site_dir)
        result.cache = dict(build_options.cache_stats)
        result.timings = dict(build_options.timings)
        result.warnings = [_located(p, directory) for p in build_options.warnings]
        result.ok = not (options.strict and result.warnings)
        result.status = messages.STATUS_OK if result.ok else messages.STATUS_STRICT
    except InvalidInput as exc:
        result.errors = [_located(p, directory) for p in exc.problems]
    except Exception as exc:  # MkDocs/plugin errors carry their own file:line text
        detail = str(exc) or type(exc).__name__
        result.errors = [Problem(directory, None, "", messages.UNEXPECTED.format(
            kind=type(exc).__name__, detail=detail))]
    result.seconds = time.perf_counter() - started
    result.timings["build_cpu_s"] = cpu_seconds() - cpu
    return result


# What a build imports: MkDocs and Material's plugins, the orchestrator and the plugin; print
# adds WeasyPrint, offline audio the speech engines and SciPy (only a commune with something
# new to say uses them, but a cold batch has many such communes).
BUILD_MODULES = ("mkdocs.commands.build", "material.plugins.search.plugin", "outreach.build",
                 "outreach.site.plugin", "outreach.site.pages", "outreach.site.search")
PRINT_MODULES = ("outreach.print.build", "outreach.print.render")
SPEECH_MODULES = ("outreach.speech.produce", "outreach.speech.render")


def warm_up(options: BatchOptions) -> None:
    """Import what a build with `options` needs, in a worker that would otherwise wait idle
    while the lead commune builds alone: its first commune then costs what the others do."""
    names = BUILD_MODULES + (PRINT_MODULES if options.print else ()) + \
        (SPEECH_MODULES if options.speech else ())
    for name in names:
        with contextlib.suppress(ImportError, OSError):  # the build reports what is missing
            importlib.import_module(name)


def default_jobs() -> int:
    return usable_cores()


def run_batch(directories: list[Path], options: BatchOptions, jobs: int,
              done: Callable[[CommuneResult], None] = lambda r: None) -> list[CommuneResult]:
    """Build every commune with `jobs` processes; results in the order given."""
    jobs = max(1, min(jobs, len(directories)))
    with ProcessPoolExecutor(max_workers=jobs, mp_context=pool_context()) as pool:
        # Into an empty shared cache, the first commune alone puts what all communes share
        # (most sentences, the province's PDFs); the others then render only what is their
        # own, instead of several workers rendering the same things at the same time. A cache
        # that holds an earlier build (a rebuild after a base edit) has little left to share:
        # every worker starts at once, none waits idle for the first commune.
        first = directories[0]
        lead = pool.submit(build_commune, str(first), options)
        lead.add_done_callback(_reporter(str(first), done))
        if len(directories) > 1 and jobs > 1 and _empty_shared_cache(options):
            for _ in range(jobs - 1):
                pool.submit(warm_up, options)
            wait([lead])
        futures: list[tuple[str, Future[CommuneResult]]] = [(str(first), lead)] + [
            (str(d), pool.submit(build_commune, str(d), options)) for d in directories[1:]]
        for directory, future in futures[1:]:
            future.add_done_callback(_reporter(directory, done))
        return [_result(f, d) for d, f in futures]


def _empty_shared_cache(options: BatchOptions) -> bool:
    """Whether the communes share a cache folder (option or environment) holding nothing yet."""
    from ..build import shared_cache_dir

    folder = shared_cache_dir(options.cache_dir)
    if folder is None:
        return False  # each commune has its own cache: nothing to share, nothing to wait for
    return not folder.is_dir() or not any(folder.iterdir())


def _reporter(directory: str, done: Callable[[CommuneResult], None]
              ) -> Callable[[Future[CommuneResult]], None]:
    return lambda future: done(_result(future, directory))


def _result(future: Future[CommuneResult], directory: str) -> CommuneResult:
    """The worker's result; a worker that died (killed, out of memory) is a failed commune."""
    try:
        return future.result()
    except Exception as exc:
        return CommuneResult(directory, Path(directory).name, errors=[Problem(
            directory, None, "", messages.UNEXPECTED.format(kind=type(exc).__name__,
                                                            detail=str(exc)))])


def reuse(results: list[CommuneResult]) -> dict[str, tuple[int, int]]:
    """namespace -> (hits, lookups) over all communes."""
    totals: dict[str, tuple[int, int]] = {}
    for ns in CACHE_NAMESPACES:
        hits = sum(r.cache.get(f"hits:{ns}", 0) for r in results)
        misses = sum(r.cache.get(f"misses:{ns}", 0) for r in results)
        totals[ns] = (hits, hits + misses)
    return totals


def reuse_rate(results: list[CommuneResult]) -> float:
    """Share of cache lookups (PDFs, sentences, clip segments, clips) answered from the cache."""
    totals = reuse(results).values()
    lookups = sum(t for _, t in totals)
    return sum(h for h, _ in totals) / lookups if lookups else 0.0

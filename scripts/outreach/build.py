"""The orchestrator: the one module that knows every output of a build.

Called by the CLI (`build_site`, `produce_assets`) and by the MkDocs plugin (everything else);
it calls catalogue/ (the project), print/, speech/ (assets) and site/ (pages, search assets).
Those subpackages never import this module or each other's outputs.

A build: the plugin's on_config loads the project; on_files asks `produce_assets` for PDFs and
audio, `published_assets` for what of them to publish and `site_pages` for the Markdown; the
MkDocs run writes into a staging folder that `build_site` swaps in under a lock.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import json
import os
import shutil
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from importlib import metadata, resources
from pathlib import Path
from typing import TYPE_CHECKING

from . import __version__, messages, paths
from .artifacts import (
    Artifact,
    Cache,
    Progress,
    Warn,
    no_progress,
    sha256_file,
    tree_digest,
    tree_files,
    write_atomic,
    write_manifest,
)
from .catalogue.project import Project, load_project
from .catalogue.settings import ConfigFile, Settings, read_config
from .errors import Problem
from .lock import BuildLock, remove_leftovers
from .portable import usable_cores

if TYPE_CHECKING:  # drawing previews loads Pillow: only when previews are drawn
    from .site.preview import Drawing

os.environ.setdefault("NO_MKDOCS_2_WARNING", "true")
CACHE_ENV = "OUTREACH_CACHE_DIR"


@dataclass(frozen=True)
class BuildOptions:
    """What to produce. The CLI makes these; plain `mkdocs build` uses mkdocs.yml's defaults.

    `warnings` collects every warning of the build (check's, print's, speech's); when the
    options come from a caller (`reported_by_caller`), that caller prints them, otherwise the
    plugin hands them to MkDocs as warnings (so `mkdocs build --strict` fails on them).
    """

    print: bool = True
    speech: bool = True
    engine: str = "auto"  # auto | gtts | espeak
    only: frozenset[str] | None = None  # announcement ids / procedure codes; None = all
    progress: Progress = no_progress
    warnings: list[Problem] = field(default_factory=list)
    project: Project | None = None  # already validated by the caller: no need to reload it
    reported_by_caller: bool = True
    cache_dir: Path | None = None  # a render cache shared by communes (else $OUTREACH_CACHE_DIR)
    cache_stats: dict[str, int] = field(default_factory=dict)  # hits/misses, filled by a build
    timings: dict[str, float] = field(default_factory=dict)  # seconds of PDF/audio work
    open_data: bool = True  # du-lieu/*.json (serve leaves them out: no page links them)
    # Serve, across its rebuilds: previews written so far, path -> (cache key, SHA-256).
    written: dict[str, tuple[str, str]] | None = None
    # Where PDFs and audio are gathered for MkDocs (None: `assets_staging`). The studio's
    # previews use their own folder: unsaved edits must never reach a real build's files.
    staging: Path | None = None

    def warn(self, problem: Problem) -> None:
        self.warnings.append(problem)


def command_options(project: Project, *, no_print: bool = False, no_audio: bool = False,
                    engine: str | None = None, cache_dir: Path | None = None,
                    progress: Progress = no_progress) -> BuildOptions:
    """Options of `outreach build` (the studio's "Dựng trang" runs the very same build):
    mkdocs.yml's settings less what was turned off, the caller reporting the warnings."""
    settings = project.settings
    return BuildOptions(print=settings.print and not no_print,
                        speech=settings.speech and not no_audio,
                        engine=engine or settings.engine, progress=progress, project=project,
                        cache_dir=cache_dir.resolve() if cache_dir else None)


def options_from(settings: Settings) -> BuildOptions:
    """Options of a plain `mkdocs build`: what mkdocs.yml asks for; MkDocs reports warnings."""
    return BuildOptions(print=settings.print, speech=settings.speech, engine=settings.engine,
                        reported_by_caller=False)


def shared_cache_dir(cache_dir: Path | str | None) -> Path | None:
    """The cache folder communes share: --cache-dir, else $OUTREACH_CACHE_DIR; None when
    each project keeps its own."""
    shared = cache_dir or os.environ.get(CACHE_ENV)
    return Path(shared) if shared else None


def cache_for(project: Project, options: BuildOptions | None = None) -> Cache:
    """The render cache: --cache-dir, else $OUTREACH_CACHE_DIR, else the project's own."""
    shared = shared_cache_dir(options.cache_dir if options else None)
    return Cache(shared or project.root / project.settings.cache_dir)


def project_warnings(project: Project) -> list[Problem]:
    """Everything `outreach check` warns about (settings, stale records, personal data…)."""
    from .catalogue.checks import all_warnings

    return list(project.warnings) + all_warnings(project)


def produce_assets(project: Project, out_dir: Path, options: BuildOptions,
                   previews: bool = True) -> list[Artifact]:
    """Render PDFs and audio into out_dir (paths as in outreach.paths); cached by content.

    Share previews too, unless the caller draws them alongside its pages (`start_previews`).
    Wall and CPU seconds are added to `options.timings`, in total and per stage
    (`print_cpu_s`, `previews_cpu_s`, `audio_cpu_s`), for batch summaries and benchmarks.
    """
    cache = cache_for(project, options)
    artifacts: list[Artifact] = []
    warn: Warn = options.warn
    with _timed(options.timings, "assets"):
        if options.only is None and options.open_data:
            from .province.opendata import open_data

            artifacts += open_data(project, out_dir)
        for problem in project.withheld_warnings():  # placeholders left out of every output
            warn(problem)
        if options.print:
            from .print import build_pdfs

            with _timed(options.timings, "print"):
                artifacts += build_pdfs(project, out_dir, cache, only=options.only,
                                        warn=warn, progress=options.progress)
        if options.only is None:  # share previews belong to the whole site, not `outreach print`
            from .site.preview import site_url_warning

            for problem in site_url_warning(project):
                warn(problem)
            drawing = start_previews(project, out_dir, options, background=False) \
                if previews else None
            if drawing is not None:
                artifacts += finish_previews(drawing, options)
        if options.speech:
            from .speech import build_audio
            from .speech.schedule import build_schedule

            with _timed(options.timings, "audio"):
                artifacts += build_audio(project, out_dir, cache, engine=options.engine,
                                         only=options.only, warn=warn,
                                         progress=options.progress)
                artifacts += build_schedule(project, out_dir, artifacts, warn, options.only)
    _add_stats(options, cache)
    return artifacts


def start_previews(project: Project, out_dir: Path, options: BuildOptions,
                   background: bool = True) -> Drawing | None:
    """The site's share previews (None when none are drawn): the cached ones published into
    out_dir now, the others drawn by worker processes, in the `background` on every core but
    the one this build goes on with (MkDocs renders pages meanwhile). `finish_previews`
    waits for them."""
    if options.only is not None or not project.settings.draws_previews:
        return None
    from .site.preview import start_drawing

    with _timed(options.timings, "previews"):
        return start_drawing(project, out_dir, cache_for(project, options),
                             progress=options.progress, written=options.written,
                             workers=usable_cores() - 1 if background else None,
                             background=background)


def finish_previews(drawing: Drawing, options: BuildOptions) -> list[Artifact]:
    """Every preview's artifact, once the last one is drawn and published."""
    with _timed(options.timings, "previews"):
        artifacts = drawing.finish()
    _add_stats(options, drawing.cache)
    return artifacts


def _add_stats(options: BuildOptions, cache: Cache) -> None:
    for name, count in cache.stats().items():
        options.cache_stats[name] = options.cache_stats.get(name, 0) + count


@contextmanager
def _timed(timings: dict[str, float], stage: str) -> Iterator[None]:
    """Add the block's wall (`<stage>_s`) and CPU (`<stage>_cpu_s`) seconds to `timings`."""
    started, cpu = time.perf_counter(), cpu_seconds()
    try:
        yield
    finally:
        timings[f"{stage}_s"] = timings.get(f"{stage}_s", 0) + time.perf_counter() - started
        timings[f"{stage}_cpu_s"] = timings.get(f"{stage}_cpu_s", 0) + cpu_seconds() - cpu


def cpu_seconds() -> float:
    """CPU time of this process and its finished children (the audio worker processes)."""
    try:
        import resource
    except ImportError:  # not POSIX: this process only
        return time.process_time()
    own, children = (resource.getrusage(who) for who in (resource.RUSAGE_SELF,
                                                          resource.RUSAGE_CHILDREN))
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


OWN_CACHE = ".cache/outreach"  # a project's own folder when its cache_dir lies outside it


def own_cache(project: Project) -> Path:
    """The project's own cache folder: cache_dir when it lies inside the project, else
    `.cache/outreach` there. A cache_dir shared by communes must not hold one commune's
    staging or build record, which are not content-addressed."""
    root = project.root.resolve()
    folder = (root / project.settings.cache_dir).resolve()
    return folder if folder.is_relative_to(root) else root / OWN_CACHE


def assets_staging(project: Project) -> Path:
    """Where a build's PDFs and audio are gathered before MkDocs copies them into the site."""
    return own_cache(project) / "assets"


def assets_not_made(options: BuildOptions) -> tuple[str, ...]:
    """Staging folders of the assets `options` leave out (see `prune_staging`)."""
    return (() if options.print else (paths.PRINT_DIR,)) + \
        (() if options.speech else (paths.AUDIO_DIR,))


def published_assets(artifacts: list[Artifact], staging: Path) -> list[str]:
    """Every produced file to publish: artefacts, their transcripts, the broadcast programme."""
    wanted = [a.path for a in artifacts]
    wanted += [str(a.extra["transcript"]) for a in artifacts if a.extra.get("transcript")]
    wanted += [paths.transcript(a.path) for a in artifacts if a.kind == "clip"]
    seen: dict[str, None] = {}
    for site_path in wanted:
        if (staging / site_path).is_file():
            seen.setdefault(site_path)
    return list(seen)


def prune_staging(staging: Path, published: list[str],
                  not_made: tuple[str, ...] = ()) -> None:
    """Remove what an earlier build left in the staging folder and this one did not make
    (a deleted procedure's PDF), keeping unchanged files as they are.

    Folders in `not_made` (what this build was not asked for: a pages-only build's PDFs and
    clips) stay as they are, unpublished, so the next full build finds its files in place.
    """
    keep = {staging / site_path for site_path in published}
    idle = [staging / folder for folder in not_made]
    for path in sorted(staging.rglob("*"), reverse=True):
        if any(path == folder or folder in path.parents for folder in idle):
            continue
        if path.is_file() and path not in keep:
            path.unlink()
        elif path.is_dir() and not any(path.iterdir()):
            path.rmdir()


def site_pages(project: Project, available: set[str], use_directory_urls: bool,
               assets: list[Artifact], render_procedure=None):
    """The generated Markdown pages (site.pages), linking the assets that exist."""
    from .site.pages import generated_pages

    return generated_pages(project, available, use_directory_urls, assets, render_procedure)


def write_site_manifest(site_dir: Path, artifacts: list[Artifact]) -> Path:
    """site/outreach-manifest.json: every generated page and asset with its hash."""
    return write_manifest(site_dir, artifacts, {"name": "outreach", "version": __version__})


# Packages whose versions change the pages (the rest of outreach's output is keyed by content).
SITE_PACKAGES = ("mkdocs", "mkdocs-material", "markdown", "pymdown-extensions", "jinja2")


def inputs_digest(project: Project, options: BuildOptions, site_dir: Path) -> str:
    """A hash of everything a build's output depends on: the project's files (not its site or
    cache), the merged catalogue (so a base edit counts), today's date (announced changes and
    stale-record warnings depend on it), what is produced, and outreach's code and templates.
    """
    root = project.root.resolve()
    skip = frozenset({site_dir.resolve(), (root / project.settings.cache_dir).resolve()})
    digest = hashlib.sha256(tree_digest(root, tree_files(root, skip)).encode())
    digest.update(project.catalogue.model_dump_json().encode("utf-8"))
    digest.update(json.dumps([project.today.isoformat(), options.print, options.speech,
                              options.engine, code_digest()]).encode())
    return digest.hexdigest()


def code_digest() -> str:
    """The installed code that renders pages: the site packages' versions and outreach's
    own content hash."""
    versions = {name: metadata.version(name) for name in SITE_PACKAGES}
    return json.dumps([versions, _package_digest()], sort_keys=True)


def _package_digest() -> str:
    """Content hash of the installed outreach package (code, templates, fonts, data).

    A build asks for it two or three times, and a batch worker once per commune: the files
    are hashed again only when one of them changed size or time stamp (an edited template
    in a development checkout), not each time (a fifth of a second per commune)."""
    root = Path(str(resources.files("outreach"))).resolve()
    files = [p for p in tree_files(root) if p.suffix != ".pyc"]
    return _files_digest(root, tuple((path, *_stamp(path)) for path in files))


def _stamp(path: Path) -> tuple[int, int]:
    stat = path.stat()
    return stat.st_size, stat.st_mtime_ns


@functools.lru_cache(maxsize=2)
def _files_digest(root: Path, stamped: tuple[tuple[Path, int, int], ...]) -> str:
    return tree_digest(root, [path for path, _, _ in stamped])


def template_cache(project: Project) -> Path:
    """Compiled theme templates (Jinja bytecode, per Python version), outside the site."""
    return own_cache(project) / "templates"


LAST_BUILD = "last-build.json"  # in the project's own cache folder, never published


def last_build_record(project: Project) -> Path:
    return own_cache(project) / LAST_BUILD


def built_from(project: Project, site_dir: Path) -> tuple[str, list[Problem]] | None:
    """(inputs digest, warnings) of the build that made the current site_dir; None when there
    is no record, or the site is not the one recorded (deleted, replaced, built otherwise).

    The record stays out of site/: warnings may quote what must not be published (a
    personal phone number found in an announcement).
    """
    try:
        record = json.loads(last_build_record(project).read_text(encoding="utf-8"))
        if record["manifest"] != sha256_file(site_dir / paths.MANIFEST):
            return None
        return str(record["inputs"]), [Problem(**w) for w in record["warnings"]]
    except (OSError, ValueError, KeyError, TypeError):
        return None


def site_dir_of(config_file: Path) -> Path:
    return Path(read_config(config_file.resolve()).mkdocs["site_dir"])


def _record_build(project: Project, site_dir: Path, digest: str,
                  warnings: list[Problem]) -> None:
    """Remember what the site just swapped in was built from (`outreach batch` skips a
    commune whose inputs did not change since, and repeats its warnings)."""
    record = {"inputs": digest, "manifest": sha256_file(site_dir / paths.MANIFEST),
              "warnings": [dataclasses.asdict(w) for w in warnings]}
    write_atomic(last_build_record(project),
                 json.dumps(record, ensure_ascii=False, indent=1).encode("utf-8"))


def load_for_build(config_file: Path) -> tuple[Project, ConfigFile]:
    """The project and its mkdocs.yml, read and validated once (MkDocs's validation, which
    scans the installed themes and plugins, costs a tenth of a second each time): pass both
    to `build_site`."""
    config = read_config(config_file.resolve())
    return load_project(config_file, config=config), config


def build_site(config_file: Path, options: BuildOptions,
               loaded: ConfigFile | None = None) -> Path:
    """Run a full MkDocs build into a temp folder beside site_dir, then swap it in.

    One build per project at a time (a lock file); leftovers of a killed build are removed
    first. A failing build raises and leaves the previous site_dir untouched. `loaded`:
    mkdocs.yml as `load_for_build` read it, used for this build only (the build changes it).
    """
    from mkdocs.commands.build import build

    from .site.plugin import attach_plugin

    config = (loaded or read_config(config_file.resolve())).mkdocs
    site_dir = Path(config["site_dir"])
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    with BuildLock(site_dir):
        remove_leftovers(site_dir)
        digest = inputs_digest(options.project, options, site_dir) if options.project else None
        staging = Path(tempfile.mkdtemp(prefix=f".{site_dir.name}.building-",
                                        dir=site_dir.parent))
        try:
            config["site_dir"] = str(staging)
            attach_plugin(config, options)
            build(config, dirty=False)
            _swap(staging, site_dir)
            if digest is not None and options.project is not None:
                _record_build(options.project, site_dir, digest, options.warnings)
        finally:
            shutil.rmtree(staging, ignore_errors=True)
    return site_dir


def export_sources(config_file: Path, out_dir: Path, options: BuildOptions,
                   engine: str = "mkdocs") -> list[str]:
    """Write the site as plain sources into out_dir (see site/export.py); returns the pages
    written. The folder is made beside out_dir and swapped in whole; a folder that is not an
    earlier export is never replaced.

    For MkDocs and ProperDocs, the export is then built once, without the plugin, into a tmp
    folder: that proves it builds, and Material's index of it becomes outreach's prebuilt
    search index (docs/search/outreach/).
    """
    from mkdocs.utils.yaml import yaml_load

    from .errors import InvalidInput
    from .site import export
    from .site.navigation import navigation
    from .site.pages import field_pages
    from .site.plugin import NEEDED_EXTENSIONS

    project = options.project
    assert project is not None, "export needs the loaded project"
    config = read_config(config_file.resolve()).mkdocs
    if out_dir.exists() and any(out_dir.iterdir()) and not (out_dir / export.MARKER).exists():
        raise InvalidInput([Problem(str(out_dir), None, "", messages.EXPORT_NOT_EMPTY)])
    if out_dir.resolve().is_relative_to(Path(config.docs_dir).resolve()):
        raise InvalidInput([Problem(str(out_dir), None, "", messages.EXPORT_INSIDE_DOCS)])
    staging_assets = assets_staging(project)
    staging_assets.mkdir(parents=True, exist_ok=True)
    artifacts = produce_assets(project, staging_assets, options)
    published = published_assets(artifacts, staging_assets)
    pages = site_pages(project, set(published), config.use_directory_urls, artifacts)
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.exporting-", dir=out_dir.parent))
    try:
        docs = work / export.DOCS
        shutil.copytree(config.docs_dir, docs)
        written = []
        for page in pages:
            target = docs / page.src_uri
            if not target.exists():  # a hand-written page at the same place wins
                markdown = page.markdown
                if engine == "zensical":
                    markdown = export.source_relative_audio(markdown, page.src_uri,
                                                            config.use_directory_urls)
                write_atomic(target, markdown.encode("utf-8"))
                written.append(page.src_uri)
        for site_path in published:
            (docs / site_path).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(staging_assets / site_path, docs / site_path)
        layers = [Path(str(resources.files("outreach.site") / "theme"))]
        if config.theme.custom_dir:
            layers.append(Path(config.theme.custom_dir))
        for rel, source in export.theme_files(layers, engine).items():
            (work / export.THEME / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, work / export.THEME / rel)
        nav = config.nav
        if nav is None:
            present = sorted(p.relative_to(docs).as_posix() for p in docs.rglob("*.md"))
            guides = [src for src in present if src not in {page.src_uri for page in pages}]
            nav = navigation(field_pages(project), guides, present)
        with config_file.open("rb") as fd:
            raw = yaml_load(fd)
        text = export.dump_config(export.export_config(raw, nav, NEEDED_EXTENSIONS),
                                  messages.export_header(engine))
        write_atomic(work / export.CONFIG, text.encode("utf-8"))
        if export.with_our_search(engine):
            _export_search(work, config)
        write_atomic(work / export.MARKER, f"{engine}\n".encode())
        _swap(work, out_dir)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return written


def _export_search(work: Path, config) -> None:
    """Outreach's worker at the path of Material's, and its index of the built export."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    from .site import export, search

    for theme_dir in config.theme.dirs:
        workers = Path(theme_dir) / search.WORKER_DIR
        for worker in sorted(workers.glob("search.*.min.js")):
            write_atomic(work / export.DOCS / search.WORKER_DIR / worker.name,
                         search.worker_source().encode("utf-8"))
    with tempfile.TemporaryDirectory(prefix="outreach-export-") as site:
        built = load_config(str(work / export.CONFIG), site_dir=site)
        build(built)
        index = search.read_material_index(Path(site))
        if index is None:
            return
        offline = any(name in ("offline", "material/offline") for name in built.plugins)
        for path, data in search.build_index(index, inline=offline).items():
            if path != search.INDEX_PATH:  # the engine writes its own at build time
                write_atomic(work / export.DOCS / path, data)


def _swap(new: Path, target: Path) -> None:
    """Replace target with new using renames, so readers never see a half site."""
    old = target.with_name(f".{target.name}.old")
    shutil.rmtree(old, ignore_errors=True)
    if target.exists():
        os.replace(target, old)
    os.replace(new, target)
    shutil.rmtree(old, ignore_errors=True)


__all__ = ["BuildOptions", "assets_not_made", "assets_staging", "build_site", "built_from",
           "cache_for",
           "command_options", "export_sources", "finish_previews", "start_previews",
           "inputs_digest", "load_for_build", "options_from", "site_dir_of",
           "produce_assets", "prune_staging", "project_warnings", "published_assets",
           "shared_cache_dir", "site_pages",
           "template_cache", "write_site_manifest"]

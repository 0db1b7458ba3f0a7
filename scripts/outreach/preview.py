"""What the staff studio shows before anything is saved, and its "Dựng trang".

The previews take the project's mkdocs.yml and `unsaved`: the text of the catalogue or of
announcements as a form holds it, by the path messages name them with (`procedures.yaml`,
`announcements/<id>.md`). Files on disk are never written: everything goes under the
project's own cache folder (`studio/`) and through the build's render cache, so a preview
of an unchanged record renders nothing again.

* `PagePreviewer.page`: the page as citizens will see it, from a preview site kept in the
  cache folder and rebuilt the way `outreach serve` rebuilds (MkDocs' dirty builds: only the
  pages whose Markdown changed are rendered again).
* `print_preview`: the PDF of one notice, leaflet or procedure guide, and a notice's Word twin.
* `clip_preview`: the MP3 of one broadcast or procedure, and what it says.
* `build_with_progress`: `outreach build` with its options, in a child process, reporting
  progress as it goes; `site_index`: the built site's home page.

Bad input never raises: each result carries the Problems (file, line, field, message).
"""

from __future__ import annotations

import logging
import shutil
import tempfile
import threading
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from . import build, paths
from . import messages as M
from .catalogue.project import Project, load_project
from .catalogue.settings import ConfigFile, read_config
from .errors import InvalidInput, Problem, errors_only

STUDIO_FOLDER = "studio"  # in the project's own cache folder


@dataclass(frozen=True)
class Outcome:
    """What every preview reports besides its output: the problems (errors and warnings)
    and how many PDFs, clips and images were rendered (not found in the cache)."""

    problems: tuple[Problem, ...] = ()
    cache_misses: int = 0

    @property
    def errors(self) -> list[Problem]:
        return errors_only(self.problems)


@dataclass(frozen=True)
class PagePreview(Outcome):
    """A page of the preview site. `page` is its HTML file (None when the state is
    invalid: see `errors`); `site_dir` is the site's root, to serve so that relative links
    to the theme's CSS, JavaScript and the assets work; `url` the page's path under it."""

    site_dir: Path | None = None
    page: Path | None = None
    url: str | None = None
    rendered: int = 0  # pages MkDocs rendered for this preview
    generated: int = 0  # procedure pages whose Markdown was made again


# ---------------------------------------------------------------- unsaved state (pure-ish)


def studio_folder(project: Project) -> Path:
    return build.own_cache(project) / STUDIO_FOLDER


def refused_files(unsaved: Mapping[str, str], catalogue: str,
                  announcements: str) -> list[Problem]:
    """A Problem for every unsaved path that is neither the catalogue nor an announcement
    (a preview reads nothing else from a form, and must not be steered elsewhere)."""
    problems = []
    for display in unsaved:
        head, _, name = display.rpartition("/")
        announcement = (head == announcements and name.endswith(".md") and name != ".md"
                        and not name.startswith("."))
        if display != catalogue and not announcement:
            problems.append(Problem(display, None, "",
                                    M.preview_file_refused(catalogue, announcements)))
    return problems


def load_unsaved(config: ConfigFile, config_file: Path, unsaved: Mapping[str, str],
                 parse: Any = None) -> Project:
    """The project as it would be with the unsaved texts saved; InvalidInput otherwise."""
    settings = config.settings
    refused = refused_files(unsaved, settings.catalogue, settings.announcements)
    if refused:
        raise InvalidInput(refused)
    extra = {"parse": parse} if parse is not None else {}
    project = load_project(config_file, settings=settings, unsaved=unsaved, **extra)
    project.warnings = list(config.warnings)
    return project


def target_page(project: Project, target: str) -> str:
    """The generated page (docs-relative Markdown path) of a procedure code or an
    announcement id; InvalidInput naming what does exist otherwise."""
    from .catalogue.messages import suggest

    if target in project.by_code:
        return paths.procedure_page(target)
    if target in {a.id for a in project.announcements}:
        return paths.announcement_page(target)
    known = [*project.by_code, *(a.id for a in project.announcements)]
    raise InvalidInput([Problem(project.settings.catalogue, None, "",
                                M.preview_unknown(target, suggest(target, known)))])


def _misses(stats: Mapping[str, int]) -> int:
    return sum(n for name, n in stats.items() if name.startswith("misses:"))


@contextmanager
def _reported() -> Iterator[list[Problem]]:
    """Collect the problems of a preview instead of raising: bad input, an invalid
    mkdocs.yml, a failing plugin, or anything unexpected (said plainly, no traceback)."""
    from mkdocs.exceptions import MkDocsException

    problems: list[Problem] = []
    try:
        yield problems
    except InvalidInput as exc:
        problems += exc.problems
    except MkDocsException as exc:
        problems += mkdocs_problems(exc)
    except Exception as exc:  # a preview must never take the studio down
        problems.append(Problem("", None, "", M.preview_failed(type(exc).__name__, str(exc))))


def mkdocs_problems(exc: BaseException) -> list[Problem]:
    """What stopped MkDocs. It turns a plugin's error into "Aborted with a BuildError!",
    raised while handling the original: the plugin's error keeps its Problems
    (`problems_error`); any other is said as the original said it."""
    chain: list[BaseException] = []
    cause: BaseException | None = exc
    while cause is not None and cause not in chain:
        chain.append(cause)
        cause = cause.__cause__ or cause.__context__
    for error in chain:
        if getattr(error, "problems", None):
            return list(error.problems)  # type: ignore[attr-defined]
    return [Problem("", None, "", str(chain[-1]))]


# ---------------------------------------------------------------- page preview


class PagePreviewer:
    """The preview site of one project, kept between previews (the studio holds one).

    Like `outreach serve`, it keeps a plugin with serve state across MkDocs dirty builds,
    so a preview renders only the pages whose Markdown changed. Its plugins are instances
    of its own (`private_schema`): a build or check in the same process never meets the
    preview's state. Previews run one at a time.
    """

    def __init__(self, config_file: Path, assets: bool = False) -> None:
        """`assets`: make the PDFs and clips the pages link to (as mkdocs.yml asks), so a
        page shows its "Tải bản in" button and player; an edited record's guide and clip
        are then rendered before its page (seconds, not the 2 s a page preview may take).
        Without, pages show everything but those blocks ("Xem bản in" and "Nghe thử"
        render them on demand)."""
        from .site.incremental import PageMemo
        from .site.pages import procedure_page
        from .site.plugin import ServeState

        self.config_file = config_file.resolve()
        self.assets = assets
        self._state = ServeState()
        self._generated = 0  # procedure pages whose Markdown was made (not reused)

        def counted(ctx: Any, procedure: Any) -> str:
            self._generated += 1
            return procedure_page(ctx, procedure)

        self._state.memo = PageMemo(counted)
        self._schema = private_schema()
        self._lock = threading.Lock()

    def page(self, target: str | None = None, unsaved: Mapping[str, str] | None = None,
             ) -> PagePreview:
        """The page of a procedure code or announcement id (None: the home page) as it
        would be with `unsaved` saved. Invalid state: no page, the problems instead."""
        result = PagePreview()
        with self._lock, _reported() as problems:
            result = self._page(target, dict(unsaved or {}))
        if problems:
            return replace(result, problems=result.problems + tuple(problems), page=None,
                           url=None)
        return result

    def close(self) -> None:
        """Let the last preview's search index finish writing."""
        with self._lock:
            self._state.wait()

    def _page(self, target: str | None, unsaved: dict[str, str]) -> PagePreview:
        from mkdocs.commands.build import build as mkdocs_build

        from .site.plugin import attach_plugin

        config = read_config(self.config_file, self._schema)
        mkdocs = config.mkdocs
        project = load_unsaved(config, self.config_file, unsaved, self._state.parse)
        src_uri = target_page(project, target) if target else None
        folder = studio_folder(project)
        settings = project.settings
        options = build.BuildOptions(print=settings.print and self.assets,
                                     speech=settings.speech and self.assets,
                                     engine=PREVIEW_ENGINE, project=project, open_data=False,
                                     written=self._state.written, staging=folder / "assets")
        plugin = attach_plugin(mkdocs, options)
        plugin.serve = self._state  # serve's state: dirty builds render only what changed
        mkdocs["site_dir"] = str(folder / "site")
        mkdocs["strict"] = False  # warnings are returned; the dirty build itself warns
        generated_before = self._generated
        with _dirty_warning_hidden():
            mkdocs_build(mkdocs, dirty=True)
        pages = [f.page for f in (plugin.files.documentation_pages() if plugin.files else [])
                 if f.page is not None]
        page = next((p for p in pages if p.file.src_uri == (src_uri or "index.md")), None)
        site_dir = folder / "site"
        return PagePreview(
            problems=tuple(options.warnings), cache_misses=_misses(options.cache_stats),
            site_dir=site_dir, page=site_dir / page.file.dest_uri if page else None,
            url=page.file.url if page else None,
            rendered=sum(1 for p in pages if p.content is not None),
            generated=self._generated - generated_before)


# ---------------------------------------------------------------- print and clip previews


@dataclass(frozen=True)
class PrintPreview(Outcome):
    """The PDF of a notice, leaflet or procedure guide (`kind`), with its page count, the
    file name it has in the site, and for a notice its Word twin (.docx) to download."""

    kind: str | None = None
    pdf: bytes | None = None
    pages: int | None = None
    filename: str | None = None
    docx: bytes | None = None
    docx_filename: str | None = None


@dataclass(frozen=True)
class ClipPreview(Outcome):
    """The MP3 of a broadcast or procedure and its transcript (what the clip says), with
    the voice that spoke it (`engine`: espeak, gtts or recording) and its length."""

    mp3: bytes | None = None
    transcript: str | None = None
    filename: str | None = None
    engine: str | None = None
    duration_s: float | None = None
    title: str | None = None


PRINTED = ("notice", "leaflet")
SPOKEN = ("broadcast",)


def print_preview(config_file: Path, target: str,
                  unsaved: Mapping[str, str] | None = None) -> PrintPreview:
    """"Xem bản in": the PDF of an announcement id or procedure code (its one-page guide)
    as it would print with `unsaved` saved, through the build's print pipeline and cache."""
    result = PrintPreview()
    with _reported() as problems:
        project = _load(config_file, unsaved)
        _require_kind(project, target, PRINTED, M.preview_not_printed)
        options = build.BuildOptions(print=True, speech=False, only=frozenset({target}),
                                     project=project)
        with _scratch(project) as out_dir:
            artifacts = build.produce_assets(project, out_dir, options)
            pdf = next(a for a in artifacts if a.kind in (*PRINTED, "guide"))
            docx = next((a for a in artifacts if a.path.endswith(".docx")), None)
            result = PrintPreview(
                problems=tuple(options.warnings), cache_misses=_misses(options.cache_stats),
                kind=pdf.kind, pdf=(out_dir / pdf.path).read_bytes(),
                pages=pdf.extra.get("pages"), filename=Path(pdf.path).name,
                docx=(out_dir / docx.path).read_bytes() if docx else None,
                docx_filename=Path(docx.path).name if docx else None)
    return replace(result, problems=result.problems + tuple(problems)) if problems else result


def clip_preview(config_file: Path, target: str, unsaved: Mapping[str, str] | None = None,
                 engine: str = "espeak") -> ClipPreview:
    """"Nghe thử": the clip of a broadcast announcement id or procedure code as it would
    sound with `unsaved` saved, and its transcript. The offline voice unless the caller
    asks for `gtts` (online) or `auto` (as the build chooses); cached like the build."""
    result = ClipPreview()
    with _reported() as problems:
        project = _load(config_file, unsaved)
        _require_kind(project, target, SPOKEN, M.preview_not_spoken)
        options = build.BuildOptions(print=False, speech=True, engine=engine,
                                     only=frozenset({target}), project=project)
        with _scratch(project) as out_dir:
            artifacts = build.produce_assets(project, out_dir, options)
            clip = next(a for a in artifacts if a.kind == "clip")
            transcript = str(clip.extra.get("transcript") or paths.transcript(clip.path))
            result = ClipPreview(
                problems=tuple(options.warnings), cache_misses=_misses(options.cache_stats),
                mp3=(out_dir / clip.path).read_bytes(),
                transcript=(out_dir / transcript).read_text(encoding="utf-8"),
                filename=Path(clip.path).name, engine=clip.extra.get("engine"),
                duration_s=clip.extra.get("duration_s"), title=clip.extra.get("title"))
    return replace(result, problems=result.problems + tuple(problems)) if problems else result


def _load(config_file: Path, unsaved: Mapping[str, str] | None) -> Project:
    config_file = config_file.resolve()
    return load_unsaved(read_config(config_file), config_file, dict(unsaved or {}))


def _require_kind(project: Project, target: str, kinds: tuple[str, ...],
                  refusal: Callable[[str], str]) -> None:
    """A procedure has every output; an announcement only those of its kind."""
    if target in project.by_code:
        return
    for announcement in project.announcements:
        if announcement.id == target:
            if announcement.front.kind not in kinds:
                raise InvalidInput([Problem(announcement.file, announcement.lines.get(
                    ("kind",)), "kind", refusal(target))])
            return
    target_page(project, target)  # raises, naming what exists


@contextmanager
def _scratch(project: Project) -> Iterator[Path]:
    """A folder of its own under the studio folder (previews may run side by side)."""
    parent = studio_folder(project)
    parent.mkdir(parents=True, exist_ok=True)
    folder = Path(tempfile.mkdtemp(prefix="preview-", dir=parent))
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


# ---------------------------------------------------------------- "Dựng trang"

Report = Callable[[str, int, int, str], None]  # (stage, done, total, message)


def no_report(stage: str, done: int, total: int, message: str) -> None:
    """Default report callback: silent."""


@dataclass(frozen=True)
class BuildReport(Outcome):
    """What `outreach build` prints, as data: the site (None when the build failed and the
    previous site was kept), its home page, what was made (label, count) in the CLI's
    order, and the seconds it took. `problems` are the build's warnings, or its errors."""

    site_dir: Path | None = None
    index: Path | None = None
    summary: tuple[tuple[str, int], ...] = ()
    seconds: float = 0.0
    cancelled: bool = False


@dataclass(frozen=True)
class BuildRequest:
    """The options of `outreach build` (same names, same defaults)."""

    no_print: bool = False
    no_audio: bool = False
    engine: str | None = None
    cache_dir: Path | None = None
    clean: bool = False


# The stages of a build in the order they run; each library progress label belongs to one.
STAGES = ("load", "print", "previews", "audio", "pages", "done")


def stage_of(label: str) -> str:
    from .print.build import PROGRESS_LABEL as PRINT_LABEL
    from .site import labels
    from .speech.messages import PROGRESS as AUDIO_LABEL

    return {PRINT_LABEL: "print", labels.PREVIEW_PROGRESS: "previews", AUDIO_LABEL: "audio",
            labels.PAGES_PROGRESS: "pages"}.get(label, "load")


class Monotonic:
    """Progress that never goes back: stages only forward (a late report of an earlier
    stage is dropped), and within a stage `done` and `total` never shrink (an engine that
    falls back to the offline voice starts its count again: the bar does not)."""

    def __init__(self, report: Report) -> None:
        self.report = report
        self.stage = -1
        self.done = self.total = 0

    def __call__(self, stage: str, done: int, total: int, message: str) -> None:
        index = STAGES.index(stage)
        if index < self.stage:
            return
        if index > self.stage:
            self.stage, self.done, self.total = index, 0, 0
        self.done, self.total = max(done, self.done), max(total, self.total, done)
        self.report(stage, self.done, self.total, message)


def build_with_progress(config_file: Path, report: Report = no_report,
                        request: BuildRequest = BuildRequest(),
                        cancel: threading.Event | None = None) -> BuildReport:
    """"Dựng trang": `outreach build` with `request`'s options, in a child process (MkDocs
    keeps plugin state per process, and a build must not stop the studio), reporting
    (stage, done, total, message) as it goes; stages in `STAGES` order, never backwards.

    The site is swapped in whole at the end (`build_site`); a failed or cancelled build
    leaves the previous one as it was. Blocks until done: run it in a thread."""
    import multiprocessing
    import queue as queues
    import time

    started = time.perf_counter()
    forward = Monotonic(report)
    context = multiprocessing.get_context("spawn")  # the same on Linux, macOS and Windows
    channel = context.Queue()
    child = context.Process(target=_build_child, args=(str(config_file), request, channel),
                            name="outreach-studio-build", daemon=True)
    child.start()
    result: BuildReport | None = None
    try:
        while result is None:
            if cancel is not None and cancel.is_set():
                child.terminate()
                result = BuildReport(cancelled=True)
                break
            try:
                message = channel.get(timeout=0.1)
            except queues.Empty:
                if not child.is_alive() and channel.empty():
                    break
                continue
            if message[0] == "progress":
                forward(*message[1:])
            else:
                result = message[1]
    finally:
        child.join(timeout=30)
        channel.close()
    if result is None:  # the child died without a word (killed, out of memory)
        result = BuildReport(problems=(Problem("", None, "", M.preview_failed(
            "exitcode", str(child.exitcode))),))
    if result.site_dir is not None:
        forward("done", 1, 1, M.PREVIEW_STAGE_DONE)
    return replace(result, seconds=round(time.perf_counter() - started, 2))


def _build_child(config_file: str, request: BuildRequest, channel: Any) -> None:
    """The child process of `build_with_progress`: run the build, send progress and result."""
    def progress(label: str, done: int, total: int) -> None:
        channel.put(("progress", stage_of(label), done, total, label))

    channel.put(("result", run_build(Path(config_file), request, progress)))


def run_build(config_file: Path, request: BuildRequest,
              progress: Callable[[str, int, int], None]) -> BuildReport:
    """The build `outreach build` runs, in this process; problems returned, never raised."""
    result = BuildReport()
    with _reported() as problems:
        progress(M.PREVIEW_STAGE_LOAD, 0, 1)
        project = load_project(config_file)
        progress(M.PREVIEW_STAGE_LOAD, 1, 1)
        options = build.command_options(project, no_print=request.no_print,
                                        no_audio=request.no_audio, engine=request.engine,
                                        cache_dir=request.cache_dir, progress=progress)
        if request.clean:
            shutil.rmtree(build.cache_for(project, options).folder, ignore_errors=True)
        site_dir = build.build_site(config_file, options)
        result = BuildReport(problems=tuple(options.warnings), site_dir=site_dir,
                             index=site_index(config_file), summary=summary(site_dir))
    return replace(result, problems=result.problems + tuple(problems)) if problems else result


def summary(site_dir: Path) -> tuple[tuple[str, int], ...]:
    """(label, count) of what the site holds, as `outreach build`'s table lists it."""
    import json
    from collections import Counter

    manifest = json.loads((site_dir / paths.MANIFEST).read_text(encoding="utf-8"))
    counts = Counter(a["kind"] for a in manifest["artifacts"])
    return tuple((label, counts[kind]) for kind, label in M.SUMMARY_LABELS.items()
                 if counts.get(kind))


def site_index(config_file: Path) -> Path | None:
    """"Mở trang web": the built site's home page, None before the first build."""
    with _reported():
        index = build.site_dir_of(config_file) / "index.html"
        return index if index.is_file() else None
    return None


# The offline voice: a page preview must not wait on the network (its clip is heard with
# "Nghe thử", which may ask for the online one).
PREVIEW_ENGINE = "espeak"


class _NotDirtyWarning(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        return "'dirty' build" not in str(record.msg)


@contextmanager
def _dirty_warning_hidden() -> Iterator[None]:
    """MkDocs warns that a dirty build may leave menus stale: the serve state restores
    them (as `outreach serve` does), and the warning is no one's to act on here."""
    logger = logging.getLogger("mkdocs.commands.build")
    hidden = _NotDirtyWarning()
    logger.addFilter(hidden)
    try:
        yield
    finally:
        logger.removeFilter(hidden)


def private_schema() -> Any:
    """MkDocs' config schema with a `plugins` option of its own: MkDocs keeps one instance
    of each plugin per option (so per process), and the preview site's plugins (ours with
    serve state, Material's search) must not be the ones a build or check in the same
    process loads, configures or resets."""
    from mkdocs.config import config_options
    from mkdocs.config.defaults import MkDocsConfig

    class PreviewConfig(MkDocsConfig):
        plugins = config_options.Plugins(theme_key="theme", default=["search"])

    return PreviewConfig


__all__ = ["STAGES", "BuildReport", "BuildRequest", "ClipPreview", "Outcome", "PagePreview",
           "PagePreviewer", "PrintPreview", "build_with_progress", "clip_preview",
           "print_preview", "run_build", "site_index", "summary", "load_unsaved", "refused_files",
           "studio_folder", "target_page"]

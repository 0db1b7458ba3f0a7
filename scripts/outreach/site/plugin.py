"""The MkDocs plugin: `plugins: - outreach: {…}` in mkdocs.yml (entry point `outreach`).

Glue only: MkDocs events in, calls to the orchestrator (`outreach.build`) out; every piece of
state lives on the plugin instance (MkDocs keeps one per process, see `on_startup`).
Order within one build: on_config loads and validates the project; on_files asks the
orchestrator for PDFs and audio first (cached), so the generated pages can link and embed
them, then adds assets and pages as MkDocs files (links get checked and made relative) and
sets the navigation; on_post_build writes the manifest.

While serving (`on_startup(command="serve")`), MkDocs keeps this instance across rebuilds
and the generated pages are files in a staging folder, rewritten only when their text
changed, so a dirty rebuild renders only what an edit touched (see `incremental`).
"""

from __future__ import annotations

import dataclasses
import gc
import logging
import os
import shutil
import threading
from collections.abc import Callable
from importlib import resources
from pathlib import Path
from typing import Any

import jinja2
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel

from .. import build
from ..artifacts import Artifact, sha256_file
from ..catalogue.overlay import load_merged
from ..catalogue.project import Project, load_project
from ..catalogue.settings import PLUGIN_NAME, Settings
from ..catalogue.yamlfile import ChunkedParser, Located, parse_yaml
from ..errors import InvalidInput, Problem
from . import incremental, labels, search
from .config import OutreachConfig
from .indexing import Indexing, terms_of
from .navigation import navigation
from .pages import GeneratedPage, field_pages, procedure_page
from .preview import Drawing
from .reuse import PageReuse, put_record, site_key
from .text import anchor
from .themefiles import list_visible_theme_files

log = logging.getLogger("mkdocs.plugins.outreach")

# Markdown features the generated pages use; added when a project's mkdocs.yml lacks them.
NEEDED_EXTENSIONS: dict[str, dict[str, Any]] = {
    "admonition": {},
    "attr_list": {},
    "md_in_html": {},
    "tables": {},
    "pymdownx.tasklist": {"custom_checkbox": True},
}

# Theme folders that hold print templates, fonts and the old hook: inputs, not web content;
# and the note that explains the folder.
PRIVATE_THEME_FOLDERS = ("print/", "fonts/", "hooks/")
PRIVATE_THEME_FILES = ("README.md",)
# Beside the assets' staging folder (in the project's cache folder): serve's staged pages.
# Outside docs_dir and every watched folder, so writing there triggers no rebuild.
SERVE_FOLDER = "serve"
WATCH_INTERVAL_S = 0.1


class OutreachPlugin(BasePlugin[OutreachConfig]):
    """Generates procedure pages, PDFs and audio from procedures.yaml and announcements/."""

    def __init__(self) -> None:
        # Set by the orchestrator when the CLI runs the build; None for plain `mkdocs build`.
        self.options: build.BuildOptions | None = None
        self.own_options = False  # made from mkdocs.yml here, so made again every build
        self.project: Project | None = None
        self.assets: list[Artifact] = []
        self.pages: list[tuple[GeneratedPage, File]] = []
        self.files: Files | None = None
        self.serve: ServeState | None = None  # set while `mkdocs serve` / `outreach serve` run
        self.page_steps = (0, 0)  # (done, total): each page is read, then written
        self.reuse: PageReuse | None = None  # pages taken from the render cache (a build)
        self.search_docs: list[dict] | None = None  # Material's entries, taken before it writes
        self.search_terms: dict[str, bytes] = {}  # location -> pickled terms made beside
        self.indexing: Indexing | None = None  # rendered pages' entries and records (a build)
        self.drawing: Drawing | None = None  # share previews drawn while pages render

    # -- events ---------------------------------------------------------------------------

    # Having on_startup makes MkDocs keep one instance per process (across the rebuilds of a
    # serve, but also across builds of other projects): per-build state is reset in
    # on_config, and options a caller attached are dropped when its build ends.
    def on_startup(self, *, command: str, dirty: bool) -> None:
        """Serving: keep state across rebuilds (MkDocs keeps this instance for them)."""
        self.serve = ServeState() if command == "serve" else None

    def on_shutdown(self) -> None:
        if self.serve is not None:
            self.serve.wait()
        self.serve = None

    def on_build_error(self, error: Exception) -> None:
        self._end_build()

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        """Load and validate the project; an invalid one stops the build with every problem."""
        config_file = Path(config.config_file_path).resolve()
        settings = Settings.from_config(self.config, config.site_url)
        if self.serve is not None:
            self.serve.begin()  # waits for the last build's index
        preloaded = self.options.project if self.options and not self.own_options else None
        try:
            if preloaded is not None and preloaded.root == config_file.parent:
                project = preloaded
            else:
                parse = self.serve.parse if self.serve is not None else parse_yaml
                project = load_project(config_file, settings=settings, parse=parse)
            warnings = build.project_warnings(project)
        except InvalidInput as exc:
            raise problems_error(exc.problems) from None
        if self.options is None or self.own_options:
            self.options, self.own_options = build.options_from(settings), True
            if self.serve is not None:  # open data: 0.25 s a rebuild at 2,000, linked nowhere
                self.options = dataclasses.replace(self.options, open_data=False,
                                                   written=self.serve.written)
        for warning in warnings:
            self._warn(warning)
        for name, options in NEEDED_EXTENSIONS.items():
            if name not in config.markdown_extensions:
                config.markdown_extensions.append(name)
                config.mdx_configs.setdefault(name, options)
        # Heading ids from Vietnamese titles: "dang-ky-khai-sinh", not MkDocs' "ang-ky-khai-sinh".
        config.mdx_configs.setdefault("toc", {}).setdefault("slugify", anchor)
        if config.theme.name == "material" and config.theme.get("font") is not False:
            # Material's default fetches Roboto from Google: breaks the offline kiosk promise.
            log.warning(labels.FONT_NOT_OFFLINE)
        use_builtin_theme(config)
        list_visible_theme_files(config.theme)
        self.project = project
        self._stop_helpers()  # of a build that ended without MkDocs telling us
        self.assets, self.pages, self.files = [], [], None
        return config

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        """Produce assets, then add them and the generated pages; set the menu if none given."""
        project, options = self._require()
        staging = options.staging or build.assets_staging(project)
        drop_private_theme_files(files, config)
        if self.serve is not None:
            self.serve.place(staging.parent / SERVE_FOLDER)
        staging.mkdir(parents=True, exist_ok=True)
        before = len(options.warnings)
        try:
            self.assets = build.produce_assets(project, staging, options, previews=False)
        except InvalidInput as exc:
            raise problems_error(exc.problems) from None
        if not options.reported_by_caller:  # plain `mkdocs build`: MkDocs reports these
            for problem in options.warnings[before:]:
                self._log_warning(str(problem))
        published = build.published_assets(self.assets, staging)
        # Share previews are drawn while MkDocs renders the pages, and copied into the site
        # when it is done (on_post_build): MkDocs copies its files before rendering pages.
        self.drawing = build.start_previews(project, staging, options)
        previews = self.drawing.planned() if self.drawing is not None else []
        build.prune_staging(staging, published + [a.path for a in previews],
                            build.assets_not_made(options))
        for site_path in published:
            files.append(LinkedAsset.generated(config, site_path,
                                               abs_src_path=str(staging / site_path)))
        render = self.serve.memo if self.serve is not None else None
        generated = build.site_pages(project, {*published, *(a.path for a in previews)},
                                     config.use_directory_urls, self.assets + previews, render)
        for page in generated:
            if files.get_file_from_path(page.src_uri) is not None:
                # A hand-written page at the same place wins: communes may rewrite any page.
                log.info(labels.hand_written_page(page.src_uri))
                continue
            inclusion = InclusionLevel.INCLUDED if page.in_nav else InclusionLevel.NOT_IN_NAV
            if self.serve is None:
                file = File.generated(config, page.src_uri, content=page.markdown,
                                      inclusion=inclusion)
            else:
                file = File.generated(config, page.src_uri, inclusion=inclusion,
                                      abs_src_path=self.serve.pages.put(page.src_uri,
                                                                        page.markdown))
            files.append(file)
            self.pages.append((page, file))
        if self.serve is not None:
            self.serve.pages.keep_only(page.src_uri for page, _ in self.pages)
        use_vietnamese_search(files, config)
        if config.nav is None:
            generated = {file.src_uri for _, file in self.pages}
            present = [f.src_uri for f in files.documentation_pages()]
            guides = [src for src in present if src not in generated]
            config.nav = navigation(field_pages(project), guides, present)
        return files

    def on_nav(self, nav: Any, config: MkDocsConfig, files: Files) -> Any:
        """Serving: menu entries of pages a dirty build does not read keep their titles.
        Building: the menu is known, so pages whose output cannot have changed can be
        taken from the render cache (see `reuse`)."""
        if self.serve is not None:
            self.serve.titles.restore(nav.pages)
        elif self.project is not None and self.options is not None:
            cache = build.cache_for(self.project, self.options)
            self.reuse = PageReuse(cache, site_key(config, files, nav.pages,
                                                   build.code_digest()))
        pages = files.documentation_pages(inclusion=InclusionLevel.is_included)
        self.page_steps = (0, 2 * len(pages))
        return nav

    # After every other plugin changed the Markdown: what is converted is what is keyed.
    @event_priority(-100)
    def on_page_markdown(self, markdown: str, page: Any, config: MkDocsConfig,
                         files: Files) -> str:
        self._page_step()
        if self.reuse is not None and self.reuse.look_up(page, markdown):
            return ""  # nothing to convert: the output is cached
        return markdown

    @event_priority(-100)
    def on_page_content(self, html: str, page: Any, config: MkDocsConfig, files: Files) -> str:
        if self.reuse is not None and self.reuse.is_reused(page):
            self.reuse.restore(page, files)
            return ""
        if self.reuse is not None:
            self.reuse.converted(page)
        return html

    # After Material's search took the page's entries (the cached ones, for a reused page).
    @event_priority(-100)
    def on_page_context(self, context: Any, page: Any, config: MkDocsConfig, nav: Any) -> Any:
        if self.reuse is not None and self.reuse.is_reused(page):
            page.content = self.reuse.output(page)  # what the reused template writes
        elif self.reuse is not None:
            self.reuse.templated(page)
        return context

    # Before any other plugin changes the output: what is cached is what the theme made.
    @event_priority(100)
    def on_post_page(self, output: str, page: Any, config: MkDocsConfig) -> str:
        self._page_step()
        if self.reuse is not None:
            if not self.reuse.is_reused(page):
                stored = self.reuse.record(page, output)
                if self.indexing is not None:
                    self.indexing.submit(page, stored)
                elif stored is not None:
                    put_record(self.reuse.cache, stored[0], {**stored[1], "entries": []})
            # Written: not kept in memory for the rest of the build (MkDocs keeps every
            # page's HTML to the end).
            page.content = ""
        return output

    def on_env(self, env: Any, config: MkDocsConfig, files: Files) -> Any:
        """Every page is read by now: remember the final file list (serve needs it).

        Compiled theme templates are kept: in memory across a serve's rebuilds, else in the
        project's own cache folder (MkDocs makes a new Jinja environment for every build, and
        compiling Material's templates again took a quarter of a second per build). Jinja
        checks each template's source before using what it kept.
        """
        self.files = files
        if self.reuse is not None:
            self.indexing = index_rendered_pages(config, self.reuse)
        if self.serve is not None:
            env.bytecode_cache = self.serve.templates
        elif self.project is not None:
            folder = build.template_cache(self.project)
            folder.mkdir(parents=True, exist_ok=True)
            env.bytecode_cache = jinja2.FileSystemBytecodeCache(str(folder))
        return env

    def on_pre_build(self, config: MkDocsConfig) -> None:
        """Material's search writes only this build's entries: serving, we merge them with
        the kept ones ourselves. (Material's own merge for dirty serves keeps the last
        build's entries on its instance, which MkDocs reuses for every build in a process:
        a full build after a serve in one process got a stale, reordered index.)"""
        material = config.plugins.get("material/search") or config.plugins.get("search")
        if material is not None and hasattr(material, "search_index_prev"):
            material.search_index_prev = None

    # Before Material's search plugin writes its index: our index is built from the entries
    # it already made, in memory, so it writes only its config (not 10 MB of JSON at 2,000
    # procedures that would be read straight back).
    @event_priority(50)
    def _take_search_entries(self, config: MkDocsConfig) -> None:
        material = config.plugins.get("material/search") or config.plugins.get("search")
        index = getattr(material, "search_index", None)
        self.search_docs, self.search_terms = None, {}
        if index is not None and isinstance(getattr(index, "entries", None), list):
            entries, index.entries = index.entries, []
            if self.indexing is not None:
                entries, self.search_terms = self.indexing.resolve(entries)
            self.search_docs = entries

    # After Material's search plugin has written its index (we rebuild it as ours) and before
    # Material's offline plugin (-100) inlines the search files.
    @event_priority(-50)
    def _write_index_and_manifest(self, config: MkDocsConfig) -> None:
        """Write our search index, then site/outreach-manifest.json with every hash."""
        site_dir = Path(config.site_dir)
        self._publish_previews(site_dir)
        digest = self.serve.hashes.sha256 if self.serve is not None else sha256_file
        artifacts = list(self.assets) + [page_artifact(site_dir, page, file, digest)
                                         for page, file in self.pages]
        if self.serve is None or self.files is None:
            artifacts += search.write_index(site_dir, config.plugins,
                                            self._material_index(site_dir),
                                            terms_of(self.search_terms))
            build.write_site_manifest(site_dir, artifacts)
            if self.reuse is not None and self.options is not None:
                for name, count in self.reuse.cache.stats().items():
                    stats = self.options.cache_stats
                    stats[name] = stats.get(name, 0) + count
        else:
            self.serve.titles.remember(f.page for f in self.files.documentation_pages()
                                       if f.page is not None)
            if self.serve.warnings.repeated:
                log.info(labels.warnings_repeated(self.serve.warnings.repeated))
            # The browser reloads once a rebuild returns; the index and the manifest follow a
            # moment later (the previous index stays in place, whole, until then). The first
            # build writes them before serving: there is no previous index yet.
            write = self._serve_index_writer(site_dir, config, self.files, artifacts)
            if self.serve.built:
                self.serve.later(write)
            else:
                write()
            self.serve.built = True
        self._end_build()

    on_post_build = CombinedEvent(_take_search_entries, _write_index_and_manifest)

    def _material_index(self, site_dir: Path) -> dict | None:
        """Material's index as written (its config), with the entries taken before."""
        material = search.read_material_index(site_dir)
        if material is not None and self.search_docs is not None:
            material["docs"] = self.search_docs
        self.search_docs = None
        return material

    def on_serve(self, server: Any, config: MkDocsConfig, builder: Any) -> Any:
        """Rebuild when the catalogue (and the base it extends), announcements or lexicon
        change, not only docs_dir."""
        root = Path(config.config_file_path).parent
        origins = self.project.origins if self.project is not None else None
        # MkDocs polls what it watches every 0.5 s; our inputs (a catalogue file or two, two
        # small folders) are cheap to poll, so the watches made here look every 0.1 s and
        # an edit is seen sooner. (watchdog keeps the interval in `_timeout`; left alone if
        # a later version does not.)
        observer = getattr(server, "observer", None)
        if observer is not None and isinstance(getattr(observer, "_timeout", None), float):
            observer._timeout = min(observer._timeout, WATCH_INTERVAL_S)
        for path in watched_inputs(root, self.config.catalogue, self.config.announcements,
                                   self.config.audio, origins):
            server.watch(str(path))
        return server

    # -- helpers --------------------------------------------------------------------------

    def _warn(self, problem: Problem) -> None:
        assert self.options is not None
        if self.options.reported_by_caller:
            self.options.warn(problem)
        else:
            self._log_warning(str(problem))

    def _page_step(self) -> None:
        """Report page progress to the caller (the CLI's bars, the studio's build)."""
        done, total = self.page_steps
        if self.options is not None and total:
            self.page_steps = (min(done + 1, total), total)
            self.options.progress(labels.PAGES_PROGRESS, *self.page_steps)

    def _publish_previews(self, site_dir: Path) -> None:
        """The previews drawn during this build, copied into the site beside the pages."""
        if self.drawing is None or self.options is None:
            return
        drawing, self.drawing = self.drawing, None
        previews = build.finish_previews(drawing, self.options)
        for preview in previews:
            source, target = drawing.out_dir / preview.path, site_dir / preview.path
            if target.exists() and target.stat().st_mtime >= source.stat().st_mtime:
                continue  # a serve's rebuild: still the one copied before (as MkDocs does)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, target)
        self.assets = self.assets + previews

    def _stop_helpers(self) -> None:
        """Stop the preview workers and detach the page reuse of the build that ran last."""
        if self.drawing is not None:
            self.drawing.cancel()
        if self.reuse is not None:
            self.reuse.close()
        if self.indexing is not None:
            self.indexing.close()
        self.drawing, self.reuse, self.indexing = None, None, None
        self.search_terms = {}

    def _end_build(self) -> None:
        self._stop_helpers()
        if not self.own_options:
            self.options = None  # the caller's, for its build only

    def _log_warning(self, text: str) -> None:
        """Hand a warning to MkDocs; while serving, only if the last build did not."""
        if self.serve is None or self.serve.warnings.is_new(text):
            log.warning(text)

    def _serve_index_writer(self, site_dir: Path, config: MkDocsConfig, files: Files,
                            artifacts: list[Artifact]) -> Callable[[], None]:
        """What writes our search index from every page's entries (not only the pages
        rendered now) and then the manifest; everything it needs is read from the build
        here, so it may run after the build has returned."""
        assert self.serve is not None
        serve = self.serve
        material = self._material_index(site_dir)
        pages = [f.page for f in files.documentation_pages(inclusion=InclusionLevel.is_in_serve)
                 if f.page is not None]
        rendered = [page.url for page in pages if page.content is not None]
        present = [page.url for page in pages]
        plugin_names = list(config.plugins)

        def write() -> None:
            written: list[Artifact] = []
            if material is not None:
                docs = serve.search.merge(list(material.get("docs", [])), rendered, present)
                written = search.write_index(site_dir, plugin_names, {**material, "docs": docs},
                                             serve.terms)
            build.write_site_manifest(site_dir, artifacts + written)

        return write

    def _require(self) -> tuple[Project, build.BuildOptions]:
        if self.project is None or self.options is None:
            raise PluginError(labels.PLUGIN_NOT_CONFIGURED)
        return self.project, self.options


class ServeState:
    """What one serve keeps between its rebuilds (see `incremental`)."""

    def __init__(self) -> None:
        self.memo = incremental.PageMemo(procedure_page)
        self.search = incremental.SearchEntries()
        self.terms = incremental.TermsMemo()
        self.hashes = incremental.FileHashes()
        self.titles = incremental.Titles()
        self.templates = incremental.TemplateCache()
        self.parse = ChunkedParser()
        self.written: dict[str, tuple[str, str]] = {}  # previews in the staging folder
        self.warnings = incremental.RepeatedWarnings()
        self.folder: Path | None = None
        self.built = False  # a first build done: the next ones write the index after it
        self._later: threading.Thread | None = None
        self._pages: incremental.PageFolder | None = None

    def begin(self) -> None:
        self.wait()
        self.memo.begin()
        self.terms.begin()
        self.warnings.begin()

    def later(self, work: Callable[[], None]) -> None:
        """Run `work` beside the server (one at a time); `wait` or the next build joins it."""
        self.wait()

        def run() -> None:
            try:
                work()
            except Exception as exc:  # a thread's error would otherwise vanish
                log.error(labels.serve_index_failed(f"{type(exc).__name__}: {exc}"))
            # What the rebuild left for the garbage collector is collected now, while the
            # server waits for the next edit, not in the middle of the next rebuild (a full
            # collection of a 2,000-page serve takes a quarter of a second).
            gc.collect()

        self._later = threading.Thread(target=run, name="outreach-serve-index", daemon=True)
        self._later.start()

    def wait(self) -> None:
        if self._later is not None:
            self._later.join()
            self._later = None

    def place(self, folder: Path) -> None:
        """Where this project's staged pages live (under its cache folder)."""
        if self.folder != folder:
            self.folder = folder
            self._pages = incremental.PageFolder(folder / "pages")

    @property
    def pages(self) -> incremental.PageFolder:
        assert self._pages is not None, "place() first"
        return self._pages


def watched_inputs(root: Path, catalogue: str, announcements: str, audio: str,
                   origins: Located | None = None) -> list[Path]:
    """The project's inputs outside docs_dir: catalogue and every base it extends
    (`origins`: the merged catalogue, else read here), announcements, audio folder."""
    found = [root / name for name in (catalogue, announcements, audio) if (root / name).exists()]
    if origins is None:
        try:
            origins = load_merged(root / catalogue, catalogue)
        except InvalidInput:
            return found  # the build reports what is wrong; watch what exists
    for display in sorted(set(origins.files.values())):
        path = (root / display).resolve()
        if path.is_file() and path not in {p.resolve() for p in found}:
            found.append(path)
    return found


class LinkedAsset(File):
    """A produced PDF, clip or image, hard-linked into the site instead of copied (a copy
    across file systems): a warm build does not rewrite megabytes of unchanged audio. Safe
    because the staging copy is only ever replaced by a rename, never written in place."""

    def copy_file(self, dirty: bool = False) -> None:
        source, target = self.abs_src_path, self.abs_dest_path
        if source is None or (dirty and not self.is_modified()):
            return super().copy_file(dirty)
        os.makedirs(os.path.dirname(target), exist_ok=True)
        try:
            if os.path.lexists(target):
                os.unlink(target)
            os.link(source, target)
        except OSError:  # another file system, or links not allowed: copy
            super().copy_file(dirty)


def attach_plugin(config: MkDocsConfig, options: build.BuildOptions) -> OutreachPlugin:
    """Give a loaded config's outreach plugin the caller's options (adding one for the old
    `hooks:` + `extra.outreach` form, whose settings the caller validated already)."""
    plugin = config.plugins.get(PLUGIN_NAME)
    if not isinstance(plugin, OutreachPlugin):
        plugin = legacy_plugin(config)
        config.plugins[PLUGIN_NAME] = plugin
    plugin.options, plugin.own_options = options, False
    return plugin


def legacy_plugin(config: MkDocsConfig) -> OutreachPlugin:
    """A plugin configured from `extra.outreach` (the old hooks form)."""
    extra = config.extra.get(PLUGIN_NAME) if isinstance(config.extra, dict) else None
    plugin = OutreachPlugin()
    errors, warnings = plugin.load_config(extra if isinstance(extra, dict) else {},
                                          config.config_file_path)
    for key, text in warnings:
        log.warning(f"extra.{PLUGIN_NAME}.{key}: {text}")
    if errors:
        raise problems_error([Problem(Path(config.config_file_path).name, None,
                                      f"extra.{PLUGIN_NAME}.{key}", str(error))
                              for key, error in errors])
    return plugin


def problems_error(problems: list[Problem]) -> PluginError:
    """The error that stops MkDocs on an invalid project; it keeps the Problems (the studio
    shows each one where it belongs, not one block of text)."""
    error = PluginError(problems_message(problems))
    error.problems = list(problems)  # type: ignore[attr-defined]
    return error


def problems_message(problems: list[Problem]) -> str:
    """The text MkDocs prints when the project is invalid: one `file:line: field: …` a line."""
    return labels.problems_message([str(p) for p in problems])


def use_builtin_theme(config: MkDocsConfig) -> None:
    """The package's theme overrides sit between the project's custom_dir and Material."""
    theme_dir = str(Path(str(resources.files("outreach.site") / "theme")).resolve())
    dirs = config.theme.dirs
    if theme_dir not in dirs:
        dirs.insert(1 if config.theme.custom_dir else 0, theme_dir)


def drop_private_theme_files(files: Files, config: MkDocsConfig) -> None:
    custom_dir = config.theme.custom_dir
    if not custom_dir:
        return
    root = Path(custom_dir).resolve()
    for file in list(files):
        src = Path(file.abs_src_path or "").resolve()
        if root in src.parents and (file.src_uri.startswith(PRIVATE_THEME_FOLDERS)
                                    or file.src_uri in PRIVATE_THEME_FILES):
            files.remove(file)


def index_rendered_pages(config: MkDocsConfig, reuse: PageReuse) -> Indexing | None:
    """Material's search takes a reused page's cached entries instead of parsing its HTML,
    and hands every other page to `indexing` (its index object is made anew in its
    on_config, every build). None when the site has no search of Material's kind."""
    material = config.plugins.get("material/search") or config.plugins.get("search")
    index = getattr(material, "search_index", None)
    if index is None or not isinstance(getattr(index, "entries", None), list) \
            or not hasattr(index, "add_entry_from_context"):
        return None
    indexing = Indexing(index, reuse.rendering(), reuse.cache)

    def add_entry_from_context(page: Any) -> None:
        if reuse.is_reused(page):
            index.entries.extend(reuse.cached_entries(page))
        else:
            indexing.capture(page, index.entries)

    index.add_entry_from_context = add_entry_from_context
    return indexing


def use_vietnamese_search(files: Files, config: MkDocsConfig) -> None:
    """Serve our search worker at the path of Material's (see search.py)."""
    for file in list(files):
        if search.is_material_worker(file.src_uri.removesuffix(".map")):
            files.remove(file)  # its source map describes code we no longer serve
            if not file.src_uri.endswith(".map"):
                files.append(File.generated(config, file.src_uri, content=search.worker_source()))


def page_artifact(site_dir: Path, page: GeneratedPage, file: File,
                  digest: Callable[[Path], str] = sha256_file) -> Artifact:
    """Manifest entry of a generated page, hashed as written to site_dir."""
    path = file.dest_uri
    return Artifact("page", page.source or page.kind, path, digest(site_dir / path),
                    {"page": page.kind, "url": file.url})


__all__ = ["OutreachPlugin", "attach_plugin", "legacy_plugin", "problems_message"]

"""The MkDocs plugin: `plugins: - outreach: {…}` in mkdocs.yml (entry point `outreach`).

Glue only: MkDocs events in, calls to the orchestrator (`outreach.build`) out; every piece of
state lives on the plugin instance, which MkDocs creates afresh for every config it loads.
Order within one build: on_config loads and validates the project; on_files asks the
orchestrator for PDFs and audio first (cached), so the generated pages can link and embed
them, then adds assets and pages as MkDocs files (links get checked and made relative) and
sets the navigation; on_post_build writes the manifest.
"""

from __future__ import annotations

import logging
import os
from importlib import resources
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel

from .. import build
from ..artifacts import Artifact, sha256_file
from ..catalogue.project import Project, load_project
from ..catalogue.settings import PLUGIN_NAME, Settings
from ..errors import InvalidInput, Problem
from . import labels, search
from .config import OutreachConfig
from .navigation import navigation
from .pages import GeneratedPage, field_pages
from .text import anchor

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


class OutreachPlugin(BasePlugin[OutreachConfig]):
    """Generates procedure pages, PDFs and audio from procedures.yaml and announcements/."""

    def __init__(self) -> None:
        # Set by the orchestrator when the CLI runs the build; None for plain `mkdocs build`.
        self.options: build.BuildOptions | None = None
        self.project: Project | None = None
        self.assets: list[Artifact] = []
        self.pages: list[tuple[GeneratedPage, File]] = []

    # -- events ---------------------------------------------------------------------------

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        """Load and validate the project; an invalid one stops the build with every problem."""
        config_file = Path(config.config_file_path).resolve()
        settings = Settings.from_config(self.config, config.site_url)
        preloaded = self.options.project if self.options else None
        try:
            if preloaded is not None and preloaded.root == config_file.parent:
                project = preloaded
            else:
                project = load_project(config_file, settings=settings)
            warnings = build.project_warnings(project)
        except InvalidInput as exc:
            raise PluginError(problems_message(exc.problems)) from None
        if self.options is None:
            self.options = build.options_from(settings)
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
        self.project = project
        self.assets, self.pages = [], []
        return config

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        """Produce assets, then add them and the generated pages; set the menu if none given."""
        project, options = self._require()
        staging = build.assets_staging(project)
        drop_private_theme_files(files, config)
        staging.mkdir(parents=True, exist_ok=True)
        before = len(options.warnings)
        try:
            self.assets = build.produce_assets(project, staging, options)
        except InvalidInput as exc:
            raise PluginError(problems_message(exc.problems)) from None
        if not options.reported_by_caller:  # plain `mkdocs build`: MkDocs reports these
            for problem in options.warnings[before:]:
                log.warning(str(problem))
        available = set()
        published = build.published_assets(self.assets, staging)
        build.prune_staging(staging, published)  # stale files of an earlier build never leak
        for site_path in published:
            files.append(LinkedAsset.generated(config, site_path,
                                               abs_src_path=str(staging / site_path)))
            available.add(site_path)
        for page in build.site_pages(project, available, config.use_directory_urls, self.assets):
            if files.get_file_from_path(page.src_uri) is not None:
                # A hand-written page at the same place wins: communes may rewrite any page.
                log.info(labels.hand_written_page(page.src_uri))
                continue
            inclusion = InclusionLevel.INCLUDED if page.in_nav else InclusionLevel.NOT_IN_NAV
            file = File.generated(config, page.src_uri, content=page.markdown,
                                  inclusion=inclusion)
            files.append(file)
            self.pages.append((page, file))
        use_vietnamese_search(files, config)
        if config.nav is None:
            generated = {file.src_uri for _, file in self.pages}
            present = [f.src_uri for f in files.documentation_pages()]
            guides = [src for src in present if src not in generated]
            config.nav = navigation(field_pages(project), guides, present)
        return files

    # After Material's search plugin has written its index (we rebuild it as ours) and before
    # Material's offline plugin (-100) inlines the search files.
    @event_priority(-50)
    def on_post_build(self, config: MkDocsConfig) -> None:
        """Write our search index, then site/outreach-manifest.json with every hash."""
        site_dir = Path(config.site_dir)
        artifacts = list(self.assets) + [page_artifact(site_dir, page, file)
                                         for page, file in self.pages]
        artifacts += search.write_index(site_dir, config.plugins)
        build.write_site_manifest(site_dir, artifacts)

    def on_serve(self, server: Any, config: MkDocsConfig, builder: Any) -> Any:
        """Rebuild when the catalogue, announcements or lexicon change, not only docs_dir."""
        root = Path(config.config_file_path).parent
        for name in (self.config.catalogue, self.config.announcements, self.config.audio):
            if (root / name).exists():
                server.watch(str(root / name))
        return server

    # -- helpers --------------------------------------------------------------------------

    def _warn(self, problem: Problem) -> None:
        assert self.options is not None
        if self.options.reported_by_caller:
            self.options.warn(problem)
        else:
            log.warning(str(problem))

    def _require(self) -> tuple[Project, build.BuildOptions]:
        if self.project is None or self.options is None:
            raise PluginError(labels.PLUGIN_NOT_CONFIGURED)
        return self.project, self.options


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
    plugin.options = options
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
        raise PluginError(problems_message([Problem(Path(config.config_file_path).name, None,
                                                    f"extra.{PLUGIN_NAME}.{key}", str(error))
                                            for key, error in errors]))
    return plugin


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


def use_vietnamese_search(files: Files, config: MkDocsConfig) -> None:
    """Serve our search worker at the path of Material's (see search.py)."""
    for file in list(files):
        if search.is_material_worker(file.src_uri.removesuffix(".map")):
            files.remove(file)  # its source map describes code we no longer serve
            if not file.src_uri.endswith(".map"):
                files.append(File.generated(config, file.src_uri, content=search.worker_source()))


def page_artifact(site_dir: Path, page: GeneratedPage, file: File) -> Artifact:
    """Manifest entry of a generated page, hashed as written to site_dir."""
    path = file.dest_uri
    return Artifact("page", page.source or page.kind, path, sha256_file(site_dir / path),
                    {"page": page.kind, "url": file.url})


__all__ = ["OutreachPlugin", "attach_plugin", "legacy_plugin", "problems_message"]

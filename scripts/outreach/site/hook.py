"""MkDocs hook: the catalogue's pages, PDFs and audio enter a plain `mkdocs build` / `serve`.

mkdocs.yml lists `overrides/hooks/outreach.py`, which re-exports these event functions.
Order within one build: on_config loads and validates the project; on_files produces PDFs and
audio first (cached), so the generated pages can link and embed them, then adds assets and
pages as MkDocs files (links get checked and made relative) and sets the navigation;
on_post_build writes the manifest. The Markdown itself comes from pages.py (pure functions).
"""

from __future__ import annotations

import logging
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files, InclusionLevel

from .. import __version__, build, paths
from ..artifacts import Artifact, sha256_file, write_manifest
from ..catalogue.project import Project, load_project
from ..errors import InvalidInput, Problem
from . import search
from .navigation import navigation
from .pages import GeneratedPage, field_pages, generated_pages
from .text import anchor

log = logging.getLogger("mkdocs.plugins.outreach")

# Markdown features the generated pages use; added when a project's mkdocs.yml lacks them.
NEEDED_EXTENSIONS = {
    "admonition": {},
    "attr_list": {},
    "md_in_html": {},
    "tables": {},
    "pymdownx.tasklist": {"custom_checkbox": True},
}


@dataclass
class BuildState:
    """What one build learned in on_config/on_files and needs again in on_post_build."""

    project: Project
    assets: list[Artifact] = field(default_factory=list)
    pages: list[tuple[GeneratedPage, File]] = field(default_factory=list)


_state: BuildState | None = None


def problems_message(problems: list[Problem]) -> str:
    """The text MkDocs prints when the project is invalid: one `file:line: field: …` a line."""
    lines = "\n".join(f"  {p}" for p in problems)
    return (f"outreach: dự án có {len(problems)} lỗi, cần sửa trước khi dựng trang:\n{lines}\n"
            "Chạy `outreach check` để xem lại danh sách này.")


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    """Load and validate the project; an invalid one stops the build with every problem."""
    global _state
    try:
        config_file = Path(config.config_file_path)
        project = build.preloaded_project(config_file) or load_project(config_file)
    except InvalidInput as exc:
        raise PluginError(problems_message(exc.problems)) from None
    for warning in project.warnings:
        # Info, not warning: `mkdocs build --strict` must not fail on "not yet verified".
        log.info(str(warning))
    for name, options in NEEDED_EXTENSIONS.items():
        if name not in config.markdown_extensions:
            config.markdown_extensions.append(name)
            config.mdx_configs.setdefault(name, options)
    # Heading ids from Vietnamese titles: "dang-ky-khai-sinh", not MkDocs' "ang-ky-khai-sinh".
    config.mdx_configs.setdefault("toc", {}).setdefault("slugify", anchor)
    if config.theme.name == "material" and config.theme.get("font") is not False:
        # Material's default fetches Roboto from Google: breaks the offline kiosk promise.
        log.warning("outreach: theme.font chưa đặt là false; trang sẽ tải phông chữ từ Google "
                    "và không chạy được khi không có mạng. Thêm `font: false` dưới `theme:`.")
    _use_builtin_theme(config)
    _state = BuildState(project)
    return config


def _use_builtin_theme(config: MkDocsConfig) -> None:
    """The package's theme overrides sit between the project's custom_dir and Material."""
    from importlib import resources

    theme_dir = str(Path(str(resources.files("outreach.site") / "theme")).resolve())
    dirs = config.theme.dirs
    if theme_dir not in dirs:
        dirs.insert(1 if config.theme.custom_dir else 0, theme_dir)


def on_files(files: Files, config: MkDocsConfig) -> Files:
    """Produce assets, then add them and the generated pages; set the menu if none is given."""
    state = _require_state()
    project = state.project
    staging = project.root / project.settings.cache_dir / "assets"
    _drop_private_theme_files(files, config)
    state.assets = produce_assets(project, staging)
    available = set()
    for site_path in _asset_paths(state.assets, staging):
        files.append(File.generated(config, site_path, abs_src_path=str(staging / site_path)))
        available.add(site_path)
    for page in generated_pages(project, available, config.use_directory_urls, state.assets):
        if files.get_file_from_path(page.src_uri) is not None:
            # A hand-written page at the same place wins: communes may rewrite any page.
            log.info(f"outreach: dùng trang viết tay {page.src_uri} thay cho trang tự tạo.")
            continue
        inclusion = InclusionLevel.INCLUDED if page.in_nav else InclusionLevel.NOT_IN_NAV
        file = File.generated(config, page.src_uri, content=page.markdown, inclusion=inclusion)
        files.append(file)
        state.pages.append((page, file))
    _use_vietnamese_search(files, config)
    if config.nav is None:
        generated = {file.src_uri for _, file in state.pages}
        present = [f.src_uri for f in files.documentation_pages()]
        guides = [src for src in present if src not in generated]
        config.nav = navigation(field_pages(project), guides, present)
    return files


def produce_assets(project: Project, staging: Path) -> list[Artifact]:
    """PDFs and audio into `staging` (cached by content, so a rebuild renders nothing new)."""
    shutil.rmtree(staging, ignore_errors=True)  # stale files from an earlier build never leak
    staging.mkdir(parents=True, exist_ok=True)
    options = build.options_for(project)
    try:
        artifacts = build.produce_assets(project, staging, options)
    except InvalidInput as exc:
        raise PluginError(problems_message(exc.problems)) from None
    if not build.cli_reports_warnings():  # plain `mkdocs build`: nobody else reports these
        for problem in options.warnings:
            log.warning(str(problem))
    return artifacts


# Theme folders that hold print templates, fonts and this hook: inputs, not web content.
PRIVATE_THEME_FOLDERS = ("print/", "fonts/", "hooks/")


def _drop_private_theme_files(files: Files, config: MkDocsConfig) -> None:
    custom_dir = config.theme.custom_dir
    if not custom_dir:
        return
    root = Path(custom_dir).resolve()
    for file in list(files):
        src = Path(file.abs_src_path or "").resolve()
        if root in src.parents and file.src_uri.startswith(PRIVATE_THEME_FOLDERS):
            files.remove(file)


def _asset_paths(artifacts: list[Artifact], staging: Path) -> list[str]:
    """Every produced file to publish: artefacts, their transcripts, the broadcast programme."""
    wanted = [a.path for a in artifacts]
    wanted += [str(a.extra["transcript"]) for a in artifacts if a.extra.get("transcript")]
    wanted += [paths.transcript(a.path) for a in artifacts if a.kind == "clip"]
    wanted.append(paths.PROGRAMME)
    seen: dict[str, None] = {}
    for site_path in wanted:
        if (staging / site_path).is_file():
            seen.setdefault(site_path)
    return list(seen)


def _use_vietnamese_search(files: Files, config: MkDocsConfig) -> None:
    """Serve our search worker at the path of Material's (see search.py)."""
    for file in list(files):
        if search.is_material_worker(file.src_uri.removesuffix(".map")):
            files.remove(file)  # its source map describes code we no longer serve
            if not file.src_uri.endswith(".map"):
                files.append(File.generated(config, file.src_uri, content=search.worker_source()))


def on_post_build(config: MkDocsConfig) -> None:
    """Write site/outreach-manifest.json: every generated page and asset with its hash."""
    state = _require_state()
    site_dir = Path(config.site_dir)
    artifacts = list(state.assets) + [page_artifact(site_dir, page, file)
                                      for page, file in state.pages]
    artifacts += search.write_index(site_dir, config.plugins)  # after Material's search plugin
    write_manifest(site_dir, artifacts, {"name": "outreach", "version": __version__})


def on_serve(server, config: MkDocsConfig, builder):
    """Rebuild when the catalogue, announcements or lexicon change, not only docs_dir."""
    root = Path(config.config_file_path).parent
    settings = _state.project.settings if _state else None
    watched = ([settings.catalogue, settings.announcements, settings.audio] if settings
               else ["procedures.yaml", "announcements", "audio"])
    for name in watched:
        if (root / name).exists():
            server.watch(str(root / name))
    return server


def page_artifact(site_dir: Path, page: GeneratedPage, file: File) -> Artifact:
    """Manifest entry of a generated page, hashed as written to site_dir."""
    path = file.dest_uri
    return Artifact("page", page.source or page.kind, path, sha256_file(site_dir / path),
                    {"page": page.kind, "url": file.url})


def _require_state() -> BuildState:
    if _state is None:
        raise PluginError("outreach: hook chưa được nạp cấu hình (on_config chưa chạy).")
    return _state


__all__ = ["on_config", "on_files", "on_post_build", "on_serve"]

"""`outreach export`: the site as plain sources that a MkDocs-compatible engine builds without
the outreach plugin (MkDocs, ProperDocs, Zensical), so that no commune depends on one engine.

The export folder holds `mkdocs.yml`, `docs/` (hand-written pages, the generated Markdown
pages, PDFs, MP3s, transcripts, previews, open data) and `overrides/` (the package's theme
files under the project's own). What differs by engine is search: MkDocs and ProperDocs
(Material's templates) get outreach's worker at the path of Material's and a prebuilt index
under `docs/search/outreach/`; Zensical ships its own search engine and takes no worker, so
its export keeps Zensical's search.

Pure helpers here; `outreach.build.export_sources` does the I/O in order.
"""

from __future__ import annotations

import types
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import yaml

ENGINES = ("mkdocs", "properdocs", "zensical")
CONFIG = "mkdocs.yml"  # ProperDocs and Zensical read this name too
DOCS = "docs"
THEME = "overrides"
MARKER = ".outreach-export"  # says a folder is an export, so a new export may replace it
PLUGIN = "outreach"
# Theme files that only make sense with outreach's search worker (Material's search markup).
SEARCH_PARTIALS = ("partials/search.html",)
# Project theme folders that are inputs of outreach, not web content (see site/plugin.py).
PRIVATE_THEME_FOLDERS = ("print/", "fonts/", "hooks/")
PRIVATE_THEME_FILES = ("README.md",)


def with_our_search(engine: str) -> bool:
    """Whether the export serves outreach's search (Material's templates) or the engine's."""
    return engine != "zensical"


def export_config(raw: dict[str, Any], nav: list | None,
                  extensions: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """The project's mkdocs.yml (as loaded, tags resolved) turned into the export's: no
    outreach plugin nor hook, docs and theme folders of the export, the navigation written
    out, and the Markdown extensions the generated pages need.

    The toc `slugify` outreach sets (heading ids without accents) is left to the engine: it
    lives in outreach, and no generated page links to a heading.
    """
    config = {key: value for key, value in raw.items()
              if key not in ("hooks", "docs_dir", "site_dir", "nav", "INHERIT")}
    config["docs_dir"] = DOCS
    config["site_dir"] = "site"
    theme = raw.get("theme")
    theme = dict(theme) if isinstance(theme, dict) else {"name": theme or "material"}
    theme["custom_dir"] = THEME
    config["theme"] = theme
    config["plugins"] = _without_outreach(raw.get("plugins"))
    extra = raw.get("extra")
    if isinstance(extra, dict) and PLUGIN in extra:  # the old hook form's settings
        config["extra"] = {k: v for k, v in extra.items() if k != PLUGIN}
    config["markdown_extensions"] = _with_extensions(raw.get("markdown_extensions"),
                                                     extensions)
    if nav is not None:
        config["nav"] = nav
    order = ["site_name", "site_description", "site_url", "docs_dir", "site_dir",
             "use_directory_urls", "theme", "plugins", "markdown_extensions", "nav"]
    return {key: config[key] for key in [*order, *config] if key in config}


def _without_outreach(plugins: Any) -> list[Any]:
    if plugins is None:
        return ["search"]
    if isinstance(plugins, dict):
        plugins = [{name: options} if options else name for name, options in plugins.items()]
    return [entry for entry in plugins
            if _plugin_name(entry) not in (PLUGIN, f"{PLUGIN}/{PLUGIN}")]


def _plugin_name(entry: Any) -> str:
    return next(iter(entry)) if isinstance(entry, dict) else str(entry)


def _with_extensions(configured: Any, needed: dict[str, dict[str, Any]]) -> list[Any]:
    entries = list(configured or [])
    present = {_plugin_name(e) for e in entries}
    for name, options in needed.items():
        if name not in present:
            entries.append({name: dict(options)} if options else name)
    out = []
    for entry in entries:  # drop outreach's own slugify (see export_config)
        if isinstance(entry, dict) and "toc" in entry and isinstance(entry["toc"], dict):
            entry = {"toc": {k: v for k, v in entry["toc"].items() if k != "slugify"}}
        out.append(entry)
    return out


AUDIO_SRC = '<audio controls preload="none" src="'  # as site.pages.audio_block writes it


def source_relative_audio(markdown: str, src_uri: str, use_directory_urls: bool) -> str:
    """Zensical reads a raw `<audio src>` as relative to the Markdown file, as it does links;
    MkDocs leaves raw HTML alone, so outreach writes it relative to the built page."""
    from .pages import url_to_root

    built = url_to_root(src_uri, use_directory_urls)
    source = url_to_root(src_uri, use_directory_urls=False)
    return markdown.replace(AUDIO_SRC + built, AUDIO_SRC + source)


class _Dumper(yaml.SafeDumper):
    """YAML as mkdocs.yml writes it: Python callables as `!!python/name:` tags."""


def _represent_callable(dumper: yaml.SafeDumper, value: Any) -> yaml.Node:
    return dumper.represent_scalar(
        f"tag:yaml.org,2002:python/name:{value.__module__}.{value.__qualname__}", "")


_Dumper.add_multi_representer(types.FunctionType, _represent_callable)
_Dumper.add_multi_representer(types.BuiltinFunctionType, _represent_callable)


def dump_config(config: dict[str, Any], header: str) -> str:
    body = yaml.dump(config, Dumper=_Dumper, allow_unicode=True, sort_keys=False,
                     default_flow_style=False, width=100)
    return "".join(f"# {line}\n" for line in header.splitlines()) + body


def theme_files(layers: Iterable[Path], engine: str) -> dict[str, Path]:
    """Theme path -> source file, from the package's theme folder and the project's
    custom_dir (later layers win), without outreach's private folders; Zensical's export
    leaves out the partials of outreach's search."""
    found: dict[str, Path] = {}
    for root in layers:
        for path in sorted(root.rglob("*")):
            rel = path.relative_to(root).as_posix()
            if (not path.is_file() or rel.startswith(PRIVATE_THEME_FOLDERS)
                    or rel in PRIVATE_THEME_FILES or "__pycache__" in rel):
                continue
            if not with_our_search(engine) and rel in SEARCH_PARTIALS:
                continue
            found[rel] = path
    return found


__all__ = ["CONFIG", "DOCS", "ENGINES", "MARKER", "THEME", "dump_config", "export_config",
           "source_relative_audio", "theme_files", "with_our_search"]

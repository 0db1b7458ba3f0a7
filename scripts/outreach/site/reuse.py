"""Pages whose output cannot have changed are taken from the render cache, not rendered again.

A build of a commune after the province corrected one procedure's `time` changes one page;
MkDocs would still convert the Markdown of every page, parse each for Material's search and
render each through the theme. Here each page's final HTML (as the theme rendered it, before
any `post_page` plugin), its title, anchors and Material search entries are cached under a
key of everything that output is made from:

* the site: the configuration as MkDocs resolved it, mkdocs.yml, the project's theme folder,
  the versions of MkDocs, Material, Markdown and outreach's own code, every file's place in
  the site, and the menu (its titles, or the Markdown of the pages that title themselves);
* the page: its place, its front matter and its Markdown.

A page whose key is known is handed to MkDocs with no Markdown to convert and a template that
writes the cached HTML back as it was; Material's search gets the page's cached entries
instead of parsing it. Anything else about the site changing changes every key, so in doubt
a page is rendered. Plain builds only: `serve` has its own incremental path (`incremental`).
"""

from __future__ import annotations

import hashlib
import json
import logging
import zlib
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from ..artifacts import Cache, tree_digest

NAMESPACE = "page"
FORMAT = 2
REUSED_TEMPLATE = "outreach-reused.html"  # {{ page.content }}: the cached output, as it was
# The settings a page's HTML can depend on, as MkDocs resolved them (!ENV included).
CONFIG_KEYS = ("site_name", "site_url", "site_description", "site_author", "copyright",
               "repo_url", "repo_name", "edit_uri", "edit_uri_template", "extra", "extra_css",
               "extra_javascript", "extra_templates", "markdown_extensions", "mdx_configs",
               "use_directory_urls", "theme", "nav", "not_in_nav", "validation", "strict")


def _stable(value: Any) -> Any:
    """JSON fallback that is the same in every process: a set sorted, a function by its
    name, else the value's text."""
    if isinstance(value, (set, frozenset)):
        return sorted(value, key=str)
    if callable(value) and hasattr(value, "__qualname__"):
        return f"{getattr(value, '__module__', '')}.{value.__qualname__}"
    return str(value)


def _json(value: Any) -> str:
    return json.dumps(value, sort_keys=True, default=_stable, ensure_ascii=False)


def _plugin_settings(plugin: Any) -> Any:
    """A plugin's options; a hook (a module in mkdocs.yml's `hooks:`) by its code."""
    options = getattr(plugin, "config", None)
    if options is not None:
        return dict(options)
    source = getattr(plugin, "__file__", None)
    if source and Path(source).is_file():
        return hashlib.sha256(Path(source).read_bytes()).hexdigest()
    return type(plugin).__qualname__


def site_key(config: Any, files: Iterable[Any], nav_pages: Iterable[Any], code: str) -> str:
    """What every page of this build shares: see the module's docstring. `code` stands for
    the installed packages that render pages (their versions, outreach's content hash)."""
    settings = {key: config.get(key) for key in CONFIG_KEYS}
    theme = config.theme  # its text lists a set in hash order: taken apart instead
    settings["theme"] = {"name": theme.name, "dirs": theme.dirs,
                         "static_templates": theme.static_templates, "options": dict(theme)}
    plugins = {name: _plugin_settings(plugin) for name, plugin in config.plugins.items()}
    config_file = Path(config.config_file_path)
    custom = config.theme.custom_dir
    own_theme = tree_digest(Path(custom)) if custom and Path(custom).is_dir() else ""
    places = sorted((f.src_uri, f.dest_uri, f.url, str(f.inclusion)) for f in files)
    menu = []
    for page in nav_pages:
        # A title given in the menu is known now; any other comes from the page's own text.
        own = "title" in vars(page)
        menu.append((page.file.src_uri, page.title if own else None,
                     None if own else page.file.content_bytes.hex()))
    return Cache.key(FORMAT, code, _json(settings), _json(plugins), config_file.read_bytes().hex(),
                     own_theme, places, menu)


class _Warnings(logging.Handler):
    """Counts MkDocs' warnings, so a page that warned while rendering is never stored: it is
    rendered (and warns, and fails `--strict`) in every build, as without reuse."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1


class PageReuse:
    """One build's look-ups and stores (the plugin makes one per build; `close` at its end)."""

    def __init__(self, cache: Cache, site: str) -> None:
        self.cache = cache
        self.site = site
        self._hits: dict[str, tuple[str, dict]] = {}  # src_uri -> (key, record less output)
        self._keys: dict[str, str] = {}  # src_uri -> key of a page rendered this build
        self._marks: dict[str, int] = {}  # src_uri -> warnings counted when its step began
        self._warned: set[str] = set()
        self._warnings = _Warnings()
        logging.getLogger("mkdocs").addHandler(self._warnings)

    def close(self) -> None:
        logging.getLogger("mkdocs").removeHandler(self._warnings)

    def look_up(self, page: Any, markdown: str) -> bool:
        """Whether `page` (its final Markdown given) is reused; remembers its key if not."""
        src = page.file.src_uri
        key = Cache.key(FORMAT, self.site, src, _json(page.meta), markdown)
        data = self.cache.get(NAMESPACE, key, ".json.z")
        if data is None:
            self._keys[src] = key
            self._marks[src] = self._warnings.count
            return False
        record = json.loads(zlib.decompress(data))
        del record["output"]  # read again when the page is written: 2,000 at once weigh
        self._hits[src] = (key, record)
        return True

    def rendering(self) -> int:
        """How many pages of this build are rendered (not reused)."""
        return len(self._keys)

    def is_reused(self, page: Any) -> bool:
        return page.file.src_uri in self._hits

    def converted(self, page: Any) -> None:
        """A page not reused has been converted: did it warn? Its template step begins."""
        self._step(page)

    def templated(self, page: Any) -> None:
        """A page not reused is about to be rendered through the theme."""
        self._step(page)

    def _step(self, page: Any) -> None:
        src = page.file.src_uri
        if self._warnings.count != self._marks.get(src, self._warnings.count):
            self._warned.add(src)
        self._marks[src] = self._warnings.count

    def restore(self, page: Any, files: Any) -> None:
        """A reused page as MkDocs' later steps need it: title, anchors (its own, and those
        it links to, which MkDocs checks), and the template that writes its cached HTML
        (loaded at `output`)."""
        record = self._hits[page.file.src_uri][1]
        page.title = record["title"]
        page.present_anchor_ids = set(record["anchors"])
        links = {files.get_file_from_path(src): anchors for src, anchors in record["links"]}
        page.links_to_anchors = {file: anchors for file, anchors in links.items() if file}
        page.meta["template"] = REUSED_TEMPLATE
        page.content = ""

    def output(self, page: Any) -> str:
        """The cached HTML of a reused page (looked up in `look_up`, so it is there)."""
        key = self._hits[page.file.src_uri][0]
        data = self.cache.get(NAMESPACE, key, ".json.z", count=False)
        if data is None:  # removed in the meantime: a cache emptied during the build
            raise RuntimeError(f"{page.file.src_uri}: cached page vanished during the build")
        return str(json.loads(zlib.decompress(data))["output"])

    def cached_entries(self, page: Any) -> list[dict]:
        """Material's search entries of a reused page, as they were made."""
        return list(self._hits[page.file.src_uri][1].pop("entries"))

    def record(self, page: Any, output: str) -> tuple[str, dict] | None:
        """The key and record (less its search entries) of a page rendered now, from its
        output before `post_page` plugins; None if it is not to be kept (reused, or it warned
        while being rendered)."""
        src = page.file.src_uri
        key = self._keys.pop(src, None)
        self._step(page)
        if key is None or src in self._warned:
            return None
        links = sorted((file.src_uri, anchors)
                       for file, anchors in (page.links_to_anchors or {}).items())
        return key, {"output": output, "title": page.title,
                     "anchors": sorted(page.present_anchor_ids or ()), "links": links}


def put_record(cache: Cache, key: str, record: dict) -> None:
    """Keep a rendered page's record (with its search entries) under its key."""
    data = json.dumps(record, ensure_ascii=False, default=str).encode("utf-8")
    cache.put(NAMESPACE, key, ".json.z", zlib.compress(data, 1))


__all__ = ["REUSED_TEMPLATE", "PageReuse", "put_record", "site_key"]

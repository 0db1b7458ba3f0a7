"""What `outreach serve` keeps between rebuilds, so that one edit re-renders about one page.

MkDocs' dirty rebuilds (`build_type="dirty"`) read and render only the pages whose
`File.is_modified()` is true: a source file newer than its output. A page held in memory is
always "modified", so while serving, the plugin writes each generated page's Markdown into a
staging folder (`PageFolder`), touching a file only when its text changed, and gives MkDocs
that file. Everything else that runs per rebuild is kept here too: the Markdown of procedure
pages whose inputs did not change (`PageMemo`), Material's search entries of the pages not
rendered this time (`SearchEntries`) and their folded words (`TermsMemo`), output hashes for
the manifest (`FileHashes`), page titles for the menu (`Titles`), compiled templates
(`TemplateCache`) and the warnings already shown (`RepeatedWarnings`). (PDFs, audio and
previews need nothing here: the staging folder keeps unchanged files as they are.)

The plugin holds one instance of each (MkDocs keeps a plugin that has `on_startup` across the
rebuilds of one `serve`); a plain build uses none of them.
"""

from __future__ import annotations

import hashlib
import shutil
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import jinja2
import jinja2.bccache

from .. import paths
from ..artifacts import Artifact, sha256_file, write_atomic
from ..catalogue.model import Procedure
from .pages import PageContext
from .search import Page, PageTerms, page_terms

PageRenderer = Callable[[PageContext, Procedure], str]


class PageFolder:
    """Generated Markdown on disk, each file rewritten only when its text changed.

    An unchanged page keeps its mtime, older than its output, so a dirty build skips it.
    """

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._written: dict[str, str] = {}  # src_uri -> the Markdown now on disk

    def put(self, src_uri: str, markdown: str) -> str:
        """Absolute path of `src_uri`'s Markdown, written if it is new or changed."""
        if not self._written:  # first build of this serve: no leftovers of an earlier one
            shutil.rmtree(self.folder, ignore_errors=True)
        path = self.folder / src_uri
        if self._written.get(src_uri) != markdown or not path.is_file():
            write_atomic(path, markdown.encode("utf-8"))
            self._written[src_uri] = markdown
        return str(path)

    def keep_only(self, src_uris: Iterable[str]) -> None:
        """Remove the files of pages this build no longer generates."""
        keep = set(src_uris)
        for src_uri in [s for s in self._written if s not in keep]:
            (self.folder / src_uri).unlink(missing_ok=True)
            del self._written[src_uri]


class PageMemo:
    """Markdown of procedure pages, reused while nothing a page is made from changed.

    A page depends on its procedure, the rest of the catalogue (office, portals, levels), the
    settings, today's date, the URL style and the assets made for its code; all of that is
    in its key.
    """

    def __init__(self, render: PageRenderer) -> None:
        self.render = render
        self._pages: dict[str, tuple[str, str]] = {}  # code -> (key, markdown)
        self._previous: dict[str, tuple[str, str]] = {}
        self._context: tuple[PageContext, str, dict[str, list[Artifact]]] | None = None

    def begin(self) -> None:
        """Start a build: reuse what the last one made (codes gone since are forgotten)."""
        if self._pages:
            self._previous = self._pages
        self._pages, self._context = {}, None

    def __call__(self, ctx: PageContext, procedure: Procedure) -> str:
        """`procedure_page`, reusing the last Markdown when its key is unchanged."""
        if self._context is None or self._context[0] is not ctx:
            by_source: dict[str, list[Artifact]] = {}
            for artifact in ctx.assets.artifacts:
                by_source.setdefault(artifact.source, []).append(artifact)
            self._context = (ctx, context_key(ctx), by_source)
        _, shared, by_source = self._context
        key = _digest(shared, procedure.model_dump_json(),
                      repr(asset_key(ctx, by_source.get(procedure.code, []))))
        known = self._pages.get(procedure.code) or self._previous.get(procedure.code)
        markdown = known[1] if known and known[0] == key else self.render(ctx, procedure)
        self._pages[procedure.code] = (key, markdown)
        return markdown


def context_key(ctx: PageContext) -> str:
    """Everything but the procedure itself that a procedure page reads."""
    project = ctx.project
    return _digest(project.catalogue.model_dump_json(exclude={"procedures"}),
                   repr(project.settings), project.today.isoformat(),
                   str(ctx.use_directory_urls))


def asset_key(ctx: PageContext, artifacts: list[Artifact]) -> list[tuple[Any, ...]]:
    """The assets of one procedure as its page sees them (which exist, their hashes)."""
    out = []
    for a in artifacts:
        transcript = str(a.extra.get("transcript") or paths.transcript(a.path))
        out.append((a.kind, a.path, a.sha256, sorted(a.extra.items(), key=lambda kv: kv[0]),
                    ctx.assets.has(a.path), ctx.assets.has(transcript)))
    return out


def _digest(*parts: str) -> str:
    digest = hashlib.sha256()
    for part in parts:
        digest.update(part.encode("utf-8"))
        digest.update(b"\0")
    return digest.hexdigest()


class SearchEntries:
    """Material's search entries of every page, kept across dirty rebuilds.

    A dirty build renders only the modified pages, and Material's index then holds their
    entries alone; the entries of the other pages are still valid, so they are kept here and
    the full list is handed to our index, in the order a full build would have.
    """

    def __init__(self) -> None:
        self._by_page: dict[str, list[dict]] = {}

    def merge(self, fresh: list[dict], rendered: Iterable[str],
              present: list[str]) -> list[dict]:
        """All entries: `fresh` (this build's) for the `rendered` page URLs, the kept ones for
        the other `present` pages; pages no longer present are dropped."""
        grouped: dict[str, list[dict]] = {}
        for entry in fresh:
            grouped.setdefault(str(entry.get("location", "")).split("#", 1)[0], []).append(entry)
        for url in rendered:
            self._by_page[url] = grouped.get(url, [])  # no entries: excluded from search
        self._by_page = {url: self._by_page[url] for url in present if url in self._by_page}
        return [entry for url in present for entry in self._by_page.get(url, [])]


class TermsMemo:
    """Each page's folded and counted words, reused while its search entries are unchanged."""

    def __init__(self) -> None:
        self._terms: dict[tuple[Any, ...], PageTerms] = {}
        self._previous: dict[tuple[Any, ...], PageTerms] = {}

    def begin(self) -> None:
        """Start a build: keep only what the last one used."""
        if self._terms:
            self._previous = self._terms
        self._terms = {}

    def __call__(self, page: Page) -> PageTerms:
        key = (page.location, page.title, page.boost, tuple(page.tags), tuple(page.texts))
        terms = self._terms.get(key) or self._previous.get(key) or page_terms(page)
        self._terms[key] = terms
        return terms


class FileHashes:
    """SHA-256 of output files, computed again only when a file's size or mtime changed."""

    def __init__(self) -> None:
        self._known: dict[Path, tuple[int, int, str]] = {}

    def sha256(self, path: Path) -> str:
        stat = path.stat()
        known = self._known.get(path)
        if known and known[:2] == (stat.st_mtime_ns, stat.st_size):
            return known[2]
        digest = sha256_file(path)
        self._known[path] = (stat.st_mtime_ns, stat.st_size, digest)
        return digest


class Titles:
    """Page titles seen in earlier builds, for the menu entries of pages not read again.

    A dirty build does not read unmodified pages, so MkDocs knows no title for them and the
    menu of a rebuilt page would show an empty entry; the last title seen is used instead.
    """

    def __init__(self) -> None:
        self._titles: dict[str, str] = {}

    def remember(self, pages: Iterable[Any]) -> None:
        for page in pages:
            if page.title:
                self._titles[page.file.src_uri] = page.title

    def restore(self, pages: Iterable[Any]) -> None:
        """Give unmodified pages (not read in this build) their last known title."""
        for page in pages:
            title = self._titles.get(page.file.src_uri)
            if title and not page.file.is_modified():
                page.title = title


class TemplateCache(jinja2.BytecodeCache):
    """Compiled theme templates, kept across rebuilds: MkDocs makes a new Jinja environment
    for every build, which compiled Material's templates again (a quarter of a second)."""

    def __init__(self) -> None:
        self._code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        code = self._code.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)  # ignored when the template's source changed

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self._code[bucket.key] = bucket.bytecode_to_string()


class RepeatedWarnings:
    """Warnings of a serve rebuild that the previous build showed already are not repeated."""

    def __init__(self) -> None:
        self._shown: set[str] = set()
        self._now: set[str] = set()
        self.repeated = 0

    def begin(self) -> None:
        """Start a build: what the last one showed is what need not be shown again."""
        self._shown, self._now, self.repeated = self._now, set(), 0

    def is_new(self, text: str) -> bool:
        self._now.add(text)
        if text in self._shown:
            self.repeated += 1
            return False
        return True


__all__ = ["FileHashes", "PageFolder", "PageMemo", "RepeatedWarnings",
           "SearchEntries", "TemplateCache", "TermsMemo", "Titles", "asset_key", "context_key"]

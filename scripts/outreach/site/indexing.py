"""Search entries, search terms and render-cache records of the pages a build renders, made
in a helper process while MkDocs renders the next pages.

For each page it renders, Material's search parses the HTML into sections (its own
`SearchIndex`, on Python's HTMLParser), our index folds and counts the page's words
(`search.page_terms`), and the render cache stores the page compressed: a fifth of a cold
build at 2,000 procedures under the profiler, per page and needing nothing from the next
page. One spawn-started worker takes it off the core MkDocs runs on; with one core, or few
pages to render, the same function runs here when the page is done. Entries and terms are
made by the same code either way, so the site and its index are the same byte for byte. A
page's terms come back pickled and are unpickled one page at a time when the index is built:
as objects, 2,000 pages' terms weighed 140 MB; pickled, 9 MB.
"""

from __future__ import annotations

import multiprocessing
import pickle
from collections.abc import Callable
from concurrent.futures import CancelledError, Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from ..artifacts import Cache
from ..portable import usable_cores
from . import reuse, search

# Below this many pages to render, starting a worker (it imports MkDocs and Material again)
# costs more than it saves.
PAGES_FOR_A_WORKER = 100
# Pages sent to the worker and not done yet, at most: past this the build's process indexes
# the page itself (the worker is behind, e.g. sharing its core with the preview workers), so
# waiting pages (their HTML, twice) never pile up in memory.
MAX_WAITING = 32
# What Material's entries read from a page's front matter (`create_entry_for_section`).
META_KEYS = ("search", "tags", "title")


@dataclass(frozen=True)
class Snapshot:
    """A rendered page as Material's search reads it, taken when Material asks for it."""

    content: str
    toc: Any
    url: str
    title: str
    meta: dict[str, Any]


@dataclass(frozen=True)
class PageJob:
    page: Snapshot
    index_class: type  # the class of Material's index (pickled by its name)
    index_config: dict[str, Any]
    cache_folder: Path | None  # where the page's record goes; None: not stored
    key: str = ""
    record: dict[str, Any] | None = None  # the record less its search entries


@dataclass(frozen=True)
class Indexed:
    entries: list[dict[str, Any]]
    terms: dict[str, bytes]  # page location -> its pickled `search.PageTerms`


def index_page(job: PageJob) -> Indexed:
    """One page's Material search entries (made by Material's code), its terms for our index,
    and its cache record."""
    index = job.index_class(**job.index_config)
    index.add_entry_from_context(SimpleNamespace(**vars(job.page)))
    entries = list(index.entries)
    if job.cache_folder is not None and job.record is not None:
        reuse.put_record(Cache(job.cache_folder), job.key, {**job.record, "entries": entries})
    terms = {page.location: pickle.dumps(search.page_terms(page))
             for page in search.pages_of(entries)}
    return Indexed(entries, terms)


@dataclass(frozen=True)
class _Slot:
    """Stands in Material's entry list for a page whose entries are being made."""

    src: str


class Indexing:
    """One build's rendered pages sent to `index_page` (a worker's, or here), and their entries."""

    def __init__(self, index: Any, pages_to_render: int, cache: Cache | None) -> None:
        self.index_class = type(index)
        self.index_config = dict(getattr(index, "config", None) or {})
        self.cache = cache
        self._snapshots: dict[str, Snapshot] = {}
        self._made: dict[str, Indexed] = {}  # made here
        self._results: dict[str, Future[Indexed]] = {}  # made by the worker
        self._jobs: dict[str, PageJob] = {}  # sent to the worker, not done yet
        self.pool: ProcessPoolExecutor | None = None
        if pages_to_render >= PAGES_FOR_A_WORKER and usable_cores() > 1:
            self.pool = ProcessPoolExecutor(max_workers=1,
                                            mp_context=multiprocessing.get_context("spawn"))

    def capture(self, page: Any, entries: list[Any]) -> None:
        """Material asks for the page's entries (its HTML is final now): keep the page and
        its place in the entry list."""
        src = page.file.src_uri
        meta = {key: page.meta[key] for key in META_KEYS if key in page.meta}
        self._snapshots[src] = Snapshot(page.content, page.toc, page.url, page.title, meta)
        entries.append(_Slot(src))

    def submit(self, page: Any, stored: tuple[str, dict[str, Any]] | None) -> None:
        """The page is rendered: make its entries, and store `stored` (key, record) with
        them."""
        src = page.file.src_uri
        snapshot = self._snapshots.pop(src, None)
        if snapshot is None:  # Material did not ask (search disabled for it)
            return
        key, record = stored if stored is not None else ("", None)
        job = PageJob(snapshot, self.index_class, self.index_config,
                      self.cache.folder if self.cache is not None and record else None,
                      key, record)
        if self.pool is None or len(self._jobs) >= MAX_WAITING:
            self._made[src] = index_page(job)
            return
        self._jobs[src] = job  # until its worker is done, in case the worker dies
        try:
            result = self.pool.submit(index_page, job)
        except BrokenProcessPool:  # the worker died (out of memory?): the rest is made here
            del self._jobs[src]
            self.close()
            self._made[src] = index_page(job)
            return
        result.add_done_callback(partial(self._forget_job, src))
        self._results[src] = result

    def _forget_job(self, src: str, result: Future[Indexed]) -> None:
        if not result.cancelled() and result.exception() is None:
            self._jobs.pop(src, None)

    def resolve(self, entries: list[Any]) -> tuple[list[dict[str, Any]], dict[str, bytes]]:
        """Material's entry list with every page's own entries in its place, and the pickled
        terms of the pages made here (location -> `search.PageTerms`, see `terms_of`)."""
        resolved: list[dict[str, Any]] = []
        terms: dict[str, bytes] = {}
        for entry in entries:
            if isinstance(entry, _Slot):
                indexed = self._indexed(entry.src)
                resolved += indexed.entries
                terms.update(indexed.terms)
            else:
                resolved.append(entry)
        return resolved, terms

    def _indexed(self, src: str) -> Indexed:
        made = self._made.pop(src, None)
        if made is not None:
            return made
        try:
            return self._results.pop(src).result()
        except (BrokenProcessPool, CancelledError):  # the worker was killed: made here
            return index_page(self._jobs.pop(src))

    def close(self) -> None:
        """Stop the worker: at once when pages are left (a failed build does not wait for
        it), else let it end before the build does."""
        if self.pool is not None:
            self.pool.shutdown(wait=not self._results, cancel_futures=True)
        self.pool = None


def terms_of(pickled: dict[str, bytes]) -> Callable[[search.Page], search.PageTerms]:
    """`search.build_index`'s `analyse`: a page's terms made beside the build (taken out as
    they are used), else worked out now."""
    folded: dict[str, str] = {}

    def analyse(page: search.Page) -> search.PageTerms:
        made = pickled.pop(page.location, None)
        if made is not None:
            terms: search.PageTerms = pickle.loads(made)
            return terms
        return search.page_terms(page, folded)

    return analyse


__all__ = ["MAX_WAITING", "PAGES_FOR_A_WORKER", "Indexed", "Indexing", "PageJob", "Snapshot",
           "index_page", "terms_of"]

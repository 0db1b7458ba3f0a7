"""Site search that reads Vietnamese as it is typed, fast on a cheap phone at any catalogue size.

Material keeps its search box, result list, suggestions and on-page highlighting; only the
engine behind them is ours. Material's lunr worker downloaded the whole index (9.7 MB at 2,000
procedures) and rebuilt it in the browser, and lunr's trimmer and query parser cut Vietnamese
letters off the query ("thường trú" was searched as "tr"). Instead:

* after the build, `write_index` turns Material's `search/search_index.json` into a small
  prebuilt index under `search/outreach/`: one entry per page, words folded by `text.fold`
  (lower case, no marks, đ -> d), postings sharded by the first two letters of each word, and
  the result teasers in chunks. `search_index.json` keeps only Material's config, so the page
  (and the on-page highlighter) fetches a few hundred bytes.
* `assets/search_worker.js` is served at the path of Material's worker and speaks its protocol.
  It folds the query with the same rule, loads only the shards the query's words need, and
  ranks exact words above i/y spellings (ký/kí), then above one-letter typos; the last word
  counts as typed so far. Results carry the accented words they matched, which Material puts
  in `?h=` so the opened page marks "thường trú" for "thuong tru".

`tests/test_search_upstream.py` pins the Material files this replaces or relies on.
"""

from __future__ import annotations

import html
import json
import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import partial
from importlib import resources
from pathlib import Path

from ..artifacts import Artifact, sha256_bytes, write_atomic
from .text import fold

INDEX_PATH = "search/search_index.json"
INDEX_DIR = "search/outreach"
WORKER_DIR = "assets/javascripts/workers"
FORMAT = 1
# Pages per teaser file: each of the ten results shown fetches its file, so a file holds few
# (a four-query session at 2,000 procedures fetched 1.50 MB with 20 a file, 0.99 MB with 2).
TEASER_CHUNK = 2
TEASER_CHARS = 220
TITLE, TAGS, TF_MASK = 64, 32, 31  # a posting's weight: field bits + term frequency (capped)
PHRASE = "~"  # shard entries for whole keywords, beside the words' own postings

_WORD = re.compile(r"[^\W_]+")
_TAG = re.compile(r"<[^>]*>")
_KEY_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789")


def words(text: str) -> list[str]:
    """Folded words of `text`: 'Đăng ký (mới)' -> ['dang', 'ky', 'moi'] (worker: `words`)."""
    return _WORD.findall(fold(text))


def surface_words(text: str) -> list[str]:
    """Lower-case words as written, marks kept: what the on-page highlighter must find."""
    return _WORD.findall(text.lower())


def shard_key(term: str) -> str:
    """File name of the shard holding `term`'s postings: its first two letters (worker: same)."""
    return "".join(c if c in _KEY_CHARS else "_" for c in term[:2])


def plain_text(markup: str) -> str:
    """Search-index HTML -> text: tags dropped, entities decoded, spaces collapsed."""
    return " ".join(html.unescape(_TAG.sub(" ", markup)).split())


@dataclass
class Page:
    """One page of the site as search sees it (its sections folded into its text)."""

    location: str
    title: str
    boost: float = 1.0
    tags: list[str] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)

    @property
    def teaser(self) -> str:
        text = self.texts[0] if self.texts else ""
        if len(text) <= TEASER_CHARS:
            return text
        return text[:TEASER_CHARS].rsplit(" ", 1)[0] + " …"


def pages_of(docs: Iterable[dict]) -> list[Page]:
    """Material's index entries (a page, then its sections) grouped into pages, in order."""
    pages: dict[str, Page] = {}
    for doc in docs:
        location = str(doc.get("location", ""))
        path = location.split("#", 1)[0]
        title = plain_text(str(doc.get("title", "")))
        text = plain_text(str(doc.get("text", "")))
        page = pages.get(path)
        if page is None:
            page = pages[path] = Page(path, title, float(doc.get("boost", 1) or 1),
                                      [str(t) for t in doc.get("tags") or []])
            page.texts.append(text)
        else:
            page.texts += [title, text]
    return list(pages.values())


@dataclass(frozen=True)
class PageTerms:
    """What one page adds to the index, worked out from that page alone."""

    title_length: int  # distinct words in the title
    weights: dict[str, int]  # term -> field bits + term frequency
    title_terms: frozenset[str]
    phrases: tuple[str, ...]  # whole keywords (PHRASE + folded words)
    forms: dict[str, frozenset[str]]  # folded word -> how it is written on the page


def page_terms(page: Page, folded: dict[str, str] | None = None) -> PageTerms:
    """Fold and count one page's words (the costly part of `build_index`).

    `folded` remembers each written form's folded word, across the pages of one build."""
    folded = {} if folded is None else folded
    title_terms = frozenset(words(page.title))
    weights = dict.fromkeys(title_terms, TITLE)
    phrases = tuple(PHRASE + " ".join(words(tag)) for tag in page.tags)
    for term in {w for tag in page.tags for w in words(tag)}:
        weights[term] = weights.get(term, 0) | TAGS
    # Field bits plus the term's frequency, capped at TF_MASK.
    for term, count in Counter(w for text in page.texts for w in words(text)).items():
        weights[term] = weights.get(term, 0) + min(count, TF_MASK)
    forms: dict[str, set[str]] = {}
    for form in {f for text in (page.title, *page.tags, *page.texts)
                 for f in surface_words(text)}:
        key = folded.get(form)
        if key is None:
            key = folded[form] = fold(form)
        forms.setdefault(key, set()).add(form)
    return PageTerms(len(title_terms), weights, title_terms, phrases,
                     {k: frozenset(v) for k, v in forms.items()})


def build_index(search_index: dict, inline: bool = False,
                analyse: Callable[[Page], PageTerms] | None = None) -> dict[str, bytes]:
    """Material's search index -> {site path: bytes} of our prebuilt, sharded index.

    `inline` adds `all.js`, every file in one script: a browser opening the site from `file://`
    (Material's offline plugin, a USB stick) may load scripts but not fetch JSON.
    `analyse` is `page_terms` (serve passes one that remembers unchanged pages).
    """
    pages = pages_of(search_index.get("docs", []))
    analyse = analyse or partial(page_terms, folded={})
    postings: dict[str, dict[int, int]] = {}
    phrases: dict[str, set[int]] = {}  # whole keywords: "nhập hộ khẩu" typed as one
    in_titles: dict[str, int] = {}
    forms: dict[str, set[str]] = {}
    title_lengths = []
    for number, page in enumerate(pages):
        terms_of_page = analyse(page)
        title_lengths.append(terms_of_page.title_length)
        for term in terms_of_page.title_terms:
            in_titles[term] = in_titles.get(term, 0) + 1
        for phrase in terms_of_page.phrases:
            phrases.setdefault(phrase, set()).add(number)
        for term, weight in terms_of_page.weights.items():
            postings.setdefault(term, {})[number] = weight
        for folded, written in terms_of_page.forms.items():
            forms.setdefault(folded, set()).update(written)
    terms = sorted(postings)
    files: dict[str, bytes] = {}
    shards: dict[str, dict[str, list[int]]] = {}
    for term in terms:
        flat, previous = [], 0
        for number, weight in sorted(postings[term].items()):
            flat += [number - previous, weight]  # ids as gaps: short numbers, small files
            previous = number
        shards.setdefault(shard_key(term), {})[term] = flat
    for phrase, numbers in sorted(phrases.items()):
        gaps = [b - a for a, b in zip([0, *sorted(numbers)], sorted(numbers), strict=False)]
        shards.setdefault(shard_key(phrase[1:]), {})[phrase] = gaps
    for key, shard in shards.items():
        files[f"{INDEX_DIR}/t/{key}.json"] = _json(shard)
    for start in range(0, len(pages), TEASER_CHUNK):
        chunk = [[p.teaser, p.tags] for p in pages[start:start + TEASER_CHUNK]]
        files[f"{INDEX_DIR}/x/{start // TEASER_CHUNK}.json"] = _json(chunk)
    files[f"{INDEX_DIR}/pages.json"] = _json({
        "format": FORMAT, "chunk": TEASER_CHUNK,
        "pages": [[p.location, p.title, round(p.boost, 2), n]
                  for p, n in zip(pages, title_lengths, strict=True)],
    })
    files[f"{INDEX_DIR}/vocab.json"] = _json({
        "terms": terms,
        "df": [len(postings[t]) for t in terms],
        "titles": [in_titles.get(t, 0) for t in terms],
        # How each word is written; [] when only as the folded word itself ("xa" for "xa").
        "forms": [[] if forms.get(t, {t}) == {t} else sorted(forms[t]) for t in terms],
    })
    if inline:
        bundle = {path.removeprefix(INDEX_DIR + "/"): json.loads(data)
                  for path, data in files.items()}
        files[f"{INDEX_DIR}/all.js"] = b"self.__outreachIndex = " + _json(bundle) + b";\n"
    files[INDEX_PATH] = _json({"config": search_index.get("config", {}), "docs": []})
    return files


def _json(value: object) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def read_material_index(site_dir: Path) -> dict | None:
    """Material's `search/search_index.json` as written by this build, None without one."""
    source = site_dir / INDEX_PATH
    if not source.is_file():
        return None
    return dict(json.loads(source.read_text(encoding="utf-8")))


def write_index(site_dir: Path, plugins: Iterable[str] = (),
                search_index: dict | None = None,
                analyse: Callable[[Page], PageTerms] | None = None) -> list[Artifact]:
    """Replace a built site's Material search index by ours; manifest entries for its files.

    Runs after Material's search plugin wrote `search/search_index.json` (MkDocs post-build),
    before the offline plugin copies it into a script. `plugins` are the site's plugin names.
    A site without that file (search plugin off) is left alone. `search_index` replaces the
    file's entries (serve: those of the pages a dirty build did not render, kept), and
    `analyse` is handed to `build_index`.
    """
    if search_index is None:
        search_index = read_material_index(site_dir)
    if search_index is None:
        return []
    offline = any(name in ("offline", "material/offline") for name in plugins)
    files = build_index(search_index, inline=offline, analyse=analyse)
    for stale in [*(site_dir / INDEX_DIR).glob("*/*.json"), *(site_dir / INDEX_DIR).glob("*.js")]:
        if stale.relative_to(site_dir).as_posix() not in files:
            stale.unlink()
    artifacts = []
    for path, data in sorted(files.items()):
        write_atomic(site_dir / path, data)
        artifacts.append(Artifact("search", "search", path, sha256_bytes(data)))
    return artifacts


def worker_source() -> str:
    """Text of our search worker, served at the path of Material's."""
    return (resources.files("outreach.site") / "assets" / "search_worker.js").read_text("utf-8")


def is_material_worker(site_path: str) -> bool:
    """Whether a theme file is Material's search worker (its name carries a content hash)."""
    folder, _, name = site_path.rpartition("/")
    return folder == WORKER_DIR and name.startswith("search.") and name.endswith(".min.js")


__all__ = ["INDEX_DIR", "INDEX_PATH", "Page", "PageTerms", "build_index", "fold",
           "is_material_worker", "page_terms", "read_material_index", "words", "worker_source",
           "write_index"]

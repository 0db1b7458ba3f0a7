"""Material files our search replaces or relies on are the ones it was written against.

The site's search engine is ours (scripts/outreach/site/assets/search_worker.js, GPL like the
rest): it is served at the path of Material's search worker, speaks its message protocol, and
feeds Material's result list and `?h=` highlighter. A Material release that changes any of these
files fails here, with what to re-check, before a citizen meets a broken search box.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import material
import pytest

from outreach.site import search

MATERIAL = Path(material.__file__).parent

# path inside the material package -> (sha256, what to re-check when it changes)
PINNED = {
    "templates/assets/javascripts/workers/search.a7633da7.min.js": (
        "da1b3df5e5f00cc73083c9e21ff0ec28bde85cd247057bdd05b7a167e5903bd4",
        "the worker we replace: does the bundle still post {type: 0 SETUP, data: {config, docs, "
        "options}} and {type: 2 QUERY, data: text}, and expect {type: 1} and {type: 3, data: "
        "{items: [[{location, title, text, score, terms, tags}]], suggest}} back?"),
    "templates/assets/javascripts/bundle.a5f9d56c.min.js": (
        "b9a1ef14b5e91ad61fa8d7dd42e1f55e6af0ebd224bc8970dff0e7d7311b172f",
        "the UI talking to our worker: result title/text still inserted as HTML (we escape and "
        "add <mark>), ?h= still built from `terms` keys whose value is true, suggestions "
        "still shown only when they start with the last typed word, search_index.json still "
        "fetched for config only"),
    "templates/partials/search.html": (
        "bfd556535abcddb99396ab2a7e3acc2ebcd3f36756007d3969396caa4126be30",
        "our copy in scripts/outreach/site/theme/partials/search.html adds an aria-label: "
        "port upstream changes into it"),
    "templates/base.html": (
        None,
        "the page config block: __config must still name the worker under \"search\""),
    "plugins/search/plugin.py": (
        "cc8a3ac0a8862662d11e87fefcdaa4a42d9ebd70a7943fa921c1c80e2661730b",
        "writes search/search_index.json ({config, docs: [{location, title, text, tags, "
        "boost}]}) in on_post_build; outreach.site.search.write_index rewrites it afterwards"),
}


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.parametrize("name", [n for n, (digest, _) in PINNED.items() if digest])
def test_material_files_our_search_replaces_or_relies_on_are_unchanged(name):
    digest, recheck = PINNED[name]
    path = MATERIAL / name
    assert path.is_file(), (f"Material no longer ships {name}. Re-check: {recheck}. Then update "
                            "PINNED in tests/test_search_upstream.py.")
    assert sha256(path) == digest, (
        f"Material's {name} changed (mkdocs-material upgraded?). Re-check: {recheck}. "
        f"Then record the new sha256 {sha256(path)} in tests/test_search_upstream.py.")


def test_the_page_config_still_names_the_search_worker():
    base = (MATERIAL / "templates/base.html").read_text(encoding="utf-8")
    assert '"search": "assets/javascripts/workers/search.' in base, PINNED["templates/base.html"][1]
    workers = sorted(p.name for p in (MATERIAL / "templates/assets/javascripts/workers")
                     .glob("search.*.min.js"))
    assert [search.is_material_worker(f"{search.WORKER_DIR}/{w}") for w in workers] == [True]


def test_our_worker_loads_no_lunr_and_no_other_script():
    # lunr-languages' newer lunr.vi trims letters such as ì, ủ, ý: we must not load it at all.
    source = search.worker_source()
    assert "lunr" not in source.lower()
    # The one script it may load is its own index, from file:// (USB build).
    assert source.count("importScripts(") == 1 and 'importScripts(INDEX + "all.js")' in source

"""The PDF cache key, known without rendering a document's HTML: it must change whenever the
HTML would (else a stale PDF is served), and stay the same for unchanged inputs (else every
build lays everything out again), in this process and in any other."""

from __future__ import annotations

import copy
import dataclasses
import datetime as dt
import enum
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from markupsafe import Markup

from outreach.artifacts import Cache
from outreach.errors import InvalidInput
from outreach.print.assets import PrintAssets
from outreach.print.compose import cache_key, canonical, html_cache_key, page_html
from outreach.print.documents import Job, jobs_for
from project_support import TODAY
from test_print_build import renders  # noqa: F401  (fixture)
from test_print_support import build

Path_ = tuple[Any, ...]


class Level(enum.IntEnum):
    ONE = 1  # a place in a context: keys and list indexes


def leaves(value: Any, where: Path_ = ()) -> Iterator[Path_]:
    """Every place in a context that holds a printable value (not a dict, list or tuple)."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield from leaves(item, (*where, key))
    elif isinstance(value, (list, tuple)):
        for index, item in enumerate(value):
            yield from leaves(item, (*where, index))
    else:
        yield where


def changed(value: Any) -> Any:
    """A different value of the same type."""
    if isinstance(value, bool):
        return not value
    if isinstance(value, Markup):
        return Markup(f"{value}Ừ")
    if isinstance(value, str):
        return f"{value}Ừ"
    if isinstance(value, (int, float)):
        return value + 1
    if isinstance(value, dt.date):
        return value + dt.timedelta(days=1)
    if value is None:
        return "Ừ"
    raise AssertionError(f"no change known for {type(value)}")


def with_leaf(job: Job, where: Path_) -> Job:
    """The job with the value at `where` changed (tuples rebuilt: they cannot be assigned)."""
    context = copy.deepcopy(job.context)

    def replaced(node: Any, rest: Path_) -> Any:
        if not rest:
            return changed(node)
        head, tail = rest[0], rest[1:]
        if isinstance(node, tuple):
            return tuple(replaced(v, tail) if i == head else v for i, v in enumerate(node))
        node[head] = replaced(node[head], tail)
        return node

    return dataclasses.replace(job, context=replaced(context, where))


def key(job: Job, assets: PrintAssets) -> str:
    return Cache.key(*cache_key(job, assets))


def html(job: Job, assets: PrintAssets) -> tuple[str, str | None] | str:
    """The HTML of both layouts a job may be printed with, or the error it prints with (a
    value used as a name: an error is an outcome the key must tell apart too)."""
    try:
        return page_html(job, assets), (page_html(job, assets, compact=True)
                                        if job.compact_fallback else None)
    except InvalidInput as exc:
        return str(exc)


def test_every_value_a_document_shows_is_in_its_key(load):
    """Change each value of each kind of document's context, one at a time: whenever the
    HTML (normal or compact) changes, the key changes."""
    project = load()
    assets = PrintAssets.for_project(project.root)
    jobs, problems = jobs_for(project, None, assets)
    assert problems == []
    one_of_each = {job.kind: job for job in jobs}
    assert set(one_of_each) == {"notice", "leaflet", "guide"}
    for job in one_of_each.values():
        before_html, before_key = html(job, assets), key(job, assets)
        assert key(copy.deepcopy(job), assets) == before_key  # same inputs: same key
        shown = 0
        for where in leaves(job.context):
            other = with_leaf(job, where)
            if html(other, assets) != before_html:
                shown += 1
                assert key(other, assets) != before_key, (job.kind, where)
        # The check is not empty: most of a document's values are printed.
        assert shown > 20, (job.kind, shown)


def test_a_printed_type_counts_not_only_its_text():
    """Markup is printed raw and text escaped; a tuple prints unlike a list: never one key."""
    assert canonical({"a": Markup("<b>x</b>")}) != canonical({"a": "<b>x</b>"})
    assert canonical({"a": (1, 2)}) != canonical({"a": [1, 2]})
    assert canonical({"a": dt.date(2026, 1, 2)}) != canonical({"a": "2026-01-02"})
    # A template may loop over a dict: its order is printed too.
    assert Cache.key(canonical({"a": 1, "b": 2})) != Cache.key(canonical({"b": 2, "a": 1}))
    assert canonical({"a": Level.ONE}) != canonical({"a": 1})  # prints as "Level.ONE"
    with pytest.raises(TypeError):
        canonical({1: "keys must be text"})
    with pytest.raises(TypeError):
        canonical({"a": object()})  # its text would hold a memory address


def test_a_known_job_is_keyed_without_rendering_its_html(load, tmp_path, monkeypatch):
    """The first time, a job's HTML is rendered and its key remembered under the job's own
    key; then the job's key finds it. A context with no stable spelling is always rendered."""
    from outreach.print import build as print_build

    project = load()
    assets = PrintAssets.for_project(project.root)
    cache = Cache(tmp_path / "cache")
    rendered: list[str] = []

    def counted(job, assets, compact=False):
        rendered.append(job.source)
        return page_html(job, assets, compact)

    monkeypatch.setattr(print_build, "page_html", counted)
    job = next(j for j in jobs_for(project, None, assets)[0] if j.kind == "guide")
    expected = Cache.key(*html_cache_key(page_html(job, assets), assets))
    assert print_build.document_key(job, assets, cache) == expected
    assert print_build.document_key(copy.deepcopy(job), assets, cache) == expected
    assert rendered == [job.source]
    odd = dataclasses.replace(job, context={**job.context, "unused": object()})
    assert print_build.document_key(odd, assets, cache) == expected  # not printed
    assert print_build.document_key(odd, assets, cache) == expected
    assert rendered == [job.source] * 3


KEYS_SCRIPT = """
import json, sys
from pathlib import Path
from outreach.artifacts import Cache
from outreach.errors import InvalidInput
from outreach.catalogue.project import load_project
from outreach.print.assets import PrintAssets
from outreach.print.compose import cache_key
from outreach.print.documents import jobs_for
import datetime as dt
import enum
project = load_project(Path(sys.argv[1]), today=dt.date.fromisoformat(sys.argv[2]))
assets = PrintAssets.for_project(project.root)
print(json.dumps({j.path: Cache.key(*cache_key(j, assets)) for j in jobs_for(project, None)[0]}))
"""


def test_keys_are_the_same_in_another_process(project_dir, load):
    """No hash order, address or absolute path in a key: another process (another hash
    seed) and a copy of the project elsewhere give the same keys."""
    project = load()
    assets = PrintAssets.for_project(project.root)
    here = {j.path: key(j, assets) for j in jobs_for(project, None, assets)[0]}
    moved = project_dir.parent / "elsewhere"
    project_dir.rename(moved)
    for seed in ("1", "2"):
        out = subprocess.run([sys.executable, "-c", KEYS_SCRIPT, str(moved / "mkdocs.yml"),
                              TODAY.isoformat()], check=True, capture_output=True, text=True,
                             env={**os.environ, "PYTHONHASHSEED": seed})
        assert json.loads(out.stdout) == here


# Edits of the project's files, each shown in some documents and not in others. A template
# folder counts whole (a template may include any file in it): editing it lays every
# document out again.
EDITS = {
    "procedure time": ("procedures.yaml", "time: Trong ngày làm việc",
                       "time: Trong 2 ngày làm việc"),
    "office hours": ("procedures.yaml", "chiều 13h30–17h00", "chiều 14h00–17h00"),
    "notice signer": ("announcements/thong-bao-mau.md", "name: Họ Và Tên", "name: Lê Văn Tám"),
    "guide style": ("overrides/print/guide.css", "", "\n.procedure-name { letter-spacing: 0; }\n"),
}


@pytest.mark.parametrize("edit_name", list(EDITS))
def test_a_real_edit_renders_exactly_the_documents_whose_html_changed(
        edit_name, project_dir, load, edit, renders):  # noqa: F811
    """Real builds: after an edit, the documents laid out again are exactly those whose HTML
    changed (a leaflet whose featured procedure changed a field it does not print is not);
    the others come from the cache."""
    name, old, new = EDITS[edit_name]
    if name.startswith("overrides/"):  # a project copy of a shipped template, then edited
        from outreach.print.assets import builtin

        target = project_dir / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text((builtin("templates") / target.name).read_text("utf-8"), "utf-8")
    project = load()
    build(project)
    before = {j.source: html(j, PrintAssets.for_project(project.root))
              for j in jobs_for(project, None)[0]}
    if old:
        edit(name, old, new)
    else:
        (project_dir / name).write_text((project_dir / name).read_text("utf-8") + new, "utf-8")
    project = load()
    after = {j.source: html(j, PrintAssets.for_project(project.root))
             for j in jobs_for(project, None)[0]}
    shows_it = {source for source in after if after[source] != before[source]}
    assert shows_it, f"{edit_name}: no document shows this edit"
    start = len(renders)
    build(project)
    if name.startswith("overrides/"):
        assert shows_it < set(renders[start:]) == set(after)
    else:
        assert set(renders[start:]) == shows_it
    start = len(renders)
    build(load())  # unchanged inputs: every PDF from the cache
    assert renders[start:] == []


def test_an_edited_template_is_compiled_again_not_taken_from_the_kept_one(project_dir, load):
    """Compiled print templates are kept in the render cache; an edited one still prints."""
    from outreach.print.assets import builtin
    from test_print_support import page_text, pdf_path

    guide = project_dir / "overrides" / "print" / "guide.html"
    guide.parent.mkdir(parents=True, exist_ok=True)
    guide.write_text((builtin("templates") / "guide.html").read_text("utf-8"), "utf-8")
    first = build(load(), {"2.000815"})["2.000815"]
    assert "Các bước" in page_text(pdf_path(load(), first))
    assert any((project_dir / ".cache" / "print-templates").iterdir())
    guide.write_text(guide.read_text("utf-8").replace("<h2>Các bước</h2>",
                                                      "<h2>Từng bước</h2>"), "utf-8")
    second = build(load(), {"2.000815"})["2.000815"]
    text = page_text(pdf_path(load(), second))
    assert "Từng bước" in text and "Các bước" not in text


def test_the_subsetter_in_the_pdf_key_is_the_one_weasyprint_loads():
    """The PDF key names the library that subsets the embedded fonts (other bytes with each):
    found without importing WeasyPrint, it must agree with what WeasyPrint itself loaded."""
    from weasyprint.text import ffi

    from outreach.print.compose import font_subsetter

    assert (font_subsetter() == "harfbuzz") == (ffi.harfbuzz_subset is not None)
    assert font_subsetter() in html_cache_key("<p>x</p>", PrintAssets.for_project(Path(".")))
    if os.environ.get("CI") == "true":  # .ci/run installs it: guides three times faster
        assert font_subsetter() == "harfbuzz", "install libharfbuzz-subset0 (make test-deps)"


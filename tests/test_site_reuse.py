"""Pages whose output cannot have changed come from the render cache, byte for byte as a
fresh render would write them; anything that could change them renders them again."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import zlib
from pathlib import Path

import pytest

from outreach.artifacts import unseal
from outreach.build import BuildOptions, build_site
from outreach.catalogue.project import load_project
from outreach.site import indexing
from project_support import pages_only

pytestmark = pytest.mark.slow


def build(project_dir: Path) -> tuple[dict[str, str], dict[str, int]]:
    """(site path -> SHA-256 of every file built, page cache hits/misses)."""
    config = project_dir / "mkdocs.yml"
    options = BuildOptions(print=False, speech=False, project=load_project(config))
    site = build_site(config, options)
    files = {p.relative_to(site).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
             for p in sorted(site.rglob("*")) if p.is_file()}
    pages = {kind: options.cache_stats.get(f"{kind}:page", 0) for kind in ("hits", "misses")}
    return files, pages


def fresh_build(project_dir: Path) -> dict[str, str]:
    """The same project built with an empty cache: what reuse must equal."""
    shutil.rmtree(project_dir / ".cache")
    files, pages = build(project_dir)
    assert pages["hits"] == 0
    return files


def changed(before: dict[str, str], after: dict[str, str]) -> set[str]:
    return {path for path in before.keys() | after.keys() if before.get(path) != after.get(path)}


@pytest.fixture
def built(project_dir: Path) -> tuple[Path, dict[str, str], int]:
    pages_only(project_dir)
    files, pages = build(project_dir)
    assert pages["hits"] == 0 and pages["misses"] > 10
    return project_dir, files, pages["misses"]


def test_a_rebuild_with_nothing_changed_reuses_every_page_and_writes_the_same_bytes(built):
    project_dir, first, count = built
    again, pages = build(project_dir)
    assert pages == {"hits": count, "misses": 0}
    assert again == first


def test_a_changed_time_renders_that_procedure_page_alone(built, edit):
    project_dir, first, count = built
    edit("procedures.yaml", "time: Ngay trong ngày làm việc", "time: 05 ngày làm việc")
    after, pages = build(project_dir)
    assert pages == {"hits": count - 1, "misses": 1}
    assert {p for p in changed(first, after) if p.endswith(".html")} == {
        "thu-tuc/1-001193/index.html"}
    assert after == fresh_build(project_dir)


def test_a_guide_retitled_changes_the_menu_so_every_page_renders_again(built, edit):
    project_dir, first, count = built
    edit("content/huong-dan/tai-khoan-vneid.md", "# Tài khoản VNeID mức độ 2",
         "# Tài khoản định danh VNeID")
    after, pages = build(project_dir)
    assert pages == {"hits": 0, "misses": count}
    # The title is in every page's menu: every page is written anew.
    assert all(first[p] != after[p] for p in first if p.endswith("index.html"))
    assert after == fresh_build(project_dir)


def test_an_edited_theme_override_renders_every_page_again(built):
    project_dir, _, count = built
    override = project_dir / "overrides" / "partials" / "outreach-test.html"
    override.parent.mkdir(parents=True, exist_ok=True)
    override.write_text("<!-- not used by any page, still part of the theme -->\n",
                        encoding="utf-8")
    _, pages = build(project_dir)
    assert pages == {"hits": 0, "misses": count}


def test_a_page_that_warns_is_rendered_and_warns_in_every_build(built, caplog):
    project_dir, _, count = built
    (project_dir / "content" / "huong-dan" / "lien-ket.md").write_text(
        "# Liên kết\n\nXem [trang này](khong-co-trang-nay.md).\n", encoding="utf-8")
    for _ in range(2):
        caplog.clear()
        _, pages = build(project_dir)
        said = [r for r in caplog.records if "khong-co-trang-nay.md" in r.getMessage()
                and r.levelname == "WARNING"]
        assert len(said) == 1
    assert pages["misses"] == 1 and pages["hits"] == count  # the new page, rendered again


def cache_records(project_dir: Path) -> list[dict]:
    """Every page record in the render cache, read back, in a stable order."""
    records = []
    for path in (project_dir / ".cache").rglob("*.json.z"):
        data = unseal(path.read_bytes())
        assert data is not None
        records.append(json.loads(zlib.decompress(data)))
    return sorted(records, key=lambda record: record["output"])


def test_pages_indexed_in_a_worker_process_give_the_same_site_and_cache(project_dir,
                                                                        monkeypatch):
    """Material's entries and the cache records made in a spawn-started worker (a large
    build's path) equal those made in the build's own process (a small build's)."""
    pages_only(project_dir)
    here, _ = build(project_dir)
    here_records = cache_records(project_dir)
    shutil.rmtree(project_dir / ".cache")
    monkeypatch.setattr(indexing, "PAGES_FOR_A_WORKER", 1)
    monkeypatch.setattr(indexing, "usable_cores", lambda: 2)
    ends = []  # whether a worker ran, at each build's end

    def close(self: indexing.Indexing) -> None:
        ends.append(self.pool is not None)
        real_close(self)

    real_close = indexing.Indexing.close
    monkeypatch.setattr(indexing.Indexing, "close", close)
    there, pages = build(project_dir)
    assert ends == [True]
    assert pages["hits"] == 0 and here == there
    assert cache_records(project_dir) == here_records
    assert [r for r in here_records if r["entries"]] == here_records  # every page searchable


def test_workers_killed_as_they_start_leave_the_build_whole_and_the_same(project_dir):
    """Every worker process dies at once (tests/dying_workers/sitecustomize.py): the search
    entries, page records and share previews they were given are made in the build's own
    process, and the site is the one a build without workers makes."""
    pages_only(project_dir)
    config = project_dir / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "# site_url: https://ten-xa.example.gov.vn/", "site_url: https://trungson.example.vn/"),
        encoding="utf-8")
    here, _ = build(project_dir)
    assert any(path.startswith("chia-se/") for path in here)  # previews were drawn
    shutil.rmtree(project_dir / ".cache")
    shutil.rmtree(project_dir / "site")
    dying = Path(__file__).parent / "dying_workers"
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(
        [str(dying), *filter(None, [os.environ.get("PYTHONPATH")])])}
    done = subprocess.run([sys.executable, "-m", "outreach.cli", "build"], cwd=project_dir,
                          env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout + done.stderr
    site = project_dir / "site"
    there = {p.relative_to(site).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
             for p in sorted(site.rglob("*")) if p.is_file()}
    assert there == here

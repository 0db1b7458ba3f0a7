"""`outreach export`: the site as plain sources that MkDocs and Zensical build without the
outreach plugin, every procedure page there and every PDF and MP3 link resolving."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
import yaml
from click.testing import CliRunner

from outreach.cli import main

pytestmark = pytest.mark.slow
_LINK = re.compile(r'(?:href|src)="([^"]+)"')


def export(project_dir: Path, out: Path, *args: str):
    return CliRunner().invoke(main, ["export", str(out), "-f", str(project_dir / "mkdocs.yml"),
                                     *args])


def engine_build(engine: str, folder: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", engine, "build", *args], cwd=folder,
                          capture_output=True, text=True, timeout=900,
                          env={**os.environ, "NO_MKDOCS_2_WARNING": "true"})


def broken_links(site: Path) -> tuple[list[str], dict[str, int]]:
    """Relative links and sources of every built page that lead to no file; links per kind."""
    broken, counts = [], {".pdf": 0, ".mp3": 0}
    for page in sorted(site.rglob("*.html")):
        for link in _LINK.findall(page.read_text("utf-8")):
            parts = urlsplit(link)
            if parts.scheme or parts.netloc or not parts.path or link.startswith(("#", "/")):
                continue  # other sites, this page, the 404 page's site-root links
            target = (page.parent / unquote(parts.path)).resolve()
            if parts.path.endswith("/") or target.is_dir():
                target /= "index.html"
            if target.suffix in counts:
                counts[target.suffix] += 1
            if not target.is_file():
                broken.append(f"{page.relative_to(site)} -> {link}")
    return broken, counts


@pytest.fixture
def espeak_project(project_dir, edit):
    edit("mkdocs.yml", "engine: auto", "engine: espeak")
    return project_dir


def check_site(site: Path, project_dir: Path, codes: list[str]) -> None:
    for code in codes:
        assert (site / "thu-tuc" / code.replace(".", "-") / "index.html").is_file(), code
    broken, counts = broken_links(site)
    assert not broken
    assert counts[".pdf"] >= len(codes) and counts[".mp3"] >= len(codes), counts


def test_mkdocs_builds_the_export_strict_without_the_plugin(espeak_project, load, tmp_path):
    out = tmp_path / "export"
    result = export(espeak_project, out)
    assert result.exit_code == 0, result.output
    config = (out / "mkdocs.yml").read_text("utf-8")
    assert "outreach" not in yaml.safe_load(config.replace("!!python/name:", ""))["plugins"]
    assert (out / "docs" / "search" / "outreach" / "pages.json").is_file()  # our index
    done = engine_build("mkdocs", out, "--strict")
    assert done.returncode == 0, done.stderr
    site = out / "site"
    check_site(site, espeak_project, [p.code for p in load().catalogue.procedures])
    worker = next((site / "assets" / "javascripts" / "workers").glob("search.*.min.js"))
    assert "outreach search worker" in worker.read_text("utf-8")  # ours, not Material's


def test_zensical_builds_the_export_with_every_page_pdf_and_mp3(espeak_project, load,
                                                                 tmp_path):
    pytest.importorskip("zensical", reason="zensical not installed: `make site` installs the "
                                           "test extra from requirements/lock.txt")
    out = tmp_path / "export"
    result = export(espeak_project, out, "--engine", "zensical")
    assert result.exit_code == 0, result.output
    done = engine_build("zensical", out, "--strict")
    assert done.returncode == 0, done.stdout + done.stderr
    check_site(out / "site", espeak_project, [p.code for p in load().catalogue.procedures])
    assert (out / "site" / "search.json").is_file()  # Zensical's own search


def test_export_never_replaces_a_folder_that_is_not_an_export(project_dir, tmp_path):
    out = tmp_path / "work"
    out.mkdir()
    (out / "notes.md").write_text("việc đang làm", encoding="utf-8")
    result = export(project_dir, out, "--no-audio", "--no-print")
    assert result.exit_code == 1
    assert "không phải bản xuất" in result.output and "Traceback" not in result.output
    assert [p.name for p in out.iterdir()] == ["notes.md"]


def test_a_new_export_replaces_the_last_one_whole(project_dir, tmp_path):
    out = tmp_path / "export"
    assert export(project_dir, out, "--no-audio", "--no-print").exit_code == 0
    (out / "docs" / "stale.md").write_text("cũ", encoding="utf-8")
    assert export(project_dir, out, "--no-audio", "--no-print").exit_code == 0
    assert not (out / "docs" / "stale.md").exists()
    assert not list(out.parent.glob(".export.exporting-*"))


def test_export_refuses_a_folder_inside_the_projects_pages(project_dir):
    result = export(project_dir, project_dir / "content" / "ban-xuat", "--no-audio",
                    "--no-print")
    assert result.exit_code == 1
    assert "docs_dir" in result.output and "Traceback" not in result.output
    assert not (project_dir / "content" / "ban-xuat").exists()

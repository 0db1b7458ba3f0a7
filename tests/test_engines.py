"""A second engine: ProperDocs (the maintained MkDocs 1.x fork) builds an `outreach new`
project with the plugin unchanged, strict where MkDocs is strict, into the same files.

The browser search tests run against the reference site ProperDocs builds too
(tests/browser/test_browser_search*.py, `pages_site` per engine)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from project_support import pages_only

pytestmark = pytest.mark.slow
properdocs = pytest.importorskip(
    "properdocs", reason="properdocs not installed: `make site` installs the test extra")
STALE = "chưa được đối chiếu với nguồn chính thức"


def engine_build(engine: str, project_dir: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", engine, "build", "-f", "mkdocs.yml", *args],
                          cwd=project_dir, capture_output=True, text=True, timeout=900,
                          env={**os.environ, "NO_MKDOCS_2_WARNING": "true",
                               "DISABLE_MKDOCS_2_WARNING": "true"})


def verify_all(edit) -> None:
    """What `outreach new` leaves for the commune to confirm, confirmed: no warning left."""
    for code in ("1.001193", "2.000815"):
        edit("procedures.yaml", f'code: "{code}"', f'code: "{code}"\n    verified: 2026-11-01')
    edit("procedures.yaml", "0000 000 000", "0233 3851 234")
    edit("mkdocs.yml", "docs_dir: content",
         "site_url: https://trungson.example.gov.vn/\ndocs_dir: content")


def site_files(site: Path) -> list[str]:
    return sorted(p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file())


def test_properdocs_fails_under_strict_on_the_warnings_mkdocs_fails_on(project_dir):
    pages_only(project_dir)
    relaxed = engine_build("properdocs", project_dir)
    assert relaxed.returncode == 0, relaxed.stderr
    assert STALE in relaxed.stderr
    strict = engine_build("properdocs", project_dir, "--strict")
    assert strict.returncode == 1
    assert STALE in strict.stderr and "Traceback" not in strict.stderr


def test_properdocs_builds_a_verified_project_under_strict_into_mkdocs_files(project_dir,
                                                                            edit, tmp_path):
    pages_only(project_dir)
    verify_all(edit)
    done = engine_build("mkdocs", project_dir, "--strict", "-d", str(tmp_path / "mkdocs"))
    assert done.returncode == 0, done.stderr
    done = engine_build("properdocs", project_dir, "--strict", "-d", str(tmp_path / "proper"))
    assert done.returncode == 0, done.stderr
    proper = tmp_path / "proper"
    assert site_files(proper) == site_files(tmp_path / "mkdocs")
    assert (proper / "thu-tuc" / "1-001193" / "index.html").is_file()
    assert (proper / "search" / "outreach" / "pages.json").is_file()  # our search index
    assert "ProperDocs" in (proper / "index.html").read_text("utf-8")  # not MkDocs' own build


def test_properdocs_builds_pdfs_and_audio(project_dir, edit):
    edit("mkdocs.yml", "engine: auto", "engine: espeak")
    done = engine_build("properdocs", project_dir)
    assert done.returncode == 0, done.stderr
    manifest = json.loads((project_dir / "site" / "outreach-manifest.json").read_text("utf-8"))
    kinds = {a["kind"] for a in manifest["artifacts"]}
    assert {"page", "clip", "guide", "leaflet"} <= kinds, kinds
    for artifact in manifest["artifacts"]:
        assert (project_dir / "site" / artifact["path"]).is_file(), artifact["path"]

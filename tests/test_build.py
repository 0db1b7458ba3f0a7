"""`outreach build`: atomic output, manifest, clear failures, cached rebuilds."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from outreach.cli import main

pytestmark = pytest.mark.slow


def build(project_dir: Path, *extra: str):
    return CliRunner().invoke(main, ["build", "-f", str(project_dir / "mkdocs.yml"), *extra])


def tree_digest(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_build_writes_pages_and_manifest(project_dir):
    result = build(project_dir, "--no-audio", "--no-print")
    assert result.exit_code == 0, result.output
    site = project_dir / "site"
    assert (site / "thu-tuc" / "1-001193" / "index.html").is_file()
    manifest = json.loads((site / "outreach-manifest.json").read_text(encoding="utf-8"))
    entries = {a["path"]: a for a in manifest["artifacts"]}
    page = entries["thu-tuc/1-001193/index.html"]
    assert page["kind"] == "page" and page["source"] == "1.001193"
    built = (site / page["path"]).read_bytes()
    assert page["sha256"] == hashlib.sha256(built).hexdigest()
    assert "Trang web" in result.output  # the summary table


def test_failed_build_leaves_previous_site_byte_identical(project_dir, edit):
    assert build(project_dir, "--no-audio", "--no-print").exit_code == 0
    before = tree_digest(project_dir / "site")
    edit("procedures.yaml", "level: toan-trinh", "level: khong-co")
    result = build(project_dir, "--no-audio", "--no-print")
    assert result.exit_code == 1
    assert "procedures.yaml:55: procedures[0].level" in result.output
    assert "Traceback" not in result.output
    assert tree_digest(project_dir / "site") == before
    assert not [p for p in project_dir.iterdir() if p.name.startswith(".site.")]


def test_template_error_fails_build_without_touching_site(project_dir, edit):
    assert build(project_dir, "--no-audio", "--no-print").exit_code == 0
    before = tree_digest(project_dir / "site")
    edit("announcements/phat-thanh-mau.md", "{{ portal.name }}", "{{ portal.nam }}")
    result = build(project_dir, "--no-audio", "--no-print")
    assert result.exit_code == 1
    assert "announcements/phat-thanh-mau.md:" in result.output
    assert tree_digest(project_dir / "site") == before


def test_plain_mkdocs_build_reports_catalogue_errors(project_dir, edit):
    import subprocess
    import sys

    edit("procedures.yaml", "amount: 2000", "amount: -1")
    done = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q"], cwd=project_dir,
                          capture_output=True, text=True,
                          env={"NO_MKDOCS_2_WARNING": "true", "PATH": "/usr/bin:/bin",
                               "PYTHONPATH": ""})
    assert done.returncode != 0
    assert "procedures.yaml:82: procedures[1].fee.amount" in done.stderr + done.stdout


# The whole product: one catalogue edit changes the page, the leaflet and the clip together.


@pytest.fixture
def full_build(project_dir, edit):
    edit("mkdocs.yml", "docs_dir: content", "site_url: https://trungson.example.gov.vn/\n"
         "docs_dir: content")
    result = build(project_dir, "--engine", "espeak")
    assert result.exit_code == 0, result.output
    return project_dir / "site"


def manifest(site: Path) -> list[dict]:
    return json.loads((site / "outreach-manifest.json").read_text(encoding="utf-8"))["artifacts"]


def test_full_build_lists_every_artefact_with_its_hash(full_build):
    entries = manifest(full_build)
    assert {e["kind"] for e in entries} == {"page", "notice", "notice-docx", "leaflet", "guide",
                                            "clip", "transcript", "programme", "data", "preview",
                                            "search"}
    for entry in entries:
        data = (full_build / entry["path"]).read_bytes()
        assert hashlib.sha256(data).hexdigest() == entry["sha256"], entry["path"]
    clip = next(e for e in entries if e["kind"] == "clip" and e["source"] == "phat-thanh-mau")
    assert clip["engine"] == "espeak" and clip["duration_s"] > 5
    assert abs(clip["loudness_lufs"] + 16) <= 1


def test_theme_inputs_are_not_published(full_build):
    assert not (full_build / "fonts").exists()
    assert not (full_build / "print").exists()
    assert not (full_build / "hooks").exists()


def test_procedure_page_links_its_pdf_and_clip(full_build):
    html = (full_build / "thu-tuc" / "1-001193" / "index.html").read_text(encoding="utf-8")
    assert "in/thu-tuc-1-001193.pdf" in html
    assert "phat-thanh/thu-tuc-1-001193.mp3" in html


def test_rebuild_without_change_renders_and_synthesises_nothing(full_build, project_dir,
                                                                monkeypatch):
    from outreach.print import render
    from outreach.speech.engines.espeak import EspeakEngine

    def refuse(self, *args):
        raise AssertionError(f"rendered or synthesised again: {args[0]!r:.80}")

    monkeypatch.setattr(EspeakEngine, "synthesize", refuse)
    monkeypatch.setattr(render, "render_document", refuse)
    assert build(project_dir, "--engine", "espeak").exit_code == 0


def test_one_edit_updates_page_leaflet_and_clip_together(full_build, project_dir, edit):
    import pdfplumber

    edit("procedures.yaml", "name: Đăng ký khai sinh", "name: Đăng ký khai sinh cho trẻ em")
    assert build(project_dir, "--engine", "espeak").exit_code == 0
    site = project_dir / "site"
    page = (site / "thu-tuc" / "1-001193" / "index.html").read_text(encoding="utf-8")
    assert "Đăng ký khai sinh cho trẻ em" in page
    with pdfplumber.open(site / "in" / "to-roi-mau.pdf") as pdf:
        leaflet = " ".join(p.extract_text() or "" for p in pdf.pages)
    assert "Đăng ký khai sinh cho trẻ em" in " ".join(leaflet.split())
    spoken = (site / "phat-thanh" / "thu-tuc-1-001193.txt").read_text(encoding="utf-8")
    assert "đăng ký khai sinh cho trẻ em" in spoken.lower()


def test_print_command_renders_only_the_named_announcement(project_dir):
    result = CliRunner().invoke(main, ["print", "-f", str(project_dir / "mkdocs.yml"),
                                       "thong-bao-mau"])
    assert result.exit_code == 0, result.output
    assert (project_dir / "site" / "in" / "thong-bao-mau.pdf").is_file()
    assert not (project_dir / "site" / "in" / "to-roi-mau.pdf").exists()


def test_audio_command_renders_one_clip_offline(project_dir):
    result = CliRunner().invoke(main, ["audio", "-f", str(project_dir / "mkdocs.yml"),
                                       "--engine", "espeak", "phat-thanh-mau"])
    assert result.exit_code == 0, result.output
    assert (project_dir / "site" / "phat-thanh" / "phat-thanh-mau.mp3").is_file()
    assert (project_dir / "site" / "phat-thanh" / "phat-thanh-mau.txt").is_file()


def test_print_command_names_an_unknown_announcement(project_dir):
    result = CliRunner().invoke(main, ["print", "-f", str(project_dir / "mkdocs.yml"),
                                       "thong-bao-mauu"])
    assert result.exit_code == 1
    assert "không có thông báo hay thủ tục “thong-bao-mauu”. Có phải ý bạn là “thong-bao-mau”?" \
        in result.output


def test_warm_rebuild_rewrites_no_asset_and_removed_items_leave_the_site(full_build,
                                                                         project_dir):
    staging = project_dir / ".cache" / "outreach" / "assets"
    clip = staging / "phat-thanh" / "phat-thanh-mau.mp3"
    inode, mtime = clip.stat().st_ino, clip.stat().st_mtime_ns
    assert build(project_dir, "--engine", "espeak").exit_code == 0
    assert (clip.stat().st_ino, clip.stat().st_mtime_ns) == (inode, mtime)  # not rewritten
    published = full_build / "phat-thanh" / "phat-thanh-mau.mp3"
    assert published.read_bytes() == clip.read_bytes()
    # The only broadcast goes: its clip, transcript and the programme leave site and staging.
    (project_dir / "announcements" / "phat-thanh-mau.md").unlink()
    assert build(project_dir, "--engine", "espeak").exit_code == 0
    for folder in (full_build, staging):
        assert not (folder / "phat-thanh" / "phat-thanh-mau.mp3").exists()
        assert not (folder / "phat-thanh" / "phat-thanh-mau.txt").exists()
        assert not (folder / "phat-thanh" / "chuong-trinh.m3u").exists()
    assert (full_build / "in" / "thu-tuc-1-001193.pdf").is_file()


def test_a_pages_only_build_keeps_the_staged_assets_for_the_next_full_build(full_build,
                                                                           project_dir):
    """PDFs and clips a full build staged stay (unpublished) through a pages-only build, so
    the next full build finds them in place instead of writing them all again."""
    staging = project_dir / ".cache" / "outreach" / "assets"
    clip = staging / "phat-thanh" / "phat-thanh-mau.mp3"
    guide = staging / "in" / "thu-tuc-1-001193.pdf"
    stamps = {p: (p.stat().st_ino, p.stat().st_mtime_ns) for p in (clip, guide)}
    assert build(project_dir, "--no-audio", "--no-print").exit_code == 0
    assert not (full_build / "phat-thanh").exists() and not (full_build / "in").exists()
    assert {e["kind"] for e in manifest(full_build)} & {"clip", "guide", "notice"} == set()
    assert {p: (p.stat().st_ino, p.stat().st_mtime_ns) for p in (clip, guide)} == stamps
    assert build(project_dir, "--engine", "espeak").exit_code == 0
    assert {p: (p.stat().st_ino, p.stat().st_mtime_ns) for p in (clip, guide)} == stamps
    assert (full_build / "phat-thanh" / "phat-thanh-mau.mp3").read_bytes() == clip.read_bytes()


def test_the_code_digest_follows_every_change_of_a_package_file(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Cached pages are keyed by the installed code's digest; it is hashed again only when a
    file's size or time stamp changed, so an edit of the same size must still change it."""
    import os

    from outreach import build as orchestrator

    module = tmp_path / "pages.py"
    module.write_text("TITLE = 'a'\n", encoding="utf-8")
    monkeypatch.setattr(orchestrator.resources, "files", lambda _: tmp_path)
    first = orchestrator._package_digest()
    assert orchestrator._package_digest() == first
    stamp = module.stat().st_mtime_ns
    module.write_text("TITLE = 'b'\n", encoding="utf-8")
    os.utime(module, ns=(stamp + 1_000_000, stamp + 1_000_000))
    changed = orchestrator._package_digest()
    assert changed != first
    (tmp_path / "new.css").write_text("a {}\n", encoding="utf-8")
    assert orchestrator._package_digest() not in (first, changed)

"""Reproducible builds: the same inputs give the same bytes, and SOURCE_DATE_EPOCH is honoured.

The end-to-end test builds a starter project twice from scratch — two folders, two caches,
two processes, offline voice, print on — and compares every file of the two sites: pages,
PDFs, the Word twin, MP3s, transcripts, playlists, the calendar, the manifest, the search
index and the sitemap. The other tests check, cheaply, each place a build time is written.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from outreach import clock
from outreach.errors import InvalidInput
from outreach.scaffold import scaffold
from project_support import TODAY

# 2026-11-25 12:00 in Việt Nam (05:00 UTC): the day project_support.TODAY names.
EPOCH = int(dt.datetime(2026, 11, 25, 5, 0, tzinfo=dt.timezone.utc).timestamp())
BROADCAST = "broadcast: {repeat: 2, pause_s: 3}"
SCHEDULED = 'broadcast: {repeat: 2, pause_s: 3, days: [T2, T5], times: ["06:00", "17:30"]}'


def _starter(folder: Path) -> Path:
    """A starter project with every kind of output on: a site URL (QR codes, sitemap
    entries, share previews) and a weekly schedule (slot playlists, the calendar)."""
    root = folder / "xa"
    scaffold(root, "Trung Sơn", "Quảng Trị", today=TODAY)
    config = root / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "# site_url: https://ten-xa.example.gov.vn/", "site_url: https://trungson.example.vn/"),
        encoding="utf-8")
    broadcast = root / "announcements" / "phat-thanh-mau.md"
    text = broadcast.read_text(encoding="utf-8")
    assert BROADCAST in text, "fixture: the starter broadcast's options"
    broadcast.write_text(text.replace(BROADCAST, SCHEDULED), encoding="utf-8")
    return root


def _tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.mark.slow
def test_two_clean_builds_give_byte_identical_sites(tmp_path):
    roots = [_starter(tmp_path / side) for side in ("a", "b")]
    env = {k: v for k, v in os.environ.items() if k != "OUTREACH_CACHE_DIR"}
    env.update(SOURCE_DATE_EPOCH=str(EPOCH), NO_MKDOCS_2_WARNING="true")
    command = [sys.executable, "-m", "outreach.cli", "build", "--engine", "espeak"]
    builds = [subprocess.Popen(command, cwd=root, env=env, stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, text=True) for root in roots]
    for build in builds:
        output, _ = build.communicate(timeout=900)
        assert build.returncode == 0, output
    first, second = (_tree(root / "site") for root in roots)
    suffixes = {Path(name).suffix for name in first}
    assert {".html", ".pdf", ".docx", ".mp3", ".m3u", ".ics", ".txt", ".json", ".xml",
            ".gz", ".png"} <= suffixes, suffixes
    assert "sitemap.xml" in first and "search/search_index.json" in first
    assert sorted(first) == sorted(second)
    differing = [name for name in first if first[name] != second[name]]
    assert not differing, f"{len(differing)} of {len(first)} files differ: {differing}"


# -- SOURCE_DATE_EPOCH, place by place ----------------------------------------------------------


def test_source_date_epoch_sets_the_build_day_in_vietnam(monkeypatch):
    # 2026-11-24 18:00 UTC is already the 25th in Việt Nam (UTC+7)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(EPOCH - 11 * 3600))
    assert clock.today() == dt.date(2026, 11, 25)
    assert clock.source_date() == dt.datetime(2026, 11, 24, 18, 0, tzinfo=dt.timezone.utc)
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    assert clock.source_date() is None and clock.today() == dt.date.today()


@pytest.mark.parametrize("value", ["yesterday", "1.5e9", "-1", "99999999999999999999"])
def test_a_malformed_source_date_epoch_is_a_clear_error(monkeypatch, value):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", value)
    with pytest.raises(InvalidInput) as caught:
        clock.today()
    problem = caught.value.problems[0]
    assert problem.file == "SOURCE_DATE_EPOCH" and value in problem.message
    assert "số giây" in problem.message


def test_check_with_a_malformed_source_date_epoch_exits_1_without_traceback(project_dir,
                                                                           monkeypatch):
    from click.testing import CliRunner

    from outreach.cli import main

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "hôm nay")
    result = CliRunner().invoke(main, ["check", "-f", str(project_dir / "mkdocs.yml")])
    assert result.exit_code == 1
    assert "LỖI SOURCE_DATE_EPOCH: biến môi trường SOURCE_DATE_EPOCH là “hôm nay”" in \
        result.output
    assert "Traceback" not in result.output


def test_the_project_day_follows_source_date_epoch(project_dir, monkeypatch):
    from outreach.catalogue.project import load_project

    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(EPOCH))
    assert load_project(project_dir / "mkdocs.yml").today == dt.date(2026, 11, 25)


def _notice_job(project_dir):
    from outreach.catalogue.project import load_project
    from outreach.print.documents import jobs_for

    project = load_project(project_dir / "mkdocs.yml", today=TODAY)
    jobs, _ = jobs_for(project, None)
    return next(job for job in jobs if job.kind == "notice")


def test_word_twin_times_come_from_source_date_epoch(project_dir):
    from outreach.print.word import notice_docx

    job = _notice_job(project_dir)
    stamp = dt.datetime(2026, 11, 25, 5, 0)
    data = notice_docx(job, stamp)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert {i.date_time for i in archive.infolist()} == {(2026, 11, 25, 5, 0, 0)}
        core = archive.read("docProps/core.xml").decode()
    assert core.count("2026-11-25T05:00:00Z") == 2  # created and modified
    fixed = notice_docx(job)
    assert fixed == notice_docx(job)  # without it: fixed times, the same bytes every time
    with zipfile.ZipFile(io.BytesIO(fixed)) as archive:
        assert "2000-01-01T00:00:00Z" in archive.read("docProps/core.xml").decode()


def test_calendar_stamp_comes_from_source_date_epoch(project_dir, monkeypatch):
    from outreach.catalogue.project import load_project
    from outreach.speech.schedule import calendar

    broadcast = project_dir / "announcements" / "phat-thanh-mau.md"
    broadcast.write_text(broadcast.read_text(encoding="utf-8").replace(BROADCAST, SCHEDULED),
                         encoding="utf-8")
    project = load_project(project_dir / "mkdocs.yml", today=TODAY)
    clips = {"phat-thanh-mau": ("phat-thanh/phat-thanh-mau.mp3", 42.0)}
    assert "DTSTAMP:20261125T000000Z" in calendar(project, clips)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(EPOCH + 90))
    assert "DTSTAMP:20261125T050130Z" in calendar(project, clips)

"""Builds killed half-way, builds run twice at once, cache files cut short: the site and the
caches stay valid, the next build cleans up, the second builder is told to wait."""

from __future__ import annotations

import hashlib
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from outreach.artifacts import Cache
from outreach.cli import main
from outreach.lock import remove_leftovers

pytestmark = pytest.mark.slow
OUTREACH = [sys.executable, "-m", "outreach.cli"]


def build(project_dir: Path, *extra: str):
    return CliRunner().invoke(main, ["build", "-f", str(project_dir / "mkdocs.yml"), *extra])


def assert_valid_site(site: Path) -> None:
    """Every file the manifest lists is there with its hash: a whole site, not a half one."""
    manifest = json.loads((site / "outreach-manifest.json").read_text(encoding="utf-8"))
    assert manifest["artifacts"]
    for entry in manifest["artifacts"]:
        data = (site / entry["path"]).read_bytes()
        assert hashlib.sha256(data).hexdigest() == entry["sha256"], entry["path"]


def leftovers(project_dir: Path) -> list[str]:
    return sorted(p.name for p in project_dir.iterdir()
                  if p.name.startswith((".site.building-", ".site.old")))


def test_truncated_cache_entry_is_a_miss(tmp_path):
    cache = Cache(tmp_path)
    path = cache.put("pdf", "ab" * 32, ".pdf", b"%PDF-1.7 whole file")
    assert cache.get("pdf", "ab" * 32, ".pdf") == b"%PDF-1.7 whole file"
    path.write_bytes(path.read_bytes()[:-5])
    assert cache.get("pdf", "ab" * 32, ".pdf") is None


def test_leftovers_of_a_killed_swap_are_repaired(tmp_path):
    site = tmp_path / "site"
    (tmp_path / ".site.old").mkdir()
    (tmp_path / ".site.old" / "index.html").write_text("cũ", encoding="utf-8")
    (tmp_path / ".site.building-x1").mkdir()
    remove_leftovers(site)  # killed between the two renames: the old site comes back
    assert (site / "index.html").read_text(encoding="utf-8") == "cũ"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_a_second_build_of_the_same_project_is_refused_while_one_runs(project_dir):
    holder = subprocess.Popen(
        [sys.executable, "-c", "import sys, time; from pathlib import Path;"
         "from outreach.lock import BuildLock\n"
         "with BuildLock(Path(sys.argv[1])):\n    print('held', flush=True); time.sleep(120)",
         str(project_dir / "site")], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        result = build(project_dir, "--no-audio", "--no-print")
        assert result.exit_code == 1
        assert f"một bản dựng khác của dự án này đang chạy (tiến trình số {holder.pid})" \
            in result.output
        assert "Traceback" not in result.output
    finally:
        holder.send_signal(signal.SIGKILL)
        holder.wait()
    # The holder died without unlocking: the kernel released the lock, so no stale lock.
    assert build(project_dir, "--no-audio", "--no-print").exit_code == 0


def test_a_build_killed_at_any_moment_leaves_a_valid_site_and_the_next_build_succeeds(
        project_dir, edit):
    assert build(project_dir, "--no-audio").exit_code == 0
    site = project_dir / "site"
    assert_valid_site(site)
    edit("procedures.yaml", "Chứng thực bản sao từ bản chính", "Chứng thực bản sao")
    # Each killed build gets further than the last (the cache keeps what it finished):
    # before MkDocs starts, while PDFs and clips render, while pages are written.
    for delay in (0.3, 1.5, 3.0, 5.0, 8.0):
        started = subprocess.Popen([*OUTREACH, "build", "--engine", "espeak"],
                                   cwd=project_dir, stdout=subprocess.DEVNULL,
                                   stderr=subprocess.DEVNULL)
        time.sleep(delay)
        started.send_signal(signal.SIGKILL)
        started.wait()
        assert_valid_site(site)  # the old site, or the new one if the swap was done
    done = subprocess.run([*OUTREACH, "build", "--engine", "espeak"], cwd=project_dir,
                          capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stderr
    assert_valid_site(site)
    assert leftovers(project_dir) == []
    page = (site / "thu-tuc" / "2-000815" / "index.html").read_text(encoding="utf-8")
    assert "Chứng thực bản sao" in page and "từ bản chính" not in page
    assert (site / "phat-thanh" / "thu-tuc-2-000815.mp3").is_file()


def test_a_killed_build_leaves_staging_that_the_next_build_removes(project_dir):
    staging = project_dir / ".site.building-killed"
    (staging / "thu-tuc").mkdir(parents=True)
    os.utime(staging)
    assert build(project_dir, "--no-audio", "--no-print").exit_code == 0
    assert leftovers(project_dir) == []

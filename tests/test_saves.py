"""The studio's saves (saves.py) on real files, in real git repositories in tmp folders."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import time
from pathlib import Path

import pytest

from outreach import messages, saves
from outreach.catalogue import edit
from outreach.catalogue.load import load_catalogue
from outreach.errors import InvalidInput
from project_support import TODAY

needs_git = pytest.mark.skipif(shutil.which("git") is None,
                               reason="git is not installed: the git-backed history is untested")


@pytest.fixture(autouse=True)
def no_git_identity(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Neither this machine's git config nor a repository above tmp_path may leak in."""
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", os.devnull)
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    for name in ("GIT_AUTHOR_NAME", "GIT_AUTHOR_EMAIL", "GIT_COMMITTER_NAME",
                 "GIT_COMMITTER_EMAIL", "GIT_DIR", "GIT_WORK_TREE"):
        monkeypatch.delenv(name, raising=False)


def git(project: Path, *args: str) -> str:
    done = subprocess.run(["git", "-C", str(project), *args], capture_output=True, text=True,
                          check=True)
    return done.stdout.strip()


@pytest.fixture
def repo(project_dir: Path) -> Path:
    """The scaffold project as a git repository with one commit."""
    git(project_dir, "init", "-q")
    git(project_dir, "add", "-A")
    git(project_dir, "-c", "user.name=Cán bộ", "-c", "user.email=cb@example.invalid",
        "commit", "-q", "-m", "init")
    return project_dir


CATALOGUE = Path("procedures.yaml")


def edit_field(text: str, project: Path, code: str, **changes: object) -> str:
    return edit.set_fields(text, code, changes, path=project / CATALOGUE, today=TODAY)


@needs_git
def test_a_save_is_one_commit_of_that_file_with_a_vietnamese_message(repo: Path):
    opened = saves.read(repo / CATALOGUE, repo)
    mine = edit_field(opened.text, repo, "1.001193", fee={"amount": 0, "note": "Miễn phí"})
    (repo / "mkdocs.yml").write_text("# staged, not the studio's\n" +
                                     (repo / "mkdocs.yml").read_text(encoding="utf-8"),
                                     encoding="utf-8")
    git(repo, "add", "mkdocs.yml")
    message = messages.save_procedure("1.001193", ["Lệ phí"])
    assert message == "Sửa thủ tục 1.001193: lệ phí"
    result = saves.save(repo, CATALOGUE, mine, opened.version, message)
    assert not result.merged and result.message == message
    assert (repo / CATALOGUE).read_text(encoding="utf-8") == mine
    assert result.version == saves.version_of(mine) == saves.read(repo / CATALOGUE).version
    assert result.record == git(repo, "rev-parse", "HEAD")
    assert git(repo, "log", "-1", "--format=%s|%an|%ae") == \
        f"{message}|{messages.STUDIO_AUTHOR_NAME}|{messages.STUDIO_AUTHOR_EMAIL}"
    assert git(repo, "show", "--name-only", "--format=", "HEAD") == "procedures.yaml"
    assert git(repo, "diff", "--cached", "--name-only") == "mkdocs.yml", "still staged"
    assert git(repo, "status", "--porcelain", "--", "procedures.yaml") == ""


@needs_git
def test_an_edit_on_disk_of_another_record_is_merged(repo: Path):
    opened = saves.read(repo / CATALOGUE, repo)  # the form opens (its text is kept as base)
    theirs = edit_field(opened.text, repo, "2.000815", time="Trong 2 ngày làm việc")
    (repo / CATALOGUE).write_text(theirs, encoding="utf-8")  # a text editor saves meanwhile
    mine = edit_field(opened.text, repo, "1.001193", time="Trong ngày")
    result = saves.save(repo, CATALOGUE, mine, opened.version,
                        messages.save_procedure("1.001193", ["Thời hạn giải quyết"]))
    assert result.merged and result.message.startswith("Sửa thủ tục 1.001193")
    written = (repo / CATALOGUE).read_text(encoding="utf-8")
    assert written == result.text
    catalogue = load_catalogue(repo / CATALOGUE, today=TODAY)
    times = {p.code: p.time for p in catalogue.procedures}
    assert times == {"1.001193": "Trong ngày", "2.000815": "Trong 2 ngày làm việc"}
    assert git(repo, "log", "-1", "--format=%s").startswith("Sửa thủ tục 1.001193")


@needs_git
def test_an_edit_on_disk_of_the_same_record_is_a_conflict_and_nothing_is_written(repo: Path):
    opened = saves.read(repo / CATALOGUE, repo)
    theirs = edit_field(opened.text, repo, "1.001193", name="Đăng ký khai sinh (sửa tay)")
    (repo / CATALOGUE).write_text(theirs, encoding="utf-8")
    head = git(repo, "rev-parse", "HEAD")
    mine = edit_field(opened.text, repo, "1.001193", time="Trong ngày")
    with pytest.raises(saves.Conflict) as caught:
        saves.save(repo, CATALOGUE, mine, opened.version, "Sửa thủ tục 1.001193")
    conflict = caught.value
    assert conflict.codes == ("1.001193",)
    assert conflict.theirs == theirs and conflict.mine == mine
    assert "1.001193" in str(conflict) and "Chưa ghi gì" in str(conflict)
    assert (repo / CATALOGUE).read_text(encoding="utf-8") == theirs
    assert git(repo, "rev-parse", "HEAD") == head
    assert not (repo / saves.HISTORY / saves.LOG).exists()


def test_without_a_known_base_any_change_on_disk_is_a_conflict(project_dir: Path):
    opened = saves.read(project_dir / CATALOGUE)  # no project_dir: no base kept
    theirs = edit_field(opened.text, project_dir, "2.000815", time="Hai ngày")
    (project_dir / CATALOGUE).write_text(theirs, encoding="utf-8")
    mine = edit_field(opened.text, project_dir, "1.001193", time="Trong ngày")
    with pytest.raises(saves.Conflict) as caught:
        saves.save(project_dir, CATALOGUE, mine, opened.version, "x")
    assert caught.value.where == messages.CONFLICT_WHOLE
    assert (project_dir / CATALOGUE).read_text(encoding="utf-8") == theirs
    # With the base passed in, the same save merges.
    merged = saves.save(project_dir, CATALOGUE, mine, opened.version, "x", base_text=opened.text)
    assert merged.merged


def test_the_same_code_added_on_both_sides_is_a_conflict(project_dir: Path):
    opened = saves.read(project_dir / CATALOGUE, project_dir)
    record = load_catalogue(project_dir / CATALOGUE, today=TODAY).procedures[0]
    mine = edit.add_procedure(opened.text, {
        **record.model_dump(by_alias=True, exclude_none=True), "code": "1.999999"},
        path=project_dir / CATALOGUE, today=TODAY)
    other = opened.text.replace('  - code: "2.000815"', '  - code: "1.999999"')
    (project_dir / CATALOGUE).write_text(other, encoding="utf-8")
    with pytest.raises(saves.Conflict) as caught:
        saves.save(project_dir, CATALOGUE, mine, opened.version, "x")
    assert caught.value.codes == ("1.999999",)
    assert (project_dir / CATALOGUE).read_text(encoding="utf-8") == other


def test_a_merge_that_would_be_invalid_is_a_conflict(project_dir: Path):
    opened = saves.read(project_dir / CATALOGUE, project_dir)
    mine = edit_field(opened.text, project_dir, "1.001193", level="mot-phan")
    # Meanwhile a text editor renames that service level (valid: no record used it).
    theirs = opened.text.replace("mot-phan", "mot-phan-moi")
    edit.validate(theirs, project_dir / CATALOGUE, today=TODAY)
    (project_dir / CATALOGUE).write_text(theirs, encoding="utf-8")
    with pytest.raises(saves.Conflict) as caught:
        saves.save(project_dir, CATALOGUE, mine, opened.version, "x", today=TODAY)
    assert caught.value.where == messages.CONFLICT_INVALID
    assert (project_dir / CATALOGUE).read_text(encoding="utf-8") == theirs


@needs_git
def test_undo_puts_back_each_save_in_turn_and_is_recorded(repo: Path):
    original = saves.read(repo / CATALOGUE, repo)
    first = edit_field(original.text, repo, "1.001193", time="Một")
    one = saves.save(repo, CATALOGUE, first, original.version, "Sửa lần một")
    second = edit_field(first, repo, "1.001193", time="Hai")
    saves.save(repo, CATALOGUE, second, one.version, "Sửa lần hai")
    undo = saves.undo_last(repo)
    assert undo.undone and undo.message == "Hoàn tác: Sửa lần hai"
    assert (repo / CATALOGUE).read_text(encoding="utf-8") == first
    assert git(repo, "log", "-1", "--format=%s") == "Hoàn tác: Sửa lần hai"
    again = saves.undo_last(repo)
    assert again.undone and again.message == "Hoàn tác: Sửa lần một"
    assert (repo / CATALOGUE).read_text(encoding="utf-8") == original.text
    nothing = saves.undo_last(repo)
    assert not nothing and nothing.message == messages.UNDO_NOTHING
    assert git(repo, "status", "--porcelain", "--", "procedures.yaml") == ""


@needs_git
def test_undo_refuses_when_the_file_changed_since(repo: Path):
    opened = saves.read(repo / CATALOGUE, repo)
    mine = edit_field(opened.text, repo, "1.001193", time="Một")
    saves.save(repo, CATALOGUE, mine, opened.version, "Sửa")
    later = edit_field(mine, repo, "2.000815", time="Sửa tay")
    (repo / CATALOGUE).write_text(later, encoding="utf-8")
    undo = saves.undo_last(repo)
    assert not undo.undone and "procedures.yaml" in undo.message
    assert (repo / CATALOGUE).read_text(encoding="utf-8") == later


@needs_git
def test_a_new_file_is_committed_and_undo_removes_it(repo: Path):
    path = Path("announcements") / "thong-bao-moi.md"
    text = edit.announcement_text({"kind": "leaflet", "title": "Tờ rơi mới",
                                   "date": TODAY}, "Nội dung.")
    result = saves.save(repo, path, text, None, messages.save_announcement("Tờ rơi mới"))
    assert result.record and (repo / path).read_text(encoding="utf-8") == text
    with pytest.raises(saves.Conflict):  # "new" again: the file exists now
        saves.save(repo, path, text + "x", None, "again")
    assert git(repo, "show", "--name-only", "--format=", "HEAD") == path.as_posix()
    assert saves.undo_last(repo).undone
    assert not (repo / path).exists()
    assert git(repo, "ls-files", path.as_posix()) == ""


def test_without_git_each_save_is_a_dated_copy_and_a_log_line(project_dir: Path):
    assert not (project_dir / ".git").exists()
    opened = saves.read(project_dir / CATALOGUE, project_dir)
    mine = edit_field(opened.text, project_dir, "1.001193", time="Trong ngày")
    result = saves.save(project_dir, CATALOGUE, mine, opened.version, "Sửa thủ tục 1.001193")
    copy = project_dir / result.record
    assert copy.parent == project_dir / saves.HISTORY
    assert copy.name.endswith("_procedures.yaml") and copy.name[:4].isdigit()
    assert copy.read_text(encoding="utf-8") == mine
    (entry,) = [json.loads(line) for line in
                (project_dir / saves.HISTORY / saves.LOG).read_text(encoding="utf-8").splitlines()]
    assert entry["message"] == "Sửa thủ tục 1.001193" and entry["path"] == "procedures.yaml"
    assert entry["before"] == opened.version and entry["after"] == result.version
    assert saves.undo_last(project_dir).undone
    assert (project_dir / CATALOGUE).read_text(encoding="utf-8") == opened.text


def test_a_failed_rename_leaves_the_original_intact(project_dir: Path,
                                                    monkeypatch: pytest.MonkeyPatch):
    target = project_dir / CATALOGUE
    before = target.read_bytes()
    opened = saves.read(target, project_dir)
    mine = edit_field(opened.text, project_dir, "1.001193", time="Trong ngày")
    real_replace = os.replace

    def crash(src: object, dst: object) -> None:
        if Path(str(dst)) == target:
            raise OSError(28, "No space left on device")
        real_replace(src, dst)  # type: ignore[arg-type]

    monkeypatch.setattr(saves.os, "replace", crash)
    with pytest.raises(InvalidInput) as caught:
        saves.save(project_dir, CATALOGUE, mine, opened.version, "x")
    assert "No space left on device" in str(caught.value)
    assert target.read_bytes() == before
    assert sorted(p.name for p in project_dir.iterdir() if p.name.startswith(".procedures"))\
        == []
    assert not (project_dir / saves.HISTORY / saves.LOG).exists()
    assert not (project_dir / saves.HISTORY / ".save.lock").exists()
    assert not list((project_dir / saves.HISTORY).glob("*procedures.yaml")), "no dated copy"


@pytest.mark.parametrize("outside", ["../elsewhere.yaml", "/etc/hostname",
                                     ".cache/outreach/history/log.jsonl"])
def test_paths_outside_the_project_are_refused(project_dir: Path, outside: str):
    with pytest.raises(InvalidInput, match="ngoài thư mục dự án"):
        saves.save(project_dir, Path(outside), "x", saves.ABSENT, "x")


def test_a_stale_lock_is_broken_and_a_live_one_waits(project_dir: Path,
                                                     monkeypatch: pytest.MonkeyPatch):
    lock = project_dir / saves.HISTORY / ".save.lock"
    lock.parent.mkdir(parents=True)
    lock.write_text("12345")
    old = time.time() - saves.LOCK_STALE_S - 5
    os.utime(lock, (old, old))
    opened = saves.read(project_dir / CATALOGUE)
    mine = edit_field(opened.text, project_dir, "1.001193", time="Trong ngày")
    assert saves.save(project_dir, CATALOGUE, mine, opened.version, "x").record
    lock.write_text("12345")
    monkeypatch.setattr(saves, "LOCK_WAIT_S", 0.2)
    with pytest.raises(InvalidInput, match="đang chạy"):
        saves.save(project_dir, CATALOGUE, opened.text, saves.version_of(mine), "y")
    assert (project_dir / CATALOGUE).read_text(encoding="utf-8") == mine


def test_old_stored_texts_are_pruned_but_dated_copies_stay(project_dir: Path,
                                                           monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(saves, "KEEP_SAVES", 2)
    monkeypatch.setattr(saves, "KEEP_OPENED_S", 0.0)
    opened = saves.read(project_dir / CATALOGUE, project_dir)
    text, version, records = opened.text, opened.version, []
    for n in range(5):
        text = edit_field(text, project_dir, "1.001193", time=f"Trong {n + 1} ngày")
        result = saves.save(project_dir, CATALOGUE, text, version, f"Sửa lần {n + 1}")
        version = result.version
        records.append(result.record)
    objects = {p.name for p in (project_dir / saves.HISTORY / saves.OBJECTS).iterdir()}
    entries = [json.loads(line) for line in
               (project_dir / saves.HISTORY / saves.LOG).read_text(encoding="utf-8").splitlines()]
    assert objects == {v for e in entries[-2:] for v in (e["before"], e["after"])}
    assert all((project_dir / record).is_file() for record in records)
    assert (project_dir / records[0]).read_text(encoding="utf-8").count("Trong 1 ngày") == 1
    assert saves.undo_last(project_dir)
    assert saves.undo_last(project_dir)
    assert (project_dir / CATALOGUE).read_text(encoding="utf-8") == \
        (project_dir / records[2]).read_text(encoding="utf-8")


@needs_git
def test_undo_finds_a_pruned_text_in_git(repo: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(saves, "KEEP_SAVES", 1)
    monkeypatch.setattr(saves, "KEEP_OPENED_S", 0.0)
    original = saves.read(repo / CATALOGUE)
    first = edit_field(original.text, repo, "1.001193", time="Một")
    one = saves.save(repo, CATALOGUE, first, original.version, "Sửa lần một")
    second = edit_field(first, repo, "1.001193", time="Hai")
    saves.save(repo, CATALOGUE, second, one.version, "Sửa lần hai")
    assert not (repo / saves.HISTORY / saves.OBJECTS / original.version).exists()
    assert saves.undo_last(repo) and saves.undo_last(repo)
    assert (repo / CATALOGUE).read_text(encoding="utf-8") == original.text


@pytest.mark.slow
def test_outreach_check_passes_after_a_studio_save(project_dir: Path):
    from click.testing import CliRunner

    from outreach.cli import main

    opened = saves.read(project_dir / CATALOGUE, project_dir)
    mine = edit.set_fields(opened.text, "1.001193", {"fee": {"amount": 8000, "note": "Mới"},
                                                     "verified": TODAY},
                           path=project_dir / CATALOGUE)
    saves.save(project_dir, CATALOGUE, mine, opened.version, "Sửa thủ tục 1.001193: lệ phí")
    result = CliRunner().invoke(main, ["check", "-f", str(project_dir / "mkdocs.yml")])
    assert result.exit_code == 0, result.output

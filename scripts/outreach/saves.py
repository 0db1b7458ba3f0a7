"""The studio's saves: atomic, never over someone else's edit, every one recorded, undoable.

    read(path, project_dir)          the text and its version (a hash of the bytes on disk);
                                     with project_dir, the text is kept as a merge base
    save(project_dir, path, text, expected_version, message) -> SaveResult
                                     write it if the file is still at `expected_version`
                                     (None or ABSENT: the file must not exist yet); else
                                     merge procedures.yaml record by record, or raise
                                     Conflict (nothing written)
    undo_last(project_dir) -> UndoResult (true if something was undone)
                                     "Hoàn tác": put back the file as it was before the last
                                     save (itself a recorded save)

Every save is recorded: a git commit of just that file when the project is in a git work
tree (a fixed author when git has none configured), otherwise a dated copy under
.cache/outreach/history/ (a hard link where the disk allows). In both cases a line goes to
history/log.jsonl and the texts before and after go to history/objects/ (by hash): undo and
the merge base read them there. Objects of the last KEEP_SAVES saves and of forms opened in
the last KEEP_OPENED_S stay; older ones are pruned (undo then finds the text in the commit
or dated copy that recorded it, checked by hash).

Portable: no POSIX-only module, `os.replace` for the swap, a lock file made with O_EXCL
so two saves of one project never interleave.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
import shutil
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Any

from . import messages
from .catalogue import edit
from .catalogue import messages as catalogue_messages
from .catalogue.yamlfile import Parse, parse_yaml
from .errors import InvalidInput, Problem

HISTORY = Path(".cache") / "outreach" / "history"
LOG = "log.jsonl"
OBJECTS = "objects"
ABSENT = ""  # the version of a file that does not exist
LOCK_STALE_S = 60.0  # a lock older than this was left by a killed process
LOCK_WAIT_S = 5.0
GIT_TIMEOUT_S = 30.0
# history/objects holds whole files (1.5 MB at 500 procedures): only the texts of the last
# saves (undo, merge bases) and those a form opened recently (a browser left open) stay.
KEEP_SAVES = 100
KEEP_OPENED_S = 2 * 24 * 3600.0


@dataclass(frozen=True)
class Versioned:
    text: str
    version: str  # sha256 of the bytes on disk; ABSENT when there is no file


class Conflict(Exception):
    """Raised by `save`: the file changed on disk and both sides changed the same thing.
    Nothing was written; `theirs` and `mine` are the two texts to show."""

    def __init__(self, path: str, theirs: str, mine: str, where: str,
                 codes: tuple[str, ...] = ()):
        self.path = path
        self.theirs = theirs  # the file as it is on disk now
        self.mine = mine  # what the form wanted to write
        self.where = where  # in Vietnamese: which records, or which part of the file
        self.codes = codes
        super().__init__(self.message)

    @property
    def message(self) -> str:
        return messages.SAVE_CONFLICT.format(where=self.where)


@dataclass(frozen=True)
class SaveResult:
    path: str  # relative to the project, with forward slashes
    version: str  # the file's version now
    text: str  # the file's text now
    message: str  # the message recorded (with a note when another edit was merged in)
    merged: bool = False  # another edit on disk was merged in
    record: str = ""  # the commit hash, or the history copy (relative to the project);
    # "" when the text was already on disk (nothing to write, nothing recorded)


@dataclass(frozen=True)
class UndoResult:
    undone: bool
    path: str = ""
    version: str = ABSENT
    message: str = ""  # the commit message of the undo, or why nothing was undone
    record: str = ""

    def __bool__(self) -> bool:
        return self.undone


def version_of(data: bytes | str) -> str:
    raw = data.encode("utf-8") if isinstance(data, str) else data
    return hashlib.sha256(raw).hexdigest()


def read(path: Path, project_dir: Path | None = None) -> Versioned:
    """The file's text and version. With `project_dir`, the text is also kept (by hash) as
    the base a later save merges from: call it when a form opens."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return Versioned("", ABSENT)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise InvalidInput([Problem(path.name, line, "", catalogue_messages.NOT_UTF8)]) from None
    version = version_of(raw)
    if project_dir is not None:
        _keep(project_dir.resolve(), raw, version)
    return Versioned(text, version)


def save(project_dir: Path, path: Path, new_text: str, expected_version: str | None,
         message: str,
         *, base_text: str | None = None, today: dt.date | None = None,
         parse: Parse = parse_yaml) -> SaveResult:
    """Write `new_text` to `path` if it still has `expected_version`, and record the save.

    If the file changed since: a catalogue (YAML with a `procedures:` list) is merged record
    by record from the base (the text at `expected_version`: `base_text`, or the copy that
    `read(..., project_dir)` or an earlier save kept) and saved if the merge is valid; else
    Conflict is raised and nothing is written. Raises InvalidInput for a path outside the
    project or a write that failed (the old file is then intact)."""
    expected_version = expected_version or ABSENT
    project = project_dir.resolve()
    target = _inside(project, path)
    rel = target.relative_to(project).as_posix()
    with _SaveLock(project):
        current = read(target)
        text, merged = new_text, False
        if current.version != expected_version:
            base = base_text if base_text is not None and version_of(base_text) == \
                expected_version else _kept(project, expected_version)
            merged_text, where, codes = _merge(base, new_text, current.text, target, today,
                                               parse)
            if merged_text is None:
                raise Conflict(rel, current.text, new_text, where, codes)
            text, merged, message = merged_text, True, messages.merged_with(message)
        if text == current.text:
            return SaveResult(rel, current.version, current.text, message, merged)
        record = _write_and_record(project, target, current, text, message)
        return SaveResult(rel, version_of(text), text, message, merged, record)


def undo_last(project_dir: Path) -> UndoResult:
    """Put back the file of the last save not undone yet, as it was before that save.

    Refused (nothing written) when the file changed since that save. Undoing again goes one
    more save back."""
    project = project_dir.resolve()
    with _SaveLock(project):
        entries = _log(project)
        undone = {e.get("undoes") for e in entries}
        last = next((e for e in reversed(entries)
                     if not e.get("undoes") and e.get("id") not in undone), None)
        if last is None:
            return UndoResult(False, message=messages.UNDO_NOTHING)
        target = _inside(project, project / last["path"])
        current = read(target)
        if current.version != last["after"]:
            return UndoResult(False, last["path"], current.version, messages.UNDO_CHANGED.format(
                path=last["path"], message=last["message"]))
        before = last.get("before") or ABSENT
        text = "" if before == ABSENT else (_kept(project, before)
                                            or _from_records(project, entries, before))
        if text is None:
            return UndoResult(False, last["path"], current.version,
                              messages.UNDO_MISSING_COPY.format(message=last["message"],
                                                                folder=HISTORY.as_posix()))
        message = messages.undo(last["message"])
        record = _write_and_record(project, target, current, text, message,
                                   undoes=last["id"], delete=before == ABSENT)
        return UndoResult(True, last["path"], before, message, record)


# ---- merge ------------------------------------------------------------------------------------

def _merge(base: str | None, mine: str, theirs: str, target: Path, today: dt.date | None,
           parse: Parse) -> tuple[str | None, str, tuple[str, ...]]:
    """(merged text, "", ()) or (None, where the two edits clash in Vietnamese, codes)."""
    if base is None or target.suffix not in (".yaml", ".yml"):
        return None, messages.CONFLICT_WHOLE, ()
    outcome = edit.merge_records(base, mine, theirs)
    if outcome.text is None:
        where = {"records": messages.CONFLICT_RECORDS.format(codes=", ".join(outcome.codes)),
                 "outside": messages.CONFLICT_OUTSIDE, "order": messages.CONFLICT_ORDER}
        return None, where.get(outcome.where, messages.CONFLICT_WHOLE), outcome.codes
    try:
        edit.validate(outcome.text, target, today=today, parse=parse)
    except InvalidInput:
        return None, messages.CONFLICT_INVALID, ()
    return outcome.text, "", ()


# ---- writing and recording --------------------------------------------------------------------

def _write_and_record(project: Path, target: Path, current: Versioned, text: str, message: str,
                      undoes: int | None = None, delete: bool = False) -> str:
    """Write (or delete) the file and record it. Without git, the dated copy is made first:
    a save that cannot be recorded is not made."""
    data = text.encode("utf-8")
    rel = target.relative_to(project).as_posix()
    git = _in_work_tree(project)
    record = ""
    try:
        if current.version != ABSENT:
            _keep(project, current.text.encode("utf-8"), current.version)
        if not delete:
            _keep(project, data, version_of(data))
        if not git:
            record = _history_copy(project, rel, data, delete)
        if delete:
            target.unlink(missing_ok=True)
        else:
            write_atomic(target, data)
    except OSError as exc:
        if record:
            (project / record).unlink(missing_ok=True)  # the copy of a save that did not happen
        raise InvalidInput([Problem(target.name, None, "", messages.SAVE_FAILED.format(
            reason=exc.strerror or type(exc).__name__))]) from None
    if git:
        record = _commit(project, rel, message) or _history_copy(project, rel, data, delete)
    entries = _log(project)
    entry: dict[str, Any] = {
        "id": (entries[-1].get("id", 0) if entries else 0) + 1,
        "time": dt.datetime.now().isoformat(timespec="seconds"),
        "path": rel, "message": message, "before": current.version,
        "after": ABSENT if delete else version_of(data), "record": record}
    if undoes is not None:
        entry["undoes"] = undoes
    _append_log(project, entry)
    _prune(project, [*entries, entry])
    return record


def write_atomic(path: Path, data: bytes) -> None:
    """Temp file in the same folder, fsync, then `os.replace`: the file is the old one or the
    new one, never half of each, even if the machine stops mid-write."""
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        mode = path.stat().st_mode & 0o777
    except FileNotFoundError:
        mode = 0o644
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _history(project: Path) -> Path:
    return project / HISTORY


def _keep(project: Path, data: bytes, version: str) -> None:
    """Store a text by its hash (once): merge bases and undo read it back."""
    path = _history(project) / OBJECTS / version
    if path.exists():
        os.utime(path)  # opened again: kept as long as a recent one
        return
    write_atomic(path, data)


def _prune(project: Path, entries: list[dict[str, Any]]) -> None:
    """Drop stored texts no recent save or recently opened form needs."""
    keep = {version for entry in entries[-KEEP_SAVES:]
            for version in (entry.get("before"), entry.get("after")) if version}
    oldest = time.time() - KEEP_OPENED_S
    folder = _history(project) / OBJECTS
    for path in folder.iterdir() if folder.is_dir() else []:
        try:
            if path.name not in keep and path.stat().st_mtime < oldest:
                path.unlink()
        except OSError:
            continue  # another process pruned it, or it is in use: next save tries again


def _kept(project: Path, version: str) -> str | None:
    try:
        return (_history(project) / OBJECTS / version).read_bytes().decode("utf-8")
    except (OSError, UnicodeDecodeError):
        return None


def _from_records(project: Path, entries: list[dict[str, Any]], version: str) -> str | None:
    """A text no longer stored by hash, found in the record of a save (the git commit or the
    dated copy that wrote it, or the commit before one that replaced it), hash-checked."""
    for entry in reversed(entries):
        record = entry.get("record") or ""
        if not record or version not in (entry.get("after"), entry.get("before")):
            continue
        if entry.get("after") == version and (project / record).is_file():
            data = (project / record).read_bytes()
        else:
            commit = record if entry.get("after") == version else f"{record}~1"
            shown = _git(project, "show", f"{commit}:./{entry['path']}")
            data = shown.stdout.encode("utf-8") if shown and shown.returncode == 0 else b""
        if version_of(data) == version:
            return data.decode("utf-8")
    return None


def _history_copy(project: Path, rel: str, data: bytes, delete: bool) -> str:
    """The dated copy of a save when there is no git (an empty file records a deletion);
    a hard link to the stored text where the disk allows one (no second copy)."""
    stamp = dt.datetime.now().strftime("%Y-%m-%d_%H-%M-%S-%f")
    name = re.sub(r"[^A-Za-z0-9._-]+", "_", rel)
    path = _history(project) / f"{stamp}_{name}{'.deleted' if delete else ''}"
    try:
        if delete:
            raise OSError
        os.link(_history(project) / OBJECTS / version_of(data), path)
    except OSError:
        write_atomic(path, b"" if delete else data)
    return path.relative_to(project).as_posix()


def _log(project: Path) -> list[dict[str, Any]]:
    try:
        lines = (_history(project) / LOG).read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        return []
    entries = []
    for line in lines:
        try:
            entry = json.loads(line)
        except json.JSONDecodeError:
            continue  # a line cut short by a crash: the others still count
        if isinstance(entry, dict) and {"id", "path", "message", "after"} <= set(entry):
            entries.append(entry)
    return entries


def _append_log(project: Path, entry: dict[str, Any]) -> None:
    path = _history(project) / LOG
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a", encoding="utf-8", newline="\n") as fh:
        fh.write(json.dumps(entry, ensure_ascii=False) + "\n")
        fh.flush()
        os.fsync(fh.fileno())


# ---- git ---------------------------------------------------------------------------------------

def _git(project: Path, *args: str, stdin: str | None = None
         ) -> subprocess.CompletedProcess[str] | None:
    git = shutil.which("git")
    if git is None:
        return None
    env = {**os.environ, "GIT_TERMINAL_PROMPT": "0", "LC_ALL": "C"}
    try:
        return subprocess.run([git, "-C", str(project), *args], capture_output=True, text=True,
                              encoding="utf-8", input=stdin, timeout=GIT_TIMEOUT_S, env=env,
                              check=False)
    except (OSError, subprocess.TimeoutExpired):
        return None


def _in_work_tree(project: Path) -> bool:
    inside = _git(project, "rev-parse", "--is-inside-work-tree")
    return inside is not None and inside.returncode == 0 and inside.stdout.strip() == "true"


def _commit(project: Path, rel: str, message: str) -> str:
    """Commit just `rel` with `message`; the commit hash, or "" when git refused (a hook, a
    lock, an ignored file: the save is then recorded as a history copy)."""
    identity: list[str] = []
    for key, default in (("user.name", messages.STUDIO_AUTHOR_NAME),
                         ("user.email", messages.STUDIO_AUTHOR_EMAIL)):
        found = _git(project, "config", key)
        if found is None or found.returncode != 0 or not found.stdout.strip():
            identity += ["-c", f"{key}={default}"]
    added = _git(project, "add", "-A", "--", rel)
    if added is None or added.returncode != 0:
        return ""
    # The message goes in as UTF-8 on stdin: a Windows command line may not carry Vietnamese.
    done = _git(project, *identity, "-c", "i18n.commitEncoding=utf-8", "commit", "--no-verify",
                "-q", "-F", "-", "--", rel, stdin=message)
    if done is None or done.returncode != 0:
        return ""
    head = _git(project, "rev-parse", "HEAD")
    return head.stdout.strip() if head is not None and head.returncode == 0 else ""


# ---- paths and the lock ------------------------------------------------------------------------

def _inside(project: Path, path: Path) -> Path:
    """`path` resolved; refused unless it is inside the project (never its history)."""
    target = (project / path).resolve() if not path.is_absolute() else path.resolve()
    if not target.is_relative_to(project) or target == project \
            or target.is_relative_to(_history(project)):
        raise InvalidInput([Problem(str(path), None, "", messages.SAVE_OUTSIDE_PROJECT.format(
            path=path))])
    return target


class _SaveLock:
    """One save of a project at a time, across processes: a file created with O_EXCL."""

    def __init__(self, project: Path):
        self.path = _history(project) / ".save.lock"

    def __enter__(self) -> _SaveLock:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        deadline = time.monotonic() + LOCK_WAIT_S
        while True:
            try:
                fd = os.open(self.path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
            except FileExistsError:
                try:
                    if time.time() - self.path.stat().st_mtime > LOCK_STALE_S:
                        self.path.unlink(missing_ok=True)
                        continue
                except FileNotFoundError:
                    continue
                if time.monotonic() > deadline:
                    raise InvalidInput([Problem(self.path.name, None, "", messages.SAVE_BUSY.format(
                        lock=self.path))]) from None
                time.sleep(0.05)
                continue
            os.write(fd, str(os.getpid()).encode("ascii"))
            os.close(fd)
            return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.path.unlink(missing_ok=True)

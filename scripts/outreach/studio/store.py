"""The studio's only door to files: the text editor (catalogue.edit) and recorded saves (saves).

Each function reads the file as it is now, applies one edit as text and saves it with the
version it read, so an edit made elsewhere to another record is kept (merged) and a race
between read and write is refused by `saves` as a conflict, never overwritten.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .. import saves
from ..catalogue import edit
from ..catalogue.yamlfile import Parse

Conflict = saves.Conflict  # the file changed on disk and the two edits clash
EditRefused = edit.EditRefused  # the edit would leave an invalid file (check's problems)


@dataclass(frozen=True)
class Saved:
    path: Path
    message: str  # as recorded (with a note when another edit on disk was merged in)


def record_hash(values: Mapping[str, Any]) -> str:
    """A short fingerprint of a record as the form showed it (to notice edits elsewhere)."""
    data = json.dumps(values, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(data.encode("utf-8")).hexdigest()[:20]


def version_of(path: Path, root: Path) -> str:
    """The file's version now, its text kept as the base a later save merges from."""
    return saves.read(path, root).version


def _apply(root: Path, path: Path, change: Callable[[str], str], message: str,
           today: dt.date, parse: Parse) -> Saved:
    current = saves.read(path, root)
    new_text = change(current.text)
    # The workspace's parser: a merge with an edit on disk is validated record by record too.
    result = saves.save(root, path, new_text, current.version, message, base_text=current.text,
                        today=today, parse=parse)
    return Saved(path, result.message)


def set_fields(root: Path, path: Path, code: str, changes: Mapping[str, Any], message: str,
               today: dt.date, parse: Parse) -> Saved:
    return _apply(root, path, lambda text: edit.set_fields(text, code, changes, path=path,
                                                           today=today, parse=parse), message,
                  today, parse)


def add_procedure(root: Path, path: Path, record: Mapping[str, Any], message: str,
                  today: dt.date, parse: Parse) -> Saved:
    return _apply(root, path, lambda text: edit.add_procedure(text, record, path=path,
                                                              today=today, parse=parse), message,
                  today, parse)


def remove_procedure(root: Path, path: Path, code: str, message: str, today: dt.date,
                     parse: Parse) -> Saved:
    return _apply(root, path, lambda text: edit.remove_procedure(text, code, path=path,
                                                                 today=today, parse=parse), message,
                  today, parse)


def drop_override(root: Path, path: Path, code: str, field: str, message: str,
                  today: dt.date, parse: Parse) -> Saved:
    return _apply(root, path, lambda text: edit.drop_override(text, code, field, path=path,
                                                              today=today, parse=parse), message,
                  today, parse)


def write_announcement(root: Path, path: Path, front: Mapping[str, Any], body: str,
                       message: str, expected_version: str | None) -> Saved:
    """A new file (expected_version None: refused if one appeared meanwhile) or an edit."""
    previous = saves.read(path, root) if path.exists() else None
    text = edit.announcement_text(front, body, previous.text if previous else None)
    # A new notice: the file must not exist yet; an edit: it must be as the form opened it.
    version = expected_version if expected_version else (previous.version if previous
                                                         else None)
    result = saves.save(root, path, text, version, message)
    return Saved(path, result.message)


def slug_for(title: str) -> str:
    return edit.slug_for(title)


def undo_last(root: Path) -> tuple[bool, str]:
    """("Hoàn tác"): whether a save was undone, and the message that says which or why not."""
    result = saves.undo_last(root)
    return bool(result), result.message

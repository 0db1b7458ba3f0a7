"""Uploaded staff recordings: a safe ASCII name inside the project, the display name kept."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from ..site.text import fold

AUDIO_TYPES = {".wav": "audio/wav", ".mp3": "audio/mpeg", ".ogg": "audio/ogg"}
MAX_BYTES = 25 * 1024 * 1024  # 25 MB: a 10-minute MP3 with room to spare


def display_name(filename: str) -> str:
    """The name as the person saw it: NFC, no folders, no control characters."""
    name = unicodedata.normalize("NFC", filename or "")
    name = re.split(r"[\\/]", name)[-1]
    name = "".join(c for c in name if unicodedata.category(c)[0] != "C")
    return name.strip(" .") or "ghi-am"


def stored_name(filename: str) -> str:
    """'Thông báo tiêm chủng.MP3' -> 'thong-bao-tiem-chung.mp3' (ASCII, no separators)."""
    display = display_name(filename)
    stem, dot, ext = display.rpartition(".")
    if not dot:
        stem, ext = display, ""
    slug = re.sub(r"[^a-z0-9]+", "-", fold(stem)).strip("-")[:60] or "ghi-am"
    ext = re.sub(r"[^a-z0-9]", "", ext.lower())
    return f"{slug}.{ext}" if ext else slug


def audio_suffix(filename: str) -> str | None:
    suffix = Path(stored_name(filename)).suffix
    return suffix if suffix in AUDIO_TYPES else None


def inside(root: Path, relative: str) -> Path:
    """`root / relative`, resolved; ValueError when it would land outside `root`."""
    root = root.resolve()
    target = (root / relative).resolve()
    if not target.is_relative_to(root):
        raise ValueError(relative)
    return target


def free_name(folder: Path, name: str) -> str:
    """`name`, or `name-2`, `name-3`… so an upload never replaces another recording."""
    stem, suffix = Path(name).stem, Path(name).suffix
    candidate, n = name, 2
    while (folder / candidate).exists():
        candidate, n = f"{stem}-{n}{suffix}", n + 1
    return candidate


NAMES = "ten-goc.json"  # beside the recordings: stored ASCII name -> the name staff gave it


def remember_display(folder: Path, stored: str, display: str) -> None:
    """Keep the name the file had on the staff member's computer (shown by the studio)."""
    import json
    import os

    index = folder / NAMES
    names = display_names(folder)
    names[stored] = display
    partial = index.with_name(index.name + ".part")
    partial.write_text(json.dumps(names, ensure_ascii=False, indent=1, sort_keys=True) + "\n",
                       encoding="utf-8")
    os.replace(partial, index)


def display_names(folder: Path) -> dict[str, str]:
    import json

    try:
        data = json.loads((folder / NAMES).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return {str(k): str(v) for k, v in data.items()} if isinstance(data, dict) else {}

"""Generated files, their manifest entries, and a content-addressed cache."""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import Problem


@dataclass(frozen=True)
class Artifact:
    """One generated file. `path` is relative to site_dir, with forward slashes."""

    kind: str  # page | notice | leaflet | guide | clip | transcript | programme | preview | search
    source: str  # announcement id or procedure code
    path: str
    sha256: str
    extra: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        # Not dataclasses.asdict: its deep copy was a third of a 2,000-page manifest's time.
        return {"kind": self.kind, "source": self.source, "path": self.path,
                "sha256": self.sha256, **self.extra}


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


SKIPPED_FOLDERS = ("__pycache__", "node_modules")


def tree_files(root: Path, skip: frozenset[Path] = frozenset(),
               suffixes: tuple[str, ...] | None = None) -> list[Path]:
    """Files under root, sorted; hidden names, caches and the `skip` folders left out."""
    found = []
    for folder, dirs, files in os.walk(root):
        here = Path(folder)
        dirs[:] = [d for d in dirs if not d.startswith(".") and d not in SKIPPED_FOLDERS
                   and (here / d).resolve() not in skip]
        found += [here / name for name in files if not name.startswith(".")
                  and (suffixes is None or name.endswith(suffixes))]
    return sorted(found)


def tree_digest(root: Path, files: list[Path] | None = None) -> str:
    """SHA-256 over each file's path relative to root and its content hash, in order."""
    digest = hashlib.sha256()
    for path in tree_files(root) if files is None else files:
        digest.update(path.relative_to(root).as_posix().encode() + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def write_atomic(path: Path, data: bytes) -> None:
    """Write to a temp file beside `path`, then rename: never a half-written file.

    A file that already holds exactly `data` is left alone (same inode, same time stamp), so
    a warm build rewrites nothing and the hard links into the site stay valid.
    """
    try:
        if path.stat().st_size == len(data) and path.read_bytes() == data:
            return
    except OSError:  # absent or unreadable: write it
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        # mkstemp makes 0600 files; a web server running as another user must read them.
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


# Each cache file ends with the SHA-256 of its data and this tag, checked on every read: a
# file cut short (disk full, a killed CI job saving its cache) is a miss, never a bad PDF.
SEAL = b"OUTREACH-CACHE-1"
DIGEST_SIZE = 32
# Files stored beside a main entry (page count, clip measurements): not counted as lookups.
COMPANION_SUFFIXES = (".pages", ".json")


def seal(data: bytes) -> bytes:
    return data + hashlib.sha256(data).digest() + SEAL


def unseal(raw: bytes) -> bytes | None:
    """The data of a sealed file, or None if it is damaged or from an older format."""
    if len(raw) < DIGEST_SIZE + len(SEAL) or not raw.endswith(SEAL):
        return None
    data, digest = raw[: -DIGEST_SIZE - len(SEAL)], raw[-DIGEST_SIZE - len(SEAL): -len(SEAL)]
    return data if hashlib.sha256(data).digest() == digest else None


class Cache:
    """Bytes stored under a hash of everything that went into them.

    Keys hold content only (no absolute paths), so one folder can serve many projects and
    machines; writes are atomic renames, so several processes may fill it at once.
    Hits and misses are counted per instance, by namespace.
    """

    def __init__(self, folder: Path):
        self.folder = folder
        self.hits: dict[str, int] = {}
        self.misses: dict[str, int] = {}

    @staticmethod
    def key(*parts: Any) -> str:
        blob = json.dumps(parts, sort_keys=True, default=str, ensure_ascii=False)
        return hashlib.sha256(blob.encode("utf-8")).hexdigest()

    def path(self, namespace: str, key: str, suffix: str) -> Path:
        return self.folder / namespace / key[:2] / f"{key}{suffix}"

    def get(self, namespace: str, key: str, suffix: str, count: bool = True) -> bytes | None:
        """The stored bytes, or None; `count=False` for probes that are not a render's need."""
        path = self.path(namespace, key, suffix)
        try:
            data = unseal(path.read_bytes())
        except FileNotFoundError:
            data = None
        if count and suffix not in COMPANION_SUFFIXES:
            tally = self.hits if data is not None else self.misses
            tally[namespace] = tally.get(namespace, 0) + 1
        return data

    def put(self, namespace: str, key: str, suffix: str, data: bytes) -> Path:
        path = self.path(namespace, key, suffix)
        write_atomic(path, seal(data))
        return path

    def absorb(self, stats: dict[str, int]) -> None:
        """Add another instance's `stats()` (e.g. a worker process's) to this one's tallies."""
        for name, n in stats.items():
            kind, namespace = name.split(":", 1)
            tally = self.hits if kind == "hits" else self.misses
            tally[namespace] = tally.get(namespace, 0) + n

    def stats(self) -> dict[str, int]:
        """{"hits:<namespace>": n, "misses:<namespace>": n} for every namespace looked up."""
        out = {f"hits:{ns}": n for ns, n in self.hits.items()}
        out.update({f"misses:{ns}": n for ns, n in self.misses.items()})
        return out


Warn = Callable[[Problem], None]
Progress = Callable[[str, int, int], None]  # (label, done, total)


def no_progress(label: str, done: int, total: int) -> None:
    """Default progress callback: silent."""


def write_manifest(site_dir: Path, artifacts: list[Artifact], generator: dict[str, Any]) -> Path:
    data = {"generator": generator,
            "artifacts": sorted((a.to_json() for a in artifacts), key=lambda a: a["path"])}
    path = site_dir / "outreach-manifest.json"
    write_atomic(path, json.dumps(data, ensure_ascii=False, indent=2).encode("utf-8"))
    return path

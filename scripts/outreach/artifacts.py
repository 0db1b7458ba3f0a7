"""Generated files, their manifest entries, and a content-addressed cache."""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from .errors import Problem


@dataclass(frozen=True)
class Artifact:
    """One generated file. `path` is relative to site_dir, with forward slashes."""

    kind: str  # page | notice | leaflet | guide | clip | transcript | programme | preview
    source: str  # announcement id or procedure code
    path: str
    sha256: str
    extra: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        extra = data.pop("extra")
        return {**data, **extra}


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def write_atomic(path: Path, data: bytes) -> None:
    """Write to a temp file beside `path`, then rename: never a half-written file."""
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


class Cache:
    """Bytes stored under a hash of everything that went into them."""

    def __init__(self, folder: Path):
        self.folder = folder

    @staticmethod
    def key(*parts: Any) -> str:
        blob = json.dumps(parts, sort_keys=True, default=str, ensure_ascii=False)
        return hashlib.sha256(blob.encode("utf-8")).hexdigest()

    def path(self, namespace: str, key: str, suffix: str) -> Path:
        return self.folder / namespace / key[:2] / f"{key}{suffix}"

    def get(self, namespace: str, key: str, suffix: str) -> bytes | None:
        path = self.path(namespace, key, suffix)
        return path.read_bytes() if path.exists() else None

    def put(self, namespace: str, key: str, suffix: str, data: bytes) -> Path:
        path = self.path(namespace, key, suffix)
        write_atomic(path, data)
        return path


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

"""One build per project at a time, and no leftovers from a build that was killed.

The lock is a POSIX record lock (`lockf`) on a small file beside site_dir holding the
builder's pid: the kernel releases it when the process dies, even by SIGKILL, so a stale lock
never blocks anyone. Not `flock`: an flock is shared with forked children (the audio workers),
which would keep a killed build's lock alive; record locks belong to one process only.
"""

from __future__ import annotations

import fcntl
import os
import shutil
from pathlib import Path
from types import TracebackType

from .errors import InvalidInput, Problem
from .messages import build_locked


def lock_path(site_dir: Path) -> Path:
    return site_dir.with_name(f".{site_dir.name}-build.lock")


class BuildLock:
    """`with BuildLock(site_dir):` — raises InvalidInput at once if another build holds it."""

    def __init__(self, site_dir: Path):
        self.path = lock_path(site_dir)
        self.fd: int | None = None

    def __enter__(self) -> BuildLock:
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.lockf(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:  # EACCES or EAGAIN: another process holds it
            holder = os.pread(fd, 32, 0).decode("ascii", "replace").strip()
            os.close(fd)
            raise InvalidInput([Problem(self.path.name, None, "",
                                        build_locked(holder))]) from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode("ascii"), 0)
        self.fd = fd
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        if self.fd is not None:
            os.ftruncate(self.fd, 0)
            fcntl.lockf(self.fd, fcntl.LOCK_UN)
            os.close(self.fd)
            self.fd = None


def remove_leftovers(site_dir: Path) -> None:
    """Delete staging folders of killed builds; put back a site a killed swap moved away.

    Call only while holding the BuildLock: then no other build owns these folders.
    """
    old = site_dir.with_name(f".{site_dir.name}.old")
    if old.is_dir() and not site_dir.exists():
        os.replace(old, site_dir)  # killed between the two renames of the swap
    shutil.rmtree(old, ignore_errors=True)
    for leftover in site_dir.parent.glob(f".{site_dir.name}.building-*"):
        shutil.rmtree(leftover, ignore_errors=True)


__all__ = ["BuildLock", "lock_path", "remove_leftovers"]

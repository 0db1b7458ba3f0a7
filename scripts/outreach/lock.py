"""One build per project at a time, and no leftovers from a build that was killed.

The lock is a byte-range lock on a small file beside site_dir that holds the builder's pid:
`lockf` on Linux and macOS, `msvcrt.locking` on Windows. Both belong to the one process that
took them and the system drops them when it dies, even by SIGKILL or the task manager, so a
stale lock never blocks anyone; forked or spawned workers never hold them. Not `flock` (nor
`filelock`, which uses it on POSIX): an flock is shared with forked children (the audio
workers), which would keep a killed build's lock alive. The locked byte lies after the pid:
Windows locks are mandatory, and the second builder must still read who holds the lock.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from types import TracebackType

from .errors import InvalidInput, Problem
from .messages import build_locked

PID_BYTES = 32
LOCKED_BYTE = 64  # after the pid, which others read while the lock is held


def lock_path(site_dir: Path) -> Path:
    return site_dir.with_name(f".{site_dir.name}-build.lock")


def _try_lock(fd: int) -> bool:
    """Take the lock without waiting; False when another process holds it."""
    try:
        import fcntl
    except ImportError:  # Windows
        try:
            _windows_locking(fd, "LK_NBLCK")
        except OSError:
            return False
        return True
    try:
        fcntl.lockf(fd, fcntl.LOCK_EX | fcntl.LOCK_NB, 1, LOCKED_BYTE)
    except OSError:  # EACCES or EAGAIN: another process holds it
        return False
    return True


def _unlock(fd: int) -> None:
    try:
        import fcntl
    except ImportError:  # Windows
        _windows_locking(fd, "LK_UNLCK")
        return
    fcntl.lockf(fd, fcntl.LOCK_UN, 1, LOCKED_BYTE)


def _windows_locking(fd: int, mode: str) -> None:
    """msvcrt.locking on the lock byte: it locks from the file position, fails at once."""
    import msvcrt

    os.lseek(fd, LOCKED_BYTE, os.SEEK_SET)
    # The type stubs describe msvcrt on Windows only.
    msvcrt.locking(fd, getattr(msvcrt, mode), 1)  # type: ignore[attr-defined]


def _read_pid(fd: int) -> str:
    os.lseek(fd, 0, os.SEEK_SET)
    return os.read(fd, PID_BYTES).decode("ascii", "replace").strip()


def _write_pid(fd: int) -> None:
    os.ftruncate(fd, 0)
    os.lseek(fd, 0, os.SEEK_SET)
    os.write(fd, f"{os.getpid()}\n".encode("ascii"))


class BuildLock:
    """`with BuildLock(site_dir):` — raises InvalidInput at once if another build holds it."""

    def __init__(self, site_dir: Path):
        self.path = lock_path(site_dir)
        self.fd: int | None = None

    def __enter__(self) -> BuildLock:
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT | getattr(os, "O_BINARY", 0), 0o644)
        if not _try_lock(fd):
            holder = _read_pid(fd)
            os.close(fd)
            raise InvalidInput([Problem(self.path.name, None, "", build_locked(holder))])
        _write_pid(fd)
        self.fd = fd
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        if self.fd is not None:
            os.ftruncate(self.fd, 0)
            _unlock(self.fd)
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

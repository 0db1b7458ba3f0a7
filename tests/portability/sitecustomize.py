"""Loaded at start-up by every Python process of the portability test (PYTHONPATH), spawned
workers included: makes this Linux interpreter look like Windows where the package can tell.

* POSIX-only modules cannot be imported (`import fcntl` raises ModuleNotFoundError);
* `spawn` is the only start method, as on Windows (`fork` is missing there and unsafe on
  macOS, whose default is also spawn);
* inside the outreach package, `import msvcrt` gives a stand-in for Windows' byte-range
  locks (`msvcrt.locking`: lock or unlock `nbytes` from the current file position, fail at
  once with LK_NBLCK), built on the real lock taken before fcntl was hidden. Only outreach
  sees it: the standard library decides it runs on Windows when msvcrt imports.

Each spawned worker appends its pid to $PORTABILITY_SPAWN_LOG, so the test can tell that the
worker pool really started.
"""

from __future__ import annotations

import builtins
import fcntl as _real_fcntl  # the stand-in below is built on it; nobody else gets it
import multiprocessing
import multiprocessing.context
import os
import sys
import types

POSIX_ONLY = frozenset({"fcntl", "resource", "termios", "tty", "pty", "pwd", "grp", "syslog",
                        "crypt", "spwd", "nis", "posix_ipc", "msvcrt"})


class PosixOnlyBlocker:
    """A meta-path finder that refuses POSIX-only modules, as Windows' Python would."""

    def find_spec(self, name, path=None, target=None):
        if name in POSIX_ONLY:
            raise ModuleNotFoundError(f"No module named {name!r} (portability test)", name=name)
        return None


def _locking(fd: int, mode: int, nbytes: int) -> None:
    start = os.lseek(fd, 0, os.SEEK_CUR)
    if mode == _msvcrt.LK_UNLCK:
        _real_fcntl.lockf(fd, _real_fcntl.LOCK_UN, nbytes, start)
        return
    if mode != _msvcrt.LK_NBLCK:
        raise NotImplementedError(mode)
    try:
        _real_fcntl.lockf(fd, _real_fcntl.LOCK_EX | _real_fcntl.LOCK_NB, nbytes, start)
    except OSError:
        raise PermissionError(13, "Permission denied") from None  # what msvcrt raises


_msvcrt = types.ModuleType("msvcrt")
_msvcrt.LK_UNLCK, _msvcrt.LK_LOCK, _msvcrt.LK_NBLCK = 0, 1, 2
_msvcrt.locking = _locking

_import = builtins.__import__


def _import_as_on_windows(name, globals=None, locals=None, fromlist=(), level=0):
    importer = (globals or {}).get("__name__", "")
    if name == "msvcrt" and level == 0 and importer.split(".")[0] == "outreach":
        return _msvcrt
    return _import(name, globals, locals, fromlist, level)


for _name in POSIX_ONLY:
    sys.modules.pop(_name, None)
sys.meta_path.insert(0, PosixOnlyBlocker())
builtins.__import__ = _import_as_on_windows

# Only spawn, as on Windows: get_context("fork") raises ValueError, spawn is the default.
for _method in ("fork", "forkserver"):
    multiprocessing.context._concrete_contexts.pop(_method, None)
multiprocessing.set_start_method("spawn", force=True)
multiprocessing.get_all_start_methods = lambda: ["spawn"]
multiprocessing.context.DefaultContext.get_all_start_methods = lambda self: ["spawn"]

if "--multiprocessing-fork" in sys.argv and os.environ.get("PORTABILITY_SPAWN_LOG"):
    with open(os.environ["PORTABILITY_SPAWN_LOG"], "a", encoding="ascii") as log:
        log.write(f"{os.getpid()}\n")

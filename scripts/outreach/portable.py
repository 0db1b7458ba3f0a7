"""What differs between Linux, Windows and macOS, in one place.

Nothing POSIX-only is imported at module level here or anywhere in the package (a test reads
the source to check it): a commune office PC runs Windows, where `fcntl`, `resource` and the
`fork` start method do not exist.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import multiprocessing.context
import os
import sys
from collections.abc import Callable


def pool_context() -> multiprocessing.context.BaseContext:
    """Start method for worker pools: `fork` on Linux (workers start at once, nothing is
    imported again), elsewhere the platform's default (`spawn` on Windows and macOS, where
    fork is missing or unsafe). Workers get everything they need as arguments, so both work."""
    if sys.platform.startswith("linux") and "fork" in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context()


def usable_cores() -> int:
    """Cores this process may run on (its affinity on Linux, all of them elsewhere)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def die_with_parent() -> None:
    """Pool initializer: a worker of a killed build stops too instead of working for nobody.

    Linux only (prctl PR_SET_PDEATHSIG). Elsewhere a worker ends when its queue closes, which
    happens when the parent dies.
    """
    if not sys.platform.startswith("linux"):
        return
    import ctypes
    import signal

    pr_set_pdeathsig = 1
    with contextlib.suppress(OSError, AttributeError):  # a libc without prctl
        ctypes.CDLL(None).prctl(pr_set_pdeathsig, signal.SIGTERM)


def unload_library(handle: int) -> None:
    """Unload a shared library ctypes loaded (`CDLL(...)._handle`), so that loading it again
    starts from its initial state: dlclose on Linux and macOS, FreeLibrary on Windows."""
    import _ctypes

    unload = getattr(_ctypes, "dlclose", None) or getattr(_ctypes, "FreeLibrary", None)
    if unload is not None:
        unload(handle)


def c_srand() -> Callable[[int], object] | None:
    """The C runtime's `srand` (seeds the `rand` a C library such as espeak-ng calls): the
    process's libc on Linux and macOS, the universal CRT (else msvcrt) on Windows."""
    import ctypes

    names = ["ucrtbase", "msvcrt"] if sys.platform == "win32" else [None]
    for name in names:
        with contextlib.suppress(OSError, AttributeError):
            return ctypes.CDLL(name).srand
    return None


__all__ = ["c_srand", "die_with_parent", "pool_context", "unload_library", "usable_cores"]

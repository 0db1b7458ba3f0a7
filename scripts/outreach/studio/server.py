"""Run the studio with uvicorn: refuse an open address without a password or a busy port,
then open the browser."""

from __future__ import annotations

import socket
import threading
import webbrowser
from collections.abc import Callable
from pathlib import Path

from . import messages as M
from . import security


class NeedsPassword(Exception):
    """Listening beyond this machine without a password: refused before binding."""


class PortBusy(Exception):
    """The port is taken (often by a studio already open): refused before announcing."""


def bind(host: str, port: int) -> socket.socket:
    """The listening socket, bound before anything is printed so a busy port is told plainly.

    `socket.create_server` sets SO_REUSEADDR on POSIX only (on Windows it would let two
    servers share the port), so an old connection in TIME_WAIT does not block a restart."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    try:
        return socket.create_server((host, port), family=family)
    except OSError as exc:
        raise PortBusy(M.PORT_BUSY.format(url=studio_url(host, port), port=port,
                                          other=port + 1)) from exc


def studio_url(host: str, port: int) -> str:
    shown = "127.0.0.1" if host in ("0.0.0.0", "::") else host
    shown = f"[{shown}]" if ":" in shown else shown
    return f"http://{shown}:{port}/"


def serve(config_file: Path, host: str, port: int, open_browser: bool,
          say: Callable[[str], None]) -> None:
    """Serve until Ctrl+C. Raises NeedsPassword or PortBusy (with the message) before listening."""
    import uvicorn

    from .app import create_app

    root = config_file.resolve().parent
    password_hash = security.stored_password(root)
    if not security.is_loopback(host) and password_hash is None:
        raise NeedsPassword(M.NEEDS_PASSWORD.format(host=host))
    # On 127.0.0.1 a stored password is not asked for: the machine's own user is trusted.
    app = create_app(config_file, host=host,
                     password_hash=None if security.is_loopback(host) else password_hash)
    url = studio_url(host, port)
    listening = bind(host, port)
    config = uvicorn.Config(app, host=host, port=port, log_level="warning", access_log=False)
    server = uvicorn.Server(config)
    say(M.LISTENING.format(url=url))
    if open_browser:
        threading.Timer(0.8, webbrowser.open, args=(url,)).start()
    server.run(sockets=[listening])

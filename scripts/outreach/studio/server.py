"""Run the studio with uvicorn: refuse an open address without a password, open the browser."""

from __future__ import annotations

import threading
import webbrowser
from collections.abc import Callable
from pathlib import Path

from . import messages as M
from . import security


class NeedsPassword(Exception):
    """Listening beyond this machine without a password: refused before binding."""


def studio_url(host: str, port: int) -> str:
    shown = "127.0.0.1" if host in ("0.0.0.0", "::") else host
    shown = f"[{shown}]" if ":" in shown else shown
    return f"http://{shown}:{port}/"


def serve(config_file: Path, host: str, port: int, open_browser: bool,
          say: Callable[[str], None]) -> None:
    """Serve until Ctrl+C. Raises NeedsPassword (with the message) before listening."""
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
    config = uvicorn.Config(app, host=host, port=port, log_level="warning", access_log=False)
    server = uvicorn.Server(config)
    say(M.LISTENING.format(url=url))
    if open_browser:
        threading.Timer(0.8, webbrowser.open, args=(url,)).start()
    server.run()

"""Who may use the studio: the Host check, the password (stored hashed) and the signing secret.

On 127.0.0.1 there is no login: the Host check (DNS rebinding) and CSRF tokens are the
defence. Listening on any other address needs a password, kept as an scrypt hash in the
project's cache folder (never under site/, never in git).
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import os
import secrets
from pathlib import Path

CACHE = Path(".cache") / "outreach"
PASSWORD_FILE = CACHE / "studio-password"
SECRET_FILE = CACHE / "studio-secret"
MIN_PASSWORD = 8
# scrypt cost: about 50 ms here; a login is rare, a guess should be slow.
SCRYPT = {"n": 2**14, "r": 8, "p": 1}


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def allowed_hosts(host: str) -> list[str]:
    """Host header values accepted: the loopback names, plus the address served on.

    Listening on every address (0.0.0.0) the Host is whatever name the other machine
    used, so any is accepted there; the password is the defence.
    """
    if host in ("0.0.0.0", "::"):
        return ["*"]
    names = {"127.0.0.1", "localhost", "[::1]", host}
    return sorted(names)


def hash_password(password: str, salt: bytes | None = None) -> str:
    salt = salt or secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode("utf-8"), salt=salt, dklen=32, **SCRYPT)
    return f"scrypt${SCRYPT['n']}${SCRYPT['r']}${SCRYPT['p']}${salt.hex()}${digest.hex()}"


def check_password(password: str, stored: str) -> bool:
    try:
        _, n, r, p, salt, digest = stored.strip().split("$")
        got = hashlib.scrypt(password.encode("utf-8"), salt=bytes.fromhex(salt), dklen=32,
                             n=int(n), r=int(r), p=int(p))
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(got.hex(), digest)


def _write_private(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    os.chmod(tmp, 0o600)
    os.replace(tmp, path)


def set_password(root: Path, password: str) -> Path:
    path = root / PASSWORD_FILE
    _write_private(path, hash_password(password) + "\n")
    return path


def stored_password(root: Path) -> str | None:
    path = root / PASSWORD_FILE
    try:
        text = path.read_text(encoding="utf-8").strip()
    except OSError:
        return None
    return text or None


def signing_secret(root: Path) -> str:
    """Kept between runs, so a form left open overnight still saves after a restart."""
    path = root / SECRET_FILE
    try:
        text = path.read_text(encoding="utf-8").strip()
        if len(text) >= 32:
            return text
    except OSError:
        pass
    text = secrets.token_hex(32)
    _write_private(path, text + "\n")
    return text

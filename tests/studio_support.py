"""Helpers for the studio tests: a project made by `outreach new`, a client, and the form as a
browser would post it (read from the served HTML, so the tests post what the page offers)."""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser
from pathlib import Path

from starlette.testclient import TestClient

BASE = "http://127.0.0.1:8001"


def new_project(folder: Path) -> Path:
    """A fresh commune project (as `outreach new` makes it); returns its mkdocs.yml."""
    from outreach.scaffold import scaffold

    scaffold(folder, "Xã Thử Nghiệm", "Tỉnh Thử Nghiệm")
    return folder / "mkdocs.yml"


def client(config: Path, **options) -> TestClient:
    from outreach.studio.app import create_app

    return TestClient(create_app(config, **options), base_url=BASE)


class _Form(HTMLParser):
    """The successful controls of the first form marked `data-record`, as a browser sends them."""

    def __init__(self) -> None:
        super().__init__()
        self.pairs: list[tuple[str, str]] = []
        self.inside = False
        self.textarea: str | None = None
        self.select: str | None = None

    def handle_starttag(self, tag: str, attrs: list) -> None:
        a = dict(attrs)
        if tag == "form" and "data-record" in a:
            self.inside = True
        if not self.inside or "disabled" in a:
            return
        name = a.get("name")
        if tag == "input" and name and a.get("type") not in ("checkbox", "radio", "file"):
            self.pairs.append((name, a.get("value") or ""))
        elif tag == "input" and name and "checked" in a:
            self.pairs.append((name, a.get("value") or "on"))
        elif tag == "textarea" and name:
            self.textarea = name
            self.pairs.append((name, ""))
        elif tag == "select" and name:
            self.select = name
        elif tag == "option" and "selected" in a and self.select:
            self.pairs.append((self.select, a.get("value") or ""))

    def handle_endtag(self, tag: str) -> None:
        if tag == "textarea":
            self.textarea = None
        elif tag == "select":
            self.select = None
        elif tag == "form":
            self.inside = False

    def handle_data(self, data: str) -> None:
        if self.textarea:
            name, value = self.pairs[-1]
            self.pairs[-1] = (name, value + data)


def form_of(page: str) -> dict[str, str]:
    """The record form's fields (last value wins for repeated names; `where` is a list)."""
    parser = _Form()
    parser.feed(page)
    out: dict = {}
    for name, value in parser.pairs:
        value = html.unescape(value)
        if name == "where":
            out.setdefault(name, []).append(value)
        else:
            out[name] = value.removeprefix("\n") if name.endswith(("summary", "result")) \
                else value
    return out


def token_of(page: str) -> str:
    return re.search(r'name="csrftoken" value="([^"]+)"', page).group(1)

"""Offline and private: the built site asks no other host for anything, on any page type,
while searching or playing audio, and works from any static server."""

from __future__ import annotations

import re

import pytest
from browser_support import is_local, page_types, search

pytestmark = [pytest.mark.browser, pytest.mark.slow]

# Attributes and CSS that make a browser fetch something by itself (links to portals are fine:
# a citizen chooses to follow them).
_FETCHING = re.compile(
    r"""<(?:script|img|audio|video|source|iframe|embed|track)\b[^>]*?\bsrc\s*=\s*["']?([^"'\s>]+)"""
    r"""|<link\b[^>]*?\bhref\s*=\s*["']?([^"'\s>]+)"""
    r"""|url\(\s*["']?([^"')]+)""", re.IGNORECASE)


def test_the_url_check_tells_local_from_foreign():
    assert is_local("http://127.0.0.1:8000/thu-tuc/")
    assert is_local("data:image/svg+xml;base64,AAAA")
    assert not is_local("https://fonts.googleapis.com/css?family=Roboto")
    assert not is_local("https://unpkg.com/iframe-worker/shim")


@pytest.mark.parametrize("kind", ["home", "field", "procedure", "announcement", "broadcast",
                                  "not_found"])
def test_a_page_requests_nothing_from_another_host(page, base_url, built_site, traffic, kind):
    page.goto(base_url + page_types(built_site)[kind], wait_until="networkidle")
    assert traffic.urls, "the guard saw no request at all"
    assert traffic.foreign == []


def test_searching_and_playing_audio_stay_on_this_host(page, base_url, built_site, traffic):
    page.goto(base_url + page_types(built_site)["procedure"], wait_until="networkidle")
    search(page, "dang ky khai sinh")
    page.keyboard.press("Escape")
    page.locator("article audio").first.evaluate(
        "a => new Promise(r => { a.addEventListener('loadedmetadata', r); a.load(); })")
    page.wait_for_load_state("networkidle")
    assert any(url.endswith(".mp3") for url in traffic.urls)
    assert any("search" in url for url in traffic.urls)
    assert traffic.foreign == []


def test_no_page_or_stylesheet_loads_anything_from_another_host(built_site):
    foreign = []
    for path in built_site.site_dir.rglob("*"):
        if path.suffix not in (".html", ".css"):
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        for match in _FETCHING.finditer(text):
            url = next(g for g in match.groups() if g)
            if re.match(r"(?:https?:)?//", url) and "www.w3.org" not in url:
                foreign.append(f"{path.relative_to(built_site.site_dir)}: {url}")
    assert foreign == []

"""The handbook in the studio (/huong-dan/), as a clerk sees it in chromium: every picture
loads, nothing is wider than a 390 px phone, and axe finds no serious problem."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest
from browser_support import DESKTOP, PHONE, axe_violations, open_context, watch
from studio_server import running_studio

from outreach.scaffold import scaffold

pytestmark = [pytest.mark.browser]
SHOTS = Path(os.environ.get("OUTREACH_SHOTS", tempfile.gettempdir()))  # to look at them


@pytest.fixture(scope="module")
def handbook_url(tmp_path_factory):
    root = tmp_path_factory.mktemp("huong-dan") / "xa"
    scaffold(root, "Trung Sơn", "Quảng Trị")
    with running_studio(root / "mkdocs.yml") as url:
        yield url + "huong-dan/"


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["390px", "1280px"])
def test_the_handbook_reads_well_in_the_studio(browser, traffic, handbook_url, viewport):
    # axe is injected as an inline script, which the studio's CSP would (rightly) refuse.
    context = open_context(browser, traffic, viewport=viewport, bypass_csp=True)
    page = context.new_page()
    watch(page, traffic)
    page.goto(handbook_url)
    page.get_by_role("heading", level=1).wait_for()
    assert page.get_by_role("link", name="Hướng dẫn").get_attribute("aria-current") == "page"
    pictures = page.evaluate("""() => [...document.images].map(i =>
        [i.getAttribute('src'), i.complete && i.naturalWidth > 0])""")
    assert len(pictures) >= 8 and all(ok for _, ok in pictures), pictures
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= viewport["width"], f"the page is {width} px wide"
    assert not axe_violations(page)
    assert not traffic.foreign and not traffic.errors
    page.screenshot(path=str(SHOTS / f"studio-huong-dan-{viewport['width']}.png"))
    context.close()

"""A procedure page shared and printed in a real browser (Debian's chromium).

Sharing: the button uses the Web Share API where the browser has one, else copies the link,
else stays a plain link. Printing: the page printed to A4 PDF by chromium is measured with
pdfplumber, the way staff at the one-stop desk would look at the paper.
"""

from __future__ import annotations

import io
import os
import re
from pathlib import Path

import pytest
from browser_support import PHONE, Traffic, open_context, procedure_path, watch

from outreach.site import labels as L

pytestmark = [pytest.mark.browser, pytest.mark.slow]

CODE = "1.001193"
MM = 72 / 25.4  # PDF points per millimetre
A4 = (210 * MM, 297 * MM)
# The stylesheet's @page margins (top, right, bottom, left), less 1 mm for glyph edges.
MARGINS = tuple((m - 1) * MM for m in (16, 15, 18, 15))
BUTTON = "a.outreach-share__button"


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


# ---------------------------------------------------------------- share button


def test_share_button_copies_the_page_link_and_says_so(browser, base_url, traffic):
    context = open_context(browser, traffic, permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    watch(page, traffic)
    url = base_url + procedure_path(CODE)
    page.goto(url + "?utm=x#cac-buoc-thuc-hien")
    assert page.evaluate("() => typeof navigator.share") == "undefined"  # desktop chromium
    page.locator(BUTTON).click()
    status = page.locator(".outreach-share__status")
    status.filter(has_text=L.SHARE_COPIED).wait_for(timeout=5000)
    assert page.evaluate("() => navigator.clipboard.readText()") == url
    assert page.url.startswith(url)  # stayed on the page
    assert status.get_attribute("role") == "status"  # screen readers hear the confirmation
    assert not traffic.errors
    context.close()


def test_share_button_opens_the_phones_share_sheet_with_title_and_link(browser, base_url,
                                                                       traffic, built_site):
    context = open_context(browser, traffic, viewport=PHONE, is_mobile=True, has_touch=True)
    # Chromium on Linux has no share sheet; stand in for the phone's at the API boundary.
    context.add_init_script("""navigator.share = (data) => {
        window.__shared = data; return Promise.resolve(); };""")
    page = context.new_page()
    watch(page, traffic)
    url = base_url + procedure_path(CODE)
    page.goto(url)
    page.locator(BUTTON).tap()
    page.wait_for_function("() => window.__shared !== undefined")
    shared = page.evaluate("() => window.__shared")
    procedure = built_site.procedure(CODE)
    assert shared == {"title": procedure.name, "text": procedure.summary, "url": url}
    assert page.url == url
    context.close()


def test_without_javascript_the_share_button_is_a_plain_link_to_the_page(browser, base_url,
                                                                          traffic):
    context = open_context(browser, traffic, java_script_enabled=False)
    page = context.new_page()
    url = base_url + procedure_path(CODE)
    page.goto(url)
    button = page.locator(BUTTON)
    assert button.evaluate("a => a.href") == url
    # Its accessible name is Vietnamese and starts with the words on the button (WCAG 2.5.3).
    label = button.get_attribute("aria-label") or ""
    assert label == L.SHARE_LABEL and label.startswith(button.inner_text().strip())
    context.close()


# ---------------------------------------------------------------- print to A4


@pytest.fixture(scope="module")
def printed(browser, base_url, built_site):
    """The procedure page as chromium prints it to A4 (print media, CSS @page margins)."""
    import pdfplumber

    traffic = Traffic()
    context = open_context(browser, traffic)
    page = context.new_page()
    page.goto(base_url + procedure_path(CODE), wait_until="networkidle")
    data = page.pdf(format="A4", print_background=True)
    if os.environ.get("OUTREACH_KEEP_PRINT"):  # to look at the paper: pdftoppm -png …
        Path(os.environ["OUTREACH_KEEP_PRINT"]).write_bytes(data)
    page.emulate_media(media="print")
    hidden = page.evaluate("""() => [...document.querySelectorAll(
        'audio, .md-header, .md-sidebar, .md-search, .md-footer, .outreach-share, .md-top')]
        .filter(e => e.getClientRects().length > 0).map(e => e.outerHTML.slice(0, 80))""")
    context.close()
    pdf = pdfplumber.open(io.BytesIO(data))
    yield pdf, hidden, built_site
    pdf.close()


def test_printed_page_is_a_few_a4_pages_without_screen_chrome(printed):
    pdf, visible_chrome, site = printed
    assert 1 <= len(pdf.pages) <= 3, len(pdf.pages)
    for page in pdf.pages:
        assert abs(page.width - A4[0]) < 1 and abs(page.height - A4[1]) < 1
    assert visible_chrome == []  # audio players, header, menus, search, share: none shown
    text = "\n".join(page.extract_text() or "" for page in pdf.pages)
    procedure = site.procedure(CODE)
    assert procedure.name in text and L.DOCUMENTS in text and L.STEPS in text
    for chrome in (L.HOME_NAV, L.AZ_NAV, L.FIELDS_NAV, "Tìm kiếm", L.SHARE, L.PRINT,
                   L.TRANSCRIPT, L.BACK_TO_FIELD.split("{")[0].strip()):
        assert chrome not in text, f"{chrome!r} printed"


def test_printed_page_shows_where_its_links_go(printed):
    pdf, _, site = printed
    text = squash("".join(page.extract_text() or "" for page in pdf.pages))
    procedure = site.procedure(CODE)
    portal = site.project.procedure_url(procedure)
    assert squash(portal) in text, "the portal address must be on paper"
    # A link whose text already is its address is printed once, not twice (the reference
    # catalogue's source is the portal page itself, printed once more after the button).
    once_more = 1 if portal == procedure.source else 0
    assert text.count(squash(procedure.source)) == 1 + once_more


def test_printed_text_stays_inside_the_page_margins(printed):
    pdf, _, _ = printed
    top, right, bottom, left = MARGINS
    outside = []
    for number, page in enumerate(pdf.pages, start=1):
        for char in page.chars:
            if not char["text"].strip():
                continue
            if (char["x0"] < left or char["x1"] > page.width - right
                    or char["top"] < top or char["bottom"] > page.height - bottom):
                outside.append((number, char["text"], round(char["x0"]), round(char["top"])))
    assert not outside, outside[:20]

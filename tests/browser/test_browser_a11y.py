"""Accessibility (WCAG 2.2 AA) in a real browser: axe-core on every page type in both colour
schemes, Vietnamese names on controls, layouts that reflow at 360 px and 200 % zoom, and
transcripts for every clip."""

from __future__ import annotations

import pytest
from browser_support import (
    PAGE_TYPES,
    Traffic,
    axe_violations,
    describe,
    open_context,
    page_types,
    watch,
)

pytestmark = [pytest.mark.browser, pytest.mark.slow]

SCHEMES = {"light": "default", "dark": "slate"}  # emulated preference -> Material's scheme


@pytest.fixture(params=list(SCHEMES))
def scheme_page(request, browser):
    """A page in the visitor's preferred colour scheme (Material follows the OS setting)."""
    traffic = Traffic()
    context = open_context(browser, traffic, color_scheme=request.param)
    page = context.new_page()
    watch(page, traffic)
    page.scheme = SCHEMES[request.param]
    yield page
    context.close()


@pytest.mark.parametrize("kind", PAGE_TYPES)
def test_axe_finds_no_serious_violation(scheme_page, base_url, built_site, kind):
    scheme_page.goto(base_url + page_types(built_site)[kind], wait_until="networkidle")
    shown = scheme_page.locator("body").get_attribute("data-md-color-scheme")
    assert shown == scheme_page.scheme
    violations = axe_violations(scheme_page)
    assert violations == [], describe(violations)


def test_the_open_search_dialog_has_no_serious_violation(scheme_page, base_url):
    from browser_support import search

    scheme_page.goto(base_url)
    search(scheme_page, "khai sinh")
    violations = axe_violations(scheme_page)
    assert violations == [], describe(violations)


def test_the_palette_toggle_switches_scheme_and_says_so_in_vietnamese(page, base_url):
    page.goto(base_url)
    before = page.locator("body").get_attribute("data-md-color-scheme")
    page.locator("label[title='Chuyển sang nền tối']").click()
    assert before == "default"
    assert page.locator("body").get_attribute("data-md-color-scheme") == "slate"


def test_the_search_controls_have_vietnamese_names(page, base_url):
    page.goto(base_url)
    assert page.locator("html").get_attribute("lang") == "vi"
    assert page.get_by_role("textbox", name="Tìm thủ tục").count() == 1
    assert page.get_by_role("dialog", name="Tìm kiếm").count() == 1
    assert page.get_by_role("button", name="Xóa từ đã gõ").count() == 1


@pytest.mark.parametrize(("width", "height", "scale"), [(360, 740, 1), (640, 450, 2)],
                         ids=["360px", "200pc-zoom"])
@pytest.mark.parametrize("kind", PAGE_TYPES)
def test_the_page_reflows_without_horizontal_scrolling(browser, base_url, built_site, kind,
                                                       width, height, scale):
    # 200 % zoom of a 1280 px window is a 640 CSS px viewport at twice the pixel density.
    context = open_context(browser, Traffic(), viewport={"width": width, "height": height},
                           device_scale_factor=scale)
    page = context.new_page()
    page.goto(base_url + page_types(built_site)[kind], wait_until="networkidle")
    sizes = page.evaluate("() => [document.scrollingElement.scrollWidth, innerWidth]")
    context.close()
    assert sizes[0] <= sizes[1], f"{kind}: content {sizes[0]} px wide in a {sizes[1]} px window"


@pytest.mark.parametrize("kind", ["procedure", "broadcast", "broadcast_announcement"])
def test_every_audio_player_links_its_transcript(page, base_url, built_site, kind):
    page.goto(base_url + page_types(built_site)[kind])
    clips = page.eval_on_selector_all(
        "article audio", "els => els.map(a => a.src || a.querySelector('source').src)")
    assert clips, f"no audio player on the {kind} page"
    links = page.eval_on_selector_all("article a[href]", "els => els.map(a => a.href)")
    for clip in clips:
        transcript = clip.rsplit(".", 1)[0] + ".txt"
        assert transcript in links, f"{clip} has no transcript link"
        response = page.request.get(transcript)
        assert response.status == 200 and response.text().strip()

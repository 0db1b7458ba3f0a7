"""What a citizen does on a procedure page, in a real browser: go to the portal, print the
guide, listen to the clip."""

from __future__ import annotations

import pytest
from browser_support import PHONE, procedure_path

from outreach import paths

pytestmark = [pytest.mark.browser, pytest.mark.slow]

CODE = "1.001193"


def portal_link(page, url: str):
    return page.locator(f"article a[href='{url}']").first


def test_the_portal_button_opens_the_catalogues_procedure_url(phone, base_url, built_site):
    procedure = built_site.procedure(CODE)
    expected = built_site.project.procedure_url(procedure)
    phone.goto(base_url + procedure_path(CODE))
    link = portal_link(phone, expected)
    assert link.get_attribute("href") == expected
    assert "noopener" in (link.get_attribute("rel") or "").split()


def test_the_portal_button_is_visible_without_scrolling_on_a_phone(phone, base_url, built_site):
    procedure = built_site.procedure(CODE)
    phone.goto(base_url + procedure_path(CODE))
    link = portal_link(phone, built_site.project.procedure_url(procedure))
    assert link.is_visible()
    box = link.bounding_box()
    assert box is not None and box["y"] >= 0 and box["y"] + box["height"] <= PHONE["height"], box


def test_the_print_link_serves_the_procedures_pdf(page, base_url):
    page.goto(base_url + procedure_path(CODE))
    link = page.locator(f"article a[href$='{paths.guide_pdf(CODE).split('/')[-1]}']").first
    target = link.evaluate("a => a.href")
    assert target == base_url + paths.guide_pdf(CODE)
    response = page.request.get(target)
    assert response.status == 200
    assert response.headers["content-type"] == "application/pdf"
    assert response.body().startswith(b"%PDF-")


def test_the_audio_player_loads_its_clip(page, base_url):
    page.goto(base_url + procedure_path(CODE))
    audio = page.locator("article audio").first
    src = audio.evaluate("a => a.currentSrc || a.src || a.querySelector('source').src")
    assert src == base_url + paths.procedure_clip(CODE)
    response = page.request.get(src)
    assert response.status == 200
    assert response.headers["content-type"] == "audio/mpeg"
    duration = audio.evaluate("""a => new Promise((resolve, reject) => {
        if (a.readyState >= 1) return resolve(a.duration);
        a.addEventListener('loadedmetadata', () => resolve(a.duration));
        a.addEventListener('error', () => reject(new Error('audio error ' + a.error?.code)));
        a.preload = 'metadata'; a.load();
    })""")
    assert duration > 0


def test_following_a_search_result_opens_the_procedure_page(page, base_url, built_site):
    from browser_support import search

    page.goto(base_url)
    results = search(page, "dang ky khai sinh")
    first = page.locator(".md-search-result__list > li a.md-search-result__link").first
    first.click()
    page.wait_for_url(results[0].href)
    assert page.locator("article h1").inner_text().strip() == built_site.procedure(CODE).name

"""Speed on slow mobile data: what a first visit to a procedure page downloads, measured from
the browser's own requests (every HTML, CSS, JS, font, image and data file it fetched)."""

from __future__ import annotations

import pytest
from browser_support import first_visit, page_types

pytestmark = [pytest.mark.browser, pytest.mark.slow]

FIRST_PAGE_BUDGET = 100_000  # bytes, gzip level 6, everything the page loads


def test_a_first_visit_to_a_procedure_page_downloads_at_most_100_kb(page, base_url, built_site):
    visit = first_visit(page, base_url + page_types(built_site)["procedure"])
    print(f"\nfirst visit to a procedure page: {visit.gzip / 1000:.1f} kB gzip "
          f"({visit.raw / 1000:.1f} kB raw) in {len(visit.resources)} requests")
    for url, raw, packed in sorted(visit.resources, key=lambda r: -r[2]):
        print(f"  {packed:>8} {raw:>8}  {url.removeprefix(base_url)}")
    assert visit.gzip <= FIRST_PAGE_BUDGET


def test_the_measurement_counts_the_page_itself_and_its_stylesheets(page, base_url, built_site):
    visit = first_visit(page, base_url + page_types(built_site)["procedure"])
    kinds = {url.rsplit(".", 1)[-1] for url, _, _ in visit.resources}
    assert {"css", "js"} <= kinds
    assert any(url.endswith("/1-001193/") for url, _, _ in visit.resources)

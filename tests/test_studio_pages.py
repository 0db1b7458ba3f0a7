"""The change note a big edit leaves on the procedure page, and tags typed into a notice."""

from __future__ import annotations

import datetime as dt

from outreach.catalogue.model import Update
from outreach.site.pages import without_raw_html
from test_site_pages import page_for, with_procedure


def test_a_change_note_shows_as_updated_on_with_its_sentence_escaped(load):
    note = Update(date=dt.date(2026, 12, 1), note="Lệ phí giảm còn 0 đồng <b>từ nay</b>")
    text = page_for(with_procedure(load(), "1.001193", updated=note), "1.001193")
    assert "Cập nhật ngày 01/12/2026: Lệ phí giảm còn 0 đồng &lt;b&gt;từ nay&lt;/b&gt;" in text


def test_a_page_without_a_change_note_says_nothing_of_updates(load):
    assert "Cập nhật ngày" not in page_for(load(), "1.001193")


def test_a_tag_typed_into_a_notice_body_is_shown_as_text_but_markers_and_links_stay():
    body = ("Họp dân <script>alert(1)</script> lúc 8 giờ < 9 giờ.\n\n<https://dichvucong.gov.vn>"
            "\n\n<!-- outreach:procedure-table -->\n<img src=x onerror=alert(1)>")
    out = without_raw_html(body)
    assert "<script" not in out and "<img" not in out
    assert "&lt;script>alert(1)&lt;/script>" in out
    assert "< 9 giờ" in out
    assert "<https://dichvucong.gov.vn>" in out
    assert "<!-- outreach:procedure-table -->" in out

"""Pure text helpers of the print module (Decree 30/2020 conventions)."""

from __future__ import annotations

import datetime as dt

import pytest

from outreach.catalogue.model import Fee
from outreach.print.formats import fee_text, money, official_date, recipient_lines


@pytest.mark.parametrize(("date", "expected"), [
    (dt.date(2026, 1, 5), "Trung Sơn, ngày 05 tháng 01 năm 2026"),
    (dt.date(2026, 2, 9), "Trung Sơn, ngày 09 tháng 02 năm 2026"),
    (dt.date(2026, 3, 9), "Trung Sơn, ngày 09 tháng 3 năm 2026"),
    (dt.date(2026, 9, 10), "Trung Sơn, ngày 10 tháng 9 năm 2026"),
    (dt.date(2025, 12, 31), "Trung Sơn, ngày 31 tháng 12 năm 2025"),
    (dt.date(2026, 10, 1), "Trung Sơn, ngày 01 tháng 10 năm 2026"),
])
def test_official_date_pads_days_below_10_and_only_january_february(date, expected):
    assert official_date("Trung Sơn", date) == expected


def test_official_date_is_nfc_even_when_place_is_decomposed():
    decomposed = "Trung So\u031bn"  # "ơ" typed as o + combining horn
    assert official_date(decomposed, dt.date(2026, 1, 5)).startswith("Trung Sơn,")


def test_recipients_end_with_the_archive_line_and_a_full_stop():
    assert recipient_lines(["Như trên", "Lưu: VT", "Đài Truyền thanh xã;"]) == [
        "- Như trên;", "- Đài Truyền thanh xã;", "- Lưu: VT."]


def test_recipients_get_an_archive_line_when_missing():
    assert recipient_lines([]) == ["- Lưu: VT."]
    assert recipient_lines(["Như trên."]) == ["- Như trên;", "- Lưu: VT."]


def test_money_uses_dot_thousands_separator():
    assert money(200000) == "200.000 đồng"


@pytest.mark.parametrize(("fee", "expected"), [
    (Fee(amount=0), "Miễn phí"),
    (Fee(amount=0, note="Miễn lệ phí khi đăng ký đúng hạn"), "Miễn lệ phí khi đăng ký đúng hạn"),
    (Fee(amount=8000), "8.000 đồng"),
    (Fee(amount=15000, note="nộp trực tiếp"), "15.000 đồng (nộp trực tiếp)"),
    (Fee(amount=2000, note="2.000 đồng/trang"), "2.000 đồng/trang"),
])
def test_fee_text(fee, expected):
    assert fee_text(fee) == expected

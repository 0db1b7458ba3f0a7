"""Errors inside front-matter flow collections point at the line of the item itself."""

from __future__ import annotations

import pytest

from outreach.errors import InvalidInput


def problems(load) -> list[str]:
    with pytest.raises(InvalidInput) as caught:
        load()
    return [str(p) for p in caught.value.problems]


def test_unknown_code_in_a_one_line_flow_list_names_that_line(load, edit):
    edit("announcements/to-roi-mau.md", "title: Làm thủ tục hành chính trên mạng\n",
         "title: Làm thủ tục hành chính trên mạng\n# ghi chú\n")
    edit("announcements/to-roi-mau.md", '["1.001193", "2.000815"]', '["1.001193", "9.999999"]')
    found = [p for p in problems(load) if "9.999999" in p]
    assert found and found[0].startswith("announcements/to-roi-mau.md:6: procedures:"), found


def test_unknown_code_in_a_multi_line_flow_list_names_the_item_line(load, edit):
    edit("announcements/to-roi-mau.md", '["1.001193", "2.000815"]',
         '[\n    "1.001193",\n    "2.000815",\n    "9.999999",\n  ]')
    found = [p for p in problems(load) if "9.999999" in p]
    assert found and found[0].startswith("announcements/to-roi-mau.md:8: procedures:"), found


def test_notice_missing_its_number_names_the_kind_line(load, edit):
    name = "announcements/thong-bao-mau.md"
    edit(name, "---\n", "---\n# thông báo\n")
    edit(name, "number: 01/TB-UBND\n", "")
    found = [p for p in problems(load) if " number:" in p]
    assert found and found[0].startswith(f"{name}:3: number:"), found

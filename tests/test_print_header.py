"""The Decree 30 notice header, tested with the country's longest unit names (post-July 2025)."""

from __future__ import annotations

from pathlib import Path

import pdfplumber
import pytest
import yaml

from outreach.errors import InvalidInput
from outreach.print import header
from outreach.print.formats import nfc
from test_print_support import MM, build, pdf_path

NOTICE = "thong-bao-mau"
NAMES = yaml.safe_load((Path(__file__).parent / "data" / "longest_unit_names.yaml")
                       .read_text(encoding="utf-8"))
LEFT_MARGIN_MM = 30
NATION = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"


def chars_per_width(text: str) -> float:
    """A stand-in font for the pure tests: every character 1 mm wide."""
    return float(len(text))


@pytest.mark.parametrize(("name", "column", "expected"), [
    ("ỦY BAN NHÂN DÂN XÃ BẾN HẢI", 40, ("ỦY BAN NHÂN DÂN XÃ BẾN HẢI",)),
    # Broken before the place, not inside it ("… XÃ BẾN / HẢI" was the old bug).
    ("ỦY BAN NHÂN DÂN XÃ BẾN HẢI", 20, ("ỦY BAN NHÂN DÂN", "XÃ BẾN HẢI")),
    # The place name itself is broken only at its dash.
    ("ỦY BAN NHÂN DÂN PHƯỜNG VĂN MIẾU - QUỐC TỬ GIÁM", 22,
     ("ỦY BAN NHÂN DÂN", "PHƯỜNG VĂN MIẾU -", "QUỐC TỬ GIÁM")),
])
def test_names_stay_whole_or_break_between_body_and_place(name, column, expected):
    assert header.break_name(name, chars_per_width, column + header.SAFETY_MM).lines == expected


def test_a_name_without_a_place_word_breaks_into_balanced_lines():
    broken = header.break_name("AN BÌNH AN BÌNH AN BÌNH", chars_per_width, 16 + header.SAFETY_MM)
    assert broken.lines == ("AN BÌNH AN", "BÌNH AN BÌNH")


def test_no_line_is_a_single_word_and_no_line_starts_with_a_dash():
    for column in range(14, 40):
        try:
            broken = header.break_name("ỦY BAN NHÂN DÂN PHƯỜNG XUÂN TRƯỜNG - ĐÀ LẠT",
                                       chars_per_width, column)
        except header.NameTooLong:
            continue
        for line in broken.lines:
            assert len(line.split()) >= 2 and not line.startswith("-"), broken


def test_a_name_that_fits_on_no_three_lines_is_refused():
    with pytest.raises(header.NameTooLong):
        header.break_name("ỦY BAN NHÂN DÂN XÃ BẾN HẢI", chars_per_width, 8)


def _lines_of(page, text: str) -> list[list[dict]]:
    """Chars of `text` grouped by printed line (text may wrap), in reading order."""
    chars = [c for c in page.chars if c["text"].strip()]
    joined = "".join(c["text"] for c in chars)
    start = joined.find(text.replace(" ", ""))
    assert start >= 0, f"{text!r} not printed"
    found = chars[start:start + len(text.replace(" ", ""))]
    lines: dict[float, list[dict]] = {}
    for c in found:
        lines.setdefault(round(c["top"]), []).append(c)
    return [lines[k] for k in sorted(lines)]


def _cases() -> list[tuple[str, str]]:
    provinces = [p["name"] for p in NAMES["provinces"]]
    # Each longest commune/ward/special zone, under the longest province names in turn.
    return [(u["name"], provinces[i % len(provinces)]) for i, u in enumerate(NAMES["units"])]


@pytest.mark.parametrize(("unit", "province"), _cases())
def test_longest_current_unit_names_print_inside_the_authority_column(
        project_dir, edit, load, unit, province):
    office = f"Ủy ban nhân dân {unit[0].lower()}{unit[1:]}"
    parent = f"Ủy ban nhân dân {province[0].lower()}{province[1:]}"
    edit("procedures.yaml", "name: Ủy ban nhân dân xã Trung Sơn", f"name: {office}")
    edit("procedures.yaml", "parent: UBND tỉnh Quảng Trị", f"parent: {parent}")
    project = load()
    path = pdf_path(project, build(project, {NOTICE})[NOTICE])
    column_right = (LEFT_MARGIN_MM + header.ISSUER_COLUMN_MM) * MM
    with pdfplumber.open(path) as pdf:
        page = pdf.pages[0]
        nation = _lines_of(page, NATION)
        assert len(nation) == 1, "the Quốc hiệu wraps"
        nation_left = nation[0][0]["x0"]
        for text in (nfc(parent).upper(), nfc(office).upper()):
            lines = _lines_of(page, text)
            assert 1 <= len(lines) <= header.MAX_LINES
            words = [" ".join(_words(line)) for line in lines]
            for line, printed in zip(lines, words, strict=True):
                assert len(printed.split()) >= 2 or len(lines) == 1, words  # no lone word
                assert line[0]["x0"] >= LEFT_MARGIN_MM * MM - 0.5
                assert line[-1]["x1"] <= column_right and line[-1]["x1"] < nation_left, words
                centre = (line[0]["x0"] + line[-1]["x1"]) / 2
                assert abs(centre - (LEFT_MARGIN_MM + header.ISSUER_COLUMN_MM / 2) * MM) < 1.5
            # The proper name of the place is never split, except at its dash.
            proper = _proper_name(text)
            assert any(proper in w for w in words) or any(w.endswith("-") for w in words), words


def _proper_name(authority: str) -> str:
    """'ỦY BAN NHÂN DÂN ĐẶC KHU BẠCH LONG VĨ' -> 'BẠCH LONG VĨ'."""
    place = authority.removeprefix("ỦY BAN NHÂN DÂN ")
    for kind in ("ĐẶC KHU ", "THÀNH PHỐ ", "PHƯỜNG ", "TỈNH ", "XÃ "):
        if place.startswith(kind):
            return place.removeprefix(kind)
    return place


def _words(line: list[dict]) -> list[str]:
    """Rebuild the words of one printed line from its chars (a gap wider than 1 pt is a space)."""
    words, current, last = [], "", None
    for c in line:
        if last is not None and c["x0"] - last["x1"] > 1:
            words.append(current)
            current = ""
        current += c["text"]
        last = c
    return words + [current]


def test_rule_under_the_issuing_body_is_a_third_to_a_half_of_its_line(load):
    project = load()
    path = pdf_path(project, build(project, {NOTICE})[NOTICE])
    with pdfplumber.open(path) as pdf:
        page = pdf.pages[0]
        office = _lines_of(page, "ỦY BAN NHÂN DÂN XÃ TRUNG SƠN")
        widest = max(line[-1]["x1"] - line[0]["x0"] for line in office)
        below = office[-1][0]["bottom"]
        rules = [r for r in page.rects + page.lines if 0 <= r["top"] - below < 6 * MM
                 and r["x1"] < (LEFT_MARGIN_MM + header.ISSUER_COLUMN_MM) * MM]
    assert len(rules) == 1, rules
    assert widest / 3 - 1 <= rules[0]["width"] <= widest / 2 + 1
    centre = (office[-1][0]["x0"] + office[-1][-1]["x1"]) / 2
    assert abs((rules[0]["x0"] + rules[0]["x1"]) / 2 - centre) < 1.5


def test_a_name_too_long_even_when_broken_is_refused_and_old_pdf_kept(project_dir, edit, load):
    project = load()
    old = pdf_path(project, build(project, {NOTICE})[NOTICE]).read_bytes()
    edit("procedures.yaml", "name: Ủy ban nhân dân xã Trung Sơn",
         "name: Ủy ban nhân dân xã Trung Sơn Thượng Hạ Đông Tây Nam Bắc Trong Ngoài Giữa "
         "Trên Dưới Cao Thấp Xa Gần")
    with pytest.raises(InvalidInput) as caught:
        build(load(), {NOTICE})
    (problem,) = caught.value.problems
    assert (problem.file, problem.field) == ("procedures.yaml", "office.name")
    assert "quá dài để in ở góc trái phần đầu thông báo" in problem.message
    assert (project_dir / "site" / f"in/{NOTICE}.pdf").read_bytes() == old

"""Tri-fold leaflets: size, panel order for duplex (flip on short edge), QR codes, limits."""

from __future__ import annotations

import pdfplumber
import pytest

from outreach.errors import InvalidInput
from outreach.print.documents import MAX_FEATURED
from test_print_support import (
    A4_LONG,
    A4_SHORT,
    MM,
    add_procedures,
    build,
    decode_qr_codes,
    pdf_path,
    render_png,
    set_featured,
)

LEAFLET = "to-roi-mau"
SITE = "https://trungson.example.vn/"


@pytest.fixture
def with_site_url(edit):
    edit("mkdocs.yml", "docs_dir: content", f"site_url: {SITE}\ndocs_dir: content")


def panel_text(page, left_mm: float, right_mm: float) -> str:
    return page.crop((left_mm * MM, 0, right_mm * MM, page.height)).extract_text()


def fold_marks(page) -> list[float]:
    """x of the thin vertical marks at the top edge (one per fold line)."""
    xs = sorted((r["x0"] + r["x1"]) / 2 for r in page.rects
                if r["width"] < 1.5 and 10 < r["height"] < 25 and r["top"] < 10)
    marks: list[float] = []
    for x in xs:  # a border may be drawn as more than one thin rect: merge neighbours
        if not marks or x - marks[-1] > 2:
            marks.append(x)
    return marks


def test_leaflet_is_two_a4_landscape_pages(load, with_site_url):
    project = load()
    artifact = build(project, {LEAFLET})[LEAFLET]
    assert artifact.kind == "leaflet" and artifact.extra == {"pages": 2}
    with pdfplumber.open(pdf_path(project, artifact)) as pdf:
        assert len(pdf.pages) == 2
        for page in pdf.pages:
            assert (round(page.width, 1), round(page.height, 1)) == (A4_LONG, A4_SHORT)


def test_panels_are_in_roll_fold_order_for_short_edge_duplex(load, with_site_url):
    project = load()
    path = pdf_path(project, build(project, {LEAFLET})[LEAFLET])
    with pdfplumber.open(path) as pdf:
        outside, inside = pdf.pages
        # Outside, left to right: flap (VNeID) | back cover (contacts) | front cover.
        assert "VNeID mức độ 2" in panel_text(outside, 0, 97)
        back = panel_text(outside, 97, 197)
        assert "Cần giúp đỡ?" in back and "Các mức độ dịch vụ" in back
        front = panel_text(outside, 197, 297)
        assert "Làm thủ tục hành" in front and "ỦY BAN NHÂN DÂN XÃ TRUNG SƠN" in front
        # Inside: introduction and levels | procedures | procedures (behind the flap).
        intro = panel_text(inside, 0, 100)
        assert "Dịch vụ công trực tuyến là gì?" in intro and "Nộp hồ sơ trên" in intro
        assert "Làm thủ tục trên mạng" in panel_text(inside, 100, 200)
        assert "Đăng ký khai sinh" in panel_text(inside, 100, 200)  # 1 of 2 here
        assert "Chứng thực bản sao" in panel_text(inside, 200, 297)
        # Flipping on the short edge mirrors x: the fold lines of both sides coincide.
        outer, inner = fold_marks(outside), fold_marks(inside)
        assert outer == pytest.approx([97 * MM, 197 * MM], abs=1.5)
        assert sorted(A4_LONG - x for x in inner) == pytest.approx(outer, abs=1.5)


def test_leaflet_text_is_at_least_11_pt(load, with_site_url):
    project = load()
    path = pdf_path(project, build(project, {LEAFLET})[LEAFLET])
    with pdfplumber.open(path) as pdf:
        sizes = {round(c["size"], 1) for page in pdf.pages for c in page.chars}
    assert min(sizes) >= 11


def test_leaflet_has_hotlines_hours_and_fraud_warning(load, with_site_url):
    project = load()
    path = pdf_path(project, build(project, {LEAFLET})[LEAFLET])
    with pdfplumber.open(path) as pdf:
        text = pdf.pages[0].extract_text()
    for expected in ("18001096", "1900 0368", "Giờ làm việc", "CẢNH GIÁC LỪA ĐẢO", "mã OTP",
                     "chuyển tiền", "Đăng ký khai sinh" and "Trụ sở UBND xã Trung Sơn"):
        assert expected in text


def test_qr_codes_decode_to_procedure_pages_and_commune_site(load, with_site_url, tmp_path):
    project = load()
    path = pdf_path(project, build(project, {LEAFLET})[LEAFLET])
    assert decode_qr_codes(render_png(path, 1, 150, tmp_path)) == {SITE}
    expected = {project.procedure_url(project.by_code[c]) for c in ("1.001193", "2.000815")}
    assert decode_qr_codes(render_png(path, 2, 150, tmp_path)) == expected


def test_missing_site_url_warns_and_omits_that_qr(load, tmp_path):
    project = load()
    warnings = []
    path = pdf_path(project, build(project, {LEAFLET}, warnings)[LEAFLET])
    (warning,) = warnings
    assert warning.severity == "warning" and warning.field == "site_url"
    assert warning.file == "mkdocs.yml" and f"announcements/{LEAFLET}.md" in warning.message
    assert decode_qr_codes(render_png(path, 1, 150, tmp_path)) == set()


def test_too_many_featured_procedures_is_an_error_naming_the_field(project_dir, load):
    codes = add_procedures(project_dir, MAX_FEATURED + 1)
    set_featured(project_dir, f"{LEAFLET}.md", codes)
    with pytest.raises(InvalidInput) as caught:
        build(load(), {LEAFLET})
    (problem,) = caught.value.problems
    assert (problem.file, problem.field) == (f"announcements/{LEAFLET}.md", "procedures")
    assert f"tối đa {MAX_FEATURED}" in problem.message


def test_the_maximum_of_featured_procedures_fits(project_dir, load, with_site_url):
    codes = add_procedures(project_dir, MAX_FEATURED)
    set_featured(project_dir, f"{LEAFLET}.md", codes)
    project = load()
    assert build(project, {LEAFLET})[LEAFLET].extra["pages"] == 2


def test_overflowing_panel_is_refused_not_clipped(project_dir, load, edit):
    long_steps = [{"title": "Bước rất dài: " + "điền đầy đủ thông tin vào tờ khai " * 6}] * 6
    codes = add_procedures(project_dir, 3, steps=long_steps)
    set_featured(project_dir, f"{LEAFLET}.md", codes)
    project = load()
    with pytest.raises(InvalidInput) as caught:
        build(project, {LEAFLET})
    problems = caught.value.problems
    assert problems and all(p.file == f"announcements/{LEAFLET}.md" for p in problems)
    assert any(p.field == "procedures" and "tràn" in p.message for p in problems)
    assert not (project.root / "site" / "in" / f"{LEAFLET}.pdf").exists()


def test_long_body_overflows_the_intro_panel(load, edit):
    edit(f"announcements/{LEAFLET}.md", "Nộp hồ sơ trên",
         "Bà con nên biết điều này. " * 120 + "\n\nNộp hồ sơ trên")
    with pytest.raises(InvalidInput) as caught:
        build(load(), {LEAFLET})
    assert [p.field for p in caught.value.problems] == ["nội dung"]
    assert "phần giới thiệu" in caught.value.problems[0].message

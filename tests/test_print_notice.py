"""Official notices (Decree 30/2020/NĐ-CP, Appendix I), measured on the real PDF."""

from __future__ import annotations

import dataclasses
import unicodedata

import pdfplumber
import pypdf
import pytest

from outreach.errors import InvalidInput
from outreach.print.documents import notice_job
from test_print_support import A4_LONG, A4_SHORT, MM, build, page_text, pdf_path

NOTICE = "thong-bao-mau"
NATION = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
LOOP = "{% for p in featured %}"  # a line of the sample notice to insert text before


@pytest.fixture
def notice_pdf(load, edit):
    edit(f"announcements/{NOTICE}.md", "date: 2026-11-25", "date: 2026-01-05")
    project = load()
    return pdf_path(project, build(project, {NOTICE})[NOTICE])


def line_with(page, text: str) -> list[dict]:
    """The chars of the first occurrence of `text`, in reading order."""
    chars = page.chars
    joined = "".join(c["text"] for c in chars)
    start = joined.find(text)
    assert start >= 0, f"{text!r} not found"
    return chars[start:start + len(text)]


def test_notice_is_a4_portrait_with_decree_margins(notice_pdf):
    with pdfplumber.open(notice_pdf) as pdf:
        page = pdf.pages[0]
        assert (round(page.width, 1), round(page.height, 1)) == (A4_SHORT, A4_LONG)
        left = min(c["x0"] for c in page.chars)
        right = page.width - max(c["x1"] for c in page.chars)
        top = min(c["top"] for c in page.chars)
        bottom = page.height - max(c["bottom"] for c in page.chars)
    assert 30 * MM - 0.5 <= left <= 35 * MM
    assert right >= 15 * MM - 1  # justified lines end at the margin (±rounding)
    assert right <= 20 * MM + 30 * MM  # the header reaches well into the right column
    assert top >= 20 * MM - 0.5
    assert bottom >= 20 * MM


def test_header_lines_each_sit_on_one_line(notice_pdf):
    with pdfplumber.open(notice_pdf) as pdf:
        page = pdf.pages[0]
        for text in (NATION, "Độc lập - Tự do - Hạnh phúc", "Số: 01/TB-UBND"):
            tops = {round(c["top"], 1) for c in line_with(page, text)}
            assert len(tops) == 1, f"{text!r} wraps: {tops}"
        nation = line_with(page, NATION)
        assert all("Bold" in c["fontname"] for c in nation if c["text"].strip())
        parent = line_with(page, "UBND TỈNH QUẢNG TRỊ")
        assert not any("Bold" in c["fontname"] for c in parent)


def test_motto_is_underlined_its_full_length(notice_pdf):
    with pdfplumber.open(notice_pdf) as pdf:
        page = pdf.pages[0]
        motto = line_with(page, "Độc lập - Tự do - Hạnh phúc")
        x0, x1, bottom = motto[0]["x0"], motto[-1]["x1"], motto[0]["bottom"]
        rules = [r for r in page.rects + page.lines
                 if 0 <= r["bottom"] - bottom < 4 and r["width"] > 20]
    assert any(abs(r["x0"] - x0) < 2 and abs(r["x1"] - x1) < 2 for r in rules), rules


def test_place_and_date_follow_decree_format_in_italics(notice_pdf):
    with pdfplumber.open(notice_pdf) as pdf:
        page = pdf.pages[0]
        date = line_with(page, "Trung Sơn, ngày 05 tháng 01 năm 2026")
        assert all("Italic" in c["fontname"] for c in date if c["text"].strip())


def test_body_is_justified_with_first_line_indent(load, edit):
    paragraph = "Nội dung thông báo được viết thành đoạn văn khá dài để dàn đều hai bên. " * 4
    edit(f"announcements/{NOTICE}.md", LOOP, paragraph + "\n\n" + LOOP)
    project = load()
    path = pdf_path(project, build(project, {NOTICE})[NOTICE])
    with pdfplumber.open(path) as pdf:
        page = pdf.pages[0]
        words = page.extract_words()
        starts = [w for w in words if w["text"] == "Nội"]
        first = starts[0]
        # First-line indent about 1.27 cm past the 30 mm margin.
        assert abs(first["x0"] - (30 * MM + 12.7 * MM)) < 2
        line = [w for w in words if abs(w["top"] - first["top"]) < 1]
        assert line[-1]["x1"] > page.width - 15 * MM - 2  # justified to the right margin


def test_fonts_are_embedded_liberation_serif(notice_pdf):
    reader = pypdf.PdfReader(notice_pdf)
    fonts = reader.pages[0]["/Resources"]["/Font"]
    assert fonts
    for ref in fonts.values():
        font = ref.get_object()
        assert "Liberation" in font["/BaseFont"]
        descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"].get_object()
        assert "/FontFile2" in descriptor


def test_metadata_title_author_language_and_tags(notice_pdf):
    reader = pypdf.PdfReader(notice_pdf)
    assert reader.metadata.title.startswith("Hướng dẫn người dân làm thủ tục")
    assert reader.metadata.author == "Ủy ban nhân dân xã Trung Sơn"
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "vi"
    assert "/StructTreeRoot" in root  # tagged PDF


def test_extracted_text_is_nfc_and_keeps_the_signature_block(notice_pdf):
    text = page_text(notice_pdf)
    assert text == unicodedata.normalize("NFC", text)
    for expected in ("THÔNG BÁO", "Kính gửi: Toàn thể cán bộ", "TM. ỦY BAN NHÂN DÂN",
                     "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Họ Và Tên", "Nơi nhận:", "- Như trên;",
                     "- Lưu: VT."):
        assert expected in text


def test_recipients_are_small_and_label_bold_italic(notice_pdf):
    with pdfplumber.open(notice_pdf) as pdf:
        page = pdf.pages[0]
        label = line_with(page, "Nơi nhận:")
        fonts = {c["fontname"].replace("-", "") for c in label if c["text"].strip()}
        assert all("BoldItalic" in f for f in fonts)
        assert round(label[0]["size"]) == 12
        assert round(line_with(page, "- Lưu: VT.")[0]["size"]) == 11


def test_signature_leaves_room_to_sign(notice_pdf):
    with pdfplumber.open(notice_pdf) as pdf:
        page = pdf.pages[0]
        position = line_with(page, "PHÓ CHỦ TỊCH")[0]
        name = line_with(page, "Họ Và Tên")[0]
    assert name["top"] - position["bottom"] >= 25 * MM


def test_page_numbers_start_on_page_two_centred_in_top_margin(load, edit):
    long_body = "\n\n".join(f"Đoạn thứ {i}: bà con cần chuẩn bị đầy đủ giấy tờ trước khi nộp "
                            "hồ sơ trực tuyến để được giải quyết nhanh." for i in range(34))
    edit(f"announcements/{NOTICE}.md", LOOP, long_body + "\n\n" + LOOP)
    project = load()
    artifact = build(project, {NOTICE})[NOTICE]
    assert artifact.extra["pages"] >= 3
    with pdfplumber.open(pdf_path(project, artifact)) as pdf:
        assert len(pdf.pages) == artifact.extra["pages"]
        first_margin = [c for c in pdf.pages[0].chars if c["top"] < 20 * MM]
        assert first_margin == []
        centre = (30 * MM + (A4_SHORT - 15 * MM)) / 2
        for number, page in enumerate(pdf.pages[1:], start=2):
            in_margin = [c for c in page.chars if c["bottom"] < 20 * MM]
            assert "".join(c["text"] for c in in_margin) == str(number)
            middle = (in_margin[0]["x0"] + in_margin[-1]["x1"]) / 2
            assert abs(middle - centre) < 3
            body = [c for c in page.chars if c["bottom"] >= 20 * MM]
            assert min(c["top"] for c in body) >= 20 * MM - 0.5


def test_notice_without_signer_is_refused_naming_file_and_field(load):
    project = load()
    announcement = next(a for a in project.announcements if a.id == NOTICE)
    unsigned = dataclasses.replace(announcement,
                                   front=announcement.front.model_copy(update={"signer": None}))
    with pytest.raises(InvalidInput) as caught:
        notice_job(project, unsigned)
    (problem,) = caught.value.problems
    assert problem.file == f"announcements/{NOTICE}.md" and problem.field == "signer"
    assert "Nghị định 30/2020" in problem.message


def test_notice_without_number_is_refused_by_the_loader(load, edit):
    edit(f"announcements/{NOTICE}.md", "number: 01/TB-UBND\n", "")
    with pytest.raises(InvalidInput) as caught:
        load()
    assert any(p.field == "number" and p.file.endswith(f"{NOTICE}.md")
               for p in caught.value.problems)

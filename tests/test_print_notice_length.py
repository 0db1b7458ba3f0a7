"""Notices of every length from one to three pages: the closing never stands alone.

Longer notices are refused. Also the featured-procedure table (front matter `table:`).
"""

from __future__ import annotations

import dataclasses

import pdfplumber
import pytest

from outreach.errors import InvalidInput
from outreach.print.assets import PrintAssets
from outreach.print.documents import NOTICE_MAX_PAGES, notice_job
from outreach.print.formats import fee_text
from outreach.print.render import notice_pages, page_html, render_document
from test_print_support import add_procedures, build, decode_qr_codes, pdf_path, render_png

NOTICE = "thong-bao-mau"
# About one printed line at 14 pt across the 165 mm text block.
SENTENCE = "Người dân mang theo căn cước gắn chip khi đến bộ phận một cửa của xã."
CLOSING = "UBND xã thông báo để toàn thể cán bộ và nhân dân biết, thực hiện./."
SENTENCES_PER_PARAGRAPH = 5


def body_of(sentences: int) -> str:
    """A notice body that grows by about one line per sentence, in paragraphs of five."""
    paragraphs = [" ".join([SENTENCE] * min(SENTENCES_PER_PARAGRAPH, sentences - start))
                  for start in range(0, sentences, SENTENCES_PER_PARAGRAPH)]
    return "\n\n".join([*paragraphs, CLOSING]) + "\n"


def test_every_length_up_to_three_pages_keeps_two_body_lines_with_the_signature(load):
    project = load()
    notice = next(a for a in project.announcements if a.id == NOTICE)
    assets = PrintAssets.for_project(project.root)
    seen_pages: set[int] = set()
    for sentences in range(0, 200):
        job = notice_job(project, dataclasses.replace(notice, body=body_of(sentences)), assets)
        pages = notice_pages(render_document(page_html(job, assets), job, assets))
        if len(pages) > NOTICE_MAX_PAGES:
            break
        seen_pages.add(len(pages))
        closing = [i for i, page in enumerate(pages) if page.has_closing]
        assert closing == [len(pages) - 1], (sentences, pages)  # in one piece, at the end
        total = sum(page.body_lines for page in pages)
        assert pages[-1].body_lines >= min(2, total), (sentences, pages)
    else:
        pytest.fail("the sweep never got past three pages")
    assert seen_pages == {1, 2, 3}


def test_a_notice_longer_than_three_pages_is_refused_and_the_old_pdf_kept(project_dir, load,
                                                                          edit):
    project = load()
    old = pdf_path(project, build(project, {NOTICE})[NOTICE]).read_bytes()
    path = project_dir / "announcements" / f"{NOTICE}.md"
    text = path.read_text(encoding="utf-8")
    path.write_text(text + "\n" + body_of(150), encoding="utf-8")
    with pytest.raises(InvalidInput) as caught:
        build(load(), {NOTICE})
    (problem,) = caught.value.problems
    assert (problem.file, problem.field) == (f"announcements/{NOTICE}.md", "nội dung")
    assert "quá 3 trang" in problem.message
    assert (project_dir / "site" / f"in/{NOTICE}.pdf").read_bytes() == old


def _with_table(project_dir, table: str, body_extra: str = "") -> list[str]:
    codes = ["1.001193", *add_procedures(project_dir, 2)]
    path = project_dir / "announcements" / f"{NOTICE}.md"
    text = path.read_text(encoding="utf-8")
    text = text.replace('procedures: ["1.001193"]', f"procedures: {codes!r}".replace("'", '"'))
    text = text.replace("\n---\n", f"\ntable: {table}\n---\n", 1)
    path.write_text(text + body_extra, encoding="utf-8")
    return codes


def test_procedure_table_lists_name_level_time_fee_where_the_body_asks(project_dir, load):
    codes = _with_table(project_dir, "{}", "\nCác thủ tục:\n\n{{ procedure_table }}\n\n"
                                           "Đoạn sau bảng.\n")
    project = load()
    path = pdf_path(project, build(project, {NOTICE})[NOTICE])
    with pdfplumber.open(path) as pdf:
        text = "\n".join(page.extract_text() for page in pdf.pages)
        tables = [t for page in pdf.pages for t in page.extract_tables()]
    flat = " ".join(text.split())
    assert flat.index("Các thủ tục:") < flat.index("Tên thủ tục") < flat.index("Đoạn sau bảng.")
    (table,) = tables
    assert [" ".join((c or "").split()) for c in table[0]] == [
        "TT", "Tên thủ tục", "Mức độ", "Thời hạn giải quyết", "Phí, lệ phí"]
    assert len(table) == 1 + len(codes)
    for row, code in zip(table[1:], codes, strict=True):
        p = project.by_code[code]
        cells = [" ".join((c or "").split()) for c in row]
        assert p.name in cells[1] and code in cells[1]
        assert cells[2] == project.level(p).name
        assert cells[3] == " ".join(p.time.split())
        assert cells[4] == fee_text(p.fee)
    assert decode_qr_codes_in(path) == set()


def decode_qr_codes_in(path) -> set[str]:
    import tempfile
    from pathlib import Path

    with tempfile.TemporaryDirectory() as tmp:
        return decode_qr_codes(render_png(path, 1, 150, Path(tmp)))


def test_procedure_table_with_qr_has_one_decodable_code_per_row(project_dir, load):
    codes = _with_table(project_dir, "{qr: true}")
    project = load()
    path = pdf_path(project, build(project, {NOTICE})[NOTICE])
    expected = {project.procedure_url(project.by_code[c]) for c in codes}
    assert decode_qr_codes_in(path) == expected


def test_table_of_unknown_procedures_is_refused_naming_file_line_and_field(project_dir, load):
    _with_table(project_dir, '{procedures: ["1.001193", "9.999999"]}')
    with pytest.raises(InvalidInput) as caught:
        load()
    (problem,) = caught.value.problems
    lines = (project_dir / "announcements" / f"{NOTICE}.md").read_text().split("\n")
    assert lines[problem.line - 1].startswith("table:")
    assert str(problem) == (
        f"announcements/{NOTICE}.md:{problem.line}: table.procedures: bảng thủ tục có mã "
        "“9.999999” không có trong danh mục. Kiểm tra mã trong "
        "procedures.yaml hoặc bỏ mã này khỏi “table.procedures”.")

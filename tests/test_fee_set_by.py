"""A fee whose amount the provincial council sets (`fee.set_by: province`, no amount).

The catalogue must not print an amount it cannot cite: such a fee reads "Theo mức Hội đồng nhân
dân tỉnh quy định" on the page, the one-page guide and the loudspeaker, never "0 đồng" or
"Miễn phí"; a fee with neither amount nor set_by is an error with file and line.
"""

from __future__ import annotations

import pdfplumber
import pytest

from outreach.errors import InvalidInput
from outreach.print.formats import fee_text
from outreach.site.pages import PageContext, procedure_page
from outreach.site.share import offer
from outreach.speech.script import procedure_paragraphs
from test_print_support import build, pdf_path

SAID = "Theo mức Hội đồng nhân dân tỉnh quy định"
COPY = "2.000815"  # the scaffold's second procedure, fee block at procedures.yaml:81
NOTE = "Miễn cho người thuộc hộ nghèo; hỏi mức thu tại Trung tâm Phục vụ hành chính công"
SET_BY = ("      amount: 2000\n      note: 2.000 đồng/trang; từ trang thứ ba 1.000 đồng/trang\n",
          f"      set_by: province\n      note: {NOTE}\n")


def _problems(load) -> list[str]:
    with pytest.raises(InvalidInput) as exc:
        load()
    return [str(p) for p in exc.value.problems]


def test_a_fee_needs_an_amount_or_set_by(load, edit):
    edit("procedures.yaml", "      amount: 2000\n", "")
    assert _problems(load) == [
        "procedures.yaml:81: procedures[1].fee: thiếu số tiền “amount” (ghi 0 nếu miễn lệ phí). "
        "Nếu mức thu do Hội đồng nhân dân tỉnh quyết định mà chưa có nghị quyết để dẫn, ghi "
        "“set_by: province” thay cho số tiền và ghi vào “note” nơi hỏi mức thu."]


def test_an_explicit_null_amount_is_the_same_error(load, edit):
    edit("procedures.yaml", "amount: 2000", "amount: null")
    assert [m.split(": ", 2)[1] for m in _problems(load)] == ["procedures[1].fee"]


def test_set_by_takes_only_province(load, edit):
    edit("procedures.yaml", "amount: 2000", "set_by: tinh")
    assert _problems(load) == [
        "procedures.yaml:82: procedures[1].fee.set_by: giá trị “tinh” không hợp lệ; chọn một "
        "trong: 'province'."]


def test_amount_and_set_by_together_print_the_amount(load, edit):
    edit("procedures.yaml", "amount: 2000", "amount: 2000\n      set_by: province")
    fee = load().by_code[COPY].fee
    assert (fee.amount, fee.set_by) == (2000, "province")
    assert fee_text(fee).startswith("2.000 đồng")


def test_set_by_province_reads_as_such_on_every_output(load, edit):
    edit("procedures.yaml", *SET_BY)
    project = load()
    procedure = project.by_code[COPY]
    assert procedure.fee.amount is None

    page = procedure_page(PageContext(project), procedure)
    assert f"**Lệ phí:** {SAID} ({NOTE})" in page

    assert fee_text(procedure.fee) == f"{SAID} ({NOTE})"

    spoken = procedure_paragraphs(project, procedure)
    assert f"Lệ phí: {SAID}. {NOTE}." in spoken
    assert not any("không mất lệ phí" in line or "0 đồng" in line for line in spoken)

    data = offer(procedure)
    assert "price" not in data, "no price for an amount the catalogue does not know"
    assert data["description"] == f"{SAID}. {NOTE}"


def test_the_printed_guide_says_who_sets_the_fee(load, edit):
    edit("procedures.yaml", *SET_BY)
    project = load()
    artifact = build(project, {COPY})[COPY]
    with pdfplumber.open(pdf_path(project, artifact)) as pdf:
        assert len(pdf.pages) == 1
        text = " ".join(" ".join(page.extract_text() for page in pdf.pages).split())
    assert SAID in text and "hỏi mức thu" in text
    assert "Miễn phí" not in text and "0 đồng" not in text

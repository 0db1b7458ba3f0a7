"""A contact value `check` flags as a placeholder reaches no output: paper, page or loudspeaker."""

from __future__ import annotations

import pdfplumber

from outreach.build import BuildOptions, produce_assets
from outreach.catalogue.checks import placeholder_contacts
from outreach.site.pages import generated_pages
from outreach.speech.script import procedure_paragraphs
from test_print_support import build, pdf_path

PLACEHOLDER = "0000 000 000"  # what `outreach new` writes when no --phone is given
REAL = "0233 3861 234"
NOTICE = "thong-bao-mau"
LEAFLET = "to-roi-mau"
GUIDE = "1.001193"


def _all_pdf_text(project) -> str:
    texts = []
    for artifact in build(project, {NOTICE, LEAFLET, GUIDE}).values():
        with pdfplumber.open(pdf_path(project, artifact)) as pdf:
            texts += [page.extract_text() for page in pdf.pages]
    return " ".join(" ".join(texts).split())


def _with_phone_in_notice(edit) -> None:
    edit(f"announcements/{NOTICE}.md", "({{ portal.url }}).",
         "({{ portal.url }}).{% if office.phone %} Điện thoại: {{ office.phone }}.{% endif %}")


def test_placeholder_phone_is_left_out_of_pdfs_site_and_speech(edit, load):
    _with_phone_in_notice(edit)
    project = load()
    assert [p.field for p in placeholder_contacts(project)] == ["office.phone"]  # check flags it
    printed = _all_pdf_text(project)
    pages = " ".join(page.markdown for page in generated_pages(project))
    spoken = " ".join(procedure_paragraphs(project, project.by_code[GUIDE]))
    for output in (printed, pages, spoken):
        assert PLACEHOLDER not in output and "0000" not in output
    # The leaflet and the guide say where to ask instead.
    note = " ".join(project.contact_note.split())
    assert printed.count("Số điện thoại của cơ quan đang được cập nhật") == 2
    assert "Trung tâm Phục vụ hành chính công xã Trung Sơn" in note and "18001096" in note
    assert "Điện thoại:" not in printed  # no line for a number that is not there


def test_build_warns_that_the_placeholder_was_left_out(load):
    project = load()
    options = BuildOptions(print=False, speech=False)
    produce_assets(project, project.root / "site", options)
    (warning,) = [w for w in options.warnings if w.field.startswith("office.")]
    assert (warning.file, warning.field, warning.severity) == ("procedures.yaml", "office.phone",
                                                               "warning")
    assert warning.message.startswith(f"“{PLACEHOLDER}” là giá trị giữ chỗ nên đã được bỏ")


def test_a_real_phone_is_printed_and_no_note_is_added(edit, load):
    edit("procedures.yaml", f'phone: "{PLACEHOLDER}"', f'phone: "{REAL}"')
    _with_phone_in_notice(edit)
    project = load()
    printed = _all_pdf_text(project)
    assert printed.count(REAL) == 3  # notice body, leaflet, guide
    assert "đang được cập nhật" not in printed and project.contact_note is None
    assert project.withheld_warnings() == []

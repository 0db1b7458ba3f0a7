"""The editable Word twin of every notice: reopened with python-docx, and printed by LibreOffice."""

from __future__ import annotations

import shutil
import subprocess
import time
from pathlib import Path

import docx
import pdfplumber
import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Mm

from outreach import paths
from outreach.errors import InvalidInput
from test_print_notice_length import body_of
from test_print_support import MM, build, pdf_path

NOTICE = "thong-bao-mau"
NATION = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"


def _twin(project) -> Path:
    built = {a.path: a for a in build_all(project)}
    artifact = built[paths.notice_docx(NOTICE)]
    assert artifact.kind == "notice-docx" and artifact.source == NOTICE
    return project.root / "site" / artifact.path


def build_all(project):
    from outreach.artifacts import Cache
    from outreach.print import build_pdfs

    return build_pdfs(project, project.root / "site", Cache(project.root / ".cache"),
                      only=frozenset({NOTICE}))


def _texts(cell) -> list[str]:
    return [p.text for p in cell.paragraphs if p.text]


def test_word_twin_sits_next_to_the_pdf_with_the_decree_layout(load):
    project = load()
    path = _twin(project)
    assert path.with_suffix(".pdf").is_file()
    document = docx.Document(str(path))
    section = document.sections[0]
    sizes = [section.page_width, section.page_height, section.top_margin,
             section.bottom_margin, section.left_margin, section.right_margin]
    assert [round(s.mm, 1) for s in sizes] == [210, 297, 20, 20, 30, 15]  # stored in twips
    normal = document.styles["Normal"]
    assert normal.font.name == "Times New Roman"
    assert document.core_properties.title.startswith("Hướng dẫn người dân")
    assert document.core_properties.author == "Ủy ban nhân dân xã Trung Sơn"

    header, *_, closing = document.tables
    left, right = header.rows[0].cells
    assert _texts(left) == ["UBND TỈNH QUẢNG TRỊ", "ỦY BAN NHÂN DÂN", "XÃ TRUNG SƠN",
                            "Số: 01/TB-UBND"]
    assert [r.bold for p in left.paragraphs[1:3] for r in p.runs] == [True, True]
    assert _texts(right) == [NATION, "Độc lập - Tự do - Hạnh phúc",
                             "Trung Sơn, ngày 25 tháng 11 năm 2026"]
    assert right.paragraphs[1].runs[0].underline and right.paragraphs[2].runs[0].italic

    texts = [p.text for p in document.paragraphs]
    assert "THÔNG BÁO" in texts
    assert "Hướng dẫn người dân làm thủ tục hành chính trên Cổng Dịch vụ công quốc gia" in texts
    assert "Kính gửi: Toàn thể cán bộ và nhân dân trên địa bàn" in texts
    body = next(p for p in document.paragraphs if p.text.startswith("Ủy ban nhân dân xã"))
    assert body.alignment == WD_ALIGN_PARAGRAPH.JUSTIFY
    assert body.paragraph_format.first_line_indent == Mm(12.7)
    assert "(https://dichvucong.gov.vn)" in body.text

    recipients, signature = closing.rows[0].cells
    assert _texts(recipients) == ["Nơi nhận:", "- Như trên;", "- Đài Truyền thanh xã Trung Sơn;",
                                  "- Lưu: VT."]
    assert _texts(signature) == ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH",
                                 "Họ Và Tên"]
    assert section.different_first_page_header_footer  # no page number on page 1
    assert "PAGE" in section.header.paragraphs[0]._p.xml


def test_word_twin_is_the_same_bytes_when_nothing_changed(load):
    project = load()
    first = _twin(project).read_bytes()
    assert _twin(project).read_bytes() == first


@pytest.mark.parametrize("owner", ["~$ong-bao-mau.docx", ".~lock.thong-bao-mau.docx#"])
def test_a_twin_open_in_word_or_libreoffice_stops_the_build_and_keeps_old_files(load, owner):
    project = load()
    twin = _twin(project)
    old_twin, old_pdf = twin.read_bytes(), twin.with_suffix(".pdf").read_bytes()
    (twin.parent / owner).write_text("lock", encoding="utf-8")
    with pytest.raises(InvalidInput) as caught:
        build_all(project)
    (problem,) = caught.value.problems
    assert problem.file == f"announcements/{NOTICE}.md" and problem.field == "docx"
    assert str(twin) in problem.message and "đang được mở trong Word" in problem.message
    assert twin.read_bytes() == old_twin and twin.with_suffix(".pdf").read_bytes() == old_pdf


def _wait_for_complete_pdf(path: Path, seconds: float = 120) -> None:
    """LibreOffice restarts itself on a fresh profile, so the file may still be growing."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if path.is_file() and path.read_bytes().rstrip().endswith(b"%%EOF"):
            time.sleep(0.5)  # one more look: the last write may follow
            if path.read_bytes().rstrip().endswith(b"%%EOF"):
                return
        time.sleep(0.2)
    pytest.fail(f"LibreOffice did not finish writing {path}")


def test_libreoffice_prints_the_twin_like_our_pdf(project_dir, load, tmp_path):
    if shutil.which("soffice") is None:
        pytest.skip("LibreOffice (Debian package libreoffice-writer-nogui) is not installed")
    notice = project_dir / "announcements" / f"{NOTICE}.md"
    notice.write_text(notice.read_text(encoding="utf-8") + "\n" + body_of(45), encoding="utf-8")
    project = load()
    twin = _twin(project)
    ours = pdf_path(project, build(project, {NOTICE})[NOTICE])
    subprocess.run(["soffice", f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}",
                    "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(twin)],
                   check=True, capture_output=True, timeout=180)
    converted = tmp_path / f"{NOTICE}.pdf"
    _wait_for_complete_pdf(converted)
    with pdfplumber.open(converted) as theirs, pdfplumber.open(ours) as mine:
        assert len(theirs.pages) == len(mine.pages) == 2
        first = theirs.pages[0]
        assert (round(first.width), round(first.height)) == (595, 842)
        chars = [c for c in first.chars if c["text"].strip()]
        assert min(c["x0"] for c in chars) >= 30 * MM - 1
        assert max(c["x1"] for c in chars) <= first.width - 15 * MM + 1
        assert min(c["top"] for c in chars) >= 20 * MM - 1
        right = [c for c in chars if c["x0"] > (30 + 73) * MM and c["top"] < 40 * MM]
        lines: dict[int, str] = {}
        for c in right:
            lines[round(c["top"])] = lines.get(round(c["top"]), "") + c["text"]
        first_line = lines[min(lines)]
        assert first_line == NATION.replace(" ", ""), "the Quốc hiệu wraps in Word"
        last = theirs.pages[-1]
        label = next(w for w in last.extract_words() if w["text"].startswith("Nơi"))
        body = {round(c["top"]) for c in last.chars
                if c["text"].strip() and 20 * MM < c["top"] < label["top"] - 2}
        assert len(body) >= 2  # the signature does not stand alone in Word either
        assert all("LiberationSerif" in f or "Times" in f
                   for f in {c["fontname"] for c in last.chars})

"""The studio's previews and "Dựng trang" (outreach.preview), on real projects made by
`outreach new`: real MkDocs builds, real PDFs, Word files and MP3s, nothing mocked."""

from __future__ import annotations

import hashlib
import io
from pathlib import Path

import docx
import pdfplumber
import pytest

from outreach.preview import PagePreviewer, clip_preview, print_preview
from outreach.speech.encode import decode
from project_support import pages_only

CODE = "1.001193"
NAME = "name: Đăng ký khai sinh\n"
EDITED_NAME = "name: Đăng ký khai sinh cho trẻ em <script>alert(1)</script>\n"


def project_files(project_dir: Path) -> dict[str, str]:
    """SHA-256 of every file outside the cache folder (what a preview must not touch)."""
    return {p.relative_to(project_dir).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(project_dir.rglob("*"))
            if p.is_file() and ".cache" not in p.relative_to(project_dir).parts}


@pytest.fixture
def previewer(project_dir: Path):
    pages_only(project_dir)
    previewer = PagePreviewer(project_dir / "mkdocs.yml")
    yield previewer
    previewer.close()


def catalogue(project_dir: Path) -> str:
    return (project_dir / "procedures.yaml").read_text(encoding="utf-8")


def test_a_page_preview_shows_the_unsaved_edit_and_writes_only_the_cache(project_dir,
                                                                          previewer):
    before = project_files(project_dir)
    unsaved = {"procedures.yaml": catalogue(project_dir).replace(NAME, EDITED_NAME, 1)}
    preview = previewer.page(CODE, unsaved)
    assert preview.errors == [] and preview.page is not None and preview.site_dir is not None
    html = preview.page.read_text(encoding="utf-8")
    # The edit, escaped: what a clerk types never runs in the preview.
    assert "Đăng ký khai sinh cho trẻ em &lt;script&gt;" in html
    assert "<script>alert(1)</script>" not in html
    # The Material theme and the site's own CSS, linked relatively and present.
    assert 'href="../../assets/stylesheets/main.' in html
    for link in ("assets/stylesheets/", "assets/javascripts/"):
        assert any((preview.site_dir / link).iterdir())
    assert preview.url == "thu-tuc/1-001193/"
    assert preview.page == preview.site_dir / "thu-tuc/1-001193/index.html"
    assert preview.page.is_relative_to(project_dir / ".cache" / "outreach")
    assert project_files(project_dir) == before  # procedures.yaml and the rest untouched
    # The preview's plugins are its own: one MkDocs loads for anything else is not serving.
    from outreach.catalogue.settings import read_config

    assert read_config(project_dir / "mkdocs.yml").mkdocs.plugins["outreach"].serve is None


def test_a_second_preview_of_the_same_state_renders_nothing_again(project_dir, previewer):
    unsaved = {"procedures.yaml": catalogue(project_dir).replace(NAME, EDITED_NAME, 1)}
    first = previewer.page(CODE, unsaved)
    assert first.rendered > 5 and first.generated > 1
    again = previewer.page(CODE, unsaved)
    assert (again.rendered, again.generated, again.cache_misses) == (0, 0, 0)
    assert again.page == first.page
    # Back to the saved text: the one procedure's Markdown is made again, not the others.
    saved = previewer.page(CODE, {})
    assert saved.generated == 1 and 0 < saved.rendered < first.rendered
    assert "cho trẻ em" not in saved.page.read_text(encoding="utf-8")


def test_an_unsaved_announcement_is_previewed_as_its_page(project_dir, previewer):
    text = (project_dir / "announcements/thong-bao-mau.md").read_text(encoding="utf-8")
    new = text.replace("title:", "title: Lịch tiêm chủng tháng 12 —", 1)
    preview = previewer.page("lich-tiem-chung", {"announcements/lich-tiem-chung.md": new})
    assert preview.errors == [], preview.errors
    assert "Lịch tiêm chủng tháng 12" in preview.page.read_text(encoding="utf-8")
    assert not (project_dir / "announcements/lich-tiem-chung.md").exists()


@pytest.mark.parametrize(("unsaved", "target", "field", "needle"), [
    ({"procedures.yaml": "procedures:\n  - code: [oops\n"}, CODE, "", "cú pháp YAML"),
    ("fee", CODE, "procedures[0].fee", ""),
    ({}, "9.999999", "", "9.999999"),
    ({"../mkdocs.yml": "x"}, None, "", "chỉ xem thử được"),
])
def test_invalid_state_gives_problems_no_page_nothing_written(project_dir, previewer, unsaved,
                                                              target, field, needle):
    if unsaved == "fee":  # valid YAML the model refuses: a line and a field are named
        text = catalogue(project_dir)
        unsaved = {"procedures.yaml": text.replace("fee:", "fee: [1, 2]\n    old_fee:", 1)}
    before = project_files(project_dir)
    preview = previewer.page(target, unsaved)
    assert preview.page is None and preview.errors
    problem = preview.errors[0]
    assert needle in problem.message and problem.message.strip()
    if field:
        assert any(p.field.startswith(field) and p.line for p in preview.errors), preview.errors
    assert "Traceback" not in str(preview.errors)
    assert project_files(project_dir) == before
    assert not (project_dir / "site").exists()


def announcement(project_dir: Path, name: str) -> str:
    return (project_dir / "announcements" / f"{name}.md").read_text(encoding="utf-8")


NOTICE_TITLE = "Lịch tiếp công dân tháng Mười Hai"


def test_a_notice_print_preview_is_its_pdf_and_word_twin_from_the_unsaved_text(project_dir):
    before = project_files(project_dir)
    text = announcement(project_dir, "thong-bao-mau")
    unsaved = {"announcements/thong-bao-mau.md": text.replace(
        "title: Hướng dẫn người dân làm thủ tục hành chính trên Cổng Dịch vụ công quốc gia",
        f"title: {NOTICE_TITLE}", 1)}
    preview = print_preview(project_dir / "mkdocs.yml", "thong-bao-mau", unsaved)
    assert preview.errors == [] and preview.kind == "notice" and preview.pages == 1
    assert preview.filename == "thong-bao-mau.pdf" and preview.pdf is not None
    with pdfplumber.open(io.BytesIO(preview.pdf)) as pdf:
        words = " ".join(page.extract_text() or "" for page in pdf.pages).split()
    assert NOTICE_TITLE in " ".join(words)
    assert preview.docx_filename == "thong-bao-mau.docx" and preview.docx is not None
    document = docx.Document(io.BytesIO(preview.docx))
    assert document.core_properties.title == NOTICE_TITLE
    assert any(NOTICE_TITLE in p.text for p in document.paragraphs)
    # The same state again: served from the build's cache, nothing rendered.
    again = print_preview(project_dir / "mkdocs.yml", "thong-bao-mau", unsaved)
    assert again.cache_misses == 0 and again.pdf == preview.pdf
    assert project_files(project_dir) == before


def test_a_procedure_print_preview_is_its_one_page_guide(project_dir):
    unsaved = {"procedures.yaml": catalogue(project_dir).replace(NAME, EDITED_NAME, 1)}
    preview = print_preview(project_dir / "mkdocs.yml", CODE, unsaved)
    assert preview.errors == [] and (preview.kind, preview.pages) == ("guide", 1)
    assert preview.docx is None
    with pdfplumber.open(io.BytesIO(preview.pdf)) as pdf:
        assert "cho trẻ em <script>" in " ".join(pdf.pages[0].extract_text().split())


def test_a_clip_preview_is_a_real_mp3_with_what_it_says(project_dir):
    before = project_files(project_dir)
    text = announcement(project_dir, "phat-thanh-mau")
    body = text.split("---\n", 2)[2]
    sentence = "Chiều thứ Sáu tuần này, xã tổ chức tiêm phòng dại cho chó mèo."
    unsaved = {"announcements/phat-thanh-mau.md": text.replace(body, f"{sentence}\n\n{body}")}
    preview = clip_preview(project_dir / "mkdocs.yml", "phat-thanh-mau", unsaved)
    assert preview.errors == [] and preview.engine == "espeak"
    assert preview.filename == "phat-thanh-mau.mp3" and preview.mp3 is not None
    samples, rate, _ = decode(preview.mp3)
    assert rate > 8000 and samples.size / rate == pytest.approx(preview.duration_s, abs=0.1)
    assert "tiêm phòng dại" in preview.transcript
    again = clip_preview(project_dir / "mkdocs.yml", "phat-thanh-mau", unsaved)
    assert again.cache_misses == 0 and again.mp3 == preview.mp3
    assert project_files(project_dir) == before


@pytest.mark.parametrize(("preview", "target"), [(print_preview, "phat-thanh-mau"),
                                                 (clip_preview, "thong-bao-mau"),
                                                 (clip_preview, "khong-co")])
def test_an_output_an_announcement_does_not_have_is_a_problem(project_dir, preview, target):
    result = preview(project_dir / "mkdocs.yml", target)
    assert result.errors and result.errors[0].message
    assert (getattr(result, "pdf", None), getattr(result, "mp3", None)) == (None, None)


def test_build_with_progress_reports_forward_and_makes_the_site_outreach_build_makes(
        project_dir):
    from click.testing import CliRunner

    from outreach.cli import main
    from outreach.preview import STAGES, BuildRequest, build_with_progress, site_index

    config = project_dir / "mkdocs.yml"
    assert site_index(config) is None  # nothing built yet: nothing to open
    events: list[tuple[str, int, int, str]] = []
    report = build_with_progress(config, lambda *event: events.append(event),
                                 BuildRequest(no_audio=True))
    assert report.errors == [] and report.site_dir == project_dir / "site"
    assert report.index == site_index(config) == project_dir / "site" / "index.html"
    labels = dict(report.summary)
    assert labels["Trang web"] > 10 and labels["Thông báo (PDF)"] == 1
    assert labels["Thông báo (Word)"] == 1 and "Tệp âm thanh (MP3)" not in labels
    # Progress: stages in build order, each counting up to its total, ending with "done".
    stages = [stage for stage, *_ in events]
    assert [s for s in STAGES if s in stages] == list(dict.fromkeys(stages))
    assert {"load", "print", "pages", "done"} <= set(stages) and stages[-1] == "done"
    for stage in set(stages):
        counts = [(done, total) for s, done, total, _ in events if s == stage]
        assert counts == sorted(counts) and all(d <= t for d, t in counts)
        assert counts[-1][0] == counts[-1][1]
    assert all(message for *_, message in events)
    # The very site `outreach build` makes (every page and file hashed in the manifest).
    ours = (project_dir / "site" / "outreach-manifest.json").read_bytes()
    result = CliRunner().invoke(main, ["build", "-f", str(config), "--no-audio"])
    assert result.exit_code == 0, result.output
    assert (project_dir / "site" / "outreach-manifest.json").read_bytes() == ours


def test_a_build_of_an_invalid_project_reports_problems_and_keeps_the_site(project_dir, edit):
    from outreach.preview import BuildRequest, build_with_progress

    pages_only(project_dir)
    config = project_dir / "mkdocs.yml"
    first = build_with_progress(config, request=BuildRequest())
    assert first.errors == []
    before = (project_dir / "site" / "outreach-manifest.json").read_bytes()
    edit("procedures.yaml", "    fee:\n", "    fee: [\n")
    report = build_with_progress(config, request=BuildRequest())
    assert report.site_dir is None and report.errors
    assert report.errors[0].file == "procedures.yaml" and report.errors[0].line
    assert (project_dir / "site" / "outreach-manifest.json").read_bytes() == before


@pytest.mark.slow
def test_with_assets_the_page_shows_its_print_button_and_player_like_the_site(project_dir):
    previewer = PagePreviewer(project_dir / "mkdocs.yml", assets=True)
    try:
        unsaved = {"procedures.yaml": catalogue(project_dir).replace(NAME, EDITED_NAME, 1)}
        preview = previewer.page(CODE, unsaved)
    finally:
        previewer.close()
    assert preview.errors == [] and preview.cache_misses > 0
    html = preview.page.read_text(encoding="utf-8")
    assert "Tải bản in (PDF)" in html and "<audio" in html
    pdf = preview.site_dir / "in" / "thu-tuc-1-001193.pdf"
    with pdfplumber.open(pdf) as document:
        assert "cho trẻ em <script>" in " ".join(document.pages[0].extract_text().split())
    assert not (project_dir / "site").exists()
    # The real build's staging folder holds none of the unsaved state.
    assert not (project_dir / ".cache" / "outreach" / "assets").exists()


def test_a_cancelled_build_keeps_the_previous_site_and_the_next_build_cleans_up(project_dir,
                                                                               edit):
    import threading

    from outreach.preview import BuildRequest, build_with_progress

    pages_only(project_dir)
    config = project_dir / "mkdocs.yml"
    assert build_with_progress(config, request=BuildRequest()).errors == []
    manifest = project_dir / "site" / "outreach-manifest.json"
    before = manifest.read_bytes()
    edit("procedures.yaml", NAME, "name: Đăng ký khai sinh (mới)\n")
    cancel = threading.Event()
    stages: list[str] = []

    def report(stage: str, done: int, total: int, message: str) -> None:
        stages.append(stage)
        if stage == "pages":  # well into the build: MkDocs is writing the staging folder
            cancel.set()

    cancelled = build_with_progress(config, report, BuildRequest(), cancel)
    assert cancelled.cancelled and cancelled.site_dir is None and "pages" in stages
    assert manifest.read_bytes() == before
    assert leftovers(project_dir)  # the killed build's half-written staging folder
    assert "(mới)" not in (project_dir / "site/thu-tuc/1-001193/index.html").read_text("utf-8")
    again = build_with_progress(config, request=BuildRequest())
    assert again.errors == [] and manifest.read_bytes() != before
    assert leftovers(project_dir) == []


def leftovers(project_dir: Path) -> list[str]:
    return [p.name for p in project_dir.iterdir() if p.name.startswith(".site.building-")]


def test_a_document_the_build_cannot_print_is_reported_with_its_file_and_field(project_dir):
    from outreach.preview import BuildRequest, run_build

    path = project_dir / "announcements" / "thong-bao-mau.md"
    sentence = "Người dân mang theo căn cước gắn chip khi đến bộ phận một cửa của xã. "
    long_body = "\n\n".join([sentence * 5] * 40)  # far more than a notice's three pages
    path.write_text(path.read_text(encoding="utf-8") + "\n" + long_body + "\n", "utf-8")
    steps: list[str] = []
    report = run_build(project_dir / "mkdocs.yml", BuildRequest(no_audio=True),
                       lambda label, done, total: steps.append(label))
    assert report.site_dir is None and not (project_dir / "site").exists()
    (problem,) = report.errors
    assert (problem.file, problem.field) == ("announcements/thong-bao-mau.md", "nội dung")
    assert "quá 3 trang" in problem.message and steps

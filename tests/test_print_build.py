"""build_pdfs as a whole: artifacts, guides, escaping, caching, offline rendering, overrides."""

from __future__ import annotations

import hashlib
import unicodedata

import pdfplumber
import pypdf
import pytest

from outreach.errors import InvalidInput
from outreach.print import render
from outreach.print.fetch import LocalOnlyFetcher, RefusedURL
from test_print_support import (
    A4_LONG,
    A4_SHORT,
    add_procedures,
    build,
    decode_qr_codes,
    page_text,
    pdf_path,
    render_png,
)

NOTICE, LEAFLET = "thong-bao-mau", "to-roi-mau"
SITE = "https://trungson.example.vn/"


@pytest.fixture
def renders(monkeypatch) -> list[str]:
    """The HTML of every WeasyPrint layout run from now on (a compact retry counts too)."""
    runs: list[str] = []
    real = render.render_document

    def counted(html, job, assets):
        runs.append(job.source)
        return real(html, job, assets)

    monkeypatch.setattr(render, "render_document", counted)
    return runs


def test_one_artifact_per_printable_announcement_and_procedure(load):
    project = load()
    artifacts = build(project)
    assert {(a.kind, a.source, a.path) for a in artifacts.values()} == {
        ("notice", NOTICE, "in/thong-bao-mau.pdf"),
        ("leaflet", LEAFLET, "in/to-roi-mau.pdf"),
        ("guide", "1.001193", "in/thu-tuc-1-001193.pdf"),
        ("guide", "2.000815", "in/thu-tuc-2-000815.pdf"),
    }  # the broadcast announcement has no PDF
    for artifact in artifacts.values():
        data = pdf_path(project, artifact).read_bytes()
        assert artifact.sha256 == hashlib.sha256(data).hexdigest()
        assert artifact.extra["pages"] == len(pypdf.PdfReader(pdf_path(project, artifact)).pages)


def test_shared_fonts_and_parsed_css_give_the_bytes_of_a_plain_weasyprint_render(load):
    """One build shares WeasyPrint's fonts and each kind's parsed CSS between documents; every
    PDF must still be byte for byte what WeasyPrint makes of that page's HTML on its own."""
    import weasyprint

    from outreach.print.assets import PrintAssets
    from outreach.print.compose import PDF_OPTIONS, page_html
    from outreach.print.documents import jobs_for

    project = load()
    artifacts = build(project)
    assets = PrintAssets.for_project(project.root)
    jobs, _ = jobs_for(project, None, assets)
    for job in jobs:
        compact = job.compact_fallback and render.layout_problems(
            render.render_document(page_html(job, assets), job, assets), job) != []
        html = page_html(job, assets, compact=compact)
        alone = weasyprint.HTML(string=html, base_url=str(assets.template_dirs[0]) + "/",
                                url_fetcher=assets.fetcher()).write_pdf(**PDF_OPTIONS)
        assert pdf_path(project, artifacts[job.source]).read_bytes() == alone, job.source


def test_only_limits_the_work_to_given_ids_and_codes(load):
    project = load()
    assert set(build(project, {"2.000815"})) == {"2.000815"}
    assert not (project.root / "site" / "in" / "thu-tuc-1-001193.pdf").exists()


def test_progress_reports_every_document(load):
    from outreach.artifacts import Cache
    from outreach.print import build_pdfs

    project = load()
    calls = []
    build_pdfs(project, project.root / "site", Cache(project.root / ".cache"),
               progress=lambda label, done, total: calls.append((done, total)))
    assert calls == [(1, 4), (2, 4), (3, 4), (4, 4)]


def test_guide_is_one_a4_page_with_the_procedure_facts(load):
    project = load()
    path = pdf_path(project, build(project, {"2.000815"})["2.000815"])
    with pdfplumber.open(path) as pdf:
        (page,) = pdf.pages
        assert (round(page.width, 1), round(page.height, 1)) == (A4_SHORT, A4_LONG)
        text = page.extract_text()
    for expected in ("Chứng thực bản sao từ bản chính", "Các bước", "Giấy tờ cần chuẩn bị",
                     "Bản chính giấy tờ", "Thời hạn giải quyết", "Trong ngày làm việc",
                     "2.000 đồng/trang", "Trung tâm Phục vụ hành chính công xã Trung Sơn",
                     "Nghị định 23/2015/NĐ-CP"):
        assert expected in text
    assert text == unicodedata.normalize("NFC", text)


def test_guide_qr_decodes_to_the_portal_page(load, tmp_path):
    project = load()
    path = pdf_path(project, build(project, {"1.001193"})["1.001193"])
    url = project.procedure_url(project.by_code["1.001193"])
    assert decode_qr_codes(render_png(path, 1, 150, tmp_path)) == {url}


def test_guide_too_long_for_one_page_is_refused_naming_the_procedure(project_dir, load):
    steps = [{"title": f"Bước {i}", "detail": "Giải thích rất dài cho bước này. " * 8}
             for i in range(25)]
    (code,) = add_procedures(project_dir, 1, steps=steps)
    with pytest.raises(InvalidInput) as caught:
        build(load(), {code})
    (problem,) = caught.value.problems
    assert problem.file == "procedures.yaml" and code in problem.field
    assert "một trang A4" in problem.message


def test_moderately_long_guide_shrinks_to_fit_one_page(project_dir, load):
    steps = [{"title": f"Bước {i}", "detail": "Giải thích cho bước này, đủ dài một dòng."}
             for i in range(11)]
    (code,) = add_procedures(project_dir, 1, steps=steps)
    assert build(load(), {code})[code].extra["pages"] == 1


def test_catalogue_text_is_printed_literally_not_as_html(project_dir, edit, load):
    edit("procedures.yaml", "name: Đăng ký khai sinh", "name: <b>X</b> & Y")
    edit(f"announcements/{NOTICE}.md", "{% for p in featured %}",
         "Thủ tục: {{ procedures['1.001193'].name }}.\n\n{% for p in featured %}")
    project = load()
    artifacts = build(project, {"1.001193", NOTICE, LEAFLET})
    assert "<b>X</b> & Y" in page_text(pdf_path(project, artifacts["1.001193"]))
    assert "Thủ tục: <b>X</b> & Y." in page_text(pdf_path(project, artifacts[NOTICE]))
    assert "<b>X</b> & Y" in page_text(pdf_path(project, artifacts[LEAFLET]), 1)


def test_unchanged_rebuild_renders_nothing_and_a_change_renders_only_what_uses_it(
        project_dir, load, edit, renders):
    build(load())
    before = len(renders)
    first = {a.source: a.sha256 for a in build(load()).values()}
    assert len(renders) == before
    edit("procedures.yaml", "time: Trong ngày làm việc", "time: Trong 1 ngày làm việc")
    second = {a.source: a.sha256 for a in build(load()).values()}
    assert renders[before:] == ["2.000815"]  # only the guide of 2.000815
    assert {s for s in first if first[s] != second[s]} == {"2.000815"}


def _copy_builtin(project_dir, folder: str, name: str):
    """Put a copy of a shipped template or font into the project's overrides/ (a local edit)."""
    import shutil

    from outreach.print.assets import builtin

    dest = project_dir / "overrides" / folder / name
    dest.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(builtin("templates" if folder == "print" else "fonts") / name, dest)
    return dest


def test_a_changed_font_file_invalidates_the_cache(project_dir, load, renders):
    from outreach.print.assets import builtin

    font = _copy_builtin(project_dir, "fonts", "LiberationSerif-Bold.ttf")
    build(load(), {"2.000815"})
    before = len(renders)
    font.write_bytes(font.read_bytes())  # same bytes: still cached
    build(load(), {"2.000815"})
    assert len(renders) == before
    italic = builtin("fonts") / "LiberationSerif-Italic.ttf"
    font.write_bytes(italic.read_bytes())  # different bytes: render again
    build(load(), {"2.000815"})
    assert renders[before:] == ["2.000815"]


def test_failing_render_leaves_previous_pdf_untouched(load, edit):
    project = load()
    path = pdf_path(project, build(project, {LEAFLET})[LEAFLET])
    before = path.read_bytes()
    edit(f"announcements/{LEAFLET}.md", "Nộp hồ sơ trên", "Rất dài. " * 400 + "\n\nNộp hồ sơ trên")
    with pytest.raises(InvalidInput):
        build(load(), {LEAFLET})
    assert path.read_bytes() == before
    assert [p.name for p in path.parent.iterdir()] == [path.name]  # no temp files left


@pytest.mark.parametrize("url", ["http://example.com/logo.png", "file:///etc/hostname",
                                 "https://dichvucong.gov.vn/anh.png"])
def test_remote_or_outside_files_are_refused_with_a_clear_error(load, edit, url):
    edit(f"announcements/{NOTICE}.md", "{% for p in featured %}",
         f"![logo]({url})\n\n{{% for p in featured %}}")
    with pytest.raises(InvalidInput) as caught:
        build(load(), {NOTICE})
    (problem,) = caught.value.problems
    assert problem.file == f"announcements/{NOTICE}.md"
    assert url in problem.message and "overrides/print/" in problem.message


def test_fetcher_allows_only_files_inside_its_folders(tmp_path):
    inside = tmp_path / "print"
    inside.mkdir()
    (inside / "logo.svg").write_text("<svg/>", encoding="utf-8")
    (tmp_path / "secret.txt").write_text("x", encoding="utf-8")
    fetcher = LocalOnlyFetcher((inside,))
    assert fetcher.fetch((inside / "logo.svg").as_uri()).read() == b"<svg/>"
    for url in [(tmp_path / "secret.txt").as_uri(), (inside / ".." / "secret.txt").as_uri(),
                "http://127.0.0.1/", "ftp://example.com/x"]:
        with pytest.raises(RefusedURL):
            fetcher.fetch(url)


def test_project_copy_of_a_template_is_used_first(project_dir, load):
    template = _copy_builtin(project_dir, "print", "guide.html")
    text = template.read_text(encoding="utf-8")
    template.write_text(text.replace("Các bước", "Các bước cần làm (mẫu của xã)"),
                        encoding="utf-8")
    project = load()
    path = pdf_path(project, build(project, {"1.001193"})["1.001193"])
    assert "Các bước cần làm (mẫu của xã)" in page_text(path)


def test_missing_project_templates_fall_back_to_the_outreach_copy(project_dir, load):
    assert not (project_dir / "overrides" / "print").exists()
    assert not (project_dir / "overrides" / "fonts").exists()
    project = load()
    path = pdf_path(project, build(project, {"1.001193"})["1.001193"])
    assert "Các bước" in page_text(path)


def test_broken_project_template_is_a_clear_error(project_dir, load):
    template = _copy_builtin(project_dir, "print", "guide.html")
    template.write_text("{% block content %}{{ procedure.nam }}{% endblock", encoding="utf-8")
    with pytest.raises(InvalidInput) as caught:
        build(load(), {"1.001193"})
    assert "mẫu in có lỗi" in caught.value.problems[0].message

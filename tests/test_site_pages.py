"""Generated Markdown, from the starter project's real catalogue (no MkDocs run needed)."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import pytest

from outreach.artifacts import Artifact
from outreach.site import golden
from outreach.site.pages import (
    Assets,
    PageContext,
    az_page,
    broadcast_page,
    generated_pages,
    home_page,
    procedure_page,
    url_to_root,
)
from outreach.site.text import escape_text, fold, initial, money, slugify, sort_key

GOLDEN = Path(__file__).parent / "golden" / "pages"


def page_for(project, code: str, assets: Assets | None = None) -> str:
    return procedure_page(PageContext(project, assets or Assets()), project.by_code[code])


def with_procedure(project, code: str, **changes):
    """The project with one procedure changed (the model is frozen: copy, don't mutate)."""
    procedures = [p.model_copy(update=changes) if p.code == code else p
                  for p in project.catalogue.procedures]
    catalogue = project.catalogue.model_copy(update={"procedures": procedures})
    return dataclasses.replace(project, catalogue=catalogue)


# ---------------------------------------------------------------- golden


@pytest.mark.parametrize("uri", golden.GOLDEN_PAGES)
def test_generated_page_matches_its_golden_copy_byte_for_byte(uri):
    expected = (GOLDEN / uri).read_bytes()
    actual = golden.golden_pages()[uri].encode("utf-8")
    assert actual == expected, (
        f"{uri} changed. If intended, run `python -m outreach.site.golden` and review the diff.")


# ---------------------------------------------------------------- procedure page


def test_procedure_page_shows_summary_level_time_fee_and_steps_in_order(load):
    text = page_for(load(), "1.001193")
    assert "# Đăng ký khai sinh\n" in text
    assert "Cha, mẹ hoặc người thân đăng ký khai sinh cho trẻ mới sinh" in text
    assert "Dịch vụ công trực tuyến toàn trình" in text
    assert "**Thời hạn giải quyết:** Ngay trong ngày làm việc" in text
    assert "**Lệ phí:** Miễn phí (Miễn lệ phí khi đăng ký đúng hạn)" in text
    steps = ["1. **Đăng nhập Cổng", "2. **Chọn thủ tục", "3. **Điền tờ khai", "4. **Theo dõi"]
    positions = [text.index(s) for s in steps]
    assert positions == sorted(positions)


def test_fee_is_written_with_dot_thousands_and_dong(load):
    text = page_for(load(), "2.000815")
    assert "**Lệ phí:** 2.000 đồng (2.000 đồng/trang" in text
    assert money(200000) == "200.000 đồng"


def test_documents_are_a_checklist(load):
    text = page_for(load(), "2.000815")
    assert ('<li><label><input type="checkbox"> Bản chính giấy tờ</label></li>\n'
            '<li><label><input type="checkbox"> Bản sao cần chứng thực</label></li>\n') in text


def test_where_to_submit_names_the_portal_and_the_desk(load):
    project = load()
    text = page_for(project, "1.001193")
    assert "- Nộp trực tuyến trên Cổng Dịch vụ công quốc gia" in text
    assert f"- Nộp trực tiếp tại {project.office.one_stop_desk}" in text


def test_submit_button_links_to_the_portal_page_of_this_procedure(load):
    project = load()
    text = page_for(project, "1.001193")
    url = project.procedure_url(project.by_code["1.001193"])
    assert (f"[Nộp hồ sơ trên Cổng Dịch vụ công quốc gia]({url})"
            '{ .md-button .md-button--primary .outreach-submit rel="noopener" }') in text


def test_unverified_procedure_carries_a_warning(load):
    text = page_for(load(), "1.001193")
    assert '!!! warning "Thông tin có thể đã cũ"' in text
    assert "Chưa được kiểm tra với nguồn chính thức" in text


def test_recently_verified_procedure_has_no_warning_and_shows_the_date(load):
    project = load()
    fresh = with_procedure(project, "1.001193", verified=project.today - dt.timedelta(days=10))
    text = page_for(fresh, "1.001193")
    assert "!!! warning" not in text
    expected = (project.today - dt.timedelta(days=10)).strftime("%d/%m/%Y")
    assert f"Kiểm tra lần cuối: {expected}" in text


def test_procedure_verified_too_long_ago_is_flagged_with_its_date(load):
    project = load()
    days = project.settings.stale_after_days + 1
    old = with_procedure(project, "1.001193", verified=project.today - dt.timedelta(days=days))
    text = page_for(old, "1.001193")
    assert '!!! warning "Thông tin có thể đã cũ"' in text
    assert f"đã hơn {project.settings.stale_after_days} ngày" in text


def test_catalogue_text_is_escaped_not_interpreted(load):
    project = with_procedure(load(), "1.001193", name="<script>alert(1)</script> *x* [y](z)",
                             summary="a < b & c")
    text = page_for(project, "1.001193")
    assert "<script>" not in text
    assert "# &lt;script&gt;alert(1)&lt;/script&gt; \\*x\\* \\[y\\](z)\n" in text
    assert "a &lt; b &amp; c" in text
    # Material prints the front-matter title unescaped into <title>: it must be escaped there.
    assert "title: '&lt;script&gt;alert(1)&lt;/script&gt; *x* [y](z)'" in text


def test_keywords_are_shown_and_become_search_tags(load):
    text = page_for(load(), "1.001193")
    assert "**Còn gọi là:** làm giấy khai sinh, khai sinh cho con" in text
    assert "tags:\n- làm giấy khai sinh\n- khai sinh cho con\n" in text
    assert "search:\n  boost: 2\n" in text


def test_pdf_link_and_audio_player_appear_only_when_those_files_exist(load):
    project = load()
    assert "Tải bản in" not in page_for(project, "1.001193")
    assert "<audio" not in page_for(project, "1.001193")
    pdf = Artifact("guide", "1.001193", "in/thu-tuc-1-001193.pdf", "0" * 64)
    clip = Artifact("clip", "1.001193", "phat-thanh/thu-tuc-1-001193.mp3", "0" * 64,
                    {"transcript": "phat-thanh/thu-tuc-1-001193.txt", "duration_s": 75.4})
    available = frozenset({pdf.path, clip.path, "phat-thanh/thu-tuc-1-001193.txt"})
    text = page_for(project, "1.001193", Assets((pdf, clip), available))
    assert "Tải bản in (PDF)](../in/thu-tuc-1-001193.pdf)" in text
    assert ('<audio controls preload="none" '
            'src="../../phat-thanh/thu-tuc-1-001193.mp3">') in text
    assert "[Đọc lời (văn bản)](../phat-thanh/thu-tuc-1-001193.txt)" in text


def test_an_artifact_whose_file_is_missing_is_not_linked(load):
    pdf = Artifact("guide", "1.001193", "in/thu-tuc-1-001193.pdf", "0" * 64)
    assert "Tải bản in" not in page_for(load(), "1.001193", Assets((pdf,), frozenset()))


# ---------------------------------------------------------------- other pages


def test_home_explains_services_accounts_levels_and_contacts_from_the_catalogue(load):
    project = load()
    text = home_page(PageContext(project))
    assert "Dịch vụ công trực tuyến là gì?" in text
    assert "Tài khoản định danh điện tử VNeID mức độ 2" in text
    assert "1900 0368" in text and "18001096" in text
    for level in project.levels.values():
        assert level.name in text
    assert "| Mức độ 4 | Nộp hồ sơ, nộp phí và nhận kết quả trên mạng. | " \
           "Dịch vụ công trực tuyến toàn trình |" in text
    assert project.office.office_hours in text
    assert "hai cấp" in text


def test_home_lists_retired_portals_as_history_only(load):
    project = load()
    portals = [*project.catalogue.portals,
               project.catalogue.portals[0].model_copy(update={
                   "id": "tinh", "name": "Cổng Dịch vụ công tỉnh Quảng Trị",
                   "url": "https://dichvucong.quangtri.gov.vn",
                   "retired": dt.date(2025, 7, 1), "hotline": "02333000000"})]
    changed = dataclasses.replace(project, catalogue=project.catalogue.model_copy(
        update={"portals": portals}))
    text = home_page(PageContext(changed))
    assert "không còn nhận hồ sơ" in text
    assert "ngừng nhận hồ sơ từ ngày 01/07/2025" in text
    assert "02333000000" not in text  # a retired portal's hotline is not offered


def test_a_to_z_puts_d_with_stroke_after_d_and_groups_by_letter(load):
    text = az_page(PageContext(load()))
    assert text.index("## C\n") < text.index("## Đ\n")
    assert "[Đăng ký khai sinh](1-001193.md)" in text


def test_vietnamese_sort_order():
    names = ["Đăng ký", "Dân số", "Ăn uống", "An ninh", "Âm nhạc", "Ba", "ô tô", "Ơn", "ong"]
    assert sorted(names, key=sort_key) == [
        "An ninh", "Ăn uống", "Âm nhạc", "Ba", "Dân số", "Đăng ký", "ong", "ô tô", "Ơn"]
    assert initial("Đăng ký") == "Đ" and initial("ăn") == "Ă" and initial("1 cửa") == "0–9"


def test_fold_and_slugify_drop_tone_marks_and_stroke():
    assert fold("Đăng KÝ thường trú") == "dang ky thuong tru"
    assert slugify("Hộ tịch") == "ho-tich"
    assert escape_text("a_b*c") == "a\\_b\\*c"


def test_broadcast_page_lists_each_clip_with_player_length_and_downloads(load):
    project = load()
    clip = Artifact("clip", "phat-thanh-mau", "phat-thanh/phat-thanh-mau.mp3", "0" * 64,
                    {"title": "Đăng ký khai sinh trên mạng", "duration_s": 95,
                     "transcript": "phat-thanh/phat-thanh-mau.txt"})
    available = frozenset({clip.path, "phat-thanh/phat-thanh-mau.txt",
                           "phat-thanh/chuong-trinh.m3u"})
    text = broadcast_page(PageContext(project, Assets((clip,), available)))
    assert "### Đăng ký khai sinh trên mạng" in text
    assert '<audio controls preload="none" src="../phat-thanh/phat-thanh-mau.mp3">' in text
    assert "Thời lượng: 1:35" in text
    assert "[Tải MP3](../phat-thanh/phat-thanh-mau.mp3)" in text
    assert "(../phat-thanh/chuong-trinh.m3u)" in text
    assert "Hiện chưa có bài phát thanh nào." in broadcast_page(PageContext(project))


def test_every_procedure_and_announcement_gets_a_page_kept_out_of_the_menu(load):
    project = load()
    pages = {p.src_uri: p for p in generated_pages(project)}
    for procedure in project.catalogue.procedures:
        page = pages[f"thu-tuc/{procedure.code.replace('.', '-')}.md"]
        assert not page.in_nav
    for announcement in project.announcements:
        assert not pages[f"thong-bao/{announcement.id}.md"].in_nav
    assert {"index.md", "thu-tuc/index.md", "thong-bao/index.md", "nghe-phat-thanh/index.md",
            "linh-vuc/ho-tich.md", "linh-vuc/chung-thuc.md"} <= set(pages)


def test_url_to_root_follows_directory_urls():
    assert url_to_root("thu-tuc/1-001193.md") == "../../"
    assert url_to_root("thu-tuc/1-001193.md", use_directory_urls=False) == "../"
    assert url_to_root("nghe-phat-thanh/index.md") == "../"
    assert url_to_root("index.md") == ""

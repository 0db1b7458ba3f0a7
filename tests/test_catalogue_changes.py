"""`checked`, `changes`, optional office phone and dead portal templates (issue 10)."""

from __future__ import annotations

import datetime as dt

import pytest

from outreach.catalogue.checks import all_warnings
from outreach.errors import InvalidInput
from outreach.site.pages import contact_phrase, upcoming_changes

SOURCE = '    source: https://dichvucong.gov.vn\n  - code: "2.000815"'


def with_change(body: str) -> str:
    return ('    source: https://dichvucong.gov.vn\n    changes:\n' + body
            + '  - code: "2.000815"')


def errors(load) -> list[str]:
    with pytest.raises(InvalidInput) as exc:
        load()
    return [str(p) for p in exc.value.problems]


def test_unknown_key_inside_a_change_is_an_error_with_its_line(load, edit):
    edit("procedures.yaml", SOURCE, with_change(
        "      - from: 2027-03-01\n        summary: Luật mới\n        ngay: 2027-03-01\n"))
    assert errors(load) == [
        "procedures.yaml:78: procedures[0].changes[0].ngay: trường “ngay” không có trong mẫu. "
        "Sửa lại tên trường hoặc xóa dòng này. Các trường được dùng: “from”, “summary”, "
        "“legal_basis”."]


def test_impossible_change_date_is_an_error(load, edit):
    edit("procedures.yaml", SOURCE, with_change(
        "      - from: 2027-02-30\n        summary: Luật mới\n"))
    assert errors(load) == [
        "procedures.yaml:76: procedures[0].changes[0].from: “2027-02-30” không phải ngày hợp "
        "lệ; viết dạng NĂM-THÁNG-NGÀY, ví dụ 2025-11-01."]


def test_change_without_summary_is_an_error(load, edit):
    edit("procedures.yaml", SOURCE, with_change("      - from: 2027-03-01\n"))
    assert errors(load) == [
        "procedures.yaml:76: procedures[0].changes[0].summary: thiếu trường bắt buộc "
        "“summary”; thêm một dòng “summary: …”."]


def test_change_whose_date_has_come_is_a_warning_to_update_the_record(load, edit):
    edit("procedures.yaml", SOURCE, with_change(
        "      - from: 2026-11-01\n        summary: Lệ phí mới.\n"))
    found = [str(p) for p in all_warnings(load()) if p.field.endswith("changes")]
    assert found == [
        "procedures.yaml:52: 1.001193.changes: thay đổi “Lệ phí mới” có hiệu lực từ ngày "
        "01/11/2026; cập nhật bản ghi theo quy định mới (thời hạn, lệ phí, giấy tờ, căn cứ "
        "pháp lý), ghi lại “verified” rồi xóa mục này khỏi “changes”."]


def test_catalogue_level_change_due_is_warned_at_its_line(load, edit):
    edit("procedures.yaml", "procedures:\n", "changes:\n  - from: 2026-07-01\n"
         "    summary: Cổng mới\nprocedures:\n")
    found = [str(p) for p in all_warnings(load()) if p.field == "changes"]
    assert len(found) == 1 and found[0].startswith("procedures.yaml:51: changes: thay đổi "
                                                   "“Cổng mới” có hiệu lực từ ngày 01/07/2026")


def test_future_change_shows_before_its_date_and_not_after(load, edit):
    edit("procedures.yaml", SOURCE, with_change(
        "      - from: 2027-03-01\n        summary: Áp dụng Luật Hộ tịch mới.\n"
        "        legal_basis: [Luật Hộ tịch 03/2026/QH16]\n"))
    changes = load().by_code["1.001193"].changes
    before = upcoming_changes(changes, dt.date(2027, 2, 28))
    assert "Từ ngày 01/3/2027: Áp dụng Luật Hộ tịch mới. Căn cứ: Luật Hộ tịch 03/2026/QH16." \
        in before
    assert before.startswith('!!! info "Sắp có thay đổi"')
    assert upcoming_changes(changes, dt.date(2027, 3, 1)) == ""


def test_checked_without_verified_is_reported_with_its_reason(load, edit):
    edit("procedures.yaml", SOURCE,
         '    source: https://dichvucong.gov.vn\n    checked: "lệ phí do HĐND tỉnh quy '
         'định, chưa tìm được"\n  - code: "2.000815"')
    found = [str(p) for p in all_warnings(load()) if p.field == "1.001193.verified"]
    assert found == [
        "procedures.yaml:52: 1.001193.verified: “Đăng ký khai sinh” chưa được đối chiếu với "
        "nguồn chính thức; kiểm tra theo “source” rồi ghi ngày vào “verified”. Ghi chú: lệ "
        "phí do HĐND tỉnh quy định, chưa tìm được"]


@pytest.mark.parametrize("template", [
    "https://dichvucong.gov.vn/p/home/dvc-chi-tiet-thu-tuc-hanh-chinh.html?ma_thu_tuc={code}",
    "https://dichvucong.gov.vn/p/home/dvc-tthc-thu-tuc-hanh-chinh.html?keyword={code}",
])
def test_dead_portal_template_forms_are_warned(load, edit, template):
    edit("procedures.yaml", "https://dichvucong.gov.vn/tim-kiem-thu-tuc-hanh-chinh?keyword={code}",
         template)
    found = [str(p) for p in all_warnings(load()) if p.field.endswith("procedure_url")]
    assert len(found) == 1
    assert found[0].startswith(f"procedures.yaml:20: portals.0.procedure_url: mẫu đường dẫn "
                               f"“{template}” có dạng")


def test_current_portal_template_is_not_warned(load):
    assert not [p for p in all_warnings(load()) if p.field.endswith("procedure_url")]


def test_office_without_phone_points_to_the_desk_and_hotline(load, edit):
    edit("procedures.yaml", '  phone: "0000 000 000"\n', "")
    project = load()
    assert project.office.phone is None
    assert contact_phrase(project) == ("hỏi trực tiếp Trung tâm Phục vụ hành chính công xã "
                                       "Trung Sơn hoặc gọi tổng đài Cổng Dịch vụ công quốc "
                                       "gia (18001096)")
    assert not [p for p in all_warnings(project) if p.field == "office.phone"]


def test_clip_text_without_office_phone_names_the_desk_only(load, edit):
    from outreach.speech.script import procedure_paragraphs

    edit("procedures.yaml", '  phone: "0000 000 000"\n', "")
    project = load()
    text = " ".join(procedure_paragraphs(project, project.by_code["1.001193"]))
    assert "liên hệ Trung tâm Phục vụ hành chính công xã Trung Sơn" in text
    assert "điện thoại" not in text and "None" not in text

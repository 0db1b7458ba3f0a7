"""Each validation rule, with the exact message a commune staff member sees."""

from __future__ import annotations

import pytest

from outreach.errors import InvalidInput

BIRTH = 'code: "1.001193"'


def messages(load) -> list[str]:
    with pytest.raises(InvalidInput) as exc:
        load()
    return [str(p) for p in exc.value.problems]


def test_starter_project_is_valid(load):
    project = load()
    assert [p.code for p in project.catalogue.procedures] == ["1.001193", "2.000815"]
    assert {a.front.kind for a in project.announcements} == {"notice", "leaflet", "broadcast"}


def test_yaml_syntax_error_names_the_line(load, edit):
    edit("procedures.yaml", "  short_name: UBND", "  short_name: [UBND")
    assert messages(load) == [
        "procedures.yaml:8: lỗi cú pháp YAML (did not find expected ',' or ']'). Phần lỗi bắt "
        "đầu từ dòng 7. Kiểm tra thụt lề, dấu hai chấm sau tên trường và dấu ngoặc kép, ngoặc "
        "vuông đóng mở đủ cặp."]


def test_tab_indentation_is_explained(load, edit):
    edit("procedures.yaml", "  place: Trung Sơn", "\tplace: Trung Sơn")
    assert messages(load) == [
        "procedures.yaml:9: dòng thụt lề bằng phím Tab; YAML chỉ nhận dấu cách. "
        "Thay Tab bằng 2 dấu cách."]


def test_empty_file(load, project_dir):
    (project_dir / "procedures.yaml").write_text("", encoding="utf-8")
    assert messages(load) == [
        "procedures.yaml:1: tệp trống hoặc không phải danh mục. Tệp phải bắt đầu bằng "
        "“schema: 1” rồi các mục office, portals, service_levels, procedures "
        "(xem `outreach new`)."]


def test_file_that_is_a_list_not_a_mapping(load, project_dir):
    (project_dir / "procedures.yaml").write_text("- a\n- b\n", encoding="utf-8")
    assert "tệp trống hoặc không phải danh mục" in messages(load)[0]


def test_file_not_utf8(load, project_dir):
    path = project_dir / "procedures.yaml"
    path.write_bytes(path.read_text(encoding="utf-8").encode("cp1258", errors="replace"))
    assert messages(load)[0].endswith(
        "tệp không phải mã UTF-8; mở tệp trong trình soạn thảo và lưu lại với bảng mã UTF-8.")


def test_unknown_key_suggests_the_right_one(load, edit):
    edit("procedures.yaml", "    summary: Cha, mẹ", "    sumary: Cha, mẹ")
    found = messages(load)
    assert any(m.startswith("procedures.yaml:56: procedures[0].sumary: trường “sumary” không có "
                            "trong mẫu. Có phải ý bạn là “summary”?") for m in found)
    assert any("procedures[0].summary: thiếu trường bắt buộc “summary”" in m for m in found)


def test_wrong_type_fee_amount(load, edit):
    edit("procedures.yaml", "amount: 2000", "amount: hai nghìn")
    assert messages(load) == [
        "procedures.yaml:82: procedures[1].fee.amount: cần một số nguyên (ví dụ 8000), "
        "không phải “hai nghìn”."]


def test_negative_fee(load, edit):
    edit("procedures.yaml", "amount: 2000", "amount: -2000")
    assert messages(load) == [
        "procedures.yaml:82: procedures[1].fee.amount: phải từ 0 trở lên, không phải -2000."]


def test_missing_required_field_points_at_its_record(load, edit):
    edit("procedures.yaml", "    result: Bản sao có chứng thực\n", "")
    assert messages(load) == [
        "procedures.yaml:75: procedures[1].result: thiếu trường bắt buộc “result”; "
        "thêm một dòng “result: …”."]


def test_duplicate_codes(load, edit):
    edit("procedures.yaml", 'code: "2.000815"', BIRTH)
    assert messages(load) == [
        "procedures.yaml:75: procedures[1].code: mã thủ tục “1.001193” trùng với thủ tục ở "
        "dòng 52; mỗi thủ tục một mã riêng."]


def test_malformed_code(load, edit):
    edit("procedures.yaml", BIRTH, 'code: "1001193"')
    assert messages(load) == [
        "procedures.yaml:52: procedures[0].code: mã thủ tục “1001193” sai dạng; mã quốc gia "
        "có dạng một chữ số, dấu chấm, sáu chữ số, ví dụ “1.001193”."]


def test_unquoted_code_is_refused_not_guessed(load, edit):
    edit("procedures.yaml", BIRTH, "code: 1.001193")
    assert messages(load) == [
        "procedures.yaml:52: procedures[0].code: mã thủ tục phải đặt trong ngoặc kép, ví dụ "
        "code: \"1.001193\" (không có ngoặc, YAML đọc thành số và làm mất chữ số 0)."]


def test_unknown_level_suggests(load, edit):
    edit("procedures.yaml", "level: toan-trinh", "level: toan-trin")
    assert messages(load) == [
        "procedures.yaml:55: procedures[0].level: mức độ “toan-trin” không có trong bộ hiện "
        "hành “cds”. Có phải ý bạn là “toan-trinh”? Chọn một trong: “toan-trinh”, "
        "“mot-phan”, “truc-tiep”."]


def test_unknown_maps_to(load, edit):
    edit("procedures.yaml", "maps_to: mot-phan}", "maps_to: mot-phann}")
    assert messages(load) == [
        "procedures.yaml:42: service_levels.schemes.nd43.levels.muc-3.maps_to: “mot-phann” "
        "không phải mức độ của bộ hiện hành “cds”. Có phải ý bạn là “mot-phan”? Chọn một "
        "trong: “toan-trinh”, “mot-phan”, “truc-tiep”."]


def test_unknown_current_scheme(load, edit):
    edit("procedures.yaml", "current: cds", "current: cdss")
    assert messages(load)[0] == (
        "procedures.yaml:23: service_levels.current: không có bộ mức độ “cdss” trong schemes. "
        "Có phải ý bạn là “cds”? Chọn một trong: “cds”, “nd43”, “nd42”.")


def test_javascript_url_is_refused(load, edit):
    edit("procedures.yaml", "url: https://dichvucong.gov.vn\n", "url: javascript:alert(1)\n")
    assert messages(load) == [
        "procedures.yaml:19: portals[0].url: “javascript:alert(1)” không phải địa chỉ web hợp "
        "lệ; chỉ dùng địa chỉ bắt đầu bằng https:// (hoặc http://)."]


def test_unknown_placeholder_in_url_template(load, edit):
    edit("procedures.yaml", "keyword={code}", "keyword={ma}")
    assert messages(load) == [
        "procedures.yaml:20: portals[0].procedure_url: chỗ trống “{ma}” không dùng được trong "
        "mẫu đường dẫn; chỉ có {code} (mã thủ tục) và {name} (tên thủ tục)."]


def test_impossible_date(load, edit):
    edit("procedures.yaml", "    source: https://dichvucong.gov.vn\n  - code",
         "    source: https://dichvucong.gov.vn\n    verified: 2025-02-30\n  - code")
    assert messages(load) == [
        "procedures.yaml:75: procedures[0].verified: “2025-02-30” không phải ngày hợp lệ; viết "
        "dạng NĂM-THÁNG-NGÀY, ví dụ 2025-11-01."]


def test_future_verified_date(load, edit):
    edit("procedures.yaml", "    source: https://dichvucong.gov.vn\n  - code",
         "    source: https://dichvucong.gov.vn\n    verified: 2027-01-01\n  - code")
    assert messages(load) == [
        "procedures.yaml:75: procedures[0].verified: ngày kiểm tra 2027-01-01 nằm trong tương "
        "lai; ghi ngày bạn đã thực sự đối chiếu nguồn."]


def test_empty_step_list(load, edit):
    edit("procedures.yaml", "    steps:\n      - Mang bản chính",
         "    steps: []\n    x:\n      - Mang")
    found = messages(load)
    assert "procedures.yaml:87: procedures[1].steps: danh sách không được để trống; thêm ít nhất "\
           "một mục." in found


def test_duplicate_key(load, edit):
    edit("procedures.yaml", "    field: Hộ tịch\n", "    field: Hộ tịch\n    field: Tư pháp\n")
    assert messages(load) == [
        "procedures.yaml:55: procedures[0].field: khóa “field” bị lặp lại; giữ một dòng và xóa "
        "dòng còn lại."]


def test_every_error_is_reported_in_one_pass(load, edit):
    edit("procedures.yaml", "amount: 2000", "amount: -1")
    edit("procedures.yaml", "level: toan-trinh", "level: nope")
    edit("procedures.yaml", "url: https://dichvucong.gov.vn\n", "url: ftp://x\n")
    assert len(messages(load)) == 3


def test_text_is_nfc_normalised(load, edit):
    decomposed = "Đăng ky\u0301 khai sinh"  # "ký" typed as k + y + combining acute
    edit("procedures.yaml", "name: Đăng ký khai sinh", f"name: {decomposed}")
    assert load().by_code["1.001193"].name == "Đăng ký khai sinh"


# Announcements ---------------------------------------------------------------------------

NOTICE = "announcements/thong-bao-mau.md"


def test_missing_front_matter(load, project_dir):
    (project_dir / NOTICE).write_text("Chỉ có nội dung.\n", encoding="utf-8")
    assert messages(load) == [
        f"{NOTICE}:1: thiếu phần đầu (front matter). Tệp phải bắt đầu bằng một dòng “---”, các "
        "trường kind, title, date…, rồi một dòng “---” nữa trước nội dung."]


def test_unclosed_front_matter(load, project_dir):
    (project_dir / NOTICE).write_text("---\nkind: notice\ntitle: A\n", encoding="utf-8")
    assert messages(load) == [
        f"{NOTICE}:1: phần đầu (front matter) chưa được đóng; thêm một dòng “---” sau trường "
        "cuối cùng."]


def test_unknown_kind(load, edit):
    edit(NOTICE, "kind: notice", "kind: poster")
    assert messages(load) == [
        f"{NOTICE}:2: kind: giá trị “poster” không hợp lệ; chọn một trong: 'notice', "
        "'leaflet' or 'broadcast'."]


def test_unknown_procedure_code_in_announcement(load, edit):
    edit(NOTICE, 'procedures: ["1.001193"]', 'procedures: ["1.001139"]')
    assert messages(load) == [
        f"{NOTICE}:7: procedures: không có thủ tục mã “1.001139” trong danh mục. Có phải ý bạn "
        "là “1.001193”? Kiểm tra mã trong procedures.yaml."]


def test_notice_needs_number_and_signer(load, edit):
    edit(NOTICE, "number: 01/TB-UBND\n", "")
    assert messages(load) == [
        f"{NOTICE}:2: number: thông báo (kind: notice) cần trường “number” để in đúng thể thức "
        "Nghị định 30/2020; thêm trường này vào phần đầu."]


def test_undefined_template_variable_names_the_file_line(load, edit):
    edit(NOTICE, "trên {{ portal.name }}", "trên {{ portl.name }}")
    assert messages(load) == [
        f"{NOTICE}:11: nội dung: biến “portl” không tồn tại. Có phải ý bạn là “portal”? "
        "Các biến dùng được: “featured”, “levels”, “office”, “page”, “portal”, “portals”, "
        "“procedure_table”, “procedures”."]


def test_unclosed_block(load, edit):
    edit(NOTICE, "{% endfor %}", "")
    found = messages(load)
    assert len(found) == 1
    assert found[0].startswith(f"{NOTICE}:")
    assert "khối {% … %} chưa được đóng (thiếu {% endfor %} hoặc {% endif %})" in found[0]


def test_template_cannot_reach_python_internals(load, edit):
    edit(NOTICE, "{{ office.name }}", "{{ office.__class__.__mro__[1].__subclasses__() }}")
    found = messages(load)
    assert len(found) == 1 and found[0].startswith(f"{NOTICE}:11: nội dung:")


def test_catalogue_text_is_escaped_in_bodies(load, edit):
    edit("procedures.yaml", "name: Đăng ký khai sinh", "name: Đăng ký <script>x</script>")
    notice = next(a for a in load().announcements if a.front.kind == "notice")
    assert "<script>" not in notice.body
    assert "&lt;script&gt;x&lt;/script&gt;" in notice.body

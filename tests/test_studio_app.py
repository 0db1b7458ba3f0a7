"""The studio web app through Starlette's TestClient on a project made by `outreach new`."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from outreach.catalogue.model import Procedure
from outreach.studio import forms, security, uploads
from studio_support import client, form_of, new_project, token_of

CODE = "1.001193"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return new_project(tmp_path / "xa")


@pytest.fixture
def studio(project: Path):
    return client(project, secret="s" * 64)


def catalogue(project: Path) -> bytes:
    return (project.parent / "procedures.yaml").read_bytes()


# --- the list ---------------------------------------------------------------------------------

def test_the_list_finds_a_procedure_typed_without_accents_and_filters_by_field(studio):
    page = studio.get("/thu-tuc/", params={"q": "dang ky KHAI SINH"}).text
    assert f'href="/thu-tuc/{CODE}/"' in page
    assert "2.000815" not in page
    by_field = studio.get("/thu-tuc/", params={"linh-vuc": "Chứng thực"}).text
    assert "2.000815" in by_field and f"/thu-tuc/{CODE}/" not in by_field


def test_the_list_marks_unverified_records(studio):
    assert "Chưa đối chiếu" in studio.get("/thu-tuc/").text


def test_the_site_slug_redirects_to_the_code_as_written(studio):
    response = studio.get("/thu-tuc/1-001193/", follow_redirects=False)
    assert response.status_code == 301
    assert response.headers["location"] == f"/thu-tuc/{CODE}/"


def test_an_unknown_code_is_a_vietnamese_404(studio):
    response = studio.get("/thu-tuc/9.999999/")
    assert response.status_code == 404
    assert "Không có thủ tục mã 9.999999" in response.text


# --- the form -----------------------------------------------------------------------------

def test_the_form_has_a_control_for_every_field_of_the_model(studio):
    page = studio.get(f"/thu-tuc/{CODE}/").text
    for name, field in Procedure.model_fields.items():
        key = field.alias or name
        if key in forms.HIDDEN:
            continue
        assert f'data-field="{key}"' in page, key


def test_every_control_has_a_label(studio):
    page = studio.get(f"/thu-tuc/{CODE}/").text
    labelled = set(re.findall(r'<label for="([^"]+)"', page))
    controls = re.findall(r'<(?:input|select|textarea)\b([^>]*)>', page)
    for attrs in controls:
        if re.search(r'type="(hidden|submit)"', attrs):
            continue
        control_id = re.search(r'id="([^"]+)"', attrs).group(1)
        assert control_id in labelled, control_id


def test_the_labels_are_the_words_the_site_uses(studio):
    page = studio.get(f"/thu-tuc/{CODE}/").text
    for label in ("Tên thủ tục", "Tóm tắt", "Thời hạn giải quyết", "Lệ phí",
                  "Giấy tờ cần chuẩn bị", "Các bước thực hiện", "Nộp hồ sơ ở đâu",
                  "Kết quả nhận được", "Căn cứ pháp lý", "Từ khóa", "Ngày đối chiếu",
                  "Cách đối chiếu", "Thay đổi sắp có hiệu lực", ">Lưu<", "Hoàn tác"):
        assert label in page, label
    assert 'type="date"' in page


def test_posting_the_form_unchanged_changes_nothing(studio):
    page = studio.get(f"/thu-tuc/{CODE}/").text
    response = studio.post(f"/thu-tuc/{CODE}/thay-doi", data=form_of(page))
    assert "Chưa có thay đổi nào" in response.text


def test_the_changes_list_shows_old_and_new(studio):
    data = form_of(studio.get(f"/thu-tuc/{CODE}/").text)
    data["time"] = "03 ngày làm việc"
    response = studio.post(f"/thu-tuc/{CODE}/thay-doi", data=data)
    assert "Thời hạn giải quyết" in response.text
    assert "03 ngày làm việc" in response.text


def test_an_invalid_form_shows_check_messages_beside_fields_and_writes_nothing(studio, project):
    before = catalogue(project)
    data = form_of(studio.get(f"/thu-tuc/{CODE}/").text)
    data.update({"name": "", "fee.amount": "mười nghìn", "time": "<script>alert(1)</script>",
                 "action": "save"})
    response = studio.post(f"/thu-tuc/{CODE}/", data=data)
    assert response.status_code == 422
    page = response.text
    assert 'class="error-summary"' in page and "data-focus" in page
    assert '<a href="#f-name">Tên thủ tục: cần một đoạn chữ, không được để trống.</a>' in page
    assert '<a href="#f-fee-amount">' in page and "cần một số nguyên" in page
    assert '<span class="visually-hidden">Lỗi:</span>' in page
    assert 'id="f-name" name="name" value="" aria-describedby="f-name-error"' in page
    assert "<script>alert(1)" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert catalogue(project) == before


def test_list_buttons_work_without_javascript(studio):
    data = form_of(studio.get(f"/thu-tuc/{CODE}/").text)
    first, second = data["documents.0"], data["documents.1"]
    moved = studio.post(f"/thu-tuc/{CODE}/", data={**data, "action": "up:documents.1"}).text
    assert moved.index(second) < moved.index(first)
    assert re.search(r'id="f-documents-0"[^>]*autofocus', moved)  # focus stays on the item
    added = studio.post(f"/thu-tuc/{CODE}/", data={**data, "action": "add:documents"}).text
    assert 'name="documents.2" value=""' in added
    assert re.search(r'id="f-documents-2"[^>]*autofocus', added)
    removed = studio.post(f"/thu-tuc/{CODE}/", data={**data, "action": "remove:documents.0"})
    assert f'value="{first}"' not in removed.text


def test_a_big_change_needs_its_sentence(studio, project):
    before = catalogue(project)
    data = form_of(studio.get(f"/thu-tuc/{CODE}/").text)
    response = studio.post(f"/thu-tuc/{CODE}/", data={**data, "major": "1", "action": "save"})
    assert response.status_code == 422
    assert "hãy viết một câu" in response.text
    assert catalogue(project) == before


# --- safety -------------------------------------------------------------------------------------

def test_a_post_without_the_token_is_refused_and_changes_nothing(studio, project):
    before = catalogue(project)
    data = form_of(studio.get(f"/thu-tuc/{CODE}/").text)
    data["time"] = "1 ngày"
    without = {k: v for k, v in data.items() if k != "csrftoken"}
    response = studio.post(f"/thu-tuc/{CODE}/", data={**without, "action": "save"})
    assert response.status_code == 403
    assert "thiếu mã bảo vệ" in response.text
    stranger = client(project, secret="s" * 64)  # no cookie at all: a cross-site form
    assert stranger.post("/hoan-tac", data={}).status_code == 403
    forged = stranger.post(f"/thu-tuc/{CODE}/", data={**data, "action": "save"})
    assert forged.status_code == 403
    assert catalogue(project) == before


def test_a_foreign_host_header_is_refused(project):
    rebound = client(project, secret="s" * 64)
    rebound.base_url = rebound.base_url.copy_with(host="attacker.example")
    assert rebound.get("/thu-tuc/").status_code == 400


def test_the_cli_refuses_an_open_address_without_a_password(project):
    from outreach.cli import main

    result = CliRunner().invoke(main, ["studio", "-f", str(project), "--host", "0.0.0.0",
                                       "--no-browser"])
    assert result.exit_code == 1
    assert "outreach studio --set-password" in result.output
    assert "Traceback" not in result.output


def test_the_password_is_stored_hashed_outside_the_site(project):
    from outreach.cli import main

    result = CliRunner().invoke(main, ["studio", "-f", str(project), "--set-password"],
                                input="mật khẩu dài\nmật khẩu dài\n")
    assert result.exit_code == 0, result.output
    stored = security.stored_password(project.parent)
    assert stored and "mật khẩu" not in stored and stored.startswith("scrypt$")
    assert security.check_password("mật khẩu dài", stored)
    assert not security.check_password("mat khau dai", stored)
    assert not (project.parent / "site" / "studio-password").exists()


def test_with_a_password_every_page_asks_to_log_in_first(project):
    stored = security.hash_password("mật khẩu dài")
    studio = client(project, secret="s" * 64, host="0.0.0.0", password_hash=stored)
    response = studio.get("/thu-tuc/", follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"].startswith("/dang-nhap")
    login = studio.get("/dang-nhap").text
    wrong = studio.post("/dang-nhap", data={"csrftoken": token_of(login), "password": "x"})
    assert "Mật khẩu không đúng" in wrong.text
    right = studio.post("/dang-nhap", data={"csrftoken": token_of(login),
                                            "password": "mật khẩu dài"})
    assert right.status_code == 200 and "Thủ tục hành chính" in right.text


def test_uploaded_names_are_ascii_inside_the_project_and_keep_their_display_name(tmp_path):
    assert uploads.stored_name("Thông báo tiêm chủng.MP3") == "thong-bao-tiem-chung.mp3"
    assert uploads.stored_name("../../etc/passwd") == "passwd"
    assert uploads.display_name("C:\\Users\\Lan\\Giọng đọc\u0000.wav") == "Giọng đọc.wav"
    assert uploads.audio_suffix("bài.exe") is None
    with pytest.raises(ValueError):
        uploads.inside(tmp_path, "../ngoai.wav")


# --- announcements --------------------------------------------------------------------------

def test_the_compose_page_has_the_notice_fields(studio):
    page = studio.get("/thong-bao/moi").text
    for label in ("Loại", "Thông báo", "Tờ rơi", "Bài phát thanh", "Tiêu đề", "Số", "Ngày",
                  "Người ký", "Nơi nhận", "Nội dung"):
        assert f">{label}<" in page, label


def test_an_invalid_notice_is_refused_with_the_build_messages(studio, project):
    folder = project.parent / "announcements"
    before = sorted(p.name for p in folder.iterdir())
    page = studio.get("/thong-bao/moi").text
    response = studio.post("/thong-bao/moi", data={
        "csrftoken": token_of(page), "kind": "notice", "title": "Họp dân", "date": "2026-12-07",
        "body": "Mời bà con dự họp."})
    assert response.status_code == 422
    assert "#f-number" in response.text  # a notice needs its number (and signer)
    assert sorted(p.name for p in folder.iterdir()) == before


def test_a_recording_that_is_not_audio_is_refused_and_not_kept(studio, project):
    page = studio.get("/thong-bao/moi").text
    response = studio.post("/thong-bao/moi", data={
        "csrftoken": token_of(page), "kind": "broadcast", "title": "Phát thanh",
        "date": "2026-12-07", "body": "Bà con chú ý."},
        files={"recording": ("giọng đọc.wav", b"not audio at all", "audio/wav")})
    assert response.status_code == 422
    assert "f-recording" in response.text
    assert not list((project.parent / "audio").rglob("*.wav"))


def test_the_live_preview_escapes_tags(studio):
    page = studio.get("/thong-bao/moi").text
    html = studio.post("/xem-truoc/noi-dung", data={
        "csrftoken": token_of(page), "body": "**Đậm** <script>alert(1)</script>"}).text
    assert "<strong>Đậm</strong>" in html
    assert "<script>" not in html


def test_the_handbook_is_shown_with_its_pictures(studio):
    page = studio.get("/huong-dan/").text
    assert "<h2" in page and "Phòng soạn thảo" in page
    picture = re.search(r'src="(huong-dan-anh/[^"]+\.png)"', page).group(1)
    image = studio.get(f"/huong-dan/{picture}")
    assert image.status_code == 200 and image.content.startswith(b"\x89PNG")
    outside = studio.get("/huong-dan/huong-dan-anh/%2E%2E/%2E%2E/procedures.yaml")
    assert outside.status_code == 404 and b"schema" not in outside.content


def test_check_warnings_show_where_the_clerk_looks(studio, project):
    path = project.parent / "announcements" / "thong-bao-mau.md"
    path.write_text(path.read_text("utf-8").replace(
        "đề nghị người dân", "đề nghị người dân (gọi anh Nam 0912 345 678)"), "utf-8")
    notice = studio.get("/thong-bao/thong-bao-mau/").text
    assert "Cần xem lại" in notice and "0912 345 678" in notice
    listing = studio.get("/thu-tuc/").text  # `outreach new` leaves a placeholder phone
    assert "Cần xem lại" in listing


def test_a_busy_port_is_told_in_vietnamese_before_anything_is_announced(project):
    import socket

    from outreach.cli import main

    with socket.create_server(("127.0.0.1", 0)) as taken:
        port = taken.getsockname()[1]
        result = CliRunner().invoke(main, ["studio", "-f", str(project), "--port", str(port),
                                           "--no-browser"])
    assert result.exit_code == 1, result.output
    assert f"Cổng {port} đang có chương trình khác dùng" in result.output
    assert f"http://127.0.0.1:{port}/" in result.output
    assert f"--port {port + 1}" in result.output
    assert "đang chạy tại" not in result.output
    assert "Errno" not in result.output and "Traceback" not in result.output


def test_an_unknown_address_and_a_wrong_method_answer_in_vietnamese(studio):
    unknown = studio.get("/khong-co")
    assert unknown.status_code == 404
    assert "Không tìm thấy trang này" in unknown.text and "Not Found" not in unknown.text
    assert "Mục chính" in unknown.text  # the studio's own page, with its menu
    wrong = studio.get("/hoan-tac")  # a POST-only address opened as a link
    assert wrong.status_code == 405
    assert "không làm được việc vừa yêu cầu" in wrong.text
    assert "Method Not Allowed" not in wrong.text
    assert wrong.headers["allow"] == "POST"
    token = token_of(studio.get("/thu-tuc/").text)
    posted = studio.post("/huong-dan/", data={"csrftoken": token})
    assert posted.status_code == 405 and "Not Allowed" not in posted.text
    missing_asset = studio.get("/static/khong-co.js")
    assert missing_asset.status_code == 404 and "Not Found" not in missing_asset.text


def test_the_page_preview_shows_the_unsaved_edit_and_the_checks_message(studio, project):
    before = catalogue(project)
    data = form_of(studio.get(f"/thu-tuc/{CODE}/").text)
    data["summary"] = "Tóm tắt chưa lưu để xem trước."
    shown = studio.post(f"/thu-tuc/{CODE}/xem-trang", data=data)
    assert shown.status_code == 200, shown.text[:2000]
    assert "Tóm tắt chưa lưu để xem trước." in shown.text
    # Not validated by the writer (nothing is written): the loader's own check still refuses.
    data["source"] = "ftp://khong-phai-trang-web"
    refused = studio.post(f"/thu-tuc/{CODE}/xem-trang", data=data)
    assert refused.status_code == 422
    assert "không phải địa chỉ web hợp lệ" in refused.text
    assert catalogue(project) == before


def test_warnings_on_the_form_name_the_forms_fields_not_yaml_keys(studio, project):
    from outreach.cli import main

    page = studio.get(f"/thu-tuc/{CODE}/").text
    warnings = page.split('id="warnings-title"')[1].split("</section>")[0]
    assert "chưa được đối chiếu với nguồn chính thức" in warnings
    assert "“Nguồn chính thức (địa chỉ trang)”" in warnings and "“Ngày đối chiếu”" in warnings
    assert "“source”" not in warnings and "“verified”" not in warnings
    # `outreach check` is read by whoever edits the YAML: it keeps the keys.
    checked = CliRunner().invoke(main, ["check", "-f", str(project)])
    assert "kiểm tra theo “source” rồi ghi ngày vào “verified”" in checked.output

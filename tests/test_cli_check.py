"""`outreach new`, `check` and `schema` through click's CliRunner, as a user runs them."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from outreach.catalogue.checks import all_warnings
from outreach.cli import main

NOTICE = "announcements/thong-bao-mau.md"


def run(*args: str, cwd: Path | None = None):
    runner = CliRunner()
    if cwd is None:
        return runner.invoke(main, list(args))
    import os

    old = Path.cwd()
    os.chdir(cwd)
    try:
        return runner.invoke(main, list(args))
    finally:
        os.chdir(old)


def test_new_project_passes_check_at_once(tmp_path):
    result = run("new", str(tmp_path / "phuong"), "--commune", "Hải Hòa", "--province",
                 "Thanh Hóa", "--kind", "phường")
    assert result.exit_code == 0, result.output
    steps = result.output.split("Tiếp theo:")[1].split()
    # Staff start in the studio; check and build stay for those at ease with a terminal.
    assert steps.index("studio") < steps.index("check") < steps.index("build")
    checked = run("check", "-f", str(tmp_path / "phuong" / "mkdocs.yml"))
    assert checked.exit_code == 0, checked.output
    assert "Danh mục hợp lệ: 2 thủ tục (2 chưa đối chiếu nguồn), 3 thông báo" in checked.output
    text = (tmp_path / "phuong" / "procedures.yaml").read_text(encoding="utf-8")
    assert "name: Ủy ban nhân dân phường Hải Hòa" in text
    ignored = (tmp_path / "phuong" / ".gitignore").read_text(encoding="utf-8").splitlines()
    assert {"/site/", ".cache/", "/.*-build.lock"} <= set(ignored)


def test_new_refuses_a_folder_with_files(tmp_path):
    (tmp_path / "x").mkdir()
    (tmp_path / "x" / "keep.txt").write_text("work")
    result = run("new", str(tmp_path / "x"))
    assert result.exit_code == 1
    assert "thư mục đã có tệp" in result.output
    assert "Traceback" not in result.output


def test_check_reports_errors_with_exit_1_and_no_traceback(project_dir, edit):
    edit("procedures.yaml", "amount: 2000", "amount: -5")
    result = run("check", "-f", str(project_dir / "mkdocs.yml"))
    assert result.exit_code == 1
    assert "LỖI procedures.yaml:82: procedures[1].fee.amount: phải từ 0 trở lên" in result.output
    assert "Có 1 lỗi." in result.output
    assert "Traceback" not in result.output


def test_missing_config_file_is_a_clear_error(tmp_path):
    result = run("check", "-f", str(tmp_path / "nope.yml"))
    assert result.exit_code == 1
    assert "không tìm thấy tệp cấu hình" in result.output


def test_strict_turns_warnings_into_failure(project_dir):
    assert run("check", "-f", str(project_dir / "mkdocs.yml")).exit_code == 0
    result = run("check", "--strict", "-f", str(project_dir / "mkdocs.yml"))
    assert result.exit_code == 1
    assert "chưa được đối chiếu với nguồn chính thức" in result.output


def test_unverified_and_stale_records_are_listed(load, edit):
    edit("procedures.yaml", "    source: https://dichvucong.gov.vn\n  - code",
         "    source: https://dichvucong.gov.vn\n    verified: 2024-01-02\n  - code")
    fields = {w.field: w.message for w in all_warnings(load())}
    assert "cách đây 1058 ngày (quá 365 ngày)" in fields["1.001193.verified"]
    assert "chưa được đối chiếu" in fields["2.000815.verified"]


def test_citizen_id_and_personal_mobile_are_flagged(load, edit):
    edit(NOTICE, "đề nghị người dân", "đề nghị anh A (CCCD 038012345678, ĐT 0912 345 678)")
    found = [str(w) for w in all_warnings(load()) if w.file == NOTICE]
    assert found == [
        f"{NOTICE}:11: nội dung: có dãy 12 chữ số “038012345678”, giống số định danh cá nhân "
        "(CCCD); không công bố số này, hãy xóa hoặc che bớt (ví dụ 0380******12).",
        f"{NOTICE}:11: nội dung: có số điện thoại di động “0912 345 678” không phải số của cơ "
        "quan; không công bố số cá nhân, dùng số điện thoại của UBND hoặc đường dây nóng."]


def test_office_and_hotline_numbers_are_allowed(load, edit):
    edit("procedures.yaml", 'phone: "0000 000 000"', 'phone: "0912 000 111"')
    edit(NOTICE, "đề nghị người dân", "(gọi 0912.000.111 hoặc 18001096) đề nghị người dân")
    assert [w for w in all_warnings(load()) if w.file == NOTICE] == []


def test_links_to_retired_portals_are_flagged(load, edit):
    edit("procedures.yaml", "service_levels:",
         "  - id: tinh\n    name: Cổng Dịch vụ công tỉnh Quảng Trị\n"
         "    url: https://dichvucong.quangtri.gov.vn\n    retired: 2025-07-01\nservice_levels:")
    edit(NOTICE, "đề nghị người dân", "đề nghị người dân (không dùng dichvucong.quangtri.gov.vn)")
    found = [str(w) for w in all_warnings(load()) if w.file == NOTICE]
    assert found == [
        f"{NOTICE}:11: nội dung: liên kết tới Cổng Dịch vụ công tỉnh Quảng Trị, cổng này đã "
        "ngừng nhận hồ sơ từ 01/07/2025; dùng Cổng Dịch vụ công quốc gia (dichvucong.gov.vn) "
        "thay thế."]


def test_retired_portal_is_never_the_default(load, edit):
    edit("procedures.yaml", "portals:\n",
         "portals:\n  - id: tinh\n    name: Cổng tỉnh\n    url: https://dvc.example.gov.vn\n"
         "    retired: 2025-07-01\n")
    assert load().portal.id == "quoc-gia"


def test_schema_files_describe_the_contract(tmp_path):
    result = run("schema", "-o", str(tmp_path))
    assert result.exit_code == 0, result.output
    schema = json.loads((tmp_path / "procedures.schema.json").read_text(encoding="utf-8"))
    assert schema["additionalProperties"] is False
    assert {"schema", "office", "portals", "service_levels", "procedures"} <= set(
        schema["properties"])
    front = json.loads((tmp_path / "announcement.schema.json").read_text(encoding="utf-8"))
    assert front["properties"]["kind"]["enum"] == ["notice", "leaflet", "broadcast"]


def test_reference_catalogue_is_valid():
    from outreach.catalogue.load import load_catalogue

    root = Path(__file__).resolve().parents[1]
    catalogue = load_catalogue(root / "procedures.yaml")
    assert len(catalogue.procedures) >= 25
    assert catalogue.portals[0].url == "https://dichvucong.gov.vn"


def test_placeholder_office_phone_is_flagged(load, edit):
    edit("procedures.yaml", 'phone: "0000 000 000"', 'phone: "0233 3xxx xxx"')
    found = [str(w) for w in all_warnings(load()) if w.field.startswith("office")]
    assert found == ["procedures.yaml: office.phone: “0233 3xxx xxx” trông như giá trị giữ "
                     "chỗ; thay bằng thông tin thật của cơ quan trước khi in hoặc phát thanh."]


def test_check_reports_a_malformed_lexicon_with_its_line(project_dir):
    (project_dir / "audio" / "lexicon.yaml").write_text("- not a mapping\n", encoding="utf-8")
    result = run("check", "-f", str(project_dir / "mkdocs.yml"))
    assert result.exit_code == 1
    assert "audio/lexicon.yaml:1:" in result.output
    assert "Traceback" not in result.output

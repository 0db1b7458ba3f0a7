"""Overlays: a commune catalogue `extends` a province base; errors keep file:line."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from outreach.catalogue.project import load_project
from outreach.cli import main
from outreach.errors import InvalidInput
from project_support import TODAY

COMMUNE = """\
extends: ../base/procedures.yaml
schema: 1
office:
  name: Ủy ban nhân dân xã Cam Lộ
  short_name: UBND xã Cam Lộ
  place: Cam Lộ
  province: Quảng Trị
  address: Trụ sở UBND xã Cam Lộ, tỉnh Quảng Trị
  phone: "0233 3861 234"
  office_hours: Sáng 7h30–11h30, thứ Hai đến thứ Sáu
  one_stop_desk: Trung tâm Phục vụ hành chính công xã Cam Lộ
  broadcast_station: Đài Truyền thanh xã Cam Lộ
{rest}"""


def split_project(project_dir: Path, rest: str) -> Path:
    """Move the scaffold's catalogue (without office) to ../base and write a commune overlay."""
    base = project_dir.parent / "base"
    base.mkdir()
    text = (project_dir / "procedures.yaml").read_text(encoding="utf-8")
    text = re.sub(r"^office:\n(?:  .*\n)+", "", text, flags=re.MULTILINE)
    (base / "procedures.yaml").write_text(text, encoding="utf-8")
    (project_dir / "procedures.yaml").write_text(COMMUNE.format(rest=rest), encoding="utf-8")
    return base / "procedures.yaml"


def base_line(base: Path, needle: str) -> int:
    lines = base.read_text(encoding="utf-8").splitlines()
    return next(i for i, line in enumerate(lines, start=1) if needle in line)


def problems(project_dir: Path) -> list[str]:
    with pytest.raises(InvalidInput) as exc:
        load_project(project_dir / "mkdocs.yml", today=TODAY)
    return [str(p) for p in exc.value.problems]


def test_overlay_merges_overrides_exclusions_and_additions(project_dir: Path) -> None:
    split_project(project_dir, """\
exclude: ["2.000815"]
procedures:
  - code: "1.001193"
    time: Trong ngày, nếu nộp trước 15 giờ
    where: [one_stop_desk]
  - code: "1.004194"
    name: Đăng ký tạm trú
    field: Cư trú
    level: toan-trinh
    summary: Người đến ở nơi mới đăng ký tạm trú.
    time: 03 ngày làm việc
    fee: {amount: 15000}
    documents: [Tờ khai thay đổi thông tin cư trú]
    steps: [Nộp tờ khai trên Cổng Dịch vụ công quốc gia]
    where: [online]
    result: Thông tin tạm trú được cập nhật
    legal_basis: [Luật Cư trú 2020]
    source: https://dichvucong.gov.vn
""")
    (project_dir / "announcements" / "to-roi-mau.md").unlink()  # it features 2.000815
    project = load_project(project_dir / "mkdocs.yml", today=TODAY)
    codes = [p.code for p in project.catalogue.procedures]
    assert codes == ["1.001193", "1.004194"]
    birth = project.by_code["1.001193"]
    assert birth.time == "Trong ngày, nếu nộp trước 15 giờ"
    assert birth.where == ["one_stop_desk"]
    assert birth.name == "Đăng ký khai sinh"  # untouched fields come from the base
    assert project.office.name == "Ủy ban nhân dân xã Cam Lộ"
    assert project.catalogue.portals[0].id == "quoc-gia"  # from the base


def test_error_in_base_names_base_file_and_line(project_dir: Path) -> None:
    base = split_project(project_dir, "procedures: []\n")
    base.write_text(base.read_text(encoding="utf-8").replace(
        "level: truc-tiep", "level: truc-tep"), encoding="utf-8")
    line = base_line(base, "level: truc-tep")
    assert any(p.startswith(f"../base/procedures.yaml:{line}: procedures[1].level: mức độ "
                            "“truc-tep” không có") for p in problems(project_dir))


def test_error_in_override_names_commune_file_and_line(project_dir: Path) -> None:
    split_project(project_dir, """\
procedures:
  - code: "1.001193"
    fee: {amount: -5}
""")
    # COMMUNE has 12 lines before `rest`; fee is the 3rd line of rest.
    assert problems(project_dir) == [
        "procedures.yaml:15: procedures[0].fee.amount: phải từ 0 trở lên, không phải -5."]


def test_missing_extends_target(project_dir: Path) -> None:
    (project_dir / "procedures.yaml").write_text(
        COMMUNE.format(rest="").replace("../base/", "../tinh/"), encoding="utf-8")
    found = problems(project_dir)
    assert found[0].startswith("procedures.yaml:1: extends: không tìm thấy danh mục gốc "
                               "“../tinh/procedures.yaml”")


def test_extends_loop(project_dir: Path) -> None:
    base = split_project(project_dir, "")
    base.write_text("extends: ../xa/procedures.yaml\n" + base.read_text(encoding="utf-8"),
                    encoding="utf-8")
    assert problems(project_dir)[0] == (
        "../base/procedures.yaml:1: extends: “extends” tạo thành vòng lặp: procedures.yaml → "
        "../base/procedures.yaml → procedures.yaml. Danh mục gốc không được kế thừa lại tệp "
        "của xã; xóa một dòng “extends” trong vòng này.")


def test_override_of_unknown_code_lacking_fields(project_dir: Path) -> None:
    split_project(project_dir, """\
procedures:
  - code: "1.001194"
    time: Trong ngày
""")
    assert problems(project_dir) == [
        "procedures.yaml:14: procedures[0]: mã “1.001194” không có trong danh mục gốc "
        "../base/procedures.yaml, nên đây là thủ tục mới của xã và còn thiếu: name, field, "
        "level, summary, fee, documents, steps, where, result, legal_basis, source. Có phải ý "
        "bạn là “1.001193”? Nếu định sửa một thủ tục của danh mục gốc, kiểm tra lại mã; nếu "
        "là thủ tục mới, thêm đủ các trường trên."]


def test_exclude_of_unknown_code(project_dir: Path) -> None:
    split_project(project_dir, 'exclude:\n  - "2.000816"\n')
    assert problems(project_dir) == [
        "procedures.yaml:14: exclude[0]: không có thủ tục mã “2.000816” trong danh mục gốc "
        "../base/procedures.yaml nên không bỏ được. Có phải ý bạn là “2.000815”? Kiểm tra "
        "lại mã hoặc xóa mục này."]


def test_exclude_without_extends(project_dir: Path, edit) -> None:
    edit("procedures.yaml", "schema: 1\n", 'schema: 1\nexclude: ["2.000815"]\n')
    assert problems(project_dir)[0].startswith("procedures.yaml:5: exclude: “exclude” chỉ dùng "
                                               "được khi tệp có “extends”")


def test_check_explain_shows_origin_of_each_field(project_dir: Path) -> None:
    base = split_project(project_dir, """\
procedures:
  - code: "1.001193"
    time: Trong ngày, nếu nộp trước 15 giờ
""")
    result = CliRunner().invoke(main, ["check", "-f", str(project_dir / "mkdocs.yml"),
                                       "--explain", "1.001193"])
    assert result.exit_code == 0, result.output
    rows = {line.split()[0]: line for line in result.output.splitlines() if line.strip()}
    assert "procedures.yaml:15" in rows["time"] and "../base" not in rows["time"]
    assert f"../base/procedures.yaml:{base_line(base, 'name: Đăng ký khai sinh')}" \
        in rows["name"]


def test_check_explain_unknown_code(project_dir: Path) -> None:
    split_project(project_dir, "")
    result = CliRunner().invoke(main, ["check", "-f", str(project_dir / "mkdocs.yml"),
                                       "--explain", "1.001194"])
    assert result.exit_code == 1
    assert "không có thủ tục mã “1.001194” trong danh mục. Có phải ý bạn là “1.001193”?" \
        in result.output


def test_warnings_about_base_portals_and_changes_name_the_base_line(project_dir: Path) -> None:
    base = split_project(project_dir, "")
    text = base.read_text(encoding="utf-8")
    text = text.replace("tim-kiem-thu-tuc-hanh-chinh?keyword={code}",
                        "p/home/dvc-tthc-thu-tuc-hanh-chinh.html?ma_thu_tuc={code}", 1)
    text += ("changes:\n  - from: 2027-03-01\n    summary: Luật Hộ tịch mới có hiệu lực.\n"
             "    legal_basis: [Luật Hộ tịch 03/2026/QH16]\n")
    base.write_text(text, encoding="utf-8")
    project = load_project(project_dir / "mkdocs.yml", today=TODAY.replace(year=2027, month=3,
                                                                            day=2))
    from outreach.build import project_warnings

    found = {p.field: p for p in project_warnings(project)}
    portal = found["portals.0.procedure_url"]
    assert (portal.file, portal.line) == ("../base/procedures.yaml",
                                          base_line(base, "ma_thu_tuc={code}"))
    change = found["changes"]
    assert (change.file, change.line) == ("../base/procedures.yaml", base_line(base, "changes:"))

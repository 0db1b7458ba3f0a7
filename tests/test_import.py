"""`outreach import`: real xlsx files written with openpyxl (merged cells) and real CSVs."""

from __future__ import annotations

import re
from pathlib import Path

import openpyxl
import pytest
import yaml
from click.testing import CliRunner

from outreach.catalogue.pending import PENDING
from outreach.cli import main
from outreach.errors import InvalidInput
from outreach.province.importer import fold, import_list

HEADER = ["STT", "Mã TTHC", "Tên thủ tục hành chính", "Lĩnh vực", "Thời hạn giải quyết",
          "Phí, lệ phí", "Căn cứ pháp lý", "Mức độ DVC trực tuyến"]


def province_xlsx(path: Path) -> Path:
    """A list as provinces publish it: a title block, the header on row 4, a merged field."""
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = "Danh mục"
    ws.append(["DANH MỤC THỦ TỤC HÀNH CHÍNH CẤP XÃ"])
    ws.merge_cells("A1:H1")
    ws.append(["(Kèm theo Quyết định của Chủ tịch UBND tỉnh)"])
    ws.append([])
    ws.append(HEADER)  # row 4
    ws.append([1, "1.001193", "Đăng ký khai sinh", "Hộ tịch", "Ngay trong ngày",
               "Miễn lệ phí", "Luật Hộ tịch 2014\nNghị định 123/2015/NĐ-CP", "Toàn trình"])
    ws.append([2, 1.000894, "Đăng ký kết hôn", None, "Ngay trong ngày", "Không",
               "Luật Hộ tịch 2014", "Một phần"])  # row 6: code read as a number by Excel
    ws.merge_cells("D5:D6")  # Lĩnh vực spans both rows
    ws.append([3, "2.000815", "Chứng thực bản sao từ bản chính", "Chứng thực",
               "Trong ngày", "2.000 đồng/trang", "Nghị định 23/2015/NĐ-CP", "Trực tiếp"])
    ws.append([4, "1.0011", "Thủ tục có mã sai", "Hộ tịch", "", "", "", ""])  # row 8
    ws.append([5, None, "Thủ tục không có mã", "Hộ tịch", "", "", "", ""])  # row 9
    ws.append([6, "1.004194", "Đăng ký tạm trú", "Cư trú", "03 ngày làm việc",
               "15.000 đồng; nộp trực tuyến 7.000 đồng", "Luật Cư trú 2020", "Mức độ 4"])
    book.save(path)
    return path


def test_xlsx_with_title_rows_merged_cells_and_numbers(tmp_path: Path) -> None:
    records, warnings = import_list(province_xlsx(tmp_path / "tinh.xlsx"))
    by_code = {r["code"]: r for r in records}
    assert list(by_code) == ["1.001193", "1.000894", "2.000815", "1.004194"]
    assert by_code["1.000894"]["field"] == "Hộ tịch"  # filled from the merged cell
    assert by_code["1.001193"]["legal_basis"] == ["Luật Hộ tịch 2014", "Nghị định 123/2015/NĐ-CP"]
    assert by_code["1.001193"]["level"] == "toan-trinh"
    assert by_code["1.000894"]["level"] == "mot-phan"
    assert by_code["2.000815"]["fee"] == {"amount": 2000, "note": "2.000 đồng/trang"}
    assert by_code["1.004194"]["fee"]["amount"] == 15000
    assert by_code["1.004194"]["level"] == "toan-trinh"
    assert by_code["1.001193"]["documents"] == [PENDING]
    assert [(w.line, w.field) for w in warnings] == [
        (6, "Mã TTHC (Mã số)"), (8, "Mã TTHC (Mã số)"), (9, "Mã TTHC (Mã số)")]
    assert "được lưu dưới dạng số" in warnings[0].message
    assert "đã đọc thành “1.000894”" in warnings[0].message
    assert str(warnings[1]) == ("tinh.xlsx:8: Mã TTHC (Mã số): mã thủ tục “1.0011” sai dạng "
                                "(cần dạng 1.001193); bỏ qua dòng này.")


@pytest.mark.parametrize("delimiter", [";", ","])
def test_csv_with_bom_any_order_and_unaccented_headers(tmp_path: Path, delimiter: str) -> None:
    rows = [
        ["Ten thu tuc", "Ma so", "Linh vuc", "Phi/le phi", "Thoi han giai quyet"],
        ["Đăng ký khai sinh", "1.001193", "Hộ tịch", "0", "Ngay trong ngày"],
        ["Đăng ký khai tử", "'1.000656", "Hộ tịch", "Miễn", "Ngay trong ngày"],
    ]
    text = "\n".join(delimiter.join(f'"{c}"' for c in row) for row in rows) + "\n"
    path = tmp_path / "tinh.csv"
    path.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    records, warnings = import_list(path)
    assert [(r["code"], r["name"], r["fee"]["amount"]) for r in records] == [
        ("1.001193", "Đăng ký khai sinh", 0), ("1.000656", "Đăng ký khai tử", 0)]
    assert warnings == []


def test_no_recognisable_header(tmp_path: Path) -> None:
    path = tmp_path / "sai.csv"
    path.write_text("Cột 1;Cột 2\na;b\n", encoding="utf-8")
    with pytest.raises(InvalidInput) as exc:
        import_list(path)
    assert str(exc.value.problems[0]) == (
        "sai.csv: không tìm thấy dòng tiêu đề trong 20 dòng đầu. Cần một dòng có ít nhất các "
        "cột: “Mã TTHC (Mã số)”, “Tên thủ tục hành chính” (có thể viết có dấu hoặc không, theo "
        "thứ tự bất kỳ). Các cột đọc được nếu có: “Lĩnh vực”, “Thời hạn giải quyết”, “Phí, lệ "
        "phí”, “Căn cứ pháp lý”, “Mức độ (DVC trực tuyến)”, “STT”.")


def test_fold_headers() -> None:
    assert fold("Mã TTHC/Mã số") == "ma tthc ma so"
    assert fold("Lĩnh  vực") == "linh vuc"
    assert fold("Đơn vị") == "don vi"


def test_import_command_writes_a_base_that_communes_extend_and_check_lists(
        tmp_path: Path, project_dir: Path) -> None:
    base = tmp_path / "base" / "procedures.yaml"
    base.parent.mkdir()
    result = CliRunner().invoke(main, ["import", str(province_xlsx(tmp_path / "tinh.xlsx")),
                                       "-o", str(base)])
    assert result.exit_code == 0, result.output
    assert "Đã ghi 4 thủ tục" in result.output
    assert "tinh.xlsx:6: Mã TTHC (Mã số):" in result.output
    data = yaml.safe_load(base.read_text(encoding="utf-8"))
    assert "office" not in data and data["portals"][0]["id"] == "quoc-gia"
    # A commune extends the imported base: it validates, and check lists the records to write.
    own = (project_dir / "procedures.yaml").read_text(encoding="utf-8")
    office = re.search(r"^office:\n(?:  .*\n)+", own, re.MULTILINE)
    assert office
    (project_dir / "procedures.yaml").write_text(
        "extends: ../base/procedures.yaml\nschema: 1\n" + office.group(0), encoding="utf-8")
    for name in ("to-roi-mau.md",):  # features 2.000815 only in the scaffold's catalogue
        (project_dir / "announcements" / name).unlink(missing_ok=True)
    check = CliRunner().invoke(main, ["check", "-f", str(project_dir / "mkdocs.yml")])
    assert check.exit_code == 0, check.output
    pending = [line for line in check.output.splitlines() if "cán bộ viết" in line]
    assert len(pending) == 4
    lines = base.read_text(encoding="utf-8").splitlines()
    start = lines.index("- code: '1.001193'")
    line = next(i for i in range(start, len(lines)) if lines[i].startswith("  summary:")) + 1
    assert any(f"../base/procedures.yaml:{line}: 1.001193.summary: “Đăng ký khai sinh” nhập "
               "từ danh sách của tỉnh còn chờ cán bộ viết: summary, documents, steps, result."
               in p for p in pending), pending


def test_section_rows_give_the_field_of_the_rows_below(tmp_path: Path) -> None:
    path = tmp_path / "tinh.csv"
    path.write_text("STT,Mã số,Tên thủ tục,Lĩnh vực\n"
                    "I,Lĩnh vực Hộ tịch,,\n"
                    "1,1.001193,Đăng ký khai sinh,\n"
                    "II. Lĩnh vực Chứng thực,,,\n"
                    "2,2.000815,Chứng thực bản sao từ bản chính,\n", encoding="utf-8")
    records, _ = import_list(path)
    assert [(r["code"], r["field"]) for r in records] == [("1.001193", "Hộ tịch"),
                                                          ("2.000815", "Chứng thực")]


@pytest.mark.parametrize(("cell", "fee"), [
    ("Theo Nghị quyết 15/2025/NQ-HĐND tỉnh", {"set_by": "province",
                                             "note": "Theo Nghị quyết 15/2025/NQ-HĐND tỉnh"}),
    ("Mức thu do Hội đồng nhân dân tỉnh quyết định", {
        "set_by": "province", "note": "Mức thu do Hội đồng nhân dân tỉnh quyết định"}),
    ("50.000đ/lần (theo NQ của HĐND)", {"amount": 50000, "note": "50.000đ/lần (theo NQ của HĐND)"}),
    ("100.000 VNĐ", {"amount": 100000, "note": "100.000 VNĐ"}),
    ("15000", {"amount": 15000}),
])
def test_a_fee_set_by_the_province_is_never_read_as_free_or_as_the_resolution_number(cell, fee):
    # A list's "do HĐND quyết định" used to become 0 đồng (printed as free) and
    # "Nghị quyết 15/2025" 15 đồng.
    from outreach.province.importer import parse_fee

    assert parse_fee(cell) == (fee, True)

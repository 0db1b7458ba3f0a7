"""Legally fixed facts of the reference catalogue, each pinned to the text it comes from.

An edit to procedures.yaml that contradicts the law fails here with the citation. The texts
were read in the Bộ pháp điển (phapdien.moj.gov.vn) and the national procedure records; see
each record's `checked`.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from outreach.catalogue.load import load_catalogue

ROOT = Path(__file__).resolve().parents[1]
CATALOGUE = load_catalogue(ROOT / "procedures.yaml", today=dt.date(2026, 12, 1))
BY_CODE = {p.code: p for p in CATALOGUE.procedures}

TT226 = "Thông tư 226/2016/TT-BTC, Điều 4 (phí chứng thực)"
TT75 = "Thông tư 75/2022/TT-BTC (lệ phí đăng ký cư trú), theo bản ghi TTHC của Bộ Công an"
LHT = "Luật Hộ tịch 2014 (60/2014/QH13)"
# National procedure records (Bộ Y tế, Bộ Nông nghiệp và Môi trường) as shown on the Cổng Dịch
# vụ công quốc gia; read in a public snapshot of 23/6/2026, see each record's `checked`.
DVC = "Bản ghi TTHC trên Cổng Dịch vụ công quốc gia (bản chụp 23/6/2026)"

# (code, amount in đồng, words the note must contain, citation)
FEES = [
    ("2.000815", 2000, ["2.000", "1.000", "200.000"], f"{TT226}: 2.000 đ/trang, từ trang 3 "
     "1.000 đ/trang, tối đa 200.000 đ/bản"),
    ("2.000884", 10000, ["10.000"], f"{TT226}: 10.000 đ/trường hợp"),
    ("2.001035", 50000, ["50.000", "30.000", "25.000"], f"{TT226}: 50.000 đ; sửa đổi 30.000 đ; "
     "sửa lỗi 25.000 đ"),
    ("2.000635", 8000, ["8.000"], "Thông tư 281/2016/TT-BTC, Điều 4: 8.000 đ/bản sao trích lục"),
    ("1.004222", 20000, ["20.000", "10.000"], f"{TT75}: trực tiếp 20.000 đ, trực tuyến 10.000 đ"),
    ("1.004194", 15000, ["15.000", "7.000"], f"{TT75}: trực tiếp 15.000 đ, trực tuyến 7.000 đ"),
    ("1.002755", 15000, ["15.000", "7.000"], f"{TT75}: trực tiếp 15.000 đ, trực tuyến 7.000 đ"),
    ("1.010038", 10000, ["10.000", "5.000"], f"{TT75}: trực tiếp 10.000 đ, trực tuyến 5.000 đ"),
    ("1.001193", 0, ["60 ngày"], f"{LHT}, Điều 11 khoản 1 điểm b: miễn lệ phí khai sinh đúng "
     "hạn; Điều 15 khoản 1: hạn 60 ngày kể từ ngày sinh"),
    ("1.000656", 0, ["15 ngày"], f"{LHT}, Điều 11 khoản 1 điểm b: miễn lệ phí khai tử đúng "
     "hạn; Điều 33 khoản 1: hạn 15 ngày kể từ ngày chết"),
    ("1.000894", 0, [], f"{LHT}, Điều 11 khoản 1 điểm b: miễn lệ phí kết hôn trong nước"),
    ("1.004837", 0, [], f"{LHT}, Điều 11 khoản 1 điểm b: miễn lệ phí giám hộ"),
    ("1.003197", 0, [], "Bản ghi TTHC xóa đăng ký thường trú (Bộ Công an): không thu lệ phí"),
    ("1.001699", 0, [], f"{DVC} 1.001699: lệ phí 0"),
    ("1.001776", 0, [], f"{DVC} 1.001776: không có dòng phí, lệ phí (Nghị định 20/2021/NĐ-CP)"),
    ("1.001731", 0, [], f"{DVC} 1.001731: không có dòng phí, lệ phí (Nghị định 20/2021/NĐ-CP)"),
    ("1.012812", 0, [], f"{DVC} 1.012812: lệ phí 0"),
]

LPL = "Luật Phí và lệ phí 97/2015/QH13, Điều 21 khoản 1 (HĐND tỉnh quyết định mức thu)"
EXEMPT = ["gia đình có công với cách mạng", "hộ nghèo", "khuyết tật"]
# Fees the provincial council sets; no Quảng Trị resolution was found, so the catalogue prints
# who sets the fee and where to ask, never an amount it cannot cite.
# (code, words the note must contain, citation)
PROVINCE_FEES = [
    ("1.000689", EXEMPT + ["60 ngày"], f"{DVC} 1.000689; {LHT}, Điều 11 khoản 1 điểm a (miễn), "
     f"điểm b và Điều 15 (khai sinh đúng hạn, 60 ngày, được miễn); {LPL}"),
    ("1.001022", EXEMPT, f"{LHT}, Điều 11 khoản 1 điểm a; {LPL}"),
    ("1.004873", EXEMPT, f"{DVC} 1.004873; {LHT}, Điều 11 khoản 1 điểm a; {LPL}"),
    ("1.004859", EXEMPT, f"{DVC} 1.004859; {LHT}, Điều 11 khoản 1 điểm a; {LPL}"),
    ("1.004884", EXEMPT, f"{DVC} 1.004884; {LHT}, Điều 11 khoản 1 điểm a; {LPL}"),
    ("1.004746", EXEMPT, f"{DVC} 1.004746; {LHT}, Điều 11 khoản 1 điểm a; {LPL}"),
    ("1.005461", EXEMPT, f"{DVC} 1.005461; {LHT}, Điều 11 khoản 1 điểm a; {LPL}"),
    ("1.001612", ["nộp hồ sơ"], f"{DVC} 1.001612: mức lệ phí do HĐND tỉnh quyết định "
     "(Thông tư 85/2019/TT-BTC), nộp khi nộp hồ sơ"),
    ("1.013831", [], f"{LPL}; lệ phí cấp giấy chứng nhận quyền sử dụng đất thuộc danh mục lệ phí "
     "của HĐND tỉnh"),
]
# The national records' fixed charges that are not lệ phí hộ tịch: the copy fee (TT 281/2016).
FIXED_CIVIL_STATUS_CHARGES = {"2.000635"}

# (code, words the time must contain, citation)
TIMES = [
    ("1.001193", ["Ngay"], f"{LHT}, Điều 16 khoản 2: ngay sau khi nhận đủ giấy tờ"),
    ("1.000656", ["Ngay"], f"{LHT}, Điều 34 khoản 2: ngay sau khi nhận giấy tờ"),
    ("1.000894", ["Ngay", "05 ngày làm việc"], f"{LHT}, Điều 18 khoản 2: ngay; xác minh không "
     "quá 05 ngày làm việc"),
    ("1.004837", ["03 ngày làm việc"], f"{LHT}, Điều 20 khoản 2: 03 ngày làm việc"),
    ("1.001022", ["03 ngày làm việc", "05 ngày làm việc"], f"{LHT}, Điều 25 khoản 2: 03 ngày, "
     "xác minh thêm không quá 05 ngày làm việc"),
    ("1.004859", ["03 ngày làm việc"], f"{LHT}, Điều 28 khoản 2: 03 ngày, xác minh thêm không "
     "quá 03 ngày làm việc"),
    ("2.000635", ["Ngay"], f"{LHT}, Điều 64 khoản 2: ngay sau khi nhận được yêu cầu"),
    ("2.000815", ["trong ngày", "15 giờ", "02 ngày làm việc"], "Nghị định 23/2015/NĐ-CP, Điều 7 "
     "(trong ngày; sau 15 giờ thì ngày làm việc tiếp theo) và Điều 21 (kéo dài không quá 02 "
     "ngày làm việc)"),
    ("2.000884", ["trong ngày", "15 giờ"], "Nghị định 23/2015/NĐ-CP, Điều 7"),
    ("2.001035", ["02 ngày làm việc"], "Nghị định 23/2015/NĐ-CP, Điều 37: không quá 02 ngày "
     "làm việc"),
    ("1.004222", ["07 ngày làm việc"], "Luật Cư trú 2020, Điều 22 khoản 3: 07 ngày làm việc"),
    ("1.004194", ["03 ngày làm việc"], "Luật Cư trú 2020, Điều 28 khoản 3: 03 ngày làm việc"),
    ("1.002755", ["03 ngày làm việc"], "Bản ghi TTHC gia hạn tạm trú (Bộ Công an): 03 ngày "
     "làm việc"),
    ("1.010038", ["05 ngày làm việc"], "Luật Cư trú 2020, Điều 25 khoản 3: 05 ngày làm việc"),
    ("1.003197", ["05 ngày làm việc"], "Bản ghi TTHC xóa đăng ký thường trú (Bộ Công an): 05 "
     "ngày làm việc"),
    ("1.001699", ["25 ngày làm việc"], f"{DVC} 1.001699: 25 ngày làm việc"),
    ("1.001776", ["10 ngày làm việc"], f"{DVC} 1.001776: 10 ngày làm việc"),
    ("1.001731", ["03 ngày làm việc"], f"{DVC} 1.001731: 03 ngày làm việc kể từ ngày nhận đủ "
     "hồ sơ hợp lệ"),
    ("1.012812", ["30 ngày"], "Quyết định 2304/QĐ-BNNMT (2025), thủ tục 1.012812: không quá 30 "
     "ngày kể từ ngày nhận được đơn"),
    ("1.000689", ["03 ngày làm việc"], f"{DVC} 1.000689: 3 ngày"),
    ("1.004873", ["03 ngày làm việc"], f"{DVC} 1.004873: 3 ngày"),
    ("1.004884", ["05 ngày làm việc"], f"{DVC} 1.004884: 5 ngày"),
    ("1.004746", ["05 ngày làm việc"], f"{DVC} 1.004746: 5 ngày"),
    ("1.005461", ["05 ngày làm việc"], f"{DVC} 1.005461: 5 ngày"),
    ("1.001612", ["03 ngày làm việc"], "Quyết định 2831/QĐ-UBND ngày 10/7/2025 của UBND TP Hải "
     "Phòng công bố thủ tục 1.001612 theo Nghị định 168/2025/NĐ-CP: 03 ngày làm việc"),
]

# Codes that were wrong in earlier versions of the reference catalogue: (old, current, citation).
RETIRED_CODES = [
    ("2.000744", "1.001731", f"{DVC}: hỗ trợ chi phí mai táng cho đối tượng bảo trợ xã hội ở cấp "
     "xã mang mã 1.001731 (danh mục TTHC ngành Y tế, QĐ 2874/QĐ-UBND Hải Phòng 2025)"),
    ("1.001695", "1.000689", f"{DVC}: khai sinh kết hợp nhận cha, mẹ, con trong nước là 1.000689; "
     "1.001695 là thủ tục có yếu tố nước ngoài"),
]


@pytest.mark.parametrize(("code", "amount", "words", "citation"), FEES,
                         ids=[f[0] for f in FEES])
def test_fee_is_the_one_the_law_fixes(code, amount, words, citation):
    fee = BY_CODE[code].fee
    assert fee.amount == amount, f"{code}: lệ phí phải là {amount} đồng theo {citation}"
    for word in words:
        assert word in (fee.note or ""), f"{code}: ghi chú lệ phí phải nêu {word} ({citation})"


@pytest.mark.parametrize(("code", "words", "citation"), PROVINCE_FEES,
                         ids=[f[0] for f in PROVINCE_FEES])
def test_fee_the_province_sets_prints_no_amount(code, words, citation):
    fee = BY_CODE[code].fee
    assert fee.amount is None and fee.set_by == "province", (
        f"{code}: mức thu do HĐND tỉnh quyết định ({citation}); chưa có nghị quyết của tỉnh để "
        "dẫn nên không ghi số tiền — ghi “set_by: province”, hoặc ghi số tiền kèm số, ngày, điều "
        "của nghị quyết vào “checked” và sửa bảng này")
    for word in words:
        assert word in (fee.note or ""), f"{code}: ghi chú lệ phí phải nêu “{word}” ({citation})"
    assert "hỏi mức thu" in (fee.note or ""), f"{code}: ghi chú phải nói nơi hỏi mức thu"


def test_civil_status_amounts_cite_a_council_resolution():
    # Lệ phí hộ tịch is the provincial council's to set (Luật Phí và lệ phí 2015 Điều 21 khoản
    # 1; danh mục lệ phí thuộc thẩm quyền HĐND tỉnh); an amount must name its resolution.
    for p in CATALOGUE.procedures:
        if p.field != "Hộ tịch" or p.code in FIXED_CIVIL_STATUS_CHARGES:
            continue
        if p.fee.amount:
            assert "NQ-HĐND" in (p.checked or ""), (
                f"{p.code}: lệ phí hộ tịch {p.fee.amount} đồng không dẫn nghị quyết HĐND tỉnh "
                f"({LPL}); ghi số, ngày, điều của nghị quyết vào “checked” hoặc dùng "
                "“set_by: province”")


@pytest.mark.parametrize(("code", "words", "citation"), TIMES, ids=[t[0] for t in TIMES])
def test_time_is_the_one_the_law_fixes(code, words, citation):
    time = BY_CODE[code].time
    for word in words:
        assert word.lower() in time.lower(), f"{code}: thời hạn phải có “{word}” theo {citation}"


@pytest.mark.parametrize(("old", "current", "citation"), RETIRED_CODES,
                         ids=[c[0] for c in RETIRED_CODES])
def test_reference_uses_the_current_procedure_code(old, current, citation):
    assert old not in BY_CODE, f"mã {old} không còn dùng cho thủ tục này: {citation}"
    assert current in BY_CODE, f"thiếu mã {current}: {citation}"
    assert old in (BY_CODE[current].checked or ""), f"{current}: ghi mã cũ {old} vào “checked”"


def test_service_levels_are_those_of_the_law_in_force():
    levels = CATALOGUE.service_levels
    current = levels.schemes[levels.current]
    assert "148/2025/QH15" in current.title, (
        "Luật Chuyển đổi số 148/2025/QH15, Điều 3 khoản 15, định nghĩa DVCTT toàn trình và "
        "một phần; Nghị định 42/2022/NĐ-CP hết hiệu lực từ 01/7/2026 (NĐ 224/2026, Điều 90)")
    names = {level.name for level in current.levels.values()}
    assert {"Dịch vụ công trực tuyến toàn trình", "Dịch vụ công trực tuyến một phần"} <= names
    old = {level.maps_to for level in levels.schemes["nd42"].levels.values()}
    assert old <= set(current.levels), "NĐ 42/2022 giữ lại làm bảng quy đổi sang bộ hiện hành"


def test_civil_status_records_announce_the_2026_law():
    civil = [p for p in CATALOGUE.procedures if p.field == "Hộ tịch"]
    for p in civil:
        dates = {c.from_ for c in p.changes}
        assert dt.date(2027, 3, 1) in dates, (
            f"{p.code}: Luật Hộ tịch 03/2026/QH16 có hiệu lực từ 01/3/2027 — ghi vào “changes”")


def test_no_placeholder_phone_in_the_reference_office():
    phone = CATALOGUE.office.phone
    assert phone is None or "x" not in phone.lower(), "không in số điện thoại giữ chỗ"


def test_portal_template_is_the_search_page():
    template = CATALOGUE.portals[0].procedure_url or ""
    assert template.startswith("https://dichvucong.gov.vn/tim-kiem-thu-tuc-hanh-chinh?keyword=")
    assert "ma_thu_tuc" not in template

"""Vietnamese text of the province commands (batch, matrix, import)."""

from __future__ import annotations

NO_PROJECT = ("không có tệp mkdocs.yml trong thư mục này hay các thư mục con trực tiếp; mỗi xã "
              "cần một dự án (tạo bằng `outreach new`).")
PROGRESS = "Dựng các xã/phường"
DONE_LINE = "{mark} {commune}: {status} sau {seconds:.1f} giây"
STATUS_OK = "xong"
STATUS_UNCHANGED = "không đổi"
STATUS_FAILED = "LỖI"
STATUS_STRICT = "LỖI (--strict: có cảnh báo)"
TABLE_TITLE = "Dựng {n} xã/phường với {jobs} tiến trình trong {seconds:.1f} giây"
COLUMNS = ("Xã/phường", "Trang", "PDF", "Âm thanh", "Cảnh báo", "Thời gian", "Trạng thái")
CACHE_LINE = ("Bộ nhớ đệm dùng chung ({folder}): dùng lại {rate:.0%} "
              "(bản in {pdf}, câu đọc {sentences}, đoạn âm thanh {segments}, "
              "tệp âm thanh {clips}).")
CACHE_PART = "{hits}/{total}"
FAILED_HEADER = "Lỗi của {commune} ({path}):"
SUMMARY_FAILED = "{failed}/{n} xã/phường bị lỗi; các xã khác đã dựng xong."
UNEXPECTED = "sự cố không mong đợi: {kind}: {detail}"

# Import of a province's published list (xlsx/csv)
IMPORT_NO_HEADER = ("không tìm thấy dòng tiêu đề trong {sheet}20 dòng đầu. Cần một dòng có ít "
                    "nhất các cột: {required} (có thể viết có dấu hoặc không, theo thứ tự bất "
                    "kỳ). Các cột đọc được nếu có: {optional}.")
IMPORT_UNREADABLE = "không đọc được tệp ({detail}); lưu lại dưới dạng .xlsx hoặc .csv UTF-8."
IMPORT_FORMAT = "chỉ đọc được tệp .xlsx hoặc .csv; hãy lưu danh sách dưới một trong hai dạng."
IMPORT_NO_CODE = "không có mã thủ tục; bỏ qua dòng này."
IMPORT_BAD_CODE = ("mã thủ tục “{value}” sai dạng (cần dạng 1.001193); bỏ qua "
                   "dòng này.")
IMPORT_NO_NAME = "có mã “{code}” nhưng không có tên thủ tục; bỏ qua dòng này."
IMPORT_FLOAT_CODE = ("mã “{value}” được lưu dưới dạng số nên có thể đã mất chữ số "
                     "0 ở cuối; đã đọc thành “{code}”, hãy kiểm tra lại với danh sách gốc.")
IMPORT_DUPLICATE = "mã “{code}” đã có ở dòng {first}; bỏ qua dòng lặp."
IMPORT_FEE = ("không đọc được số tiền trong “{value}”; ghi tạm 0 đồng và giữ nguyên "
              "chữ trong ghi chú, cán bộ cần kiểm tra.")
IMPORT_LEVEL = ("mức độ “{value}” không rõ; ghi tạm “truc-tiep” (nộp trực tiếp), "
                "cán bộ cần kiểm tra.")
IMPORT_NOTHING = "không đọc được thủ tục nào từ tệp; kiểm tra lại cột mã và tên thủ tục."
IMPORT_WROTE = ("Đã ghi {n} thủ tục vào {output} ({warnings} cảnh báo). Thành phần hồ sơ, các "
                "bước và kết quả để cán bộ bổ sung; `outreach check` liệt kê các bản ghi này.")
IMPORT_HEADER_COMMENT = ("# Danh mục nhập từ {source} bằng `outreach import` ngày {today}.\n"
                         "# Dùng làm danh mục gốc của tỉnh: tệp của mỗi xã viết "
                         "`extends: ../base/procedures.yaml`.\n"
                         "# Các dòng “(chưa có – cán bộ xã bổ sung)” cần được viết lại; "
                         "`outreach check` liệt kê chúng.\n")
LABEL_ERROR = "[bold red]LỖI[/]"
LABEL_WARNING = "[bold yellow]CẢNH BÁO[/]"
IMPORT_MISSING = "không tìm thấy tệp này; kiểm tra tên và đường dẫn."
IMPORT_NOT_UTF8 = "không phải UTF-8"
IMPORT_SHEET = "trang “{name}”, "
IMPORT_COLUMNS = {"code": "Mã TTHC (Mã số)", "name": "Tên thủ tục hành chính",
                  "field": "Lĩnh vực", "time": "Thời hạn giải quyết", "fee": "Phí, lệ phí",
                  "legal_basis": "Căn cứ pháp lý", "level": "Mức độ (DVC trực tuyến)",
                  "stt": "STT"}

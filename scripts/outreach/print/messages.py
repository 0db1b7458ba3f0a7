"""Every message the print module shows to commune staff, in one place (Vietnamese)."""

from __future__ import annotations

MISSING_NOTICE_FIELD = ("thông báo (kind: notice) cần trường “{field}” để in đúng thể thức "
                        "Nghị định 30/2020; thêm trường này vào phần đầu.")
NO_FEATURED = ("tờ rơi cần ít nhất một thủ tục tiêu biểu; thêm mã thủ tục vào danh sách "
               "“procedures”.")
TOO_MANY_FEATURED = ("tờ rơi chỉ in được tối đa {limit} thủ tục tiêu biểu (đang có {count}); "
                     "bớt mã trong danh sách “procedures” hoặc làm thêm một tờ rơi khác.")
PANEL_OVERFLOW = ("nội dung tràn khỏi {panel}; rút gọn phần này để tờ rơi in ra không bị "
                  "mất chữ.")
LEAFLET_PAGES = ("tờ rơi phải in đúng 2 mặt giấy nhưng bản dựng ra {pages} trang; "
                 "rút gọn nội dung.")
GUIDE_TOO_LONG = ("hướng dẫn in của thủ tục “{code}” dài hơn một trang A4 (kể cả khi đã thu nhỏ "
                  "chữ); rút gọn các bước, giấy tờ hoặc ghi chú của thủ tục này.")
NO_SITE_URL = ("chưa đặt “site_url” nên tờ rơi “{leaflet}” không có mã QR dẫn tới trang web "
               "của xã; thêm dòng “site_url: https://…” vào mkdocs.yml.")
REFUSED_URL = ("mẫu in cố tải “{url}”, nằm ngoài thư mục mẫu in và phông chữ; khi in không "
               "được dùng mạng hay tệp ở nơi khác. Chép tệp vào overrides/print/ và dùng "
               "đường dẫn tương đối.")
TEMPLATE_MISSING = ("không tìm thấy mẫu in “{name}” trong overrides/print/ của dự án hay của "
                    "outreach; chép lại tệp này từ bộ outreach.")
TEMPLATE_ERROR = "mẫu in có lỗi: {detail}. Sửa mẫu hoặc chép lại bản gốc từ bộ outreach."
FONT_MISSING = ("không tìm thấy phông chữ “{name}” trong overrides/fonts/; chép lại các tệp "
                "Liberation Serif từ bộ outreach.")

# Labels printed on documents or naming fields in problems.
BODY = "nội dung"
GUIDE_TITLE = "Hướng dẫn thủ tục: {name}"
A_PANEL = "một mặt gấp"
NAME_TOO_LONG = ("tên “{name}” quá dài để in ở góc trái phần đầu thông báo (rộng khoảng "
                 "{width} mm) kể cả khi xuống dòng thành {lines} dòng; viết tên ngắn hơn theo "
                 "cách cơ quan vẫn ghi trên văn bản (ví dụ “UBND” thay cho “Ủy ban nhân dân” ở "
                 "tên cơ quan chủ quản).")
NOTICE_TOO_LONG = ("thông báo dài {pages} trang, quá {limit} trang; rút gọn nội dung, tách thành "
                   "nhiều thông báo hoặc đưa phần chi tiết ra phụ lục.")
PDF_LIBRARY_MISSING = (
    "không tải được thư viện Pango mà WeasyPrint cần để làm bản in PDF ({detail}). Trên "
    "Windows: cài bộ GTK3 Runtime rồi khởi động lại máy (HUONG-DAN.md trong thư mục dự án, mục "
    "1 “Cài đặt”); trên Linux: sudo apt install libpango-1.0-0 libpangoft2-1.0-0 "
    "libharfbuzz-subset0. Trong lúc chờ, vẫn dựng được trang web và bài phát thanh: outreach "
    "build --no-print.")
QUICKREF_FIELD = "Tóm tắt: cách dùng outreach"
QUICKREF_TOO_LONG = ("mục “{section}” dài hơn một trang A4 kể cả khi đã thu nhỏ chữ; rút gọn mục "
                     "này để tờ “Cách dùng outreach” vừa một trang.")
DOCX_LOCKED = ("tệp “{path}” đang được mở trong Word hoặc một chương trình khác nên không ghi "
               "đè được; đóng tệp đó (lưu bản đang sửa với tên khác nếu cần) rồi chạy lại lệnh. "
               "Các tệp in cũ vẫn được giữ nguyên.")

FIELD_BODY = "nội dung"  # the field named when an announcement's body is at fault
GUIDE_TITLE = "Hướng dẫn thủ tục: {name}"
A_PANEL = "một mặt gấp"

# The Word twin of a notice (print/word.py): the same fixed texts as templates/notice.html.
NUMBER = "Số: {number}"
NATION = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"
NOTICE_TITLE = "THÔNG BÁO"
TO = "Kính gửi: {to}"
TABLE_HEADINGS = ("TT", "Tên thủ tục", "Mức độ", "Thời hạn giải quyết", "Phí, lệ phí")
TABLE_QR = "Mã QR"
CODE = "Mã: {code}"
RECIPIENTS = "Nơi nhận:"

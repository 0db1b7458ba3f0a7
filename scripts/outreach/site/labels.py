"""Every Vietnamese phrase the generated pages use, in one place (code names stay English)."""

from __future__ import annotations

WHERE = {
    "online": "Nộp trực tuyến trên {portal}",
    "one_stop_desk": "Nộp trực tiếp tại {desk}",
    "post": "Gửi hồ sơ qua dịch vụ bưu chính đến {desk}",
}

KIND = {"notice": "Thông báo", "leaflet": "Tờ rơi", "broadcast": "Bài phát thanh"}

# Not in the catalogue: a national number that is the same for every commune.
VNEID_HOTLINE = "1900 0368"

FREE = "Miễn phí"
CODE = "Mã thủ tục"
FIELD = "Lĩnh vực"
LEVEL = "Mức độ"
TIME = "Thời hạn giải quyết"
FEE = "Lệ phí"
AUDIENCE = "Ai cần làm"
ALSO_CALLED = "Còn gọi là"
DOCUMENTS = "Giấy tờ cần chuẩn bị"
DOCUMENTS_HINT = "Đánh dấu từng giấy tờ khi đã có đủ."
STEPS = "Các bước thực hiện"
WHERE_TITLE = "Nộp hồ sơ ở đâu"
RESULT = "Kết quả nhận được"
LEGAL = "Căn cứ pháp lý"
LINKED = "Thủ tục liên thông"
SUBMIT = "Nộp hồ sơ trên {portal}"
PRINT = "Tải bản in (PDF)"
LISTEN = "Nghe"
TRANSCRIPT = "Đọc lời (văn bản)"
DOWNLOAD_MP3 = "Tải MP3"
CHECKED = "Kiểm tra lần cuối: {date}"
NEVER_CHECKED = "Chưa được kiểm tra với nguồn chính thức"
SOURCE = "Nguồn"
STALE_TITLE = "Thông tin có thể đã cũ"
STALE_NEVER = ("Thông tin trên trang này chưa được cán bộ đối chiếu với nguồn chính thức. "
               "Trước khi đi nộp hồ sơ, bà con nên {contact} để hỏi lại.")
STALE_OLD = ("Thông tin trên trang này được kiểm tra lần cuối ngày {date}, đã hơn {days} ngày. "
             "Quy định và lệ phí có thể đã thay đổi; bà con nên {contact} "
             "để hỏi lại trước khi đi nộp hồ sơ.")
# {contact}: the office phone when the catalogue has one, else the desk and the hotline.
CONTACT_PHONE = "gọi {desk} theo số {phone}"
CONTACT_DESK = "hỏi trực tiếp {desk}"
CONTACT_DESK_HOTLINE = "hỏi trực tiếp {desk} hoặc gọi tổng đài {portal} ({hotline})"
# Announced changes (catalogue `changes`), shown only before they take effect.
CHANGES_TITLE = "Sắp có thay đổi"
CHANGE_ITEM = "Từ ngày {date}: {summary}"
CHANGE_BASIS = "Căn cứ: {basis}."
UPDATED = "Cập nhật ngày {date}: {note}"
BACK_TO_FIELD = "Các thủ tục khác thuộc lĩnh vực {field}"

FIELDS_NAV = "Thủ tục theo lĩnh vực"
AZ_TITLE = "Tất cả thủ tục từ A đến Z"
AZ_NAV = "Thủ tục từ A đến Z"
AZ_INTRO = ("Danh sách {count} thủ tục xếp theo bảng chữ cái. Có thể gõ tên thủ tục vào ô "
            "Tìm kiếm ở đầu trang, có dấu hay không dấu đều được.")
FIELD_TITLE = "Thủ tục lĩnh vực {field}"
FIELD_INTRO = "{count} thủ tục thuộc lĩnh vực {field} do {office} hướng dẫn."
GUIDES_NAV = "Hướng dẫn"
ANNOUNCEMENTS_TITLE = "Thông báo"
ANNOUNCEMENTS_INTRO = "Thông báo, tờ rơi và bài phát thanh của {office}, mới nhất ở trên."
ANNOUNCEMENTS_NONE = "Hiện chưa có thông báo nào."
NUMBER = "Số: {number}"
DATED = "Ngày {date}"
RELATED = "Thủ tục được nhắc đến"
BROADCAST_TITLE = "Nghe phát thanh"
BROADCAST_INTRO = ("Các bài phát thanh của {station} và bản đọc hướng dẫn từng thủ tục. "
                   "Bấm nút phát để nghe, hoặc tải về điện thoại để nghe lúc khác.")
BROADCAST_PROGRAMME = "Tải cả chương trình phát thanh (danh sách phát .m3u)"
BROADCAST_NONE = "Hiện chưa có bài phát thanh nào."
BROADCAST_ANNOUNCEMENTS = "Bài phát thanh"
BROADCAST_PROCEDURES = "Hướng dẫn thủ tục bằng giọng đọc"
DURATION = "Thời lượng: {duration}"
AUDIO_UNSUPPORTED = "Trình duyệt không phát được âm thanh; hãy dùng liên kết tải MP3."
HOME_NAV = "Trang chủ"

HOME_TITLE = "Làm thủ tục hành chính dễ dàng hơn"
HOME_INTRO = ("Trang này của {office} hướng dẫn bà con làm thủ tục hành chính: cần giấy tờ gì, "
              "làm theo các bước nào, mất bao lâu, lệ phí bao nhiêu và nộp hồ sơ ở đâu.")
HOME_SEARCH_HINT = ("Gõ tên thủ tục vào ô **Tìm kiếm** ở đầu trang, có dấu hay không dấu đều "
                    "được, ví dụ: *dang ky khai sinh*. Hoặc xem [danh sách thủ tục từ A đến Z]"
                    "({az}) và các lĩnh vực dưới đây.")
HOME_FIELDS = "Tìm thủ tục theo lĩnh vực"
HOME_FIELD_COUNT = "{count} thủ tục"
HOME_WHAT = "Dịch vụ công trực tuyến là gì?"
HOME_WHAT_TEXT = ("Dịch vụ công trực tuyến là cách làm thủ tục hành chính qua mạng Internet: "
                  "bà con khai và nộp hồ sơ trên {portal} bằng điện thoại hoặc máy tính, "
                  "không phải xếp hàng tại trụ sở.")
HOME_WHY = "Vì sao nên nộp hồ sơ trực tuyến?"
HOME_BENEFITS = (
    "Nộp hồ sơ bất cứ lúc nào, kể cả ngoài giờ làm việc và ngày nghỉ.",
    "Không mất công đi lại, tiết kiệm thời gian và chi phí.",
    "Theo dõi hồ sơ đang được giải quyết đến đâu ngay trên điện thoại.",
    "Một số thủ tục được giảm lệ phí khi nộp trực tuyến.",
)
HOME_REFORM = "Chính quyền địa phương hai cấp từ ngày 01/7/2025"
HOME_REFORM_TEXT = ("Từ ngày 01/7/2025, chính quyền địa phương gồm hai cấp là tỉnh và xã, "
                    "không còn cấp huyện. {portal} là nơi duy nhất để nộp hồ sơ trực tuyến: "
                    "bà con vào {url} để nộp hồ sơ trực tuyến.")
HOME_RETIRED = "Các địa chỉ cũ dưới đây chỉ còn để tham khảo, **không còn nhận hồ sơ**:"
HOME_RETIRED_ITEM = "{name} ({url}), ngừng nhận hồ sơ từ ngày {date}"
HOME_ACCOUNTS = "Tài khoản để đăng nhập"
HOME_ACCOUNTS_TEXT = ("Để nộp hồ sơ trực tuyến, bà con đăng nhập {portal} bằng tài khoản định "
                      "danh điện tử VNeID.")
HOME_VNEID_HELP = "Cần hỗ trợ về tài khoản VNeID, gọi tổng đài **{hotline}**."
HOME_LEVELS = "Các mức độ dịch vụ công"
HOME_LEVELS_TEXT = ("Theo {scheme}, mỗi thủ tục trên trang này được ghi một trong các mức độ "
                    "sau:")
HOME_OLD_LEVELS = "Trước đây, theo {scheme}, dịch vụ công được chia thành các mức:"
HOME_OLD_HEADER = "| Mức cũ | Nghĩa là | Nay tương ứng với |\n|---|---|---|"
HOME_CONTACT = "Liên hệ"
HOME_ADDRESS = "Địa chỉ"
HOME_PHONE = "Điện thoại"
HOME_EMAIL = "Thư điện tử"
HOME_HOURS = "Giờ làm việc"
HOME_DESK = "Nơi tiếp nhận hồ sơ trực tiếp"
HOME_HOTLINE = "Tổng đài hỗ trợ {portal}"
HOME_VNEID_HOTLINE = "Tổng đài hỗ trợ tài khoản VNeID"


# Messages of the MkDocs plugin (printed by MkDocs, not on the pages).

FONT_NOT_OFFLINE = ("outreach: theme.font chưa đặt là false; trang sẽ tải phông chữ từ Google "
                    "và không chạy được khi không có mạng. Thêm `font: false` dưới `theme:`.")
PLUGIN_NOT_CONFIGURED = "outreach: plugin chưa được nạp cấu hình (on_config chưa chạy)."
LEGACY_HOOK = ("outreach: cách khai báo cũ (hooks: overrides/hooks/outreach.py và "
               "extra.outreach) sẽ bị bỏ ở bản sau; thay bằng “plugins: - outreach: {…}” với "
               "cùng các thiết lập, rồi xóa dòng hooks và nhóm extra.outreach.")


def warnings_repeated(count: int) -> str:
    """Serve: the warnings the previous rebuild printed are not printed again."""
    return (f"outreach: {count} cảnh báo giống lần dựng trước, không in lại "
            "(chạy `outreach check` để xem đủ).")


def serve_index_failed(error: str) -> str:
    """Serve: the search index written after a rebuild could not be written."""
    return (f"outreach: không ghi được chỉ mục tìm kiếm của bản xem thử ({error}); "
            "tìm kiếm có thể chưa thấy thay đổi mới nhất. Lưu lại tệp để dựng lại.")


def hand_written_page(src_uri: str) -> str:
    return f"outreach: dùng trang viết tay {src_uri} thay cho trang tự tạo."


def problems_message(lines: list[str]) -> str:
    """The text MkDocs prints when the project is invalid: one `file:line: field: …` a line."""
    body = "\n".join(f"  {line}" for line in lines)
    return (f"outreach: dự án có {len(lines)} lỗi, cần sửa trước khi dựng trang:\n{body}\n"
            "Chạy `outreach check` để xem lại danh sách này.")
SCHEDULE_TITLE = "Lịch phát thanh"
SCHEDULE_INTRO = ("Giờ phát các bài của {station} trong tuần, bắt đầu từ ngày {date}. Mỗi ô là "
                  "một khung phát: các bài được phát theo thứ tự từ trên xuống.")
SCHEDULE_TIME = "Giờ"
SCHEDULE_EMPTY_CELL = "–"
SCHEDULE_SLOT_TOTAL = "tổng {duration}"
SCHEDULE_CALENDAR = "Thêm lịch vào điện thoại hoặc máy tính (tệp .ics)"
SCHEDULE_PLAYLISTS = "Danh sách phát cho từng khung giờ (dành cho cán bộ đài)"
SCHEDULE_ITEMS = "Các bài có lịch phát"
SCHEDULE_ITEM = "{days}, lúc {times}{period}. Ưu tiên {priority}."
SCHEDULE_FROM = ", từ {date}"
SCHEDULE_UNTIL = " đến hết {date}"
SCHEDULE_LEFT_OUT = "Không vừa khung giờ, chưa được phát: {titles}."
SCHEDULE_LINK = "Xem lịch phát thanh trong tuần"
# ---------------------------------------------------------------- sharing (links, previews)

SHARE = "Chia sẻ trang này"
SHARE_LABEL = "Chia sẻ trang này: gửi hoặc chép liên kết tới trang hướng dẫn"
SHARE_COPIED = "Đã chép liên kết. Dán vào Zalo, Facebook hoặc tin nhắn để gửi."
SHARE_COPY_FAILED = "Không chép được; bấm giữ vào nút để chép địa chỉ liên kết."
PREVIEW_PLACE = "{office} · {province}"
PREVIEW_FOOTER = "Hướng dẫn thủ tục hành chính"
PREVIEW_PROGRESS = "Ảnh chia sẻ"
PAGES_PROGRESS = "Trang web"  # pages read, then written: two steps each
PREVIEW_ALT = "{name} – hướng dẫn của {office}"
# The one warning when mkdocs.yml has no site_url (check and build say it once).
NO_SITE_URL = ("chưa đặt “site_url” nên khi chia sẻ trang thủ tục lên Zalo, Facebook sẽ không "
               "hiện ảnh xem trước và dữ liệu có cấu trúc không có địa chỉ trang; thêm dòng "
               "“site_url: https://…” (địa chỉ trang web của xã) vào mkdocs.yml.")

"""Every Vietnamese word the generated pages show, kept in one place so wording is edited here."""

from __future__ import annotations

SECTION_TITLES = {
    "thu-tuc": "Thủ tục hành chính",
    "thong-bao": "Thông báo",
    "huong-dan": "Hướng dẫn",
}

KIND_NAMES = {
    "notice": "Thông báo",
    "leaflet": "Tờ rơi",
    "broadcast": "Bài phát thanh",
}

HOME_TITLE = "Trang chủ"
PROCEDURES_TITLE = "Thủ tục hành chính"
PROCEDURES_INTRO = (
    "Danh sách thủ tục hành chính người dân thường làm tại {office}. "
    "Chọn một thủ tục để xem giấy tờ cần chuẩn bị, các bước làm trên mạng, lệ phí và thời hạn."
)
ANNOUNCEMENTS_TITLE = "Thông báo"
ANNOUNCEMENTS_INTRO = "Thông báo, tờ rơi và bài phát thanh của {office}, mới nhất ở trên."
ANNOUNCEMENTS_EMPTY = "Chưa có thông báo nào."
LEVELS_TITLE = "Các mức độ dịch vụ công trực tuyến"
LEVELS_INTRO = "Theo {scheme}, mỗi thủ tục được làm theo một trong các mức sau:"
LEVELS_OLD = "Cách gọi cũ: {scheme}"
LEVELS_OLD_INTRO = "Nhiều giấy tờ cũ còn dùng cách gọi theo mức độ. Các mức cũ tương ứng như sau:"
LEVELS_OLD_MAPS = "nay là"
ACCOUNTS_TITLE = "Tài khoản để đăng nhập"

SEARCH_HINT = (
    "Gõ tên việc cần làm vào ô **Tìm kiếm** ở đầu trang, ví dụ “{example}”; "
    "gõ không dấu cũng được."
)
HOME_FIELDS = "Thủ tục theo lĩnh vực"
HOME_LATEST = "Thông báo mới"
HOME_ALL_PROCEDURES = "Xem tất cả thủ tục"
CONTACT_TITLE = "Liên hệ và hỗ trợ"
CONTACT_ADDRESS = "Địa chỉ"
CONTACT_PHONE = "Điện thoại"
CONTACT_EMAIL = "Thư điện tử"
CONTACT_HOURS = "Giờ làm việc"
CONTACT_HOTLINE = "Tổng đài hỗ trợ {portal}"
FRAUD_WARNING_TITLE = "Cảnh giác lừa đảo"
FRAUD_WARNING = (
    "Cán bộ không bao giờ gọi điện hỏi mã OTP, mật khẩu hay yêu cầu chuyển tiền để làm thủ tục. "
    "Chỉ nộp hồ sơ trên {portal} ({url}) hoặc tại {desk}."
)

# Procedure page.
FACTS_HEADER = ("Thông tin", "Chi tiết")
FACT_CODE = "Mã thủ tục"
FACT_FIELD = "Lĩnh vực"
FACT_LEVEL = "Mức độ"
FACT_AUDIENCE = "Ai cần làm"
FACT_TIME = "Thời hạn giải quyết"
FACT_FEE = "Lệ phí"
FACT_WHERE = "Cách nộp hồ sơ"
FACT_RESULT = "Kết quả nhận được"
FEE_FREE = "Miễn phí"
CURRENCY = "đồng"
WHERE_NAMES = {
    "online": "Trực tuyến trên {portal}",
    "one_stop_desk": "Trực tiếp tại {desk}",
    "post": "Qua dịch vụ bưu chính công ích",
}
DO_ONLINE = "Làm trên {portal}"
PRINT_PDF = "In / tải PDF"
DOCUMENTS = "Giấy tờ cần chuẩn bị"
STEPS = "Các bước thực hiện"
LINKED = "Liên thông"
LISTEN = "Nghe hướng dẫn"
LISTEN_DOWNLOAD = "Tải tệp âm thanh (MP3)"
LISTEN_TRANSCRIPT = "Lời đọc"
AUDIO_UNSUPPORTED = "Trình duyệt không phát được âm thanh; hãy tải tệp MP3."
WHERE_TO_ASK = "Cần hỏi thêm"
WHERE_TO_ASK_TEXT = "{desk}, {address}. {hours_label}: {hours}. {phone_label}: {phone}."
LEGAL_BASIS = "Căn cứ pháp lý"
SOURCE = "Nguồn thông tin"
SOURCE_TEXT = "Thông tin được đối chiếu với [{host}]({url}) ngày {date}."
SOURCE_UNVERIFIED = "Thông tin lấy từ [{host}]({url}), chưa ghi ngày đối chiếu."
STALE_TITLE = "Thông tin có thể đã cũ"
STALE_TEXT = (
    "Thông tin này được đối chiếu lần cuối ngày {date}. Quy định và lệ phí có thể đã thay đổi; "
    "hãy hỏi {desk} trước khi nộp hồ sơ."
)
UNVERIFIED_TEXT = (
    "Thông tin này chưa được đối chiếu với nguồn chính thức. "
    "Hãy hỏi {desk} trước khi nộp hồ sơ."
)
RETIRED_PORTAL = "{portal} đã ngừng nhận hồ sơ từ ngày {date}; nay nộp trên {current}."

# Announcement page.
NUMBER = "Số"
DATE = "Ngày"
KIND = "Loại"
TO = "Kính gửi"
FEATURED = "Thủ tục được nhắc đến"
RECIPIENTS = "Nơi nhận"

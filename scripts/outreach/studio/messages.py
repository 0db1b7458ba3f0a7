"""Every Vietnamese phrase of the staff studio (labels as in shared/design/staff.md)."""

from __future__ import annotations

from ..site import labels as L

APP_NAME = "Phòng soạn thảo"
SKIP = "Bỏ qua, đến nội dung chính"
NAV_PROCEDURES = "Thủ tục"
NAV_ANNOUNCEMENTS = "Thông báo"
NAV_BUILD = "Dựng trang"
NAV_HANDBOOK = "Hướng dẫn"
HANDBOOK_TITLE = "Hướng dẫn dùng outreach"
NAV_LABEL = "Mục chính"

# The vocabulary staff already know from the site (one vocabulary, staff.md).
SAVE = "Lưu"
UNDO = "Hoàn tác"
PREVIEW_PAGE = "Xem trang"
PREVIEW_PRINT = "Xem bản in"
LISTEN = "Nghe thử"
BUILD = "Dựng trang"
OPEN_SITE = "Mở trang web"
ADD = "Thêm"
REMOVE = "Xóa"
MOVE_UP = "Lên"
MOVE_DOWN = "Xuống"

# Procedure fields: the labels the site shows, then the ones only staff see.
FIELD_LABELS = {
    "code": L.CODE,
    "name": "Tên thủ tục",
    "field": L.FIELD,
    "level": L.LEVEL,
    "summary": "Tóm tắt",
    "audience": L.AUDIENCE,
    "time": L.TIME,
    "fee": L.FEE,
    "documents": L.DOCUMENTS,
    "steps": L.STEPS,
    "where": L.WHERE_TITLE,
    "result": L.RESULT,
    "legal_basis": L.LEGAL,
    "linked": L.LINKED,
    "keywords": "Từ khóa",
    "source": "Nguồn chính thức (địa chỉ trang)",
    "verified": "Ngày đối chiếu",
    "checked": "Cách đối chiếu",
    "changes": "Thay đổi sắp có hiệu lực",
    "updated": "Ghi chú cập nhật",
    # nested
    "title": "Tên bước",
    "detail": "Chi tiết",
    "from": "Có hiệu lực từ ngày",
    "amount": "Số tiền (đồng)",
    "set_by": "Ai quy định",
    "note": "Ghi chú",
    "date": "Ngày",
}
ITEM_LABELS = {
    "documents": "Giấy tờ {n}",
    "steps": "Bước {n}",
    "legal_basis": "Văn bản {n}",
    "keywords": "Từ khóa {n}",
    "changes": "Thay đổi {n}",
}
ADD_ITEM = {
    "documents": "Thêm giấy tờ",
    "steps": "Thêm bước",
    "legal_basis": "Thêm văn bản",
    "keywords": "Thêm từ khóa",
    "changes": "Thêm thay đổi",
}
HINTS = {
    "code": "Mã trên Cổng Dịch vụ công quốc gia, ví dụ 1.001193.",
    "summary": "Một hoặc hai câu: thủ tục này để làm gì.",
    "time": "Ví dụ: Trong ngày làm việc; 05 ngày làm việc.",
    "keywords": "Những từ bà con hay gõ khi tìm, ví dụ “giấy khai sinh”.",
    "verified": "Ngày cán bộ đối chiếu thủ tục với nguồn chính thức.",
    "checked": "Đã so với văn bản nào, trang nào.",
    "changes.legal_basis": "Mỗi văn bản một dòng.",
}
WHERE_CHOICES = {
    "online": "Nộp trực tuyến",
    "one_stop_desk": "Nộp trực tiếp tại Bộ phận Một cửa",
    "post": "Gửi qua bưu điện",
}
FEE_AMOUNT = "Có số tiền cụ thể (ghi 0 nếu miễn phí)"
FEE_PROVINCE = "Do Hội đồng nhân dân tỉnh quy định"
FIELD_OTHER = "Lĩnh vực khác (gõ tên nếu không có trong danh sách)"
CHOOSE = "— Chọn —"
LEVEL_OPTION = "{name}"

# The procedure list.
PROCEDURES_TITLE = "Thủ tục hành chính"
PROCEDURES_COUNT = "{shown} / {total} thủ tục"
SEARCH_LABEL = "Tìm thủ tục (có dấu hay không dấu đều được)"
FILTER_FIELD = "Lĩnh vực"
ALL_FIELDS = "Tất cả lĩnh vực"
FILTER = "Lọc"
NEW_PROCEDURE = "Thêm thủ tục"
NO_MATCH = "Không có thủ tục nào khớp. Thử gõ ít chữ hơn hoặc chọn “Tất cả lĩnh vực”."
BADGE_UNVERIFIED = "Chưa đối chiếu"
BADGE_STALE = "Đã lâu chưa đối chiếu"
BADGE_CHANGE = "Sắp có thay đổi"
# Overlay communes: a record only the commune has, or a province record it changed.
BADGE_OWN = "Xã tự thêm"
BADGE_OVERRIDDEN = "Xã đã sửa riêng"
COLUMN_CODE = "Mã"
COLUMN_NAME = "Tên thủ tục"
COLUMN_FIELD = "Lĩnh vực"
COLUMN_STATE = "Tình trạng"

# The procedure form.
EDIT_TITLE = "Sửa thủ tục: {name}"
NEW_TITLE = "Thêm thủ tục mới"
BACK_TO_LIST = "Về danh sách thủ tục"
CHANGES_HEADING = "Những gì sẽ thay đổi khi bấm “Lưu”"
SHOW_CHANGES = "Xem thay đổi"
NO_CHANGES = "Chưa có thay đổi nào."
OLD = "Cũ"
NEW = "Mới"
EMPTY_VALUE = "(trống)"
MAJOR_CHANGE = "Đây là thay đổi quan trọng (bà con cần biết)"
MAJOR_NOTE = "Tóm tắt thay đổi trong một câu (trang thủ tục sẽ ghi “Cập nhật ngày …: …”)"
MAJOR_NOTE_MISSING = "hãy viết một câu cho bà con biết điều gì đã thay đổi."
INHERITED = "Theo danh mục tỉnh"
OVERRIDDEN = "Xã đã sửa riêng"
RESTORE = "Khôi phục theo danh mục tỉnh"
DELETE_PROCEDURE = "Xóa thủ tục này"
DELETE_CONFIRM_TITLE = "Xóa thủ tục “{name}”?"
DELETE_CONFIRM = ("Thủ tục sẽ không còn trên trang web, bản in và phát thanh. "
                  "Có thể bấm “Hoàn tác” ngay sau khi xóa.")
DELETE_YES = "Xóa thủ tục"
CANCEL = "Thôi, quay lại"
ERROR_SUMMARY = "Có lỗi cần sửa"
ERROR_PREFIX = "Lỗi:"
WARNINGS_HEADING = "Cần xem lại"
CODE_TAKEN = "mã {code} đã có trong danh mục (thủ tục “{name}”)."

# Saves.
SAVED = "Đã lưu. {message}"
SAVED_NOTHING = "Không có gì thay đổi nên chưa lưu."
UNDONE = "Đã hoàn tác lần lưu gần nhất."
CONFLICT_TITLE = "Tệp đã bị sửa ở nơi khác trong lúc bạn đang sửa"
CONFLICT_TEXT = ("Chưa ghi gì cả. Dưới đây là bản trên đĩa và bản của bạn; hãy chép phần "
                 "cần giữ, mở lại biểu mẫu rồi lưu lại.")
CONFLICT_REOPEN = "Mở lại biểu mẫu với bản trên đĩa"
CONFLICT_DISK = "Bản trên đĩa hiện nay"
CONFLICT_YOURS = "Bản của bạn (chưa lưu)"
COMMIT_EDIT = "Sửa thủ tục {code}: {fields}"
COMMIT_ADD = "Thêm thủ tục {code}"
COMMIT_REMOVE = "Xóa thủ tục {code}"
COMMIT_RESTORE = "Khôi phục {field} của thủ tục {code} theo danh mục tỉnh"
COMMIT_ANNOUNCEMENT = "Lưu thông báo {slug}"
UNKNOWN_PROCEDURE = "Không có thủ tục mã {code} trong danh mục."
UNKNOWN_ANNOUNCEMENT = "Không có thông báo “{id}”."
PROJECT_BROKEN = "Không đọc được danh mục: sửa các lỗi dưới đây rồi tải lại trang."

# Announcements.
ANNOUNCEMENTS_TITLE = "Thông báo, tờ rơi, bài phát thanh"
NEW_ANNOUNCEMENT = "Soạn thông báo mới"
EDIT_ANNOUNCEMENT = "Sửa: {title}"
KIND_LABEL = "Loại"
KINDS = L.KIND
ANNOUNCEMENT_LABELS = {
    "kind": "Loại",
    "title": "Tiêu đề",
    "number": "Số",
    "date": "Ngày",
    "signer": "Người ký",
    "recipients": "Nơi nhận",
    "body": "Nội dung",
    "procedures": "Thủ tục được nhắc đến",
    "summary": "Tóm tắt (một câu)",
}
SIGNER_LABELS = {
    "on_behalf": "Thay mặt (TM.)",
    "deputy": "Ký thay (KT.)",
    "position": "Chức vụ",
    "name": "Họ và tên",
}
TO_LABEL = "Kính gửi"
PICK_PROCEDURES = "Chọn thủ tục (đã chọn {n})"
BROADCAST_HINT = "Chỉ dùng cho bài phát thanh."
RECIPIENTS_HINT = "Mỗi nơi nhận một dòng, ví dụ “Như trên;”."
BODY_HINT = "Viết như trong Word. **chữ đậm**, *chữ nghiêng*, dòng bắt đầu bằng “- ” là danh sách."
TOOLBAR = {"bold": "Đậm", "italic": "Nghiêng", "list": "Danh sách", "heading": "Tiêu đề mục"}
LIVE_PREVIEW = "Xem trước nội dung"
BROADCAST_HEADING = "Lịch phát thanh"
BROADCAST_LABELS = {
    "days": "Các ngày trong tuần",
    "times": "Giờ phát (mỗi giờ một dòng, ví dụ 06:00)",
    "from": "Phát từ ngày",
    "until": "Đến hết ngày",
    "priority": "Thứ tự ưu tiên (1 phát trước)",
    "repeat": "Số lần đọc lại",
}
DAYS = {"T2": "Thứ hai", "T3": "Thứ ba", "T4": "Thứ tư", "T5": "Thứ năm", "T6": "Thứ sáu",
        "T7": "Thứ bảy", "CN": "Chủ nhật"}
RECORDING_LABEL = "Bản ghi âm của cán bộ (WAV, MP3 hoặc OGG)"
RECORDING_CURRENT = "Đang dùng bản ghi: {name}"
RECORDING_TOO_BIG = "tệp ghi âm lớn hơn {mb} MB; hãy ghi ngắn hơn hoặc lưu ở dạng MP3."
RECORDING_TYPE = "tệp “{name}” không phải tệp âm thanh WAV, MP3 hoặc OGG."
NO_ANNOUNCEMENTS = "Chưa có thông báo nào."

# Build and previews.
BUILD_TITLE = "Dựng trang web"
BUILD_INTRO = ("Dựng lại trang web, bản in và phát thanh từ danh mục và thông báo hiện có. "
               "Trang cũ vẫn giữ nguyên cho đến khi dựng xong.")
BUILD_RUNNING = "Đang dựng…"
BUILD_DONE = "Đã dựng xong trong {seconds} giây."
BUILD_FAILED = "Chưa dựng được: sửa các lỗi dưới đây rồi dựng lại."
BUILD_WARNINGS = "Cảnh báo"
PREVIEW_TITLES = {"xem-trang": "Xem trang", "xem-ban-in": "Xem bản in", "nghe-thu": "Nghe thử"}
PREVIEW_PROBLEMS = "Chưa xem trước được: sửa các lỗi dưới đây trong biểu mẫu."
DOWNLOAD_PDF = "Tải bản PDF"
PDF_PAGES = "{n} trang"
VOICE = "Giọng đọc: {engine}"
DOWNLOAD_WORD = "Tải bản Word"
TRANSCRIPT = "Lời đọc"

# Security.
CSRF_REFUSED = ("Yêu cầu bị từ chối vì thiếu mã bảo vệ của biểu mẫu. Hãy tải lại trang "
                "rồi làm lại; không có gì bị thay đổi.")
LOGIN_TITLE = "Đăng nhập"
PASSWORD = "Mật khẩu"
LOGIN = "Đăng nhập"
WRONG_PASSWORD = "Mật khẩu không đúng."
NOT_FOUND = "Không tìm thấy trang này."
NOT_FOUND_TEXT = "Địa chỉ này không có trong phòng soạn thảo. Hãy chọn một mục ở trên cùng."
METHOD_NOT_ALLOWED = "Trang này không làm được việc vừa yêu cầu."
METHOD_NOT_ALLOWED_TEXT = ("Không có gì bị thay đổi. Hãy mở lại trang rồi dùng các nút "
                           "trên trang.")
# Status -> (title, text) of the page shown instead of the web server's English.
HTTP_REFUSED = {404: (NOT_FOUND, NOT_FOUND_TEXT),
                405: (METHOD_NOT_ALLOWED, METHOD_NOT_ALLOWED_TEXT)}
SERVER_ERROR = "Có lỗi bất ngờ; chưa ghi gì. Chi tiết: {detail}"

# Command line.
LISTENING = "Phòng soạn thảo đang chạy tại {url} (bấm Ctrl+C để dừng)."
NEEDS_PASSWORD = ("Không mở phòng soạn thảo trên địa chỉ {host}: máy khác trong mạng sẽ vào "
                  "được mà không cần mật khẩu. Đặt mật khẩu trước bằng "
                  "“outreach studio --set-password”, hoặc bỏ --host để chỉ dùng trên máy này.")
PORT_BUSY = ("Cổng {port} đang có chương trình khác dùng, nên chưa mở được phòng soạn thảo. "
             "Có thể phòng soạn thảo đã mở sẵn: hãy mở {url} trên trình duyệt. Nếu không, "
             "chọn cổng khác, ví dụ “outreach studio --port {other}”.")
PASSWORD_PROMPT = "Mật khẩu mới cho phòng soạn thảo"
PASSWORD_CONFIRM = "Nhập lại mật khẩu"
PASSWORD_TOO_SHORT = "Mật khẩu cần ít nhất {n} ký tự."
PASSWORD_SET = "Đã đặt mật khẩu (lưu dạng băm tại {path})."
HELP_STUDIO = ("Mở phòng soạn thảo trên trình duyệt: sửa thủ tục, soạn thông báo, xem trước "
               "và dựng trang mà không cần sửa YAML.")
HELP_HOST = "Địa chỉ lắng nghe (mặc định chỉ máy này; địa chỉ khác cần mật khẩu)."
HELP_PORT = "Cổng."
HELP_NO_BROWSER = "Không tự mở trình duyệt."
HELP_SET_PASSWORD = "Đặt mật khẩu (cần khi mở cho máy khác trong mạng) rồi thoát."

"""Vietnamese wording of the messages that belong to no subpackage (build lock, CLI)."""

from __future__ import annotations


def build_locked(pid: str) -> str:
    who = f" (tiến trình số {pid})" if pid else ""
    return (f"một bản dựng khác của dự án này đang chạy{who}. Chờ bản dựng đó xong rồi chạy "
            "lại; hai bản dựng cùng lúc sẽ ghi đè lên nhau.")


def bad_source_date(value: str) -> str:
    return (f"biến môi trường SOURCE_DATE_EPOCH là “{value}”, không phải một số giây từ "
            "01/01/1970 (ví dụ 1767225600); sửa giá trị hoặc bỏ biến này đi.")



# The command line (`outreach …`): help texts, labels and summaries.

HELP_MAIN = "Tạo trang hướng dẫn, bản in và bài phát thanh về dịch vụ công từ một danh mục thủ tục."
HELP_CONFIG = "Tệp cấu hình mkdocs.yml của dự án."
HELP_VERBOSE = "In chi tiết lỗi kỹ thuật (traceback) khi có sự cố."
HELP_NEW = "Tạo một dự án mới cho một xã/phường (không hỏi gì thêm)."
HELP_COMMUNE = "Tên xã/phường."
HELP_PROVINCE = "Tên tỉnh/thành phố."
HELP_KIND = "Loại đơn vị hành chính cấp xã."
HELP_PHONE = "Số điện thoại của UBND (không dùng số cá nhân)."
HELP_CHECK = "Kiểm tra danh mục, thông báo, mẫu, từ điển đọc và dữ liệu cá nhân."
HELP_STRICT_CHECK = "Coi cảnh báo là lỗi (như mkdocs --strict)."
HELP_BUILD = "Dựng toàn bộ trang web, bản in và âm thanh vào thư mục site/."
HELP_ENGINE = "Giọng đọc: gtts (cần mạng), espeak (ngoại tuyến), auto (gtts nếu có mạng)."
HELP_NO_AUDIO = "Không tạo tệp âm thanh."
HELP_NO_PRINT = "Không tạo bản in PDF."
HELP_CLEAN = "Xóa bộ nhớ đệm, dựng lại mọi bản in và âm thanh."
HELP_STRICT = "Coi cảnh báo là lỗi."
HELP_SERVE = "Xem thử trang web, tự tải lại khi sửa danh mục hoặc thông báo."
HELP_DEV_ADDR = "Địa chỉ máy chủ xem thử."
HELP_SERVE_FULL = ("Mỗi lần sửa dựng lại mọi trang (chậm hơn; không trang nào còn menu hay "
                   "liên kết cũ). Mặc định chỉ dựng lại các trang có nội dung đổi.")
HELP_PRINT = "Chỉ tạo bản in PDF cho các thông báo (tên tệp không có .md) hoặc mã thủ tục."
HELP_AUDIO = "Chỉ tạo tệp âm thanh cho các bài phát thanh hoặc mã thủ tục."
HELP_SCHEMA = ("Ghi JSON Schema của procedures.yaml và phần đầu thông báo (để trình soạn thảo "
               "gợi ý).")
HELP_SCHEMA_OUT = "Thư mục ghi tệp JSON Schema."

DEFAULT_COMMUNE = "Trung Sơn"
DEFAULT_PROVINCE = "Quảng Trị"
KINDS = ("xã", "phường", "đặc khu")  # the three kinds of commune-level unit since 2025

ERROR = "[bold red]LỖI[/]"
WARNING = "[bold yellow]CẢNH BÁO[/]"
STRICT_FAILED = "Chế độ --strict: có cảnh báo nên coi là lỗi."
BUILD_ABORTED = "Bản dựng bị hủy; trang web cũ được giữ nguyên."

SUMMARY_KIND = "Loại"
SUMMARY_COUNT = "Số lượng"
SUMMARY_WARNINGS = "Cảnh báo"
SUMMARY_TIME = "Thời gian"
SUMMARY_LABELS = {"page": "Trang web", "notice": "Thông báo (PDF)", "leaflet": "Tờ rơi (PDF)",
                  "guide": "Hướng dẫn thủ tục (PDF)", "clip": "Tệp âm thanh (MP3)",
                  "transcript": "Bản ghi lời đọc", "programme": "Chương trình phát thanh",
                  "slot-playlist": "Danh sách phát theo lịch", "calendar": "Lịch phát thanh (.ics)",
                  "notice-docx": "Thông báo (Word)", "preview": "Ảnh xem trước khi chia sẻ"}


def same_elsewhere(count: int) -> str:
    return f" (và {count} chỗ khác cùng nội dung)" if count else ""


def errors_found(count: int) -> str:
    return f"Có {count} lỗi. Sửa các dòng trên rồi chạy lại; trang web cũ được giữ nguyên."


def unexpected(kind: str, detail: str) -> str:
    return (f"[bold red]LỖI[/] sự cố không mong đợi: {kind}: {detail}. "
            "Chạy lại với --verbose và gửi nội dung cho người bảo trì.")


def created(count: int, directory: object) -> str:
    return (f"Đã tạo {count} tệp trong {directory}. Tiếp theo:\n"
            f"  cd {directory}\n"
            "  outreach studio   (sửa thủ tục, soạn thông báo và dựng trang trên trình duyệt)\n"
            "  outreach check\n  outreach build")


def check_summary(procedures: int, unverified: int, announcements: int, warnings: int) -> str:
    return (f"Danh mục hợp lệ: {procedures} thủ tục ({unverified} chưa đối chiếu nguồn), "
            f"{announcements} thông báo/bài phát thanh, {warnings} cảnh báo.")


def built(site_dir: object) -> str:
    return f"Đã dựng xong: {site_dir}"


def seconds(value: float) -> str:
    return f"{value:.1f} giây"


def unknown_name(name: str) -> str:
    return f"không có thông báo hay thủ tục “{name}”."


def folder_not_empty() -> str:
    return "thư mục đã có tệp; chọn một thư mục mới hoặc trống để không ghi đè công việc đang có."


def verified_heading(count: int) -> str:
    return f"Đã đối chiếu nguồn ({count} thủ tục):"


# Province-scale commands (batch, import) and the shared cache.
HELP_CACHE_DIR = ("Thư mục bộ nhớ đệm bản in và âm thanh dùng chung cho nhiều xã "
                  "(mặc định: trong dự án).")
HELP_EXPLAIN = "In tệp và dòng ghi từng trường của một thủ tục (danh mục gốc hay của xã)."
HELP_JOBS = "Số tiến trình chạy song song (mặc định: số nhân CPU)."
HELP_BATCH_ENGINE = "Giọng đọc cho mọi xã (mặc định: theo mkdocs.yml của từng xã)."
HELP_FORCE = "Dựng lại cả những xã không có gì thay đổi từ lần dựng trước."
HELP_MATRIX = "Chỉ in danh sách xã dạng JSON cho ma trận công việc CI (GitHub, GitLab)."
HELP_BATCH = "Dựng nhiều xã/phường song song (mỗi thư mục một dự án), in bảng tổng hợp."
HELP_IMPORT_OUTPUT = "Tệp danh mục sẽ ghi (dùng làm danh mục gốc của tỉnh)."
HELP_IMPORT = "Nhập danh sách thủ tục tỉnh công bố (.xlsx, .csv) thành danh mục procedures.yaml."

CODE_METAVAR = "MÃ"


# The studio's saves (saves.py): commit messages and why a save was refused.

def save_procedure(code: str, labels: list[str]) -> str:
    """'Sửa thủ tục 1.001193: lệ phí, thời hạn giải quyết' (labels as the form shows them)."""
    fields = ", ".join(label[:1].lower() + label[1:] for label in labels)
    return f"Sửa thủ tục {code}: {fields}" if fields else f"Sửa thủ tục {code}"


def add_procedure(code: str, name: str) -> str:
    return f"Thêm thủ tục {code}: {name}"


def remove_procedure(code: str, name: str) -> str:
    return f"Xóa thủ tục {code}: {name}"


def restore_base(code: str, labels: list[str]) -> str:
    fields = ", ".join(label[:1].lower() + label[1:] for label in labels)
    return f"Khôi phục theo danh mục tỉnh, thủ tục {code}: {fields}"


def save_announcement(title: str) -> str:
    return f"Sửa thông báo: {title}"


def undo(message: str) -> str:
    return f"Hoàn tác: {message}"


def merged_with(message: str) -> str:
    return f"{message} (gộp với thay đổi khác trên đĩa)"


# Author of the studio's commits when the project's git has no user.name/user.email.
STUDIO_AUTHOR_NAME = "Trình soạn thảo outreach"
STUDIO_AUTHOR_EMAIL = "studio@outreach.invalid"

SAVE_OUTSIDE_PROJECT = ("tệp “{path}” nằm ngoài thư mục dự án; trình soạn thảo chỉ ghi tệp "
                        "trong dự án.")
SAVE_CONFLICT = ("tệp đã được sửa ở nơi khác (một thẻ trình duyệt khác, trình soạn thảo văn bản "
                 "hoặc git pull) sau khi bạn mở biểu mẫu, và hai bên sửa cùng chỗ: {where}. "
                 "Chưa ghi gì. Xem hai bản bên dưới, chép phần của bạn rồi mở lại biểu mẫu.")
CONFLICT_RECORDS = "thủ tục {codes}"
CONFLICT_OUTSIDE = "phần ngoài danh sách thủ tục"
CONFLICT_ORDER = "thứ tự các thủ tục"
CONFLICT_WHOLE = "cả tệp"
CONFLICT_INVALID = "bản gộp không hợp lệ"
SAVE_BUSY = ("một lần lưu khác của dự án này đang chạy; chờ vài giây rồi bấm “Lưu” lại (nếu vẫn "
             "báo bận, xóa tệp {lock}).")
SAVE_FAILED = "không ghi được tệp ({reason}); tệp cũ vẫn nguyên vẹn. Kiểm tra quyền ghi và ổ đĩa."
UNDO_NOTHING = "chưa có lần lưu nào để hoàn tác."
UNDO_CHANGED = ("tệp “{path}” đã được sửa ở nơi khác sau lần lưu “{message}”, nên không hoàn tác "
                "để khỏi mất phần sửa đó. Mở tệp, sửa lại bằng tay.")
UNDO_MISSING_COPY = ("không còn bản trước lần lưu “{message}” trong {folder}, nên không hoàn tác "
                     "được.")


# The staff handbook (HUONG-DAN.md) and its one-page quick reference.
HELP_HANDBOOK = ("In tờ “Cách dùng outreach” (một trang A4, PDF) từ mục tóm tắt của HUONG-DAN.md "
                 "để dán cạnh máy tính.")
HELP_HANDBOOK_OUT = "Tệp PDF sẽ ghi (mặc định: cach-dung-outreach.pdf trong thư mục dự án)."
QUICK_REFERENCE_TITLE = "Cách dùng outreach"
HANDBOOK_SUMMARY_HEADING = "## Tóm tắt: cách dùng outreach"  # the section printed on one page
# The packaged handbook names no commune: the scaffold's tokens read as a general "xã, phường".
HANDBOOK_GENERIC = {"__KIND__ __COMMUNE__": "xã, phường", "__KIND__": "xã", "__COMMUNE__": "",
                    "__PROVINCE__": ""}


def handbook_no_summary(heading: str) -> str:
    return (f"không có mục “{heading}” nên không in được tờ hướng dẫn nhanh; thêm lại dòng "
            "tiêu đề này (chép từ HUONG-DAN.md của một dự án mới) trước phần tóm tắt.")


def wrote(path: object) -> str:
    return f"Đã ghi {path}"


# The studio's previews and its "Dựng trang" (outreach.preview).
PREVIEW_STAGE_LOAD = "Đọc danh mục và thông báo"
PREVIEW_STAGE_PAGES = "Dựng trang web"
PREVIEW_STAGE_DONE = "Đã dựng xong"
PREVIEW_STAGE_ASSETS = "Bản in và âm thanh"


def preview_file_refused(catalogue: str, announcements: str) -> str:
    return (f"chỉ xem thử được danh mục {catalogue} và các thông báo "
            f"{announcements}/<tên>.md. Lưu tệp này rồi dựng trang để xem.")


def preview_unknown(name: str, suggestion: str) -> str:
    return (f"không có thủ tục hay thông báo “{name}” trong bản đang sửa.{suggestion} "
            "Kiểm tra mã thủ tục hoặc tên tệp thông báo (không có .md).")


def preview_not_printed(name: str) -> str:
    return (f"“{name}” là bài phát thanh nên không có bản in. Dùng “Nghe thử” để nghe; "
            "muốn in, đổi Loại thành Thông báo hoặc Tờ rơi.")


def preview_not_spoken(name: str) -> str:
    return (f"“{name}” là thông báo hoặc tờ rơi nên không có bài đọc. Dùng “Xem bản in”; "
            "muốn phát trên loa, đổi Loại thành Bài phát thanh.")


def preview_config_invalid(config: str, detail: str) -> str:
    return f"không đọc được {config}: {detail}. Sửa tệp cấu hình rồi thử lại."


def preview_failed(kind: str, detail: str) -> str:
    return (f"sự cố không mong đợi khi xem thử hoặc dựng trang: {kind}: {detail}. "
            "Trang web cũ được giữ nguyên; gửi nội dung này cho người bảo trì.")


# `outreach export`: the site as plain sources for another engine.
HELP_EXPORT = ("Xuất trang web thành mã nguồn thuần (Markdown, menu, giao diện, PDF, MP3, tìm "
               "kiếm) để MkDocs, ProperDocs hoặc Zensical dựng mà không cần plugin outreach.")
HELP_EXPORT_ENGINE = ("Công cụ sẽ dựng bản xuất: mkdocs, properdocs (kèm bộ tìm kiếm tiếng Việt "
                      "của outreach) hoặc zensical (dùng bộ tìm kiếm của Zensical).")
EXPORT_NOT_EMPTY = ("thư mục đã có tệp và không phải bản xuất trước của outreach; chọn một thư "
                    "mục mới hoặc trống để không ghi đè công việc đang có.")
EXPORT_INSIDE_DOCS = ("thư mục xuất nằm trong thư mục trang (docs_dir) của dự án; chọn một thư "
                      "mục ở ngoài, ví dụ ../ban-xuat.")


def export_header(engine: str) -> str:
    return (f"Bản xuất của outreach cho {engine}: dựng bằng “{engine} build” (không cần plugin "
            "outreach).\nĐừng sửa ở đây: sửa procedures.yaml và announcements/ của dự án rồi "
            "chạy lại “outreach export”.")


def exported(pages: int, directory: object, engine: str) -> str:
    return (f"Đã xuất {pages} trang sinh tự động vào {directory}; dựng bằng: "
            f"cd {directory} && {engine} build")

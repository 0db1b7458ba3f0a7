"""Plain-Vietnamese wording of validation errors, kept in one place."""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping
from typing import Any


def suggest(word: str, choices: Iterable[str], shown: Mapping[str, str] | None = None) -> str:
    """' Có phải ý bạn là “x”?' when a close match exists, else ''.

    `shown` maps a choice to how it is written back (e.g. a folded day name to "Thứ Hai").
    """
    match = difflib.get_close_matches(str(word), [str(c) for c in choices], n=1, cutoff=0.6)
    if not match:
        return ""
    return f" Có phải ý bạn là “{(shown or {}).get(match[0], match[0])}”?"


def choices(values: Iterable[str]) -> str:
    return ", ".join(f"“{v}”" for v in values)


def for_pydantic_error(err: Mapping[str, Any], allowed_keys: list[str]) -> str:
    """Turn one pydantic error dict into a sentence that says what is wrong and how to fix it."""
    kind = err["type"]
    loc = err["loc"]
    name = str(loc[-1]) if loc else ""
    value = err.get("input")
    ctx = err.get("ctx") or {}
    if kind == "extra_forbidden":
        return (f"trường “{name}” không có trong mẫu.{suggest(name, allowed_keys)} "
                "Sửa lại tên trường hoặc xóa dòng này. "
                f"Các trường được dùng: {choices(allowed_keys)}.")
    if kind == "missing":
        return f"thiếu trường bắt buộc “{name}”; thêm một dòng “{name}: …”."
    if kind in ("string_type", "string_too_short"):
        return "cần một đoạn chữ, không được để trống."
    if kind in ("int_type", "int_parsing", "int_from_float"):
        return f"cần một số nguyên (ví dụ 8000), không phải “{value}”."
    if kind in ("float_type", "float_parsing"):
        return f"cần một con số, không phải “{value}”."
    if kind == "greater_than_equal":
        return f"phải từ {ctx.get('ge')} trở lên, không phải {value}."
    if kind == "less_than_equal":
        return f"không được lớn hơn {ctx.get('le')} (đang là {value})."
    if kind in ("list_type", "tuple_type"):
        return "cần một danh sách: mỗi mục một dòng bắt đầu bằng “- ”."
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        return "cần một nhóm trường (các dòng “tên: giá trị” thụt vào trong)."
    if kind == "too_short":
        return "danh sách không được để trống; thêm ít nhất một mục."
    if kind == "literal_error":
        expected = ctx.get("expected", "")
        return f"giá trị “{value}” không hợp lệ; chọn một trong: {expected}."
    if kind.startswith("date") or kind.startswith("datetime"):
        return (f"“{value}” không phải ngày hợp lệ; viết dạng NĂM-THÁNG-NGÀY, "
                "ví dụ 2025-11-01.")
    if kind == "value_error" and "unquoted_code" in str(err.get("msg")):
        return ("mã thủ tục phải đặt trong ngoặc kép, ví dụ code: \"1.001193\" "
                "(không có ngoặc, YAML đọc thành số và làm mất chữ số 0).")
    if kind == "bool_type" or kind == "bool_parsing":
        return "cần giá trị có/không (true hoặc false)."
    return f"giá trị không hợp lệ ({err.get('msg')})."


# Settings in mkdocs.yml (plugins: - outreach: {…}, or the old extra.outreach).

CONFIG_NOT_FOUND = ("không tìm thấy tệp cấu hình; chạy lệnh trong thư mục dự án hoặc dùng "
                    "-f đường/dẫn/mkdocs.yml.")
SETTINGS_NOT_MAPPING = ("cần một nhóm thiết lập (các dòng “tên: giá trị” thụt vào trong), "
                        "ví dụ “engine: auto”.")
SETTING_SITE_URL_MISPLACED = ("site_url là thiết lập chung của MkDocs, không đặt ở đây; chuyển "
                              "dòng “site_url: https://…” lên cấp ngoài cùng của mkdocs.yml.")
LEGACY_FORM = ("cách khai báo cũ (hooks: overrides/hooks/outreach.py và extra.outreach) sẽ bị "
               "bỏ ở bản sau; thay bằng “plugins: - outreach: {…}” với cùng các thiết lập, "
               "rồi xóa dòng hooks và nhóm extra.outreach.")


def setting_not_bool(value: object) -> str:
    return f"cần true hoặc false, không phải “{value}” (sửa trong mkdocs.yml)."


def setting_not_number(value: object, integer: bool) -> str:
    kind = "một số nguyên (ví dụ 365)" if integer else "một con số (ví dụ 15)"
    return f"cần {kind}, không phải “{value}” (sửa trong mkdocs.yml)."


def setting_not_positive(value: object) -> str:
    return f"phải lớn hơn 0, không phải {value} (sửa trong mkdocs.yml)."


def setting_not_choice(value: object, allowed: Iterable[str]) -> str:
    return (f"giá trị “{value}” không hợp lệ;{suggest(str(value), allowed)} chọn một trong: "
            f"{choices(allowed)} (sửa trong mkdocs.yml).")


def setting_not_path(value: object) -> str:
    return f"cần tên tệp hoặc thư mục (chữ), không phải “{value}” (sửa trong mkdocs.yml)."


def setting_unknown(name: str, known: Iterable[str]) -> str:
    return (f"thiết lập “{name}” không có.{suggest(name, known)} Sửa tên hoặc xóa dòng này "
            f"trong mkdocs.yml. Các thiết lập được dùng: {choices(sorted(known))}.")


def config_unreadable(error: object) -> str:
    return (f"không đọc được tệp cấu hình ({error}). Kiểm tra thụt lề, dấu hai chấm và các thẻ "
            "như !ENV (biến môi trường phải có giá trị hoặc có giá trị mặc định).")


# Catalogue (procedures.yaml) rules that cross fields.

CATALOGUE_NOT_MAPPING = ("tệp trống hoặc không phải danh mục. Tệp phải bắt đầu bằng “schema: 1” "
                         "rồi các mục office, portals, service_levels, procedures (xem "
                         "`outreach new`).")


def unknown_scheme(current: str, schemes: Iterable[str]) -> str:
    return (f"không có bộ mức độ “{current}” trong schemes.{suggest(current, schemes)} "
            f"Chọn một trong: {choices(schemes)}.")


def level_not_in_scheme(target: str, current: object, level_ids: list[str]) -> str:
    return (f"“{target}” không phải mức độ của bộ hiện hành “{current}”."
            f"{suggest(target, level_ids)} Chọn một trong: {choices(level_ids)}.")


def duplicate_portal(pid: object) -> str:
    return f"mã cổng “{pid}” bị trùng; mỗi cổng cần một id riêng."


def bad_placeholder(name: str) -> str:
    return (f"chỗ trống “{{{name}}}” không dùng được trong mẫu đường dẫn; chỉ có "
            "{code} (mã thủ tục) và {name} (tên thủ tục).")


def bad_code(code: str) -> str:
    return (f"mã thủ tục “{code}” sai dạng; mã quốc gia có dạng một chữ số, dấu chấm, "
            "sáu chữ số, ví dụ “1.001193”.")


def duplicate_code(code: str, line: object) -> str:
    return f"mã thủ tục “{code}” trùng với thủ tục ở dòng {line}; mỗi thủ tục một mã riêng."


def unknown_level(level: str, current: object, level_ids: list[str]) -> str:
    return (f"mức độ “{level}” không có trong bộ hiện hành “{current}”."
            f"{suggest(level, level_ids)} Chọn một trong: {choices(level_ids)}.")


def verified_in_future(date: str) -> str:
    return f"ngày kiểm tra {date} nằm trong tương lai; ghi ngày bạn đã thực sự đối chiếu nguồn."


def bad_url(value: str) -> str:
    return (f"“{value}” không phải địa chỉ web hợp lệ; chỉ dùng địa chỉ bắt đầu bằng "
            "https:// (hoặc http://).")


# YAML files.

FILE_NOT_FOUND = ("không tìm thấy tệp này; kiểm tra tên và đường dẫn, hoặc tạo dự án mới bằng "
                  "`outreach new THƯ_MỤC`.")
NOT_UTF8 = "tệp không phải mã UTF-8; mở tệp trong trình soạn thảo và lưu lại với bảng mã UTF-8."
TAB_INDENT = "dòng thụt lề bằng phím Tab; YAML chỉ nhận dấu cách. Thay Tab bằng 2 dấu cách."
SYNTAX_UNKNOWN = "cú pháp không hợp lệ"
STRANGE_TAG = ("giá trị không đọc được (có thẻ YAML lạ như !!python). Xóa thẻ đó, chỉ dùng chữ, "
               "số, danh sách.")


def duplicate_key(key: object) -> str:
    return f"khóa “{key}” bị lặp lại; giữ một dòng và xóa dòng còn lại."


def yaml_syntax(what: str, start: int | None, line: int | None) -> str:
    since = f" Phần lỗi bắt đầu từ dòng {start}." if start and start != line else ""
    return (f"lỗi cú pháp YAML ({what}).{since} Kiểm tra thụt lề, dấu hai chấm sau tên trường "
            "và dấu ngoặc kép, ngoặc vuông đóng mở đủ cặp.")


def yaml_error(error: object) -> str:
    return f"lỗi cú pháp YAML: {error}"


# Announcements (front matter + Jinja body).

BODY = "nội dung"  # the field name used for the body of an announcement
NO_FRONT_MATTER = ("thiếu phần đầu (front matter). Tệp phải bắt đầu bằng một dòng “---”, các "
                   "trường kind, title, date…, rồi một dòng “---” nữa trước nội dung.")
FRONT_MATTER_OPEN = ("phần đầu (front matter) chưa được đóng; thêm một dòng “---” sau trường "
                     "cuối cùng.")
FRONT_MATTER_EMPTY = ("phần đầu trống hoặc sai dạng; cần các dòng “kind: notice”, “title: …”, "
                      "“date: 2026-01-05”.")
BODY_EMPTY = "nội dung trống; viết ít nhất một đoạn sau dòng “---”."


def notice_needs(name: str) -> str:
    return (f"thông báo (kind: notice) cần trường “{name}” để in đúng thể thức Nghị định "
            "30/2020; thêm trường này vào phần đầu.")


def template_security(error: object) -> str:
    return (f"mẫu cố truy cập phần bên trong của chương trình ({error}); điều này không được "
            "phép. Chỉ dùng các biến office, portal, featured, procedures, levels, page.")


def template_failed(error: object) -> str:
    return f"không dựng được nội dung từ mẫu: {error}."


def block_not_closed(detail: str) -> str:
    return ("khối {% … %} chưa được đóng (thiếu {% endfor %} hoặc {% endif %}); "
            f"thêm thẻ đóng. Chi tiết: {detail}")


def jinja_syntax(detail: str) -> str:
    return f"lỗi cú pháp mẫu Jinja: {detail}. Kiểm tra các cặp {{{{ }}}} và {{% %}}."


def no_attribute(name: str, detail: str) -> str:
    return f"không có thuộc tính “{name}” ({detail}); kiểm tra lại chính tả tên trường."


def no_variable(name: str, context: Iterable[str]) -> str:
    return (f"biến “{name}” không tồn tại.{suggest(name, context)} Các biến dùng được: "
            f"{choices(sorted(context))}.")


def unknown_procedure(code: str, known: Iterable[str], catalogue: str) -> str:
    return (f"không có thủ tục mã “{code}” trong danh mục.{suggest(code, known)} Kiểm tra mã "
            f"trong {catalogue}.")


# Warnings of `outreach check`.

def citizen_id(number: str) -> str:
    return (f"có dãy 12 chữ số “{number}”, giống số định danh cá nhân (CCCD); không công bố số "
            "này, hãy xóa hoặc che bớt (ví dụ 0380******12).")


def personal_mobile(number: str) -> str:
    return (f"có số điện thoại di động “{number}” không phải số của cơ quan; không công bố số "
            "cá nhân, dùng số điện thoại của UBND hoặc đường dây nóng.")


def verified_long_ago(name: str, age: int, limit: int) -> str:
    return (f"“{name}” được kiểm tra lần cuối cách đây {age} ngày (quá {limit} ngày); đối "
            "chiếu lại nguồn và cập nhật “verified”.")


def retired_portal(name: str, since: str) -> str:
    return (f"liên kết tới {name}, cổng này đã ngừng nhận hồ sơ từ {since}; dùng Cổng Dịch vụ "
            "công quốc gia (dichvucong.gov.vn) thay thế.")


def placeholder_contact(value: str) -> str:
    return (f"“{value}” trông như giá trị giữ chỗ; thay bằng thông tin thật của cơ quan trước "
            "khi in hoặc phát thanh.")

# --- Overlays (extends / exclude) and the province import ---------------------------------

EXTENDS_NOT_TEXT = ("“extends” cần đường dẫn tới danh mục gốc, viết tương đối so với tệp này, "
                    "ví dụ extends: ../base/procedures.yaml.")
EXTENDS_MISSING = ("không tìm thấy danh mục gốc “{target}” (tính từ thư mục của tệp này: "
                   "{resolved}). Kiểm tra đường dẫn trong “extends”.")
EXTENDS_LOOP = ("“extends” tạo thành vòng lặp: {chain}. Danh mục gốc không được kế thừa lại "
                "tệp của xã; xóa một dòng “extends” trong vòng này.")
EXCLUDE_WITHOUT_EXTENDS = ("“exclude” chỉ dùng được khi tệp có “extends” (bỏ bớt thủ tục của "
                           "danh mục gốc). Thêm dòng “extends: …” hoặc xóa “exclude”.")
EXCLUDE_NOT_LIST = "“exclude” cần một danh sách mã thủ tục, ví dụ exclude: [\"1.001193\"]."
EXCLUDE_UNKNOWN = ("không có thủ tục mã “{code}” trong danh mục gốc {base} nên không bỏ được."
                   "{hint} Kiểm tra lại mã hoặc xóa mục này.")
EXCLUDE_AND_OVERRIDE = ("thủ tục “{code}” vừa nằm trong “exclude” (dòng {line}) vừa được sửa "
                        "ở đây; giữ một trong hai.")
OVERRIDE_TWICE = ("mã thủ tục “{code}” đã được sửa ở dòng {line} của tệp này; gộp các trường "
                  "vào một mục.")
NEW_PROCEDURE_INCOMPLETE = (
    "mã “{code}” không có trong danh mục gốc {base}, nên đây là thủ tục mới của xã và còn "
    "thiếu: {missing}.{hint} Nếu định sửa một thủ tục của danh mục gốc, kiểm tra lại mã; nếu "
    "là thủ tục mới, thêm đủ các trường trên.")
EXPLAIN_UNKNOWN = "không có thủ tục mã “{code}” trong danh mục.{hint}"
EXPLAIN_TITLE = "Thủ tục {code} – {name}: nguồn của từng trường"
EXPLAIN_ROLE_BASE = "danh mục gốc"
EXPLAIN_ROLE_OWN = "tệp của xã"
PENDING_VALUE = "(chưa có – cán bộ xã bổ sung)"
PENDING_WARNING = ("“{name}” nhập từ danh sách của tỉnh còn chờ cán bộ viết: {fields}. Thay dòng "
                   "“(chưa có – cán bộ xã bổ sung)” bằng nội dung thật trước khi công bố.")


# ---- broadcast schedule and staff recordings (catalogue/broadcast.py) ------------------------
UNKNOWN_DAY = ("không hiểu ngày “{day}”.{suggestion} Viết thứ hai … thứ bảy, chủ nhật (có "
               "hoặc không dấu), hoặc T2 … T7, CN.")
BAD_TIME = ("giờ “{time}” không hợp lệ; viết giờ:phút trong ngày, từ 00:00 đến 23:59, đặt trong "
            "ngoặc kép, ví dụ \"06:00\" hoặc \"17:30\".")
FROM_AFTER_UNTIL = ("ngày bắt đầu from ({start}) sau ngày kết thúc until ({end}); đổi lại cho "
                    "from sớm hơn hoặc bằng until.")
HALF_SCHEDULE = ("lịch phát thanh cần cả days và times; thêm “{missing}: …” hoặc bỏ cả hai "
                 "nếu bài không có lịch cố định.")
RECORDING_OUTSIDE = ("bản ghi “{path}” nằm ngoài thư mục dự án; đặt tệp vào audio/recordings/ "
                     "và viết recording: audio/recordings/<tên tệp>.")
RECORDING_FORMAT = ("bản ghi “{path}” không phải tệp WAV, MP3 hoặc OGG; lưu lại bản ghi ở một "
                    "trong ba dạng đó.")
RECORDING_MISSING = ("không tìm thấy bản ghi “{path}”; kiểm tra tên tệp (phân biệt chữ hoa, "
                     "chữ thường) và đặt tệp vào audio/recordings/.")
RECORDING_KIND = ("chỉ bài phát thanh (kind: broadcast) mới dùng bản ghi; đổi kind hoặc bỏ "
                  "dòng recording.")
RECORDING_UNREADABLE = ("không đọc được bản ghi “{path}” như một tệp âm thanh ({reason}); "
                        "xuất lại bản ghi ra WAV, MP3 hoặc OGG rồi thử lại.")
# ---- contact details still holding a placeholder ----------------------------------------------
# What outputs show instead of a placeholder address (a required field).
CONTACT_PENDING = "đang cập nhật"
# The sentence printed where the office's own number would be.
CONTACT_NOTE = ("Số điện thoại của cơ quan đang được cập nhật; xin hỏi trực tiếp tại "
                "{desk}{hotlines}.")
CONTACT_NOTE_HOTLINES = " hoặc gọi đường dây nóng {lines}"
CONTACT_WITHHELD = ("“{value}” là giá trị giữ chỗ nên đã được bỏ khỏi trang web, tệp in và bài "
                    "phát thanh (thay bằng lời mời liên hệ bộ phận một cửa và đường dây nóng); "
                    "ghi thông tin thật vào “office.{field}” rồi dựng lại.")
UNKNOWN_TABLE_CODE = ("bảng thủ tục có mã “{code}” không có trong danh mục.{suggestion} "
                      "Kiểm tra mã trong {catalogue} hoặc bỏ mã này khỏi “table.procedures”.")

# ---- checked / changes / portal links (issue 10) ------------------------------------------

NOT_VERIFIED = ("“{name}” chưa được đối chiếu với nguồn chính thức; kiểm tra theo “source” "
                "rồi ghi ngày vào “verified”.")
NOT_VERIFIED_REASON = " Ghi chú: {reason}"
VERIFIED_AS = "đã đối chiếu ngày {date}: {checked}"

CHANGE_DUE = ("thay đổi “{summary}” có hiệu lực từ ngày {date}; cập nhật bản ghi theo quy định "
              "mới (thời hạn, lệ phí, giấy tờ, căn cứ pháp lý), ghi lại “verified” rồi xóa mục "
              "này khỏi “changes”.")

DEAD_PORTAL_TEMPLATE = (
    "mẫu đường dẫn “{template}” có dạng {form} đã được báo là không còn dùng trên "
    "{portal}; người dân bấm vào sẽ tới trang lỗi. Dùng trang tra cứu "
    "“https://dichvucong.gov.vn/tim-kiem-thu-tuc-hanh-chinh?keyword={{code}}” hoặc để trống "
    "“procedure_url” để liên kết tới trang chủ của cổng.")

# ---- a fee whose amount the provincial council sets -----------------------------------------
FEE_AMOUNT_MISSING = ("thiếu số tiền “amount” (ghi 0 nếu miễn lệ phí). Nếu mức thu do Hội đồng "
                      "nhân dân tỉnh quyết định mà chưa có nghị quyết để dẫn, ghi "
                      "“set_by: province” thay cho số tiền và ghi vào “note” nơi hỏi mức thu.")
# Printed, shown and read out instead of an amount (`fee.set_by`).
FEE_SET_BY = {"province": "Theo mức Hội đồng nhân dân tỉnh quy định"}


def fee_set_by(set_by: str | None) -> str:
    """What outputs say instead of an amount; a fee without one is set by the province."""
    return FEE_SET_BY[set_by or "province"]


DESCRIBE_FEE_SET_BY = ("Ai quyết định mức thu khi danh mục chưa ghi số tiền: “province” = Hội "
                       "đồng nhân dân tỉnh (trang web, bản in và bài phát thanh ghi câu này "
                       "thay cho số tiền).")

# JSON Schema descriptions of the overlay fields.
DESCRIBE_EXTENDS = "Danh mục gốc của tỉnh mà tệp này kế thừa (đường dẫn tương đối so với tệp này)."
DESCRIBE_EXCLUDE = "Mã các thủ tục của danh mục gốc mà xã không giải quyết."

# ---- the studio's edits of procedures.yaml and announcement files (catalogue/edit.py) --------
EDIT_UNKNOWN_CODE = ("không có thủ tục mã “{code}” trong {file}.{hint} Tải lại trang để xem "
                     "danh mục mới nhất.")
EDIT_DUPLICATE_CODE = ("đã có thủ tục mã “{code}” ở dòng {line}; mỗi mã chỉ dùng cho một thủ "
                       "tục. Sửa thủ tục đó hoặc nhập mã khác.")
EDIT_NO_CODE = "thủ tục mới cần có mã (code), ví dụ “1.001193”."
EDIT_NOT_OVERLAY = ("{file} không kế thừa danh mục nào (không có “extends”), nên không có giá "
                    "trị riêng nào để khôi phục theo danh mục tỉnh.")
EDIT_NO_OVERRIDE = ("thủ tục “{code}” không có giá trị riêng cho trường “{field}” trong {file}; "
                    "trường này đã theo danh mục tỉnh.")
EDIT_CANNOT_READ = ("không đọc được {file} để sửa ({reason}). Mở tệp bằng trình soạn thảo, sửa "
                    "chỗ sai rồi thử lại.")
EDIT_NOT_A_LIST = ("trường “procedures” của {file} không phải danh sách viết theo từng dòng "
                   "“- code: …”; viết lại theo dạng đó để sửa được trong trình duyệt.")
# Where a front-matter problem is, before the announcement has a file name.
FRONT_MATTER_NAME = "phần đầu thông báo"

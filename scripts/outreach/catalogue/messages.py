"""Plain-Vietnamese wording of validation errors, kept in one place."""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping
from typing import Any


def suggest(word: str, choices: Iterable[str]) -> str:
    """' Có phải ý bạn là “x”?' when a close match exists, else ''."""
    match = difflib.get_close_matches(str(word), [str(c) for c in choices], n=1, cutoff=0.6)
    return f" Có phải ý bạn là “{match[0]}”?" if match else ""


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

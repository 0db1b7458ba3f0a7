"""`outreach import`: a province's published list of procedures (xlsx/csv) -> a base catalogue.

Province lists (the Chairman's decision publishing commune-level procedures) are tables with
columns such as STT, Mã TTHC, Tên thủ tục hành chính, Lĩnh vực, Thời hạn giải quyết, Phí/lệ
phí, Căn cứ pháp lý, Mức độ. Headers are matched with or without accents, in any order, and
need not be on the first row. Fields a list does not hold (documents, steps, result) are
written as a placeholder that `outreach check` lists for staff.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from .. import clock
from ..artifacts import write_atomic
from ..catalogue.load import CODE_SHAPE
from ..catalogue.pending import PENDING
from ..errors import InvalidInput, Problem
from . import messages

HEADER_SCAN_ROWS = 20
# Column -> header spellings, folded (no accents, lower case, punctuation as spaces).
# A header matches a spelling exactly or starts with it followed by more words.
HEADERS: dict[str, tuple[str, ...]] = {
    "code": ("ma tthc", "ma thu tuc hanh chinh", "ma thu tuc", "ma so tthc", "ma so", "ma"),
    "name": ("ten thu tuc hanh chinh", "ten thu tuc", "ten tthc", "thu tuc hanh chinh"),
    "field": ("linh vuc",),
    "time": ("thoi han giai quyet", "thoi gian giai quyet", "thoi han"),
    "fee": ("phi le phi", "le phi", "phi", "muc thu"),
    "legal_basis": ("can cu phap ly", "co so phap ly", "can cu"),
    "level": ("muc do dvc truc tuyen", "muc do dich vu cong truc tuyen", "dvc truc tuyen",
              "dich vu cong truc tuyen", "muc do"),
    "stt": ("stt", "so thu tu", "tt"),
}
REQUIRED = ("code", "name")
DISPLAY_HEADERS = messages.IMPORT_COLUMNS
LEVELS = (("toan trinh", "toan-trinh"), ("mot phan", "mot-phan"), ("truc tiep", "truc-tiep"),
          ("4", "toan-trinh"), ("3", "mot-phan"), ("2", "truc-tiep"), ("1", "truc-tiep"),
          ("khong", "truc-tiep"))
WHERE = {"toan-trinh": ["online", "one_stop_desk"], "mot-phan": ["online", "one_stop_desk"],
         "truc-tiep": ["one_stop_desk"]}
SOURCE_URL = "https://dichvucong.gov.vn/p/home/dvc-tthc-thu-tuc-hanh-chinh.html?keyword={code}"
ROMAN_OR_NUMBER = re.compile(r"^(?:[IVXLC]+|\d+|[A-Z])[.)]\s*", re.IGNORECASE)


@dataclass(frozen=True)
class Sheet:
    """Rows of one table: (row number as the user sees it, cell values)."""

    name: str | None
    rows: list[tuple[int, list[Any]]]


def fold(text: str) -> str:
    """'Mã TTHC/Mã số' -> 'ma tthc ma so': compare headers regardless of accents and marks."""
    text = unicodedata.normalize("NFD", str(text)).replace("đ", "d").replace("Đ", "D")
    text = "".join(c for c in text if unicodedata.category(c) != "Mn").lower()
    return " ".join(re.split(r"[^a-z0-9]+", text)).strip()


def column_of(header: Any) -> str | None:
    """The column a header cell names, or None."""
    if header is None:
        return None
    folded = fold(header)
    for column, spellings in HEADERS.items():
        for spelling in spellings:
            if folded == spelling or folded.startswith(spelling + " "):
                return column
    return None


def find_header(sheet: Sheet) -> tuple[int, dict[str, int]] | None:
    """(index in rows, column -> cell index) of the first row naming the required columns."""
    for index, (_, cells) in enumerate(sheet.rows[:HEADER_SCAN_ROWS]):
        columns: dict[str, int] = {}
        for i, cell in enumerate(cells):
            column = column_of(cell)
            if column and column not in columns:
                columns[column] = i
        if all(c in columns for c in REQUIRED):
            return index, columns
    return None


def read_xlsx(path: Path, display: str) -> list[Sheet]:
    """Every worksheet, with merged cells filled from their top-left value."""
    import openpyxl

    try:
        book = openpyxl.load_workbook(path, data_only=True)
    except Exception as exc:  # zip/xml errors from a damaged or mislabelled file
        raise InvalidInput([Problem(display, None, "", messages.IMPORT_UNREADABLE.format(
            detail=type(exc).__name__))]) from None
    sheets = []
    for ws in book.worksheets:
        grid = [list(row) for row in ws.iter_rows(values_only=True)]
        for merged in ws.merged_cells.ranges:
            value = ws.cell(merged.min_row, merged.min_col).value
            for r in range(merged.min_row, merged.max_row + 1):
                for c in range(merged.min_col, merged.max_col + 1):
                    if r - 1 < len(grid) and c - 1 < len(grid[r - 1]):
                        grid[r - 1][c - 1] = value
        sheets.append(Sheet(ws.title, [(i, row) for i, row in enumerate(grid, start=1)]))
    return sheets


def read_csv(path: Path, display: str) -> list[Sheet]:
    """A CSV in UTF-8 (with or without BOM), separated by semicolons, commas or tabs."""
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InvalidInput([Problem(display, raw[: exc.start].count(b"\n") + 1, "",
                                    messages.IMPORT_UNREADABLE.format(detail=messages.IMPORT_NOT_UTF8))
                            ]) from None
    text = unicodedata.normalize("NFC", text)
    sample = "\n".join(text.splitlines()[:HEADER_SCAN_ROWS])
    delimiter = max(";,\t", key=sample.count)
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    rows = []
    for cells in reader:
        rows.append((reader.line_num, [c if c.strip() else None for c in cells]))
    return [Sheet(None, rows)]


def read_table(path: Path, display: str) -> list[Sheet]:
    if not path.is_file():
        raise InvalidInput([Problem(display, None, "", messages.IMPORT_MISSING)])
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        return read_xlsx(path, display)
    if suffix == ".csv":
        return read_csv(path, display)
    raise InvalidInput([Problem(display, None, "", messages.IMPORT_FORMAT)])


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return unicodedata.normalize("NFC", str(value)).strip().lstrip("'").strip()


def parse_code(value: Any) -> tuple[str | None, bool]:
    """(code, was a number): Excel turns 1.001190 into the float 1.00119."""
    if isinstance(value, float):
        return f"{value:.6f}", True
    text = _text(value).replace(" ", "")
    return (text or None), False


# A sum of money: digits (with . or space thousands) followed by đồng / đ / VNĐ, or alone.
MONEY = re.compile(r"(\d[\d.,\s]*\d|\d)\s*(?:dong|vnd|d)\b")
# Words saying the provincial council sets the amount (Luật Phí và lệ phí 2015 Điều 21).
SET_BY_PROVINCE = ("hdnd", "hoi dong nhan dan", "nghi quyet")


def parse_fee(value: Any) -> tuple[dict[str, Any], bool]:
    """({amount | set_by, note?}, understood). '8.000 đồng/bản' -> 8000 with the text as
    note; 'Theo Nghị quyết của HĐND tỉnh' -> set_by province, never a made-up 0 or the
    resolution's number read as an amount."""
    if isinstance(value, (int, float)):
        return {"amount": int(value)}, True
    text = _text(value)
    folded = fold(text)
    if not text:
        return {"amount": 0, "note": PENDING}, True
    if re.fullmatch(r"\d[\d.,\s]*", text):
        return {"amount": int(re.sub(r"\D", "", text))}, True
    money = MONEY.search(folded)
    if money:
        return {"amount": int(re.sub(r"\D", "", money.group(1))), "note": text}, True
    if any(words in folded for words in SET_BY_PROVINCE):
        return {"set_by": "province", "note": text}, True
    if any(word in folded for word in ("khong", "mien")):
        return {"amount": 0, "note": text}, True
    return {"amount": 0, "note": text}, False


def parse_level(value: Any) -> tuple[str, bool]:
    folded = fold(_text(value))
    if not folded:
        return "truc-tiep", True
    for spelling, level in LEVELS:
        if spelling in folded.split() or spelling in folded:
            return level, True
    return "truc-tiep", False


def _list(value: Any) -> list[str]:
    items = [i.strip(" -•\t") for i in re.split(r"[\n;]+", _text(value))]
    return [i for i in items if i] or [PENDING]


def _section_title(cells: list[Any]) -> str | None:
    """A row like 'II. Lĩnh vực Hộ tịch' spanning the table: the field of the rows below."""
    texts = [t for t in dict.fromkeys(_text(c) for c in cells if _text(c))
             if not re.fullmatch(r"[IVXLC]+|\d+|[A-Z]", t)]  # a section number in its own cell
    if len(texts) != 1:
        return None
    title = ROMAN_OR_NUMBER.sub("", texts[0])
    if fold(title).startswith("linh vuc "):  # "Lĩnh vực Hộ tịch" -> "Hộ tịch"
        title = title.split(None, 2)[2] if len(title.split(None, 2)) == 3 else ""
    return title.lstrip(": ") or None


def records(sheet: Sheet, header: tuple[int, dict[str, int]],
            display: str) -> Iterator[tuple[dict[str, Any] | None, list[Problem]]]:
    """One catalogue record (or None) and its warnings per data row."""
    start, columns = header
    field = ""
    seen: dict[str, int] = {}

    def cell(cells: list[Any], column: str) -> Any:
        i = columns.get(column)
        return cells[i] if i is not None and i < len(cells) else None

    for row, cells in sheet.rows[start + 1:]:
        def warn(column: str, message: str, row: int = row) -> Problem:
            return Problem(display, row, DISPLAY_HEADERS[column], message, "warning")

        if not any(_text(c) for c in cells):
            continue
        raw_code, name = cell(cells, "code"), _text(cell(cells, "name"))
        code, was_number = parse_code(raw_code)
        if not name and (code is None or not CODE_SHAPE.match(code)):
            title = _section_title(cells)
            if title or code is None:
                field = title or field
                continue
        if code is None:
            yield None, [warn("code", messages.IMPORT_NO_CODE)]
            continue
        if not CODE_SHAPE.match(code):
            yield None, [warn("code", messages.IMPORT_BAD_CODE.format(value=_text(raw_code)))]
            continue
        if not name:
            yield None, [warn("name", messages.IMPORT_NO_NAME.format(code=code))]
            continue
        if code in seen:
            yield None, [warn("code", messages.IMPORT_DUPLICATE.format(code=code,
                                                                       first=seen[code]))]
            continue
        seen[code] = row
        problems = []
        if was_number:
            problems.append(warn("code", messages.IMPORT_FLOAT_CODE.format(
                value=raw_code, code=code)))
        fee, fee_ok = parse_fee(cell(cells, "fee"))
        if not fee_ok:
            problems.append(warn("fee", messages.IMPORT_FEE.format(value=fee["note"])))
        level, level_ok = parse_level(cell(cells, "level"))
        if not level_ok:
            problems.append(warn("level", messages.IMPORT_LEVEL.format(
                value=_text(cell(cells, "level")))))
        own_field = _text(cell(cells, "field"))
        field = own_field or field
        yield {"code": code, "name": name, "field": field or PENDING, "level": level,
               "summary": PENDING, "time": _text(cell(cells, "time")) or PENDING, "fee": fee,
               "documents": [PENDING], "steps": [PENDING], "where": list(WHERE[level]),
               "result": PENDING, "legal_basis": _list(cell(cells, "legal_basis")),
               "source": SOURCE_URL.format(code=code)}, problems


def import_list(path: Path, display: str | None = None) -> tuple[list[dict[str, Any]],
                                                                 list[Problem]]:
    """Read a province list; return catalogue records and warnings (row numbers as shown)."""
    display = display or path.name
    sheets = read_table(path, display)
    for sheet in sheets:
        header = find_header(sheet)
        if header is None:
            continue
        out: list[dict[str, Any]] = []
        warnings: list[Problem] = []
        for record, problems in records(sheet, header, display):
            warnings += problems
            if record is not None:
                out.append(record)
        if not out:
            raise InvalidInput(warnings + [Problem(display, None, "", messages.IMPORT_NOTHING)])
        return out, warnings
    where = messages.IMPORT_SHEET.format(name=sheets[0].name) \
        if len(sheets) == 1 and sheets[0].name else ""
    raise InvalidInput([Problem(display, None, "", messages.IMPORT_NO_HEADER.format(
        sheet=where, required=", ".join(f"“{DISPLAY_HEADERS[c]}”" for c in REQUIRED),
        optional=", ".join(f"“{DISPLAY_HEADERS[c]}”" for c in DISPLAY_HEADERS
                           if c not in REQUIRED)))])


class _PlainDumper(yaml.SafeDumper):
    """No &anchors/*aliases: staff edit each record on its own."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def shared_sections() -> dict[str, Any]:
    """Portals, service levels and accounts of the starter project: a province base needs them."""
    text = (resources.files("outreach") / "scaffold" / "procedures.yaml").read_text("utf-8")
    data = yaml.safe_load(text)
    return {key: data[key] for key in ("portals", "service_levels", "accounts")}


def catalogue_text(records_: list[dict[str, Any]], source_name: str,
                   today: dt.date | None = None) -> str:
    """The YAML of a base catalogue (no office: each commune's overlay sets it)."""
    data = {"schema": 1, **shared_sections(), "procedures": records_}
    body = yaml.dump(data, Dumper=_PlainDumper, allow_unicode=True, sort_keys=False, width=100)
    head = messages.IMPORT_HEADER_COMMENT.format(source=source_name,
                                                 today=(today or clock.today()).isoformat())
    return head + body


def write_catalogue(records_: list[dict[str, Any]], output: Path, source_name: str) -> Path:
    write_atomic(output, catalogue_text(records_, source_name).encode("utf-8"))
    return output

"""Rules that turn written numbers, dates, times, phones, money and addresses into words.

Each rule is a pure `str -> str` function; `normalise.py` runs them in a fixed order
(addresses and dates before plain numbers, because they contain digits and dots).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping

from .numbers import read_decimal, read_digits, read_number
from .syllables import is_syllable, segment, spell

Match = re.Match[str]


# ---- web addresses and e-mails -------------------------------------------------------------

_TLDS = r"(?:vn|com|gov|org|net|edu|info|io)"
_URL = re.compile(
    rf"(?i)(?:https?://)?(?:www\.)?(?:[a-z0-9-]+\.)+{_TLDS}(?![\w])(?:/[^\s,;)\]]*)?"
)
_EMAIL = re.compile(rf"(?i)[a-z0-9._-]+@(?:[a-z0-9-]+\.)+{_TLDS}(?![\w])")


def read_web_part(part: str, web: Mapping[str, str],
                  found: Callable[[str], None] = lambda part: None) -> str:
    """One dot-separated part: lexicon first, then syllables ('trungson' -> 'trung son').

    Parts the lexicon does not know are passed to `found` so a person can add them.
    """
    part = part.lower()
    if part in web:
        return web[part]
    if part.isdigit():
        return read_digits(part)
    found(part)
    pieces = segment(part)
    return " ".join(pieces) if pieces else spell(part)


def read_host(host: str, web: Mapping[str, str],
              found: Callable[[str], None] = lambda part: None) -> str:
    """'dichvucong.gov.vn' -> 'dịch vụ công chấm gốp chấm vê en'."""
    return " chấm ".join(read_web_part(p, web, found) for p in host.split(".") if p)


def web_addresses(text: str, web: Mapping[str, str],
                  found: Callable[[str], None] = lambda part: None) -> str:
    """Read e-mails and web addresses by their host; paths are left out of speech.

    A listener cannot type "/p/home/dvc-tim-kiem.html" from hearing it; the host is
    enough to find the portal.
    """

    def email(m: Match) -> str:
        user, host = m.group(0).split("@", 1)
        return f"{read_host(user, web, found)} a còng {read_host(host, web, found)}"

    def url(m: Match) -> str:
        address = re.sub(r"(?i)^(?:https?://)?(?:www\.)?", "", m.group(0))
        return read_host(address.split("/", 1)[0], web, found)

    return _URL.sub(url, _EMAIL.sub(email, text))


# ---- dates ---------------------------------------------------------------------------------

def read_day(day: int) -> str:
    """Days 1–10 take "mồng": 5 -> "mồng năm", 15 -> "mười lăm"."""
    return f"mồng {read_number(day)}" if day <= 10 else read_number(day)


def read_month(month: int) -> str:
    """4 -> "tư" (tháng tư), otherwise the number."""
    return "tư" if month == 4 else read_number(month)


def read_date(day: int, month: int, year: int | None) -> str:
    """(5, 1, 2026) -> "mồng năm tháng một năm hai nghìn không trăm hai mươi sáu"."""
    spoken = f"{read_day(day)} tháng {read_month(month)}"
    return spoken if year is None else f"{spoken} năm {read_number(year)}"


def _valid_date(day: int, month: int) -> bool:
    return 1 <= day <= 31 and 1 <= month <= 12


def _with_ngay(m: Match, spoken: str) -> str:
    before = m.string[: m.start()].rstrip().lower()
    return spoken if before.endswith("ngày") else f"ngày {spoken}"


_DMY = re.compile(r"(?<![\d/.])(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(?![\d/])")
_ISO = re.compile(r"(?<![\d-])(\d{4})-(\d{2})-(\d{2})(?![\d-])")
_DM_AFTER_WORD = re.compile(r"(?i)\b(ngày|từ|đến|hôm)\s+(\d{1,2})/(\d{1,2})(?![\d/])")
_DAY_MONTH_WORDS = re.compile(r"(?i)\bngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})(?:\s+năm\s+(\d{4}))?")
_MONTH_YEAR = re.compile(r"(?i)\btháng\s+(\d{1,2})\s*/\s*(\d{4})(?![\d/])")
_MONTH = re.compile(r"(?i)\btháng\s+(\d{1,2})(?![\d/.,])")


def dates(text: str) -> str:
    """Dates in the forms offices write: 05/01/2026, 2026-01-05, ngày 8/8, tháng 3/2026."""

    def dmy(m: Match) -> str:
        day, month, year = int(m.group(1)), int(m.group(2)), int(m.group(3))
        if not _valid_date(day, month):
            return m.group(0)
        return _with_ngay(m, read_date(day, month, year))

    def iso(m: Match) -> str:
        year, month, day = int(m.group(1)), int(m.group(2)), int(m.group(3))
        if not _valid_date(day, month):
            return m.group(0)
        return _with_ngay(m, read_date(day, month, year))

    def day_month(m: Match) -> str:
        day, month = int(m.group(2)), int(m.group(3))
        if not _valid_date(day, month):
            return m.group(0)
        word = m.group(1)
        spoken = read_date(day, month, None)
        return f"{word} {spoken}" if word.lower() == "ngày" else f"{word} ngày {spoken}"

    def day_month_words(m: Match) -> str:
        day, month = int(m.group(1)), int(m.group(2))
        if not _valid_date(day, month):
            return m.group(0)
        year = int(m.group(3)) if m.group(3) else None
        return f"ngày {read_date(day, month, year)}"

    text = _DMY.sub(dmy, text)
    text = _ISO.sub(iso, text)
    text = _DM_AFTER_WORD.sub(day_month, text)
    text = _DAY_MONTH_WORDS.sub(day_month_words, text)
    text = _MONTH_YEAR.sub(
        lambda m: f"tháng {read_month(int(m.group(1)))} năm {read_number(int(m.group(2)))}"
        if 1 <= int(m.group(1)) <= 12 else m.group(0), text)
    return _MONTH.sub(lambda m: f"tháng {read_month(int(m.group(1)))}"
                      if 1 <= int(m.group(1)) <= 12 else m.group(0), text)


# ---- legal document numbers ------------------------------------------------------------------

_LEGAL = re.compile(r"(\b[Ss]ố\s+)?(?<![\d/])(\d{1,4})/(\d{4})/[A-ZĐ]{1,6}(?:-[A-ZĐa-z]{1,6})*")


def legal_numbers(text: str) -> str:
    """'Nghị định 42/2022/NĐ-CP' -> 'Nghị định số bốn mươi hai năm hai nghìn …'.

    The issuer suffix (NĐ-CP, TT-BCA) is left out: the document type is already said.
    """
    return _LEGAL.sub(lambda m: f"số {read_number(int(m.group(2)))} năm "
                      f"{read_number(int(m.group(3)))}", text)


# ---- phone numbers ---------------------------------------------------------------------------

_PHONE = re.compile(r"(?<![\d.,/])(?:0|1[89]00)\d*(?:[ .-]\d{2,4}){0,3}(?![\d])")


def group_phone(digits: str) -> list[str]:
    """How a phone number is grouped when written without spaces.

    1800/1900 hotlines 4+4; mobiles (10 digits) 4+3+3; landlines (11 digits) 4+4+3.
    """
    if digits[:4] in ("1800", "1900"):
        return [digits[:4], digits[4:]]
    if len(digits) == 10:
        return [digits[:4], digits[4:7], digits[7:]]
    if len(digits) == 11:
        return [digits[:4], digits[4:8], digits[8:]]
    return [digits[i:i + 4] for i in range(0, len(digits), 4)]


def read_phone(written: str) -> str:
    """'18001096' -> 'một tám không không, một không chín sáu'; keeps written groups."""
    groups = re.split(r"[ .-]", written)
    if len(groups) == 1:
        groups = group_phone(groups[0])
    return ", ".join(read_digits(g) for g in groups)


def phones(text: str) -> str:
    """Phone numbers and hotlines (8–11 digits starting 0, 1800 or 1900), digit by digit."""

    def phone(m: Match) -> str:
        written = m.group(0)
        digits = re.sub(r"\D", "", written)
        if not 8 <= len(digits) <= 11:
            return written
        return read_phone(written)

    return _PHONE.sub(phone, text)


# ---- procedure codes ---------------------------------------------------------------------------

_CODE = re.compile(r"(?<![\d.,])(\d)\.(\d{6})(?![\d.,]?\d)")


def procedure_codes(text: str) -> str:
    """'1.001193' -> 'một chấm không không một một chín ba' (never a dotted thousand)."""
    return _CODE.sub(lambda m: f"{read_digits(m.group(1))} chấm {read_digits(m.group(2))}", text)


# ---- ranges, times, money, percentages, ordinals --------------------------------------------

_RANGE = re.compile(r"(\d[\dh:.,]*)\s?[–—-]\s?(?=\d)")


def ranges(text: str) -> str:
    """'10–15 phút', '7h30-11h30' -> '… đến …'."""
    return _RANGE.sub(lambda m: f"{m.group(1)} đến ", text)


_TIME_H = re.compile(r"(?<![\w.,/])(\d{1,2})\s?(?:h|giờ)\s?(\d{2})?(?![\w])(?!\s*phút)")
_TIME_COLON = re.compile(r"(?<![\d.,:])(\d{1,2}):(\d{2})(?![\d:])")


def read_time(hour: int, minute: int) -> str:
    """(7, 30) -> 'bảy giờ ba mươi phút'; (7, 0) -> 'bảy giờ'."""
    spoken = f"{read_number(hour)} giờ"
    return spoken if minute == 0 else f"{spoken} {read_number(minute)} phút"


def times(text: str) -> str:
    """'7h30', '13h', '17h00', '07:30' -> words (invalid times are left to other rules)."""

    def clock(m: Match) -> str:
        hour, minute = int(m.group(1)), int(m.group(2) or 0)
        if hour > 24 or minute > 59:
            return m.group(0)
        return read_time(hour, minute)

    return _TIME_COLON.sub(clock, _TIME_H.sub(clock, text))


_AMOUNT = r"\d{1,3}(?:\.\d{3})+|\d+(?:,\d+)?"
_MONEY = re.compile(rf"({_AMOUNT})\s*(?:đồng|đ|VNĐ|VND|vnđ)(?![\w])")
_PERCENT = re.compile(rf"({_AMOUNT})\s*%")


def read_amount(written: str) -> str:
    """'8.000' -> 'tám nghìn'; '1,5' -> 'một phẩy năm' (dots group thousands, comma decimals)."""
    if "," in written:
        whole, fraction = written.split(",", 1)
        return read_decimal(whole.replace(".", ""), fraction)
    return read_number(int(written.replace(".", "")))


def money(text: str) -> str:
    """'8.000 đồng', '200.000đ', '1.000.000 VNĐ' -> '… đồng'."""
    return _MONEY.sub(lambda m: f"{read_amount(m.group(1))} đồng", text)


def percentages(text: str) -> str:
    """'15%' -> 'mười lăm phần trăm'."""
    return _PERCENT.sub(lambda m: f"{read_amount(m.group(1))} phần trăm", text)


_ORDINAL = re.compile(r"(?i)\b(thứ)\s+(\d{1,2})(?!\d)")


def ordinals(text: str) -> str:
    """'thứ 2' -> 'thứ hai', 'thứ 4' -> 'thứ tư', 'thứ 1' -> 'thứ nhất'."""
    special = {1: "nhất", 4: "tư"}
    return _ORDINAL.sub(
        lambda m: f"{m.group(1)} {special.get(int(m.group(2)), read_number(int(m.group(2))))}",
        text)


# ---- slashes and plain numbers --------------------------------------------------------------

_PER_UNIT = re.compile(r"(?<=\w)\s*/\s*(?=(?:trang|lần|bản|người|tháng|năm|ngày|giờ|hồ sơ|tuần"
                       r"|buổi|hộ|xã|thửa|m2|kg)\b)")
_FRACTION = re.compile(r"(?<![\d/])(\d+)/(\d+)(?![\d/])")
_DOTTED = re.compile(r"(?<![\d.,])\d{1,3}(?:\.\d{3})+(?![\d]|[.,]\d)")
_DECIMAL = re.compile(r"(?<![\d.,])(\d+),(\d+)(?![\d]|[.,]\d)")
_POINT = re.compile(r"(?<![\d.,])(\d+)\.(\d+)(?![\d]|[.,]\d)")
_INTEGER = re.compile(r"\d+")


def per_unit(text: str) -> str:
    """'2.000 đồng/trang' -> '… đồng một trang'."""
    return _PER_UNIT.sub(" một ", text)


def fractions(text: str) -> str:
    """'24/24' -> 'hai mươi tư trên hai mươi tư'."""
    return _FRACTION.sub(lambda m: f"{m.group(1)} trên {m.group(2)}", text)


def read_integer_text(digits: str) -> str:
    """A bare digit run: '02' -> 'hai'; long or zero-led runs (ID numbers) digit by digit."""
    if len(digits) > 12 or (digits.startswith("0") and len(digits) > 3):
        return read_digits(digits)
    return read_number(int(digits))


def numbers(text: str) -> str:
    """Dotted thousands, decimal commas, then any digits that are left."""
    text = _DOTTED.sub(lambda m: read_number(int(m.group(0).replace(".", ""))), text)
    text = _DECIMAL.sub(lambda m: read_decimal(m.group(1), m.group(2)), text)
    text = _POINT.sub(lambda m: f"{read_integer_text(m.group(1))} chấm "
                      f"{read_digits(m.group(2))}", text)
    return _INTEGER.sub(lambda m: read_integer_text(m.group(0)), text)


# ---- capitals, symbols, emoji -------------------------------------------------------------------

_WORDLIKE = re.compile(r"(?<![\w])\w*[^\W\d_]\w*(?![\w])")


def unknown_abbreviations(text: str, found: Callable[[str], None]) -> str:
    """Spell capitals the lexicon does not know ('QR' -> 'quy rờ'); a word in capitals
    that is a Vietnamese syllable ('HƯỚNG') is just read."""

    def caps(m: Match) -> str:
        word = m.group(0)
        if len(word) < 2 or not word.isupper():
            return word
        if is_syllable(word):
            return word.lower()
        found(word)
        return spell(word)

    return _WORDLIKE.sub(caps, text)


_SYMBOLS = {"&": " và ", "+": " cộng ", "=": " bằng ", "°C": " độ xê ", "…": ". ", "@": " a còng "}


def symbols(text: str) -> str:
    """Symbols with a reading get it; brackets become pauses; decoration is dropped."""
    for sym, spoken in _SYMBOLS.items():
        text = text.replace(sym, spoken)
    text = re.sub(r"\.{2,}", ". ", text)
    text = re.sub(r"[()\[\]{}]", ", ", text)
    text = re.sub(r"\s[–—-]\s", ", ", text)
    text = re.sub(r"[*#_~^`|<>\"“”‘’«»•·]", " ", text)
    return re.sub(r"(?<=\w)/(?=\w)|\s/\s?|/", " ", text)

"""Small pure text helpers for printed documents (Decree 30/2020 conventions)."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

from ..catalogue.messages import fee_set_by
from ..catalogue.model import Fee

# Decree 30/2020, Appendix I: the archive line closes the recipients list.
ARCHIVE_LINE = "Lưu: VT"


def nfc(text: str) -> str:
    """NFC form, so printed text extracts the way users type it."""
    return unicodedata.normalize("NFC", text)


def official_day(number: int) -> str:
    """Day of month as Decree 30 writes it: below 10 gets a leading zero."""
    return f"{number:02d}" if number < 10 else str(number)


def official_month(number: int) -> str:
    """Month as Decree 30 writes it: only January and February get a leading zero."""
    return f"{number:02d}" if number <= 2 else str(number)


def official_date(place: str, date: dt.date) -> str:
    """'Trung Sơn, ngày 05 tháng 01 năm 2026' (place and date line of a notice)."""
    return nfc(f"{place}, ngày {official_day(date.day)} tháng {official_month(date.month)} "
               f"năm {date.year}")


def recipient_lines(recipients: list[str]) -> list[str]:
    """'- Như trên;' lines, the archive line last and ending with a full stop.

    Why: staff type recipients loosely ("Lưu VT", trailing ';'); the printed list
    must follow one pattern, and every notice keeps an archive copy.
    """
    items = [r.strip().rstrip(";.").strip() for r in recipients if r.strip()]
    archive = [r for r in items if _is_archive(r)]
    others = [r for r in items if not _is_archive(r)]
    last = archive[-1] if archive else ARCHIVE_LINE
    return [f"- {r};" for r in others] + [f"- {last}."]


def _is_archive(item: str) -> bool:
    return bool(re.match(r"(?i)lưu\b", nfc(item)))


def money(amount: int) -> str:
    """12000 -> '12.000 đồng' (Vietnamese thousands separator)."""
    return f"{amount:,}".replace(",", ".") + " đồng"


def fee_text(fee: Fee) -> str:
    """One line for the fee: free, the amount, or who sets it, with the catalogue's note."""
    if fee.amount is None:
        main = fee_set_by(fee.set_by)
        return f"{main} ({fee.note})" if fee.note else main
    if fee.amount == 0:
        return fee.note or "Miễn phí"
    main = money(fee.amount)
    # Notes often restate the amount ("2.000 đồng/trang…"); don't print it twice.
    if fee.note and main.split()[0] in fee.note:
        return fee.note
    return f"{main} ({fee.note})" if fee.note else main

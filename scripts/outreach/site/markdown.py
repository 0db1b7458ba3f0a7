"""Small pure helpers that turn catalogue values into safe Markdown text."""

from __future__ import annotations

import datetime as dt
import html
import re
import unicodedata
from urllib.parse import urlsplit

from . import wording

_SPACES = re.compile(r"\s+")
# Characters that start a block construct when they open a line ("# x", "- x", "1. x", "> x").
_BLOCK_START = re.compile(r"^(\s*)([#>+*-]|\d+[.)])(\s)")


def inline(text: str) -> str:
    """One line of plain text for Markdown: HTML escaped, no line breaks, safe in a table cell.

    Catalogue values are data, not markup: a stray "<" or "|" must show as typed.
    """
    text = unicodedata.normalize("NFC", _SPACES.sub(" ", text).strip())
    text = html.escape(text, quote=False)
    text = text.replace("|", "&#124;").replace("*", r"\*").replace("_", r"\_")
    text = text.replace("[", r"\[").replace("]", r"\]").replace("`", r"\`")
    return _BLOCK_START.sub(lambda m: f"{m.group(1)}\\{m.group(2)}{m.group(3)}", text)


def block(text: str, indent: str = "") -> str:
    """Author-written Markdown (a step's detail): kept as Markdown, raw HTML escaped, indented."""
    text = unicodedata.normalize("NFC", text.strip())
    text = html.escape(text, quote=False)
    return "\n".join(f"{indent}{line}" if line.strip() else "" for line in text.splitlines())


def attribute(text: str) -> str:
    """A value for a double-quoted HTML or attr_list attribute."""
    return html.escape(_SPACES.sub(" ", text).strip(), quote=True)


def date(value: dt.date) -> str:
    """05/01/2026: the day-first form Vietnamese readers expect."""
    return value.strftime("%d/%m/%Y")


def money(amount: int) -> str:
    """8000 -> '8.000 đồng' (Vietnamese thousands separator is a dot)."""
    return f"{amount:,}".replace(",", ".") + f" {wording.CURRENCY}"


def fee(amount: int, note: str | None) -> str:
    main = wording.FEE_FREE if amount == 0 else money(amount)
    return f"{main} ({inline(note)})" if note else main


def host(url: str) -> str:
    """'https://dichvucong.gov.vn/p/x' -> 'dichvucong.gov.vn' for link text."""
    return urlsplit(url).netloc or url


def link_target(url: str) -> str:
    """A URL usable inside Markdown's (…) without breaking the link."""
    return url.replace(" ", "%20").replace("(", "%28").replace(")", "%29")


def fold(text: str) -> str:
    """Vietnamese without tone marks, lower case: 'Đăng ký khai sinh' -> 'dang ky khai sinh'.

    People often type without accents on a phone keyboard; folded text lets them still match.
    """
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return unicodedata.normalize("NFC", stripped).lower()


def anchor(text: str, separator: str = "-") -> str:
    """A stable ASCII heading id: 'Đăng ký' -> 'dang-ky' (MkDocs' default gives 'ang-ky').

    Also used as the toc extension's `slugify`, hence the separator argument.
    """
    return re.sub(r"[^a-z0-9]+", separator, fold(text)).strip(separator) or "muc"

"""Small text helpers for generated pages: escaping, accent folding, Vietnamese order, formats."""

from __future__ import annotations

import datetime as dt
import html
import re
import unicodedata
from collections.abc import Mapping
from types import MappingProxyType

from ..markup import neutralise_html

# Tone marks are a secondary difference in Vietnamese order; vowel shapes (ă â ê ô ơ ư) and
# đ are letters of their own, so "Đ" sorts after every "D" word.
_TONES = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}
_ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
_RANK = {letter: i for i, letter in enumerate(_ALPHABET)}
_MARKDOWN_SPECIALS = re.compile(r"([\\`*_\[\]#|~])")


def escape_text(value: str) -> str:
    """Catalogue text -> Markdown that renders as exactly that text (no HTML, no formatting)."""
    return _MARKDOWN_SPECIALS.sub(r"\\\1", html.escape(value, quote=True))


def escape_markdown_block(value: str) -> str:
    """Catalogue Markdown (step details): keep Markdown syntax, neutralise raw HTML."""
    return neutralise_html(value)


def escape_attr(value: str) -> str:
    """Text for an HTML attribute value or raw HTML element content."""
    return html.escape(value, quote=True)


def fold(value: str) -> str:
    """Lower-case, drop accents and map đ to d: 'Đăng ký' -> 'dang ky' (search, slugs)."""
    if value.isascii():
        return value.lower()
    decomposed = unicodedata.normalize("NFD", value.replace("Đ", "D").replace("đ", "d"))
    stripped = _MARKS.sub("", decomposed)
    if _PLAIN.fullmatch(stripped):  # what NFC leaves as it is, and no other marks
        return stripped.lower()
    return _fold_slowly(value)


def _fold_slowly(value: str) -> str:
    value = value.replace("Đ", "D").replace("đ", "d")
    stripped = "".join(c for c in unicodedata.normalize("NFD", value)
                       if unicodedata.category(c) != "Mn")
    return unicodedata.normalize("NFC", stripped).lower()


# Vietnamese text decomposed is ASCII letters, the combining marks U+0300–036F, and
# punctuation (– “ ” …): folding that is removing those marks, with no look at each
# character's category (which was a quarter of the search index's build at 2,000 pages).
_MARKS = re.compile("[\u0300-\u036f]+")
_PLAIN = re.compile("[\x00-\x7f\u00a0-\u00bf\u2000-\u206f]*")


def anchor(text: str, separator: str = "-") -> str:
    """A stable ASCII heading id: 'Đăng ký' -> 'dang-ky' (MkDocs' default gives 'ang-ky').

    Also used as the toc extension's `slugify`, hence the separator argument.
    """
    return re.sub(r"[^a-z0-9]+", separator, fold(text)).strip(separator) or "muc"


def slugify(value: str) -> str:
    """'Hộ tịch' -> 'ho-tich' (URL folder for a field page)."""
    return re.sub(r"[^a-z0-9]+", "-", fold(value)).strip("-") or "khac"


def _split_letter(char: str) -> tuple[str, int]:
    """'ặ' -> ('ă', 5): the letter with its vowel shape, and its tone rank."""
    tone = 0
    kept = []
    for part in unicodedata.normalize("NFD", char.lower()):
        if part in _TONES:
            tone = _TONES[part]
        else:
            kept.append(part)
    return unicodedata.normalize("NFC", "".join(kept)), tone


def _common_letters() -> Mapping[str, tuple[str, int]]:
    """`_split_letter` of every Vietnamese letter (both cases, each tone), digits and space,
    worked out once: sorting 2,000 names split each of their letters again."""
    chars = set(" 0123456789")
    for base in _ALPHABET + _ALPHABET.upper():
        for mark in ("", *_TONES):
            composed = unicodedata.normalize("NFC", base + mark)
            if len(composed) == 1:
                chars.add(composed)
    return MappingProxyType({char: _split_letter(char) for char in chars})


_LETTERS = _common_letters()


def sort_key(value: str) -> tuple[tuple[int, ...], tuple[int, ...], str]:
    """Vietnamese dictionary order: letters first (a < ă < â, d < đ), then tones, then text."""
    letters: list[int] = []
    tones: list[int] = []
    for char in unicodedata.normalize("NFC", value):
        letter, tone = _LETTERS.get(char) or _split_letter(char)
        if letter.isspace():
            letters.append(0)
        elif letter.isdigit():
            letters.append(1 + int(letter))
        elif letter in _RANK:
            letters.append(100 + _RANK[letter])
        else:
            letters.append(1000 + ord(letter[:1] or " "))
        tones.append(tone)
    return tuple(letters), tuple(tones), value


def initial(value: str) -> str:
    """The A–Z heading a name belongs under: its first letter without tone, upper case."""
    for char in unicodedata.normalize("NFC", value.strip()):
        letter, _ = _split_letter(char)
        if letter.isalpha():
            return letter.upper()
        if letter.isdigit():
            return "0–9"
    return "#"


def money(amount: int) -> str:
    """8000 -> '8.000 đồng' (Vietnamese thousands separator is a dot)."""
    return f"{amount:,}".replace(",", ".") + " đồng"


def date_vn(day: dt.date) -> str:
    """2025-11-01 -> '01/11/2025'."""
    return day.strftime("%d/%m/%Y")


def duration(seconds: float) -> str:
    """75.4 -> '1:15' (minutes:seconds, how players show it)."""
    total = int(round(seconds))
    return f"{total // 60}:{total % 60:02d}"

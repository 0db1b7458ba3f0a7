"""Vietnamese number reading: 21 -> "hai mươi mốt", 105 -> "một trăm linh năm".

Pure functions only. `parse_number` is the inverse of `read_number`; the tests use it to
check every reading round-trips, which catches wrong "mốt/lăm/tư/linh" choices.
"""

from __future__ import annotations

DIGITS = ("không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín")
# Group names for powers of a thousand; "tỷ" repeats for larger numbers (nghìn tỷ).
MAX_NUMBER = 10**15 - 1  # up to "chín trăm ... nghìn tỷ"; longer runs are read digit by digit

NUMBER_WORDS = frozenset(DIGITS) | {"mười", "mươi", "mốt", "lăm", "tư", "linh", "trăm",
                                    "nghìn", "triệu", "tỷ"}


def read_digits(digits: str) -> str:
    """'0233' -> 'không hai ba ba': each digit on its own (phones, codes)."""
    return " ".join(DIGITS[int(d)] for d in digits if d.isdigit())


def _read_tens(n: int) -> str:
    """0..99 inside a group; empty for 0."""
    tens, unit = divmod(n, 10)
    if tens == 0:
        return DIGITS[unit] if unit else ""
    if tens == 1:
        head = "mười"
        tail = {0: "", 5: "lăm"}.get(unit, DIGITS[unit])
    else:
        head = f"{DIGITS[tens]} mươi"
        # After "mươi" 1 is "mốt", 4 is "tư", 5 is "lăm"; after "mười" only 5 changes.
        tail = {0: "", 1: "mốt", 4: "tư", 5: "lăm"}.get(unit, DIGITS[unit])
    return f"{head} {tail}".strip()


def _read_group(n: int, leading: bool) -> str:
    """0..999; a non-leading group always says its hundreds ("không trăm") and "linh"."""
    hundreds, rest = divmod(n, 100)
    if leading and hundreds == 0:
        return _read_tens(rest)
    words = f"{DIGITS[hundreds]} trăm"
    if rest == 0:
        return words
    if rest < 10:
        return f"{words} linh {DIGITS[rest]}"
    return f"{words} {_read_tens(rest)}"


def read_number(n: int) -> str:
    """Read a whole number the way a Vietnamese announcer says it.

    2022 -> "hai nghìn không trăm hai mươi hai", 1_000_000 -> "một triệu".
    """
    if n < 0:
        return f"âm {read_number(-n)}"
    if n > MAX_NUMBER:
        return read_digits(str(n))
    if n == 0:
        return DIGITS[0]
    if n >= 10**12:
        high, low = divmod(n, 10**9)
        head = f"{read_number(high)} tỷ"
        if low == 0:
            return head
        return f"{head} {_read_below_billion(low, leading=False)}"
    return _read_below_billion(n, leading=True) if n < 10**9 else _read_billions(n)


def _read_billions(n: int) -> str:
    high, low = divmod(n, 10**9)
    head = f"{_read_group(high, leading=True)} tỷ"
    return head if low == 0 else f"{head} {_read_below_billion(low, leading=False)}"


def _read_below_billion(n: int, leading: bool) -> str:
    groups = [(n // 10**6) % 1000, (n // 1000) % 1000, n % 1000]
    scales = ("triệu", "nghìn", "")
    words: list[str] = []
    for group, scale in zip(groups, scales, strict=True):
        if group == 0:
            continue  # 1.000.500 -> "một triệu năm trăm": silent zero groups
        words.append(_read_group(group, leading=leading and not words))
        if scale:
            words.append(scale)
    return " ".join(words)


def read_fraction_digits(fraction: str) -> str:
    """Digits after the decimal sign: '5' -> 'năm', '25' -> 'hai mươi lăm', '05' and
    '125' digit by digit (a leading zero or three digits are not heard as one number)."""
    if fraction.startswith("0") or len(fraction) > 2:
        return read_digits(fraction)
    return read_number(int(fraction))


def read_decimal(whole: str, fraction: str, point: str = "phẩy") -> str:
    """'1', '5' -> 'một phẩy năm' (Vietnamese writes decimals with a comma)."""
    return f"{read_integer(whole)} {point} {read_fraction_digits(fraction)}"


def read_integer(digits: str) -> str:
    """A written digit run: '02' -> 'hai'; long or zero-led runs (ID numbers) digit by digit."""
    if len(digits) > 15 or (digits.startswith("0") and len(digits) > 3):
        return read_digits(digits)
    return read_number(int(digits))


ORDINAL_EXCEPTIONS = {1: "nhất", 4: "tư"}


def read_ordinal(n: int) -> str:
    """After "thứ"/"hạng": 1 -> "nhất", 4 -> "tư", otherwise the number (thứ hai, thứ mười)."""
    return ORDINAL_EXCEPTIONS.get(n, read_number(n))


_ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100, "D": 500, "M": 1000}


def roman_value(written: str) -> int | None:
    """'XXI' -> 21; None unless `written` is a well-formed Roman numeral below 4000."""
    if not written or any(ch not in _ROMAN for ch in written):
        return None
    total = 0
    for ch, nxt in zip(written, written[1:] + " ", strict=True):
        value = _ROMAN[ch]
        total += -value if nxt in _ROMAN and _ROMAN[nxt] > value else value
    return total if 0 < total < 4000 and to_roman(total) == written else None


def to_roman(n: int) -> str:
    """21 -> 'XXI' (used to reject malformed numerals such as 'IIII' or 'VX')."""
    out = []
    for value, letters in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"),
                           (90, "XC"), (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"),
                           (4, "IV"), (1, "I")):
        count, n = divmod(n, value)
        out.append(letters * count)
    return "".join(out)


_UNIT_VALUES = {w: i for i, w in enumerate(DIGITS)} | {"mốt": 1, "lăm": 5, "tư": 4}


def _parse_below_thousand(words: list[str]) -> int:
    value = 0
    i = 0
    if len(words) >= 2 and words[1] == "trăm":
        value += 100 * _UNIT_VALUES[words[0]]
        i = 2
    if i < len(words) and words[i] == "linh":
        return value + _UNIT_VALUES[words[i + 1]]
    rest = words[i:]
    if not rest:
        return value
    if rest[0] == "mười":
        return value + 10 + (_UNIT_VALUES[rest[1]] if len(rest) > 1 else 0)
    if len(rest) >= 2 and rest[1] == "mươi":
        return value + 10 * _UNIT_VALUES[rest[0]] + (_UNIT_VALUES[rest[2]] if len(rest) > 2 else 0)
    return value + _UNIT_VALUES[rest[0]]


def parse_number(text: str) -> int:
    """Inverse of `read_number` for its own output (used by tests as an oracle)."""
    words = text.split()
    if words == ["không"]:
        return 0
    if "tỷ" in words:
        at = len(words) - 1 - words[::-1].index("tỷ")
        return parse_number(" ".join(words[:at])) * 10**9 + (
            parse_number(" ".join(words[at + 1:])) if words[at + 1:] else 0)
    total = 0
    chunk: list[str] = []
    for word in words:
        if word in ("triệu", "nghìn"):
            total += _parse_below_thousand(chunk) * (10**6 if word == "triệu" else 1000)
            chunk = []
        else:
            chunk.append(word)
    return total + (_parse_below_thousand(chunk) if chunk else 0)

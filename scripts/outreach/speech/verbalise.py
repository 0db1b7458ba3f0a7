"""One pure function per token class: the written token (and the words around it) in,
the words to say out. Vocabulary comes from `vocab.py` (the data files)."""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace

from .numbers import (
    read_decimal,
    read_digits,
    read_integer,
    read_number,
    read_ordinal,
    roman_value,
)
from .syllables import is_syllable, segment, spell, strip_tones
from .tagger import AMOUNT, CAPITAL
from .vocab import vocabulary

MAX_TOKEN_CHARS = 40  # longer runs of letters or digits are not words anyone can follow


@dataclass
class Notes:
    """What one call of `normalise` found for a person to look at (collected, not global)."""

    foreign: list[str] = field(default_factory=list)
    spelled: list[str] = field(default_factory=list)
    dropped: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Context:
    """The text around a token, the lexicon, and a way to speak a sub-span (ranges)."""

    before: str
    after: str
    abbreviations: Mapping[str, str]
    words: Mapping[str, str]
    web: Mapping[str, str]
    notes: Notes
    speak: Callable[[str], str]

    def last_words(self, n: int = 1) -> str:
        """The `n` words before the token, lower case ("" at the start of a line)."""
        line = self.before.rsplit("\n", 1)[-1]
        return " ".join(re.findall(r"[^\W\d_]+", line.lower())[-n:]) if line.strip() else ""

    def after_word(self, words: frozenset[str] | set[str]) -> bool:
        """Does one of `words` (each of one or more words) stand right before the token?"""
        if not re.search(r"[^\W\d_]\s*$", self.before):
            return False
        return any(self.last_words(n) in words for n in range(1, _longest(words) + 1))

    def near_before(self, words: frozenset[str]) -> bool:
        """Do the one or two words (or digits) before the token, past any punctuation, make
        one of `words`? ("thứ 2, 7/8", "Chủ nhật (9/8)")"""
        line = self.before.rsplit("\n", 1)[-1].lower()
        tokens = re.findall(r"\w+", line)
        return any(" ".join(tokens[-n:]) in words for n in range(1, _longest(words) + 1)
                   if len(tokens) >= n)

    def mentions(self, words: frozenset[str], window: int = 4) -> bool:
        """Does one of `words` stand among the `window` words before the token, on its line?
        ("lương tháng khoảng 3,5 tr": the money word need not be right before)"""
        recent = f" {self.last_words(window)} "
        return any(f" {entry} " in recent for entry in words)

    def next_words(self, n: int = 1) -> str:
        """The `n` words right after the token, lower case ("" when punctuation comes first)."""
        m = re.match(rf"\s*((?:[^\W\d_]+\s*){{1,{n}}})", self.after)
        return " ".join(m.group(1).lower().split()) if m else ""

    def followed_by(self, words: frozenset[str] | set[str]) -> bool:
        """Is the token followed by one of `words` (each of one or more words)?"""
        return any(self.next_words(n) in words for n in range(1, _longest(words) + 1))

    def line_is_only_token(self) -> bool:
        """Nothing but the token (and punctuation) on its line: a heading or a label."""
        line_before = self.before.rsplit("\n", 1)[-1]
        line_after = self.after.split("\n", 1)[0]
        return not re.search(r"\w", line_before + line_after)


# ---- numbers -------------------------------------------------------------------------------

def _longest(words: frozenset[str] | set[str]) -> int:
    """Words in the longest entry of a context list (contexts.tsv has three-word ones)."""
    return max((entry.count(" ") + 1 for entry in words), default=1)


def read_amount(written: str) -> str:
    """'8.000' -> 'tám nghìn', '1,5' -> 'một phẩy năm', '1,234,567' -> 'một triệu…',
    '1.5' -> 'một chấm năm' (a dot before one or two digits is a decimal point)."""
    written = re.sub(r"(?<=\d)[ \u00a0\u202f](?=\d{3})", "", written)  # "12 500"
    if re.fullmatch(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?", written):
        whole, _, fraction = written.replace(".", "").partition(",")
    elif re.fullmatch(r"\d{1,3}(?:,\d{3}){2,}(?:\.\d+)?|\d{1,3},\d{3}\.\d+", written):
        whole, _, fraction = written.replace(",", "").partition(".")
    else:
        whole, sign, fraction = written.replace(".", "\0").replace(",", "\0").partition("\0")
        if not sign:
            return read_integer(written)
        return read_decimal(whole, fraction, "phẩy" if "," in written else "chấm")
    whole = whole.lstrip("0") or "0"  # grouped thousands are a value, never an ID number
    return read_decimal(whole, fraction) if fraction else read_integer(whole)


_LOWER_SCALE = {"tỷ": "triệu", "triệu": "nghìn", "nghìn": ""}


def read_value(written: str) -> str:
    """An amount of money or one before a scale word: a dot before one or two digits (or
    after a lone 0) is a decimal said "phẩy", as for a comma ('1.5 triệu' -> 'một phẩy
    năm triệu'); it cannot be a thousands separator there ('0.125' neither)."""
    if re.fullmatch(r"\d+\.\d{1,2}|0(?:\.\d{3})+", written):
        return read_amount(written.replace(".", ","))
    return read_amount(written)


def read_quantity(written: str) -> str:
    """An amount with an optional shorthand multiplier: '15k' -> 'mười lăm nghìn'."""
    multipliers = vocabulary().multipliers
    m = re.fullmatch(rf"({AMOUNT})(?:(\D+)(\d{{0,3}}))?", written)
    if not m:
        return read_digits(written)
    amount, suffix, rest = m.group(1), m.group(2) or "", m.group(3) or ""
    if suffix not in multipliers:
        return read_amount(amount)
    words = read_value(amount)
    scale = multipliers[suffix]
    words = f"{words} {scale}"
    if rest.strip("0"):  # "3tr5": three and a half million, the digits a decimal part
        words += f" {read_number(int(rest.ljust(3, '0')))} {_LOWER_SCALE.get(scale, '')}"
    return words.strip()


def read_day(day: int) -> str:
    """Days 1–10 take "mồng": 5 -> "mồng năm", 15 -> "mười lăm"."""
    return f"mồng {read_number(day)}" if day <= 10 else read_number(day)


def read_month(month: int) -> str:
    """4 -> "tư" (tháng tư), otherwise the number."""
    return "tư" if month == 4 else read_number(month)


def number(written: str, ctx: Context) -> str:
    """A bare number; the word before decides: 'thứ 4' -> 'thứ tư', 'ngày 5' -> 'ngày mồng
    năm', 'tháng 4' -> 'tháng tư'; '15k' -> 'mười lăm nghìn'."""
    vocab = vocabulary()
    if written.isdigit() and 3 <= len(written) <= 5 and (
            ctx.after_word(vocab.contexts["phone"]) or _another_dialled(ctx)):
        return read_digits(written)  # "gọi 113", "tổng đài 1022": dialled, not counted
    if written.isdigit() and len(written) >= 6 and ctx.near_before(vocab.contexts["id"]) \
            and not _counted(ctx):
        return read_code_groups(written)  # "mã số thuế 3200123456": typed, not counted
    clock_ = re.fullmatch(r"(\d{1,2})\.(\d{2})", written)
    if clock_ and (ctx.last_words() == "lúc" or ctx.followed_by(vocab.contexts["day_part"])):
        spoken = read_clock(int(clock_.group(1)), int(clock_.group(2)))  # "lúc 7.30"
        if spoken:
            return spoken
    if ctx.followed_by(vocab.contexts["magnitude"]):
        return read_value(written)  # "1.5 triệu": một phẩy năm triệu
    head, space, rest = written.partition(" ")
    if space and ctx.last_words() in vocab.contexts["repeat"] | {"ngày", "lớp"}:
        # "tháng 1 200 người": the month, then a count (not one thousand two hundred)
        return f"{number(head, ctx)} {read_amount(rest.replace(' ', ''))}"
    if written.isdigit() and len(written) <= 4:
        value = int(written)
        if ctx.after_word(vocab.ordinal_contexts) and 1 <= value <= 99:
            return read_ordinal(value)
        following = re.match(r"\s+([^\W\d_]+)", ctx.after)
        next_word = following.group(1).lower() if following else ""
        # "ngày 2 lần", "tháng 4 buổi" count something; "ngày 5 tháng 1" is a date
        counting = next_word in vocab.per_words
        if ctx.last_words() == "ngày" and 1 <= value <= 31 and (
                not counting or next_word == "tháng"):
            return read_day(value)
        if ctx.last_words() == "tháng" and 1 <= value <= 12 and (
                not counting or next_word == "năm"):
            return read_month(value)
    return read_quantity(written)


def shorthand(written: str, ctx: Context) -> str:
    """'lương 3,5 tr', 'giá 50 k' -> 'ba phẩy năm triệu', 'năm mươi nghìn': a shorthand
    written apart from its number is the scale word where money is talked about (a money
    word among the four before, or a currency or '/' after); elsewhere the number is read
    and the letters left as written ('tr' may be a page)."""
    amount, _, letters = written.partition(" ")
    vocab = vocabulary()
    after = ctx.after.lstrip()
    money_after = after.startswith("/") or ctx.next_words(1) in vocab.currencies
    if ctx.mentions(vocab.contexts["money"]) or money_after:
        return f"{read_value(amount)} {vocab.multipliers[letters.strip()]}"
    return f"{number(amount, replace(ctx, after=written[len(amount):] + ctx.after))} " \
           f"{ctx.speak(' ' + letters.strip())}"


def _another_dialled(ctx: Context) -> bool:
    """'gọi 113 hoặc 114', 'gọi 113, 114': the next short number of a dialled list."""
    phone_words = "|".join(re.escape(w) for w in vocabulary().contexts["phone"])
    return re.search(rf"(?i)(?<!\w)(?:{phone_words})\s+\d{{3,5}}"
                     r"(?:\s*(?:,|hoặc|và)\s*\d{3,5})*\s*(?:,|hoặc|và)\s*$", ctx.before) is not None


def scientific(written: str, ctx: Context) -> str:
    """'3.2e5', '1.5×10^-3' -> 'ba chấm hai nhân mười mũ năm'."""
    m = re.fullmatch(r"(.+?)(?:e|[×x]10\^)(-?)(\d+)", written)
    assert m is not None
    mantissa, sign, power = m.groups()
    whole, point, fraction = mantissa.replace(",", ".").partition(".")
    spoken = read_decimal(whole, fraction, "chấm" if "." in mantissa else "phẩy") if point \
        else read_integer(whole)
    return f"{spoken} nhân mười mũ {'trừ ' if sign else ''}{read_number(int(power))}"


def minus(written: str, ctx: Context) -> str:
    """A '-' right before a number, not between two: '-5' -> 'âm năm'."""
    return "âm"


def percent(written: str, ctx: Context) -> str:
    """'15%' -> 'mười lăm phần trăm'."""
    return f"{read_amount(written.rstrip('% '))} phần trăm"


def multiply(written: str, ctx: Context) -> str:
    """'3 x 4' -> 'ba nhân bốn', '6x9 m' -> 'sáu nhân chín mét', '2m x 3m' -> 'hai mét
    nhân ba mét' (sizes of a plot or a room)."""
    units = vocabulary().units
    factors = []
    for factor in re.split(r"\s?[x×]\s?", written):
        m = re.fullmatch(rf"({AMOUNT})\s?(\D*)", factor)
        assert m is not None
        amount, unit = m.groups()
        factors.append(f"{read_amount(amount)} {units[unit]}" if unit else read_amount(amount))
    return " nhân ".join(factors)


def _split_suffix(written: str, suffixes: Iterable[str]) -> tuple[str, str]:
    """'5kg' -> ('5', 'kg'), '50.000₫' -> ('50.000', '₫'): the longest suffix that leaves
    an amount (so "5kg" is kilograms, not "5k" and "g")."""
    vocab = vocabulary()
    mult = "|".join(re.escape(k) for k in sorted(vocab.multipliers, key=len, reverse=True))
    for suffix in sorted(suffixes, key=len, reverse=True):
        amount = written[:-len(suffix)].strip()
        if written.endswith(suffix) and re.fullmatch(rf"(?:{AMOUNT})(?:(?:{mult})\d{{0,3}})?",
                                                     amount):
            return amount, suffix
    raise ValueError(written)  # the tagger only passes an amount followed by a suffix


def measure(written: str, ctx: Context) -> str:
    """'5kg' -> 'năm ki lô gam', '200 m2' -> 'hai trăm mét vuông', '60km/h'."""
    units = vocabulary().units
    amount, unit = _split_suffix(written, units)
    return f"{read_quantity(amount)} {units[unit]}"


def height(written: str, ctx: Context) -> str:
    """'1m65' -> 'một mét sáu mươi lăm', 'cao 1m7' -> 'một mét bảy' (metres, then the
    centimetres said as a number, as people give a height); '1m2' and '5m3' with no height
    word before are square and cubic metres."""
    metres, _, rest = written.partition("m")
    if rest in ("2", "3") and not ctx.after_word(vocabulary().contexts["height"]):
        return measure(written, ctx)
    return f"{read_number(int(metres))} mét {read_number(int(rest))}"


def money(written: str, ctx: Context) -> str:
    """'50.000₫', '200.000đ', '$10', '20 USD', '15k đồng' -> '… đồng' / '… đô la'."""
    currencies = vocabulary().currencies
    if written[0].isdigit():
        amount, sign = _split_suffix(written, [c for c, v in currencies.items() if v.after])
    else:
        sign = next(s for s in sorted(currencies, key=len, reverse=True) if written.startswith(s))
        amount = written[len(sign):].strip()
    spoken = read_value(amount) if re.fullmatch(AMOUNT, amount) else read_quantity(amount)
    return f"{spoken} {currencies[sign].spoken}"


# ---- dates and times -----------------------------------------------------------------------

def _valid_date(day: int, month: int, year: int | None) -> bool:
    if not 1 <= month <= 12 or day < 1:
        return False
    return day <= calendar.monthrange(year if year and year >= 1 else 2024, month)[1]


def read_date(day: int, month: int, year: int | None) -> str:
    """(5, 1, 2026) -> "mồng năm tháng một năm hai nghìn không trăm hai mươi sáu"."""
    spoken = f"{read_day(day)} tháng {read_month(month)}"
    return spoken if year is None else f"{spoken} năm {read_number(year)}"


def _with_word(ctx: Context, word: str, spoken: str) -> str:
    """'ngày …' unless the text already says 'ngày' (or 'hôm', 'mồng') right before."""
    last = ctx.last_words()
    if word == "ngày" and last in ("mồng", "mùng"):
        return spoken.removeprefix("mồng ")  # "mùng 10/3": the text says it already
    return spoken if last == word or (word == "ngày" and last == "hôm") else f"{word} {spoken}"


def _parts(written: str) -> list[str]:
    return re.findall(r"\d+", written)


def _read_parts(written: str, joiner: str) -> str:
    """Numbers that do not make a valid date or time: each read, joined as written."""
    return f" {joiner} ".join(read_integer(p) for p in _parts(written))


def date(written: str, ctx: Context) -> str:
    """'05/01/2026', '31.12.2023', '2026-01-05' -> 'ngày mồng năm tháng một năm …'."""
    first, second, third = (int(p) for p in _parts(written))
    day, month, year = (third, second, first) if first > 31 else (first, second, third)
    if not _valid_date(day, month, year):
        return _read_parts(written, "trên" if "/" in written else ",")
    return _with_word(ctx, "ngày", read_date(day, month, year))


def date_range(written: str, ctx: Context) -> str:
    """'15-16/03/2024' -> 'ngày mười lăm đến mười sáu tháng ba năm …' (two days of one
    month); '28/2-3/3' -> 'ngày hai mươi tám tháng hai đến mồng ba tháng ba'."""
    left, right = re.split(r"\s?[–—-]\s?", written, maxsplit=1)
    end = [int(p) for p in right.split("/")]
    first = [int(p) for p in left.split("/")]
    day, month = end[0], end[1]
    year = end[2] if len(end) > 2 else None
    start_day = first[0]
    start_month = first[1] if len(first) > 1 else month
    start_year = first[2] if len(first) > 2 else year
    if not (_valid_date(day, month, year) and _valid_date(start_day, start_month, start_year)):
        return f"{ctx.speak(left)} đến {ctx.speak(right)}"
    if len(first) == 1:
        head = read_day(start_day)  # one month: said once, after the second day
    else:
        head = read_date(start_day, start_month, first[2] if len(first) > 2 else None)
    spoken = f"{head} đến {read_date(day, month, year)}"
    return _with_word(ctx, "ngày", spoken)


def _date_cue(ctx: Context, strong: bool = False) -> bool:
    """Words around a d/m that make it a date: 'ngày', a weekday, '… âm lịch'."""
    contexts = vocabulary().contexts
    return ctx.after_word(contexts["date_strong" if strong else "date"]) or ctx.near_before(
        contexts["weekday"]) or (not strong and ctx.followed_by(contexts["date_after"]))


def _counted(ctx: Context) -> bool:
    """A count follows ('2-3 ngày', '10-15 phút'): the numbers are a range, not a date."""
    vocab = vocabulary()
    following = ctx.next_words(1)
    return following in vocab.per_words or following in vocab.units or following in \
        vocab.currencies or ctx.followed_by(vocab.contexts["count"])


def _paired(ctx: Context) -> bool:
    """'từ 20-11 đến 22-11': a d-m joined by 'đến' or 'tới' to another is a date."""
    other = r"(\d{1,2})[.-](\d{1,2})(?![\d/-]|[.,]\d)"
    later = re.match(rf"\s*(?:đến|tới)\s+(?:ngày\s+)?{other}", ctx.after)
    if later:  # "2-3 đến 4-5 người" counts: the other one decides
        rest = replace(ctx, before=ctx.before + later.group(0), after=ctx.after[later.end():])
        return _valid_date(int(later[1]), int(later[2]), None) and not _counted(rest)
    earlier = re.search(rf"(?<![\d.,/-]){other}\s*(?:đến|tới)\s*$", ctx.before)
    return earlier is not None and _valid_date(int(earlier[1]), int(earlier[2]), None)


def day_month(written: str, ctx: Context) -> str:
    """'ngày 15.3', 'ngày 20-11', '15.03' -> a date; elsewhere '1.5' is a number and
    '2-3' a range. A dash makes a date only after 'ngày', 'mồng' or a weekday."""
    first, second = (int(p) for p in _parts(written))
    dash = "-" in written
    padded = not dash and re.fullmatch(r"\d{2}\.0\d", written) is not None
    if _valid_date(first, second, None) and not _counted(ctx) and (
            _date_cue(ctx, strong=dash) or padded or _paired(ctx)):
        return _with_word(ctx, "ngày", read_date(first, second, None))
    if dash and _counted(ctx) and not ctx.after_word(vocabulary().contexts["repeat"]):
        return f"{read_number(first)} đến {read_number(second)}"  # "ngày 2-3 lần": counts
    return range_(written, ctx) if dash else number(written, ctx)


def month_year(written: str, ctx: Context) -> str:
    """'05.2023', '05-2023' -> 'tháng năm năm hai nghìn không trăm hai mươi ba'; after
    'quý' or 'đợt' the number is that period ('quý 02.2025')."""
    month, year = (int(p) for p in _parts(written))
    if ctx.after_word(vocabulary().contexts["period"]):
        return f"{read_number(month)} năm {read_number(year)}"
    if not 1 <= month <= 12 or _counted(ctx):
        return range_(written, ctx) if "-" in written else number(written, ctx)
    return _with_word(ctx, "tháng", f"{read_month(month)} năm {read_number(year)}")


def read_clock(hour: int, minute: int, second: int | None = None) -> str | None:
    """(7, 30) -> 'bảy giờ ba mươi phút'; (7, 0) -> 'bảy giờ'; None if not a time."""
    if hour > 24 or minute > 59 or (second or 0) > 59:
        return None
    spoken = f"{read_number(hour)} giờ"
    if second:
        return f"{spoken} {read_number(minute)} phút {read_number(second)} giây"
    return spoken if minute == 0 else f"{spoken} {read_number(minute)} phút"


def _meridiem(written: str) -> tuple[str, str]:
    """'7:30 PM' -> ('7:30', 'pm'); a time without AM/PM -> (written, '')."""
    m = re.search(r"\s?([AaPp])\.?[Mm]\.?$", written)
    return (written[:m.start()], m.group(1).lower() + "m") if m else (written, "")


def _part_of_day(hour: int, half: str) -> str:
    """AM/PM as a listener says it: 'sáng', 'trưa' (12 PM), 'chiều' (1–5 PM), 'tối'
    (6–11 PM), 'đêm' (12 AM)."""
    if half == "am":
        return "đêm" if hour == 12 else "sáng"
    return "trưa" if hour == 12 else "chiều" if hour < 6 else "tối"


def time(written: str, ctx: Context) -> str:
    """'07:30', '7:05:30', '7:30 PM' -> words; '27:45' (minutes past 24) -> 'hai mươi bảy
    phút …'."""
    written, half = _meridiem(written)
    values = [int(p) for p in _parts(written)]
    # "2:30 giây", "trong 2:05 phút": a duration in minutes and seconds ("lúc 10:20 phút"
    # is a time of day)
    seconds = len(values) == 2 and (written.endswith("giây") or written.endswith("phút") and
                                    ctx.after_word(vocabulary().contexts["duration"]))
    spoken = None if seconds else read_clock(*values)
    if spoken is None and len(values) == 2 and values[1] <= 59 and values[0] <= 59:
        spoken = f"{read_number(values[0])} phút {read_number(values[1])} giây"
    if spoken is None:
        return _read_parts(written, ",")
    return f"{spoken} {_part_of_day(values[0], half)}" if half and values[0] <= 12 else spoken


def clock(written: str, ctx: Context) -> str:
    """'7h30', '13h', '17h00', '8g sáng', '7g30', '10pm' -> 'bảy giờ ba mươi phút'."""
    written, half = _meridiem(written)
    values = [int(p) for p in _parts(written)]
    spoken = read_clock(values[0], values[1] if len(values) > 1 else 0)
    if spoken is None:
        return _read_parts(written, ",")
    return f"{spoken} {_part_of_day(values[0], half)}" if half and values[0] <= 12 else spoken


def month_word_year(written: str, ctx: Context) -> str:
    """'tháng 1 2024' -> 'tháng một năm hai nghìn không trăm hai mươi tư'."""
    month, year = (int(p) for p in _parts(written))
    word = written.split()[0]
    if not 1 <= month <= 12:
        return f"{word} {read_number(month)} {read_number(year)}"
    return f"{word} {read_month(month)} năm {read_number(year)}"


def _fraction_cue(ctx: Context) -> bool:
    """Arithmetic or a quantity around a d/m: 'chiếm 3/4', '3/4 số hộ', '1/2 + 1/4'."""
    contexts = vocabulary().contexts
    arithmetic = re.search(r"[+×*=÷]\s*$", ctx.before) or re.match(r"\s*[+×*=÷]", ctx.after)
    return bool(arithmetic) or ctx.after_word(contexts["fraction"]) or ctx.followed_by(
        contexts["fraction_after"] | vocabulary().units.keys())


def slash(written: str, ctx: Context) -> str:
    """d/m, m/yyyy, a fraction, a house number or a ratio, decided by the words around it.

    '3/2026' is a month ('quý 02/2025' a quarter); 'số 12/3' a house number (mười hai trên
    ba); a d/m that is a valid date is a date unless arithmetic or a quantity is around it
    ('chiếm 3/4', '3/4 số hộ') and the word before is not 'ngày' or a weekday; with no cue
    at all a valid d/m is a date (announcements give dates far more often than fractions);
    what cannot be a date is a fraction when the top is smaller ('9/40' chín phần bốn
    mươi), otherwise 'trên' ('24/24 giờ', '123/4')."""
    contexts = vocabulary().contexts
    left, right = written.split("/")
    a, b = int(left), int(right)
    year = 1800 <= b <= 2200 and len(right) == 4
    if year and ctx.after_word(contexts["period"]):
        return f"{read_number(a)} năm {read_number(b)}"
    if ctx.after_word(contexts["house"]) or ctx.after_word(contexts["ratio"]):
        return f"{read_integer(left)} {'năm' if year else 'trên'} {read_integer(right)}"
    if year and 1 <= a <= 12 and len(left) <= 2:
        return _with_word(ctx, "tháng", f"{read_month(a)} năm {read_number(b)}")
    dated = len(left) <= 2 and len(right) <= 2 and _valid_date(a, b, None)
    counted = _counted(ctx) and not _date_cue(ctx)  # "làm 7/8 bài"; not "từ 1/7 người dân"
    if dated and (_date_cue(ctx, strong=True) or not (_fraction_cue(ctx) or counted)):
        return _with_word(ctx, "ngày", read_date(a, b, None))
    if 0 < a < b <= 100 and not left.startswith("0"):
        return f"{read_number(a)} phần {'tư' if b == 4 else read_number(b)}"
    return f"{read_integer(left)} trên {read_integer(right)}"


def range_(written: str, ctx: Context) -> str:
    """'15k–20k', '7h30-11h30', '5$-15$', '10-15%' -> '… đến …'; 'thứ 2-6' -> 'thứ hai
    đến thứ sáu' (the word is said again); falling numbers are two numbers."""
    m = re.fullmatch(r"(.+?)\s?[–—-]\s?(\S.*)", written)
    assert m is not None
    left, right = m.groups()
    if left.isdigit() and right.isdigit() and int(left) > int(right):
        return f"{ctx.speak(left)}, {ctx.speak(right)}"
    again = ctx.last_words() if ctx.after_word(vocabulary().contexts["repeat"]) else ""
    return f"{ctx.speak(left)} đến {again} {ctx.speak(right)}".replace("  ", " ")


# ---- codes, phones, documents ----------------------------------------------------------------

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


def read_code_groups(digits: str) -> str:
    """An ID number digit by digit in groups of three, the first of four when one digit
    would be left alone: '3200123456' -> 'ba hai không không, một hai ba, bốn năm sáu'."""
    head = 4 if len(digits) % 3 == 1 else len(digits) % 3 or 3
    groups = [digits[:head]] + [digits[i:i + 3] for i in range(head, len(digits), 3)]
    return ", ".join(read_digits(g) for g in groups)


def phone(written: str, ctx: Context) -> str:
    """'18001096' -> 'một tám không không, một không chín sáu'; keeps written groups;
    '+84 912 345 678' -> 'cộng tám bốn, chín một hai, ba bốn năm, sáu bảy tám'.

    A number of only zeros is a placeholder ("0000 000 000") and is dropped, with a note.
    """
    digits = re.sub(r"\D", "", written)
    if not digits.strip("0"):
        return placeholder(written, ctx)
    country = re.match(r"\(?\+84\)?[ .-]?", written)
    rest = written[country.end():] if country else written
    national = re.sub(r"\D", "", rest)
    lengths = (9, 10) if country else (8, 10) if written[0] == "1" else (10, 11)
    if len(national) not in lengths:
        # not a phone: an ID number ("044 190 012 345", a leading zero) digit by digit,
        # a count each written group as a number
        groups = re.findall(r"\d+", written)
        if len(groups) == 1 and len(digits) >= 6:
            return read_code_groups(digits)
        if written.lstrip("(+")[0] == "0":
            return ", ".join(read_digits(g) for g in groups)
        return " ".join(read_integer(g) for g in groups)
    groups = re.findall(r"\d+", rest)
    if len(groups) == 1 and country:  # +84912345678: 3+3+3 mobile, 3+4+3 landline
        cuts = (3, 6) if len(national) == 9 else (3, 7)
        groups = [national[:cuts[0]], national[cuts[0]:cuts[1]], national[cuts[1]:]]
    elif len(groups) == 1 or min(len(g) for g in groups) < 2:
        groups = group_phone(national)  # "(0233) 3.852.123": a lone digit is no group
    prefix = "cộng tám bốn, " if country else ""
    return prefix + ", ".join(read_digits(g) for g in groups)


def placeholder(written: str, ctx: Context) -> str:
    """'0233 3xxx xxx' is a gap for someone to fill in: nothing to say, a note to fix it."""
    ctx.notes.dropped.append(written)
    return ""


def code(written: str, ctx: Context) -> str:
    """'1.001193' -> 'một chấm không không một một chín ba' (never a dotted thousand)."""
    return " chấm ".join(read_digits(p) for p in written.split("."))


def record(written: str, ctx: Context) -> str:
    """A full procedure or file code, '1.004227.000.00.00.H56', '000.00.15.H56-240305-0012':
    every group digit by digit ('H56' -> 'hát năm sáu'), dots 'chấm', dashes 'gạch ngang'."""
    out = []
    for piece in re.split(r"([.-])", written):
        if piece in (".", "-"):
            out.append("chấm" if piece == "." else "gạch ngang")
        else:
            out += [read_digits(run) if run.isdigit() else spell(run)
                    for run in re.findall(r"\d+|\D+", piece)]
    return " ".join(out)


def dotted(written: str, ctx: Context) -> str:
    """'1.000.000' -> 'một triệu'; '192.168.1.1', '1.25.3' -> digits with 'chấm'."""
    if re.fullmatch(r"\d{1,3}(?:\.\d{3})+", written):
        return read_amount(written)
    return code(written, ctx)


def legal(written: str, ctx: Context) -> str:
    """'42/2022/NĐ-CP' -> 'số bốn mươi hai năm hai nghìn …', '91/KH-UBND' -> 'số chín mươi
    mốt' (the issuer is left out: the document type is already said)."""
    number_, year, _ = (written + "/").split("/", 2)
    spoken = read_number(int(number_))
    if year.isdigit():  # "91/KH-UBND" has no year
        spoken += f" năm {read_number(int(year))}"
    return _with_word(ctx, "số", spoken)


def roman(written: str, ctx: Context) -> str:
    """A Roman numeral read as a number: after a context word ('thế kỷ XXI', 'khóa XV',
    'số IV'; 'lần thứ VI' -> 'lần thứ sáu'), as a heading ('II.' at the start of a line),
    alone on its line ('XI'), or after a capitalised name ('Đại hội Đảng bộ Khóa XIII',
    'thôn Xuân Hòa II'). Anything else is a word: 'I' in English, 'CV', 'hạng C'.

    Single C, D, L and M are never numbers (vitamin C, hạng C); alone or after a name only
    numerals of I, V and X count (up to XXXIX), so 'MC' or 'DC' stay letters."""
    numeral, _, year = written.partition("/")
    numeral, *sections = numeral.split(".")  # "Mục IV.2": section two of part four
    value = roman_value(numeral)
    vocab = vocabulary()
    letter_only = len(numeral) == 1 and numeral in "CDLM"
    small = set(numeral) <= set("IVX")
    previous = re.search(r"(\w+)\s*$", ctx.before.rsplit("\n", 1)[-1])
    after_name = previous is not None and previous.group(1)[:1].isupper() and \
        previous.group(1)[1:].islower() and len(numeral) > 1
    heading = not ctx.last_words() and re.match(r"[.)]", ctx.after) is not None
    # "cấp độ II", "đội III": two or more of I, V, X are a number after any word, except a
    # Vietnamese syllable in a line of capitals ("XỬ LÝ VI PHẠM"; "CẤP ĐỘ II" is still two)
    word_before = re.search(r"([^\W\d_]{2,})\s*$", ctx.before)
    word_after = re.match(r"\s*([^\W\d_]{2,})", ctx.after)
    shouting = any(w is not None and w.group(1).isupper() for w in (word_before, word_after))
    spells_a_word = numeral in ("VI", "XI")  # "vi phạm", "xi măng" written in capitals
    numeral_like = small and len(numeral) > 1 and not (shouting and spells_a_word)
    ordinal = ctx.after_word(vocab.ordinal_contexts)
    read = value is not None and not letter_only and (
        heading or ordinal or ctx.after_word(vocab.roman_contexts)
        or numeral_like or (small and (ctx.line_is_only_token() or after_name or sections)))
    if not read:
        if sections:
            return " chấm ".join([word(numeral, ctx), *(read_integer(n) for n in sections)])
        if year:
            return f"{word(numeral, ctx)} trên {read_number(int(year))}"
        return word(written, ctx)
    assert value is not None
    spoken = read_ordinal(value) if ordinal else read_number(value)
    spoken = " chấm ".join([spoken, *(read_number(int(n)) for n in sections)])
    return f"{spoken} năm {read_number(int(year))}" if year else spoken


def address(written: str, ctx: Context) -> str:
    """'P. Đông Lễ', 'Q.1', 'TX. Quảng Trị' -> 'phường …', 'quận một', 'thị xã …';
    'Nguyễn P. Anh' is a person's initial ('pê'), not a ward."""
    abbreviation, _, digits = written.rpartition(".")  # "q.1", "KP. 2", "P.", "P.12/3"
    abbreviation, digits = abbreviation + ".", digits.strip()
    if not digits and is_initial(abbreviation, ctx):
        return spell(abbreviation[0])
    reading = vocabulary().addresses[abbreviation]
    parts = digits.split("/")
    if len(parts) == 3 and not _address_around(ctx):
        # "P.12/3/2024": a year is no part of a ward's or lane's number; away from an
        # address it is a code, read as written so a listener can type it
        return f"{spell(abbreviation[:-1])} " + " trên ".join(read_number(int(p)) for p in parts)
    if re.search(rf"(?i)(?<!\w){re.escape(reading)}\s*$", ctx.before):
        reading = ""  # "Khu phố KP. 2": the place word right before (not "quận 1, q.1")
    else:
        reading = _without_repeat(ctx, reading)
    number_ = " trên ".join(read_number(int(d)) for d in digits.split("/")) if digits else ""
    return " ".join(filter(None, (reading, number_)))


def _address_around(ctx: Context) -> bool:
    """Another part of an address on the token's line: a place word ('tổ 5, P.12/3/2024')
    or an address abbreviation ('…, Q.10')."""
    line = (ctx.before.rsplit("\n", 1)[-1] + " " + ctx.after.split("\n", 1)[0])
    words = " " + " ".join(re.findall(r"[^\W\d_]+", line.lower())) + " "
    vocab = vocabulary()
    return any(f" {w} " in words for w in vocab.contexts["address"]) or any(
        re.search(rf"(?<![\w.]){re.escape(a)}\s?(?:\d|{CAPITAL})", line) for a in vocab.addresses)


def is_initial(written: str, ctx: Context) -> bool:
    """One capital and a dot right after a family or middle name ('Trần Q. Mai')."""
    return len(written) == 2 and written[0].isupper() and ctx.after_word(
        vocabulary().contexts["name"])


def initial(written: str, ctx: Context) -> str:
    """'Lê T. Hoa' -> 'Lê tê Hoa'; elsewhere the letter is read as before, with its dot."""
    if is_initial(written, ctx):
        return spell(written[0])
    letter = written[0]
    return (roman(letter, ctx) if letter in "IVXLCDM" else word(letter, ctx)) + "."


# ---- words, web, lexicon ---------------------------------------------------------------------

def read_web_part(part: str, ctx: Context) -> str:
    """One part between dots: the lexicon's `web` words first ('dichvucong' -> 'dịch vụ
    công', 'gov' -> 'gốp'), then Vietnamese syllables ('trungson' -> 'trung son'), else
    letter by letter ('ubnd' -> 'u bê nờ đê'); digits one by one ('xa123' -> 'xa một hai
    ba'). A listener must be able to type what they hear, so abbreviations are spelled,
    never expanded. Parts the lexicon does not know are noted so a person can add them.
    """
    part = part.lower()
    if part in ctx.web:
        return ctx.web[part]
    runs = re.findall(r"\d+|[^\W\d_]+", part)
    if len(runs) > 1:
        return " ".join(read_web_part(run, ctx) for run in runs)
    if part.isdigit():
        return read_digits(part)
    ctx.notes.foreign.append(part)
    pieces = _web_words(part, ctx.web) if len(part) <= MAX_TOKEN_CHARS else None
    return " ".join(pieces) if pieces else spell(part[:MAX_TOKEN_CHARS])


def _web_words(part: str, web: Mapping[str, str]) -> list[str] | None:
    """A run read by the `web` words inside it, the rest as syllables ('conganxa' -> 'công
    an xa', not 'co nga nxa'), or None. Only entries of five letters or more are looked for
    inside a run: 'me' or 'vn' would turn up inside any word."""
    if not part:
        return []
    if part in web:
        return [web[part]]
    for key in sorted((k for k in web if len(k) >= 5 and k in part), key=len, reverse=True):
        left, _, right = part.partition(key)
        sides = [_web_words(side, web) for side in (left, right)]
        if sides[0] is not None and sides[1] is not None:
            return [*sides[0], web[key], *sides[1]]
    return segment(part)


_WEB_SEPARATORS = {".": "chấm", "-": "gạch ngang", "_": "gạch dưới", "/": "gạch chéo",
                   "+": "cộng"}


def read_host(host: str, ctx: Context) -> str:
    """'dichvucong.gov.vn' -> 'dịch vụ công chấm gốp chấm vê en'; '-' 'gạch ngang',
    '_' 'gạch dưới'."""
    out = []
    for piece in re.split(r"([._/+-])", host):
        if piece in _WEB_SEPARATORS:
            out.append(_WEB_SEPARATORS[piece])
        elif piece:
            out.append(read_web_part(piece, ctx))
    return " ".join(out)


def url(written: str, ctx: Context) -> str:
    """A web address is read by its host; a listener cannot type a long path from hearing
    it. A social site's page name is read too ('facebook.com/xatrungson')."""
    address = re.sub(r"(?i)^(?:https?://)?(?:www\.)?", "", written)
    host, _, path = address.partition("/")
    page = re.match(r"(@?)([\w.-]+)", path)  # "youtube.com/@xatrungson": a channel handle
    if host.lower() in vocabulary().social_sites and page:
        handle = "a còng " if page.group(1) else ""
        return f"{read_host(host, ctx)} gạch chéo {handle}{read_host(page.group(2), ctx)}"
    return read_host(host, ctx)


def handle(written: str, ctx: Context) -> str:
    """'@congan' -> 'a còng công an': a handle is typed, so it is read as a web address is."""
    return f"a còng {read_host(written[1:], ctx)}"


def email(written: str, ctx: Context) -> str:
    """'xa@quangtri.gov.vn' -> 'xa a còng quảng trị chấm gốp chấm vê en'."""
    user, host = written.split("@", 1)
    return f"{read_host(user, ctx)} a còng {read_host(host, ctx)}"


def _without_repeat(ctx: Context, reading: str) -> str:
    """'đường link' -> 'đường dẫn', not 'đường đường dẫn': drop words of the reading that
    the text has just said."""
    said = re.findall(r"\w+", ctx.before.lower())  # digits count: "Tổ 5, TDP" keeps "tổ"
    head = reading.split()
    for n in range(min(len(head) - 1, len(said)), 0, -1):
        if [w.lower() for w in head[:n]] == said[-n:]:
            return " ".join(head[n:])
    return reading


def abbreviation(written: str, ctx: Context) -> str:
    """A lexicon abbreviation (exact case): 'UBND' -> 'Ủy ban nhân dân'."""
    return _without_repeat(ctx, ctx.abbreviations[written])


def lexicon_word(written: str, ctx: Context) -> str:
    """A lexicon word (any case): 'online' -> 'trực tuyến'."""
    return _without_repeat(ctx, ctx.words[written.lower()])


def word(written: str, ctx: Context) -> str:
    """A plain word: Vietnamese as written, capitals spelled ('XQ' -> 'ích quy', noted),
    a unit on its own ('km'), foreign words noted for the lexicon, endless runs dropped."""
    if len(written) > MAX_TOKEN_CHARS:
        ctx.notes.dropped.append(written[:MAX_TOKEN_CHARS] + "…")
        return ""
    vocab = vocabulary()
    lone = len(written) == 1 and not ctx.before.endswith("'")  # not the t of "don't"
    # a letter has no tone mark: "phòng C" is room C, "phòng ở" is housing
    letter = ctx.after_word(vocab.letter_contexts) and strip_tones(written) == written
    if lone and (letter or not is_syllable(written)):
        return spell(written)  # "chữ B" -> "chữ bê", "x = 5", a list marker "b)"
    if is_syllable(written):
        return written.lower() if written.isupper() and len(written) > 1 else written
    if written in vocab.units and not written.isupper() and len(written) > 1:
        return vocab.units[written]  # "đơn vị km"; not "MB", which may be a bank
    if written in vocab.currencies and len(written) > 2:
        return vocab.currencies[written].spoken  # "5 triệu VND"; a lone "đ" is no money
    if written.isupper():
        if len(written) > 1:
            ctx.notes.spelled.append(written)
        return spell(written)
    if written.islower() and any(k == written or len(k) >= 5 and k in written for k in ctx.web):
        web_words = _web_words(written, ctx.web)  # a page or handle name: "trang congan"
        if web_words:
            return " ".join(web_words)
    ctx.notes.foreign.append(written)
    return written


def alnum(written: str, ctx: Context) -> str:
    """Letters and digits together ('K3', 'A1B', 'SP500'): letters spelled or read,
    digits as a number."""
    if len(written) > MAX_TOKEN_CHARS:
        ctx.notes.dropped.append(written[:MAX_TOKEN_CHARS] + "…")
        return ""
    units = vocabulary().units
    if written in units and not written.isupper():
        return units[written]  # "giá mỗi m2", "1,5 triệu m3"
    out = []
    for piece in re.findall(r"\d+(?:[.,]\d+)*|[^\W\d_]+", written):
        if piece[0].isdigit():
            out.append(read_amount(piece) if re.fullmatch(AMOUNT, piece)
                       else code(piece.replace(",", "."), ctx))
        elif piece.isupper() or len(piece) == 1:
            out.append(spell(piece))
        else:
            out.append(word(piece, ctx))
    return " ".join(out)


VERBALISERS: dict[str, Callable[[str, Context], str]] = {
    "url": url, "email": email, "handle": handle, "placeholder": placeholder, "legal": legal,
    "abbreviation": abbreviation, "word": lexicon_word, "address": address, "initial": initial,
    "date_range": date_range, "date": date, "time": time, "phone": phone, "code": code,
    "dotted": dotted, "record": record, "file_code": record, "month_year": month_year,
    "day_month": day_month,
    "range": range_, "time_range": range_,
    "slash": slash, "clock": clock, "month_word_year": month_word_year, "money": money,
    "percent": percent,
    "height": height, "measure": measure, "multiply": multiply, "scientific": scientific,
    "minus": minus,
    "roman": roman, "number": number, "shorthand": shorthand, "alnum": alnum,
}

"""Split written text into tokens and classify each one once: date, time, money, measure…

One pattern per class, tried in a fixed priority at each position (leftmost match wins,
then the first class listed): a web address before anything with dots, a document
number before the lexicon ("NĐ-CP" in "42/2022/NĐ-CP"), a phone before a range
("090-123-4567"), a measure before a bare number ("5kg"). Text between tokens is plain
words and punctuation. Classification that needs the words around a token (is "1/2" a
date or a fraction, is "X" a Roman numeral) is left to the verbaliser, which sees them.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass

from .vocab import vocabulary

# Amounts as offices write them: 1.000.000 (dot thousands), 1,5 (decimal comma), 12 500
# (space thousands, also no-break and thin spaces), and the English 1,234,567.5 that pasted
# figures bring along.
AMOUNT = (r"\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d{1,3}(?:,\d{3})+(?:\.\d+)?"
          r"|\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?![\d.,])|\d+(?:[.,]\d+)?")
_START = r"(?<![\w.,/])"  # a number token never starts inside a word or another number
_END = r"(?![\w]|[.,]\d)"
TLDS = r"(?:vn|com|gov|org|net|edu|info|io|me)"
MERIDIEM = r"[AaPp](?:\.[Mm]\.|[Mm](?![\w]))"  # 7:30 AM, 10pm, 2 p.m.
# Capital letters (Latin with Vietnamese accents): what may follow "P." in an address.
CAPITAL = "[" + "".join(chr(c) for c in range(0x41, 0x1F00)
                        if chr(c).isupper() and chr(c).isalpha()) + "]"


def _alternatives(words: list[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


def _trie(keys: list[str]) -> str:
    """An alternation of `keys` as a trie ("U(?:BND|BMTTQ)"): the regex engine tries one
    branch per first letter instead of every key at every word."""
    if not keys:
        return ""
    groups: dict[str, list[str]] = {}
    for key in keys:
        groups.setdefault(key[:1], []).append(key[1:])
    branches = []
    for head in sorted(groups, key=lambda h: (h in ("", "\0"), h)):  # ends last
        tails = groups[head]
        if head == "":
            branches.append("")
            continue
        inner = _trie(sorted(tails, key=len, reverse=True))
        branches.append(re.escape(head) + (f"(?:{inner})" if inner else ""))
    longest_first = [b for b in branches if b] + [b for b in branches if not b]
    return "|".join(longest_first) if len(longest_first) > 1 else longest_first[0]


def _whole(keys: tuple[str, ...]) -> str:
    """Keys as whole words; a key ending in a dot ("TP.") may run into the next word."""
    return _trie([k + ("\0" if re.search(r"\w$", k) else "") for k in keys]).replace(
        re.escape("\0"), r"(?![\w])")


@dataclass(frozen=True)
class Token:
    """A classified piece of the text; `kind` is None for plain words and punctuation."""

    kind: str | None
    text: str
    start: int
    end: int


def _class_patterns(abbreviations: tuple[str, ...], words: tuple[str, ...]
                    ) -> list[tuple[str, str]]:
    """(class, pattern) in priority order; every pattern refuses to start inside a word."""
    vocab = vocabulary()
    units = _alternatives(list(vocab.units))
    mult = _alternatives(list(vocab.multipliers))
    before = _alternatives([c for c, v in vocab.currencies.items() if v.before])
    after = _alternatives([c for c, v in vocab.currencies.items() if v.after])
    addresses = _alternatives(list(vocab.addresses))
    amount = rf"(?:{AMOUNT})(?:(?:{mult})\d{{0,3}})?"  # "15k", "3tr5" (ba triệu năm trăm nghìn)
    money = rf"(?:{before})\s?{amount}(?![\w]|[.,]\d)|{amount}\s?(?:{after})(?![\w])"
    atom = rf"\d{{1,2}}[h:]\d{{2}}|\d{{1,2}}h|{money}|(?:{AMOUNT})(?:{mult}|%|{units})?"
    hour = r"\d{1,2}\s?(?:h|giờ)\s?\d{2}(?:p|ph|')?(?![\w])(?:\s?phút(?![\w]))?" \
           r"|\d{1,2}h(?![\w])|\d{1,2}g\d{2}(?![\w])" \
           rf"|\d{{1,2}}\s?{MERIDIEM}|\d{{1,2}}g(?=\s+(?:sáng|trưa|chiều|tối|đêm)\b)"
    day = r"\d{1,2}/\d{1,2}(?:/\d{4})?"
    ends = r"(?![\w]|[.,/–—-]?\d)"  # not followed by more of a number
    patterns = [
        ("url", rf"(?<![\w@.])(?i:(?:https?://)?(?:www\.)?(?:[a-z0-9-]+\.)+{TLDS})(?![\w])"
                r"(?:/[^\s,;)\]]*[^\s,;)\].])?"),
        ("email", r"(?<![\w.])(?i:[a-z0-9._+-]+@(?:[a-z0-9-]+\.)+[a-z]{2,})(?![\w])"),
        # a channel or page handle written alone: "@congan", "@xa.trungson"
        ("handle", r"(?<![\w@.])@(?i:[a-z0-9_]+(?:\.[a-z0-9_]+)*)(?![\w@])"),
        ("placeholder", r"(?<![\w])\d[\d .-]*?[xX]{2,}(?:[\dxX]|[ .-](?=[\dxX]))*(?![\w])"),
        ("legal", r"(?<![\w/])\d{1,4}/(?:\d{4}/[A-ZĐ]{1,6}\d{0,3}(?:-[A-ZĐa-z]{1,6})*"
                  r"|[A-ZĐ]{1,6}(?:-[A-ZĐa-z]{1,6})+)(?![\w])"),
    ]
    if abbreviations:
        # also glued to a short address abbreviation's dot: "tp.HCM", "Q.BT"
        patterns.append(("abbreviation", r"(?:(?<![\w.])|(?<=(?<![\w.])[^\W\d_]\.)"
                                         r"|(?<=(?<![\w.])[^\W\d_]{2}\.))"
                                         rf"(?:{_whole(abbreviations)})"))
    if words:
        patterns.append(("word", rf"(?<![\w.])(?i:{_whole(words)})"))
    patterns += [
        # with its number when it has one ("q.1" is "quận một", not a code "một")
        # "P.12/3": a ward, or a lane, with "/" as in house numbers (mười hai trên ba);
        # "P.12/3/2024" too (the verbaliser decides whether it is a ward)
        ("address", rf"(?<![\w.])(?:{addresses})"
                    rf"(?:\s?\d{{1,3}}(?:/\d{{1,3}}(?:/\d{{4}})?)?(?![\w]|[.,/]\d)"
                    rf"|(?=\s?(?:\d|{CAPITAL})))"),
        ("initial", rf"(?<=[^\W\d_]\s)[A-ZĐ]\.(?=\s{CAPITAL})"),  # "Nguyễn T. Hoa"
        # a file code that starts with its office's letters: "H56.22-240305-0012"
        ("file_code", r"(?<![\w.])[A-ZĐ]{1,3}\d{1,3}(?:\.\d+)+(?:-\d+)+(?![\w])"),
        ("date_range", rf"{_START}(?:{day}|\d{{1,2}})\s?[–—-]\s?{day}(?![\w/]|[.,]\d)"),
        ("date", rf"{_START}(?:\d{{1,2}}/\d{{1,2}}/\d{{4}}|\d{{1,2}}\.\d{{1,2}}\.\d{{4}}"
                 rf"|\d{{1,2}}-\d{{1,2}}-\d{{4}}|\d{{4}}-\d{{1,2}}-\d{{1,2}})(?![\w/-]|[.,]\d)"),
        ("time_range", r"(?<![\w:.,])\d{1,2}:\d{2}\s?[–—-]\s?\d{1,2}:\d{2}(?![\d:])"),
        ("time", r"(?<![\w:.,])\d{1,2}:\d{2}(?::\d{2})?(?![\d:])"
                 rf"(?:\s?(?:phút|giây)(?![\w])|\s?{MERIDIEM})?"),
        ("record", rf"{_START}\d+(?:\.\d+)+\.[A-Z]+\d*(?:-\d+)*(?![\w])"),
        ("phone", r"(?<![\w.,/+:(])(?:(?:\(\+84\)|\+84)[ .-]?\d{2,4}(?:[ .-]?\d{2,4}){1,3}"
                  r"|\(0\d{2,3}\)[ .-]?\d{1,4}(?:[ .-]?\d{3,4}){0,2}"
                  r"|0\d{2,4}(?:[ .-]?\d{2,4}){1,3}|1[89]00[ .-]?\d{4}(?:\d{2})?)"
                  r"(?![\w]|[.,]\d)"),
        ("code", rf"{_START}\d\.\d{{6}}{_END}"),
        ("dotted", rf"{_START}\d+(?:\.\d+){{2,}}{_END}"),
        ("month_year", rf"{_START}\d{{1,2}}[.-](?:1[89]|2[01])\d{{2}}{ends}"),
        ("day_month", rf"{_START}\d{{1,2}}[.-](?:0?[1-9]|1[0-2])(?![\w%×^]|[.,/–—-]?\d|\s?[x×]\s?\d"
                      rf"|\s?(?:{units}|{after}|{mult})(?![\w]))"),
        ("range", rf"{_START}(?:{atom})\s?[–—-]\s?(?:{atom})(?![\w]|[.,]\d)"),
        ("slash", rf"{_START}\d+/\d+(?![\w/]|[.,]\d)"),
        ("clock", rf"{_START}(?:{hour})"),
        ("month_word_year", r"(?<![\w])(?i:tháng)\s+\d{1,2}\s+\d{4}(?![\w]|[.,]\d)"),
        ("money", rf"(?<![\w])(?:{before})\s?{amount}(?![\w]|[.,]\d)"
                  rf"|{_START}{amount}\s?(?:{after})(?![\w])"),
        # "3,5 tr", "50 k": a shorthand written apart (the verbaliser decides if it is money)
        ("shorthand", rf"{_START}(?:{AMOUNT})\s(?:{mult})(?![\w])"),
        ("percent", rf"{_START}(?:{AMOUNT})\s?%"),
        ("scientific", rf"{_START}\d+(?:[.,]\d+)?(?:e|[×x]10\^)-?\d+(?![\w])"),
        ("multiply", rf"{_START}(?:{AMOUNT})(?:\s?(?:{units}))?"
                     rf"(?:\s?[x×]\s?(?:{AMOUNT})(?:\s?(?:{units}))?)+(?![\w]|[.,]\d)"),
        ("height", rf"{_START}\dm\d{{1,2}}(?![\w]|[.,]\d)"),  # "1m65": một mét sáu mươi lăm
        ("measure", rf"{_START}(?:(?:{AMOUNT})|{amount})\s?(?:{units})(?![\w])"),
        ("minus", r"(?<![\w)\].,%])-(?=\d)"),
        ("roman", r"(?<![\w])[IVXLCDM]+(?:/\d{4}|(?:\.\d{1,2})+(?![\w]|\.\w))?(?![\w])"),
        ("number", rf"{_START}{amount}{_END}"),
        ("alnum", r"(?<![\w])\w*\d(?:\w|[.,]\d)*"),
    ]
    return patterns


_ANY_WORD = ("url", "email")  # may start with a letter or a digit; tried first
_LETTER_FIRST = ("abbreviation", "word", "address", "initial", "file_code", "month_word_year",
                 "roman")
# "$5-$15", "$10", "+84…", "(0233)…" (all but "@congan" also start with digits: named twice)
_SIGN_FIRST = ("range", "money", "phone", "handle")


@functools.lru_cache(maxsize=16)
def _master(abbreviations: tuple[str, ...], words: tuple[str, ...]) -> re.Pattern[str]:
    """One compiled alternation of every class; cached per lexicon (keys only).

    No class starts inside a word, so one look-behind in front skips the middle of every
    word; classes are grouped by their first character (digit, letter, sign) so at a word
    start the engine tries only the group that can match, in the priority listed above.
    """
    patterns = _class_patterns(abbreviations, words)

    def group(names: tuple[str, ...] | None, exclude: tuple[str, ...] = ()) -> str:
        return "|".join(f"(?P<{n}>{p})" for n, p in patterns
                        if (names is None or n in names) and n not in exclude)

    digit_first = group(None, _ANY_WORD + _LETTER_FIRST + ("alnum", "minus", "handle"))
    sign_first = "|".join(f"(?P<{n}_sign>{p})" for n, p in patterns if n in _SIGN_FIRST)
    return re.compile(
        rf"(?<!\w)(?:{group(_ANY_WORD)}|(?=\d)(?:{digit_first})|(?=[^\W\d_])(?:"
        rf"{group(_LETTER_FIRST)})|(?=[^\w\s])(?:{sign_first}|{group(('minus',))})"
        rf"|{group(('alnum',))})")


def tag(text: str, abbreviations: tuple[str, ...] = (), words: tuple[str, ...] = ()
        ) -> Iterator[Token]:
    """Tokens covering `text` in order; plain stretches have kind None."""
    at = 0
    for m in _master(abbreviations, words).finditer(text):
        if m.start() > at:
            yield Token(None, text[at:m.start()], at, m.start())
        kind = m.lastgroup or ""
        yield Token(kind.removesuffix("_sign"), m.group(0), m.start(), m.end())
        at = m.end()
    if at < len(text):
        yield Token(None, text[at:], at, len(text))

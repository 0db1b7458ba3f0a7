"""Written Vietnamese -> what the speaker says, and spoken text -> sentences.

`tagger.tag` cuts the text into tokens and classifies each once (date, time, money,
measure, phone, …); `verbalise` reads each class with a pure function whose vocabulary
lives in `speech/data/`; the words between tokens are read as they are.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass, replace

from .lexicon import Lexicon
from .numbers import read_integer
from .tagger import tag
from .verbalise import MAX_TOKEN_CHARS, VERBALISERS, Context, Notes, word
from .vocab import vocabulary

MAX_SENTENCE_CHARS = 160  # longer sentences are split at commas: listeners lose the thread

_DECORATION = re.compile(r"[^\w\s,.;:!?']|_")
_LINK = re.compile(r"\[([^\]]*)\]\([^)\s]*\)")  # Markdown "[text](address)": the text
_MARKUP = re.compile(r"</?[A-Za-z][\w-]*(?:\s[^<>]*)?/?>")  # "<en>", "<br/>": never said
_UNUSUAL = re.compile(r"[^\n\t\x20-\x7e\u00c0-\u024f\u1e00-\u1eff]")
_DIGITS = re.compile(r"\d+")
_WORD = re.compile(r"[^\W\d_]+")
# "điện thoại" left hanging before a dropped placeholder number
_HANGING_PHONE = re.compile(r"[,:]?\s*(?:số\s+)?điện thoại\s*[:,]?\s*$", re.IGNORECASE)
# Scripts a Vietnamese voice can read: Latin, Latin-1, Latin Extended(-Additional).
_LATIN = ((0, 0x24F), (0x1E00, 0x1EFF))


@dataclass(frozen=True)
class Spoken:
    """Normalised text plus what a person should look at in the lexicon."""

    text: str
    foreign: tuple[str, ...] = ()  # not Vietnamese and not in the lexicon
    spelled: tuple[str, ...] = ()  # capitals spelled letter by letter
    dropped: tuple[str, ...] = ()  # emoji, symbols, other scripts, placeholders


def _readable_letter(ch: str) -> bool:
    code = ord(ch)
    return any(low <= code <= high for low, high in _LATIN) or ch in "µμΩω"


def _unreadable(ch: str, dropped: list[str]) -> str:
    """What one unusual character becomes: a digit, itself, or nothing (noted)."""
    category = unicodedata.category(ch)
    if category in ("Nd", "No"):
        if unicodedata.digit(ch, None) is not None:  # "m²", other scripts' digits
            return str(unicodedata.digit(ch))
        dropped.append(ch)  # "½", "Ⅻ": no single digit to say
        return " "
    if category in ("Mn", "Mc", "Me"):
        return ""  # left over after NFC: a mark with nothing to sit on
    unreadable = (category in ("So", "Sk", "Cs", "Co", "Cn") and ch != "°") or (
        category.startswith("C") and ch not in "\n\t") or ch in "\u200d\ufe0f" or (
        category.startswith("L") and not _readable_letter(ch))
    if unreadable:
        dropped.append(ch)
        return " "
    return ch


def drop_unreadable(text: str) -> tuple[str, tuple[str, ...]]:
    """Remove emoji, pictographs, control characters, stray combining marks and letters
    of scripts the voice cannot read; return what was removed (marks silently).

    Only characters outside printable ASCII and the Vietnamese letters are looked at.
    """
    dropped: list[str] = []
    text = _UNUSUAL.sub(lambda m: _unreadable(m.group(0), dropped), text)
    return text, tuple(dict.fromkeys(d for d in dropped if d.strip()))


@functools.cache
def _plain_patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str],
                              tuple[tuple[str, re.Pattern[str], str], ...]]:
    """The per-word and per-unit slashes and the symbol patterns, built once from the
    data files."""
    vocab = vocabulary()
    per = "|".join(re.escape(w) for w in sorted(vocab.per_words, key=len, reverse=True))
    # right after an amount: "2.000 đồng/trang", "3 lần/tháng"; not "phường/xã"
    per_slash = re.compile(rf"^(\s*(?:[^\W\d_]+(?:\s[^\W\d_]+)?)?)\s*/\s*"
                           rf"(?=(?:{per})(?![\w]))")
    per_chain = re.compile(rf"(?<=[^\W\d_])\s*/\s*(?=(?:{per})(?![\w]))")
    units = "|".join(re.escape(u) for u in sorted(vocab.units, key=len, reverse=True))
    unit_slash = re.compile(rf"(?<=[^\W\d_])\s*/\s*({units})(?![\w])")
    symbols = tuple((symbol, re.compile(rf"(?<![^\s(]){re.escape(symbol)}(?![^\s\d])"),
                     f" {spoken} ") for symbol, spoken in vocab.symbols.items())
    return per_slash, per_chain, unit_slash, symbols


_PUNCTUATION = re.compile(r"[^\w\s,.;:!?]|\.\.")  # anything beyond plain words and pauses


def _plain(text: str, ctx: Context, follows_token: bool) -> str:
    """Words and punctuation between tokens: words read (each with the words before it),
    symbols said, decoration dropped."""
    # Digits glued to a token ("0:00h0") that no class took: still said, never left as digits.
    text = _DIGITS.sub(lambda m: f" {read_integer(m.group(0))} ", text)
    per_slash, per_chain, unit_slash, symbols = _plain_patterns()
    repeated = re.fullmatch(r"\s*[–—-]\s*([^\W\d_]+)\s", text)
    if repeated and ctx.after[:1].isdigit() and re.search(
            rf"(?i)\b{re.escape(repeated.group(1))}\s*\d+$", ctx.before):
        text = f" đến {repeated.group(1)} "  # "thứ 2-thứ 6": the same word on both sides
    if "/" in text:
        vocab = vocabulary()
        slashed = "|".join(re.escape(u) for u in vocab.units if "/" in u)
        text = re.sub(rf"(?<![\w/])(?:{slashed})(?![\w/])",
                      lambda m: f" {vocab.units[m.group(0)]} ", text)  # "40-50 km/h" alone
        text = re.sub(r"(?<=[A-ZĐ])/(?=[A-ZĐ])", " trên ", text)  # "USD/EUR", "P/E"
        if follows_token and text.strip() == "/" and ctx.after[:1].isdigit():
            return " hoặc "  # "10.000/5.000 đồng": one amount or the other
        if follows_token:
            if text.strip() == "/" and per_slash.match("/" + ctx.after):
                return " một "  # "6.000 đồng/m3": the unit is the next token
            text, count = per_slash.subn(r"\1 một ", text)  # before "kg" becomes words
            if count:  # "đồng/người/tháng": each further slash too
                text = per_chain.sub(" một ", text)
        units = vocabulary().units
        text = unit_slash.sub(lambda m: f" trên {units[m.group(1)]} ", text)  # "tấn/ha"
        unit_next = unit_slash.search("a/" + ctx.after)
        if re.search(r"[^\W\d_]\s*/\s*$", text) and unit_next and unit_next.start() == 1:
            text = re.sub(r"\s*/\s*$", " trên ", text)  # "người/km2": the unit is a token
    # Only a single letter needs the words before it ("chữ B"); others share the context.
    text = _WORD.sub(lambda m: word(m.group(0), ctx if len(m.group(0)) > 1 else replace(
        ctx, before=ctx.before + text[:m.start()])), text)
    if not _PUNCTUATION.search(text):
        return text
    if "/" in text and follows_token:
        text = re.sub(r"^\s*/\s*", " trên ", text)  # "USD/gallon", "42ms / request"
    for symbol, pattern, spoken in symbols:
        if symbol in text:
            text = pattern.sub(spoken, text)
    text = re.sub(r"\.{2,}|…", ". ", text)
    if not ctx.after.strip():
        text = re.sub(r"[)\]}]+\s*$", " ", text)  # "(-2)" ends without a pause
    text = re.sub(r"[()\[\]{}]", ", ", text)
    if text == "-" and re.search(r"[^\W\d_]$", ctx.before) and ctx.after[:1].isdigit():
        return " "  # "COVID-19": a hyphen joining a name and its number is no pause
    text = re.sub(r"(?:^|\s)[–—-]+(?:\s|$)", ", ", text)
    text = re.sub(r"(?<![^\W\d_])'|'(?![^\W\d_])", " ", text)  # quotes, not "don't"
    return _DECORATION.sub(" ", text)  # what is left has no reading: "*", "→", "|", …


def _speak(text: str, lexicon: Lexicon, notes: Notes, before: str = "") -> str:
    """Tag `text` once and verbalise every token with the words around it."""
    out: list[str] = []
    abbreviations, words = tuple(lexicon.abbreviations), tuple(lexicon.words)
    for token in tag(text, abbreviations, words):
        said_before = before + text[:token.start]
        ctx = Context(said_before, text[token.end:], lexicon.abbreviations, lexicon.words,
                      lexicon.web, notes, functools.partial(_speak, lexicon=lexicon, notes=notes,
                                                            before=said_before))
        if token.kind is None:
            out.append(_plain(token.text, ctx, follows_token=token.start > 0))
            continue
        if len(token.text) > MAX_TOKEN_CHARS and token.kind not in ("url", "email"):
            notes.dropped.append(token.text[:MAX_TOKEN_CHARS] + "…")  # nobody follows that
            continue
        spoken = VERBALISERS[token.kind](token.text, ctx)
        if not spoken and token.kind in ("placeholder", "phone"):
            out[-1:] = [_HANGING_PHONE.sub("", out[-1])] if out else []
        out.append(f" {spoken} ")
    return "".join(out)


def tidy(text: str) -> str:
    """Collapse spaces and doubled punctuation left behind by the verbalisers."""
    text = re.sub(r"[^\S\n]+", " ", text)
    text = re.sub(r" ?\n ?", "\n", text)
    text = re.sub(r"\s+([,.;:!?])", r"\1", text)
    text = re.sub(r"([,;:])(?:\s*[,;:])+", r"\1", text)
    text = re.sub(r",\s*([.!?])", r"\1", text)
    text = re.sub(r"([.!?])(?:\s*[.!?,;:])+", r"\1", text)
    text = re.sub(r"^[\s,.;:!?]+", "", text)
    return text.strip()


def normalise(text: str, lexicon: Lexicon) -> Spoken:
    """Turn written text into the exact words to speak (no digits, no abbreviations)."""
    text = unicodedata.normalize("NFC", text)
    text = _MARKUP.sub(" ", _LINK.sub(r"\1", text))
    text, dropped = drop_unreadable(text)
    notes = Notes()
    spoken = tidy(_speak(text, lexicon, notes))
    return Spoken(unicodedata.normalize("NFC", spoken), tuple(dict.fromkeys(notes.foreign)),
                  tuple(dict.fromkeys(notes.spelled)),
                  dropped + tuple(d for d in dict.fromkeys(notes.dropped) if d not in dropped))


def _split_long(sentence: str, limit: int) -> list[str]:
    if len(sentence) <= limit:
        return [sentence]
    middle = len(sentence) // 2
    cuts = [m.end() for m in re.finditer(r"[,:;]\s", sentence)]
    if not cuts:
        cuts = [m.start() for m in re.finditer(r"\s", sentence)]
    cut = min(cuts, key=lambda c: abs(c - middle))
    head, tail = sentence[:cut].strip(), sentence[cut:].strip()
    if not head or not tail:
        return [sentence]
    head = re.sub(r"[,:;]$", "", head) + ","
    return _split_long(head, limit) + _split_long(tail, limit)


def sentences(spoken: str, limit: int = MAX_SENTENCE_CHARS) -> list[str]:
    """Split normalised text into sentences the engine reads one at a time.

    Sentences over `limit` characters are cut at the comma nearest their middle (or a
    space), so no engine request is too long and listeners get a breath.
    """
    out: list[str] = []
    for piece in re.split(r"(?<=[.!?;])\s+|\n+", spoken):
        piece = tidy(piece)
        if not re.search(r"[^\W\d_]", piece):
            continue
        if piece[-1] not in ".!?,:;":
            piece += "."
        out += _split_long(piece, limit)
    return out

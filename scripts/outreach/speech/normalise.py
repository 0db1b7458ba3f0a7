"""Written Vietnamese -> what the speaker says, and spoken text -> sentences.

Order matters: web addresses and the lexicon run before number rules (addresses and
abbreviations contain dots and digits); dates and phones before plain numbers.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from . import rules
from .lexicon import Lexicon, apply_lexicon
from .syllables import is_syllable

MAX_SENTENCE_CHARS = 160  # longer sentences are split at commas: listeners lose the thread

_NUMBER_RULES = (
    rules.dates, rules.phones, rules.procedure_codes, rules.ranges,
    rules.times, rules.money, rules.percentages, rules.ordinals, rules.per_unit,
    rules.fractions, rules.numbers,
)
_WORD = re.compile(r"(?<![\w])[^\W\d_]+(?![\w])")


@dataclass(frozen=True)
class Spoken:
    """Normalised text plus what a person should look at in the lexicon."""

    text: str
    foreign: tuple[str, ...] = ()  # not Vietnamese and not in the lexicon
    spelled: tuple[str, ...] = ()  # capitals spelled letter by letter
    dropped: tuple[str, ...] = ()  # emoji and symbols that cannot be read


def drop_unreadable(text: str) -> tuple[str, tuple[str, ...]]:
    """Remove emoji, pictographs and control characters; return what was removed."""
    kept, dropped = [], []
    for ch in text:
        category = unicodedata.category(ch)
        unreadable = category in ("So", "Sk", "Cs", "Co", "Cn") or (
            category.startswith("C") and ch not in "\n\t") or ch in "\u200d\ufe0f"
        if unreadable:
            dropped.append(ch)
            kept.append(" ")
        else:
            kept.append(ch)
    return "".join(kept), tuple(dict.fromkeys(d for d in dropped if d.strip()))


def foreign_words(text: str, lexicon: Lexicon) -> tuple[str, ...]:
    """Words that are not Vietnamese syllables and that the lexicon does not cover."""
    found = []
    for word in _WORD.findall(text):
        if word in lexicon.abbreviations or word.lower() in lexicon.words:
            continue
        if word.isupper() and len(word) > 1:
            continue  # capitals are handled (and reported) as abbreviations
        if not is_syllable(word):
            found.append(word)
    return tuple(dict.fromkeys(found))


def tidy(text: str) -> str:
    """Collapse spaces and doubled punctuation left behind by the rules."""
    text = re.sub(r"\s+", " ", text)
    text = re.sub(r"\s+([,.;:!?])", r"\1", text)
    text = re.sub(r"([,;:])(?:\s*[,;:])+", r"\1", text)
    text = re.sub(r",\s*([.!?])", r"\1", text)
    text = re.sub(r"([.!?])(?:\s*[.!?,;:])+", r"\1", text)
    text = re.sub(r"^[\s,.;:!?]+", "", text)
    return text.strip()


def normalise(text: str, lexicon: Lexicon) -> Spoken:
    """Turn written text into the exact words to speak (no digits, no abbreviations)."""
    text = unicodedata.normalize("NFC", text)
    text, dropped = drop_unreadable(text)
    web_unknown: list[str] = []
    text = rules.web_addresses(text, lexicon.web, web_unknown.append)
    # Before the lexicon: "NĐ-CP" in "42/2022/NĐ-CP" belongs to the document number.
    text = rules.legal_numbers(text)
    foreign = tuple(dict.fromkeys(web_unknown + list(foreign_words(text, lexicon))))
    text = apply_lexicon(text, lexicon)
    for rule in _NUMBER_RULES:
        text = rule(text)
    spelled: list[str] = []
    text = rules.unknown_abbreviations(text, spelled.append)
    text = rules.symbols(text)
    return Spoken(unicodedata.normalize("NFC", tidy(text)), foreign,
                  tuple(dict.fromkeys(spelled)), dropped)


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

"""Is a word a Vietnamese syllable? Used to spot foreign words and unknown abbreviations.

A loose shape check (onset + vowels + final consonant), not a dictionary: it accepts
every real syllable and rejects typical foreign words ("online", "Zalo", "gov").
"""

from __future__ import annotations

import functools
import re
import unicodedata

# Tone marks only; circumflex, breve and horn stay because they change the vowel.
_TONE_MARKS = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}
_SYLLABLE = re.compile(
    r"(ngh|ng|nh|ch|gh|gi|kh|ph|th|tr|qu|[bcdđghklmnprstvx])?"
    r"[aăâeêioôơuưy]{1,3}"
    r"(ch|ng|nh|[cmnpt])?"
)

LETTER_NAMES = {
    "a": "a", "ă": "á", "â": "ớ", "b": "bê", "c": "xê", "d": "dê", "đ": "đê", "e": "e",
    "ê": "ê", "f": "ép", "g": "giê", "h": "hát", "i": "i", "j": "gi", "k": "ca", "l": "lờ",
    "m": "mờ", "n": "nờ", "o": "o", "ô": "ô", "ơ": "ơ", "p": "pê", "q": "quy", "r": "rờ",
    "s": "ét", "t": "tê", "u": "u", "ư": "ư", "v": "vê", "w": "vê kép", "x": "ích", "y": "i",
    "z": "dét",
}


def strip_tones(word: str) -> str:
    """'Nguyễn' -> 'Nguyên' (keeps ê, ơ, ư, ă, â)."""
    decomposed = unicodedata.normalize("NFD", word)
    return unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in _TONE_MARKS))


# The diphthongs iê, uô, ươ close with a consonant or a glide ("liên", "muốn", "người");
# open they are written ia, ua, ưa. So "lie" is no syllable and "lienhe" is "lien he".
_CLOSED_ONLY = frozenset({"ie", "iê", "ye", "yê", "uo", "uô", "ươ"})


@functools.lru_cache(maxsize=8192)
def is_syllable(word: str) -> bool:
    """True for one Vietnamese syllable in any case ('Sơn', 'NGHIÊNG'), False for 'online'."""
    m = _SYLLABLE.fullmatch(strip_tones(word.lower()))
    if not m:
        return False
    onset, final = m.group(1) or "", m.group(2) or ""
    nucleus = m.group(0)[len(onset):len(m.group(0)) - len(final)]
    return bool(final) or nucleus not in _CLOSED_ONLY


def spell(word: str) -> str:
    """'QR' -> 'quy rờ': letter names a Vietnamese listener recognises; digits by name."""
    from .numbers import DIGITS

    names = []
    for ch in strip_tones(word.lower()):
        if ch.isdigit():
            names.append(DIGITS[int(ch)])
        elif ch in LETTER_NAMES:
            names.append(LETTER_NAMES[ch])
    return " ".join(names)


def segment(word: str) -> list[str] | None:
    """Split an unaccented run like 'trungson' into syllables ['trung', 'son'], or None.

    Web addresses are written this way. Of the possible splits, the one with fewest
    syllables that start with a vowel wins ('lien he', not 'lienh e'), then fewest
    syllables, then the shortest first syllable, so a consonant between two vowels starts
    the next syllable ('xa trung son', 'ho tro', not 'xat rung son', 'hot ro'); a table over
    suffixes keeps it linear.
    """
    word = word.lower()
    vowels = "aăâeêioôơuưy"
    best: list[tuple[int, int, list[str]] | None] = [None] * len(word) + [(0, 0, [])]
    for start in range(len(word) - 1, -1, -1):
        for end in range(min(len(word), start + 7), start, -1):
            rest = best[end]
            if rest is None or not is_syllable(word[start:end]):
                continue
            onsetless = rest[0] + (start > 0 and word[start] in vowels)
            option = (onsetless, rest[1] + 1, [word[start:end], *rest[2]])
            current = best[start]
            if current is None or option[:2] <= current[:2]:
                best[start] = option
    found = best[0]
    return None if found is None else found[2]

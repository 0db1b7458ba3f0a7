"""The Decree 30/2020 notice header: column sizes and authority names broken the way clerks do.

Appendix I puts the authority block (parent body over issuing body) in the left column and
the Quốc hiệu/Tiêu ngữ in the right. Names stay whole on one line when they fit; a longer
name is broken between words into balanced, centred lines, preferably between the kind of
body ("ỦY BAN NHÂN DÂN") and the place, never inside a place name when that can be avoided,
and never leaving one word alone on a line.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence
from dataclasses import dataclass

# Text block of an A4 notice: 210 mm minus 30 mm left and 15 mm right margins.
TEXT_WIDTH_MM = 165.0
# The Quốc hiệu at 12 pt bold is 88.3 mm in Liberation Serif (measured); its column keeps a
# little air around it and the authority block gets everything else.
MOTTO_COLUMN_MM = 92.0
ISSUER_COLUMN_MM = TEXT_WIDTH_MM - MOTTO_COLUMN_MM
ISSUER_SIZE_PT = 12.5
NATION_SIZE_PT = 12.0
# Never let a measured line touch the column edge: Pango's shaping may differ by a hair.
SAFETY_MM = 1.5
MAX_LINES = 3
# Decree 30: the rule under the issuing body is 1/3 to 1/2 of its line, centred.
RULE_FRACTION = 0.4
# Words that open a place name: the natural place for a line break is just before them.
PLACE_KINDS = ("XÃ", "PHƯỜNG", "ĐẶC KHU", "TỈNH", "THÀNH PHỐ", "HUYỆN", "QUẬN", "THỊ XÃ")
# Badness of a line break, by where it falls.
BREAK_BEFORE_PLACE = 0
BREAK_IN_BODY_KIND = 1
BREAK_AT_DASH = 2
BREAK_IN_PLACE = 6

Measure = Callable[[str], float]


@dataclass(frozen=True)
class BrokenName:
    """A name as printed: its lines and the widest line's width in mm."""

    lines: tuple[str, ...]
    width_mm: float


class NameTooLong(ValueError):
    """No break of the name into at most MAX_LINES lines fits the column."""


def words_of(name: str) -> list[str]:
    """Words to break between; a lone dash stays at the end of the word before it."""
    words: list[str] = []
    for word in name.split():
        if word in {"-", "–"} and words:
            words[-1] = f"{words[-1]} {word}"
        else:
            words.append(word)
    return words


def _place_start(words: Sequence[str]) -> int | None:
    """Index of the word where the place name starts (its kind word), if any."""
    for i in range(1, len(words)):
        for kind in PLACE_KINDS:
            parts = kind.split()
            if [w.upper() for w in words[i:i + len(parts)]] == parts:
                return i
    return None


def _break_badness(words: Sequence[str], at: int, place: int | None) -> int:
    """How bad a line break just before words[at] is."""
    if place is None:
        return BREAK_IN_BODY_KIND
    if at == place:
        return BREAK_BEFORE_PLACE
    if at < place:
        return BREAK_IN_BODY_KIND
    if words[at - 1].endswith(("-", "–")):
        return BREAK_AT_DASH
    return BREAK_IN_PLACE


def break_name(name: str, measure: Measure, column_mm: float) -> BrokenName:
    """The best way to print `name` in a column `column_mm` wide.

    Tries one line, then every split into two or three lines of at least two words each,
    keeping those that fit; prefers the fewest bad breaks, then fewer lines, then the
    most even line widths. Raises NameTooLong when nothing fits.
    """
    words = words_of(name)
    limit = column_mm - SAFETY_MM
    place = _place_start(words)
    best: tuple[tuple[float, ...], BrokenName] | None = None
    for count in range(1, MAX_LINES + 1):
        for cuts in itertools.combinations(range(1, len(words)), count - 1):
            bounds = (0, *cuts, len(words))
            lines = tuple(" ".join(words[a:b]) for a, b in itertools.pairwise(bounds))
            if count > 1 and any(b - a < 2 for a, b in itertools.pairwise(bounds)):
                continue
            widths = [measure(line) for line in lines]
            if max(widths) > limit:
                continue
            badness = sum(_break_badness(words, at, place) for at in cuts)
            score = (badness, count, max(widths) - min(widths))
            if best is None or score < best[0]:
                best = (score, BrokenName(lines, max(widths)))
    if best is None:
        raise NameTooLong(name)
    return best[1]


def rule_width_mm(name: BrokenName) -> float:
    """Length of the short rule under the issuing body (Decree 30: 1/3–1/2 of its line)."""
    return round(name.width_mm * RULE_FRACTION, 1)

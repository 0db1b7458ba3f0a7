"""The normaliser's vocabulary, read from the data files shipped in `speech/data/`.

Units, currencies, shorthand multipliers, context words, address abbreviations and symbol
readings live in tab-separated files so a reading can be corrected without touching code.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from importlib import resources


@dataclass(frozen=True)
class Currency:
    spoken: str
    before: bool  # may be written before the amount ("$10")
    after: bool  # may be written after the amount ("10$", "20 USD")


@dataclass(frozen=True)
class Vocabulary:
    units: dict[str, str]
    currencies: dict[str, Currency]
    multipliers: dict[str, str]
    contexts: dict[str, frozenset[str]]  # kind -> words (contexts.tsv explains each kind)
    per_words: frozenset[str]
    symbols: dict[str, str]
    addresses: dict[str, str]
    social_sites: frozenset[str]

    @property
    def roman_contexts(self) -> frozenset[str]:
        return self.contexts["roman"]

    @property
    def ordinal_contexts(self) -> frozenset[str]:
        return self.contexts["ordinal"]

    @property
    def date_contexts(self) -> frozenset[str]:
        return self.contexts["date"]

    @property
    def letter_contexts(self) -> frozenset[str]:
        return self.contexts["letter"]


def _rows(name: str) -> list[list[str]]:
    text = (resources.files("outreach.speech") / "data" / name).read_text(encoding="utf-8")
    return [line.split("\t") for line in text.splitlines()
            if line.strip() and not line.startswith("#")]


@functools.cache
def vocabulary() -> Vocabulary:
    """The shipped vocabulary, read once per process (the files never change at run time)."""
    contexts: dict[str, set[str]] = {}
    for kind, words in _rows("contexts.tsv"):
        contexts.setdefault(kind, set()).add(words)
    currencies = {row[0]: Currency(row[1], row[2] in ("before", "both"),
                                   row[2] in ("after", "both"))
                  for row in _rows("currencies.tsv")}
    return Vocabulary(
        units={row[0]: row[1] for row in _rows("units.tsv")},
        currencies=currencies,
        multipliers={row[0]: row[1] for row in _rows("multipliers.tsv")},
        contexts={kind: frozenset(words) for kind, words in contexts.items()},
        per_words=frozenset(row[0] for row in _rows("per_words.txt")),
        symbols={row[0]: row[1] for row in _rows("symbols.tsv")},
        addresses={row[0]: row[1] for row in _rows("addresses.tsv")},
        social_sites=frozenset(row[0] for row in _rows("social.tsv")),
    )

"""How a written paragraph is read aloud, remembered between builds.

Normalising every paragraph of a commune (numbers, dates, abbreviations) takes a few tenths
of a second; a warm build only needs the result, to find its clips in the cache. Readings
are stored in the render cache under the lexicon and a digest of the reading code and data,
so any change to either reads everything afresh.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from importlib import resources
from pathlib import Path

from ..artifacts import Cache, tree_digest, tree_files
from .lexicon import Lexicon

CACHE_NAMESPACE = "speech-readings"
MAX_REMEMBERED = 20_000  # paragraphs per lexicon; beyond that the memo starts afresh


@dataclass(frozen=True)
class Reading:
    """A paragraph as spoken sentences, with what the reader could not say properly."""

    sentences: tuple[str, ...]
    foreign: tuple[str, ...]
    spelled: tuple[str, ...]
    dropped: tuple[str, ...]


def read_paragraph(written: str, lexicon: Lexicon) -> Reading:
    """Normalise one paragraph and split it into the sentences an engine speaks."""
    from .normalise import normalise, sentences

    spoken = normalise(written, lexicon)
    return Reading(tuple(sentences(spoken.text)), spoken.foreign, spoken.spelled,
                   spoken.dropped)


def reader_digest() -> str:
    """Content hash of the speech package's code and data: what decides every reading."""
    root = Path(str(resources.files("outreach.speech"))).resolve()
    return tree_digest(root, tree_files(root, suffixes=(".py", ".tsv", ".yaml")))


class Readings:
    """`read(paragraph)` through a memo kept in the render cache; `save()` stores new ones."""

    def __init__(self, lexicon: Lexicon, cache: Cache):
        self.lexicon = lexicon
        self.cache = cache
        self.key = Cache.key("readings", reader_digest(), asdict(lexicon))
        self.known = self._load()
        self.added = 0

    def _load(self) -> dict[str, Reading]:
        raw = self.cache.get(CACHE_NAMESPACE, self.key, ".json", count=False)
        try:
            stored = json.loads(raw) if raw is not None else {}
            return {text: Reading(*(tuple(v) for v in value)) for text, value in stored.items()}
        except (ValueError, TypeError):  # an entry of an older shape: read afresh
            return {}

    def read(self, written: str) -> Reading:
        reading = self.known.get(written)
        if reading is None:
            reading = read_paragraph(written, self.lexicon)
            self.known[written] = reading
            self.added += 1
        return reading

    def save(self) -> None:
        """Store the memo if it learnt something, merged with what others stored meanwhile."""
        if not self.added:
            return
        merged = self._load() if len(self.known) < MAX_REMEMBERED else {}
        merged.update(self.known)
        data = {text: [list(getattr(r, f)) for f in ("sentences", "foreign", "spelled",
                                                     "dropped")]
                for text, r in merged.items()}
        self.cache.put(CACHE_NAMESPACE, self.key, ".json",
                       json.dumps(data, ensure_ascii=False, sort_keys=True).encode("utf-8"))

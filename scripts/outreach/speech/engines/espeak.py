"""Offline voice: espeak-ng, from the library espeakng-loader ships (see espeak_library).

The engine object is cheap: its cache identity comes from the installed package's metadata,
and the library is loaded on the first sentence it must really speak.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from functools import cached_property, lru_cache
from importlib import metadata, resources
from typing import TYPE_CHECKING

from . import EngineError

if TYPE_CHECKING:
    import numpy as np

LOADER_PACKAGE = "espeakng-loader"
CLAUSE_BREAK = re.compile(r"(?<=[,;:])\s+")
SPEECH = "seeded"  # part of the cache key: change it when the same input would sound different


@dataclass(frozen=True)
class Tuning:
    """How espeak-ng speaks: chosen by scripts/bench_intelligibility.py (lowest CER).

    language: espeak-ng's Vietnamese voice ("vi" northern, "vi-vn-x-central",
    "vi-vn-x-south"); variant: voice variant ("" = none); rate in words per minute; pitch and
    pitch range 0–100 (50 = espeak's default); word_gap in units of 10 ms; clause_pause_ms:
    silence we add at commas, semicolons and colons (espeak's own is short at any rate);
    max_words: longer clauses are split into even chunks, each spoken as a phrase.
    """

    variant: str = ""
    rate: int = 150
    pitch: int = 50
    pitch_range: int = 50
    word_gap: int = 0
    clause_pause_ms: int = 0
    max_words: int = 0  # 0 = no limit
    language: str = "vi"
    final_words: int = 0  # sentence-final lengthening: the last words spoken at final_rate
    final_rate: int = 0
    presence_db: int = 0  # after synthesis: a peaking boost around 3 kHz (see voicing.py)
    highpass_hz: int = 0  # after synthesis: rumble below this cut (0 = none)
    respellings: str = ""  # a data file of words respelt for espeak-ng only ("" = none)

    @property
    def voice_name(self) -> str:
        return f"{self.language}+{self.variant}" if self.variant else self.language

    def label(self) -> str:
        """Voice id for cache keys, the manifest and ID3 ('vi' for the historical setting)."""
        if self == Tuning():
            return "vi"
        label = (f"{self.voice_name} {self.rate}wpm p{self.pitch}/{self.pitch_range} "
                 f"g{self.word_gap} c{self.clause_pause_ms} w{self.max_words}")
        if self.final_words:
            label += f" f{self.final_words}@{self.final_rate}"
        if self.presence_db or self.highpass_hz:
            label += f" eq{self.presence_db:+d}dB hp{self.highpass_hz}"
        if self.respellings:
            label += f" respelt:{self.respellings.removesuffix('.tsv')}"
        return label


# The offline default, chosen by scripts/bench_intelligibility.py: female variant f2, slower,
# a little higher, pauses at commas (earlier rounds), and a wide pitch range (round 4): the
# six tones are further apart. On 40 held-out sentences the wide range lowered the CER of
# both recognisers (viet-asr 0.514 -> 0.453, Whisper base 0.453 -> 0.416) at the same length.
DEFAULT_TUNING = Tuning(variant="f2", rate=125, pitch=65, pitch_range=90, clause_pause_ms=300)


def phrases(sentence: str, max_words: int) -> list[str]:
    """Split at clause punctuation, then any phrase longer than max_words into even chunks."""
    out = []
    for clause in CLAUSE_BREAK.split(sentence.strip()):
        words = clause.split()
        if not words:
            continue
        if max_words and len(words) > max_words:
            count = -(-len(words) // max_words)
            size = -(-len(words) // count)
            out += [" ".join(words[i: i + size]) for i in range(0, len(words), size)]
        else:
            out.append(clause)
    return out


def with_final(pieces: list[str], final_words: int) -> tuple[list[str], bool]:
    """The last `final_words` words of the sentence as a piece of their own (spoken slower);
    False when the last phrase is too short to split."""
    words = pieces[-1].split()
    if not final_words or len(words) <= final_words:
        return pieces, False
    return [*pieces[:-1], " ".join(words[:-final_words]), " ".join(words[-final_words:])], True


@lru_cache(maxsize=4)
def respellings(name: str) -> tuple[dict[str, str], str]:
    """A respelling file of speech/data/ (written<TAB>respelt, lower case) and a digest of
    its text for cache keys: a changed respelling makes its sentences again."""
    text = (resources.files("outreach.speech") / "data" / name).read_text(encoding="utf-8")
    table = dict(line.split("\t", 1) for line in text.splitlines()
                 if line.strip() and not line.startswith("#"))
    return ({k.strip(): v.strip() for k, v in table.items()},
            hashlib.sha256(text.encode()).hexdigest()[:16])


def respell(sentence: str, table: dict[str, str]) -> str:
    """Whole words of `table` (any case) in their respelling: what espeak-ng says better,
    never what the listener reads (the normaliser's text and the scripts keep the word)."""
    if not table:
        return sentence
    words = "|".join(re.escape(w) for w in sorted(table, key=len, reverse=True))
    return re.sub(rf"(?i)(?<!\w)(?:{words})(?!\w)",
                  lambda m: table[m.group(0).lower()], sentence)


class EspeakEngine:
    """espeak-ng, Vietnamese, 22 050 Hz 16-bit mono, fully offline."""

    name = "espeak"

    def __init__(self, tuning: Tuning = DEFAULT_TUNING) -> None:
        self.tuning = tuning
        self.voice = tuning.label()

    @cached_property
    def key(self) -> dict[str, str]:
        """The package that ships the library fixes its sound; no need to load it.

        "speech": how a sentence is made from it; "seeded" since the same sentence gives the
        same samples (clips cached before that were made afresh once)."""
        key = {"engine": self.name, "package": f"{LOADER_PACKAGE} "
               f"{metadata.version(LOADER_PACKAGE)}", "voice": self.voice, "speech": SPEECH}
        if self.tuning.respellings:
            key["respellings"] = respellings(self.tuning.respellings)[1]
        return key

    @cached_property
    def version(self) -> str:
        """espeak-ng's own version string (loads the library once)."""
        from .. import messages
        from .espeak_library import version

        try:
            return version()
        except (OSError, EngineError) as exc:
            raise EngineError(messages.ESPEAK_BROKEN.format(reason=exc)) from None

    def synthesize(self, sentence: str) -> tuple[np.ndarray, int]:
        """Speak one sentence (phrase by phrase with clause pauses); float32 in [-1, 1].

        The same sentence and tuning give the same samples in any process, at any time."""
        from .. import messages
        from .espeak_library import speak_phrases
        from .voicing import shape

        tuning = self.tuning
        if tuning.respellings:
            sentence = respell(sentence, respellings(tuning.respellings)[0])
        pieces = phrases(sentence, tuning.max_words) if (
            tuning.clause_pause_ms or tuning.max_words or tuning.final_words) else [sentence]
        pieces, slow_last = with_final(pieces, tuning.final_words)
        try:
            samples, rate = speak_phrases(tuning, pieces, slow_last)
        except OSError as exc:
            raise EngineError(messages.ESPEAK_BROKEN.format(reason=exc)) from None
        return shape(samples, rate, tuning.presence_db, tuning.highpass_hz), rate

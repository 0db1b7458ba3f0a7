"""What a clip says and how it is found in the cache: everything a warm build needs.

A build normalises every script and looks its clip up by a key made of the spoken text, the
voice and the mix settings. None of that needs numpy, SciPy, LAME or a speech engine, so a
build where every clip is cached never loads the audio stack (only `render` does).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass
from functools import partial
from pathlib import Path

from ..artifacts import Cache, sha256_file
from ..errors import Problem
from . import messages
from .lexicon import Lexicon
from .reading import Reading, read_paragraph
from .script import Chime, Pause, Recording, Script, Speech

FORMAT_VERSION = 4  # bump when rendering changes in a way the cache key cannot see
RATE = 44_100  # every clip is mastered and published at 44.1 kHz mono
BITRATE_KBPS = 96  # CBR; speech through loudspeakers needs no more, 3G phones download it fast


@dataclass(frozen=True)
class MixSettings:
    """Everything about the mix that changes the sound; part of the clip cache key."""

    loudness_lufs: float = -16.0
    true_peak_dbtp: float = -1.0
    sentence_pause_s: float = 0.5
    paragraph_pause_s: float = 0.9
    chime: bool = True
    edge_silence_s: float = 0.3

    def key(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class Measured:
    """What the encoded file really sounds like, decoded again."""

    sample_rate: int
    channels: int
    duration_s: float
    loudness_lufs: float
    true_peak_dbtp: float


@dataclass(frozen=True)
class Said:
    """Spoken paragraphs, each a tuple of normalised sentences."""

    paragraphs: tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class Recorded:
    """A checked staff recording: where it is, its content hash, and its transcript."""

    path: Path
    file: str
    sha256: str
    paragraphs: tuple[str, ...]


SpokenPart = Said | Pause | Chime | Recorded


@dataclass(frozen=True)
class SpokenScript:
    source: str
    file: str
    title: str
    parts: tuple[SpokenPart, ...]
    has_content: bool = True  # False when only the fixed formulas are left

    def sentences(self) -> list[str]:
        return [s for p in self.parts if isinstance(p, Said) for para in p.paragraphs for s in para]

    @property
    def recorded(self) -> bool:
        return any(isinstance(p, Recorded) for p in self.parts)

    def key_parts(self) -> list:
        """A JSON-able description of everything that is heard, for cache keys."""
        return [["said", [list(x) for x in p.paragraphs]] if isinstance(p, Said)
                else ["pause", p.seconds] if isinstance(p, Pause)
                else ["recording", p.sha256] if isinstance(p, Recorded) else ["chime"]
                for p in self.parts]


def speak_script(script: Script, lexicon: Lexicon,
                 read: Callable[[str], Reading] | None = None
                 ) -> tuple[SpokenScript, list[Problem]]:
    """Normalise every paragraph; report unknown words and dropped symbols as warnings.

    `read` reads one paragraph (a build passes a memo backed by the render cache).
    """
    read = read or partial(read_paragraph, lexicon=lexicon)
    foreign: dict[str, None] = {}
    spelled: dict[str, None] = {}
    dropped: dict[str, None] = {}
    parts: list[SpokenPart] = []
    has_content = False
    for part in script.parts:
        if isinstance(part, Recording):
            parts.append(Recorded(part.path, part.file, sha256_file(part.path),
                                  part.paragraphs))
            has_content = True
            continue
        if not isinstance(part, Speech):
            parts.append(part)
            continue
        paragraphs = []
        for written in part.paragraphs:
            reading = read(written)
            foreign.update(dict.fromkeys(reading.foreign))
            spelled.update(dict.fromkeys(reading.spelled))
            dropped.update(dict.fromkeys(reading.dropped))
            if reading.sentences:
                paragraphs.append(reading.sentences)
        if paragraphs:
            parts.append(Said(tuple(paragraphs)))
            has_content = has_content or part.content
    problems = []
    field = messages.FIELD_OF.format(source=script.source)
    if foreign:
        words = ", ".join(f"“{w}”" for w in foreign)
        problems.append(Problem(script.file, None, field, messages.FOREIGN.format(words=words),
                                "warning"))
    if spelled:
        words = ", ".join(f"“{w}”" for w in spelled)
        problems.append(Problem(script.file, None, field, messages.SPELLED.format(words=words),
                                "warning"))
    if dropped:
        problems.append(Problem(script.file, None, field,
                                messages.DROPPED.format(chars=" ".join(dropped)), "warning"))
    return SpokenScript(script.source, script.file, script.title, tuple(parts),
                        has_content), problems


def transcript(spoken: SpokenScript) -> str:
    """Exactly what is said: one paragraph a line, a blank line between parts."""
    blocks = ["\n".join(" ".join(para) for para in p.paragraphs) if isinstance(p, Said)
              else "\n".join(p.paragraphs)
              for p in spoken.parts if isinstance(p, Said | Recorded)]
    return "\n\n".join(blocks) + "\n"


@dataclass(frozen=True)
class Clip:
    """An encoded clip (no tags yet) and how it measured after decoding; a clip found in the
    cache has no `mp3` until one is needed (segments.clip_audio joins it from its segments)."""

    mp3: bytes | None
    measured: Measured
    engine: dict[str, str]
    segments: tuple[str, ...]  # cache keys of the segments it is made of, in order


def clip_key(spoken: SpokenScript, engine: dict[str, str], settings: MixSettings) -> str:
    """`engine` is the voice's cache identity (Engine.key), known without loading it."""
    return Cache.key("clip", FORMAT_VERSION, spoken.key_parts(), engine, settings.key(),
                     BITRATE_KBPS)

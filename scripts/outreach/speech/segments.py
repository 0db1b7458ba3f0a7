"""Segments: the stretches of a clip that are mastered and encoded on their own.

A clip is cut before each paragraph, each staff recording and each chime; pauses stay with
the segment before them. Clips share segments: every procedure clip of an office ends with
the same contact paragraph, and the communes of a province read the same procedure
paragraphs, so each segment is made once and its MP3 frames are reused. A clip is its
segments' MP3 bytes one after another: each segment starts with an empty bit reservoir and
every cut lies in a pause, so the joined file decodes to the segments' decodes joined (tests
check this, and the loudness, against a whole-file decode).

Nothing here needs numpy: a build whose clips are cached reads their segments from the
cache without loading the audio stack.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, replace

from ..artifacts import Cache
from . import messages
from .engines import Engine, EngineError, engine_id
from .gating import gated_loudness
from .script import CHIME, Chime, Pause
from .spoken import (
    BITRATE_KBPS,
    FORMAT_VERSION,
    Clip,
    Measured,
    MixSettings,
    Recorded,
    Said,
    SpokenScript,
)

NAMESPACE = "speech-segments"
CLIPS = "speech-clips"  # a clip is stored as its segment keys and measurement


@dataclass(frozen=True)
class Silence:
    seconds: float


@dataclass(frozen=True)
class Sentence:
    text: str


Piece = Silence | Sentence | Chime | Recorded


@dataclass(frozen=True)
class Segment:
    """Pieces heard one after another; mastered to its target (`segment_target`) as one
    signal."""

    pieces: tuple[Piece, ...]

    def sentences(self) -> list[str]:
        return [p.text for p in self.pieces if isinstance(p, Sentence)]

    def trailing_silence_s(self) -> float:
        last = self.pieces[-1] if self.pieces else None
        return last.seconds if isinstance(last, Silence) else 0.0

    def key_parts(self) -> list:
        return [["said", p.text] if isinstance(p, Sentence)
                else ["silence", p.seconds] if isinstance(p, Silence)
                else ["recording", p.sha256] if isinstance(p, Recorded) else ["chime"]
                for p in self.pieces]


def segments(spoken: SpokenScript, settings: MixSettings) -> list[Segment]:
    """The clip's segments, in order; together they are exactly what the clip plays.

    A chime is a segment of its own (mastered under the voice: `segment_target`); pauses stay
    with the segment before them.
    """
    done: list[Segment] = []
    current: list[Piece] = [Silence(settings.edge_silence_s)]

    def cut_after(*kinds: type) -> None:
        """End the current segment if it holds any of `kinds`."""
        nonlocal current
        if any(isinstance(p, kinds) for p in current):
            done.append(Segment(tuple(current)))
            current = []

    for part in spoken.parts:
        if isinstance(part, Chime):
            if settings.chime:
                cut_after(Sentence, Recorded)
                current += [CHIME, Silence(settings.paragraph_pause_s)]
        elif isinstance(part, Pause):
            current.append(Silence(part.seconds))
        elif isinstance(part, Recorded):
            cut_after(Sentence, Recorded, Chime)
            current += [part, Silence(settings.paragraph_pause_s)]
        elif isinstance(part, Said):
            for paragraph in part.paragraphs:
                cut_after(Sentence, Recorded, Chime)
                for text in paragraph:
                    current += [Sentence(text), Silence(settings.sentence_pause_s)]
                current.append(Silence(settings.paragraph_pause_s - settings.sentence_pause_s))
    current.append(Silence(settings.edge_silence_s))
    done.append(Segment(tuple(current)))
    return done


CHIME_BELOW_VOICE_LU = 3.0  # the chime sits this far under the voice, as it did in one mix


def segment_target(segment: Segment, settings: MixSettings) -> MixSettings:
    """The mix settings a segment is mastered to: a chime-only segment sits under the voice."""
    if any(isinstance(p, Sentence | Recorded) for p in segment.pieces):
        return settings
    return replace(settings, loudness_lufs=settings.loudness_lufs - CHIME_BELOW_VOICE_LU)


def segment_key(segment: Segment, engine: dict[str, str], settings: MixSettings) -> str:
    """Only what changes a segment's sound: its pieces, the voice and the two targets."""
    target = segment_target(segment, settings)
    return Cache.key("segment", FORMAT_VERSION, segment.key_parts(), engine,
                     target.loudness_lufs, target.true_peak_dbtp, BITRATE_KBPS)


@dataclass(frozen=True)
class SegmentAudio:
    """A mastered, encoded segment and what its decode measured.

    `blocks` are the mean squares of the K-weighted decode per 400 ms gating block
    (BS.1770-4), so a clip's integrated loudness is gated over its segments' blocks
    without decoding the clip again.
    """

    mp3: bytes
    blocks: tuple[float, ...]
    true_peak_dbtp: float
    samples: int
    rate: int
    channels: int

    def meta(self) -> dict:
        return {"blocks": list(self.blocks), "true_peak_dbtp": self.true_peak_dbtp,
                "samples": self.samples, "rate": self.rate, "channels": self.channels}


def clip_engine(spoken: SpokenScript, engine: Engine) -> dict[str, str]:
    """What the manifest says made the clip: the engine, or 'recording' for staff voices."""
    made = engine_id(engine)
    if spoken.recorded:
        return {"engine": "recording", "version": made["version"],
                "voice": f"{made['engine']} {made['voice']}"}
    return made


SILENT_LUFS = -40.0  # a clip quieter than this has lost its voice somewhere


def join_clip(parts: list[SegmentAudio], keys: list[str], engine: dict[str, str],
              title: str) -> Clip:
    """The clip made of these segments, in order; EngineError if it came out silent."""
    measured = joined_measure(parts)
    if not math.isfinite(measured.loudness_lufs) or measured.loudness_lufs < SILENT_LUFS:
        raise EngineError(messages.SILENT.format(sentence=title[:60]))
    return Clip(b"".join(p.mp3 for p in parts), measured, engine, tuple(keys))


def joined_measure(parts: list[SegmentAudio]) -> Measured:
    """How the segments measure as one file: gated over all their blocks, highest peak.

    A block spanning a cut would hold the pause's silence and the next segment's first
    words; the next segment's own first blocks stand in for it, which moves the gated
    loudness by hundredths of a LU (tests compare with a whole-file decode).
    """
    rate = parts[0].rate
    return Measured(rate, max(p.channels for p in parts), sum(p.samples for p in parts) / rate,
                    gated_loudness(z for p in parts for z in p.blocks),
                    max(p.true_peak_dbtp for p in parts))


def cached_segment(cache: Cache, key: str, count: bool = True) -> SegmentAudio | None:
    mp3 = cache.get(NAMESPACE, key, ".mp3", count)
    meta = cache.get(NAMESPACE, key, ".json", count)
    if mp3 is None or meta is None:
        return None
    data = json.loads(meta)
    return SegmentAudio(mp3, tuple(data["blocks"]), data["true_peak_dbtp"], data["samples"],
                        data["rate"], data["channels"])


def store_segment(cache: Cache, key: str, audio: SegmentAudio) -> None:
    cache.put(NAMESPACE, key, ".mp3", audio.mp3)
    cache.put(NAMESPACE, key, ".json", json.dumps(audio.meta()).encode())


def cached_clip(cache: Cache, key: str, count: bool = True) -> Clip | None:
    """The clip recorded under `key`, if it and its segments are cached; its MP3 is read from
    the segments only when needed (`clip_audio`): a build whose published clip is already
    in place does not read megabytes of audio to find that out."""
    record = cache.get(CLIPS, key, ".clip", count)
    if record is None:
        return None
    data = json.loads(record)
    segments = tuple(data["segments"])
    if not all(cache.path(NAMESPACE, segment, ".mp3").is_file() for segment in segments):
        return None
    return Clip(None, Measured(**data["measured"]), data["engine"], segments)


def clip_audio(cache: Cache, clip: Clip) -> bytes | None:
    """The clip's MP3: its own, or joined from its cached segments (None if one is damaged
    or gone)."""
    if clip.mp3 is not None:
        return clip.mp3
    parts = [cache.get(NAMESPACE, segment, ".mp3", count=False) for segment in clip.segments]
    if any(part is None for part in parts):
        return None
    return b"".join(p for p in parts if p is not None)


def has_clip(cache: Cache, key: str) -> bool:
    """Whether the clip and all its segments are cached, without reading the segments."""
    record = cache.get(CLIPS, key, ".clip", count=False)
    return record is not None and all(
        cache.path(NAMESPACE, segment, suffix).is_file()
        for segment in json.loads(record)["segments"] for suffix in (".mp3", ".json"))


def store_clip(cache: Cache, key: str, clip: Clip) -> None:
    record = {"measured": clip.measured.__dict__, "engine": clip.engine,
              "segments": list(clip.segments)}
    cache.put(CLIPS, key, ".clip", json.dumps(record).encode())

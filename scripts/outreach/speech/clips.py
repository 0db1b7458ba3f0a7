"""Clip cache keys and cached clips, without the audio stack.

A warm build decides from these alone that nothing needs synthesising, so it never imports
numpy, scipy, lameenc, pyloudnorm or espeak-ng (see render.py for making a clip).
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass

from ..artifacts import Cache
from .spoken import SpokenScript

FORMAT_VERSION = 1  # bump when rendering changes in a way the cache key cannot see
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
class Clip:
    """An encoded clip (no tags yet) and how it measured after decoding."""

    mp3: bytes
    measured: Measured
    engine: dict[str, str]


def clip_key(spoken: SpokenScript, engine: dict[str, str], settings: MixSettings) -> str:
    return Cache.key("clip", FORMAT_VERSION, spoken.key_parts(), engine, settings.key(),
                     BITRATE_KBPS)


def cached_clip(cache: Cache, key: str) -> Clip | None:
    mp3 = cache.get("speech-clips", key, ".mp3")
    meta = cache.get("speech-clips", key, ".json")
    if mp3 is None or meta is None:
        return None
    data = json.loads(meta)
    return Clip(mp3, Measured(**data["measured"]), data["engine"])


def store_clip(cache: Cache, key: str, clip: Clip) -> None:
    meta = {"measured": clip.measured.__dict__, "engine": clip.engine}
    cache.put("speech-clips", key, ".mp3", clip.mp3)
    cache.put("speech-clips", key, ".json", json.dumps(meta).encode())

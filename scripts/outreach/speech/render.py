"""From a script to spoken sentences, and from sentences to a mastered, encoded clip."""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import soundfile as sf

from ..artifacts import Cache, sha256_file
from ..errors import Problem
from . import messages, mix, recording
from .encode import BITRATE_KBPS, Measured, codec_gain, encode_mp3, measure
from .engines import Engine, EngineError, engine_id
from .lexicon import Lexicon
from .normalise import normalise, sentences
from .script import Chime, Pause, Recording, Script, Speech

FORMAT_VERSION = 2  # bump when rendering changes in a way the cache key cannot see
SILENCE_FLOOR_DB = -45.0  # RMS of a spoken sentence below this means the engine failed


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


def speak_script(script: Script, lexicon: Lexicon) -> tuple[SpokenScript, list[Problem]]:
    """Normalise every paragraph; report unknown words and dropped symbols as warnings."""
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
            spoken = normalise(written, lexicon)
            foreign.update(dict.fromkeys(spoken.foreign))
            spelled.update(dict.fromkeys(spoken.spelled))
            dropped.update(dict.fromkeys(spoken.dropped))
            said = sentences(spoken.text)
            if said:
                paragraphs.append(tuple(said))
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


class Voice:
    """An engine plus the sentence cache: each (engine, version, voice, text) is spoken once."""

    def __init__(self, engine: Engine, cache: Cache):
        self.engine = engine
        self.cache = cache
        self.synthesized = 0  # sentences actually sent to the engine (tests and benchmarks)

    def sentence(self, text: str) -> np.ndarray:
        """The sentence at 44.1 kHz, edges trimmed; raises EngineError if silent."""
        key = Cache.key("sentence", engine_id(self.engine), text)
        data = self.cache.get("speech-sentences", key, ".flac")
        if data is None:
            samples, rate = self.engine.synthesize(text)
            self.synthesized += 1
            buffer = io.BytesIO()
            sf.write(buffer, np.clip(samples, -1, 1), rate, format="FLAC", subtype="PCM_16")
            data = buffer.getvalue()
            audio = mix.trim(mix.resample(np.asarray(samples, np.float32), rate))
            _check_not_silent(audio, text)
            self.cache.put("speech-sentences", key, ".flac", data)
            return audio
        samples, rate = sf.read(io.BytesIO(data), dtype="float32")
        return mix.trim(mix.resample(samples, rate))


def _check_not_silent(audio: np.ndarray, text: str) -> None:
    rms = float(np.sqrt(np.mean(audio.astype(np.float64) ** 2))) if audio.size else 0.0
    if rms == 0 or 20 * np.log10(rms) < SILENCE_FLOOR_DB:
        raise EngineError(messages.SILENT.format(sentence=text[:60]))


def render(spoken: SpokenScript, voice: Voice, settings: mix.MixSettings,
           progress: Callable[[], None] = lambda: None) -> np.ndarray:
    """Concatenate sentences, pauses and chimes (unmastered)."""
    pieces = [mix.silence(settings.edge_silence_s)]
    for part in spoken.parts:
        if isinstance(part, Chime):
            if settings.chime:
                pieces += [mix.chime(), mix.silence(settings.paragraph_pause_s)]
        elif isinstance(part, Pause):
            pieces.append(mix.silence(part.seconds))
        elif isinstance(part, Recorded):
            audio = recording.prepare(part.path, part.file, settings.loudness_lufs,
                                      float("inf")).samples
            pieces += [audio, mix.silence(settings.paragraph_pause_s)]
        else:
            for paragraph in part.paragraphs:
                for text in paragraph:
                    pieces += [voice.sentence(text), mix.silence(settings.sentence_pause_s)]
                    progress()
                pieces.append(mix.silence(settings.paragraph_pause_s - settings.sentence_pause_s))
    pieces.append(mix.silence(settings.edge_silence_s))
    return mix.join(pieces)


@dataclass(frozen=True)
class Clip:
    """An encoded clip (no tags yet) and how it measured after decoding."""

    mp3: bytes
    measured: Measured
    engine: dict[str, str]


def clip_key(spoken: SpokenScript, engine: dict[str, str], settings: mix.MixSettings) -> str:
    return Cache.key("clip", FORMAT_VERSION, spoken.key_parts(), engine, settings.key(),
                     BITRATE_KBPS)


def cached_clip(cache: Cache, key: str, count: bool = True) -> Clip | None:
    mp3 = cache.get("speech-clips", key, ".mp3", count)
    meta = cache.get("speech-clips", key, ".json", count)
    if mp3 is None or meta is None:
        return None
    data = json.loads(meta)
    return Clip(mp3, Measured(**data["measured"]), data["engine"])


def make_clip(spoken: SpokenScript, voice: Voice, settings: mix.MixSettings,
              progress: Callable[[], None] = lambda: None) -> Clip:
    """Render, master, encode and check a clip."""
    return master_clip(render(spoken, voice, settings, progress), settings,
                       clip_engine(spoken, voice.engine), spoken.title)


def clip_engine(spoken: SpokenScript, engine: Engine) -> dict[str, str]:
    """What the manifest says made the clip: the engine, or 'recording' for staff voices."""
    made = engine_id(engine)
    if spoken.recorded:
        return {"engine": "recording", "version": made["version"],
                "voice": f"{made['engine']} {made['voice']}"}
    return made


def master_clip(raw: np.ndarray, settings: mix.MixSettings, engine: dict[str, str],
                title: str) -> Clip:
    """Master, encode, decode and measure; correct from the measurement if it missed.

    The encoder's own level (`codec_gain`) is divided out before encoding, so one encode
    is usually enough. If the published file measures off target, loudness is fixed with a
    closed-form gain (plain gain shifts loudness exactly) and peaks with a larger margin.
    """
    margin, trim_db = 0.7, 0.0
    for _ in range(4):
        mastered = mix.master(raw, settings, margin_db=margin)
        scale = np.float32(10 ** (trim_db / 20) / codec_gain())
        mp3 = encode_mp3(mastered * scale)
        measured = measure(mp3)
        over = measured.true_peak_dbtp - settings.true_peak_dbtp
        miss = settings.loudness_lufs - measured.loudness_lufs
        if not np.isfinite(measured.loudness_lufs) or (over <= 0 and abs(miss) <= 0.2):
            break
        if over > 0:
            margin += over + 0.2
        else:
            trim_db += min(miss, -over - 0.05)
    if not np.isfinite(measured.loudness_lufs) or measured.loudness_lufs < -40:
        raise EngineError(messages.SILENT.format(sentence=title[:60]))
    return Clip(mp3, measured, engine)


def store_clip(cache: Cache, key: str, clip: Clip) -> None:
    meta = {"measured": clip.measured.__dict__, "engine": clip.engine}
    cache.put("speech-clips", key, ".mp3", clip.mp3)
    cache.put("speech-clips", key, ".json", json.dumps(meta).encode())

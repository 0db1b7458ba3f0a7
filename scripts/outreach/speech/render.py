"""From spoken sentences to a mastered, encoded clip (numpy, SciPy, LAME, the engines).

Imported only when a clip must be rendered: cached clips come through `spoken`.
"""

from __future__ import annotations

import io
from collections.abc import Callable

import numpy as np
import soundfile as sf

from ..artifacts import Cache
from . import messages, mix, recording
from .encode import codec_gain, encode_mp3, measure
from .engines import Engine, EngineError, engine_id
from .script import Chime, Pause
from .spoken import Clip, Recorded, SpokenScript

SILENCE_FLOOR_DB = -45.0  # RMS of a spoken sentence below this means the engine failed


class Voice:
    """An engine plus the sentence cache: each (voice, text) is spoken once."""

    def __init__(self, engine: Engine, cache: Cache):
        self.engine = engine
        self.cache = cache
        self.synthesized = 0  # sentences actually sent to the engine (tests and benchmarks)

    def sentence(self, text: str) -> np.ndarray:
        """The sentence at 44.1 kHz, edges trimmed; raises EngineError if silent."""
        key = Cache.key("sentence", self.engine.key, text)
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

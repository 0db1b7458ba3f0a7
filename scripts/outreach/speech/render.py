"""From spoken sentences to mastered, encoded segments (numpy, SciPy, LAME, the engines).

Imported only when a segment must be rendered: clips are joined from cached segments
without it (`segments`).
"""

from __future__ import annotations

import io
from collections.abc import Callable

import numpy as np
import soundfile as sf

from ..artifacts import Cache
from . import messages, mix, recording
from .encode import codec_delay, codec_gain, encode_mp3, measure_segment
from .engines import Engine, EngineError
from .gating import gated_loudness
from .script import Chime
from .segments import Segment, SegmentAudio, Silence, segment_target
from .spoken import Recorded

SILENCE_FLOOR_DB = -45.0  # RMS of a spoken sentence below this means the engine failed


class Voice:
    """An engine plus the sentence cache: each (voice, text) is spoken once."""

    def __init__(self, engine: Engine, cache: Cache):
        self.engine = engine
        self.cache = cache
        self.synthesized = 0  # sentences actually sent to the engine (tests and benchmarks)

    def sentence(self, text: str) -> np.ndarray:
        """The sentence at 44.1 kHz, edges trimmed; raises EngineError if silent.

        A new sentence is stored as 16-bit FLAC and then read back like a cached one, so a
        segment sounds the same bit for bit whether its sentences were cached or not.
        """
        key = Cache.key("sentence", self.engine.key, text)
        data = self.cache.get("speech-sentences", key, ".flac")
        fresh = data is None
        if data is None:
            samples, rate = self.engine.synthesize(text)
            self.synthesized += 1
            buffer = io.BytesIO()
            sf.write(buffer, np.clip(samples, -1, 1), rate, format="FLAC", subtype="PCM_16")
            data = buffer.getvalue()
        samples, rate = sf.read(io.BytesIO(data), dtype="float32")
        audio = mix.trim(mix.resample(samples, rate))
        if fresh:
            _check_not_silent(audio, text)
            self.cache.put("speech-sentences", key, ".flac", data)
        return audio


def _check_not_silent(audio: np.ndarray, text: str) -> None:
    rms = float(np.sqrt(np.mean(audio.astype(np.float64) ** 2))) if audio.size else 0.0
    if rms == 0 or 20 * np.log10(rms) < SILENCE_FLOOR_DB:
        raise EngineError(messages.SILENT.format(sentence=text[:60]))


def render_segment(segment: Segment, voice: Voice, settings: mix.MixSettings,
                   progress: Callable[[], None] = lambda: None) -> np.ndarray:
    """A segment's pieces joined (unmastered).

    Decoding puts the encoder's delay (`codec_delay`) of silence before every segment, so as
    much is taken off the segment's trailing pause: pauses sound as long as they are set.
    """
    pieces = []
    for piece in segment.pieces:
        if isinstance(piece, Silence):
            pieces.append(mix.silence(piece.seconds))
        elif isinstance(piece, Chime):
            pieces.append(mix.chime())
        elif isinstance(piece, Recorded):
            pieces.append(recording.prepare(piece.path, piece.file, settings.loudness_lufs,
                                            float("inf")).samples)
        else:
            pieces.append(voice.sentence(piece.text))
            progress()
    raw = mix.join(pieces)
    cut = min(codec_delay(), int(round(segment.trailing_silence_s() * mix.RATE)))
    return raw[: raw.size - cut]


def make_segment(segment: Segment, voice: Voice, settings: mix.MixSettings,
                 progress: Callable[[], None] = lambda: None) -> SegmentAudio:
    """Render, master, encode and measure one segment."""
    return master_segment(render_segment(segment, voice, settings, progress),
                          segment_target(segment, settings))


def master_segment(raw: np.ndarray, settings: mix.MixSettings) -> SegmentAudio:
    """Master, encode, decode and measure; correct from the measurement if it missed.

    The encoder's own level (`codec_gain`) is divided out before encoding, so one encode
    is usually enough. If the encoded segment measures off target, loudness is fixed with a
    closed-form gain (plain gain shifts loudness exactly) and peaks with a larger margin.
    """
    margin, trim_db = 0.7, 0.0
    for _ in range(4):
        mastered = mix.master(raw, settings, margin_db=margin)
        scale = np.float32(10 ** (trim_db / 20) / codec_gain())
        audio = measure_segment(encode_mp3(mastered * scale))
        loudness = gated_loudness(audio.blocks)
        over = audio.true_peak_dbtp - settings.true_peak_dbtp
        miss = settings.loudness_lufs - loudness
        if not np.isfinite(loudness) or (over <= 0 and abs(miss) <= 0.2):
            break
        if over > 0:
            margin += over + 0.2
        else:
            trim_db += min(miss, -over - 0.05)
    return audio

"""Staff recordings: read, check and prepare a WAV/MP3/OGG so it mixes like spoken text.

soundfile (libsndfile >= 1.1) decodes all three formats, so no ffmpeg is needed.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import soundfile as sf

from . import messages, meter, mix

SILENT_DBFS = -50.0  # RMS of the trimmed recording below this: nothing audible
FULL_SCALE = 0.999  # |sample| at or above this counts as clipped
CLIPPED_SHARE = 0.001  # more than 0.1 % of samples at full scale (and at least 20): clipped
CLIPPED_MIN = 20


class RecordingError(Exception):
    """A recording that cannot go on air; the message is plain Vietnamese."""


@dataclass(frozen=True)
class Checked:
    """A recording ready to mix: mono 44.1 kHz, edges trimmed, at the target loudness."""

    samples: np.ndarray
    duration_s: float


def _read(path: Path, display: str) -> tuple[np.ndarray, int]:
    try:
        samples, rate = sf.read(str(path), dtype="float32", always_2d=True)
    except (sf.LibsndfileError, RuntimeError, TypeError, OSError) as exc:
        raise RecordingError(messages.RECORDING_UNREADABLE.format(
            path=display, reason=exc)) from None
    return samples, rate


def prepare(path: Path, display: str, loudness_lufs: float, max_seconds: float) -> Checked:
    """Decode and check; raise RecordingError naming the file when it cannot air.

    Clipping is judged on the file as recorded (before any gain); silence and length
    after trimming the quiet edges, as the listener would hear them.
    """
    channels, rate = _read(path, display)
    if channels.size == 0:
        raise RecordingError(messages.RECORDING_SILENT.format(path=display))
    clipped = int(np.count_nonzero(np.abs(channels) >= FULL_SCALE))
    if clipped >= CLIPPED_MIN and clipped > CLIPPED_SHARE * channels.size:
        raise RecordingError(messages.RECORDING_CLIPPED.format(
            path=display, share=f"{100 * clipped / channels.size:.1f}".replace(".", ",")))
    mono = mix.resample(channels.mean(axis=1), rate)
    trimmed = mix.trim(mono)
    rms = float(np.sqrt(np.mean(trimmed.astype(np.float64) ** 2))) if trimmed.size else 0.0
    if rms == 0 or 20 * np.log10(rms) < SILENT_DBFS:
        raise RecordingError(messages.RECORDING_SILENT.format(path=display))
    duration = trimmed.size / mix.RATE
    if duration > max_seconds:
        raise RecordingError(messages.RECORDING_TOO_LONG.format(
            path=display, minutes=_minutes(duration), slot=_minutes(max_seconds)))
    loudness = meter.integrated_loudness(trimmed, mix.RATE)
    if np.isfinite(loudness):
        # Level-match to the spoken parts before mastering the whole clip (which limits).
        trimmed = trimmed * np.float32(10 ** ((loudness_lufs - loudness) / 20))
    return Checked(trimmed.astype(np.float32), duration)


def _minutes(seconds: float) -> str:
    return f"{seconds / 60:.1f}".replace(".", ",")

"""Mixing: resample, trim, pauses, a generated chime, loudness and true-peak control.

All functions take and return mono float32 arrays at RATE unless named otherwise.
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pyloudnorm
from scipy.ndimage import minimum_filter1d
from scipy.signal import resample_poly

from .clips import MixSettings

RATE = 44_100
OVERSAMPLE = 4  # true peak per ITU-R BS.1770: 4x oversampling at 44.1/48 kHz


def resample(samples: np.ndarray, rate: int) -> np.ndarray:
    """Any rate -> 44.1 kHz with a polyphase filter (22 050 -> x2, 24 000 -> x147/80)."""
    if rate == RATE:
        return samples.astype(np.float32)
    ratio = Fraction(RATE, rate).limit_denominator(1000)
    return resample_poly(samples, ratio.numerator, ratio.denominator).astype(np.float32)


def trim(samples: np.ndarray, threshold_db: float = -45.0, keep_s: float = 0.03) -> np.ndarray:
    """Cut leading/trailing near-silence so pauses between sentences are what we set."""
    if samples.size == 0:
        return samples
    peak = float(np.max(np.abs(samples)))
    if peak == 0:
        return samples[:0]
    loud = np.flatnonzero(np.abs(samples) > peak * 10 ** (threshold_db / 20))
    keep = int(keep_s * RATE)
    return samples[max(0, loud[0] - keep): loud[-1] + keep + 1]


def silence(seconds: float) -> np.ndarray:
    return np.zeros(int(round(seconds * RATE)), dtype=np.float32)


def tone(freq: float, seconds: float, level: float = 0.3) -> np.ndarray:
    """A soft bell-like tone: fundamental plus a quiet octave, fast attack, long decay."""
    t = np.arange(int(seconds * RATE)) / RATE
    wave = np.sin(2 * np.pi * freq * t) + 0.25 * np.sin(4 * np.pi * freq * t)
    attack = np.minimum(1.0, t / 0.02)
    decay = np.exp(-t * 4.0)
    fade = np.minimum(1.0, (seconds - t) / 0.05)  # no click at the end
    return (level * wave * attack * decay * fade).astype(np.float32)


def chime() -> np.ndarray:
    """Two descending tones (G5 then E5), about 1.2 s: the station's 'attention' signal."""
    first, second = tone(784.0, 0.6), tone(659.3, 0.8)
    out = np.zeros(int(0.45 * RATE) + second.size, dtype=np.float32)
    out[: first.size] += first
    out[int(0.45 * RATE):] += second
    return out


def join(pieces: list[np.ndarray]) -> np.ndarray:
    return np.concatenate(pieces).astype(np.float32) if pieces else np.zeros(0, np.float32)


def true_peak_db(samples: np.ndarray) -> float:
    """Oversampled peak estimate in dBTP (catches inter-sample peaks a DAC would make)."""
    if samples.size == 0:
        return -np.inf
    over = resample_poly(samples.astype(np.float64), OVERSAMPLE, 1)
    peak = max(float(np.max(np.abs(over))), float(np.max(np.abs(samples))))
    return 20 * np.log10(peak) if peak > 0 else -np.inf


def loudness_lufs(samples: np.ndarray) -> float:
    """Integrated loudness (BS.1770-4, gated) with pyloudnorm."""
    return float(pyloudnorm.Meter(RATE).integrated_loudness(samples.astype(np.float64)))


def peak_envelope(samples: np.ndarray) -> np.ndarray:
    """Per-sample true-peak estimate: max |x| over the 4 oversampled phases around it."""
    over = np.abs(resample_poly(samples.astype(np.float32), OVERSAMPLE, 1))
    phases = over[: samples.size * OVERSAMPLE].reshape(-1, OVERSAMPLE).max(axis=1)
    return np.maximum(phases, np.abs(samples))


def moving_average(values: np.ndarray, width: int) -> np.ndarray:
    """Centred moving average in O(n) (np.convolve is O(n*width))."""
    padded = np.pad(values, (width // 2, width - 1 - width // 2), mode="edge")
    cumulative = np.concatenate([[0.0], np.cumsum(padded, dtype=np.float64)])
    return ((cumulative[width:] - cumulative[:-width]) / width).astype(np.float32)


def limiter_gain(envelope: np.ndarray, ceiling: float, lookahead_s: float = 0.005) -> np.ndarray:
    """Smooth gain that keeps envelope * gain <= ceiling everywhere.

    The needed gain is min-filtered over ±lookahead, then averaged over a shorter window:
    an average of values that are each <= the gain needed at a sample stays <= it, so no
    peak escapes, and the gain never jumps (no clicks).
    """
    needed = np.minimum(1.0, ceiling / np.maximum(envelope, 1e-12)).astype(np.float32)
    radius = max(1, int(lookahead_s * RATE))
    floor = minimum_filter1d(needed, size=2 * radius + 1, mode="nearest")
    return np.minimum(moving_average(floor, radius + 1), needed)


def master(samples: np.ndarray, settings: MixSettings, margin_db: float = 0.7) -> np.ndarray:
    """Bring to the loudness target, keeping true peak under the ceiling with a limiter.

    More gain means more limiting, so loudness is not linear in gain: solve
    loudness(gain) = target with the secant method (2–3 measurements) instead of repeating
    "add the error" steps, which crept up on the target and stopped ~0.5 LU short. The
    true-peak envelope is computed once: the limiter only scales it. `margin_db` leaves room
    for the peaks MP3 encoding adds.
    """
    x = samples.astype(np.float32)
    ceiling = 10 ** ((settings.true_peak_dbtp - margin_db) / 20)
    envelope = peak_envelope(x)

    def limited(gain_db: float) -> tuple[np.ndarray, float]:
        gain = 10 ** (gain_db / 20)
        out = (x * gain * limiter_gain(envelope * gain, ceiling)).astype(np.float32)
        return out, settings.loudness_lufs - loudness_lufs(out)

    g0 = settings.loudness_lufs - loudness_lufs(x)  # right if nothing needed limiting
    out, e0 = limited(g0)
    if abs(e0) < 0.1:
        return out
    g1 = g0 + e0
    for _ in range(4):
        out, e1 = limited(g1)
        if abs(e1) < 0.1 or e1 == e0:
            break
        g0, g1, e0 = g1, g1 - e1 * (g1 - g0) / (e1 - e0), e1
    return out

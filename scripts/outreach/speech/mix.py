"""Mixing: resample, trim, pauses, a generated chime, loudness and true-peak control.

All functions take and return mono float32 arrays at RATE unless named otherwise.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

import numpy as np
from scipy.ndimage import maximum_filter1d
from scipy.signal import resample_poly, sosfilt

from . import meter
from .spoken import RATE, MixSettings


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
    """Oversampled peak estimate in dBTP (BS.1770-4 Annex 2)."""
    return meter.true_peak_db(samples)


def loudness_lufs(samples: np.ndarray) -> float:
    """Integrated loudness (BS.1770-4, gated)."""
    return meter.integrated_loudness(samples, RATE)


def moving_average(values: np.ndarray, width: int) -> np.ndarray:
    """Centred moving average in O(n) (np.convolve is O(n*width))."""
    padded = np.pad(values, (width // 2, width - 1 - width // 2), mode="edge")
    cumulative = np.concatenate([[0.0], np.cumsum(padded, dtype=np.float64)])
    return ((cumulative[width:] - cumulative[:-width]) / width).astype(np.float32)


SEARCH_DECIMATION = 5  # the gain search works on 5-sample groups (8.8 kHz): 100 ms = 882


def _groups(values: np.ndarray, size: int, reduce: str) -> np.ndarray:
    """Max or sum over consecutive groups of `size` samples (the last one zero-padded)."""
    count = -(-values.size // size)
    padded = np.zeros(count * size, dtype=values.dtype)
    padded[: values.size] = values
    shaped = padded.reshape(count, size)
    if reduce == "max":
        out = shaped[:, 0].copy()
        for column in range(1, size):
            np.maximum(out, shaped[:, column], out=out)
        return out
    return shaped.sum(axis=1)


@dataclass(frozen=True)
class Limiter:
    """A look-ahead peak limiter prepared once for one signal, then asked about any gain.

    The gain needed at a sample is min(1, ceiling / (gain * envelope)); its minimum over
    ±look-ahead equals the same formula on the envelope's *maximum* over that window
    (`window_peak`), computed once, so each gain costs a few array passes. Averaging values
    that are each <= the gain needed at a sample stays <= it, so no peak escapes, and the
    gain never jumps (no clicks). `window_peak` may overestimate (it is then only safer).
    """

    envelope: np.ndarray
    window_peak: np.ndarray
    radius: int
    ceiling: float

    @classmethod
    def prepare(cls, envelope: np.ndarray, ceiling: float, radius: int) -> Limiter:
        window_peak = maximum_filter1d(envelope, size=2 * radius + 1, mode="nearest")
        return cls(envelope, window_peak, radius, ceiling)

    def gain_curve(self, gain: float) -> np.ndarray:
        """Per-sample limiter gain (<= 1) for the signal multiplied by `gain`."""
        limit = np.float32(self.ceiling / gain)
        needed = np.minimum(np.float32(1), limit / np.maximum(self.envelope, np.float32(1e-12)))
        floor = np.minimum(np.float32(1),
                           limit / np.maximum(self.window_peak, np.float32(1e-12)))
        return np.minimum(moving_average(floor, self.radius + 1), needed).astype(np.float32)


def _fine_limiter(envelope: np.ndarray, coarse: Limiter, factor: int, radius: int
                  ) -> Limiter:
    """Full-rate limiter whose window peak is the grouped one repeated (no second filter).

    A group's window covers every sample window inside it when the grouped radius is at
    least radius / factor + 1, so the repeated value is >= the exact window maximum.
    """
    window_peak = np.repeat(coarse.window_peak, factor)[: envelope.size]
    return Limiter(envelope, window_peak, radius, coarse.ceiling)


def _secant(error, g0: float, e0: float, tolerance: float = 0.05) -> tuple[float, float]:
    """Solve error(g) = 0 from (g0, e0); returns the gain and the last slope seen."""
    g1, slope = g0 + e0, 1.0
    for _ in range(6):
        e1 = error(g1)
        if abs(e1) < tolerance or e1 == e0:
            return g1, slope
        slope = (e0 - e1) / (g1 - g0)
        g0, g1, e0 = g1, g1 - e1 * (g1 - g0) / (e1 - e0), e1
    return g1, slope


def master(samples: np.ndarray, settings: MixSettings, margin_db: float = 0.7,
           lookahead_s: float = 0.005) -> np.ndarray:
    """Bring to the loudness target, keeping true peak under the ceiling with a limiter.

    K-weighting runs once; a gain g with limiter curve c(t) changes each 100 ms gating
    hop's energy to g^2 * sum(c^2 * k^2), so a trial gain is re-gated without filtering
    again (c changes slowly next to the filter's few-ms memory). Nothing to limit: the gain
    is closed-form. Otherwise the secant method runs on 5-sample groups (group peak, group
    energy: 5x fewer values), then one full-resolution check corrects what grouping missed.
    `margin_db` leaves room for the peaks MP3 encoding adds; the encoded file is measured
    afterwards anyway.
    """
    x = samples.astype(np.float32)
    ceiling = 10 ** ((settings.true_peak_dbtp - margin_db) / 20)
    envelope = meter.peak_envelope(x).astype(np.float32)
    radius = max(1, int(lookahead_s * RATE))
    weighted = sosfilt(meter.k_weighting(RATE), x)  # float32 is ample for a loudness estimate
    squares = weighted * weighted
    g0 = settings.loudness_lufs - meter.gated_loudness(meter.hop_energy(squares, RATE))
    if not np.isfinite(g0):
        return x
    if not envelope.size or float(envelope.max()) * 10 ** (g0 / 20) <= ceiling:
        return (x * np.float32(10 ** (g0 / 20))).astype(np.float32)

    d = SEARCH_DECIMATION
    coarse = Limiter.prepare(_groups(envelope, d, "max"), ceiling, radius // d + 1)
    coarse_squares = _groups(squares, d, "sum") / d  # group means keep hop means right

    def coarse_error(gain_db: float) -> float:
        gain = 10 ** (gain_db / 20)
        curve = coarse.gain_curve(gain)
        energy = meter.hop_energy(coarse_squares * curve * curve, RATE // d)
        return settings.loudness_lufs - meter.gated_loudness(energy, gain)

    gain_db, slope = _secant(coarse_error, g0, coarse_error(g0))
    fine = _fine_limiter(envelope, coarse, d, radius)
    gain = 10 ** (gain_db / 20)
    curve = fine.gain_curve(gain)
    energy = meter.hop_energy(squares * curve * curve, RATE)
    residual = settings.loudness_lufs - meter.gated_loudness(energy, gain)
    if abs(residual) > 0.05 and slope > 0.05:
        gain = 10 ** ((gain_db + residual / slope) / 20)
        curve = fine.gain_curve(gain)
    return (x * np.float32(gain) * curve).astype(np.float32)

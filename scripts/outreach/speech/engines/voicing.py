"""Shaping the offline voice after synthesis: what the listener hears, and what the
intelligibility bench scores (scripts/bench_intelligibility.py).

espeak-ng's formant voice carries much of its energy below 1 kHz and little in the 2-4 kHz
band where consonants are told apart; a loudspeaker horn loses the lows anyway. A peaking
boost there (RBJ cookbook biquad) and a gentle high-pass are plain IIR filters: the same
samples in give the same samples out, so clips stay byte-reproducible.
"""

from __future__ import annotations

import math

import numpy as np
from scipy.signal import butter, sosfilt

PRESENCE_HZ = 3000.0
PRESENCE_Q = 0.8


def peaking(rate: int, freq: float, gain_db: float, q: float) -> np.ndarray:
    """One peaking-EQ biquad as a second-order section (Audio EQ Cookbook)."""
    a = 10 ** (gain_db / 40)
    w0 = 2 * math.pi * freq / rate
    alpha = math.sin(w0) / (2 * q)
    b = [1 + alpha * a, -2 * math.cos(w0), 1 - alpha * a]
    den = [1 + alpha / a, -2 * math.cos(w0), 1 - alpha / a]
    return np.array([[*(x / den[0] for x in b), *(x / den[0] for x in den)]])


def shape(samples: np.ndarray, rate: int, presence_db: int, highpass_hz: int) -> np.ndarray:
    """Presence boost and high-pass (either may be 0 = off); peak kept at or below the
    input's so a boost never clips. float32 in, float32 out."""
    if not (presence_db or highpass_hz) or samples.size == 0:
        return samples
    sections = []
    if highpass_hz:
        sections.append(butter(2, highpass_hz, btype="highpass", fs=rate, output="sos"))
    if presence_db:
        sections.append(peaking(rate, PRESENCE_HZ, presence_db, PRESENCE_Q))
    out = sosfilt(np.concatenate(sections), samples.astype(np.float64))
    peak_in, peak_out = float(np.max(np.abs(samples))), float(np.max(np.abs(out)))
    if peak_out > peak_in > 0:
        out *= peak_in / peak_out
    return out.astype(np.float32)

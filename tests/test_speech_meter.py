"""The fast meters against independent references: pyloudnorm and scipy's resampler."""

from __future__ import annotations

import numpy as np
import pyloudnorm
import pytest
from scipy.signal import butter, resample_poly, sosfilt

from outreach.speech import meter, mix
from outreach.speech.encode import codec_gain, decode, encode_mp3, measure

RATE = 44_100


def speechlike(seconds: float, seed: int) -> np.ndarray:
    """Voiced bursts with pauses and a loud syllable now and then (peaks for the limiter)."""
    rng = np.random.default_rng(seed)
    t = np.arange(int(seconds * RATE)) / RATE
    pitch = 120 + 40 * np.sin(2 * np.pi * 0.3 * t)
    phase = 2 * np.pi * np.cumsum(pitch) / RATE
    voiced = sum(np.sin(k * phase) / k for k in range(1, 15))
    syllables = np.clip(np.sin(2 * np.pi * 3.5 * t), 0, None) ** 2
    words = (rng.random(int(seconds * 2) + 1) > 0.25).repeat(RATE // 2)[: t.size]
    accents = 1 + 2.5 * (rng.random(int(seconds * 4) + 1) > 0.9).repeat(RATE // 4)[: t.size]
    noise = 0.02 * sosfilt(butter(4, 8000, fs=RATE, output="sos"), rng.standard_normal(t.size))
    return (0.08 * voiced * syllables * words * accents + noise * words).astype(np.float32)


@pytest.mark.parametrize("seed", [0, 1, 2])
@pytest.mark.parametrize("rate", [22_050, 44_100, 48_000])
def test_integrated_loudness_matches_pyloudnorm(seed, rate):
    x = speechlike(12.0, seed)
    if rate != RATE:
        x = resample_poly(x, rate // 50, RATE // 50).astype(np.float32)
    reference = pyloudnorm.Meter(rate).integrated_loudness(x.astype(np.float64))
    assert meter.integrated_loudness(x, rate) == pytest.approx(reference, abs=0.02)


def test_silence_and_too_short_are_minus_infinity():
    assert meter.integrated_loudness(np.zeros(RATE, np.float32), RATE) == float("-inf")
    assert meter.integrated_loudness(np.ones(100, np.float32) * 0.1, RATE) == float("-inf")


@pytest.mark.parametrize("freq", [997.0, 5000.0, 11_025.0, 15_000.0])
@pytest.mark.parametrize("phase", [0.0, 0.4, np.pi / 2])
def test_true_peak_finds_inter_sample_peaks(freq, phase):
    t = np.arange(RATE // 4) / RATE
    fade = np.minimum(1, np.minimum(t, t[-1] - t) / 0.02)  # no hard edges to ring at
    x = (0.5 * fade * np.sin(2 * np.pi * freq * t + phase)).astype(np.float32)
    exact = 20 * np.log10(0.5)
    # BS.1770's 48-tap filter reads slightly high near its band edge: never low by > 0.1 dB.
    assert exact - 0.1 <= meter.true_peak_db(x) <= exact + 0.6


def test_true_peak_sees_a_peak_between_samples():
    t = np.arange(RATE // 4) / RATE
    x = (0.5 * np.sin(2 * np.pi * RATE / 4 * t + np.pi / 4)).astype(np.float32)
    assert 20 * np.log10(np.max(np.abs(x))) < -9  # every sample at 0.354: 3 dB under
    assert -0.1 <= meter.true_peak_db(x) - 20 * np.log10(0.5) <= 0.8  # reads high, not low


def test_chunked_true_peak_and_envelope_equal_one_pass():
    x = mix.master(speechlike(5.0, 3), mix.MixSettings())  # > CHUNK samples, limited peaks
    whole = meter.oversampled(x)
    assert meter.true_peak_db(x) == pytest.approx(20 * np.log10(np.max(np.abs(whole))),
                                                  abs=1e-6)
    envelope = meter.peak_envelope(x)
    assert envelope.shape == x.shape and np.all(envelope >= np.abs(x))


@pytest.mark.parametrize("target", [-16.0, -23.0])
def test_master_hits_loudness_and_keeps_true_peak_under_the_ceiling(target):
    x = speechlike(20.0, 4)
    settings = mix.MixSettings(loudness_lufs=target)
    out = mix.master(x, settings)
    loudness = pyloudnorm.Meter(RATE).integrated_loudness(out.astype(np.float64))
    assert loudness == pytest.approx(target, abs=0.1)
    upsampled = resample_poly(out.astype(np.float64), 4, 1)
    assert 20 * np.log10(np.max(np.abs(upsampled))) <= settings.true_peak_dbtp - 0.5


def test_codec_gain_is_what_the_encoded_file_measures():
    x = mix.master(speechlike(10.0, 5), mix.MixSettings())
    measured = measure(encode_mp3(x / codec_gain()))
    assert measured.loudness_lufs == pytest.approx(-16.0, abs=0.15)
    decoded, rate, _ = decode(encode_mp3(x))
    plain = pyloudnorm.Meter(rate).integrated_loudness(decoded.astype(np.float64))
    assert plain == pytest.approx(-16.0 + 20 * np.log10(codec_gain()), abs=0.15)

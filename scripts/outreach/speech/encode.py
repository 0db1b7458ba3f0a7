"""MP3 encoding (lameenc), ID3v2 tags (mutagen) and measuring the result as a player hears it."""

from __future__ import annotations

import io

import lameenc
import numpy as np
import soundfile as sf

from .clips import BITRATE_KBPS, Measured
from .mix import RATE, loudness_lufs, true_peak_db


def encode_mp3(samples: np.ndarray, bitrate_kbps: int = BITRATE_KBPS) -> bytes:
    """Mono float32 at 44.1 kHz -> CBR MP3 bytes."""
    encoder = lameenc.Encoder()
    encoder.set_bit_rate(bitrate_kbps)
    encoder.set_in_sample_rate(RATE)
    encoder.set_channels(1)
    encoder.set_quality(5)  # 2 is ~2x slower and inaudible for speech
    pcm = (np.clip(samples, -1.0, 32767 / 32768) * 32768).astype("<i2").tobytes()
    return bytes(encoder.encode(pcm) + encoder.flush())


def decode(mp3: bytes) -> tuple[np.ndarray, int, int]:
    """MP3 bytes -> (mono float32 samples, sample rate, channels in the file)."""
    samples, rate = sf.read(io.BytesIO(mp3), dtype="float32", always_2d=True)
    return samples.mean(axis=1), rate, samples.shape[1]


def measure(mp3: bytes) -> Measured:
    """Decode and measure loudness and true peak of an encoded clip."""
    samples, rate, channels = decode(mp3)
    return Measured(rate, channels, samples.size / rate, float(loudness_lufs(samples)),
                    float(true_peak_db(samples)))

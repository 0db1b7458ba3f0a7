"""MP3 encoding (lameenc), ID3v2 tags (mutagen) and measuring the result as a player hears it."""

from __future__ import annotations

import io
from functools import lru_cache

import lameenc
import numpy as np
import soundfile as sf

from . import meter
from .mix import RATE
from .segments import SegmentAudio
from .spoken import BITRATE_KBPS, Measured


def encode_mp3(samples: np.ndarray, bitrate_kbps: int = BITRATE_KBPS) -> bytes:
    """Mono float32 at 44.1 kHz -> CBR MP3 bytes."""
    encoder = lameenc.Encoder()
    encoder.set_bit_rate(bitrate_kbps)
    encoder.set_in_sample_rate(RATE)
    encoder.set_channels(1)
    encoder.set_quality(7)  # 5 is ~2x slower, 2 ~5x; no audible gain for speech at 96 kbps
    pcm = (np.clip(samples, -1.0, 32767 / 32768) * 32768).astype("<i2").tobytes()
    return bytes(encoder.encode(pcm) + encoder.flush())


@lru_cache(maxsize=1)
def codec_gain(bitrate_kbps: int = BITRATE_KBPS) -> float:
    """Level the encode -> decode chain gives a steady tone (this LAME build: about 0.95).

    Measured once per process on one second of 1 kHz, so mastering can aim at what the
    published file measures instead of re-encoding to correct it.
    """
    t = np.arange(RATE) / RATE
    tone = (0.25 * np.sin(2 * np.pi * 1000 * t)).astype(np.float32)
    decoded, _, _ = decode(encode_mp3(tone, bitrate_kbps))
    middle = slice(RATE // 4, RATE // 2)
    reference = float(np.sqrt(np.mean(tone[middle].astype(np.float64) ** 2)))
    got = float(np.sqrt(np.mean(decoded[RATE // 8: RATE * 7 // 8].astype(np.float64) ** 2)))
    return got / reference if got > 0 else 1.0


@lru_cache(maxsize=1)
def codec_delay(bitrate_kbps: int = BITRATE_KBPS) -> int:
    """Samples of silence the encode -> decode chain puts before the signal (LAME: 1104).

    Measured once per process with a click, like `codec_gain`.
    """
    click = np.zeros(RATE // 2, np.float32)
    click[RATE // 10] = 0.5
    decoded, _, _ = decode(encode_mp3(click, bitrate_kbps))
    return max(0, int(np.argmax(np.abs(decoded))) - RATE // 10)


def decode(mp3: bytes) -> tuple[np.ndarray, int, int]:
    """MP3 bytes -> (mono float32 samples, sample rate, channels in the file)."""
    samples, rate = sf.read(io.BytesIO(mp3), dtype="float32", always_2d=True)
    return samples.mean(axis=1), rate, samples.shape[1]


def measure(mp3: bytes) -> Measured:
    """Decode and measure loudness and true peak of an encoded clip."""
    samples, rate, channels = decode(mp3)
    return Measured(rate, channels, samples.size / rate,
                    meter.integrated_loudness(samples, rate), meter.true_peak_db(samples))


def measure_segment(mp3: bytes) -> SegmentAudio:
    """Decode an encoded segment and keep what joining it into a clip needs to know."""
    samples, rate, channels = decode(mp3)
    return SegmentAudio(mp3, tuple(meter.loudness_blocks(samples, rate).tolist()),
                        meter.true_peak_db(samples), samples.size, rate, channels)


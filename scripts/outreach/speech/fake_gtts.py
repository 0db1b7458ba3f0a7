"""A stand-in for gTTS's HTTP endpoint, for tests and the benchmark (never the network).

It answers like translate.google.com's batchexecute: a line holding the base64 MP3 after
the RPC id "jQ1olc". Register it with the `responses` library.
"""

from __future__ import annotations

import base64

import numpy as np

from .encode import encode_mp3
from .mix import RATE

ENDPOINT = "https://translate.google.com/_/TranslateWebserverUi/data/batchexecute"


def speech_like_mp3(seconds: float = 1.0) -> bytes:
    """A real MP3 of a voiced, syllable-paced signal (so loudness gating sees 'speech')."""
    t = np.arange(int(seconds * RATE)) / RATE
    voiced = sum(np.sin(2 * np.pi * 140 * k * t) / k for k in range(1, 12))
    syllables = 0.5 * (1 - np.cos(2 * np.pi * 4 * t)) * (t > 0.05) * (t < seconds - 0.05)
    return encode_mp3((0.25 * voiced * syllables).astype(np.float32))


def batchexecute_body(mp3: bytes) -> str:
    """The endpoint's answer carrying `mp3`."""
    payload = base64.b64encode(mp3).decode("ascii")
    return (")]}'\n\n123\n"
            f'[["wrb.fr","jQ1olc","[\\"{payload}\\"]",null,null,null,"generic"]]\n')


def add_ok(rsps, mp3: bytes | None = None) -> None:
    """Register one successful answer on a `responses.RequestsMock`."""
    import responses

    rsps.add(responses.POST, ENDPOINT, body=batchexecute_body(mp3 or speech_like_mp3()),
             status=200)


def add_status(rsps, status: int) -> None:
    import responses

    rsps.add(responses.POST, ENDPOINT, body="error", status=status)


def add_exception(rsps, exc: Exception) -> None:
    import responses

    rsps.add(responses.POST, ENDPOINT, body=exc)

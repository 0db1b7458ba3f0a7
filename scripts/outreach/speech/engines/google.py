"""Online voice: gTTS (Google Translate's speech endpoint), decoded in memory.

The endpoint is unofficial and rate-limited, so requests are throttled, and 429, 5xx,
timeouts and dropped connections are retried with exponential backoff. The MP3 it
returns is decoded with soundfile (libsndfile >= 1.1 reads MP3); an empty or
undecodable answer is an error, never a silent clip.
"""

from __future__ import annotations

import io
import time
from collections.abc import Callable
from importlib import metadata
from typing import TYPE_CHECKING

from .. import messages
from . import EngineError

if TYPE_CHECKING:
    import numpy as np

RETRY_STATUSES = {429, 500, 502, 503, 504}


class GoogleEngine:
    """gTTS with voice "vi"; `sleep` and `clock` are injectable so tests never wait."""

    name = "gtts"

    def __init__(self, lang: str = "vi", tld: str = "com", timeout: float = 10.0,
                 retries: int = 4, backoff_s: float = 1.0, min_interval_s: float = 0.3,
                 sleep: Callable[[float], None] | None = None,
                 clock: Callable[[], float] | None = None) -> None:
        self.version = metadata.version("gTTS")  # gtts itself loads on the first request
        self.voice = f"{lang}@{tld}"
        self.lang, self.tld = lang, tld
        self.timeout, self.retries, self.backoff_s = timeout, retries, backoff_s
        self.min_interval_s = min_interval_s
        self._sleep = sleep or (lambda seconds: time.sleep(seconds))
        self._clock = clock or time.monotonic
        self._last_request = -1e9
        self.requests = 0  # counted for benchmarks and tests

    @property
    def key(self) -> dict[str, str]:
        return {"engine": self.name, "version": self.version, "voice": self.voice}

    def _throttle(self) -> None:
        wait = self._last_request + self.min_interval_s - self._clock()
        if wait > 0:
            self._sleep(wait)
        self._last_request = self._clock()

    def _fetch(self, sentence: str) -> bytes:
        from gtts import gTTS

        self._throttle()
        self.requests += 1
        tts = gTTS(sentence, lang=self.lang, tld=self.tld, lang_check=False,
                   timeout=self.timeout)
        return b"".join(tts.stream())

    def fetch_mp3(self, sentence: str) -> bytes:
        """MP3 bytes for one sentence, retrying what is worth retrying."""
        from gtts.tts import gTTSError

        reason = ""
        for attempt in range(self.retries + 1):
            if attempt:
                self._sleep(self.backoff_s * 2 ** (attempt - 1))
            try:
                data = self._fetch(sentence)
            except gTTSError as exc:
                status = exc.rsp.status_code if exc.rsp is not None else None
                reason = (messages.GTTS_HTTP.format(status=status) if status
                          else messages.GTTS_TIMEOUT)
                if status is not None and status not in RETRY_STATUSES:
                    break  # 403/404: retrying will not help
                continue
            if not data:
                reason = messages.GTTS_EMPTY
                continue
            return data
        raise EngineError(messages.GTTS_DOWN.format(reason=reason))

    def synthesize(self, sentence: str) -> tuple[np.ndarray, int]:
        """Fetch and decode one sentence."""
        import soundfile as sf

        data = self.fetch_mp3(sentence)
        try:
            samples, rate = sf.read(io.BytesIO(data), dtype="float32", always_2d=True)
        except (sf.LibsndfileError, RuntimeError) as exc:
            raise EngineError(messages.GTTS_DOWN.format(
                reason=messages.GTTS_UNREADABLE.format(error=exc))) from None
        return samples.mean(axis=1), rate


def probe(timeout: float = 3.0) -> bool:
    """Does the gTTS endpoint answer quickly? One short request, no retries."""
    engine = GoogleEngine(timeout=timeout, retries=0, min_interval_s=0)
    try:
        samples, _ = engine.synthesize(messages.PROBE_SENTENCE)
    except EngineError:
        return False
    return samples.size > 0

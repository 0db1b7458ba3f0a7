"""Speech engines behind one interface: `synthesize(sentence) -> (samples, sample_rate)`."""

from __future__ import annotations

import json
from functools import cached_property
from importlib import metadata
from typing import TYPE_CHECKING, Protocol

from ...artifacts import Cache

if TYPE_CHECKING:
    import numpy as np

ENGINES = ("gtts", "espeak")


class EngineError(Exception):
    """An engine could not speak; the message is plain Vietnamese for the user."""


class Engine(Protocol):
    """What the mixer needs from a voice. `name/version/voice` go into cache keys and ID3."""

    @property
    def name(self) -> str: ...

    @property
    def version(self) -> str: ...

    @property
    def voice(self) -> str: ...

    def synthesize(self, sentence: str) -> tuple[np.ndarray, int]:
        """Mono float32 samples in [-1, 1] and their sample rate."""
        ...


def engine_id(engine: Engine) -> dict[str, str]:
    """What identifies a voice in cache keys, the manifest and ID3 comments."""
    return {"engine": engine.name, "version": engine.version, "voice": engine.voice}


def known_id(name: str, cache: Cache | None) -> dict[str, str] | None:
    """An engine's id without loading it: gTTS from its package metadata; espeak-ng as
    recorded by an earlier build that loaded this very espeakng-loader release."""
    if name == "gtts":
        return {"engine": "gtts", "version": metadata.version("gTTS"), "voice": "vi@com"}
    if cache is None:
        return None
    data = cache.get("engines", _espeak_release(), ".json")
    try:
        return json.loads(data) if data is not None else None
    except ValueError:
        return None


def remember_id(engine: Engine, cache: Cache) -> None:
    if engine.name == "espeak":
        cache.put("engines", _espeak_release(), ".json", json.dumps(engine_id(engine)).encode())


def _espeak_release() -> str:
    return Cache.key("espeakng-loader", metadata.version("espeakng-loader"))


class LazyEngine:
    """An engine that loads (espeak-ng's library, gTTS) only when asked to speak.

    Its id comes from `known_id` when possible, so a build whose clips are all cached
    computes every cache key without loading the engine or the audio stack.
    """

    def __init__(self, name: str, cache: Cache | None = None):
        if name not in ENGINES:
            from .. import messages

            raise EngineError(messages.UNKNOWN_ENGINE.format(engine=name))
        self.name = name
        self._cache = cache
        self._known = known_id(name, cache)

    @cached_property
    def real(self) -> Engine:
        engine = make_engine(self.name)
        if self._cache is not None:
            remember_id(engine, self._cache)
        return engine

    @property
    def version(self) -> str:
        return self._known["version"] if self._known else self.real.version

    @property
    def voice(self) -> str:
        return self._known["voice"] if self._known else self.real.voice

    def synthesize(self, sentence: str) -> tuple[np.ndarray, int]:
        return self.real.synthesize(sentence)


def make_engine(name: str) -> Engine:
    """'gtts' or 'espeak' (auto is decided by the caller, which can probe the network)."""
    if name == "gtts":
        from .google import GoogleEngine

        return GoogleEngine()
    if name == "espeak":
        from .espeak import EspeakEngine

        return EspeakEngine()
    from .. import messages

    raise EngineError(messages.UNKNOWN_ENGINE.format(engine=name))

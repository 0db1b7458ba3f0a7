"""Speech engines behind one interface: `synthesize(sentence) -> (samples, sample_rate)`."""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    import numpy as np


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

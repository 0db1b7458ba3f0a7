"""Speech engines behind one interface: `synthesize(sentence) -> (samples, sample_rate)`."""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    import numpy as np


class EngineError(Exception):
    """An engine could not speak; the message is plain Vietnamese for the user."""


class Engine(Protocol):
    """What the mixer needs from a voice.

    `key` identifies the voice in cache keys and must be known without loading the engine
    (a build whose clips are all cached never starts one); `name/version/voice` describe it
    in the manifest and ID3 tags, and may load it.
    """

    @property
    def name(self) -> str: ...

    @property
    def key(self) -> dict[str, str]: ...

    @property
    def version(self) -> str: ...

    @property
    def voice(self) -> str: ...

    def synthesize(self, sentence: str) -> tuple[np.ndarray, int]:
        """Mono float32 samples in [-1, 1] and their sample rate."""
        ...


def engine_id(engine: Engine) -> dict[str, str]:
    """What describes a voice in the manifest and ID3 comments."""
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

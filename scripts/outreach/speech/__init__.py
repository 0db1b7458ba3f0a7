"""Loudspeaker audio: scripts, Vietnamese text normalisation, voices, mixing, MP3, playlist.

Modules by concern: `script` (what is read), `numbers`/`rules`/`lexicon`/`normalise`
(written -> spoken), `engines` (gTTS, espeak-ng), `mix` and `encode` (sound),
`render` (caching and assembly), `programme` (M3U), `produce` (the build entry point).
"""

from .produce import build_audio

__all__ = ["build_audio"]

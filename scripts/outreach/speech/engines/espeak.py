"""Offline voice: espeak-ng through ctypes, from the library espeakng-loader ships.

espeak-ng keeps global state, so the library is initialised once per process and
synthesis is serialised with a lock.
"""

from __future__ import annotations

import ctypes
import threading
from functools import lru_cache

import numpy as np

from .. import messages
from . import EngineError

AUDIO_OUTPUT_SYNCHRONOUS = 2
POS_CHARACTER = 1
ESPEAK_CHARS_UTF8 = 1
ESPEAK_RATE = 1
WORDS_PER_MINUTE = 150  # slower than the default 175: older listeners, loudspeakers outdoors

_CALLBACK = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.POINTER(ctypes.c_short), ctypes.c_int,
                             ctypes.c_void_p)
_lock = threading.Lock()


class _Library:
    """The loaded libespeak-ng with its callback collecting 16-bit samples."""

    def __init__(self) -> None:
        import espeakng_loader

        self.lib = ctypes.CDLL(espeakng_loader.get_library_path())
        self.lib.espeak_Initialize.restype = ctypes.c_int
        self.lib.espeak_Initialize.argtypes = [ctypes.c_int, ctypes.c_int, ctypes.c_char_p,
                                               ctypes.c_int]
        self.lib.espeak_Info.restype = ctypes.c_char_p
        self.lib.espeak_Info.argtypes = [ctypes.c_void_p]
        self.lib.espeak_SetVoiceByName.argtypes = [ctypes.c_char_p]
        self.lib.espeak_Synth.argtypes = [ctypes.c_void_p, ctypes.c_size_t, ctypes.c_uint,
                                          ctypes.c_int, ctypes.c_uint, ctypes.c_uint,
                                          ctypes.c_void_p, ctypes.c_void_p]
        self.sample_rate = self.lib.espeak_Initialize(
            AUDIO_OUTPUT_SYNCHRONOUS, 0, espeakng_loader.get_data_path().encode(), 0)
        if self.sample_rate <= 0:
            raise EngineError(messages.ESPEAK_NO_START)
        self.version = self.lib.espeak_Info(None).decode()
        self.chunks: list[np.ndarray] = []
        self._callback = _CALLBACK(self._collect)  # kept referenced: C holds the pointer
        self.lib.espeak_SetSynthCallback(self._callback)
        if self.lib.espeak_SetVoiceByName(b"vi") != 0:
            raise EngineError(messages.ESPEAK_NO_VOICE)
        self.lib.espeak_SetParameter(ESPEAK_RATE, WORDS_PER_MINUTE, 0)

    def _collect(self, wav, count, events) -> int:
        if wav and count > 0:
            self.chunks.append(np.ctypeslib.as_array(wav, shape=(count,)).copy())
        return 0  # 0 = continue

    def speak(self, text: str) -> np.ndarray:
        data = text.encode("utf-8")
        buffer = ctypes.create_string_buffer(data)
        self.chunks = []
        status = self.lib.espeak_Synth(buffer, len(data) + 1, 0, POS_CHARACTER, 0,
                                       ESPEAK_CHARS_UTF8, None, None)
        self.lib.espeak_Synchronize()
        if status != 0:
            raise EngineError(messages.ESPEAK_STATUS.format(status=status))
        if not self.chunks:
            return np.zeros(0, dtype=np.int16)
        return np.concatenate(self.chunks)


@lru_cache(maxsize=1)
def _library() -> _Library:
    return _Library()


class EspeakEngine:
    """espeak-ng, voice "vi", 22 050 Hz 16-bit mono, fully offline."""

    name = "espeak"
    voice = "vi"

    def __init__(self) -> None:
        try:
            self._lib = _library()
        except (OSError, EngineError) as exc:
            raise EngineError(messages.ESPEAK_BROKEN.format(reason=exc)) from None
        self.version = self._lib.version

    def synthesize(self, sentence: str) -> tuple[np.ndarray, int]:
        """Speak one sentence; samples as float32 in [-1, 1]."""
        with _lock:
            pcm = self._lib.speak(sentence)
        return pcm.astype(np.float32) / 32768.0, self._lib.sample_rate

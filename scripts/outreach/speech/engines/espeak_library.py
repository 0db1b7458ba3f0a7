"""libespeak-ng through ctypes: loading, tuning and speaking (numpy for the samples).

espeak-ng keeps global state, so the library is initialised once per process and
synthesis is serialised with a lock.
"""

from __future__ import annotations

import ctypes
import threading
from functools import lru_cache
from typing import TYPE_CHECKING

import numpy as np

from .. import messages
from . import EngineError

if TYPE_CHECKING:
    from .espeak import Tuning

AUDIO_OUTPUT_SYNCHRONOUS = 2
POS_CHARACTER = 1
ESPEAK_CHARS_UTF8 = 1
ESPEAK_RATE = 1
ESPEAK_PITCH = 3
ESPEAK_RANGE = 4
ESPEAK_WORDGAP = 7

_CALLBACK = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.POINTER(ctypes.c_short), ctypes.c_int,
                             ctypes.c_void_p)
_lock = threading.Lock()


class Library:
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
            raise EngineError(messages.ESPEAK_NO_VIETNAMESE)
        self.tuned: Tuning | None = None

    def tune(self, tuning: Tuning) -> None:
        """Apply voice and parameters (espeak-ng keeps them globally; caller holds the lock)."""
        if tuning == self.tuned:
            return
        if self.lib.espeak_SetVoiceByName(tuning.voice_name.encode()) != 0:
            raise EngineError(messages.ESPEAK_NO_VOICE.format(voice=tuning.voice_name))
        for parameter, value in ((ESPEAK_RATE, tuning.rate), (ESPEAK_PITCH, tuning.pitch),
                                 (ESPEAK_RANGE, tuning.pitch_range),
                                 (ESPEAK_WORDGAP, tuning.word_gap)):
            self.lib.espeak_SetParameter(parameter, value, 0)
        self.tuned = tuning

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
def library() -> Library:
    """The process's one initialised library (espeak-ng keeps global state)."""
    return Library()


def _trim(pcm: np.ndarray, threshold: int = 200) -> np.ndarray:
    """Drop espeak's leading/trailing silence so our own pauses are exact."""
    loud = np.flatnonzero(np.abs(pcm.astype(np.int32)) > threshold)
    return pcm[loud[0]: loud[-1] + 1] if loud.size else pcm[:0]


def speak_phrases(lib: Library, tuning: Tuning, pieces: list[str]) -> tuple[np.ndarray, int]:
    """Speak phrases in a row with the tuning's clause pause between them; float32 in [-1, 1]."""
    rate = lib.sample_rate
    gap = np.zeros(int(rate * tuning.clause_pause_ms / 1000), dtype=np.int16)
    spoken = []
    with _lock:
        lib.tune(tuning)
        for index, piece in enumerate(pieces):
            pcm = lib.speak(piece)
            if len(pieces) > 1:
                pcm = _trim(pcm)
                if index:
                    spoken.append(gap)
            spoken.append(pcm)
    pcm = np.concatenate(spoken) if spoken else np.zeros(0, np.int16)
    return pcm.astype(np.float32) / 32768.0, rate

"""libespeak-ng through ctypes: loading, tuning and speaking (numpy for the samples).

Why a fresh library for every sentence: espeak-ng's output depends on more than its input.
Its breath noise draws from two random generators (its own, seeded from the clock at start,
and the C library's `rand`), and its wave generator keeps state from one utterance to the
next in static variables no API resets (the pitch-flutter position, the gain control, the
phase). The same sentence then sounds a few samples different depending on the time and on
what the process spoke before, so two clean builds made different MP3s. Loading the library
afresh (a few milliseconds: the voice is loaded by its file, which skips espeak-ng's scan of
every voice) and seeding both generators makes each sentence's samples a function of its
text and tuning alone. espeak-ng keeps global state, so synthesis is serialised with a lock.
"""

from __future__ import annotations

import ctypes
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from typing import TYPE_CHECKING

import numpy as np

from ...portable import c_srand, unload_library
from .. import messages
from . import EngineError

if TYPE_CHECKING:
    from .espeak import Tuning

AUDIO_OUTPUT_SYNCHRONOUS = 2
POS_CHARACTER = 1
ESPEAK_CHARS_UTF8 = 1
ESPEAK_RATE = 1
IPA_PHONEMES = 0x02  # espeak_TextToPhonemes: phoneme mode bit for IPA
ESPEAK_PITCH = 3
ESPEAK_RANGE = 4
ESPEAK_WORDGAP = 7
SEED = 1  # any fixed number: the noise is then the same at every run
VOICE_FILES = {"vi": b"aav/vi"}  # under espeak-ng-data/lang/: loaded without a voice scan

_CALLBACK = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.POINTER(ctypes.c_short), ctypes.c_int,
                             ctypes.c_void_p)
_lock = threading.Lock()


class Library:
    """One loaded, initialised libespeak-ng with its callback collecting 16-bit samples.

    Use `fresh_library()`: a Library must be closed (unloaded) before the next is opened, or
    the system hands back the same loaded copy with its state.
    """

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
            self.unload()
            raise EngineError(messages.ESPEAK_NO_START)
        self.version = self.lib.espeak_Info(None).decode()
        self.chunks: list[np.ndarray] = []
        self._callback = _CALLBACK(self._collect)  # kept referenced: C holds the pointer
        self.lib.espeak_SetSynthCallback(self._callback)

    def tune(self, tuning: Tuning) -> None:
        """Apply voice and parameters, and seed the noise generators."""
        if self._set_voice(tuning) != 0:
            raise EngineError(messages.ESPEAK_NO_VOICE.format(voice=tuning.voice_name))
        for parameter, value in ((ESPEAK_RATE, tuning.rate), (ESPEAK_PITCH, tuning.pitch),
                                 (ESPEAK_RANGE, tuning.pitch_range),
                                 (ESPEAK_WORDGAP, tuning.word_gap)):
            self.lib.espeak_SetParameter(parameter, value, 0)
        seed = getattr(self.lib, "espeak_ng_SetRandSeed", None)  # espeak-ng >= 1.52
        if seed is not None:
            seed.argtypes = [ctypes.c_long]
            seed(SEED)
        c_rand_seed = c_srand()
        if c_rand_seed is not None:
            c_rand_seed(SEED)

    def _set_voice(self, tuning: Tuning) -> int:
        """By file when we know it (fast); by name otherwise (espeak-ng scans every voice)."""
        language, _, variant = tuning.voice_name.partition("+")
        file = VOICE_FILES.get(language)
        if file is not None:
            by_file = file + (b"+" + variant.encode() if variant else b"")
            if self.lib.espeak_SetVoiceByName(by_file) == 0:
                return 0
        return self.lib.espeak_SetVoiceByName(tuning.voice_name.encode())

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

    def close(self) -> None:
        """Terminate and unload: the next load starts from espeak-ng's initial state."""
        self.lib.espeak_Terminate()
        self.unload()

    def unload(self) -> None:
        unload_library(self.lib._handle)


@contextmanager
def fresh_library() -> Iterator[Library]:
    """A library loaded for this use only, unloaded after it (hold `_lock`)."""
    lib = Library()
    try:
        yield lib
    finally:
        lib.close()


def phonemes(tuning: Tuning, text: str) -> str:
    """espeak-ng's phonemes for `text` (IPA): what a respelling would have to change."""
    with _lock, fresh_library() as lib:
        lib.tune(tuning)
        convert = lib.lib.espeak_TextToPhonemes
        convert.restype = ctypes.c_char_p
        convert.argtypes = [ctypes.POINTER(ctypes.c_char_p), ctypes.c_int, ctypes.c_int]
        pointer = ctypes.c_char_p(text.encode("utf-8"))
        return (convert(ctypes.byref(pointer), ESPEAK_CHARS_UTF8, IPA_PHONEMES) or b"").decode()


@lru_cache(maxsize=1)
def version() -> str:
    """espeak-ng's version string (loads the library once)."""
    with _lock, fresh_library() as lib:
        return lib.version


def _trim(pcm: np.ndarray, threshold: int = 200) -> np.ndarray:
    """Drop espeak's leading/trailing silence so our own pauses are exact."""
    loud = np.flatnonzero(np.abs(pcm.astype(np.int32)) > threshold)
    return pcm[loud[0]: loud[-1] + 1] if loud.size else pcm[:0]


def speak_phrases(tuning: Tuning, pieces: list[str],
                  slow_last: bool = False) -> tuple[np.ndarray, int]:
    """Speak phrases in a row with the tuning's clause pause between them; float32 in [-1, 1].

    slow_last: the last piece ends the previous phrase (no pause) at the tuning's final_rate.

    The library is loaded for this sentence alone: the samples depend on nothing else."""
    spoken = []
    with _lock, fresh_library() as lib:
        rate = lib.sample_rate
        lib.tune(tuning)
        gap = np.zeros(int(rate * tuning.clause_pause_ms / 1000), dtype=np.int16)
        for index, piece in enumerate(pieces):
            last = index == len(pieces) - 1
            if slow_last and last:
                lib.lib.espeak_SetParameter(ESPEAK_RATE, tuning.final_rate, 0)
            pcm = lib.speak(piece)
            if len(pieces) > 1:
                pcm = _trim(pcm)
                if index and not (slow_last and last):
                    spoken.append(gap)
            spoken.append(pcm)
    pcm = np.concatenate(spoken) if spoken else np.zeros(0, np.int16)
    return pcm.astype(np.float32) / 32768.0, rate

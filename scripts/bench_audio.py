"""Benchmark the audio path: `python scripts/bench_audio.py`.

Offline path: real-time factor (wall time / audio duration) of the whole audio build of the
starter project (every clip, cold cache, clips rendered across cores), then the stages of
its broadcast clip one after another. gTTS path: time per sentence
against the fake endpoint (no network; measures our overhead, not Google's latency).
"""

from __future__ import annotations

import datetime as dt
import os
import resource
import tempfile
import time
from pathlib import Path

import responses

from outreach.artifacts import Cache
from outreach.catalogue.project import load_project
from outreach.scaffold import scaffold
from outreach.speech import build_audio, fake_gtts, mix
from outreach.speech.encode import codec_gain, encode_mp3, measure_segment
from outreach.speech.engines.espeak import EspeakEngine
from outreach.speech.engines.google import GoogleEngine
from outreach.speech.lexicon import load_lexicon
from outreach.speech.produce import mix_settings, scripts_for
from outreach.speech.render import Voice, render_segment
from outreach.speech.segments import segments
from outreach.speech.spoken import speak_script


def timed(fn, *args):
    """Result and CPU seconds: on a shared machine CPU time is what our code costs."""
    start = time.process_time()
    result = fn(*args)
    return result, time.process_time() - start


def cpu_with_children() -> float:
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(
        resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "xa"
        scaffold(root, "Trung Sơn", "Quảng Trị", today=dt.date(2026, 11, 25))
        project = load_project(root / "mkdocs.yml", today=dt.date(2026, 11, 25))
        codec_gain()  # calibrated once per process; not part of any clip's cost
        start, cpu = time.perf_counter(), cpu_with_children()
        artifacts = build_audio(project, Path(tmp) / "out", Cache(Path(tmp) / "cold"),
                                engine="espeak")
        wall, cpu = time.perf_counter() - start, cpu_with_children() - cpu
        audio = sum(a.extra["duration_s"] for a in artifacts if a.kind == "clip")
        cores = len(os.sched_getaffinity(0))
        print(f"whole pipeline (espeak, cold cache, {len(artifacts)} files, {cores} cores): "
              f"{audio:.1f} s of audio; wall {wall:.2f} s = RTF {wall / audio:.4f} "
              f"(target 0.01; wall depends on what else runs); CPU {cpu:.2f} s = "
              f"RTF {cpu / audio:.4f} per core, {cpu / audio / cores:.4f} on {cores} idle cores")
        script = next(s for s, _, _, programme, _ in scripts_for(project, None) if programme)
        settings = mix_settings(project)
        lexicon = load_lexicon(root / "audio" / "lexicon.yaml")
        (spoken, _), t_norm = timed(speak_script, script, lexicon)
        voice = Voice(EspeakEngine(), Cache(Path(tmp) / "cache"))
        stages = dict.fromkeys(["synthesise+assemble", "master (loudness+limiter)",
                                "encode MP3", "decode+measure"], 0.0)
        duration = 0.0
        cut = list(dict.fromkeys(segments(spoken, settings)))  # a repeat is made once
        for segment in cut:  # the stages a build runs for each distinct segment of a clip
            raw, t = timed(render_segment, segment, voice, settings)
            stages["synthesise+assemble"] += t
            mastered, t = timed(mix.master, raw, settings)
            stages["master (loudness+limiter)"] += t
            mp3, t = timed(encode_mp3, mastered)
            stages["encode MP3"] += t
            audio, t = timed(measure_segment, mp3)
            stages["decode+measure"] += t
            duration += audio.samples / audio.rate
        total = t_norm + sum(stages.values())
        print(f"offline (espeak), one clip, stages in CPU seconds: {duration:.1f} s of "
              f"distinct audio, {len(spoken.sentences())} sentences, {len(cut)} distinct "
              "segments")
        for name, seconds in [("normalise", t_norm), *stages.items()]:
            print(f"  {name:28s} {seconds:6.3f} s  RTF {seconds / duration:.4f}")
        print(f"  {'total':28s} {total:6.3f} s  RTF {total / duration:.4f} "
              f"(target 0.01)")

        sentences = spoken.sentences()[:20]
        with responses.RequestsMock(assert_all_requests_are_fired=False) as rsps:
            for _ in sentences:
                fake_gtts.add_ok(rsps, fake_gtts.speech_like_mp3(2.0))
            engine = GoogleEngine(min_interval_s=0)
            start = time.perf_counter()
            for sentence in sentences:
                engine.synthesize(sentence)
            per = (time.perf_counter() - start) / len(sentences)
        print(f"gTTS path (fake endpoint, no throttle): {per * 1000:.1f} ms per sentence "
              f"over {len(sentences)} sentences; real runs add Google's latency and the "
              f"0.3 s throttle")


if __name__ == "__main__":
    main()

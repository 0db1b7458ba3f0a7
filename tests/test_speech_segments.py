"""Clips joined from separately encoded segments: checked against the whole file decoded.

The manifest's loudness, peak and duration come from the segments' own decodes; here each
is compared with pyloudnorm and the true-peak meter on a decode of the published file, and
the pauses at the cuts are measured in the decoded audio.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import numpy as np
import pyloudnorm
import pytest
from pytest_socket import disable_socket, enable_socket

from outreach.artifacts import Cache
from outreach.catalogue.project import load_project
from outreach.scaffold import scaffold
from outreach.speech import build_audio
from outreach.speech.encode import codec_delay, decode, encode_mp3
from outreach.speech.lexicon import load_lexicon
from outreach.speech.meter import true_peak_db
from outreach.speech.mix import RATE
from outreach.speech.produce import mix_settings, scripts_for
from outreach.speech.script import CHIME, Chime
from outreach.speech.segments import Sentence, Silence, segments
from outreach.speech.spoken import Recorded, speak_script

TODAY = dt.date(2026, 11, 25)
PHONE = "0233 3800 100"


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> tuple[Path, list]:
    root = tmp_path_factory.mktemp("segments") / "xa"
    scaffold(root, "Trung Sơn", "Quảng Trị", today=TODAY, phone=PHONE)
    project = load_project(root / "mkdocs.yml", today=TODAY)
    disable_socket()
    try:
        return root, build_audio(project, root / "out", Cache(root / ".cache"), engine="espeak")
    finally:
        enable_socket()


def spoken_scripts(root: Path) -> list:
    project = load_project(root / "mkdocs.yml", today=TODAY)
    lexicon = load_lexicon(root / "audio" / "lexicon.yaml")
    return [speak_script(script, lexicon)[0] for script, *_ in scripts_for(project, None)], \
        mix_settings(project)


def test_segments_hold_every_sentence_in_order_and_cut_only_in_pauses(built):
    scripts, settings = spoken_scripts(built[0])
    for spoken in scripts:
        cut = segments(spoken, settings)
        assert [s for seg in cut for s in seg.sentences()] == spoken.sentences()
        paragraphs = sum(len(p.paragraphs) for p in spoken.parts if hasattr(p, "paragraphs")
                         and not isinstance(p, Recorded))
        chimes = sum(isinstance(p, Chime) for p in spoken.parts)
        # one paragraph or one chime each (the scaffold has no recording)
        assert len(cut) == paragraphs + chimes
        assert sum(isinstance(p, Chime) for seg in cut for p in seg.pieces) == chimes
        for seg in cut:
            assert isinstance(seg.pieces[-1], Silence)
            assert seg.trailing_silence_s() * RATE > codec_delay()
            assert len(seg.sentences()) > 0 or seg.pieces.count(CHIME) == 1
        assert isinstance(cut[0].pieces[0], Silence) and not isinstance(cut[0].pieces[0],
                                                                        Sentence)


def clips(built) -> list:
    return [a for a in built[1] if a.kind == "clip"]


def test_manifest_figures_match_the_whole_published_file(built):
    root, _ = built
    for clip in clips(built):
        samples, rate, _ = decode((root / "out" / clip.path).read_bytes())
        whole = pyloudnorm.Meter(rate).integrated_loudness(samples.astype(np.float64))
        assert clip.extra["loudness_lufs"] == pytest.approx(whole, abs=0.15), clip.path
        assert clip.extra["true_peak_dbtp"] == pytest.approx(true_peak_db(samples), abs=0.05)
        assert clip.extra["duration_s"] == pytest.approx(samples.size / rate, abs=0.01)
        assert whole == pytest.approx(-16, abs=0.3)


def test_joined_mp3_decodes_to_the_joined_decodes():
    rng = np.random.default_rng(7)
    parts = []
    for seconds in (1.3, 0.7, 2.1):
        voice = (0.2 * rng.standard_normal(int(seconds * RATE))).astype(np.float32)
        parts.append(np.concatenate([voice, np.zeros(RATE // 2, np.float32)]))
    mp3s = [encode_mp3(p) for p in parts]
    joined, _, _ = decode(b"".join(mp3s))
    separate = np.concatenate([decode(m)[0] for m in mp3s])
    assert joined.size == separate.size
    assert float(np.max(np.abs(joined - separate))) < 1e-3


def silent_runs(samples: np.ndarray, rate: int, floor_db: float = -50) -> list[float]:
    """Lengths (s) of the stretches quieter than `floor_db` in 10 ms frames, inner ones only."""
    frame = rate // 100
    frames = samples[: samples.size // frame * frame].reshape(-1, frame)
    quiet = 20 * np.log10(np.sqrt(np.mean(frames.astype(np.float64) ** 2, axis=1)) + 1e-12) \
        < floor_db
    runs, length = [], 0
    for q in quiet:
        if q:
            length += 1
        elif length:
            runs.append(length / 100)
            length = 0
    return runs[1:]  # the first is the lead-in silence


def test_pauses_at_cuts_sound_as_long_as_set(built):
    """The decoder's lead-in silence is taken off the pause before each cut."""
    root, _ = built
    settings = spoken_scripts(root)[1]
    clip = next(c for c in clips(built) if "thu-tuc-1" in c.path)
    samples, rate, _ = decode((root / "out" / clip.path).read_bytes())
    paragraph_pauses = [r for r in silent_runs(samples, rate) if r > 0.75]
    assert paragraph_pauses, "no paragraph pause found"
    # Frame rounding lengthens a pause by up to 26 ms; without the correction each cut
    # would add the decoder's 25 ms of lead-in on top (0.94 s measured).
    assert np.median(paragraph_pauses) == pytest.approx(settings.paragraph_pause_s, abs=0.035)


def test_a_changed_contact_renders_only_its_segment(built, tmp_path):
    """A second office with another phone number: every clip's contact paragraph is new, the
    rest of each clip comes from the cache."""
    import shutil

    root = tmp_path / "xa"
    shutil.copytree(built[0], root)
    config = root / "procedures.yaml"
    text = config.read_text(encoding="utf-8")
    assert PHONE in text
    config.write_text(text.replace(PHONE, "0233 3999 888"), encoding="utf-8")
    project = load_project(root / "mkdocs.yml", today=TODAY)
    cache = Cache(root / ".cache")
    disable_socket()
    try:
        artifacts = build_audio(project, root / "out", cache, engine="espeak")
    finally:
        enable_socket()
    stats = cache.stats()
    said = [(root / "out" / a.path).read_text(encoding="utf-8") for a in artifacts
            if a.kind == "transcript" and "thu-tuc" in a.path]
    assert said and all("ba chín chín chín, tám tám tám" in text for text in said)
    # One contact paragraph, in three settings: closing each procedure clip, and twice in
    # the broadcast (before the pause of the repeat, and before the closing words). Each
    # distinct segment is made once, however many clips say it.
    assert 1 <= stats["misses:speech-segments"] <= 3
    assert stats["hits:speech-segments"] >= 7 * stats["misses:speech-segments"]


def test_every_cut_lies_in_silence_in_the_published_file(built):
    """No click where two segments meet: the decoded file is quiet around every cut."""
    from outreach.speech.engines import make_engine
    from outreach.speech.segments import cached_clip, clip_audio
    from outreach.speech.spoken import clip_key

    root, _ = built
    cache = Cache(root / ".cache")
    scripts, settings = spoken_scripts(root)
    engine_key = make_engine("espeak").key
    for spoken in scripts:
        clip = cached_clip(cache, clip_key(spoken, engine_key, settings), count=False)
        assert clip is not None and len(clip.segments) == len(segments(spoken, settings))
        samples, rate, _ = decode(clip_audio(cache, clip))
        lengths = [json.loads(cache.get("speech-segments", key, ".json", count=False))["samples"]
                   for key in clip.segments]
        cuts = np.cumsum(lengths)[:-1]
        assert cuts.size and int(np.sum(lengths)) == samples.size
        around = max(float(np.max(np.abs(samples[c - rate // 100: c + rate // 100])))
                     for c in cuts)
        assert 20 * np.log10(around + 1e-12) < -50, spoken.source


def test_the_chime_sits_three_lu_under_the_voice(built):
    """The chime is mastered on its own, a fixed distance under the voice's target, so the
    words after it are as loud as all the others (a shared segment would lift them)."""
    from outreach.speech.engines import make_engine
    from outreach.speech.segments import CHIME_BELOW_VOICE_LU, cached_clip, clip_audio, segments
    from outreach.speech.spoken import clip_key

    root, _ = built
    scripts, settings = spoken_scripts(root)
    spoken = next(s for s in scripts if any(isinstance(p, Chime) for p in s.parts))
    cut = segments(spoken, settings)
    cache = Cache(root / ".cache")
    clip = cached_clip(cache, clip_key(spoken, make_engine("espeak").key, settings),
                       count=False)
    assert clip is not None
    samples, rate, _ = decode(clip_audio(cache, clip))
    meter = pyloudnorm.Meter(rate)
    start, chimes, voices = 0, [], []
    for segment, key in zip(cut, clip.segments, strict=True):
        length = json.loads(cache.get("speech-segments", key, ".json", count=False))["samples"]
        part = samples[start: start + length].astype(np.float64)
        (voices if segment.sentences() else chimes).append(meter.integrated_loudness(part))
        start += length
    assert len(chimes) == 2
    for chime in chimes:
        assert chime == pytest.approx(-16 - CHIME_BELOW_VOICE_LU, abs=0.3)
    assert min(voices) > -16.4 and max(voices) < -15.6  # every paragraph at the target


def test_a_clip_whose_segment_is_gone_is_not_cached(built, tmp_path):
    """A clip record is only as good as its segments: one missing, and the clip is made
    again (has_clip answers without reading the segments)."""
    import shutil

    from outreach.speech.engines import make_engine
    from outreach.speech.segments import NAMESPACE, cached_clip, has_clip
    from outreach.speech.spoken import clip_key

    root, _ = built
    shutil.copytree(root / ".cache", tmp_path / "cache")
    cache = Cache(tmp_path / "cache")
    scripts, settings = spoken_scripts(root)
    key = clip_key(scripts[0], make_engine("espeak").key, settings)
    clip = cached_clip(cache, key, count=False)
    assert clip is not None and has_clip(cache, key)
    cache.path(NAMESPACE, clip.segments[-1], ".mp3").unlink()
    assert not has_clip(cache, key) and cached_clip(cache, key, count=False) is None

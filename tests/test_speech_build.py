"""build_audio end to end on a real starter project, offline voice, real MP3s measured."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import numpy as np
import pyloudnorm
import pytest
import requests
import responses
from mutagen.id3 import ID3
from pytest_socket import disable_socket, enable_socket

from outreach.artifacts import Cache
from outreach.catalogue.project import load_project
from outreach.errors import InvalidInput
from outreach.scaffold import scaffold
from outreach.speech import build_audio, fake_gtts
from outreach.speech.encode import decode
from outreach.speech.engines import google as google_module
from outreach.speech.engines.espeak import EspeakEngine
from outreach.speech.golden import GOLDEN_DIR, golden_transcripts

TODAY = dt.date(2026, 11, 25)
CLIPS = ["phat-thanh/phat-thanh-mau.mp3", "phat-thanh/thu-tuc-1-001193.mp3",
         "phat-thanh/thu-tuc-2-000815.mp3"]


@pytest.fixture(autouse=True)
def no_network():
    disable_socket()
    yield
    enable_socket()


def build(root: Path, engine: str = "espeak", warnings: list | None = None, **kwargs):
    project = load_project(root / "mkdocs.yml", today=TODAY)
    warn = (warnings.append if warnings is not None else lambda p: None)
    return build_audio(project, root / "out", Cache(root / ".cache"), engine=engine,
                       warn=warn, **kwargs)


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> tuple[Path, list]:
    root = tmp_path_factory.mktemp("audio") / "xa"
    scaffold(root, "Trung Sơn", "Quảng Trị", today=TODAY)
    disable_socket()
    try:
        return root, build(root)
    finally:
        enable_socket()


@pytest.fixture
def copy(built, tmp_path) -> Path:
    """A private copy of the built project (sentence cache included) to edit."""
    target = tmp_path / "xa"
    shutil.copytree(built[0], target)
    return target


def edit(root: Path, name: str, old: str, new: str) -> None:
    path = root / name
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.mark.parametrize("clip", CLIPS)
def test_clips_are_44k_mono_mp3_at_target_loudness_and_peak(built, clip):
    root, _ = built
    data = (root / "out" / clip).read_bytes()
    assert data[:3] == b"ID3"
    samples, rate, channels = decode(data)
    assert (rate, channels) == (44_100, 1)
    loudness = pyloudnorm.Meter(rate).integrated_loudness(samples.astype(np.float64))
    assert abs(loudness - (-16)) <= 1.0
    assert np.max(np.abs(samples)) < 0.95  # no clipping
    from outreach.speech.mix import true_peak_db

    assert true_peak_db(samples) <= -0.9


@pytest.mark.parametrize("clip", CLIPS)
def test_clips_are_not_silent_and_last_as_long_as_the_text(built, clip):
    root, _ = built
    samples, rate, _ = decode((root / "out" / clip).read_bytes())
    frames = samples[: samples.size // 2205 * 2205].reshape(-1, 2205)  # 50 ms
    rms_db = 20 * np.log10(np.sqrt(np.mean(frames**2, axis=1)) + 1e-12)
    assert np.percentile(rms_db, 75) > -30  # speech, not hiss
    assert np.mean(rms_db > -40) > 0.4  # most of the clip is voice, not pauses
    text = (root / "out" / clip.replace(".mp3", ".txt")).read_text(encoding="utf-8")
    chars_per_second = len(text) / (samples.size / rate)
    assert 6 < chars_per_second < 25


def test_id3_tags_name_title_station_date_and_voice(built):
    root, _ = built
    tags = ID3(root / "out" / "phat-thanh/phat-thanh-mau.mp3")
    assert str(tags["TIT2"]) == "Đăng ký khai sinh trên mạng"
    assert str(tags["TPE1"]) == "Đài Truyền thanh xã Trung Sơn"
    assert str(tags["TDRC"]) == TODAY.isoformat()
    comment = str(tags.getall("COMM")[0])
    assert "espeak" in comment and "vi" in comment


def test_transcripts_match_the_golden_files(built):
    root, _ = built
    golden = golden_transcripts()
    for name, text in golden.items():
        assert (GOLDEN_DIR / name).read_text(encoding="utf-8") == text, (
            f"{name}: run `python -m outreach.speech.golden` after an intended change")
        assert (root / "out" / "phat-thanh" / name).read_text(encoding="utf-8") == text


def test_transcript_is_exactly_the_broadcast_structure(built):
    root, _ = built
    text = (root / "out/phat-thanh/phat-thanh-mau.txt").read_text(encoding="utf-8")
    assert text.startswith("Đây là Đài Truyền thanh xã Trung Sơn.\nKính thưa toàn thể bà con,")
    assert text.rstrip().endswith("Xin trân trọng cảm ơn bà con đã lắng nghe.")
    assert text.count("Hướng dẫn thủ tục Đăng ký khai sinh.") == 2  # repeat: 2
    assert "Bước một:" in text and "dịch vụ công chấm gốp chấm vê en" in text
    assert not any(ch.isdigit() for ch in text)


def test_artifacts_describe_every_clip(built):
    _, artifacts = built
    clips = {a.path: a for a in artifacts if a.kind == "clip"}
    assert sorted(clips) == sorted(CLIPS)
    clip = clips["phat-thanh/phat-thanh-mau.mp3"]
    assert clip.source == "phat-thanh-mau"
    assert clip.extra["engine"] == "espeak" and clip.extra["voice"].startswith("vi+f2")
    assert clip.extra["transcript"] == "phat-thanh/phat-thanh-mau.txt"
    assert clip.extra["true_peak_dbtp"] <= -1.0
    assert abs(clip.extra["loudness_lufs"] + 16) <= 1.0
    assert {a.path for a in artifacts if a.kind == "transcript"} == {
        c.replace(".mp3", ".txt") for c in CLIPS}


def test_programme_lists_broadcasts_only_with_durations(built):
    root, artifacts = built
    lines = (root / "out/phat-thanh/chuong-trinh.m3u").read_text(encoding="utf-8").splitlines()
    assert lines[0] == "#EXTM3U"
    assert any(line.startswith("# Tổng thời lượng:") for line in lines)
    extinf = [line for line in lines if line.startswith("#EXTINF:")]
    (clip,) = [a for a in artifacts if a.source == "phat-thanh-mau" and a.kind == "clip"]
    assert extinf == [f"#EXTINF:{round(clip.extra['duration_s'])},Đăng ký khai sinh trên mạng"]
    assert lines[-1] == "phat-thanh-mau.mp3"
    (programme,) = [a for a in artifacts if a.kind == "programme"]
    assert programme.path == "phat-thanh/chuong-trinh.m3u"


def test_rebuild_without_changes_synthesises_nothing(copy, monkeypatch):
    def refuse(self, sentence):
        raise AssertionError(f"synthesised again: {sentence}")

    monkeypatch.setattr(EspeakEngine, "synthesize", refuse)
    assert len(build(copy)) == 7


def test_a_clip_in_place_is_kept_and_a_changed_or_damaged_one_is_written_again(copy):
    """An unchanged clip already in out/ is known by its size and time stamp (else its hash)
    and left as it is; one
    changed by hand is written again, and so is one whose cached segments were damaged
    (then made again from its sentences): always the bytes of a first build."""
    first = {a.path: a.sha256 for a in build(copy)}
    clip = copy / "out" / CLIPS[1]
    data, inode = clip.read_bytes(), clip.stat().st_ino
    assert {a.path: a.sha256 for a in build(copy)} == first
    assert clip.stat().st_ino == inode  # not rewritten
    clip.write_bytes(data[:-10])
    assert {a.path: a.sha256 for a in build(copy)} == first
    assert clip.read_bytes() == data
    clip.write_bytes(data[:-10] + b"\0" * 10)  # same size, other bytes, a new time stamp
    assert {a.path: a.sha256 for a in build(copy)} == first
    assert clip.read_bytes() == data
    for segment in (copy / ".cache" / "speech-segments").rglob("*.mp3"):
        segment.write_bytes(segment.read_bytes()[:-1])  # a killed copy: its seal is gone
    clip.unlink()
    assert {a.path: a.sha256 for a in build(copy)} == first
    assert clip.read_bytes() == data


def test_changing_one_sentence_synthesises_only_that_sentence(copy, monkeypatch):
    spoken: list[str] = []
    real = EspeakEngine.synthesize

    def counting(self, sentence):
        spoken.append(sentence)
        return real(self, sentence)

    monkeypatch.setattr(EspeakEngine, "synthesize", counting)
    edit(copy, "announcements/phat-thanh-mau.md", "Từ nay,", "Từ tháng sau,")
    build(copy)
    assert spoken == ["Từ tháng sau, bà con có thể đăng ký khai sinh cho con trên Cổng Dịch vụ "
                      "công quốc gia."]


def test_gtts_without_network_is_a_clear_error_and_leaves_clips_untouched(copy, monkeypatch):
    monkeypatch.setattr(google_module.time, "sleep", lambda s: None)
    before = (copy / "out" / CLIPS[0]).read_bytes()
    with responses.RequestsMock(assert_all_requests_are_fired=False) as rsps:
        for _ in range(10):
            fake_gtts.add_exception(rsps, requests.exceptions.ConnectionError("no network"))
        with pytest.raises(InvalidInput) as err:
            build(copy, engine="gtts")
    message = str(err.value)
    assert "announcements/phat-thanh-mau.md" in message
    assert "không kết nối được máy đọc Google" in message and "--engine espeak" in message
    assert (copy / "out" / CLIPS[0]).read_bytes() == before


def test_auto_falls_back_to_espeak_with_a_warning(copy):
    warnings: list = []
    with responses.RequestsMock(assert_all_requests_are_fired=False) as rsps:
        fake_gtts.add_exception(rsps, requests.exceptions.ConnectTimeout("no network"))
        artifacts = build(copy, engine="auto", warnings=warnings)
    assert any("espeak-ng" in w.message and w.severity == "warning" for w in warnings)
    assert {a.extra["engine"] for a in artifacts if a.kind == "clip"} == {"espeak"}


def test_gtts_clips_record_their_voice(copy, monkeypatch):
    with responses.RequestsMock(assert_all_requests_are_fired=False) as rsps:
        for _ in range(60):
            fake_gtts.add_ok(rsps)
        monkeypatch.setattr(google_module.GoogleEngine, "_throttle", lambda self: None)
        artifacts = build(copy, engine="gtts", only=frozenset({"2.000815"}))
    (clip,) = [a for a in artifacts if a.kind == "clip"]
    assert clip.extra["engine"] == "gtts" and clip.extra["voice"] == "vi@com"
    comment = str(ID3(copy / "out" / clip.path).getall("COMM")[0])
    assert "gtts" in comment


def test_announcement_with_nothing_to_say_is_an_error_naming_it(copy):
    (copy / "announcements/phat-thanh-mau.md").write_text(
        "---\nkind: broadcast\ndate: 2026-11-25\ntitle: 😀\n---\n😀 🎉\n", encoding="utf-8")
    with pytest.raises(InvalidInput) as err:
        build(copy, only=frozenset({"phat-thanh-mau"}))
    assert "announcements/phat-thanh-mau.md" in str(err.value)
    assert "không còn câu nào để đọc" in str(err.value)


def test_foreign_words_emoji_and_unknown_abbreviations_are_warned(copy):
    edit(copy, "announcements/phat-thanh-mau.md", "Từ nay,", "Từ nay 📢 dùng Grab hoặc XQ,")
    warnings: list = []
    build(copy, warnings=warnings, only=frozenset({"phat-thanh-mau"}))
    text = "\n".join(str(w) for w in warnings)
    assert "announcements/phat-thanh-mau.md" in text
    assert "“Grab”" in text and "“XQ”" in text and "📢" in text


def test_bad_lexicon_stops_the_build_naming_file_and_line(copy):
    (copy / "audio/lexicon.yaml").write_text("words:\n  online: trực tuyến\nsai: 1\n",
                                            encoding="utf-8")
    with pytest.raises(InvalidInput) as err:
        build(copy)
    (problem,) = err.value.problems
    assert (problem.file, problem.line) == ("audio/lexicon.yaml", 3)


def test_programme_longer_than_the_slot_is_warned(copy):
    edit(copy, "mkdocs.yml", "slot_minutes: 15", "slot_minutes: 1")
    warnings: list = []
    build(copy, warnings=warnings)
    assert any("quá khung 1 phút" in w.message for w in warnings)


def test_ebu_r128_loudness_option(copy):
    edit(copy, "mkdocs.yml", "slot_minutes: 15", "slot_minutes: 15\n      loudness_lufs: -23")
    artifacts = build(copy, only=frozenset({"2.000815"}))
    samples, rate, _ = decode((copy / "out/phat-thanh/thu-tuc-2-000815.mp3").read_bytes())
    assert abs(pyloudnorm.Meter(rate).integrated_loudness(samples.astype(np.float64)) + 23) <= 1
    assert artifacts[0].extra["loudness_lufs"] == pytest.approx(-23, abs=1)


def test_offline_rebuild_keeps_the_cached_gtts_clip_of_unchanged_text(copy, monkeypatch):
    only = frozenset({"2.000815"})
    with responses.RequestsMock(assert_all_requests_are_fired=False) as rsps:
        for _ in range(60):
            fake_gtts.add_ok(rsps)
        monkeypatch.setattr(google_module.GoogleEngine, "_throttle", lambda self: None)
        (online,) = [a for a in build(copy, engine="gtts", only=only) if a.kind == "clip"]
    for engine in ("espeak", "auto"):  # auto: the probe fails, no network
        with responses.RequestsMock(assert_all_requests_are_fired=False) as rsps:
            fake_gtts.add_exception(rsps, requests.exceptions.ConnectionError("offline"))
            (clip,) = [a for a in build(copy, engine=engine, only=only) if a.kind == "clip"]
        assert clip.extra["engine"] == "gtts" and clip.sha256 == online.sha256
    edit(copy, "procedures.yaml", "name: Chứng thực bản sao từ bản chính",
         "name: Chứng thực bản sao từ bản chính giấy tờ")
    (changed,) = [a for a in build(copy, engine="espeak", only=only) if a.kind == "clip"]
    assert changed.extra["engine"] == "espeak"  # new text: the offline voice, as asked

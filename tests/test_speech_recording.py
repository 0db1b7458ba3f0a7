"""Staff recordings on air: a real WAV/MP3/OGG made into a clip, measured as a listener hears it."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import numpy as np
import pyloudnorm
import pytest
import soundfile as sf
from mutagen.id3 import ID3
from pytest_socket import disable_socket, enable_socket
from scipy.signal import resample_poly

from outreach.artifacts import Cache
from outreach.catalogue.project import load_project
from outreach.errors import InvalidInput
from outreach.scaffold import scaffold
from outreach.speech import build_audio
from outreach.speech.encode import decode, encode_mp3
from outreach.speech.engines.espeak import EspeakEngine

TODAY = dt.date(2026, 11, 25)
NAME = "loa-tiem-chung"
BODY = "Sáng thứ bảy tuần này, trạm y tế xã tiêm chủng cho trẻ dưới năm tuổi."
RATE = 44_100


def staff_voice(seconds_of_speech: int = 1, level: float = 0.3) -> np.ndarray:
    """Someone reading BODY: espeak-ng's voice at 44.1 kHz with room noise, quiet edges."""
    samples, rate = EspeakEngine().synthesize(BODY)
    voice = resample_poly(samples, RATE // 50, rate // 50).astype(np.float32)
    voice = np.tile(voice, seconds_of_speech)
    rng = np.random.default_rng(7)
    edge = np.zeros(RATE // 2, np.float32)
    signal = np.concatenate([edge, voice / np.max(np.abs(voice)) * level, edge])
    return (signal + 0.002 * rng.standard_normal(signal.size)).astype(np.float32)


def write_recording(root: Path, name: str, samples: np.ndarray) -> str:
    folder = root / "audio" / "recordings"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    if name.endswith(".mp3"):
        path.write_bytes(encode_mp3(samples))
    elif name.endswith(".ogg"):
        sf.write(path, samples, RATE, format="OGG", subtype="VORBIS")
    else:
        sf.write(path, samples, RATE, subtype="PCM_16")
    return f"audio/recordings/{name}"


def announce(root: Path, recording: str, repeat: int = 2) -> None:
    (root / "announcements" / f"{NAME}.md").write_text(
        "---\nkind: broadcast\ndate: 2026-11-25\ntitle: Tiêm chủng cho trẻ\n"
        f"broadcast: {{repeat: {repeat}, pause_s: 2}}\nrecording: {recording}\n---\n{BODY}\n",
        encoding="utf-8")


def build(root: Path, **kwargs):
    project = load_project(root / "mkdocs.yml", today=TODAY)
    return build_audio(project, root / "out", Cache(root / ".cache"), engine="espeak",
                       only=frozenset({NAME}), **kwargs)


@pytest.fixture(autouse=True)
def no_network():
    disable_socket()
    yield
    enable_socket()


@pytest.fixture(scope="module")
def project_root(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("rec") / "xa"
    scaffold(root, "Trung Sơn", "Quảng Trị", today=TODAY)
    return root


@pytest.fixture
def root(project_root, tmp_path) -> Path:
    target = tmp_path / "xa"
    shutil.copytree(project_root, target)
    return target


@pytest.mark.parametrize("name", ["doc.wav", "doc.mp3", "doc.ogg"])
def test_recording_becomes_a_mastered_clip_with_frame_and_repeats(root, name):
    recording = staff_voice()
    announce(root, write_recording(root, name, recording))
    artifacts = build(root)
    (clip,) = [a for a in artifacts if a.kind == "clip"]
    assert clip.extra["engine"] == "recording" and clip.extra["voice"].startswith("espeak")
    samples, rate, channels = decode((root / "out" / clip.path).read_bytes())
    assert (rate, channels) == (RATE, 1)
    loudness = pyloudnorm.Meter(rate).integrated_loudness(samples.astype(np.float64))
    assert loudness == pytest.approx(-16, abs=0.5)
    peak = 20 * np.log10(np.max(np.abs(resample_poly(samples.astype(np.float64), 4, 1))))
    assert peak <= -1.0
    # Two airings of the trimmed recording, plus the spoken frame and the 2 s pause.
    spoken = (recording.size - RATE) / RATE
    assert 2 * spoken + 2 + 4 < samples.size / rate < 2 * spoken + 25
    text = (root / "out" / clip.extra["transcript"]).read_text(encoding="utf-8")
    assert text.count(BODY) == 2  # the body as written is the transcript, once per airing
    assert text.startswith("Đây là Đài Truyền thanh xã Trung Sơn.")
    assert "Bản ghi của cán bộ" in str(ID3(root / "out" / clip.path).getall("COMM")[0])


def test_rebuild_reuses_the_clip_and_a_new_recording_replaces_it(root, monkeypatch):
    path = write_recording(root, "doc.wav", staff_voice())
    announce(root, path)
    first = build(root)[0].sha256
    calls: list[str] = []
    monkeypatch.setattr(EspeakEngine, "synthesize",
                        lambda self, s: calls.append(s) or (_ for _ in ()).throw(AssertionError))
    assert build(root)[0].sha256 == first and calls == []
    monkeypatch.undo()
    write_recording(root, "doc.wav", staff_voice(level=0.2)[: RATE * 3])
    assert build(root)[0].sha256 != first


def problem_of(root: Path) -> tuple[str, int | None, str, str]:
    with pytest.raises(InvalidInput) as err:
        build(root)
    (problem,) = err.value.problems
    return problem.file, problem.line, problem.field, problem.message


RECORDING_LINE = 6  # "recording:" in the front matter written by announce()


def test_silent_recording_is_an_error_naming_file_line_and_field(root):
    announce(root, write_recording(root, "im.wav", np.zeros(RATE * 3, np.float32)))
    file, line, field, message = problem_of(root)
    assert (file, line, field) == (f"announcements/{NAME}.md", RECORDING_LINE, "recording")
    assert message.startswith("bản ghi “audio/recordings/im.wav” im lặng")


def test_clipped_recording_is_an_error(root):
    loud = np.clip(staff_voice(level=1.0) * 3, -1, 1)
    announce(root, write_recording(root, "vo.wav", loud))
    file, line, field, message = problem_of(root)
    assert (file, line, field) == (f"announcements/{NAME}.md", RECORDING_LINE, "recording")
    assert "bị vỡ tiếng" in message and "audio/recordings/vo.wav" in message


def test_recording_longer_than_the_slot_is_an_error(root):
    text = (root / "mkdocs.yml").read_text(encoding="utf-8")
    (root / "mkdocs.yml").write_text(text.replace("slot_minutes: 15", "slot_minutes: 0.1"),
                                     encoding="utf-8")
    announce(root, write_recording(root, "dai.wav", staff_voice(seconds_of_speech=3)))
    file, line, field, message = problem_of(root)
    assert (file, line, field) == (f"announcements/{NAME}.md", RECORDING_LINE, "recording")
    assert "quá khung phát 0,1 phút" in message


def load_problem(root: Path) -> tuple[str, int | None, str, str]:
    with pytest.raises(InvalidInput) as err:
        load_project(root / "mkdocs.yml", today=TODAY)
    (problem,) = err.value.problems
    return problem.file, problem.line, problem.field, problem.message


def test_recording_that_is_not_audio_is_an_error_at_check_time(root):
    folder = root / "audio" / "recordings"
    folder.mkdir(parents=True)
    (folder / "hong.wav").write_text("không phải âm thanh", encoding="utf-8")
    announce(root, "audio/recordings/hong.wav")
    file, line, field, message = load_problem(root)
    assert (file, line, field) == (f"announcements/{NAME}.md", RECORDING_LINE, "recording")
    assert message.startswith("không đọc được bản ghi “audio/recordings/hong.wav”")


@pytest.mark.parametrize("path", ["../ngoai.wav", "/etc/passwd.wav",
                                  "audio/recordings/../../../x.wav"])
def test_recording_outside_the_project_is_an_error(root, path):
    announce(root, path)
    file, line, field, message = load_problem(root)
    assert (file, line, field) == (f"announcements/{NAME}.md", RECORDING_LINE, "recording")
    assert "nằm ngoài thư mục dự án" in message


def test_missing_recording_and_wrong_format_are_errors(root):
    announce(root, "audio/recordings/khong-co.wav")
    assert "không tìm thấy bản ghi" in load_problem(root)[3]
    announce(root, "audio/recordings/ghi-chu.txt")
    assert "không phải tệp WAV, MP3 hoặc OGG" in load_problem(root)[3]


def test_a_bad_recording_leaves_the_published_clip_untouched(root):
    announce(root, write_recording(root, "doc.wav", staff_voice()))
    (clip,) = [a for a in build(root) if a.kind == "clip"]
    before = (root / "out" / clip.path).read_bytes()
    write_recording(root, "doc.wav", np.zeros(RATE * 2, np.float32))
    with pytest.raises(InvalidInput):
        build(root)
    assert (root / "out" / clip.path).read_bytes() == before

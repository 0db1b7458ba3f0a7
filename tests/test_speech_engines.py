"""Voices: gTTS against a faked endpoint (never the network), espeak-ng for real."""

from __future__ import annotations

import numpy as np
import pytest
import requests
import responses
from pytest_socket import disable_socket, enable_socket

from outreach.speech import fake_gtts
from outreach.speech.engines import EngineError, make_engine
from outreach.speech.engines.espeak import EspeakEngine
from outreach.speech.engines.google import GoogleEngine, probe


@pytest.fixture(autouse=True)
def no_network():
    disable_socket()
    yield
    enable_socket()


@pytest.fixture
def endpoint():
    with responses.RequestsMock(assert_all_requests_are_fired=True) as rsps:
        yield rsps


@pytest.fixture
def sleeps() -> list[float]:
    return []


def google(sleeps: list[float], **kwargs) -> GoogleEngine:
    return GoogleEngine(sleep=sleeps.append, min_interval_s=0, **kwargs)


def test_gtts_decodes_the_mp3_it_receives(endpoint, sleeps):
    fake_gtts.add_ok(endpoint, fake_gtts.speech_like_mp3(1.0))
    samples, rate = google(sleeps).synthesize("xin chào bà con")
    assert rate == 44_100
    assert 0.9 < samples.size / rate < 1.3
    assert np.sqrt(np.mean(samples**2)) > 0.01
    assert "f.req" in endpoint.calls[0].request.body


@pytest.mark.parametrize("status", [429, 500, 503])
def test_gtts_retries_rate_limits_and_server_errors_with_backoff(endpoint, sleeps, status):
    fake_gtts.add_status(endpoint, status)
    fake_gtts.add_status(endpoint, status)
    fake_gtts.add_ok(endpoint)
    engine = google(sleeps, backoff_s=1.0)
    samples, _ = engine.synthesize("xin chào")
    assert samples.size > 0
    assert engine.requests == 3
    assert sleeps == [1.0, 2.0]  # exponential


@pytest.mark.parametrize("failure", [requests.exceptions.ConnectTimeout("timeout"),
                                     requests.exceptions.ReadTimeout("timeout"),
                                     requests.exceptions.ConnectionError("connection dropped")])
def test_gtts_retries_timeouts_and_dropped_connections(endpoint, sleeps, failure):
    fake_gtts.add_exception(endpoint, failure)
    fake_gtts.add_ok(endpoint)
    assert google(sleeps).synthesize("xin chào")[0].size > 0


def test_gtts_gives_up_after_retries_with_a_clear_vietnamese_message(endpoint, sleeps):
    for _ in range(3):
        fake_gtts.add_status(endpoint, 503)
    with pytest.raises(EngineError, match="không kết nối được máy đọc Google.*503.*espeak"):
        google(sleeps, retries=2).synthesize("xin chào")
    assert sleeps == [1.0, 2.0]


def test_gtts_does_not_retry_a_forbidden_request(endpoint, sleeps):
    fake_gtts.add_status(endpoint, 403)
    with pytest.raises(EngineError, match="403"):
        google(sleeps).synthesize("xin chào")
    assert sleeps == []


def test_gtts_never_accepts_an_undecodable_answer(endpoint, sleeps):
    fake_gtts.add_ok(endpoint, b"this is not an mp3 at all" * 10)
    with pytest.raises(EngineError, match="không đọc được"):
        google(sleeps).synthesize("xin chào")


def test_gtts_throttles_requests(endpoint):
    fake_gtts.add_ok(endpoint)
    fake_gtts.add_ok(endpoint)
    waits: list[float] = []
    engine = GoogleEngine(sleep=waits.append, clock=lambda: 100.0, min_interval_s=0.5)
    engine.synthesize("một")
    engine.synthesize("hai")
    assert waits == [0.5]


def test_probe_is_false_when_the_endpoint_is_down(endpoint):
    fake_gtts.add_exception(endpoint, requests.exceptions.ConnectionError("down"))
    assert probe(timeout=0.1) is False


def test_espeak_speaks_vietnamese_offline():
    engine = EspeakEngine()
    samples, rate = engine.synthesize("Kính thưa toàn thể bà con.")
    assert rate == 22_050
    assert samples.dtype == np.float32
    assert 1.0 < samples.size / rate < 5.0
    assert np.sqrt(np.mean(samples**2)) > 0.02
    assert engine.name == "espeak" and engine.voice.startswith("vi+f2 125wpm")
    assert engine.version[0].isdigit()


def test_espeak_longer_text_takes_longer():
    engine = EspeakEngine()
    short, _ = engine.synthesize("Xin chào.")
    long, _ = engine.synthesize("Xin chào bà con, hôm nay xã thông báo lịch tiêm chủng cho trẻ.")
    assert long.size > 2 * short.size


def test_unknown_engine_name_is_refused_in_vietnamese():
    with pytest.raises(EngineError, match="không có giọng đọc “piper”"):
        make_engine("piper")


def test_phrases_split_at_clause_punctuation_and_long_runs():
    from outreach.speech.engines.espeak import phrases

    assert phrases("Kính thưa bà con, sáng mai có họp; mời dự.", 0) == [
        "Kính thưa bà con,", "sáng mai có họp;", "mời dự."]
    words = " ".join(f"từ{i}" for i in range(17))
    chunks = phrases(words, 8)
    assert [len(c.split()) for c in chunks] == [6, 6, 5]  # even chunks, none over 8
    assert " ".join(chunks) == words


def test_tuning_changes_the_voice_id_and_the_sound():
    from outreach.speech.engines.espeak import Tuning

    plain = EspeakEngine(Tuning())
    slow = EspeakEngine(Tuning(rate=120, clause_pause_ms=300, variant="m3"))
    assert plain.voice == "vi" and slow.voice.startswith("vi+m3 120wpm")
    sentence = "Kính thưa bà con, sáng mai có họp, mời bà con đến dự."
    a, rate = plain.synthesize(sentence)
    b, _ = slow.synthesize(sentence)
    assert b.size / rate > a.size / rate + 0.5  # slower and with pauses at the commas
    again, _ = plain.synthesize(sentence)
    assert np.array_equal(again, a)  # settings do not leak between engines


def test_sentence_final_lengthening_slows_only_the_last_words():
    from outreach.speech.engines.espeak import Tuning, with_final

    assert with_final(["Kính thưa bà con,", "sáng mai có họp."], 2) == (
        ["Kính thưa bà con,", "sáng mai", "có họp."], True)
    assert with_final(["có họp."], 2) == (["có họp."], False)  # nothing left before them
    base = Tuning(variant="f2", rate=125, clause_pause_ms=300)
    lengthened = Tuning(variant="f2", rate=125, clause_pause_ms=300, final_words=2,
                        final_rate=90)
    assert EspeakEngine(lengthened).voice.endswith(" f2@90")  # its own cache key
    sentence = "Kính thưa bà con, sáng mai có họp ở nhà văn hóa thôn."
    a, rate = EspeakEngine(base).synthesize(sentence)
    b, _ = EspeakEngine(lengthened).synthesize(sentence)
    assert b.size > a.size + rate * 0.1  # two words at 90 instead of 125 wpm
    assert b.size < a.size + rate * 1.0  # and nothing else slower


def test_presence_boost_moves_energy_to_the_consonant_band_without_clipping():
    from outreach.speech.engines.espeak import Tuning
    from outreach.speech.engines.voicing import shape

    base = Tuning(variant="f2", rate=125, pitch=65, pitch_range=90, clause_pause_ms=300)
    boosted = Tuning(variant="f2", rate=125, pitch=65, pitch_range=90, clause_pause_ms=300,
                     presence_db=6, highpass_hz=200)
    assert EspeakEngine(boosted).voice.endswith(" eq+6dB hp200")  # its own cache key
    assert EspeakEngine(base).voice == base.label() and "eq" not in base.label()
    sentence = "Kính thưa bà con, sáng mai xã tiếp nhận hồ sơ."
    a, rate = EspeakEngine(base).synthesize(sentence)
    b, _ = EspeakEngine(boosted).synthesize(sentence)
    again, _ = EspeakEngine(boosted).synthesize(sentence)
    assert np.array_equal(b, again) and b.dtype == np.float32 and b.size == a.size

    def share(x, low, high):
        power = np.abs(np.fft.rfft(x)) ** 2
        freq = np.fft.rfftfreq(x.size, 1 / rate)
        return power[(freq >= low) & (freq < high)].sum() / power.sum()

    assert share(b, 2000, 4500) > 1.5 * share(a, 2000, 4500)
    assert share(b, 0, 150) < 0.5 * share(a, 0, 150)
    assert np.max(np.abs(b)) <= np.max(np.abs(a)) + 1e-6  # the boost never clips
    assert shape(a, rate, 0, 0) is a  # off: the samples untouched


def test_phonemes_show_what_espeak_says():
    from outreach.speech.engines.espeak import DEFAULT_TUNING
    from outreach.speech.engines.espeak_library import phonemes

    # two spellings of one northern syllable give the same phonemes: nothing to respell
    assert phonemes(DEFAULT_TUNING, "xã") == phonemes(DEFAULT_TUNING, "sã") != ""
    assert phonemes(DEFAULT_TUNING, "xã") != phonemes(DEFAULT_TUNING, "xa")


def test_respellings_change_whole_words_in_any_case_only():
    from outreach.speech.engines.espeak import respell

    table = {"xã": "sã", "hồ sơ": "hồ xơ"}
    assert respell("Xã Trung Sơn nhận Hồ sơ; xãx", table) == "sã Trung Sơn nhận hồ xơ; xãx"
    assert respell("không có gì", {}) == "không có gì"


def test_a_respelling_file_is_part_of_the_voice_and_changes_the_sound():
    from outreach.speech.engines.espeak import DEFAULT_TUNING, Tuning, respellings

    table, digest = respellings("espeak-respellings.tsv")
    assert table and all(w == w.lower() and w != r for w, r in table.items())
    plain = EspeakEngine(DEFAULT_TUNING)
    respelt = EspeakEngine(Tuning(**{**DEFAULT_TUNING.__dict__,
                                     "respellings": "espeak-respellings.tsv"}))
    assert respelt.key["respellings"] == digest and "respellings" not in plain.key
    assert respelt.voice != plain.voice
    word = next(iter(table))
    assert not np.array_equal(plain.synthesize(word)[0], respelt.synthesize(word)[0])


SPEAK_IN_A_NEW_PROCESS = """
import hashlib, sys
from outreach.speech.engines.espeak import EspeakEngine
samples, _ = EspeakEngine().synthesize(sys.argv[1])
print(hashlib.sha256(samples.tobytes()).hexdigest())
"""


def test_espeak_says_a_sentence_the_same_whatever_came_before_and_in_any_process():
    # espeak-ng seeds its breath noise from the clock and carries wave-generator state from
    # one utterance to the next: unfixed, the same sentence differed by a few samples.
    import hashlib
    import subprocess
    import sys

    engine = EspeakEngine()
    sentence = "Kính thưa bà con, sáng mai xã tiếp nhận hồ sơ khai sinh từ 7 giờ."
    first, _ = engine.synthesize(sentence)
    engine.synthesize("Một câu khác, nói xen vào giữa để đổi trạng thái của máy đọc.")
    second, _ = engine.synthesize(sentence)
    assert np.array_equal(first, second)
    other = subprocess.run([sys.executable, "-c", SPEAK_IN_A_NEW_PROCESS, sentence],
                           capture_output=True, text=True, check=True).stdout.strip()
    assert other == hashlib.sha256(first.tobytes()).hexdigest()


@pytest.mark.parametrize("language", ["vi-vn-x-central", "vi-vn-x-south"])
def test_regional_vietnamese_voices_speak(language):
    from outreach.speech.engines.espeak import Tuning

    tuning = Tuning(language=language, variant="f2")
    engine = EspeakEngine(tuning)
    assert tuning.voice_name == f"{language}+f2" and engine.voice.startswith(language)
    samples, rate = engine.synthesize("Kính thưa bà con.")
    assert samples.size / rate > 0.5

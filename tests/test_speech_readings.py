"""The reading memo: a warm build reads nothing again, any lexicon change reads afresh."""

from __future__ import annotations

from outreach.artifacts import Cache
from outreach.speech.lexicon import Lexicon, builtin_lexicon, layered
from outreach.speech.reading import Readings, read_paragraph

PARAGRAPHS = ["UBND xã Trung Sơn nhận hồ sơ từ 7 giờ 30 đến 17 giờ, ngày 01/12/2026.",
              "Lệ phí 15.000 đồng; gọi 1900 1234 nếu cần."]


def test_remembered_readings_equal_fresh_ones_and_are_not_read_again(tmp_path):
    cache = Cache(tmp_path)
    lexicon = builtin_lexicon()
    first = Readings(lexicon, cache)
    fresh = [first.read(p) for p in PARAGRAPHS]
    assert first.added == len(PARAGRAPHS)
    first.save()
    again = Readings(lexicon, cache)
    assert [again.read(p) for p in PARAGRAPHS] == fresh
    assert again.added == 0
    assert fresh == [read_paragraph(p, lexicon) for p in PARAGRAPHS]


def test_a_lexicon_entry_changes_the_remembered_reading(tmp_path):
    cache = Cache(tmp_path)
    base = builtin_lexicon()
    memo = Readings(base, cache)
    before = memo.read(PARAGRAPHS[0])
    memo.save()
    local = layered(base, Lexicon(words={"trung": "chung"}))
    after = Readings(local, cache).read(PARAGRAPHS[0])
    assert after != before
    assert "chung" in " ".join(after.sentences).lower()
    assert "chung" not in " ".join(before.sentences).lower()

"""Written Vietnamese -> spoken words: numbers, rules, lexicon, sentences."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from outreach.errors import InvalidInput
from outreach.paths import repo_root
from outreach.speech import rules
from outreach.speech.lexicon import load_lexicon, parse_lexicon
from outreach.speech.normalise import normalise, sentences
from outreach.speech.numbers import NUMBER_WORDS, parse_number, read_number

LEXICON = load_lexicon(repo_root() / "audio" / "lexicon.yaml")


def say(text: str) -> str:
    return normalise(text, LEXICON).text


@pytest.mark.parametrize(("number", "spoken"), [
    (0, "không"), (10, "mười"), (11, "mười một"), (15, "mười lăm"), (14, "mười bốn"),
    (21, "hai mươi mốt"), (24, "hai mươi tư"), (25, "hai mươi lăm"), (105, "một trăm linh năm"),
    (110, "một trăm mười"), (1001, "một nghìn không trăm linh một"),
    (2022, "hai nghìn không trăm hai mươi hai"), (8000, "tám nghìn"),
    (1_000_000, "một triệu"), (15_000_000, "mười lăm triệu"),
    (2_500_000_000, "hai tỷ năm trăm triệu"),
])
def test_reads_numbers_like_an_announcer(number, spoken):
    assert read_number(number) == spoken


@given(st.integers(min_value=0, max_value=10**15 - 1))
def test_number_reading_round_trips(number):
    assert parse_number(read_number(number)) == number


@given(st.integers(min_value=0, max_value=10**15 - 1))
def test_number_reading_uses_only_number_words(number):
    assert set(read_number(number).split()) <= NUMBER_WORDS


@given(st.integers(min_value=0, max_value=10**12))
def test_longer_numbers_never_read_shorter_than_smaller_scales(number):
    # Monotonic structure: a number with more thousand-groups names a bigger scale word.
    spoken = read_number(number)
    if number >= 10**9:
        assert "tỷ" in spoken
    elif number >= 10**6:
        assert "triệu" in spoken and "tỷ" not in spoken
    elif number >= 1000:
        assert "nghìn" in spoken and "triệu" not in spoken


@pytest.mark.parametrize(("written", "spoken"), [
    ("ngày 05/01/2026", "ngày mồng năm tháng một năm hai nghìn không trăm hai mươi sáu"),
    ("hạn 15/04/2026", "hạn ngày mười lăm tháng tư năm hai nghìn không trăm hai mươi sáu"),
    ("ngày 2026-01-10", "ngày mồng mười tháng một năm hai nghìn không trăm hai mươi sáu"),
    ("từ ngày 8/8", "từ ngày mồng tám tháng tám"),
    ("tháng 3/2026", "tháng ba năm hai nghìn không trăm hai mươi sáu"),
    ("ngày 11 tháng 12", "ngày mười một tháng mười hai"),
])
def test_dates(written, spoken):
    assert say(written) == spoken


@pytest.mark.parametrize(("written", "spoken"), [
    ("7h30", "bảy giờ ba mươi phút"), ("7h", "bảy giờ"), ("13h30", "mười ba giờ ba mươi phút"),
    ("17h00", "mười bảy giờ"), ("07:05", "bảy giờ năm phút"),
    ("7h30–11h30", "bảy giờ ba mươi phút đến mười một giờ ba mươi phút"),
])
def test_times(written, spoken):
    assert say(written) == spoken


@pytest.mark.parametrize(("written", "spoken"), [
    ("18001096", "một tám không không, một không chín sáu"),
    ("0233 3852 123", "không hai ba ba, ba tám năm hai, một hai ba"),
    ("0912345678", "không chín một hai, ba bốn năm, sáu bảy tám"),
    ("0912.345.678", "không chín một hai, ba bốn năm, sáu bảy tám"),
])
def test_phone_numbers_are_read_in_digit_groups(written, spoken):
    assert say(written) == spoken


@pytest.mark.parametrize(("written", "spoken"), [
    ("8.000 đồng", "tám nghìn đồng"), ("200.000đ", "hai trăm nghìn đồng"),
    ("1.000.000 đồng", "một triệu đồng"), ("1,5 triệu đồng", "một phẩy năm triệu đồng"),
    ("15%", "mười lăm phần trăm"), ("2,5%", "hai phẩy năm phần trăm"),
    ("2.000 đồng/trang", "hai nghìn đồng một trang"),
])
def test_money_and_percentages(written, spoken):
    assert say(written) == spoken


@pytest.mark.parametrize(("written", "spoken"), [
    ("thứ 2", "thứ hai"), ("thứ 4", "thứ tư"), ("lần thứ 1", "lần thứ nhất"),
    ("năm 2022", "năm hai nghìn không trăm hai mươi hai"), ("02 nhóm", "hai nhóm"),
    ("24/24 giờ", "hai mươi tư trên hai mươi tư giờ"), ("10-15 phút", "mười đến mười lăm phút"),
    ("mã 1.001193", "mã một chấm không không một một chín ba"),
    ("Nghị định 42/2022/NĐ-CP", "Nghị định số bốn mươi hai năm hai nghìn không trăm hai mươi hai"),
])
def test_ordinals_years_codes_and_other_numbers(written, spoken):
    assert say(written) == spoken


@pytest.mark.parametrize(("written", "spoken"), [
    ("UBND xã", "Ủy ban nhân dân xã"),
    ("TTHC, DVC, CCCD, BHYT", "thủ tục hành chính, dịch vụ công, căn cước công dân, bảo hiểm y tế"),
    ("tài khoản VNeID", "tài khoản vê en e ai đi"),
    ("vào dichvucong.gov.vn", "vào dịch vụ công chấm gốp chấm vê en"),
    ("https://dichvucong.gov.vn/p/home/dvc-tim-kiem.html?x=1 nhé",
     "dịch vụ công chấm gốp chấm vê en nhé"),
    ("làm online", "làm trực tuyến"),
])
def test_lexicon_abbreviations_words_and_web_addresses(written, spoken):
    assert say(written) == spoken


def test_unknown_capitals_are_spelled_and_reported():
    spoken = normalise("mã XQ", LEXICON)
    assert spoken.text == "mã ích quy"
    assert spoken.spelled == ("XQ",)


def test_capitalised_vietnamese_words_are_read_not_spelled():
    assert say("THÔNG BÁO KHẨN") == "thông báo khẩn"


def test_foreign_words_and_emoji_are_reported():
    spoken = normalise("Dùng Grab 😀 để đi", LEXICON)
    assert spoken.foreign == ("Grab",)
    assert spoken.dropped == ("😀",)
    assert "😀" not in spoken.text


def test_text_is_nfc():
    decomposed = "Ủy ban".encode().decode()  # already NFC; build an NFD one explicitly
    import unicodedata

    nfd = unicodedata.normalize("NFD", decomposed)
    assert say(nfd) == unicodedata.normalize("NFC", decomposed)


@given(st.text(alphabet="0123456789./,:-%h đồng", max_size=40))
def test_no_digits_survive_normalisation(text):
    assert not re.search(r"\d", say(text))


def test_long_sentences_are_split_at_commas():
    long = ", ".join(["bà con mang theo giấy tờ tùy thân đến trụ sở"] * 8) + "."
    parts = sentences(say(long))
    assert len(parts) > 1
    assert all(len(p) <= 160 for p in parts)
    def words(text: str) -> list[str]:
        return re.sub(r"[,.]", "", text).split()

    assert words(" ".join(parts)) == words(long)


def test_sentences_drop_pieces_without_words():
    assert sentences("Xin chào. . ! Bà con") == ["Xin chào.", "Bà con."]


def test_web_part_unknown_is_segmented_and_reported():
    found: list[str] = []
    assert rules.web_addresses("trungson.gov.vn", {"gov": "gốp", "vn": "vê en"},
                               found.append) == "trung son chấm gốp chấm vê en"
    assert found == ["trungson"]


# ---- lexicon file -------------------------------------------------------------------------

def test_lexicon_unknown_section_names_file_and_line():
    with pytest.raises(InvalidInput) as err:
        parse_lexicon("abbreviations:\n  UBND: Ủy ban nhân dân\nviet_tat:\n  X: y\n")
    (problem,) = err.value.problems
    assert (problem.file, problem.line) == ("audio/lexicon.yaml", 3)
    assert "viet_tat" in problem.message


def test_lexicon_entry_must_be_text():
    with pytest.raises(InvalidInput) as err:
        parse_lexicon("words:\n  online: trực tuyến\n  zalo:\n    - da\n    - lô\n")
    (problem,) = err.value.problems
    assert problem.line == 3 and "zalo" in problem.message


def test_lexicon_reading_without_digits_and_web_parts_single():
    with pytest.raises(InvalidInput) as err:
        parse_lexicon("abbreviations:\n  Q1: quận 1\nweb:\n  a.b: x\n")
    assert [p.line for p in err.value.problems] == [2, 4]


def test_lexicon_yaml_syntax_error_has_line():
    with pytest.raises(InvalidInput) as err:
        parse_lexicon("words:\n  online: [trực tuyến\n")
    assert err.value.problems[0].file == "audio/lexicon.yaml"
    assert err.value.problems[0].line


def test_shipped_lexicon_loads_with_required_entries():
    for abbreviation in ("UBND", "TTHC", "DVC", "CCCD", "BHYT", "VNeID", "CMND", "HĐND",
                         "MTTQ", "THCS"):
        assert abbreviation in LEXICON.abbreviations

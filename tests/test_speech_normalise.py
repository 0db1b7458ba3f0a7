"""Written Vietnamese -> spoken words: numbers, rules, lexicon, sentences."""

from __future__ import annotations

import re
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from normalise_support import DATA, equivalent, read_cases
from outreach.errors import InvalidInput
from outreach.paths import repo_root
from outreach.speech.lexicon import builtin_lexicon, layered, load_lexicon, parse_lexicon
from outreach.speech.normalise import normalise, sentences
from outreach.speech.numbers import NUMBER_WORDS, parse_number, read_number
from outreach.speech.tagger import tag
from outreach.speech.vocab import vocabulary

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
    nfd = unicodedata.normalize("NFD", decomposed)
    assert say(nfd) == unicodedata.normalize("NFC", decomposed)


@given(st.text(alphabet="0123456789./,:-%h đồng", max_size=40))
def test_no_digits_survive_normalisation(text):
    assert not re.search(r"[0-9]", say(text))


@given(st.text(max_size=80))
def test_any_text_normalises_without_error_and_without_digits(text):
    spoken = normalise(text, LEXICON)
    assert not re.search(r"[0-9]", spoken.text)
    sentences(spoken.text)


@given(st.lists(st.sampled_from(["ngày", "thứ", "tháng", "Quý", "thế kỷ", "-", "–", "/", ":",
                                 "h", "k", "tr", "%", "kg", "m2", "đ", "$", "USD", "x", "XX",
                                 "I", ".", ",", "0", "1", "4", "12", "31", "2026", "001193",
                                 " ", "link", "đường", "UBND", "@", "gov.vn", "😀", "\u0301"]),
                max_size=25))
def test_token_soup_normalises_without_error_and_without_digits(parts):
    assert not re.search(r"[0-9]", say("".join(parts)))


@pytest.mark.parametrize("written", [
    "x" * 10_000, "1" * 30, "9" * 1000, "32/13/2026", "99/99/9999", "00:99", "25:00",
    "\u0301\u0301\u0301", "😀" * 50, "Привет мир 你好 مرحبا", "IIIIIIIIIIII", "-" * 50,
    "1/0", "0/0", "0,0000000001", "1.2.3.4.5.6.7.8.9", "$", "₫₫₫", "+84", "thứ 0", "tháng 0",
    "ngày 0", "1e999999", "Quý MMMMCMXCIX", "+84\n1912", "0.0000đ", "+84 1\t2",
])
def test_bad_input_gives_words_not_errors(written):
    spoken = normalise(written, LEXICON)
    assert not re.search(r"[0-9]", spoken.text)
    assert len(spoken.text) < 2000


def test_placeholder_phone_is_dropped_with_a_note():
    spoken = normalise("Điện thoại 0233 3xxx xxx.", LEXICON)
    assert "xxx" not in spoken.text and "ích" not in spoken.text
    assert spoken.dropped == ("0233 3xxx xxx",)


def test_endless_word_is_dropped_with_a_note():
    spoken = normalise("mã " + "a" * 200, LEXICON)
    assert spoken.text == "mã"
    assert spoken.dropped and spoken.dropped[0].startswith("aaaa")


# ---- data files: tests/data/normalise/<category>.txt ------------------------------------

CASES = [case for path in sorted((DATA / "normalise").glob("*.txt"))
         for case in read_cases(path, "~")]


def test_there_are_enough_data_cases():
    assert len(CASES) >= 790
    assert len({c.file for c in CASES}) >= 24


@pytest.mark.parametrize("case", CASES, ids=str)
def test_data_case(case):
    assert say(case.written) in case.spoken, f"{case}: {case.written!r}"


# ---- sea-g2p's public cases, with our listed disagreements -------------------------------

SEA_CASES = read_cases(DATA / "sea_g2p" / "cases.tsv", "\t")
DISAGREEMENTS = {c.written: c for c in read_cases(DATA / "sea_g2p" / "disagreements.tsv", "\t")}


def test_sea_g2p_disagreements_are_all_listed_and_current():
    unlisted, stale = [], []
    for case in SEA_CASES:
        ours = say(case.written)
        listed = DISAGREEMENTS.get(case.written)
        if equivalent(ours, case.spoken[0]):
            if listed:
                stale.append(f"{listed}: {case.written!r} now agrees; remove the line")
        elif listed is None:
            unlisted.append(f"{case}: {case.written!r} -> {ours!r}, sea-g2p {case.spoken[0]!r}")
        elif listed.spoken[0] != ours:
            stale.append(f"{listed}: {case.written!r} now reads {ours!r}")
    assert not unlisted and not stale, "\n".join(unlisted + stale)


def test_every_disagreement_says_why():
    for case in DISAGREEMENTS.values():
        assert len(case.spoken) == 2 and len(case.spoken[1]) > 10, str(case)


@pytest.mark.parametrize(("ours", "theirs"), [
    ("một nghìn không trăm linh một", "một nghìn không trăm lẻ một"),
    ("một nghìn linh một", "một nghìn không trăm lẻ một"),
    ("hai mươi tư", "hai mươi bốn"), ("tháng tư", "tháng bốn"),
    ("ngày mồng năm", "ngày năm"), ("Ủy ban, nhân dân.", "uỷ ban nhân dân"),
])
def test_equivalent_readings(ours, theirs):
    assert equivalent(ours, theirs)


@pytest.mark.parametrize(("ours", "theirs"), [
    ("ba phẩy mười bốn", "ba phẩy một bốn"), ("thứ tư", "thứ bốn mươi"),
    ("một trăm linh một", "một trăm"), ("hai nghìn không trăm", "hai nghìn"),
])
def test_different_readings(ours, theirs):
    assert not equivalent(ours, theirs)


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
    spoken = normalise("trungson.gov.vn", LEXICON)
    assert spoken.text == "trung son chấm gốp chấm vê en"
    assert spoken.foreign == ("trungson",)


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


def test_project_lexicon_layers_over_the_built_in_one(tmp_path):
    path = tmp_path / "lexicon.yaml"
    path.write_text("abbreviations:\n  UBND: Ủy ban\n  HTX NN: hợp tác xã nông nghiệp\n"
                    "web:\n  trungson: trung sơn\n", encoding="utf-8")
    lexicon = load_lexicon(path)
    assert lexicon.abbreviations["UBND"] == "Ủy ban"  # the project's entry wins
    assert lexicon.abbreviations["CCCD"] == "căn cước công dân"  # built-in still applies
    assert normalise("HTX NN trungson.gov.vn", lexicon).text == \
        "hợp tác xã nông nghiệp trung sơn chấm gốp chấm vê en"
    assert layered(builtin_lexicon(), parse_lexicon("")) == builtin_lexicon()


def test_missing_project_lexicon_means_the_built_in_one(tmp_path):
    assert load_lexicon(tmp_path / "none.yaml") == builtin_lexicon()


def test_reference_lexicon_lists_only_local_entries():
    local = parse_lexicon((repo_root() / "audio" / "lexicon.yaml").read_text(encoding="utf-8"))
    built_in = builtin_lexicon()
    for section in ("abbreviations", "words", "web"):
        for key, spoken in getattr(local, section).items():
            assert getattr(built_in, section).get(key) != spoken or key == "quangtri", key


def test_shipped_lexicon_loads_with_required_entries():
    for abbreviation in ("UBND", "TTHC", "DVC", "CCCD", "BHYT", "VNeID", "CMND", "HĐND",
                         "MTTQ", "THCS"):
        assert abbreviation in LEXICON.abbreviations


# ---- tagger and vocabulary ----------------------------------------------------------------

def kinds(text: str) -> list[tuple[str | None, str]]:
    return [(t.kind, t.text) for t in tag(text, tuple(LEXICON.abbreviations),
                                          tuple(LEXICON.words)) if t.kind]


@pytest.mark.parametrize(("written", "expected"), [
    ("ngày 1/2 nộp 3/4 hồ sơ", [("slash", "1/2"), ("slash", "3/4")]),
    ("090-123-4567 và 10-15", [("phone", "090-123-4567"), ("range", "10-15")]),
    ("5kg và 15k", [("measure", "5kg"), ("number", "15k")]),
    ("theo 42/2022/NĐ-CP", [("legal", "42/2022/NĐ-CP")]),
    ("UBND xã, link", [("abbreviation", "UBND"), ("word", "link")]),
    ("-5 và 2026-01-05", [("minus", "-"), ("number", "5"), ("date", "2026-01-05")]),
    ("$10, 50.000₫", [("money", "$10"), ("money", "50.000₫")]),
    ("vào dichvucong.gov.vn lúc 7h30", [("url", "dichvucong.gov.vn"), ("clock", "7h30")]),
    ("thế kỷ XX", [("roman", "XX")]),
    ("họp 15-16/03/2024", [("date_range", "15-16/03/2024")]),
    ("ngày 15.3, 05.2023", [("day_month", "15.3"), ("month_year", "05.2023")]),
    ("P. Đông Lễ, q.1", [("address", "P."), ("address", "q.1")]),
    ("ô 6x9 m, 8 x 12", [("multiply", "6x9 m"), ("multiply", "8 x 12")]),
    ("11:30-13:30, 7:30 PM", [("time_range", "11:30-13:30"), ("time", "7:30 PM")]),
    ("mã 1.004227.000.00.00.H56", [("record", "1.004227.000.00.00.H56")]),
    ("$5-$15, 12 500", [("range", "$5-$15"), ("number", "12 500")]),
    ("(+84) 233 3852 123", [("phone", "(+84) 233 3852 123")]),
])
def test_each_token_is_classified_once(written, expected):
    assert kinds(written) == expected


def test_tokens_cover_the_text_exactly():
    text = "Ngày 05/01/2026, UBND xã thu 50.000₫/hồ sơ (3/4 số hộ) tại dichvucong.gov.vn 😀"
    assert "".join(t.text for t in tag(text)) == text


def test_vocabulary_readings_are_words_in_nfc():
    vocab = vocabulary()
    readings = [*vocab.units.values(), *(c.spoken for c in vocab.currencies.values()),
                *vocab.multipliers.values(), *vocab.symbols.values()]
    assert readings and all(r.strip() and not re.search(r"[0-9]", r) for r in readings)
    assert all(unicodedata.is_normalized("NFC", r) for r in readings)
    assert {"thế kỷ", "quý", "phần"} <= vocab.roman_contexts
    assert {"thứ", "hạng"} <= vocab.ordinal_contexts


def test_new_project_gets_an_empty_local_lexicon_over_the_built_in_one(tmp_path):
    from outreach.scaffold import scaffold

    scaffold(tmp_path / "xa", "Trung Sơn", "Quảng Trị")
    path = tmp_path / "xa" / "audio" / "lexicon.yaml"
    assert parse_lexicon(path.read_text(encoding="utf-8")) == parse_lexicon("")
    assert load_lexicon(path) == builtin_lexicon()


@pytest.mark.parametrize("entry", ["~: Ủy ban", "null: Ủy ban", "'': Ủy ban",
                                   "'  ': Ủy ban"])
def test_lexicon_entry_without_a_written_form_is_an_error_with_its_line(entry):
    with pytest.raises(InvalidInput) as err:
        parse_lexicon(f"abbreviations:\n  UBND: Ủy ban nhân dân\n  {entry}\n")
    (problem,) = err.value.problems
    assert (problem.file, problem.line) == ("audio/lexicon.yaml", 3)
    assert "thiếu chữ viết" in problem.message and "Ủy ban" in problem.message

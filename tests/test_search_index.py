"""The prebuilt search index: what the build writes for the search worker to read."""

from __future__ import annotations

import json
import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from outreach.site import search
from outreach.site.text import _fold_slowly, fold

MATERIAL_INDEX = {
    "config": {"lang": ["vi"], "separator": "[\\s\\-]+", "pipeline": [], "fields": {}},
    "docs": [
        {"location": "thu-tuc/1-004222/", "title": "Đăng ký thường trú",
         "text": "<p>Người chuyển đến &amp; ở ổn định đăng ký thường trú.</p>",
         "tags": ["nhập hộ khẩu"], "boost": 2},
        {"location": "thu-tuc/1-004222/#giay-to", "title": "Giấy tờ cần chuẩn bị",
         "text": "<ul><li>Tờ khai CT01</li></ul>", "tags": ["nhập hộ khẩu"], "boost": 2},
        {"location": "gioi-thieu/", "title": "Giới thiệu", "text": "<p>Thuong tru, hòa giải</p>"},
    ],
}


def files() -> dict[str, object]:
    built = search.build_index(MATERIAL_INDEX)
    return {path: json.loads(data) for path, data in built.items()}


def test_words_fold_marks_case_and_d_and_split_on_anything_but_letters_and_digits():
    assert search.words("ĐĂNG KÝ (thường-trú) 01/7/2025") == [
        "dang", "ky", "thuong", "tru", "01", "7", "2025"]
    assert search.words(unicodedata.normalize("NFD", "Hòa giải")) == ["hoa", "giai"]


# Vietnamese letters, their marks alone, punctuation, and what folds otherwise (Greek sigma,
# Hangul, ø, İ, the en quad that NFC rewrites) beside them.
FOLD_ALPHABET = st.sampled_from(
    [chr(c) for lo, hi in ((0x20, 0x250), (0x300, 0x370), (0x1E00, 0x1F00), (0x2000, 0x2070))
     for c in range(lo, hi)] + ["Σ", "ς", "가", "\u1100", "\u1161", "İ", "\u20d7", "Ω"])


@settings(max_examples=3000, deadline=None)
@given(st.text(FOLD_ALPHABET, max_size=12))
def test_fold_takes_its_quick_path_only_where_it_folds_as_the_full_rule_does(text):
    assert fold(text) == _fold_slowly(text)


def test_the_page_keeps_only_materials_config_and_no_documents():
    index = files()[search.INDEX_PATH]
    assert index == {"config": MATERIAL_INDEX["config"], "docs": []}


def test_one_entry_per_page_with_sections_folded_into_it():
    pages = files()[f"{search.INDEX_DIR}/pages.json"]["pages"]
    assert [p[0] for p in pages] == ["thu-tuc/1-004222/", "gioi-thieu/"]
    assert pages[0][1:] == ["Đăng ký thường trú", 2, 4]  # title, boost, distinct title words


def test_postings_say_where_a_word_is_and_how_often_with_page_numbers_as_gaps():
    built = files()
    shard = built[f"{search.INDEX_DIR}/t/th.json"]
    # "thuong": page 0 in its title and once in its text, page 1 ("Thuong tru") in text once.
    assert shard["thuong"] == [0, search.TITLE | 1, 1, 1]
    assert built[f"{search.INDEX_DIR}/t/ct.json"]["ct01"] == [0, 1]  # a section's text
    assert built[f"{search.INDEX_DIR}/t/nh.json"]["~nhap ho khau"] == [0]  # keyword as phrase


def test_the_vocabulary_lists_how_each_word_is_written_for_the_highlighter():
    vocab = files()[f"{search.INDEX_DIR}/vocab.json"]
    forms = dict(zip(vocab["terms"], vocab["forms"], strict=True))
    assert forms["thuong"] == ["thuong", "thường"]
    assert forms["hoa"] == ["hòa"]
    assert forms["ct01"] == []  # written only as itself


def test_teasers_are_plain_text_for_the_worker_to_escape():
    teasers = files()[f"{search.INDEX_DIR}/x/0.json"]
    assert teasers[0] == ["Người chuyển đến & ở ổn định đăng ký thường trú.", ["nhập hộ khẩu"]]


def test_a_usb_build_gets_the_whole_index_in_one_script(tmp_path):
    site = tmp_path / "site"
    (site / "search").mkdir(parents=True)
    (site / search.INDEX_PATH).write_text(json.dumps(MATERIAL_INDEX), encoding="utf-8")
    written = {a.path for a in search.write_index(site, ["material/search", "material/offline"])}
    script = (site / search.INDEX_DIR / "all.js").read_text(encoding="utf-8")
    assert script.startswith("self.__outreachIndex = ")
    inline = json.loads(script.removeprefix("self.__outreachIndex = ").rstrip().rstrip(";"))
    assert set(inline) == {p.removeprefix(search.INDEX_DIR + "/") for p in written
                           if p.startswith(search.INDEX_DIR) and p.endswith(".json")}
    # The next build without the offline plugin removes the script.
    (site / search.INDEX_PATH).write_text(json.dumps(MATERIAL_INDEX), encoding="utf-8")
    search.write_index(site, ["material/search"])
    assert not (site / search.INDEX_DIR / "all.js").exists()

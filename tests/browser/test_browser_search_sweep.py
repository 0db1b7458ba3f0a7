"""Systematic search checks in chromium against the search code the site serves.

Every Vietnamese letter in every position and case, every procedure's name in five forms, every
keyword, every i/y spelling and one-letter typo of the names: asked to the site's own search
worker (the one Material's search box talks to), with Python's Unicode tables as the oracle for
folding. Hit rates are printed (`pytest -s`); the benchmark prints them for 2,000 procedures.
"""

from __future__ import annotations

import json
import re
import unicodedata

import pytest
from browser_support import ENGINES, Traffic, open_context, procedure_path
from search_support import catalogue_queries, fold, hit_rates, worker_client

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture(scope="session", params=ENGINES)
def pages_site(request, engine_sites):
    """The same tests against the pages each engine built (MkDocs, ProperDocs)."""
    return engine_sites.get(request.param)


VOWELS = "aăâeêioôơuưy"
TONES = ["", "\u0300", "\u0301", "\u0309", "\u0303", "\u0323"]  # none, huyền, sắc, hỏi, ngã, nặng
LETTERS = [unicodedata.normalize("NFC", v + t) for v in VOWELS for t in TONES] + ["đ"]
PRECOMPOSED = [c for c in LETTERS if not c.isascii()]
ALL_LETTERS = LETTERS + [c.upper() for c in LETTERS]


def places(letter: str) -> list[str]:
    """The letter at the start, in the middle and at the end of a query word."""
    return [f"{letter}nh", f"ng{letter}n", f"th{letter}"]


@pytest.fixture(scope="module")
def ask(browser, pages_url):
    context = open_context(browser, Traffic())
    page = context.new_page()
    page.goto(pages_url)
    yield worker_client(page)
    context.close()


@pytest.fixture(scope="module")
def served(browser, pages_url):
    """A page with the site's served worker file loaded as a plain script (its functions)."""
    context = open_context(browser, Traffic())
    page = context.new_page()
    page.goto(pages_url)
    worker = page.evaluate("() => JSON.parse(document.getElementById('__config').textContent)"
                           ".search")
    page.add_script_tag(url=pages_url + worker.removeprefix("./"))
    yield page
    context.close()


def test_the_sweep_covers_the_134_precomposed_vietnamese_letters():
    assert len(PRECOMPOSED) == 67 and len({c.upper() for c in PRECOMPOSED}) == 67
    assert all(len(c) == 1 for c in ALL_LETTERS)  # NFC: one code point each


def test_every_letter_in_every_position_folds_as_python_folds_it(served):
    words = [w for c in ALL_LETTERS for w in places(c)]
    forms = words + [unicodedata.normalize("NFD", w) for w in words]
    got = served.evaluate("ws => ws.map(w => outreachSearch.analyse(w).map(x => x.word))", forms)
    expected = [[fold(unicodedata.normalize("NFC", w))] for w in forms]
    wrong = [(w, g, e) for w, g, e in zip(forms, got, expected, strict=True) if g != e]
    assert wrong == [], wrong[:10]


def test_every_letter_in_every_position_finds_what_its_unaccented_form_finds(ask):
    words = [w for c in ALL_LETTERS for w in places(c)]
    answers = ask(words + [fold(w) for w in words])
    accented, plain = answers[:len(words)], answers[len(words):]
    differ = [w for w, a, b in zip(words, accented, plain, strict=True)
              if a["pages"] != b["pages"]]
    assert differ == []


def test_every_word_of_the_catalogue_finds_the_same_pages_with_or_without_marks(ask, pages_site):
    texts = [p.name for p in pages_site.procedures]
    texts += [k for p in pages_site.procedures for k in p.keywords]
    vocabulary = sorted({w for t in texts for w in t.lower().split() if not w.isascii()})
    answers = ask(vocabulary + [fold(w) for w in vocabulary]
                  + [unicodedata.normalize("NFD", w) for w in vocabulary])
    n = len(vocabulary)
    differ = [w for i, w in enumerate(vocabulary)
              if not answers[i]["pages"] == answers[n + i]["pages"] == answers[2 * n + i]["pages"]]
    assert differ == []


def test_each_procedure_name_in_every_form_and_each_keyword_finds_its_page(ask, pages_site):
    rates = hit_rates(ask, catalogue_queries(pages_site.procedures))
    print("\nreference catalogue hit rates: " + json.dumps(
        {form: [round(r["top1"], 3), round(r["top3"], 3), r["n"]] for form, r in rates.items()}))
    for form in ("accented", "unaccented", "nfd", "capitals", "prefix60_unique"):
        assert rates[form]["top1"] == 1, (form, rates[form]["misses"])
    assert rates["prefix60"]["top1_plausible"] == 1, rates["prefix60"]["misses"]
    assert rates["keyword"]["top3"] == 1, rates["keyword"]["misses"]


def swap_i_y(name: str) -> str | None:
    """The name with the first i-like vowel written as y (or y as i), tone kept: ký -> kí."""
    out = []
    swapped = False
    for char in unicodedata.normalize("NFD", name):
        if not swapped and char in "iyIY":
            char = {"i": "y", "y": "i", "I": "Y", "Y": "I"}[char]
            swapped = True
        out.append(char)
    return unicodedata.normalize("NFC", "".join(out)) if swapped else None


def typos(name: str) -> list[str]:
    """For each word of 5+ letters: one letter missing, and one letter wrong."""
    words = name.split()
    out = []
    for i, word in enumerate(words):
        if len(word) >= 5:
            middle = len(word) // 2
            wrong = "x" if fold(word[middle]) != "x" else "z"
            missing = word[:middle] + word[middle + 1:]
            for typo in (missing, word[:middle] + wrong + word[middle + 1:]):
                out.append(" ".join(words[:i] + [typo] + words[i + 1:]))
    return out


def score_of(answer: dict, page: str) -> float | None:
    for group in answer["items"]:
        if group[0]["location"] == page:
            return group[0]["score"]
    return None


def same_words(a: str, b: str) -> bool:
    """Whether two spellings of a name have as many distinct words (scores then compare)."""
    return len(set(re.findall(r"[^\W_]+", fold(a)))) == len(set(re.findall(r"[^\W_]+", fold(b))))


def test_i_y_spellings_and_old_tone_placement_still_find_the_page(ask, pages_site):
    probes = []
    for p in pages_site.procedures:
        variant = swap_i_y(p.name)
        if variant and same_words(variant, p.name):
            probes.append((p, variant))
        # Old tone placement puts the mark on the first vowel of oa, oe, uy: hoà, thuỷ.
        decomposed = unicodedata.normalize("NFD", p.name)
        old = unicodedata.normalize("NFC", decomposed.replace("o\u0300a", "oa\u0300")
                                    .replace("u\u0309y", "uy\u0309"))
        if old != p.name:
            probes.append((p, old))
    assert len(probes) >= 5
    answers = ask([v for _, v in probes] + [p.name for p, _ in probes])
    n = len(probes)
    for i, (p, variant) in enumerate(probes):
        assert procedure_path(p.code) in answers[i]["pages"][:3], (variant, answers[i]["pages"][:3])
        variant_score = score_of(answers[i], procedure_path(p.code))
        exact_score = score_of(answers[n + i], procedure_path(p.code))
        assert variant_score <= exact_score, (variant, variant_score, exact_score)


def test_one_wrong_or_missing_letter_still_finds_the_page_below_the_exact_spelling(ask,
                                                                                   pages_site):
    probes = [(p, t) for p in pages_site.procedures for t in typos(p.name)
              if same_words(t, p.name)]
    assert len(probes) > 50
    answers = ask([t for _, t in probes] + [p.name for p, _ in probes])
    n = len(probes)
    missed = []
    for i, (p, typo) in enumerate(probes):
        page = procedure_path(p.code)
        if page not in answers[i]["pages"][:3]:
            missed.append((typo, answers[i]["pages"][:3]))
            continue
        assert score_of(answers[i], page) < score_of(answers[n + i], page), typo
    assert missed == []


def test_a_page_with_the_exact_word_ranks_above_a_page_with_a_word_one_letter_away(
        ask, pages_site):
    # Pairs of indexed words one edit apart: asked for one, pages holding it exactly come first.
    index = pages_site.site_dir / "search" / "outreach"
    vocab = json.loads((index / "vocab.json").read_text(encoding="utf-8"))["terms"]
    long_words = [t for t in vocab if len(t) >= 5 and t.isalpha()]
    by_length: dict[int, list[str]] = {}
    for t in long_words:
        by_length.setdefault(len(t), []).append(t)
    pairs = []
    for t in long_words:
        for other in by_length.get(len(t) - 1, []):
            if any(t[:i] + t[i + 1:] == other for i in range(len(t))):
                pairs.append((other, t))
    assert pairs, "the reference catalogue has words one letter apart"
    pages = json.loads((index / "pages.json").read_text(encoding="utf-8"))["pages"]

    def holders(term: str) -> set[str]:
        from outreach.site.search import shard_key
        flat = json.loads((index / "t" / f"{shard_key(term)}.json").read_text("utf-8"))[term]
        ids, at = [], 0
        for gap in flat[::2]:
            at += gap
            ids.append(at)
        return {pages[i][0] for i in ids}

    answers = ask([a for a, _ in pairs])
    for (exact, near), answer in zip(pairs, answers, strict=True):
        exact_pages, near_only = holders(exact), holders(near) - holders(exact)
        order = answer["pages"]
        last_exact = max((order.index(p) for p in exact_pages if p in order), default=-1)
        first_near = min((order.index(p) for p in near_only if p in order), default=len(order))
        assert last_exact < first_near or len(exact_pages) > 30, (exact, near, order[:8])


# ---------------------------------------------------------------- 2,000 procedures

GENERATED = 2000


@pytest.fixture(scope="module")
def generated(tmp_path_factory, browser):
    """A scaffolded project with 2,000 synthetic procedures (bench_site's generator), built."""
    import sys

    from browser_support import REPO, serve
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    sys.path.insert(0, str(REPO / "scripts"))
    from bench_site import make_project
    from outreach.catalogue.project import load_project

    config = make_project(tmp_path_factory.mktemp("generated") / "xa", GENERATED)
    build(load_config(str(config)))
    server, url = serve(config.parent / "site")
    context = open_context(browser, Traffic())
    page = context.new_page()
    page.goto(url)
    yield load_project(config).catalogue.procedures, worker_client(page)
    context.close()
    server.shutdown()
    server.server_close()


def test_2000_procedures_each_name_in_every_form_and_each_keyword_finds_its_page(generated):
    procedures, ask = generated
    assert len(procedures) == GENERATED
    rates = hit_rates(ask, catalogue_queries(procedures))
    print(f"\n{GENERATED}-procedure catalogue hit rates: " + json.dumps(
        {form: [round(r["top1"], 3), round(r["top3"], 3), r["n"]] for form, r in rates.items()}))
    for form in ("accented", "unaccented", "nfd", "capitals", "prefix60_unique"):
        assert rates[form]["top1"] == 1, (form, rates[form]["misses"])
    assert rates["prefix60"]["top1_plausible"] == 1, rates["prefix60"]["misses"]
    assert rates["keyword"]["top3"] == 1, rates["keyword"]["misses"]

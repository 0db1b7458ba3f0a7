"""Search, typed into Material's real search box in chromium, finds procedures with or without
tone marks, by their keywords, and shrugs off hostile or odd input."""

from __future__ import annotations

import unicodedata

import pytest
from browser_support import (
    ENGINES,
    RESULTS_NONE,
    Traffic,
    open_context,
    open_search,
    procedure_path,
    search,
    watch,
)

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture(scope="session", params=ENGINES)
def pages_site(request, engine_sites):
    """The same tests against the pages each engine built (MkDocs, ProperDocs)."""
    return engine_sites.get(request.param)


TOP = 3  # "in the top results": what fits on a phone screen without scrolling


def paths_of(results, pages_url: str) -> list[str]:
    # Material adds ?h=<query> (highlighting) and #section to result links.
    return [r.href.removeprefix(pages_url).split("#")[0].split("?")[0] for r in results]


@pytest.mark.parametrize(("query", "code"), [
    ("dang ky thuong tru", "1.004222"),
    ("chung thuc chu ky", "2.000884"),
    ("cai chinh ho tich", "1.004859"),
    ("dang ky khai sinh", "1.001193"),
])
def test_a_query_typed_without_tone_marks_finds_the_procedure(page, pages_url, query, code):
    page.goto(pages_url)
    found = paths_of(search(page, query), pages_url)
    assert procedure_path(code) in found[:TOP], found


@pytest.mark.parametrize(("query", "code"), [
    ("đăng ký thường trú", "1.004222"),
    ("chứng thực chữ ký", "2.000884"),
    ("cải chính hộ tịch", "1.004859"),
])
def test_a_query_with_tone_marks_finds_the_procedure(page, pages_url, query, code):
    page.goto(pages_url)
    found = paths_of(search(page, query), pages_url)
    assert procedure_path(code) in found[:TOP], found


@pytest.mark.parametrize(("query", "code"), [
    ("nhập hộ khẩu", "1.004222"),
    ("xin trích lục", "2.000635"),
    ("nhap ho khau", "1.004222"),
    ("sang ten so do", "1.013831"),
])
def test_a_procedures_keyword_finds_it(page, pages_url, query, code):
    page.goto(pages_url)
    found = paths_of(search(page, query), pages_url)
    assert procedure_path(code) in found[:TOP], found


@pytest.mark.parametrize("code", ["1.001193", "1.004222", "2.000884"])
def test_the_procedure_page_ranks_above_pages_that_mention_it(page, pages_url, pages_site,
                                                                code):
    # The announcements and the home page also mention these procedures by name.
    page.goto(pages_url)
    name = pages_site.procedure(code).name
    found = paths_of(search(page, name), pages_url)
    assert found[0] == procedure_path(code), found


def test_an_empty_query_shows_the_typing_hint_and_no_results(page, pages_url, traffic):
    page.goto(pages_url)
    search(page, "x")
    page.locator("input.md-search__input").press("Backspace")
    page.wait_for_function(
        "() => document.querySelector('.md-search-result__meta').textContent.trim()"
        " === 'Gõ tên thủ tục, có dấu hay không dấu đều được'")
    assert page.locator(".md-search-result__list > li").count() == 0
    assert traffic.errors == []


def test_a_1000_character_query_answers_without_error(page, pages_url, traffic):
    page.goto(pages_url)
    query = ("đăng ký khai sinh cho con " * 40)[:1000]
    open_search(page)
    page.locator("input.md-search__input").fill(query[:-1])  # pasted, then one key typed
    found = paths_of(search(page, query[-1], timeout=30), pages_url)
    assert traffic.errors == []
    assert page.locator("input.md-search__input").input_value() == query
    assert procedure_path("1.001193") in found[:TOP], found[:3]


@pytest.mark.parametrize("query", ["?!...", "–—“”", "%%% ***", "😀", "👍🏽 🇻🇳", "\u0301",
                                   "\u0300\u0323"])
def test_punctuation_emoji_or_a_lone_tone_mark_finds_nothing_quietly(page, pages_url, traffic,
                                                                     query):
    page.goto(pages_url)
    assert search(page, query) == []
    assert page.locator(".md-search-result__meta").inner_text().strip() == RESULTS_NONE
    assert traffic.errors == [] and traffic.dialogs == []


def test_a_query_mixing_composed_and_decomposed_words_finds_the_procedure(page, pages_url,
                                                                          traffic):
    page.goto(pages_url)
    query = "đăng ký " + unicodedata.normalize("NFD", "thường trú")
    found = paths_of(search(page, query), pages_url)
    assert found[0] == procedure_path("1.004222"), found[:3]
    assert traffic.errors == []


def test_an_emoji_beside_words_does_not_stop_them_matching(page, pages_url, traffic):
    page.goto(pages_url)
    found = paths_of(search(page, "👶 khai sinh 😀"), pages_url)
    assert procedure_path("1.001193") in found[:TOP], found[:3]
    assert traffic.errors == []


@pytest.mark.parametrize("query", [
    "<script>alert(1)</script>",
    "khai sinh <img src=x onerror=alert(1)>",
    "<b>khai</b> sinh&amp;",
    "<img src=x onerror=alert(1)>",
    "<img src=x onerror=\"window.__pwned=1\">",
    "\"><svg onload=alert(1)>",
])
def test_markup_typed_into_search_is_shown_as_text_and_never_runs(page, pages_url, traffic,
                                                                  query):
    page.goto(pages_url)
    search(page, query)
    assert traffic.dialogs == []
    assert page.evaluate("() => window.__pwned") is None
    assert page.locator(".md-search-result img, .md-search-result svg[onload], "
                        ".md-search-result script, .md-search-result b").count() == 0
    assert page.locator(".md-search__suggest *").count() == 0
    assert traffic.errors == []


def test_a_decomposed_unicode_query_finds_what_the_composed_one_finds(browser, pages_url):
    composed = "đăng ký khai sinh"
    decomposed = unicodedata.normalize("NFD", composed)
    assert decomposed != composed
    answers = {}
    for form, query in (("NFC", composed), ("NFD", decomposed)):
        traffic = Traffic()
        context = open_context(browser, traffic)
        page = context.new_page()
        watch(page, traffic)
        page.goto(pages_url)
        answers[form] = paths_of(search(page, query), pages_url)
        assert traffic.errors == [] and traffic.dialogs == []
        context.close()
    assert answers["NFD"] == answers["NFC"]
    assert answers["NFC"][0] == procedure_path("1.001193")


def test_a_word_found_nowhere_says_so_in_vietnamese(page, pages_url):
    page.goto(pages_url)
    assert search(page, "qqxyzzy") == []
    assert page.locator(".md-search-result__meta").inner_text().strip() == RESULTS_NONE


def test_the_opened_page_marks_accented_words_for_an_unaccented_query(page, pages_url, traffic):
    page.goto(pages_url)
    results = search(page, "dang ky thuong tru")
    assert paths_of(results, pages_url)[0] == procedure_path("1.004222")
    page.locator(".md-search-result__list a.md-search-result__link").first.click()
    page.wait_for_url("**/thu-tuc/1-004222/**")
    page.locator("article mark[data-md-highlight]").first.wait_for()
    marked = {m.lower() for m in page.locator("article mark[data-md-highlight]").all_inner_texts()}
    assert {"thường", "trú", "đăng", "ký"} <= {w for m in marked for w in m.split()}, marked
    assert traffic.errors == []


def test_result_titles_mark_the_accented_words_an_unaccented_query_matched(page, pages_url):
    page.goto(pages_url)
    search(page, "chung thuc chu ky")
    first = page.locator(".md-search-result__list > li").first
    marks = {m.lower() for m in first.locator("h1 mark").all_inner_texts()}
    assert marks == {"chứng", "thực", "chữ", "ký"}, marks


def test_the_suggestion_completes_the_word_being_typed_with_or_without_marks(page, pages_url):
    page.goto(pages_url)
    search(page, "dang ky thuo")
    assert page.locator(".md-search__suggest").inner_text().replace("\xa0", " ") == \
        "dang ky thuong"


# Installed before any page script. Logs every query sent to a worker, and every answer
# delivered to the listener registered last on it (Material's, which renders the results),
# with the newest query sent at that moment.
RENDER_PROBE = """
(() => {
  const log = window.__newest = {sent: [], rendered: []};
  const post = Worker.prototype.postMessage, add = EventTarget.prototype.addEventListener;
  Worker.prototype.postMessage = function (message) {
    if (message && message.type === 2) log.sent.push(message.data);
    return post.apply(this, arguments);
  };
  Worker.prototype.addEventListener = function (type, listener, options) {
    if (type !== "message") return add.call(this, type, listener, options);
    const worker = this, order = worker.__listeners = (worker.__listeners || 0) + 1;
    return add.call(worker, type, function (event) {
      const data = event.data;
      if (order === worker.__listeners && data && data.type === 3) {
        log.rendered.push([data.data.query, log.sent[log.sent.length - 1],
                           data.data.items.length]);
      }
      return typeof listener === "function" ? listener.call(this, event)
        : listener.handleEvent(event);
    }, options);
  };
})();
"""


@pytest.mark.parametrize("how", ["typed fast", "pasted"])
def test_only_the_newest_querys_results_are_ever_rendered(browser, pages_url, traffic, how):
    context = open_context(browser, traffic)
    context.add_init_script(RENDER_PROBE)
    page = context.new_page()
    watch(page, traffic)
    # A phone-class CPU: answers take long enough for newer keys to arrive meanwhile.
    context.new_cdp_session(page).send("Emulation.setCPUThrottlingRate", {"rate": 4})
    page.goto(pages_url)
    open_search(page)
    box = page.locator("input.md-search__input")
    queries = ["dang ky thuong tru", "chung thuc ban sao", "dang ky khai sinh"]
    for query in queries:
        box.press("Control+a")
        box.press("Backspace")
        if how == "pasted":
            box.fill(query)
            box.dispatch_event("keyup")  # Material reads the box on keyup
        else:
            box.press_sequentially(query)  # no pause between keys
    page.wait_for_function(
        "q => window.__newest.rendered.some(r => r[0] === q && r[2] > 0)", arg=queries[-1],
        timeout=30_000)
    page.wait_for_timeout(500)  # anything still on its way arrives now
    log = page.evaluate("() => window.__newest")
    context.close()
    stale = [(answered, newest) for answered, newest, _ in log["rendered"] if answered != newest]
    assert not stale, f"answers rendered after a newer query was sent: {stale}"
    assert log["rendered"][-1][0] == queries[-1]
    assert len(log["sent"]) >= len(queries)

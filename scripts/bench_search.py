"""Site search on a cheap phone: latency, bytes and hit rates at N procedures, in chromium.

    python scripts/bench_search.py                       # 2,000 procedures, 4x CPU throttling
    python scripts/bench_search.py --procedures 200 --sample 100
    python scripts/bench_search.py --site /tmp/built/site  # reuse a built site

What it measures, with Debian's chromium (Playwright), a 390 px phone viewport, CDP
`Emulation.setCPUThrottlingRate` (it throttles the page and its workers) and a plain static
server without compression:

* first results: from the first typed letter in a fresh page (search opened by tapping the header
  button, nothing cached) until results are painted; index loading is included;
* later queries: from each later letter until the results for that text are painted;
* typed all at once: each of a few queries typed with no pause between keys (every key a
  query, as from a fast typist), from the last key until its results are painted;
* bytes: every response fetched after the search button was tapped, for one session that types
  all the queries one after another;
* hit rates: top-1/top-3 of each procedure's name (accented, unaccented, NFD, capitals, its
  first 60 %) and of each keyword, asked to the site's own search worker in chromium (same
  protocol as Material's UI; unthrottled, it is about ranking, not speed).

Figures are printed and written to bench-out/search.json; nothing is asserted (the machine is
shared and timings are noisy).
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "browser"))

from browser_support import (  # noqa: E402 - test helpers are the measuring tools
    CHROMIUM,
    CHROMIUM_ARGS,
    MISSING_CHROMIUM,
    PHONE,
    Traffic,
    open_context,
    serve,
)
from search_support import (  # noqa: E402
    catalogue_queries,
    hit_rates,
    worker_client,
)

from bench_site import make_project  # noqa: E402

TARGET_FIRST_S = 1.5
TARGET_LATER_S = 0.3
TARGET_AT_ONCE_S = 0.3
# Typed all at once (a fast typist, a paste): keys a keyboard sends, so every one is a query.
AT_ONCE = ["dang ky khai sinh", "thuong tru", "chung thuc ban sao", "ho tro hoc phi"]
TARGET_BYTES = 1_000_000
QUERIES = ["đăng ký khai sinh", "thuong tru", "chứng thực bản sao", "hỗ trợ học phí"]
KEY_DELAY_MS = 120  # a quick thumb on a phone keyboard

# Installed before any page script: times every keystroke, every query sent to the search
# worker and every answer painted (after Material's own handler has rendered it).
PROBE = """
(() => {
  const log = window.__searchBench = {keys: [], sent: [], painted: []};
  document.addEventListener("input", e => log.keys.push([performance.now(), e.target.value]), true);
  const Native = window.Worker;
  window.Worker = class extends Native {
    constructor(url, options) {
      super(url, options);
      const pending = [];
      this.__pending = pending;
      this.addEventListener("message", event => {
        const data = event.data || {};
        if (data.type !== 3) return;
        const answered = data.data && typeof data.data.query === "string"
          ? data.data.query : pending.shift();
        const count = data.data && data.data.items ? data.data.items.length : 0;
        setTimeout(() => requestAnimationFrame(() =>
          log.painted.push([performance.now(), answered, count])), 0);
      });
    }
    postMessage(message, transfer) {
      if (message && message.type === 2) {
        this.__pending.push(message.data);
        log.sent.push([performance.now(), message.data]);
      }
      return super.postMessage(message, transfer);
    }
  };
})();
"""


def build(procedures: int, workdir: Path) -> Path:
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config

    config = load_config(str(make_project(workdir / "project", procedures)))
    mkdocs_build(config)
    return Path(config["site_dir"])


def throttled_page(browser, traffic: Traffic, rate: float):
    context = open_context(browser, traffic, viewport=PHONE, is_mobile=True, has_touch=True)
    context.add_init_script(PROBE)
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Emulation.setCPUThrottlingRate", {"rate": rate})
    return context, page


def type_and_time(page, query: str) -> dict:
    """Type `query` key by key; first-result and per-keystroke latencies in seconds."""
    start = page.evaluate("() => window.__searchBench.keys.length")
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    box = page.locator("input.md-search__input")
    for char in query:
        box.press_sequentially(char)
        if not char.isascii():
            # Playwright inserts such letters without key events; a phone keyboard sends a
            # keyup (key code 229), the event Material reads the box on.
            box.dispatch_event("keyup")
        page.wait_for_timeout(KEY_DELAY_MS)
    try:
        page.wait_for_function(
            "q => window.__searchBench.painted.some(p => p[1] === q)", arg=query, timeout=60_000)
    except PlaywrightTimeout:
        print(f"  no answer for the whole of {query!r} within 60 s", flush=True)
    page.wait_for_timeout(300)
    log = page.evaluate("() => window.__searchBench")
    keys = log["keys"][start:]
    sent = log["sent"]
    painted = log["painted"]
    first = next((t for t, _, n in painted if t >= keys[0][0] and n > 0), None)
    later = []
    for key_time, text in keys:
        if first is None or key_time < first:
            continue
        answered = [t for t, q, _ in painted if t >= key_time and isinstance(q, str)
                    and len(q) >= len(text) and q.startswith(text)]
        if answered:
            later.append(min(answered) - key_time)
    return {"query": query, "first_s": None if first is None else (first - keys[0][0]) / 1000,
            "later_s": [x / 1000 for x in later], "queries_sent": len(sent)}


def typed_at_once(page, query: str) -> float | None:
    """Seconds from the last key of `query`, typed with no pause between keys, until the
    results for the whole of it are painted (stale answers must not hold them up)."""
    box = page.locator("input.md-search__input")
    box.press("Control+a")
    box.press("Backspace")
    page.wait_for_timeout(500)
    # Forget earlier keys and answers: the same query may have been typed before.
    page.evaluate("() => { for (const l of Object.values(window.__searchBench)) l.length = 0; }")
    box.press_sequentially(query)
    try:
        page.wait_for_function(
            "q => window.__searchBench.painted.some(p => p[1] === q && p[2] > 0)", arg=query,
            timeout=60_000)
    except Exception:
        print(f"  no answer for {query!r} typed at once within 60 s", flush=True)
        return None
    log = page.evaluate("() => window.__searchBench")
    last_key = max(t for t, text in log["keys"] if text == query)
    painted = min(t for t, q, n in log["painted"] if q == query and n > 0)
    print(f"  typed at once {query!r}: right page {(painted - last_key) / 1000:.3f} s after "
          "the last key", flush=True)
    return (painted - last_key) / 1000


def open_search(page) -> None:
    page.locator("label.md-header__button[for='__search']").click()
    page.locator("input.md-search__input").wait_for(state="visible")


def measure_latency(browser, base: str, page_path: str, rate: float) -> dict:
    runs = []
    first_bytes = []
    for query in QUERIES:  # each in a fresh context: nothing cached, index loads again
        traffic = Traffic()
        context, page = throttled_page(browser, traffic, rate)
        page.goto(base + page_path, wait_until="networkidle")
        fetched: list[tuple[str, int]] = []
        page.on("response", lambda r, fetched=fetched: fetched.append((r.url, _body_size(r))))
        open_search(page)
        runs.append(type_and_time(page, query))
        page.wait_for_load_state("networkidle")
        first_bytes.append(sum(size for _, size in fetched))
        print(f"  first results for {query!r}: {runs[-1]['first_s']} s", flush=True)
        context.close()
    # One session typing every query: what a visitor's phone downloads for search.
    traffic = Traffic()
    context, page = throttled_page(browser, traffic, rate)
    sizes: list[tuple[str, int]] = []
    page.goto(base + page_path, wait_until="networkidle")
    page.on("response", lambda r: sizes.append((r.url, _body_size(r))))
    open_search(page)
    box = page.locator("input.md-search__input")
    for query in QUERIES:
        box.press("Control+a")
        box.press("Backspace")  # as a person clears the box: Material asks for ""
        type_and_time(page, query)
    page.wait_for_load_state("networkidle")
    at_once = [typed_at_once(page, query) for query in AT_ONCE]
    context.close()
    first = [r["first_s"] for r in runs if r["first_s"] is not None]
    later = [x for r in runs for x in r["later_s"]]
    return {
        "throttle": rate,
        "first_results_s": [None if r["first_s"] is None else round(r["first_s"], 3)
                            for r in runs],
        "first_results_max_s": round(max(first), 3) if first else None,
        "later_query_median_s": round(statistics.median(later), 3) if later else None,
        "later_query_p90_s": round(_percentile(later, 0.9), 3) if later else None,
        "later_query_max_s": round(max(later), 3) if later else None,
        "at_once_s": [None if x is None else round(x, 3) for x in at_once],
        "at_once_max_s": None if None in at_once else round(max(at_once), 3),
        "search_bytes_one_query": first_bytes,
        "search_bytes": sum(size for _, size in sizes),
        "search_requests": len(sizes),
        "search_resources": sorted(((u.removeprefix(base), s) for u, s in sizes),
                                   key=lambda row: -row[1])[:12],
        "foreign_requests": traffic.foreign,
    }


def _body_size(response) -> int:
    try:
        return len(response.body())
    except Exception:
        return int(response.headers.get("content-length", 0))


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def measure_hits(browser, base: str, site_dir: Path, sample: int | None) -> dict:
    from outreach.catalogue.project import load_project

    project = load_project(site_dir.parent / "mkdocs.yml")
    everyone = list(project.catalogue.procedures)
    procedures = everyone
    if sample and sample < len(procedures):
        step = len(procedures) / sample
        procedures = [everyone[int(i * step)] for i in range(sample)]
    context = open_context(browser, Traffic())
    page = context.new_page()
    page.goto(base, wait_until="load")
    ask = worker_client(page)
    rates = hit_rates(ask, catalogue_queries(procedures, everyone))
    context.close()
    return rates


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--procedures", type=int, default=2000)
    parser.add_argument("--throttle", type=float, default=4.0)
    parser.add_argument("--sample", type=int, default=None,
                        help="procedures asked for hit rates (default: all)")
    parser.add_argument("--site", type=Path, help="an already built site_dir to measure")
    parser.add_argument("--reference", type=Path, default=None,
                        help="also rate a built reference site_dir (hit rates only)")
    parser.add_argument("--out", type=Path, default=Path("bench-out/search.json"))
    args = parser.parse_args(argv)
    if not CHROMIUM.exists():
        print(MISSING_CHROMIUM, file=sys.stderr)
        return 2
    from playwright.sync_api import sync_playwright

    report: dict = {"procedures": args.procedures}
    with tempfile.TemporaryDirectory(prefix="outreach-bench-search-") as tmp:
        started = time.perf_counter()
        site_dir = args.site or build(args.procedures, Path(tmp))
        report["build_s"] = round(time.perf_counter() - started, 1)
        page_dir = next(p for p in sorted((site_dir / "thu-tuc").iterdir()) if p.is_dir())
        server, base = serve(site_dir)
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=str(CHROMIUM),
                                                     args=CHROMIUM_ARGS)
                report |= measure_latency(browser, base, f"thu-tuc/{page_dir.name}/",
                                          args.throttle)
                report["hits_generated"] = measure_hits(browser, base, site_dir, args.sample)
                if args.reference:
                    ref_server, ref_base = serve(args.reference)
                    try:
                        report["hits_reference"] = measure_hits(browser, ref_base,
                                                                args.reference, None)
                    finally:
                        ref_server.shutdown()
                browser.close()
        finally:
            server.shutdown()
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n",
                        encoding="utf-8")
    print_report(report)
    return 0


def print_report(report: dict) -> None:
    for key, value in report.items():
        if key in ("search_resources",) or key.startswith("hits_"):
            continue
        print(f"{key:24} {value}")
    for url, size in report.get("search_resources", []):
        print(f"  {size:>9}  {url}")
    for name in ("hits_reference", "hits_generated"):
        for form, figures in report.get(name, {}).items():
            plausible = figures.get("top1_plausible")
            extra = "" if plausible is None else f"  first result starts so {plausible:6.1%}"
            print(f"{name:16} {form:16} top1 {figures['top1']:6.1%}  top3 {figures['top3']:6.1%}"
                  f"  (n={figures['n']}){extra}")
    checks = [("first results (s)", report.get("first_results_max_s"), TARGET_FIRST_S),
              ("later query p90 (s)", report.get("later_query_p90_s"), TARGET_LATER_S),
              ("typed all at once, results after the last key, max (s)",
               report.get("at_once_max_s"), TARGET_AT_ONCE_S),
              ("bytes fetched for search", report.get("search_bytes"), TARGET_BYTES)]
    for label, value, limit in checks:
        verdict = "n/a " if value is None else ("ok  " if value <= limit else "OVER")
        print(f"{verdict} {label}: {value} (target ≤ {limit})")


if __name__ == "__main__":
    sys.exit(main())

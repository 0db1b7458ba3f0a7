"""Compare two built sites as a citizen meets them, in Debian's chromium (Playwright):
outreach's build (MkDocs + Material + the plugin) and another engine's build of
`outreach export` (Zensical). Prints a Markdown table; docs/engines.md keeps the figures.

    python scripts/bench_engines.py OURS_SITE OTHER_SITE [--names ours,zensical]

Measured: what the search box lists for Vietnamese typed without and with tone marks; whether
search and links work from file:// (a USB stick opened by double-click); bytes a procedure
page downloads before and after a search (uncompressed, and gzip level 6 as a web host sends).
Byte counts are exact; nothing here is timed.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import gzip
import http.server
import threading
from pathlib import Path

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
QUERIES = ("dang ky khai sinh", "đăng ký khai sinh", "nhap ho khau", "chung thuc")
PAGE = "thu-tuc/1-001193/"  # Đăng ký khai sinh
TOP = 3


class Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


def serve(folder: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(Quiet, directory=str(folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


def results(page, query: str) -> list[str]:
    """Titles the search box lists for `query`, best first (after the list settles)."""
    zensical = page.locator(".md-search__button")  # Zensical's dialog (in a shadow root)
    if zensical.count():
        zensical.first.click()
    else:
        label = page.locator("label.md-header__button[for='__search']")
        if label.count() and label.first.is_visible():
            label.first.click()
    box = page.locator("input.md-search__input, dialog input[role=combobox]").first
    box.click(timeout=5000)
    box.fill("")
    box.type(query, delay=20)
    last, stable = None, 0
    for _ in range(40):
        page.wait_for_timeout(150)
        titles = page.locator(".md-search-result__item h1, .md-search-result__item h2,"
                              " ol[role=listbox] h2").all_inner_texts()
        stable = stable + 1 if titles == last else 0
        last = titles
        if stable >= 4 and titles:
            break
    page.keyboard.press("Escape")
    return [t.strip().replace("\n", " ") for t in (last or [])]


def weight(context, url: str, query: str | None) -> tuple[int, int, int]:
    """(requests, bytes, gzip bytes) a fresh visit to `url` downloads (then a search)."""
    bodies: list[bytes] = []

    def keep(response) -> None:
        with contextlib.suppress(Exception):  # a redirect or an aborted request has no body
            bodies.append(response.body())

    page = context.new_page()
    page.on("response", keep)
    page.goto(url, wait_until="networkidle")
    if query:
        results(page, query)
        page.wait_for_load_state("networkidle")
    page.close()
    return (len(bodies), sum(map(len, bodies)),
            sum(len(gzip.compress(b, compresslevel=6, mtime=0)) for b in bodies))


def from_file(context, site: Path) -> dict[str, str]:
    """Open index.html by file:// as a double-click does: links, search."""
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto((site / "index.html").as_uri())
    link = page.locator("a[href*='linh-vuc/']").first
    href = link.get_attribute("href") or ""
    page.goto(link.evaluate("a => a.href"))  # where a click leads
    page.wait_for_timeout(500)
    opened = "page" if page.locator("h1").count() and "Index of" not in page.content() \
        else "folder listing"
    page.goto((site / "index.html").as_uri())
    try:
        found = results(page, QUERIES[0])
    except Exception as exc:  # the search box does not open at all
        found = [f"(no search: {type(exc).__name__})"]
    page.close()
    return {"link": f"{href} -> {opened}", "search": "; ".join(found[:TOP]) or "nothing",
            "errors": str(len(errors))}


def measure(site: Path, browser) -> dict[str, object]:
    server, url = serve(site)
    try:
        context = browser.new_context(viewport={"width": 1280, "height": 900},
                                      service_workers="block")
        page = context.new_page()
        page.goto(url)
        found = {q: results(page, q)[:TOP] for q in QUERIES}
        page.close()
        first = weight(context, url + PAGE, None)
        searched = weight(context, url + PAGE, QUERIES[0])
        offline = from_file(context, site)
        context.close()
    finally:
        server.shutdown()
        server.server_close()
    files = [p for p in site.rglob("*") if p.is_file()]
    return {"found": found, "first": first, "searched": searched, "file": offline,
            "site": (len(files), sum(p.stat().st_size for p in files))}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sites", nargs=2, type=Path)
    parser.add_argument("--names", default="outreach (MkDocs + Material),Zensical (export)")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    names = args.names.split(",")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        figures = [measure(site.resolve(), browser) for site in args.sites]
        browser.close()
    print("| | " + " | ".join(names) + " |\n|---|" + "---|" * len(names))
    for query in QUERIES:
        cells = ["; ".join(f["found"][query]) or "nothing" for f in figures]  # type: ignore[index]
        print(f"| search “{query}” (top {TOP}) | " + " | ".join(cells) + " |")
    for key, label in (("first", "procedure page, first visit"),
                       ("searched", "… and one search")):
        cells = [f"{f[key][0]} requests, {f[key][1] / 1024:.0f} KiB "  # type: ignore[index]
                 f"({f[key][2] / 1024:.0f} KiB gzip)" for f in figures]  # type: ignore[index]
        print(f"| {label} | " + " | ".join(cells) + " |")
    for key in ("link", "search", "errors"):
        cells = [str(f["file"][key]) for f in figures]  # type: ignore[index]
        print(f"| file:// {key} | " + " | ".join(cells) + " |")
    cells = [f"{f['site'][0]} files, {f['site'][1] / 2**20:.1f} MiB" for f in figures]  # type: ignore[index]
    print("| site folder | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()

"""Fixtures and helpers for the real-browser tests (Playwright driving Debian's chromium).

Fixtures are registered by tests/browser/conftest.py; tests import the helpers. The
reference project (the repository root: 30 procedures, announcements, broadcasts) is copied to
a tmp folder and built once per session with PDFs and offline audio, then served by a plain
static server on 127.0.0.1. Every page a test opens goes through a route that lets 127.0.0.1,
data: and blob: through and records (and blocks) anything else, so a request to another host
is a failure that names the URL, never a silent download.
"""

from __future__ import annotations

import functools
import gzip
import http.server
import os
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest

os.environ.setdefault("NO_MKDOCS_2_WARNING", "true")

REPO = Path(__file__).resolve().parents[2]
VENDOR = Path(__file__).resolve().parents[1] / "vendor"
AXE = VENDOR / "axe.min.js"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
MISSING_CHROMIUM = ("chromium not installed: run `sudo make test-deps` (Debian package chromium)")
# What a project keeps in git; caches and built output stay behind.
PROJECT_PARTS = ("mkdocs.yml", "procedures.yaml", "content", "announcements", "overrides", "audio")
LOCAL_HOSTS = {"127.0.0.1"}
LOCAL_SCHEMES = {"data", "blob", "about"}
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}

# Material's words in the search dialog (its Vietnamese translation).
RESULTS_NONE = "Không tìm thấy trang phù hợp. Thử gõ ít chữ hơn."  # partials/languages/vi.html
RESULTS_COUNT = "trang phù hợp"


def gzip_size(data: bytes) -> int:
    """Bytes after gzip level 6: what a static server with compression would send."""
    return len(gzip.compress(data, compresslevel=6, mtime=0))


def is_local(url: str) -> bool:
    parts = urlsplit(url)
    if parts.scheme in LOCAL_SCHEMES:
        return True
    if parts.scheme == "file":
        return True
    return parts.scheme in ("http", "https", "ws") and parts.hostname in LOCAL_HOSTS


# --- the site ----------------------------------------------------------------------------

@dataclass(frozen=True)
class BuiltSite:
    """A built reference project: its folder, site_dir and loaded catalogue."""

    root: Path
    site_dir: Path
    project: object  # outreach.catalogue.project.Project

    @property
    def procedures(self) -> list:
        return list(self.project.catalogue.procedures)

    def procedure(self, code: str):
        return next(p for p in self.procedures if p.code == code)


def copy_reference_project(target: Path) -> Path:
    """The repository's own project (its source files only) in `target`; returns mkdocs.yml."""
    target.mkdir(parents=True, exist_ok=True)
    for name in PROJECT_PARTS:
        source = REPO / name
        if source.is_dir():
            shutil.copytree(source, target / name,
                            ignore=shutil.ignore_patterns("__pycache__", ".cache", "*.mp3"))
        elif source.is_file():
            shutil.copyfile(source, target / name)
    # Reuse the repository's content-addressed render cache: same inputs, same PDFs and MP3s.
    for name in (".cache", ".outreach-cache"):
        if (REPO / name).is_dir():
            shutil.copytree(REPO / name, target / name)
    return target / "mkdocs.yml"


def build_reference_site(target: Path, media: bool = True, engine: str = "mkdocs",
                         **config_overrides: str) -> BuiltSite:
    """Copy the reference project to `target` and build it (with PDFs and espeak audio).

    `engine`: "mkdocs" builds through outreach's orchestrator (as `outreach build`);
    "properdocs" runs `properdocs build` on the project's mkdocs.yml, the plugin unchanged.
    """
    from outreach.build import BuildOptions, build_site
    from outreach.catalogue.project import load_project

    config = copy_reference_project(target)
    if not config.is_file():
        pytest.fail("the reference project has no mkdocs.yml at the repository root")
    text = config.read_text(encoding="utf-8")
    if engine != "mkdocs":  # the engine reads the plugin's options from mkdocs.yml
        config_overrides = {"print: true": f"print: {str(media).lower()}",
                            "speech: true": f"speech: {str(media).lower()}",
                            "engine: auto": "engine: espeak", **config_overrides}
    for old, new in config_overrides.items():
        assert old in text, f"mkdocs.yml has no {old!r} to replace"
        text = text.replace(old, new, 1)
    config.write_text(text, encoding="utf-8")
    if engine == "mkdocs":
        site_dir = Path(build_site(config, BuildOptions(print=media, speech=media,
                                                        engine="espeak")))
    else:
        site_dir = build_with(engine, config)
    return BuiltSite(target, site_dir, load_project(config))


ENGINES = ("mkdocs", "properdocs")


def build_with(engine: str, config: Path, *args: str) -> Path:
    """`<engine> build` of a project in a subprocess (skips when the engine is not installed);
    returns its site folder."""
    pytest.importorskip(engine, reason=f"{engine} not installed: `make site` installs the "
                                       "test extra from requirements/lock.txt")
    done = subprocess.run([sys.executable, "-m", engine, "build", "-f", config.name, *args],
                          cwd=config.parent, capture_output=True, text=True, timeout=900,
                          env={**os.environ, "NO_MKDOCS_2_WARNING": "true",
                               "DISABLE_MKDOCS_2_WARNING": "true"})
    assert done.returncode == 0, f"{engine} build failed:\n{done.stderr[-4000:]}"
    return config.parent / "site"


class EngineSites:
    """The reference project's web pages (no PDFs, no audio: enough for search), built once
    per engine a test asks for."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.sites: dict[str, BuiltSite] = {}

    def get(self, engine: str) -> BuiltSite:
        if engine not in self.sites:
            self.sites[engine] = build_reference_site(self.folder / engine / "xa", media=False,
                                                      engine=engine)
        return self.sites[engine]


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    return build_reference_site(tmp_path_factory.mktemp("browser") / "xa")


@pytest.fixture(scope="session")
def engine_sites(tmp_path_factory: pytest.TempPathFactory) -> EngineSites:
    return EngineSites(tmp_path_factory.mktemp("pages"))


@pytest.fixture(scope="session")
def pages_site(engine_sites: EngineSites) -> BuiltSite:
    """The reference project's web pages only, built by MkDocs (the search modules build them
    with every engine in ENGINES: they override this fixture)."""
    return engine_sites.get("mkdocs")


@pytest.fixture(scope="session")
def pages_url(pages_site: BuiltSite) -> Iterator[str]:
    server, url = serve(pages_site.site_dir)
    yield url
    server.shutdown()
    server.server_close()


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - stdlib name
        pass


def serve(directory: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    """A static server on 127.0.0.1 at a free port, as any web host or `python3 -m http.server`."""
    handler = functools.partial(QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


@pytest.fixture(scope="session")
def base_url(built_site: BuiltSite) -> Iterator[str]:
    server, url = serve(built_site.site_dir)
    yield url
    server.shutdown()
    server.server_close()


# --- the browser -------------------------------------------------------------------------

@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        pytest.skip(MISSING_CHROMIUM)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@dataclass
class Traffic:
    """What one page asked for: every URL, the foreign ones (blocked), dialogs that opened."""

    urls: list[str] = field(default_factory=list)
    foreign: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def guard(context, traffic: Traffic) -> None:
    """Route every request of `context`: local ones go through, others are recorded, aborted."""

    def route(route, request) -> None:
        traffic.urls.append(request.url)
        if is_local(request.url):
            route.continue_()
        else:
            traffic.foreign.append(request.url)
            route.abort()

    context.route("**/*", route)


def watch(page, traffic: Traffic) -> None:
    # A dialog (alert from injected markup) is recorded and dismissed so the test can go on.
    def on_dialog(dialog) -> None:
        traffic.dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", on_dialog)
    page.on("pageerror", lambda error: traffic.errors.append(str(error)))


@pytest.fixture
def traffic() -> Traffic:
    return Traffic()


def open_context(browser, traffic: Traffic, viewport: dict | None = None,
                 color_scheme: str = "light", **options):
    context = browser.new_context(viewport=viewport or DESKTOP, color_scheme=color_scheme,
                                  service_workers="block", **options)
    guard(context, traffic)
    return context


@pytest.fixture
def page(browser, traffic: Traffic):
    """A desktop-sized page whose every request is checked to stay on 127.0.0.1."""
    context = open_context(browser, traffic)
    page = context.new_page()
    watch(page, traffic)
    yield page
    context.close()


@pytest.fixture
def phone(browser, traffic: Traffic):
    """A 390 px wide touch page (a common cheap Android phone), same request guard."""
    context = open_context(browser, traffic, viewport=PHONE, is_mobile=True, has_touch=True,
                           device_scale_factor=2)
    page = context.new_page()
    watch(page, traffic)
    yield page
    context.close()


# --- search, as a person uses it ---------------------------------------------------------

@dataclass(frozen=True)
class Result:
    href: str  # absolute URL of the page the result opens
    title: str


def open_search(page) -> None:
    """Open Material's search dialog the way a visitor does (header button or search field)."""
    button = page.locator("label.md-header__button[for='__search']")
    if button.is_visible():
        button.click()
    else:
        page.locator("input.md-search__input").click()
    page.locator("input.md-search__input").wait_for(state="visible")


def search(page, query: str, timeout: float = 10.0) -> list[Result]:
    """Type `query` into the search box and return the listed pages, best first.

    Waits until the search worker has answered for the whole query and the list has stopped
    changing (results arrive per keystroke).
    """
    open_search(page)
    box = page.locator("input.md-search__input")
    box.press("End")  # opening the dialog by a click may leave the caret inside earlier text
    box.press_sequentially(query)
    # Text a keyboard cannot type (emoji, a lone tone mark) arrives without keyup, the event
    # Material reads the box on; a phone keyboard sends one: so does this harmless key.
    box.press("End")
    meta = page.locator(".md-search-result__meta")
    deadline = time.monotonic() + timeout
    last, stable_since = None, time.monotonic()
    while time.monotonic() < deadline:
        text = meta.inner_text().strip()
        current = (text, tuple(_result_links(page)))
        if current != last:
            last, stable_since = current, time.monotonic()
        elif (RESULTS_COUNT in text or RESULTS_NONE in text) and \
                time.monotonic() - stable_since > 0.4:
            return [Result(href, title) for href, title in current[1]]
        time.sleep(0.05)
    raise AssertionError(f"search for {query!r} did not settle; meta text: {last and last[0]!r}")


def _result_links(page) -> list[tuple[str, str]]:
    return [tuple(pair) for pair in page.eval_on_selector_all(
        ".md-search-result__list > li.md-search-result__item > a.md-search-result__link",
        "links => links.map(a => [a.href, (a.querySelector('h1, h2')?.textContent || '').trim()])",
    )]


def procedure_path(code: str) -> str:
    """Site path of a procedure page: 1.001193 -> thu-tuc/1-001193/."""
    from outreach import paths

    return f"thu-tuc/{paths.slug(code)}/"


# --- accessibility -----------------------------------------------------------------------

def axe_violations(page, impacts: tuple[str, ...] = ("serious", "critical")) -> list[dict]:
    """axe-core's WCAG 2.x A/AA violations of the loaded page with the given impacts."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    result = page.evaluate("""async () => {
        const tags = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
        const r = await axe.run(document,
            {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']});
        return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
            nodes: v.nodes.slice(0, 5).map(n => n.target.join(' ') + ' :: ' + n.failureSummary)}));
    }""")
    return [v for v in result if v["impact"] in impacts]


def describe(violations: list[dict]) -> str:
    return "\n".join(f"{v['impact']} {v['id']}: {v['help']}\n    " + "\n    ".join(v["nodes"])
                     for v in violations)


# --- the site's page types ---------------------------------------------------------------

PAGE_TYPES = ("home", "field", "procedure", "announcement", "broadcast", "not_found")


def page_types(site: BuiltSite, code: str = "1.001193") -> dict[str, str]:
    """Site path of one page of each kind, found in the build's manifest (kind -> path)."""
    import json

    from outreach import paths

    manifest = json.loads((site.site_dir / paths.MANIFEST).read_text(encoding="utf-8"))
    pages: dict[str, list[dict]] = {}
    for artifact in manifest["artifacts"]:
        if artifact["kind"] == "page":
            pages.setdefault(artifact["page"], []).append(artifact)
    broadcast = [p for p in pages["announcement"] if "phat-thanh" in p["url"]]
    notice = [p for p in pages["announcement"] if p not in broadcast]
    return {
        "home": "",
        "field": sorted(p["url"] for p in pages["field"])[0],
        "procedure": procedure_path(code),
        "announcement": notice[0]["url"],
        "broadcast": pages["broadcast"][0]["url"],
        "broadcast_announcement": broadcast[0]["url"],
        "not_found": "404.html",
    }


# --- transfer sizes ----------------------------------------------------------------------

@dataclass
class Visit:
    """Every resource one page load fetched: (url, raw bytes, gzip bytes)."""

    resources: list[tuple[str, int, int]]

    @property
    def raw(self) -> int:
        return sum(r[1] for r in self.resources)

    @property
    def gzip(self) -> int:
        return sum(r[2] for r in self.resources)


def first_visit(page, url: str, settle_ms: int = 1500) -> Visit:
    """Load `url` in a fresh page and size every response it received, gzip level 6.

    Waits for the network to go quiet and a little longer, so lazy fetches made right after
    load (Material's search index, audio metadata) are counted too.
    """
    responses = []
    page.on("response", lambda response: responses.append(response))
    page.goto(url, wait_until="networkidle")
    page.wait_for_timeout(settle_ms)
    page.wait_for_load_state("networkidle")
    resources = []
    for response in responses:
        if not response.url.startswith("http") or response.status >= 300:
            continue
        try:
            body = response.body()
        except Exception:  # a media stream Chromium did not keep: count its declared size
            length = int(response.headers.get("content-length", 0))
            resources.append((response.url, length, length))
            continue
        resources.append((response.url, len(body), gzip_size(body)))
    return Visit(resources)

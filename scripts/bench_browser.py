"""What a citizen's browser downloads: search index size at N procedures and the transfer of a
first visit to a procedure page, measured in Debian's chromium (Playwright).

    python scripts/bench_browser.py --procedures 2000          # index size + first visit
    python scripts/bench_browser.py --procedures 2000 --no-browser
    python scripts/bench_browser.py --procedures 30 --lighthouse /tmp/lh/node_modules/lighthouse

Lighthouse is optional and not a dependency: `npm install lighthouse@12` in a scratch folder
(v12 runs on Node 20) and pass its folder; it drives the same Debian chromium, offline.

Sizes are raw bytes and gzip level 6 (what a static server with compression sends). The
synthetic catalogue comes from bench_site.make_project (the starter project's procedures repeated
under new codes); print and audio are off because only the website is measured.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "browser"))

from browser_support import (  # noqa: E402 - test helpers are the measuring tools
    CHROMIUM,
    CHROMIUM_ARGS,
    MISSING_CHROMIUM,
    Traffic,
    first_visit,
    gzip_size,
    open_context,
    serve,
)

from bench_site import make_project  # noqa: E402
from outreach.site.search import INDEX_PATH  # noqa: E402


def build(procedures: int, workdir: Path) -> tuple[Path, float]:
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config

    config = load_config(str(make_project(workdir / "project", procedures)))
    start = time.perf_counter()
    mkdocs_build(config)
    return Path(config["site_dir"]), time.perf_counter() - start


def measure_in_browser(site_dir: Path) -> dict:
    from playwright.sync_api import sync_playwright

    server, base = serve(site_dir)
    page_dir = next(p for p in sorted((site_dir / "thu-tuc").iterdir()) if p.is_dir())
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=str(CHROMIUM),
                                                 args=CHROMIUM_ARGS)
            traffic = Traffic()
            context = open_context(browser, traffic)
            visit = first_visit(context.new_page(), f"{base}thu-tuc/{page_dir.name}/")
            browser.close()
    finally:
        server.shutdown()
    return {"first_visit_raw": visit.raw, "first_visit_gzip": visit.gzip,
            "first_visit_requests": len(visit.resources), "foreign_requests": traffic.foreign,
            "resources": sorted(([u.removeprefix(base), r, g] for u, r, g in visit.resources),
                                key=lambda row: -row[2])}


def lighthouse(site_dir: Path, package: Path) -> dict:
    """Lighthouse's category scores for the first procedure page (mobile, simulated 4G)."""
    import os
    import subprocess

    server, base = serve(site_dir)
    page_dir = next(p for p in sorted((site_dir / "thu-tuc").iterdir()) if p.is_dir())
    out = site_dir.parent / "lighthouse.json"
    try:
        subprocess.run(
            ["node", str(package / "cli" / "index.js"), f"{base}thu-tuc/{page_dir.name}/",
             "--chrome-flags=--headless=new " + " ".join(CHROMIUM_ARGS),
             "--only-categories=accessibility,performance,best-practices",
             "--output=json", f"--output-path={out}", "--quiet"],
            check=True, timeout=300, env={**os.environ, "CHROME_PATH": str(CHROMIUM)})
    finally:
        server.shutdown()
    result = json.loads(out.read_text(encoding="utf-8"))
    failed = [name for name, audit in result["audits"].items()
              if audit.get("scoreDisplayMode") == "binary" and audit.get("score") == 0]
    return {"lighthouse": {name: category["score"]
                           for name, category in result["categories"].items()},
            "lighthouse_failed_audits": failed}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--procedures", type=int, default=2000)
    parser.add_argument("--no-browser", action="store_true")
    parser.add_argument("--lighthouse", type=Path, help="folder of an npm-installed lighthouse")
    parser.add_argument("--out", type=Path, default=Path("bench-out/browser.json"))
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="outreach-bench-") as tmp:
        site_dir, seconds = build(args.procedures, Path(tmp))
        index = (site_dir / INDEX_PATH).read_bytes()
        report = {"procedures": args.procedures, "build_seconds": round(seconds, 1),
                  "search_index_raw": len(index), "search_index_gzip": gzip_size(index)}
        if not args.no_browser:
            if not CHROMIUM.exists():
                print(MISSING_CHROMIUM, file=sys.stderr)
                return 2
            report |= measure_in_browser(site_dir)
            if args.lighthouse:
                report |= lighthouse(site_dir, args.lighthouse)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    for key, value in report.items():
        if key != "resources":
            print(f"{key:22} {value}")
    for url, raw, packed in report.get("resources", []):
        print(f"  {packed:>9} {raw:>9}  {url}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

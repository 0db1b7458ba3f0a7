"""Run queries against a built site's real search, outside a browser.

The site's search runs in a web worker (ours, served at the path of Material's) over the
prebuilt index in search/outreach/. `assets/search_harness.js` loads that same worker file in
Node, reading the index from disk, so tests see the ranking a citizen sees without a browser.
Browser tests in chromium remain the final word.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from importlib import resources
from pathlib import Path


def node_available() -> bool:
    return shutil.which("node") is not None


def search(site_dir: Path, queries: list[str], timeout: float = 120) -> dict[str, list[str]]:
    """{query: result locations, best first}, as the site's worker returns them."""
    harness = resources.files("outreach.site") / "assets" / "search_harness.js"
    with resources.as_file(harness) as script:
        done = subprocess.run(["node", str(script), str(site_dir), *queries], check=True,
                              capture_output=True, text=True, timeout=timeout)
    return json.loads(done.stdout)


def pages(locations: list[str]) -> list[str]:
    """Result locations reduced to page URLs ('thu-tuc/1-004222/#x' -> 'thu-tuc/1-004222/')."""
    seen: dict[str, None] = {}
    for location in locations:
        seen.setdefault(location.split("#", 1)[0])
    return list(seen)

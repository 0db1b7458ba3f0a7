"""Golden Markdown: the exact pages generated for the starter project, kept in tests/golden.

After an intended change to the generated pages, regenerate and review the diff:

    python -m outreach.site.golden
"""

from __future__ import annotations

import datetime as dt
import sys
import tempfile
from pathlib import Path

from ..catalogue.project import load_project
from ..messages import DEFAULT_COMMUNE, DEFAULT_PROVINCE
from ..paths import repo_root
from ..scaffold import scaffold
from .pages import generated_pages

TODAY = dt.date(2026, 11, 25)
GOLDEN_DIR = repo_root() / "tests" / "golden" / "pages"
# One procedure page and the A–Z list: enough to notice any change of structure or wording.
GOLDEN_PAGES = ("thu-tuc/1-001193.md", "thu-tuc/index.md")


def golden_pages() -> dict[str, str]:
    """The golden pages as generated now from a fresh scaffold (fixed date and names)."""
    with tempfile.TemporaryDirectory() as tmp:
        target = Path(tmp) / "xa"
        scaffold(target, DEFAULT_COMMUNE, DEFAULT_PROVINCE, today=TODAY)
        project = load_project(target / "mkdocs.yml", today=TODAY)
        pages = {p.src_uri: p.markdown for p in generated_pages(project)}
    return {uri: pages[uri] for uri in GOLDEN_PAGES}


def main() -> int:
    for uri, markdown in golden_pages().items():
        path = GOLDEN_DIR / uri
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(markdown.encode("utf-8"))
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

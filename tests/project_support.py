"""Constants and helpers shared by test modules (import this, never `conftest`: tests/browser
has its own conftest module, and whichever is imported first would shadow the other)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
TODAY = dt.date(2026, 11, 25)


def pages_only(project_dir: Path) -> None:
    """Turn PDFs and audio off in a scaffold project's mkdocs.yml (site pages only)."""
    config = project_dir / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace("print: true", "print: false")
                      .replace("speech: true", "speech: false"), encoding="utf-8")

"""Constants shared by test modules (import this, never `conftest`: tests/browser has its own
conftest module, and whichever is imported first would shadow the other)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
TODAY = dt.date(2026, 11, 25)

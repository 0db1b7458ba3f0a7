"""Office contact values that are still placeholders ("0233 3xxx xxx") and must not be published."""

from __future__ import annotations

import re

CONTACT_FIELDS = ("phone", "email", "address")
_PLACEHOLDER = re.compile(r"\d[ .]?x{2,}|x{3,}|…|\.\.\.", re.IGNORECASE)


def is_placeholder(value: str | None) -> bool:
    """True for values like '0233 3xxx xxx', '...', '000 000' that stand in for real ones."""
    if not value:
        return False
    return bool(_PLACEHOLDER.search(value) or re.fullmatch(r"[0 .]+", value))

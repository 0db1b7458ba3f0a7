"""Records imported from a province list still wait for staff to fill some fields in."""

from __future__ import annotations

from typing import Any

from ..errors import Problem
from . import messages
from .model import Catalogue

# What the importer writes where a list has no data; `check` finds these exact texts.
PENDING = messages.PENDING_VALUE


def pending_fields(catalogue: Catalogue) -> dict[str, list[str]]:
    """code -> names of fields that still hold the import placeholder."""
    out: dict[str, list[str]] = {}
    for p in catalogue.procedures:
        fields = [name for name, value in p.model_dump().items() if _holds_pending(value)]
        if fields:
            out[p.code] = fields
    return out


def _holds_pending(value: Any) -> bool:
    if isinstance(value, dict):
        return any(_holds_pending(v) for v in value.values())
    if isinstance(value, list):
        return any(_holds_pending(v) for v in value)
    return value == PENDING


def pending_warnings(catalogue: Catalogue, file: str) -> list[Problem]:
    """One warning per record, naming the fields staff must still write."""
    names = {p.code: p.name for p in catalogue.procedures}
    return [Problem(file, None, f"{code}.{fields[0]}",
                    messages.PENDING_WARNING.format(name=names[code], fields=", ".join(fields)),
                    "warning")
            for code, fields in pending_fields(catalogue).items()]

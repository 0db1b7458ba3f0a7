"""`outreach check --explain CODE`: which file and line each field of a procedure comes from."""

from __future__ import annotations

from ..catalogue import messages
from ..catalogue.overlay import Origin, explain, load_merged
from ..catalogue.project import Project


def origins(project: Project, code: str) -> list[Origin]:
    """Origins of every field of `code` in the project's (merged) catalogue."""
    display = project.settings.catalogue
    merged = load_merged(project.root / display, display)
    return explain(merged, code, display)


def explain_lines(project: Project, code: str) -> list[str]:
    """One line per field: `field  file:line  (role)`."""
    found = origins(project, code)
    name = project.by_code[code].name if code in project.by_code else ""
    width = max(len(o.field) for o in found)
    lines = [messages.EXPLAIN_TITLE.format(code=code, name=name)]
    for o in found:
        where = f"{o.file}:{o.line}" if o.line else o.file
        role = messages.EXPLAIN_ROLE_BASE if o.from_base else messages.EXPLAIN_ROLE_OWN
        lines.append(f"{o.field:<{width}}  {where}  ({role})")
    return lines

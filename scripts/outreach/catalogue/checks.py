"""Warnings for `outreach check`: what should not be published, or is out of date."""

from __future__ import annotations

import re
from urllib.parse import urlparse

from ..errors import Problem
from . import messages
from .contacts import CONTACT_FIELDS, is_placeholder
from .model import Change
from .overlay import load_merged, relocate
from .pending import pending_warnings
from .project import Project

# 12-digit citizen ID (số định danh cá nhân / CCCD), not part of a longer number.
CITIZEN_ID = re.compile(r"(?<![\d.])\d{12}(?![\d.])")
# Vietnamese mobile numbers: 0 or +84, then 3/5/7/8/9 and eight digits, spaces/dots allowed.
MOBILE = re.compile(r"(?<!\d)(?:\+84|0)[ .]?[35789](?:[ .]?\d){8}(?!\d)")


def digits(text: str) -> str:
    return re.sub(r"\D", "", text).removeprefix("84")


def _allowed_numbers(project: Project) -> set[str]:
    numbers = {p.hotline for p in project.catalogue.portals if p.hotline}
    if project.catalogue.office.phone:  # as written: outputs may hide a placeholder
        numbers.add(project.catalogue.office.phone)
    return {digits(n).lstrip("0") for n in numbers}


def personal_data(project: Project) -> list[Problem]:
    """12-digit ID numbers and personal mobiles in announcements (office numbers allowed)."""
    allowed = _allowed_numbers(project)
    problems = []
    for ann in project.announcements:
        for line_no, line in _lines(project, ann.file):
            for match in CITIZEN_ID.finditer(line):
                problems.append(Problem(ann.file, line_no, messages.BODY,
                                        messages.citizen_id(match.group()), "warning"))
            for match in MOBILE.finditer(line):
                if digits(match.group()).lstrip("0") not in allowed:
                    problems.append(Problem(ann.file, line_no, messages.BODY,
                                            messages.personal_mobile(match.group()), "warning"))
    return problems


def _lines(project: Project, display: str) -> list[tuple[int, str]]:
    text = project.text_of(display)
    return list(enumerate(text.splitlines(), start=1))


def stale_records(project: Project, catalogue_lines: dict[str, int]) -> list[Problem]:
    """Procedures never verified, or verified longer ago than stale_after_days."""
    file = project.settings.catalogue
    limit = project.settings.stale_after_days
    problems = []
    for p in project.catalogue.procedures:
        line = catalogue_lines.get(p.code)
        if p.verified is None:
            text = messages.NOT_VERIFIED.format(name=p.name)
            if p.checked:
                text += messages.NOT_VERIFIED_REASON.format(reason=p.checked)
            problems.append(Problem(file, line, f"{p.code}.verified", text, "warning"))
        elif project.is_stale(p):
            age = (project.today - p.verified).days
            problems.append(Problem(file, line, f"{p.code}.verified",
                                    messages.verified_long_ago(p.name, age, limit), "warning"))
    return problems


def retired_links(project: Project, catalogue_lines: dict[str, int]) -> list[Problem]:
    """Links that point at a portal marked retired (it no longer takes submissions)."""
    retired = {urlparse(p.url).hostname: p for p in project.catalogue.portals if p.retired}
    if not retired:
        return []
    problems = []
    url = re.compile(r"(?:https?://)?([a-z0-9.-]+\.gov\.vn)", re.IGNORECASE)
    for p in project.catalogue.procedures:
        host = urlparse(p.source).hostname
        if host in retired:
            problems.append(Problem(project.settings.catalogue, catalogue_lines.get(p.code),
                                    f"{p.code}.source", _retired_message(retired[host]), "warning"))
    for ann in project.announcements:
        for line_no, line in _lines(project, ann.file):
            for match in url.finditer(line):
                if match.group(1).lower() in retired:
                    problems.append(Problem(ann.file, line_no, messages.BODY,
                                            _retired_message(retired[match.group(1).lower()]),
                                            "warning"))
    return problems


def _retired_message(portal) -> str:
    return messages.retired_portal(portal.name, f"{portal.retired:%d/%m/%Y}")


def procedure_lines(project: Project) -> dict[str, int]:
    """Line of each procedure's `code:` in the catalogue, for warnings."""
    text = project.text_of(project.settings.catalogue)
    lines: dict[str, int] = {}
    pattern = re.compile(r"""^\s*-?\s*code:\s*["']?([\d.]+)""")
    for number, line in enumerate(text.splitlines(), start=1):
        match = pattern.match(line)
        if match:
            lines.setdefault(match.group(1), number)
    return lines


def placeholder_contacts(project: Project) -> list[Problem]:
    """Office numbers still holding a placeholder ("0233 3xxx xxx") must not be printed or aired."""
    office = project.catalogue.office  # the values as written, before outputs hide them
    problems = []
    for name in CONTACT_FIELDS:
        value = getattr(office, name) or ""
        if is_placeholder(value):
            problems.append(Problem(project.settings.catalogue, None, f"office.{name}",
                                    messages.placeholder_contact(value), "warning"))
    return problems


def verification_notes(project: Project) -> list[str]:
    """One line per verified record: code, name, date and what was compared (for staff)."""
    return [f"{p.code} {p.name}: "
            + messages.VERIFIED_AS.format(date=p.verified.isoformat(), checked=p.checked or "—")
            for p in project.catalogue.procedures if p.verified is not None]


def changes_due(project: Project, catalogue_lines: dict[str, int]) -> list[Problem]:
    """Announced changes whose date has come: the record still describes the old rules."""
    file = project.settings.catalogue
    problems = [_change_due(file, _top_level_line(project, "changes"), "changes", c)
                for c in project.catalogue.changes if c.from_ <= project.today]
    for p in project.catalogue.procedures:
        problems += [_change_due(file, catalogue_lines.get(p.code), f"{p.code}.changes", c)
                     for c in p.changes if c.from_ <= project.today]
    return problems


def _change_due(file: str, line: int | None, field: str, change: Change) -> Problem:
    return Problem(file, line, field,
                   messages.CHANGE_DUE.format(summary=change.summary.rstrip("."),
                                              date=f"{change.from_:%d/%m/%Y}"), "warning")


def _top_level_line(project: Project, key: str) -> int | None:
    text = project.text_of(project.settings.catalogue)
    for number, line in enumerate(text.splitlines(), start=1):
        if line.startswith(f"{key}:"):
            return number
    return None


# Link forms reported dead on dichvucong.gov.vn (checked by people clicking, 2026): the old
# `?ma_thu_tuc=` deep links took the portal's internal number, and the `/p/home/dvc-…html`
# pages of the pre-2026 portal are gone.
DEAD_TEMPLATE_FORMS = ("ma_thu_tuc=", "dvc-tthc-thu-tuc-hanh-chinh.html",
                       "dvc-chi-tiet-thu-tuc-hanh-chinh.html")


def dead_portal_templates(project: Project) -> list[Problem]:
    """Portal `procedure_url` templates of a form known to lead to an error page."""
    problems = []
    for i, portal in enumerate(project.catalogue.portals):
        template = portal.procedure_url or ""
        for form in DEAD_TEMPLATE_FORMS:
            if form in template:
                line = _line_containing(project, template)
                problems.append(Problem(project.settings.catalogue, line,
                                        f"portals.{i}.procedure_url",
                                        messages.DEAD_PORTAL_TEMPLATE.format(
                                            template=template, form=f"“{form}”",
                                            portal=portal.name), "warning"))
                break
    return problems


def _line_containing(project: Project, needle: str) -> int | None:
    text = project.text_of(project.settings.catalogue)
    for number, line in enumerate(text.splitlines(), start=1):
        if needle in line:
            return number
    return None


def all_warnings(project: Project) -> list[Problem]:
    lines = procedure_lines(project)
    found = (placeholder_contacts(project) + personal_data(project)
             + dead_portal_templates(project) + changes_due(project, lines)
             + stale_records(project, lines) + retired_links(project, lines)
             + pending_warnings(project.catalogue, project.settings.catalogue))
    # Overlays: a warning about a base procedure names the base file and line.
    display = project.settings.catalogue
    merged = project.origins or load_merged(project.root / display, display)
    return relocate(found, merged, display)

"""What goes on each printed document: pure functions from the project model to a job.

A job names its template, its context and the file and field to blame when it
cannot be printed; rendering is done elsewhere (render.py).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any, Literal

import markdown
from markupsafe import Markup

from .. import paths
from ..catalogue.announcements import Announcement
from ..catalogue.model import Procedure
from ..catalogue.project import Project
from ..errors import InvalidInput, Problem
from . import messages
from .formats import fee_text, nfc, official_date, recipient_lines
from .qr import LazyQR

DocKind = Literal["notice", "leaflet", "guide"]
# Two inside panels hold the featured procedures, two each: a third with four steps
# does not fit a panel at 11 pt (measured), and the overflow check would refuse it.
MAX_FEATURED = 4
VNEID_HOTLINE = "1900 0368"


@dataclass(frozen=True)
class Job:
    """One PDF to make: which template, with what data, and who to blame if it fails."""

    kind: DocKind
    source: str  # announcement id or procedure code
    path: str  # relative to out_dir, per outreach.paths
    template: str
    context: dict[str, Any]
    file: str  # user file named in errors
    field: str  # field named in errors about length
    max_pages: int | None = None
    exact_pages: int | None = None
    compact_fallback: bool = False
    # `field` is an attribute name here, so spell out dataclasses.field.
    warnings: list[Problem] = dataclasses.field(default_factory=list)


def markdown_html(text: str) -> Markup:
    """Announcement Markdown to HTML; catalogue values in it are already escaped."""
    html = markdown.markdown(nfc(text), extensions=["sane_lists", "tables"],
                             output_format="html")
    return Markup(html)


def _office(project: Project) -> dict[str, Any]:
    office = project.office
    return {**office.model_dump(), "name_upper": office.name.upper(),
            "parent_upper": (office.parent or "").upper()}


def _hotlines(project: Project) -> list[dict[str, str]]:
    lines = [{"name": p.name, "number": p.hotline}
             for p in project.catalogue.portals if p.hotline and p.retired is None]
    return lines


def _procedure(project: Project, procedure: Procedure) -> dict[str, Any]:
    url = project.procedure_url(procedure)
    level = project.level(procedure)
    return {**procedure.model_dump(), "level": level.model_dump(), "url": url,
            "fee_text": fee_text(procedure.fee), "qr": LazyQR(url)}


def _base(project: Project, title: str) -> dict[str, Any]:
    return {"office": _office(project), "portal": project.portal.model_dump(),
            "meta": {"title": nfc(title), "author": project.office.name}}


def notice_job(project: Project, announcement: Announcement) -> Job:
    """A Decree 30/2020 notice; refuses one without number, date or signer."""
    front = announcement.front
    missing = [name for name in ("number", "date", "signer") if getattr(front, name) is None]
    if missing:
        raise InvalidInput([Problem(announcement.file, 2, name,
                                    messages.MISSING_NOTICE_FIELD.format(field=name))
                            for name in missing])
    assert front.signer is not None and front.number is not None  # checked above, for mypy
    signer = front.signer
    context = {
        **_base(project, front.title),
        "number": front.number,
        "date_line": official_date(project.office.place, front.date),
        "title": front.title,
        "to": front.to,
        "body": markdown_html(announcement.body),
        "recipients": recipient_lines(front.recipients),
        "signer": {"on_behalf": (signer.on_behalf or "").upper(),
                   "deputy": (signer.deputy or "").upper(),
                   "position": signer.position.upper(), "name": signer.name},
    }
    return Job("notice", announcement.id, paths.announcement_pdf(announcement.id),
               "notice.html", context, announcement.file, messages.BODY)


def leaflet_job(project: Project, announcement: Announcement) -> Job:
    """A tri-fold leaflet; refuses too few or too many featured procedures."""
    codes = announcement.featured_codes
    if not codes or len(codes) > MAX_FEATURED:
        message = (messages.NO_FEATURED if not codes else
                   messages.TOO_MANY_FEATURED.format(limit=MAX_FEATURED, count=len(codes)))
        raise InvalidInput([Problem(announcement.file, 2, "procedures", message)])
    warnings = []
    site_url = project.settings.site_url
    if not site_url:
        warnings.append(Problem("mkdocs.yml", None, "site_url",
                                messages.NO_SITE_URL.format(leaflet=announcement.file),
                                severity="warning"))
    featured = [_procedure(project, project.by_code[c]) for c in codes]
    # The middle panel also carries the heading, so the right panel takes the odd one.
    half = len(featured) // 2
    context = {
        **_base(project, announcement.front.title),
        "title": announcement.front.title,
        "summary": announcement.front.summary,
        "body": markdown_html(announcement.body),
        "levels": [lv.model_dump() for lv in project.levels.values()],
        "accounts": [a.model_dump() for a in project.catalogue.accounts],
        "featured_left": featured[:half],
        "featured_right": featured[half:],
        "site_url": site_url,
        "site_qr": LazyQR(site_url) if site_url else None,
        "hotlines": _hotlines(project),
        "vneid_hotline": VNEID_HOTLINE,
    }
    return Job("leaflet", announcement.id, paths.announcement_pdf(announcement.id),
               "leaflet.html", context, announcement.file, "procedures",
               exact_pages=2, warnings=warnings)


def guide_job(project: Project, procedure: Procedure) -> Job:
    """A one-page guide for the one-stop desk to hand a citizen."""
    context = {
        **_base(project, messages.GUIDE_TITLE.format(name=procedure.name)),
        "procedure": _procedure(project, procedure),
        "hotlines": _hotlines(project),
    }
    return Job("guide", procedure.code, paths.guide_pdf(procedure.code), "guide.html",
               context, project.settings.catalogue, f"procedures[{procedure.code}]",
               max_pages=1, compact_fallback=True)


def jobs_for(project: Project, only: frozenset[str] | None) -> tuple[list[Job], list[Problem]]:
    """Every job of the project (limited to `only` ids/codes), and the problems found."""
    jobs: list[Job] = []
    problems: list[Problem] = []
    for announcement in project.announcements:
        if only is not None and announcement.id not in only:
            continue
        maker = {"notice": notice_job, "leaflet": leaflet_job}.get(announcement.front.kind)
        if maker is None:
            continue
        try:
            jobs.append(maker(project, announcement))
        except InvalidInput as exc:
            problems += exc.problems
    for procedure in project.catalogue.procedures:
        if only is None or procedure.code in only:
            jobs.append(guide_job(project, procedure))
    return jobs, problems

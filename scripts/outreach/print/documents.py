"""What goes on each printed document: pure functions from the project model to a job.

A job names its template, its context and the file and field to blame when it
cannot be printed; rendering is done elsewhere (render.py).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from functools import partial
from typing import Any, Literal

from markupsafe import Markup

from .. import paths
from ..catalogue.announcements import Announcement
from ..catalogue.model import Procedure
from ..catalogue.project import PROCEDURE_TABLE_MARKER, Project
from ..errors import InvalidInput, Problem
from ..markup import inline_html, to_html
from . import header, messages
from .assets import PrintAssets
from .formats import fee_text, nfc, official_date, recipient_lines
from .measure import FontMetrics
from .qr import QR, qr_svg

DocKind = Literal["notice", "leaflet", "guide", "quickref"]
# Two inside panels hold the featured procedures, two each: a third with four steps
# does not fit a panel at 11 pt (measured), and the overflow check would refuse it.
MAX_FEATURED = 4
VNEID_HOTLINE = "1900 0368"
# A notice longer than this is a report, not a notice: split it or move detail to an annex.
NOTICE_MAX_PAGES = 3


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
    """Announcement Markdown to HTML for paper (the site's converter, links spelled out)."""
    return to_html(text, for_print=True)


def _office(project: Project) -> dict[str, Any]:
    """The office as printed: placeholder contacts already left out by the project."""
    office = project.office
    return {**office.model_dump(), "name_upper": nfc(office.name).upper(),
            "parent_upper": nfc(office.parent or "").upper(),
            "contact_note": project.contact_note,
            "withheld": project.withheld_contacts}


def _hotlines(project: Project) -> list[dict[str, str]]:
    lines = [{"name": p.name, "number": p.hotline}
             for p in project.catalogue.portals if p.hotline and p.retired is None]
    return lines


def _procedure(project: Project, procedure: Procedure, qr: QR = qr_svg) -> dict[str, Any]:
    url = project.procedure_url(procedure)
    level = project.level(procedure)
    view = procedure.model_dump()
    # Step details are Markdown, like on the site.
    view["steps"] = [{**step, "detail_html": inline_html(step["detail"], for_print=True)
                      if step.get("detail") else None} for step in view["steps"]]
    return {**view, "level": level.model_dump(), "url": url,
            "fee_text": fee_text(procedure.fee), "qr": qr(url)}


def _base(project: Project, title: str) -> dict[str, Any]:
    return {"office": _office(project), "portal": project.portal.model_dump(),
            "meta": {"title": nfc(title), "author": project.office.name}}


def header_context(project: Project, assets: PrintAssets) -> dict[str, Any]:
    """Column widths and the broken lines of the parent and issuing bodies' names.

    Refuses a name that cannot fit the authority column even on three lines, naming the
    catalogue field, because a clipped or overlapping header cannot be signed.
    """
    regular = assets.metrics("LiberationSerif-Regular.ttf")
    bold = assets.metrics("LiberationSerif-Bold.ttf")
    office = _office(project)
    column = header.ISSUER_COLUMN_MM
    size = header.ISSUER_SIZE_PT
    problems = []
    names: dict[str, header.BrokenName | None] = {"parent": None, "office": None}
    for key, text, metrics in (("parent", office["parent_upper"], regular),
                               ("office", office["name_upper"], bold)):
        if not text:
            continue
        try:
            names[key] = header.break_name(text, partial(_width, metrics, size), column)
        except header.NameTooLong:
            field = "office.parent" if key == "parent" else "office.name"
            problems.append(Problem(project.settings.catalogue, None, field,
                                    messages.NAME_TOO_LONG.format(name=text, lines=header.MAX_LINES,
                                                                  width=round(column))))
    if problems:
        raise InvalidInput(problems)
    issuer = names["office"]
    assert issuer is not None  # office.name is required
    return {"issuer_mm": round(header.ISSUER_COLUMN_MM, 1),
            "motto_mm": round(header.MOTTO_COLUMN_MM, 1),
            "issuer_pt": header.ISSUER_SIZE_PT, "nation_pt": header.NATION_SIZE_PT,
            "parent_lines": names["parent"].lines if names["parent"] else (),
            "office_lines": issuer.lines, "rule_mm": header.rule_width_mm(issuer)}


def _width(metrics: FontMetrics, size: float, text: str) -> float:
    return metrics.width_mm(text, size)


def _table_rows(project: Project, announcement: Announcement,
                qr: QR = qr_svg) -> list[dict[str, Any]]:
    table = announcement.front.table
    if table is None:
        return []
    codes = table.procedures or list(announcement.featured_codes)
    return [_procedure(project, project.by_code[code], qr) for code in codes]


def notice_body(project: Project, announcement: Announcement, rows: list[dict[str, Any]],
                table_html: Markup) -> Markup:
    """The body as HTML with the procedure table where the text asks for it (or at its end)."""
    body = str(markdown_html(announcement.body))
    if not rows:
        return Markup(body.replace(PROCEDURE_TABLE_MARKER, ""))
    if PROCEDURE_TABLE_MARKER in body:
        return Markup(body.replace(PROCEDURE_TABLE_MARKER, str(table_html), 1)
                      .replace(PROCEDURE_TABLE_MARKER, ""))
    return Markup(body + str(table_html))


def notice_job(project: Project, announcement: Announcement,
               assets: PrintAssets | None = None, qr: QR = qr_svg) -> Job:
    """A Decree 30/2020 notice; refuses one without number, date or signer."""
    front = announcement.front
    missing = [name for name in ("number", "date", "signer") if getattr(front, name) is None]
    if missing:
        raise InvalidInput([Problem(announcement.file, 2, name,
                                    messages.MISSING_NOTICE_FIELD.format(field=name))
                            for name in missing])
    assert front.signer is not None and front.number is not None  # checked above, for mypy
    assets = assets or PrintAssets.for_project(project.root)
    signer = front.signer
    rows = _table_rows(project, announcement, qr)
    context = {
        **_base(project, front.title),
        "header": header_context(project, assets),
        "number": front.number,
        "date_line": official_date(project.office.place, front.date),
        "title": front.title,
        "to": front.to,
        "table": {"rows": rows, "qr": bool(front.table and front.table.qr)},
        "recipients": recipient_lines(front.recipients),
        "signer": {"on_behalf": (signer.on_behalf or "").upper(),
                   "deputy": (signer.deputy or "").upper(),
                   "position": signer.position.upper(), "name": signer.name},
    }
    # The body goes in last: the table inside it is rendered from the notice templates.
    context["body"] = notice_body(project, announcement, rows,
                                  _render_table(assets, context) if rows else Markup(""))
    return Job("notice", announcement.id, paths.announcement_pdf(announcement.id),
               "notice.html", context, announcement.file, messages.FIELD_BODY,
               max_pages=NOTICE_MAX_PAGES)


def _render_table(assets: PrintAssets, context: dict[str, Any]) -> Markup:
    template = assets.environment.get_template("procedure_table.html")
    return Markup(template.render(**context))


def leaflet_job(project: Project, announcement: Announcement, qr: QR = qr_svg) -> Job:
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
    featured = [_procedure(project, project.by_code[c], qr) for c in codes]
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
        "site_qr": qr(site_url) if site_url else None,
        "hotlines": _hotlines(project),
        "vneid_hotline": VNEID_HOTLINE,
    }
    return Job("leaflet", announcement.id, paths.announcement_pdf(announcement.id),
               "leaflet.html", context, announcement.file, "procedures",
               exact_pages=2, warnings=warnings)


def guide_job(project: Project, procedure: Procedure, qr: QR = qr_svg) -> Job:
    """A one-page guide for the one-stop desk to hand a citizen."""
    context = {
        **_base(project, messages.GUIDE_TITLE.format(name=procedure.name)),
        "procedure": _procedure(project, procedure, qr),
        "hotlines": _hotlines(project),
    }
    return Job("guide", procedure.code, paths.guide_pdf(procedure.code), "guide.html",
               context, project.settings.catalogue, f"procedures[{procedure.code}]",
               max_pages=1, compact_fallback=True)


def quick_reference_job(title: str, issuer: str, body_html: Markup, file: str,
                        path: str) -> Job:
    """The one-page staff quick reference (the handbook's summary), pinned beside the PC."""
    context = {"meta": {"title": nfc(title), "author": nfc(issuer)}, "title": nfc(title),
               "issuer": nfc(issuer), "body": body_html}
    return Job("quickref", "quickref", path, "quickref.html", context, file,
               messages.QUICKREF_FIELD, max_pages=1, compact_fallback=True)


def jobs_for(project: Project, only: frozenset[str] | None,
             assets: PrintAssets | None = None,
             qr: QR = qr_svg) -> tuple[list[Job], list[Problem]]:
    """Every job of the project (limited to `only` ids/codes), and the problems found.

    `qr` draws the QR codes (a build passes one backed by the render cache).
    """
    assets = assets or PrintAssets.for_project(project.root)
    jobs: list[Job] = []
    problems: list[Problem] = []
    for announcement in project.announcements:
        if only is not None and announcement.id not in only:
            continue
        kind = announcement.front.kind
        if kind not in ("notice", "leaflet"):
            continue
        try:
            jobs.append(notice_job(project, announcement, assets, qr) if kind == "notice"
                        else leaflet_job(project, announcement, qr))
        except InvalidInput as exc:
            problems += exc.problems
    for procedure in project.catalogue.procedures:
        if only is None or procedure.code in only:
            jobs.append(guide_job(project, procedure, qr))
    return jobs, problems

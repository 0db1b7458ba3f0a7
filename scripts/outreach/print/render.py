"""HTML -> PDF with WeasyPrint, plus the layout checks that refuse a clipped document."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import jinja2
import weasyprint

from ..errors import InvalidInput, Problem
from . import messages
from .assets import PrintAssets, RefusedURL
from .documents import Job

PT_PER_MM = 72 / 25.4
# Bump when the rendering code changes in a way templates don't show.
RENDERER_VERSION = 1
PDF_OPTIONS: dict[str, Any] = {"pdf_tags": True}


@dataclass
class RenderCounter:
    """How many times WeasyPrint actually ran (tests and the benchmark read it)."""

    pdfs: int = 0


counter = RenderCounter()


def page_html(job: Job, assets: PrintAssets, compact: bool = False) -> str:
    """The full HTML of a job: template + inlined CSS + bundled @font-face rules."""
    try:
        styles = "\n".join([assets.font_face_css, assets.template_source("common.css"),
                            assets.template_source(f"{job.kind}.css")])
        template = assets.environment.get_template(job.template)
        return template.render(**job.context, styles=styles, compact=compact)
    except LookupError as exc:  # our own "template/font missing" messages
        raise InvalidInput([Problem(job.file, None, "", str(exc))]) from None
    except jinja2.TemplateNotFound as exc:
        raise InvalidInput([Problem(job.file, None, "",
                                    messages.TEMPLATE_MISSING.format(name=exc.name))]) from None
    except jinja2.TemplateError as exc:
        where = f"{getattr(exc, 'filename', None) or job.template}:{getattr(exc, 'lineno', '')}"
        raise InvalidInput([Problem(job.file, None, "", messages.TEMPLATE_ERROR.format(
            detail=f"{where}: {exc}"))]) from None


def cache_key(html: str, assets: PrintAssets) -> list[Any]:
    """Everything that decides the PDF bytes (the HTML already holds data, templates, CSS)."""
    return ["pdf", RENDERER_VERSION, weasyprint.__version__, PDF_OPTIONS, assets.font_hashes,
            html]


def render_document(html: str, job: Job, assets: PrintAssets) -> weasyprint.Document:
    """Lay out the HTML; a refused URL becomes a clear error naming the user's file."""
    base = assets.template_dirs[0] if assets.template_dirs else None
    try:
        counter.pdfs += 1
        return weasyprint.HTML(string=html, base_url=str(base) + "/" if base else None,
                               url_fetcher=assets.fetcher()).render(**PDF_OPTIONS)
    except RefusedURL as exc:
        raise InvalidInput([Problem(job.file, None, "", str(exc))]) from None


def layout_problems(document: weasyprint.Document, job: Job) -> list[Problem]:
    """Page-count and panel-overflow problems; empty when the layout is right."""
    pages = len(document.pages)
    if job.exact_pages is not None and pages != job.exact_pages:
        return [Problem(job.file, 2, job.field, messages.LEAFLET_PAGES.format(pages=pages))]
    if job.max_pages is not None and pages > job.max_pages:
        return [Problem(job.file, None, job.field,
                        messages.GUIDE_TOO_LONG.format(code=job.source))]
    return [Problem(job.file, 2, field, messages.PANEL_OVERFLOW.format(
                panel=label, excess=f"{excess / PT_PER_MM * 0.75:.0f}"))
            for label, field, excess in panel_overflows(document)]


def panel_overflows(document: weasyprint.Document) -> list[tuple[str, str, float]]:
    """(panel label, field to blame, excess in CSS px) for each `.panel` whose content
    reaches past its fixed box. WeasyPrint lays out the overflow instead of clipping,
    so the descendants' boxes tell us how far it went."""
    found = []
    for page in document.pages:
        for box in page._page_box.descendants():
            element = getattr(box, "element", None)
            if element is None or "panel" not in (element.get("class") or "").split():
                continue
            if not hasattr(box, "content_box_y") or box.element_tag != "section":
                continue
            limit = box.content_box_y() + box.height
            bottom = max((_bottom(d) for d in box.descendants() if d is not box), default=0)
            if bottom > limit + 0.5:
                found.append((element.get("data-label") or "một mặt gấp",
                              element.get("data-field") or "nội dung", bottom - limit))
    return found


def _bottom(box: Any) -> float:
    try:
        return box.position_y + box.margin_height()
    except (AttributeError, TypeError):
        return 0.0


def render_pdf(job: Job, assets: PrintAssets) -> tuple[str, bytes, int]:
    """(html, PDF bytes, page count) for a job, trying a compact layout if allowed."""
    html = page_html(job, assets)
    document = render_document(html, job, assets)
    problems = layout_problems(document, job)
    if problems and job.compact_fallback:
        html = page_html(job, assets, compact=True)
        document = render_document(html, job, assets)
        problems = layout_problems(document, job)
    if problems:
        raise InvalidInput(problems)
    try:
        data = document.write_pdf(**PDF_OPTIONS)
    except RefusedURL as exc:
        raise InvalidInput([Problem(job.file, None, "", str(exc))]) from None
    return html, data, len(document.pages)

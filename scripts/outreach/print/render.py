"""HTML -> PDF with WeasyPrint, plus the layout checks that refuse a clipped document."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
import weasyprint

from ..errors import InvalidInput, Problem
from . import messages
from .assets import FONT_FACES, PrintAssets, RefusedURL
from .documents import Job

# Bump when the rendering code changes in a way templates don't show.
RENDERER_VERSION = 2
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
    """Everything that decides the PDF bytes (the HTML already holds data, templates, CSS).

    No absolute path enters the key (the cache may be shared by communes and CI machines):
    font URLs become their content hashes, and files the templates may link to (images)
    count by content.
    """
    for (name, _, _), digest in zip(FONT_FACES, assets.font_hashes, strict=True):
        html = html.replace(assets.font_file(name).resolve().as_uri(), f"font-sha256:{digest}")
    return ["pdf", RENDERER_VERSION, weasyprint.__version__, PDF_OPTIONS, assets.font_hashes,
            _files_digest(assets.template_dirs), html]


def _files_digest(folders: tuple[Path, ...]) -> list[str]:
    """Content hash of every file in the template folders, by relative name, in order."""
    digests = []
    for folder in folders:
        digest = hashlib.sha256()
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            digest.update(path.relative_to(folder).as_posix().encode() + b"\0")
            digest.update(hashlib.sha256(path.read_bytes()).digest())
        digests.append(digest.hexdigest())
    return digests


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
        if job.kind == "notice":
            return [Problem(job.file, None, job.field, messages.NOTICE_TOO_LONG.format(
                pages=pages, limit=job.max_pages))]
        return [Problem(job.file, None, job.field,
                        messages.GUIDE_TOO_LONG.format(code=job.source))]
    return [Problem(job.file, 2, field, messages.PANEL_OVERFLOW.format(panel=label))
            for label, field in panel_overflows(document)]


def panel_overflows(document: weasyprint.Document) -> list[tuple[str, str]]:
    """(panel label, field to blame) for each `.panel` whose content does not fit its box.

    WeasyPrint does not clip an over-full fixed-size box: it lets content run past
    the box, cuts it at the page edge, carries the rest over to the next page, or drops
    blocks that cannot be split. So a panel fits only if every element inside it was
    laid out on the panel's own page and none ends below the panel's padding edge.
    """
    rendered = {id(b.element) for page in document.pages for b in _walk(page._page_box)
                if getattr(b, "element", None) is not None}
    found: dict[int, tuple[str, str]] = {}
    first_page: dict[int, int] = {}
    for number, page in enumerate(document.pages):
        page_bottom = page._page_box.content_box_y() + page._page_box.height
        for box in _with_element(_walk(page._page_box)):
            element = box.element
            if box.element_tag != "section" or "panel" not in (element.get("class") or "").split():
                continue
            limit = min(box.content_box_y() + box.height,
                        page_bottom - box.padding_bottom - box.border_bottom_width)
            inner = [d for d in _with_element(_walk(box)) if d.element is not element]
            too_low = any(_bottom(d) > limit + 0.5 for d in inner)
            dropped = any(id(e) not in rendered for e in _laid_out_elements(element))
            # A panel continued on the next sheet would print on the wrong side of the paper.
            split = first_page.setdefault(id(element), number) != number
            if too_low or dropped or split:
                found[id(element)] = (element.get("data-label") or messages.A_PANEL,
                                      element.get("data-field") or messages.FIELD_BODY)
    return list(found.values())


# Elements that never get a box of their own.
_NO_BOX_TAGS = {"br", "wbr", "title", "style", "script", "template"}


def _laid_out_elements(element: Any) -> list[Any]:
    """Descendants that should each produce a box (an inline <svg> is one box)."""
    found = []
    for child in element:
        if not isinstance(child.tag, str):
            continue
        tag = child.tag.rsplit("}", 1)[-1]  # inline SVG tags carry a namespace
        if tag in _NO_BOX_TAGS:
            continue
        found.append(child)
        if tag != "svg":
            found += _laid_out_elements(child)
    return found


def _walk(box: Any) -> Iterator[Any]:
    """Every box under `box`, including those of absolutely positioned elements
    (WeasyPrint's own descendants() stops at their placeholders)."""
    yield box
    for child in getattr(box, "children", None) or ():
        yield from _walk(child)


def _with_element(boxes: Any) -> list[Any]:
    return [b for b in boxes if getattr(b, "element", None) is not None]


def _bottom(box: Any) -> float:
    try:
        return box.position_y + box.margin_height()
    except (AttributeError, TypeError):
        return 0.0


@dataclass(frozen=True)
class PageSummary:
    """What one laid-out notice page holds: body lines, and whether the closing is there."""

    body_lines: int
    has_closing: bool


def notice_pages(document: weasyprint.Document) -> list[PageSummary]:
    """Per page, the number of body text lines and whether Nơi nhận/signature sit on it.

    Used to prove that the signature block never stands alone on a page.
    """
    return [_summarise(page._page_box) for page in document.pages]


def _summarise(page_box: Any) -> PageSummary:
    lines = 0
    closing = False

    def visit(box: Any, in_body: bool) -> None:
        nonlocal lines, closing
        classes = (getattr(box, "element", None) is not None
                   and (box.element.get("class") or "").split()) or []
        if "closing" in classes and box.element_tag == "table":
            closing = True
        in_body = in_body or ("body" in classes and box.element_tag == "div")
        if in_body and type(box).__name__ == "LineBox":
            lines += 1
            return
        for child in getattr(box, "children", None) or ():
            visit(child, in_body)

    visit(page_box, False)
    return PageSummary(lines, closing)


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

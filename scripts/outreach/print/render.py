"""HTML -> PDF with WeasyPrint, plus the layout checks that refuse a clipped document.

Imported only when a PDF must be rendered: a build served from the cache never loads WeasyPrint.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import weasyprint
from weasyprint.text.fonts import FontConfiguration

from ..artifacts import Cache
from ..errors import InvalidInput, Problem
from . import messages
from .assets import PrintAssets
from .build import CACHE_NAMESPACE
from .compose import PDF_OPTIONS, has_skeleton, html_cache_key, job_styles, page_html
from .documents import Job
from .fetch import RefusedURL


def render_document(html: str, job: Job, assets: PrintAssets) -> weasyprint.Document:
    """Lay out the HTML; a refused URL becomes a clear error naming the user's file.

    The renders of a process share a font configuration (each bundled font is loaded once)
    and parse each kind's CSS once, while the project's fonts and templates stay the same:
    the page's own <style> block is taken out and the same CSS given, already parsed, as its
    only stylesheet. Templates that add stylesheets of their own are laid out as written, so
    the cascade never changes.
    """
    base = assets.template_dirs[0] if assets.template_dirs else None
    base_url = str(base) + "/" if base else None
    fonts, parsed = _renderer(assets.template_dirs, assets.font_dirs, assets.font_hashes,
                              assets.template_digests, threading.get_ident())
    styles = job_styles(job, assets)
    try:
        if html.count(styles) == 1 and html.count("<style") == 1 and "stylesheet" not in html:
            if styles not in parsed:
                parsed[styles] = weasyprint.CSS(string=styles, base_url=base_url,
                                                url_fetcher=assets.fetcher(), font_config=fonts)
            return weasyprint.HTML(string=html.replace(styles, ""), base_url=base_url,
                                   url_fetcher=assets.fetcher()).render(
                stylesheets=[parsed[styles]], font_config=fonts, **PDF_OPTIONS)
        return weasyprint.HTML(string=html, base_url=base_url,
                               url_fetcher=assets.fetcher()).render(font_config=fonts,
                                                                    **PDF_OPTIONS)
    except RefusedURL as exc:
        raise InvalidInput([Problem(job.file, None, "", str(exc))]) from None


@functools.lru_cache(maxsize=4)
def _renderer(template_dirs: tuple[Path, ...], font_dirs: tuple[Path, ...],
              font_hashes: tuple[str, ...], template_digests: tuple[str, ...],
              thread: int) -> tuple[FontConfiguration, dict[str, weasyprint.CSS]]:
    """A font configuration and a parsed-CSS memo for renders with these folders, fonts and
    templates (by content), in this thread: the communes a batch worker builds one after the
    other set up fontconfig and parse the CSS once, not once each (a fifth of a changed
    guide's cost). Threads (the studio's builds) never share one: Pango is not thread-safe."""
    return FontConfiguration(), {}


def layout_problems(document: weasyprint.Document, job: Job) -> list[Problem]:
    """Page-count and panel-overflow problems; empty when the layout is right."""
    pages = len(document.pages)
    if job.exact_pages is not None and pages != job.exact_pages:
        return [Problem(job.file, 2, job.field, messages.LEAFLET_PAGES.format(pages=pages))]
    if job.max_pages is not None and pages > job.max_pages:
        if job.kind == "notice":
            return [Problem(job.file, None, job.field, messages.NOTICE_TOO_LONG.format(
                pages=pages, limit=job.max_pages))]
        if job.kind == "quickref":
            return [Problem(job.file, None, job.field, messages.QUICKREF_TOO_LONG.format(
                section=job.field))]
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


@dataclass(frozen=True)
class SkeletonVerdicts:
    """Whether a guide's skeleton (`compose.skeleton_context`) overflows the normal size, kept
    in the render cache. Most of a province base's guides overflow it (24 of the reference's
    30), and every commune lays out its own guide: a guide whose skeleton is known to
    overflow goes compact at once, which halves each commune's print work after a base edit.
    Used only where communes share the cache: a guide that overflows has its skeleton laid
    out once, for the communes that come after."""

    cache: Cache

    def known(self, key: str) -> bool | None:
        stored = self.cache.get(CACHE_NAMESPACE, key, ".overflows", count=False)
        return None if stored is None else stored == b"1"

    def remember(self, key: str, overflows: bool) -> None:
        self.cache.put(CACHE_NAMESPACE, key, ".overflows", b"1" if overflows else b"0")


def render_pdf(job: Job, assets: PrintAssets,
               verdicts: SkeletonVerdicts | None = None) -> tuple[str, bytes, int]:
    """(html, PDF bytes, page count) for a job, trying a compact layout if allowed.

    The compact layout is used when the normal one does not fit; `verdicts` may tell that
    without laying out the normal one (the same document: a skeleton that overflows proves
    the guide does)."""
    skeleton = _skeleton_key(job, assets) if verdicts is not None else None
    known = verdicts.known(skeleton) if verdicts is not None and skeleton else None
    problems: list[Problem] = []
    if not known:
        html = page_html(job, assets)
        document = render_document(html, job, assets)
        problems = layout_problems(document, job)
    if (known or problems) and job.compact_fallback:
        if verdicts is not None and skeleton and known is None:
            outline = page_html(job, assets, skeleton=True)
            verdicts.remember(skeleton, bool(layout_problems(
                render_document(outline, job, assets), job)))
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


def _skeleton_key(job: Job, assets: PrintAssets) -> str | None:
    if not has_skeleton(job, assets):
        return None
    return Cache.key("guide-skeleton", *html_cache_key(page_html(job, assets, skeleton=True),
                                                       assets))

"""The HTML of a print job and its cache key: everything decided before WeasyPrint runs.

Nothing here imports WeasyPrint, so a build whose PDFs are all cached never loads it.
"""

from __future__ import annotations

from importlib import metadata
from typing import Any

import jinja2

from ..artifacts import Cache
from ..errors import InvalidInput, Problem
from . import messages
from .assets import PrintAssets
from .documents import Job

# Bump when the rendering code changes in a way templates don't show.
RENDERER_VERSION = 1
PDF_OPTIONS: dict[str, Any] = {"pdf_tags": True}


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


def input_key(job: Job, assets: PrintAssets) -> str:
    """Everything the HTML is made of: the job's data and layout rules, every template file,
    the fonts and the renderer. Computed without rendering the HTML (or drawing a QR code),
    so a warm build spends next to nothing on PDFs that are already cached."""
    return Cache.key("pdf-input", RENDERER_VERSION, weasyprint_version(), PDF_OPTIONS,
                     assets.font_hashes, assets.template_hashes, job.kind, job.template,
                     job.max_pages, job.exact_pages, job.compact_fallback, job.context)


def html_key(html: str, assets: PrintAssets) -> str:
    """Everything that decides the PDF bytes: the HTML (data, templates, CSS), the fonts and
    the renderer. Data the document does not show leaves it unchanged: nothing re-renders."""
    return Cache.key("pdf", RENDERER_VERSION, weasyprint_version(), PDF_OPTIONS,
                     assets.font_hashes, html)


def weasyprint_version() -> str:
    """WeasyPrint's version from its metadata: the cache key must not import WeasyPrint."""
    return metadata.version("weasyprint")

"""A print job as one HTML document, and the cache key that decides its PDF.

Everything here is cheap (Jinja and hashes): a build finds out that a PDF is cached without
loading WeasyPrint, which only `render` imports.
"""

from __future__ import annotations

from importlib import metadata
from typing import Any

import jinja2

from ..errors import InvalidInput, Problem
from . import messages
from .assets import FONT_FACES, PrintAssets
from .documents import Job

# Bump when the rendering code changes in a way templates don't show.
RENDERER_VERSION = 2
PDF_OPTIONS: dict[str, Any] = {"pdf_tags": True}
WEASYPRINT_VERSION = metadata.version("weasyprint")  # read from the installed metadata


def job_styles(job: Job, assets: PrintAssets) -> str:
    """The CSS a job's page inlines: bundled @font-face rules, common.css, <kind>.css."""
    return "\n".join([assets.font_face_css, assets.template_source("common.css"),
                      assets.template_source(f"{job.kind}.css")])


def page_html(job: Job, assets: PrintAssets, compact: bool = False) -> str:
    """The full HTML of a job: template + inlined CSS + bundled @font-face rules."""
    try:
        styles = job_styles(job, assets)
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
    return ["pdf", RENDERER_VERSION, WEASYPRINT_VERSION, PDF_OPTIONS, assets.font_hashes,
            assets.template_digests, html]

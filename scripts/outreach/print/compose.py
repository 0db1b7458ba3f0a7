"""A print job as one HTML document, and the cache key that decides its PDF.

Everything here is cheap (hashes, and Jinja only when a page is laid out): a build finds out
that a PDF is cached without rendering its HTML or loading WeasyPrint, which only `render`
imports.
"""

from __future__ import annotations

import ctypes
import datetime as dt
import decimal
import enum
import functools
import hashlib
from importlib import metadata, resources
from typing import Any

import jinja2
from markupsafe import Markup

from ..errors import InvalidInput, Problem
from . import messages
from .assets import BUILTIN_TEMPLATES, FONT_FACES, PrintAssets, builtin
from .documents import Job

# Bump when the rendering code changes in a way templates don't show.
RENDERER_VERSION = 2
PDF_OPTIONS: dict[str, Any] = {"pdf_tags": True}
WEASYPRINT_VERSION = metadata.version("weasyprint")  # read from the installed metadata
# What turns a job's context into HTML besides our templates: Jinja and its escaping.
TEMPLATE_ENGINE = {name: metadata.version(name) for name in ("jinja2", "markupsafe")}


def _code_digest() -> str:
    """Content hash of this package's Python source: the code that makes contexts, HTML,
    layout checks and Word twins (templates and fonts count by their own digests). Read
    once, at import: the code that runs is the code that was imported."""
    digest = hashlib.sha256()
    for path in sorted(resources.files("outreach.print").iterdir(), key=lambda p: p.name):
        if path.name.endswith(".py"):
            digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


CODE_DIGEST = _code_digest()

# The names WeasyPrint tries for HarfBuzz's subsetting library (weasyprint/text/ffi.py).
HARFBUZZ_SUBSET = ("libharfbuzz-subset-0", "harfbuzz-subset", "harfbuzz-subset-0.0",
                   "libharfbuzz-subset.so.0", "libharfbuzz-subset.0.dylib",
                   "libharfbuzz-subset-0.dll")


@functools.cache
def font_subsetter() -> str:
    """Which library cuts the fonts WeasyPrint embeds down to the glyphs used: HarfBuzz's when
    it can be loaded (libharfbuzz-subset0 on Debian; a guide is laid out three times faster),
    else fontTools. The same HTML gives other PDF bytes with each, so the PDF's key holds it.
    Found by the names WeasyPrint tries, without importing WeasyPrint (a cached build never
    loads it); on Windows only on the DLL search path, where WeasyPrint also looks in MSYS2's
    folders: there the key may say fontTools for a HarfBuzz PDF, the same on every build."""
    for name in HARFBUZZ_SUBSET:
        try:
            ctypes.CDLL(name)
        except OSError:
            continue
        return "harfbuzz"
    return f"fonttools {metadata.version('fonttools')}"


def job_styles(job: Job, assets: PrintAssets) -> str:
    """The CSS a job's page inlines: bundled @font-face rules, common.css, <kind>.css."""
    return "\n".join([assets.font_face_css, assets.template_source("common.css"),
                      assets.template_source(f"{job.kind}.css")])


def page_html(job: Job, assets: PrintAssets, compact: bool = False,
              skeleton: bool = False) -> str:
    """The full HTML of a job: template + inlined CSS + bundled @font-face rules.

    `skeleton`: the job less what is the commune's own (see `skeleton_context`)."""
    try:
        styles = job_styles(job, assets)
        template = assets.environment.get_template(job.template)
        context = skeleton_context(job.context) if skeleton else job.context
        return template.render(**context, styles=styles, compact=compact)
    except LookupError as exc:  # our own "template/font missing" messages
        raise InvalidInput([Problem(job.file, None, "", str(exc))]) from None
    except jinja2.TemplateNotFound as exc:
        raise InvalidInput([Problem(job.file, None, "",
                                    messages.TEMPLATE_MISSING.format(name=exc.name))]) from None
    except jinja2.TemplateError as exc:
        where = f"{getattr(exc, 'filename', None) or job.template}:{getattr(exc, 'lineno', '')}"
        raise InvalidInput([Problem(job.file, None, "", messages.TEMPLATE_ERROR.format(
            detail=f"{where}: {exc}"))]) from None


# The masthead's issuer in a skeleton: an office name is never empty, so every guide's
# masthead takes at least the one line this character takes.
SKELETON_ISSUER = "X"


def skeleton_context(context: dict[str, Any]) -> dict[str, Any]:
    """A guide's context with what is the commune's own emptied: every text of the office ""
    (the issuer one character), every list empty, the PDF's author "". The skeleton of a
    base procedure is then the same HTML in every commune of a province, and never taller
    than any commune's guide: the same blocks, each with the same or less text."""
    skeleton = dict(context)
    if "office" in context:
        skeleton["office"] = {**_emptied(context["office"]), "name_upper": SKELETON_ISSUER}
    if "meta" in context:
        skeleton["meta"] = {**context["meta"], "author": ""}
    return skeleton


def _emptied(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: _emptied(v) for key, v in value.items()}
    if isinstance(value, (list, tuple)):
        return type(value)()
    return "" if isinstance(value, str) else None


def has_skeleton(job: Job, assets: PrintAssets) -> bool:
    """Whether the job's skeleton tells something about the job: a guide with a compact
    fallback, laid out with the shipped templates only (a commune's own template may print
    its office anywhere, and the skeleton would then prove nothing)."""
    return job.kind == "guide" and job.compact_fallback and \
        assets.template_dirs == (builtin(BUILTIN_TEMPLATES),)


def cache_key(job: Job, assets: PrintAssets) -> list[Any]:
    """Everything that decides a job's HTML (so its PDF), known without rendering it.

    The HTML is a pure function of the template folders (every file, by content: templates,
    CSS, included files), the job (template, context, page limits) and the code and engine
    that render it (this package's source, Jinja, WeasyPrint); the PDF adds the fonts, by
    content. No absolute path enters the key (the cache may be shared by communes and CI
    machines). Raises TypeError for a context value with no stable spelling (see `canonical`).
    """
    return ["pdf-job", RENDERER_VERSION, WEASYPRINT_VERSION, TEMPLATE_ENGINE, PDF_OPTIONS,
            FONT_FACES, assets.font_hashes, assets.template_digests, CODE_DIGEST,
            job.kind, job.template, job.max_pages, job.exact_pages, job.compact_fallback,
            canonical(job.context)]


def html_cache_key(html: str, assets: PrintAssets) -> list[Any]:
    """Everything that decides the PDF of a rendered job: its HTML (which holds data,
    templates and CSS; font URLs replaced by the fonts' content hashes) and the renderer."""
    for (name, _, _), digest in zip(FONT_FACES, assets.font_hashes, strict=True):
        html = html.replace(assets.font_file(name).resolve().as_uri(), f"font-sha256:{digest}")
    return ["pdf", RENDERER_VERSION, WEASYPRINT_VERSION, font_subsetter(), PDF_OPTIONS,
            assets.font_hashes, assets.template_digests, CODE_DIGEST, html]


def canonical(value: Any) -> Any:
    """A job context as plain JSON that keeps every difference a template can print: Markup
    (printed raw) apart from text (escaped), a tuple apart from a list, a date apart from its
    text, an enum apart from its value, and the order of a dict's keys (a template may loop
    over them); dict keys must be text. Anything else raises TypeError (never `str()` of an
    object, whose text may leave its content out or differ between processes)."""
    if isinstance(value, enum.Enum):  # before int and str: an IntEnum prints as its name
        return {"enum": [type(value).__qualname__, value.name, canonical(value.value)]}
    if value is None or isinstance(value, (bool, int, float)):
        return value
    if isinstance(value, Markup):
        return {"markup": str(value)}
    if isinstance(value, str):
        return value
    if isinstance(value, list):
        return [canonical(v) for v in value]
    if isinstance(value, tuple):
        return {"tuple": [canonical(v) for v in value]}
    if isinstance(value, dict):
        if not all(type(k) is str for k in value):
            raise TypeError(f"context keys must be text: {list(value)!r}")
        return {"dict": [[k, canonical(v)] for k, v in value.items()]}
    if isinstance(value, (dt.date, dt.time, decimal.Decimal)):  # datetime is a date
        return {type(value).__name__: str(value)}
    raise TypeError(f"no stable spelling for a {type(value).__qualname__} in a print context")


__all__ = ["CODE_DIGEST", "cache_key", "canonical", "font_subsetter", "html_cache_key",
           "job_styles", "page_html"]

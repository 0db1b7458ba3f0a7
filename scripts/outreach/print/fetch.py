"""The only URLs a WeasyPrint render may open: data: URIs and the project's template and
font files. Imported only when a PDF is actually rendered (it loads WeasyPrint)."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote, urlsplit
from urllib.request import url2pathname

from weasyprint.urls import FatalURLFetchingError, URLFetcher

from . import messages


class RefusedURL(FatalURLFetchingError):
    """A render tried to open something other than a local template or font file.

    Inherits WeasyPrint's fatal error so the render stops instead of silently
    leaving a hole in the PDF.
    """

    def __init__(self, url: str):
        super().__init__(messages.REFUSED_URL.format(url=url[:200]))
        self.url = url


class LocalOnlyFetcher(URLFetcher):
    """Opens data: URIs and files inside the allowed folders; refuses everything else."""

    def __init__(self, allowed: tuple[Path, ...]):
        super().__init__(allowed_protocols=("file", "data"))
        self.allowed = tuple(p.resolve() for p in allowed)

    def fetch(self, url, headers=None):  # noqa: D102 (WeasyPrint's signature)
        scheme = urlsplit(url).scheme.lower()
        if scheme == "data":
            return super().fetch(url, headers)
        if scheme == "file" and self.is_allowed(file_url_path(url)):
            return super().fetch(url, headers)
        raise RefusedURL(url)

    def is_allowed(self, path: Path) -> bool:
        resolved = path.resolve()
        return resolved.is_file() and any(resolved.is_relative_to(a) for a in self.allowed)


def file_url_path(url: str) -> Path:
    """file:///a/b%20c -> Path('/a/b c')."""
    parts = urlsplit(url)
    return Path(url2pathname(unquote(parts.path)))

"""QR codes as inline SVG: vector, crisp at any print size, no image fetched."""

from __future__ import annotations

from dataclasses import dataclass

import segno
from markupsafe import Markup


def qr_svg(url: str, title: str = "") -> Markup:
    """An <svg> for `url`, sized by CSS (class "qr"); error level M survives smudges."""
    code = segno.make(url, error="m", micro=False)
    svg = code.svg_inline(omitsize=True, border=4, dark="#000", light="#fff",
                          title=title or None, svgclass="qr", lineclass=None)
    return Markup(svg)


@dataclass(frozen=True)
class LazyQR:
    """A QR code drawn only when a template prints it (`{{ p.qr }}`): a PDF served from the
    cache needs none, and drawing one takes tens of milliseconds."""

    url: str

    def __html__(self) -> str:
        return str(qr_svg(self.url))

    def __str__(self) -> str:  # what cache keys see: the URL decides the code
        return f"qr:{self.url}"

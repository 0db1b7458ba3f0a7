"""QR codes as inline SVG: vector, crisp at any print size, no image fetched."""

from __future__ import annotations

from collections.abc import Callable
from importlib import metadata

from markupsafe import Markup

from ..artifacts import Cache

QR = Callable[[str], Markup]  # url -> <svg>
CACHE_NAMESPACE = "qr"
ERROR_LEVEL = "m"
STYLE: dict[str, str | int] = {"border": 4, "dark": "#000", "light": "#fff", "svgclass": "qr"}


def qr_svg(url: str) -> Markup:
    """An <svg> for `url`, sized by CSS (class "qr"); error level M survives smudges."""
    import segno  # drawing only: cached codes need no encoder

    code = segno.make(url, error=ERROR_LEVEL, micro=False)
    svg = code.svg_inline(omitsize=True, lineclass=None, **STYLE)
    return Markup(svg)


def cached_qr(cache: Cache) -> QR:
    """qr_svg through the render cache: encoding a URL costs ~15 ms, a warm build has dozens."""
    version = metadata.version("segno")

    def draw(url: str) -> Markup:
        key = Cache.key("qr", version, ERROR_LEVEL, STYLE, url)
        svg = cache.get(CACHE_NAMESPACE, key, ".svg", count=False)
        if svg is None:
            svg = str(qr_svg(url)).encode("utf-8")
            cache.put(CACHE_NAMESPACE, key, ".svg", svg)
        return Markup(svg.decode("utf-8"))

    return draw

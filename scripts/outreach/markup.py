"""The one Markdown-to-HTML step: the site and the printed documents read Markdown alike.

The site hands its Markdown to MkDocs, which converts it with the `markdown_extensions` of
mkdocs.yml; the scaffold's mkdocs.yml lists exactly `EXTENSIONS` (a test keeps them in step),
and print converts with the same list here, so bold, italics, lists, tables and admonitions
come out the same on paper as on the page. On paper a link cannot be clicked, so `for_print`
writes its address after the text.
"""

from __future__ import annotations

import functools
import html
import unicodedata
import xml.etree.ElementTree as etree
from typing import Any

import markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor
from markupsafe import Markup

# Same names and options as `markdown_extensions` in the scaffold's mkdocs.yml, except
# pymdownx.emoji, whose generator needs Material's theme objects (emoji stay as text here).
EXTENSIONS: tuple[str, ...] = ("admonition", "attr_list", "md_in_html", "tables", "toc",
                               "pymdownx.tasklist")
EXTENSION_CONFIGS: dict[str, dict[str, Any]] = {
    "toc": {"permalink": False},
    "pymdownx.tasklist": {"custom_checkbox": True},
}
SITE_ONLY_EXTENSIONS = ("pymdownx.emoji",)
# The staff handbook also has commands to type, fenced, many inside numbered steps: without
# this each block was one run-on line ("… libpangoft2-1.0-0 pipx install outreach").
HANDBOOK_EXTENSIONS = ("pymdownx.superfences",)


def neutralise_html(value: str) -> str:
    """Catalogue Markdown keeps its syntax but raw HTML in it prints as text."""
    return html.escape(value, quote=False)


class _LinksAsText(Treeprocessor):
    """<a href="u">text</a> -> text (u), unless the text already is the address."""

    def run(self, root: etree.Element) -> None:
        for parent in root.iter():
            for child in list(parent):
                if child.tag != "a":
                    continue
                href = child.get("href") or ""
                shown = "".join(child.itertext()).strip()
                if href and not href.startswith("#") and _bare(href) != _bare(shown):
                    child.tail = f" ({_bare(href)})" + (child.tail or "")


def _bare(url: str) -> str:
    for prefix in ("mailto:", "tel:", "https://", "http://"):
        url = url.removeprefix(prefix)
    return url.rstrip("/")


class PrintLinks(Extension):
    """Adds the addresses of links after their text, for paper."""

    def extendMarkdown(self, md: markdown.Markdown) -> None:  # noqa: N802 (Markdown's API)
        md.treeprocessors.register(_LinksAsText(md), "print_links", 0)


@functools.lru_cache(maxsize=4096)
def to_html(text: str, for_print: bool = False, extra: tuple[str, ...] = ()) -> Markup:
    """Markdown to HTML with the site's extensions; `for_print` spells out link addresses.

    Kept per process: each call sets up a converter and its extensions (8 ms), and the
    communes a batch worker builds one after the other print the same base texts."""
    extensions: list[Any] = [*EXTENSIONS, *extra]
    if for_print:
        extensions.append(PrintLinks())
    converted = markdown.markdown(unicodedata.normalize("NFC", text), extensions=extensions,
                                  extension_configs=EXTENSION_CONFIGS, output_format="html")
    return Markup(converted)


def catalogue_html(value: str, for_print: bool = False) -> Markup:
    """A catalogue field written in Markdown (e.g. a step's detail), raw HTML neutralised."""
    return to_html(neutralise_html(value), for_print=for_print)


def handbook_html(text: str) -> Markup:
    """The staff handbook's Markdown: as catalogue_html, and each fenced command block keeps
    its lines, also inside a numbered step."""
    return to_html(neutralise_html(text), extra=HANDBOOK_EXTENSIONS)


def inline_html(value: str, for_print: bool = False) -> Markup:
    """Like catalogue_html for text that sits inside a line: no <p> around one paragraph."""
    converted = str(catalogue_html(value, for_print=for_print)).strip()
    if converted.startswith("<p>") and converted.endswith("</p>") and converted.count("<p>") == 1:
        converted = converted[3:-4]
    return Markup(converted)

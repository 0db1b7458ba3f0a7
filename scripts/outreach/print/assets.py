"""Where print templates and fonts come from, and the only URLs a render may open.

A commune may put its own templates in overrides/print/ and fonts in overrides/fonts/; the
copies shipped inside the package are the fallback for anything it did not override.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import cached_property
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

import jinja2

from ..artifacts import tree_digest
from . import messages
from .measure import FontMetrics

if TYPE_CHECKING:
    from .fetch import LocalOnlyFetcher

TEMPLATE_DIR = Path("overrides/print")
FONT_DIR = Path("overrides/fonts")
BUILTIN_TEMPLATES = "templates"
BUILTIN_FONTS = "fonts"
FONT_FAMILY = "Liberation Serif"
# (file name, CSS font-weight, CSS font-style)
FONT_FACES = (
    ("LiberationSerif-Regular.ttf", "normal", "normal"),
    ("LiberationSerif-Bold.ttf", "bold", "normal"),
    ("LiberationSerif-Italic.ttf", "normal", "italic"),
    ("LiberationSerif-BoldItalic.ttf", "bold", "italic"),
)


@dataclass(frozen=True)
class PrintAssets:
    """Template and font folders for one project, project copy first."""

    template_dirs: tuple[Path, ...]
    font_dirs: tuple[Path, ...]

    @classmethod
    def for_project(cls, project_root: Path) -> PrintAssets:
        root = project_root.resolve()
        local_templates = [root / TEMPLATE_DIR] if (root / TEMPLATE_DIR).is_dir() else []
        local_fonts = [root / FONT_DIR] if (root / FONT_DIR).is_dir() else []
        return cls(tuple(_unique(local_templates + [builtin(BUILTIN_TEMPLATES)])),
                   tuple(_unique(local_fonts + [builtin(BUILTIN_FONTS)])))

    @cached_property
    def environment(self) -> jinja2.Environment:
        # Autoescape: catalogue text such as a procedure name must print literally.
        loader = jinja2.FileSystemLoader([str(d) for d in self.template_dirs])
        return jinja2.Environment(loader=loader, autoescape=True,
                                  undefined=jinja2.StrictUndefined,
                                  trim_blocks=True, lstrip_blocks=True)

    def template_source(self, name: str) -> str:
        """Raw text of a template-folder file (used for CSS, inlined into the HTML)."""
        loader = self.environment.loader
        assert loader is not None  # set in __init__
        try:
            source, _, _ = loader.get_source(self.environment, name)
        except jinja2.TemplateNotFound:
            raise LookupError(messages.TEMPLATE_MISSING.format(name=name)) from None
        return source

    def font_file(self, name: str) -> Path:
        for folder in self.font_dirs:
            if (folder / name).is_file():
                return folder / name
        raise LookupError(messages.FONT_MISSING.format(name=name))

    @cached_property
    def font_face_css(self) -> str:
        """@font-face rules pointing at the bundled font files (embedded in every PDF)."""
        rules = []
        for name, weight, style in FONT_FACES:
            url = self.font_file(name).resolve().as_uri()
            rules.append(f'@font-face {{ font-family: "{FONT_FAMILY}"; src: url("{url}"); '
                         f"font-weight: {weight}; font-style: {style}; }}")
        return "\n".join(rules)

    @cached_property
    def template_digests(self) -> tuple[str, ...]:
        """Content hash of each template folder (every file, by relative name): part of every
        cache key, since templates may include or link files the HTML does not show."""
        return tuple(tree_digest(folder) for folder in self.template_dirs)

    @cached_property
    def font_hashes(self) -> tuple[str, ...]:
        """Content hashes of the fonts, part of every cache key."""
        return tuple(hashlib.sha256(self.font_file(name).read_bytes()).hexdigest()
                     for name, _, _ in FONT_FACES)

    def metrics(self, name: str) -> FontMetrics:
        """Advance widths of one of the project's font files (read once per PrintAssets)."""
        if name not in self._metrics:
            self._metrics[name] = FontMetrics.load(self.font_file(name))
        return self._metrics[name]

    @cached_property
    def _metrics(self) -> dict[str, FontMetrics]:
        return {}

    def fetcher(self) -> LocalOnlyFetcher:
        from .fetch import LocalOnlyFetcher  # WeasyPrint loads only when a PDF is rendered

        return LocalOnlyFetcher(self.template_dirs + self.font_dirs)


def builtin(folder: str) -> Path:
    """A folder shipped inside the installed package (wheels install it unzipped)."""
    return Path(str(resources.files("outreach.print") / folder)).resolve()


def _unique(paths: list[Path]) -> list[Path]:
    seen: list[Path] = []
    for p in paths:
        if p not in seen:
            seen.append(p)
    return seen

"""Announcements: Markdown files with YAML front matter and a sandboxed Jinja2 body."""

from __future__ import annotations

import traceback
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2
from jinja2.sandbox import SandboxedEnvironment, SecurityError
from pydantic import ValidationError

from ..errors import InvalidInput, Problem
from . import messages
from .load import pydantic_problems
from .model import FrontMatter
from .yamlfile import Located, parse_yaml, read_text


@dataclass(frozen=True)
class Announcement:
    """A validated announcement; `body` is Markdown after the template ran."""

    id: str
    file: str
    front: FrontMatter
    body: str
    featured_codes: tuple[str, ...]
    lines: dict = field(default_factory=dict, compare=False)  # front-matter path -> line


@dataclass(frozen=True)
class Source:
    """An announcement file split into front matter and body template."""

    id: str
    file: str
    front: FrontMatter
    template: str
    body_line: int  # line number in the file where the body starts
    front_lines: Located | None = None  # where each front-matter field and item stands

    def line_of(self, *path: str | int) -> int:
        """Line of a front-matter field or list item (`"procedures", 1`), else line 2."""
        found = self.front_lines.line_of(path) if self.front_lines else None
        return found or 2
    lines: dict = field(default_factory=dict, compare=False)  # front-matter path -> line


def read_source(path: Path, display: str, text: str | None = None) -> Source:
    """Split and validate the front matter; raise InvalidInput naming file and line.

    `text` is the file's unsaved content (a studio preview); the file is not read then."""
    text = read_text(path, display) if text is None else unicodedata.normalize("NFC", text)
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        raise InvalidInput([Problem(display, 1, "", messages.NO_FRONT_MATTER)])
    try:
        end = next(i for i in range(1, len(lines)) if lines[i].strip() == "---")
    except StopIteration:
        raise InvalidInput([Problem(display, 1, "", messages.FRONT_MATTER_OPEN)]) from None
    located = parse_yaml("\n".join(lines[1:end]), display, line_offset=1)
    if not isinstance(located.data, dict):
        raise InvalidInput([Problem(display, 2, "", messages.FRONT_MATTER_EMPTY)])
    try:
        front = FrontMatter.model_validate(located.data)
    except ValidationError as exc:
        raise InvalidInput(pydantic_problems(exc, FrontMatter, located, display)) from None
    return Source(path.stem, display, front, "\n".join(lines[end + 1:]), end + 2, located,
                  located.lines)


def kind_problems(src: Source) -> list[Problem]:
    """Fields a kind needs to be printed or aired correctly."""
    front = src.front
    needed: list[str] = []
    if front.kind == "notice":
        needed = [f for f in ("number", "signer") if getattr(front, f) is None]
    return [Problem(src.file, src.line_of("kind"), name, messages.notice_needs(name))
            for name in needed]


def _environment() -> SandboxedEnvironment:
    # autoescape: names from the catalogue reach HTML through Markdown, so escape them.
    return SandboxedEnvironment(undefined=jinja2.StrictUndefined, autoescape=True,
                                keep_trailing_newline=True)


def render_body(src: Source, context: dict[str, Any]) -> str:
    """Run the body template; errors name the file and the line in that file."""
    try:
        template = _environment().from_string(src.template)
        return template.render(**context)
    except jinja2.TemplateSyntaxError as exc:
        line = src.body_line + (exc.lineno or 1) - 1
        raise InvalidInput([Problem(src.file, line, messages.BODY,
                                    _syntax_message(exc))]) from None
    except SecurityError as exc:
        raise InvalidInput([Problem(src.file, _error_line(src, exc), messages.BODY,
                                    messages.template_security(exc))]) from None
    except jinja2.UndefinedError as exc:
        raise InvalidInput([Problem(src.file, _error_line(src, exc), messages.BODY,
                                    _undefined_message(exc, context))]) from None
    except Exception as exc:  # noqa: BLE001 - the template is the user's code: 1/0, "x"|int…
        raise InvalidInput([Problem(src.file, _error_line(src, exc), messages.BODY,
                                    messages.template_failed(exc))]) from None


def _error_line(src: Source, exc: BaseException) -> int:
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if f.filename == "<template>"]
    return src.body_line + ((frames[-1].lineno or 1) - 1 if frames else 0)


def _syntax_message(exc: jinja2.TemplateSyntaxError) -> str:
    text = str(exc.message or "")
    if "Unexpected end of template" in text or "unknown tag" in text and "end" in text:
        return messages.block_not_closed(text)
    return messages.jinja_syntax(text)


def _undefined_message(exc: jinja2.UndefinedError, context: dict[str, Any]) -> str:
    text = str(exc.message or exc)
    name = text.split("'")[1] if text.count("'") >= 2 else text
    if "has no attribute" in text or "no element" in text:
        parts = text.split("'")
        name = parts[-2] if len(parts) >= 3 else name
        return messages.no_attribute(name, text)
    return messages.no_variable(name, context)

"""Announcements: Markdown files with YAML front matter and a sandboxed Jinja2 body."""

from __future__ import annotations

import traceback
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
from .yamlfile import parse_yaml, read_text

TEMPLATE_NAME = "<announcement>"


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
    lines: dict = field(default_factory=dict, compare=False)  # front-matter path -> line


def read_source(path: Path, display: str) -> Source:
    """Split and validate the front matter; raise InvalidInput naming file and line."""
    text = read_text(path, display)
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        raise InvalidInput([Problem(display, 1, "", "thiếu phần đầu (front matter). Tệp phải "
                                    "bắt đầu bằng một dòng “---”, các trường kind, title, date…, "
                                    "rồi một dòng “---” nữa trước nội dung.")])
    try:
        end = next(i for i in range(1, len(lines)) if lines[i].strip() == "---")
    except StopIteration:
        raise InvalidInput([Problem(display, 1, "", "phần đầu (front matter) chưa được đóng; "
                                    "thêm một dòng “---” sau trường cuối cùng.")]) from None
    located = parse_yaml("\n".join(lines[1:end]), display, line_offset=1)
    if not isinstance(located.data, dict):
        raise InvalidInput([Problem(display, 2, "", "phần đầu trống hoặc sai dạng; cần các dòng "
                                    "“kind: notice”, “title: …”, “date: 2026-01-05”.")])
    try:
        front = FrontMatter.model_validate(located.data)
    except ValidationError as exc:
        raise InvalidInput(pydantic_problems(exc, FrontMatter, located, display)) from None
    return Source(path.stem, display, front, "\n".join(lines[end + 1:]), end + 2,
                  located.lines)


def kind_problems(src: Source) -> list[Problem]:
    """Fields a kind needs to be printed or aired correctly."""
    front = src.front
    needed: list[str] = []
    if front.kind == "notice":
        needed = [f for f in ("number", "signer") if getattr(front, f) is None]
    return [Problem(src.file, 2, name, f"thông báo (kind: notice) cần trường “{name}” để in "
                    "đúng thể thức Nghị định 30/2020; thêm trường này vào phần đầu.")
            for name in needed]


def _environment() -> SandboxedEnvironment:
    # autoescape: names from the catalogue reach HTML through Markdown, so escape them.
    return SandboxedEnvironment(undefined=jinja2.StrictUndefined, autoescape=True,
                                keep_trailing_newline=True)


_ENV = _environment()


def render_body(src: Source, context: dict[str, Any]) -> str:
    """Run the body template; errors name the file and the line in that file."""
    try:
        template = _ENV.from_string(src.template)
        return template.render(**context)
    except jinja2.TemplateSyntaxError as exc:
        line = src.body_line + (exc.lineno or 1) - 1
        raise InvalidInput([Problem(src.file, line, "nội dung", _syntax_message(exc))]) from None
    except SecurityError as exc:
        raise InvalidInput([Problem(src.file, _error_line(src, exc), "nội dung",
                                    "mẫu cố truy cập phần bên trong của chương trình "
                                    f"({exc}); điều này không được phép. Chỉ dùng các biến "
                                    "office, portal, featured, procedures, levels, page.")]
                           ) from None
    except jinja2.UndefinedError as exc:
        raise InvalidInput([Problem(src.file, _error_line(src, exc), "nội dung",
                                    _undefined_message(exc, context))]) from None
    except (jinja2.TemplateError, TypeError, ValueError, AttributeError) as exc:
        raise InvalidInput([Problem(src.file, _error_line(src, exc), "nội dung",
                                    f"không dựng được nội dung từ mẫu: {exc}.")]) from None


def _error_line(src: Source, exc: BaseException) -> int:
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if f.filename == "<template>"]
    return src.body_line + ((frames[-1].lineno or 1) - 1 if frames else 0)


def _syntax_message(exc: jinja2.TemplateSyntaxError) -> str:
    text = str(exc.message or "")
    if "Unexpected end of template" in text or "unknown tag" in text and "end" in text:
        return ("khối {% … %} chưa được đóng (thiếu {% endfor %} hoặc {% endif %}); "
                f"thêm thẻ đóng. Chi tiết: {text}")
    return f"lỗi cú pháp mẫu Jinja: {text}. Kiểm tra các cặp {{{{ }}}} và {{% %}}."


def _undefined_message(exc: jinja2.UndefinedError, context: dict[str, Any]) -> str:
    text = str(exc.message or exc)
    name = text.split("'")[1] if text.count("'") >= 2 else text
    if "has no attribute" in text or "no element" in text:
        parts = text.split("'")
        name = parts[-2] if len(parts) >= 3 else name
        return f"không có thuộc tính “{name}” ({text}); kiểm tra lại chính tả tên trường."
    return (f"biến “{name}” không tồn tại.{messages.suggest(name, context)} Các biến dùng được: "
            f"{messages.choices(sorted(context))}.")

"""Read YAML keeping the line of every key and list item, for error messages."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ..errors import InvalidInput, Problem
from . import messages

Path_ = tuple[str | int, ...]


@dataclass
class Located:
    """Plain YAML data plus the line (1-based) where each path starts."""

    data: Any
    lines: dict[Path_, int] = field(default_factory=dict)
    # Only set for merged catalogues (overlays): the file each path was written in.
    files: dict[Path_, str] = field(default_factory=dict)

    def line_of(self, path: Path_) -> int | None:
        """Line of `path`, or of its nearest ancestor that has one."""
        path = tuple(path)
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return self.lines.get(())

    def file_of(self, path: Path_) -> str | None:
        """File that holds `path` (nearest ancestor), or None when all of it is one file."""
        path = tuple(path)
        while path:
            if path in self.files:
                return self.files[path]
            path = path[:-1]
        return self.files.get(())


class _SafeLineLoader(yaml.SafeLoader):
    """SafeLoader; we compose nodes ourselves to keep lines and catch duplicate keys."""


# libyaml's C parser composes nodes (with line marks) about 8x faster; fall back if absent.
_COMPOSER = getattr(yaml, "CSafeLoader", _SafeLineLoader)


def _scalar(node: yaml.Node, scalars: yaml.SafeLoader) -> Any:
    """A scalar's value (int, date, bool…) through one loader per document, not per value."""
    try:
        value = scalars.construct_object(node, deep=True)
    except ValueError:
        # e.g. 2025-02-30 looks like a date but is not one: keep the text so the
        # model reports it in plain words instead of a traceback.
        value = node.value
    finally:
        scalars.constructed_objects.clear()
    return value


def _construct(node: yaml.Node, path: Path_, lines: dict[Path_, int], problems: list[Problem],
               file: str, line_offset: int, scalars: yaml.SafeLoader) -> Any:
    lines.setdefault(path, node.start_mark.line + 1 + line_offset)
    if isinstance(node, yaml.MappingNode):
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = _construct(key_node, path, {}, problems, file, line_offset, scalars)
            if not isinstance(key, (str, int)):
                key = str(key)
            if isinstance(key, str):
                key = unicodedata.normalize("NFC", key)
            if key in result:
                problems.append(Problem(
                    file, key_node.start_mark.line + 1 + line_offset, _dotted(path + (key,)),
                    messages.duplicate_key(key)))
            child = path + (key,)
            lines[child] = key_node.start_mark.line + 1 + line_offset
            result[key] = _construct(value_node, child, lines, problems, file, line_offset,
                                     scalars)
        return result
    if isinstance(node, yaml.SequenceNode):
        return [_construct(item, path + (i,), lines, problems, file, line_offset, scalars)
                for i, item in enumerate(node.value)]
    value = _scalar(node, scalars)
    if isinstance(value, str):
        value = unicodedata.normalize("NFC", value)
    return value


def _dotted(path: Path_) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


dotted = _dotted


def read_text(path: Path, display: str) -> str:
    """Read a UTF-8 file or raise InvalidInput saying how to fix the encoding."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise InvalidInput([Problem(display, None, "", messages.FILE_NOT_FOUND)]) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise InvalidInput([Problem(display, line, "", messages.NOT_UTF8)]) from None
    return unicodedata.normalize("NFC", text)


def parse_yaml(text: str, display: str, line_offset: int = 0) -> Located:
    """Parse YAML text into plain data with line numbers; syntax errors become Problems."""
    for number, text_line in enumerate(text.splitlines(), start=1):
        stripped = text_line.lstrip(" ")
        if stripped.startswith("\t"):
            raise InvalidInput([Problem(display, number + line_offset, "",
                                        messages.TAB_INDENT)])
    try:
        node = yaml.compose(text, Loader=_COMPOSER)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 + line_offset if mark else None
        what = (exc.problem or messages.SYNTAX_UNKNOWN).strip()
        start = exc.context_mark.line + 1 + line_offset if exc.context_mark else None
        raise InvalidInput([Problem(display, line, "",
                                    messages.yaml_syntax(what, start, line))]) from None
    except yaml.YAMLError as exc:
        raise InvalidInput([Problem(display, None, "", messages.yaml_error(exc))]) from None
    if node is None:
        return Located(None, {(): 1 + line_offset})
    problems: list[Problem] = []
    lines: dict[Path_, int] = {}
    try:
        data = _construct(node, (), lines, problems, display, line_offset,
                          _SafeLineLoader(""))
    except yaml.constructor.ConstructorError as exc:
        mark = exc.problem_mark
        line = mark.line + 1 + line_offset if mark else None
        raise InvalidInput([Problem(display, line, "", messages.STRANGE_TAG)]) from None
    if problems:
        raise InvalidInput(problems)
    return Located(data, lines)

"""Read YAML keeping the line of every key and list item, for error messages."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
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
_STR_TAG = "tag:yaml.org,2002:str"


def _scalar(node: yaml.Node, scalars: yaml.SafeLoader) -> Any:
    """A scalar's value (int, date, bool…) through one loader per document, not per value."""
    if node.tag == _STR_TAG:  # most of a catalogue: the loader would return the text as is
        return node.value
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
            if key is None:  # "~:" or "null:" is a line with nothing written before ":"
                key = ""
            elif not isinstance(key, (str, int)):
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


# -- serve: a big catalogue edited a little at a time ------------------------------------------

Parse = Callable[[str, str, int], Located]

_TOP_KEY = re.compile(r"([A-Za-z_][\w-]*):[ ]*(#.*)?$")  # `procedures:` alone on its line
_TOP_ENTRY = re.compile(r"[A-Za-z_][\w-]*:(\s|$)")  # any plain top-level key
# Patterns over a whole file start with a literal newline (searched for at C speed), never
# `^` with MULTILINE (tried at every character): these run on every save of a big catalogue.
_MARKER = re.compile(r"\n(---|\.\.\.|%)")  # document markers, directives
_FIRST_CONTENT = re.compile(r"^( *)([^ #\n].*)$", re.MULTILINE)  # first non-comment line


class ChunkedParser:
    """`parse_yaml` that parses each top-level entry, and each item of a top-level list,
    on its own and remembers them by their text: after an edit of one procedure in a
    catalogue of 2,000, only that procedure's lines are parsed again.

    The result is the same as `parse_yaml`'s (data and lines). Anything but a plain block
    mapping of plain keys (document markers, tabs, flow or quoted top-level keys), any
    problem in a piece (an alias to another piece, a duplicate key, a syntax error) is
    parsed whole by `parse_yaml`, which then also reports the error exactly as always.
    """

    def __init__(self) -> None:
        # Per file: piece text (its first line as line 1) -> its parse. Each parse of a file
        # keeps only the pieces it used: an edited piece's old text is forgotten.
        self._files: dict[str, dict[str, Located]] = {}

    def __call__(self, text: str, display: str, line_offset: int = 0) -> Located:
        pieces = split_top_level(text)
        if pieces is None:
            return parse_yaml(text, display, line_offset)
        known = self._files.get(display, {})
        used: dict[str, Located] = {}
        try:
            located = self._assemble(pieces, display, known, used)
        except InvalidInput:
            located = None
        self._files[display] = used
        if located is None:
            return parse_yaml(text, display, line_offset)
        if line_offset:
            located.lines = {path: line + line_offset for path, line in located.lines.items()}
        return located

    def remembered(self, display: str) -> int:
        """How many pieces of `display` the last parse used (0: it was parsed whole)."""
        return len(self._files.get(display, {}))

    @staticmethod
    def _piece(text: str, display: str, known: dict[str, Located],
               used: dict[str, Located]) -> Located:
        located = known.get(text) or used.get(text)
        if located is None:
            located = parse_yaml(text, display)
        used[text] = located
        return located

    def _assemble(self, pieces: list[Piece], display: str, known: dict[str, Located],
                  used: dict[str, Located]) -> Located | None:
        data: dict[Any, Any] = {}
        lines: dict[Path_, int] = {}
        for piece in pieces:
            if piece.key in data:
                return None  # a duplicate key: the whole-file parse reports it
            shift = piece.first_line - 1
            if piece.items is None:
                part = self._piece(piece.text, display, known, used)
                if not isinstance(part.data, dict) or list(part.data) != [piece.key]:
                    return None
                data[piece.key] = part.data[piece.key]
                for path, line in part.lines.items():
                    if path:
                        lines[path] = line + shift
                lines.setdefault((), piece.first_line)
                continue
            lines.setdefault((), piece.first_line)
            lines[(piece.key,)] = piece.first_line
            values = []
            for index, (item_line, item_text) in enumerate(piece.items):
                part = self._piece(item_text, display, known, used)
                if not isinstance(part.data, list) or len(part.data) != 1:
                    return None
                values.append(part.data[0])
                item_shift = item_line - 1
                for path, line in part.lines.items():
                    if path:
                        lines[(piece.key, index, *path[1:])] = line + item_shift
            data[piece.key] = values
        return Located(data, lines) if data else None


@dataclass(frozen=True)
class Piece:
    """A top-level entry: its own text, or for a block list the text of each item."""

    key: str
    first_line: int
    text: str = ""
    items: tuple[tuple[int, str], ...] | None = None  # (first line, text dedented)


def split_top_level(text: str) -> list[Piece] | None:
    """The top-level entries of a catalogue file, or None when it is not a plain mapping."""
    if "\t" in text or _MARKER.search("\n" + text):
        return None
    lines = text.split("\n")
    starts: list[int] = []
    for number, line in enumerate(lines):
        if not line or line[0] in " #" or (starts and (line == "-" or line.startswith("- "))):
            continue  # inside the entry above (a list may start at column 0)
        if not _TOP_ENTRY.match(line):
            return None
        starts.append(number)
    if not starts:
        return None
    pieces = []
    for begin, end in zip(starts, [*starts[1:], len(lines)], strict=True):
        # Lines before the first key (comments) belong to no piece; parse ignores them.
        block = lines[begin:end]
        head = _TOP_KEY.match(block[0])
        items = _list_items(block, begin + 1) if head else None
        key = block[0].split(":", 1)[0]
        if items is None:
            pieces.append(Piece(key, begin + 1, "\n".join(block)))
        else:
            pieces.append(Piece(key, begin + 1, items=items))
    return pieces


def _list_items(block: list[str], first_line: int) -> tuple[tuple[int, str], ...] | None:
    """Items of `key:` followed by a block list (`- ` at one indentation), dedented.

    Works on the block's text with regular expressions: a Python loop over every line of a
    2,000-procedure file cost more than the parse it saves."""
    body = "\n".join(block[1:])
    first = _FIRST_CONTENT.search(body)
    if first is None or not first.group(2).startswith("- "):
        return None
    indent = len(first.group(1))
    framed = "\n" + body  # a match's "\n" at position p in `framed`: its line starts at p in body
    if indent and re.search(rf"\n(?! {{{indent}}})[ ]*[^ #\n]", framed):
        return None  # a line less indented than the list: not a plain block list
    starts = [m.start() for m in re.finditer(rf"\n {{{indent}}}- ", framed)]
    if not starts or starts[0] != first.start(1):
        return None
    items = []
    line = first_line + 1 + body.count("\n", 0, starts[0])
    pad = "\n" + " " * indent
    for begin, end in zip(starts, [*starts[1:], len(body)], strict=True):
        # Dedented: every line loses the list's indentation (the first line has it: `- `).
        text = body[begin + indent:end].removesuffix("\n").replace(pad, "\n")
        items.append((line, text))
        line += body.count("\n", begin, end)
    return tuple(items)

"""Edit procedures.yaml and announcement files as text, keeping everything else byte-identical.

The studio's writer. Every function takes the file's text and returns the new text; nothing
here reads or writes a file (saves.py does, atomically and recorded). A reviewer's diff of a
save shows exactly the lines of what changed: comments, key order, quoting, blank lines and
untouched records stay as they were.

How: the `procedures:` list is cut into records by their `- ` lines (the comment and blank
lines after a record's last value belong to the gap above the next record, so they survive an
edit, a delete or a move of either record). Only the record being edited is read with
ruamel.yaml's round-trip loader, changed in place (keys set on the existing map, never a
new map), written back with the same indentation and spliced into the text. A file that
cannot be cut that way (flow-style list, document markers, tabs) is edited whole, still
round-trip. Reading one record instead of the whole file keeps a save of a 500-procedure
catalogue well under half a second (ruamel's round-trip loader reads ~700 lines a second).

Our loader is PyYAML (YAML 1.1): an unquoted `18:30` is a number, `no` is false, `1.10` a
float. ruamel (YAML 1.2) writes such strings unquoted, so every string we write is quoted
when PyYAML would read it as anything but that string. Then the new text is loaded again
with our own loader and model (load.py, overlay.py); if it does not validate, `EditRefused`
carries the same Problems `outreach check` prints, and the caller writes nothing.

API (the studio calls only these):
  set_fields(text, code, changes)     change fields of one procedure (None deletes a key)
  add_procedure(text, record)         append a procedure
  remove_procedure(text, code)        delete a procedure (the comments around it stay)
  move_procedure(text, code, index)   move a procedure to position `index`
  drop_override(text, code, field)    in a commune file that `extends` a base: go back to
                                      the base value of one field
  override_fields(text, code)         the fields a commune file overrides for `code`
  validate(text, path)                the loader's check of a catalogue text
  merge_records(base, mine, theirs)   three-way merge of two edits of one catalogue, record
                                      by record (saves.py merges a save with an edit on disk)
  layout(text)                        where each record's lines are (for tools and tests)
  announcement_text(front, body, previous)   an announcement file (front matter + Markdown)
  slug_for(title)                     the ASCII file name for a new announcement

Every catalogue edit takes keyword arguments `path` (the file the text belongs to: a
commune's `extends` is resolved from it; default ./procedures.yaml), `today` (for the
"verified in the future" rule) and `parse` (a `yamlfile.ChunkedParser` the caller keeps makes
validating a big catalogue after a one-record edit cheap).
"""

from __future__ import annotations

import datetime as dt
import io
import re
import unicodedata
from bisect import bisect_right
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from itertools import accumulate
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import YAMLError as RuamelError
from ruamel.yaml.scalarstring import (
    DoubleQuotedScalarString,
    FoldedScalarString,
    LiteralScalarString,
    SingleQuotedScalarString,
)

from ..errors import InvalidInput, Problem
from . import messages
from .broadcast import fold
from .load import load_catalogue_text, pydantic_problems
from .model import (
    BroadcastOptions,
    Change,
    Fee,
    FrontMatter,
    Procedure,
    ProcedureTable,
    Signer,
    Step,
)
from .yamlfile import Parse, parse_yaml

DEFAULT_PATH = Path("procedures.yaml")
# Procedure fields in the model's order: a field added to a record goes where a person would
# write it (after the fields that come before it in this order).
FIELD_ORDER = tuple(f.alias or n for n, f in Procedure.model_fields.items())
FRONT_ORDER = tuple(f.alias or n for n, f in FrontMatter.model_fields.items())


def _order(model: type[BaseModel]) -> tuple[str, ...]:
    return tuple(f.alias or n for n, f in model.model_fields.items())


# The key order inside nested values, by the field that holds them.
NESTED_ORDER = {"fee": _order(Fee), "steps": _order(Step), "changes": _order(Change),
                "signer": _order(Signer), "broadcast": _order(BroadcastOptions),
                "table": _order(ProcedureTable)}


class EditRefused(InvalidInput):
    """The edit would leave an invalid file (or names a record that is not there)."""


# ---- the file cut into records ------------------------------------------------------------

_TOP_KEY = re.compile(r"([A-Za-z_][\w-]*):(\s|$)")
_LIST_KEY = re.compile(r"procedures:[ ]*(#.*)?$")


@dataclass(frozen=True)
class Record:
    """Lines [start, end) hold the record; [end, gap_end) the blank and comment lines after it
    (they sit above the next record or section, so they are not the record's)."""

    start: int
    end: int
    gap_end: int
    code: str | None


@dataclass(frozen=True)
class Layout:
    lines: list[str]  # with their line ends
    key_line: int | None  # the `procedures:` line, None when the file has none
    block_end: int  # first line after the list (the next top-level key, or the end)
    indent: int  # column of the records' `- `
    records: tuple[Record, ...]

    def find(self, code: str) -> int | None:
        for index, record in enumerate(self.records):
            if record.code == code:
                return index
        return None

    @property
    def blank_separated(self) -> bool:
        """Do records have a blank line between them (the usual style)?"""
        gaps = [r for r in self.records[:-1]]
        if not gaps:
            return True
        blank = sum(1 for r in gaps if r.gap_end > r.end and not self.lines[r.end].strip())
        return blank * 2 >= len(gaps)


def _is_gap(line: str) -> bool:
    stripped = line.strip()
    return not stripped or stripped.startswith("#")


def split_lines(text: str) -> list[str]:
    """Lines with their ends, split at "\n" only (as YAML does; str.splitlines also splits
    at U+2028 and other characters a value may hold)."""
    parts = text.split("\n")
    return [part + "\n" for part in parts[:-1]] + ([parts[-1]] if parts[-1] else [])


_COLUMN_0 = re.compile(r"\n([^ #\r\n].*)")
_CONTENT = re.compile(r"\n *[^ #\r\n]")
_UNCUTTABLE = re.compile(r"\n(---|\.\.\.|%| *\t)")


def layout(text: str) -> Layout | None:
    """Where each record of `procedures:` starts and ends; None if the file is not a plain
    block mapping with a block list of procedures (then it is edited whole).

    Regular expressions over the whole text, not a Python loop over its lines: this runs on
    every save of a catalogue that may have 20,000 lines. Every pattern starts with a
    literal newline (searched for at C speed) instead of `^` (tried at every character)."""
    framed = "\n" + text  # position p in `framed` is p - 1 in `text`: a match's "\n" is
    # the end of the line before, so the line itself starts at the match's own position.
    if _UNCUTTABLE.search(framed):
        return None  # document markers, directives, tab indentation: edited whole
    lines = split_lines(text)
    offsets = list(accumulate(map(len, lines), initial=0))

    def line_at(position: int) -> int:
        return bisect_right(offsets, position) - 1

    key_line = None
    block_end = len(lines)
    keys = 0
    for match in _COLUMN_0.finditer(framed):
        line = match.group(1).lstrip("\ufeff")  # a byte order mark (Notepad) before line 1
        if not line.strip() or line.startswith("#"):
            continue
        if keys and (line.startswith("- ") or line.rstrip("\r") == "-"):
            continue  # a list written at column 0 under its key (PyYAML's yaml.dump does)
        if not _TOP_KEY.match(line):
            return None
        keys += 1
        number = line_at(match.start())
        if key_line is not None and block_end == len(lines):
            block_end = number
        if line.startswith("procedures:"):
            if not _LIST_KEY.match(line.rstrip("\r")):
                return None
            key_line = number
    if key_line is None:
        return Layout(lines, None, len(lines), 2, ())
    begin, stop = offsets[key_line + 1], offsets[block_end]
    first = _CONTENT.search(framed, begin, stop + 1)
    if first is None:
        return Layout(lines, key_line, block_end, 2, ())
    indent = first.end() - first.start() - 2
    if framed[first.end() - 1] != "-":
        return None
    if indent and re.compile(rf"\n(?! {{{indent}}})[ ]*[^ #\r\n]").search(framed, begin,
                                                                           stop + 1):
        return None  # something stands left of the records inside the list
    dash = re.compile(rf"\n {{{indent}}}-(?=[ \r\n])")
    starts = [line_at(m.start()) for m in dash.finditer(framed, begin, stop + 1)]
    code = re.compile(rf"(?: {{{indent}}}- | {{{indent + 2}}})code:[ ]*(\S.*?)[ ]*\r?\n?$")
    records = []
    for start, after in zip(starts, [*starts[1:], block_end], strict=True):
        end = after
        while end > start + 1 and _is_gap(lines[end - 1]):
            end -= 1
        # A comment indented deeper than the record, right after its last line, is its own.
        while end < after and lines[end].strip() and \
                len(lines[end]) - len(lines[end].lstrip(" ")) > indent + 1:
            end += 1
        found = next((m for m in map(code.match, lines[start:end]) if m), None)
        records.append(Record(start, end, after, _scalar_text(found.group(1)) if found else None))
    return Layout(lines, key_line, block_end, indent, tuple(records))


_QUOTED = re.compile(r'"([^"\\]*)"|\'([^\']*)\'')


def _scalar_text(raw: str) -> str | None:
    """`"1.001193"  # note` -> 1.001193: a one-line scalar's text, quoted or plain."""
    quoted = _QUOTED.match(raw)
    if quoted:
        rest = raw[quoted.end():].strip()
        if not rest or rest.startswith("#"):
            return quoted.group(1) if quoted.group(1) is not None else quoted.group(2)
    plain = re.sub(r"\s+#.*$", "", raw).strip()
    if plain and plain[0] not in "\'\"[]{}&*!|>%@`#":
        return plain
    try:
        value = yaml.safe_load(raw)
    except yaml.YAMLError:
        return None
    return None if value is None else str(value)


# ---- ruamel, configured like our files ----------------------------------------------------

def _yaml(offset: int = 2) -> YAML:
    """A round-trip reader/writer: quotes kept, no line wrapping, `- ` at `offset`."""
    handle = YAML()
    handle.preserve_quotes = True
    handle.width = 100_000
    handle.indent(mapping=2, sequence=offset + 2, offset=offset)
    return handle


def _dump(handle: YAML, data: Any) -> str:
    out = io.StringIO()
    handle.dump(data, out)
    return out.getvalue()


_SEQ_UNDER_KEY = re.compile(r"^( *)[^ #-][^:]*:[ ]*(#.*)?\n( *)- ", re.MULTILINE)


Style = frozenset[str]
_FLOW_LIST = re.compile(r"^ *([\w-]+): \[", re.MULTILINE)


def _flow_keys(text: str) -> Style:
    """Keys whose lists this file mostly writes on one line (`where: [online, post]`)."""
    flow: dict[str, int] = {}
    for match in _FLOW_LIST.finditer(text):
        flow[match.group(1)] = flow.get(match.group(1), 0) + 1
    for match in _SEQ_UNDER_KEY.finditer(text):
        name = match.group(0).strip().split(":", 1)[0].lstrip("- ")
        flow[name] = flow.get(name, 0) - 1
    return frozenset(name for name, votes in flow.items() if votes > 0)


def _style_near(found: Layout, index: int) -> Style:
    """`_flow_keys` of the records around `index` (the whole file costs too much per save)."""
    records = found.records[max(0, index - 3):index + 3]
    if not records:
        return frozenset()
    return _flow_keys("".join(found.lines[records[0].start:records[-1].end]))


def _seq_offset(text: str) -> int:
    """How far a block list's `- ` sits right of its key in this text (2 in our files)."""
    found = [len(m.group(3)) - len(m.group(1)) for m in _SEQ_UNDER_KEY.finditer(text)]
    return max(set(found), key=found.count) if found else 2


# ---- values as our loader will read them --------------------------------------------------

def _misread(value: str) -> bool:
    """Would PyYAML (YAML 1.1) read `value`, written plain, as something else than this text?"""
    resolver = yaml.resolver.Resolver()
    return resolver.resolve(yaml.ScalarNode, value, (True, False)) != "tag:yaml.org,2002:str"


def _text(value: str, like: Any = None) -> Any:
    """A string to write: the old value's style kept; quoted when PyYAML would misread it."""
    # NFC; a browser's textarea sends "\r\n" line ends.
    value = unicodedata.normalize("NFC", value).replace("\r\n", "\n").replace("\r", "\n")
    if "\n" in value.strip("\n"):
        return LiteralScalarString(value)
    value = value.strip("\n")
    for style in (DoubleQuotedScalarString, SingleQuotedScalarString, FoldedScalarString,
                  LiteralScalarString):
        if isinstance(like, style):
            return style(value)
    if _misread(value) or value != value.strip() or _NEEDS_QUOTES.search(value):
        return DoubleQuotedScalarString(value)
    return value


# Plain text YAML cannot hold (ruamel would pick single quotes; our files use double quotes).
_NEEDS_QUOTES = re.compile(r"""^[-?:,\[\]{}#&*!|>'"%@`]|: |:$| #""")


def _node(value: Any, like: Any = None, order: Sequence[str] = (),
          flow: bool = False, style: Style = frozenset()) -> Any:
    """Plain Python data -> ruamel nodes written the way our files are: map keys in `order`,
    a list `[a, b]` on one line when `flow` (or a map's key is in `style`)."""
    if isinstance(value, str):
        return _text(value, like)
    if isinstance(value, Mapping):
        out = CommentedMap()
        for key in _ordered(value, order):
            if value[key] is not None:
                out[key] = _node(value[key], None, (), key in style, style)
        return out
    if isinstance(value, (list, tuple)):
        seq = CommentedSeq(_node(item, None, order, False, style) for item in value)
        if flow and all(isinstance(item, str) for item in value):
            seq.fa.set_flow_style()
        return seq
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, (bool, int, float, dt.date)):
        return value
    raise TypeError(f"cannot write {type(value).__name__} to YAML")


def _ordered(value: Mapping[str, Any], order: Sequence[str]) -> list[str]:
    """Keys known to `order` in its order, then the others as given."""
    return sorted(value, key=lambda k: order.index(k) if k in order else len(order))


def _same(old: Any, new: Any) -> bool:
    """Equal values of the same kind (0 is not False, "1" is not 1)."""
    if isinstance(new, str):
        return isinstance(old, str) and str(old) == unicodedata.normalize("NFC", new)
    if isinstance(new, bool) or isinstance(old, bool):
        return isinstance(old, bool) and isinstance(new, bool) and bool(old) == new
    if isinstance(new, dt.datetime):
        new = new.date()
    if isinstance(new, dt.date):
        return isinstance(old, dt.date) and not isinstance(old, dt.datetime) and old == new
    if isinstance(new, (int, float)):
        return isinstance(old, (int, float)) and type(old) is not bool and old == new \
            and isinstance(old, int) == isinstance(new, int)
    return False


def _assign(parent: CommentedMap | CommentedSeq, key: Any, new: Any,
            order: Sequence[str] = (), inner: Sequence[str] = (),
            style: Style = frozenset()) -> None:
    """Make parent[key] equal `new`, changing as little of the existing nodes as possible.

    `order` places a new key among its siblings; `inner` orders the keys inside `new`;
    lists under the keys in `style` are new written `[a, b]` (as the file writes them)."""
    exists = key in parent if isinstance(parent, CommentedMap) else key < len(parent)
    old = parent[key] if exists else None
    if new is None:
        if exists:
            _delete_key(parent, key) if isinstance(parent, CommentedMap) else parent.pop(key)
        return
    if isinstance(new, Mapping) and isinstance(old, CommentedMap):
        for name in [k for k in old if k not in new or new[k] is None]:
            _delete_key(old, name)
        for name, value in new.items():
            _assign(old, name, value, inner, (), style)
        return
    if isinstance(new, Mapping) and isinstance(old, str) and set(new) <= {"title", "detail"} \
            and new.get("title") is not None and new.get("detail") is None:
        new = new["title"]  # a step written as a plain line stays one while it has no detail
    if isinstance(new, (list, tuple)) and isinstance(old, CommentedSeq):
        for index, value in enumerate(new[:len(old)]):
            _assign(old, index, value, (), inner, style)
        while len(old) > len(new):
            old.pop(len(old) - 1)
        for value in new[len(old):]:
            like = old[-1] if len(old) and isinstance(old[-1], str) else None
            old.append(_node(value, like, inner, False, style))
        return
    if exists and _same(old, new):
        return
    flow = key in style if isinstance(key, str) else False
    if isinstance(parent, CommentedMap) and not exists:
        parent.insert(_position(parent, key, order), key, _node(new, None, inner, flow, style))
        return
    parent[key] = _node(new, old, inner, flow, style)
    if isinstance(parent, CommentedMap):
        _keep_comment_gap(parent, key, old, parent[key])


def _keep_comment_gap(record: CommentedMap, key: str, old: Any, new: Any) -> None:
    """Keep an end-of-line comment as far from the new value as it was from the old one
    (ruamel keeps its column, leaving a wide gap after a shorter value)."""
    slot = record.ca.items.get(key)
    token = slot[2] if slot and len(slot) > 2 else None
    if token is None or not token.value.lstrip(" ").startswith("#"):
        return
    token.start_mark.column = max(0, token.start_mark.column + _width(new) - _width(old))


def _width(value: Any) -> int:
    """Characters a one-line scalar takes on its line."""
    if isinstance(value, (CommentedMap, CommentedSeq)):
        return 0
    quoted = isinstance(value, (DoubleQuotedScalarString, SingleQuotedScalarString))
    text = value.isoformat() if isinstance(value, dt.date) else str(value)
    return len(text) + (2 if quoted else 0)


def _position(record: CommentedMap, key: str, order: Sequence[str]) -> int:
    """Where a new key goes: after the last existing key that comes before it in `order`."""
    if key not in order:
        return len(record)
    before = set(order[:order.index(key)])
    position = 0
    for index, name in enumerate(record):
        if name in before:
            position = index + 1
    return position


def _delete_key(record: CommentedMap, key: Any) -> None:
    """Delete a key; comment lines written under it (above the next key) move up, not away."""
    names = list(record)
    index = names.index(key)
    token = record.ca.items.get(key, [None, None, None, None])[2]
    del record[key]
    if token is None or "\n" not in token.value.rstrip("\n"):
        return
    rest = token.value.split("\n", 1)[1]  # the lines after the deleted value's own comment
    if index == 0 or not rest.strip():
        return
    previous = names[index - 1]
    slot = record.ca.items.setdefault(previous, [None, None, None, None])
    if slot[2] is None:
        token.value = "\n" + rest
        slot[2] = token
    else:
        slot[2].value = slot[2].value.rstrip("\n") + "\n" + rest


# ---- one record, read and written on its own ------------------------------------------------

def _edit_record(lines: list[str], record: Record, indent: int,
                 change: Callable[[CommentedMap], None]) -> list[str]:
    """The record's new lines after `change` edits its map in place."""
    body = "".join(lines[record.start:record.end])
    newline = "\r\n" if body.endswith("\r\n") else "\n"
    body = body.replace("\r\n", "\n")
    offset = _seq_offset(body)
    handle = _yaml(offset)
    text = _shift(body, offset - indent)
    data = handle.load(text)
    change(data[0])
    out = _shift(_dump(handle, data), indent - offset)
    return split_lines(out.replace("\n", newline))


def _shift(text: str, by: int) -> str:
    """Indent (by > 0) or dedent (by < 0) every non-blank line."""
    if by > 0:
        return re.sub(r"^(?=[^\n])", " " * by, text, flags=re.MULTILINE)
    if by < 0:
        return re.sub(rf"^ {{{-by}}}", "", text, flags=re.MULTILINE)
    return text


def _record_lines(record: Mapping[str, Any], indent: int, newline: str,
                  style: Style) -> list[str]:
    """A new record's lines, keys in model order, `- ` at column `indent`."""
    node = CommentedMap()
    for key in _ordered(record, FIELD_ORDER):
        if record[key] is not None:
            node[key] = _node(record[key], None, NESTED_ORDER.get(key, ()), key in style, style)
    out = _shift(_dump(_yaml(2), CommentedSeq([node])), indent - 2)
    return split_lines(out.replace("\n", newline))


# ---- catalogue edits ------------------------------------------------------------------------

def validate(text: str, path: Path = DEFAULT_PATH, *, display: str | None = None,
             today: dt.date | None = None, parse: Parse = parse_yaml) -> None:
    """Load `text` as the catalogue at `path` would be loaded; raise EditRefused if invalid."""
    try:
        load_catalogue_text(text, path, display or path.name, today, parse)
    except InvalidInput as exc:
        raise EditRefused(exc.problems) from None


def set_fields(text: str, code: str, changes: Mapping[str, Any], *,
               path: Path = DEFAULT_PATH, today: dt.date | None = None,
               parse: Parse = parse_yaml, check: bool = True) -> str:
    """Change fields of procedure `code`; a value None deletes the field.

    Values: str, int, datetime.date, lists of str, `fee` {amount | set_by, note}, `steps`
    [{title, detail}], `changes` [{from, summary, legal_basis}]. A nested value is the
    field's whole new value, but it is written into the existing nodes, so unchanged list
    items and keys (and their comments) stay. Pass only the fields the user changed: in a
    commune file that `extends` a base, every field passed becomes an override (a procedure
    the commune file does not list yet gets a record `{code, <fields>}`).

    `check=False` skips validating the result: only for a caller that loads it with the
    full loader anyway and writes nothing (the studio's page preview).
    """
    def change(record: CommentedMap, style: Style) -> None:
        for key, value in changes.items():
            _assign(record, key, value, FIELD_ORDER, NESTED_ORDER.get(key, ()), style)

    return _edit(text, code, change, path, today, parse,
                 create={"code": code, **changes}, check=check)


def drop_override(text: str, code: str, field: str, *, path: Path = DEFAULT_PATH,
                  today: dt.date | None = None, parse: Parse = parse_yaml) -> str:
    """In a commune file, go back to the base catalogue's value of one field of `code`
    ("khôi phục theo danh mục tỉnh"); the override record goes when only `code` is left."""
    display = path.name
    if not _extends(text):
        raise EditRefused([Problem(display, None, field, messages.EDIT_NOT_OVERLAY.format(
            file=display))])
    if field not in override_fields(text, code):
        raise EditRefused([Problem(display, None, f"{code}.{field}",
                                   messages.EDIT_NO_OVERRIDE.format(code=code, field=field,
                                                                    file=display))])
    if set(override_fields(text, code)) <= {field}:
        return remove_procedure(text, code, path=path, today=today, parse=parse)

    def change(record: CommentedMap, style: Style) -> None:
        _delete_key(record, field)

    return _edit(text, code, change, path, today, parse)


def override_fields(text: str, code: str) -> list[str]:
    """Fields (besides `code`) that this file itself writes for procedure `code`."""
    found = layout(text)
    if found is not None:
        index = found.find(code)
        if index is None:
            return []
        record = found.records[index]
        data = yaml.safe_load("".join(found.lines[record.start:record.end]).replace(
            "\r\n", "\n"))
        item = data[0] if isinstance(data, list) and data else None
    else:
        data = yaml.safe_load(text)
        items = data.get("procedures") if isinstance(data, dict) else None
        item = next((p for p in items or [] if isinstance(p, dict) and p.get("code") == code),
                    None)
    return [k for k in item if k != "code"] if isinstance(item, dict) else []


def add_procedure(text: str, record: Mapping[str, Any], *, path: Path = DEFAULT_PATH,
                  today: dt.date | None = None, parse: Parse = parse_yaml) -> str:
    """Append a new procedure (keys in the model's order) after the last one."""
    display = path.name
    code = record.get("code")
    if not isinstance(code, str) or not code.strip():
        raise EditRefused([Problem(display, None, "code", messages.EDIT_NO_CODE)])
    found = layout(text)
    if found is None:
        return _edit_whole(text, path, today, parse, lambda doc: _append_whole(doc, record))
    index = found.find(code)
    if index is not None:
        line = found.records[index].start + 1
        raise EditRefused([Problem(display, line, f"{code}.code",
                                   messages.EDIT_DUPLICATE_CODE.format(code=code, line=line))])
    new_text = _append(found, record)
    validate(new_text, path, today=today, parse=parse)
    return new_text


def remove_procedure(text: str, code: str, *, path: Path = DEFAULT_PATH,
                     today: dt.date | None = None, parse: Parse = parse_yaml) -> str:
    """Delete procedure `code`. The comment and blank lines around it stay where they are
    (a section heading above the next record stays above it)."""
    found = layout(text)
    if found is None:
        return _edit_whole(text, path, today, parse, lambda doc: _remove_whole(doc, code, path))
    index = _index(found, code, path)
    lines = list(found.lines)
    del lines[_cut(found, index)]
    if not any(r for r in found.records if r.code != code) and found.key_line is not None \
            and _extends(text):
        # The commune file overrides nothing any more: drop the empty `procedures:` too.
        del lines[found.key_line]
    new_text = "".join(lines)
    validate(new_text, path, today=today, parse=parse)
    return new_text


def move_procedure(text: str, code: str, index: int, *, path: Path = DEFAULT_PATH,
                   today: dt.date | None = None, parse: Parse = parse_yaml) -> str:
    """Move procedure `code` to position `index` (0 = first; clamped to the list). Only the
    record's own lines move; comments between records stay in place."""
    found = layout(text)
    if found is None:
        return _edit_whole(text, path, today, parse,
                           lambda doc: _move_whole(doc, code, index, path))
    current = _index(found, code, path)
    index = max(0, min(index, len(found.records) - 1))
    if index == current:
        return text
    record = found.records[current]
    body = found.lines[record.start:record.end]
    end = record.end  # the record and the blank lines after it leave; comments stay
    while end < record.gap_end and not found.lines[end].strip():
        end += 1
    without = "".join(found.lines[:record.start] + found.lines[end:])
    rest = layout(without)
    assert rest is not None
    lines = list(rest.lines)
    separator = [_newline(text)] if found.blank_separated else []
    if index >= len(rest.records):
        at = rest.records[-1].end
        lines[at:at] = separator + body
    else:
        at = rest.records[index].start
        lines[at:at] = body + separator
    new_text = "".join(lines)
    validate(new_text, path, today=today, parse=parse)
    return new_text


def _newline(text: str) -> str:
    return "\r\n" if "\r\n" in text else "\n"


def _extends(text: str) -> bool:
    return re.search(r"^extends:", text, re.MULTILINE) is not None


def _index(found: Layout, code: str, path: Path) -> int:
    index = found.find(code)
    if index is None:
        raise _unknown(code, path, [r.code for r in found.records if r.code])
    return index


def _unknown(code: str, path: Path, codes: Sequence[str]) -> EditRefused:
    return EditRefused([Problem(path.name, None, "code", messages.EDIT_UNKNOWN_CODE.format(
        code=code, file=path.name, hint=messages.suggest(code, codes)))])


def _codes_whole(doc: CommentedMap) -> list[str]:
    items = doc.get("procedures")
    return [str(item.get("code")) for item in items if isinstance(item, CommentedMap)] \
        if isinstance(items, CommentedSeq) else []


def _cut(found: Layout, index: int) -> slice:
    """The lines to delete with record `index`: its own, and the blank lines after it when the
    lines before it already end in a blank line (so no double gap is left). Comments after it
    stay: they sit above the next record or section."""
    record = found.records[index]
    end = record.end
    before = found.lines[record.start - 1] if record.start > 0 else ""
    if index == 0 or not before.strip():
        while end < record.gap_end and not found.lines[end].strip():
            end += 1
    start = record.start
    if end == record.end and index > 0 and not before.strip():
        # Nothing blank after it (the end of the list): the blank lines above it go instead.
        while start > found.records[index - 1].end and not found.lines[start - 1].strip():
            start -= 1
    return slice(start, end)


def _append(found: Layout, record: Mapping[str, Any]) -> str:
    newline = _newline("".join(found.lines[:1]) or "\n")
    new = _record_lines(record, found.indent, newline, _style_near(found, len(found.records)))
    lines = list(found.lines)
    if found.key_line is None:  # a commune file that overrides nothing yet
        if lines and not lines[-1].endswith("\n"):
            lines[-1] += newline
        return "".join(lines + [f"procedures:{newline}"] + new)
    if not found.records:
        at = found.key_line + 1
        lines[at:at] = new
        return "".join(lines)
    at = found.records[-1].end
    if not lines[at - 1].endswith("\n"):
        lines[at - 1] += newline
    lines[at:at] = ([newline] if found.blank_separated else []) + new
    return "".join(lines)


def _edit(text: str, code: str, change: Callable[[CommentedMap, Style], None], path: Path,
          today: dt.date | None, parse: Parse,
          create: Mapping[str, Any] | None = None, check: bool = True) -> str:
    found = layout(text)
    if found is None:
        def whole(doc: CommentedMap) -> None:
            record = _find_whole(doc, code)
            if record is None and create is not None and _extends(text):
                _append_whole(doc, create)
                return
            if record is None:
                raise _unknown(code, path, _codes_whole(doc))
            change(record, _flow_keys(text))
        return _edit_whole(text, path, today, parse, whole, check)
    index = found.find(code)
    if index is None:
        if create is not None and _extends(text):
            new_text = _append(found, create)
            if check:
                validate(new_text, path, today=today, parse=parse)
            return new_text
        raise _unknown(code, path, [r.code for r in found.records if r.code])
    record = found.records[index]
    style = _style_near(found, index)
    try:
        new_lines = _edit_record(found.lines, record, found.indent,
                                 lambda item: change(item, style))
    except RuamelError as exc:
        _refuse_unreadable(text, path, today, parse, exc)
    new_text = "".join(found.lines[:record.start] + new_lines + found.lines[record.end:])
    if check:
        validate(new_text, path, today=today, parse=parse)
    return new_text


def _refuse_unreadable(text: str, path: Path, today: dt.date | None, parse: Parse,
                       exc: Exception) -> None:
    """ruamel could not read the file: report our loader's own (Vietnamese) errors."""
    validate(text, path, today=today, parse=parse)
    raise EditRefused([Problem(path.name, None, "", messages.EDIT_CANNOT_READ.format(
        file=path.name, reason=str(exc).splitlines()[0] if str(exc) else type(exc).__name__))])


# ---- the whole document at once (files the cutter does not understand) ---------------------

def _edit_whole(text: str, path: Path, today: dt.date | None, parse: Parse,
                change: Callable[[CommentedMap], None], check: bool = True) -> str:
    newline = _newline(text)
    plain = text.replace("\r\n", "\n")
    handle = _yaml(_seq_offset(plain))
    handle.explicit_start = re.match(r"(\s*#.*\n|\s*\n)*---", plain) is not None
    try:
        doc = handle.load(plain)
    except RuamelError as exc:
        _refuse_unreadable(text, path, today, parse, exc)
    if not isinstance(doc, CommentedMap):
        validate(text, path, today=today, parse=parse)
        raise EditRefused([Problem(path.name, 1, "", messages.CATALOGUE_NOT_MAPPING)])
    change(doc)
    new_text = _dump(handle, doc).replace("\n", newline)
    if check:
        validate(new_text, path, today=today, parse=parse)
    return new_text


def _procedures_whole(doc: CommentedMap, create: bool = False) -> CommentedSeq:
    items = doc.get("procedures")
    if items is None and create:
        items = doc["procedures"] = CommentedSeq()
    if not isinstance(items, CommentedSeq):
        raise EditRefused([Problem("", None, "procedures",
                                   messages.EDIT_NOT_A_LIST.format(file="procedures"))])
    return items


def _find_whole(doc: CommentedMap, code: str) -> CommentedMap | None:
    items = doc.get("procedures")
    for item in items if isinstance(items, CommentedSeq) else []:
        if isinstance(item, CommentedMap) and item.get("code") == code:
            return item
    return None


def _append_whole(doc: CommentedMap, record: Mapping[str, Any]) -> None:
    code = record.get("code")
    if isinstance(code, str) and _find_whole(doc, code) is not None:
        raise EditRefused([Problem("", None, f"{code}.code", messages.EDIT_DUPLICATE_CODE.format(
            code=code, line="?"))])
    node = CommentedMap()
    for key in _ordered(record, FIELD_ORDER):
        if record[key] is not None:
            node[key] = _node(record[key], None, NESTED_ORDER.get(key, ()))
    _procedures_whole(doc, create=True).append(node)


def _remove_whole(doc: CommentedMap, code: str, path: Path) -> None:
    items = _procedures_whole(doc)
    for index, item in enumerate(items):
        if isinstance(item, CommentedMap) and item.get("code") == code:
            items.pop(index)
            return
    raise _unknown(code, path, _codes_whole(doc))


def _move_whole(doc: CommentedMap, code: str, index: int, path: Path) -> None:
    items = _procedures_whole(doc)
    for current, item in enumerate(items):
        if isinstance(item, CommentedMap) and item.get("code") == code:
            items.pop(current)
            items.insert(max(0, min(index, len(items))), item)
            return
    raise _unknown(code, path, _codes_whole(doc))


# ---- announcements --------------------------------------------------------------------------

def announcement_text(front: Mapping[str, Any], body: str, previous: str | None = None) -> str:
    """An announcement file: `---`, the front matter, `---`, the Markdown body.

    `front` is the whole front matter (a key left out or None is removed). With `previous`
    (the file as it is now), its front matter is edited in place: comments and key order
    kept. The front matter is checked with the model; raises EditRefused if it is invalid.
    """
    newline = _newline(previous or "")
    front_text = ""
    if previous is not None:
        lines = previous.replace("\r\n", "\n").split("\n")
        if lines and lines[0].strip() == "---":
            end = next((i for i in range(1, len(lines)) if lines[i].strip() == "---"), None)
            if end is not None:
                front_text = "\n".join(lines[1:end]) + "\n"
    handle = _yaml(_seq_offset(front_text))
    try:
        doc = handle.load(front_text) if front_text.strip() else None
    except RuamelError:
        doc = None  # a broken front matter is rewritten from the form
    if not isinstance(doc, CommentedMap):
        doc = CommentedMap()
    for key in [k for k in doc if front.get(k) is None]:
        _delete_key(doc, key)
    for key in _ordered(front, FRONT_ORDER):
        _assign(doc, key, front[key], FRONT_ORDER, NESTED_ORDER.get(key, ()),
                _flow_keys(front_text))
    written = _dump(handle, doc)
    _check_front(written)
    body = unicodedata.normalize("NFC", body).replace("\r\n", "\n").strip("\n") + "\n"
    return f"---\n{written}---\n{body}".replace("\n", newline)


def _check_front(front_text: str) -> None:
    display = messages.FRONT_MATTER_NAME
    located = parse_yaml(front_text, display, line_offset=1)
    try:
        FrontMatter.model_validate(located.data)
    except ValidationError as exc:
        raise EditRefused(pydantic_problems(exc, FrontMatter, located, display)) from None


def slug_for(title: str) -> str:
    """'Thông báo lịch tiêm chủng tháng 5' -> 'thong-bao-lich-tiem-chung-thang-5': an ASCII
    file name (Vietnamese letters folded to their base letter, never dropped)."""
    folded = fold(unicodedata.normalize("NFC", title))
    folded = unicodedata.normalize("NFKD", folded).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", folded).strip("-")[:80].strip("-")
    return slug or "thong-bao"


# ---- three-way merge, record by record ------------------------------------------------------

@dataclass(frozen=True)
class Merged:
    """A merge's outcome: the text, or None with what both sides changed (`where`: "records"
    with their `codes`, "outside" the list, the "order" of records, or the "whole" file)."""

    text: str | None
    where: str = ""
    codes: tuple[str, ...] = ()


def merge_records(base: str, mine: str, theirs: str) -> Merged:
    """Apply mine's changes to `base` onto `theirs` (the file as it is now), record by record.

    Mine may change, add and delete procedures; they merge when theirs left those records as
    they were in `base`. Anything else both touched is a clash, and so is any change of mine
    outside the records (office, comments) or to their order: nothing is guessed."""
    layouts = [layout(text) for text in (base, mine, theirs)]
    if any(found is None or not _plain_codes(found) for found in layouts):
        return Merged(None, "whole")
    lb, lm, lt = (found for found in layouts if found is not None)
    if _outside(lm) != _outside(lb):
        return Merged(None, "outside")
    bb, bm, bt = _bodies(lb), _bodies(lm), _bodies(lt)
    if [c for c in bm if c in bb] != [c for c in bb if c in bm]:
        return Merged(None, "order")
    changes: list[tuple[str, str | None]] = []
    clashes: list[str] = []
    for code in dict.fromkeys([*bm, *bb]):
        b, m, t = bb.get(code), bm.get(code), bt.get(code)
        if m == b:
            continue
        if t == b:
            changes.append((code, m))
        elif t != m:
            clashes.append(code)
    if clashes:
        return Merged(None, "records", tuple(clashes))
    text = theirs
    order = [r.code for r in lm.records]
    for code, body in changes:
        text = _apply(text, code, body, order)
    return Merged(text)


def _plain_codes(found: Layout) -> bool:
    codes = [r.code for r in found.records]
    return None not in codes and len(set(codes)) == len(codes)


def _bodies(found: Layout) -> dict[str, str]:
    return {str(r.code): "".join(found.lines[r.start:r.end]) for r in found.records}


def _outside(found: Layout) -> list[str]:
    """The non-blank lines outside every record (blank lines move with adds and deletes)."""
    inside = {n for r in found.records for n in range(r.start, r.end)}
    return [line.rstrip("\r\n") for n, line in enumerate(found.lines)
            if n not in inside and line.strip()]


def _apply(text: str, code: str, body: str | None, order: list[str | None]) -> str:
    """Put one record's new body (None: delete it) into `text`."""
    found = layout(text)
    assert found is not None
    lines = list(found.lines)
    index = found.find(code)
    if index is not None and body is None:
        del lines[_cut(found, index)]
        return "".join(lines)
    if body is None:
        return text
    new = split_lines(body)
    if not new[-1].endswith("\n"):
        new[-1] += _newline(text)
    if index is not None:
        record = found.records[index]
        lines[record.start:record.end] = new
        return "".join(lines)
    separator = [_newline(text)] if found.blank_separated else []
    before = [c for c in order[:order.index(code)] if c is not None and found.find(c) is not None]
    if before:
        at = found.records[found.find(before[-1]) or 0].end
        if not lines[at - 1].endswith("\n"):
            lines[at - 1] += _newline(text)
        lines[at:at] = separator + new
    elif found.records:
        at = found.records[0].start
        lines[at:at] = new + separator
    else:
        return _append(found, yaml.load("".join(new), Loader=yaml.SafeLoader)[0])
    return "".join(lines)

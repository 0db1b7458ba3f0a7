"""Malformed inputs for the property tests (test_malformed_input.py): hypothesis strategies
that break a catalogue or an announcement the way people and tools do.

Two families: *structural* mutations change the parsed YAML (a value of the wrong type, a
deleted or renamed key, a hostile string) and write it back; *textual* ones damage the
bytes (truncated, corrupted, invalid UTF-8, a BOM, tabs, CRLF, a line lost or doubled).
An announcement's Markdown body gets hostile template text as well.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import yaml
from hypothesis import strategies as st

# Values of every YAML type, for places that expect another one.
WRONG_VALUES = st.one_of(
    st.integers(min_value=-10**12, max_value=10**12),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.none(),
    st.just(""),
    st.text(max_size=12),
    st.dates(min_value=dt.date(1, 1, 1), max_value=dt.date(9999, 12, 31)),
    st.lists(st.integers(), max_size=3),
    st.just([]),
    st.just({}),
    st.dictionaries(st.sampled_from(["x", "code", "name", "1"]), st.integers(), max_size=2),
    st.just([[1, 2], {"a": None}]),
)

HOSTILE_STRINGS = st.sampled_from([
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "\"><b>đậm</b><!--",
    "{{ office.name }}",
    "{{",
    "{% for x in %}",
    "{{ 1/0 }}",
    "{{ ''.__class__.__mro__ }}",
    "]] [[ }} {% endfor %}",
    "\x00\x01\x07\x1b[31m đỏ \x7f",
    "\u202eđảo chiều\u202c",
    "zero\u200bwidth\ufeff",
    "Dang ky khai sinh" + "\u0301" * 5,  # stray combining marks
    "https://",
    "javascript:alert(1)",
    "../../../../etc/passwd",
    "%s %d {0} {code} {name} {}",
    "#" * 3 + " Tiêu đề",
    "- mục\n- mục",
    "dòng một\ndòng hai\r\ndòng ba",
    "x" * 20_000,
    "Đăng ký " * 2_000,
    "😀🇻🇳",
    "   ",
    "'\"`\\",
])

BODY_INSERTS = st.sampled_from([
    "{{", "}}", "{%", "{% if %}", "{% endfor %}", "{{ 1/0 }}", "{{ chua_co }}",
    "{{ office.khong_co }}", "{{ office.name.__class__ }}", "{{ office|attr('__dict__') }}",
    "{{ procedures['9.999999'].name }}", "{{ featured[99] }}", "{{ office.name|int / 0 }}",
    "{{ 'a' ~ }}", "{% include 'x.html' %}", "{% extends 'base' %}", "{% macro %}",
    "{{ range(5)|sum(attribute='x') }}", "{{ office.name|format(1, 2, 3) }}",
    "{{ '%d'|format('x') }}", "{{ [1,2]|first|first }}", "{{ none.x }}",
    "{{ procedure_table|safe }}", "<script>alert(1)</script>", "\x00\x1b[2J",
    "{{ (office.name ~ 'x') * 3 }}", "{{ 2 ** 3 ** 2 }}", "{{ loop.index }}",
    "{% for p in featured %}{{ p.khong }}{% endfor %}", "{{ page.date.year + 'x' }}",
])

RENAMES = st.sampled_from(["nam", "Name", "codes", "procedure", "lệ_phí", "x", "1", "",
                           "from_", "schema "])

DAMAGES = st.sampled_from(["truncate", "corrupt", "invalid_utf8", "bom", "tabs", "crlf",
                           "drop_line", "double_line", "swap_lines", "nul", "cr_only",
                           "dedent", "indent"])


@dataclass(frozen=True)
class Document:
    """A YAML file, or an announcement: front matter (YAML) plus a body."""

    data: Any
    body: str | None = None  # None: the whole file is YAML


def split(text: str, is_announcement: bool) -> Document:
    if not is_announcement:
        return Document(yaml.safe_load(text))
    _, front, body = text.split("---\n", 2)
    return Document(yaml.safe_load(front), body)


def join(doc: Document) -> str:
    dumped = yaml.safe_dump(doc.data, allow_unicode=True, sort_keys=False, width=100)
    if doc.body is None:
        return dumped
    return f"---\n{dumped}---\n{doc.body}"


@st.composite
def walk(draw: st.DrawFn, data: Any) -> tuple:
    """A path from the root down, stopping at each level with even odds: top-level sections
    (where one wrong type once crashed the loader) are as likely as any deep value."""
    path: tuple = ()
    if draw(st.integers(min_value=0, max_value=19)) == 0:
        return path  # the whole document replaced, now and then
    while isinstance(data, dict | list) and data:
        key = draw(st.sampled_from(list(data) if isinstance(data, dict) else range(len(data))))
        path, data = path + (key,), data[key]
        if draw(st.booleans()):
            break
    return path


def _parent(data: Any, path: tuple) -> Any:
    for part in path[:-1]:
        data = data[part]
    return data


def _copy(data: Any) -> Any:
    if isinstance(data, dict):
        return {k: _copy(v) for k, v in data.items()}
    if isinstance(data, list):
        return [_copy(v) for v in data]
    return data


@st.composite
def structural(draw: st.DrawFn, text: str, is_announcement: bool) -> tuple[str, str]:
    """(description, new text): one value replaced, a key dropped or renamed, or a string
    made hostile, somewhere in the YAML."""
    doc = split(text, is_announcement)
    data = _copy(doc.data)
    path = draw(walk(data))
    operation = draw(st.sampled_from(["wrong_type", "wrong_type", "delete", "rename",
                                      "hostile", "empty_list"]))
    if not path:
        data = draw(WRONG_VALUES)
        operation = "wrong_type"
    else:
        parent, last = _parent(data, path), path[-1]
        if operation == "wrong_type":
            parent[last] = draw(WRONG_VALUES)
        elif operation == "hostile":
            parent[last] = draw(HOSTILE_STRINGS)
        elif operation == "empty_list":
            parent[last] = []
        elif operation == "delete":
            del parent[last]
        elif isinstance(parent, dict):  # rename: keep the value, change the key
            new_key = draw(RENAMES)
            parent[new_key] = parent.pop(last)
        else:
            parent[last] = {draw(RENAMES): parent[last]}
    return f"{operation} at {path!r}", join(Document(data, doc.body))


@st.composite
def textual(draw: st.DrawFn, raw: bytes) -> tuple[str, bytes]:
    """(description, new bytes): the file damaged as a disk, an editor or a copy would."""
    damage = draw(DAMAGES)
    lines = raw.split(b"\n")
    at = draw(st.integers(min_value=0, max_value=max(0, len(raw) - 1)))
    line = draw(st.integers(min_value=0, max_value=max(0, len(lines) - 1)))
    if damage == "truncate":
        out = raw[:at]
    elif damage == "corrupt":
        junk = draw(st.binary(min_size=1, max_size=8))
        out = raw[:at] + junk + raw[at + len(junk):]
    elif damage == "invalid_utf8":
        out = raw[:at] + draw(st.sampled_from([b"\xff", b"\xc3\x28", b"\xe1\xbb", b"\xed\xa0\x80",
                                               b"\xf8\x88\x80\x80\x80"])) + raw[at:]
    elif damage == "bom":
        out = b"\xef\xbb\xbf" + raw
    elif damage == "tabs":
        lines[line] = lines[line].replace(b"  ", b"\t")
        out = b"\n".join(lines)
    elif damage == "crlf":
        out = raw.replace(b"\n", b"\r\n")
    elif damage == "cr_only":
        out = raw.replace(b"\n", b"\r")
    elif damage == "drop_line":
        out = b"\n".join(lines[:line] + lines[line + 1:])
    elif damage == "double_line":
        out = b"\n".join(lines[:line + 1] + lines[line:])
    elif damage == "swap_lines" and line + 1 < len(lines):
        lines[line], lines[line + 1] = lines[line + 1], lines[line]
        out = b"\n".join(lines)
    elif damage == "nul":
        out = raw[:at] + b"\x00" + raw[at:]
    elif damage == "dedent":
        lines[line] = lines[line].lstrip(b" ")
        out = b"\n".join(lines)
    else:  # indent (and swap_lines on the last line)
        lines[line] = b"   " + lines[line]
        out = b"\n".join(lines)
    return f"{damage} at byte {at} / line {line + 1}", out


@st.composite
def body_insert(draw: st.DrawFn, text: str) -> tuple[str, str]:
    """(description, new text): hostile template text dropped into an announcement's body."""
    head, front, body = text.split("---\n", 2)
    lines = body.split("\n")
    line = draw(st.integers(min_value=0, max_value=len(lines)))
    insert = draw(BODY_INSERTS)
    lines.insert(line, insert)
    return f"body {insert!r} at line {line}", f"{head}---\n{front}---\n" + "\n".join(lines)


def mutation(text: str, is_announcement: bool) -> st.SearchStrategy[tuple[str, bytes]]:
    """Any mutation of one file, as (description, bytes to write)."""
    raw = text.encode("utf-8")
    options = [structural(text, is_announcement).map(lambda m: (m[0], m[1].encode("utf-8"))),
               textual(raw)]
    if is_announcement:
        options.append(body_insert(text).map(lambda m: (m[0], m[1].encode("utf-8"))))
    return st.one_of(options)

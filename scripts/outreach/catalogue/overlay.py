"""Overlays: a commune catalogue that `extends` a province base catalogue.

The commune file holds its `office`; it may add procedures, override fields of a base
procedure by giving its `code` and only the fields that differ, and drop base procedures with
`exclude: [codes]`. Top-level sections (portals, service_levels, accounts) come from the base
unless the commune sets them. The merge keeps, for every path of the merged data, the file
and line where its value is written, so every error still points at the right place.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from ..errors import InvalidInput, Problem
from . import messages
from .model import Procedure
from .yamlfile import Located, Parse, Path_, dotted, parse_yaml, read_text

OVERLAY_KEYS = ("extends", "exclude")


@dataclass(frozen=True)
class Origin:
    """Where one field of a merged procedure was written."""

    field: str
    file: str
    line: int | None
    from_base: bool


def required_procedure_fields() -> list[str]:
    """Fields a new procedure must have (the model's required ones), in model order."""
    return [f.alias or name for name, f in Procedure.model_fields.items() if f.is_required()]


def resolve_overlay(located: Located, path: Path, display: str,
                    parse: Parse = parse_yaml) -> tuple[Located, list[Problem]]:
    """Follow `extends` chains; return the merged data (with file per path) and its problems.

    A file without `extends` is returned unchanged (with an error if it has `exclude`).
    `parse` reads each base file (serve passes one that remembers unchanged parts).
    """
    data = located.data
    if not isinstance(data, dict):
        return located, []
    if "extends" not in data:
        if "exclude" in data:
            return located, [Problem(display, located.line_of(("exclude",)), "exclude",
                                     messages.EXCLUDE_WITHOUT_EXTENDS)]
        return located, []
    problems: list[Problem] = []
    merged = _resolve(located, path.resolve(), display, [], problems, parse)
    return merged, problems


def _own(located: Located, display: str) -> Located:
    """The same data with every path marked as written in `display`."""
    return Located(located.data, dict(located.lines), {(): display})


def _load_layer(path: Path, display: str, parse: Parse = parse_yaml) -> Located:
    return parse(read_text(path, display), display, 0)


def _resolve(located: Located, path: Path, display: str, chain: list[tuple[Path, str]],
             problems: list[Problem], parse: Parse = parse_yaml) -> Located:
    data = located.data
    if not isinstance(data, dict) or "extends" not in data:
        return _own(located, display)
    target = data.get("extends")
    line = located.line_of(("extends",))
    if not isinstance(target, str) or not target.strip():
        problems.append(Problem(display, line, "extends", messages.EXTENDS_NOT_TEXT))
        return _strip(_own(located, display))
    base_path = (path.parent / target).resolve()
    base_display = posixpath.normpath(posixpath.join(posixpath.dirname(display), target))
    seen = [p for p, _ in chain] + [path]
    if base_path in seen:
        displays = {p: d for p, d in chain} | {path: display}
        names = [d for _, d in chain] + [display, displays[base_path]]
        problems.append(Problem(display, line, "extends",
                                messages.EXTENDS_LOOP.format(chain=" → ".join(names))))
        return _strip(_own(located, display))
    if not base_path.is_file():
        problems.append(Problem(display, line, "extends", messages.EXTENDS_MISSING.format(
            target=target, resolved=base_path)))
        return _strip(_own(located, display))
    try:
        base_located = _load_layer(base_path, base_display, parse)
    except InvalidInput as exc:
        problems.extend(exc.problems)
        return _strip(_own(located, display))
    base = _resolve(base_located, base_path, base_display, chain + [(path, display)], problems,
                    parse)
    return merge(base, located, display, base_display, problems)


def _strip(located: Located) -> Located:
    """Drop the overlay keys (already reported) so the model does not report them again."""
    data = {k: v for k, v in located.data.items() if k not in OVERLAY_KEYS}
    return Located(data, located.lines, located.files)


class _Builder:
    """Collects the merged data's lines and files, path by path, from either layer."""

    def __init__(self) -> None:
        self.lines: dict[Path_, int] = {}
        self.files: dict[Path_, str] = {}

    def copy(self, source: Located, source_file: str, old: Path_, new: Path_,
             index: dict[Path_, list[Path_]] | None = None) -> None:
        """Copy lines (and file) of `old` and everything under it to `new`."""
        keys = index.get(old[:2], []) if index is not None and len(old) >= 2 else source.lines
        n = len(old)
        for path in keys:
            if path[:n] == old:
                line = source.lines.get(path)
                if line is not None:
                    self.lines[new + path[n:]] = line
        self.files[new] = source.file_of(old) or source_file
        for path, file in source.files.items():  # a base that is itself an overlay
            if len(path) > n and path[:n] == old:
                self.files[new + path[n:]] = file

    def mark(self, source: Located, source_file: str, old: Path_, new: Path_) -> None:
        """Lines and file of `old` itself only."""
        line = source.lines.get(old)
        if line is not None:
            self.lines[new] = line
        self.files[new] = source.file_of(old) or source_file


def _by_item(located: Located) -> dict[Path_, list[Path_]]:
    """Paths grouped by their first two parts, e.g. ("procedures", 3): copies stay linear."""
    groups: dict[Path_, list[Path_]] = {}
    for path in located.lines:
        groups.setdefault(path[:2], []).append(path)
    return groups


def merge(base: Located, own: Located, display: str, base_display: str,
          problems: list[Problem]) -> Located:
    """Merge a commune layer over its (already resolved) base."""
    out: dict[str, Any] = {}
    built = _Builder()
    built.files[()] = display
    built.lines[()] = own.lines.get((), 1)
    base_data = base.data if isinstance(base.data, dict) else {}
    own_data: dict[str, Any] = own.data
    for key in list(dict.fromkeys([*base_data, *own_data])):
        if key in OVERLAY_KEYS or key == "procedures":
            continue
        if key in own_data:
            out[key] = own_data[key]
            built.copy(own, display, (key,), (key,))
        else:
            out[key] = base_data[key]
            built.copy(base, base_display, (key,), (key,))
    base_items = base_data.get("procedures")
    base_items = base_items if isinstance(base_items, list) else []
    base_index = _by_item(base)
    own_index = _by_item(own)
    base_codes: dict[str, int] = {p["code"]: i for i, p in enumerate(base_items)
                                  if isinstance(p, dict) and isinstance(p.get("code"), str)}
    excluded = _excluded(own, display, base_display, base_codes, problems)
    own_items = own_data.get("procedures")
    own_items = own_items if isinstance(own_items, list) else []
    overrides: dict[str, int] = {}
    additions: list[int] = []
    for k, item in enumerate(own_items):
        code = item.get("code") if isinstance(item, dict) else None
        where = ("procedures", k)
        if not isinstance(code, str) or code not in base_codes:
            missing = [f for f in required_procedure_fields()
                       if not isinstance(item, dict) or f not in item]
            if isinstance(code, str) and missing:
                problems.append(Problem(display, own.line_of(where), dotted(where),
                                        messages.NEW_PROCEDURE_INCOMPLETE.format(
                                            code=code, base=base_display,
                                            missing=", ".join(missing),
                                            hint=messages.suggest(code, base_codes))))
                continue
            additions.append(k)
            continue
        if code in excluded:
            problems.append(Problem(display, own.line_of((*where, "code")), f"{dotted(where)}.code",
                                    messages.EXCLUDE_AND_OVERRIDE.format(
                                        code=code, line=excluded[code])))
            continue
        if code in overrides:
            problems.append(Problem(display, own.line_of((*where, "code")), f"{dotted(where)}.code",
                                    messages.OVERRIDE_TWICE.format(
                                        code=code, line=own.line_of(("procedures",
                                                                     overrides[code])))))
            continue
        overrides[code] = k
    procedures: list[Any] = []
    for i, item in enumerate(base_items):
        code = item.get("code") if isinstance(item, dict) else None
        if code in excluded:
            continue
        j = len(procedures)
        new = ("procedures", j)
        built.copy(base, base_display, ("procedures", i), new, base_index)
        if isinstance(code, str) and code in overrides:
            k = overrides[code]
            patch = own_items[k]
            procedures.append({**item, **patch})
            for field_name in patch:
                if field_name == "code":
                    continue
                built.copy(own, display, ("procedures", k, field_name), (*new, field_name),
                           own_index)
        else:
            procedures.append(item)
    for k in additions:
        new = ("procedures", len(procedures))
        built.copy(own, display, ("procedures", k), new, own_index)
        procedures.append(own_items[k])
    if "procedures" in own_data or "procedures" in base_data:
        out["procedures"] = procedures
        source, source_file = (own, display) if "procedures" in own_data else (base, base_display)
        built.mark(source, source_file, ("procedures",), ("procedures",))
    return Located(out, built.lines, built.files)


def _excluded(own: Located, display: str, base_display: str, base_codes: dict[str, int],
              problems: list[Problem]) -> dict[str, int | None]:
    """Excluded codes -> line; unknown codes and a malformed list become problems."""
    raw = own.data.get("exclude")
    if raw is None:
        return {}
    if not isinstance(raw, list):
        problems.append(Problem(display, own.line_of(("exclude",)), "exclude",
                                messages.EXCLUDE_NOT_LIST))
        return {}
    out: dict[str, int | None] = {}
    for i, code in enumerate(raw):
        where = ("exclude", i)
        if not isinstance(code, str) or code not in base_codes:
            problems.append(Problem(display, own.line_of(where), dotted(where),
                                    messages.EXCLUDE_UNKNOWN.format(
                                        code=code, base=base_display,
                                        hint=messages.suggest(str(code), base_codes))))
            continue
        out[code] = own.line_of(where)
    return out


def load_merged(path: Path, display: str) -> Located:
    """The catalogue file with overlays applied, for tools that need origins (explain, checks)."""
    located = parse_yaml(read_text(path, display), display)
    merged, problems = resolve_overlay(located, path, display)
    if problems:
        raise InvalidInput(problems)
    if not merged.files:
        merged = _own(merged, display)
    return merged


def explain(merged: Located, code: str, own_file: str) -> list[Origin]:
    """Which file and line each field of procedure `code` comes from."""
    items = merged.data.get("procedures") if isinstance(merged.data, dict) else None
    for j, item in enumerate(items or []):
        if isinstance(item, dict) and item.get("code") == code:
            origins = []
            for field_name in item:
                path = ("procedures", j, field_name)
                file = merged.file_of(path) or own_file
                origins.append(Origin(field_name, file, merged.line_of(path), file != own_file))
            return origins
    codes = [i.get("code") for i in items or [] if isinstance(i, dict)]
    raise InvalidInput([Problem(own_file, None, "code", messages.EXPLAIN_UNKNOWN.format(
        code=code, hint=messages.suggest(code, [c for c in codes if isinstance(c, str)])))])


def relocate(problems: list[Problem], merged: Located, own_file: str) -> list[Problem]:
    """Point warnings about `CODE.field` at the file and line where that field is written."""
    if set(merged.files.values()) <= {own_file}:
        return problems  # one file, no overlay: the checks' own lines are right
    items = merged.data.get("procedures") if isinstance(merged.data, dict) else None
    index: dict[str, int] = {item["code"]: j for j, item in enumerate(items or [])
                             if isinstance(item, dict) and isinstance(item.get("code"), str)}
    out = []
    for p in problems:
        code, field_name = _code_and_field(p.field, index)
        if p.file == own_file and code not in index:
            top = _top_level_path(p.field, merged)
            if top is not None:  # e.g. `portals.0.procedure_url`, `changes` of the base
                p = replace(p, file=merged.file_of(top) or own_file, line=merged.line_of(top))
        if p.file != own_file or code not in index:
            out.append(p)
            continue
        path: Path_ = ("procedures", index[code])
        if field_name and (*path, field_name) in merged.lines:
            path = (*path, field_name)
        line = merged.line_of(path if len(path) == 3 else (*path, "code"))
        out.append(replace(p, file=merged.file_of(path) or own_file, line=line))
    return out


def _top_level_path(dotted_field: str, merged: Located) -> Path_ | None:
    """'portals.0.procedure_url' -> ('portals', 0, 'procedure_url') if the merged data has
    it (the longest such prefix); None for a field that is not a top-level path."""
    parts: list[str | int] = [int(x) if x.isdigit() else x for x in dotted_field.split(".")]
    if not parts or not isinstance(parts[0], str) or not parts[0].isidentifier():
        return None
    for end in range(len(parts), 0, -1):
        if tuple(parts[:end]) in merged.lines:
            return tuple(parts[:end])
    return None


def _code_and_field(dotted_field: str, codes: dict[str, int]) -> tuple[str, str]:
    """'1.001193.verified' -> ('1.001193', 'verified'); codes themselves hold a dot."""
    for code in codes:
        if dotted_field == code or dotted_field.startswith(code + "."):
            return code, dotted_field[len(code) + 1:].split(".")[0]
    return "", ""

"""Load and validate procedures.yaml: one pass, every error with file, line and field."""

from __future__ import annotations

import datetime as dt
import re
import string
import typing
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from .. import clock
from ..errors import InvalidInput, Problem
from . import messages
from .model import Catalogue
from .overlay import resolve_overlay
from .yamlfile import Located, Parse, dotted, parse_yaml, read_text

CODE_SHAPE = re.compile(r"^\d\.\d{6}$")
URL_FIELDS = ("url", "procedure_url", "source", "website")
URL_PLACEHOLDERS = {"code", "name"}


def _fields_of(model: type[BaseModel]) -> list[str]:
    return [f.alias or name for name, f in model.model_fields.items()]


def _model_at(root: type[BaseModel], loc: tuple[Any, ...]) -> type[BaseModel] | None:
    """The model class that owns the last key of `loc` (for 'did you mean')."""
    current: Any = root
    for part in loc[:-1]:
        is_model = isinstance(current, type) and issubclass(current, BaseModel)
        if isinstance(part, int) or not is_model:
            continue
        by_alias = {f.alias or n: f for n, f in current.model_fields.items()}
        field = by_alias.get(part)
        if field is None:
            # A free-form dict key (scheme or level id): descend into the dict's value type.
            continue
        current = _unwrap(field.annotation)
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


def _unwrap(annotation: Any) -> Any:
    """list[X] / dict[str, X] / X | None -> X (the model a nested key belongs to)."""
    while True:
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        origin = typing.get_origin(annotation)
        if origin in (list, dict) or (args and origin is not typing.Literal
                                      and origin is not typing.Annotated):
            annotation = args[-1]
            continue
        if origin is typing.Annotated:
            annotation = args[0]
            continue
        return annotation


def pydantic_problems(exc: ValidationError, model: type[BaseModel], located: Located,
                      file: str, prefix: tuple[Any, ...] = ()) -> list[Problem]:
    """Translate pydantic's errors into Problems pointing at the YAML lines."""
    problems = []
    for err in exc.errors():
        loc = tuple(p for p in err["loc"] if not (isinstance(p, str) and p.startswith("function-")))
        owner = _model_at(model, loc) if loc else model
        allowed = _fields_of(owner) if owner else []
        line_path = prefix + loc
        if err["type"] == "missing":
            line_path = line_path[:-1]
        problems.append(Problem(located.file_of(line_path) or file, located.line_of(line_path),
                                dotted(loc), messages.for_pydantic_error(err, allowed)))
    return problems


def load_catalogue(path: Path, display: str | None = None,
                   today: dt.date | None = None) -> Catalogue:
    """Read, parse and validate a catalogue file; raise InvalidInput with every error."""
    return load_catalogue_located(path, display, today)[0]


def load_catalogue_located(path: Path, display: str | None = None,
                           today: dt.date | None = None,
                           parse: Parse = parse_yaml) -> tuple[Catalogue, Located]:
    """`load_catalogue`, plus the merged YAML with the file and line of every value.

    `parse` is `parse_yaml` (serve passes a `ChunkedParser`, same result, faster on edits)."""
    display = display or path.name
    return load_catalogue_text(read_text(path, display), path, display, today, parse)


def load_catalogue_text(text: str, path: Path, display: str | None = None,
                        today: dt.date | None = None,
                        parse: Parse = parse_yaml) -> tuple[Catalogue, Located]:
    """`load_catalogue_located` on text not yet written to `path` (the studio checks an edit
    before it replaces the file); `path` only locates the base of an `extends`."""
    display = display or path.name
    located = parse(text, display, 0)
    located, overlay_problems = resolve_overlay(located, path, display, parse)
    if not isinstance(located.data, dict):
        raise InvalidInput([Problem(display, 1, "", messages.CATALOGUE_NOT_MAPPING)])
    try:
        catalogue = Catalogue.model_validate(located.data)
    except ValidationError as exc:
        problems = pydantic_problems(exc, Catalogue, located, display)
        # Semantic checks still run on whatever parsed, so one pass shows everything.
        problems += semantic_problems_raw(located, display, today or clock.today())
        raise InvalidInput(_unique(overlay_problems + problems)) from None
    problems = overlay_problems + semantic_problems_raw(located, display,
                                                        today or clock.today())
    if problems:
        raise InvalidInput(problems)
    return catalogue, located


def _unique(problems: list[Problem]) -> list[Problem]:
    seen: set[tuple[Any, ...]] = set()
    out = []
    for p in problems:
        key = (p.file, p.line, p.field, p.message)
        if key not in seen:
            seen.add(key)
            out.append(p)
    return sorted(out, key=lambda p: (p.line or 0))


def _mapping(value: Any) -> dict:
    """`value` if it is a mapping, else an empty one: the model reports the wrong type."""
    return value if isinstance(value, dict) else {}


def _items(value: Any) -> list:
    """`value` if it is a list, else an empty one: the model reports the wrong type."""
    return value if isinstance(value, list) else []


def _get(data: Any, *path: Any) -> Any:
    for part in path:
        if isinstance(data, dict):
            data = data.get(part)
        elif isinstance(data, list) and isinstance(part, int) and part < len(data):
            data = data[part]
        else:
            return None
    return data


def semantic_problems_raw(located: Located, file: str, today: dt.date) -> list[Problem]:
    """Rules that cross fields: unique codes, level ids, URLs, dates. Works on raw data,
    whatever its shape: a value of the wrong type is skipped here (the model names it)."""
    data = located.data
    problems: list[Problem] = []

    def add(path: tuple[Any, ...], message: str) -> None:
        problems.append(Problem(located.file_of(path) or file, located.line_of(path),
                                dotted(path), message))

    problems += _url_problems(located, file)
    current = _get(data, "service_levels", "current")
    raw_schemes = _get(data, "service_levels", "schemes")
    schemes = _mapping(raw_schemes)
    scheme_levels = _get(schemes, current, "levels") if isinstance(current, str) else None
    if isinstance(raw_schemes, dict) and isinstance(current, str) and current not in schemes:
        add(("service_levels", "current"), messages.unknown_scheme(current, schemes))
    level_ids = list(scheme_levels) if isinstance(scheme_levels, dict) else []
    for scheme_id, scheme in schemes.items():
        for level_id, level in _mapping(_get(scheme, "levels")).items():
            target = _get(level, "maps_to")
            if target is not None and level_ids and target not in level_ids:
                add(("service_levels", "schemes", scheme_id, "levels", level_id, "maps_to"),
                    messages.level_not_in_scheme(target, current, level_ids))

    portal_ids: set[str] = set()
    for i, portal in enumerate(_items(_get(data, "portals"))):
        pid = _get(portal, "id")
        if not isinstance(pid, str):
            continue  # missing or not text: the model says so
        if pid in portal_ids:
            add(("portals", i, "id"), messages.duplicate_portal(pid))
        portal_ids.add(pid)
        template = _get(portal, "procedure_url")
        if isinstance(template, str):
            for name in _placeholders(template):
                if name not in URL_PLACEHOLDERS:
                    add(("portals", i, "procedure_url"), messages.bad_placeholder(name))

    codes: dict[str, int] = {}
    for i, proc in enumerate(_items(_get(data, "procedures"))):
        code = _get(proc, "code")
        if isinstance(code, str):
            if not CODE_SHAPE.match(code):
                add(("procedures", i, "code"), messages.bad_code(code))
            if code in codes:
                add(("procedures", i, "code"), messages.duplicate_code(
                    code, located.line_of(("procedures", codes[code]))))
            codes.setdefault(code, i)
        level = _get(proc, "level")
        if isinstance(level, str) and level_ids and level not in level_ids:
            add(("procedures", i, "level"), messages.unknown_level(level, current, level_ids))
        fee = _get(proc, "fee")
        if isinstance(fee, dict) and fee.get("amount") is None and fee.get("set_by") is None:
            add(("procedures", i, "fee"), messages.FEE_AMOUNT_MISSING)
        verified = _get(proc, "verified")
        if isinstance(verified, dt.date) and verified > today:
            add(("procedures", i, "verified"), messages.verified_in_future(verified.isoformat()))
    return problems


def _placeholders(template: str) -> list[str]:
    try:
        return [name for _, name, _, _ in string.Formatter().parse(template) if name is not None]
    except ValueError:
        return ["{"]


def _url_problems(located: Located, file: str) -> list[Problem]:
    problems = []
    found: list[tuple[tuple[Any, ...], str]] = []
    _url_values(located.data, (), found)
    for path, value in found:
        if not re.match(r"^https?://[^\s/]+", value, re.IGNORECASE):
            problems.append(Problem(located.file_of(path) or file, located.line_of(path),
                                    dotted(path), messages.bad_url(value)))
    return problems


def _url_values(data: Any, path: tuple[Any, ...], found: list) -> None:
    """Every text under a URL key, in document order. Only containers are descended into
    (no call per scalar): this runs on every save of a 500-procedure catalogue."""
    if isinstance(data, dict):
        for key, value in data.items():
            if isinstance(value, (dict, list)):
                _url_values(value, (*path, key), found)
            elif key in URL_FIELDS and isinstance(value, str):
                found.append(((*path, key), value))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            if isinstance(value, (dict, list)):
                _url_values(value, (*path, i), found)

"""The announcement form: posted fields -> front matter + body, checked as the build checks them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError

from ..catalogue import messages as catalogue_messages
from ..catalogue.announcements import Source
from ..catalogue.model import FrontMatter
from ..catalogue.project import Project, _announcement
from ..errors import InvalidInput
from . import messages as M
from .forms import FieldError, Posted, clean

SIGNER_FIELDS = ("on_behalf", "deputy", "position", "name")
SCHEDULE_DEFAULTS = {"repeat": 1, "priority": 5}


def _lines(text: str) -> list[str]:
    return [line for line in (clean(x) for x in text.split("\n")) if line]


def _int(text: str) -> Any:
    return int(text) if text.strip().isdigit() else text


def front_from_form(form: Posted, previous: dict[str, Any] | None = None) -> dict[str, Any]:
    """The front matter as the form describes it; keys the form does not show are kept."""
    front: dict[str, Any] = dict(previous or {})
    for key in ("kind", "title", "number", "date", "to", "summary"):
        value = clean(form.get(key))
        front[key] = value or ("" if key == "title" else None)  # required: the model says so
    signer = {k: clean(form.get(f"signer.{k}")) or None for k in SIGNER_FIELDS}
    front["signer"] = {k: v for k, v in signer.items() if v} or None
    front["recipients"] = _lines(clean(form.get("recipients"))) or None
    front["procedures"] = [clean(c) for c in form.getlist("procedures") if clean(c)] or None
    if front.get("kind") == "broadcast":
        old = dict((previous or {}).get("broadcast") or {})
        schedule: dict[str, Any] = {**old}
        schedule["days"] = [clean(d) for d in form.getlist("broadcast.days") if clean(d)]
        schedule["times"] = _lines(clean(form.get("broadcast.times")))
        for key in ("from", "until"):
            schedule[key] = clean(form.get(f"broadcast.{key}")) or None
        for key in ("priority", "repeat"):
            text = clean(form.get(f"broadcast.{key}"))
            schedule[key] = _int(text) if text else None
        front["broadcast"] = {k: v for k, v in schedule.items() if v not in (None, [])
                              and (k in old or SCHEDULE_DEFAULTS.get(k) != v)} or None
    else:
        front["broadcast"] = None
        front["recording"] = None
    if front.get("date") is None:
        front["date"] = ""
    return front


def _date(value: Any) -> Any:
    try:
        return dt.date.fromisoformat(value) if isinstance(value, str) else value
    except ValueError:
        return value


def stored_front(front: dict[str, Any]) -> dict[str, Any]:
    """Dates as dates (YAML writes them bare), None values dropped."""
    out = {k: v for k, v in front.items() if v is not None}
    out["date"] = _date(out.get("date"))
    if isinstance(out.get("broadcast"), dict):
        out["broadcast"] = {k: _date(v) if k in ("from", "until") else v
                            for k, v in out["broadcast"].items()}
    return out


def validate(project: Project, announcement_id: str, front: dict[str, Any], body: str
             ) -> list[FieldError]:
    """The model, the broadcast checks, the featured codes and the body template: every rule
    the build applies to an announcement, with its messages."""
    data = stored_front(front)
    labels = {**M.ANNOUNCEMENT_LABELS, **{f"signer.{k}": v for k, v in M.SIGNER_LABELS.items()},
              **{f"broadcast.{k}": v for k, v in M.BROADCAST_LABELS.items()}}
    try:
        model = FrontMatter.model_validate(data)
    except ValidationError as exc:
        errors = []
        for err in exc.errors():
            path = ".".join(str(p) for p in err["loc"])
            message = catalogue_messages.for_pydantic_error(err, list(labels))
            errors.append(FieldError(path, labels.get(path, labels.get(
                path.split(".")[0], path)), message))
        return errors
    file = f"{project.settings.announcements}/{announcement_id}.md"
    source = Source(announcement_id, file, model, body, 1, None, {})
    try:
        _announcement(project, source)
    except InvalidInput as exc:
        errors = []
        for p in exc.problems:
            path = p.field if p.field.split(".")[0] in labels else "body"
            errors.append(FieldError(path, labels.get(path, labels[path.split(".")[0]]),
                                     p.message))
        return errors
    return []


@dataclass
class NoticeState:
    front: dict[str, Any]
    body: str
    errors: list[FieldError] = field(default_factory=list)

    def error_for(self, path: str) -> FieldError | None:
        return next((e for e in self.errors if e.path == path), None)


def view_of(front: FrontMatter) -> dict[str, Any]:
    return front.model_dump(mode="json", by_alias=True, exclude_none=True)

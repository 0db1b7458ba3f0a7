"""The procedure form, generated from the catalogue model: widgets, posted data, errors, diff.

Pure functions: model class in, widget list out; posted pairs in, record dict out. The
templates draw the widgets; nothing here knows about HTTP.
"""

from __future__ import annotations

import datetime as dt
import re
import typing
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from pydantic import BaseModel, ValidationError

from ..catalogue import messages as catalogue_messages
from ..catalogue.load import semantic_problems_raw
from ..catalogue.model import Fee, Procedure
from ..catalogue.yamlfile import Located
from ..site.text import money
from . import messages as M

Kind = Literal["text", "long", "date", "number", "select", "choices", "fee", "list", "group"]
# Free text that reads better in a box of several lines.
LONG_TEXT = frozenset({"summary", "result", "detail", "checked", "audience", "linked"})
# Fields the form does not show: the change note is asked by its own question.
HIDDEN = frozenset({"updated"})


@dataclass(frozen=True)
class Widget:
    """One form control (or group of controls) for one field of the model."""

    name: str  # dotted path in the record: "fee", "steps", "title"
    label: str
    kind: Kind
    required: bool = False
    hint: str | None = None
    options: tuple[tuple[str, str], ...] = ()  # (value, label) for select and choices
    children: tuple[Widget, ...] = ()  # the fields of one item of a "group" list
    item_label: str = "{n}"
    add_label: str = M.ADD

    @property
    def is_list(self) -> bool:
        return self.kind in ("list", "group")


def _strip_optional(annotation: Any) -> tuple[Any, bool]:
    args = typing.get_args(annotation)
    if type(None) in args:
        rest = [a for a in args if a is not type(None)]
        return (rest[0] if len(rest) == 1 else typing.Union[tuple(rest)]), True  # noqa: UP007
    return annotation, False


def _base(annotation: Any) -> Any:
    """Annotated[str, ...] -> str."""
    while typing.get_origin(annotation) is typing.Annotated:
        annotation = typing.get_args(annotation)[0]
    return annotation


def _widget(name: str, annotation: Any, required: bool, choices: Mapping[str, Any],
            parent: str = "") -> Widget:
    key = f"{parent}.{name}" if parent else name
    label = M.FIELD_LABELS.get(name, name)
    hint = M.HINTS.get(key) or M.HINTS.get(name)
    annotation, _ = _strip_optional(annotation)
    annotation = _base(annotation)
    if name in choices:
        return Widget(name, label, "select", required, hint, tuple(choices[name]))
    if annotation is Fee:
        return Widget(name, label, "fee", required, hint)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return Widget(name, label, "group", required, hint, children=_children(annotation,
                                                                                choices, name))
    if typing.get_origin(annotation) is list:
        item = _base(typing.get_args(annotation)[0])
        if typing.get_origin(item) is Literal:
            options = tuple((v, M.WHERE_CHOICES.get(v, v)) for v in typing.get_args(item))
            return Widget(name, label, "choices", required, hint, options)
        item_label, add_label = M.ITEM_LABELS.get(name, "{n}"), M.ADD_ITEM.get(name, M.ADD)
        if isinstance(item, type) and issubclass(item, BaseModel):
            return Widget(name, label, "group", required, hint,
                          children=_children(item, choices, name), item_label=item_label,
                          add_label=add_label)
        return Widget(name, label, "list", required, hint, item_label=item_label,
                      add_label=add_label)
    if annotation is dt.date:
        return Widget(name, label, "date", required, hint)
    if annotation is int:
        return Widget(name, label, "number", required, hint)
    return Widget(name, label, "long" if name in LONG_TEXT else "text", required, hint)


def _children(model: type[BaseModel], choices: Mapping[str, Any], parent: str
              ) -> tuple[Widget, ...]:
    return tuple(_widget(f.alias or n, f.annotation, f.is_required(), {}, parent)
                 for n, f in model.model_fields.items())


def procedure_widgets(levels: Mapping[str, str], fields: Iterable[str]) -> list[Widget]:
    """Every field of `Procedure`, in model order, as a widget; `level` and `field` as selects."""
    choices = {"level": [(k, M.LEVEL_OPTION.format(id=k, name=v)) for k, v in levels.items()],
               "field": [(f, f) for f in fields]}
    return [_widget(f.alias or n, f.annotation, f.is_required(), choices)
            for n, f in Procedure.model_fields.items() if (f.alias or n) not in HIDDEN]


# --- posted data -> record -----------------------------------------------------------------

# The posted form (Starlette's FormData, a MultiDict in tests): get, getlist, keys, in.
Posted = Any


def clean(value: Any) -> str:
    """What a person typed, as the catalogue stores it: NFC, Unix line ends, no outer spaces."""
    text = value if isinstance(value, str) else ""
    return unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n")).strip()


def _indices(keys: Iterable[str], prefix: str) -> list[int]:
    found = set()
    for key in keys:
        if key.startswith(prefix + "."):
            head = key[len(prefix) + 1:].split(".", 1)[0]
            if head.isdigit():
                found.add(int(head))
    return sorted(found)


def _number(text: str) -> Any:
    digits = text.replace(".", "").replace(",", "").replace(" ", "")
    return int(digits) if digits.isdigit() else text  # the model says what is wrong


def _value(widget: Widget, form: Posted, prefix: str) -> Any:
    key = f"{prefix}{widget.name}"
    if widget.kind == "choices":
        return [clean(v) for v in form.getlist(key) if clean(v)]
    if widget.kind == "list":
        if widget.name in ("legal_basis",) and prefix and key in form:
            # Inside a group (a change's legal basis): one line per item in a text box.
            return [line for line in (clean(x) for x in clean(form.get(key)).split("\n")) if line]
        items = [clean(form.get(f"{key}.{i}")) for i in _indices(form.keys(), key)]
        return [item for item in items if item]
    if widget.kind == "group":
        groups = [_record(widget.children, form, f"{key}.{i}.")
                  for i in _indices(form.keys(), key)]
        return [g for g in groups if any(v not in (None, [], "") for v in g.values())]
    if widget.kind == "fee":
        fee: dict[str, Any] = {}
        if clean(form.get(f"{key}.mode")) == "province":
            fee["set_by"] = "province"
        else:
            fee["amount"] = _number(clean(form.get(f"{key}.amount")))
        note = clean(form.get(f"{key}.note"))
        if note:
            fee["note"] = note
        if fee.get("amount") == "":
            del fee["amount"]
        return fee
    text = clean(form.get(key))
    if widget.name == "field":
        text = clean(form.get(f"{key}.other")) or text
    if widget.kind == "number" and text:
        return _number(text)
    return text


def _record(widgets: Iterable[Widget], form: Posted, prefix: str = "") -> dict[str, Any]:
    """The posted values: a required field left empty stays "" so the model names it."""
    record: dict[str, Any] = {}
    for widget in widgets:
        value = _value(widget, form, prefix)
        if value in ("", None) and not widget.required:
            continue
        if value == [] and not widget.required and widget.kind != "choices":
            continue
        record[widget.name] = value
    return record


def record_from_form(widgets: list[Widget], form: Posted) -> dict[str, Any]:
    return _record(widgets, form)


# --- validation ------------------------------------------------------------------------------

@dataclass(frozen=True)
class FieldError:
    path: str  # dotted, as in the form: "steps.0.title"
    label: str
    message: str

    @property
    def anchor(self) -> str:
        return field_id(self.path)


def field_id(path: str) -> str:
    return "f-" + path.replace(".", "-")


def _label(path: tuple[Any, ...], widgets: list[Widget]) -> str:
    """'Các bước thực hiện – Bước 2 – Chi tiết' for ("steps", 1, "detail")."""
    parts: list[str] = []
    current = widgets
    for i, part in enumerate(path):
        if isinstance(part, int):
            parent = next((w for w in current if w.name == path[i - 1]), None)
            if parent:
                parts.append(parent.item_label.format(n=part + 1))
            continue
        widget = next((w for w in current if w.name == part), None)
        if widget is None:
            break
        parts.append(widget.label)
        current = list(widget.children)
    return " – ".join(parts)


def validate(record: dict[str, Any], widgets: list[Widget], today: dt.date) -> list[FieldError]:
    """The model's and `outreach check`'s rules on one record, with check's messages."""
    errors: list[FieldError] = []
    try:
        Procedure.model_validate(record)
    except ValidationError as exc:
        for err in exc.errors():
            loc = tuple(p for p in err["loc"]
                        if not (isinstance(p, str) and p.startswith("function-")))
            if err["type"] == "missing" and loc and loc[-1] in ("amount", "set_by"):
                loc = loc[:-1]
            path = ".".join(str(p) for p in loc)
            message = catalogue_messages.for_pydantic_error(err, [w.name for w in widgets])
            errors.append(FieldError(path, _label(loc, widgets), in_form_words(message)))
    located = Located({"procedures": [record], "service_levels": {}}, {}, {})
    for problem in semantic_problems_raw(located, "", today):
        path = problem.field.removeprefix("procedures.0.")
        if any(e.path == path for e in errors):
            continue
        loc = tuple(int(p) if p.isdigit() else p for p in path.split("."))
        errors.append(FieldError(path, _label(loc, widgets), in_form_words(problem.message)))
    return errors


# --- what will change ---------------------------------------------------------------------------

@dataclass(frozen=True)
class Change:
    name: str
    label: str
    old: str
    new: str


_QUOTED_KEY = re.compile(r"“([a-z_]+)”")


def in_form_words(message: str) -> str:
    """A check message as the form shows it: a YAML key it names (“source”) becomes the
    label of the form's field (“Nguồn chính thức (địa chỉ trang)”). `outreach check` keeps
    the keys: whoever reads it there edits the YAML."""
    def label(match: re.Match[str]) -> str:
        key = match.group(1)
        if key in Procedure.model_fields and key in M.FIELD_LABELS:
            return f"“{M.FIELD_LABELS[key]}”"
        return match.group(0)

    return _QUOTED_KEY.sub(label, message)


def shown(value: Any) -> str:
    """A value as one readable line or block for the old -> new list."""
    if value in (None, "", [], {}):
        return M.EMPTY_VALUE
    if isinstance(value, list):
        return "\n".join(f"• {shown(v)}" for v in value)
    if isinstance(value, dict):
        if "amount" in value or "set_by" in value:
            amount = value.get("amount")
            head = (M.FEE_PROVINCE if value.get("set_by") else
                    money(amount) if isinstance(amount, int) else str(amount))
            return head + (f" ({value['note']})" if value.get("note") else "")
        return " – ".join(shown(v) for v in value.values() if v not in (None, "", []))
    return str(value)


def comparable(value: Any) -> Any:
    """Dates as ISO text and plain-string steps as {"title": ...}: equal means unchanged."""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list):
        return [comparable(v) for v in value]
    if isinstance(value, dict):
        return {k: comparable(v) for k, v in value.items() if v not in (None, [], "")}
    return value


def changed_fields(old: dict[str, Any], new: dict[str, Any], widgets: list[Widget]
                   ) -> list[Change]:
    out = []
    for widget in widgets:
        before, after = comparable(old.get(widget.name)), comparable(new.get(widget.name))
        if widget.name == "steps":
            before = [{"title": s} if isinstance(s, str) else s for s in before or []]
        if (before or None) != (after or None):
            out.append(Change(widget.name, widget.label, shown(before), shown(after)))
    return out


def record_view(procedure: Procedure) -> dict[str, Any]:
    """The record as the form fills its controls (dates as ISO text, aliases as keys)."""
    return procedure.model_dump(mode="json", by_alias=True, exclude_none=True)


@dataclass
class FormState:
    """What the template needs to draw one procedure form."""

    widgets: list[Widget]
    values: dict[str, Any]
    errors: list[FieldError] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)

    def error_for(self, path: str) -> FieldError | None:
        return next((e for e in self.errors if e.path == path), None)


def edit_list(values: dict[str, Any], action: str) -> dict[str, Any]:
    """Apply a no-JavaScript list button ("add:documents", "up:steps.2", "remove:keywords.0")."""
    verb, _, target = action.partition(":")
    name, _, index_text = target.partition(".")
    items: list[Any] = list(values.get(name) or [])
    index = int(index_text) if index_text.isdigit() else -1
    if verb == "add":
        items.append({} if name in ("steps", "changes") else "")
    elif verb == "remove" and 0 <= index < len(items):
        del items[index]
    elif verb == "up" and 0 < index < len(items):
        items[index - 1], items[index] = items[index], items[index - 1]
    elif verb == "down" and 0 <= index < len(items) - 1:
        items[index + 1], items[index] = items[index], items[index + 1]
    return {**values, name: items}


# --- form values -> what the writer stores ------------------------------------------------------

def _date(value: Any) -> Any:
    try:
        return dt.date.fromisoformat(value) if isinstance(value, str) else value
    except ValueError:
        return value


def _stored(widget: Widget, value: Any, raw: Any) -> Any:
    """A validated form value in the shape YAML keeps: dates as dates, and a step without
    detail written as plain text where the file wrote it so (its lines then stay as they are)."""
    if widget.kind == "date":
        return _date(value)
    if widget.kind == "group" and isinstance(value, list):
        items = []
        for i, item in enumerate(value):
            item = {k: _date(v) if k == "from" else v for k, v in item.items()}
            was = raw[i] if isinstance(raw, list) and i < len(raw) else None
            if widget.name == "steps" and set(item) == {"title"} and (
                    isinstance(was, str) or was is None and all(isinstance(r, str)
                                                                for r in raw or [])):
                item = item["title"]
            items.append(item)
        return items
    return value


def store_changes(old: dict[str, Any], new: dict[str, Any], raw: dict[str, Any],
                  widgets: list[Widget]) -> dict[str, Any]:
    """{field: new value, or None to delete} for the fields that differ."""
    names = {c.name for c in changed_fields(old, new, widgets)}
    by_name = {w.name: w for w in widgets}
    return {name: (_stored(by_name[name], new[name], raw.get(name)) if name in new else None)
            for name in names}


def new_record(record: dict[str, Any], widgets: list[Widget]) -> dict[str, Any]:
    """A whole new record, in model order, shaped for the writer."""
    return {w.name: _stored(w, record[w.name], None) for w in widgets if w.name in record}


def blank_values() -> dict[str, Any]:
    """A new procedure's form: one empty line where the model needs at least one."""
    return {"documents": [""], "steps": [{}], "legal_basis": [""],
            "where": ["one_stop_desk"], "fee": {"amount": 0}}


def focus_after(action: str, values: dict[str, Any], widgets: list[Widget]) -> str | None:
    """The id a list button's round trip puts the focus on (no JavaScript): the new item, the
    moved one, or the list after a removal."""
    verb, _, target = action.partition(":")
    name, _, index_text = target.partition(".")
    widget = next((w for w in widgets if w.name == name), None)
    if widget is None or verb not in ("add", "up", "down", "remove"):
        return None
    count = len(values.get(name) or [])
    index = int(index_text) if index_text.isdigit() else count - 1
    if count == 0:
        return field_id(name)  # the list itself (its "Thêm" button comes next)
    index = {"up": index - 1, "down": index + 1}.get(verb, index)
    index = max(0, min(index, count - 1))
    if widget.kind == "group":
        return field_id(f"{name}.{index}.{widget.children[0].name}")
    return field_id(f"{name}.{index}")

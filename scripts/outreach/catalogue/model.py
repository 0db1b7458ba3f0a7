"""The typed catalogue: what procedures.yaml and announcement front matter may contain.

Field names are the public contract (shared/design/catalogue.md): add optional fields
freely, never rename one without a migration note.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator

from . import messages

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
Where = Literal["online", "one_stop_desk", "post"]
Kind = Literal["notice", "leaflet", "broadcast"]


class Strict(BaseModel):
    """Unknown keys are errors: they are almost always typos."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class Office(Strict):
    name: Text
    short_name: Text
    parent: Text | None = None
    place: Text
    province: Text
    address: Text
    # Optional: a commune with no published number leaves it out; outputs then point to the
    # one-stop desk and the portal hotlines instead of printing a placeholder.
    phone: Text | None = None
    email: Text | None = None
    office_hours: Text
    one_stop_desk: Text
    broadcast_station: Text
    website: Text | None = None


class Portal(Strict):
    id: Text
    name: Text
    url: Text
    procedure_url: Text | None = None
    hotline: Text | None = None
    retired: dt.date | None = None
    note: Text | None = None


class Level(Strict):
    name: Text
    summary: Text
    maps_to: Text | None = None


class Scheme(Strict):
    title: Text
    levels: dict[str, Level] = Field(min_length=1)


class ServiceLevels(Strict):
    current: Text
    schemes: dict[str, Scheme] = Field(min_length=1)


class Account(Strict):
    name: Text
    summary: Text | None = None
    steps: list[Text] = Field(min_length=1)


class Fee(Strict):
    """The fee: an amount in VND (0 = free), or, when the provincial council sets an amount
    the catalogue cannot cite yet, `set_by: province` and no amount (the loader requires one
    of the two). Outputs then print who sets it instead of a number."""

    # The same rule for editors that read the JSON Schema.
    model_config = ConfigDict(**Strict.model_config, json_schema_extra={
        "anyOf": [{"required": ["amount"]}, {"required": ["set_by"]}]})
    amount: Annotated[int, Field(ge=0, strict=True)] | None = None
    set_by: Literal["province"] | None = Field(None, description=messages.DESCRIBE_FEE_SET_BY)
    note: Text | None = None


class Step(Strict):
    title: Text
    detail: Text | None = None


class Change(Strict):
    """An announced change: shown to citizens before `from`, a `check` warning after it."""

    from_: dt.date = Field(alias="from")
    summary: Text
    legal_basis: list[Text] = Field(default_factory=list)


class Update(Strict):
    """The change note of a big edit ("thay đổi quan trọng" in the studio): the page shows
    "Cập nhật ngày …: …". Minor edits leave it alone; a new big edit replaces it."""

    date: dt.date
    note: Text


class Procedure(Strict):
    code: Text
    name: Text
    field: Text
    level: Text
    summary: Text
    audience: Text | None = None
    time: Text
    fee: Fee
    documents: list[Text] = Field(min_length=1)
    steps: list[Step] = Field(min_length=1)
    where: list[Where] = Field(min_length=1)
    result: Text
    legal_basis: list[Text] = Field(min_length=1)
    linked: Text | None = None
    keywords: list[Text] = Field(default_factory=list)
    source: Text
    verified: dt.date | None = None
    # What was compared with what (shown by `outreach check`, not on pages).
    checked: Text | None = None
    changes: list[Change] = Field(default_factory=list)
    updated: Update | None = None

    @field_validator("steps", mode="before")
    @classmethod
    def _plain_step(cls, value: object) -> object:
        # A step may be written as a plain string: "- Nộp hồ sơ".
        if isinstance(value, list):
            return [{"title": v} if isinstance(v, str) else v for v in value]
        return value

    @field_validator("code", mode="before")
    @classmethod
    def _code_as_text(cls, value: object) -> object:
        # YAML reads 1.001193 unquoted as a float and drops digits: refuse, don't guess.
        if isinstance(value, float):
            raise ValueError("unquoted_code")
        return value


class Catalogue(Strict):
    schema_: Literal[1] = Field(alias="schema")
    # Overlays (province base + commune file); the loader merges them away before validation.
    extends: Text | None = Field(None, description=messages.DESCRIBE_EXTENDS)
    exclude: list[Text] = Field(default_factory=list,
                                description=messages.DESCRIBE_EXCLUDE)
    office: Office
    portals: list[Portal] = Field(min_length=1)
    service_levels: ServiceLevels
    accounts: list[Account] = Field(default_factory=list)
    changes: list[Change] = Field(default_factory=list)
    procedures: list[Procedure] = Field(min_length=1)

    @field_validator("schema_", mode="before")
    @classmethod
    def _schema_is_an_integer(cls, value: object) -> object:
        # `true` and `1.0` equal 1 in Python: without this they would pass as version 1.
        return value if type(value) is int else str(value)


class Signer(Strict):
    on_behalf: Text | None = None
    deputy: Text | None = None
    position: Text
    name: Text


class BroadcastOptions(Strict):
    """How a broadcast airs. Days and times are checked (with line numbers) by
    catalogue.broadcast, which also reads them: "thứ hai"/"thu hai"/"T2", "06:00"."""

    repeat: Annotated[int, Field(ge=1, le=5)] = 1
    pause_s: Annotated[float, Field(ge=0, le=30)] = 3.0
    days: list[Text] = Field(default_factory=list)
    times: list[Text] = Field(default_factory=list)
    from_: dt.date | None = Field(default=None, alias="from")
    until: dt.date | None = None
    priority: Annotated[int, Field(ge=1, le=9, strict=True)] = 5  # 1 airs first in a slot

    @field_validator("days", "times", mode="before")
    @classmethod
    def _one_or_many(cls, value: object) -> object:
        # "days: T2" is as natural as "days: [T2]"; times like 06:00 may arrive as
        # YAML 1.1 sexagesimal ints (06:00 -> 360): keep them as the text written.
        if isinstance(value, str | int):
            value = [value]
        if isinstance(value, list):
            return [_sexagesimal(v) if isinstance(v, int) else v for v in value]
        return value


def _sexagesimal(value: int) -> str:
    """YAML 1.1 reads an unquoted 6:00 as 360 (minutes): give back "06:00"."""
    hours, minutes = divmod(value, 60)
    return f"{hours:02d}:{minutes:02d}"


class ProcedureTable(Strict):
    """A notice's table of featured procedures: name, service level, time, fee."""

    procedures: list[Text] = Field(default_factory=list)  # empty: the announcement's own list
    qr: bool = False  # a QR code to the portal page in each row


class FrontMatter(Strict):
    kind: Kind
    title: Text
    date: dt.date
    number: Text | None = None
    to: Text | None = None
    procedures: list[Text] = Field(default_factory=list)
    signer: Signer | None = None
    recipients: list[Text] = Field(default_factory=list)
    broadcast: BroadcastOptions | None = None
    summary: Text | None = None
    recording: Text | None = None  # audio/recordings/<file>: a staff member reading the body
    table: ProcedureTable | None = None

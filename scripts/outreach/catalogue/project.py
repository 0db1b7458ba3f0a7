"""A site project: mkdocs.yml settings + catalogue + announcements, validated together."""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any
from urllib.parse import quote

from markupsafe import Markup

from .. import clock
from ..errors import InvalidInput, Problem
from ..paths import slug
from . import messages
from .announcements import Announcement, Source, kind_problems, read_source, render_body
from .broadcast import recording_problems, schedule_problems
from .contacts import CONTACT_FIELDS, is_placeholder
from .load import load_catalogue_located
from .model import Catalogue, Level, Office, Portal, Procedure
from .settings import ConfigFile, Settings, read_config
from .yamlfile import Located, Parse, parse_yaml

# An HTML comment: Markdown keeps it, the site and the loudspeaker ignore it, print fills it.
PROCEDURE_TABLE_MARKER = "<!-- outreach:procedure-table -->"


@dataclass
class Project:
    """Everything the outputs need, validated; outputs never re-read YAML."""

    root: Path
    settings: Settings
    catalogue: Catalogue
    announcements: list[Announcement]
    today: dt.date
    warnings: list[Problem] = field(default_factory=list)
    # The catalogue as parsed and merged (overlays), with the file and line of every value:
    # the checks point warnings at it without reading the files again.
    origins: Located | None = field(default=None, repr=False, compare=False)
    # Files not saved yet (the studio's previews), by display path: see `load_project`.
    unsaved: Mapping[str, str] = field(default_factory=dict, repr=False, compare=False)

    def text_of(self, display: str) -> str:
        """A project file's text as loaded: its unsaved text, else what is on disk."""
        fresh = self.unsaved.get(display)
        if fresh is not None:
            return unicodedata.normalize("NFC", fresh)
        return (self.root / display).read_text(encoding="utf-8")

    @cached_property
    def by_code(self) -> dict[str, Procedure]:
        return {p.code: p for p in self.catalogue.procedures}

    @cached_property
    def office(self) -> Office:
        """The office as every output shows it: placeholder contacts left out.

        `outreach check` flags placeholders in the catalogue's own values
        (`catalogue.office`); the site, the PDFs and the audio all read this view, so a
        placeholder number can never reach paper, a page or the loudspeaker.
        """
        raw = self.catalogue.office
        # Phone and e-mail are optional: every output already leaves an absent one out.
        # The address is required, so it reads "đang cập nhật" instead.
        update: dict[str, Any] = {name: (messages.CONTACT_PENDING if name == "address" else None)
                                  for name in self.withheld_contacts}
        return raw.model_copy(update=update) if update else raw

    @cached_property
    def withheld_contacts(self) -> tuple[str, ...]:
        """Names of the office's contact fields that still hold a placeholder."""
        raw = self.catalogue.office
        return tuple(name for name in CONTACT_FIELDS if is_placeholder(getattr(raw, name)))

    @cached_property
    def contact_note(self) -> str | None:
        """The neutral sentence printed where the office number would be, when there is none
        to print (withheld as a placeholder, or never given), pointing to the desk."""
        if self.office.phone:
            return None
        lines = [f"{p.hotline} ({p.name})" for p in self.catalogue.portals
                 if p.hotline and p.retired is None]
        hotlines = (messages.CONTACT_NOTE_HOTLINES.format(lines=", ".join(lines))
                    if lines else "")
        return messages.CONTACT_NOTE.format(desk=self.office.one_stop_desk, hotlines=hotlines)

    def withheld_warnings(self) -> list[Problem]:
        """One warning per withheld contact value, for `build` to report."""
        raw = self.catalogue.office
        return [Problem(self.settings.catalogue, None, f"office.{name}",
                        messages.CONTACT_WITHHELD.format(value=getattr(raw, name), field=name),
                        "warning")
                for name in self.withheld_contacts]

    @cached_property
    def portal(self) -> Portal:
        """The default portal: the first one still taking submissions."""
        live = [p for p in self.catalogue.portals if p.retired is None]
        return (live or self.catalogue.portals)[0]

    @cached_property
    def levels(self) -> dict[str, Level]:
        sl = self.catalogue.service_levels
        return sl.schemes[sl.current].levels

    def level(self, procedure: Procedure) -> Level:
        return self.levels[procedure.level]

    def procedure_url(self, procedure: Procedure, portal: Portal | None = None) -> str:
        portal = portal or self.portal
        if not portal.procedure_url:
            return portal.url
        return portal.procedure_url.format(code=quote(procedure.code), name=quote(procedure.name))

    def is_stale(self, procedure: Procedure) -> bool:
        if procedure.verified is None:
            return True
        return (self.today - procedure.verified).days > self.settings.stale_after_days

    def fields(self) -> dict[str, list[Procedure]]:
        """Procedures grouped by field (lĩnh vực), in catalogue order."""
        groups: dict[str, list[Procedure]] = {}
        for p in self.catalogue.procedures:
            groups.setdefault(p.field, []).append(p)
        return groups

    @cached_property
    def procedure_views(self) -> dict[str, dict[str, Any]]:
        """Every procedure as announcement templates see it (made once, not per template)."""
        return {code: self._procedure_view(p) for code, p in self.by_code.items()}

    def template_context(self, front: dict[str, Any], featured: list[str]) -> dict[str, Any]:
        procedures = self.procedure_views
        return {
            "office": {**self.office.model_dump(), "contact_note": self.contact_note},
            "portal": self.portal.model_dump(),
            "portals": [p.model_dump() for p in self.catalogue.portals],
            "procedures": procedures,
            "featured": [procedures[c] for c in featured],
            "page": front,
            "levels": {k: v.model_dump() for k, v in self.levels.items()},
            # Where a notice's table of featured procedures goes (printed; a comment elsewhere).
            "procedure_table": Markup(PROCEDURE_TABLE_MARKER),
        }

    def _procedure_view(self, p: Procedure) -> dict[str, Any]:
        view = p.model_dump()
        view["level"] = {"id": p.level, **self.level(p).model_dump()}
        view["url"] = self.procedure_url(p)
        view["slug"] = slug(p.code)
        return view


def load_project(config_file: Path, today: dt.date | None = None,
                 settings: Settings | None = None, parse: Parse = parse_yaml,
                 unsaved: Mapping[str, str] | None = None,
                 config: ConfigFile | None = None) -> Project:
    """Load mkdocs.yml settings, the catalogue and every announcement; collect all errors.

    `settings` already validated (by the MkDocs plugin) skips reading mkdocs.yml again;
    so does `config`, mkdocs.yml as `read_config` returned it (a build reads it once);
    otherwise MkDocs validates the file. Its warnings land in `Project.warnings`.
    `parse` reads the catalogue files (serve: a `ChunkedParser`). `unsaved` holds the text
    of files not saved yet (the studio's previews), by their path as messages name them
    (`procedures.yaml`, `announcements/<id>.md`): used instead of what is on disk, and an
    announcement there that is not on disk yet is loaded too.
    """
    today = today or clock.today()
    config_file = config_file.resolve()
    root = config_file.parent
    config_warnings: list[Problem] = []
    if settings is None and config is None:
        config = read_config(config_file)
    if config is not None:
        settings, config_warnings = config.settings, config.warnings
    assert settings is not None
    problems: list[Problem] = []
    catalogue, origins = None, None
    unsaved = unsaved or {}
    try:
        catalogue, origins = load_catalogue_located(root / settings.catalogue,
                                                    settings.catalogue, today,
                                                    _unsaved_first(parse, unsaved))
    except InvalidInput as exc:
        problems += exc.problems
    sources: list[Source] = []
    folder = root / settings.announcements
    found = {f"{settings.announcements}/{path.name}": path
             for path in (folder.glob("*.md") if folder.is_dir() else [])}
    for display in unsaved:
        head, _, name = display.rpartition("/")
        if head == settings.announcements and name.endswith(".md"):
            found.setdefault(display, folder / name)
    for display, path in sorted(found.items()):
        try:
            sources.append(read_source(path, display, unsaved.get(display)))
        except InvalidInput as exc:
            problems += exc.problems
    if catalogue is None:
        raise InvalidInput(problems)
    project = Project(root, settings, catalogue, [], today, origins=origins,
                      unsaved=dict(unsaved))
    announcements = []
    for src in sources:
        try:
            announcements.append(_announcement(project, src))
        except InvalidInput as exc:
            problems += exc.problems
    if problems:
        raise InvalidInput(problems)
    project.announcements = announcements
    project.warnings = config_warnings
    return project


def _unsaved_first(parse: Parse, unsaved: Mapping[str, str]) -> Parse:
    """`parse`, given a catalogue file's unsaved text instead of what was read from disk."""
    if not unsaved:
        return parse

    def parse_unsaved(text: str, display: str, line_offset: int = 0) -> Located:
        fresh = unsaved.get(display)
        return parse(text if fresh is None else unicodedata.normalize("NFC", fresh), display,
                     line_offset)

    return parse_unsaved


def _announcement(project: Project, src: Source) -> Announcement:
    problems = kind_problems(src)
    problems += schedule_problems(src.front, src.file, src.lines)
    problems += recording_problems(src.front, src.file, src.lines, project.root)
    for index, code in enumerate(src.front.procedures):
        if code not in project.by_code:
            problems.append(Problem(src.file, src.line_of("procedures", index), "procedures",
                                    messages.unknown_procedure(code, project.by_code,
                                                               project.settings.catalogue)))
    table = src.front.table
    for index, code in enumerate(table.procedures if table else []):
        if code not in project.by_code:
            problems.append(Problem(src.file, src.line_of("table", "procedures", index),
                                    "table.procedures", messages.UNKNOWN_TABLE_CODE.format(
                                        code=code,
                                        suggestion=messages.suggest(code, project.by_code),
                                        catalogue=project.settings.catalogue)))
    if problems:
        raise InvalidInput(problems)
    front = src.front.model_dump(mode="json")
    body = render_body(src, project.template_context(front, list(src.front.procedures)))
    body = unicodedata.normalize("NFC", body)
    if not body.strip():
        raise InvalidInput([Problem(src.file, src.body_line, messages.BODY,
                                    messages.BODY_EMPTY)])
    return Announcement(src.id, src.file, src.front, body, tuple(src.front.procedures),
                        src.lines)

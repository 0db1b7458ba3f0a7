"""The project as the studio sees it: loaded once per change on disk, with badges and warnings.

A `Workspace` belongs to one app instance (no module state). It reloads the project only when
a file it read has changed (size or modification time), so the list and the forms cost a
dictionary look-up between edits, and an edit made in a text editor shows at the next click.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from ..catalogue.model import Procedure
from ..catalogue.overlay import explain
from ..catalogue.project import Project, load_project
from ..catalogue.yamlfile import ChunkedParser
from ..errors import InvalidInput, Problem
from ..site.text import fold
from . import messages as M

Stamp = tuple[tuple[str, int, int], ...]


@dataclass(frozen=True)
class Badge:
    css: str
    label: str


@dataclass(frozen=True)
class Row:
    """One procedure in the list."""

    code: str
    name: str
    field: str
    badges: tuple[Badge, ...]
    folded: str  # code, name and keywords folded: what the search box matches


@dataclass
class Loaded:
    """A validated project and what the pages derive from it (made once per load)."""

    project: Project
    stamp: Stamp
    warnings: list[Problem] = field(default_factory=list)

    @cached_property
    def own_file(self) -> str:
        return self.project.settings.catalogue

    @cached_property
    def is_overlay(self) -> bool:
        origins = self.project.origins
        return bool(origins and set(origins.files.values()) - {self.own_file})

    def inherited(self, code: str) -> dict[str, bool]:
        """field -> True when its value comes from the province base (overlay communes)."""
        if not self.is_overlay or self.project.origins is None:
            return {}
        return {o.field: o.from_base for o in explain(self.project.origins, code,
                                                      self.own_file)}

    def raw_record(self, code: str) -> dict[str, Any]:
        """The record as parsed (merged), before the model normalised it."""
        origins = self.project.origins
        items = origins.data.get("procedures") if origins and isinstance(origins.data,
                                                                         dict) else None
        return next((p for p in items or [] if isinstance(p, dict) and p.get("code") == code),
                    {})

    def is_own_record(self, code: str) -> bool:
        """The commune file itself holds this record (not only an override of a base one)."""
        inherited = self.inherited(code)
        return not inherited or not inherited.get("code", False)

    @cached_property
    def rows(self) -> list[Row]:
        return [self._row(p) for p in self.project.catalogue.procedures]

    @cached_property
    def field_names(self) -> list[str]:
        return list(self.project.fields())

    @cached_property
    def warnings_by_code(self) -> dict[str, list[Problem]]:
        found: dict[str, list[Problem]] = {}
        codes = sorted(self.project.by_code, key=len, reverse=True)
        for problem in self.warnings:
            code = next((c for c in codes if problem.field == c
                         or problem.field.startswith(c + ".")), None)
            if code:
                found.setdefault(code, []).append(problem)
        return found

    def _row(self, p: Procedure) -> Row:
        badges = []
        if p.verified is None:
            badges.append(Badge("unverified", M.BADGE_UNVERIFIED))
        elif self.project.is_stale(p):
            badges.append(Badge("stale", M.BADGE_STALE))
        if any(c.from_ > self.project.today for c in p.changes):
            badges.append(Badge("change", M.BADGE_CHANGE))
        inherited = self.inherited(p.code)
        if inherited and not inherited.get("code", False):
            badges.append(Badge("own", M.BADGE_OWN))
        elif not all(inherited.values()):
            badges.append(Badge("own", M.BADGE_OVERRIDDEN))
        text = " ".join([p.code, p.name, p.field, *p.keywords])
        return Row(p.code, p.name, p.field, tuple(badges), fold(text))


def search(rows: list[Row], query: str, field_name: str = "") -> list[Row]:
    """Rows whose folded text holds every folded word of the query, in the field asked."""
    words = fold(query).split()
    return [r for r in rows if (not field_name or r.field == field_name)
            and all(w in r.folded for w in words)]


class Workspace:
    """Loads the project lazily and again whenever one of its files changes."""

    def __init__(self, config_file: Path, today: Callable[[], dt.date] = dt.date.today):
        self.config_file = config_file.resolve()
        self.root = self.config_file.parent
        self._today = today
        self._loaded: Loaded | None = None
        self._lock = threading.Lock()
        # Reparses only the records whose text changed: after a save of one record of 500,
        # the reload and the writer's validation read that record again, not the file.
        self.parse = ChunkedParser()

    def watched(self) -> list[Path]:
        files = [self.config_file]
        loaded = self._loaded
        if loaded is not None:
            origins = loaded.project.origins
            names = set(origins.files.values()) if origins else set()
            names.add(loaded.project.settings.catalogue)
            files += [self.root / n for n in sorted(names)]
            folder = self.root / loaded.project.settings.announcements
            files += sorted(folder.glob("*.md")) if folder.is_dir() else []
            files.append(folder)
        else:
            files.append(self.root / "procedures.yaml")
        return files

    def stamp(self) -> Stamp:
        out = []
        for path in self.watched():
            try:
                st = path.stat()
                out.append((str(path), st.st_mtime_ns, st.st_size))
            except OSError:
                out.append((str(path), 0, -1))
        return tuple(out)

    def load(self) -> Loaded:
        """The project as on disk now; raises InvalidInput (with check's messages) when broken."""
        with self._lock:
            stamp = self.stamp()
            if self._loaded is not None and self._loaded.stamp == stamp \
                    and self._loaded.project.today == self._today():
                return self._loaded
            from ..build import project_warnings

            previous = self._loaded
            # mkdocs.yml unchanged: its settings (and MkDocs' warnings about it) are reused;
            # MkDocs' own validation of it costs more than reparsing one record.
            same_config = previous is not None and previous.stamp[:1] == stamp[:1]
            settings = previous.project.settings if previous and same_config else None
            project = load_project(self.config_file, today=self._today(), parse=self.parse,
                                   settings=settings)
            if previous is not None and same_config:
                project.warnings = list(previous.project.warnings)
            loaded = Loaded(project, (), project_warnings(project))
            self._loaded = loaded
            loaded.stamp = self.stamp()  # includes the files the overlay named
            return loaded

    def try_load(self) -> tuple[Loaded | None, list[Problem]]:
        try:
            return self.load(), []
        except InvalidInput as exc:
            return None, exc.problems

    def path(self, relative: str) -> Path:
        """A project file by its relative name; never a path outside the project."""
        target = (self.root / relative).resolve()
        if not target.is_relative_to(self.root):
            raise ValueError(relative)
        return target


def procedure_values(loaded: Loaded, code: str) -> dict[str, Any] | None:
    p = loaded.project.by_code.get(code)
    if p is None:
        return None
    from .forms import record_view

    return record_view(p)

"""Broadcast front matter beyond the model: weekly slots and staff recordings.

Pure reading of days ("thứ hai", "thu hai", "T2", "CN") and times ("06:00"), and the checks
that need a line number or the project folder: each problem names file, line and field.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from ..errors import Problem
from . import messages
from .model import FrontMatter

# Monday first, as Vietnamese calendars print the week. slug = file-name part.
WEEKDAYS: tuple[tuple[str, str, str], ...] = (
    ("thu-hai", "Thứ Hai", "T2"),
    ("thu-ba", "Thứ Ba", "T3"),
    ("thu-tu", "Thứ Tư", "T4"),
    ("thu-nam", "Thứ Năm", "T5"),
    ("thu-sau", "Thứ Sáu", "T6"),
    ("thu-bay", "Thứ Bảy", "T7"),
    ("chu-nhat", "Chủ Nhật", "CN"),
)
RECORDING_SUFFIXES = (".wav", ".mp3", ".ogg")
TIME_SHAPE = re.compile(r"^(\d{1,2})[:hH](\d{2})$")


@dataclass(frozen=True, order=True)
class Slot:
    """One weekly airing: weekday 0 = Monday, and the time of day."""

    weekday: int
    hour: int
    minute: int

    @property
    def time(self) -> str:
        return f"{self.hour:02d}:{self.minute:02d}"


def fold(text: str) -> str:
    """'Thứ  Hai' -> 'thu hai': lower case, no accents, single spaces (đ -> d)."""
    decomposed = unicodedata.normalize("NFD", text.strip().lower().replace("đ", "d"))
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(plain.replace("-", " ").replace("_", " ").split())


def _day_names() -> dict[str, int]:
    """Folded spellings, with and without spaces: 'thu hai', 'thuhai', 'thu 2', 't2', 'cn'."""
    names: dict[str, int] = {}
    for index, (slug, label, short) in enumerate(WEEKDAYS):
        for name in (slug, label, short, short.replace("T", "thu ")):
            names[fold(name)] = names[fold(name).replace(" ", "")] = index
    return names


def parse_day(text: str) -> int | None:
    """Weekday index (0 = Monday) of 'thứ hai', 'Thu Hai', 'T2', 'CN'; None if unknown."""
    return _day_names().get(fold(text).replace(" ", ""))


def parse_time(text: str) -> tuple[int, int] | None:
    """'06:00' / '6h30' -> (6, 0) / (6, 30); None unless 00:00–23:59."""
    match = TIME_SHAPE.match(text.strip())
    if not match:
        return None
    hour, minute = int(match[1]), int(match[2])
    return (hour, minute) if hour < 24 and minute < 60 else None


def slots(front: FrontMatter) -> list[Slot]:
    """Every (day, time) pair of a validated announcement, sorted; [] if not scheduled."""
    options = front.broadcast
    if options is None:
        return []
    days = [d for d in (parse_day(x) for x in options.days) if d is not None]
    times = [t for t in (parse_time(x) for x in options.times) if t is not None]
    return sorted({Slot(d, h, m) for d in days for h, m in times})


def schedule_problems(front: FrontMatter, file: str, lines: dict) -> list[Problem]:
    """Unknown days (with did-you-mean), impossible times, from after until, half a schedule."""
    options = front.broadcast
    if options is None:
        return []
    problems: list[Problem] = []

    def line(*path: str | int) -> int | None:
        while path:
            if path in lines:
                return lines[path]
            path = path[:-1]
        return None

    known = {fold(n): n.lower() for _, label, short in WEEKDAYS for n in (label, short)}
    for i, day in enumerate(options.days):
        if parse_day(day) is None:
            suggestion = messages.suggest(fold(day), known, shown=known)
            problems.append(Problem(file, line("broadcast", "days", i), f"broadcast.days.{i}",
                                    messages.UNKNOWN_DAY.format(day=day, suggestion=suggestion)))
    for i, time in enumerate(options.times):
        if parse_time(time) is None:
            problems.append(Problem(file, line("broadcast", "times", i),
                                    f"broadcast.times.{i}", messages.BAD_TIME.format(time=time)))
    if options.from_ and options.until and options.from_ > options.until:
        problems.append(Problem(file, line("broadcast", "from"), "broadcast.from",
                                messages.FROM_AFTER_UNTIL.format(
                                    start=options.from_.isoformat(),
                                    end=options.until.isoformat())))
    if bool(options.days) != bool(options.times):
        missing = "times" if options.days else "days"
        problems.append(Problem(file, line("broadcast"), f"broadcast.{missing}",
                                messages.HALF_SCHEDULE.format(missing=missing)))
    return problems


def recording_path(root: Path, recording: str) -> Path | None:
    """The recording's file inside the project, or None if the path leaves it."""
    candidate = Path(recording)
    if candidate.is_absolute() or ".." in candidate.parts:
        return None
    resolved = (root / candidate).resolve()
    return resolved if resolved.is_relative_to(root.resolve()) else None


def recording_problems(front: FrontMatter, file: str, lines: dict, root: Path) -> list[Problem]:
    """The recording must be an audio file of the project that soundfile can open."""
    if front.recording is None:
        return []
    where = lines.get(("recording",))
    field = "recording"
    path = recording_path(root, front.recording)
    if path is None:
        return [Problem(file, where, field, messages.RECORDING_OUTSIDE.format(
            path=front.recording))]
    if path.suffix.lower() not in RECORDING_SUFFIXES:
        return [Problem(file, where, field, messages.RECORDING_FORMAT.format(
            path=front.recording))]
    if not path.is_file():
        return [Problem(file, where, field, messages.RECORDING_MISSING.format(
            path=front.recording))]
    if front.kind != "broadcast":
        return [Problem(file, where, field, messages.RECORDING_KIND)]
    import soundfile as sf

    try:
        sf.info(str(path))
    except (sf.LibsndfileError, RuntimeError, TypeError) as exc:
        return [Problem(file, where, field, messages.RECORDING_UNREADABLE.format(
            path=front.recording, reason=exc))]
    return []


@dataclass(frozen=True)
class Planned:
    """One announcement in one slot: what the station plays and for how long."""

    source: str  # announcement id
    title: str
    clip: str  # site path of its MP3
    duration_s: float
    priority: int


@dataclass(frozen=True)
class SlotPlan:
    """A weekly slot's playlist for its next airing on or after the build date."""

    slot: Slot
    airs_on: dt.date
    items: tuple[Planned, ...]  # priority order, fitting in the slot
    left_out: tuple[Planned, ...]  # what did not fit

    @property
    def duration_s(self) -> float:
        return sum(p.duration_s for p in self.items)


def next_airing(slot: Slot, today: dt.date) -> dt.date:
    return today + dt.timedelta(days=(slot.weekday - today.weekday()) % 7)


def airs_on(front: FrontMatter, day: dt.date) -> bool:
    options = front.broadcast
    if options is None:
        return False
    return ((options.from_ is None or options.from_ <= day)
            and (options.until is None or day <= options.until))


def week_plan(announcements: list, clips: dict[str, tuple[str, float]], today: dt.date,
              slot_minutes: float) -> list[SlotPlan]:
    """Every slot any announcement names, with the clips to air at its next airing.

    `clips` maps announcement id -> (clip site path, duration). Within a slot, priority 1
    comes first, then the older announcement, then the id (a stable order); items are
    taken while they fit in `slot_minutes`, the rest are `left_out`.
    """
    by_slot: dict[Slot, list] = {}
    for announcement in announcements:
        if announcement.id in clips:
            for slot in slots(announcement.front):
                by_slot.setdefault(slot, []).append(announcement)
    plans = []
    for slot in sorted(by_slot):
        day = next_airing(slot, today)
        candidates = sorted(
            (a for a in by_slot[slot] if airs_on(a.front, day)),
            key=lambda a: (a.front.broadcast.priority, a.front.date, a.id))
        fitting: list[Planned] = []
        left: list[Planned] = []
        used = 0.0
        for a in candidates:
            path, seconds = clips[a.id]
            item = Planned(a.id, a.front.title, path, seconds, a.front.broadcast.priority)
            if used + seconds <= slot_minutes * 60:
                fitting.append(item)
                used += seconds
            else:
                left.append(item)
        plans.append(SlotPlan(slot, day, tuple(fitting), tuple(left)))
    return plans

"""The weekly schedule as files: one M3U per slot and an iCalendar (RFC 5545) file.

The plan itself (which clip in which slot, in what order) is `catalogue.broadcast.week_plan`,
shared with the "Lịch phát thanh" page; this module only writes it down.
"""

from __future__ import annotations

import datetime as dt
import posixpath
from pathlib import Path

from .. import clock, paths
from ..artifacts import Artifact, Warn, sha256_bytes, write_atomic
from ..catalogue.broadcast import WEEKDAYS, SlotPlan, slots, week_plan
from ..catalogue.project import Project
from ..errors import Problem
from . import messages
from .programme import Entry, format_duration, m3u

TZID = "Asia/Ho_Chi_Minh"
UTC_OFFSET = dt.timedelta(hours=7)  # Việt Nam: UTC+7 all year, no daylight saving
ICAL_DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
FOLD_OCTETS = 75


def clip_index(artifacts: list[Artifact]) -> dict[str, tuple[str, float]]:
    """announcement id -> (clip site path, duration) from this build's audio artifacts."""
    return {a.source: (a.path, float(a.extra.get("duration_s", 0.0)))
            for a in artifacts if a.kind == "clip"}


def slot_name(plan: SlotPlan) -> str:
    return messages.SLOT_NAME.format(day=WEEKDAYS[plan.slot.weekday][1], time=plan.slot.time)


def slot_path(plan: SlotPlan) -> str:
    return paths.slot_playlist(WEEKDAYS[plan.slot.weekday][0], plan.slot.hour,
                               plan.slot.minute)


def slot_m3u(plan: SlotPlan, station: str) -> str:
    """The slot's playlist; clip paths relative to the playlist's folder."""
    entries = [Entry(p.title, posixpath.relpath(p.clip, paths.SCHEDULE_DIR), p.duration_s)
               for p in plan.items]
    return m3u(entries, station, slot_name(plan))


# ---------------------------------------------------------------- iCalendar (RFC 5545)


def ical_text(value: str) -> str:
    """Escape a TEXT value (RFC 5545 3.3.11)."""
    return (value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
            .replace("\r\n", "\\n").replace("\n", "\\n"))


def fold(line: str) -> str:
    """Fold a content line at 75 octets (never inside a UTF-8 character), CRLF + space."""
    out: list[str] = []
    current, size = "", 0
    for ch in line:
        width = len(ch.encode("utf-8"))
        limit = FOLD_OCTETS if not out else FOLD_OCTETS - 1  # continuation starts with " "
        if size + width > limit:
            out.append(current)
            current, size = "", 0
        current += ch
        size += width
    out.append(current)
    return "\r\n ".join(out)


def _utc(moment: dt.datetime) -> str:
    return (moment - UTC_OFFSET).strftime("%Y%m%dT%H%M%SZ")


def _events(project: Project, clips: dict[str, tuple[str, float]]) -> list[list[str]]:
    """One weekly event per (announcement, time of day), listing its days in BYDAY."""
    events = []
    made = clock.source_date()  # when the file is written: SOURCE_DATE_EPOCH, else today
    stamp = (made.strftime("%Y%m%dT%H%M%SZ") if made else
             dt.datetime.combine(project.today, dt.time(0, 0)).strftime("%Y%m%dT%H%M%SZ"))
    host = (project.settings.site_url or "outreach.invalid").split("//")[-1].split("/")[0]
    for announcement in project.announcements:
        front = announcement.front
        if announcement.id not in clips or front.broadcast is None:
            continue
        clip, seconds = clips[announcement.id]
        by_time: dict[tuple[int, int], list[int]] = {}
        for slot in slots(front):
            by_time.setdefault((slot.hour, slot.minute), []).append(slot.weekday)
        start_day = front.broadcast.from_ or front.date
        for (hour, minute), days in sorted(by_time.items()):
            first = min(start_day + dt.timedelta(days=(d - start_day.weekday()) % 7)
                        for d in days)
            start = dt.datetime.combine(first, dt.time(hour, minute))
            rule = f"FREQ=WEEKLY;BYDAY={','.join(ICAL_DAYS[d] for d in sorted(days))}"
            if front.broadcast.until is not None:
                last = dt.datetime.combine(front.broadcast.until, dt.time(23, 59, 59))
                rule += f";UNTIL={_utc(last)}"
            events.append([
                "BEGIN:VEVENT",
                f"UID:{announcement.id}-{hour:02d}{minute:02d}@{host}",
                f"DTSTAMP:{stamp}",
                f"DTSTART;TZID={TZID}:{start.strftime('%Y%m%dT%H%M%S')}",
                f"DURATION:PT{max(1, round(seconds))}S",
                f"RRULE:{rule}",
                f"SUMMARY:{ical_text(front.title)}",
                "DESCRIPTION:" + ical_text(messages.EVENT_DESCRIPTION.format(
                    station=project.office.broadcast_station, clip=clip,
                    duration=format_duration(seconds))),
                f"LOCATION:{ical_text(project.office.broadcast_station)}",
                "END:VEVENT"])
    return events


def calendar(project: Project, clips: dict[str, tuple[str, float]]) -> str:
    """The whole VCALENDAR: a fixed-offset VTIMEZONE, then the weekly events."""
    name = messages.CALENDAR_NAME.format(station=project.office.broadcast_station)
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//outreach//lich phat thanh//VI",
             "CALSCALE:GREGORIAN", "METHOD:PUBLISH", f"X-WR-CALNAME:{ical_text(name)}",
             f"X-WR-TIMEZONE:{TZID}",
             "BEGIN:VTIMEZONE", f"TZID:{TZID}", "BEGIN:STANDARD", "DTSTART:19700101T000000",
             "TZOFFSETFROM:+0700", "TZOFFSETTO:+0700", "TZNAME:ICT", "END:STANDARD",
             "END:VTIMEZONE"]
    for event in _events(project, clips):
        lines += event
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)


# ---------------------------------------------------------------- build step


def build_schedule(project: Project, out_dir: Path, artifacts: list[Artifact], warn: Warn,
                   only: frozenset[str] | None = None) -> list[Artifact]:
    """Slot playlists and lich.ics for the announcements that have a clip in this build.

    A partial build (`only`) knows only some clips, so it leaves the schedule alone.
    """
    if only is not None:
        return []
    clips = clip_index(artifacts)
    plans = week_plan(project.announcements, clips, project.today,
                      project.settings.slot_minutes)
    if not plans:
        return []
    station = project.office.broadcast_station
    out: list[Artifact] = []
    for plan in plans:
        data = slot_m3u(plan, station).encode("utf-8")
        path = slot_path(plan)
        write_atomic(out_dir / path, data)
        out.append(Artifact("slot-playlist", "phat-thanh", path, sha256_bytes(data), {
            "day": WEEKDAYS[plan.slot.weekday][1], "time": plan.slot.time,
            "airs_on": plan.airs_on.isoformat(), "duration_s": round(plan.duration_s, 1),
            "clips": [p.source for p in plan.items]}))
        if plan.left_out:
            titles = ", ".join(f"“{p.title}”" for p in plan.left_out)
            warn(Problem(path, None, "slot_minutes", messages.SLOT_OVERFLOW.format(
                slot=slot_name(plan), minutes=f"{project.settings.slot_minutes:g}",
                titles=titles), "warning"))
    data = calendar(project, clips).encode("utf-8")
    write_atomic(out_dir / paths.CALENDAR, data)
    out.append(Artifact("calendar", "phat-thanh", paths.CALENDAR, sha256_bytes(data),
                        {"events": data.count(b"BEGIN:VEVENT")}))
    return out

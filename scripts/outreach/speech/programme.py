"""The station's playlist: broadcast announcements in airing order, with total duration."""

from __future__ import annotations

from dataclasses import dataclass

from . import messages


@dataclass(frozen=True)
class Entry:
    title: str
    file: str  # relative to the playlist (same folder)
    duration_s: float


def format_duration(seconds: float) -> str:
    """205 -> '3 phút 25 giây'."""
    minutes, secs = divmod(int(round(seconds)), 60)
    if minutes:
        return messages.MINUTES_SECONDS.format(minutes=minutes, seconds=secs)
    return messages.SECONDS.format(seconds=secs)


def m3u(entries: list[Entry], station: str, name: str | None = None) -> str:
    """Extended M3U: #EXTINF:<whole seconds>,<title> then the file, one per clip."""
    total = sum(e.duration_s for e in entries)
    title = messages.PLAYLIST_TITLE.format(station=station, name=name or messages.PROGRAMME_NAME)
    lines = ["#EXTM3U", title,
             messages.PLAYLIST_TOTAL.format(duration=format_duration(total),
                                            seconds=round(total))]
    for entry in entries:
        title = " ".join(entry.title.split())  # a newline would break the playlist
        lines += [f"#EXTINF:{round(entry.duration_s)},{title}", entry.file]
    return "\n".join(lines) + "\n"


def over_slot(entries: list[Entry], slot_minutes: float) -> bool:
    return sum(e.duration_s for e in entries) > slot_minutes * 60

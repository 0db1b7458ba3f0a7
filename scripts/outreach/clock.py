"""The build's date and time: SOURCE_DATE_EPOCH when it is set, else the clock.

SOURCE_DATE_EPOCH (reproducible-builds.org) is a number of seconds since 1970 that a
packager or CI sets, usually to the last commit's time, so that a build made later from the
same sources writes the same bytes: it stands for "now" wherever a date is written that is
not a date of the content (calendar stamps, Word file times) and for "today" in what
depends on it (announced changes, the broadcast week). The date is Việt Nam's (UTC+7, no
daylight saving), the same on every machine.
"""

from __future__ import annotations

import datetime as dt
import os

from . import messages
from .errors import InvalidInput, Problem

ENV = "SOURCE_DATE_EPOCH"
VIETNAM = dt.timezone(dt.timedelta(hours=7))


def source_date() -> dt.datetime | None:
    """SOURCE_DATE_EPOCH as an aware UTC datetime; None when unset; an error if malformed."""
    raw = os.environ.get(ENV, "").strip()
    if not raw:
        return None
    try:
        seconds = int(raw)
        if seconds < 0:
            raise ValueError(raw)
        return dt.datetime.fromtimestamp(seconds, tz=dt.timezone.utc)
    except (ValueError, OverflowError, OSError):
        raise InvalidInput([Problem(ENV, None, "", messages.bad_source_date(raw))]) from None


def today() -> dt.date:
    """The build's day: SOURCE_DATE_EPOCH's date in Việt Nam, else the local date."""
    stamp = source_date()
    return stamp.astimezone(VIETNAM).date() if stamp else dt.date.today()

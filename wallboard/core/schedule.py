"""Working hours: when a screen is lit, as pure functions of a schedule, a moment and a zone.

The schedule is written in the wall's local time (weekdays, HH:MM, holiday dates), while screens,
alerts and the store speak UTC. Everything here turns local days into UTC spans one day at a time,
so a day of 23 or 25 hours (the DST weekends) gets the span its local clock says, and a span that
starts in the hour a spring night skips starts when the clock jumps (02:30 -> 03:30 local).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

DAY_NAMES: tuple[str, ...] = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
OVERRIDE_HINT = "default, always or HH:MM-HH:MM (e.g. 07:00-19:00)"
_CLOCK_RE = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)$")
_SEARCH_DAYS = 8  # nightly_reload_after looks this many days ahead for a moment outside hours


@dataclass(frozen=True)
class Hours:
    """When screens are lit: from start on each of days (0 = Monday) until end, unless a holiday.

    end <= start means the hours run across midnight into the next day (22:00-06:00); end equal
    to start means 24 hours. A holiday cancels the hours that start on it. always = never dark.
    """

    days: frozenset[int] = frozenset(range(5))
    start: time = time(8, 0)
    end: time = time(17, 0)
    holidays: frozenset[date] = field(default_factory=frozenset)
    always: bool = False

    @classmethod
    def always_on(cls) -> Hours:
        """Return hours that never end: the wall without a [schedule] table."""
        return cls(days=frozenset(range(7)), start=time(0, 0), end=time(0, 0), always=True)


def parse_clock(text: str) -> time:
    """Return the time of day written as HH:MM (00:00..23:59); ValueError saying why not."""
    found = _CLOCK_RE.match(text.strip()) if isinstance(text, str) else None
    if found is None:
        raise ValueError(f"{text!r} is not a time of day HH:MM (00:00 to 23:59)")
    return time(int(found.group(1)), int(found.group(2)))


def parse_override(text: str | None) -> Hours | None:
    """Read a screen's hours override: None for "default" (the schedule), else the Hours it sets.

    "always" gives Hours.always_on(); "HH:MM-HH:MM" gives those hours on every day without
    holidays, which hours_for narrows to the schedule's days and holidays. ValueError names
    what is accepted.
    """
    value = (text or "").strip().lower() or "default"
    if value == "default":
        return None
    if value == "always":
        return Hours.always_on()
    parts = value.split("-")
    if len(parts) != 2:
        raise ValueError(f"{text!r} is not {OVERRIDE_HINT}")
    try:
        start, end = parse_clock(parts[0]), parse_clock(parts[1])
    except ValueError:
        raise ValueError(f"{text!r} is not {OVERRIDE_HINT}") from None
    return Hours(days=frozenset(range(7)), start=start, end=end)


def hours_for(schedule_hours: Hours, override: str | None) -> Hours:
    """Return one screen's hours: the schedule, always, or other times on the schedule's days."""
    chosen = parse_override(override)
    if chosen is None:
        return schedule_hours
    if chosen.always:
        return chosen
    return replace(schedule_hours, start=chosen.start, end=chosen.end, always=False)


def _local_to_utc(day: date, at: time, tz: ZoneInfo) -> datetime:
    # fold=0: an ambiguous autumn time is its first occurrence; a skipped spring time is read
    # with the offset before the jump, which lands it just after the jump.
    return datetime.combine(day, at, tzinfo=tz).astimezone(UTC)


def _day_span(hours: Hours, day: date, tz: ZoneInfo) -> tuple[datetime, datetime] | None:
    """Return the UTC span of the hours that start on local day, if any start that day."""
    if day.weekday() not in hours.days or day in hours.holidays:
        return None
    begin = _local_to_utc(day, hours.start, tz)
    end_day = day + timedelta(days=1) if hours.end <= hours.start else day
    end = _local_to_utc(end_day, hours.end, tz)
    return (begin, end) if end > begin else None


def _local_date(moment: datetime, tz: ZoneInfo) -> date:
    return moment.astimezone(tz).date()


def _check_aware(*moments: datetime) -> None:
    if any(m.tzinfo is None for m in moments):
        raise ValueError("moments must be timezone-aware (UTC)")


def is_working(hours: Hours, moment_utc: datetime, tz: ZoneInfo) -> bool:
    """Return whether moment_utc lies within the hours (a span includes its start, not its end)."""
    _check_aware(moment_utc)
    if hours.always:
        return True
    today = _local_date(moment_utc, tz)
    for day in (today - timedelta(days=1), today):
        span = _day_span(hours, day, tz)
        if span and span[0] <= moment_utc < span[1]:
            return True
    return False


def working_spans(hours: Hours, start_utc: datetime, end_utc: datetime,
                  tz: ZoneInfo) -> list[tuple[datetime, datetime]]:
    """Return the working spans between start_utc and end_utc: UTC, clipped, in order, merged.

    Spans that touch (24-hour days in a row) become one, so a screen sees one long span rather
    than a dark instant at midnight.
    """
    _check_aware(start_utc, end_utc)
    begin, finish = start_utc.astimezone(UTC), end_utc.astimezone(UTC)
    if finish <= begin:
        return []
    if hours.always:
        return [(begin, finish)]
    merged: list[tuple[datetime, datetime]] = []
    day, last = _local_date(begin, tz) - timedelta(days=1), _local_date(finish, tz)
    while day <= last:
        span = _day_span(hours, day, tz)
        day += timedelta(days=1)
        if span is None:
            continue
        low, high = max(span[0], begin), min(span[1], finish)
        if high <= low:
            continue
        if merged and low <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], high))
        else:
            merged.append((low, high))
    return merged


def nightly_reload_after(hours: Hours, after_utc: datetime, tz: ZoneInfo,
                         at: time) -> datetime:
    """Return the first local `at` after after_utc outside the hours (UTC).

    A screen reloads once a night to stay healthy, but never in front of an audience; if the
    hours leave no such moment in the next 8 days (24/7), the first `at` is used anyway.
    """
    _check_aware(after_utc)
    first: datetime | None = None
    day = _local_date(after_utc, tz) - timedelta(days=1)
    for _ in range(_SEARCH_DAYS + 3):
        moment = _local_to_utc(day, at, tz)
        day += timedelta(days=1)
        if moment <= after_utc:
            continue
        if first is None:
            first = moment
        if moment - first > timedelta(days=_SEARCH_DAYS):
            break
        if not is_working(hours, moment, tz):
            return moment
    assert first is not None  # some local `at` follows after_utc within two days
    return first

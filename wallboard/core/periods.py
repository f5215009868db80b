"""Meeting periods: resolve a named period to UTC bounds and find the one before it.

All boundaries are local midnights in the configured IANA time zone, computed on the local
calendar (never as multiples of 24 hours), so a week that contains a daylight-saving change is
167 or 169 hours long. A Period is half-open: start inclusive, end exclusive.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

PERIODS = ("this_week", "last_week", "last_4_weeks", "this_quarter", "custom")
MAX_CUSTOM_DAYS = 731  # two years, leap day included
_WEEKS = {"this_week": 1, "last_week": 1, "last_4_weeks": 4}  # length in weeks


class PeriodError(ValueError):
    """A period name or custom range that cannot be resolved."""


@dataclass(frozen=True)
class Period:
    """A half-open span of time [start, end) in UTC, named after how it was chosen."""

    name: str
    start: datetime
    end: datetime

    def __post_init__(self) -> None:
        if self.start.tzinfo is None or self.end.tzinfo is None:
            raise PeriodError("period bounds must be timezone-aware")
        if self.end < self.start:
            raise PeriodError(f"period ends ({self.end}) before it starts ({self.start})")

    @property
    def duration(self) -> timedelta:
        return self.end - self.start

    def contains(self, moment: datetime) -> bool:
        """Tell whether moment lies in [start, end)."""
        return self.start <= moment < self.end

    def local_days(self, tz: str) -> tuple[date, date]:
        """Return the first and last local calendar day the period touches (both inclusive)."""
        zone = _zone(tz)
        first = self.start.astimezone(zone).date()
        last_moment = self.end - timedelta(microseconds=1) if self.end > self.start else self.end
        return first, last_moment.astimezone(zone).date()


# ---------------------------------------------------------------- helpers


def _zone(tz: str) -> ZoneInfo:
    try:
        return ZoneInfo(tz)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise PeriodError(f"unknown time zone {tz!r}") from exc


def _utc(moment: datetime) -> datetime:
    if moment.tzinfo is None:
        raise PeriodError("now must be timezone-aware")
    moment = moment.astimezone(UTC)
    to_py = getattr(moment, "to_pydatetime", None)  # a pandas Timestamp
    return to_py() if to_py is not None else moment


def _midnight(day: date, zone: ZoneInfo) -> datetime:
    """Return the UTC instant of local midnight on day (the first instant of the day)."""
    return datetime.combine(day, time(0), zone).astimezone(UTC)


def _shift_days(moment: datetime, days: int, zone: ZoneInfo) -> datetime:
    """Move moment by whole local calendar days, keeping its local wall-clock time."""
    local = moment.astimezone(zone)
    naive = local.replace(tzinfo=None) + timedelta(days=days)
    return naive.replace(tzinfo=zone, fold=local.fold).astimezone(UTC)


def _quarter_start(day: date) -> date:
    return date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


def quarter_start(moment: datetime, tz: str) -> datetime:
    """Return the UTC instant the calendar quarter of moment starts in tz."""
    zone = _zone(tz)
    return _midnight(_quarter_start(_utc(moment).astimezone(zone).date()), zone)


def _previous_quarter_start(first: date) -> date:
    return date(first.year - 1, 10, 1) if first.month == 1 else date(first.year, first.month - 3, 1)


def _as_date(value: date | str | None, which: str) -> date:
    if value is None:
        raise PeriodError(f"a custom period needs {'an' if which == 'end' else 'a'} {which} date")
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value).strip())
    except ValueError as exc:
        raise PeriodError(f"{which} date {value!r} is not a date like 2026-11-16") from exc


# ---------------------------------------------------------------- resolving


def resolve_period(name: str, now: datetime, tz: str, start: date | str | None = None,
                   end: date | str | None = None) -> Period:
    """Turn a period name (and, for custom, local dates) into UTC bounds.

    Weeks are ISO weeks starting Monday 00:00 local time.
    - this_week: this Monday 00:00 to now.
    - last_week: the whole previous week, Monday 00:00 to this Monday 00:00.
    - last_4_weeks: the four weeks ending with the current one, i.e. Monday three weeks ago
      00:00 to now (three full weeks plus this week so far), so last week's meeting numbers are
      part of it and the trend never misses the current week.
    - this_quarter: the first day of the calendar quarter 00:00 to now.
    - custom: local dates start..end, both whole days included; at most two years (731 days).
    start and end may be dates or ISO date strings; they are ignored for the other periods.
    Raise PeriodError (a ValueError) for an unknown name, bad time zone or bad custom range.
    """
    zone = _zone(tz)
    now_utc = _utc(now)
    today = now_utc.astimezone(zone).date()
    monday = today - timedelta(days=today.weekday())
    if name == "this_week":
        return Period(name, _midnight(monday, zone), now_utc)
    if name == "last_week":
        return Period(name, _midnight(monday - timedelta(days=7), zone), _midnight(monday, zone))
    if name == "last_4_weeks":
        return Period(name, _midnight(monday - timedelta(days=21), zone), now_utc)
    if name == "this_quarter":
        return Period(name, _midnight(_quarter_start(today), zone), now_utc)
    if name == "custom":
        first, last = _as_date(start, "start"), _as_date(end, "end")
        if last < first:
            raise PeriodError(f"the custom period ends ({last.isoformat()}) before it starts "
                              f"({first.isoformat()})")
        days = (last - first).days + 1
        if days > MAX_CUSTOM_DAYS:
            raise PeriodError(f"a custom period may span at most {MAX_CUSTOM_DAYS} days (two "
                              f"years); {first.isoformat()} to {last.isoformat()} spans {days}")
        return Period(name, _midnight(first, zone), _midnight(last + timedelta(days=1), zone))
    raise PeriodError(f"unknown period {name!r}; choose one of: {', '.join(PERIODS)}")


def previous_period(period: Period, tz: str) -> Period:
    """Return the period to compare with, of the same kind and name, just before this one.

    this_week, last_week and last_4_weeks move back by 7 or 28 local calendar days (so this
    week so far is compared with last week up to the same weekday and time); this_quarter
    becomes the previous quarter up to the same day of the quarter and time of day (cut at the
    quarter's end when it is shorter); custom becomes the same number of local days just
    before it.
    """
    zone = _zone(tz)
    if period.name in _WEEKS:
        days = -7 * _WEEKS[period.name]
        return Period(period.name, _shift_days(period.start, days, zone),
                      _shift_days(period.end, days, zone))
    if period.name == "this_quarter":
        first = period.start.astimezone(zone).date()
        before = _previous_quarter_start(first)
        end = _shift_days(period.end, (before - first).days, zone)
        return Period(period.name, _midnight(before, zone), min(end, period.start))
    if period.name == "custom":
        first, last = period.local_days(tz)
        days = (last - first).days + 1
        return Period(period.name, _midnight(first - timedelta(days=days), zone), period.start)
    raise PeriodError(f"unknown period {period.name!r}; choose one of: {', '.join(PERIODS)}")

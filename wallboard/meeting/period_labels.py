"""Name a meeting period for its heading and menu, with i18n's CLDR day-month formats."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from wallboard import i18n
from wallboard.core.periods import PERIODS, Period, PeriodError

_ROMAN = ("I", "II", "III", "IV")  # Polish writes quarters in Roman numerals


def _dates(lang: str, first: date, last: date, compact: bool) -> str:
    """Format first..last: '16–22 Nov 2026', '26 Jan–1 Feb 2026', '28 Dec 2026–3 Jan 2027'."""
    gap = "\u2013" if compact else " \u2013 "
    if first == last:
        return i18n.day_month_year(lang, last)
    if first.year != last.year:
        return f"{i18n.day_month_year(lang, first)}{gap}{i18n.day_month_year(lang, last)}"
    if compact and first.month == last.month:
        return f"{i18n.day_only(lang, first)}{gap}{i18n.day_month_year(lang, last)}"
    return f"{i18n.day_month(lang, first)}{gap}{i18n.day_month_year(lang, last)}"


def period_label(period: Period, language: str, tz: str) -> str:
    """Name the period for a heading, in the language and time zone of the screen.

    A period that starts on a local Monday midnight and lies within that week is labelled as
    the ISO week with its Monday-to-Sunday dates ('Week 47, 16–22 Nov 2026'), even while the
    week is still running. this_quarter reads 'Q4 2026, 1 Oct – 23 Nov 2026' (up to today).
    Anything else is its first and last local day: '2 Nov – 23 Nov 2026'.
    """
    first, last = period.local_days(tz)  # refuses an unknown time zone with a PeriodError
    zone = ZoneInfo(tz)
    week_end = datetime.combine(first + timedelta(days=7), time(0), zone).astimezone(UTC)
    if (first.weekday() == 0 and period.start.astimezone(zone).time() == time(0)
            and period.start < period.end <= week_end):
        dates = _dates(language, first, first + timedelta(days=6), compact=True)
        return i18n.text(language, "period_week", n=first.isocalendar().week, dates=dates)
    dates = _dates(language, first, last, compact=False)
    if period.name == "this_quarter":
        quarter = (first.month - 1) // 3 + 1
        numeral = _ROMAN[quarter - 1] if language == "pl" else str(quarter)
        heading = i18n.text(language, "period_quarter", quarter=numeral, year=first.year)
        return f"{heading}, {dates}"
    return dates


def period_name(name: str, language: str) -> str:
    """Return the menu text of a period name: 'Last 4 weeks', 'Seneste 4 uger'."""
    if name not in PERIODS:
        raise PeriodError(f"unknown period {name!r}; choose one of: {', '.join(PERIODS)}")
    return i18n.text(language, f"period_{name}")

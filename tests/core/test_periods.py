"""Meeting periods: local-midnight boundaries, DST weeks, previous periods, labels, errors."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from wallboard.core.periods import (
    PERIODS,
    Period,
    PeriodError,
    previous_period,
    resolve_period,
)
from wallboard.meeting.period_labels import period_label, period_name

CPH = "Europe/Copenhagen"


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


def hours(period: Period) -> float:
    return period.duration.total_seconds() / 3600


# 2026-11-22 is a Sunday, 2026-11-23 a Monday; Copenhagen is UTC+1 in winter, UTC+2 in summer.
@pytest.mark.parametrize(("name", "now", "start", "end"), [
    # Sunday 23:30 local is still week 47: it started Monday 16 Nov 00:00 local (15 Nov 23:00Z).
    ("this_week", utc(2026, 11, 22, 22, 30), utc(2026, 11, 15, 23), utc(2026, 11, 22, 22, 30)),
    # Monday 00:30 local (Sunday 23:30Z) is already week 48.
    ("this_week", utc(2026, 11, 22, 23, 30), utc(2026, 11, 22, 23), utc(2026, 11, 22, 23, 30)),
    ("last_week", utc(2026, 11, 22, 22, 30), utc(2026, 11, 8, 23), utc(2026, 11, 15, 23)),
    ("last_week", utc(2026, 11, 22, 23, 30), utc(2026, 11, 15, 23), utc(2026, 11, 22, 23)),
    ("last_4_weeks", utc(2026, 11, 18, 9), utc(2026, 10, 25, 23), utc(2026, 11, 18, 9)),
    # A summer week: Monday 00:00 local is 22:00Z the day before.
    ("this_week", utc(2026, 7, 1, 12), utc(2026, 6, 28, 22), utc(2026, 7, 1, 12)),
    ("this_quarter", utc(2026, 11, 18, 9), utc(2026, 9, 30, 22), utc(2026, 11, 18, 9)),
    ("this_quarter", utc(2026, 2, 1, 9), utc(2025, 12, 31, 23), utc(2026, 2, 1, 9)),
    # 1 July 00:30 local is 30 June 22:30Z: the third quarter has begun.
    ("this_quarter", utc(2026, 6, 30, 22, 30), utc(2026, 6, 30, 22), utc(2026, 6, 30, 22, 30)),
    ("this_quarter", utc(2026, 6, 30, 21, 30), utc(2026, 3, 31, 22), utc(2026, 6, 30, 21, 30)),
])
def test_resolve_named_periods_in_copenhagen(name, now, start, end):
    period = resolve_period(name, now, CPH)
    assert period == Period(name, start, end)
    assert period.start.tzinfo is not None and period.start.utcoffset() == timedelta(0)


def test_resolve_in_utc_and_far_zones():
    now = utc(2026, 11, 18, 9)
    assert resolve_period("this_week", now, "UTC").start == utc(2026, 11, 16)
    # In Auckland (UTC+13 in November) it is already Wednesday evening.
    assert resolve_period("this_week", now, "Pacific/Auckland").start == utc(2026, 11, 15, 11)


@pytest.mark.parametrize(("now", "start", "length"), [
    # Summer time starts Sunday 29 March 2026 at 02:00: that week is 167 hours long.
    (utc(2026, 3, 30, 8), utc(2026, 3, 22, 23), 167),
    # Summer time ends Sunday 25 October 2026 at 03:00: that week is 169 hours long.
    (utc(2026, 10, 26, 8), utc(2026, 10, 18, 22), 169),
    (utc(2026, 11, 4, 8), utc(2026, 10, 25, 23), 168),
])
def test_last_week_across_dst_is_local_midnight_to_midnight(now, start, length):
    period = resolve_period("last_week", now, CPH)
    assert period.start == start
    assert hours(period) == length
    assert period.start.astimezone(ZoneInfo(CPH)).hour == 0
    assert period.end.astimezone(ZoneInfo(CPH)).hour == 0


def test_custom_range_is_whole_local_days_across_dst():
    period = resolve_period("custom", utc(2026, 11, 1), CPH, date(2026, 10, 20), date(2026, 10, 27))
    assert period.start == utc(2026, 10, 19, 22)  # 20 Oct 00:00 summer time
    assert period.end == utc(2026, 10, 27, 23)  # 28 Oct 00:00 winter time
    assert hours(period) == 8 * 24 + 1


def test_custom_accepts_iso_strings_and_a_single_day():
    period = resolve_period("custom", utc(2026, 11, 1), CPH, "2026-03-29", "2026-03-29")
    assert (period.start, period.end) == (utc(2026, 3, 28, 23), utc(2026, 3, 29, 22))
    assert hours(period) == 23


def test_custom_of_exactly_two_years_is_allowed():
    period = resolve_period("custom", utc(2026, 11, 1), CPH, date(2024, 1, 1), date(2025, 12, 31))
    assert period.local_days(CPH) == (date(2024, 1, 1), date(2025, 12, 31))


@pytest.mark.parametrize(("name", "start", "end", "message"), [
    ("custom", None, date(2026, 1, 1), "a custom period needs a start date"),
    ("custom", date(2026, 1, 1), None, "a custom period needs an end date"),
    ("custom", date(2026, 2, 1), date(2026, 1, 1),
     "the custom period ends (2026-01-01) before it starts (2026-02-01)"),
    ("custom", date(2024, 1, 1), date(2026, 1, 1),
     "a custom period may span at most 731 days (two years); 2024-01-01 to 2026-01-01 spans 732"),
    ("custom", "1.2.2026", date(2026, 3, 1), "start date '1.2.2026' is not a date like 2026-11-16"),
    ("yesterday", None, None, "unknown period 'yesterday'; choose one of: this_week, last_week, "
     "last_4_weeks, this_quarter, custom"),
])
def test_invalid_periods_say_what_is_wrong(name, start, end, message):
    with pytest.raises(PeriodError) as caught:
        resolve_period(name, utc(2026, 11, 18), CPH, start, end)
    assert str(caught.value) == message
    assert isinstance(caught.value, ValueError)


def test_bad_time_zone_and_naive_now_are_refused():
    with pytest.raises(PeriodError, match="unknown time zone 'Mars/Olympus'"):
        resolve_period("this_week", utc(2026, 11, 18), "Mars/Olympus")
    with pytest.raises(PeriodError, match="timezone-aware"):
        resolve_period("this_week", datetime(2026, 11, 18), CPH)


def test_pandas_timestamp_now_gives_plain_datetimes():
    import pandas as pd
    period = resolve_period("this_week", pd.Timestamp("2026-11-18T09:00Z"), CPH)
    assert type(period.end) is datetime and period.end == utc(2026, 11, 18, 9)


@pytest.mark.parametrize(("name", "now", "start", "end"), [
    # Wednesday 10:00 local: compared with last Monday 00:00 to last Wednesday 10:00 local.
    ("this_week", utc(2026, 11, 18, 9), utc(2026, 11, 8, 23), utc(2026, 11, 11, 9)),
    # Across the October change: 10:00 local stays 10:00 local, one hour later in UTC.
    ("this_week", utc(2026, 10, 28, 9), utc(2026, 10, 18, 22), utc(2026, 10, 21, 8)),
    ("last_week", utc(2026, 11, 4, 8), utc(2026, 10, 18, 22), utc(2026, 10, 25, 23)),
    ("last_4_weeks", utc(2026, 11, 18, 9), utc(2026, 9, 27, 22), utc(2026, 10, 21, 8)),
    # Q4 up to 18 Nov 10:00 (day 49) -> Q3 up to 18 Aug 10:00 (day 49).
    ("this_quarter", utc(2026, 11, 18, 9), utc(2026, 6, 30, 22), utc(2026, 8, 18, 8)),
    # Q1 -> Q4 of the year before.
    ("this_quarter", utc(2026, 2, 10, 11), utc(2025, 9, 30, 22), utc(2025, 11, 10, 11)),
    # 30 Sep is day 92 of Q3; Q2 has 91 days, so the comparison is the whole of Q2.
    ("this_quarter", utc(2026, 9, 30, 8), utc(2026, 3, 31, 22), utc(2026, 6, 30, 22)),
])
def test_previous_period(name, now, start, end):
    before = previous_period(resolve_period(name, now, CPH), CPH)
    assert before == Period(name, start, end)


def test_previous_custom_is_the_same_number_of_days_before():
    period = resolve_period("custom", utc(2026, 11, 18), CPH, date(2026, 10, 26), date(2026, 11, 1))
    before = previous_period(period, CPH)
    assert before.end == period.start
    assert before.local_days(CPH) == (date(2026, 10, 19), date(2026, 10, 25))
    assert hours(before) == 169


def test_previous_of_previous_keeps_going_back():
    period = resolve_period("last_week", utc(2026, 11, 18), CPH)
    twice = previous_period(previous_period(period, CPH), CPH)
    assert twice.local_days(CPH) == (date(2026, 10, 26), date(2026, 11, 1))


def test_previous_of_unknown_name_is_refused():
    with pytest.raises(PeriodError, match="unknown period 'fortnight'"):
        previous_period(Period("fortnight", utc(2026, 1, 1), utc(2026, 1, 15)), CPH)


def test_period_refuses_end_before_start():
    with pytest.raises(PeriodError, match="before it starts"):
        Period("custom", utc(2026, 1, 2), utc(2026, 1, 1))


@pytest.mark.parametrize(("name", "now", "start", "end", "lang", "label"), [
    ("this_week", utc(2026, 11, 18, 9), None, None, "en", "Week 47, 16–22 Nov 2026"),
    ("this_week", utc(2026, 11, 18, 9), None, None, "da", "Uge 47, 16.–22. nov. 2026"),
    ("this_week", utc(2026, 11, 18, 9), None, None, "pl", "Tydzień 47, 16–22 lis 2026"),
    ("last_week", utc(2026, 2, 4, 9), None, None, "en", "Week 5, 26 Jan–1 Feb 2026"),
    ("last_week", utc(2026, 2, 4, 9), None, None, "da", "Uge 5, 26. jan.–1. feb. 2026"),
    ("last_week", utc(2026, 1, 7, 9), None, None, "en", "Week 1, 29 Dec 2025–4 Jan 2026"),
    ("last_week", utc(2026, 10, 28, 9), None, None, "pl", "Tydzień 43, 19–25 paź 2026"),
    ("last_4_weeks", utc(2026, 11, 23, 9), None, None, "en", "2 Nov – 23 Nov 2026"),
    ("last_4_weeks", utc(2026, 11, 23, 9), None, None, "da", "2. nov. – 23. nov. 2026"),
    ("last_4_weeks", utc(2026, 11, 23, 9), None, None, "pl", "2 lis – 23 lis 2026"),
    ("this_quarter", utc(2026, 11, 18, 9), None, None, "en", "Q4 2026, 1 Oct – 18 Nov 2026"),
    ("this_quarter", utc(2026, 11, 18, 9), None, None, "da",
     "4. kvartal 2026, 1. okt. – 18. nov. 2026"),
    ("this_quarter", utc(2026, 11, 18, 9), None, None, "pl",
     "IV kwartał 2026, 1 paź – 18 lis 2026"),
    ("custom", utc(2026, 11, 18), date(2026, 12, 28), date(2027, 1, 3), "en",
     "Week 53, 28 Dec 2026–3 Jan 2027"),
    ("custom", utc(2026, 11, 18), date(2026, 12, 20), date(2027, 1, 10), "en",
     "20 Dec 2026 – 10 Jan 2027"),
    ("custom", utc(2026, 11, 18), date(2026, 5, 5), date(2026, 5, 5), "da", "5. maj 2026"),
])
def test_period_labels(name, now, start, end, lang, label):
    assert period_label(resolve_period(name, now, CPH, start, end), lang, CPH) == label


def test_menu_names_exist_in_every_language():
    for lang in ("en", "da", "pl"):
        names = {period_name(name, lang) for name in PERIODS}
        assert len(names) == len(PERIODS)
    assert period_name("last_4_weeks", "da") == "Seneste 4 uger"
    with pytest.raises(PeriodError):
        period_name("someday", "en")

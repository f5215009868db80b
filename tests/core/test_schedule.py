"""Working hours: weekdays, holidays, midnight, overrides, zones, DST and the nightly reload."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from wallboard.core.schedule import (
    Hours,
    hours_for,
    is_working,
    nightly_reload_after,
    parse_clock,
    parse_override,
    working_spans,
)

CPH = ZoneInfo("Europe/Copenhagen")
NYC = ZoneInfo("America/New_York")
WEEKDAYS = Hours()  # mon-fri 08:00-17:00
EVERY_DAY = Hours(days=frozenset(range(7)))
XMAS = Hours(holidays=frozenset({date(2026, 12, 24)}))
FRIDAY_NIGHT = Hours(days=frozenset({4}), start=time(22, 0), end=time(6, 0))
SATURDAY_NIGHT = Hours(days=frozenset({5}), start=time(22, 0), end=time(6, 0))


def utc(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=UTC)


@pytest.mark.parametrize(("hours", "moment", "working"), [
    # Wednesday 2 Dec 2026, Copenhagen is UTC+1: 08:00-17:00 local is 07:00-16:00 UTC.
    (WEEKDAYS, utc(2026, 12, 2, 6, 59), False),
    (WEEKDAYS, utc(2026, 12, 2, 7, 0), True),
    (WEEKDAYS, utc(2026, 12, 2, 15, 59), True),
    (WEEKDAYS, utc(2026, 12, 2, 16, 0), False),
    (WEEKDAYS, utc(2026, 12, 5, 10, 0), False),   # Saturday
    (WEEKDAYS, utc(2026, 12, 6, 10, 0), False),   # Sunday
    (EVERY_DAY, utc(2026, 12, 6, 10, 0), True),
    # A holiday cancels its day only.
    (XMAS, utc(2026, 12, 23, 10, 0), True),
    (XMAS, utc(2026, 12, 24, 10, 0), False),
    (XMAS, utc(2026, 12, 28, 10, 0), True),
    # Across midnight: Friday 22:00 until Saturday 06:00 local.
    (FRIDAY_NIGHT, utc(2026, 12, 4, 20, 59), False),
    (FRIDAY_NIGHT, utc(2026, 12, 4, 21, 0), True),
    (FRIDAY_NIGHT, utc(2026, 12, 5, 4, 59), True),   # Saturday 05:59 local
    (FRIDAY_NIGHT, utc(2026, 12, 5, 5, 0), False),
    (FRIDAY_NIGHT, utc(2026, 12, 3, 23, 0), False),  # Thursday night is not listed
])
def test_is_working(hours: Hours, moment: datetime, working: bool) -> None:
    assert is_working(hours, moment, CPH) is working


def test_a_holiday_cancels_the_night_that_starts_on_it_not_the_one_ending_on_it() -> None:
    friday_off = Hours(days=frozenset({4}), start=time(22, 0), end=time(6, 0),
                       holidays=frozenset({date(2026, 12, 4)}))
    assert not is_working(friday_off, utc(2026, 12, 5, 3, 0), CPH)
    saturday_off = Hours(days=frozenset({4}), start=time(22, 0), end=time(6, 0),
                         holidays=frozenset({date(2026, 12, 5)}))
    assert is_working(saturday_off, utc(2026, 12, 5, 3, 0), CPH)


def test_the_wall_time_zone_decides() -> None:
    # 08:00 in New York on Wednesday 2 Dec 2026 is 13:00 UTC (EST, UTC-5).
    assert not is_working(WEEKDAYS, utc(2026, 12, 2, 12, 59), NYC)
    assert is_working(WEEKDAYS, utc(2026, 12, 2, 13, 0), NYC)
    assert is_working(WEEKDAYS, utc(2026, 12, 2, 7, 0), CPH)
    assert working_spans(WEEKDAYS, utc(2026, 12, 2), utc(2026, 12, 3), NYC) == \
        [(utc(2026, 12, 2, 13), utc(2026, 12, 2, 22))]
    # Friday 17:00 in New York is already Saturday in UTC: the span is still Friday's.
    assert is_working(WEEKDAYS, utc(2026, 12, 4, 21, 59), NYC)


def test_always_on_works_at_every_moment() -> None:
    always = Hours.always_on()
    for moment in (utc(2026, 12, 5, 3), utc(2026, 3, 29, 1, 30), utc(2026, 12, 24, 12)):
        assert is_working(always, moment, CPH)
    assert working_spans(always, utc(2026, 12, 1), utc(2026, 12, 9), CPH) == \
        [(utc(2026, 12, 1), utc(2026, 12, 9))]


@pytest.mark.parametrize("text", ["default", None, "", "  Default "])
def test_default_override_is_the_schedule(text: str | None) -> None:
    assert parse_override(text) is None
    assert hours_for(XMAS, text) is XMAS


def test_always_override() -> None:
    assert hours_for(WEEKDAYS, "always") == Hours.always_on()
    assert is_working(hours_for(WEEKDAYS, "always"), utc(2026, 12, 6, 2), CPH)


def test_hours_override_keeps_days_and_holidays() -> None:
    late = hours_for(XMAS, "07:00-19:00")
    assert late == Hours(start=time(7), end=time(19), holidays=frozenset({date(2026, 12, 24)}))
    assert is_working(late, utc(2026, 12, 23, 17, 30), CPH)       # 18:30 local
    assert not is_working(late, utc(2026, 12, 24, 12), CPH)       # still a holiday
    assert not is_working(late, utc(2026, 12, 26, 12), CPH)       # still not on Saturday
    night = hours_for(WEEKDAYS, "22:00-06:00")
    assert is_working(night, utc(2026, 12, 3, 2), CPH)            # Thursday 03:00 local
    assert hours_for(Hours.always_on(), "09:00-17:00").days == frozenset(range(7))


@pytest.mark.parametrize("text", ["7-19", "25:00-26:00", "always-on", "07:00", "07:00-19:00-20:00",
                                  "07:60-19:00", "evenings"])
def test_bad_override_says_what_is_accepted(text: str) -> None:
    with pytest.raises(ValueError, match="default, always or HH:MM-HH:MM"):
        parse_override(text)


@pytest.mark.parametrize("text", ["24:00", "8:00", "08:5", "noon", "-1:00"])
def test_parse_clock_refuses(text: str) -> None:
    with pytest.raises(ValueError, match="HH:MM"):
        parse_clock(text)


def test_spans_are_clipped_and_ordered() -> None:
    spans = working_spans(WEEKDAYS, utc(2026, 12, 2, 12), utc(2026, 12, 7, 10), CPH)
    assert spans == [(utc(2026, 12, 2, 12), utc(2026, 12, 2, 16)),
                     (utc(2026, 12, 3, 7), utc(2026, 12, 3, 16)),
                     (utc(2026, 12, 4, 7), utc(2026, 12, 4, 16)),
                     (utc(2026, 12, 7, 7), utc(2026, 12, 7, 10))]
    assert working_spans(WEEKDAYS, utc(2026, 12, 5), utc(2026, 12, 6), CPH) == []
    assert working_spans(WEEKDAYS, utc(2026, 12, 3), utc(2026, 12, 2), CPH) == []
    # A night that began before the window is clipped to it.
    assert working_spans(FRIDAY_NIGHT, utc(2026, 12, 5, 1), utc(2026, 12, 6), CPH) == \
        [(utc(2026, 12, 5, 1), utc(2026, 12, 5, 5))]


def test_round_the_clock_days_merge_into_one_span() -> None:
    full = Hours(days=frozenset({0, 1, 2}), start=time(0), end=time(0))
    assert working_spans(full, utc(2026, 11, 29), utc(2026, 12, 6), CPH) == \
        [(utc(2026, 11, 29, 23), utc(2026, 12, 2, 23))]


def test_spring_dst_sunday_29_march_2026() -> None:
    # Copenhagen jumps from 02:00 CET to 03:00 CEST at 01:00 UTC.
    spans = working_spans(EVERY_DAY, utc(2026, 3, 28), utc(2026, 3, 31), CPH)
    assert spans == [(utc(2026, 3, 28, 7), utc(2026, 3, 28, 16)),
                     (utc(2026, 3, 29, 6), utc(2026, 3, 29, 15)),
                     (utc(2026, 3, 30, 6), utc(2026, 3, 30, 15))]
    # The night across the jump is one hour short: 22:00 CET to 06:00 CEST is 7 hours.
    assert working_spans(SATURDAY_NIGHT, utc(2026, 3, 28), utc(2026, 3, 30), CPH) == \
        [(utc(2026, 3, 28, 21), utc(2026, 3, 29, 4))]
    # Hours starting in the skipped hour start when the clock jumps (03:30 CEST).
    gap = Hours(days=frozenset({6}), start=time(2, 30), end=time(5, 0))
    assert working_spans(gap, utc(2026, 3, 29), utc(2026, 3, 30), CPH) == \
        [(utc(2026, 3, 29, 1, 30), utc(2026, 3, 29, 3))]
    # A 24-hour Sunday lasts 23 hours.
    sunday = Hours(days=frozenset({6}), start=time(0), end=time(0))
    assert working_spans(sunday, utc(2026, 3, 28), utc(2026, 3, 31), CPH) == \
        [(utc(2026, 3, 28, 23), utc(2026, 3, 29, 22))]


def test_autumn_dst_sunday_25_october_2026() -> None:
    # Copenhagen falls back from 03:00 CEST to 02:00 CET at 01:00 UTC.
    spans = working_spans(EVERY_DAY, utc(2026, 10, 24), utc(2026, 10, 27), CPH)
    assert spans == [(utc(2026, 10, 24, 6), utc(2026, 10, 24, 15)),
                     (utc(2026, 10, 25, 7), utc(2026, 10, 25, 16)),
                     (utc(2026, 10, 26, 7), utc(2026, 10, 26, 16))]
    # The night across the change is one hour long: 22:00 CEST to 06:00 CET is 9 hours.
    assert working_spans(SATURDAY_NIGHT, utc(2026, 10, 24), utc(2026, 10, 26), CPH) == \
        [(utc(2026, 10, 24, 20), utc(2026, 10, 25, 5))]
    assert is_working(SATURDAY_NIGHT, utc(2026, 10, 25, 4, 59), CPH)
    assert not is_working(SATURDAY_NIGHT, utc(2026, 10, 25, 5), CPH)
    # 02:30 happens twice; the hours start at the first.
    twice = Hours(days=frozenset({6}), start=time(2, 30), end=time(5, 0))
    assert working_spans(twice, utc(2026, 10, 25), utc(2026, 10, 26), CPH) == \
        [(utc(2026, 10, 25, 0, 30), utc(2026, 10, 25, 4))]


def test_dst_in_another_zone() -> None:
    # New York's clocks change on 8 March and 1 November 2026.
    spans = working_spans(EVERY_DAY, utc(2026, 3, 7), utc(2026, 3, 10), NYC)
    assert spans == [(utc(2026, 3, 7, 13), utc(2026, 3, 7, 22)),
                     (utc(2026, 3, 8, 12), utc(2026, 3, 8, 21)),
                     (utc(2026, 3, 9, 12), utc(2026, 3, 9, 21))]
    # Sunday 1 November: 12:30 UTC is 07:30 EST (it would be 08:30 EDT a day earlier).
    assert not is_working(EVERY_DAY, utc(2026, 11, 1, 12, 30), NYC)
    assert is_working(EVERY_DAY, utc(2026, 11, 1, 13), NYC)
    assert is_working(EVERY_DAY, utc(2026, 10, 31, 12, 30), NYC)


THREE = time(3, 0)


def test_nightly_reload_is_the_next_night_outside_hours() -> None:
    # Wednesday noon: Thursday 03:00 CET is 02:00 UTC.
    assert nightly_reload_after(WEEKDAYS, utc(2026, 12, 2, 12), CPH, THREE) == utc(2026, 12, 3, 2)
    # Strictly after the given moment: at 02:00 UTC on Thursday the next is Friday's.
    assert nightly_reload_after(WEEKDAYS, utc(2026, 12, 3, 2), CPH, THREE) == utc(2026, 12, 4, 2)
    assert nightly_reload_after(WEEKDAYS, utc(2026, 12, 3, 1, 59), CPH, THREE) == \
        utc(2026, 12, 3, 2)


def test_nightly_reload_skips_nights_inside_hours() -> None:
    # 02:00-20:00 on weekdays covers 03:00 from Monday to Friday: Saturday's 03:00 it is.
    early = Hours(start=time(2), end=time(20))
    assert nightly_reload_after(early, utc(2026, 12, 2, 12), CPH, THREE) == utc(2026, 12, 5, 2)


@pytest.mark.parametrize("hours", [Hours.always_on(),
                                   Hours(days=frozenset(range(7)), start=time(22),
                                         end=time(6))])
def test_nightly_reload_without_a_quiet_night_takes_the_first(hours: Hours) -> None:
    assert nightly_reload_after(hours, utc(2026, 12, 2, 12), CPH, THREE) == utc(2026, 12, 3, 2)


def test_nightly_reload_on_the_dst_nights() -> None:
    # 03:00 on 29 March is CEST (01:00 UTC); 02:30 does not exist and lands at 03:30 CEST.
    assert nightly_reload_after(WEEKDAYS, utc(2026, 3, 28, 12), CPH, THREE) == utc(2026, 3, 29, 1)
    assert nightly_reload_after(WEEKDAYS, utc(2026, 3, 28, 12), CPH, time(2, 30)) == \
        utc(2026, 3, 29, 1, 30)
    # 03:00 on 25 October is CET again (02:00 UTC).
    assert nightly_reload_after(WEEKDAYS, utc(2026, 10, 24, 12), CPH, THREE) == \
        utc(2026, 10, 25, 2)


def test_naive_moments_are_refused() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        is_working(WEEKDAYS, datetime(2026, 12, 2, 12), CPH)

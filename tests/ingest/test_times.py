"""Times as survey tools send them: offsets, Unix seconds, Danish dates, naive local times."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from wallboard.ingest.times import TimeError, parse_time

NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize(("value", "expected"), [
    ("2026-11-23T14:05:00+01:00", datetime(2026, 11, 23, 13, 5, tzinfo=UTC)),
    ("2026-11-23T13:05:00Z", datetime(2026, 11, 23, 13, 5, tzinfo=UTC)),
    ("2026-11-23 14:05:00 +0100", datetime(2026, 11, 23, 13, 5, tzinfo=UTC)),
    (1795435200, datetime(2026, 11, 23, 12, 0, tzinfo=UTC)),
    ("1795435200", datetime(2026, 11, 23, 12, 0, tzinfo=UTC)),
    (1795435200.5, datetime(2026, 11, 23, 12, 0, 0, 500000, tzinfo=UTC)),
])
def test_times_with_offsets_and_unix_seconds(value: object, expected: datetime) -> None:
    assert parse_time(value) == expected


@pytest.mark.parametrize(("value", "expected"), [
    ("23-11-2026 14:05", datetime(2026, 11, 23, 13, 5, tzinfo=UTC)),
    ("23.11.2026 14.05", datetime(2026, 11, 23, 13, 5, tzinfo=UTC)),
    ("23/11/2026 kl. 14:05:30", datetime(2026, 11, 23, 13, 5, 30, tzinfo=UTC)),
    ("1-7-2026", datetime(2026, 6, 30, 22, 0, tzinfo=UTC)),  # summer time: UTC+2
    ("2026-11-23 14:05:11", datetime(2026, 11, 23, 13, 5, 11, tzinfo=UTC)),
    ("2026-11-23", datetime(2026, 11, 22, 23, 0, tzinfo=UTC)),
])
def test_danish_and_naive_times_are_read_in_the_office_time_zone(value: str,
                                                                 expected: datetime) -> None:
    assert parse_time(value, timezone="Europe/Copenhagen") == expected


@pytest.mark.parametrize(("value", "message"), [
    ("31-02-2026", "not a valid date"),
    ("2026-11-23 14:05", "has no time zone"),
    (True, "is not a time"),
    (-5, "not a Unix time"),
    ({"t": 1}, "must be text or Unix seconds"),
])
def test_unreadable_times_say_why(value: object, message: str) -> None:
    with pytest.raises(TimeError, match=message):
        parse_time(value)

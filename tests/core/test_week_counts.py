"""The digest's week: local Monday, due moment and day end across time zones and DST."""

from __future__ import annotations

from datetime import UTC, datetime

import pandas as pd

from wallboard.core.week_counts import digest_due, week_counts, week_start

CPH = "Europe/Copenhagen"


def test_the_week_starts_on_local_monday() -> None:
    # Sunday 23:30 UTC is already Monday in Copenhagen.
    assert week_start(datetime(2026, 11, 29, 23, 30, tzinfo=UTC), CPH) == \
        datetime(2026, 11, 29, 23, 0, tzinfo=UTC)
    assert week_start(datetime(2026, 11, 29, 22, 30, tzinfo=UTC), CPH) == \
        datetime(2026, 11, 22, 23, 0, tzinfo=UTC)


def test_due_from_its_time_until_the_local_day_ends() -> None:
    # Monday 30 Nov 2026 08:30 in Copenhagen is 07:30 UTC.
    assert digest_due(datetime(2026, 11, 30, 7, 29, tzinfo=UTC), CPH, "monday", "08:30") is None
    due = digest_due(datetime(2026, 11, 30, 7, 30, tzinfo=UTC), CPH, "monday", "08:30")
    assert due == (datetime(2026, 11, 30, 7, 30, tzinfo=UTC),
                   datetime(2026, 11, 30, 23, 0, tzinfo=UTC))
    assert digest_due(datetime(2026, 11, 30, 22, 59, tzinfo=UTC), CPH, "monday", "08:30")
    assert digest_due(datetime(2026, 11, 30, 23, 0, tzinfo=UTC), CPH, "monday", "08:30") is None
    assert digest_due(datetime(2026, 12, 3, 9, 0, tzinfo=UTC), CPH, "thursday", "09:00") == \
        (datetime(2026, 12, 3, 8, 0, tzinfo=UTC), datetime(2026, 12, 3, 23, 0, tzinfo=UTC))


def test_due_on_a_daylight_saving_day() -> None:
    # Sunday 29 March 2026: Copenhagen moves from +01:00 to +02:00 at 02:00.
    due = digest_due(datetime(2026, 3, 29, 7, 0, tzinfo=UTC), CPH, "sunday", "08:30")
    assert due == (datetime(2026, 3, 29, 6, 30, tzinfo=UTC),
                   datetime(2026, 3, 29, 22, 0, tzinfo=UTC))


def test_week_counts_rank_by_promoters() -> None:
    start = datetime(2026, 11, 30, tzinfo=UTC)
    frame = pd.DataFrame({
        "team": ["a", "a", "b", "b", "b", "a"],
        "score": [10, 3, 9, 9, 7, 10],
        "answered_at": pd.to_datetime(["2026-11-30T10:00Z", "2026-12-01T10:00Z",
                                       "2026-12-01T11:00Z", "2026-12-02T11:00Z",
                                       "2026-12-02T12:00Z", "2026-11-29T10:00Z"], utc=True)})
    table = week_counts(frame, start=start, end=datetime(2026, 12, 7, tzinfo=UTC))
    assert list(table.index) == ["b", "a"]
    assert table.loc["b"].tolist() == [3, 2] and table.loc["a"].tolist() == [2, 1]
    empty = week_counts(frame.iloc[:0], start=start, end=start)
    assert empty.empty

"""Compact columns of bulk reads: times parsed the same whichever way they were stored."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import numpy as np
import pandas as pd
import pytest

from wallboard.store.frames import compact_columns, utc_nanos

MOMENT = datetime(2026, 3, 29, 1, 30, 15, 123456, tzinfo=UTC)


@pytest.mark.parametrize("values", [
    ["2026-03-29 01:30:15.123456", "2026-03-29 01:30:15.000000"],  # as SQLAlchemy writes
    ["2026-03-29T01:30:15.123456", "2026-03-29 01:30:15"],          # other writers
    ["2026-03-29 03:30:15.123456+02:00", "2026-03-29T01:30:15Z"],   # with an offset
    [MOMENT, MOMENT.replace(microsecond=0).astimezone(timezone(timedelta(hours=-5)))],
])
def test_times_are_utc_nanoseconds_whatever_their_form(values: list) -> None:
    expected = [pd.Timestamp(MOMENT).value, pd.Timestamp(MOMENT.replace(microsecond=0)).value]
    assert utc_nanos(values).tolist() == expected


def test_rows_become_compact_columns() -> None:
    rows = [(7, "b", 10, "2026-03-29 01:30:15.123456"), (3, "a", 0, MOMENT.isoformat()),
            (9, "b", 8, "2026-03-29 01:30:15.123456")]
    ids, keys, codes, scores, times = compact_columns(rows)
    assert ids.dtype == np.int64 and codes.dtype == np.int32 and scores.dtype == np.int8
    assert ids.tolist() == [7, 3, 9] and scores.tolist() == [10, 0, 8]
    assert [keys[c] for c in codes] == ["b", "a", "b"]
    assert times.tolist() == [pd.Timestamp(MOMENT).value] * 3

"""The week in the wall's time zone: when it starts, each team's counts in it, and when a
weekly digest is due.

Small and pure, for the weekly digest; the challenge rules may later share `week_start`.
"""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import numpy as np
import pandas as pd

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


def week_start(moment: datetime, tz: str) -> datetime:
    """Return the local Monday 00:00 of moment's week, in UTC."""
    zone = ZoneInfo(tz)
    day = moment.astimezone(zone).date()
    monday = day - timedelta(days=day.weekday())
    return datetime.combine(monday, time(0), zone).astimezone(UTC)


def digest_due(now: datetime, tz: str, weekday: str, at: str) -> tuple[datetime, datetime] | None:
    """Return (due, day_end) of this week's digest when it is due now, else None.

    due is weekday at the local time at ("HH:MM") of now's week; the digest stays due until
    the local midnight that ends that day (day_end), so one missed while the wall was down is
    still posted on start that day, and not after.
    """
    zone = ZoneInfo(tz)
    local = now.astimezone(zone)
    day = local.date() - timedelta(days=local.weekday()) + timedelta(days=WEEKDAYS.index(weekday))
    hours, minutes = (int(part) for part in at.split(":"))
    # fold=0 and a time in a spring-forward gap both map to a real instant: zoneinfo's rule.
    due = datetime.combine(day, time(hours, minutes), zone).astimezone(UTC)
    day_end = datetime.combine(day + timedelta(days=1), time(0), zone).astimezone(UTC)
    return (due, day_end) if due <= now < day_end else None


def week_counts(frame: pd.DataFrame, *, start: datetime, end: datetime) -> pd.DataFrame:
    """Count per team the responses and promoters answered at or after start, before end.

    frame has the columns team, score and answered_at; the result is indexed by team with
    the columns responses and promoters, the most promoters first (then fewer responses, then
    the team key), so its order is the week's standing.
    """
    stamps = pd.to_datetime(frame["answered_at"], utc=True)
    mask = ((stamps >= pd.Timestamp(start)) & (stamps < pd.Timestamp(end))).to_numpy()
    week = frame.loc[mask, ["team", "score"]]
    scores = pd.to_numeric(week["score"]).to_numpy(dtype=np.int64)
    counts = pd.DataFrame({"team": week["team"].astype(str).to_numpy(), "responses": 1,
                           "promoters": (scores >= 9).astype(np.int64)})
    table = counts.groupby("team")[["responses", "promoters"]].sum()
    table = table.reset_index().sort_values(["promoters", "responses", "team"],
                                            ascending=[False, True, True])
    return table.set_index("team")

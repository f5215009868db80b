"""The wall's figures read from running counts: leaderboard, weekly trend, quarter promoters.

Each function gives exactly what its counterpart in core/nps.py gives for a frame of the same
responses (same columns, same types, same floats), at the cost of a few day sums instead of a
pass over every row.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime

import numpy as np
import pandas as pd

from wallboard.core import nps
from wallboard.core.running import RunningCounts
from wallboard.core.teams import Team


def nanos(moment: datetime | pd.Timestamp) -> int:
    """Return a timezone-aware moment as UTC nanoseconds since the epoch."""
    return pd.Timestamp(moment).value


class WindowCounts:
    """Running counts seen as a core.nps Counter for the given teams."""

    def __init__(self, running: RunningCounts, teams: Sequence[Team]) -> None:
        self.running = running
        self.teams = nps.unique_teams(teams)
        self.index = running.index(t.key for t in self.teams)

    def counts(self, end: pd.Timestamp, span: pd.Timedelta) -> np.ndarray:
        """Return (teams, 3) detractor/passive/promoter counts in (end - span, end]."""
        end_ns = nanos(end)
        return self.running.counts(end_ns - span.value + 1, end_ns + 1, self.index)


def leaderboard(running: RunningCounts, teams: Sequence[Team], *, end: datetime, days: int,
                min_responses: int, order: str) -> pd.DataFrame:
    """Return core.nps.leaderboard of the responses held in running."""
    return nps.ranked_board(WindowCounts(running, teams), end=end, days=days,
                            min_responses=min_responses, order=order)


def weekly_trend(running: RunningCounts, teams: Sequence[Team], *, end: datetime, days: int,
                 tz: str = "UTC") -> pd.DataFrame:
    """Return core.nps.weekly_trend of the responses held in running."""
    view = WindowCounts(running, teams)
    first, weeks = nps.trend_weeks(end, days, tz)
    mondays = pd.date_range(first, periods=weeks + 1, freq="7D").tz_localize(
        tz, ambiguous=np.ones(weeks + 1, dtype=bool), nonexistent="shift_forward")
    bounds = mondays.as_unit("ns").asi8
    end_ns = nanos(end)
    low, high = end_ns - pd.Timedelta(days=days).value + 1, end_ns + 1
    counts = np.zeros((len(view.teams), weeks, 3), np.int64)
    for week in range(weeks):
        counts[:, week, :] = running.counts(max(low, int(bounds[week])),
                                            min(high, int(bounds[week + 1])), view.index)
    return nps.trend_frame(view.teams, counts.reshape(-1, 3), first=first, weeks=weeks, tz=tz)


def promoters_by_team(running: RunningCounts, keys: Sequence[str], *, start: datetime,
                      end: datetime) -> dict[str, int]:
    """Count each team's promoters answered at or after start and before end."""
    counts = running.counts(nanos(start), nanos(end), keys)
    return {key: int(count) for key, count in zip(keys, counts[:, 2], strict=True)}


def followup_counts(running: RunningCounts, marks: Iterable[tuple[str, bool, bool]], *,
                    since: datetime, overdue_before: datetime) -> dict[str, tuple[int, int]]:
    """Return per team (unresolved, overdue) detractors answered after since, as
    store.wall_reads.followup_counts does, from the counted detractors and the marks
    (team, resolved, excused) of those that have a follow-up: every detractor is unresolved
    unless resolved, and overdue when answered before overdue_before unless excused
    (contacted, or no longer open)."""
    keys, lo = running.keys(), nanos(since) + 1
    unresolved = running.counts(lo, np.iinfo(np.int64).max, keys)[:, 0]
    overdue = running.counts(lo, nanos(overdue_before), keys)[:, 0]
    out = {key: [int(a), int(b)] for key, a, b in zip(keys, unresolved, overdue, strict=True)
           if a}
    for team, resolved, excused in marks:
        if team in out:
            out[team][0] -= resolved
            out[team][1] -= excused
    return {key: (a, b) for key, (a, b) in out.items()}

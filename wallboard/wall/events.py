"""What a screen celebrates: a new promoter, a team reaching its goal, every 100th promoter."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

import pandas as pd

from wallboard.config import Config
from wallboard.core.privacy import customer_label, redact
from wallboard.wall.snapshot import Event

PROMOTER_MILESTONE = 100


def none_if_nan(value: object) -> float | None:
    """Return value as a float, or None for a missing value (None or NaN)."""
    return None if value is None or pd.isna(value) else float(value)


def text_or_none(value: object) -> str | None:
    """Return value if it is a non-empty string, else None."""
    return value if isinstance(value, str) and value else None


def promoter_event(seq: int, row: object, config: Config) -> Event:
    """Return the celebration of one promoter (a pandas row or a named tuple of a frame)."""
    get = row.get if isinstance(row, pd.Series) else lambda k: getattr(row, k)
    return Event(
        seq=int(seq), key=f"promoter:{int(get('id'))}", kind="promoter",
        team=get("team"), team_name=config.team_name(get("team")),
        score=int(get("score")), employee=text_or_none(get("employee")),
        text=redact(get("comment")),
        customer=customer_label(get("customer_name"), config.wall.customer_names),
        answered_at=get("answered_at").to_pydatetime(),
    )


@dataclass(frozen=True)
class Milestones:
    """Where each team stood at the last snapshot: at its goal, promoters this quarter."""

    at_goal: dict[str, bool]
    quarter_promoters: dict[str, int]


def milestone_events(before: Milestones | None, now: Milestones, *, seq: int,
                     moment: datetime, quarter: datetime, config: Config,
                     stats: pd.DataFrame) -> list[Event]:
    """Return the team milestones reached between two snapshots (none at the first).

    A team reaching its goal is celebrated once a day; the quarter's 100th, 200th ...
    promoter of a team once each.
    """
    if before is None:
        return []
    label = moment.astimezone(ZoneInfo(config.wall.timezone)).strftime("%Y-%m-%d")
    events = []
    for team in stats.index:
        if now.at_goal[team] and not before.at_goal.get(team, False):
            events.append(Event(
                seq=seq, key=f"goal:{team}:{label}", kind="goal", team=team,
                team_name=config.team_name(team), value=none_if_nan(stats.at[team, "nps"]),
                goal=none_if_nan(stats.at[team, "goal"])))
        old, new = before.quarter_promoters.get(team, 0), now.quarter_promoters[team]
        if new // PROMOTER_MILESTONE > old // PROMOTER_MILESTONE:
            count = new // PROMOTER_MILESTONE * PROMOTER_MILESTONE
            events.append(Event(
                seq=seq, key=f"promoters:{team}:{quarter:%Y-%m}:{count}",
                kind="promoters", team=team, team_name=config.team_name(team),
                value=float(count)))
    return events

"""Read what one meeting view shows from the store: a few queries, then pure numbers.

Each function opens one connection and runs one to three queries; the meeting is one or two
people clicking, so there is no cache. Everything returned is plain data for the renderers.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pandas as pd
from sqlalchemy import Engine, distinct, select

from wallboard.config import Config, Team
from wallboard.core.periods import Period, previous_period, resolve_period
from wallboard.core.themes import group_by_theme, themes_for, top_themes
from wallboard.meeting import numbers
from wallboard.meeting.actions import ActionItemView, list_actions
from wallboard.meeting.followups import FollowUpItem, followup_queue, followups_frame
from wallboard.meeting.stars import RISING_MIN_RESPONSES, Stars, rising_stars
from wallboard.meeting.state import MeetingState
from wallboard.store import RESPONSE
from wallboard.store.meeting_reads import responses_between

TREND_WEEKS = 12      # weeks of trend shown at least, ending with the period's last week
TREND_WEEKS_MAX = 27  # a custom range of half a year still fits the width


@dataclass(frozen=True)
class Scope:
    """The chosen period, the one before it, and the teams (None: every team)."""

    period: Period
    previous: Period
    team: Team | None
    teams: tuple[str, ...] | None


@dataclass(frozen=True)
class Overview:
    """The numbers of the overview: headline, change, trend, distribution, staff, themes."""

    scope: Scope
    summary: numbers.Summary
    previous: numbers.Summary
    changes: dict
    progress: float | None
    trend: pd.DataFrame
    distribution: list[int]
    employees: list
    themes: list
    top: list
    comments: dict[int, str]
    stars: Stars | None = None


def known_teams(engine: Engine, config: Config) -> tuple[Team, ...]:
    """Return the configured teams, or (none configured) every team key in the store."""
    if config.teams:
        return config.teams
    with engine.connect() as conn:
        keys = conn.execute(select(distinct(RESPONSE.c.team_key))
                            .order_by(RESPONSE.c.team_key)).scalars().all()
    return tuple(Team.unconfigured(k) for k in keys)


def scope_of(state: MeetingState, config: Config, teams: tuple[Team, ...],
             now: datetime) -> Scope:
    """Resolve the state's period (and the one before) and team; raise PeriodError."""
    tz = config.wall.timezone
    period = resolve_period(state.period, now, tz, state.start, state.end)
    team = next((t for t in teams if t.key == state.team), None)
    return Scope(period, previous_period(period, tz), team, (team.key,) if team else None)


def _split(frame: pd.DataFrame, period: Period) -> pd.DataFrame:
    stamps = frame["answered_at"]
    mask = (stamps >= pd.Timestamp(period.start)) & (stamps < pd.Timestamp(period.end))
    return frame[mask.to_numpy()]


def trend_start(period: Period, tz: str) -> datetime:
    """Return the local Monday midnight the trend starts: TREND_WEEKS whole weeks ending
    with the period's last week, more for a long period (at most TREND_WEEKS_MAX)."""
    zone = ZoneInfo(tz)
    last = (period.end - timedelta(microseconds=1)).astimezone(zone).date()
    monday = last - timedelta(days=last.weekday())
    weeks = min(max(TREND_WEEKS, (period.end - period.start).days // 7 + 2), TREND_WEEKS_MAX)
    first = monday - timedelta(weeks=weeks - 1)
    return datetime.combine(first, time(0), zone).astimezone(UTC)


def period_responses(engine: Engine, scope: Scope) -> pd.DataFrame:
    """Return the responses of the chosen period (one query)."""
    with engine.connect() as conn:
        return responses_between(conn, teams=scope.teams, since=scope.period.start,
                                 until=scope.period.end)


def overview(engine: Engine, config: Config, scope: Scope, language: str) -> Overview:
    """Compute the overview from one query spanning the trend and the previous period."""
    since = min(scope.previous.start, trend_start(scope.period, config.wall.timezone))
    with engine.connect() as conn:
        frame = responses_between(conn, teams=scope.teams, since=since, until=scope.period.end)
    cur, prev = _split(frame, scope.period), _split(frame, scope.previous)
    min_n = config.wall.min_responses
    summary, before = numbers.summarize(cur, min_n), numbers.summarize(prev, min_n)
    progress = None if summary.too_few else numbers.goal_progress_for(summary.nps, scope.team)
    weeks = trend_start(scope.period, config.wall.timezone)
    trend_frame = frame[(frame["answered_at"] >= pd.Timestamp(weeks)).to_numpy()]
    trend = numbers.weekly_counts(trend_frame, config.wall.timezone, start=weeks,
                                  end=scope.period.end)
    comments = cur[cur["comment"].fillna("").str.strip() != ""]
    groups = group_by_theme(comments[["id", "score", "comment", "answered_at"]],
                            themes_for(config.themes), language)
    return Overview(
        scope=scope, summary=summary, previous=before,
        changes=numbers.compare(summary, before), progress=progress, trend=trend,
        distribution=list(numbers.score_distribution(cur)),
        employees=list(numbers.employee_table(cur, prev, min_n)),
        themes=list(groups), top=list(top_themes(groups, n=3)),
        comments={int(i): str(c) for i, c in zip(comments["id"], comments["comment"],
                                                  strict=True)},
        stars=rising_stars(cur, prev, min_responses=max(RISING_MIN_RESPONSES, min_n)),
    )


@dataclass(frozen=True)
class FollowUps:
    """The follow-up queue of the scope and the period's share closed within the SLA."""

    items: list[FollowUpItem]
    sla: numbers.SlaShare
    employees: list[str]


def followups(engine: Engine, config: Config, scope: Scope, now: datetime) -> FollowUps:
    """Read the queue (the period's detractors plus older unresolved ones) and the SLA share."""
    hours = config.followup.sla_hours
    with engine.connect() as conn:
        items = followup_queue(conn, teams=scope.teams, since=scope.period.start,
                               until=scope.period.end, now=now, sla_hours=hours)
        frame = followups_frame(conn, teams=scope.teams, since=scope.period.start,
                                until=scope.period.end)
    share = numbers.sla_share(frame, now=now, sla_hours=hours,
                              target_percent=config.followup.sla_target_percent)
    staff = sorted({i.employee for i in items if i.employee} | {i.owner for i in items
                                                                if i.owner})
    return FollowUps(items, share, staff)


def actions(engine: Engine, config: Config, scope: Scope, now: datetime) -> list[ActionItemView]:
    """Return the team's (or every team's) open actions and those done lately."""
    with engine.connect() as conn:
        return list_actions(conn, team=scope.team.key if scope.team else None, now=now,
                            tz=config.wall.timezone)

"""The wall's recognition reads: the challenge's answers and recorded wins (its one write),
and employees' promoters of all time for their milestones."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.engine import Connection
from sqlalchemy.exc import IntegrityError

from wallboard.core.challenge import Answer, second
from wallboard.store.tables import CHALLENGE_WIN, RESPONSE


def answers_since(conn: Connection, since: datetime) -> list[Answer]:
    """Return every answer given since a moment (this week and last: a few thousand rows)."""
    t = RESPONSE.c
    rows = conn.execute(select(t.team_key, t.score, t.answered_at, t.received_at)
                        .where(t.answered_at >= since)).all()
    return [Answer(team, int(score), answered, received)
            for team, score, answered, received in rows]


def recorded_wins(conn: Connection, week_start: datetime, kind: str) -> dict[str, datetime]:
    """Return team -> reached_at of the wins recorded for this week and kind."""
    c = CHALLENGE_WIN.c
    rows = conn.execute(select(c.team_key, c.reached_at)
                        .where(c.week_start == week_start, c.kind == kind)).all()
    return {team: reached for team, reached in rows}


def record_win(conn: Connection, *, week_start: datetime, kind: str, team: str,
               reached_at: datetime, value: float | None) -> bool:
    """Record a team's win once (another process may have done so); True if this one did."""
    try:
        with conn.begin_nested():
            conn.execute(CHALLENGE_WIN.insert().values(
                week_start=week_start, kind=kind, team_key=team, reached_at=reached_at,
                value=value))
    except IntegrityError:
        return False
    return True


def hall_of_fame(conn: Connection, *, before: datetime, weeks: int) -> list[tuple[datetime, str]]:
    """Return (week_start, team) of the first place of each of the last weeks, newest first.

    Teams that reached the target within the same second share the first place.
    """
    c = CHALLENGE_WIN.c
    rows = conn.execute(select(c.week_start, c.team_key, c.reached_at)
                        .where(c.week_start < before,
                               c.week_start >= before - timedelta(days=7 * weeks + 1))).all()
    by_week: dict[datetime, list[tuple[datetime, str]]] = defaultdict(list)
    for week, team, reached in rows:
        by_week[week].append((second(reached), team))
    out = []
    for week in sorted(by_week, reverse=True)[:weeks]:
        first = min(r for r, _ in by_week[week])
        out.extend((week, team) for r, team in sorted(by_week[week]) if r == first)
    return out


def promoter_counts(conn: Connection, employees: set[str]) -> dict[str, int]:
    """Return each employee's promoters of all time (9s and 10s now stored)."""
    if not employees:
        return {}
    t = RESPONSE.c
    rows = conn.execute(select(t.employee, func.count()).where(
        t.employee.in_(sorted(employees)), t.score >= 9).group_by(t.employee)).all()
    return {name: int(n) for name, n in rows}


def answers_with_ids(conn: Connection, since: datetime) -> list[tuple[int, Answer]]:
    """Return (response id, answer) of every answer given since a moment."""
    t = RESPONSE.c
    rows = conn.execute(select(t.id, t.team_key, t.score, t.answered_at, t.received_at)
                        .where(t.answered_at >= since)).all()
    return [(int(i), Answer(team, int(score), answered, received))
            for i, team, score, answered, received in rows]

"""Follow-ups under test: a fixed week, detractors written hours before a fixed now."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import Engine, select

from tests.support.data import insert_rows, response_row
from wallboard import store
from wallboard.meeting.followups import followup_queue

NOW = datetime(2026, 3, 18, 12, 0, tzinfo=UTC)  # a Wednesday
WEEK = (datetime(2026, 3, 16, tzinfo=UTC), datetime(2026, 3, 23, tzinfo=UTC))
HOUR = 60


def add(engine: Engine, *rows: dict) -> list[int]:
    """Insert rows and return their ids in order."""
    insert_rows(engine, list(rows))
    with engine.connect() as conn:
        ids = dict(conn.execute(select(store.RESPONSE.c.external_id, store.RESPONSE.c.id)).all())
    return [ids[row["external_id"]] for row in rows]


def row(score: int, hours_ago: float, team: str = "support", **kw: object) -> dict:
    return response_row(score, team, minutes_ago=hours_ago * HOUR, now=NOW, **kw)


def queue(engine: Engine, **kw: object) -> list:
    args = {"teams": None, "since": WEEK[0], "until": WEEK[1], "now": NOW, "sla_hours": 48,
            **kw}
    with engine.connect() as conn:
        return followup_queue(conn, **args)

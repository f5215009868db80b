"""Read a period's responses for the meeting view: one query a function."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import datetime

import pandas as pd
from sqlalchemy import select
from sqlalchemy.engine import Connection

from wallboard.store.frames import raw_time, to_frame
from wallboard.store.tables import RESPONSE

PERIOD_COLUMNS = ["id", "source", "external_id", "team", "employee", "score", "comment",
                  "customer_name", "answered_at", "received_at"]


def _period_query(conn: Connection, teams: Sequence[str] | None, since: datetime,
                  until: datetime):  # noqa: ANN202
    t = RESPONSE.c
    query = (select(t.id, t.source, t.external_id, t.team_key, t.employee, t.score, t.comment,
                    t.customer_name, raw_time(conn, t.answered_at),
                    raw_time(conn, t.received_at))
             .where(t.answered_at >= since, t.answered_at < until)
             .order_by(t.answered_at, t.id))
    if teams is not None:
        query = query.where(t.team_key.in_(list(teams)))
    return query


def responses_between(conn: Connection, *, teams: Sequence[str] | None, since: datetime,
                      until: datetime) -> pd.DataFrame:
    """Return the responses answered in [since, until) of teams (None: all), oldest first.

    Columns: PERIOD_COLUMNS; answered_at and received_at are UTC timestamps.
    """
    return to_frame(conn.execute(_period_query(conn, teams, since, until)).all(),
                    PERIOD_COLUMNS)


def responses_in_chunks(conn: Connection, *, teams: Sequence[str] | None, since: datetime,
                        until: datetime, size: int) -> Iterator[pd.DataFrame]:
    """Yield responses_between's rows as frames of at most size rows, oldest first; none
    when the period is empty.

    The rows come from a server-side cursor (PostgreSQL) or SQLite's row-by-row stepping,
    size at a time: memory stays that of one chunk however long the period. The frames
    have responses_between's columns and types.
    """
    result = conn.execution_options(stream_results=True, yield_per=size).execute(
        _period_query(conn, teams, since, until))
    with result:
        for rows in result.partitions(size):
            yield to_frame(rows, PERIOD_COLUMNS)

"""Write responses into a store the way any outside writer would."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta

from sqlalchemy import Engine, insert, text

from wallboard.store import Response

_ids = itertools.count(1)


def response_row(score: int, team: str = "support", *, minutes_ago: float = 1,
                 comment: str = "", employee: str | None = "Anna",
                 customer: str | None = "Maria Jensen", external_id: str | None = None,
                 now: datetime | None = None) -> dict:
    """Return one response row as an outside writer would insert it."""
    now = now or datetime.now(UTC)
    answered = now - timedelta(minutes=minutes_ago)
    return {"source": "test", "external_id": external_id or f"t-{next(_ids)}", "score": score,
            "comment": comment, "team_key": team, "employee": employee,
            "customer_name": customer, "answered_at": answered,
            "received_at": answered + timedelta(seconds=2)}


def insert_rows(engine: Engine, rows: list[dict]) -> None:
    """Insert rows in one transaction."""
    with engine.begin() as conn:
        conn.execute(insert(Response.__table__), rows)


def set_score(engine: Engine, external_id: str, score: int, comment: str | None = None) -> None:
    """Edit a stored response with plain SQL, as a SQL client would."""
    with engine.begin() as conn:
        if comment is None:
            conn.execute(text("UPDATE response SET score = :s WHERE external_id = :e"),
                         {"s": score, "e": external_id})
        else:
            conn.execute(text("UPDATE response SET score = :s, comment = :c "
                              "WHERE external_id = :e"),
                         {"s": score, "c": comment, "e": external_id})

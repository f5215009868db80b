"""The outbox stays bounded: notifications delivered or given up 30 days ago are deleted."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import Engine, insert, select

from tests.support.data import insert_rows, response_row
from wallboard import store
from wallboard.alerts import prune_outbox


def test_done_notifications_older_than_30_days_are_deleted_pending_ones_never(
        engine: Engine) -> None:
    now = datetime.now(UTC)
    insert_rows(engine, [response_row(2, external_id=f"d-{i}") for i in range(6)])
    with engine.connect() as conn:
        ids = list(conn.execute(select(store.RESPONSE.c.id).order_by(store.RESPONSE.c.id))
                   .scalars())
    old, new = now - timedelta(days=31), now - timedelta(days=29)
    rows = [dict(delivered_at=old), dict(failed_at=old), dict(delivered_at=new),
            dict(failed_at=new), dict(), dict(last_error="still trying")]
    with engine.begin() as conn:
        conn.execute(insert(store.NOTIFICATION), [
            {"response_id": rid, "created_at": old, "attempts": 1, "next_attempt_at": old,
             "delivered_at": None, "failed_at": None, "last_error": None, **row}
            for rid, row in zip(ids, rows, strict=True)])
    assert prune_outbox(engine, now=now) == 2
    with engine.connect() as conn:
        left = list(conn.execute(select(store.NOTIFICATION.c.response_id)
                                 .order_by(store.NOTIFICATION.c.response_id)).scalars())
    assert left == ids[2:]
    assert prune_outbox(engine, now=now) == 0

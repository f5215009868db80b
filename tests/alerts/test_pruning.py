"""The outbox stays bounded: notifications delivered or given up 30 days ago are deleted."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import Engine, event, insert, select

from tests.support.alerts import PUBLIC, make_config
from tests.support.data import insert_rows, response_row
from wallboard import store
from wallboard.alerts import Notifier, prune_outbox
from wallboard.app import create_app
from wallboard.wall.snapshot import SnapshotHolder


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


def test_health_reads_the_outbox_from_memory_and_the_due_query_uses_its_index(
        engine: Engine, tmp_path: Path) -> None:
    config = make_config(engine, tmp_path, "http://127.0.0.1:9/hook")
    notifier = Notifier(config, engine, public_url=PUBLIC)
    server = create_app(config, SnapshotHolder(), "test", engine=engine,
                        health_sections={"notifications": notifier.status}).server
    client = server.test_client()
    client.get("/healthz")  # the app's own first-request work, if any
    statements: list[str] = []
    event.listen(engine, "before_cursor_execute",
                 lambda *args: statements.append(args[2]))
    for _ in range(20):
        assert "notifications" in client.get("/healthz").get_json()
    assert statements == []  # no query per hit, let alone an aggregate over the outbox
    if engine.dialect.name == "sqlite":  # PostgreSQL's planner scans a table this small
        with engine.connect() as conn:
            plan = " ".join(str(row) for row in conn.exec_driver_sql(
                "EXPLAIN QUERY PLAN SELECT id FROM notification WHERE delivered_at IS NULL "
                "AND failed_at IS NULL AND next_attempt_at <= '2030' "
                "ORDER BY next_attempt_at, id"))
        assert "ix_notification_open_due" in plan, plan

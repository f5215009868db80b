"""A store restored from an older backup, or replaced, while the wall runs; and the
PostgreSQL change numbers a rolled-back bulk insert leaves behind."""

from __future__ import annotations

import logging
import os
import shutil
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import text

from tests.support.data import insert_rows, response_row
from wallboard import store
from wallboard.config import parse_config
from wallboard.jobs import start_jobs
from wallboard.wall.gaps import Gaps
from wallboard.wall.poller import Poller
from wallboard.wall.snapshot import SnapshotHolder

TEAMS = [{"key": "support", "name": "Customer Support", "baseline": 20, "goal": 40}]


def make_poller(url: str, tmp_path: Path) -> Poller:
    config = parse_config({"store": {"url": url}, "wall": {"min_responses": 1},
                           "teams": TEAMS}, tmp_path / "config.toml")
    return Poller(config, store.open_store(url), SnapshotHolder())


def wait_until(condition: Callable[[], bool], timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "the condition did not come true in time"
        time.sleep(0.05)


def responses(poller: Poller) -> int:
    snapshot = poller.holder.snapshot
    return snapshot.total_responses if snapshot else -1


def celebrated(poller: Poller, external_id: str) -> bool:
    snapshot = poller.holder.snapshot
    with poller.engine.connect() as conn:
        rid = conn.execute(text("SELECT id FROM response WHERE external_id = :e"),
                           {"e": external_id}).scalar()
    return rid is not None and snapshot is not None and any(
        e.key == f"promoter:{rid}" for e in snapshot.events)


@pytest.mark.parametrize("how", ["copied over", "moved in place"])
def test_an_older_copy_put_in_place_is_noticed_and_what_comes_next_is_celebrated(
        tmp_path: Path, how: str, caplog: pytest.LogCaptureFixture) -> None:
    path = tmp_path / "store.db"
    poller = make_poller(f"sqlite:///{path}", tmp_path)
    insert_rows(poller.engine, [response_row(8, external_id=f"old-{i}") for i in range(3)])
    backup = tmp_path / "backup.db"
    shutil.copyfile(path, backup)  # no connection is open: the WAL is checkpointed
    scheduler = start_jobs(poller.poll, 0.1)
    try:
        wait_until(lambda: responses(poller) == 3)
        insert_rows(poller.engine, [response_row(s, external_id=f"later-{i}")
                                    for i, s in enumerate((10, 9, 9, 3, 7))])
        wait_until(lambda: responses(poller) == 8)
        scheduler.pause()  # no poll holds the file while it is put in place
        if how == "copied over":
            shutil.copyfile(backup, path)
        else:
            shutil.copyfile(backup, tmp_path / "incoming.db")
            os.replace(tmp_path / "incoming.db", path)
        with caplog.at_level(logging.WARNING):
            scheduler.resume()
            wait_until(lambda: responses(poller) == 3)  # the store as it is now
            assert "reloading the window" in caplog.text
            insert_rows(poller.engine, [response_row(10, external_id="after-restore")])
            wait_until(lambda: responses(poller) == 4)
            wait_until(lambda: celebrated(poller, "after-restore"))
        assert poller.holder.health.failures == 0
    finally:
        scheduler.shutdown(wait=True)
        poller.engine.dispose()


def test_a_store_replaced_by_another_store_with_more_changes_is_noticed(
        tmp_path: Path) -> None:
    # The newest change number did not go back and change 4 is response 4 in both stores:
    # only the store's identity tells them apart.
    other = make_poller(f"sqlite:///{tmp_path / 'other.db'}", tmp_path)
    insert_rows(other.engine, [response_row(3, external_id=f"o-{i}") for i in range(6)])
    path = tmp_path / "store.db"
    poller = make_poller(f"sqlite:///{path}", tmp_path)
    insert_rows(poller.engine, [response_row(10, external_id=f"mine-{i}") for i in range(4)])
    poller.poll()
    assert poller.holder.snapshot.team("support").promoters == 4
    os.replace(tmp_path / "other.db", path)
    insert_rows(poller.engine, [response_row(9, external_id="next")])
    poller.poll()
    poller.poll()
    team = poller.holder.snapshot.team("support")
    assert (team.responses, team.promoters, team.detractors) == (7, 1, 6)
    assert celebrated(poller, "next")


@pytest.mark.postgres
def test_a_postgres_database_restored_or_replaced_is_noticed(postgres_store_url: str,
                                                           tmp_path: Path) -> None:
    poller = make_poller(postgres_store_url, tmp_path)
    insert_rows(poller.engine, [response_row(8, external_id=f"kept-{i}") for i in range(3)])
    with poller.engine.connect() as conn:
        backup_seq = conn.execute(text("SELECT max(seq) FROM response_change")).scalar()
    insert_rows(poller.engine, [response_row(10, external_id=f"lost-{i}") for i in range(4)])
    poller.poll()
    assert responses(poller) == 7
    # As pg_restore of the backup leaves it: the later rows gone, the sequence back.
    with poller.engine.begin() as conn:
        conn.execute(text("ALTER TABLE response DISABLE TRIGGER response_change_log"))
        conn.execute(text("DELETE FROM response WHERE external_id LIKE 'lost-%'"))
        conn.execute(text("DELETE FROM response_change WHERE seq > :s"), {"s": backup_seq})
        conn.execute(text("SELECT setval(pg_get_serial_sequence('response_change', 'seq'), "
                          ":s)"), {"s": backup_seq})
        conn.execute(text("ALTER TABLE response ENABLE TRIGGER response_change_log"))
    poller.poll()
    assert responses(poller) == 3
    insert_rows(poller.engine, [response_row(9, external_id="after-restore")])
    poller.poll()
    assert responses(poller) == 4 and celebrated(poller, "after-restore")
    # Another database put in its place: another store id.
    with poller.engine.begin() as conn:
        conn.execute(text("UPDATE app_setting SET value = 'another' WHERE key = 'store_id'"))
        conn.execute(text("ALTER TABLE response DISABLE TRIGGER response_change_log"))
        conn.execute(text("UPDATE response SET score = 0"))
        conn.execute(text("ALTER TABLE response ENABLE TRIGGER response_change_log"))
    poller.poll()
    assert poller.holder.snapshot.team("support").detractors == 4
    assert poller.holder.health.failures == 0


@pytest.mark.postgres
def test_a_rolled_back_bulk_insert_on_postgres_does_not_stall_the_wall(
        postgres_store_url: str, tmp_path: Path) -> None:
    poller = make_poller(postgres_store_url, tmp_path)
    insert_rows(poller.engine, [response_row(8, external_id="before")])
    assert poller.poll() is not None
    now = datetime.now(UTC)
    # 70,000 change numbers taken, never committed
    with poller.engine.connect() as conn, conn.begin() as transaction:
        conn.execute(text(
            "INSERT INTO response (source, external_id, score, comment, team_key, "
            "answered_at, received_at) SELECT 'bulk', 'b-' || n, 5, '', 'support', "
            ":now, :now FROM generate_series(1, 70000) AS n"), {"now": now})
        transaction.rollback()
    insert_rows(poller.engine, [response_row(10, external_id="first-after")])
    for _ in range(3):
        poller.poll()
    assert poller.holder.health.failures == 0
    assert celebrated(poller, "first-after")
    insert_rows(poller.engine, [response_row(9, external_id="second-after")])
    for _ in range(2):
        poller.poll()
    assert poller.holder.health.failures == 0
    assert responses(poller) == 3 and celebrated(poller, "second-after")
    assert len(poller.gaps.ranges()) <= 2


def test_gaps_are_a_few_ranges_given_up_after_their_patience() -> None:
    now = [0.0]
    gaps = Gaps(60, max_ranges=3, clock=lambda: now[0])
    gaps.update(10, [11, 70_015, 70_020])
    assert gaps.ranges() == [(12, 70_014), (70_016, 70_019)]
    gaps.update(70_020, [500, 70_017, 70_021])  # late commits inside the gaps
    assert gaps.ranges() == [(12, 499), (501, 70_014), (70_016, 70_016), (70_018, 70_019)][-3:]
    assert gaps.count() == 70_014 - 501 + 1 + 1 + 2
    now[0] = 61
    gaps.update(70_021, [70_030])
    assert gaps.ranges() == [(70_022, 70_029)]  # the old ones were given up

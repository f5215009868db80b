"""The watcher: the poller queues a notification for each new recent detractor, once,
without the network, also after a restart; nothing without notify_url.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import Engine, text

from tests.support.alerts import (
    PUBLIC,
    Receiver,
    closed_port_url,
    make_config,
    outbox,
    response_id,
    started_poller,
)
from tests.support.data import insert_rows, response_row, set_score
from wallboard.alerts import Notifier, watch
from wallboard.alerts.status import delivery_status


@pytest.mark.parametrize(("old", "new", "expected"), [
    (None, 6, True), (None, 0, True), (None, 7, False), (None, 10, False),
    (8, 4, True), (7, 6, True), (6, 3, False), (3, 9, False), (5, None, False),
])
def test_becomes_detractor(old: int | None, new: int | None, expected: bool) -> None:
    assert watch.becomes_detractor(old, new) is expected


def test_notify005_only_new_recent_detractors(engine: Engine, tmp_path: Path,
                                              receiver: Receiver) -> None:
    config = make_config(engine, tmp_path, receiver.url)
    poller = started_poller(config, engine)
    ten_days = 10 * 24 * 60
    insert_rows(engine, [response_row(2, external_id="old", minutes_ago=ten_days),
                         response_row(8, external_id="old-passive", minutes_ago=ten_days),
                         response_row(8, external_id="passive"),
                         response_row(10, external_id="promoter"),
                         response_row(6, external_id="six"),
                         response_row(8, external_id="eight")])
    poller.poll()
    assert [row.response_id for row in outbox(engine)] == [response_id(engine, "six")]

    set_score(engine, "six", 3)       # still the same detractor: not told twice
    set_score(engine, "old-passive", 1)  # answered too long ago
    set_score(engine, "eight", 4)     # edited down into a detractor: told
    poller.poll()
    assert sorted(row.response_id for row in outbox(engine)) == sorted(
        [response_id(engine, "six"), response_id(engine, "eight")])
    assert receiver.bodies == []      # the poll never sends


def test_notify006_a_detractor_corrected_before_delivery_is_not_sent(
        engine: Engine, tmp_path: Path, receiver: Receiver) -> None:
    config = make_config(engine, tmp_path, receiver.url)
    poller = started_poller(config, engine)
    insert_rows(engine, [response_row(4, external_id="typo")])
    poller.poll()
    set_score(engine, "typo", 9)
    assert Notifier(config, engine, public_url=PUBLIC).deliver_due() == 0
    assert receiver.bodies == [] and outbox(engine) == []


def test_notify007_poll_queues_without_network_and_survives_a_broken_outbox(
        engine: Engine, tmp_path: Path) -> None:
    # Nothing listens at notify_url: the poll neither waits for it nor fails.
    config = make_config(engine, tmp_path, closed_port_url())
    poller = started_poller(config, engine)
    with engine.begin() as conn:  # the outbox cannot be written for a while
        conn.execute(text("ALTER TABLE notification RENAME TO notification_away"))
    insert_rows(engine, [response_row(0, external_id="zero")])
    assert poller.poll() is not None  # the wall keeps its numbers
    assert not poller.holder.health.stale
    assert poller.listeners[0].pending == {response_id(engine, "zero")}

    with engine.begin() as conn:  # the outbox is back: the next poll queues it
        conn.execute(text("ALTER TABLE notification_away RENAME TO notification"))
    poller.poll()
    [row] = outbox(engine)
    assert row.response_id == response_id(engine, "zero") and row.attempts == 0
    assert poller.listeners[0].pending == set()


def test_notify008_restart_queues_detractors_that_came_meanwhile(
        engine: Engine, tmp_path: Path, receiver: Receiver) -> None:
    config = make_config(engine, tmp_path, receiver.url)
    insert_rows(engine, [response_row(3, external_id="while-down", minutes_ago=1),
                         response_row(3, external_id="yesterday", minutes_ago=24 * 60)])
    started_poller(config, engine)
    assert [row.response_id for row in outbox(engine)] == [response_id(engine, "while-down")]


def test_notify009_off_without_notify_url(engine: Engine, tmp_path: Path) -> None:
    config = make_config(engine, tmp_path, "")
    poller = started_poller(config, engine)
    insert_rows(engine, [response_row(3)])
    poller.poll()
    assert outbox(engine) == []
    with engine.connect() as conn:
        off = delivery_status(conn, datetime.now(UTC), enabled=False)
    assert off == {"enabled": False, "pending": 0, "delivered": 0, "retrying": 0,
                   "failed": 0, "summarised": 0, "summaries": 0, "last_error": None,
                   "last_error_at": None,
                   "oldest_pending_at": None, "oldest_pending_seconds": None}

"""The outbox on real stores: a due row is claimed by one process only."""

from __future__ import annotations

import threading
from pathlib import Path

from sqlalchemy import Engine

from tests.support.alerts import (
    PUBLIC,
    Clock,
    Receiver,
    make_config,
    outbox,
    started_poller,
    status,
)
from tests.support.data import insert_rows, response_row
from wallboard.alerts import Notifier
from wallboard.alerts import outbox as outbox_rows


def test_notify004_two_processes_notify_once(engine: Engine, tmp_path: Path,
                                             receiver: Receiver) -> None:
    receiver.statuses = []
    config = make_config(engine, tmp_path, receiver.url)
    pollers = [started_poller(config, engine) for _ in range(2)]
    insert_rows(engine, [response_row(1, external_id="one")])
    for poller in pollers:
        poller.poll()
    assert len(outbox(engine)) == 1

    clock = Clock()
    with engine.connect() as conn:  # both read the same due row before either claims it
        seen = [outbox_rows.due(conn, now=clock(), limit=10) for _ in range(2)]
    wins = []
    for rows in seen:
        with engine.begin() as conn:
            wins.append(outbox_rows.claim(conn, notification_id=rows[0].id,
                                     seen_attempts=rows[0].attempts, now=clock()))
    assert wins == [True, False]

    clock.advance(outbox_rows.LEASE.total_seconds())  # the lease ran out: deliver for real
    notifiers = [Notifier(config, engine, public_url=PUBLIC, clock=clock) for _ in range(2)]
    threads = [threading.Thread(target=n.deliver_due) for n in notifiers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(receiver.bodies) == 1
    assert status(engine, clock)["delivered"] == 1

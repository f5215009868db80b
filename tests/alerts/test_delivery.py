"""The delivery job against a real local HTTP receiver: backoff, giving up, refusals and
rate limits, and a running wall that notifies.
"""

from __future__ import annotations

import json
import sqlite3
import time
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path

import pytest
from sqlalchemy import Engine

from tests.support.alerts import (
    PUBLIC,
    Clock,
    Receiver,
    closed_port_url,
    make_config,
    outbox,
    response_id,
    started_poller,
    status,
)
from tests.support.configs import write_config
from tests.support.data import insert_rows, response_row
from wallboard import store
from wallboard.alerts import Notifier, delivery
from wallboard.alerts.send import post_json


@pytest.mark.parametrize(("attempts", "seconds"), [
    (1, 10), (2, 30), (3, 120), (4, 600), (5, 1800), (6, 3600), (7, 3600), (30, 3600)])
def test_retry_delay_grows_to_an_hour(attempts: int, seconds: int) -> None:
    assert delivery.retry_delay(attempts) == timedelta(seconds=seconds)
    assert delivery.retry_delay(attempts, base_seconds=0.1) == timedelta(seconds=seconds / 100)


def test_notify001_retried_until_the_receiver_accepts(engine: Engine, tmp_path: Path,
                                                      receiver: Receiver) -> None:
    config = make_config(engine, tmp_path, receiver.url)
    poller, clock = started_poller(config, engine), Clock()
    notifier = Notifier(config, engine, public_url=PUBLIC, clock=clock)
    insert_rows(engine, [response_row(3, external_id="three", comment="Nobody called back",
                                      customer="Maria Jensen", employee="Anna")])
    poller.poll()
    rid = response_id(engine, "three")

    assert notifier.deliver_due() == 0
    assert len(receiver.bodies) == 1
    assert outbox(engine)[0].attempts == 1
    first = status(engine, clock)
    assert (first["pending"], first["retrying"], first["delivered"]) == (1, 1, 0)
    assert first["last_error"].startswith("attempt 1: HTTP 500")
    assert first["last_error_at"] and first["oldest_pending_at"]

    assert notifier.deliver_due() == 0  # not due again before the backoff
    assert len(receiver.bodies) == 1
    clock.advance(10)
    assert notifier.deliver_due() == 0
    assert len(receiver.bodies) == 2
    clock.advance(29)
    assert notifier.deliver_due() == 0  # the second wait is 30 s
    clock.advance(1)
    assert notifier.deliver_due() == 1

    [row] = outbox(engine)
    assert row.attempts == 3 and row.delivered_at is not None and row.failed_at is None
    assert "attempt 2: HTTP 500" in row.last_error
    final = status(engine, clock)
    assert (final["pending"], final["retrying"], final["delivered"], final["failed"]) == \
        (0, 0, 1, 0)
    assert final["oldest_pending_at"] is None
    body = receiver.bodies[-1]
    assert "Customer Support: 3 out of 10 · Anna · answered" in body["text"]
    assert f"{PUBLIC}/meeting/followups?response={rid}" in body["text"]
    raw = json.dumps(receiver.bodies, ensure_ascii=False)
    assert "Maria" not in raw and "Jensen" not in raw and "Nobody called back" not in raw
    clock.advance(3600)
    assert notifier.deliver_due() == 0 and len(receiver.bodies) == 3  # delivered once


def test_notify002_receiver_down_keeps_retrying_then_gives_up(engine: Engine,
                                                              tmp_path: Path) -> None:
    config = make_config(engine, tmp_path, closed_port_url())
    poller, clock = started_poller(config, engine), Clock()
    notifier = Notifier(config, engine, public_url=PUBLIC, clock=clock,
                        give_up_after=timedelta(minutes=3))
    insert_rows(engine, [response_row(5, employee=None)])
    poller.poll()

    assert notifier.deliver_due() == 0
    down = status(engine, clock)
    assert (down["enabled"], down["pending"], down["retrying"], down["failed"]) == \
        (True, 1, 1, 0)
    assert "cannot connect" in down["last_error"]
    for _ in range(3):  # tries at 0, 2 and 4 minutes; the next would be past 3 minutes
        clock.advance(120)
        notifier.deliver_due()
    gone = status(engine, clock)
    assert (gone["pending"], gone["retrying"], gone["failed"]) == (0, 0, 1)
    assert outbox(engine)[0].failed_at is not None
    assert gone["last_error"].startswith("attempt 3: cannot connect")


def test_notify003_refused_body_is_not_retried_but_rate_limit_is(engine: Engine,
                                                                 tmp_path: Path) -> None:
    server = Receiver([(429, {"Retry-After": "300"}), 404])
    try:
        config = make_config(engine, tmp_path, server.url)
        poller, clock = started_poller(config, engine), Clock()
        notifier = Notifier(config, engine, public_url=PUBLIC, clock=clock)
        insert_rows(engine, [response_row(2)])
        poller.poll()
        notifier.deliver_due()
        clock.advance(299)
        notifier.deliver_due()
        assert len(server.bodies) == 1  # waited as the receiver asked, not 10 s
        clock.advance(1)
        notifier.deliver_due()
        [row] = outbox(engine)
        assert row.attempts == 2 and row.failed_at is not None
        assert "HTTP 404" in row.last_error
        assert status(engine, clock)["failed"] == 1
    finally:
        server.stop()


def test_notify010_running_wall_notifies_a_local_receiver(tmp_path: Path, wall_server,
                                                          receiver: Receiver) -> None:
    receiver.statuses = [500]  # the first attempt fails; the retry 10 s later succeeds
    db = tmp_path / "store.db"
    store.open_store(f"sqlite:///{db}").dispose()
    config = write_config(tmp_path, store_url=f"sqlite:///{db}",
                          extra=f'\n[followup]\nnotify_url = "{receiver.url}"\n')
    server = wall_server(config)
    now = datetime.now(UTC).replace(tzinfo=None).isoformat(sep=" ")
    with sqlite3.connect(db) as conn:
        conn.execute(
            "INSERT INTO response (source, external_id, score, comment, team_key, employee,"
            " customer_name, answered_at, received_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            ("sql", "e2e", 2, "Rude on the phone", "support", "Zofia", "Ewa Nowak", now, now))
    deadline = time.monotonic() + 60
    while len(receiver.bodies) < 2 and time.monotonic() < deadline:
        time.sleep(0.2)
    assert len(receiver.bodies) == 2, server.log.read_text()[-3000:]
    text_ = receiver.bodies[-1]["text"]
    assert "Customer Support: 2 out of 10 · Zofia" in text_
    assert f":{server.port}/meeting/followups?response=" in text_  # hostname and port
    assert "Ewa" not in text_ and "Rude" not in text_
    log = server.log.read_text()
    assert "failed, attempt 1: HTTP 500" in log


def test_notify011_retry_after_as_an_http_date_is_obeyed(engine: Engine,
                                                         tmp_path: Path) -> None:
    """A receiver may name the time to come back (an HTTP date) instead of seconds."""
    clock = Clock()
    back_at = format_datetime(clock.now.replace(microsecond=0) + timedelta(seconds=600),
                              usegmt=True)
    server = Receiver([(503, {"Retry-After": back_at}), 200])
    try:
        config = make_config(engine, tmp_path, server.url)
        poller = started_poller(config, engine)
        notifier = Notifier(config, engine, public_url=PUBLIC, clock=clock)
        insert_rows(engine, [response_row(2)])
        poller.poll()
        notifier.deliver_due()
        [row] = outbox(engine)
        assert row.attempts == 1 and row.delivered_at is None
        clock.advance(590)  # the own backoff (10 s) would have retried long ago
        notifier.deliver_due()
        assert len(server.bodies) == 1
        clock.advance(10)
        notifier.deliver_due()
        assert len(server.bodies) == 2
        assert outbox(engine)[0].delivered_at is not None
    finally:
        server.stop()


@pytest.mark.parametrize(("header", "seconds"), [
    ("120", 120.0),
    ("Wed, 02 Dec 2026 12:05:00 GMT", 300.0),
    ("Wed, 02 Dec 2026 12:05:00 -0000", 300.0),
    ("Wed, 02 Dec 2026 11:00:00 GMT", 0.0),   # a date already past: retry now
    ("-5", 0.0),
    ("soon", None),
    ("Wed, 99 Foo 2026 12:05:00 GMT", None),
])
def test_retry_after_header_from_a_real_receiver(header: str, seconds: float | None) -> None:
    server = Receiver([(429, {"Retry-After": header})])
    try:
        now = datetime(2026, 12, 2, 12, 0, tzinfo=UTC)
        outcome = post_json(server.url, {"text": "x"}, now=now)
        assert not outcome.ok and not outcome.permanent
        assert outcome.retry_after == seconds
    finally:
        server.stop()


def test_a_far_retry_after_date_is_bounded(engine: Engine, tmp_path: Path) -> None:
    clock = Clock()
    far = format_datetime(clock.now + timedelta(days=30), usegmt=True)
    server = Receiver([(429, {"Retry-After": far}), 200])
    try:
        config = make_config(engine, tmp_path, server.url)
        poller = started_poller(config, engine)
        notifier = Notifier(config, engine, public_url=PUBLIC, clock=clock)
        insert_rows(engine, [response_row(2)])
        poller.poll()
        notifier.deliver_due()
        clock.advance(delivery.RETRY_AFTER_MAX_SECONDS + 1)
        notifier.deliver_due()
        assert len(server.bodies) == 2
    finally:
        server.stop()

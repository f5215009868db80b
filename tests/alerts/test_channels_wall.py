"""A running wall with two channels: detractors of two teams and the weekly digest each reach
their own team's receiver only (real server process, real local receivers)."""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from tests.support.alerts import Receiver
from tests.support.configs import write_config
from wallboard import store
from wallboard.core.week_counts import WEEKDAYS

TZ = "Europe/Copenhagen"


@pytest.fixture
def receivers() -> Iterator[tuple[Receiver, Receiver]]:
    own, shared = Receiver([]), Receiver([])
    yield own, shared
    own.stop()
    shared.stop()


def wait_for(condition, seconds: float = 60) -> bool:  # noqa: ANN001
    deadline = time.monotonic() + seconds
    while not condition() and time.monotonic() < deadline:
        time.sleep(0.2)
    return condition()


def test_running_wall_tells_each_team_in_its_own_channel(
        tmp_path: Path, wall_server, receivers: tuple[Receiver, Receiver]) -> None:  # noqa: ANN001
    own, shared = receivers
    db = tmp_path / "store.db"
    store.open_store(f"sqlite:///{db}").dispose()
    today = WEEKDAYS[datetime.now(ZoneInfo(TZ)).weekday()]
    config = write_config(
        tmp_path, store_url=f"sqlite:///{db}", wall={"language": "da", "timezone": TZ},
        teams=[{"key": "support", "name": "Customer Support", "baseline": 20, "goal": 40,
                "notify_url": own.url},
               {"key": "sales", "name": "Sales", "baseline": 10, "goal": 30}],
        extra=(f'\n[followup]\nnotify_url = "{shared.url}"\n'
               f'\n[digest]\nenabled = true\nweekday = "{today}"\ntime = "00:00"\n'))
    server = wall_server(config)
    now = datetime.now(UTC).replace(tzinfo=None).isoformat(sep=" ")
    with sqlite3.connect(db) as conn:
        conn.executemany(
            "INSERT INTO response (source, external_id, score, comment, team_key, employee,"
            " customer_name, answered_at, received_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [("sql", "s1", 2, "Rude", "support", "Zofia", "Ewa Nowak", now, now),
             ("sql", "a1", 4, "Slow", "sales", "Lars", "Ida Lund", now, now)])
    assert wait_for(lambda: len(own.bodies) >= 2 and len(shared.bodies) >= 2), \
        server.log.read_text()[-3000:]
    own_texts = [b["text"] for b in own.bodies]
    shared_texts = [b["text"] for b in shared.bodies]
    assert sum("ugentligt NPS-overblik" in t for t in own_texts) == 1
    assert sum("ugentligt NPS-overblik" in t for t in shared_texts) == 1
    assert sum("Zofia" in t for t in own_texts) == 1
    assert sum("Lars" in t for t in shared_texts) == 1
    assert not any("Sales" in t or "Lars" in t for t in own_texts)
    assert not any("Customer Support" in t or "Zofia" in t for t in shared_texts)
    assert not any("Ewa" in t or "Ida" in t for t in own_texts + shared_texts)

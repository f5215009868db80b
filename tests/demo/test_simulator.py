"""The demo's live stream on real stores: unique ids, also from several threads."""

from __future__ import annotations

import threading
from datetime import timedelta

from sqlalchemy import select

from tests.support.demo import NOW, RESPONSE_KEYS
from wallboard.demo.simulator import DemoSimulator
from wallboard.store import Response, open_store


def test_simulator_inserts_live_responses_with_unique_ids(store_url: str) -> None:
    engine = open_store(store_url)
    simulator = DemoSimulator(engine, seed=3)
    rows = [simulator.step(NOW + timedelta(seconds=n)) for n in range(200)]
    restarted = DemoSimulator(engine, seed=3)  # same seed, same clock: still no clash
    rows += [restarted.step(NOW + timedelta(seconds=n)) for n in range(5)]
    assert all(set(row) == RESPONSE_KEYS | {"id"} for row in rows)
    assert len({r["id"] for r in rows}) == len({r["external_id"] for r in rows}) == len(rows)
    assert {r["source"] for r in rows} == {"demo-live"}
    assert all(r["answered_at"] == r["received_at"] == NOW + timedelta(seconds=n)
               for n, r in enumerate(rows[:200]))
    promoters = sum(r["score"] >= 9 for r in rows) / len(rows)
    assert 0.4 < promoters < 0.7
    assert sum(bool(r["comment"]) for r in rows) / len(rows) > 0.7
    assert len({r["team_key"] for r in rows}) >= 5
    with engine.connect() as conn:
        stored = conn.execute(select(Response.id, Response.score)).all()
    assert sorted(stored) == sorted((r["id"], r["score"]) for r in rows)
    engine.dispose()


def test_simulator_can_be_stepped_from_several_threads(tmp_path) -> None:  # noqa: ANN001
    engine = open_store(f"sqlite:///{tmp_path / 'd.db'}")
    simulator = DemoSimulator(engine)
    rows: list[dict] = []

    def run() -> None:
        rows.extend(simulator.step() for _ in range(20))

    threads = [threading.Thread(target=run) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len({r["external_id"] for r in rows}) == len({r["id"] for r in rows}) == 80
    engine.dispose()

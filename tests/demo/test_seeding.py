"""Seeding the demo store on real stores: complete, idempotent, once under a race, and never
into a store that has responses.
"""

from __future__ import annotations

import threading

from sqlalchemy import func, select

from tests.support.demo import NOW
from wallboard.demo import history as demo_history
from wallboard.demo.simulator import DemoSimulator
from wallboard.store import FollowUp, FollowUpStatus, Response, ResponseChange, open_store


def test_seeding_is_complete_and_idempotent(store_url: str) -> None:
    # How fast seeding is is a figure for benchmarks/demo_seed.py, not a test.
    engine = open_store(store_url)
    inserted = demo_history.seed_demo_store(engine, now=NOW)
    assert inserted == len(demo_history.generate_history(now=NOW))
    assert demo_history.seed_demo_store(engine, now=NOW) == 0
    assert demo_history.seed_demo_store(engine) == 0
    with engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(Response)).scalar_one() == inserted
        changes = conn.execute(select(func.count()).select_from(ResponseChange)).scalar_one()
        assert changes == inserted  # the triggers logged every bulk-inserted row
        scores = conn.execute(select(Response.score).join(
            FollowUp, FollowUp.response_id == Response.id)).scalars().all()
        detractors = conn.execute(select(func.count()).select_from(Response)
                                  .where(Response.score <= 6)).scalar_one()
        statuses = set(conn.execute(select(FollowUp.status)).scalars())
    assert len(scores) == detractors and max(scores) <= 6
    assert statuses == set(FollowUpStatus)
    engine.dispose()


def test_seeding_leaves_a_store_with_responses_alone(store_url: str) -> None:
    engine = open_store(store_url)
    DemoSimulator(engine, seed=1).step(NOW)
    assert demo_history.seed_demo_store(engine, now=NOW) == 0
    with engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(Response)).scalar_one() == 1
    engine.dispose()


def test_processes_racing_to_seed_insert_the_history_once(tmp_path) -> None:  # noqa: ANN001
    url = f"sqlite:///{tmp_path / 'd.db'}"
    engines = [open_store(url) for _ in range(3)]
    results: list[int] = []
    barrier = threading.Barrier(len(engines))

    def seed(engine) -> None:  # noqa: ANN001
        barrier.wait()
        results.append(demo_history.seed_demo_store(engine, now=NOW))

    threads = [threading.Thread(target=seed, args=(e,)) for e in engines]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == [0, 0, len(demo_history.generate_history(now=NOW))]
    for engine in engines:
        engine.dispose()

"""The change log stays bounded: rows older than an hour are deleted, and a poller that
had not read them yet reloads instead of missing them."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from sqlalchemy import func, select

from tests.support.data import insert_rows, response_row, set_score
from wallboard import store
from wallboard.config import parse_config
from wallboard.serve import housekeeping
from wallboard.store.pruning import ChangeLogPruner
from wallboard.wall.poller import Poller
from wallboard.wall.snapshot import SnapshotHolder


class Ticks:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def seqs(engine) -> list[int]:  # noqa: ANN001
    with engine.connect() as conn:
        return list(conn.execute(select(store.CHANGE.c.seq).order_by(store.CHANGE.c.seq))
                    .scalars())


def test_changes_older_than_an_hour_are_deleted_and_a_late_poller_reloads(
        store_url: str, tmp_path: Path) -> None:
    engine = store.open_store(store_url)
    config = parse_config({"store": {"url": store_url}, "wall": {"min_responses": 1},
                           "teams": [{"key": "support", "name": "Support"}]},
                          tmp_path / "c.toml")
    late = Poller(config, engine, SnapshotHolder())
    insert_rows(engine, [response_row(3, external_id=f"a-{i}") for i in range(5)])
    late.poll()  # has read up to change 5, then does not poll for a long time
    ticks = Ticks()
    pruner = ChangeLogPruner(engine, keep=timedelta(hours=1), clock=ticks)
    insert_rows(engine, [response_row(8, external_id=f"b-{i}") for i in range(5)])
    assert pruner.prune() == 0  # notes change 10, deletes nothing yet
    ticks.now += 1800
    for i in range(3):
        set_score(engine, f"a-{i}", 10)  # changes 11..13
    assert pruner.prune() == 0  # half an hour: nothing is an hour old yet
    ticks.now += 1800
    assert pruner.prune() == 9  # below the note of an hour ago (10): 1..9
    assert seqs(engine)[0] == 10 and len(seqs(engine)) == 4
    snapshot = late.poll()  # its change 5 is gone: it reloads, nothing is missed
    team = snapshot.team("support")
    assert (team.responses, team.promoters, team.detractors) == (10, 3, 2)
    ticks.now += 7200
    assert pruner.prune() == 3  # the newest row is always kept
    assert len(seqs(engine)) == 1
    assert late.poll() is None and late.holder.health.failures == 0
    engine.dispose()


def test_a_restored_store_voids_the_pruners_notes(store_url: str) -> None:
    engine = store.open_store(store_url)
    insert_rows(engine, [response_row(9) for _ in range(4)])
    ticks = Ticks()
    pruner = ChangeLogPruner(engine, clock=ticks)
    pruner.prune()
    with engine.begin() as conn:  # as if restored: the change log is shorter now
        conn.execute(store.CHANGE.delete().where(store.CHANGE.c.seq > 2))
    ticks.now += 4000
    assert pruner.prune() == 0
    assert len(seqs(engine)) == 2
    engine.dispose()


def test_the_housekeeping_job_never_raises(tmp_path: Path) -> None:
    path = tmp_path / "store.db"
    engine = store.open_store(f"sqlite:///{path}")
    insert_rows(engine, [response_row(9)])
    job = housekeeping(engine)
    job()
    path.unlink()
    job()  # logged, not raised, and nothing created
    assert not path.exists()
    with store.open_store(f"sqlite:///{path}").connect() as conn:
        assert conn.execute(select(func.count()).select_from(store.CHANGE)).scalar() == 0

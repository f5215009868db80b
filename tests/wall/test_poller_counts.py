"""The poller's running counts against a full recompute from the store, change after change."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pandas as pd
import pytest
from sqlalchemy import text

from tests.support.data import insert_rows, response_row
from wallboard import store
from wallboard.config import Team, parse_config
from wallboard.core import nps
from wallboard.store import FollowUp, wall_reads
from wallboard.wall.figures import team_figures
from wallboard.wall.poller import Poller
from wallboard.wall.snapshot import Snapshot, SnapshotHolder

TEAMS = [{"key": "support", "name": "Support", "baseline": 0, "goal": 30},
         {"key": "sales", "name": "Sales"},
         {"key": "field", "name": "Field", "baseline": -10, "goal": 10}]
STORE_TEAMS = ["support", "sales", "field", "ghost"]  # ghost: in the store, not configured
START = datetime(2026, 3, 25, 9, 30, tzinfo=UTC)  # Copenhagen moves its clocks on the 29th


def full_recompute(poller: Poller, snapshot: Snapshot) -> dict:
    """The numbers as the poller computed them before running counts: every row, again."""
    now, wall = snapshot.built_at, poller.config.wall
    with poller.engine.connect() as conn:
        frame = wall_reads.load_responses(conn, since=poller.horizon(now))
        followups = wall_reads.followup_counts(
            conn, overdue_before=now - timedelta(hours=poller.config.followup.sla_hours),
            since=now - timedelta(days=wall.window_days))
    teams = poller.config.teams or tuple(
        Team.unconfigured(key) for key in sorted(frame["team"].unique()))
    board = nps.leaderboard(frame, teams, end=now, days=wall.window_days,
                            min_responses=wall.min_responses, order=wall.leaderboard_order)
    trend = nps.weekly_trend(frame, teams, end=now, days=wall.window_days, tz=wall.timezone)
    return {"teams": team_figures(board), "trend": trend, "followups": followups,
            "total": int(board["responses"].sum())}


def assert_as_full_recompute(poller: Poller, snapshot: Snapshot) -> None:
    expected = full_recompute(poller, snapshot)
    assert snapshot.teams == expected["teams"]
    pd.testing.assert_frame_equal(snapshot.trend, expected["trend"], check_exact=True)
    assert snapshot.followups == expected["followups"]
    assert snapshot.total_responses == expected["total"]


def change_at_random(engine, rng: random.Random, now: datetime) -> None:  # noqa: ANN001
    """Insert, edit a score, move a team, move in time, delete, or follow up a detractor."""
    with engine.connect() as conn:
        ids = [r[0] for r in conn.execute(text("SELECT id FROM response"))]
    roll = rng.random()
    if roll < 0.45 or not ids:
        insert_rows(engine, [response_row(rng.randrange(11), rng.choice(STORE_TEAMS),
                                          minutes_ago=rng.uniform(-30, 60 * 24 * 75), now=now,
                                          comment=rng.choice(["", "Fine", "Slow"]))
                             for _ in range(rng.randrange(1, 4))])
        return
    target = {"i": rng.choice(ids)}
    with engine.begin() as conn:
        if roll < 0.6:
            conn.execute(text("UPDATE response SET score = :s WHERE id = :i"),
                         target | {"s": rng.randrange(11)})
        elif roll < 0.7:
            conn.execute(text("UPDATE response SET team_key = :t WHERE id = :i"),
                         target | {"t": rng.choice(STORE_TEAMS)})
        elif roll < 0.8:
            answered = now - timedelta(minutes=rng.uniform(0, 60 * 24 * 80))
            conn.execute(store.RESPONSE.update().where(store.RESPONSE.c.id == target["i"])
                         .values(answered_at=answered))
        elif roll < 0.9:
            conn.execute(text("DELETE FROM followup WHERE response_id = :i"), target)
            conn.execute(text("DELETE FROM response WHERE id = :i"), target)
        else:
            status = rng.choice(["open", "contacted", "resolved"])
            conn.execute(text("DELETE FROM followup WHERE response_id = :i"), target)
            conn.execute(FollowUp.__table__.insert(), {
                "response_id": target["i"], "status": status,
                "created_at": now - timedelta(hours=1),
                "contacted_at": None if status == "open" and rng.random() < 0.7 else now})


@pytest.mark.parametrize("configured", [True, False])
def test_snapshots_equal_a_full_recompute_after_every_change(store_url: str, tmp_path: Path,
                                                            configured: bool) -> None:
    rng = random.Random(13 + configured)
    config = parse_config({"store": {"url": store_url},
                           "wall": {"min_responses": 3, "window_days": 30,
                                    "timezone": "Europe/Copenhagen"},
                           "teams": TEAMS if configured else []}, tmp_path / "config.toml")
    clock = [START]
    poller = Poller(config, store.open_store(config.store.url), SnapshotHolder(),
                    clock=lambda: clock[0])
    insert_rows(poller.engine, [response_row(rng.randrange(11), rng.choice(STORE_TEAMS),
                                             minutes_ago=rng.uniform(0, 60 * 24 * 80),
                                             now=START) for _ in range(300)])
    assert_as_full_recompute(poller, poller.poll())
    for _ in range(40):
        change_at_random(poller.engine, rng, clock[0])
        clock[0] += timedelta(hours=rng.choice([0, 0.5, 7, 30]))  # the window slides
        poller.computed_at = poller.followups_at = -float("inf")  # follow-ups read again
        snapshot = poller.poll()
        assert snapshot is not None, poller.holder.health.last_error
        assert_as_full_recompute(poller, snapshot)

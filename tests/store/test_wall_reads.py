"""The wall's reads on real stores."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from tests.support.data import insert_rows, response_row
from wallboard import store
from wallboard.store import wall_reads


def test_recent_comments_picks_the_newest_of_a_team_and_class(store_url: str) -> None:
    engine = store.open_store(store_url)
    insert_rows(engine, [
        response_row(10, comment="old", minutes_ago=30),
        response_row(9, comment="new", minutes_ago=1),
        response_row(9, comment="", minutes_ago=0.5),
        response_row(2, comment="bad", minutes_ago=2),
        response_row(10, team="sales", comment="other team", minutes_ago=1),
    ])
    since = datetime.now(UTC) - timedelta(days=1)
    with engine.connect() as conn:
        promoters = wall_reads.recent_comments(conn, team="support", scores=(9, 10), since=since,
                                          limit=5)
        detractors = wall_reads.recent_comments(conn, team="support", scores=(0, 6), since=since,
                                           limit=5)
        assert wall_reads.team_keys(conn) == ["sales", "support"]
    assert list(promoters["comment"]) == ["new", "old"]
    assert list(detractors["comment"]) == ["bad"]
    engine.dispose()

"""A response stored through the API or a webhook wakes the wall's poller at once."""

from __future__ import annotations

from pathlib import Path

from tests.support.ingest import AUTH, GOOD, TEAMS
from wallboard import store
from wallboard.app import create_app
from wallboard.config import parse_config
from wallboard.wall.snapshot import SnapshotHolder


def test_storing_wakes_the_poller_once_and_a_duplicate_does_not(tmp_path: Path) -> None:
    config = parse_config({"store": {"url": f"sqlite:///{tmp_path / 's.db'}"},
                           "api": {"token": "s3cret"}, "teams": TEAMS},
                          tmp_path / "config.toml")
    engine = store.open_store(config.store.url)
    woken: list[int] = []
    app = create_app(config, SnapshotHolder(), "test", engine=engine,
                     on_stored=lambda: woken.append(1))
    client = app.server.test_client()
    assert client.post("/api/responses", json=[GOOD, {**GOOD, "id": "r2"}],
                       headers=AUTH).status_code == 200
    assert woken == [1]  # once per request, not per item
    assert client.post("/api/responses", json=GOOD, headers=AUTH).status_code == 200
    assert woken == [1]  # a duplicate changes nothing: no wake-up
    assert client.post("/api/responses", json={**GOOD, "score": 3},
                       headers=AUTH).status_code == 200
    assert woken == [1, 1]  # an update does
    hook = {"id": "d1", "score": 9, "team": "support"}
    assert client.post("/api/webhooks/generic", json=hook,
                       headers=AUTH).status_code == 200
    assert woken == [1, 1, 1]
    assert client.post("/api/responses", json={**GOOD, "score": 11},
                       headers=AUTH).status_code == 422
    assert woken == [1, 1, 1]
    engine.dispose()

"""A store that fails while a POST is saved: a JSON 503 with Retry-After, never an HTML 500.

Real failures, no mocks: the SQLite store's folder is removed under the running app, or the
PostgreSQL URL names a database that does not exist.
"""

from __future__ import annotations

import logging
import shutil
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

from tests.support.followups import add, row
from tests.support.ingest import AUTH, GOOD, TEAMS
from wallboard import store
from wallboard.app import create_app
from wallboard.config import parse_config
from wallboard.wall.snapshot import SnapshotHolder

POSTS = [("/api/responses", [GOOD, {**GOOD, "id": "r2"}]),
         ("/api/webhooks/generic", [GOOD]),
         ("/api/webhooks/delighted", {"event_type": "survey_response.created", "event_data": {
             "id": "d1", "score": 9, "person_properties": {"Team": "support"}}}),
         ("/api/webhooks/asknicely", {"question": {"id": "a1", "score": "9"},
                                      "person": {"team": "support"}}),
         ("/api/followups/1", {"status": "contacted"})]


def app_on(url: str, tmp_path: Path, engine=None):  # noqa: ANN001, ANN201
    config = parse_config({"store": {"url": url}, "api": {"token": "s3cret"}, "teams": TEAMS},
                          tmp_path / "config.toml")
    engine = engine or store.make_engine(url)
    return create_app(config, SnapshotHolder(), "test", engine=engine).server.test_client()


def assert_503(http, caplog: pytest.LogCaptureFixture, secrets: tuple[str, ...],  # noqa: ANN001
               trouble: str = "the store cannot be reached") -> None:
    for path, body in POSTS + [("/api/followups/1", None)]:
        caplog.clear()
        if body is None:
            answer = http.get(path, headers=AUTH)
        else:
            answer = http.post(path, json=body, headers=AUTH)
        text = answer.get_data(as_text=True)
        assert answer.status_code == 503 and answer.is_json, (path, answer.status_code, text)
        assert int(answer.headers["Retry-After"]) > 0
        assert answer.get_json()["error"].startswith(f"{trouble};")
        assert not any(secret in text for secret in secrets), text
        assert "Traceback" not in caplog.text and not any(r.exc_info for r in caplog.records)
        assert any(r.levelno == logging.ERROR for r in caplog.records)  # the admin is told


def test_a_vanished_sqlite_store_answers_503(tmp_path: Path,
                                             caplog: pytest.LogCaptureFixture) -> None:
    folder = tmp_path / "store"
    url = f"sqlite:///{folder / 'store.db'}"
    engine = store.open_store(url)
    (rid,) = add(engine, row(3, 1))
    http = app_on(url, tmp_path, engine)
    assert http.get(f"/api/followups/{rid}", headers=AUTH).status_code == 200
    shutil.rmtree(folder)  # the disk under the store is gone
    assert_503(http, caplog, (str(folder), "sqlite3", "OperationalError"),
               trouble="the store file is missing")


@pytest.mark.postgres
def test_a_missing_postgres_database_answers_503(postgres_url: str, tmp_path: Path,
                                                 caplog: pytest.LogCaptureFixture) -> None:
    url = make_url(postgres_url)
    missing = url.set(database=f"{url.database}_does_not_exist")
    http = app_on(missing.render_as_string(hide_password=False), tmp_path)
    assert_503(http, caplog, (url.host or "127.0.0.1", url.username or "wallboard",
                              "does_not_exist", "psycopg"))

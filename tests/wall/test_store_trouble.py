"""Store trouble as visitors and monitors see it: the kind and since when, never internals.

Real stores only: a SQLite file that disappears, PostgreSQL on a closed port, a database
that does not exist, a wrong password; the answers are searched for the host, port, user,
password, file path, SQL and traces.
"""

from __future__ import annotations

import logging
import socket
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy.exc import OperationalError

from tests.support.data import insert_rows, response_row
from wallboard import store
from wallboard.app import create_app
from wallboard.config import Config, parse_config
from wallboard.wall.poller import Poller
from wallboard.wall.snapshot import SnapshotHolder

TEAMS = [{"key": "support", "name": "Customer Support", "baseline": 20, "goal": 40}]
OPEN_PATHS = ("/healthz", "/api/health", "/api/snapshot", "/api/screen", "/api/numbers", "/",
              "/login", "/meeting/")
HTML = {"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"}
NEVER = ("Traceback", "SELECT", "sqlalchemy", "psycopg", "sqlite3", "OperationalError",
         "File \"", "password authentication", "connection to server")


def config_for(url: str, tmp_path: Path) -> Config:
    return parse_config({"store": {"url": url}, "wall": {"min_responses": 1}, "teams": TEAMS},
                        tmp_path / "config.toml")


def answers(server: Flask) -> dict[str, str]:
    client = server.test_client()
    found = {}
    for path in OPEN_PATHS:
        for headers in ({}, HTML):
            reply = client.get(path, headers=headers)
            assert reply.status_code < 500 or reply.status_code == 503, (path, reply.status)
            found[f"{path} {headers}"] = reply.get_data(as_text=True)
    return found


def assert_nothing_internal(found: dict[str, str], secrets: tuple[str, ...]) -> None:
    for where, body in found.items():
        for secret in (*secrets, *NEVER):
            assert secret not in body, f"{secret!r} in {where}: {body[:500]}"


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_a_disappeared_store_file_is_an_error_never_a_new_empty_store(
        tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    path = tmp_path / "secret-folder" / "store.db"
    path.parent.mkdir()
    url = f"sqlite:///{path}"
    engine = store.open_store(url)
    insert_rows(engine, [response_row(10), response_row(3)])
    holder = SnapshotHolder()
    poller = Poller(config_for(url, tmp_path), engine, holder)
    assert poller.poll() is not None
    path.unlink()
    with caplog.at_level(logging.WARNING):
        for _ in range(3):
            assert poller.poll() is None
    assert not path.exists()  # never recreated
    health = holder.health
    assert health.trouble == "missing" and health.last_error == "the store file is missing"
    assert health.failing_since is not None and health.stale
    assert str(path) in caplog.text  # the full error is in the server log
    server = create_app(poller.config, holder, "test", engine=engine).server
    found = answers(server)
    body = server.test_client().get("/healthz").get_json()
    assert body["status"] == "failing" and body["trouble"] == "missing"
    assert body["last_error"] == "the store file is missing" and body["failing_since"]
    assert_nothing_internal(found, ("secret-folder", str(tmp_path)))
    assert not path.exists()


@pytest.mark.postgres
def test_postgres_down_shows_no_host_port_user_or_password(
        postgres_store_url: str, tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    # numbers first from the real store, then every kind of unreachable store
    good = store.open_store(postgres_store_url)
    insert_rows(good, [response_row(10), response_row(9)])
    holder = SnapshotHolder()
    assert Poller(config_for(postgres_store_url, tmp_path), good, holder).poll() is not None
    good.dispose()
    port = closed_port()
    real = postgres_store_url.rsplit("/", 1)[0]  # user, password, host and port that work
    bad_urls = {
        "closed port": (f"postgresql+psycopg://leakuser:leakpass@127.0.0.1:{port}/leakdb",
                        ("leakuser", "leakpass", "127.0.0.1", str(port), "leakdb")),
        "no such database": (f"{real}/leakdb_missing",
                             ("wallboard_ci", "127.0.0.1", "5432", "leakdb_missing")),
        "wrong password": (postgres_store_url.replace("wallboard_ci:wallboard_ci",
                                                      "wallboard_ci:leak-secret-pw"),
                           ("wallboard_ci", "leak-secret-pw", "127.0.0.1", "5432")),
    }
    for name, (url, secrets) in bad_urls.items():
        engine = store.make_engine(url)
        poller = Poller(config_for(url, tmp_path), engine, holder)
        with caplog.at_level(logging.WARNING):
            assert poller.poll() is None, name
        assert holder.health.trouble == "unreachable", name
        assert holder.health.last_error == "the store cannot be reached"
        server = create_app(poller.config, holder, "test", engine=engine).server
        body = server.test_client().get("/healthz").get_json()
        assert body["trouble"] == "unreachable" and body["status"] == "failing", name
        assert_nothing_internal(answers(server), secrets)
        engine.dispose()
    assert "127.0.0.1" in caplog.text  # the log has the full error


def test_classify_names_the_kind_of_trouble(tmp_path: Path) -> None:
    missing = store.make_engine(f"sqlite:///{tmp_path / 'none.db'}")
    with pytest.raises(OperationalError) as caught:
        missing.connect()
    assert isinstance(caught.value.orig, store.StoreFileMissing)
    assert store.classify(caught.value) == store.StoreTrouble(store.Trouble.MISSING)
    assert not (tmp_path / "none.db").exists()
    empty = store.make_engine(f"sqlite:///{tmp_path / 'empty.db'}", create=True)
    with pytest.raises(Exception) as caught, empty.connect() as conn:
        conn.exec_driver_sql("SELECT seq FROM response_change")
    assert store.classify(caught.value).kind == store.Trouble.SCHEMA
    (tmp_path / "dir.db").mkdir()
    folder = store.make_engine(f"sqlite:///{tmp_path / 'dir.db'}")
    with pytest.raises(Exception) as caught, folder.connect() as conn:
        conn.exec_driver_sql("SELECT 1")
    assert store.classify(caught.value).kind == store.Trouble.UNREACHABLE
    assert store.classify(ValueError("x")).kind == store.Trouble.OTHER

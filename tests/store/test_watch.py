"""The store's cheap change watch: SQLite's data_version, PostgreSQL's NOTIFY (rev. 0007)."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from tests.support.data import insert_rows, response_row
from wallboard.store import make_engine, migrate, open_store
from wallboard.store.watch import watch_store


def wait_changed(watch, timeout: float = 10) -> bool:  # noqa: ANN001
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if watch.changed():
            return True
        time.sleep(0.05)
    return False


def test_sqlite_watch_sees_a_commit_by_another_connection(tmp_path: Path) -> None:
    engine = open_store(f"sqlite:///{tmp_path / 'store.db'}")
    watch = watch_store(engine)
    try:
        assert watch.changed() is False  # the first look takes the state
        assert watch.changed() is False
        insert_rows(engine, [response_row(10)])
        assert watch.changed() is True
        assert watch.changed() is False  # told once
    finally:
        watch.close()
        engine.dispose()


@pytest.mark.postgres
def test_postgres_watch_hears_the_change_log_trigger(postgres_url: str) -> None:
    engine = make_engine(postgres_url)
    migrate(engine)
    watch = watch_store(engine)
    try:
        watch.changed()  # starts listening
        assert watch.changed() is False
        insert_rows(engine, [response_row(10), response_row(3)])
        assert wait_changed(watch)
        assert watch.changed() is False  # one transaction, one notification
    finally:
        watch.close()
        engine.dispose()


@pytest.mark.postgres
def test_postgres_watch_without_a_store_says_nothing_and_recovers(postgres_url: str) -> None:
    engine = make_engine(postgres_url.replace("127.0.0.1:5432", "127.0.0.1:1"))
    watch = watch_store(engine)
    try:
        assert watch.changed() is False  # cannot connect: the periodic poll still runs
    finally:
        watch.close()
        engine.dispose()

"""The store's schema on a real SQLite file and a real PostgreSQL: tables, constraints,
triggers, UTC times, migrations from earlier releases.
"""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine, text
from sqlalchemy.exc import IntegrityError

from tests.support.data import insert_rows, response_row, set_score
from wallboard import store
from wallboard.store import wall_reads


def test_schema_is_created_once_and_reopening_is_harmless(store_url: str) -> None:
    first = store.open_store(store_url)
    second = store.open_store(store_url)  # tables and triggers exist: no error, no copies
    insert_rows(second, [response_row(10)])
    with first.connect() as conn:
        assert wall_reads.max_change_seq(conn) == 1
    first.dispose()
    second.dispose()


def test_source_and_external_id_are_unique_together(store_url: str) -> None:
    engine = store.open_store(store_url)
    insert_rows(engine, [response_row(9, external_id="x-1")])
    with pytest.raises(IntegrityError):
        insert_rows(engine, [response_row(3, external_id="x-1")])
    other = response_row(3, external_id="x-1")
    insert_rows(engine, [{**other, "source": "other-tool"}])
    engine.dispose()


@pytest.mark.parametrize("score", [-1, 11])
def test_score_outside_0_to_10_is_refused_by_the_store(store_url: str, score: int) -> None:
    engine = store.open_store(store_url)
    with pytest.raises(IntegrityError):
        insert_rows(engine, [response_row(score)])
    engine.dispose()


def test_triggers_log_inserts_updates_and_deletes_by_any_writer(store_url: str) -> None:
    engine = store.open_store(store_url)
    insert_rows(engine, [response_row(6, external_id="a"), response_row(10, external_id="b")])
    set_score(engine, "a", 10)
    with engine.begin() as conn:
        conn.execute(text("DELETE FROM response WHERE external_id = 'b'"))
    with engine.connect() as conn:
        changes = wall_reads.changes_after(conn, seq=0)
        assert [(old, new) for _, _, old, new in changes] == [
            (None, 6), (None, 10), (6, 10), (10, None)]
        assert [seq for seq, *_ in wall_reads.changes_after(conn, seq=2)] == [3, 4]
        assert [seq for seq, *_ in wall_reads.changes_after(conn, seq=3, also=[(1, 1)])] == [1, 4]
    engine.dispose()


def test_times_are_timezone_aware_utc_both_ways(store_url: str) -> None:
    engine = store.open_store(store_url)
    answered = datetime(2026, 3, 29, 1, 30, tzinfo=UTC)
    row = {**response_row(9, comment="Tak!"), "answered_at": answered.astimezone(
        __import__("zoneinfo").ZoneInfo("Europe/Copenhagen"))}
    insert_rows(engine, [row])
    with engine.connect() as conn:
        frame = wall_reads.responses_by_id(conn, [1])
        loaded = wall_reads.load_responses(conn, since=answered - timedelta(seconds=1))
        none = wall_reads.load_responses(conn, since=answered)
    assert frame.loc[0, "answered_at"] == answered
    assert str(frame["answered_at"].dt.tz) == "UTC"
    assert len(loaded) == 1 and len(none) == 0
    assert frame.loc[0, "comment"] == "Tak!"
    engine.dispose()


DATA = Path(__file__).resolve().parent / "data"


def old_store(engine: Engine, release: str) -> None:
    """Create the schema exactly as release 0.1 or 0.2 made it, with rows in every table."""
    dialect = engine.dialect.name
    script = (DATA / f"store_{release.replace('.', '_')}_{dialect}.sql").read_text()
    raw = engine.raw_connection()
    try:
        if dialect == "sqlite":
            raw.executescript(script)
        else:
            with raw.cursor() as cursor:
                cursor.execute(script)
        raw.commit()
    finally:
        raw.close()
    with engine.begin() as conn:
        conn.execute(text(
            "INSERT INTO response (source, external_id, score, comment, team_key, employee, "
            "customer_name, answered_at, received_at) VALUES ('old', 'o-1', 3, 'Slow', "
            "'support', 'Anna', 'Maria Jensen', '2026-10-01 10:00:00+00', "
            "'2026-10-01 10:00:05+00')"))
        conn.execute(text("INSERT INTO followup (response_id, owner, status, created_at, "
                          "note) VALUES (1, 'Mette', 'contacted', '2026-10-01 10:00:05+00', "
                          "'called')"))
        if release == "0.2":
            conn.execute(text("INSERT INTO app_user (username, password_hash, created_at) "
                              "VALUES ('anna', 'scrypt$x', '2026-10-01 10:00:00+00')"))
            conn.execute(text("INSERT INTO notification (response_id, created_at, attempts, "
                              "next_attempt_at) VALUES (1, '2026-10-01 10:00:06+00', 0, "
                              "'2026-10-01 10:00:06+00')"))


@pytest.mark.parametrize("release", ["0.1", "0.2"])
def test_a_store_made_by_an_earlier_release_migrates_with_every_row(
        empty_store_url: str, release: str) -> None:
    engine = store.make_engine(empty_store_url, create=True)
    old_store(engine, release)
    # Made before migrations: recognised by its tables as the first revision.
    assert store.schema_state(engine) == store.SchemaState("0001", store.head_revision())
    before, after = store.migrate(engine)
    assert (before, after) == ("0001", store.head_revision())
    assert store.migrate(engine) == (store.head_revision(), store.head_revision())
    assert not store.schema_state(engine).behind
    with engine.connect() as conn:
        assert conn.execute(text("SELECT external_id, comment, raw FROM response")).one() == (
            "o-1", "Slow", None)
        assert conn.execute(text("SELECT owner, status, note, updated_by FROM followup")
                            ).one() == ("Mette", "contacted", "called", None)
        users = conn.execute(text("SELECT username FROM app_user")).scalars().all()
        assert users == (["anna"] if release == "0.2" else [])
    with engine.connect() as conn:
        logged = wall_reads.max_change_seq(conn)
    insert_rows(engine, [response_row(10, external_id="new")])  # the triggers still log
    with engine.connect() as conn:
        assert wall_reads.max_change_seq(conn) == logged + 1
    engine.dispose()


def test_an_empty_store_is_created_at_the_newest_revision(empty_store_url: str) -> None:
    engine = store.make_engine(empty_store_url, create=True)
    assert store.schema_state(engine).current is None
    assert store.migrate(engine) == (None, store.head_revision())
    assert store.schema_state(engine) == store.SchemaState(store.head_revision(),
                                                           store.head_revision())
    engine.dispose()


def test_processes_starting_at_once_migrate_once(empty_store_url: str) -> None:
    results: list = []

    def start() -> None:
        engine = store.make_engine(empty_store_url, create=True)
        try:
            results.append(store.migrate(engine))
        finally:
            engine.dispose()

    threads = [threading.Thread(target=start) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    head = store.head_revision()
    assert sorted(results, key=str) == sorted([(None, head)] + [(head, head)] * 3, key=str)


def test_the_migrations_build_exactly_the_declared_tables(empty_store_url: str) -> None:
    # A change to wallboard/store/tables.py without a migration script fails here.
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext
    from sqlmodel import SQLModel

    engine = store.make_engine(empty_store_url, create=True)
    store.migrate(engine)
    with engine.connect() as conn:
        differences = compare_metadata(MigrationContext.configure(conn), SQLModel.metadata)
    engine.dispose()
    assert differences == []

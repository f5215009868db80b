"""The bytes of a SQLite store: an erased customer leaves the files; a backup while writing."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from sqlalchemy import text

from tests.support.data import insert_rows, response_row
from tests.support.privacy import EMAIL, NAME, OTHER_WORDS, PROMOTER_WORDS, WORDS, seed_person
from tests.support.servers import ROOT
from wallboard import store
from wallboard.store.commands import check_store
from wallboard.store.scrub import found_in

EARLIER = "Pierwsza wersja komentarza: Brzęczyszczykiewicz dzwonił trzy razy"


def files_of(db: Path) -> list[Path]:
    return [p for p in (db, Path(f"{db}-wal"), Path(f"{db}-journal")) if p.exists()]


def run_cli(config: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(ROOT / "run_wallboard.py"), *args,
                           "--config", str(config)], capture_output=True, text=True,
                          timeout=120, cwd=config.parent)


def test_a_forgotten_customer_is_not_in_the_sqlite_files_any_more(tmp_path: Path) -> None:
    db = tmp_path / "store.db"
    config = tmp_path / "config.toml"
    config.write_text(f'[store]\nurl = "sqlite:///{db}"\n', encoding="utf-8")
    engine = store.open_store(f"sqlite:///{db}")
    insert_rows(engine, [response_row(i % 11, comment=f"Other customer {i}: {OTHER_WORDS}",
                                      customer=f"Kunde {i}") for i in range(2000)])
    seed_person(engine)
    with engine.begin() as conn:  # an edit leaves the earlier comment in a freed page
        conn.execute(text("UPDATE response SET comment = :c WHERE external_id = 'z-1'"),
                     {"c": EARLIER})
        conn.execute(text("UPDATE response SET comment = :c WHERE external_id = 'z-1'"),
                     {"c": WORDS})
    wanted = [NAME, WORDS, PROMOTER_WORDS, EARLIER, EMAIL]
    assert found_in(files_of(db), wanted)  # the search does find them before
    reader = engine.connect()  # a wall process reading between its polls
    reader.execute(text("SELECT count(*) FROM response")).one()
    reader.commit()

    dry = run_cli(config, "forget", "--customer", NAME, "--dry-run")
    assert dry.returncode == 0 and "would erase for 2 responses" in dry.stdout
    done = run_cli(config, "forget", "--customer", NAME)
    assert done.returncode == 0, done.stderr
    assert "no longer in them" in done.stdout
    assert found_in(files_of(db), wanted) == [EMAIL]  # in a response stored without name
    by_email = run_cli(config, "forget", "--customer", EMAIL)
    assert by_email.returncode == 0, by_email.stderr
    assert "erased for 1 responses" in by_email.stdout
    reader.close()

    assert found_in(files_of(db), wanted) == []
    assert found_in(files_of(db), [OTHER_WORDS]) == [OTHER_WORDS]  # others' words stay
    raw = b"".join(p.read_bytes() for p in files_of(db))
    for word in ("Brzęczyszczykiewicz", "Kwiatuszkowy", "Żółtodziób", "Mikrotikowym"):
        assert word.encode() not in raw
    with engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM response")).scalar_one() == 2005
    engine.dispose()


def test_backup_while_a_writer_writes_is_a_sound_current_copy(
        tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    db = tmp_path / "store.db"
    url = f"sqlite:///{db}"
    engine = store.open_store(url)
    insert_rows(engine, [response_row(i % 11, comment="x" * 200) for i in range(5000)])
    written, stop = [0], threading.Event()
    some_written = threading.Event()

    def writer() -> None:
        while not stop.is_set():
            insert_rows(engine, [response_row(9, comment="during the backup")
                                 for _ in range(20)])
            written[0] += 20
            if written[0] >= 200:
                some_written.set()

    thread = threading.Thread(target=writer)
    thread.start()
    try:
        assert some_written.wait(60)
        from wallboard.store.privacy_commands import backup

        copy = tmp_path / "backups" / "copy.db"
        copy.parent.mkdir()
        started = written[0]
        assert backup(url, copy) == 0
        after = written[0]
    finally:
        stop.set()
        thread.join()
    assert "integrity ok" in capsys.readouterr().out
    assert not Path(f"{copy}-wal").exists() and not Path(f"{copy}.partial").exists()
    connection = sqlite3.connect(copy)
    try:
        assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        count = connection.execute("SELECT count(*) FROM response").fetchone()[0]
        seqs = connection.execute("SELECT count(*) FROM response_change").fetchone()[0]
    finally:
        connection.close()
    assert 5000 + started <= count <= 5000 + after + 20
    assert seqs == count  # one moment: every response with its change-log row
    assert check_store(f"sqlite:///{copy}") == 0
    assert "the newest" in capsys.readouterr().out
    assert backup(url, copy) == 0  # a second backup replaces the first
    assert backup(url, tmp_path / "." / "store.db") == 1  # never over the store itself
    assert "must not replace the store" in capsys.readouterr().err
    assert backup(url, tmp_path / "no such folder" / "copy.db") == 1
    engine.dispose()


def test_a_reader_holding_the_log_is_told_and_a_second_run_cleans(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture) -> None:
    from wallboard.store import scrub
    from wallboard.store.privacy import Person
    from wallboard.store.privacy_commands import forget

    monkeypatch.setattr(scrub, "CHECKPOINT_PATIENCE", 0.5)
    db = tmp_path / "store.db"
    engine = store.open_store(f"sqlite:///{db}")
    seed_person(engine)
    reader = sqlite3.connect(db)  # a reader stuck inside a read transaction
    reader.execute("BEGIN")
    reader.execute("SELECT count(*) FROM response").fetchone()
    try:
        assert forget(f"sqlite:///{db}", Person(customer=NAME)) == 1
        assert "run forget again" in capsys.readouterr().err
    finally:
        reader.rollback()
        reader.close()
    assert forget(f"sqlite:///{db}", Person(customer=NAME)) == 1  # nothing left to match ...
    out, err = capsys.readouterr()
    assert "no longer in them" in out and "nothing erased" in err  # ... but the files are clean
    assert found_in(files_of(db), [NAME, WORDS, PROMOTER_WORDS]) == []
    engine.dispose()

"""`check` only reads: it never creates a store file or folder, nor migrates a store behind."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

from wallboard.store.commands import check_store


def digest(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.iterdir()}


def test_check_creates_no_file_and_no_folder(tmp_path: Path, capsys) -> None:  # noqa: ANN001
    store = tmp_path / "data" / "store.db"
    # A missing store is an error now (only `migrate` and `--demo` create one), and check
    # says so without creating it.
    assert check_store(f"sqlite:///{store}") == 1
    assert "does not exist" in capsys.readouterr().err
    assert not (tmp_path / "data").exists()


def test_check_leaves_a_store_behind_as_it_is(tmp_path: Path, capsys) -> None:  # noqa: ANN001
    store = tmp_path / "store.db"
    with sqlite3.connect(store) as conn:  # an old store: a table of its own, no schema yet
        conn.execute("CREATE TABLE notes (text TEXT)")
        conn.execute("INSERT INTO notes VALUES ('kept')")
    conn.close()
    before = digest(tmp_path)
    assert check_store(f"sqlite:///{store}") == 0
    assert "the next start migrates it" in capsys.readouterr().out
    assert digest(tmp_path) == before  # no new file (journal, WAL), no byte changed
    with sqlite3.connect(store) as conn:
        tables = {name for (name,) in conn.execute("SELECT name FROM sqlite_master")}
    conn.close()
    assert tables == {"notes"}

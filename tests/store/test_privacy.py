"""Personal data in the store: retention keeps the numbers, forget and export-person."""

from __future__ import annotations

import json
from dataclasses import astuple
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import text

from tests.support.data import insert_rows, response_row
from tests.support.privacy import (
    EMAIL,
    NAME,
    OTHER_NAME,
    OTHER_WORDS,
    PROMOTER_WORDS,
    WORDS,
    numbers,
    personal,
    seed_person,
)
from wallboard import store
from wallboard.cli import main
from wallboard.config import parse_config
from wallboard.store.privacy import Person, audit_lines
from wallboard.store.privacy_commands import clear_expired, export_person, forget
from wallboard.wall.poller import Poller
from wallboard.wall.snapshot import SnapshotHolder

TEAMS = [{"key": "support", "name": "Customer Support", "baseline": 20, "goal": 40},
         {"key": "sales", "name": "Sales", "baseline": 0, "goal": 30}]


def figures(url: str, tmp_path: Path) -> tuple:
    """Every number a wall computes over a window reaching back past the retention."""
    config = parse_config({"store": {"url": url},
                           "wall": {"min_responses": 3, "window_days": 1200},
                           "teams": TEAMS}, tmp_path / "config.toml")
    engine = store.make_engine(url)
    snapshot = Poller(config, engine, SnapshotHolder()).poll()
    engine.dispose()
    return tuple(astuple(team) for team in snapshot.teams), snapshot.total_responses


def test_retention_clears_old_personal_data_and_keeps_every_number(
        store_url: str, tmp_path: Path) -> None:
    engine = store.open_store(store_url)
    seed_person(engine, days_ago=800)  # older than keep_personal_days = 730
    insert_rows(engine, [response_row(s, team=t, minutes_ago=60 * 24 * d, comment="Recent",
                                      customer="Ida Holm", external_id=f"n-{i}")
                         for i, (s, t, d) in enumerate([(10, "support", 5), (6, "sales", 40),
                                                        (9, "sales", 700), (8, "support", 2)])])
    before = figures(store_url, tmp_path)
    kept = [numbers(engine, e) for e in ("z-1", "z-2", "h-1", "n-0", "n-2")]

    cleared = clear_expired(engine, 730)

    assert cleared.responses == 5
    assert (cleared.comments, cleared.customer_names, cleared.raw_payloads,
            cleared.followup_notes, cleared.notification_texts) == (5, 4, 4, 2, 2)
    for old in ("z-1", "z-2", "z-3", "h-1", "h-2"):
        assert personal(engine, old)[:3] == ("", None, None)
    assert personal(engine, "z-1")[3:] == ("", None)
    assert personal(engine, "h-1")[3:] == ("", None)
    assert personal(engine, "n-2")[:2] == ("Recent", "Ida Holm")  # 700 days: kept
    assert [numbers(engine, e) for e in ("z-1", "z-2", "h-1", "n-0", "n-2")] == kept
    assert figures(store_url, tmp_path) == before
    with engine.connect() as conn:
        lines = audit_lines(conn)
    assert [(c, r) for _, c, _, r in lines] == [("retention", 5)]
    assert lines[0][2] == ("comment, customer name, raw payload, follow-up note, "
                           "notification text")
    assert clear_expired(engine, 730).responses == 0  # nothing left: nothing written
    with engine.connect() as conn:
        assert len(audit_lines(conn)) == 1
    engine.dispose()


def test_forget_a_customer_by_name_erases_everywhere_and_audits_no_contents(
        store_url: str, capsys: pytest.CaptureFixture) -> None:
    engine = store.open_store(store_url)
    seed_person(engine)
    kept = numbers(engine, "z-1")

    assert forget(store_url, Person(customer=f"  {NAME.lower()} "), dry_run=True) == 0
    assert "would erase for 2 responses: 2 comments, 2 customer names, 2 raw payloads, " \
           "1 follow-up note, 1 notification text" in capsys.readouterr().out
    assert personal(engine, "z-1")[0] == WORDS  # a dry run changes nothing

    assert forget(store_url, Person(customer=NAME)) == 0
    assert "erased for 2 responses" in capsys.readouterr().out
    assert personal(engine, "z-1") == ("", None, None, "", None)
    assert personal(engine, "z-2")[:3] == ("", None, None)
    assert numbers(engine, "z-1") == kept
    assert personal(engine, "h-1")[:2] == (OTHER_WORDS, OTHER_NAME)  # someone else's: kept
    assert personal(engine, "z-3")[0] == "Bardzo dobrze"  # matched by e-mail only, below
    with engine.connect() as conn:
        at, command, data, count = audit_lines(conn)[0]
        dump = " ".join(str(v) for row in conn.execute(text("SELECT * FROM privacy_audit"))
                        for v in row)
    assert (command, count) == ("forget --customer", 2)
    assert data == "comment, customer name, raw payload, follow-up note, notification text"
    assert abs((at - datetime.now(UTC)).total_seconds()) < 600
    assert "Zofia" not in dump and "Kwiatuszkowy" not in dump
    engine.dispose()


def test_forget_by_email_finds_it_in_raw_payloads_and_by_response_id(
        store_url: str, capsys: pytest.CaptureFixture) -> None:
    engine = store.open_store(store_url)
    seed_person(engine)
    assert forget(store_url, Person(customer=EMAIL.upper())) == 0
    for key in ("z-1", "z-2", "z-3"):
        assert personal(engine, key)[:3] == ("", None, None)
    assert personal(engine, "h-1")[0] == OTHER_WORDS
    assert forget(store_url, Person.of_response("test:h-1")) == 0
    assert personal(engine, "h-1") == ("", None, None, "", None)
    assert personal(engine, "h-2")[1] == OTHER_NAME
    capsys.readouterr()
    assert forget(store_url, Person(customer="Nobody Stored")) == 1
    assert "nothing erased" in capsys.readouterr().err
    with engine.connect() as conn:
        assert [(c, r) for _, c, _, r in audit_lines(conn)] == [
            ("forget --customer", 0), ("forget --response", 1), ("forget --customer", 3)]
    engine.dispose()


def test_export_person_gives_everything_stored_about_the_customer(
        store_url: str, tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    engine = store.open_store(store_url)
    seed_person(engine)
    out = tmp_path / "zofia.json"
    assert export_person(store_url, Person(customer=NAME), out=out) == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    assert [r["external_id"] for r in data["responses"]] == ["z-2", "z-1"]
    first = data["responses"][1]
    assert (first["comment"], first["customer_name"], first["score"]) == (WORDS, NAME, 3)
    assert first["raw"][0]["person"]["email"] == EMAIL
    assert data["responses"][0]["comment"] == PROMOTER_WORDS
    (followup,) = data["followups"]
    assert NAME in followup["note"] and followup["history"][0]["change"].startswith("status")
    assert NAME in data["notifications"][0]["last_error"]
    assert OTHER_NAME not in out.read_text(encoding="utf-8")
    assert export_person(store_url, Person.of_response("test:z-3")) == 0
    assert json.loads(capsys.readouterr().out)["responses"][0]["raw"][0]["person"][
        "email"] == EMAIL
    assert export_person(store_url, Person(customer=NAME),
                         out=tmp_path / "no such folder" / "x.json") == 1
    assert "cannot write" in capsys.readouterr().err
    with engine.connect() as conn:
        assert audit_lines(conn)[1][1] == "export-person --response"
    engine.dispose()


def test_commands_refuse_unclear_options_and_backup_of_postgres_points_to_pg_dump(
        store_url: str, tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    config = tmp_path / "config.toml"
    config.write_text(f'[store]\nurl = "{store_url}"\n', encoding="utf-8")
    base = ["--config", str(config)]
    assert main(["forget", *base]) == 2
    assert main(["forget", "--customer", "A", "--response", "s:1", *base]) == 2
    assert main(["export-person", "--response", "no-colon", *base]) == 2
    assert "SOURCE:ID" in capsys.readouterr().err
    assert main(["backup", *base]) == 2
    capsys.readouterr()
    assert main(["backup", str(tmp_path / "copy.db"), *base]) == 1
    err = capsys.readouterr().err
    assert ("pg_dump" if store_url.startswith("postgresql") else "does not exist") in err
    assert not (tmp_path / "copy.db").exists()

"""Two people saving one follow-up: the second, made on an older version, is refused with
the other's values, nothing is written and nothing is silently lost (SQLite, PostgreSQL)."""

from __future__ import annotations

import threading
from datetime import timedelta
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import Engine, select

from tests.support.followups import NOW, add, row
from wallboard.config import parse_config
from wallboard.meeting.followups import (
    FollowUpConflict,
    FollowUpError,
    followup_history,
    get_followup,
    update_followup,
)
from wallboard.meeting.followups_api import register
from wallboard.store import FollowUp

AUTH = {"Authorization": "Bearer s3cret"}


def client(engine: Engine, tmp_path: Path):  # noqa: ANN201
    config = parse_config({"api": {"token": "s3cret"}}, tmp_path / "config.toml")
    server = Flask(__name__)
    register(server, config, engine)
    return server.test_client()


def version_of(engine: Engine, rid: int) -> int:
    with engine.connect() as conn:
        return get_followup(conn, rid, now=NOW).version


def test_each_save_adds_one_to_the_version(engine: Engine) -> None:
    (rid,) = add(engine, row(2, 3))
    assert version_of(engine, rid) == 0  # untouched
    item = update_followup(engine, rid, by="Mette", now=NOW, owner="Mette", version=0)
    assert item.version == 1
    same = update_followup(engine, rid, by="Mette", now=NOW, owner="Mette", version=1)
    assert same.version == 1  # nothing changed, nothing written
    assert update_followup(engine, rid, by="Jonas", now=NOW, status="contacted").version == 2


def test_a_stale_save_is_refused_with_the_other_value(engine: Engine) -> None:
    (rid,) = add(engine, row(2, 3))
    seen = version_of(engine, rid)
    # Mette and Jonas opened the card at the same version; Mette saves first.
    update_followup(engine, rid, by="Mette", now=NOW, note="Ringet, sender ny", version=seen)
    with pytest.raises(FollowUpConflict) as caught:
        update_followup(engine, rid, by="Jonas", now=NOW + timedelta(minutes=1),
                        note="Kunden vil have pengene retur", status="resolved", version=seen)
    current = caught.value.current
    assert (current.note, current.updated_by, current.version) == ("Ringet, sender ny",
                                                                   "Mette", seen + 1)
    assert caught.value.field == "version"
    with engine.connect() as conn:
        item = get_followup(conn, rid, now=NOW)
        history = followup_history(conn, rid)
    assert (item.note, item.status) == ("Ringet, sender ny", "open")
    assert [change for _, _, change in history] == ["note: changed"]
    # Told, Jonas saves again on the version he was shown: now his values win, on purpose.
    again = update_followup(engine, rid, by="Jonas", now=NOW, note="Kunden vil have pengene "
                            "retur", status="resolved", version=current.version)
    assert (again.note, again.status, again.version) == ("Kunden vil have pengene retur",
                                                         "resolved", seen + 2)


def test_a_stale_save_of_the_values_already_there_is_no_conflict(engine: Engine) -> None:
    (rid,) = add(engine, row(2, 3))
    update_followup(engine, rid, by="Mette", now=NOW, status="contacted", version=0)
    item = update_followup(engine, rid, by="Jonas", now=NOW, status="contacted", version=0)
    assert (item.status, item.updated_by, item.version) == ("contacted", "Mette", 1)


@pytest.mark.parametrize("version", [-1, 1.5, "3", True, 2**63])
def test_a_bad_version_is_named(engine: Engine, version: object) -> None:
    (rid,) = add(engine, row(2, 3))
    with pytest.raises(FollowUpError) as caught:
        update_followup(engine, rid, by="Mette", now=NOW, owner="Mette", version=version)
    assert caught.value.field == "version"
    assert not isinstance(caught.value, FollowUpConflict)


def save_at_once(engine: Engine, rid: int, notes: tuple[str, str]) -> list[object]:
    """Save each note from its own thread, both on version 0, released together."""
    barrier = threading.Barrier(len(notes))
    outcomes: list[object] = []

    def save(note: str) -> None:
        barrier.wait()
        try:
            outcomes.append(update_followup(engine, rid, by=note, now=NOW, note=note,
                                            version=0))
        except BaseException as error:  # noqa: BLE001 - conflicts and failures are checked
            outcomes.append(error)

    threads = [threading.Thread(target=save, args=(note,)) for note in notes]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


def test_two_saves_on_one_version_at_once_one_wins_one_is_told(engine: Engine) -> None:
    ids = add(engine, *(row(2, 3) for _ in range(6)))
    for rid in ids:
        outcomes = save_at_once(engine, rid, ("A", "B"))
        conflicts = [o for o in outcomes if isinstance(o, FollowUpConflict)]
        saved = [o for o in outcomes if not isinstance(o, BaseException)]
        assert len(conflicts) == 1 and len(saved) == 1, outcomes
        assert conflicts[0].current.note == saved[0].note
        f = FollowUp.__table__.c
        with engine.connect() as conn:
            note, version = conn.execute(select(f.note, f.version)
                                         .where(f.response_id == rid)).one()
            assert (note, version) == (saved[0].note, 1)
            assert len(followup_history(conn, rid)) == 1


def test_api_answers_409_with_the_current_follow_up(engine: Engine, tmp_path: Path) -> None:
    (rid,) = add(engine, row(3, 5))
    api = client(engine, tmp_path)
    url = f"/api/followups/{rid}"
    read = api.get(url, headers=AUTH).get_json()
    assert read["version"] == 0
    first = api.post(url, json={"owner": "Zofia", "by": "crm", "version": 0}, headers=AUTH)
    assert first.status_code == 200 and first.get_json()["version"] == 1
    stale = api.post(url, json={"owner": "Piotr", "by": "helpdesk", "version": 0},
                     headers=AUTH)
    assert stale.status_code == 409
    body = stale.get_json()
    assert body["field"] == "version" and "nothing was saved" in body["error"]
    assert (body["current"]["owner"], body["current"]["updated_by"],
            body["current"]["version"]) == ("Zofia", "crm", 1)
    assert api.get(url, headers=AUTH).get_json()["owner"] == "Zofia"
    # Without a version the last save wins, as before; a bad version is a 422 by name.
    assert api.post(url, json={"owner": "Piotr"}, headers=AUTH).get_json()["version"] == 2
    bad = api.post(url, json={"owner": "Ola", "version": "two"}, headers=AUTH)
    assert bad.status_code == 422 and bad.get_json()["errors"][0]["field"] == "version"

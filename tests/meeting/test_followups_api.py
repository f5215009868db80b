"""The follow-up API on real stores: the token, changes reported back, errors named."""

from __future__ import annotations

from pathlib import Path

from flask import Flask
from sqlalchemy import Engine

from tests.support.followups import add, row
from wallboard.config import parse_config
from wallboard.meeting.followups import followup_history
from wallboard.meeting.followups_api import register


def client(engine: Engine, tmp_path: Path, token: str = "s3cret"):  # noqa: ANN201
    config = parse_config({"api": {"token": token}, "followup": {"sla_hours": 24}},
                          tmp_path / "config.toml")
    server = Flask(__name__)
    register(server, config, engine)
    return server.test_client()


def test_api_refuses_without_the_right_token(engine: Engine, tmp_path: Path) -> None:
    (rid,) = add(engine, row(3, 1))
    url = f"/api/followups/{rid}"
    body = {"status": "contacted"}
    assert client(engine, tmp_path, token="").post(
        url, json=body, headers={"Authorization": "Bearer "}).status_code == 403
    api = client(engine, tmp_path)
    assert api.post(url, json=body).status_code == 401
    assert api.post(url, json=body, headers={"Authorization": "Bearer wrong"}).status_code == 401
    assert api.get(url).status_code == 401
    with engine.connect() as conn:
        assert followup_history(conn, rid) == []


def test_api_changes_a_followup_and_reports_it(engine: Engine, tmp_path: Path) -> None:
    (rid,) = add(engine, row(3, 30, comment="Zamówienie przyszło uszkodzone 😞"))
    api = client(engine, tmp_path)
    auth = {"Authorization": "Bearer s3cret"}
    answer = api.post(f"/api/followups/{rid}", json={"status": "contacted", "owner": "Zofia"},
                      headers=auth)
    assert answer.status_code == 200
    item = answer.get_json()
    assert (item["status"], item["owner"], item["updated_by"]) == ("contacted", "Zofia", "api")
    assert item["comment"] == "Zamówienie przyszło uszkodzone 😞"
    assert item["overdue"] is False and item["contacted_at"]
    answer = api.post(f"/api/followups/{rid}", json={"status": "resolved", "by": "crm"},
                      headers=auth)
    assert answer.get_json()["resolved_at"]
    shown = api.get(f"/api/followups/{rid}", headers=auth).get_json()
    assert [line["change"] for line in shown["history"]] == [
        "owner: - -> Zofia", "status: open -> contacted", "status: contacted -> resolved"]
    assert shown["history"][-1]["changed_by"] == "crm"


def test_api_errors_name_the_problem(engine: Engine, tmp_path: Path) -> None:
    (rid,) = add(engine, row(3, 1))
    (promoter,) = add(engine, row(10, 1))
    api = client(engine, tmp_path)
    auth = {"Authorization": "Bearer s3cret"}
    answer = api.post("/api/followups/4711", json={"status": "open"}, headers=auth)
    assert answer.status_code == 404 and "4711" in answer.get_json()["error"]
    answer = api.post(f"/api/followups/{rid}", json={"status": "closed"}, headers=auth)
    assert answer.status_code == 422
    assert answer.get_json()["errors"][0]["field"] == "status"
    answer = api.post(f"/api/followups/{rid}", json={"colour": "red"}, headers=auth)
    assert answer.status_code == 422
    assert answer.get_json()["errors"][0]["field"] == "colour"
    answer = api.post(f"/api/followups/{promoter}", json={"status": "open"}, headers=auth)
    assert answer.status_code == 422 and "only detractors" in answer.get_json()["errors"][0][
        "message"]
    answer = api.post(f"/api/followups/{rid}", data="{not json", headers=auth,
                      content_type="application/json")
    assert answer.status_code == 400
    answer = api.post(f"/api/followups/{rid}", json=["status"], headers=auth)
    assert answer.status_code == 400

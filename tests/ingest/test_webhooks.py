"""The survey-tool webhooks (Delighted, AskNicely, generic) on real stores."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

from tests.support.ingest import AUTH, GOOD, count, make_client, rows

DELIGHTED = {
    "event_type": "survey_response.created",
    "event_id": "evt_1",
    "event_data": {
        "id": "74851929", "person": {"id": "5512", "email": "kunde@example.dk",
                                     "name": "Mette Hansen"},
        "survey_type": "nps", "score": 9, "comment": None,
        "permalink": "https://delighted.com/r/74851929", "created_at": 1795435200,
        "updated_at": 1795435200,
        "person_properties": {"Team": "support", "Employee": "Søren"},
        "notes": [], "tags": [], "additional_answers": [],
    },
}


def test_delighted_created_then_updated_with_the_comment(client) -> None:
    http, engine = client
    created = http.post("/api/webhooks/delighted?token=s3cret", json=DELIGHTED)
    assert created.status_code == 200 and created.get_json()["accepted"] == 1
    updated = json.loads(json.dumps(DELIGHTED))
    updated["event_type"] = "survey_response.updated"
    updated["event_data"]["comment"] = "Søren løste det på fem minutter"
    body = http.post("/api/webhooks/delighted?token=s3cret", json=updated).get_json()
    assert body["updated"] == 1
    (row,) = rows(engine)
    assert (row["source"], row["external_id"], row["score"], row["team_key"]) == (
        "delighted", "74851929", 9, "support")
    assert row["employee"] == "Søren" and row["customer_name"] == "Mette Hansen"
    assert row["comment"] == "Søren løste det på fem minutter"
    assert row["answered_at"] == datetime(2026, 11, 23, 12, 0, tzinfo=UTC)
    assert [p["event_type"] for p in json.loads(row["raw"])] == [
        "survey_response.created", "survey_response.updated"]


def test_delighted_other_events_and_surveys_are_acknowledged_and_ignored(client) -> None:
    http, engine = client
    for payload in [{"event_type": "unsubscribe.created", "event_data": {}},
                    {**DELIGHTED, "event_data": {**DELIGHTED["event_data"],
                                                 "survey_type": "csat", "score": 4}}]:
        response = http.post("/api/webhooks/delighted", json=payload, headers=AUTH)
        assert response.status_code == 200
        assert response.get_json()["results"][0]["status"] == "ignored"
    assert count(engine) == 0
    bad = http.post("/api/webhooks/delighted", json={"score": 9}, headers=AUTH)
    assert bad.status_code == 400 and "not a Delighted webhook" in bad.get_json()["error"]


def test_delighted_missing_team_names_the_path(client) -> None:
    http, _ = client
    payload = json.loads(json.dumps(DELIGHTED))
    del payload["event_data"]["person_properties"]["Team"]
    body = http.post("/api/webhooks/delighted", json=payload, headers=AUTH).get_json()
    assert body["errors"] == [{"index": 0, "field": "team", "message":
                               "is required (looked for 'event_data.person_properties.Team' "
                               "in the payload)"}]


ASKNICELY = {
    "count": 1,
    "person": {"id": "163012", "name": "Jan Kowalski", "firstname": "Jan",
               "lastname": "Kowalski", "email": "jan@example.pl", "created": "1795430000",
               "segment": "general", "team": "sales", "employee": "Ewa"},
    "question": {"id": "345094", "score": "10", "comment": "Świetnie!",
                 "sent": "1795431000", "opened": "1795432000", "responded": "1795435200",
                 "segment": "general", "deliverymethod": "email"},
}


def test_asknicely_string_score_and_count_update(client) -> None:
    http, engine = client
    first = http.post("/api/webhooks/asknicely", json=ASKNICELY, headers=AUTH).get_json()
    assert first["accepted"] == 1
    again = json.loads(json.dumps(ASKNICELY))
    again["count"] = 2
    again["question"]["score"] = "7"
    assert http.post("/api/webhooks/asknicely", json=again,
                     headers=AUTH).get_json()["updated"] == 1
    (row,) = rows(engine)
    assert (row["source"], row["external_id"], row["score"], row["team_key"]) == (
        "asknicely", "345094", 7, "sales")
    assert row["employee"] == "Ewa" and row["comment"] == "Świetnie!"


def test_generic_webhook_uses_the_configured_paths(store_url: str, tmp_path: Path) -> None:
    http, engine = make_client(store_url, tmp_path, webhooks={"generic": {
        "id": "response.uuid", "score": "response.answers.0.value",
        "comment": "response.answers.1.value", "team": "hidden.team",
        "employee": "hidden.agent", "customer": "contact.first_name",
        "answered_at": "response.submitted_at"}})
    payload = {"response": {"uuid": "u-1", "submitted_at": "2026-11-23T10:00:00+01:00",
                            "answers": [{"value": 8}, {"value": "Fint"}]},
               "hidden": {"team": "Customer Support", "agent": "Åse"},
               "contact": {"first_name": "Bo", "email": "bo@example.dk"},
               "category": "promoter"}  # ignored: the category follows from the score
    response = http.post("/api/webhooks/generic?source=typeform", json=payload, headers=AUTH)
    assert response.status_code == 200, response.get_json()
    (row,) = rows(engine)
    assert (row["source"], row["external_id"], row["score"], row["team_key"]) == (
        "typeform", "u-1", 8, "support")
    assert row["comment"] == "Fint" and row["customer_name"] == "Bo"
    assert json.loads(row["raw"])[0]["contact"]["email"] == "bo@example.dk"  # audit only
    engine.dispose()


def test_unknown_preset_is_404_and_a_bad_source_400(client) -> None:
    http, engine = client
    assert http.post("/api/webhooks/typeform", json={}, headers=AUTH).status_code == 404
    bad = http.post("/api/webhooks/generic?source=" + "x" * 65, json=GOOD, headers=AUTH)
    assert bad.status_code == 400 and "1 to 64 letters" in bad.get_json()["error"]
    assert count(engine) == 0

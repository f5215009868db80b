"""/api/screens with the token, on SQLite and PostgreSQL: every answer of the contract."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from tests.support.fleet import BUILD, TOKEN, fleet_app, seed_fleet
from wallboard.store.screens import screen_by_name

AUTH = {"Authorization": f"Bearer {TOKEN}"}


@pytest.fixture
def api(tmp_path: Path, store_url: str):
    # A [schedule] of every day 08:00-16:00 in Copenhagen: "dark" is checked against it.
    schedule = ('\n[schedule]\ndays = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]\n'
                'start = "08:00"\nend = "16:00"\n')
    server, engine = fleet_app(tmp_path, store_url, extra=schedule)
    yield server.test_client(), engine
    engine.dispose()


def test_api001_lists_every_named_screen_with_the_contract_fields(api) -> None:
    client, engine = api
    seed_fleet(engine)
    answer = client.get("/api/screens", headers=AUTH)
    assert answer.status_code == 200
    assert answer.headers["Cache-Control"] == "no-store"
    screens = {item["name"]: item for item in answer.get_json()}
    assert list(screens) == ["Canteen", "Reception", "Support floor 2", "Warehouse"]
    canteen, reception = screens["Canteen"], screens["Reception"]
    assert canteen["online"] is True and reception["online"] is False
    assert screens["Warehouse"]["online"] is False and screens["Warehouse"]["last_seen"] is None
    for item in (canteen, reception):
        seen = datetime.fromisoformat(item["last_seen"])
        assert seen.utcoffset().total_seconds() == 0  # ISO 8601 in UTC
    assert canteen["profile"] == {"celebrate": "off", "dark": "clock", "hours": "07:00-16:00",
                                  "lang": "da", "panels": "goals,trend", "rotate": "30",
                                  "sound": "on", "team": "support"}
    assert reception["profile"] == {}
    assert canteen["build"] == BUILD and canteen["current_build"] is True
    assert screens["Support floor 2"]["current_build"] is False
    assert screens["Support floor 2"]["stale"] is True and canteen["stale"] is False
    assert isinstance(canteen["dark"], bool)
    # The hours of a screen count: one always on is never dark, whatever the time.
    client.post("/api/screens/reception/profile", json={"hours": "always"}, headers=AUTH)
    again = {i["name"]: i for i in client.get("/api/screens", headers=AUTH).get_json()}
    assert again["Reception"]["dark"] is False
    # No pairing codes, no device keys: waiting TVs are not screens of the fleet.
    assert all("pairing_code" not in i and "device_hash" not in i for i in screens.values())


def test_api002_reload_is_accepted_for_a_name_in_any_case_and_url_encoded(api) -> None:
    client, engine = api
    seed_fleet(engine)
    before = screen_by_name(engine, "Support floor 2").reload_seq
    answer = client.post("/api/screens/support%20FLOOR%202/reload", headers=AUTH)
    assert answer.status_code == 202
    assert answer.get_json() == {"name": "Support floor 2", "reload": "requested"}
    assert screen_by_name(engine, "Support floor 2").reload_seq == before + 1


def test_api003_profile_is_checked_stored_and_answered(api) -> None:
    client, engine = api
    seed_fleet(engine)
    answer = client.post("/api/screens/CANTEEN/profile", headers=AUTH,
                         json={"team": "Sales", "rotate": 45, "celebrate": False,
                               "lang": "PL", "hours": "always"})
    assert answer.status_code == 202
    stored = {"team": "sales", "rotate": "45", "celebrate": "off", "lang": "pl",
              "hours": "always"}
    assert answer.get_json() == {"name": "Canteen", "profile": stored}
    assert screen_by_name(engine, "canteen").profile == stored
    assert client.post("/api/screens/Canteen/profile", headers=AUTH, json={}).status_code == 202
    assert screen_by_name(engine, "Canteen").profile == {}


@pytest.mark.parametrize(("body", "field"), [
    ({"rotate": "fast"}, "rotate"), ({"rotate": 1}, "rotate"), ({"team": "nobody"}, "team"),
    ({"panels": "goals,weather"}, "panels"), ({"lang": "de"}, "lang"),
    ({"hours": "8-17"}, "hours"), ({"dark": "grey"}, "dark"), ({"sound": "loud"}, "sound"),
    ({"colour": "red"}, "colour"), ({"team": ["support"]}, "team"),
])
def test_api004_a_bad_profile_value_is_refused_naming_the_field(api, body, field) -> None:
    client, engine = api
    seed_fleet(engine)
    answer = client.post("/api/screens/Canteen/profile", headers=AUTH, json=body)
    assert answer.status_code == 400
    payload = answer.get_json()
    assert payload["field"] == field and payload["errors"][0]["field"] == field
    assert payload["error"].startswith(f"{field}: ")
    assert screen_by_name(engine, "Canteen").profile["team"] == "support"  # nothing changed


def test_api004b_every_bad_field_is_named_at_once(api) -> None:
    client, engine = api
    seed_fleet(engine)
    answer = client.post("/api/screens/Canteen/profile", headers=AUTH, json={
        "rotate": "fast", "lang": "pl", "team": "nobody", "sound": ["on"], "dark": "grey"})
    assert answer.status_code == 400
    payload = answer.get_json()
    assert sorted(e["field"] for e in payload["errors"]) == ["dark", "rotate", "sound", "team"]
    assert all(e["message"] for e in payload["errors"])
    assert payload["field"] == payload["errors"][0]["field"]
    for error in payload["errors"]:
        assert f"{error['field']}: {error['message']}" in payload["error"]
    assert screen_by_name(engine, "Canteen").profile["lang"] == "da"  # nothing changed


@pytest.mark.parametrize("data", [b"not json", b"[1, 2]", b'"team"'])
def test_api005_a_body_that_is_no_json_object_is_refused(api, data) -> None:
    client, engine = api
    seed_fleet(engine)
    answer = client.post("/api/screens/Canteen/profile", headers={
        **AUTH, "Content-Type": "application/json"}, data=data)
    assert answer.status_code == 400 and answer.get_json()["field"] == "body"


@pytest.mark.parametrize("path", ["/api/screens/Nowhere/reload", "/api/screens/Nowhere/profile",
                                  "/api/screens/bad%2Fname/reload",
                                  "/api/screens/%3Cscript%3E/reload"])
def test_api006_an_unknown_screen_is_404(api, path) -> None:
    client, engine = api
    seed_fleet(engine)
    answer = client.post(path, headers=AUTH, json={"lang": "da"})
    assert answer.status_code == 404
    assert "no screen is named" in answer.get_json()["error"]


@pytest.mark.parametrize(("method", "path"), [
    ("get", "/api/screens"), ("post", "/api/screens/Canteen/reload"),
    ("post", "/api/screens/Canteen/profile")])
def test_api007_without_the_right_token_401(api, method, path) -> None:
    client, engine = api
    seed_fleet(engine)
    for headers in ({}, {"Authorization": "Bearer wrong-token"}):
        answer = getattr(client, method)(path, headers=headers, json={"lang": "da"})
        assert answer.status_code == 401, headers
    # The token in the URL is refused too: URLs end up in logs.
    assert getattr(client, method)(f"{path}?token={TOKEN}", json={}).status_code == 401
    assert screen_by_name(engine, "Canteen").reload_seq == 0


def test_api008_with_no_token_configured_the_api_is_closed(tmp_path: Path,
                                                           store_url: str) -> None:
    server, engine = fleet_app(tmp_path, store_url, token=False)
    seed_fleet(engine)
    client = server.test_client()
    for method, path in (("get", "/api/screens"), ("post", "/api/screens/Canteen/reload"),
                         ("post", "/api/screens/Canteen/profile")):
        answer = getattr(client, method)(path, headers=AUTH, json={"lang": "da"})
        assert answer.status_code == 403
        assert "set [api] token" in answer.get_json()["error"]
    assert screen_by_name(engine, "Canteen").reload_seq == 0
    engine.dispose()


@pytest.mark.parametrize("path", ["/api/screens/Canteen/reload", "/api/screens/Canteen/profile"])
def test_api009_other_methods_are_405_json_not_the_wall(api, path) -> None:
    client, engine = api
    seed_fleet(engine)
    for method in ("get", "put", "patch", "delete"):
        answer = getattr(client, method)(path, headers=AUTH)
        assert answer.status_code == 405, method
        assert answer.headers["Allow"] == "POST"
        assert "use POST" in answer.get_json()["error"]


def test_api010_a_profile_set_adopts_a_url_named_screen(api) -> None:
    client, engine = api
    seed_fleet(engine)
    assert screen_by_name(engine, "Warehouse").paired_at is None   # met only through its URL
    assert client.post("/api/screens/warehouse/profile", headers=AUTH,
                       json={"lang": "da"}).status_code == 202
    assert screen_by_name(engine, "Warehouse").paired_at is not None

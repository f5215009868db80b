"""A form sent after the sign-in ended: a browser goes to the sign-in page and back to the
page of that form (nothing of the form done); a script still gets 401."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from sqlalchemy import Engine, update

from tests.support.accounts import PAGE, PASSWORD
from tests.support.fleet import fleet_app, form_token_of, seed_fleet, signed_in_client
from wallboard.core.clock import utcnow
from wallboard.store import SESSION
from wallboard.store.screens import screen_by_name

RESEND = {
    "en": "Your sign-in ended before the form was sent, so nothing was changed.",
    "da": "Du blev logget ud, før formularen blev sendt, så intet er ændret.",
    "pl": "Sesja wygasła, zanim formularz został wysłany, więc nic nie zmieniono.",
}


def expire_sessions(engine: Engine) -> None:
    with engine.begin() as conn:
        conn.execute(update(SESSION).values(expires_at=utcnow() - timedelta(seconds=1)))


@pytest.fixture
def fleet(tmp_path: Path, store_url: str):  # noqa: ANN201
    server, engine = fleet_app(tmp_path, store_url)
    seed_fleet(engine)
    yield server, engine
    engine.dispose()


@pytest.mark.parametrize("lang", ["en", "da", "pl"])
def test_a_form_sent_after_the_sign_in_ended_goes_to_sign_in_and_back(fleet, lang: str
                                                                      ) -> None:  # noqa: ANN001
    server, engine = fleet
    client = signed_in_client(server, engine, "ada", "admin")
    page = client.get(f"/fleet/screen/Canteen?lang={lang}", headers=PAGE)
    token = form_token_of(page.get_data(as_text=True))
    before = screen_by_name(engine, "Canteen").profile
    expire_sessions(engine)

    answer = client.post(f"/fleet/screen/Canteen/profile?lang={lang}", headers=PAGE,
                         data={"form_token": token, "p_team": "sales", "p_lang": "pl"})
    assert answer.status_code == 303
    query = parse_qs(urlsplit(answer.location).query)
    assert urlsplit(answer.location).path == "/login"
    assert query == {"next": [f"/fleet/screen/Canteen?lang={lang}"], "lang": [lang],
                     "m": ["resend"]}
    assert screen_by_name(engine, "Canteen").profile == before  # nothing of the form done
    sign_in_page = client.get(answer.location, headers=PAGE)
    assert sign_in_page.status_code == 200
    assert RESEND[lang] in sign_in_page.get_data(as_text=True)

    signed = client.post("/login", headers=PAGE, data={
        "username": "ada", "password": PASSWORD, "next": query["next"][0]})
    assert signed.status_code == 303 and signed.location == f"/fleet/screen/Canteen?lang={lang}"
    assert client.get(signed.location, headers=PAGE).status_code == 200


@pytest.mark.parametrize(("path", "form", "back_to"), [
    ("/fleet/pair", {"code": "ZZ-ZZZ", "name": "Lobby"}, "/fleet"),
    ("/fleet/screen/Canteen/reload", {}, "/fleet"),  # the button on the list
    ("/fleet/screen/Canteen/reload", {"back": "screen"}, "/fleet/screen/Canteen"),
    ("/fleet/screen/Support%20floor%202/identify", {"back": "screen"},
     "/fleet/screen/Support%20floor%202"),
    ("/fleet/screen/Canteen/rename", {"new_name": "Kitchen"}, "/fleet/screen/Canteen"),
    ("/fleet/screen/Canteen/forget", {"confirm": "yes"}, "/fleet/screen/Canteen"),
])
def test_each_fleet_form_comes_back_to_its_page(fleet, path: str, form: dict, back_to: str
                                                ) -> None:  # noqa: ANN001
    server, engine = fleet
    client = signed_in_client(server, engine, "ada", "admin")
    token = form_token_of(client.get("/fleet", headers=PAGE).get_data(as_text=True))
    expire_sessions(engine)
    answer = client.post(path, headers=PAGE, data={"form_token": token, **form})
    assert answer.status_code == 303
    assert parse_qs(urlsplit(answer.location).query) == {"next": [back_to], "m": ["resend"]}
    assert screen_by_name(engine, "Canteen") is not None  # not forgotten, not renamed
    assert screen_by_name(engine, "Lobby") is None


def test_a_form_without_any_sign_in_goes_to_sign_in_too(fleet) -> None:  # noqa: ANN001
    server, _ = fleet
    answer = server.test_client().post("/fleet/pair", headers=PAGE,
                                       data={"code": "ZZ-ZZZ", "name": "Lobby"})
    assert answer.status_code == 303 and answer.location.startswith("/login?next=%2Ffleet&")


@pytest.mark.parametrize("headers", [{}, {"Accept": "*/*"}, {"Accept": "application/json"}])
def test_scripts_still_get_401(fleet, headers: dict) -> None:  # noqa: ANN001
    server, engine = fleet
    client = signed_in_client(server, engine, "ada", "admin")
    expire_sessions(engine)
    answer = client.post("/fleet/screen/Canteen/reload", headers=headers, data={"back": "x"})
    assert answer.status_code == 401 and answer.get_json() == {"error": "sign in first"}
    # A page's script posting JSON (Dash callbacks) is no form: 401 even when it takes HTML.
    answer = client.post("/meeting/_dash-update-component", headers=PAGE, json={})
    assert answer.status_code == 401 and answer.get_json() == {"error": "sign in first"}

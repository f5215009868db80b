"""The fleet page's forms through the real app, on SQLite and PostgreSQL: every change, every
error next to its field, and nothing the admin typed lost."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest

from tests.support.accounts import PAGE
from tests.support.fleet import (
    fleet_app,
    form_token_of,
    seed_fleet,
    signed_in_client,
    waiting_codes,
)
from wallboard.store.screens import screen_by_name

ORIGIN = {"Origin": "http://localhost", **PAGE}


class Admin:
    """A signed-in admin's browser without script: GETs pages, POSTs their forms."""

    def __init__(self, client) -> None:
        self.client = client
        self.token = form_token_of(client.get("/fleet", headers=PAGE).get_data(as_text=True))

    def post(self, path: str, **form: object):
        return self.client.post(path, data={"form_token": self.token, **form}, headers=ORIGIN)


@pytest.fixture
def admin(tmp_path: Path, store_url: str):
    server, engine = fleet_app(tmp_path, store_url)
    seed_fleet(engine)
    yield Admin(signed_in_client(server, engine, "ada", "admin")), engine
    engine.dispose()


def field_error(page: str, field: str) -> str:
    """The error shown under a field (its id is FIELD-error), unescaped."""
    found = re.search(rf'<p class="field-error" id="{field}-error">(.*?)</p>', page, re.S)
    assert found, f"no error under {field}"
    return html.unescape(found.group(1))


def value_of(page: str, field_id: str) -> str:
    found = re.search(rf'<input [^>]*id="{field_id}"[^>]*\svalue="([^"]*)"', page)
    assert found, field_id
    return html.unescape(found.group(1))


PROFILE = {"p_team": "sales", "p_panels": ["leaderboard", "challenge"], "p_lang": "pl",
           "p_rotate": "15", "p_celebrate": "on", "p_sound": "off", "p_overdue": "",
           "p_hours": "custom", "p_hours_custom": "06:30-14:00", "p_dark": "black"}


def test_form001_pair_a_waiting_tv_by_its_code(admin) -> None:
    browser, engine = admin
    code = waiting_codes(engine)[0]
    typed = code.lower().replace("-", " ")  # as read off the TV, typed in a hurry
    answer = browser.post("/fleet/pair?lang=en", code=typed, name="  Kitchen   TV ", **PROFILE)
    assert answer.status_code == 303
    assert answer.location == "/fleet?lang=en&done=paired&screen=Kitchen+TV"
    row = screen_by_name(engine, "kitchen tv")
    assert row.name == "Kitchen TV" and row.pairing_code is None
    assert row.profile == {"team": "sales", "panels": "leaderboard,challenge", "lang": "pl",
                           "rotate": "15", "celebrate": "on", "sound": "off",
                           "hours": "06:30-14:00", "dark": "black"}
    assert code not in waiting_codes(engine)
    page = browser.client.get(answer.location, headers=PAGE).get_data(as_text=True)
    assert "Kitchen TV is paired: the TV shows it within a few seconds." in page
    assert 'data-screen="Kitchen TV"' in page


@pytest.mark.parametrize(("form", "field", "message"), [
    ({"code": "ZZ-ZZZ", "name": "Kitchen"}, "code",
     "No TV is waiting with the code ZZ-ZZZ. Check the code on the TV."),
    ({"code": "K1-0OI", "name": "Kitchen"}, "code",
     "A code has five letters and digits, such as K7-42Q."),
    ({"code": "", "name": "Kitchen"}, "code", "Type the code the TV shows."),
    ({"name": "canteen"}, "name", "Another screen is already called Canteen."),
    ({"name": "Can/teen"}, "name", "Use 1 to 40 letters, digits, spaces, '-', '_' or '.'."),
    ({"name": "x" * 41}, "name", "Use 1 to 40 letters, digits, spaces, '-', '_' or '.'."),
    ({"name": "Kitchen", "p_hours_custom": "8-17"}, "hours",
     "Write the hours as HH:MM-HH:MM, for example 08:00-17:00."),
    ({"name": "Kitchen", "p_hours_custom": ""}, "hours",
     "Write the hours as HH:MM-HH:MM, for example 08:00-17:00."),
    ({"name": "Kitchen", "p_rotate": "fast"}, "rotate", "Seconds per panel: a number from 3 to "
                                                        "3,600."),
    ({"name": "Kitchen", "p_team": "nobody"}, "team", "This wall has no such team."),
    ({"name": "Kitchen", "p_dark": "grey"}, "dark", "This value is not one of the choices."),
])
def test_form002_every_error_is_named_next_to_its_field_and_nothing_typed_is_lost(
        admin, form, field, message) -> None:
    browser, engine = admin
    sent = {**PROFILE, "code": waiting_codes(engine)[0], **form}
    answer = browser.post("/fleet/pair?lang=en", **sent)
    assert answer.status_code == 400
    page = answer.get_data(as_text=True)
    assert field_error(page, field) == message
    assert "Nothing was saved: see the marked fields." in page
    assert f'aria-describedby="{field}-error"' in page
    assert value_of(page, "name") == " ".join(sent["name"].split())[:80]
    assert value_of(page, "code") == sent["code"].upper()
    assert value_of(page, "hours_custom") == sent["p_hours_custom"]
    assert re.search(r'value="challenge"\s+checked', page)  # the ticked panels stay ticked
    assert re.search(r'<option value="pl" selected>', page)
    assert len(waiting_codes(engine)) == 2  # nobody was paired


@pytest.mark.parametrize("lang", ["en", "pl"])
def test_form002b_every_bad_field_is_marked_at_once(admin, lang: str) -> None:
    browser, engine = admin
    bad = {"p_rotate": "fast", "p_team": "nobody", "p_hours_custom": "8-17", "p_dark": "grey"}
    answer = browser.post(f"/fleet/pair?lang={lang}", **{
        **PROFILE, "code": waiting_codes(engine)[0], "name": "canteen", **bad})
    assert answer.status_code == 400
    page = answer.get_data(as_text=True)
    marked = re.findall(r'<p class="field-error" id="([a-z_]+)-error">', page)
    assert sorted(marked) == ["dark", "hours", "name", "rotate", "team"]
    if lang == "en":
        assert field_error(page, "rotate") == "Seconds per panel: a number from 3 to 3,600."
        assert field_error(page, "team") == "This wall has no such team."
        assert field_error(page, "hours") == ("Write the hours as HH:MM-HH:MM, for example "
                                              "08:00-17:00.")
        assert field_error(page, "name") == "Another screen is already called Canteen."
    for field in ("rotate", "team", "hours", "dark"):
        assert f'aria-describedby="{field}-error"' in page
    assert len(waiting_codes(engine)) == 2  # nobody was paired

    answer = browser.post(f"/fleet/screen/Reception/profile?lang={lang}",
                          **{**PROFILE, "p_rotate": "1", "p_team": "nobody", "p_dark": "grey"})
    assert answer.status_code == 400
    page = answer.get_data(as_text=True)
    marked = re.findall(r'<p class="field-error" id="([a-z_]+)-error">', page)
    assert sorted(marked) == ["dark", "rotate", "team"]
    assert screen_by_name(engine, "Reception").profile == {}  # nothing saved


def test_form003_errors_speak_the_page_language(admin) -> None:
    browser, engine = admin
    answer = browser.post("/fleet/pair?lang=da", code="ZZ-ZZZ", name="canteen")
    page = answer.get_data(as_text=True)
    assert field_error(page, "name") == "En anden skærm hedder allerede Canteen."
    answer = browser.post("/fleet/pair?lang=pl", code="ZZ-ZZZ", name="Kuchnia")
    assert field_error(answer.get_data(as_text=True), "code") == (
        "Żaden telewizor nie czeka z kodem ZZ-ZZZ. Sprawdź kod na telewizorze.")


def test_form004_rename_change_reload_identify(admin) -> None:
    browser, engine = admin
    answer = browser.post("/fleet/screen/Canteen/rename?lang=en", new_name="reception")
    assert answer.status_code == 400
    page = answer.get_data(as_text=True)
    assert field_error(page, "new_name") == "Another screen is already called Reception."
    assert value_of(page, "new_name") == "reception"
    answer = browser.post("/fleet/screen/Canteen/rename?lang=en", new_name="CANTEEN")
    assert answer.status_code == 303  # a change of case only is allowed
    answer = browser.post("/fleet/screen/canteen/rename?lang=en", new_name="Canteen 1st floor")
    assert answer.status_code == 303
    assert answer.location.startswith("/fleet/screen/Canteen%201st%20floor?")
    assert screen_by_name(engine, "Canteen") is None
    row = screen_by_name(engine, "canteen 1ST floor")
    assert row.profile["team"] == "support"  # what it shows goes with it

    answer = browser.post("/fleet/screen/Canteen%201st%20floor/profile?lang=en",
                          **{**PROFILE, "p_rotate": "2"})
    assert answer.status_code == 400
    page = answer.get_data(as_text=True)
    assert field_error(page, "rotate") == "Seconds per panel: a number from 3 to 3,600."
    assert value_of(page, "rotate") == "2"
    assert screen_by_name(engine, "Canteen 1st floor").profile["team"] == "support"
    answer = browser.post("/fleet/screen/Canteen%201st%20floor/profile?lang=en",
                          **{**PROFILE, "p_hours": "always"})
    assert answer.status_code == 303
    assert screen_by_name(engine, "Canteen 1st floor").profile["hours"] == "always"

    before = screen_by_name(engine, "Reception")
    assert browser.post("/fleet/screen/Reception/reload").status_code == 303
    assert browser.post("/fleet/screen/reception/identify").status_code == 303
    after = screen_by_name(engine, "Reception")
    assert after.reload_seq == before.reload_seq + 1
    assert after.identify_until is not None and after.changed_seq > before.changed_seq


def test_form005_forget_asks_first(admin) -> None:
    browser, engine = admin
    page = browser.client.get("/fleet/screen/Warehouse/forget?lang=en", headers=PAGE)
    assert page.status_code == 200 and "Forget Warehouse?" in page.get_data(as_text=True)
    answer = browser.post("/fleet/screen/Warehouse/forget?lang=en")  # no confirmation
    assert answer.status_code == 200 and screen_by_name(engine, "Warehouse") is not None
    answer = browser.post("/fleet/screen/Warehouse/forget?lang=en", confirm="yes")
    assert answer.status_code == 303 and screen_by_name(engine, "Warehouse") is None
    page = browser.client.get(answer.location, headers=PAGE).get_data(as_text=True)
    assert "Warehouse is forgotten." in page


@pytest.mark.parametrize("action", ["reload", "identify", "rename", "profile", "forget"])
def test_form006_an_unknown_screen_is_said_plainly(admin, action) -> None:
    browser, _ = admin
    answer = browser.post(f"/fleet/screen/Nowhere/{action}?lang=en", new_name="X",
                          confirm="yes")
    assert answer.status_code == 404
    assert ("No screen is called Nowhere (it may have been forgotten)."
            in answer.get_data(as_text=True))
    assert browser.client.get("/fleet/screen/Nowhere", headers=PAGE).status_code == 404


def test_form007_the_live_part_and_the_screen_page(admin) -> None:
    browser, _ = admin
    live = browser.client.get("/fleet/live?lang=pl", headers=PAGE)
    assert live.status_code == 200 and "<html" not in live.get_data(as_text=True)
    assert "4 ekrany" in live.get_data(as_text=True)
    page = browser.client.get("/fleet/screen/support%20floor%202?lang=da", headers=PAGE)
    text = page.get_data(as_text=True)
    assert page.status_code == 200 and "Skærm Support floor 2" in text
    assert "gammel version" in text and "forældet: viser gamle tal" in text
    assert re.search(r'<option value="sales" selected>', text)
    assert browser.client.get("/fleet/fleet.js").headers["Content-Type"].startswith(
        "text/javascript")


def test_form008_a_name_too_long_ignoring_case_is_a_field_error(admin) -> None:
    browser, engine = admin
    for name in ("ß" * 21, "\ufb03" * 14):       # 21 and 14 characters, 42 ignoring case
        answer = browser.post("/fleet/pair?lang=en", **{**PROFILE, "code": waiting_codes(
            engine)[0], "name": name})
        assert answer.status_code == 400
        assert field_error(answer.get_data(as_text=True), "name").startswith("Use 1 to 40")
        answer = browser.post("/fleet/screen/Canteen/rename?lang=en", new_name=name)
        assert answer.status_code == 400
        assert field_error(answer.get_data(as_text=True), "new_name")
    assert len(waiting_codes(engine)) == 2 and screen_by_name(engine, "Canteen") is not None


def test_form009_screens_met_only_through_their_url_are_marked_new(admin) -> None:
    browser, engine = admin
    live = browser.client.get("/fleet/live?lang=da", headers=PAGE).get_data(as_text=True)
    cards = dict(re.findall(r'data-screen="([^"]+)"(.*?)</li>', live, re.S))
    marked = {name for name, body in cards.items() if "data-new" in body}
    assert marked == {"Reception", "Warehouse"}   # URL-named, not adopted
    assert ">ny</span>" in cards["Warehouse"]
    assert browser.post("/fleet/screen/Warehouse/profile?lang=en",
                        **{**PROFILE, "p_hours": "always"}).status_code == 303
    live = browser.client.get("/fleet/live?lang=en", headers=PAGE).get_data(as_text=True)
    cards = dict(re.findall(r'data-screen="([^"]+)"(.*?)</li>', live, re.S))
    assert "data-new" not in cards["Warehouse"] and "data-new" in cards["Reception"]

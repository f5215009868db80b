"""Roles: admins and team leads, from the command line to the guard in front of /fleet."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote

import pytest

from tests.support.accounts import PAGE, PASSWORD, clean_store, run_cli, sign_in
from tests.support.configs import write_config
from tests.support.fleet import fleet_app, form_token_of, seed_fleet, signed_in_client
from wallboard.accounts.users import (
    DEMO_USER,
    add_user,
    ensure_demo_user,
    list_users,
    set_role,
    user_role,
)
from wallboard.store import open_store
from wallboard.store.screens import screen_by_name


def test_role001_cli_adds_lists_and_changes_roles(tmp_path: Path, store_url: str,
                                                  monkeypatch, capsys) -> None:
    clean_store(store_url).dispose()
    config = write_config(tmp_path, store_url=store_url)
    code, out, err = run_cli(monkeypatch, capsys, config, "add-user", "ada", "--role", "admin",
                             "--password-stdin", stdin=PASSWORD + "\n")
    assert (code, err) == (0, "")
    assert out == ("user 'ada' added as admin: they can sign in to the meeting view and the "
                   "fleet page")
    code, out, _ = run_cli(monkeypatch, capsys, config, "add-user", "lars", "--password-stdin",
                           stdin=PASSWORD + "\n")
    assert out == "user 'lars' added as lead: they can sign in to the meeting view"
    code, out, _ = run_cli(monkeypatch, capsys, config, "users")
    lines = out.splitlines()
    assert [line.split("  ")[:2] for line in lines] == [["ada", "admin"], ["lars", "lead"]]

    code, out, err = run_cli(monkeypatch, capsys, config, "set-role", "lars", "--role", "admin")
    assert code == 0 and out.startswith("user 'lars' is now admin: they can open the fleet page")
    engine = open_store(store_url)
    assert user_role(engine, "lars") == "admin"
    # --replace keeps the role unless one is named
    code, out, _ = run_cli(monkeypatch, capsys, config, "add-user", "lars", "--replace",
                           "--password-stdin", stdin="a new password\n")
    assert code == 0 and user_role(engine, "lars") == "admin"
    code, out, _ = run_cli(monkeypatch, capsys, config, "add-user", "lars", "--replace",
                           "--role", "lead", "--password-stdin", stdin="a new password\n")
    assert code == 0 and "saved as lead" in out and user_role(engine, "lars") == "lead"
    engine.dispose()


@pytest.mark.parametrize(("args", "code", "error"), [
    (["set-role", "lars"], 2,
     "set-role error: name the role: run_wallboard.py set-role NAME --role admin|lead"),
    (["set-role"], 2, "set-role error: name the user: run_wallboard.py set-role NAME"),
    (["set-role", "nobody", "--role", "admin"], 1, "set-role error: no user named 'nobody'"),
])
def test_role002_cli_errors_say_what_to_do(tmp_path: Path, monkeypatch, capsys, args, code,
                                           error) -> None:
    config = write_config(tmp_path, store_url=f"sqlite:///{tmp_path / 'store.db'}")
    run_cli(monkeypatch, capsys, config, "add-user", "lars", "--password-stdin",
            stdin=PASSWORD + "\n")
    assert run_cli(monkeypatch, capsys, config, *args)[::2] == (code, error)


def test_role003_an_unknown_role_is_refused(tmp_path: Path, monkeypatch, capsys) -> None:
    config = write_config(tmp_path, store_url=f"sqlite:///{tmp_path / 'store.db'}")
    with pytest.raises(SystemExit) as stop:
        run_cli(monkeypatch, capsys, config, "add-user", "x", "--role", "boss",
                "--password-stdin", stdin=PASSWORD + "\n")
    assert stop.value.code == 2
    assert "invalid choice: 'boss'" in capsys.readouterr().err
    engine = open_store(f"sqlite:///{tmp_path / 'store.db'}")
    add_user(engine, "x", PASSWORD)
    with pytest.raises(ValueError, match="role 'boss' is not known: use admin or lead"):
        set_role(engine, "x", "boss")
    engine.dispose()


def test_role004_existing_users_are_leads_and_the_demo_user_is_admin(users_store) -> None:
    add_user(users_store, "anna", PASSWORD)
    ensure_demo_user(users_store)
    assert {u.username: u.role for u in list_users(users_store)} == {
        "anna": "lead", DEMO_USER: "admin"}


@pytest.fixture
def fleet(tmp_path: Path, store_url: str):
    server, engine = fleet_app(tmp_path, store_url)
    seed_fleet(engine)
    yield server, engine
    engine.dispose()


FLEET_POSTS = ["/fleet/pair", "/fleet/screen/Canteen/reload", "/fleet/screen/Canteen/identify",
               "/fleet/screen/Canteen/rename", "/fleet/screen/Canteen/profile",
               "/fleet/screen/Canteen/forget"]


@pytest.mark.parametrize("lang", ["en", "da", "pl"])
def test_role005_a_team_lead_gets_a_clear_403_in_their_language(fleet, lang) -> None:
    server, engine = fleet
    client = signed_in_client(server, engine, "lars", "lead")
    page = client.get(f"/fleet?lang={lang}", headers=PAGE)
    assert page.status_code == 403
    html = page.get_data(as_text=True)
    title = {"en": "The screens page is for admins",
             "da": "Skærmsiden er for administratorer",
             "pl": "Strona ekranów jest dla administratorów"}[lang]
    assert f"<h1>{title}</h1>" in html and "set-role lars --role admin" in html
    assert "Canteen" not in html
    assert client.get("/fleet/live", headers={"Accept": "application/json"}).status_code == 403
    for path in FLEET_POSTS:
        answer = client.post(path, data={"name": "X", "confirm": "yes", "new_name": "Y"},
                             headers={"Origin": "http://localhost"})
        assert answer.status_code == 403, path
    row = screen_by_name(engine, "Canteen")
    assert row is not None and row.reload_seq == 0 and row.identify_until is None


def test_role006_not_signed_in_goes_to_sign_in_and_comes_back(fleet) -> None:
    server, engine = fleet
    client = server.test_client()
    answer = client.get("/fleet?lang=da", headers=PAGE)
    assert answer.status_code == 302
    assert answer.location == "/login?next=" + quote("/fleet?lang=da", safe="")
    assert client.post("/fleet/screen/Canteen/reload").status_code == 401
    ensure = signed_in_client(server, engine, "ada", "admin")  # makes ada
    del ensure
    back = sign_in(client, "ada", next="/fleet?lang=da")
    assert back.status_code == 303 and back.location == "/fleet?lang=da"
    assert client.get(back.location, headers=PAGE).status_code == 200


def test_role007_an_admin_gets_the_page_and_a_role_change_holds_at_once(fleet) -> None:
    server, engine = fleet
    client = signed_in_client(server, engine, "ada", "admin")
    page = client.get("/fleet", headers=PAGE)
    assert page.status_code == 200 and "Canteen" in page.get_data(as_text=True)
    assert "script-src 'self'" in page.headers["Content-Security-Policy"]
    set_role(engine, "ada", "lead")  # no new sign-in needed: the next click is refused
    assert client.get("/fleet", headers=PAGE).status_code == 403


def test_role008_a_forged_form_is_refused(fleet) -> None:
    server, engine = fleet
    client = signed_in_client(server, engine, "ada", "admin")
    token = form_token_of(client.get("/fleet", headers=PAGE).get_data(as_text=True))
    path = "/fleet/screen/Canteen/reload"
    # no token, a wrong token, another site's origin with the right token
    for data, headers in (({}, {}), ({"form_token": "0" * 64}, {}),
                          ({"form_token": token}, {"Origin": "https://evil.example"}),
                          ({"form_token": token}, {"Referer": "https://evil.example/x"})):
        answer = client.post(path, data=data, headers=headers)
        assert answer.status_code == 403
        assert "The form was refused" in answer.get_data(as_text=True)
    assert screen_by_name(engine, "Canteen").reload_seq == 0
    # Another admin's token is no good either: it belongs to their sign-in.
    other = signed_in_client(server, engine, "bo", "admin")
    assert other.post(path, data={"form_token": token}).status_code == 403
    answer = client.post(path, data={"form_token": token}, headers={"Origin": "http://localhost"})
    assert answer.status_code == 303
    assert screen_by_name(engine, "Canteen").reload_seq == 1

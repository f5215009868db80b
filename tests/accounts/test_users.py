"""Sign-in for the meeting view: hashes, the user commands, the guard, and a real browser."""

from __future__ import annotations

import io
import re
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import Engine, select, text

from tests.support.browser import artifact
from tests.support.configs import write_config
from tests.support.data import insert_rows, response_row
from wallboard.accounts.page import safe_next
from wallboard.accounts.sessions import COOKIE_NAME, EXTENSION, current_user, session_secret
from wallboard.accounts.throttle import Throttle
from wallboard.accounts.users import (
    UserError,
    add_user,
    check_login,
    hash_password,
    list_users,
    remove_user,
    verify_password,
)
from wallboard.app import create_app
from wallboard.cli import main
from wallboard.config import load_config
from wallboard.store import AppUser, open_store
from wallboard.wall.snapshot import SnapshotHolder

PASSWORD = "correct horse battery"
PAGE = {"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"}


def clean_store(url: str) -> Engine:
    """Open a store without users or settings (PostgreSQL keeps them between tests)."""
    engine = open_store(url)
    with engine.begin() as conn:
        conn.execute(text("DELETE FROM app_user"))
        conn.execute(text("DELETE FROM app_setting"))
    return engine


@pytest.fixture
def users_store(store_url: str) -> Iterator[Engine]:
    engine = clean_store(store_url)
    yield engine
    engine.dispose()


def make_app(folder: Path, *, language: str = "en", extra: str = "") -> tuple[Flask, Engine]:
    """The real app on a SQLite store, with user anna and a route that names the user."""
    config = load_config(write_config(folder, store_url=f"sqlite:///{folder / 'store.db'}",
                                      wall={"language": language}, extra=extra), {})
    engine = open_store(config.store.url)
    if not any(u.username == "anna" for u in list_users(engine)):
        add_user(engine, "anna", PASSWORD)
    server = create_app(config, SnapshotHolder(), "test", engine=engine).server

    @server.get("/meeting/whoami")
    def whoami() -> str:
        return current_user() or "-"

    return server, engine


@pytest.fixture
def app(tmp_path: Path) -> Iterator[Flask]:
    server, engine = make_app(tmp_path)
    yield server
    engine.dispose()


def sign_in(client, username: str = "anna", password: str = PASSWORD, **form: str):
    return client.post("/login", data={"username": username, "password": password, **form})


def cookie_set(response) -> bool:
    return any(h.startswith(f"{COOKIE_NAME}=") and not h.startswith(f"{COOKIE_NAME}=;")
               for h in response.headers.getlist("Set-Cookie"))


# --- hashing and the user store -----------------------------------------------------------

def test_hashes_are_salted_and_verify() -> None:
    first, second = hash_password(PASSWORD), hash_password(PASSWORD)
    assert first != second
    assert PASSWORD not in first
    assert first.startswith("scrypt$")
    assert verify_password(first, PASSWORD) and verify_password(second, PASSWORD)
    assert not verify_password(first, PASSWORD + "!")
    assert not verify_password(first, "")
    for broken in ("", "plain text", "scrypt$1$2$3$!!$!!", "md5$x$y$z$a$b", PASSWORD):
        assert not verify_password(broken, PASSWORD)


def test_store_keeps_only_salted_hashes(users_store: Engine) -> None:
    add_user(users_store, "anna", PASSWORD)
    add_user(users_store, "bo.nielsen@example.com", PASSWORD)
    with users_store.connect() as conn:
        hashes = conn.execute(select(AppUser.__table__.c.password_hash)).scalars().all()
    assert len(hashes) == 2 and hashes[0] != hashes[1]
    assert all(PASSWORD not in h for h in hashes)
    assert check_login(users_store, "anna", PASSWORD)
    assert not check_login(users_store, "anna", "wrong password")
    assert not check_login(users_store, "Anna", PASSWORD)  # names are exact
    assert not check_login(users_store, "nobody", PASSWORD)
    assert not check_login(users_store, "bad name!", PASSWORD)
    assert [u.username for u in list_users(users_store)] == ["anna", "bo.nielsen@example.com"]


def test_add_replace_and_remove(users_store: Engine) -> None:
    add_user(users_store, "anna", PASSWORD)
    with pytest.raises(UserError, match="'anna' already exists"):
        add_user(users_store, "anna", "another password")
    assert check_login(users_store, "anna", PASSWORD)
    add_user(users_store, "anna", "another password", replace=True)
    assert check_login(users_store, "anna", "another password")
    assert not check_login(users_store, "anna", PASSWORD)
    add_user(users_store, "new", PASSWORD, replace=True)  # replace also adds
    remove_user(users_store, "anna")
    assert not check_login(users_store, "anna", "another password")
    with pytest.raises(UserError, match="no user named 'anna'"):
        remove_user(users_store, "anna")


@pytest.mark.parametrize(("username", "password", "message"), [
    ("", PASSWORD, "must be 1 to 64 letters"),
    ("a" * 65, PASSWORD, "must be 1 to 64 letters"),
    ("anna smith", PASSWORD, "must be 1 to 64 letters"),
    ("<script>", PASSWORD, "must be 1 to 64 letters"),
    ("anna", "short", "at least 10 characters"),
    ("anna", "x" * 1025, "at most 1024 characters"),
])
def test_bad_users_are_refused(tmp_path: Path, username: str, password: str,
                               message: str) -> None:
    engine = open_store(f"sqlite:///{tmp_path / 'store.db'}")
    with pytest.raises(UserError, match=message):
        add_user(engine, username, password)
    assert list_users(engine) == []
    engine.dispose()


def test_session_secret_is_made_once_and_shared(users_store: Engine) -> None:
    first = session_secret(users_store)
    assert len(first) == 64
    assert session_secret(users_store) == first


# --- the command line ---------------------------------------------------------------------

def run_cli(monkeypatch, capsys, config: Path, *args: str, stdin: str = "") -> tuple[int, str,
                                                                                   str]:
    monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    code = main([*args, "--config", str(config)])
    out, err = capsys.readouterr()
    return code, out.strip(), err.strip()


def test_cli_adds_lists_replaces_and_removes_users(tmp_path: Path, store_url: str,
                                                   monkeypatch, capsys) -> None:
    clean_store(store_url).dispose()
    config = write_config(tmp_path, store_url=store_url)
    code, out, err = run_cli(monkeypatch, capsys, config, "users")
    assert (code, out) == (0, "no users yet: add one with run_wallboard.py add-user NAME")

    code, out, err = run_cli(monkeypatch, capsys, config, "add-user", "anna",
                             "--password-stdin", stdin=PASSWORD + "\n")
    assert (code, err) == (0, "")
    assert out == "user 'anna' added: they can sign in to the meeting view"
    engine = open_store(store_url)
    assert check_login(engine, "anna", PASSWORD)

    code, out, err = run_cli(monkeypatch, capsys, config, "add-user", "anna",
                             "--password-stdin", stdin="another password\n")
    assert code == 1
    assert err == "add-user error: user 'anna' already exists (--replace changes the password)"

    code, out, err = run_cli(monkeypatch, capsys, config, "add-user", "anna",
                             "--password-stdin", "--replace", stdin="another password\r\n")
    assert code == 0 and "saved" in out
    assert check_login(engine, "anna", "another password")

    code, out, err = run_cli(monkeypatch, capsys, config, "users")
    assert code == 0 and out.startswith("anna  (added ")

    code, out, err = run_cli(monkeypatch, capsys, config, "remove-user", "anna")
    assert code == 0 and out == "user 'anna' removed: their sign-ins end at their next request"
    code, out, err = run_cli(monkeypatch, capsys, config, "remove-user", "anna")
    assert (code, err) == (1, "remove-user error: no user named 'anna'")
    engine.dispose()


@pytest.mark.parametrize(("args", "stdin", "code", "error"), [
    (["add-user"], "", 2, "add-user error: name the user: run_wallboard.py add-user NAME"),
    (["add-user", "anna", "--password-stdin"], "short\n", 1,
     "add-user error: the password must have at least 10 characters"),
    (["add-user", "anna", "--password-stdin"], "", 1,
     "add-user error: the password must have at least 10 characters"),
    (["add-user", "an na", "--password-stdin"], PASSWORD, 1,
     "add-user error: user name 'an na' must be 1 to 64 letters, digits, '.', '_', '-' or '@'"),
    (["add-user", "anna"], PASSWORD, 1,
     "add-user error: no terminal to ask for the password: pipe it in with --password-stdin"),
    (["remove-user"], "", 2,
     "remove-user error: name the user: run_wallboard.py remove-user NAME"),
])
def test_cli_errors_are_one_clear_line(tmp_path: Path, monkeypatch, capsys, args: list[str],
                                       stdin: str, code: int, error: str) -> None:
    config = write_config(tmp_path, store_url=f"sqlite:///{tmp_path / 'store.db'}")
    assert run_cli(monkeypatch, capsys, config, *args, stdin=stdin) == (code, "", error)
    engine = open_store(f"sqlite:///{tmp_path / 'store.db'}")
    assert list_users(engine) == []
    engine.dispose()


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize(("typed", "code"), [([PASSWORD, PASSWORD], 0),
                                             ([PASSWORD, PASSWORD + "x"], 1)])
def test_cli_asks_twice_on_a_terminal(tmp_path: Path, monkeypatch, capsys, typed: list[str],
                                      code: int) -> None:
    config = write_config(tmp_path, store_url=f"sqlite:///{tmp_path / 'store.db'}")
    answers = iter(typed)
    monkeypatch.setattr(sys, "stdin", Terminal())
    monkeypatch.setattr("getpass.getpass", lambda prompt: next(answers))
    assert main(["add-user", "anna", "--config", str(config)]) == code
    err = capsys.readouterr().err.strip()
    engine = open_store(f"sqlite:///{tmp_path / 'store.db'}")
    if code == 0:
        assert err == "" and check_login(engine, "anna", PASSWORD)
    else:
        assert err == "add-user error: the two passwords differ; nothing was changed"
        assert list_users(engine) == []
    engine.dispose()


# --- the guard ----------------------------------------------------------------------------

@pytest.mark.parametrize("path", ["/meeting/", "/meeting", "/meeting/?team=support"])
def test_anonymous_page_visit_goes_to_sign_in(app: Flask, path: str) -> None:
    response = app.test_client().get(path, headers=PAGE)
    assert response.status_code == 302
    assert response.location.startswith("/login?next=%2Fmeeting")
    if "?" in path:
        assert response.location == "/login?next=%2Fmeeting%2F%3Fteam%3Dsupport"


@pytest.mark.parametrize(("method", "path"), [
    ("POST", "/meeting/_dash-update-component"),
    ("GET", "/meeting/_dash-layout"),
    ("GET", "/meeting/_dash-dependencies"),
    ("GET", "/meeting/export/responses.csv"),
    ("GET", "/meeting/whoami"),
])
def test_anonymous_requests_are_refused(app: Flask, method: str, path: str) -> None:
    response = app.test_client().open(path, method=method, json={} if method == "POST" else None)
    assert response.status_code == 401
    assert response.get_json() == {"error": "sign in first"}
    assert response.headers["Cache-Control"] == "no-store"


@pytest.mark.parametrize("path", ["/", "/api/screen", "/api/health", "/api/numbers",
                                  "/healthz", "/meetingroom", "/login", "/assets/wall.css"])
def test_the_wall_and_health_stay_open(app: Flask, path: str) -> None:
    response = app.test_client().get(path, headers=PAGE)
    assert response.status_code not in (302, 401, 403)
    assert "/login" not in response.headers.get("Location", "")


def test_sign_in_opens_the_meeting_view_and_names_the_user(app: Flask) -> None:
    client = app.test_client()
    response = sign_in(client, next="/meeting/?team=support")
    assert response.status_code == 303
    assert response.location == "/meeting/?team=support"
    header = next(h for h in response.headers.getlist("Set-Cookie")
                  if h.startswith(COOKIE_NAME))
    assert "HttpOnly" in header and "SameSite=Lax" in header and "Expires=" in header
    assert PASSWORD not in header
    assert client.get("/meeting/", headers=PAGE).status_code == 200
    assert client.get("/meeting/whoami").get_data(as_text=True) == "anna"
    # Signed in, the sign-in page sends you on.
    assert client.get("/login?next=/meeting/x", headers=PAGE).location == "/meeting/x"


def test_current_user_is_none_outside_a_sign_in(app: Flask) -> None:
    assert current_user() is None
    with app.test_request_context("/"):
        assert current_user() is None


@pytest.mark.parametrize(("username", "password"), [("anna", "wrong password"),
                                                    ("nobody", PASSWORD), ("", "")])
def test_wrong_password_is_refused_without_a_cookie(app: Flask, username: str,
                                                    password: str) -> None:
    client = app.test_client()
    response = sign_in(client, username, password)
    assert response.status_code == 401
    assert not cookie_set(response)
    assert "Wrong user name or password." in response.get_data(as_text=True)
    assert client.get("/meeting/whoami").status_code == 401


def test_repeated_failures_lock_the_name_for_a_minute(app: Flask) -> None:
    clock = [1000.0]
    app.extensions[EXTENSION].throttle.clock = lambda: clock[0]
    client = app.test_client()
    for _ in range(5):
        assert sign_in(client, "ANNA" if _ % 2 else "anna", "wrong password").status_code == 401
    response = sign_in(client)  # the right password, but too late
    assert response.status_code == 429
    assert int(response.headers["Retry-After"]) <= 61
    assert "Too many failed sign-ins. Wait a minute" in response.get_data(as_text=True)
    assert not cookie_set(response)
    clock[0] += 61
    response = sign_in(client)
    assert response.status_code == 303 and cookie_set(response)


def test_throttle_counts_names_and_clients_in_a_window() -> None:
    clock = [0.0]
    throttle = Throttle(window=300, lockout=60, clock=lambda: clock[0])
    keys = [("user:anna", 5), ("client:10.0.0.1", 20)]
    for _ in range(4):
        throttle.failed(["user:anna", "client:10.0.0.1"])
    assert throttle.wait_seconds(keys) == 0
    throttle.failed(["user:anna", "client:10.0.0.1"])
    assert throttle.wait_seconds(keys) == 60
    clock[0] = 30
    assert throttle.wait_seconds(keys) == 30
    assert throttle.wait_seconds([("user:bo", 5), ("client:10.0.0.1", 20)]) == 0
    clock[0] = 400  # the failures left the window
    assert throttle.wait_seconds(keys) == 0
    for i in range(20):
        throttle.failed([f"user:guess{i}", "client:10.0.0.1"])
    assert throttle.wait_seconds([("user:bo", 5), ("client:10.0.0.1", 20)]) == 60
    throttle.succeeded(["client:10.0.0.1"])
    assert throttle.wait_seconds([("client:10.0.0.1", 20)]) == 0


def test_throttle_memory_is_bounded() -> None:
    clock = [0.0]
    throttle = Throttle(max_keys=100, clock=lambda: clock[0])
    for i in range(1000):
        clock[0] += 1
        throttle.failed([f"user:{i}"])
    assert len(throttle._failures) <= 101


def test_sign_out_ends_the_session(app: Flask) -> None:
    client = app.test_client()
    sign_in(client)
    page = client.get("/logout", headers=PAGE)
    assert page.status_code == 200 and "Signed in as anna" in page.get_data(as_text=True)
    response = client.post("/logout")
    assert response.status_code == 303
    assert response.location == "/login?next=%2Fmeeting%2F&lang=en&m=out"
    assert f"{COOKIE_NAME}=;" in response.headers["Set-Cookie"]
    assert client.get("/meeting/", headers=PAGE).status_code == 302
    assert client.get("/meeting/whoami").status_code == 401
    assert "You are signed out." in client.get(response.location).get_data(as_text=True)
    assert client.get("/logout").location.startswith("/login")


def test_an_expired_sign_in_is_refused(app: Flask) -> None:
    client = app.test_client()
    sign_in(client)
    with client.session_transaction() as session:
        session["since"] = time.time() - 12 * 3600 - 1  # session_hours defaults to 12
    response = client.get("/meeting/?team=sales", headers=PAGE)
    assert response.status_code == 302
    assert response.location == "/login?next=%2Fmeeting%2F%3Fteam%3Dsales&m=expired"
    assert client.get("/meeting/whoami").status_code == 401
    page = client.get(response.location).get_data(as_text=True)
    assert "Your sign-in has ended. Please sign in again." in page


def test_session_hours_set_the_cookie_lifetime(tmp_path: Path) -> None:
    server, engine = make_app(tmp_path, extra="\n[meeting]\nsession_hours = 0.5\n")
    client = server.test_client()
    sign_in(client)
    with client.session_transaction() as session:
        session["since"] = time.time() - 31 * 60
    assert client.get("/meeting/whoami").status_code == 401
    engine.dispose()


def test_removed_user_or_new_password_ends_the_sign_in(tmp_path: Path) -> None:
    server, engine = make_app(tmp_path)
    add_user(engine, "bo", PASSWORD)
    anna, bo = server.test_client(), server.test_client()
    sign_in(anna)
    sign_in(bo, "bo")
    assert anna.get("/meeting/whoami").get_data(as_text=True) == "anna"
    remove_user(engine, "anna")
    assert anna.get("/meeting/whoami").status_code == 401
    add_user(engine, "bo", "a new password", replace=True)
    assert bo.get("/meeting/whoami").status_code == 401
    engine.dispose()


def test_cookies_hold_across_processes_and_restarts(tmp_path: Path) -> None:
    first, engine = make_app(tmp_path)
    client = first.test_client()
    sign_in(client)
    cookie = client.get_cookie(COOKIE_NAME).value
    second, engine2 = make_app(tmp_path)  # another process (or a restart) on the same store
    other = second.test_client()
    other.set_cookie(COOKIE_NAME, cookie)
    assert other.get("/meeting/whoami").get_data(as_text=True) == "anna"
    engine.dispose()
    engine2.dispose()


@pytest.mark.parametrize("unsafe", [
    "//evil.com", "//evil.com/meeting/", "https://evil.com", "https://evil.com/meeting/",
    "/login", "/logout", "/", "/meetingroom", "/\\evil.com", "/meeting/../login",
    "javascript:alert(1)", " /meeting/", "/meeting/\r\nSet-Cookie: x=1", "",
])
def test_unsafe_next_is_ignored(app: Flask, unsafe: str) -> None:
    assert safe_next(unsafe) == "/meeting/"
    response = sign_in(app.test_client(), next=unsafe)
    assert response.status_code == 303
    assert response.location == "/meeting/"


@pytest.mark.parametrize("safe", ["/meeting/", "/meeting", "/meeting/?team=support&period=q",
                                  "/meeting/export/responses.csv"])
def test_local_meeting_next_is_kept(app: Flask, safe: str) -> None:
    assert safe_next(safe) == safe
    assert sign_in(app.test_client(), next=safe).location == safe


def test_posts_from_other_sites_are_refused(app: Flask) -> None:
    client = app.test_client()
    evil = {"Origin": "http://evil.example"}
    response = client.post("/login", data={"username": "anna", "password": PASSWORD},
                           headers=evil)
    assert response.status_code == 403 and not cookie_set(response)
    response = client.post("/login", data={"username": "anna", "password": PASSWORD},
                           headers={"Referer": "http://evil.example/page"})
    assert response.status_code == 403
    response = client.post("/login", data={"username": "anna", "password": PASSWORD},
                           headers={"Origin": "http://localhost"})
    assert response.status_code == 303
    assert client.post("/logout", headers=evil).status_code == 403
    assert client.get("/meeting/whoami").get_data(as_text=True) == "anna"


def test_the_page_escapes_what_it_echoes(app: Flask) -> None:
    client = app.test_client()
    response = sign_in(client, '"><script>alert(1)</script>', "wrong password",
                       next='/meeting/"><script>alert(2)</script>')
    page = response.get_data(as_text=True)
    assert "<script>" not in page
    assert "&#34;&gt;&lt;script&gt;alert(1)" in page
    assert "default-src 'none'" in response.headers["Content-Security-Policy"]
    assert response.headers["X-Frame-Options"] == "DENY"


@pytest.mark.parametrize(("config_language", "query", "title"), [
    ("en", "", "Sign in to the meeting view"),
    ("en", "?lang=da", "Log ind på mødevisningen"),
    ("pl", "", "Zaloguj się do widoku spotkania"),
    ("da", "?lang=xx", "Log ind på mødevisningen"),
])
def test_the_page_speaks_the_wall_language(tmp_path: Path, config_language: str, query: str,
                                           title: str) -> None:
    server, engine = make_app(tmp_path, language=config_language)
    page = server.test_client().get("/login" + query).get_data(as_text=True)
    assert f"<h1>{title}</h1>" in page
    lang = re.search(r'<html lang="(\w+)">', page).group(1)
    assert lang == (query[6:] if query == "?lang=da" else config_language)
    response = sign_in(server.test_client(), "anna", "wrong password", lang="pl")
    assert "Nieprawidłowa nazwa użytkownika lub hasło." in response.get_data(as_text=True)
    engine.dispose()


# --- a real browser -----------------------------------------------------------------------

@pytest.mark.browser
def test_auth001_meeting_view_refuses_an_anonymous_visitor(tmp_path: Path, wall_server,
                                                           open_page, monkeypatch,
                                                           capsys) -> None:
    db = tmp_path / "store.db"
    engine = open_store(f"sqlite:///{db}")
    insert_rows(engine, [response_row(2, comment="The hold music was awful",
                                      customer="Ewa Nowak", minutes_ago=30)])
    engine.dispose()
    config = write_config(tmp_path, store_url=f"sqlite:///{db}")
    code, _, err = run_cli(monkeypatch, capsys, config, "add-user", "anna", "--password-stdin",
                           stdin=PASSWORD + "\n")
    assert code == 0, err
    server = wall_server(config)

    page = open_page(f"{server.url}/meeting/")
    page.wait_for_selector("h1")
    assert page.url == f"{server.url}/login?next=%2Fmeeting%2F"
    assert page.inner_text("h1") == "Sign in to the meeting view"
    content = page.content()
    assert "Ewa Nowak" not in content and "hold music" not in content
    assert page.request.post(f"{server.url}/meeting/_dash-update-component",
                             data="{}").status == 401
    page.screenshot(path=str(artifact("auth001_signin_en.png")))

    page.fill("#username", "anna")
    page.fill("#password", "not the password")
    page.click("button[type=submit]")
    page.wait_for_selector(".message.error")
    assert "Wrong user name or password." in page.inner_text(".message.error .text")
    assert page.input_value("#username") == "anna"
    page.screenshot(path=str(artifact("auth001_signin_failed_en.png")))

    page.fill("#password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(re.compile(r".*/meeting/$"))
    assert "/login" not in page.url
    assert page.request.get(f"{server.url}/meeting/_dash-layout").status != 401

    page.goto(f"{server.url}/logout")
    page.click("button[type=submit]")
    page.wait_for_url(re.compile(r".*/login\?.*m=out"))
    assert page.inner_text(".message.notice .text") == "You are signed out."
    page.goto(f"{server.url}/meeting/")
    assert page.url.startswith(f"{server.url}/login?next=")
    assert page.request.post(f"{server.url}/meeting/_dash-update-component",
                             data="{}").status == 401

    danish = open_page(f"{server.url}/login?lang=da&next=/meeting/")
    assert danish.inner_text("h1") == "Log ind på mødevisningen"
    danish.screenshot(path=str(artifact("auth001_signin_da.png")))
    assert page.request.get(f"{server.url}/").status == 200  # the wall stays open

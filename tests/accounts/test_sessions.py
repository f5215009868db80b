"""Sign-in sessions: the secret in the store, expiry, removed users, other processes."""

from __future__ import annotations

import time
from pathlib import Path

from flask import Flask
from sqlalchemy import Engine

from tests.support.accounts import PAGE, PASSWORD, make_app, sign_in
from wallboard.accounts.sessions import COOKIE_NAME, current_user, session_secret
from wallboard.accounts.users import add_user, remove_user


def test_session_secret_is_made_once_and_shared(users_store: Engine) -> None:
    first = session_secret(users_store)
    assert len(first) == 64
    assert session_secret(users_store) == first


def test_current_user_is_none_outside_a_sign_in(app: Flask) -> None:
    assert current_user() is None
    with app.test_request_context("/"):
        assert current_user() is None


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

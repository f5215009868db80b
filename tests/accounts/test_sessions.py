"""Sign-in sessions in the store: opaque ids, expiry, sign-out everywhere, other processes."""

from __future__ import annotations

import hashlib
from datetime import timedelta
from pathlib import Path

from flask import Flask
from sqlalchemy import Engine, event, select, text, update

from tests.support.accounts import PAGE, PASSWORD, make_app, sign_in
from wallboard.accounts.session_store import list_sessions, short_agent, start_session
from wallboard.accounts.sessions import COOKIE_NAME, current_user
from wallboard.accounts.users import add_user, remove_user
from wallboard.core.clock import utcnow
from wallboard.store import SESSION


def test_current_user_is_none_outside_a_sign_in(app: Flask) -> None:
    assert current_user() is None
    with app.test_request_context("/"):
        assert current_user() is None


def test_the_cookie_is_random_and_the_store_keeps_only_its_hash(tmp_path: Path) -> None:
    server, engine = make_app(tmp_path)
    first, second = server.test_client(), server.test_client()
    sign_in(first, headers={"User-Agent": "Mozilla/5.0 (Windows NT 10.0) Firefox/133.0"})
    sign_in(second)
    one, two = (c.get_cookie(COOKIE_NAME).value for c in (first, second))
    assert one != two and len(one) >= 40 and "anna" not in one
    with engine.connect() as conn:
        rows = conn.execute(select(SESSION)).all()
    assert {r.id_hash for r in rows} == {hashlib.sha256(t.encode()).hexdigest()
                                         for t in (one, two)}
    assert not any(one in str(tuple(r)) or two in str(tuple(r)) for r in rows)
    listed = list_sessions(engine, "anna")
    assert len(listed) == 2 and {s.address for s in listed} == {"127.0.0.1"}
    assert {short_agent(s.user_agent) for s in listed} >= {"Firefox on Windows"}
    engine.dispose()


def test_an_expired_sign_in_is_refused(app: Flask) -> None:
    client = app.test_client()
    sign_in(client)
    engine = app.extensions["wallboard_auth"].engine
    with engine.begin() as conn:
        conn.execute(update(SESSION).values(expires_at=utcnow() - timedelta(seconds=1)))
    response = client.get("/meeting/?team=sales", headers=PAGE)
    assert response.status_code == 302
    assert response.location == "/login?next=%2Fmeeting%2F%3Fteam%3Dsales&m=expired"
    assert client.get("/meeting/whoami").status_code == 401
    page = client.get(response.location).get_data(as_text=True)
    assert "Your sign-in has ended. Please sign in again." in page


def test_session_hours_set_the_lifetime_and_expired_sessions_are_pruned(tmp_path: Path
                                                                         ) -> None:
    server, engine = make_app(tmp_path, extra="\n[meeting]\nsession_hours = 0.5\n")
    old = start_session(engine, "anna", lifetime=-1, address="10.0.0.9", user_agent="x")
    client = server.test_client()
    response = sign_in(client)
    header = next(h for h in response.headers.getlist("Set-Cookie")
                  if h.startswith(COOKIE_NAME))
    assert "Max-Age=1800" in header and "Secure" not in header
    with engine.connect() as conn:
        rows = conn.execute(select(SESSION)).all()
    assert len(rows) == 1 and old not in str(rows)  # the expired one went with the sign-in
    assert rows[0].expires_at - rows[0].created_at == timedelta(minutes=30)
    engine.dispose()


def test_sign_out_ends_the_session_wherever_the_cookie_was_copied(app: Flask) -> None:
    client = app.test_client()
    sign_in(client)
    copied = app.test_client()
    copied.set_cookie(COOKIE_NAME, client.get_cookie(COOKIE_NAME).value)
    assert copied.get("/meeting/export/responses.csv").status_code == 200
    other = app.test_client()  # another sign-in of the same user stays
    sign_in(other)
    assert client.post("/logout").status_code == 303
    assert copied.get("/meeting/export/responses.csv").status_code == 401
    assert copied.get("/meeting/", headers=PAGE).status_code == 302
    assert copied.get("/meeting/whoami").status_code == 401
    assert other.get("/meeting/whoami").get_data(as_text=True) == "anna"


def test_removed_user_or_new_password_ends_every_sign_in_at_once(tmp_path: Path) -> None:
    server, engine = make_app(tmp_path)
    add_user(engine, "bo", PASSWORD)
    anna, anna2, bo = server.test_client(), server.test_client(), server.test_client()
    sign_in(anna)
    sign_in(anna2)
    sign_in(bo, "bo")
    assert anna.get("/meeting/whoami").get_data(as_text=True) == "anna"
    remove_user(engine, "anna")
    assert list_sessions(engine, "anna") == []
    assert anna.get("/meeting/whoami").status_code == 401
    assert anna2.get("/meeting/whoami").status_code == 401
    add_user(engine, "bo", "a new password", replace=True)
    assert list_sessions(engine, "bo") == []
    assert bo.get("/meeting/whoami").status_code == 401
    # A user deleted straight in the database (no command) is signed out too.
    sign_in(bo, "bo", "a new password")
    assert bo.get("/meeting/whoami").get_data(as_text=True) == "bo"
    with engine.begin() as conn:
        conn.execute(text("DELETE FROM app_user WHERE username = 'bo'"))
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
    other.set_cookie(COOKIE_NAME, cookie + "x")
    assert other.get("/meeting/whoami").status_code == 401
    engine.dispose()
    engine2.dispose()


def count_queries(engine: Engine) -> list[str]:
    statements: list[str] = []
    event.listen(engine, "before_cursor_execute",
                 lambda conn, cursor, statement, *args: statements.append(statement))
    return statements


def test_static_files_of_the_meeting_view_do_not_ask_the_store(app: Flask) -> None:
    client = app.test_client()
    sign_in(client)
    page = client.get("/meeting/", headers=PAGE).get_data(as_text=True)
    statements = count_queries(app.extensions["wallboard_auth"].engine)
    scripts = [p.split('"')[0] for p in page.split('src="')[1:]]
    styles = [p.split('"')[0] for p in page.split('href="')[1:]]
    static = [s for s in scripts if "_dash-component-suites" in s][:3]
    static += [s for s in styles + scripts if s.startswith("/meeting/assets/")]
    assert len(static) >= 4
    for path in [*static, "/meeting/_favicon.ico"]:
        assert client.get(path).status_code in (200, 304)
    assert statements == []
    assert client.get("/meeting/whoami").get_data(as_text=True) == "anna"
    assert len(statements) >= 1  # pages still check the session
    # ... and a static path does not open anything else to a stranger.
    stranger = app.test_client()
    assert stranger.get("/meeting/_dash-layout").status_code == 401
    assert stranger.get("/meeting/assets/../whoami").status_code in (401, 404)

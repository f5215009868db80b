"""/login and /logout: signing in and out, wrong passwords, where next may send you."""

from __future__ import annotations

import pytest
from flask import Flask

from tests.support.accounts import PAGE, PASSWORD, cookie_set, sign_in
from wallboard.accounts.page import safe_next
from wallboard.accounts.sessions import COOKIE_NAME


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

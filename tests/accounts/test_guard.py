"""The guard in front of /meeting: anonymous visitors refused, the wall and health open,
posts from other sites refused.
"""

from __future__ import annotations

import pytest
from flask import Flask

from tests.support.accounts import PAGE, PASSWORD, cookie_set


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

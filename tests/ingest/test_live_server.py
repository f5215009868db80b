"""Posting to a real server from outside: limits, the read API, and markup shown as text."""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from sqlalchemy import text

from tests.support.browser import artifact
from tests.support.configs import write_config
from tests.support.data import insert_rows, response_row
from wallboard.store import open_store

pytestmark = pytest.mark.browser
TOKEN = "live-token-1"


def call(url: str, body: object = None, *, data: bytes | None = None,
         headers: dict | None = None) -> tuple[int, dict]:
    if body is not None:
        data = json.dumps(body).encode()
    request = urllib.request.Request(url, data=data, method="POST" if data else "GET",
                                     headers={"Content-Type": "application/json",
                                              **(headers or {})})
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as exc:
        return exc.code, json.loads(exc.read())


@pytest.fixture
def server(tmp_path: Path, store_url: str, wall_server):
    engine = open_store(store_url)
    rows = [response_row(s, minutes_ago=300 + i) for i, s in enumerate((10, 9, 8, 7, 3) * 4)]
    rows += [response_row(s, "sales", minutes_ago=400 + i) for i, s in enumerate((10, 6) * 3)]
    insert_rows(engine, rows)
    config = write_config(tmp_path, store_url=store_url, wall={"celebrate_seconds": 3},
                          extra=f'[api]\ntoken = "{TOKEN}"\n')
    yield wall_server(config), engine
    engine.dispose()


AUTH = {"Authorization": f"Bearer {TOKEN}"}


def wait_for_version(url: str, above: int, timeout: float = 20) -> dict:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        status, body = call(url + "/api/snapshot")
        if status == 200 and body["version"] > above:
            return body
        time.sleep(0.2)
    raise AssertionError("the snapshot did not change")


def independent_numbers(engine, team: str) -> tuple[int, int, int, int, float]:  # noqa: ANN001
    with engine.connect() as conn:
        n, p, d = conn.execute(text(
            "SELECT count(*), sum(CASE WHEN score >= 9 THEN 1 ELSE 0 END), "
            "sum(CASE WHEN score <= 6 THEN 1 ELSE 0 END) FROM response WHERE team_key = :t"),
            {"t": team}).one()
    return n, p, n - p - d, d, round(100 * (p - d) / n, 1)


def test_posted_from_outside_limits_and_the_read_api(server) -> None:
    wall, engine = server
    status, before = call(wall.url + "/api/snapshot")
    assert status == 200
    assert set(before) == {"version", "as_of", "window_days", "min_responses", "teams",
                           "latest_promoters", "challenge"}
    support = next(t for t in before["teams"] if t["key"] == "support")
    assert set(support) == {"key", "name", "nps", "responses", "promoters", "passives",
                            "detractors", "margin", "baseline", "goal", "progress", "rank"}
    n, p, passives, d, nps = independent_numbers(engine, "support")
    assert (support["responses"], support["promoters"], support["passives"],
            support["detractors"], support["nps"]) == (n, p, passives, d, nps)
    sales = next(t for t in before["teams"] if t["key"] == "sales")
    assert sales["nps"] is None and sales["rank"] is None  # 6 responses, 10 needed

    assert call(wall.url + "/api/responses", {"score": 10, "team": "support"})[0] == 401
    status, body = call(wall.url + f"/api/responses?token={TOKEN}",
                        {"score": 10, "team": "support"})
    assert status == 401 and "Authorization header" in body["error"]
    big = b"[" + b",".join([b'{"id":"x","score":9,"team":"support","comment":"'
                            + b"y" * 1000 + b'"}'] * 10_500) + b"]"
    status, body = call(wall.url + "/api/responses", data=big, headers=AUTH)
    assert status == 413 and "larger than 5 MB" in body["error"]

    status, body = call(wall.url + "/api/responses",
                        [{"id": "out-1", "score": 10, "team": "support", "employee": "Zofia",
                          "comment": "Tak, Søren! Dziękuję 🎉"},
                         {"id": "out-2", "score": "11", "team": "support"}], headers=AUTH)
    assert status == 207 and [r["status"] for r in body["results"]] == ["accepted", "rejected"]
    after = wait_for_version(wall.url, before["version"])
    assert after["latest_promoters"][0] == {
        "id": "out-1", "source": "api", "score": 10, "team": "support", "employee": "Zofia",
        "comment": "Tak, Søren! Dziękuję 🎉",
        "answered_at": after["latest_promoters"][0]["answered_at"]}
    assert next(t for t in after["teams"] if t["key"] == "support")["responses"] == n + 1

    status, health = call(wall.url + "/healthz")
    assert status == 200 and health["status"] == "ok" and health["store_readable"]
    assert health["version"] >= after["version"] and health["last_poll_ok"]


def test_markup_in_a_posted_comment_is_shown_as_text(tmp_path: Path, wall_server,
                                                     open_page) -> None:
    db = tmp_path / "store.db"
    open_store(f"sqlite:///{db}").dispose()
    config = write_config(tmp_path, store_url=f"sqlite:///{db}", wall={"celebrate_seconds": 6},
                          extra=f'[api]\ntoken = "{TOKEN}"\n')
    wall = wall_server(config)
    page = open_page(wall.url + "/")
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.wait_for_function("() => window.wallboard && window.wallboard.state().knownVersion")
    comment = '<script>alert(1)</script><img src=x onerror="alert(2)"> Æblekage & tak'
    status, _ = call(wall.url + "/api/responses", {"id": "xss", "score": 10, "team": "support",
                                                   "employee": "<b>Ola</b>",
                                                   "comment": comment}, headers=AUTH)
    assert status == 200
    quote = page.locator("#celebration .celebration-comment")
    quote.wait_for(timeout=20000)
    # An injected <img src=x onerror=...> would have run its handler by the time an image
    # of our own with the same src has failed: await that, then look.
    page.evaluate("""() => new Promise(done => {
        const probe = new Image();
        probe.onerror = probe.onload = () => done();
        probe.src = 'x';
    })""")
    page.screenshot(path=artifact("ingest-markup-celebration.png"))
    assert comment in quote.inner_text()
    assert "<b>Ola</b>" in page.locator("#celebration .celebration-employee").inner_text()
    assert page.locator("#celebration img, #celebration script, #celebration b").count() == 0
    assert dialogs == []

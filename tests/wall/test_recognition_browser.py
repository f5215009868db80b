"""Recognition in a real Chromium against a real wall process: the challenge winner on two
screens once, an employee's 10th promoter, a batch of 12 as one burst, a hidden employee."""

from __future__ import annotations

import json
import urllib.request
from datetime import UTC, datetime
from pathlib import Path

import pytest

from tests.support.browser import artifact
from tests.support.configs import write_config
from tests.support.data import insert_rows, response_row
from tests.support.wall_page import open_wall, screen_has_seen, seen
from wallboard.store import open_store

pytestmark = pytest.mark.browser

ARRIVES_MS = 20_000
TOKEN = "recognition-token"
HISTORY_DAYS = 8  # before this week: counts on the wall, not in this week's race
TEAMS = [{"key": "support", "name": "Customer Support", "baseline": 20, "goal": 40,
          "accent_color": "#dc267f"},
         {"key": "sales", "name": "Sales", "baseline": 10, "goal": 30,
          "accent_color": "#648fff"}]


def post(url: str, items: list[dict]) -> None:
    """POST responses in one request, as a survey tool's batch."""
    request = urllib.request.Request(
        f"{url}/api/responses", data=json.dumps(items).encode(), method="POST",
        headers={"Authorization": f"Bearer {TOKEN}", "Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=20) as answer:
        assert answer.status in (200, 201)


def item(n: str, score: int, team: str = "support", employee: str | None = None,
         comment: str = "") -> dict:
    body = {"id": n, "score": score, "team": team, "comment": comment,
            "answered_at": datetime.now(UTC).isoformat()}
    if employee:
        body["employee"] = employee
    return body


def snapshot(url: str) -> dict:
    with urllib.request.urlopen(f"{url}/api/snapshot", timeout=10) as answer:
        return json.load(answer)


@pytest.fixture
def recognition_wall(tmp_path: Path, wall_server):
    """Start a wall with history (9 promoters each for Zofia and a hidden employee)."""

    def start(extra: str = "", history: list[dict] | None = None):  # noqa: ANN202
        db = tmp_path / "store.db"
        engine = open_store(f"sqlite:///{db}")
        old = 60 * 24 * HISTORY_DAYS
        rows = [response_row(s, minutes_ago=old, employee=None) for s in (10, 8, 7, 3) * 4]
        rows += history or []
        insert_rows(engine, rows)
        engine.dispose()
        config = write_config(tmp_path, store_url=f"sqlite:///{db}", teams=TEAMS,
                              wall={"celebrate_seconds": 2},
                              extra=f'[api]\ntoken = "{TOKEN}"\n{extra}')
        return wall_server(config), len(rows)

    return start


def test_rec001_challenge_winner_on_two_screens_once(recognition_wall, open_page) -> None:
    server, stored = recognition_wall('[challenge]\nkind = "promoters"\ntarget = 3\n')
    english = open_wall(open_page, server.url)
    danish = open_wall(open_page, server.url, "?lang=da")
    # Sales makes it with its third promoter; support has two.
    post(server.url, [item("s1", 10, "sales"), item("p1", 9, "support"),
                      item("s2", 9, "sales"), item("p2", 10, "support"),
                      item("s3", 9, "sales")])
    for page in (english, danish):
        page.wait_for_selector('#celebration:not([hidden])[data-kind="challenge-winner"]',
                               timeout=3 * ARRIVES_MS)
    assert "Sales wins the weekly challenge!" in english.inner_text("#celebration")
    assert "3 promoters this week" in english.inner_text("#celebration")
    assert "It took" in english.inner_text("#celebration")
    assert "Sales vinder ugens udfordring!" in danish.inner_text("#celebration")
    body = snapshot(server.url)["challenge"]
    assert body["winners"] == ["sales"] and body["kind"] == "promoters"
    # A later snapshot sends the same events again: nothing is shown twice.
    post(server.url, [item("after", 7, "support")])
    for page in (english, danish):
        screen_has_seen(page, server.url, stored + 6)
        page.wait_for_function("() => !window.wallboard.state().celebrating",
                               timeout=3 * ARRIVES_MS)
        wins = [k for k in seen(page) if k.startswith("challenge:")]
        assert len(wins) == 1 and wins[0].endswith(":promoters:sales")
    # a reload replays nothing
    english.reload()
    english.wait_for_function("() => window.wallboard && window.wallboard.state().knownVersion",
                              timeout=20000)
    english.evaluate("() => { window.__seen = []; }")
    post(server.url, [item("after-2", 8, "support")])
    screen_has_seen(english, server.url, stored + 7)
    assert english.get_attribute("#celebration", "data-count") == "0"


def test_rec002_an_employees_tenth_promoter_shows_the_count(recognition_wall,
                                                           open_page) -> None:
    old = 60 * 24 * HISTORY_DAYS
    server, _ = recognition_wall(history=[response_row(9, minutes_ago=old, employee="Zofia")
                                          for _ in range(9)])
    page = open_wall(open_page, server.url)
    post(server.url, [item("z10", 10, employee="Zofia", comment="Zofia was great")])
    page.wait_for_selector('#celebration:not([hidden])[data-kind="employee-milestone"]',
                           timeout=2 * ARRIVES_MS)
    text = page.inner_text("#celebration")
    assert "Zofia has reached 10 promoters!" in text and "Customer Support" in text
    kinds = [k.split(":")[0] for k in seen(page)]
    assert kinds == ["promoter", "employee-milestone"]


def test_rec003_twelve_promoters_in_one_batch_are_one_burst(recognition_wall,
                                                           open_page) -> None:
    server, stored = recognition_wall()
    page = open_wall(open_page, server.url)
    post(server.url, [item(f"b{i}", 9 + i % 2, "sales" if i % 3 else "support",
                           comment=f"Lovely service number {i}") for i in range(12)])
    page.wait_for_selector('#celebration:not([hidden])[data-kind="burst"]', timeout=ARRIVES_MS)
    text = page.inner_text("#celebration")
    assert "12 new promoters!" in text and "Sales" in text and "Customer Support" in text
    assert "Lovely service number" in text
    post(server.url, [item("later", 8)])
    screen_has_seen(page, server.url, stored + 13)
    page.wait_for_function("() => !window.wallboard.state().celebrating", timeout=ARRIVES_MS)
    assert [k.split(":")[0] for k in seen(page)] == ["burst"]
    page.screenshot(path=artifact("rec003-burst-1080p.png"))


def test_rec004_a_hidden_employee_is_never_named(recognition_wall, open_page) -> None:
    old = 60 * 24 * HISTORY_DAYS
    server, stored = recognition_wall(
        '[privacy]\nhidden_employees = ["Hanna Hidden"]\n',
        history=[response_row(9, minutes_ago=old, employee="Hanna Hidden",
                              comment="Old thanks") for _ in range(9)])
    page = open_wall(open_page, server.url, "?panels=shoutouts")
    post(server.url, [item("h10", 10, employee="Hanna Hidden", comment="Thank you, team!")])
    page.wait_for_selector('#celebration:not([hidden])[data-kind="promoter"]',
                           timeout=ARRIVES_MS)
    card = page.inner_text("#celebration")
    assert "Customer Support" in card and "Thank you, team!" in card
    assert "Hanna" not in card
    screen_has_seen(page, server.url, stored + 1)
    page.wait_for_function("() => !window.wallboard.state().celebrating", timeout=ARRIVES_MS)
    assert [k.split(":")[0] for k in seen(page)] == ["promoter"]  # no personal milestone
    assert "Thank you, team!" in page.inner_text("#panels")  # the shout-out is shown ...
    assert "Hanna" not in page.content()                     # ... without the name
    assert "Hanna" not in json.dumps(snapshot(server.url))
    with urllib.request.urlopen(f"{server.url}/api/screen", timeout=10) as answer:
        assert "Hanna" not in answer.read().decode()

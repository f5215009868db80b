"""Working hours in real Chromium with its clock fixed by Playwright: dark outside them (no
celebration, promoters marked seen and never replayed in the morning, but counted), and the
nightly reload, once."""

from __future__ import annotations

import json
import urllib.request
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from tests.support.configs import write_config
from tests.support.wall_page import RECORDER, numbers, screen_has_seen, seen
from wallboard.store import open_store

pytestmark = pytest.mark.browser
CPH = ZoneInfo("Europe/Copenhagen")
SCHEDULE = ('\n[schedule]\ndays = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]\n'
            'start = "08:00"\nend = "17:00"\ndark = "{dark}"\n')
DARK = "() => !document.getElementById('screen-dark').hidden"


def start_wall(tmp_path: Path, wall_server, dark: str = "clock"):  # noqa: ANN001, ANN202
    config = write_config(tmp_path, wall={"celebrate_seconds": 2}, extra=(
        '\n[api]\ntoken = "s3cret"\n' + SCHEDULE.replace("{dark}", dark)))
    open_store(f"sqlite:///{tmp_path / 'data' / 'wallboard.db'}").dispose()
    return wall_server(config)


def local(days: int, hour: int, minute: int = 0) -> datetime:
    """A local wall time some days from today (within the spans the server sends)."""
    today = datetime.now(CPH).date() + timedelta(days=days)
    return datetime(today.year, today.month, today.day, hour, minute, tzinfo=CPH)


def post(url: str, item: dict) -> None:
    request = urllib.request.Request(f"{url}/api/responses", data=json.dumps(item).encode(),
                                     headers={"Authorization": "Bearer s3cret",
                                              "Content-Type": "application/json"})
    urllib.request.urlopen(request, timeout=30).close()


def screen_at(chromium, url: str, moment: datetime):  # noqa: ANN001, ANN201
    context = chromium.new_context(viewport={"width": 1280, "height": 720})
    page = context.new_page()
    page.clock.set_fixed_time(moment)
    page.goto(url + "/")
    page.wait_for_function("() => window.wallboard && window.wallboard.state().knownVersion"
                           " && window.wallboardScreen.state().controlled", timeout=20000)
    return context, page


def test_dark_outside_hours_celebrates_nothing_and_replays_nothing(
        tmp_path: Path, wall_server, chromium) -> None:  # noqa: ANN001
    wall = start_wall(tmp_path, wall_server)
    context, page = screen_at(chromium, wall.url, local(1, 22, 30))
    try:
        page.wait_for_function(DARK, timeout=5000)
        assert page.get_attribute("#screen-dark", "data-style") == "clock"
        assert page.inner_text("#screen-dark .dark-clock") == "22:30"
        assert page.get_attribute("#wall", "data-dark") == "true"
        page.evaluate(RECORDER)
        post(wall.url, {"id": "night-1", "score": 10, "team": "support"})
        screen_has_seen(page, wall.url, 1)
        assert seen(page) == []                      # dark: not celebrated ...
        assert sum(t["responses"] for t in numbers(wall.url)["teams"]) == 1  # ... but counted
        page.clock.set_fixed_time(local(2, 9, 0))    # the morning
        page.wait_for_function(f"() => !({DARK})()", timeout=5000)
        assert page.get_attribute("#wall", "data-dark") == "false"
        post(wall.url, {"id": "day-1", "score": 9, "team": "sales"})
        page.wait_for_function("() => window.__seen.includes('promoter:2')", timeout=15000)
        page.wait_for_function("() => !window.wallboard.state().celebrating", timeout=15000)
        assert seen(page) == ["promoter:2"]         # the night's promoter is not replayed
    finally:
        context.close()


def test_a_black_night_and_a_screen_without_schedule_never_dark(
        tmp_path: Path, wall_server, chromium) -> None:  # noqa: ANN001
    wall = start_wall(tmp_path, wall_server, dark="black")
    context, page = screen_at(chromium, wall.url, local(1, 3, 0))
    try:
        page.wait_for_function(DARK, timeout=5000)
        assert page.get_attribute("#screen-dark", "data-style") == "black"
        assert page.inner_text("#screen-dark") == ""
    finally:
        context.close()
    always = tmp_path / "always"
    always.mkdir()
    config = write_config(always)
    open_store(f"sqlite:///{always / 'data' / 'wallboard.db'}").dispose()
    other = wall_server(config)
    context, page = screen_at(chromium, other.url, local(1, 3, 0))
    try:
        assert page.evaluate("() => window.wallboardScreen.state().dark") is False
        assert page.is_hidden("#screen-dark")
    finally:
        context.close()


def test_the_nightly_reload_happens_once(tmp_path: Path, wall_server, chromium) -> None:  # noqa: ANN001
    wall = start_wall(tmp_path, wall_server)
    with urllib.request.urlopen(f"{wall.url}/api/screen?v=&device={'c' * 32}") as answer:
        nightly = datetime.fromisoformat(json.load(answer)["control"]["nightly"])
    assert nightly.astimezone(CPH).strftime("%H:%M") == "03:00"  # outside 08:00-17:00
    context, page = screen_at(chromium, wall.url, nightly - timedelta(minutes=2))
    try:
        loads: list[str] = []
        page.on("load", lambda: loads.append("load"))
        state = page.evaluate("() => window.wallboardScreen.state()")
        assert state["nightlyAt"] == int(nightly.timestamp() * 1000)
        page.clock.set_fixed_time(nightly + timedelta(minutes=1))
        page.wait_for_function("() => window.wallboardScreen && "
                               "window.wallboardScreen.state().controlled && "
                               "window.wallboardScreen.state().nightlyAt === null",
                               timeout=10000)
        assert loads == ["load"]   # reloaded once; the new page is past its nightly moment
        assert page.evaluate("() => sessionStorage.getItem('wallboard:reload-why')") == "nightly"
    finally:
        context.close()

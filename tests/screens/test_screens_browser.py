"""Real Chromium screens against a real wall process: pairing by code, a screen named by its
URL, profile changes, reload and identify reaching an open screen, bad input kept harmless."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from datetime import UTC, datetime
from pathlib import Path

import pytest

from tests.support.configs import write_config
from wallboard.store import open_store
from wallboard.store import screens as fleet

pytestmark = pytest.mark.browser
WITHIN_MS = 5_000   # the contract: a change reaches an open screen within 5 s
NAMED = "() => document.getElementById('wall')?.getAttribute('data-screen')"


def start_wall(tmp_path: Path, wall_server, *, pairing: bool = True,  # noqa: ANN001
               store_url: str | None = None):  # noqa: ANN202
    store_url = store_url or f"sqlite:///{tmp_path / 'data' / 'wallboard.db'}"
    config = write_config(tmp_path, store_url=store_url, extra=(
        f'\n[api]\ntoken = "s3cret"\n\n[screens]\npairing = {str(pairing).lower()}\n'
        f'wall_name = "Support wall"\n'))
    engine = open_store(store_url)  # as migrate does
    return wall_server(config), engine


def new_screen(chromium, url: str, query: str = "", size=(1280, 720)):  # noqa: ANN001, ANN201
    """A TV of its own: a fresh browser context (own localStorage and cookies)."""
    context = chromium.new_context(viewport={"width": size[0], "height": size[1]})
    page = context.new_page()
    page.goto(f"{url}/{query}")
    page.wait_for_function("() => window.wallboard && window.wallboard.state().knownVersion",
                           timeout=20000)
    return context, page


def code_on(page) -> str:  # noqa: ANN001
    page.wait_for_selector("#screen-pairing:not([hidden]) .pairing-code", timeout=WITHIN_MS)
    return page.inner_text("#screen-pairing .pairing-code")


def test_a_new_tv_shows_a_code_and_is_paired_without_a_keyboard(
        tmp_path: Path, wall_server, chromium) -> None:  # noqa: ANN001
    wall, engine = start_wall(tmp_path, wall_server)
    context, page = new_screen(chromium, wall.url)
    try:
        code = code_on(page)
        assert [w.pairing_code for w in fleet.waiting_screens(engine)] == [code]
        assert page.inner_text("#screen-pairing .pairing-wall") == "Support wall"
        assert "/fleet" in page.inner_text("#screen-pairing .pairing-hint")
        assert page.evaluate(NAMED) is None
        device = page.evaluate("() => localStorage.getItem('wallboard:device')")
        fleet.pair(engine, code, "Canteen", {"team": "sales", "lang": "da"},
                   now=datetime.now(UTC))
        page.wait_for_function(f"() => ({NAMED})() === 'Canteen'", timeout=WITHIN_MS)
        page.wait_for_function("() => window.wallboard.screenData()?.team === 'sales'",
                               timeout=WITHIN_MS)
        assert page.is_hidden("#screen-pairing")
        assert page.evaluate("() => document.documentElement.lang") == "da"
        page.reload()  # the identity survives a reload: same key, same name, no code
        page.wait_for_function(f"() => ({NAMED})() === 'Canteen'", timeout=WITHIN_MS)
        assert page.evaluate("() => localStorage.getItem('wallboard:device')") == device
        assert page.is_hidden("#screen-pairing")
        assert fleet.waiting_screens(engine) == []
        row = fleet.screen_by_name(engine, "canteen")
        assert row.profile == {"team": "sales", "lang": "da"}
        fleet.forget(engine, "Canteen")  # a stranger again: a new code, no name
        assert code_on(page) != code
        assert page.evaluate(NAMED) is None
    finally:
        context.close()
        engine.dispose()


def test_two_contexts_are_two_screens_and_a_url_names_one(
        tmp_path: Path, wall_server, chromium) -> None:  # noqa: ANN001
    wall, engine = start_wall(tmp_path, wall_server)
    first, one = new_screen(chromium, wall.url)
    second, two = new_screen(chromium, wall.url, "?screen=reception&team=support&rotate=30")
    try:
        two.wait_for_function(f"() => ({NAMED})() === 'reception'", timeout=WITHIN_MS)
        assert two.is_hidden("#screen-pairing")
        assert two.evaluate("() => window.wallboard.screenData().team") == "support"
        code = code_on(one)
        reception = fleet.screen_by_name(engine, "Reception")
        assert reception.profile == {"team": "support", "rotate": "30"}  # from its URL
        assert [w.pairing_code for w in fleet.waiting_screens(engine)] == [code]
        # the table learns what each reported, in the process's next tick
        wait_row(engine, "reception", lambda r: r.last_seen is not None and r.width == 1280,
                 20_000)
    finally:
        first.close()
        second.close()
        engine.dispose()


def wait_row(engine, name: str, condition, timeout_ms: int) -> fleet.ScreenRow:  # noqa: ANN001
    import time

    deadline = time.monotonic() + timeout_ms / 1000
    while True:
        row = fleet.screen_by_name(engine, name)
        if row is not None and condition(row):
            return row
        if time.monotonic() > deadline:
            raise AssertionError(f"the row of {name} did not change as expected: {row}")
        time.sleep(0.2)


def test_profile_reload_and_identify_reach_an_open_screen(
        tmp_path: Path, wall_server, chromium, store_url: str) -> None:  # noqa: ANN001
    wall, engine = start_wall(tmp_path, wall_server, store_url=store_url)
    context, page = new_screen(chromium, wall.url, "?screen=Lobby")
    try:
        page.wait_for_function(f"() => ({NAMED})() === 'Lobby'", timeout=WITHIN_MS)
        page.evaluate("() => { window.__before = true; }")
        fleet.set_profile(engine, "lobby", {"panels": "trend", "lang": "pl"})
        page.wait_for_function("() => window.wallboard && window.wallboard.screenData()"
                               " && window.wallboard.screenData().language === 'pl'",
                               timeout=WITHIN_MS + 5000)
        assert page.evaluate("() => window.__before") is None  # applied by a reload
        assert page.evaluate("() => window.wallboard.screenData().panels") == ["trend"]
        page.wait_for_function(f"() => ({NAMED})() === 'Lobby'", timeout=WITHIN_MS)
        page.evaluate("() => { window.__before = true; }")
        fleet.request_reload(engine, "Lobby")
        page.wait_for_function("() => window.__before === undefined && window.wallboard",
                               timeout=WITHIN_MS + 5000)
        page.wait_for_function("() => window.wallboard.state().knownVersion", timeout=20000)
        page.evaluate("() => { window.__before = true; }")
        fleet.identify(engine, "Lobby", now=datetime.now(UTC))
        page.wait_for_selector("#screen-identify:not([hidden])", timeout=WITHIN_MS)
        assert page.inner_text("#screen-identify .identify-name") == "Lobby"
        assert page.inner_text("#screen-identify .identify-label") == "Ten ekran to"
        page.wait_for_selector("#screen-identify", state="hidden", timeout=15_000)
        assert page.evaluate("() => window.__before") is True  # identify reloads nothing
    finally:
        context.close()
        engine.dispose()


def screen_api(url: str, query: str) -> tuple[int, dict]:
    try:
        with urllib.request.urlopen(f"{url}/api/screen?{query}", timeout=10) as answer:
            return answer.status, json.load(answer)
    except urllib.error.HTTPError as error:
        return error.code, json.load(error)


def test_bad_input_is_refused_or_kept_harmless(tmp_path: Path, wall_server, chromium) -> None:  # noqa: ANN001
    wall, engine = start_wall(tmp_path, wall_server)
    try:
        status, body = screen_api(wall.url, "v=&device=xyz")
        assert status == 400 and body["field"] == "device" and "32" in body["error"]
        status, body = screen_api(wall.url, "v=&device=" + "a" * 32 + "&w=huge")
        assert status == 400 and body["field"] == "w"
        # a forged key nobody has: a new code, never another screen's identity
        context, page = new_screen(chromium, wall.url)
        code_on(page)
        fleet.pair(engine, fleet.waiting_screens(engine)[0].pairing_code, "Canteen", {},
                   now=datetime.now(UTC))
        page.wait_for_function(f"() => ({NAMED})() === 'Canteen'", timeout=WITHIN_MS)
        status, body = screen_api(wall.url, "v=&device=" + "b" * 32)
        assert status == 200 and body["control"]["name"] is None and body["control"]["code"]
        context.close()
        # a bad name in the URL: told on screen, the wall shown anonymously
        context, page = new_screen(chromium, wall.url, "?screen=%3Cb%3Ebad%3C/b%3E")
        page.wait_for_selector("#screen-error:not([hidden])", timeout=WITHIN_MS)
        assert "<b>bad</b>" in page.inner_text("#screen-error")  # as text, never markup
        assert page.evaluate(NAMED) is None
        assert page.is_visible("#panels .panel.active")
        # a malformed key on the stream: ignored, the screen works anonymously
        page.evaluate("() => localStorage.setItem('wallboard:device', 'nope')")
        context.close()
        assert [s.name for s in fleet.list_screens(engine)] == ["Canteen"]
    finally:
        engine.dispose()


def test_without_pairing_a_stranger_shows_the_wall_at_once(
        tmp_path: Path, wall_server, chromium) -> None:  # noqa: ANN001
    wall, engine = start_wall(tmp_path, wall_server, pairing=False)
    context, page = new_screen(chromium, wall.url)
    try:
        page.wait_for_selector("#panels .panel.active", timeout=20000)
        page.wait_for_function("() => window.wallboardScreen.state().controlled",
                               timeout=WITHIN_MS)
        assert page.is_hidden("#screen-pairing")
        assert page.evaluate(NAMED) is None
        assert fleet.waiting_screens(engine) == [] and fleet.list_screens(engine) == []
    finally:
        context.close()
        engine.dispose()

"""A real Chromium screen against a real wall process: closed, the chat hears "offline" once;
opened again, "back" once. The kiosk launcher's probe is no sign of life."""

from __future__ import annotations

import json
import time
import urllib.request
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest

from tests.support.alerts import Receiver
from tests.support.configs import write_config
from wallboard.screens.offline_outbox import alert_rows
from wallboard.store import open_store
from wallboard.store import screen_devices as devices
from wallboard.store import screens as fleet

pytestmark = pytest.mark.browser
PUBLIC = "http://wall.office:8050"
# Closed: unseen for ONLINE_SECONDS (30) plus a seen tick (10) and a run of the job (5).
OFFLINE_WITHIN = 90.0
BACK_WITHIN = 45.0


def wait_until(condition: Callable[[], object], timeout: float, what: str) -> object:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if (found := condition()):
            return found
        time.sleep(0.25)
    raise AssertionError(f"not within {timeout} s: {what}")


def start_wall(tmp_path: Path, wall_server, receiver: Receiver,  # noqa: ANN001, ANN201
               lang: str = "en"):
    config = write_config(tmp_path, wall={"language": lang}, extra=(
        f'\n[followup]\nnotify_url = "{receiver.url}"\npublic_url = "{PUBLIC}"\n'
        f"\n[screens]\noffline_after_minutes = 0.25\n"))
    engine = open_store(f"sqlite:///{tmp_path / 'data' / 'wallboard.db'}")  # as migrate does
    return wall_server(config), engine


def open_screen(chromium, url: str, state: dict | None = None):  # noqa: ANN001, ANN201
    # state: the same TV again (its device key in local storage): a URL name is its own.
    context = chromium.new_context(viewport={"width": 1280, "height": 720}, storage_state=state)
    page = context.new_page()
    page.goto(f"{url}/?screen=canteen")
    page.wait_for_function("() => document.getElementById('wall')"
                           "?.getAttribute('data-screen') === 'canteen'", timeout=20_000)
    return context


def test_a_closed_screen_is_told_offline_once_and_back_once(
        tmp_path: Path, wall_server, chromium) -> None:  # noqa: ANN001
    receiver = Receiver([])
    try:
        wall, engine = start_wall(tmp_path, wall_server, receiver, lang="pl")
        context = open_screen(chromium, wall.url)
        wait_until(lambda: (row := fleet.screen_by_name(engine, "canteen")) and row.last_seen,
                   30, "the screen was seen")
        fleet.set_profile(engine, "canteen", {})  # an admin adopts it: now it is watched
        state = context.storage_state()
        context.close()
        wait_until(lambda: receiver.bodies, OFFLINE_WITHIN, "the offline message")
        first = receiver.bodies[0]
        assert first["text"].startswith("Ekran canteen jest offline: niewidziany od ")
        assert first["potentialAction"][0]["targets"][0]["uri"] == f"{PUBLIC}/fleet"
        assert fleet.screen_by_name(engine, "canteen").offline_alerted_at is not None

        context = open_screen(chromium, wall.url, state)
        wait_until(lambda: len(receiver.bodies) >= 2, BACK_WITHIN, "the back message")
        assert receiver.bodies[1]["text"].startswith("Ekran canteen znów działa (offline od ")
        wait_until(lambda: fleet.screen_by_name(engine, "canteen").offline_alerted_at is None,
                   10, "the episode closed")
        with engine.connect() as conn:
            rows = alert_rows(conn)
        assert sorted(r.kind for r in rows.values()) == ["back", "offline"]
        assert all(r.posted and r.state["attempts"] == 1 for r in rows.values())
        assert len(receiver.bodies) == 2
        context.close()
    finally:
        receiver.stop()


def test_the_kiosk_probe_is_no_sign_of_life(tmp_path: Path, wall_server) -> None:  # noqa: ANN001
    receiver = Receiver([])
    try:
        wall, engine = start_wall(tmp_path, wall_server, receiver)

        def probe(name: str) -> dict:
            with urllib.request.urlopen(f"{wall.url}/api/screen?screen={name}&probe=1",
                                        timeout=10) as answer:
                return json.load(answer)

        assert probe("lobby") == {"control": None}         # unknown: not created either
        assert fleet.screen_by_name(engine, "lobby") is None
        devices.named_for_url(engine, "Lobby", now=datetime.now(UTC))
        control = wait_until(lambda: probe("lobby")["control"], 10, "the wall knows Lobby")
        assert control["name"] == "Lobby" and control["spans"] is None
        with urllib.request.urlopen(f"{wall.url}/healthz", timeout=10) as answer:
            assert json.load(answer)["screens"]["named"] == 0   # no contact was made
        assert fleet.screen_by_name(engine, "lobby").last_seen is None
    finally:
        receiver.stop()

"""One wall process's registry against a real store: strangers, URL names, changes made by
another process noticed through one aggregate, and only the screens concerned woken."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from wallboard.config import parse_config
from wallboard.screens import ScreenRegistry, device_hash
from wallboard.store import open_store
from wallboard.store import screen_devices as devices
from wallboard.store import screens as fleet
from wallboard.wall import ScreenFacts

NOW = datetime(2026, 12, 2, 9, tzinfo=UTC)
A, B = "a" * 32, "b" * 32


@pytest.fixture
def engine(store_url: str):  # noqa: ANN201
    engine = open_store(store_url)
    yield engine
    engine.dispose()


def registry(engine, *, pairing: bool = True) -> ScreenRegistry:  # noqa: ANN001
    config = parse_config({"screens": {"pairing": pairing}, "teams": [
        {"key": "support", "name": "Support"}]}, Path("config.toml"))
    made = ScreenRegistry(config, engine, clock=lambda: NOW)
    made.refresh()
    return made


def test_a_stranger_waits_with_a_code_and_is_then_known(engine) -> None:  # noqa: ANN001
    known = registry(engine)
    facts = ScreenFacts(device=A, width=1920, height=1080)
    assert known.find(facts) is None          # the store must be asked
    handle = known.meet(facts)
    assert known.find(facts) == handle
    version, control = known.control(handle)
    assert control["code"] and control["name"] is None and control["spans"] is None
    assert fleet.waiting_screens(engine)[0].device_hash == device_hash(A)
    woken: list = []
    known.subscribe(woken.append)
    fleet.pair(engine, control["code"], "Canteen", {"team": "support"}, now=NOW)
    known.refresh()                           # another process's change: read and told
    assert woken == [frozenset({handle})]
    assert known.control(handle)[0] != version
    assert known.control(handle)[1]["name"] == "Canteen"
    assert known.resolve(A, "") == ("?team=support", known.control(handle)[1]["identity"])
    known.refresh()                           # nothing changed: nobody woken, no rows read
    assert woken == [frozenset({handle})]


def test_without_pairing_a_stranger_costs_nothing(engine) -> None:  # noqa: ANN001
    known = registry(engine, pairing=False)
    handle = known.find(ScreenFacts(device=B))
    assert handle == "anonymous" and known.control(handle)[1]["code"] is None
    known.connected(handle, ScreenFacts(device=B), stream=True)
    assert known.status()["anonymous"] == 1
    assert known.write_seen(NOW) == 0 and fleet.waiting_screens(engine) == []
    known.disconnected(handle)
    assert known.status()["anonymous"] == 0


def test_a_url_name_and_a_bad_one(engine) -> None:  # noqa: ANN001
    known = registry(engine, pairing=False)
    facts = ScreenFacts(device=A, name="Hall", search="?screen=Hall&team=support&lang=xx")
    handle = known.meet(facts)
    assert fleet.screen_by_name(engine, "hall").profile == {"team": "support"}
    known.connected(handle, facts, stream=True)
    assert known.write_seen(NOW) == 1
    assert fleet.screen_by_name(engine, "hall").last_seen == NOW
    bad = known.find(ScreenFacts(device=A, name="<b>"))
    assert known.control(bad)[1]["error"] and known.control(bad)[1]["name"] is None
    assert devices.fleet_mark(engine)[0] == 1   # the bad name made no row

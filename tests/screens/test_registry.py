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
    bad = known.find(ScreenFacts(device=B, name="<b>"))
    assert known.control(bad)[1]["error"] and known.control(bad)[1]["name"] is None
    assert devices.fleet_mark(engine)[0] == 1   # the bad name made no row


def test_a_flood_of_made_up_keys_stops_at_the_waiting_limit(engine, monkeypatch) -> None:  # noqa: ANN001
    from wallboard.screens import registry as module

    monkeypatch.setattr(module, "WAITING_MAX", 3)
    known = registry(engine)
    handles = []
    for i in range(5):
        facts = ScreenFacts(device=f"{i:032x}")
        handle = known.find(facts)
        handles.append(handle if handle is not None else known.meet(facts))
    assert handles[3:] == ["anonymous", "anonymous"]
    assert len(fleet.waiting_screens(engine)) == 3


def meet(known: ScreenRegistry, facts: ScreenFacts):  # noqa: ANN201
    found = known.find(facts)
    return found if found is not None else known.meet(facts)


def test_a_url_name_belongs_to_the_first_device(engine) -> None:  # noqa: ANN001
    known = registry(engine)
    mine = meet(known, ScreenFacts(device=A, name="Lobby", search="?screen=Lobby"))
    row = fleet.screen_by_name(engine, "lobby")
    assert mine == row.id and row.device_hash == device_hash(A) and row.paired_at is None
    other = ScreenFacts(device=B, name="LOBBY", width=10, height=10)
    taken = meet(known, other)
    assert taken[0] == "taken"
    assert known.control(taken)[1]["error_kind"] == "taken"
    assert known.control(taken)[1]["name"] is None
    known.connected(taken, other, stream=True)        # counted anonymous, no report
    assert known.write_seen(NOW) == 0
    assert meet(known, ScreenFacts(name="Lobby")) == "anonymous"   # no device: nothing
    assert meet(known, ScreenFacts(name="Fresh")) == "anonymous"
    assert fleet.screen_by_name(engine, "fresh") is None
    fresh = registry(engine)                          # another process meets B: taken too
    assert meet(fresh, other)[0] == "taken"
    assert fleet.screen_by_name(engine, "lobby").device_hash == device_hash(A)


def test_an_unbound_url_name_is_claimed_once(engine) -> None:  # noqa: ANN001
    devices.named_for_url(engine, "Hall", now=NOW)    # a row named before the binding
    known = registry(engine)
    first = meet(known, ScreenFacts(device=A, name="hall"))
    assert isinstance(first, int)
    assert fleet.screen_by_name(engine, "Hall").device_hash == device_hash(A)
    assert meet(known, ScreenFacts(device=B, name="hall"))[0] == "taken"


def test_the_device_wins_over_the_url_after_a_rename(engine) -> None:  # noqa: ANN001
    known = registry(engine)
    facts = ScreenFacts(device=A, name="Desk", search="?screen=Desk")
    handle = meet(known, facts)
    fleet.rename(engine, "Desk", "Front desk", now=NOW)
    known.refresh()
    assert meet(known, facts) == handle               # the old URL name: still this row
    assert [r.name for r in fleet.list_screens(engine)] == ["Front desk"]
    assert fleet.screen_by_name(engine, "Front desk").paired_at == NOW   # adopted


def test_a_flood_of_url_names_stops_at_the_cap(engine, monkeypatch) -> None:  # noqa: ANN001
    from wallboard.screens import registry as module

    monkeypatch.setattr(module, "WAITING_MAX", 3)
    known = registry(engine)
    meet(known, ScreenFacts(device=A))                # one TV waits for a code
    handles = [meet(known, ScreenFacts(device=f"{i:032x}", name=f"flood{i}"))
               for i in range(1, 5)]
    assert all(isinstance(h, int) for h in handles[:2])
    assert [h[0] for h in handles[2:]] == ["full", "full"]
    assert devices.fleet_mark(engine)[0] == 3
    other = registry(engine)                          # the store says so too, not memory only
    other._unadopted = 0  # noqa: SLF001 - as if this process had not read the table yet
    assert other.meet(ScreenFacts(device="f" * 32, name="flood9"))[0] == "full"
    assert devices.fleet_mark(engine)[0] == 3


def test_pairing_off_releases_a_waiting_tv(engine) -> None:  # noqa: ANN001
    waiting = registry(engine)
    meet(waiting, ScreenFacts(device=A))
    off = registry(engine, pairing=False)
    assert off.find(ScreenFacts(device=A)) == "anonymous"
    assert devices.prune_waiting(engine, before=NOW, pairing=False) == 1
    assert fleet.waiting_screens(engine) == []


def test_a_streaming_page_is_seen_only_while_it_reports(engine, monkeypatch) -> None:  # noqa: ANN001
    from wallboard.screens import registry as module

    clock = [1000.0]
    monkeypatch.setattr(module.time, "monotonic", lambda: clock[0])
    known = registry(engine)
    facts = ScreenFacts(device=A, name="Wall")
    handle = meet(known, facts)
    known.connected(handle, facts, stream=True)       # the page opened its stream
    clock[0] += 140
    assert known.write_seen(NOW) == 1                 # its open is fresh enough
    clock[0] += 20
    assert known.write_seen(NOW) == 0                 # frozen: the socket alone is not life
    known.connected(handle, facts, stream=False)      # its 60 s report
    clock[0] += 60
    assert known.write_seen(NOW) == 1


def test_the_first_screen_value_counts_as_on_the_page() -> None:
    from starlette.datastructures import QueryParams

    from wallboard.wall.screen_link import read_facts

    facts = read_facts(QueryParams(f"screen=a&screen=b&device={A}&w=5&w=x"), strict=True)
    assert (facts.name, facts.device, facts.width) == ("a", A, 5)
    assert read_facts({"screen": "c"}, strict=True).name == "c"


def test_a_report_whose_stream_is_elsewhere_keeps_the_screen_seen(engine, monkeypatch) -> None:  # noqa: ANN001
    from wallboard.screens import registry as module

    clock = [1000.0]
    monkeypatch.setattr(module.time, "monotonic", lambda: clock[0])
    known = registry(engine)                          # this process answers reports only
    facts = ScreenFacts(device=A, name="Wall", report=True)
    handle = meet(known, facts)
    known.connected(handle, facts, stream=False)
    clock[0] += 140
    assert known.write_seen(NOW) == 1                 # until the next report is due, and some
    clock[0] += 20
    assert known.write_seen(NOW) == 0                 # no report since: frozen or gone
    plain = ScreenFacts(device=A, name="Wall")        # a poll is no report: 15 s only
    known.connected(handle, plain, stream=False)
    clock[0] += 20
    assert known.write_seen(NOW) == 0

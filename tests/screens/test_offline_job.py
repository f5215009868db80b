"""The offline alert job on a real SQLite file and a real PostgreSQL, posting to a real local
receiver: once across processes, retried and never doubled, nothing for a forgotten screen,
"back" at the next working moment."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine

from tests.support.alerts import Clock, Receiver
from wallboard import store
from wallboard.config import Config, parse_config
from wallboard.screens.offline import OfflineAlerts
from wallboard.screens.offline_outbox import alert_rows, episode_of
from wallboard.store import screen_devices as devices
from wallboard.store import screens

# Wednesday 2 Dec 2026, 10:00 in Copenhagen.
WED_10 = datetime(2026, 12, 2, 9, 0, tzinfo=UTC)
PUBLIC = "http://wall.example:8050"


@pytest.fixture
def engine(store_url: str) -> Iterator[Engine]:
    engine = store.open_store(store_url)
    yield engine
    engine.dispose()


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    receiver = Receiver([])
    yield receiver
    receiver.stop()


def config_for(engine: Engine, tmp_path: Path, url: str, lang: str = "en",
               **extra: object) -> Config:
    data = {"store": {"url": engine.url.render_as_string(hide_password=False)},
            "wall": {"timezone": "Europe/Copenhagen", "language": lang},
            "followup": {"notify_url": url, "public_url": PUBLIC},
            "screens": {"offline_after_minutes": 10}, **extra}
    return parse_config(data, tmp_path / "config.toml")


def clock_at(moment: datetime) -> Clock:
    clock = Clock()
    clock.now = moment
    return clock


def seen(engine: Engine, name: str, at: datetime) -> screens.ScreenRow:
    row = devices.named_for_url(engine, name, now=at)
    screens.set_profile(engine, name, row.profile, now=at)   # an admin adopted it
    devices.record_seen(engine, [devices.SeenReport(row.id)], now=at,
                        online_after=at - timedelta(seconds=30))
    return row


def texts(receiver: Receiver) -> list[str]:
    return [body["text"].splitlines()[0] for body in receiver.bodies]


def test_offline_then_back_once_across_two_processes(engine: Engine, store_url: str,
                                                     tmp_path: Path,
                                                     receiver: Receiver) -> None:
    config = config_for(engine, tmp_path, receiver.url)
    seen(engine, "Canteen", WED_10)
    seen(engine, "Reception", WED_10)
    clock = clock_at(WED_10 + timedelta(minutes=5))
    other = store.open_store(store_url)  # a second process: its own engine and job
    jobs = [OfflineAlerts(config, e, public_url=PUBLIC, clock=clock) for e in (engine, other)]
    try:
        assert [job.run() for job in jobs] == [0, 0]      # five minutes: nothing yet
        seen(engine, "Reception", clock.now)
        clock.advance(5 * 60)
        for _ in range(3):                                  # both at once, three times
            threads = [threading.Thread(target=job.run) for job in jobs]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
        assert texts(receiver) == ["Screen Canteen is offline: not seen since 10:00."]
        assert screens.screen_by_name(engine, "canteen").offline_alerted_at == clock.now
        clock.advance(60)
        seen(engine, "Canteen", clock.now)
        clock.advance(5)
        for _ in range(2):
            for job in jobs:
                job.run()
        assert texts(receiver)[1:] == ["Screen Canteen is back (offline since 10:00)."]
        assert screens.screen_by_name(engine, "canteen").offline_alerted_at is None
        assert receiver.bodies[1]["text"].endswith(f"{PUBLIC}/fleet")
    finally:
        other.dispose()


def test_a_failed_post_is_retried_never_doubled(engine: Engine, tmp_path: Path) -> None:
    receiver = Receiver([500, (429, {"Retry-After": "40"})])
    try:
        config = config_for(engine, tmp_path, receiver.url, lang="da")
        seen(engine, "Canteen", WED_10)
        clock = clock_at(WED_10 + timedelta(minutes=11))
        job = OfflineAlerts(config, engine, public_url=PUBLIC, clock=clock)
        assert job.run() == 0                       # 500: retry in 10 s
        assert job.run() == 0                       # not due yet
        clock.advance(10)
        assert job.run() == 0                       # 429: the receiver asks for 40 s
        clock.advance(30)
        assert job.run() == 0
        clock.advance(10)
        assert job.run() == 1
        for _ in range(3):
            clock.advance(60)
            assert job.run() == 0
        assert len(receiver.bodies) == 3            # two refused, one delivered
        assert {b["text"] for b in receiver.bodies} == {receiver.bodies[0]["text"]}
        assert texts(receiver)[0] == "Skærmen Canteen er offline: ikke set siden 10:00."
    finally:
        receiver.stop()


def test_a_forgotten_screen_is_not_told(engine: Engine, tmp_path: Path) -> None:
    receiver = Receiver([503])
    try:
        config = config_for(engine, tmp_path, receiver.url)
        seen(engine, "Canteen", WED_10)
        clock = clock_at(WED_10 + timedelta(minutes=11))
        job = OfflineAlerts(config, engine, public_url=PUBLIC, clock=clock)
        assert job.run() == 0 and len(receiver.bodies) == 1  # refused; a retry is queued
        screens.forget(engine, "Canteen")
        for _ in range(4):
            clock.advance(120)
            assert job.run() == 0
        assert len(receiver.bodies) == 1
    finally:
        receiver.stop()


def test_a_claim_whose_process_died_is_still_told(engine: Engine, tmp_path: Path,
                                                  receiver: Receiver) -> None:
    config = config_for(engine, tmp_path, receiver.url)
    row = seen(engine, "Canteen", WED_10)
    clock = clock_at(WED_10 + timedelta(minutes=11))
    assert screens.claim_offline_alert(engine, row.id, now=clock.now)  # then it died
    clock.advance(20)
    job = OfflineAlerts(config, engine, public_url=PUBLIC, clock=clock)
    assert job.run() == 1
    assert job.run() == 0
    assert texts(receiver) == ["Screen Canteen is offline: not seen since 10:00."]


def test_hours_decide_and_back_comes_at_the_next_working_moment(
        engine: Engine, tmp_path: Path, receiver: Receiver) -> None:
    config = config_for(engine, tmp_path, receiver.url,
                        schedule={"days": ["mon", "tue", "wed", "thu", "fri"],
                                  "start": "08:00", "end": "17:00"})
    seen(engine, "Canteen", WED_10)
    seen(engine, "Lobby", WED_10)
    screens.set_profile(engine, "Lobby", {"hours": "always"})
    clock = clock_at(WED_10 + timedelta(minutes=11))
    job = OfflineAlerts(config, engine, public_url=PUBLIC, clock=clock)
    assert job.run() == 2
    # Canteen comes back at 18:00 local: outside its hours, so no "back" yet.
    clock.now = datetime(2026, 12, 2, 17, 0, tzinfo=UTC)
    seen(engine, "Canteen", clock.now)
    seen(engine, "Lobby", clock.now)
    clock.advance(5)
    assert job.run() == 1                            # the Lobby works around the clock
    assert texts(receiver)[-1] == "Screen Lobby is back (offline since 10:00)."
    # Thursday 08:00: Canteen is still online, and now the chat hears it.
    clock.now = datetime(2026, 12, 3, 7, 0, tzinfo=UTC)
    seen(engine, "Canteen", clock.now)
    seen(engine, "Lobby", clock.now)
    assert job.run() == 1
    assert texts(receiver)[-1] == "Screen Canteen is back (offline since 2 Dec 10:00)."
    # A night away is not an outage: only working time counts as unseen.
    seen(engine, "Canteen", datetime(2026, 12, 3, 15, 59, tzinfo=UTC))  # Thursday 16:59
    for moment in (datetime(2026, 12, 3, 23, 0, tzinfo=UTC),   # Friday 00:00
                   datetime(2026, 12, 4, 7, 8, tzinfo=UTC)):   # Friday 08:08
        clock.now = moment
        seen(engine, "Lobby", moment)
        assert job.run() == 0
    clock.now = datetime(2026, 12, 4, 7, 9, tzinfo=UTC)           # ten working minutes
    seen(engine, "Lobby", clock.now)
    assert job.run() == 1
    assert texts(receiver)[-1] == "Screen Canteen is offline: not seen since 3 Dec 16:59."
    assert len(receiver.bodies) == 5


def test_a_long_outage_is_told_once_and_its_message_kept(engine: Engine, tmp_path: Path,
                                                         receiver: Receiver) -> None:
    config = config_for(engine, tmp_path, receiver.url)
    seen(engine, "Canteen", WED_10)
    seen(engine, "Lobby", WED_10)
    clock = clock_at(WED_10 + timedelta(minutes=11))
    job = OfflineAlerts(config, engine, public_url=PUBLIC, clock=clock)
    assert job.run() == 2
    seen(engine, "Lobby", clock.now)
    clock.advance(5)
    assert job.run() == 1                    # Lobby back: its episode is closed
    clock.advance(8 * 24 * 3600)             # the canteen TV stays unplugged for eight days
    seen(engine, "Lobby", clock.now)
    assert job.run() == 0
    with engine.connect() as conn:
        left = sorted(row.key.split(":", 2)[2] for row in alert_rows(conn).values())
    assert left == [texts_key(engine, "Canteen")]  # Lobby's done messages were pruned
    seen(engine, "Canteen", clock.now)
    clock.advance(5)
    assert job.run() == 1
    assert [t.split(" is ")[1][:4] for t in texts(receiver)] == ["offl", "offl", "back", "back"]


def texts_key(engine: Engine, name: str) -> str:
    row = screens.screen_by_name(engine, name)
    return f"{episode_of(row.offline_alerted_at)}:offline"


def test_only_adopted_screens_are_alerted_on(engine: Engine, tmp_path: Path,
                                             receiver: Receiver) -> None:
    config = config_for(engine, tmp_path, receiver.url)
    drive_by = devices.named_for_url(engine, "visit evil.com", "d" * 64, now=WED_10)
    devices.record_seen(engine, [devices.SeenReport(drive_by.id)], now=WED_10,
                        online_after=WED_10 - timedelta(seconds=30))
    kiosk = devices.named_for_url(engine, "Kiosk", "e" * 64, now=WED_10)
    for minutes in range(0, 11, 5):                 # online without a break for 10 minutes
        at = WED_10 + timedelta(minutes=minutes)
        devices.record_seen(engine, [devices.SeenReport(kiosk.id)], now=at,
                            online_after=at - timedelta(minutes=6))
    assert screens.screen_by_name(engine, "visit evil.com").paired_at is None
    assert screens.screen_by_name(engine, "Kiosk").paired_at == WED_10 + timedelta(minutes=10)
    job = OfflineAlerts(config, engine, public_url=PUBLIC,
                        clock=clock_at(WED_10 + timedelta(minutes=40)))
    job.run()
    assert texts(receiver) == ["Screen Kiosk is offline: not seen since 10:10."]

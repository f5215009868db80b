"""The screen table on a real SQLite file and a real PostgreSQL: pairing, names taken
ignoring case, admin changes every process notices, offline alerts claimed once, reports."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

import pytest
from alembic import command
from alembic.config import Config as AlembicConfig
from sqlalchemy import text

from wallboard import store
from wallboard.store import screen_devices as devices
from wallboard.store import screens
from wallboard.store.schema import MIGRATIONS

NOW = datetime(2026, 12, 2, 9, 0, tzinfo=UTC)
DEVICE = "a" * 64


@pytest.fixture
def engine(store_url: str):  # noqa: ANN201
    engine = store.open_store(store_url)
    yield engine
    engine.dispose()


def waiting(engine, device: str = DEVICE) -> screens.ScreenRow:  # noqa: ANN001
    return devices.waiting_for_device(engine, device, now=NOW)


def test_a_new_device_waits_with_a_code_and_is_paired_by_it(engine) -> None:  # noqa: ANN001
    tv = waiting(engine)
    assert tv.name is None and tv.pairing_code and len(tv.pairing_code) == 6
    assert not set(tv.pairing_code) & set("0O1I")
    assert waiting(engine) == tv  # the same device: the same row, the same code
    assert [r.id for r in screens.waiting_screens(engine)] == [tv.id]
    typed = tv.pairing_code.lower().replace("-", " ")  # as an admin may type it
    paired = screens.pair(engine, typed, "  Support  floor 2 ", {"team": "support"}, now=NOW)
    assert (paired.name, paired.name_key, paired.pairing_code) == (
        "Support floor 2", "support floor 2", None)
    assert paired.profile == {"team": "support"} and paired.paired_at == NOW
    assert paired.device_hash == DEVICE
    assert screens.screen_by_name(engine, "SUPPORT FLOOR 2") == paired
    assert [r.name for r in screens.list_screens(engine)] == ["Support floor 2"]
    assert screens.waiting_screens(engine) == []
    assert waiting(engine) == paired  # the device is known now: no new code


def test_unknown_and_malformed_codes_are_refused(engine) -> None:  # noqa: ANN001
    waiting(engine)
    with pytest.raises(screens.UnknownScreen):
        screens.pair(engine, "ZZ-ZZZ", "Canteen", {}, now=NOW)
    for bad in ("", "K7-42", "K0-42Q", "K7-42Q-9", 7):
        with pytest.raises(screens.ScreenError) as caught:
            screens.pair(engine, bad, "Canteen", {}, now=NOW)
        assert caught.value.field == "code"


def test_a_name_is_taken_ignoring_case(engine) -> None:  # noqa: ANN001
    first = waiting(engine, "a" * 64)
    second = waiting(engine, "b" * 64)
    screens.pair(engine, first.pairing_code, "Canteen", {}, now=NOW)
    with pytest.raises(screens.ScreenError) as caught:
        screens.pair(engine, second.pairing_code, "CANTEEN", {}, now=NOW)
    assert caught.value.field == "name" and "already taken" in caught.value.message
    assert screens.waiting_screens(engine)[0].pairing_code == second.pairing_code  # kept
    screens.pair(engine, second.pairing_code, "Reception", {}, now=NOW)
    with pytest.raises(screens.ScreenError, match="already taken"):
        screens.rename(engine, "reception", "canteen")
    assert screens.rename(engine, "canteen", "CANTEEN").name == "CANTEEN"  # case only: fine
    with pytest.raises(screens.UnknownScreen):
        screens.rename(engine, "nowhere", "Lobby")


@pytest.mark.parametrize("bad", ["", "   ", "x" * 41, "a/b", "<b>", "a\nb", None])
def test_bad_names_are_refused_with_the_field(bad: object) -> None:
    with pytest.raises(screens.ScreenError) as caught:
        screens.check_name(bad)
    assert caught.value.field == "name"


def test_good_names_are_trimmed() -> None:
    assert screens.check_name(" Støtte  gang_2.b ") == "Støtte gang_2.b"
    assert screens.check_name("x" * 40) == "x" * 40


def test_admin_changes_move_the_fleet_mark_and_the_row(engine) -> None:  # noqa: ANN001
    tv = waiting(engine)
    screens.pair(engine, tv.pairing_code, "Canteen", {}, now=NOW)
    marks = [devices.fleet_mark(engine)]
    row = screens.set_profile(engine, "canteen", {"lang": "da"})
    assert row.profile == {"lang": "da"}
    marks.append(devices.fleet_mark(engine))
    assert screens.request_reload(engine, "Canteen").reload_seq == 1
    marks.append(devices.fleet_mark(engine))
    assert screens.identify(engine, "Canteen", now=NOW).identify_until == NOW + timedelta(
        seconds=10)
    marks.append(devices.fleet_mark(engine))
    assert len(set(marks)) == len(marks)
    with pytest.raises(screens.ScreenError) as caught:
        screens.set_profile(engine, "Canteen", {"lang": 5})  # type: ignore[dict-item]
    assert caught.value.field == "profile"
    with pytest.raises(screens.UnknownScreen):
        screens.request_reload(engine, "Lobby")


def test_forget_deletes_the_row_and_the_device_is_a_stranger_again(engine) -> None:  # noqa: ANN001
    tv = waiting(engine)
    screens.pair(engine, tv.pairing_code, "Canteen", {}, now=NOW)
    before = devices.fleet_mark(engine)
    screens.forget(engine, "canteen")
    assert screens.screen_by_name(engine, "Canteen") is None
    assert devices.fleet_mark(engine) != before
    again = waiting(engine)
    assert again.name is None and again.pairing_code and again.id != tv.id
    with pytest.raises(screens.UnknownScreen):
        screens.forget(engine, "Canteen")


def test_a_url_names_a_screen_once(engine) -> None:  # noqa: ANN001
    first = devices.named_for_url(engine, "reception", now=NOW)
    assert devices.named_for_url(engine, "Reception", now=NOW) == first
    assert first.name == "reception" and first.device_hash is None
    with pytest.raises(screens.ScreenError):
        devices.named_for_url(engine, "no/slash", now=NOW)


def test_concurrent_claims_of_an_offline_alert_have_one_winner(store_url: str) -> None:
    setup = store.open_store(store_url)
    tv = waiting(setup)
    screens.pair(setup, tv.pairing_code, "Canteen", {}, now=NOW)
    engines = [store.make_engine(store_url) for _ in range(6)]
    barrier = threading.Barrier(len(engines))
    wins: list[bool] = []

    def claim(engine) -> None:  # noqa: ANN001
        barrier.wait()
        wins.append(screens.claim_offline_alert(engine, tv.id, now=NOW))

    threads = [threading.Thread(target=claim, args=(e,)) for e in engines]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(wins) == [False] * 5 + [True]
    assert screens.screen_by_name(setup, "Canteen").offline_alerted_at == NOW
    back = [screens.claim_back_alert(e, tv.id) for e in engines]
    assert back == [True] + [False] * 5
    assert screens.screen_by_name(setup, "Canteen").offline_alerted_at is None
    unnamed = waiting(setup, "c" * 64)
    assert screens.claim_offline_alert(setup, unnamed.id, now=NOW) is False  # not the fleet
    for engine in [setup, *engines]:
        engine.dispose()


def test_reports_are_written_in_one_batch(engine) -> None:  # noqa: ANN001
    a = devices.named_for_url(engine, "a", now=NOW)
    b = devices.named_for_url(engine, "b", now=NOW)
    mark = devices.fleet_mark(engine)
    reports = [devices.SeenReport(a.id, build="b1", width=1920, height=1080, memory_mb=81.5,
                                  loaded_at=NOW, stale=True), devices.SeenReport(b.id)]
    assert devices.record_seen(engine, reports, now=NOW, online_after=NOW) == 2
    later = NOW + timedelta(seconds=10)
    devices.record_seen(engine, reports, now=later, online_after=later - timedelta(seconds=30))
    row = screens.screen_by_name(engine, "a")
    assert (row.build, row.width, row.height, row.memory_mb, row.loaded_at, row.stale) == (
        "b1", 1920, 1080, 81.5, NOW, True)
    assert (row.last_seen, row.online_since) == (later, NOW)  # still online since the first
    much_later = NOW + timedelta(minutes=5)
    devices.record_seen(engine, reports[:1], now=much_later,
                        online_after=much_later - timedelta(seconds=30))
    assert screens.screen_by_name(engine, "a").online_since == much_later  # back after a gap
    assert devices.fleet_mark(engine) == mark  # reports are no admin change
    assert devices.record_seen(engine, [], now=NOW, online_after=NOW) == 0


def test_waiting_rows_of_tvs_gone_away_are_pruned(engine) -> None:  # noqa: ANN001
    waiting(engine)
    devices.named_for_url(engine, "kept", now=NOW)
    assert devices.prune_waiting(engine, before=NOW + timedelta(days=1)) == 1
    assert screens.waiting_screens(engine) == []
    assert screens.screen_by_name(engine, "kept") is not None


def test_the_store_migrates_up_from_0008_with_users_as_leads(empty_store_url: str) -> None:
    engine = store.make_engine(empty_store_url, create=True)
    with engine.begin() as conn:
        config = AlembicConfig()
        config.set_main_option("script_location", str(MIGRATIONS))
        config.attributes["connection"] = conn
        command.upgrade(config, "0008")
        conn.execute(text("INSERT INTO app_user (username, password_hash, created_at) "
                          "VALUES ('anna', 'scrypt$x', '2026-10-01 10:00:00+00')"))
    assert store.schema_state(engine).current == "0008"
    assert store.migrate(engine) == ("0008", store.head_revision())
    with engine.connect() as conn:
        assert conn.execute(text("SELECT username, role FROM app_user")).one() == ("anna",
                                                                                  "lead")
        assert conn.execute(text("SELECT count(*) FROM screen")).scalar_one() == 0
    row = devices.named_for_url(engine, "Canteen", now=NOW)
    assert (row.profile, row.stale, row.reload_seq) == ({}, False, 0)
    engine.dispose()


def test_a_url_name_is_bound_to_its_first_device_and_capped(engine) -> None:  # noqa: ANN001
    mine = devices.named_for_url(engine, "Lobby", "a" * 64, now=NOW, cap=2)
    assert mine.device_hash == "a" * 64 and mine.paired_at is None   # not adopted yet
    assert devices.named_for_url(engine, "LOBBY", "b" * 64, now=NOW, cap=2) == mine
    assert devices.named_for_url(engine, "other", "a" * 64, now=NOW, cap=2) == mine
    waiting(engine, "d" * 64)                         # a TV waiting counts under the cap too
    assert devices.named_for_url(engine, "flood", "c" * 64, now=NOW, cap=2) is None
    with engine.connect() as conn:
        assert devices.unadopted(conn) == 2
    screens.set_profile(engine, "Lobby", {}, now=NOW)  # an admin adopts it
    assert screens.screen_by_name(engine, "lobby").paired_at == NOW
    assert devices.named_for_url(engine, "flood", "c" * 64, now=NOW, cap=2).name == "flood"


def test_a_casefolded_name_must_fit_too(engine) -> None:  # noqa: ANN001
    for name in ("\ufb03" * 14, "ß" * 21):
        with pytest.raises(screens.ScreenError) as error:
            devices.named_for_url(engine, name, "a" * 64, now=NOW)
        assert error.value.field == "name" and "ignoring case" in error.value.message
    assert devices.named_for_url(engine, "ß" * 20, "a" * 64, now=NOW).name_key == "ss" * 20


def test_pairing_off_prunes_every_waiting_tv(engine) -> None:  # noqa: ANN001
    waiting(engine)
    devices.named_for_url(engine, "kept", now=NOW)
    assert devices.prune_waiting(engine, before=NOW - timedelta(days=1)) == 0
    assert devices.prune_waiting(engine, before=NOW - timedelta(days=1), pairing=False) == 1
    assert [r.name for r in screens.list_screens(engine)] == ["kept"]

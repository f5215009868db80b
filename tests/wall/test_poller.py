"""The poller against real stores: incremental reads, events once, stale and recovery."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import text

from tests.support.data import insert_rows, response_row, set_score
from wallboard import store
from wallboard.config import Team, parse_config
from wallboard.wall.poller import Poller
from wallboard.wall.snapshot import SnapshotHolder

TEAMS = [{"key": "support", "name": "Customer Support", "baseline": 20, "goal": 40},
         {"key": "sales", "name": "Sales", "baseline": 0, "goal": 30}]


def make_poller(url: str, tmp_path: Path, **wall: object) -> Poller:
    config = parse_config({"store": {"url": url}, "wall": {"min_responses": 3, **wall},
                           "teams": TEAMS}, tmp_path / "config.toml")
    return Poller(config, store.open_store(config.store.url), SnapshotHolder())


def independent_nps(scores: list[int]) -> float:
    promoters = sum(s >= 9 for s in scores)
    detractors = sum(s <= 6 for s in scores)
    return 100 * (promoters - detractors) / len(scores)


def keys(poller: Poller) -> list[str]:
    return [e.key for e in poller.holder.snapshot.events]


def test_first_poll_computes_the_numbers_of_the_window(store_url: str, tmp_path: Path) -> None:
    poller = make_poller(store_url, tmp_path, window_days=30)
    support = [10, 9, 9, 8, 7, 6, 3, 10]
    rows = [response_row(s, minutes_ago=60 * 24 * 3) for s in support]
    rows += [response_row(10, minutes_ago=60 * 24 * 31)]  # outside the 30-day window
    rows += [response_row(s, team="sales", minutes_ago=50) for s in (9, 1)]
    insert_rows(poller.engine, rows)
    snapshot = poller.poll()
    team = snapshot.team("support")
    assert team.responses == len(support)
    assert team.nps == pytest.approx(independent_nps(support))
    assert team.rank == 1
    assert snapshot.team("sales").enough is False and snapshot.team("sales").rank is None
    assert snapshot.events == ()  # history is not celebrated
    assert poller.poll() is None  # nothing changed: no new snapshot


def test_new_promoter_is_an_event_once_and_a_detractor_never(store_url: str,
                                                             tmp_path: Path) -> None:
    poller = make_poller(store_url, tmp_path)
    insert_rows(poller.engine, [response_row(8, external_id="old")])
    poller.poll()
    insert_rows(poller.engine, [response_row(10, external_id="ten", comment="Fantastisk!"),
                                response_row(6, external_id="six", comment="Too slow")])
    snapshot = poller.poll()
    assert len(snapshot.events) == 1
    event = snapshot.events[0]
    assert event.kind == "promoter" and event.score == 10 and event.employee == "Anna"
    assert event.team_name == "Customer Support" and event.text == "Fantastisk!"
    assert event.customer == "Maria"  # customer_names = first
    assert snapshot.team("support").responses == 3
    insert_rows(poller.engine, [response_row(7)])
    assert keys(poller) == [event.key]  # same event, not repeated


def test_edits_celebrate_on_becoming_a_promoter_only(store_url: str, tmp_path: Path) -> None:
    poller = make_poller(store_url, tmp_path)
    insert_rows(poller.engine, [response_row(6, external_id="e", comment="meh", minutes_ago=60),
                                response_row(10, external_id="t", minutes_ago=60)])
    poller.poll()
    set_score(poller.engine, "e", 10)
    poller.poll()
    assert len(poller.holder.snapshot.events) == 1
    set_score(poller.engine, "t", 10, comment="Even better now")  # a 10 stays a 10
    snapshot = poller.poll()
    assert len(snapshot.events) == 1
    assert any(c.text == "Even better now" for c in snapshot.comments)
    with poller.engine.begin() as conn:
        conn.execute(text("DELETE FROM response WHERE external_id = 't'"))
    snapshot = poller.poll()
    assert snapshot.team("support").responses == 1
    assert all(c.text != "Even better now" for c in snapshot.comments)


def test_two_pollers_agree_on_event_keys_and_sequence(store_url: str, tmp_path: Path) -> None:
    first, second = make_poller(store_url, tmp_path), make_poller(store_url, tmp_path)
    first.poll(), second.poll()
    insert_rows(first.engine, [response_row(9, team="sales"), response_row(10)])
    a, b = first.poll(), second.poll()
    assert [(e.seq, e.key) for e in a.events] == [(e.seq, e.key) for e in b.events]
    assert len(a.events) == 2


def test_contact_data_in_comments_and_names_is_kept_off_the_wall(store_url: str,
                                                                 tmp_path: Path) -> None:
    poller = make_poller(store_url, tmp_path, customer_names="none")
    poller.poll()
    insert_rows(poller.engine, [response_row(
        10, comment="Ring mig på 22 33 44 55 eller skriv til jens@example.dk")])
    event = poller.poll().events[0]
    assert "22 33" not in event.text and "example.dk" not in event.text
    assert event.customer is None


def test_goal_crossing_is_a_milestone(store_url: str, tmp_path: Path) -> None:
    poller = make_poller(store_url, tmp_path)
    insert_rows(poller.engine, [response_row(s) for s in (10, 8, 8, 3)])  # NPS 0
    poller.poll()
    insert_rows(poller.engine, [response_row(10) for _ in range(4)])  # 5 p, 1 d of 8: 50
    snapshot = poller.poll()
    goal = [e for e in snapshot.events if e.kind == "goal"]
    assert len(goal) == 1 and goal[0].team == "support" and goal[0].value == 50


def test_unreadable_store_turns_stale_keeps_numbers_and_recovers(tmp_path: Path) -> None:
    path = tmp_path / "store.db"
    poller = make_poller(f"sqlite:///{path}", tmp_path)
    insert_rows(poller.engine, [response_row(10), response_row(9), response_row(2)])
    before = poller.poll()
    poller.engine.dispose()
    path.rename(tmp_path / "away.db")
    (tmp_path / "store.db").mkdir()  # a folder where the file was: cannot be opened
    for _ in range(3):
        assert poller.poll() is None
    assert poller.holder.health.stale
    assert poller.holder.snapshot.version == before.version  # last numbers kept
    (tmp_path / "store.db").rmdir()
    (tmp_path / "away.db").rename(path)
    poller.poll()
    assert not poller.holder.health.stale
    assert poller.holder.health.last_ok is not None


def test_teams_come_from_the_store_when_none_are_configured(tmp_path: Path) -> None:
    config = parse_config({"store": {"url": f"sqlite:///{tmp_path / 's.db'}"}},
                          tmp_path / "c.toml")
    poller = Poller(config, store.open_store(config.store.url), SnapshotHolder())
    insert_rows(poller.engine, [response_row(9, team="zeta"), response_row(9, team="alpha")])
    assert [t.key for t in poller.poll().teams] == ["alpha", "zeta"]
    assert poller.teams() == (Team("alpha", "alpha"), Team("zeta", "zeta"))


def test_restart_offers_recent_promoters_again(store_url: str, tmp_path: Path) -> None:
    poller = make_poller(store_url, tmp_path)
    now = datetime.now(UTC)
    insert_rows(poller.engine, [response_row(10, comment="just now", now=now),
                                response_row(9, comment="", now=now),
                                response_row(10, comment="long ago", minutes_ago=120)])
    snapshot = poller.poll()
    assert [(e.text, e.score) for e in snapshot.events] == [("just now", 10), ("", 9)]


def test_missing_names_and_comments_are_none_not_nan(store_url: str, tmp_path: Path) -> None:
    poller = make_poller(store_url, tmp_path)
    insert_rows(poller.engine, [response_row(10, employee=None, customer=None, comment="Top",
                                             minutes_ago=60)])
    poller.poll()
    insert_rows(poller.engine, [response_row(9, employee=None, customer=None, comment="")])
    snapshot = poller.poll()
    assert snapshot.comments[0].employee is None and snapshot.comments[0].customer is None
    event = snapshot.events[0]
    assert event.employee is None and event.customer is None and event.text == ""


def test_old_promoters_imported_now_are_counted_not_celebrated(store_url: str,
                                                               tmp_path: Path) -> None:
    poller = make_poller(store_url, tmp_path)
    poller.poll()
    insert_rows(poller.engine, [response_row(10, minutes_ago=60 * 24 * 5),
                                response_row(10, minutes_ago=60 * 24 * 1)])
    snapshot = poller.poll()
    assert snapshot.team("support").responses == 2
    assert len(snapshot.events) == 1  # only the one answered within the last two days


def test_a_bulk_change_reloads_the_window(store_url: str, tmp_path: Path,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    from wallboard.wall import poller as poller_module

    monkeypatch.setattr(poller_module, "CHANGES_PER_POLL", 5)
    poller = make_poller(store_url, tmp_path)
    poller.poll()
    insert_rows(poller.engine, [response_row(s, minutes_ago=120) for s in (10, 9, 2) * 4])
    snapshot = poller.poll()
    assert snapshot.team("support").responses == 12
    assert snapshot.last_seq == 12
    insert_rows(poller.engine, [response_row(10)])
    assert poller.poll().team("support").responses == 13


def test_followups_waiting_past_the_sla_are_counted(store_url: str, tmp_path: Path) -> None:
    from wallboard.store import FollowUp

    poller = make_poller(store_url, tmp_path)
    insert_rows(poller.engine, [response_row(s, minutes_ago=60 * 72) for s in (2, 3, 5, 9)])
    insert_rows(poller.engine, [response_row(4, minutes_ago=60),  # untouched, within the SLA
                                response_row(0, minutes_ago=60 * 72),  # untouched, overdue
                                response_row(1, minutes_ago=60 * 24 * 100)])  # outside window
    now = datetime.now(UTC)
    with poller.engine.begin() as conn:
        conn.execute(FollowUp.__table__.insert(), [
            {"response_id": 1, "status": "open", "created_at": now - timedelta(hours=60)},
            {"response_id": 2, "status": "contacted", "created_at": now - timedelta(hours=2),
             "contacted_at": now - timedelta(hours=2)},
            {"response_id": 3, "status": "resolved", "created_at": now - timedelta(hours=70),
             "resolved_at": now - timedelta(hours=50)}])
    snapshot = poller.poll()
    # Unresolved: 1, 2 and the untouched 5 and 6; past 48 h and nobody called: 1 and 6.
    assert snapshot.followups == {"support": (4, 2)}


def test_replayed_promoters_keep_their_own_change_numbers(store_url: str,
                                                          tmp_path: Path) -> None:
    poller = make_poller(store_url, tmp_path)
    insert_rows(poller.engine, [response_row(10, comment="first")])
    insert_rows(poller.engine, [response_row(3), response_row(9, comment="second")])
    events = poller.poll().events
    assert [(e.text, e.seq) for e in events] == [("first", 1), ("second", 3)]

"""Recognition through the real poller and real stores: bursts, milestones, hidden employees,
the challenge's recorded wins (they survive a restart) and the snapshot's `challenge`."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from pydantic import ValidationError
from sqlalchemy import Engine, text

from tests.support.data import insert_rows, response_row, set_score
from wallboard import store
from wallboard.config import Team, parse_config
from wallboard.core.challenge import week_of
from wallboard.store import recognition_reads
from wallboard.wall import challenge_board
from wallboard.wall.challenge import board_json
from wallboard.wall.poller import Poller
from wallboard.wall.recognition import milestones_between
from wallboard.wall.snapshot import SnapshotHolder

TEAMS = [{"key": "support", "name": "Customer Support", "accent_color": "#DC267F",
          "accent_emoji": "♥"},
         {"key": "sales", "name": "Sales", "challenge_target": 2}]


def make_poller(url: str, tmp_path: Path, *, challenge: dict | None = None,
                hidden: tuple[str, ...] = ()) -> Poller:
    raw = {"store": {"url": url}, "wall": {"min_responses": 3}, "teams": TEAMS,
           "privacy": {"hidden_employees": list(hidden)}}
    if challenge is not None:
        raw["challenge"] = challenge
    config = parse_config(raw, tmp_path / "config.toml")
    return Poller(config, store.open_store(config.store.url), SnapshotHolder())


def kinds(poller: Poller) -> list[str]:
    return [e.kind for e in poller.holder.snapshot.events]


def test_milestones_between() -> None:
    assert milestones_between(0, 9) == []
    assert milestones_between(9, 10) == [10]
    assert milestones_between(0, 60) == [10, 25, 50]
    assert milestones_between(99, 100) == [100]
    assert milestones_between(100, 199) == []
    assert milestones_between(199, 301) == [200, 300]
    assert milestones_between(10, 10) == []


def test_team_accents_are_validated(tmp_path: Path) -> None:
    assert Team(key="a", name="A", accent_color="#648FFF").accent_color == "#648fff"
    for bad in ("#ff0000", "red", "#648fff; background: url(x)"):
        with pytest.raises(ValidationError):
            Team(key="a", name="A", accent_color=bad)
    for bad in ("", "abc", "<b>", "🚀" * 9):
        with pytest.raises(ValidationError):
            Team(key="a", name="A", accent_emoji=bad)


def test_a_challenge_needs_a_target_unless_improvement(tmp_path: Path) -> None:
    with pytest.raises(Exception, match="needs a target"):
        parse_config({"challenge": {"kind": "promoters"}}, tmp_path / "c.toml")
    config = parse_config({"challenge": {"kind": "improvement"}}, tmp_path / "c.toml")
    assert config.challenge.target is None
    assert parse_config({}, tmp_path / "c.toml").challenge is None


def test_five_promoters_in_one_poll_are_one_burst(store_url: str, tmp_path: Path) -> None:
    poller = make_poller(store_url, tmp_path)
    insert_rows(poller.engine, [response_row(8, external_id="old")])
    poller.poll()
    insert_rows(poller.engine, [response_row(10, team="sales" if i % 2 else "support",
                                             comment=f"Great {i}", employee=None)
                                for i in range(12)])
    snapshot = poller.poll()
    assert [e.kind for e in snapshot.events] == ["burst"]
    burst = snapshot.events[0]
    assert burst.count == 12 and set(burst.teams) == {"Customer Support", "Sales"}
    assert set(burst.team_keys) == {"support", "sales"}  # pinned screens of both show it
    assert len(burst.quotes) == 3
    insert_rows(poller.engine, [response_row(9, employee=None)])  # within the minute: joins
    again = poller.poll()
    assert [e.kind for e in again.events] == ["burst"]
    assert again.events[0].count == 13 and again.events[0].key == burst.key


def test_four_promoters_are_four_celebrations(store_url: str, tmp_path: Path) -> None:
    poller = make_poller(store_url, tmp_path)
    insert_rows(poller.engine, [response_row(8, external_id="old")])
    poller.poll()
    insert_rows(poller.engine, [response_row(10, employee=None) for _ in range(4)])
    assert kinds(poller) == [] and poller.poll() is not None
    assert kinds(poller) == ["promoter"] * 4


def test_an_employees_tenth_promoter_is_a_milestone_once(store_url: str,
                                                          tmp_path: Path) -> None:
    poller = make_poller(store_url, tmp_path)
    # Nine promoters long ago (all time counts, also outside the window).
    insert_rows(poller.engine, [response_row(9, employee="Zofia", minutes_ago=60 * 24 * 400)
                                for _ in range(9)])
    poller.poll()
    insert_rows(poller.engine, [response_row(10, employee="Zofia")])
    snapshot = poller.poll()
    assert [e.kind for e in snapshot.events] == ["promoter", "employee-milestone"]
    milestone = snapshot.events[1]
    assert milestone.employee == "Zofia" and milestone.count == 10
    assert milestone.key == "employee-milestone:Zofia:10"
    assert milestone.accent == "#dc267f"  # the team's accent
    insert_rows(poller.engine, [response_row(9, employee="Zofia")])
    assert [e.kind for e in poller.poll().events] == ["promoter", "employee-milestone",
                                                      "promoter"]


def test_a_hidden_employee_is_never_named(store_url: str, tmp_path: Path) -> None:
    poller = make_poller(store_url, tmp_path, hidden=("anna  BERG",))
    insert_rows(poller.engine, [response_row(9, employee="Anna Berg", comment="Old words",
                                             minutes_ago=60 * 24 * 400) for _ in range(9)])
    poller.poll()
    insert_rows(poller.engine, [response_row(10, employee="Anna Berg", comment="Anna was kind")])
    snapshot = poller.poll()
    assert [e.kind for e in snapshot.events] == ["promoter"]  # no personal milestone
    assert snapshot.events[0].employee is None and snapshot.events[0].team == "support"
    assert all(c.employee is None for c in snapshot.comments)


def test_challenge_wins_are_recorded_and_survive_a_restart(store_url: str,
                                                           tmp_path: Path) -> None:
    rules = {"kind": "promoters", "target": 3}
    poller = make_poller(store_url, tmp_path, challenge=rules)
    insert_rows(poller.engine, [response_row(8, external_id="old")])
    first = poller.poll()
    assert first.challenge is not None and first.challenge.kind == "promoters"
    assert all(s.reached_at is None for s in first.challenge.standings)
    # Sales needs 2 (its own target), support 3.
    insert_rows(poller.engine, [response_row(9, team="sales", external_id="s1", employee=None),
                                response_row(9, team="sales", external_id="s2", employee=None),
                                response_row(9, team="support", external_id="p1",
                                             employee=None)])
    snapshot = poller.poll()
    board = board_json(snapshot.challenge)
    assert board["winners"] == ["sales"]
    by = {s["team"]: s for s in board["standings"]}
    assert by["sales"]["target"] == 2 and by["sales"]["reached_at"] is not None
    assert by["support"]["target"] == 3 and by["support"]["reached_at"] is None
    wins = [e for e in snapshot.events if e.kind == "challenge-winner"]
    assert [(e.team, e.place, e.text) for e in wins] == [("sales", 1, "promoters")]
    assert wins[0].took_seconds >= 0
    # Edited down after the win: the win stands.
    set_score(poller.engine, "s1", 3)
    later = board_json(poller.poll().challenge)
    assert later["winners"] == ["sales"]
    assert {s["team"]: s["value"] for s in later["standings"]}["sales"] == 1.0
    # A restarted wall reads the win from the store.
    again = make_poller(store_url, tmp_path, challenge=rules)
    restarted = board_json(again.poll().challenge)
    assert restarted["winners"] == ["sales"]
    assert restarted["standings"][0]["reached_at"] == by["sales"]["reached_at"]


def test_hall_of_fame_lists_last_weeks_first_place(store_url: str, tmp_path: Path) -> None:
    poller = make_poller(store_url, tmp_path, challenge={"kind": "promoters", "target": 1})
    now = datetime.now(UTC)
    last = week_of(now - timedelta(days=8), "UTC")[0]
    with poller.engine.begin() as conn:
        recognition_reads.record_win(conn, week_start=last, kind="promoters", team="support",
                                     reached_at=last + timedelta(hours=5), value=1.0)
        recognition_reads.record_win(conn, week_start=last, kind="promoters", team="sales",
                                     reached_at=last + timedelta(hours=6), value=1.0)
        assert not recognition_reads.record_win(conn, week_start=last, kind="promoters",
                                                team="sales", reached_at=now, value=1.0)
    board = board_json(poller.poll().challenge)
    assert board["hall_of_fame"] == [{"week_start": last.isoformat(), "team": "support"}]


def test_no_challenge_without_the_table(store_url: str, tmp_path: Path) -> None:
    poller = make_poller(store_url, tmp_path)
    insert_rows(poller.engine, [response_row(9)])
    assert poller.poll().challenge is None


def test_team_accent_colours_goal_and_challenge_cards(store_url: str, tmp_path: Path) -> None:
    from wallboard.wall.render import PanelRenderer

    poller = make_poller(store_url, tmp_path, challenge={"kind": "promoters", "target": 3})
    insert_rows(poller.engine, [response_row(9)])
    snapshot = poller.poll()
    renderer = PanelRenderer(poller.config, poller.holder)
    drawn = renderer.rendered(snapshot, renderer.screen_for("?panels=goals,challenge"))
    assert drawn.count('"--team-accent":"#dc267f"') >= 2  # a goal card and a race row
    assert "Weekly challenge" in drawn and ("♥" in drawn or "\\u2665" in drawn)
    assert renderer.rendered(snapshot, renderer.screen_for("?panels=challenge&lang=pl")) \
        .count("Wyzwanie tygodnia") == 1


def test_the_challenge_held_in_memory_follows_every_change_as_a_fresh_read(
        store_url: str, tmp_path: Path) -> None:
    """The poller keeps the week's answers in memory (read once, then changed by what it
    reads): after inserts, edits, a team move and a delete, its board is the one read whole
    from the store, for kinds nps and improvement."""
    for rules in ({"kind": "nps", "target": 30, "min_responses": 3},
                  {"kind": "improvement", "min_responses": 3}):
        poller = make_poller(store_url, tmp_path, challenge=rules)
        with poller.engine.begin() as conn:
            conn.execute(text("DELETE FROM response"))
        insert_rows(poller.engine, [response_row(10, external_id="a", employee=None),
                                    response_row(6, team="sales", external_id="b",
                                                 employee=None)])
        poller.poll()
        steps = [
            lambda engine: insert_rows(engine, [
                response_row(9, external_id="c", employee=None),
                response_row(2, external_id="d", employee=None),
                response_row(10, team="sales", external_id="e", employee=None)]),
            lambda engine: set_score(engine, "d", 10),
            lambda engine: move_team(engine, "b", "support"),
            lambda engine: delete_row(engine, "a"),
        ]
        for step in steps:
            step(poller.engine)
            snapshot = poller.poll()
            with poller.engine.connect() as conn:
                fresh = challenge_board(conn, poller.config, snapshot.built_at)
            held = [(s.team, s.value, s.responses) for s in snapshot.challenge.standings]
            assert held == [(s.team, s.value, s.responses) for s in fresh.standings], rules
        if rules["kind"] == "nps":  # support: c 9, d 10 (edited), b 6 (moved); sales: e
            values = {s.team: s.value for s in snapshot.challenge.standings}
            assert values == {"support": pytest.approx(100 / 3), "sales": None}


def move_team(engine: Engine, external_id: str, team: str) -> None:
    with engine.begin() as conn:
        conn.execute(text("UPDATE response SET team_key = :t WHERE external_id = :e"),
                     {"t": team, "e": external_id})


def delete_row(engine: Engine, external_id: str) -> None:
    with engine.begin() as conn:
        conn.execute(text("DELETE FROM response WHERE external_id = :e"), {"e": external_id})

"""Action items on real stores: add, list, tick off, delete, and refused input."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import Engine

from wallboard import store
from wallboard.meeting.actions import (
    ActionError,
    add_action,
    delete_action,
    list_actions,
    set_action_done,
)

NOW = datetime(2026, 3, 18, 12, 0, tzinfo=UTC)
TODAY = date(2026, 3, 18)


@pytest.fixture
def engine(store_url: str) -> Iterator[Engine]:
    engine = store.open_store(store_url)
    yield engine
    engine.dispose()


def new(engine: Engine, text: str, *, team: str = "support", due: date | None = None,
        owner: str | None = None, now: datetime = NOW) -> int:
    return add_action(engine, team=team, text=text, owner=owner, due=due, by="Lead", now=now)


def listed(engine: Engine, team: str | None = "support", now: datetime = NOW) -> list:
    with engine.connect() as conn:
        return list_actions(conn, team=team, now=now)


def test_open_actions_by_due_date_then_recently_done(engine: Engine) -> None:
    later = new(engine, "Ring tilbage til alle kunder med 0-3", due=TODAY + timedelta(days=7),
                owner="Mette")
    undated = new(engine, "Szkolenie z reklamacji 📞")
    late = new(engine, "Update the FAQ", due=TODAY - timedelta(days=1))
    soon = new(engine, "Check the queue", due=TODAY)
    done_long_ago = new(engine, "Old idea")
    done_now = new(engine, "New script for calls")
    new(engine, "Another team's", team="sales")
    set_action_done(engine, done_long_ago, True, by="Lead", now=NOW - timedelta(days=15))
    set_action_done(engine, done_now, True, by="Lead", now=NOW - timedelta(hours=1))
    items = listed(engine)
    assert [i.id for i in items] == [late, soon, later, undated, done_now]
    assert [i.overdue for i in items] == [True, False, False, False, False]
    first = items[2]
    assert (first.text, first.owner, first.due, first.team, first.created_by) == (
        "Ring tilbage til alle kunder med 0-3", "Mette", TODAY + timedelta(days=7), "support",
        "Lead")
    assert items[3].text == "Szkolenie z reklamacji 📞"
    assert items[-1].done and items[-1].done_at == NOW - timedelta(hours=1)
    assert items[-1].done_by == "Lead" and items[0].done_by is None
    assert len(listed(engine, team=None)) == 6


def test_done_can_be_undone_and_ticking_twice_keeps_the_first_time(engine: Engine) -> None:
    action = new(engine, "Call back Jens")
    set_action_done(engine, action, True, by="Lead", now=NOW)
    set_action_done(engine, action, True, by="Lead", now=NOW + timedelta(hours=2))
    assert listed(engine, now=NOW + timedelta(hours=3))[0].done_at == NOW
    set_action_done(engine, action, False, by="Lead", now=NOW + timedelta(hours=4))
    (item,) = listed(engine)
    assert (item.done, item.done_at, item.done_by) == (False, None, None)
    assert delete_action(engine, action, by="Lead") is True
    assert delete_action(engine, action, by="Lead") is False
    assert listed(engine) == []


@pytest.mark.parametrize(("kwargs", "field", "message"), [
    ({"text": "   "}, "text", "text must not be empty"),
    ({"text": "x" * 501}, "text", "text is 501 characters long; at most 500 are allowed"),
    ({"owner": "o" * 129}, "owner", "owner is 129 characters long; at most 128"),
    ({"team": "marketing"}, "team", "unknown team 'marketing'; known teams: sales, support"),
    ({"due": "2026-03-20"}, "due", "due must be a date"),
])
def test_bad_actions_are_refused_by_name(engine: Engine, kwargs: dict, field: str,
                                         message: str) -> None:
    args = {"team": "support", "text": "Do it", "owner": None, "due": None, "by": "Lead",
            "now": NOW, "teams": {"support", "sales"}, **kwargs}
    with pytest.raises(ActionError, match=message) as caught:
        add_action(engine, **args)
    assert caught.value.field == field
    assert listed(engine, team=None) == []


def test_unknown_action_ids_are_refused(engine: Engine) -> None:
    with pytest.raises(ActionError, match="no action item has id 42"):
        set_action_done(engine, 42, True, by="Lead", now=NOW)


def test_demo_teams_have_open_overdue_and_done_actions(engine: Engine) -> None:
    from sqlalchemy import insert

    from wallboard.demo import history, profiles
    from wallboard.store import ActionItem

    with engine.begin() as conn:
        conn.execute(insert(ActionItem.__table__), history.generate_actions(now=NOW))
    for team in profiles.DEMO_TEAMS:
        items = listed(engine, team=team.key)
        assert [(i.done, i.overdue) for i in items] == [(False, True), (False, False),
                                                        (True, False)]
        assert all(i.owner in profiles.DEMO_PROFILES[team.key].employees for i in items)

"""The weekly challenge's rules on fixed frames: every kind, ties, edits, weeks and DST."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from wallboard.core.challenge import (
    Answer,
    Rule,
    first_place,
    standings,
    week_of,
    winners,
)

MON = datetime(2026, 11, 30, tzinfo=UTC)  # a Monday, 00:00 UTC
WEEK = (MON, MON + timedelta(days=7))


def at(hours: float, seconds: float = 0) -> datetime:
    return MON + timedelta(hours=hours, seconds=seconds)


def answer(team: str, score: int, hours: float, seconds: float = 0,
           answered_hours: float | None = None) -> Answer:
    answered = at(answered_hours if answered_hours is not None else hours, seconds)
    return Answer(team, score, answered, at(hours, seconds))


@pytest.mark.parametrize(("moment", "tz", "start", "hours"), [
    # A plain week in UTC.
    (datetime(2026, 12, 2, 12, tzinfo=UTC), "UTC", datetime(2026, 11, 30, tzinfo=UTC), 168),
    # Copenhagen: Monday 00:00 local is Sunday 23:00 UTC in winter.
    (datetime(2026, 12, 2, 12, tzinfo=UTC), "Europe/Copenhagen",
     datetime(2026, 11, 29, 23, tzinfo=UTC), 168),
    # Sunday 23:30 UTC is already Monday in Copenhagen: the new week.
    (datetime(2026, 11, 29, 23, 30, tzinfo=UTC), "Europe/Copenhagen",
     datetime(2026, 11, 29, 23, tzinfo=UTC), 168),
    # ... but still last week in London.
    (datetime(2026, 11, 29, 23, 30, tzinfo=UTC), "Europe/London",
     datetime(2026, 11, 23, tzinfo=UTC), 168),
    # The week the clocks go forward (29 March 2026): 167 hours.
    (datetime(2026, 3, 26, tzinfo=UTC), "Europe/Warsaw", datetime(2026, 3, 22, 23, tzinfo=UTC),
     167),
    # The week the clocks go back (25 October 2026): 169 hours.
    (datetime(2026, 10, 22, tzinfo=UTC), "Europe/Copenhagen",
     datetime(2026, 10, 18, 22, tzinfo=UTC), 169),
    # New York: Monday 03:00 UTC is still Sunday 22:00 local, the week before.
    (datetime(2026, 11, 30, 3, tzinfo=UTC), "America/New_York",
     datetime(2026, 11, 23, 5, tzinfo=UTC), 168),
])
def test_week_starts_monday_midnight_local(moment, tz, start, hours) -> None:
    begin, end = week_of(moment, tz)
    assert begin == start
    assert (end - begin) == timedelta(hours=hours)


def test_promoters_first_to_target_wins_in_order_of_receipt() -> None:
    rule = Rule("promoters", 3)
    answers = [answer("a", 9, 1), answer("a", 10, 2), answer("b", 9, 3), answer("b", 9, 4),
               answer("b", 10, 5), answer("a", 6, 6), answer("a", 9, 7), answer("c", 9, 8)]
    rows = standings(rule, answers, ["a", "b", "c"], week=WEEK, now=at(100))
    assert [(s.team, s.value, s.reached_at, s.place) for s in rows] == [
        ("b", 3.0, at(5), 1), ("a", 3.0, at(7), 2), ("c", 1.0, None, None)]
    assert winners(rows) == ["b", "a"] and first_place(rows) == ["b"]


def test_the_moment_is_when_received_not_when_answered() -> None:
    # Team a's answers were given earlier but reached the store later: b was first.
    rule = Rule("promoters", 2)
    answers = [answer("a", 9, 10, answered_hours=1), answer("a", 9, 10, 5, answered_hours=1),
               answer("b", 9, 3), answer("b", 9, 9)]
    rows = standings(rule, answers, ["a", "b"], week=WEEK, now=at(100))
    assert first_place(rows) == ["b"] and winners(rows) == ["b", "a"]


def test_ties_in_the_same_second_share_the_place() -> None:
    rule = Rule("promoters", 1)
    answers = [answer("a", 9, 5, 0.2), answer("b", 10, 5, 0.9), answer("c", 9, 5, 1.0)]
    rows = standings(rule, answers, ["a", "b", "c"], week=WEEK, now=at(100))
    places = {s.team: s.place for s in rows}
    assert places == {"a": 1, "b": 1, "c": 3}
    assert sorted(first_place(rows)) == ["a", "b"]


def test_per_team_target() -> None:
    rule = Rule("promoters", 5, targets={"small": 2})
    answers = [answer("small", 9, 1), answer("small", 9, 2), answer("big", 9, 1)]
    rows = standings(rule, answers, ["small", "big"], week=WEEK, now=at(100))
    by = {s.team: s for s in rows}
    assert by["small"].target == 2 and by["small"].place == 1
    assert by["big"].target == 5 and by["big"].place is None


def test_answers_outside_the_week_do_not_count() -> None:
    rule = Rule("promoters", 2)
    answers = [answer("a", 9, -1), answer("a", 9, 1), answer("a", 9, 7 * 24 + 1)]
    rows = standings(rule, answers, ["a"], week=WEEK, now=at(1000))
    assert rows[0].value == 1.0 and rows[0].reached_at is None


def test_not_yet_received_answers_do_not_count() -> None:
    rows = standings(Rule("promoters", 1), [answer("a", 9, 5)], ["a"], week=WEEK, now=at(4))
    assert rows[0].reached_at is None and rows[0].value == 0.0


def test_nps_needs_min_responses_and_target() -> None:
    rule = Rule("nps", 50, min_responses=4)
    answers = [answer("a", 10, 1), answer("a", 10, 2), answer("a", 10, 3),  # 3 answers: too few
               answer("a", 3, 4),   # 4 answers, NPS 50: reached
               answer("b", 10, 1), answer("b", 8, 2), answer("b", 6, 3), answer("b", 7, 4),
               answer("b", 9, 5), answer("b", 9, 6)]  # NPS 33 at most
    rows = standings(rule, answers, ["a", "b"], week=WEEK, now=at(100))
    by = {s.team: s for s in rows}
    assert by["a"].reached_at == at(4) and by["a"].value == 50.0 and by["a"].place == 1
    assert by["b"].reached_at is None and round(by["b"].value) == 33


def test_nps_reached_then_dropped_still_stands() -> None:
    rule = Rule("nps", 50, min_responses=2)
    answers = [answer("a", 10, 1), answer("a", 10, 2), answer("a", 0, 3), answer("a", 0, 4)]
    rows = standings(rule, answers, ["a"], week=WEEK, now=at(100))
    assert rows[0].reached_at == at(2) and rows[0].value == 0.0


def test_improvement_is_decided_when_the_week_ends() -> None:
    rule = Rule("improvement", None, min_responses=2)
    last = [answer("a", 6, -24), answer("a", 6, -23), answer("b", 9, -24), answer("b", 9, -23),
            answer("c", 6, -24)]
    this = [answer("a", 9, 1), answer("a", 9, 2), answer("b", 9, 1), answer("b", 9, 2),
            answer("c", 9, 1), answer("c", 9, 2)]
    during = standings(rule, last + this, ["a", "b", "c"], week=WEEK, now=at(50))
    assert [s.reached_at for s in during] == [None, None, None]
    assert {s.team: s.value for s in during} == {"a": 200.0, "b": 0.0, "c": None}
    after = standings(rule, last + this, ["a", "b", "c"], week=WEEK, now=WEEK[1])
    assert first_place(after) == ["a"] and after[0].reached_at == WEEK[1]


def test_improvement_tie_shares_first_place() -> None:
    rule = Rule("improvement", None, min_responses=1)
    answers = [answer("a", 6, -5), answer("b", 6, -5), answer("a", 9, 5), answer("b", 10, 5)]
    rows = standings(rule, answers, ["a", "b"], week=WEEK, now=WEEK[1])
    assert sorted(first_place(rows)) == ["a", "b"]


@pytest.mark.parametrize("change", ["edited", "deleted"])
def test_a_recorded_win_stands_after_an_edit_or_delete(change) -> None:
    rule = Rule("promoters", 2)
    answers = [answer("a", 9, 1), answer("a", 9, 2), answer("b", 9, 3), answer("b", 9, 4)]
    before = standings(rule, answers, ["a", "b"], week=WEEK, now=at(10))
    assert first_place(before) == ["a"]
    recorded = {s.team: s.reached_at for s in before if s.reached_at}
    later = [answer("a", 5, 2)] if change == "edited" else []
    after = standings(rule, [answers[0], *later, *answers[2:]], ["a", "b"], week=WEEK,
                      now=at(20), recorded=recorded)
    by = {s.team: s for s in after}
    assert by["a"].place == 1 and by["a"].value == 1.0 and by["b"].place == 2


def test_an_old_answer_edited_up_counts_from_when_it_is_seen() -> None:
    rule = Rule("promoters", 1)
    answers = [answer("a", 9, 1), answer("b", 9, 0.5)]  # b's 9 was a 5 until edited at hour 30
    rows = standings(rule, answers, ["a", "b"], week=WEEK, now=at(31),
                     recorded={"a": at(1)}, seen_from=at(30))
    assert first_place(rows) == ["a"] and {s.team: s.place for s in rows}["b"] == 2


def test_a_team_joining_mid_week_races_with_what_it_has() -> None:
    rule = Rule("promoters", 2)
    answers = [answer("old", 9, 1), answer("new", 9, 80), answer("new", 9, 81)]
    rows = standings(rule, answers, ["old"], week=WEEK, now=at(100))
    assert first_place(rows) == ["new"] and {s.team for s in rows} == {"old", "new"}


def test_a_week_without_a_winner() -> None:
    rows = standings(Rule("promoters", 50), [answer("a", 9, 1)], ["a", "b"], week=WEEK,
                     now=WEEK[1])
    assert winners(rows) == [] and first_place(rows) == []
    assert {s.team: s.value for s in rows} == {"a": 1.0, "b": 0.0}

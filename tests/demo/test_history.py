"""The demo's history: deterministic, valid, like real traffic, a story per team, in each
team's language, with follow-ups for detractors.
"""

from __future__ import annotations

import re
from collections import Counter
from datetime import UTC, datetime, timedelta

import pytest

from tests.support.demo import CONTACT, DANISH, FOLLOWUP_KEYS, NOW, POLISH, RESPONSE_KEYS, START
from wallboard.demo import history as demo_history
from wallboard.demo import profiles
from wallboard.demo import texts as demo_text
from wallboard.store import FollowUpStatus


@pytest.fixture(scope="module")
def history() -> list[dict]:
    return demo_history.generate_history(now=NOW)


@pytest.fixture(scope="module")
def followups(history: list[dict]) -> tuple[list[dict], dict[int, dict]]:
    with_ids = {n: {**row, "id": n} for n, row in enumerate(history, start=1)}
    return demo_history.generate_followups(list(with_ids.values()), now=NOW), with_ids


def nps(rows: list[dict]) -> float:
    promoters = sum(r["score"] >= 9 for r in rows)
    detractors = sum(r["score"] <= 6 for r in rows)
    return 100 * (promoters - detractors) / len(rows)


def first_and_last_30_days(rows: list[dict], team: str) -> tuple[float, float]:
    mine = [r for r in rows if r["team_key"] == team]
    first = [r for r in mine if r["answered_at"] < START + timedelta(days=30)]
    last = [r for r in mine if r["answered_at"] >= NOW - timedelta(days=30)]
    return nps(first), nps(last)


def test_history_is_deterministic_for_a_seed_and_now(history: list[dict]) -> None:
    assert demo_history.generate_history(now=NOW) == history
    assert demo_history.generate_history(now=NOW, seed=7) != history
    later = demo_history.generate_history(now=NOW + timedelta(days=1))
    assert later[-1]["answered_at"] > history[-1]["answered_at"]


def test_history_rows_are_valid_responses(history: list[dict]) -> None:
    assert 5_000 <= len(history) <= 9_000
    assert all(set(row) == RESPONSE_KEYS for row in history)
    assert len({row["external_id"] for row in history}) == len(history)
    assert {row["source"] for row in history} == {"demo"}
    assert all(isinstance(r["score"], int) and 0 <= r["score"] <= 10 for r in history)
    for row in history:
        assert row["answered_at"].tzinfo is UTC
        assert START < row["answered_at"] < NOW
        delay = row["received_at"] - row["answered_at"]
        assert timedelta(0) <= delay <= timedelta(minutes=15)
    assert [r["answered_at"] for r in history] == sorted(r["answered_at"] for r in history)
    assert {row["team_key"] for row in history} == {team.key for team in profiles.DEMO_TEAMS}


def test_history_looks_like_real_traffic(history: list[dict]) -> None:
    scores = Counter(r["score"] for r in history)
    assert scores[10] > scores[9] > scores[8] > scores[7] > scores[5]
    assert 0.15 < sum(scores[s] for s in range(7)) / len(history) < 0.3
    office = sum(6 <= r["answered_at"].hour < 17 for r in history)
    assert office / len(history) > 0.75
    weekend = sum(r["answered_at"].weekday() >= 5 for r in history)
    assert weekend / len(history) < 0.12
    named = sum(r["customer_name"] is not None for r in history)
    assert 0.75 < named / len(history) < 0.95
    commented = sum(bool(r["comment"]) for r in history)
    assert 0.6 <= commented / len(history) <= 0.7


def test_employees_and_comments_are_in_the_team_language(history: list[dict]) -> None:
    for team in profiles.DEMO_TEAMS:
        profile = profiles.DEMO_PROFILES[team.key]
        rows = [r for r in history if r["team_key"] == team.key]
        assert {r["employee"] for r in rows} <= set(profile.employees)
        comments = [r["comment"] for r in rows if r["comment"]]
        if profile.language == "pl":
            assert sum(bool(POLISH.search(c)) for c in comments) / len(comments) > 0.5
        elif profile.language == "da":
            assert sum(bool(DANISH.search(c)) for c in comments) / len(comments) > 0.3
        else:
            assert not any(POLISH.search(c) or DANISH.search(c) for c in comments)
    for row in history:  # markers are all filled in
        assert not re.search(r"[{}\[\]<>|]", row["comment"]), row["comment"]


def test_comment_templates_are_many_and_distinct() -> None:
    for language, kinds in demo_text.COMMENTS.items():
        for kind, templates in kinds.items():
            assert len(set(templates)) == len(templates) >= 40, (language, kind)
        for kind in kinds:
            assert all(len(t) >= 300 for t in demo_text.LONG_COMMENTS[language][kind])


def test_long_and_contact_comments_are_rare_but_present(history: list[dict]) -> None:
    long = [r for r in history if len(r["comment"]) >= 300]
    assert 5 <= len(long) <= 60
    contact = [r for r in history if CONTACT.search(r["comment"])]
    assert 3 <= len(contact) <= 30
    assert {r["team_key"] for r in contact} & {"kundeservice-kobenhavn", "salg-aarhus"}


def test_comments_match_the_score(history: list[dict]) -> None:
    pools = {kind: {t for lang in demo_text.COMMENTS.values() for t in lang[kind]}
             for kind in ("promoter", "passive", "detractor")}
    for row in history:
        if row["comment"] in pools["promoter"]:
            assert row["score"] >= 9
        if row["comment"] in pools["detractor"]:
            assert row["score"] <= 6


@pytest.mark.parametrize("seed", [2026, 1, 99])
def test_each_team_tells_its_story(seed: int) -> None:
    rows = demo_history.generate_history(now=NOW, seed=seed)
    for team in profiles.DEMO_TEAMS:
        profile = profiles.DEMO_PROFILES[team.key]
        if profile.daily < 1:
            continue  # the small team is too noisy for a 30-day comparison
        first, last = first_and_last_30_days(rows, team.key)
        change = profile.end_nps - profile.start_nps
        if change >= 15:
            assert last - first >= 10, (team.key, first, last)
        elif change <= -15:
            assert first - last >= 10, (team.key, first, last)
        else:
            assert abs(last - first) < 8, (team.key, first, last)


def test_some_team_reaches_its_goal_and_one_team_is_small(history: list[dict]) -> None:
    reached = [t for t in profiles.DEMO_TEAMS
               if t.goal is not None and nps([r for r in history if r["team_key"] == t.key])
               >= t.goal]
    assert reached
    counts = Counter(r["team_key"] for r in history)
    small = [key for key, n in counts.items() if n < 100]
    assert len(small) == 1 and counts[small[0]] >= 20


def test_followups_are_for_detractors_only_and_consistent(followups: tuple) -> None:
    rows, by_id = followups
    detractors = [r for r in by_id.values() if r["score"] <= 6]
    assert sorted(f["response_id"] for f in rows) == sorted(r["id"] for r in detractors)
    sla = timedelta(hours=48)
    for f in rows:
        assert set(f) == FOLLOWUP_KEYS
        response = by_id[f["response_id"]]
        staff = profiles.DEMO_PROFILES[response["team_key"]].employees
        assert f["owner"] is None or f["owner"] in staff
        assert f["created_at"] == response["received_at"]
        if f["status"] is FollowUpStatus.OPEN:
            assert f["contacted_at"] is None and f["resolved_at"] is None and not f["note"]
        elif f["status"] is FollowUpStatus.CONTACTED:
            assert f["created_at"] < f["contacted_at"] <= NOW and f["resolved_at"] is None
        else:
            assert f["created_at"] < f["contacted_at"] < f["resolved_at"] <= NOW
        if f["owner"] is None:
            assert NOW - f["created_at"] < timedelta(hours=4)
    old = [f for f in rows if NOW - f["created_at"] > timedelta(days=7)]
    assert Counter(f["status"] for f in old)[FollowUpStatus.RESOLVED] / len(old) > 0.85
    recent = Counter(f["status"] for f in rows if NOW - f["created_at"] < timedelta(days=7))
    assert recent[FollowUpStatus.OPEN] and recent[FollowUpStatus.CONTACTED]
    late = [f for f in rows if f["resolved_at"] and f["resolved_at"] - f["created_at"] > sla]
    assert 0.1 < len(late) / len(rows) < 0.5
    assert demo_history.generate_followups(list(by_id.values()), now=NOW) == rows


def test_naive_now_is_refused() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        demo_history.generate_history(now=datetime(2026, 3, 2))

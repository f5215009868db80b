"""Running counts against the full recompute of core.nps: tables, then seeded random histories."""

from __future__ import annotations

import random

import numpy as np
import pandas as pd
import pytest

from wallboard.config import Team
from wallboard.core import nps, window
from wallboard.core.running import DAY_NS, RunningCounts

END = pd.Timestamp("2025-06-04 12:00", tz="UTC")  # a Wednesday
A, B, C = Team("a", "Alpha", 0, 20), Team("b", "Bravo"), Team("c", "Charlie", -10, 30)


def ns(stamp: pd.Timestamp) -> int:
    return stamp.value


def held(rows: dict[int, tuple[str, int, pd.Timestamp]]) -> RunningCounts:
    running = RunningCounts()
    for rid, (team, score, at) in rows.items():
        running.upsert(rid, team, score, ns(at))
    return running


def as_frame(rows: dict[int, tuple[str, int, pd.Timestamp]]) -> pd.DataFrame:
    data = list(rows.values())
    return pd.DataFrame({
        "team": pd.Series([r[0] for r in data], dtype="str"),
        "score": pd.Series([r[1] for r in data], dtype="int64"),
        "answered_at": pd.Series(pd.to_datetime([r[2] for r in data], utc=True),
                                 dtype="datetime64[ns, UTC]"),
    })


# ---------------------------------------------------------------- tables

SPANS = [  # (lo, hi) offsets from END in hours: inside a day, across days, whole days
    (-1, 0), (-30, 0), (-24 * 9 - 5, -24 * 2 + 3), (-48, -24), (-100, 100), (0, 1)]


@pytest.mark.parametrize(("lo", "hi"), SPANS)
def test_counts_of_a_span_equal_counting_every_row(lo: int, hi: int) -> None:
    hours = pd.Timedelta(hours=1)
    rows = {i: ("ab"[i % 2], i % 11, END + (i * 7 % 300 - 200) * hours + i * pd.Timedelta(1))
            for i in range(400)}
    running = held(rows)
    expected = np.zeros((2, 3), np.int64)
    for team, score, at in rows.values():
        if END + lo * hours <= at < END + hi * hours:
            expected["ab".index(team), 0 if score <= 6 else 1 if score <= 8 else 2] += 1
    got = running.counts(ns(END + lo * hours), ns(END + hi * hours), ["a", "b"])
    assert got.tolist() == expected.tolist()
    running.compact(force=True)  # the same from the sorted columns
    got = running.counts(ns(END + lo * hours), ns(END + hi * hours), ["a", "b"])
    assert got.tolist() == expected.tolist()


@pytest.mark.parametrize(("change", "expected", "teams"), [
    (lambda r: r.upsert(1, "a", 3, ns(END)), {"a": [1, 0, 1]}, "a"),            # score edit
    (lambda r: r.upsert(1, "b", 10, ns(END)), {"a": [0, 0, 1], "b": [0, 0, 1]}, "ab"),  # move
    (lambda r: r.remove(1), {"a": [0, 0, 1]}, "a"),                             # delete
    (lambda r: r.upsert(3, "c", 8, ns(END)), {"a": [0, 0, 2], "c": [0, 1, 0]}, "ac"),  # insert
    (lambda r: r.upsert(1, "a", 9, ns(END - pd.Timedelta(days=3))), {"a": [0, 0, 1]}, "a"),
    (lambda r: r.remove(99), {"a": [0, 0, 2]}, "a"),                            # unknown id
])
def test_each_change_moves_one_count(change, expected: dict[str, list[int]],
                                     teams: str) -> None:
    for compact_first in (False, True):
        running = held({1: ("a", 9, END), 2: ("a", 10, END - pd.Timedelta(hours=1))})
        if compact_first:
            running.compact(force=True)
        change(running)
        got = running.counts(ns(END - pd.Timedelta(days=1)), ns(END) + 1, ["a", "b", "c"])
        assert got.tolist() == [expected.get(k, [0, 0, 0]) for k in "abc"]
        assert running.keys() == list(teams)


def test_dropping_old_days_forgets_them_whole_and_cuts_the_edge_day() -> None:
    rows = {i: ("a", 10, END - pd.Timedelta(hours=5 * i)) for i in range(40)}
    running = held(rows)
    running.compact(force=True)
    running.upsert(100, "b", 0, ns(END - pd.Timedelta(days=6)))
    cut = END - pd.Timedelta(hours=77)
    running.drop_before(ns(cut))
    kept = sum(1 for *_, at in rows.values() if at >= cut)
    assert len(running) == kept
    assert running.keys() == ["a"]
    assert running.counts(0, ns(END) + 1, ["a"]).tolist() == [[0, 0, kept]]
    assert running.counts(0, ns(cut), ["a", "b"]).sum() == 0
    assert all(day * DAY_NS + DAY_NS > ns(cut) for day in running._days)


# ---------------------------------------------------------------- against the full recompute

TIMEZONES = ["UTC", "Europe/Copenhagen", "America/New_York", "Asia/Kolkata"]


def assert_same_figures(rows: dict, teams: list[Team], end: pd.Timestamp, days: int,
                        tz: str, running: RunningCounts) -> None:
    frame = as_frame(rows)
    args = {"end": end.to_pydatetime(), "days": days}
    for order in [list(nps.ORDERS)[len(rows) % len(nps.ORDERS)]]:
        expected = nps.leaderboard(frame, teams, **args, min_responses=3, order=order)
        got = window.leaderboard(running, teams, **args, min_responses=3, order=order)
        pd.testing.assert_frame_equal(got, expected, check_exact=True)
    pd.testing.assert_frame_equal(window.weekly_trend(running, teams, **args, tz=tz),
                                  nps.weekly_trend(frame, teams, **args, tz=tz),
                                  check_exact=True)
    start = end - pd.Timedelta(days=40)
    expected = nps.promoters_by_team(frame, start=start, end=end + pd.Timedelta(days=1))
    got = window.promoters_by_team(running, [t.key for t in teams], start=start,
                                   end=end + pd.Timedelta(days=1))
    assert got == {t.key: int(expected.get(t.key, 0)) for t in teams}


@pytest.mark.parametrize("seed", range(12))
def test_random_histories_give_the_numbers_of_a_full_recompute(seed: int) -> None:
    rng = random.Random(seed)
    tz, days = TIMEZONES[seed % len(TIMEZONES)], rng.choice([7, 30, 90])
    teams = [A, B, C][: 1 + seed % 3] + ([A] if seed % 4 == 0 else [])  # a repeated key too
    keys = ["a", "b", "c", "x"]  # x: in the store, not configured
    end = END + pd.Timedelta(seconds=rng.randrange(10**7))
    span = pd.Timedelta(days=2 * days + 14)
    rows: dict[int, tuple[str, int, pd.Timestamp]] = {}
    running = RunningCounts()

    local = end.tz_convert(tz).normalize()
    monday = (local - pd.Timedelta(days=local.day_of_week)).tz_convert("UTC")

    def moment() -> pd.Timestamp:
        if rng.random() < 0.2:  # right on an edge: the window's, a week's, a day's
            edge = rng.choice([end, end - pd.Timedelta(days=days), end - pd.Timedelta(days=7),
                               end.normalize(), end - pd.Timedelta(days=days + 7), monday,
                               monday - pd.Timedelta(days=7)])
            return edge + pd.Timedelta(rng.choice([-1, 0, 1]), "ns")
        return end - span + pd.Timedelta(seconds=rng.randrange(int(span.total_seconds()) + 60))

    for step in range(600):
        roll = rng.random()
        if roll < 0.55 or not rows:
            rid = len(rows) + step * 1000
            rows[rid] = (rng.choice(keys), rng.randrange(11), moment())
        elif roll < 0.8:
            rid = rng.choice(list(rows))
            team, score, at = rows[rid]
            rows[rid] = (rng.choice(keys) if rng.random() < 0.3 else team, rng.randrange(11),
                         moment() if rng.random() < 0.2 else at)
        else:
            rid = rng.choice(list(rows))
            del rows[rid]
            running.remove(rid)
            continue
        running.upsert(rid, *rows[rid][:2], ns(rows[rid][2]))
        if step % 97 == 0:
            running.compact(force=step % 2 == 0)
        if step % 150 == 149:
            assert_same_figures(rows, teams, end, days, tz, running)
    cut = end - pd.Timedelta(days=days + 8)  # the window slides: old days go
    rows = {k: v for k, v in rows.items() if v[2] >= cut}
    running.drop_before(ns(cut))
    assert_same_figures(rows, teams, end, days, tz, running)
    assert running.keys() == sorted({r[0] for r in rows.values()})
    built = RunningCounts.from_columns(  # a fresh start from columns agrees too
        np.array(list(rows)), keys, np.array([keys.index(r[0]) for r in rows.values()]),
        np.array([r[1] for r in rows.values()]), np.array([ns(r[2]) for r in rows.values()]))
    assert_same_figures(rows, teams, end, days, tz, built)

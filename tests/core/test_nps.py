"""Tests for wallboard.nps: formulas, windows, team stats, ranking, movement and weekly trend."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from wallboard.config import Team
from wallboard.core.nps import (
    classify,
    count_promoters,
    goal_progress,
    leaderboard,
    margin_of_error,
    nps_score,
    rank_teams,
    team_stats,
    weekly_trend,
)

NAN = float("nan")
END = pd.Timestamp("2025-06-04 12:00", tz="UTC")  # a Wednesday
DAY = pd.Timedelta(days=1)
SECOND = pd.Timedelta(seconds=1)
A, B, C = Team("a", "Alpha"), Team("b", "Bravo"), Team("c", "Charlie")
STATS_COLUMNS = ["name", "responses", "promoters", "passives", "detractors", "nps", "moe",
                 "enough", "baseline", "goal", "progress", "at_goal", "promoters_week",
                 "prev_nps", "improvement"]


def rows(team: str, scores: list[int], age: pd.Timedelta = DAY) -> list[tuple]:
    """Return one response per score for team, answered age before END."""
    return [(team, score, END - age) for score in scores]


def frame(*groups: list[tuple]) -> pd.DataFrame:
    """Build a responses frame (possibly empty) from groups of rows."""
    data = [row for group in groups for row in group]
    return pd.DataFrame({
        "team": pd.Series([r[0] for r in data], dtype="str"),
        "score": pd.Series([r[1] for r in data], dtype="int64"),
        "answered_at": pd.Series(pd.to_datetime([r[2] for r in data], utc=True),
                                 dtype="datetime64[us, UTC]"),
    })


def independent_moe(p: int, d: int, n: int) -> float:
    ps, ds = p / n, d / n
    return 1.96 * 100 * math.sqrt((ps + ds - (ps - ds) ** 2) / n)


def same(actual: object, expected: object) -> bool:
    if isinstance(expected, float) and math.isnan(expected):
        return bool(pd.isna(actual))
    if isinstance(expected, float):
        return actual == pytest.approx(expected, abs=1e-9)
    return actual == expected


MIXED = [10] * 4 + [9] + [8, 7, 7] + [3, 6]  # 5 promoters, 3 passives, 2 detractors: NPS 30


# ---------------------------------------------------------------- classify


@pytest.mark.parametrize("score,expected", [
    (0, "detractor"), (1, "detractor"), (2, "detractor"), (3, "detractor"), (4, "detractor"),
    (5, "detractor"), (6, "detractor"), (7, "passive"), (8, "passive"), (9, "promoter"),
    (10, "promoter"),
])
def test_classify_each_score(score, expected):
    assert classify(pd.Series([score])).tolist() == [expected]
    assert classify(pd.Series([float(score)])).tolist() == [expected]


def test_classify_keeps_index_and_handles_empty():
    result = classify(pd.Series([9, 6, 7], index=[10, 20, 30]))
    assert result.to_dict() == {10: "promoter", 20: "detractor", 30: "passive"}
    assert classify(pd.Series([], dtype="int64")).tolist() == []


@pytest.mark.parametrize("bad,shown", [
    (11, "11"), (-1, "-1"), (NAN, "nan"), (7.5, "7.5"), (100, "100"), ("ten", "'ten'"),
    (None, "None"),
])
def test_classify_rejects_bad_scores(bad, shown):
    scores = pd.Series([9, bad, 3], dtype="int64" if isinstance(bad, int) else object)
    with pytest.raises(ValueError, match=f"score {shown} ") as info:
        classify(scores)
    assert "row 1" in str(info.value)


@pytest.mark.parametrize("scores,shown", [
    (pd.Series([9.0, 7.5, 3.0]), "7.5"),
    (pd.Series([9.0, NAN, 3.0]), "nan"),
    (pd.Series([9, None, 3], dtype="Int64"), "<NA>"),
    (pd.Series([9, 11, 3], dtype="Int64"), "11"),
    (pd.Series([9, 12, 3], dtype="uint8"), "12"),
    (pd.Series([True, False, True]), "True"),
])
def test_classify_rejects_bad_scores_of_any_dtype(scores, shown):
    with pytest.raises(ValueError, match=f"score {shown} "):
        classify(scores)


# ---------------------------------------------------------------- formulas


@pytest.mark.parametrize("p,d,n,nps", [
    (5, 2, 10, 30.0),        # mixed: 5 promoters, 3 passives, 2 detractors
    (10, 0, 10, 100.0),      # all promoters
    (0, 10, 10, -100.0),     # all detractors
    (0, 0, 10, 0.0),         # all passives
    (1, 0, 1, 100.0),        # a single promoter
    (0, 1, 1, -100.0),
    (3, 3, 9, 0.0),
    (2, 1, 3, 100 / 3),
    (7, 1, 12, 50.0),
    (40, 35, 100, 5.0),
])
def test_nps_and_margin_of_error(p, d, n, nps):
    assert nps_score(p, d, n) == pytest.approx(nps)
    assert margin_of_error(p, d, n) == pytest.approx(independent_moe(p, d, n))


@pytest.mark.parametrize("p,d,n,moe", [
    (5, 2, 10, 48.40844),   # 1.96 * 100 * sqrt(0.061)
    (10, 0, 10, 0.0),
    (0, 10, 10, 0.0),
    (0, 0, 10, 0.0),
    (1, 1, 2, 138.59293),   # 1.96 * 100 * sqrt(0.5)
])
def test_margin_of_error_known_values(p, d, n, moe):
    assert margin_of_error(p, d, n) == pytest.approx(moe, abs=1e-4)


@pytest.mark.parametrize("func", [nps_score, margin_of_error])
def test_formulas_are_nan_without_responses(func):
    assert math.isnan(func(0, 0, 0))
    result = func(pd.Series([5, 0]), pd.Series([2, 0]), pd.Series([10, 0]))
    assert result.iloc[0] > -101 and math.isnan(result.iloc[1])


def test_formulas_are_vectorised():
    p, d, n = pd.Series([5, 10, 0], index=list("xyz")), pd.Series([2, 0, 0]), [10, 10, 0]
    nps = nps_score(p, d, n)
    assert isinstance(nps, pd.Series) and list(nps.index) == ["x", "y", "z"]
    assert nps.tolist()[:2] == [30.0, 100.0] and math.isnan(nps.iloc[2])
    moe = margin_of_error(np.array([5, 10]), np.array([2, 0]), np.array([10, 10]))
    assert isinstance(moe, np.ndarray)
    assert moe == pytest.approx([independent_moe(5, 2, 10), 0.0])


@pytest.mark.parametrize("nps,baseline,goal,expected", [
    (32.0, 20.0, 40.0, 0.6),
    (20.0, 20.0, 40.0, 0.0),
    (40.0, 20.0, 40.0, 1.0),
    (50.0, 20.0, 40.0, 1.5),     # beyond the goal: not clipped
    (10.0, 20.0, 40.0, -0.5),    # below the baseline: not clipped
    (-10.0, -30.0, 10.0, 0.5),
    (30.0, None, 60.0, 0.5),     # no baseline: from 0, as core/teams.py does
    (32.0, 20.0, None, NAN),     # no goal
    (32.0, 20.0, NAN, NAN),
    (NAN, 20.0, 40.0, NAN),      # no responses
])
def test_goal_progress(nps, baseline, goal, expected):
    assert same(goal_progress(nps, baseline, goal), expected)


def test_goal_progress_is_vectorised():
    result = goal_progress(pd.Series([32.0, 32.0, NAN]), [20.0, 20.0, 20.0],
                           np.array([40.0, NAN, 40.0]))
    assert result.iloc[0] == pytest.approx(0.6)
    assert result.iloc[1:].isna().all()


# ---------------------------------------------------------------- team_stats

# (id, frame rows, teams, min_responses, {team: {column: expected}})
STATS_CASES = [
    pytest.param([], [A, B], 1, {
        "a": {"responses": 0, "promoters": 0, "nps": NAN, "moe": NAN, "enough": False,
              "progress": NAN, "at_goal": False, "promoters_week": 0},
        "b": {"responses": 0, "nps": NAN, "enough": False},
    }, id="no-responses-at-all"),
    pytest.param([rows("a", MIXED)], [A, B], 1, {
        "a": {"responses": 10, "promoters": 5, "passives": 3, "detractors": 2, "nps": 30.0,
              "moe": independent_moe(5, 2, 10), "enough": True},
        "b": {"responses": 0, "promoters": 0, "passives": 0, "detractors": 0, "nps": NAN,
              "moe": NAN, "enough": False},
    }, id="team-with-zero-responses-among-others"),
    pytest.param([rows("a", [0, 3, 6, 5])], [A], 1, {
        "a": {"detractors": 4, "nps": -100.0, "moe": 0.0},
    }, id="all-detractors"),
    pytest.param([rows("a", [9, 10, 10])], [A], 1, {
        "a": {"promoters": 3, "nps": 100.0, "moe": 0.0},
    }, id="all-promoters"),
    pytest.param([rows("a", [7, 8])], [A], 1, {
        "a": {"passives": 2, "nps": 0.0, "moe": 0.0},
    }, id="all-passives"),
    pytest.param([rows("a", MIXED)], [A], 10, {"a": {"enough": True}},
                 id="exactly-min-responses-is-enough"),
    pytest.param([rows("a", MIXED[:9])], [A], 10, {"a": {"enough": False, "nps": 100 * 4 / 9}},
                 id="one-fewer-is-not-enough-but-has-nps"),
    pytest.param([rows("a", [10], 90 * DAY), rows("a", [0], 90 * DAY - SECOND)], [A], 1, {
        "a": {"responses": 1, "promoters": 0, "detractors": 1},
    }, id="exactly-days-before-end-is-outside"),
    pytest.param([rows("a", [10], pd.Timedelta(0)), rows("a", [0], -SECOND)], [A], 1, {
        "a": {"responses": 1, "promoters": 1, "detractors": 0},
    }, id="exactly-at-end-is-inside-after-end-outside"),
    pytest.param([rows("a", [10]), rows("zz", [0, 0, 0])], [A], 1, {
        "a": {"responses": 1, "nps": 100.0},
    }, id="unconfigured-team-ignored"),
    pytest.param([rows("a", [10], 7 * DAY - SECOND), rows("a", [9], 7 * DAY),
                  rows("a", [10], 8 * DAY), rows("a", [5, 8], DAY)], [A], 1, {
        "a": {"promoters": 3, "promoters_week": 1, "responses": 5},
    }, id="promoters-this-week-half-open"),
]


@pytest.mark.parametrize("groups,teams,min_responses,expected", STATS_CASES)
def test_team_stats(groups, teams, min_responses, expected):
    stats = team_stats(frame(*groups), teams, end=END, days=90, min_responses=min_responses)
    assert list(stats.index) == [t.key for t in teams]
    for team, columns in expected.items():
        for column, value in columns.items():
            assert same(stats.loc[team, column], value), (team, column, stats.loc[team, column])


def test_team_stats_columns_types_and_team_order():
    teams = [Team("z", "Zulu", 20.0, 40.0), A, Team("m", "Mike")]
    stats = team_stats(frame(rows("a", MIXED), rows("z", [10])), teams, end=END.to_pydatetime(),
                       days=30, min_responses=1)
    assert list(stats.columns) == STATS_COLUMNS
    assert list(stats.index) == ["z", "a", "m"]
    assert stats["name"].tolist() == ["Zulu", "Alpha", "Mike"]
    for column in ("responses", "promoters", "passives", "detractors", "promoters_week"):
        assert pd.api.types.is_integer_dtype(stats[column]), column
    for column in ("enough", "at_goal"):
        assert pd.api.types.is_bool_dtype(stats[column]), column
    for column in ("nps", "moe", "baseline", "goal", "progress", "prev_nps", "improvement"):
        assert pd.api.types.is_float_dtype(stats[column]), column


def test_team_stats_without_configured_teams_uses_frame_teams():
    stats = team_stats(frame(rows("b", [10]), rows("a", [0, 9])), [], end=END, days=90,
                       min_responses=1)
    assert list(stats.index) == ["a", "b"]
    assert stats["name"].tolist() == ["a", "b"]
    assert stats["goal"].isna().all() and stats["progress"].isna().all()
    assert not stats["at_goal"].any()
    assert team_stats(frame(), [], end=END, days=90, min_responses=1).empty


# (id, previous-window scores and age, current scores, min, prev_nps, improvement)
PREVIOUS_CASES = [
    pytest.param([10, 10, 0, 0], 45 * DAY, MIXED, 4, 0.0, 30.0, id="both-windows-enough"),
    pytest.param([10, 0, 0, 0], 45 * DAY, [10] * 4, 4, -50.0, 150.0, id="big-improvement"),
    pytest.param([10, 10, 10], 45 * DAY, MIXED, 4, NAN, NAN, id="previous-too-few"),
    pytest.param([10, 0, 0, 0], 45 * DAY, [10, 10], 4, -50.0, NAN, id="current-too-few"),
    pytest.param([0, 0, 0, 0], 30 * DAY, [10] * 4, 4, -100.0, 200.0,
                 id="exactly-days-before-end-is-previous-window"),
    pytest.param([0, 0, 0, 0], 60 * DAY, [10] * 4, 4, NAN, NAN,
                 id="exactly-twice-days-before-end-is-outside-previous"),
    pytest.param([9, 9, 0, 0], 60 * DAY - SECOND, [10] * 4, 4, 0.0, 100.0,
                 id="just-inside-previous-window"),
]


@pytest.mark.parametrize("prev_scores,age,scores,min_responses,prev_nps,improvement",
                         PREVIOUS_CASES)
def test_previous_window_and_improvement(prev_scores, age, scores, min_responses, prev_nps,
                                         improvement):
    data = frame(rows("a", prev_scores, age), rows("a", scores))
    stats = team_stats(data, [A], end=END, days=30, min_responses=min_responses)
    assert same(stats.loc["a", "prev_nps"], prev_nps)
    assert same(stats.loc["a", "improvement"], improvement)
    assert stats.loc["a", "responses"] == len(scores)  # the previous window is not counted now


# (id, baseline, goal, scores, min, progress, at_goal, expected baseline, expected goal)
GOAL_CASES = [
    pytest.param(20.0, 40.0, [10] * 10 + [0] * 2 + [7] * 13, 1, 0.6, False, 20.0, 40.0,
                 id="20-to-40-at-32"),
    pytest.param(None, None, MIXED, 1, NAN, False, NAN, NAN, id="no-goal"),
    pytest.param(10.0, None, MIXED, 1, NAN, False, 10.0, NAN, id="baseline-without-goal"),
    pytest.param(None, 60.0, MIXED, 1, 0.5, False, 0.0, 60.0, id="goal-without-baseline"),
    pytest.param(0.0, 30.0, MIXED, 1, 1.0, True, 0.0, 30.0, id="exactly-at-goal"),
    pytest.param(0.0, 20.0, MIXED, 1, 1.5, True, 0.0, 20.0, id="beyond-goal"),
    pytest.param(40.0, 50.0, MIXED, 1, -1.0, False, 40.0, 50.0, id="below-baseline"),
    pytest.param(0.0, 30.0, MIXED, 11, 1.0, False, 0.0, 30.0, id="at-goal-needs-enough"),
    pytest.param(20.0, 40.0, [], 1, NAN, False, 20.0, 40.0, id="no-responses"),
]


@pytest.mark.parametrize("baseline,goal,scores,min_responses,progress,at_goal,base_out,goal_out",
                         GOAL_CASES)
def test_goal_columns(baseline, goal, scores, min_responses, progress, at_goal, base_out,
                      goal_out):
    team = Team("a", "Alpha", baseline, goal)
    stats = team_stats(frame(rows("a", scores)), [team], end=END, days=90,
                       min_responses=min_responses)
    row = stats.loc["a"]
    assert same(row["progress"], progress)
    assert bool(row["at_goal"]) is at_goal
    assert same(row["baseline"], base_out) and same(row["goal"], goal_out)


# ---------------------------------------------------------------- rank_teams


def stats_of(table: list[tuple]) -> pd.DataFrame:
    """Build a stats frame from (key, name, enough, metric) rows, metric in every order column."""
    keys = [r[0] for r in table]
    metric = [r[3] for r in table]
    return pd.DataFrame({
        "name": [r[1] for r in table], "enough": [r[2] for r in table],
        "nps": metric, "progress": metric, "improvement": metric, "promoters_week": metric,
    }, index=pd.Index(keys, name="team"))


ORDERS = ["nps", "progress", "improvement", "promoters"]
# (id, rows of key/name/enough/metric, expected sequence of (key, rank or None))
RANK_CASES = [
    pytest.param([("d", "D", True, 10), ("b", "B", True, 30), ("a", "A", True, 50),
                  ("c", "C", True, 30)],
                 [("a", 1), ("b", 2), ("c", 2), ("d", 4)], id="ties-share-rank-1-2-2-4"),
    pytest.param([("x", "Zed", True, 30), ("y", "Amy", True, 30), ("z", "Bob", True, 40)],
                 [("z", 1), ("y", 2), ("x", 2)], id="ties-listed-by-name"),
    pytest.param([("a", "A", True, 0.1 + 0.2), ("b", "B", True, 0.3), ("c", "C", True, 0.2)],
                 [("a", 1), ("b", 1), ("c", 3)], id="float-noise-does-not-split-tie"),
    pytest.param([("u", "Uni", False, 99), ("n", "Nan", True, NAN), ("r", "Ray", True, -5),
                  ("q", "Quin", True, 7), ("e", "Emma", False, NAN)],
                 [("q", 1), ("r", 2), ("e", None), ("n", None), ("u", None)],
                 id="unranked-after-ranked-by-name"),
    pytest.param([("a", "A", False, 1), ("b", "B", False, 2)], [("a", None), ("b", None)],
                 id="nobody-ranked"),
    pytest.param([("a", "A", True, -100), ("b", "B", True, -100)], [("a", 1), ("b", 1)],
                 id="all-tied"),
]


@pytest.mark.parametrize("order", ORDERS)
@pytest.mark.parametrize("table,expected", RANK_CASES)
def test_rank_teams(order, table, expected):
    stats = stats_of(table)
    ranked = rank_teams(stats, order)
    assert list(ranked.index) == [key for key, _ in expected]
    assert [None if pd.isna(r) else int(r) for r in ranked["rank"]] == [r for _, r in expected]
    assert ranked["ranked"].tolist() == [r is not None for _, r in expected]
    assert str(ranked["rank"].dtype) == "Int64"
    assert ranked["metric"].tolist() == pytest.approx(
        stats.loc[ranked.index, "nps"].astype(float).tolist(), nan_ok=True)
    assert list(stats.columns) == ["name", "enough", "nps", "progress", "improvement",
                                   "promoters_week"]  # input untouched


@pytest.mark.parametrize("order,column", [
    ("nps", "nps"), ("progress", "progress"), ("improvement", "improvement"),
    ("promoters", "promoters_week"),
])
def test_rank_teams_uses_the_orders_column(order, column):
    stats = stats_of([("a", "A", True, 1), ("b", "B", True, 2)])
    stats[column] = [5, 1]  # only this column says a is ahead
    assert list(rank_teams(stats, order).index) == ["a", "b"]


def test_rank_teams_rejects_unknown_order():
    with pytest.raises(ValueError, match="'speed'"):
        rank_teams(stats_of([("a", "A", True, 1)]), "speed")


# ---------------------------------------------------------------- leaderboard

# days=30, min_responses=2. Now: (END-30d, END]; a week ago: (END-37d, END-7d].
# Ages: 3d is only now, 10d is in both, 35d is only a week ago.
MOVEMENT_DATA = [
    rows("a", [10, 10], 10 * DAY), rows("a", [0, 0], 35 * DAY), rows("a", [10, 10], 3 * DAY),
    rows("b", [10, 10], 10 * DAY), rows("b", [0, 0], 3 * DAY),
    rows("c", [10, 0, 0, 0], 10 * DAY),
    rows("d", [0], 10 * DAY), rows("d", [0], 3 * DAY),
    rows("e", [0, 0], 35 * DAY), rows("e", [10], 3 * DAY),
]
MOVEMENT_TEAMS = [Team(k, k.upper()) for k in "fedcba"]
MOVEMENT_CASES = [  # in leaderboard order: key, nps now, rank, prev_rank, movement
    ("a", 100.0, 1, 2, "up"),
    ("b", 0.0, 2, 1, "down"),
    ("c", -50.0, 3, 3, "same"),
    ("d", -100.0, 4, None, "new"),
    ("e", 100.0, None, 4, ""),
    ("f", NAN, None, None, ""),
]


@pytest.fixture(scope="module")
def board() -> pd.DataFrame:
    return leaderboard(frame(*MOVEMENT_DATA), MOVEMENT_TEAMS, end=END, days=30,
                       min_responses=2, order="nps")


def test_leaderboard_order_and_columns(board):
    assert list(board.index) == [case[0] for case in MOVEMENT_CASES]
    assert list(board.columns) == [*STATS_COLUMNS, "metric", "rank", "ranked", "prev_rank",
                                   "movement"]
    assert str(board["prev_rank"].dtype) == "Int64"


@pytest.mark.parametrize("key,nps,rank,prev_rank,movement", MOVEMENT_CASES)
def test_leaderboard_movement(board, key, nps, rank, prev_rank, movement):
    row = board.loc[key]
    assert same(row["nps"], nps)
    assert (None if pd.isna(row["rank"]) else row["rank"]) == rank
    assert (None if pd.isna(row["prev_rank"]) else row["prev_rank"]) == prev_rank
    assert row["movement"] == movement


def test_leaderboard_by_promoters_this_week_shares_ranks():
    data = frame(rows("a", [10, 10, 0]), rows("b", [9, 0, 0]), rows("c", [10, 0, 0]),
                 rows("d", [10, 10, 10], 20 * DAY))
    teams = [A, B, C, Team("d", "Delta")]
    board = leaderboard(data, teams, end=END, days=30, min_responses=3, order="promoters")
    assert list(board.index) == ["a", "b", "c", "d"]
    assert board["rank"].tolist() == [1, 2, 2, 4]
    assert board["movement"].tolist() == ["new", "new", "new", "down"]


def test_leaderboard_on_empty_frame():
    board = leaderboard(frame(), [B, A], end=END, days=90, min_responses=1, order="progress")
    assert list(board.index) == ["a", "b"]
    assert board["movement"].tolist() == ["", ""]
    assert board["rank"].isna().all() and board["prev_rank"].isna().all()


# ---------------------------------------------------------------- weekly_trend


def ts(text: str, tz: str = "UTC") -> pd.Timestamp:
    return pd.Timestamp(text, tz=tz)


def test_weekly_trend_buckets():
    # Window (2025-05-21 12:00, 2025-06-04 12:00] UTC overlaps the weeks of 19 May, 26 May, 2 Jun.
    data = frame(
        rows("a", [10, 0], 14 * DAY - SECOND),       # Wed 21 May 12:00:01: week of 19 May
        rows("a", [10], 14 * DAY),                   # exactly on the boundary: outside
        rows("a", [10], 20 * DAY),                   # long before: outside
        rows("a", [9, 9, 7, 3], pd.Timedelta(days=2, hours=12)),  # Mon 2 Jun 00:00
        rows("b", [0], pd.Timedelta(days=2, hours=12, seconds=1)),  # Sun 1 Jun 23:59:59
        rows("b", [10], -SECOND),                    # after the end: outside
    )
    trend = weekly_trend(data, [A, B], end=END, days=14)
    assert list(trend.columns) == ["team", "week_start", "responses", "promoters", "detractors",
                                   "nps"]
    weeks = [ts("2025-05-19"), ts("2025-05-26"), ts("2025-06-02")]
    expected = [
        ("a", weeks[0], 2, 1, 1, 0.0),
        ("a", weeks[1], 0, 0, 0, NAN),
        ("a", weeks[2], 4, 2, 1, 25.0),
        ("b", weeks[0], 0, 0, 0, NAN),
        ("b", weeks[1], 1, 0, 1, -100.0),
        ("b", weeks[2], 0, 0, 0, NAN),
    ]
    assert len(trend) == len(expected)
    for row, want in zip(trend.itertuples(index=False), expected, strict=True):
        assert all(same(got, value) for got, value in zip(row, want, strict=True)), (row, want)


# (tz, answered_at in UTC, expected week_start in tz)
TZ_CASES = [
    pytest.param("UTC", "2025-06-01 22:30", "2025-05-26", id="sunday-night-utc"),
    pytest.param("Europe/Copenhagen", "2025-06-01 22:30", "2025-06-02",
                 id="same-instant-is-monday-in-copenhagen"),
    pytest.param("Europe/Copenhagen", "2025-06-01 21:59", "2025-05-26",
                 id="sunday-23-59-copenhagen"),
    pytest.param("Europe/Copenhagen", "2025-03-30 22:30", "2025-03-31",
                 id="first-monday-of-summer-time"),
    pytest.param("Europe/Copenhagen", "2025-03-30 21:30", "2025-03-24",
                 id="sunday-of-the-dst-switch"),
    pytest.param("Europe/Copenhagen", "2025-10-26 22:59", "2025-10-20",
                 id="sunday-after-winter-time"),
    pytest.param("Europe/Warsaw", "2025-01-05 23:00", "2025-01-06", id="warsaw-monday"),
    pytest.param("America/New_York", "2025-01-06 04:59", "2024-12-30", id="new-york-sunday"),
]


@pytest.mark.parametrize("tz,answered,week", TZ_CASES)
def test_weekly_trend_week_starts_monday_midnight_in_tz(tz, answered, week):
    data = frame([("a", 10, ts(answered))])
    trend = weekly_trend(data, [A], end=ts(answered) + DAY, days=21, tz=tz)
    starts = trend["week_start"]
    assert str(starts.dt.tz) == tz
    assert (starts.dt.day_of_week == 0).all() and (starts.dt.hour == 0).all()
    assert (starts.diff().dropna().dt.days.between(6, 7)).all()  # a DST week is 7 days +-1 h
    hit = trend[trend["responses"] == 1]
    assert len(hit) == 1
    assert hit["week_start"].iloc[0] == ts(week, tz)
    assert trend["responses"].sum() == 1
    assert trend.loc[trend["responses"] == 0, "nps"].isna().all()


@pytest.mark.parametrize("days,weeks", [(1, 1), (2, 1), (3, 2), (7, 2), (14, 3), (15, 3), (16, 3),
                                        (17, 4), (22, 4), (23, 4), (24, 5)])
def test_weekly_trend_covers_every_overlapping_week(days, weeks):
    # END is Wednesday 12:00; the window reaches back `days` days.
    trend = weekly_trend(frame(), [A, B], end=END, days=days)
    assert len(trend) == 2 * weeks
    assert trend["team"].tolist() == ["a"] * weeks + ["b"] * weeks
    assert trend["week_start"].iloc[-1] == ts("2025-06-02")
    assert trend["nps"].isna().all() and (trend["responses"] == 0).all()


def test_weekly_trend_without_teams_or_responses():
    trend = weekly_trend(frame(), [], end=END, days=14)
    assert trend.empty and list(trend.columns) == ["team", "week_start", "responses",
                                                   "promoters", "detractors", "nps"]


# ---------------------------------------------------------------- count_promoters

QUARTER = (ts("2025-04-01"), ts("2025-07-01"))
PROMOTER_ROWS = [
    ("a", 10, ts("2025-04-01")),            # exactly at start: counted
    ("a", 9, ts("2025-05-15 08:00")),
    ("a", 8, ts("2025-05-15 09:00")),       # passive
    ("a", 0, ts("2025-05-15 10:00")),       # detractor
    ("a", 10, ts("2025-07-01")),            # exactly at end: not counted
    ("a", 10, ts("2025-03-31 23:59:59")),   # before start
    ("b", 10, ts("2025-05-01")),            # other team
]


@pytest.mark.parametrize("team,start,end,expected", [
    ("a", *QUARTER, 2),
    ("b", *QUARTER, 1),
    ("c", *QUARTER, 0),
    ("a", ts("2025-04-01 00:00:01"), QUARTER[1], 1),
    ("a", QUARTER[0], ts("2025-07-01 00:00:01"), 3),
    ("a", ts("2025-03-01"), ts("2025-08-01"), 4),
    ("a", QUARTER[0], QUARTER[0], 0),
])
def test_count_promoters(team, start, end, expected):
    count = count_promoters(frame(PROMOTER_ROWS), team, start=start, end=end)
    assert count == expected and isinstance(count, int)


def test_count_promoters_on_empty_frame():
    assert count_promoters(frame(), "a", start=QUARTER[0], end=QUARTER[1]) == 0

"""Net Promoter Score arithmetic: classes, windows, team stats, rankings and weekly trends.

Every function here is pure and vectorised. A "responses frame" has the columns team (str),
score (int 0..10) and answered_at (tz-aware UTC); it may be empty. A window ending at `end` of
`days` days is the half-open interval (end - days, end].
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

import numpy as np
import pandas as pd

from wallboard.core.teams import Team

CLASSES = ("detractor", "passive", "promoter")  # category codes 0, 1, 2
ORDERS = {"nps": "nps", "progress": "progress", "improvement": "improvement",
          "promoters": "promoters_week"}
STATS_COLUMNS = ("name", "responses", "promoters", "passives", "detractors", "nps", "moe",
                 "enough", "baseline", "goal", "progress", "at_goal", "promoters_week",
                 "prev_nps", "improvement")
TREND_COLUMNS = ("team", "week_start", "responses", "promoters", "detractors", "nps")
FRAME_COLUMNS = ("team", "score", "answered_at")
Z95 = 1.96
WEEK = pd.Timedelta(days=7)
RANK_DECIMALS = 6  # metrics are compared at this precision so float noise cannot split a tie
GOAL_EPSILON = 1e-9

Number = Any  # a scalar, numpy array or pandas Series of numbers


# ---------------------------------------------------------------- scores and formulas


def _categories(scores: pd.Series) -> np.ndarray:
    """Return 0/1/2 (detractor/passive/promoter) per score; raise ValueError on a bad score."""
    scores = scores if isinstance(scores, pd.Series) else pd.Series(scores)
    if isinstance(scores.dtype, np.dtype) and scores.dtype.kind in "iu":
        values = scores.to_numpy()
        bad = (values < 0) | (values > 10)
    elif scores.dtype.kind == "b":
        values = np.zeros(len(scores))
        bad = np.ones(len(scores), dtype=bool)
    else:
        numbers = pd.to_numeric(scores, errors="coerce").to_numpy(dtype=float, na_value=np.nan)
        bad = ~np.isfinite(numbers) | (numbers < 0) | (numbers > 10)
        bad |= np.floor(np.where(bad, 0.0, numbers)) != np.where(bad, 0.0, numbers)
        values = np.where(bad, 0.0, numbers)
    if bad.any():
        pos = int(np.flatnonzero(bad)[0])
        value = scores.iloc[pos]
        shown = repr(value) if isinstance(value, str) else str(value)
        raise ValueError(f"score {shown} (row {scores.index[pos]!r}) is not a whole number "
                         "from 0 to 10")
    return (values >= 7).astype(np.int8) + (values >= 9)


def classify(scores: pd.Series) -> pd.Series:
    """Label each score promoter (9-10), passive (7-8) or detractor (0-6)."""
    scores = scores if isinstance(scores, pd.Series) else pd.Series(scores)
    labels = np.asarray(CLASSES, dtype=object)[_categories(scores)]
    return pd.Series(labels, index=scores.index, name=scores.name, dtype="str")


def _floats(value: Number) -> np.ndarray:
    if isinstance(value, pd.Series | pd.Index):
        return value.to_numpy(dtype=float, na_value=np.nan)
    return np.asarray(value, dtype=float)  # None becomes NaN


def _shaped(result: np.ndarray, *inputs: Number) -> Number:
    """Return result as a Series if any input is one, a float if scalar, else an array."""
    for value in inputs:
        if isinstance(value, pd.Series):
            return pd.Series(result, index=value.index)
    return float(result) if result.ndim == 0 else result


def nps_score(promoters: Number, detractors: Number, responses: Number) -> Number:
    """Return 100 * (promoters - detractors) / responses, NaN where responses is 0."""
    p, d, n = _floats(promoters), _floats(detractors), _floats(responses)
    with np.errstate(divide="ignore", invalid="ignore"):
        result = np.where(n > 0, 100.0 * (p - d) / n, np.nan)
    return _shaped(result, promoters, detractors, responses)


def margin_of_error(promoters: Number, detractors: Number, responses: Number) -> Number:
    """Return the 95 % margin of error of the NPS in points, NaN where responses is 0."""
    p, d, n = _floats(promoters), _floats(detractors), _floats(responses)
    with np.errstate(divide="ignore", invalid="ignore"):
        ps, ds = p / n, d / n
        variance = np.clip(ps + ds - (ps - ds) ** 2, 0.0, None)
        result = np.where(n > 0, Z95 * 100.0 * np.sqrt(variance / n), np.nan)
    return _shaped(result, promoters, detractors, responses)


def goal_progress(nps: Number, baseline: Number, goal: Number) -> Number:
    """Return (nps - baseline) / (goal - baseline), NaN without a goal; baseline defaults to 0."""
    v, b, g = _floats(nps), _floats(baseline), _floats(goal)
    b = np.where(np.isnan(b), 0.0, b)
    with np.errstate(divide="ignore", invalid="ignore"):
        result = np.where(np.isfinite(g) & (g != b), (v - b) / (g - b), np.nan)
    return _shaped(result, nps, baseline, goal)


# ---------------------------------------------------------------- windows


def _utc(moment: datetime | pd.Timestamp | str) -> pd.Timestamp:
    stamp = pd.Timestamp(moment)
    return stamp.tz_localize("UTC") if stamp.tzinfo is None else stamp.tz_convert("UTC")


def _np_time(stamp: pd.Timestamp) -> np.datetime64:
    return stamp.tz_convert("UTC").tz_localize(None).to_datetime64()


@dataclass(frozen=True)
class _Prepared:
    teams: tuple[Team, ...]
    cells: np.ndarray  # team position * 3 + category code, one per counted response
    times: np.ndarray  # naive UTC datetime64, one per counted response

    def counts(self, end: pd.Timestamp, span: pd.Timedelta) -> np.ndarray:
        """Return (teams, 3) detractor/passive/promoter counts in (end - span, end]."""
        mask = (self.times > _np_time(end - span)) & (self.times <= _np_time(end))
        cells = np.bincount(self.cells[mask], minlength=3 * len(self.teams))
        return cells.reshape(len(self.teams), 3)


class Counter(Protocol):
    """Class counts per team over any span: a prepared frame or running counts."""
    teams: tuple[Team, ...]

    def counts(self, end: pd.Timestamp, span: pd.Timedelta) -> np.ndarray:
        """Return (teams, 3) detractor/passive/promoter counts in (end - span, end]."""


def unique_teams(teams: Sequence[Team]) -> tuple[Team, ...]:
    """Return the teams once per key, in order; the first team of a repeated key wins."""
    by_key = {t.key: t for t in reversed(teams)}
    return tuple(by_key[k] for k in dict.fromkeys(t.key for t in teams))


def _prepare(frame: pd.DataFrame, teams: Sequence[Team]) -> _Prepared:
    missing = [c for c in FRAME_COLUMNS if c not in frame.columns]
    if missing:
        raise ValueError(f"responses frame lacks column(s): {', '.join(missing)}")
    if teams:
        config = unique_teams(teams)
        codes = pd.Index([t.key for t in config]).get_indexer(frame["team"])
    else:
        codes, keys = pd.factorize(frame["team"], sort=True)
        config = tuple(Team.unconfigured(str(k)) for k in keys)
    keep = codes >= 0
    scores, stamps = frame["score"], frame["answered_at"]
    if not keep.all():
        codes, scores, stamps = codes[keep], scores[keep], stamps[keep]
    times = pd.to_datetime(stamps, utc=True).dt.tz_localize(None).to_numpy()
    cells = codes.astype(np.int64) * 3 + _categories(scores)
    return _Prepared(config, cells, times)


def _team_floats(teams: Sequence[Team]) -> tuple[np.ndarray, np.ndarray]:
    goal = np.array([np.nan if t.goal is None else t.goal for t in teams], dtype=float)
    given = np.array([np.nan if t.baseline is None else t.baseline for t in teams], dtype=float)
    # As in core/teams.py: a goal without a baseline measures progress from 0.
    baseline = np.where(np.isnan(given) & ~np.isnan(goal), 0.0, given)
    return baseline, goal


def _stats(prep: Counter, end: datetime, days: int, min_responses: int) -> pd.DataFrame:
    if days < 1:
        raise ValueError(f"days must be at least 1, got {days}")
    end_ts, span = _utc(end), pd.Timedelta(days=days)
    now, before = prep.counts(end_ts, span), prep.counts(end_ts - span, span)
    week = prep.counts(end_ts, WEEK)
    n, prev_n = now.sum(axis=1), before.sum(axis=1)
    nps = nps_score(now[:, 2], now[:, 0], n)
    enough, prev_enough = n >= min_responses, prev_n >= min_responses
    prev_nps = np.where(prev_enough, nps_score(before[:, 2], before[:, 0], prev_n), np.nan)
    baseline, goal = _team_floats(prep.teams)
    return pd.DataFrame(
        {
            "name": pd.array([t.name for t in prep.teams], dtype="str"),
            "responses": n,
            "promoters": now[:, 2],
            "passives": now[:, 1],
            "detractors": now[:, 0],
            "nps": nps,
            "moe": margin_of_error(now[:, 2], now[:, 0], n),
            "enough": enough,
            "baseline": baseline,
            "goal": goal,
            "progress": goal_progress(nps, baseline, goal),
            "at_goal": enough & ~np.isnan(goal) & (nps >= goal - GOAL_EPSILON),
            "promoters_week": week[:, 2],
            "prev_nps": prev_nps,
            "improvement": np.where(enough & prev_enough, nps - prev_nps, np.nan),
        },
        index=pd.Index([t.key for t in prep.teams], name="team", dtype="str"),
    )


def team_stats(frame: pd.DataFrame, teams: Sequence[Team], *, end: datetime, days: int,
               min_responses: int) -> pd.DataFrame:
    """Compute each team's counts, NPS, margin, goal progress and week-on-window figures."""
    return _stats(_prepare(frame, teams), end, days, min_responses)


# ---------------------------------------------------------------- ranking


def rank_teams(stats: pd.DataFrame, order: str) -> pd.DataFrame:
    """Rank teams by the order's metric (ties share a rank); unranked teams go last by name."""
    if order not in ORDERS:
        raise ValueError(f"unknown leaderboard order {order!r}; known: {', '.join(ORDERS)}")
    # In numpy and plain lists: the poller ranks twice per change (now and a week ago).
    metric = stats[ORDERS[order]].to_numpy(dtype=float, na_value=np.nan)
    ranked = stats["enough"].to_numpy(dtype=bool) & ~np.isnan(metric)
    rank = pd.Series(np.where(ranked, np.round(metric, RANK_DECIMALS), np.nan)).rank(
        method="min", ascending=False).to_numpy()
    # Ranked first by rank, then by name (case-folded, then as written) and key.
    names, keys = [str(n) for n in stats["name"].tolist()], [str(k) for k in stats.index]
    place = np.where(np.isnan(rank), 0.0, rank).tolist()
    unranked = (~ranked).tolist()
    rows = sorted(range(len(keys)), key=lambda i: (unranked[i], place[i], names[i].casefold(),
                                                   names[i], keys[i]))
    out = stats.iloc[rows].copy()
    out["metric"] = metric[rows]
    out["rank"] = pd.Series(rank[rows], index=out.index).astype("Int64")
    out["ranked"] = ranked[rows]
    return out


def leaderboard(frame: pd.DataFrame, teams: Sequence[Team], *, end: datetime, days: int,
                min_responses: int, order: str) -> pd.DataFrame:
    """Rank teams now and a week ago, and say how each moved."""
    return ranked_board(_prepare(frame, teams), end=end, days=days,
                        min_responses=min_responses, order=order)


def ranked_board(counter: Counter, *, end: datetime, days: int, min_responses: int,
                 order: str) -> pd.DataFrame:
    """Return the leaderboard of `leaderboard` from a Counter of class counts per span."""
    now = rank_teams(_stats(counter, end, days, min_responses), order)
    before = rank_teams(_stats(counter, _utc(end) - WEEK, days, min_responses), order)
    prev_rank = before["rank"].reindex(now.index)
    now["prev_rank"] = prev_rank
    rank = now["rank"].to_numpy(dtype=float, na_value=np.nan)
    prev = prev_rank.to_numpy(dtype=float, na_value=np.nan)
    with np.errstate(invalid="ignore"):
        movement = np.select(
            [~now["ranked"].to_numpy(), np.isnan(prev), rank < prev, rank > prev],
            ["", "new", "up", "down"], "same")
    now["movement"] = pd.array(movement, dtype="str")
    return now


# ---------------------------------------------------------------- weekly trend and counts


def trend_weeks(end: datetime, days: int, tz: str) -> tuple[pd.Timestamp, int]:
    """Return the local Monday (naive, in tz) the trend of a window starts at, and its weeks."""
    first, last = (stamp.tz_convert(tz).tz_localize(None).normalize()
                   for stamp in (_utc(end) - pd.Timedelta(days=days), _utc(end)))
    first, last = (d - pd.Timedelta(days=d.day_of_week) for d in (first, last))
    return first, (last - first).days // 7 + 1


def weekly_trend(frame: pd.DataFrame, teams: Sequence[Team], *, end: datetime, days: int,
                 tz: str = "UTC") -> pd.DataFrame:
    """Count and score each team's responses per Monday-to-Sunday week of the window in tz."""
    prep = _prepare(frame, teams)
    end_ts = _utc(end)
    start_ts = end_ts - pd.Timedelta(days=days)
    first, weeks = trend_weeks(end, days, tz)
    mask = (prep.times > _np_time(start_ts)) & (prep.times <= _np_time(end_ts))
    local = pd.DatetimeIndex(prep.times[mask]).tz_localize("UTC").tz_convert(tz)
    local = local.tz_localize(None)
    week = ((local.normalize() - first).days.to_numpy() - local.day_of_week.to_numpy()) // 7
    cells = prep.cells[mask]
    slots = ((cells // 3) * weeks + week) * 3 + cells % 3
    counts = np.bincount(slots, minlength=3 * weeks * len(prep.teams)).reshape(-1, 3)
    return trend_frame(prep.teams, counts, first=first, weeks=weeks, tz=tz)


def trend_frame(teams: Sequence[Team], counts: np.ndarray, *, first: pd.Timestamp, weeks: int,
                tz: str) -> pd.DataFrame:
    """Return the trend table of counts shaped (teams * weeks, 3), team by team, week by week."""
    starts = pd.date_range(first, periods=weeks, freq="7D").tz_localize(
        tz, ambiguous=np.ones(weeks, dtype=bool), nonexistent="shift_forward")
    n = counts.sum(axis=1)
    return pd.DataFrame({
        "team": pd.array(np.repeat([t.key for t in teams], weeks), dtype="str"),
        "week_start": starts[np.tile(np.arange(weeks), len(teams))],
        "responses": n,
        "promoters": counts[:, 2],
        "detractors": counts[:, 0],
        "nps": nps_score(counts[:, 2], counts[:, 0], n),
    })


def promoters_by_team(frame: pd.DataFrame, *, start: datetime, end: datetime) -> pd.Series:
    """Count promoters per team answered at or after start and before end, in one pass."""
    stamps = pd.to_datetime(frame["answered_at"], utc=True)
    mask = (stamps >= _utc(start)).to_numpy() & (stamps < _utc(end)).to_numpy()
    mask &= _categories(frame["score"]) == 2
    return frame["team"][mask].value_counts()


def count_promoters(frame: pd.DataFrame, team: str, *, start: datetime, end: datetime) -> int:
    """Count a team's promoters answered at or after start and before end."""
    return int(promoters_by_team(frame, start=start, end=end).get(team, 0))

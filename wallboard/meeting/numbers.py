"""Numbers of the weekly meeting view: summary, comparison, distribution, employees, SLA share.

Pure functions: pandas frames in, frozen dataclasses out. NPS arithmetic comes from nps.py.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime

import numpy as np
import pandas as pd

from wallboard.config import Team
from wallboard.core.nps import classify, goal_progress, margin_of_error, nps_score

COMPARED = ("nps", "responses", "promoters", "passives", "detractors")
UNASSIGNED = ""  # the employee of responses that name nobody


@dataclass(frozen=True)
class Summary:
    """A period's counts and NPS; nps and margin are None below the minimum of responses."""

    responses: int
    promoters: int
    passives: int
    detractors: int
    nps: float | None
    margin: float | None
    too_few: bool


@dataclass(frozen=True)
class Change:
    """One figure now and in the period before; delta is None unless both are known."""

    current: float | None
    previous: float | None
    delta: float | None


@dataclass(frozen=True)
class EmployeeRow:
    """One employee's period: counts, NPS and its change on the previous period."""

    employee: str  # "" for responses that name no employee
    responses: int
    promoters: int
    detractors: int
    nps: float | None
    previous_nps: float | None
    delta: float | None
    too_few: bool


@dataclass(frozen=True)
class SlaShare:
    """How many of a period's detractors were followed up within the SLA.

    due = in_time + late + overdue; open_not_due ones are still within their SLA and left out
    of the share. share is in percent, None when nothing is due; met is None then too.
    """

    due: int
    in_time: int
    late: int
    overdue: int
    open_not_due: int
    share: float | None
    target: float
    met: bool | None


def _optional(value: float) -> float | None:
    return None if value is None or not math.isfinite(value) else float(value)


def summarize(frame: pd.DataFrame, min_responses: int) -> Summary:
    """Count a frame's responses by class and score it; frame needs a score column."""
    kinds = classify(frame["score"]).value_counts()
    p, n_ = int(kinds.get("promoter", 0)), int(kinds.get("passive", 0))
    d = int(kinds.get("detractor", 0))
    n = p + n_ + d
    too_few = n < max(1, min_responses)
    return Summary(
        responses=n, promoters=p, passives=n_, detractors=d,
        nps=None if too_few else _optional(nps_score(p, d, n)),
        margin=None if too_few else _optional(margin_of_error(p, d, n)),
        too_few=too_few)


def _change(current: float | None, previous: float | None) -> Change:
    delta = None if current is None or previous is None else float(current) - float(previous)
    return Change(current=current, previous=previous, delta=delta)


def compare(current: Summary, previous: Summary) -> dict[str, Change]:
    """Pair NPS and the counts with the previous period's (keys as in COMPARED)."""
    return {name: _change(getattr(current, name), getattr(previous, name)) for name in COMPARED}


def score_distribution(frame: pd.DataFrame) -> tuple[int, ...]:
    """Return how many responses gave each score, 0 to 10 (eleven counts)."""
    scores = frame["score"]
    classify(scores)  # raises ValueError on a score that is not a whole number 0..10
    values = pd.to_numeric(scores).to_numpy(dtype=np.int64)
    return tuple(int(c) for c in np.bincount(values, minlength=11))


def goal_progress_for(nps: float | None, team: Team | None) -> float | None:
    """Return the share of the way from the team's baseline to its goal, None without one."""
    if nps is None or team is None or team.goal is None:
        return None
    baseline = 0.0 if team.baseline is None else team.baseline
    return _optional(goal_progress(nps, baseline, team.goal))


def _employees(frame: pd.DataFrame) -> pd.Series:
    names = frame["employee"].where(frame["employee"].notna(), UNASSIGNED)
    return names.astype(str).str.strip()


def _per_employee(frame: pd.DataFrame, min_responses: int) -> dict[str, Summary]:
    if frame.empty:
        return {}
    names = _employees(frame)
    return {str(name): summarize(frame.loc[names == name], min_responses)
            for name in pd.unique(names)}


def employee_table(current: pd.DataFrame, previous: pd.DataFrame,
                   min_responses: int) -> list[EmployeeRow]:
    """List each employee of the current period with NPS and change on the previous one.

    Frames have the columns employee and score. Order: employees with enough responses by NPS
    (highest first), then those with too few, each by name; responses naming nobody form
    the row with employee "" and come last. Employees only in the previous period are left out.
    """
    now = _per_employee(current, min_responses)
    before = _per_employee(previous, min_responses)
    rows = []
    for name, summary in now.items():
        prev = before.get(name)
        prev_nps = prev.nps if prev is not None else None
        rows.append(EmployeeRow(
            employee=name, responses=summary.responses, promoters=summary.promoters,
            detractors=summary.detractors, nps=summary.nps, previous_nps=prev_nps,
            delta=_change(summary.nps, prev_nps).delta, too_few=summary.too_few))
    return sorted(rows, key=lambda r: (r.employee == UNASSIGNED, r.nps is None,
                                       -(r.nps or 0.0), r.employee.casefold(), r.employee))


def _utc_times(frame: pd.DataFrame, column: str) -> pd.Series:
    if column not in frame.columns:
        return pd.Series(pd.NaT, index=frame.index, dtype="datetime64[ns, UTC]")
    return pd.to_datetime(frame[column], utc=True)


def sla_share(followups: pd.DataFrame, *, now: datetime, sla_hours: float,
              target_percent: float) -> SlaShare:
    """Share of the period's detractors followed up within sla_hours of answering, in percent.

    followups has one row per detractor with answered_at, contacted_at and resolved_at (NaT
    when not yet). The first of contacted_at and resolved_at is the follow-up. A detractor not
    followed up is overdue once now - answered_at > sla_hours, and otherwise not yet due.
    """
    answered = _utc_times(followups, "answered_at")
    first = pd.concat([_utc_times(followups, "contacted_at"),
                       _utc_times(followups, "resolved_at")], axis=1).min(axis=1)
    deadline = answered + pd.Timedelta(hours=sla_hours)
    followed = first.notna()
    in_time = int((followed & (first <= deadline)).sum())
    late = int(followed.sum()) - in_time
    overdue = int((~followed & (pd.Timestamp(now).tz_convert("UTC") > deadline)).sum())
    open_not_due = len(followups) - in_time - late - overdue
    due = in_time + late + overdue
    share = 100.0 * in_time / due if due else None
    return SlaShare(due=due, in_time=in_time, late=late, overdue=overdue,
                    open_not_due=open_not_due, share=share, target=float(target_percent),
                    met=None if share is None else share >= target_percent)


def weekly_counts(frame: pd.DataFrame, tz: str, *, start: datetime | None = None,
                  end: datetime | None = None) -> pd.DataFrame:
    """Count and score responses per Monday-to-Sunday week in tz, with empty weeks as 0.

    frame has score and answered_at. start and end (UTC-aware, optional) widen the range of
    weeks listed beyond those with responses; end is exclusive. Columns: week_start (local
    Monday 00:00, tz-aware), responses, promoters, passives, detractors, nps (NaN when empty).
    """
    columns = ["week_start", "responses", "promoters", "passives", "detractors", "nps"]
    stamps = pd.to_datetime(frame["answered_at"], utc=True)
    kinds = classify(frame["score"])
    local = stamps.dt.tz_convert(tz).dt.tz_localize(None).dt.normalize()
    mondays = local - pd.to_timedelta(local.dt.day_of_week, unit="D")
    bounds = list(mondays)
    for edge, shift in ((start, 0), (end, -1)):
        if edge is not None:
            day = pd.Timestamp(edge).tz_convert(tz).tz_localize(None)
            day = (day - pd.Timedelta(microseconds=1) if shift else day).normalize()
            bounds.append(day - pd.Timedelta(days=day.day_of_week))
    if not bounds:
        return pd.DataFrame(columns=columns)
    weeks = pd.date_range(min(bounds), max(bounds), freq="7D")
    table = pd.crosstab(mondays, kinds).reindex(index=weeks, fill_value=0)
    table = table.reindex(columns=["promoter", "passive", "detractor"], fill_value=0)
    p, n_, d = (table[c].to_numpy(dtype=np.int64) for c in ("promoter", "passive", "detractor"))
    n = p + n_ + d
    return pd.DataFrame({
        "week_start": weeks.tz_localize(tz, ambiguous=np.ones(len(weeks), dtype=bool),
                                        nonexistent="shift_forward"),
        "responses": n, "promoters": p, "passives": n_, "detractors": d,
        "nps": nps_score(p, d, n),
    }, columns=columns)

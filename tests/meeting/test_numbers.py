"""Meeting numbers: summary, comparison, distribution, goal, employee table, SLA share, weeks."""

from __future__ import annotations

from datetime import UTC, datetime

import numpy as np
import pandas as pd
import pytest

from wallboard.config import Team
from wallboard.core.nps import margin_of_error
from wallboard.meeting.numbers import (
    Change,
    EmployeeRow,
    SlaShare,
    Summary,
    compare,
    employee_table,
    goal_progress_for,
    score_distribution,
    sla_share,
    summarize,
    weekly_counts,
)

NOW = datetime(2026, 11, 18, 12, 0, tzinfo=UTC)


def scores(*values: int) -> pd.DataFrame:
    return pd.DataFrame({"score": list(values)})


@pytest.mark.parametrize(("values", "minimum", "expected"), [
    ((10, 9, 8, 7, 6), 5, Summary(5, 2, 2, 1, 20.0, margin_of_error(2, 1, 5), False)),
    ((10, 9, 8, 7, 6), 6, Summary(5, 2, 2, 1, None, None, True)),
    ((0, 0), 1, Summary(2, 0, 0, 2, -100.0, 0.0, False)),
    ((), 0, Summary(0, 0, 0, 0, None, None, True)),
    ((), 5, Summary(0, 0, 0, 0, None, None, True)),
])
def test_summarize(values, minimum, expected):
    assert summarize(scores(*values), minimum) == expected


def test_summarize_refuses_bad_scores():
    with pytest.raises(ValueError, match="not a whole number from 0 to 10"):
        summarize(scores(11), 1)


def test_compare_pairs_every_figure():
    now = summarize(scores(10, 10, 9, 3), 1)
    before = summarize(scores(10, 5, 5, 8), 1)
    changes = compare(now, before)
    assert set(changes) == {"nps", "responses", "promoters", "passives", "detractors"}
    assert changes["nps"] == Change(50.0, -25.0, 75.0)
    assert changes["responses"] == Change(4, 4, 0)
    assert changes["promoters"] == Change(3, 1, 2)
    assert changes["passives"] == Change(0, 1, -1)
    assert changes["detractors"] == Change(1, 2, -1)


def test_compare_without_a_previous_nps_has_no_delta():
    changes = compare(summarize(scores(10, 9), 2), summarize(scores(10), 2))
    assert changes["nps"] == Change(100.0, None, None)
    assert changes["responses"] == Change(2, 1, 1)


def test_score_distribution():
    assert score_distribution(scores(0, 10, 10, 7, 3, 3, 3)) == (1, 0, 0, 3, 0, 0, 0, 1, 0, 0, 2)
    assert score_distribution(scores()) == (0,) * 11
    assert score_distribution(pd.DataFrame({"score": [5.0, 9.0]}))[5] == 1
    with pytest.raises(ValueError):
        score_distribution(scores(-1))


@pytest.mark.parametrize(("nps", "team", "expected"), [
    (30.0, Team("a", "A", baseline=20, goal=40), 0.5),
    (50.0, Team("a", "A", baseline=20, goal=40), 1.5),
    (10.0, Team("a", "A", goal=40), 0.25),  # no baseline: from 0
    (10.0, Team("a", "A", baseline=20), None),  # no goal
    (None, Team("a", "A", baseline=20, goal=40), None),
    (10.0, None, None),
    # Validation refuses a goal that is not above the baseline; the arithmetic still copes.
    (10.0, Team.model_construct(key="a", name="A", baseline=40, goal=40), None),
])
def test_goal_progress_for(nps, team, expected):
    assert goal_progress_for(nps, team) == expected


def staff(*rows: tuple[str | None, int]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["employee", "score"])


def test_employee_table_orders_by_nps_then_too_few_then_unassigned():
    current = staff(
        ("Ola", 10), ("Ola", 9), ("Ola", 3),  # 33.3
        ("Bea", 10), ("Bea", 10), ("Bea", 8),  # 66.7
        ("anna", 10), ("anna", 6), ("anna", 8),  # 0
        ("Zed", 10),  # too few
        ("Carl", 2),  # too few
        (None, 10), ("", 9), ("  ", 1),  # unassigned
    )
    previous = staff(("Ola", 10), ("Ola", 10), ("Ola", 10), ("Bea", 1), ("Gone", 10))
    rows = employee_table(current, previous, min_responses=3)
    assert [r.employee for r in rows] == ["Bea", "Ola", "anna", "Carl", "Zed", ""]
    ola = rows[1]
    assert ola == EmployeeRow(employee="Ola", responses=3, promoters=2, detractors=1,
                              nps=pytest.approx(100 / 3), previous_nps=100.0,
                              delta=pytest.approx(100 / 3 - 100), too_few=False)
    assert rows[0].previous_nps is None and rows[0].delta is None  # Bea had 1 before
    assert rows[3] == EmployeeRow("Carl", 1, 0, 1, None, None, None, True)
    assert rows[-1] == EmployeeRow("", 3, 2, 1, pytest.approx(100 / 3), None, None, False)


def test_employee_table_ties_by_name_and_empty_frames():
    current = staff(("bo", 10), ("Al", 10), ("Cy", 10))
    assert [r.employee for r in employee_table(current, staff(), 1)] == ["Al", "bo", "Cy"]
    assert employee_table(staff(), staff(), 1) == []


def stamp(text: str | None) -> pd.Timestamp:
    return pd.NaT if text is None else pd.Timestamp(text)


def followups(*rows: tuple[str, str | None, str | None]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=["answered_at", "contacted_at", "resolved_at"])
    for column in frame.columns:
        frame[column] = pd.to_datetime(frame[column], utc=True)
    return frame


@pytest.mark.parametrize(("row", "kind"), [
    (("2026-11-17T12:00Z", "2026-11-17T20:00Z", None), "in_time"),
    (("2026-11-16T12:00Z", "2026-11-17T12:00Z", None), "in_time"),  # exactly 24 h
    (("2026-11-16T12:00Z", "2026-11-17T12:01Z", None), "late"),
    (("2026-11-16T12:00Z", None, None), "overdue"),
    (("2026-11-17T11:59Z", None, None), "overdue"),  # 24 h and a minute ago
    (("2026-11-17T12:00Z", None, None), "open_not_due"),  # exactly 24 h: not yet overdue
    (("2026-11-18T09:00Z", None, None), "open_not_due"),
    (("2026-11-10T12:00Z", "2026-11-10T14:00Z", "2026-11-14T12:00Z"), "in_time"),
    (("2026-11-10T12:00Z", "2026-11-12T14:00Z", "2026-11-12T16:00Z"), "late"),
    (("2026-11-10T12:00Z", None, "2026-11-11T10:00Z"), "in_time"),  # resolved, never contacted
    (("2026-11-10T12:00Z", None, "2026-11-12T10:00Z"), "late"),
    (("2026-11-18T10:00Z", "2026-11-18T11:00Z", None), "in_time"),  # done before it was due
])
def test_sla_share_classifies_each_detractor(row, kind):
    result = sla_share(followups(row), now=NOW, sla_hours=24, target_percent=90)
    counts = {k: getattr(result, k) for k in ("in_time", "late", "overdue", "open_not_due")}
    assert counts == {k: int(k == kind) for k in counts}
    assert result.due == (0 if kind == "open_not_due" else 1)


def test_sla_share_leaves_not_yet_due_out_of_the_share():
    frame = followups(
        ("2026-11-17T12:00Z", "2026-11-17T13:00Z", None),  # in time
        ("2026-11-16T12:00Z", "2026-11-16T13:00Z", "2026-11-16T15:00Z"),  # in time
        ("2026-11-15T12:00Z", None, "2026-11-15T14:00Z"),  # in time
        ("2026-11-14T12:00Z", "2026-11-16T12:00Z", None),  # late
        ("2026-11-14T12:00Z", None, None),  # overdue
        ("2026-11-18T11:00Z", None, None),  # not yet due
    )
    result = sla_share(frame, now=NOW, sla_hours=24, target_percent=60)
    assert result == SlaShare(due=5, in_time=3, late=1, overdue=1, open_not_due=1, share=60.0,
                              target=60.0, met=True)
    assert not sla_share(frame, now=NOW, sla_hours=24, target_percent=90).met
    # With a 48-hour SLA the late one is in time and the overdue one is still overdue.
    wider = sla_share(frame, now=NOW, sla_hours=48, target_percent=90)
    assert (wider.in_time, wider.late, wider.overdue, wider.share) == (4, 0, 1, 80.0)


def test_sla_share_with_nothing_due():
    nothing = sla_share(followups(), now=NOW, sla_hours=24, target_percent=90)
    assert nothing == SlaShare(0, 0, 0, 0, 0, None, 90.0, None)
    fresh = followups(("2026-11-18T11:00Z", None, None))
    assert sla_share(fresh, now=NOW, sla_hours=24, target_percent=90).share is None


def test_sla_share_accepts_object_columns_with_none():
    frame = pd.DataFrame({
        "answered_at": [datetime(2026, 11, 17, 12, tzinfo=UTC)],
        "contacted_at": [None],
        "resolved_at": [datetime(2026, 11, 17, 13, tzinfo=UTC)],
    })
    assert sla_share(frame, now=NOW, sla_hours=24, target_percent=90).in_time == 1


def test_weekly_counts_uses_local_mondays_and_fills_empty_weeks():
    frame = pd.DataFrame({
        "score": [10, 3, 9, 7],
        "answered_at": pd.to_datetime([
            "2026-10-25T22:30Z",  # Sunday 23:30 local (winter time): week of 19 Oct
            "2026-10-25T23:30Z",  # Monday 00:30 local: week of 26 Oct
            "2026-10-26T10:00Z",
            "2026-11-11T10:00Z",
        ], utc=True),
    })
    weeks = weekly_counts(frame, "Europe/Copenhagen", end=datetime(2026, 11, 22, 23, tzinfo=UTC))
    assert [w.strftime("%Y-%m-%d %H:%M%z") for w in weeks["week_start"]] == [
        "2026-10-19 00:00+0200", "2026-10-26 00:00+0100", "2026-11-02 00:00+0100",
        "2026-11-09 00:00+0100", "2026-11-16 00:00+0100"]
    assert weeks["responses"].tolist() == [1, 2, 0, 1, 0]
    assert weeks["promoters"].tolist() == [1, 1, 0, 0, 0]
    assert weeks["passives"].tolist() == [0, 0, 0, 1, 0]
    assert weeks["detractors"].tolist() == [0, 1, 0, 0, 0]
    nps = weeks["nps"].to_numpy()
    assert nps[0] == 100 and nps[1] == 0 and nps[3] == 0 and np.isnan(nps[2])


def test_weekly_counts_of_nothing():
    empty = pd.DataFrame({"score": [], "answered_at": pd.to_datetime([], utc=True)})
    assert weekly_counts(empty, "UTC").empty
    spanned = weekly_counts(empty, "UTC", start=datetime(2026, 11, 2, tzinfo=UTC),
                            end=datetime(2026, 11, 16, tzinfo=UTC))
    assert spanned["responses"].tolist() == [0, 0]

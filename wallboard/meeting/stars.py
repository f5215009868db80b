"""Rising stars of the meeting view: whose NPS rose most on the previous period, and who has
the most promoters. Pure: frames with employee and score in, plain rows out.

A rise counts only on enough responses to mean something: at least RISING_MIN_RESPONSES
(or wall.min_responses when higher) in both periods. Responses naming nobody are nobody's.
The meeting view is signed in, so [privacy] hidden_employees (a rule of the public wall)
does not hide anyone here.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from wallboard.meeting.numbers import summarize

RISING_MIN_RESPONSES = 10
STARS = 3  # names in each list


@dataclass(frozen=True)
class Star:
    """One employee in a list: the period's figures and, for a rise, the previous NPS."""

    employee: str
    responses: int
    promoters: int
    nps: float | None
    previous_nps: float | None = None
    delta: float | None = None


@dataclass(frozen=True)
class Stars:
    """The two lists, best first, and the minimum a rise needed in both periods."""

    rising: tuple[Star, ...]
    promoters: tuple[Star, ...]
    min_responses: int


def _by_employee(frame: pd.DataFrame, min_responses: int) -> dict:
    if frame.empty:
        return {}
    names = frame["employee"].where(frame["employee"].notna(), "").astype(str).str.strip()
    return {name: summarize(frame.loc[names == name], min_responses)
            for name in pd.unique(names) if name}


def rising_stars(current: pd.DataFrame, previous: pd.DataFrame, *,
                 min_responses: int = RISING_MIN_RESPONSES, n: int = STARS) -> Stars:
    """Return the employees whose NPS rose most (on min_responses in both periods) and
    those with the most promoters in the current period (ties: better NPS, then name)."""
    now, before = _by_employee(current, min_responses), _by_employee(previous, min_responses)
    rising = []
    for name, summary in now.items():
        prev = before.get(name)
        if summary.too_few or prev is None or prev.too_few:
            continue
        delta = summary.nps - prev.nps
        if delta > 0:
            rising.append(Star(name, summary.responses, summary.promoters, summary.nps,
                               prev.nps, delta))
    rising.sort(key=lambda s: (-s.delta, s.employee.casefold()))
    most = [Star(name, s.responses, s.promoters, s.nps) for name, s in now.items()
            if s.promoters > 0]
    most.sort(key=lambda s: (-s.promoters, -(s.nps if s.nps is not None else -101),
                             s.employee.casefold()))
    return Stars(tuple(rising[:n]), tuple(most[:n]), min_responses)

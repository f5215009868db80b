"""Rising stars: the biggest rises on enough responses in both periods, the most promoters."""

from __future__ import annotations

import pandas as pd

from wallboard.meeting.stars import rising_stars


def frame(rows: dict[str | None, list[int]]) -> pd.DataFrame:
    data = [(name, score) for name, scores in rows.items() for score in scores]
    return pd.DataFrame(data, columns=["employee", "score"])


def test_a_rise_needs_enough_responses_in_both_periods() -> None:
    now = frame({"Anna": [10] * 8 + [5] * 2,    # NPS 60, 10 responses
                 "Bo": [10] * 10,               # NPS 100, 10 responses
                 "Cem": [10] * 12,              # rose, but only 9 responses before
                 "Dita": [9] * 5 + [7] * 5,     # NPS 50: fell
                 None: [10] * 30})              # nobody's
    before = frame({"Anna": [10] * 5 + [3] * 5,  # NPS 0
                    "Bo": [10] * 7 + [8] * 3,    # NPS 70
                    "Cem": [0] * 9,
                    "Dita": [10] * 10,
                    None: [0] * 30})
    stars = rising_stars(now, before, min_responses=10)
    assert [(s.employee, s.delta) for s in stars.rising] == [("Anna", 60.0), ("Bo", 30.0)]
    assert stars.rising[0].previous_nps == 0.0 and stars.rising[0].nps == 60.0
    assert [(s.employee, s.promoters) for s in stars.promoters] == \
        [("Cem", 12), ("Bo", 10), ("Anna", 8)]
    assert stars.min_responses == 10


def test_empty_periods_give_empty_lists() -> None:
    empty = frame({})
    stars = rising_stars(empty, empty)
    assert stars.rising == () and stars.promoters == ()
    only_now = rising_stars(frame({"Anna": [10] * 20}), empty)
    assert only_now.rising == () and [s.employee for s in only_now.promoters] == ["Anna"]


def test_ties_in_promoters_go_to_the_better_nps_then_the_name() -> None:
    now = frame({"Zoe": [10, 10, 0], "Adam": [10, 10, 0], "Eva": [10, 10, 8]})
    names = [s.employee for s in rising_stars(now, frame({}), min_responses=3).promoters]
    assert names == ["Eva", "Adam", "Zoe"]

"""Rising stars in the signed-in meeting view, in a real Chromium: the lists match the
store's rows, the card speaks the chosen language, and hidden employees are still named.
"""

from __future__ import annotations

from datetime import datetime

import pandas as pd
import pytest
from sqlalchemy import Engine, select

from tests.support.meeting import Meeting, R, local_monday
from wallboard.meeting.stars import rising_stars

pytestmark = pytest.mark.browser


def frame(engine: Engine, team: str, start: datetime, end: datetime) -> pd.DataFrame:
    query = select(R.employee, R.score).where(R.team_key == team, R.answered_at >= start,
                                              R.answered_at < end)
    with engine.connect() as conn:
        return pd.DataFrame(conn.execute(query).all(), columns=["employee", "score"])


def shown(page, list_id: str) -> list[str]:  # noqa: ANN001
    return [li.get_attribute("data-employee")
            for li in page.locator(f"#{list_id} .m-star").all()]


@pytest.mark.parametrize(("lang", "title"), [
    ("en", "Rising stars"), ("da", "Stigende stjerner"), ("pl", "Wschodzące gwiazdy")])
def test_rising_stars_shown_as_the_store_says(lead, meeting: Meeting, lang: str,
                                              title: str) -> None:
    page = lead(f"/meeting/?team=support&period=last_week&lang={lang}")
    page.wait_for_selector(".m-view[data-team='support'] #m-card-stars")
    assert page.inner_text("#m-card-stars .m-card-title") == title
    start, end = local_monday(meeting.now, 1), local_monday(meeting.now, 0)
    stars = rising_stars(frame(meeting.engine, "support", start, end),
                         frame(meeting.engine, "support", local_monday(meeting.now, 2), start))
    assert stars.promoters, "a seeded week of promoters names somebody"
    assert shown(page, "m-stars-promoters") == [s.employee for s in stars.promoters]
    assert shown(page, "m-stars-rising") == [s.employee for s in stars.rising]
    if not stars.rising:
        assert page.locator("#m-stars-rising .m-empty").count() == 1
    else:
        assert page.inner_text("#m-stars-rising .m-star-name >> nth=0") == stars.rising[0].employee

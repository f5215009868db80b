"""The meeting view's test server: six weeks of seeded responses, a lead who signs in."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import Engine

from tests.support.servers import WallServer
from wallboard.store import Response

TZ = "Europe/Copenhagen"
USER, PASSWORD = "lead", "meeting-password-1"
EMPLOYEES = {"support": ("Mette Kjær", "Jonas Holm", "Priya Shah", "Tom Fletcher"),
             "sales": ("Louise Dam", "Anders Kirkegaard", "Emma Clarke")}
WORDS = {
    "promoter": ("Fast and friendly help, thank you!", "The staff were very helpful and kind.",
                 "Problem solved in one call, great service.", "Delivery arrived early."),
    "passive": ("Fine, but the wait on the phone was long.", "OK overall, price is a bit high.",
                "Good help, the app could be easier."),
    "detractor": ("I waited 40 minutes on the phone.", "Nobody called me back as promised.",
                  "The invoice was wrong twice.", "Rude answer and no solution."),
}
UNIQUE = "zebra crossing"  # in exactly one comment of support's last week
R = Response.__table__.c


def local_monday(now: datetime, weeks_back: int) -> datetime:
    """Return the UTC instant of the local Monday 00:00 weeks_back weeks before this one."""
    today = now.astimezone(ZoneInfo(TZ)).date()
    monday = today - timedelta(days=today.weekday() + 7 * weeks_back)
    return datetime.combine(monday, time(0), ZoneInfo(TZ)).astimezone(UTC)


def seed_rows(now: datetime) -> list[dict]:
    """Six weeks of responses for two teams, plus the rows the tests look for."""
    rng = random.Random(47)
    rows, n = [], 0
    for team, people in EMPLOYEES.items():
        start = now - timedelta(days=42)
        for day in range(42):
            for _ in range(rng.randint(5, 10)):
                n += 1
                when = start + timedelta(days=day, minutes=rng.randint(0, 24 * 60 - 1))
                if when >= now - timedelta(minutes=5):
                    continue
                score = rng.choices(range(11), weights=(2, 1, 1, 2, 2, 3, 4, 9, 12, 20, 24))[0]
                kind = "promoter" if score >= 9 else "passive" if score >= 7 else "detractor"
                comment = rng.choice(WORDS[kind]) if rng.random() < 0.7 else ""
                rows.append(dict(source="test", external_id=f"r{n}", score=score,
                                 comment=comment, team_key=team, employee=rng.choice(people),
                                 customer_name=rng.choice(("Anna Berg", "Ole Sand", None)),
                                 answered_at=when))
    last_week = local_monday(now, 1)
    rows.append(dict(source="test", external_id="unique", score=10, team_key="support",
                     comment=f"The {UNIQUE} outside your shop is dangerous, but you were great.",
                     employee="Jonas Holm", customer_name="Ida Lund",
                     answered_at=last_week + timedelta(days=2, hours=11)))
    rows.append(dict(source="test", external_id="overdue", score=2, team_key="support",
                     comment="Still waiting for the refund you promised.",
                     employee="Priya Shah", customer_name="Karl Nyborg",
                     answered_at=last_week + timedelta(days=1, hours=9)))
    return rows


@dataclass
class Meeting:
    """A running meeting server, its store, the time it was seeded at and its ids."""

    server: WallServer
    engine: Engine
    now: datetime
    ids: dict[str, int]

    @property
    def url(self) -> str:
        return self.server.url


def sign_in(chromium, meeting: Meeting, path: str, width: int = 1920, height: int = 1080):
    """Open a fresh context, sign in through /login and land on path."""
    context = chromium.new_context(viewport={"width": width, "height": height},
                                   accept_downloads=True)
    page = context.new_page()
    page.goto(meeting.url + path)
    assert "/login" in page.url
    page.fill("input[name=username]", USER)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_selector(".m-view", timeout=30_000)
    return page

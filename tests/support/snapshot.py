"""Deterministic wall data for the panel tests: store rows for a real wall, a fixed Snapshot.

`store_rows` gives responses a store would hold (seeded, relative to a `now`), so browser tests
can compare what a wall shows with their own arithmetic; `fixed_snapshot` builds a Snapshot
straight from the dataclasses for pure, fast unit tests of the panels.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta

import pandas as pd

from wallboard.wall.snapshot import Comment, Snapshot, TeamFigures

LONG_NAME = "Kundeservice Nordjylland og Sønderjylland – Erhvervskunder"
EMAIL = "anna.jensen@example.com"
PHONE = "+45 22 33 44 55"
DETRACTOR_WORDS = "Nobody called me back about the broken router"
MARKUP = "<b>Best</b> service <script>alert(1)</script> ever"
LONG_COMMENT = ("Fantastic help from start to finish. " * 16).strip()


@dataclass(frozen=True)
class TeamSpec:
    """A test team: config entry plus how its customers answer."""

    key: str
    name: str
    baseline: float | None
    goal: float | None
    per_week: int           # responses per week in the window
    promoter: float         # share of promoters
    detractor: float        # share of detractors

    def config(self) -> dict:
        entry = {"key": self.key, "name": self.name}
        if self.goal is not None:
            entry |= {"baseline": self.baseline or 0, "goal": self.goal}
        return entry


TEAMS_12 = (
    TeamSpec("support", "Customer Support", 30, 60, 24, 0.62, 0.12),
    TeamSpec("sales", "Sales", 10, 30, 16, 0.48, 0.22),
    TeamSpec("nordic", LONG_NAME, 10, 45, 14, 0.50, 0.20),
    TeamSpec("tiny", "Onboarding", 10, 40, 0, 0.6, 0.1),        # under min_responses
    TeamSpec("billing", "Billing", 0, 25, 12, 0.40, 0.30),
    TeamSpec("field", "Field Service", 40, 70, 18, 0.70, 0.08),
    TeamSpec("web", "Web Shop", 20, 45, 20, 0.55, 0.15),
    TeamSpec("b2b", "Key Accounts", None, None, 11, 0.45, 0.15),  # no goal set
    TeamSpec("returns", "Returns", -20, 10, 12, 0.30, 0.40),
    TeamSpec("chat", "Live Chat", 30, 50, 15, 0.58, 0.14),
    TeamSpec("phone", "Phone Line", 20, 40, 13, 0.46, 0.26),
    TeamSpec("install", "Installations", 25, 45, 5, 0.66, 0.10),  # thin weeks
)
TEAMS_3 = (TEAMS_12[0], TEAMS_12[2], TEAMS_12[3])
TINY_RESPONSES = 6
EMPLOYEES = ("Mette", "Jonas", "Agnieszka", "Piotr", "Sofie", "Lars", "Kasia", "Emil")
CUSTOMERS = ("Anna Jensen", "Peter Holm", "Zofia Nowak", "Ole Berg", "Maja Lund")
PRAISE = ("Quick and friendly, solved it in one call.", "Really helpful, thank you!",
          "She explained everything clearly.", "Best support I have had in years.",
          "Fixed on the first visit.")
COMPLAINTS = ("Waited forty minutes on hold.", "The invoice was wrong twice.")


def _score(rng: random.Random, spec: TeamSpec) -> int:
    draw = rng.random()
    if draw < spec.promoter:
        return rng.choice((9, 10))
    if draw < spec.promoter + spec.detractor:
        return rng.randint(0, 6)
    return rng.choice((7, 8))


def store_rows(teams: tuple[TeamSpec, ...], now: datetime, seed: int = 4) -> list[dict]:
    """Return Response rows: 12 weeks of history per team plus a few marked comments.

    Every row is answered between 1 hour and 84 days before now (the previous window gets
    rows too), never near a window edge, so a test's own arithmetic matches the server's.
    """
    rng = random.Random(seed)
    rows: list[dict] = []

    def add(team: str, score: int, age: timedelta, comment: str = "",
            customer: str | None = None, employee: str | None = None) -> None:
        rows.append({"source": "test", "external_id": f"r{len(rows)}", "score": score,
                     "comment": comment, "team_key": team,
                     "employee": employee or rng.choice(EMPLOYEES),
                     "customer_name": customer, "answered_at": now - age,
                     "received_at": now - age})

    for spec in teams:
        if spec.key == "tiny":
            for i in range(TINY_RESPONSES):
                add(spec.key, 9 if i % 2 else 6, timedelta(days=3 + 5 * i))
            continue
        for week in range(12):
            for _ in range(spec.per_week + rng.randint(-1, 1)):
                age = timedelta(days=7 * week + rng.uniform(0.2, 6.8))
                score = _score(rng, spec)
                comment = ""
                if rng.random() < 0.25:
                    comment = rng.choice(PRAISE if score >= 9 else COMPLAINTS)
                add(spec.key, score, age, comment, rng.choice(CUSTOMERS))
        for _ in range(spec.per_week * 10):  # the previous window, for improvement
            add(spec.key, _score(rng, spec), timedelta(days=rng.uniform(92, 170)))
    first = teams[0].key
    add(first, 10, timedelta(hours=1), f"Call me at {PHONE} or write {EMAIL}, great job!",
        "Anna Jensen", "Mette")
    add(first, 9, timedelta(hours=2), LONG_COMMENT, "Peter Holm", "Jonas")
    add(first, 3, timedelta(hours=3), DETRACTOR_WORDS, "Ole Berg", "Lars")
    add(teams[1].key, 10, timedelta(hours=4), MARKUP, "Zofia Nowak", "Agnieszka")
    return rows


# ---------------------------------------------------------------- a fixed Snapshot

NOW = datetime(2025, 11, 26, 14, 30, tzinfo=UTC)  # a Wednesday


def _figures(key: str, name: str, n: int, p: int, d: int, *, baseline: float | None = 20,
             goal: float | None = 40, rank: int | None = None, prev_rank: int | None = None,
             week: int = 3, improvement: float | None = 2.0, min_n: int = 10) -> TeamFigures:
    enough = n >= min_n
    nps = 100 * (p - d) / n if n else None
    moe = None
    if n:
        ps, ds = p / n, d / n
        moe = 1.96 * 100 * ((ps + ds - (ps - ds) ** 2) / n) ** 0.5
    progress = ((nps - baseline) / (goal - baseline)
                if nps is not None and goal is not None else None)
    movement = "" if rank is None else ("new" if prev_rank is None else
                                        "up" if rank < prev_rank else
                                        "down" if rank > prev_rank else "same")
    return TeamFigures(
        key=key, name=name, responses=n, promoters=p, passives=n - p - d, detractors=d,
        nps=nps, moe=moe, enough=enough, baseline=baseline, goal=goal, progress=progress,
        at_goal=bool(enough and goal is not None and nps >= goal), promoters_week=week,
        improvement=improvement if enough else None, rank=rank if enough else None,
        prev_rank=prev_rank, movement=movement)


def fixed_teams(count: int = 3) -> tuple[TeamFigures, ...]:
    """Return 3 or 12 teams in leaderboard order; two tie at rank 1, one has too few."""
    teams = [
        _figures("support", "Customer Support", 200, 110, 42, rank=1, prev_rank=2),  # 34.0
        _figures("sales", "Sales", 150, 75, 24, rank=1, prev_rank=1, baseline=10,
                 goal=30),                                                          # 34.0
        _figures("nordic", LONG_NAME, 40, 18, 8, rank=3, prev_rank=2, baseline=0,
                 goal=30, improvement=-4.5),                                        # 25.0
    ]
    for i in range(count - 4):
        p, d = 40 - 3 * i, 10 + i
        teams.append(_figures(f"team{i}", f"Team {chr(65 + i)}", 80, p, d, rank=4 + i,
                              prev_rank=None if i == 0 else 5 + i, baseline=0, goal=20))
    teams.append(_figures("tiny", "Onboarding", 6, 3, 3, goal=40, baseline=10))
    return tuple(teams[:count - 1] + [teams[-1]])


def fixed_trend(teams: tuple[TeamFigures, ...], weeks: int = 13) -> pd.DataFrame:
    """Return a weekly trend: team i climbs from 10 + 5i by 5 points a week; week 3 is thin."""
    first = pd.Timestamp("2025-08-25")  # a Monday; weeks start at local midnight
    rows = []
    for i, team in enumerate(teams):
        for w in range(weeks):
            n = 0 if team.key == "tiny" else (3 if w == 3 else 20)
            nps = 10 + 5 * i + 5 * w
            p = round(n * (0.5 + nps / 200)) if n else 0
            d = p - round(nps * n / 100) if n else 0
            start = (first + pd.Timedelta(weeks=w)).tz_localize("Europe/Copenhagen")
            rows.append({"team": team.key, "week_start": start,
                         "responses": n, "promoters": p, "detractors": d,
                         "nps": 100 * (p - d) / n if n else float("nan")})
    return pd.DataFrame(rows)


def fixed_comments() -> tuple[Comment, ...]:
    """Return comments newest first: promoters, one detractor, one long, one with markup."""
    def comment(i: int, team: str, name: str, score: int, text: str, hours: float,
                customer: str | None = "Anna", employee: str | None = "Mette") -> Comment:
        return Comment(response_id=i, team=team, team_name=name, employee=employee,
                       score=score, text=text, customer=customer,
                       answered_at=NOW - timedelta(hours=hours))

    return (
        comment(1, "support", "Customer Support", 10, "Quick and friendly!", 1),
        comment(2, "sales", "Sales", 3, DETRACTOR_WORDS, 2, customer="Ole"),
        comment(3, "support", "Customer Support", 9, LONG_COMMENT, 3, customer=None),
        comment(4, "sales", "Sales", 10, MARKUP, 30, employee=None),
        comment(5, "support", "Customer Support", 9, "Fixed on the first visit.", 50),
        comment(6, "sales", "Sales", 9, "Really helpful, thank you!", 80),
    )


def fixed_snapshot(count: int = 3, *, order: str = "nps") -> Snapshot:
    """Return a Snapshot of count teams built directly from the dataclasses."""
    teams = fixed_teams(count)
    return Snapshot(version=7, built_at=NOW, window_end=NOW, teams=teams, order=order,
                    trend=fixed_trend(teams), comments=fixed_comments(), events=(),
                    total_responses=sum(t.responses for t in teams), last_seq=99)


def with_teams(snapshot: Snapshot, teams: tuple[TeamFigures, ...]) -> Snapshot:
    """Return snapshot with other teams (and their trend)."""
    return replace(snapshot, teams=teams, trend=fixed_trend(teams))

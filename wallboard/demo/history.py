"""Deterministic demo history (a seeded Random): responses, follow-ups, actions, seeding."""

from __future__ import annotations

import math
import random
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import Engine, insert, select
from sqlalchemy.engine import Connection
from sqlalchemy.exc import IntegrityError, OperationalError

from wallboard.core.clock import utcnow
from wallboard.demo import texts as text
from wallboard.demo.profiles import DEMO, profile_for
from wallboard.demo.responses import as_utc, make_response, target_nps
from wallboard.store import ActionItem, FollowUp, FollowUpStatus, Response

SOURCE = "demo"


# Monday first: fewer customers answer at the weekend.
_WEEKDAY = (1.1, 1.1, 1.0, 1.0, 0.85, 0.3, 0.15)


_GOLDEN, _JITTER = (math.sqrt(5) - 1) / 2, 0.05


_GOLDEN, _JITTER = (math.sqrt(5) - 1) / 2, 0.05


def _poisson(rng: random.Random, mean: float) -> int:
    limit, k, product = math.exp(-mean), 0, rng.random()
    while product > limit:
        k += 1
        product *= rng.random()
    return k


def _time_of_day(rng: random.Random) -> timedelta:
    """Return a UTC time of day: office hours in Copenhagen, Warsaw and Dublin mostly."""
    roll = rng.random()
    if roll < 0.87:
        hours = rng.triangular(6.0, 17.0, 9.5)
    elif roll < 0.98:
        hours = rng.uniform(16.0, 21.5)
    else:
        hours = rng.uniform(0.0, 24.0)
    return timedelta(seconds=int(hours * 3600))


def _delay(rng: random.Random) -> timedelta:
    """Return how long the survey tool took to deliver a response: seconds, rarely minutes."""
    seconds = rng.uniform(2, 90) if rng.random() < 0.9 else rng.uniform(90, 900)
    return timedelta(seconds=round(seconds, 3))


def generate_history(*, now: datetime, days: int = 90, seed: int = 2026) -> list[dict[str, Any]]:
    """Return the demo responses of the days before now, oldest first; pure and deterministic."""
    now = as_utc(now)
    rng = random.Random(seed)
    start = now - timedelta(days=days)
    rows: list[dict[str, Any]] = []
    # A jittered golden-ratio sequence per team instead of independent rolls: each team's
    # NPS follows its path closely, so climbing, falling and flat show for any seed.
    rolls = [rng.random() for _ in DEMO]
    day = datetime(start.year, start.month, start.day, tzinfo=UTC)
    while day <= now:
        for index, (team, profile) in enumerate(DEMO):
            for _ in range(_poisson(rng, profile.daily * _WEEKDAY[day.weekday()])):
                answered_at = day + _time_of_day(rng)
                if not start < answered_at < now:
                    continue
                progress = (answered_at - start) / (now - start)
                nps = target_nps(profile, progress, index / len(DEMO))
                rolls[index] = (rolls[index] + _GOLDEN) % 1.0
                roll = (rolls[index] + rng.uniform(-_JITTER, _JITTER)) % 1.0
                row = make_response(rng, team.key, profile, nps, answered_at, roll)
                row["received_at"] = min(answered_at + _delay(rng), now)
                row["raw"] = None  # generated here, not received from a survey tool
                rows.append(row)
        day += timedelta(days=1)
    rows.sort(key=lambda r: (r["answered_at"], r["team_key"]))
    return [{"source": SOURCE, "external_id": f"demo-{n:06d}", **row}
            for n, row in enumerate(rows, start=1)]


def _followup(rng: random.Random, response: dict[str, Any], now: datetime,
              sla: timedelta) -> dict[str, Any]:
    profile = profile_for(response["team_key"])
    created = response["received_at"]
    age = now - created
    # Teams got better at closing the loop: late follow-ups were common 90 days ago.
    late_share = 0.08 + 0.3 * min(1.0, age / timedelta(days=90))
    if rng.random() < late_share:
        contact = rng.uniform(1.0, 2.5)
    else:
        contact = rng.triangular(0.02, 0.95, 0.2)
    contacted = created + sla * contact
    roll = rng.random()
    if roll < 0.03:  # forgotten
        contacted = resolved = None
    elif roll < 0.07:  # contacted, never closed
        resolved = None
    elif roll < 0.45:  # settled on the call
        resolved = contacted + timedelta(minutes=rng.uniform(3, 25))
    else:
        resolved = contacted + sla * rng.triangular(0.05, 1.2, 0.3)
    if contacted is not None and contacted > now:
        contacted = resolved = None
    if resolved is not None and resolved > now:
        resolved = None
    status = (FollowUpStatus.RESOLVED if resolved else
              FollowUpStatus.CONTACTED if contacted else FollowUpStatus.OPEN)
    owner = (response.get("employee") if rng.random() < 0.6 else None) or profile.lead
    if status is FollowUpStatus.OPEN and age < timedelta(hours=4) and rng.random() < 0.5:
        owner = None  # nobody has picked it up yet
    note = ""
    if status is not FollowUpStatus.OPEN and rng.random() < 0.7:
        note = rng.choice(text.FOLLOWUP_NOTES[profile.language][status.value])
    touched = resolved or contacted or (created if owner else None)
    return {"response_id": response["id"], "owner": owner, "status": status,
            "created_at": created, "contacted_at": contacted, "resolved_at": resolved,
            "note": note, "updated_at": touched, "updated_by": owner if touched else None,
            "version": 1 if touched else 0}


def generate_followups(responses_with_ids: Sequence[dict[str, Any]], *, now: datetime,
                       sla_hours: float = 48, seed: int = 2026) -> list[dict[str, Any]]:
    """Return one FollowUp row per detractor (score 0..6) of responses that carry an id."""
    now = as_utc(now)
    rng = random.Random(seed)
    detractors = sorted((r for r in responses_with_ids if r["score"] <= 6),
                        key=lambda r: (r["answered_at"], r["id"]))
    sla = timedelta(hours=sla_hours)
    return [_followup(rng, r, now, sla) for r in detractors]


# Actions the demo teams agreed in their meetings: (text, days until due, done days ago).
_ACTIONS: dict[str, tuple[tuple[str, int | None, int | None], ...]] = {
    "da": (("Ring alle kunder med 0-4 op inden for 24 timer", 5, None),
           ("Opdater svarskabelonerne om levering", -2, None),
           ("Gennemgå ventetiden i telefonkøen på mødet", None, 3)),
    "pl": (("Oddzwonić do każdego klienta z oceną 0-4 w ciągu 24 godzin", 6, None),
           ("Poprawić szablon odpowiedzi o zwrotach", -1, None),
           ("Omówić czas oczekiwania na infolinii", None, 4)),
    "en": (("Call back every 0-4 within 24 hours", 4, None),
           ("Rewrite the delivery-delay email", -3, None),
           ("Review hold times at the stand-up", None, 2)),
}


def generate_actions(*, now: datetime) -> list[dict[str, Any]]:
    """Return a few action items per demo team: open, overdue and recently done."""
    now = as_utc(now)
    rows = []
    for team, profile in DEMO:
        for n, (words, due_in, done_ago) in enumerate(_ACTIONS[profile.language]):
            done_at = now - timedelta(days=done_ago) if done_ago is not None else None
            due = (now + timedelta(days=due_in)).date() if due_in is not None else None
            rows.append({"team_key": team.key, "text": words,
                         "owner": profile.employees[n % len(profile.employees)], "due": due,
                         "done": done_at is not None, "created_by": profile.lead,
                         "created_at": now - timedelta(days=10 - n), "done_at": done_at})
    return rows


def _chunks(rows: list[dict[str, Any]], size: int = 1000) -> Iterator[list[dict[str, Any]]]:
    for i in range(0, len(rows), size):
        yield rows[i:i + size]


def _has_responses(conn: Connection) -> bool:
    return conn.execute(select(Response.__table__.c.id).limit(1)).first() is not None


def seed_demo_store(engine: Engine, *, now: datetime | None = None,
                    sla_hours: float = 48) -> int:
    """Fill an empty store with the demo history and its follow-ups; return responses added.

    Idempotent: a store with any response is left alone and 0 returned, also when two
    processes race to seed it (the loser's transaction fails and is rolled back whole).
    """
    now = as_utc(now or utcnow())
    table = Response.__table__
    rows = generate_history(now=now)
    try:
        with engine.begin() as conn:
            if _has_responses(conn):
                return 0
            for chunk in _chunks(rows):
                conn.execute(insert(table), chunk)
            ids = dict(conn.execute(select(table.c.external_id, table.c.id)
                                    .where(table.c.source == SOURCE)).all())
            with_ids = [{**row, "id": ids[row["external_id"]]} for row in rows]
            for chunk in _chunks(generate_followups(with_ids, now=now, sla_hours=sla_hours)):
                conn.execute(insert(FollowUp.__table__), chunk)
            conn.execute(insert(ActionItem.__table__), generate_actions(now=now))
    except (IntegrityError, OperationalError):
        # Another process seeded first (unique ids, or SQLite's lock): not an error then.
        with engine.connect() as conn:
            if _has_responses(conn):
                return 0
        raise
    return len(rows)

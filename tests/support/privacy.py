"""A store holding one customer's personal data in every place it can be, beside others'."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

from sqlalchemy import Engine, insert, text

from tests.support.data import insert_rows, response_row
from wallboard.store import FOLLOWUP, FOLLOWUP_HISTORY, NOTIFICATION

NAME = "Zofia Brzęczyszczykiewicz"
EMAIL = "zofia.b@example.pl"
WORDS = "Kwiatuszkowy serwis, ale kurier Żółtodziób zgubił paczkę"
PROMOTER_WORDS = "Ogromnie dziękuję Annie za cierpliwość z routerem Mikrotikowym"
OTHER_NAME = "Henrik Mølleskov"
OTHER_WORDS = "Helt fint, men ventetiden var lang i telefonen"


def raw_of(comment: str, name: str, email: str) -> str:
    return json.dumps([{"comment": comment, "person": {"name": name, "email": email}}],
                      ensure_ascii=False)


def seed_person(engine: Engine, *, days_ago: float = 3, now: datetime | None = None) -> None:
    """Two responses of NAME (a detractor with follow-up note and notification, a promoter),
    one by e-mail only, and two of another customer."""
    now = now or datetime.now(UTC)
    minutes = days_ago * 24 * 60
    rows = [
        response_row(3, comment=WORDS, customer=NAME, external_id="z-1", minutes_ago=minutes,
                     now=now),
        response_row(10, comment=PROMOTER_WORDS, customer=NAME.upper(), external_id="z-2",
                     minutes_ago=minutes + 60, now=now),
        response_row(9, comment="Bardzo dobrze", customer=None, external_id="z-3",
                     minutes_ago=minutes + 120, now=now),
        response_row(5, comment=OTHER_WORDS, customer=OTHER_NAME, external_id="h-1",
                     minutes_ago=minutes, now=now),
        response_row(10, comment="Super service", customer=OTHER_NAME, external_id="h-2",
                     minutes_ago=minutes, now=now),
    ]
    rows[0]["raw"] = raw_of(WORDS, NAME, EMAIL)
    rows[1]["raw"] = raw_of(PROMOTER_WORDS, NAME, EMAIL)
    rows[2]["raw"] = raw_of("Bardzo dobrze", "", EMAIL)
    rows[3]["raw"] = raw_of(OTHER_WORDS, OTHER_NAME, "henrik@example.dk")
    rows[4]["raw"] = None
    insert_rows(engine, rows)
    with engine.begin() as conn:
        ids = dict(conn.execute(text("SELECT external_id, id FROM response")).all())
        for key in ("z-1", "h-1"):
            who = NAME if key == "z-1" else OTHER_NAME
            conn.execute(insert(FOLLOWUP).values(
                response_id=ids[key], status="contacted", created_at=now, contacted_at=now,
                note=f"Called {who}, sent a new parcel",
                owner="Mette", updated_by="mette"))
            conn.execute(insert(FOLLOWUP_HISTORY).values(
                response_id=ids[key], changed_at=now, changed_by="mette",
                change="status: open -> contacted"))
            conn.execute(insert(NOTIFICATION).values(
                response_id=ids[key], created_at=now, attempts=1, next_attempt_at=now,
                last_error=f"{now:%Y-%m-%dT%H:%M:%SZ} HTTP 500 for {who}"))


def personal(engine: Engine, external_id: str) -> tuple:
    """(comment, customer_name, raw, follow-up note, notification text) of one response."""
    with engine.connect() as conn:
        return tuple(conn.execute(text(
            "SELECT r.comment, r.customer_name, r.raw, f.note, n.last_error FROM response r "
            "LEFT JOIN followup f ON f.response_id = r.id "
            "LEFT JOIN notification n ON n.response_id = r.id "
            "WHERE r.external_id = :e"), {"e": external_id}).one())


def numbers(engine: Engine, external_id: str) -> tuple:
    with engine.connect() as conn:
        return tuple(conn.execute(text(
            "SELECT score, team_key, employee, answered_at, received_at FROM response "
            "WHERE external_id = :e"), {"e": external_id}).one())


def since(days: float) -> datetime:
    return datetime.now(UTC) - timedelta(days=days)

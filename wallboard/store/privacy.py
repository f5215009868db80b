"""Personal data in the store: find one customer's responses, erase or clear what is personal.

What is personal: a response's comment, customer name and raw payload (which may hold
e-mail addresses and other contact fields), the note of its follow-up and the text kept
with its notification. What stays: score, team, employee and times, so that every number
computed from the store is the same after an erasure. Every update goes through the
response table's triggers, so running wall processes see it at their next poll.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, fields
from datetime import datetime, timedelta

from sqlalchemy import func, insert, or_, select, update
from sqlalchemy.engine import Connection

from wallboard.store.tables import FOLLOWUP, NOTIFICATION, PRIVACY_AUDIT, RESPONSE

BATCH = 1000  # responses per statement (SQLite allows at most 32,766 bound parameters)


@dataclass(frozen=True)
class Person:
    """Whose data: a customer by name or e-mail address, or one response by SOURCE:ID."""

    customer: str | None = None
    source: str | None = None
    external_id: str | None = None

    @classmethod
    def of_response(cls, text: str) -> Person:
        """Read SOURCE:ID (the id may contain ':'); raise ValueError when it is not that."""
        source, sep, external_id = text.partition(":")
        if not sep or not source.strip() or not external_id.strip():
            raise ValueError(f"{text!r} is not SOURCE:ID, e.g. delighted:8812")
        return cls(source=source.strip(), external_id=external_id.strip())

    @property
    def kind(self) -> str:
        """Which option chose the person: "--customer" or "--response"."""
        return "--customer" if self.customer is not None else "--response"

    def condition(self):  # noqa: ANN201
        """Where-clause on the response table: the response, or a customer's possible
        responses (names are compared in Python: SQLite lower-cases only ASCII)."""
        r = RESPONSE.c
        if self.customer is None:
            return (r.source == self.source) & (r.external_id == self.external_id)
        wanted = self.customer.strip()
        found = [func.length(func.trim(r.customer_name)) == len(wanted)]
        if "@" in wanted:  # an e-mail address: in the payload's contact fields or the comment
            found += [func.lower(r.raw).contains(wanted.lower(), autoescape=True),
                      func.lower(r.comment).contains(wanted.lower(), autoescape=True)]
        return or_(*found)

    def matches(self, customer_name: str | None, raw: str | None, comment: str | None) -> bool:
        """Tell whether a response the condition found is really this person's."""
        if self.customer is None:
            return True
        wanted = self.customer.strip().casefold()
        if customer_name is not None and customer_name.strip().casefold() == wanted:
            return True
        return "@" in wanted and any(wanted in (text or "").casefold() for text in (raw, comment))


def matching_ids(conn: Connection, person: Person) -> list[int]:
    """Return the ids of the responses stored about person, oldest first."""
    r = RESPONSE.c
    query = (select(r.id, r.customer_name, r.raw, r.comment).where(person.condition())
             .order_by(r.answered_at, r.id))
    return [row.id for row in conn.execute(query) if person.matches(*row[1:])]


@dataclass(frozen=True)
class Erasure:
    """How many of each kind of personal data there is (or was) for some responses."""

    responses: int = 0
    comments: int = 0
    customer_names: int = 0
    raw_payloads: int = 0
    followup_notes: int = 0
    notification_texts: int = 0

    def __add__(self, other: Erasure) -> Erasure:
        return Erasure(*(getattr(self, f.name) + getattr(other, f.name)
                         for f in fields(self)))

    def kinds(self) -> str:
        """The kinds of data present, e.g. "comment, customer name" (or "nothing")."""
        return ", ".join(label for name, label in KINDS if getattr(self, name)) or "nothing"

    def counts(self) -> str:
        """Count per kind, e.g. "2 comments, 1 customer name, 0 raw payloads, ..."."""
        return ", ".join(f"{n} {label}{'' if n == 1 else 's'}" for name, label in KINDS
                         if (n := getattr(self, name)) is not None)


# The kinds of personal data, as audit rows and command output name them.
KINDS = (("comments", "comment"), ("customer_names", "customer name"),
         ("raw_payloads", "raw payload"), ("followup_notes", "follow-up note"),
         ("notification_texts", "notification text"))


def _slices(ids: Sequence[int]) -> Iterable[list[int]]:
    for start in range(0, len(ids), BATCH):
        yield list(ids[start:start + BATCH])


def survey(conn: Connection, ids: Sequence[int]) -> Erasure:
    """Count the personal data stored with these responses; change nothing."""
    total = Erasure()
    r, f, n = RESPONSE.c, FOLLOWUP.c, NOTIFICATION.c
    for part in _slices(ids):
        comments, names, raws = conn.execute(select(
            func.count().filter(r.comment != ""), func.count(r.customer_name),
            func.count(r.raw)).where(r.id.in_(part))).one()
        notes = conn.execute(select(func.count()).where(
            f.response_id.in_(part), f.note != "")).scalar_one()
        texts = conn.execute(select(func.count(n.last_error)).where(
            n.response_id.in_(part))).scalar_one()
        total += Erasure(len(part), comments, names, raws, notes, texts)
    return total


def erase(conn: Connection, ids: Sequence[int]) -> Erasure:
    """Clear comment, customer name, raw payload, follow-up note and notification text of
    these responses (only rows that hold any, so a second run writes nothing); return what
    there was. Score, team, employee and times stay."""
    found = survey(conn, ids)
    r, f, n = RESPONSE.c, FOLLOWUP.c, NOTIFICATION.c
    for part in _slices(ids):
        conn.execute(update(RESPONSE)
                     .where(r.id.in_(part), or_(r.comment != "", r.customer_name.is_not(None),
                                                r.raw.is_not(None)))
                     .values(comment="", customer_name=None, raw=None))
        conn.execute(update(FOLLOWUP).where(f.response_id.in_(part), f.note != "")
                     .values(note=""))
        conn.execute(update(NOTIFICATION)
                     .where(n.response_id.in_(part), n.last_error.is_not(None))
                     .values(last_error=None))
    return found


def expired_ids(conn: Connection, *, before: datetime, limit: int = BATCH) -> list[int]:
    """Return up to limit responses answered before `before` that still hold personal data."""
    r, f, n = RESPONSE.c, FOLLOWUP.c, NOTIFICATION.c
    noted = select(f.response_id).where(f.note != "")
    texted = select(n.response_id).where(n.last_error.is_not(None))
    query = (select(r.id).where(r.answered_at < before, or_(
        r.comment != "", r.customer_name.is_not(None), r.raw.is_not(None),
        r.id.in_(noted), r.id.in_(texted))).order_by(r.id).limit(limit))
    return list(conn.execute(query).scalars())


def audit(conn: Connection, *, command: str, erased: Erasure, at: datetime) -> None:
    """Record what kind of data a command erased or exported, for how many responses, when;
    never the data itself nor whose it was."""
    conn.execute(insert(PRIVACY_AUDIT).values(at=at, command=command[:64],
                                              data=erased.kinds()[:500],
                                              responses=erased.responses))


def audit_lines(conn: Connection, limit: int = 100) -> list[tuple]:
    """Return the newest audit rows (at, command, data, responses), newest first."""
    a = PRIVACY_AUDIT.c
    query = select(a.at, a.command, a.data, a.responses).order_by(a.id.desc()).limit(limit)
    return [tuple(row) for row in conn.execute(query)]


def cutoff(now: datetime, keep_days: int) -> datetime:
    """Responses answered before this moment lose their personal data."""
    return now - timedelta(days=keep_days)

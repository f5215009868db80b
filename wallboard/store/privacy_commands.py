"""The personal-data commands: forget, export-person, backup, and the retention job."""

from __future__ import annotations

import json
import logging
import sys
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import Engine, or_, select

from wallboard.store.backup import backup_sqlite
from wallboard.store.commands import display_url
from wallboard.store.engine import sqlite_path
from wallboard.store.person import person_data
from wallboard.store.privacy import (
    Erasure,
    Person,
    audit,
    cutoff,
    erase,
    expired_ids,
    matching_ids,
    survey,
)
from wallboard.store.schema import SchemaBehind, open_store
from wallboard.store.scrub import erasing, scrub_files
from wallboard.store.tables import FOLLOWUP, RESPONSE

log = logging.getLogger("wallboard.privacy")
MIN_TERM = 4  # shorter erased texts ("ok") are too common to look for in the files
NOTIFICATION_NOTE = ("Notification messages name the team, the employee, the score and when "
                     "the customer answered; they never hold the customer's name, contact "
                     "details or comment, and their text is not stored.")


def _problem(exc: Exception) -> str:
    """One line about a failure: the message of a schema that is behind, else the kind."""
    return str(exc) if isinstance(exc, SchemaBehind) else type(exc).__name__


def person_of(customer: str | None, response: str | None) -> Person:
    """The person a command is about; raise ValueError unless exactly one option names it."""
    if (customer is None) == (response is None):
        raise ValueError("name exactly one of --customer NAME_OR_EMAIL or --response SOURCE:ID")
    if customer is not None:
        if not customer.strip():
            raise ValueError("--customer is empty")
        return Person(customer=customer)
    return Person.of_response(response or "")


def _erased_terms(engine: Engine, ids: list[int], person: Person) -> list[str]:
    """The texts about to be erased, to look for in the store's files afterwards."""
    r, f = RESPONSE.c, FOLLOWUP.c
    with engine.connect() as conn:
        rows = conn.execute(select(r.comment, r.customer_name).where(r.id.in_(ids))).all()
        notes = conn.execute(select(f.note).where(f.response_id.in_(ids))).scalars().all()
    terms = {t for row in rows for t in row if t} | {n for n in notes if n}
    if person.customer:
        terms.add(person.customer.strip())
    return sorted(t for t in terms if len(t) >= MIN_TERM)


def _not_stored_elsewhere(engine: Engine, terms: list[str]) -> list[str]:
    """The erased texts that no remaining row holds (another response of the same customer
    kept by --response, or the same words from someone else): those must leave the files."""
    r, f = RESPONSE.c, FOLLOWUP.c
    left = []
    with engine.connect() as conn:
        for term in terms:
            rows = select(r.id).where(or_(r.customer_name.contains(term, autoescape=True),
                                          r.comment.contains(term, autoescape=True),
                                          r.raw.contains(term, autoescape=True))).limit(1)
            notes = select(f.id).where(f.note.contains(term, autoescape=True)).limit(1)
            if conn.execute(rows).first() is None and conn.execute(notes).first() is None:
                left.append(term)
    return left


def forget(url: str, person: Person, *, dry_run: bool = False,
           now: datetime | None = None) -> int:
    """Erase a person's personal data everywhere in the store; print what, by count."""
    now = now or datetime.now(UTC)
    command, engine = f"forget {person.kind}", None
    try:
        engine = open_store(url)
        with engine.connect() as conn:
            ids = matching_ids(conn, person)
            found = survey(conn, ids)
        if dry_run:
            print(f"would erase for {found.responses} responses: {found.counts()} "
                  "(dry run: nothing changed)")
            return 0 if ids else 1
        terms = _erased_terms(engine, ids, person) if engine.dialect.name == "sqlite" else []
        with erasing(engine) as conn:  # on SQLite freed bytes are zeroed, not left behind
            erased = erase(conn, ids)
            audit(conn, command=command, erased=erased, at=now)
        log.info("privacy: %s erased %s of %d responses", command, erased.kinds(),
                 erased.responses)
        print(f"erased for {erased.responses} responses: {erased.counts()}")
        if engine.dialect.name == "sqlite":  # also when nothing matched: a second run cleans
            scrubbed = scrub_files(engine, _not_stored_elsewhere(engine, terms))
            if not scrubbed.checkpointed or not scrubbed.clean:
                print("warning: the store's files may still hold erased bytes (a reader held "
                      "the write-ahead log); run forget again when the wall is quiet",
                      file=sys.stderr)
                return 1
            print("store files: write-ahead log checkpointed and truncated"
                  + (", file rebuilt (VACUUM)" if scrubbed.vacuumed else "")
                  + "; the erased words are no longer in them")
        else:
            print("PostgreSQL: rows erased; the server's own write-ahead log, old row "
                  "versions (until VACUUM) and backups keep them until their retention ends")
        if not ids:
            print("no stored response matches: nothing erased", file=sys.stderr)
            return 1
        return 0
    except Exception as exc:  # unreachable store: one line, no trace
        print(f"forget error: {display_url(url)}: {_problem(exc)}", file=sys.stderr)
        log.debug("forget failed", exc_info=True)
        return 1
    finally:
        if engine is not None:
            engine.dispose()


def export_person(url: str, person: Person, *, out: Path | None = None,
                  now: datetime | None = None) -> int:
    """Write everything stored about a person as JSON to out (or stdout); audit it."""
    now, engine = now or datetime.now(UTC), None
    try:
        engine = open_store(url)
        with engine.begin() as conn:
            ids = matching_ids(conn, person)
            data = person_data(conn, ids)
            audit(conn, command=f"export-person {person.kind}", erased=survey(conn, ids),
                  at=now)
    except Exception as exc:
        print(f"export-person error: {display_url(url)}: {_problem(exc)}", file=sys.stderr)
        return 1
    finally:
        if engine is not None:
            engine.dispose()
    document = {"exported_at": now.isoformat(), "about": person.kind[2:],
                **data, "notification_messages": NOTIFICATION_NOTE}
    text = json.dumps(document, ensure_ascii=False, indent=2) + "\n"
    if out is None:
        sys.stdout.write(text)
    else:
        try:
            out.write_text(text, encoding="utf-8")
        except OSError as exc:
            print(f"export-person error: cannot write {out}: {exc.strerror}", file=sys.stderr)
            return 1
        print(f"export-person: {len(ids)} responses written to {out}", file=sys.stderr)
    if not ids:
        print("no stored response matches", file=sys.stderr)
        return 1
    return 0


def backup(url: str, destination: Path) -> int:
    """Copy an embedded SQLite store to destination while the wall runs."""
    source = sqlite_path(url)
    if source is None:
        print("backup: the store is PostgreSQL: back it up with pg_dump (see README, "
              "\"Personal data\")", file=sys.stderr)
        return 1
    try:
        result = backup_sqlite(source, destination)
    except FileNotFoundError:
        print(f"backup error: store {display_url(url)} does not exist", file=sys.stderr)
        return 1
    except Exception as exc:  # unreadable, disk full, failed integrity check
        print(f"backup error: {type(exc).__name__}: {str(exc)[:200]}", file=sys.stderr)
        return 1
    print(f"backup written: {result.path} ({result.size} bytes, {result.responses} "
          f"responses, integrity {result.integrity})")
    return 0


def clear_expired(engine: Engine, keep_days: int, *, now: datetime | None = None) -> Erasure:
    """Clear the personal data of responses answered more than keep_days ago; audit it."""
    now = now or datetime.now(UTC)
    before, total = cutoff(now, keep_days), Erasure()
    while True:
        with erasing(engine) as conn:
            ids = expired_ids(conn, before=before)
            if ids:
                total += erase(conn, ids)
        if not ids:
            break
    if total.responses:
        with engine.begin() as conn:
            audit(conn, command="retention", erased=total, at=now)
        if engine.dialect.name == "sqlite":
            scrub_files(engine, [])  # checkpoint only: the log holds the old pages
        log.info("privacy: cleared %s of %d responses answered before %s", total.kinds(),
                 total.responses, before.date().isoformat())
    return total


def retention_job(engine: Engine, keep_days: int) -> Callable[[], None]:
    """The scheduled job: clear expired personal data; never raises."""
    def run() -> None:
        try:
            clear_expired(engine, keep_days)
        except Exception as exc:  # the store is down: tried again at the next run
            log.warning("privacy: clearing old personal data failed: %s", type(exc).__name__)
    return run

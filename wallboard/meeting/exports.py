"""CSV exports of a meeting period: /meeting/export/responses.csv and followups.csv.

UTF-8 with a byte order mark (so Excel reads æ, ø, å, ł and emoji right), comma-separated,
one header row, times in the wall's time zone as ISO 8601. Text that a spreadsheet would run
as a formula gets a leading apostrophe. The sign-in guard protects every /meeting path.
Both are streamed: read from the store ROWS_PER_CHUNK rows at a time (a server-side cursor on
PostgreSQL) and written out as they come, so memory stays flat however long the period.
"""

from __future__ import annotations

import csv
import io
import itertools
from collections.abc import Iterable, Iterator, Sequence
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pandas as pd
from flask import Flask, Response, request
from sqlalchemy import Engine

from wallboard.config import TEAM_KEY_RE, Config
from wallboard.core import nps
from wallboard.core.clock import utcnow
from wallboard.core.periods import PERIODS, Period, PeriodError, resolve_period
from wallboard.meeting.followups import followups_in_chunks
from wallboard.store.meeting_reads import responses_in_chunks

ALL = "all"
DEFAULT_PERIOD = "this_week"
RESPONSE_HEADER = ("id", "source", "external_id", "team", "employee", "score", "category",
                   "comment", "customer", "answered_at", "received_at")
FOLLOWUP_HEADER = ("response_id", "team", "employee", "score", "comment", "customer",
                   "answered_at", "deadline", "status", "owner", "contacted_at",
                   "resolved_at", "overdue", "in_time", "note", "updated_by", "updated_at")
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
ROWS_PER_CHUNK = 2000


class ExportError(ValueError):
    """A query parameter the export cannot use."""


def safe_cell(value: Any) -> Any:
    """Return value with a leading apostrophe if a spreadsheet would run it as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def _missing(value: Any) -> bool:
    # pandas turns a missing text into NaN and a missing time into NaT.
    return value is None or value is pd.NaT or (isinstance(value, float) and value != value)


def _local(moment: Any, zone: ZoneInfo) -> str:
    if _missing(moment):
        return ""
    return moment.astimezone(zone).isoformat(timespec="seconds")


def csv_chunks(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> Iterator[str]:
    """Yield the CSV text, BOM and header first, a few thousand rows at a time."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    buffer.write("\ufeff")
    writer.writerow(header)
    for n, row in enumerate(rows, start=1):
        writer.writerow([safe_cell("" if _missing(v) else v) for v in row])
        if n % ROWS_PER_CHUNK == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def response_rows(frame: pd.DataFrame, tz: str) -> Iterator[tuple]:
    """Turn responses_between's frame into export rows."""
    zone = ZoneInfo(tz)
    categories = nps.classify(frame["score"]) if len(frame) else []
    for row, category in zip(frame.itertuples(index=False), categories, strict=True):
        yield (row.id, row.source, row.external_id, row.team, row.employee, row.score,
               category, row.comment, row.customer_name, _local(row.answered_at, zone),
               _local(row.received_at, zone))


def in_time(item: Any) -> str:
    """yes: followed up (contacted, or resolved) by the deadline; no: later, or overdue now;
    empty: still open and not yet due."""
    done = [t for t in (item.contacted_at, item.resolved_at) if t is not None]
    if done:
        return "yes" if min(done) <= item.deadline else "no"
    return "no" if item.overdue else ""


def followup_rows(items: Sequence, tz: str) -> Iterator[tuple]:
    """Turn follow-up queue items into export rows, oldest answer first."""
    zone = ZoneInfo(tz)
    for i in sorted(items, key=lambda i: (i.answered_at, i.response_id)):
        yield (i.response_id, i.team, i.employee, i.score, i.comment, i.customer_name,
               _local(i.answered_at, zone), _local(i.deadline, zone), i.status, i.owner,
               _local(i.contacted_at, zone), _local(i.resolved_at, zone),
               "yes" if i.overdue else "no", in_time(i), i.note, i.updated_by,
               _local(i.updated_at, zone))


def parse_query(args: Any, config: Config, now: datetime) -> tuple[str | None, Period]:
    """Return (team key or None for all teams, period) from the query parameters."""
    team = (args.get("team") or ALL).strip().lower()
    known = {t.key for t in config.teams}
    if team == ALL:
        chosen = None
    elif (known and team not in known) or not TEAM_KEY_RE.match(team):
        names = ", ".join([ALL, *sorted(known)]) if known else f"{ALL} or a team key"
        raise ExportError(f"unknown team {team!r}; choose one of: {names}")
    else:
        chosen = team
    name = (args.get("period") or DEFAULT_PERIOD).strip().lower()
    if name not in PERIODS:
        raise ExportError(f"unknown period {name!r}; choose one of: {', '.join(PERIODS)}")
    try:
        period = resolve_period(name, now, config.wall.timezone, args.get("start"),
                                args.get("end"))
    except PeriodError as error:
        raise ExportError(str(error)) from error
    return chosen, period


def filename(kind: str, team: str | None, period: Period, tz: str) -> str:
    """Name the file after what it holds: responses_support_last_week_2026-03-09_2026-03-15."""
    first, last = period.local_days(tz)
    return f"{kind}_{team or ALL}_{period.name}_{first.isoformat()}_{last.isoformat()}.csv"


def streamed_responses(engine: Engine, team: str | None, period: Period,
                       tz: str) -> Iterator[tuple]:
    """Yield the period's response rows for the CSV, read ROWS_PER_CHUNK at a time."""
    with engine.connect() as conn:
        for frame in responses_in_chunks(conn, teams=None if team is None else [team],
                                         since=period.start, until=period.end,
                                         size=ROWS_PER_CHUNK):
            yield from response_rows(frame, tz)


def streamed_followups(engine: Engine, team: str | None, period: Period, tz: str,
                       now: datetime, sla_hours: float) -> Iterator[tuple]:
    """Yield the period's follow-up rows for the CSV, read ROWS_PER_CHUNK at a time."""
    with engine.connect() as conn:
        for items in followups_in_chunks(conn, teams=None if team is None else [team],
                                         since=period.start, until=period.end, now=now,
                                         sla_hours=sla_hours, size=ROWS_PER_CHUNK):
            yield from followup_rows(items, tz)


def _csv_response(chunks: Iterator[str], name: str) -> Response:
    # The first chunk is made here, so that a store that cannot be read fails the request
    # before the 200 is sent; the rest is read from the store as the client takes it.
    first = next(chunks)
    return Response(itertools.chain([first], chunks), mimetype="text/csv",
                    content_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="{name}"',
                             "Cache-Control": "no-store"})


def _bad_request(error: ExportError) -> tuple[Response, int]:
    return Response(f"{error}\n", mimetype="text/plain"), 400


def register(server: Flask, config: Config, engine: Engine) -> None:
    """Add the two CSV routes; /meeting/export/... is behind the meeting sign-in."""
    tz = config.wall.timezone

    @server.get("/meeting/export/responses.csv")
    def export_responses() -> Response | tuple[Response, int]:
        try:
            team, period = parse_query(request.args, config, utcnow())
        except ExportError as error:
            return _bad_request(error)
        rows = streamed_responses(engine, team, period, tz)
        return _csv_response(csv_chunks(RESPONSE_HEADER, rows),
                             filename("responses", team, period, tz))

    @server.get("/meeting/export/followups.csv")
    def export_followups() -> Response | tuple[Response, int]:
        now = utcnow()
        try:
            team, period = parse_query(request.args, config, now)
        except ExportError as error:
            return _bad_request(error)
        rows = streamed_followups(engine, team, period, tz, now, config.followup.sla_hours)
        return _csv_response(csv_chunks(FOLLOWUP_HEADER, rows),
                             filename("followups", team, period, tz))

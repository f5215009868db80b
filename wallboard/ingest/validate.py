"""Check incoming responses field by field; good items pass, bad items get every reason."""

from __future__ import annotations

import hashlib
import json
import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from wallboard.core.cleaning import MAX_DEPTH, BigNumber, clean_text, depth, without_surrogates
from wallboard.ingest.times import TimeError, parse_time

FIELDS = ("id", "source", "score", "comment", "team", "employee", "customer", "answered_at")
# Sent by some tools, never used: the category always follows from the score.
IGNORED = ("category",)
ALIASES = {"external_id": "id", "team_key": "team", "customer_name": "customer"}
MAX_LENGTH = {"source": 64, "id": 128, "team": 64, "employee": 128, "customer": 128,
              "comment": 5000}
FUTURE_SLACK = timedelta(minutes=5)
# Marks a row whose answered_at was not sent: a repeat must not move the stored time.
DEFAULTED_TIME = "_answered_at_defaulted"
RAW = "raw"
_WHOLE = re.compile(r"-?[0-9]+", re.ASCII)
# A value quoted in a message is cut to this many characters.
SHOWN = 60


@dataclass(frozen=True)
class FieldError:
    """Why one input item was refused: its index (from 0), the field and the reason."""

    index: int
    field: str
    message: str

    def as_json(self) -> dict:
        return {"index": self.index, "field": self.field, "message": self.message}


@dataclass(frozen=True)
class TeamIndex:
    """The configured teams, found by key or by name, ignoring case; None accepts any key."""

    keys: frozenset[str] | None
    by_name: Mapping[str, str]

    @classmethod
    def of(cls, teams: Iterable[tuple[str, str]]) -> TeamIndex:
        teams = list(teams)
        if not teams:
            return cls(None, {})
        lookup = {name.strip().casefold(): key for key, name in teams}
        lookup.update({key.casefold(): key for key, _ in teams})
        return cls(frozenset(k for k, _ in teams), lookup)

    def find(self, value: str) -> str | None:
        if self.keys is None:
            return value
        return self.by_name.get(value.strip().casefold())


def _describe(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, BigNumber):
        return str(value)
    if isinstance(value, str):
        shown = value if len(value) <= SHOWN else value[:SHOWN] + "..."
        return without_surrogates(json.dumps(shown, ensure_ascii=False))
    return json.dumps(value) if isinstance(value, int | float | bool) else type(value).__name__


def _text(raw: Mapping, field: str, errors: list[tuple[str, str]], *,
          required: bool = False) -> str | None:
    value = raw.get(field)
    if isinstance(value, str):
        value = clean_text(value)
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            errors.append((field, "is required"))
        return None
    if isinstance(value, bool) or not isinstance(value, str | int):
        errors.append((field, f"must be text, got {_describe(value)}"))
        return None
    value = str(value).strip()
    if len(value) > MAX_LENGTH[field]:
        errors.append((field, f"is {len(value):,} characters long; at most "
                              f"{MAX_LENGTH[field]:,} are allowed"))
        return None
    return value


def parse_score(value: Any) -> int:
    """Return a 0..10 score from an integer or a string of digits 0-9; raise ValueError.

    Only the ASCII digits count: "٩" is refused, never read as 9.
    """
    reason = f"must be an integer from 0 to 10, got {_describe(value)}"
    if isinstance(value, str):
        text = value.strip()
        if any(ch.isdigit() and not ch.isascii() for ch in text):
            raise ValueError(f"must be an integer from 0 to 10 written with the digits 0-9, "
                             f"got {_describe(value)}")
        if not _WHOLE.fullmatch(text) or len(text.lstrip("-").lstrip("0")) > 2:
            raise ValueError(reason)
        value = int(text)
    elif isinstance(value, float) and math.isfinite(value) and value.is_integer():
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 10:
        raise ValueError(reason)
    return value


def _comment(raw: Mapping, errors: list[tuple[str, str]]) -> str:
    value = raw.get("comment")
    if value is None:
        return ""
    if not isinstance(value, str):
        errors.append(("comment", f"must be text, got {_describe(value)}"))
        return ""
    value = clean_text(value).strip()
    if len(value) > MAX_LENGTH["comment"]:
        errors.append(("comment", f"is {len(value):,} characters long; at most "
                                  f"{MAX_LENGTH['comment']:,} are allowed"))
    return value


def content_id(row: Mapping[str, Any]) -> str:
    """An id for an item sent without one: the same content always gets the same id."""
    parts = [row["team_key"], row["employee"] or "", str(row["score"]), row["comment"],
             row["customer_name"] or "", row["answered_at"].isoformat()]
    return "content-" + hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:32]


def validate_item(raw: object, *, teams: TeamIndex, default_source: str, now: datetime,
                  timezone: str | None = None) -> tuple[dict | None, list[tuple[str, str]]]:
    """Return (Response fields, []) for a good item, or (None, [(field, reason), ...]).

    Every problem of the item is named, not only the first. Times without an offset are
    refused, unless timezone is given (CSV exports): then they are read in it.
    """
    if not isinstance(raw, Mapping):
        return None, [("item", f"must be an object with at least score and team, got "
                               f"{_describe(raw)}")]
    if depth(raw) > MAX_DEPTH:
        return None, [("item", f"is nested more than {MAX_DEPTH} levels deep")]
    errors: list[tuple[str, str]] = []
    item: dict[str, Any] = {}
    for key, value in raw.items():
        name = ALIASES.get(key, key)
        if name in IGNORED:
            continue
        shown = clean_text(str(key))[:SHOWN]
        if name not in FIELDS:
            errors.append((shown, f"unknown field; known fields: {', '.join(FIELDS)}"))
        elif name in item:
            errors.append((shown, f"given twice (also as {name!r})"))
        else:
            item[name] = value
    team = _text(item, "team", errors, required=True)
    team_key = None
    if team is not None:
        team_key = teams.find(team)
        if team_key is None:
            known = ", ".join(sorted(teams.keys or ()))
            errors.append(("team", f"unknown team {team!r}; configured teams: {known}"))
    score = None
    if item.get("score") is None or item.get("score") == "":
        errors.append(("score", "is required: an integer from 0 to 10"))
    else:
        try:
            score = parse_score(item["score"])
        except ValueError as exc:
            errors.append(("score", str(exc)))
    answered_at = now
    sent_time = item.get("answered_at") not in (None, "")
    if sent_time:
        try:
            answered_at = parse_time(item["answered_at"], timezone=timezone)
        except TimeError as exc:
            errors.append(("answered_at", str(exc)))
        else:
            if answered_at > now + FUTURE_SLACK:
                errors.append(("answered_at", f"{_describe(item['answered_at'])} is more than "
                                              "5 minutes in the future"))
    row = {
        "source": _text(item, "source", errors) or default_source,
        "external_id": _text(item, "id", errors),
        "score": score,
        "comment": _comment(item, errors),
        "team_key": team_key,
        "employee": _text(item, "employee", errors),
        "customer_name": _text(item, "customer", errors),
        "answered_at": answered_at,
        "received_at": now,
        DEFAULTED_TIME: not sent_time,
    }
    if errors:
        return None, errors
    if row["external_id"] is None:
        row["external_id"] = content_id(row)
    return row, []


def raw_json(raw: object) -> str:
    """The item as it arrived, as JSON text for the audit column (lone surrogates replaced;
    JSON escapes control characters)."""
    return without_surrogates(json.dumps(raw, ensure_ascii=False, default=str))


def validate_items(items: Iterable[object], *, teams: TeamIndex, default_source: str,
                   now: datetime | None = None, timezone: str | None = None,
                   raws: Iterable[object] | None = None
                   ) -> tuple[list[tuple[int, dict]], list[FieldError]]:
    """Split items into (index, Response fields) and errors naming index, field and reason.

    raws, when given, are what is kept for audit per item (default: the item itself).
    """
    now = now or datetime.now(UTC)
    good: list[tuple[int, dict]] = []
    errors: list[FieldError] = []
    items = list(items)
    raws = list(raws) if raws is not None else items
    for index, (raw, audit) in enumerate(zip(items, raws, strict=True)):
        row, problems = validate_item(raw, teams=teams, default_source=default_source,
                                      now=now, timezone=timezone)
        if row is None:
            errors += [FieldError(index, field, message) for field, message in problems]
            continue
        row[RAW] = raw_json(audit)
        good.append((index, row))
    return good, errors

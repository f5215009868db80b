"""Check incoming responses field by field; good rows pass, bad rows get a clear reason."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

FIELDS = ("source", "external_id", "score", "comment", "team", "employee", "customer_name",
          "answered_at")
ALIASES = {"team_key": "team", "customer": "customer_name", "id": "external_id"}
MAX_LENGTH = {"source": 64, "external_id": 128, "team": 64, "employee": 128,
              "customer_name": 128, "comment": 5000}
FUTURE_SLACK = timedelta(minutes=5)
# Marks a row whose answered_at was not sent: a repeat must not move the stored time.
DEFAULTED_TIME = "_answered_at_defaulted"


@dataclass(frozen=True)
class RowError:
    """Why one input row was refused: its number (from 1), the field and the reason."""

    row: int
    field: str
    error: str

    def as_json(self) -> dict:
        return {"row": self.row, "field": self.field, "error": self.error}


class Invalid(ValueError):
    def __init__(self, field: str, error: str) -> None:
        super().__init__(error)
        self.field, self.error = field, error


def _text(raw: Mapping, field: str, *, required: bool = False) -> str | None:
    value = raw.get(field)
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            raise Invalid(field, "is required")
        return None
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise Invalid(field, f"must be text, got {type(value).__name__}")
    value = str(value).strip()
    if len(value) > MAX_LENGTH[field]:
        raise Invalid(field, f"is longer than {MAX_LENGTH[field]} characters")
    return value


def _score(raw: Mapping) -> int:
    value = raw.get("score")
    if value is None or value == "":
        raise Invalid("score", "is required")
    if isinstance(value, str):
        value = value.strip()
        if not value.lstrip("-").isdigit():
            raise Invalid("score", f"{value!r} is not a whole number from 0 to 10")
        value = int(value)
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int):
        raise Invalid("score", f"{value!r} is not a whole number from 0 to 10")
    if not 0 <= value <= 10:
        raise Invalid("score", f"{value} is outside 0..10")
    return value


def _answered_at(raw: Mapping, now: datetime) -> datetime:
    value = raw.get("answered_at")
    if value is None or value == "":
        return now
    if not isinstance(value, str):
        raise Invalid("answered_at", "must be an ISO 8601 time such as 2026-11-23T14:05:00Z")
    try:
        when = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        raise Invalid("answered_at", f"{value!r} is not an ISO 8601 time such as "
                      "2026-11-23T14:05:00Z") from None
    if when.tzinfo is None:
        raise Invalid("answered_at", f"{value!r} has no time zone: add Z or an offset "
                      "such as +01:00")
    try:
        when = when.astimezone(UTC)
    except OverflowError:
        raise Invalid("answered_at", f"{value!r} is out of range") from None
    if when > now + FUTURE_SLACK:
        raise Invalid("answered_at", f"{value!r} is in the future")
    if when.year < 2000:
        raise Invalid("answered_at", f"{value!r} is before the year 2000")
    return when


def validate_row(raw: object, *, teams: set[str] | None, default_source: str,
                 now: datetime) -> dict:
    """Return the row as Response fields, or raise Invalid naming the field."""
    if not isinstance(raw, Mapping):
        raise Invalid("row", "must be an object with score, team and external_id")
    raw = {ALIASES.get(k, k): v for k, v in raw.items()}
    unknown = sorted(set(raw) - set(FIELDS))
    if unknown:
        raise Invalid(unknown[0], f"unknown field; known fields: {', '.join(FIELDS)}")
    team = _text(raw, "team", required=True)
    if teams and team not in teams:
        raise Invalid("team", f"unknown team {team!r}; configured: {', '.join(sorted(teams))}")
    return {
        "source": _text(raw, "source") or default_source,
        "external_id": _text(raw, "external_id", required=True),
        "score": _score(raw),
        "comment": _text(raw, "comment") or "",
        "team_key": team,
        "employee": _text(raw, "employee"),
        "customer_name": _text(raw, "customer_name"),
        "answered_at": _answered_at(raw, now),
        "received_at": now,
        DEFAULTED_TIME: raw.get("answered_at") in (None, ""),
    }


def validate_rows(rows: Iterable[object], *, teams: set[str] | None, default_source: str,
                  now: datetime | None = None) -> tuple[list[dict], list[RowError]]:
    """Split rows into valid Response fields and errors; a row repeated in one batch is an error."""
    now = now or datetime.now(UTC)
    good: list[dict] = []
    errors: list[RowError] = []
    seen: set[tuple[str, str]] = set()
    for number, raw in enumerate(rows, start=1):
        try:
            row = validate_row(raw, teams=teams, default_source=default_source, now=now)
        except Invalid as exc:
            errors.append(RowError(number, exc.field, exc.error))
            continue
        key = (row["source"], row["external_id"])
        if key in seen:
            errors.append(RowError(number, "external_id",
                                   f"{key[1]!r} appears twice in this batch"))
            continue
        seen.add(key)
        good.append(row)
    return good, errors
